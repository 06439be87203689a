"""AssessmentEditor: a year's assessments as groups × areas, rated one click at a time."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import ipywidgets as w
import yaml

from elo_coord._assessing import AssessmentsFile, RatingPart, new_assessments
from elo_coord._errors import ElocoordError
from elo_coord._labels import check_lang, label
from elo_coord._model import Assessor, PracticeFile
from elo_coord._palette import COLOURS, step_colour
from elo_coord._practices import catalogue_for, practices_in
from elo_coord._registry import Registry
from elo_coord.widgets._controls import action_button
from elo_coord.widgets._follow import FOLLOW, Every, seconds_between
from elo_coord.widgets._practices import practices_html
from elo_coord.widgets._static import StaticHTML
from elo_coord.widgets._status import caught_up, refused, save_state

__all__ = ["AssessmentEditor", "rating_class"]

_BLANK = "\u00a0"
"""An empty description does not clear what a button view shows; a no-break space does."""

_CELL = w.Layout(width="88px", height="28px", padding="0", margin="1px")
_NONE = COLOURS["none"]
# One style per step, shared by the cells at that step (see the matrix editor's _STYLES).
_STYLES = {
    step: w.ButtonStyle(
        font_weight="bold",
        button_color=(step_colour(step) if step else _NONE).fill,
        text_color=(step_colour(step) if step else _NONE).on_fill,
    )
    for step in (None, 1, 2, 3, 4)
}
_STYLE = f"""<style>
.elo-ratings .elo-clash, .elo-ratings .elo-clash:focus {{
  outline: 3px solid {COLOURS["refused"].ink} !important; outline-offset: -3px; }}
.elo-ratings .elo-chosen {{ box-shadow: inset 0 0 0 2px {COLOURS["accent"].fill}; }}
.elo-ratings .elo-area-head {{ font-size: 11px; line-height: 1.2; text-align: center;
  align-self: stretch; display: flex; align-items: flex-end; justify-content: center; }}
.elo-ratings .elo-area-head .widget-html-content, .elo-ratings .elo-group .widget-html-content {{
  line-height: 1.25; overflow-wrap: anywhere; }}
.elo-ratings .elo-head {{ position: sticky; top: 0; z-index: 2;
  background: var(--jp-layout-color0, #fff); }}
.elo-ratings .elo-group {{ position: sticky; left: 0; z-index: 1; font-size: 13px;
  line-height: 1.2; background: var(--jp-layout-color0, #fff); }}
.elo-ratings .elo-evidence-label {{ font-size: 13px; }}
</style>"""


def rating_class(group: str, area: str) -> str:
    """Return the CSS class that marks one cell, for browser tests and styling.

    >>> rating_class("elo-lappi", "viestinta")
    'elo-rating-elo-lappi-viestinta'
    """
    return re.sub(r"[^A-Za-z0-9_-]", "-", f"elo-rating-{group}-{area}")


class AssessmentEditor(StaticHTML, w.VBox):
    """A year's assessments as a grid: click a cell to move a group on a step in an area.

    A click cycles the cell not rated → 1 → 2 → 3 → 4 → not rated (fewer steps where the scale
    has fewer) and is saved at once, logged and undoable, with the matrix editor's guarantees
    (:class:`~elo_coord.AssessmentsFile`). The last cell clicked is chosen: its evidence is typed
    under the grid and saved with Enter. A toggle switches between the groups' own ratings and a
    researcher's. Others' saves are followed and merged as in the matrix editor: a click on a
    rating someone else changed meanwhile is framed in red until its maker keeps theirs or
    their own.

    Parameters
    ----------
    source
        A file of ``matrices/monitoring/assessments/`` or that folder (its years are offered in a
        drop-down; the latest is opened).
    editor
        The name written in the change log.
    lang
        ``fi`` (default), ``sv`` or ``en``.
    registry
        Groups and their names; by default the registry folder the file sits in.
    follow
        Seconds between looks for others' saves (default 0.5); ``0`` or ``None``: not at all.

    Examples
    --------
    >>> import shutil, tempfile
    >>> from pathlib import Path
    >>> root = Path(tempfile.mkdtemp())
    >>> _ = shutil.copytree("matrices", root / "matrices")
    >>> view = AssessmentEditor(root / "matrices/monitoring/assessments", editor="Tutkija")
    >>> view.file.assessed.year
    2018
    >>> view.cycle("elo-lappi", "arviointi")
    >>> view.button("elo-lappi", "arviointi").description
    '3'
    >>> view.undo()
    >>> view.button("elo-lappi", "arviointi").description
    '2'
    """

    def __init__(
        self,
        source: str | Path,
        *,
        editor: str = "",
        lang: str = "fi",
        registry: Registry | None = None,
        follow: float | str | None = FOLLOW,
    ) -> None:
        self._timer: Every | None = None
        check_lang(lang)
        seconds = seconds_between(follow)
        self.lang = lang
        source = Path(source)
        self.folder = source if source.is_dir() else source.parent
        paths = _years(self.folder)
        if not paths:
            raise ElocoordError(f"{self.folder}: no assessments to edit — give a file or a folder")
        dated = [p for p in paths if _year(p) is not None]
        path = (dated or paths)[-1] if source.is_dir() else source
        self._files: dict[Path, AssessmentsFile] = {}
        self._listener: Callable[[AssessmentsFile], None] = lambda _: self._refresh()
        self.by: Assessor = Assessor.SELF
        self.chosen: tuple[str, str] | None = None
        """The cell last clicked: its evidence is edited under the grid."""
        self._buttons: dict[tuple[str, str], w.Button] = {}
        self._layout: tuple[tuple[str, ...], tuple[str, ...]] | None = None

        self.title = w.HTML()
        self.chooser = w.Dropdown(
            options=[(p.stem, p) for p in paths],
            value=path,
            description=label("assessments_file", lang),
            layout=w.Layout(width="320px"),
        )
        self.chooser.observe(lambda change: self.edit(change["new"]), names="value")
        self.assessor = w.ToggleButtons(
            options=[(label(f"rated_{a.value}", lang), a.value) for a in Assessor],
            value=Assessor.SELF.value,
            description=label("assessed_by", lang),
            style={"button_width": "auto"},
        )
        self.assessor.observe(lambda change: self.show_by(change["new"]), names="value")
        self.name = w.Text(
            value=editor,
            placeholder=label("editor_name", lang),
            description=label("editor", lang),
            layout=w.Layout(width="260px"),
        )
        self.name.observe(self._on_name, names="value")
        self.undo_button = action_button(label("undo", lang), self.undo, icon="undo")
        self.redo_button = action_button(label("redo", lang), self.redo, icon="repeat")
        self.theirs_button = action_button(
            label("keep_theirs", lang), lambda: self.resolve("theirs")
        )
        self.mine_button = action_button(
            label("keep_mine", lang), lambda: self.resolve("mine"), button_style="warning"
        )
        self.reload_button = action_button(label("reload", lang), self.reload, icon="refresh")
        self.status = w.HTML()
        self.year = w.BoundedIntText(
            value=2026,
            min=2000,
            max=2100,
            description=label("new_year", lang),
            style={"description_width": "initial"},
            layout=w.Layout(width="170px"),
        )
        self.create_button = action_button(label("create_year", lang), self.create, icon="plus")
        self.evidence_label = w.HTML()
        self.evidence_label.add_class("elo-evidence-label")
        self.evidence = w.Text(
            placeholder=label("rate_first", lang),
            continuous_update=False,
            layout=w.Layout(width="760px"),
        )
        self._quiet = False
        """True while the view sets the evidence field itself: not a person's typing."""
        self.evidence.observe(self._on_evidence, names="value")
        self.evidence.add_class("elo-evidence")
        self.practices = w.HTML()
        """The good practices that bear on the chosen cell's area, the group's own first."""
        self.practices.add_class("elo-practices")
        self.body = w.Box()
        bar = w.HBox(
            [
                self.chooser,
                self.name,
                self.undo_button,
                self.redo_button,
                self.reload_button,
                self.theirs_button,
                self.mine_button,
                self.status,
            ],
            layout=w.Layout(flex_flow="row wrap"),
        )
        choices = w.HBox([self.assessor, self.year, self.create_button])
        style = w.HTML(_STYLE, layout=w.Layout(display="none"))
        super().__init__(
            [
                style,
                self.title,
                bar,
                choices,
                self.body,
                self.evidence_label,
                self.evidence,
                self.practices,
            ]
        )
        self.add_class("elo-ratings")
        self._registry_given = registry
        self._catalogue: PracticeFile | None = None
        self._catalogue_of: Registry | None = None
        """The registry the catalogue was read beside (every year's file shares it)."""
        self.edit(path)
        self.year.value = min(self.file.assessed.year + 1, 2100)  # the year after the latest
        if seconds is not None:
            self._timer = Every(seconds, self.follow)

    @property
    def file(self) -> AssessmentsFile:
        """The year's file on screen."""
        return self._file

    # --- what a person can do, as methods ---------------------------------------------------

    def edit(self, path: str | Path) -> None:
        """Show another year's file; each keeps its undo history for the session."""
        path = Path(path)
        file = self._files.get(path.resolve())
        if file is None:
            registry = self._registry_given or self._catalogue_of  # the registry read first
            file = AssessmentsFile(path, editor=self.name.value, registry=registry)
            file.automerge = True  # a click merges onto others' saves, rating by rating
            self._files[path.resolve()] = file
        elif not file.dirty and file.changed_on_disk():
            file.reload()
        for other in self._files.values():
            if self._listener in other.listeners:
                other.listeners.remove(self._listener)
        file.editor = self.name.value
        file.listeners.append(self._listener)
        self._file = file
        assert file.registry is not None
        if file.registry is not self._catalogue_of:  # read once per registry
            self._catalogue = catalogue_for(file.registry)
            self._catalogue_of = file.registry
        self.registry: Registry = file.registry
        if self.chooser.value != path:
            self.chooser.value = path
        self.chosen = None
        self._build()
        self._refresh()

    def create(self, year: int | None = None) -> Path | None:
        """Start a year's assessments, as the button does, and open it; return its file.

        The file is ``arviot-YEAR.yaml`` beside the others (:func:`elo_coord.new_assessments`), on
        the scale of the file on screen. ``None`` when refused (the year has its file already): the
        status says why, and nothing was written.
        """
        chosen = int(year if year is not None else self.year.value)
        try:
            path = new_assessments(self.folder, chosen, scale=self.file.assessed.scale)
        except ElocoordError as error:
            self._say(str(error))
            return None
        self.chooser.options = [(p.stem, p) for p in _years(self.folder)]
        self.chooser.value = path  # opens it
        return path

    def show_by(self, by: Assessor | str) -> None:
        """Show and rate the groups' own ratings (``self``) or a researcher's."""
        self.by = Assessor(by)
        if self.assessor.value != self.by.value:
            self.assessor.value = self.by.value
        self._refresh()

    def cycle(self, group: str, area: str) -> None:
        """Move the cell on a step, as a click does, and choose it for its evidence."""
        self.chosen = (group, area)
        try:
            self.file.cycle(group, area, self.by)
        except ElocoordError as error:
            self._say(str(error))

    def set_evidence(self, text: str) -> None:
        """Give the chosen cell's rating its evidence, as Enter in the field under the grid does."""
        if self.chosen is None:
            self._say(label("rate_first", self.lang))
            return
        try:
            self.file.set_evidence(*self.chosen, text, self.by)
        except ElocoordError as error:
            self._say(str(error))

    def undo(self) -> None:
        """Undo the last edit; the file gets back its earlier text."""
        self.file.undo()

    def redo(self) -> None:
        """Redo the last undone edit."""
        self.file.redo()

    def reload(self) -> None:
        """Read the file again, dropping edits that could not be saved."""
        try:
            self.file.reload()
        except ElocoordError as error:
            self._say(str(error))

    def resolve(self, keep: Literal["theirs", "mine"]) -> bool:
        """Settle a click held back because someone else changed the same rating meanwhile."""
        return self.file.merge(keep)

    def follow(self) -> list[RatingPart]:
        """Take in what others saved in the file on screen; return the ratings they changed."""
        parts = self.file.catch_up()
        if parts:
            self.status.value = caught_up(parts, self.lang, self._part)
        return parts

    def close(self) -> None:
        """Stop following the file, and close the view."""
        if self._timer is not None:
            self._timer.cancel()
        super().close()

    def button(self, group: str, area: str) -> w.Button:
        """Return the button of one cell."""
        return self._buttons[group, area]

    def static_html(self) -> str:
        """Return the grid as a plain HTML table with the same colours and steps (for exports)."""
        head = "".join(f"<th>{html.escape(title)}</th>" for title in self._area_titles)
        lines = []
        for group in self.groups:
            cells = []
            for area in self.areas:
                step = self.file.step(group, area, self.by)
                colour = step_colour(step) if step else _NONE
                cells.append(
                    f'<td class="{rating_class(group, area)}" style="background:{colour.fill};'
                    f'color:{colour.on_fill};text-align:center">{step or ""}</td>'
                )
            lines.append(
                f"<tr><th>{html.escape(self._group_name(group))}</th>{''.join(cells)}</tr>"
            )
        return (
            f'<div class="elo-ratings">{self.title.value}<table class="elo-grid">'
            f"<tr><th>{html.escape(label('group', self.lang))}</th>{head}</tr>"
            f"{''.join(lines)}</table></div>"
        )

    # --- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        """Make the grid when the groups or areas differ from the grid on screen."""
        assessed = self.file.assessed
        end = dt.date(assessed.year, 12, 31)
        rated = {a.group for a in assessed.assessments}
        self.groups = [
            group.id
            for group in self.registry.groups.values()
            if group.valid_on(end) or group.id in rated
        ]
        self.areas = self.file.areas
        scale = self.file.scale
        assert scale is not None
        self._area_titles = [area.title for area in scale.areas]
        layout = (tuple(self.groups), tuple(self.areas))
        if layout == self._layout:
            return
        self._layout = layout
        old = self.body.children
        self._buttons = {}
        corner = w.HTML(f"<b>{html.escape(label('group', self.lang))}</b>")
        corner.add_class("elo-head")
        children: list[w.Widget] = [corner]
        for heading in scale.areas:
            head = w.HTML(
                f'<div title="{html.escape(heading.heading)}">{html.escape(heading.title)}</div>'
            )
            head.add_class("elo-area-head")
            head.add_class("elo-head")
            children.append(head)
        for group in self.groups:
            name = w.HTML(html.escape(self._group_name(group)))
            name.add_class("elo-group")
            children.append(name)
            for area in self.areas:
                button = w.Button(description=_BLANK, layout=_CELL, style=_STYLES[None])
                button.add_class("elo-rating")
                button.add_class(rating_class(group, area))
                button.on_click(lambda _, group=group, area=area: self.cycle(group, area))
                self._buttons[group, area] = button
                children.append(button)
        grid = w.GridBox(
            children,
            layout=w.Layout(
                grid_template_columns=f"230px repeat({len(self.areas)}, 92px)",
                align_items="center",
                max_height="calc(100vh - 260px)",
                overflow="auto",
            ),
        )
        grid.add_class("elo-grid")
        self.body.children = (grid,)
        for part in old:
            for child in getattr(part, "children", ()):
                child.close()
            part.close()

    # --- keeping the view in step with the file ---------------------------------------------

    def _refresh(self) -> None:
        file, lang = self.file, self.lang
        assessed = file.assessed
        made_up = label("illustrative_ratings", lang)
        illustrative = f" — <i>{html.escape(made_up)}</i>" if assessed.illustrative else ""
        self.title.value = f"<h3>{html.escape(assessed.title)}</h3>{assessed.year}{illustrative}"
        scale = file.scale
        assert scale is not None
        held = {(part.group, part.area) for part in file.clashes if part.by == self.by.value}
        for (group, area), button in self._buttons.items():
            rating = file.rating(group, area, self.by)
            step = rating.step if rating else None
            button.description = str(step) if step else _BLANK
            button.style = _STYLES[step]
            title = scale.area(area).steps[step - 1].title if step else label("not_rated", lang)
            evidence = f" — {rating.evidence}" if rating and rating.evidence else ""
            button.tooltip = (
                f"{self._group_name(group)} · {scale.area(area).title}: {title}{evidence}"
            )
            for name, on in (
                ("elo-clash", (group, area) in held),
                ("elo-chosen", (group, area) == self.chosen),
            ):
                if on:
                    button.add_class(name)
                else:
                    button.remove_class(name)
        self._quiet = True
        if self.chosen is not None:
            group, area = self.chosen
            rating = file.rating(group, area, self.by)
            chosen = label("rating_chosen", lang).format(
                group=self._group_name(group), area=scale.area(area).title
            )
            self.evidence_label.value = html.escape(chosen)
            self.evidence.placeholder = (
                label("evidence", lang) if rating else label("rate_first", lang)
            )
            self.evidence.value = (rating.evidence or "") if rating else ""
            found = practices_in(self._catalogue, area, group) if self._catalogue else []
            self.practices.value = practices_html(found, self.registry, lang)
            self.evidence.disabled = rating is None
        else:
            self.evidence_label.value = ""
            self.evidence.placeholder = label("rate_first", lang)
            self.evidence.value = ""
            self.practices.value = ""
            self.evidence.disabled = True
        self._quiet = False
        self.undo_button.disabled = not file.can_undo()
        self.redo_button.disabled = not file.can_redo()
        state = save_state(file, lang, self._part)
        self.theirs_button.layout.display = "" if state.clash else "none"
        self.mine_button.layout.display = "" if state.clash else "none"
        self.reload_button.layout.display = "" if state.changed and not state.clash else "none"
        self.status.value = state.html

    def _say(self, text: str) -> None:
        """Say in the status, in one line, what went wrong."""
        self.status.value = refused(text)

    def _part(self, part: RatingPart) -> str:
        scale = self.file.scale
        assert scale is not None
        return f"{self._group_name(part.group)} · {scale.area(part.area).title}"

    def _group_name(self, group: str) -> str:
        name = self.registry.name("group", group, check_lang(self.lang))
        return f"{name.text}*" if name.fallback else name.text

    def _on_evidence(self, change: dict[str, object]) -> None:
        if not self._quiet:
            self.set_evidence(str(change["new"]))

    def _on_name(self, change: dict[str, object]) -> None:
        for file in self._files.values():
            file.editor = str(change["new"])


def _years(folder: Path) -> list[Path]:
    """Return the assessment files of ``folder``, oldest year first.

    A file without a readable year comes last, by name; the editor opens the latest year's.
    """
    paths = [path for path in folder.glob("*.yaml") if not path.name.startswith(".")]
    return sorted(paths, key=lambda path: (_year(path) or 9999, path.name))


def _year(path: Path) -> int | None:
    """Return the ``year`` a file of assessments names, or ``None`` when it cannot be read."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    year = data.get("year") if isinstance(data, dict) else None
    return year if isinstance(year, int) else None
