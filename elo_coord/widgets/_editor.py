"""MatrixEditor: one matrix file as a grid of rows × bodies, edited one click at a time."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import ipywidgets as w

from elo_coord._editing import MatrixFile, Part
from elo_coord._errors import ElocoordError, InputError
from elo_coord._io import load_matrix, matrix_paths
from elo_coord._labels import check_lang, label
from elo_coord._model import (
    MATRIX_LEVELS,
    START_CHOICES,
    Body,
    Kind,
    Level,
    Matrix,
    Role,
    Row,
    Start,
    Survey,
)
from elo_coord._palette import COLOURS
from elo_coord._practices import catalogue_for, practices_for
from elo_coord._registry import Registry, default_registry, find_registry, load_registry
from elo_coord._round import folder_states, new_proposal
from elo_coord.widgets._controls import action_button
from elo_coord.widgets._follow import FOLLOW, Every, seconds_between
from elo_coord.widgets._practices import practices_html
from elo_coord.widgets._static import StaticHTML
from elo_coord.widgets._status import caught_up, refused, save_state

__all__ = ["MARKS", "MatrixEditor", "cell_class"]

MARKS = {None: "", Role.PARTNER: "●", Role.LEAD: "★"}
"""What a cell shows: nothing, a partner, or the lead (vastuutaho)."""

_PALETTE = {None: COLOURS["none"], Role.PARTNER: COLOURS["partner"], Role.LEAD: COLOURS["lead"]}
_COLOURS = {role: colour.fill for role, colour in _PALETTE.items()}
_TEXT = {role: colour.on_fill for role, colour in _PALETTE.items()}
_CELL = w.Layout(width="30px", height="28px", padding="0", margin="1px")
# One style per role, shared by the cells of that role: a cell changes colour by changing style
# (one style for all cells would colour them all alike, as the last cell drawn).
_STYLES = {
    role: w.ButtonStyle(font_weight="bold", button_color=_COLOURS[role], text_color=_TEXT[role])
    for role in _PALETTE
}
# An empty description does not clear the mark a button view shows; a no-break space does.
_BLANK = "\u00a0"

_STYLE = f"""<style>
.elo-grid .elo-head {{ position: sticky; top: 0; z-index: 2; align-self: stretch;
  background: var(--jp-layout-color0, #fff); }}
.elo-grid .elo-row-id {{ position: sticky; left: 0; z-index: 1; }}
.elo-grid .elo-corner {{ left: 0; z-index: 3; }}
.elo-grid .elo-clash, .elo-grid .elo-clash:focus {{
  outline: 3px solid {COLOURS["refused"].ink} !important; outline-offset: -3px; }}
</style>"""
"""The grid's header row and row ids stay in view while it scrolls; a held-back click is framed."""


_LABEL_WIDTH = "96px"
"""The width of the labels of the file chooser and the new-proposal row, one under the other."""

_EXISTENCE = {"existed": "", "not_yet": " ‡", "ended": " †"}
"""How a column header marks a body that did not exist on the matrix's date."""


def cell_class(row: str, level: Level | str, body: str) -> str:
    """Return the CSS class that marks one cell, for browser tests and styling.

    >>> cell_class("T1.1a", "regional", "TE-toimistot")
    'elo-cell-T1-1a-regional-TE-toimistot'
    """
    return re.sub(r"[^A-Za-z0-9_-]", "-", f"elo-cell-{row}-{Level(level).value}-{body}")


class MatrixEditor(StaticHTML, w.VBox):
    """A matrix file as a grid: click a cell to cycle it empty → partner → lead → empty.

    Every click is saved to the file at once and logged; ``undo`` and ``redo`` walk the edits
    back and forth. A side panel edits the selected row's tasks, note and quotes. Lint findings
    show beside each row; bodies that had ended by the matrix's date are marked †, bodies that did
    not exist yet ‡.

    Given a folder of proposals, a drop-down switches between its files, each labelled with its
    group's state in the survey the folder answers (``lappi — vastattu``, ``… — kieltäytyi``,
    ``… — virheitä`` when the last ``round collect`` found errors in the group's return). A row
    below it starts a new proposal for a group asked that has none in the folder yet: choose the
    group and what it starts from, and :meth:`create` writes the file and opens it. The survey and
    the states are those of :func:`elo_coord._round.folder_states`; the row is hidden when no
    survey is known. A round's ``proposals`` folder may be empty (between ``round new`` and
    ``round collect``): the editor then shows a notice, the new-proposal row offering every group
    asked, and no grid until the first proposal is created.

    Several people may edit one file at once, each in their own browser. Every click is merged
    onto what the others saved, cell by cell; a click on a cell someone else changed meanwhile is
    held back, the cell framed in red, until its editor keeps their version or theirs. Every
    ``follow`` seconds the editor looks at the file and, when another saved it, redraws the
    marks and says what changed (:meth:`follow`).

    The Python methods mirror the clicks, so scripts and tests drive the editor as a person would.

    Parameters
    ----------
    source
        A matrix file, a folder of them (the first is opened; a round's empty folder opens with
        no file, ready for a new proposal), or a :class:`MatrixFile`.
    editor
        The name written in the change log (it can also be typed into the editor).
    lang
        ``fi`` (default), ``sv`` or ``en`` for the labels.
    registry
        Bodies, regions and the strategy; by default those of the file's registry folder.
    folder
        Offer the matrix files of this folder in a drop-down, to switch files with one choice,
        and new proposals for the groups without one. Given a folder as ``source``, the
        drop-down is there anyway.
    baseline
        The baseline a new proposal may start from (a matrix, or its file, read with
        ``registry``): carried onto the bodies of the survey's date (``migrated``) or as it is
        (``baseline``). Without one, a new proposal starts empty.
    follow
        Seconds between looks for others' saves (default 0.5); ``0`` or ``None``: not at all. Only
        where the kernel's event loop runs (JupyterLab, Voilà); elsewhere call :meth:`follow`.

    Examples
    --------
    >>> import shutil, tempfile
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = shutil.copy("matrices/proposals/lappi.yaml", folder)
    >>> editor = MatrixEditor(folder / "lappi.yaml", editor="Fasilitaattori")
    >>> editor.toggle("T4.1", "regional", "kunnat")
    >>> editor.button("T4.1", "regional", "kunnat").description
    '●'
    >>> editor.undo()
    >>> editor.button("T4.1", "regional", "kunnat").description.strip()  # a no-break space
    ''
    """

    def __init__(
        self,
        source: str | Path | MatrixFile,
        *,
        editor: str = "",
        lang: str = "fi",
        registry: Registry | None = None,
        folder: str | Path | None = None,
        baseline: Matrix | str | Path | None = None,
        follow: float | str | None = FOLLOW,
    ) -> None:
        self._timer: Every | None = None
        check_lang(lang)
        seconds = seconds_between(follow)
        self.lang = lang
        self._quiet = False
        """True while the view sets its own choices: not a person's choice to act on."""
        self._listener: Callable[[MatrixFile], None] = lambda _: self._refresh()
        self._waiting: list[Callable[[MatrixFile], None]] = []
        """The callbacks of :attr:`on_change` while no file is open (an empty round folder)."""
        file: MatrixFile | None = None
        if isinstance(source, MatrixFile):
            file = source
        else:
            source = Path(source)
            if source.is_dir():
                folder = folder or source
                paths = matrix_paths([source])
                if paths:
                    source = paths[0]
                else:  # a round's folder before any answer: ready for the first proposal
                    registry = registry or _registry_of(source)
                    if folder_states(source, registry)[0] is None:
                        raise ElocoordError(
                            f"{source}: no matrix files to edit, and no survey round to start a"
                            " proposal for — give a round's folder (rounds/NAME/proposals)"
                        )
            if not source.is_dir():
                file = MatrixFile(source, editor=editor, registry=registry)
        self._files: dict[Path, MatrixFile] = {}
        """Every file opened in this session, with its undo history."""
        self._file = file
        if file is not None:
            self._files[file.path.resolve()] = file
            assert file.registry is not None
            registry = file.registry
        assert registry is not None
        self.registry: Registry = registry
        self._catalogue = catalogue_for(registry)
        """The good practices shown beside the row in the side panel, if the data has them."""
        self._buttons: dict[tuple[str, str, str], w.Button] = {}
        self._findings: dict[str, w.HTML] = {}

        self.title = w.HTML()
        self.name = w.Text(
            value=file.editor if file is not None else editor,
            placeholder=label("editor_name", lang),
            description=label("editor", lang),
            layout=w.Layout(width="260px"),
        )
        self.name.observe(self._on_name, names="value")
        self.undo_button = action_button(label("undo", lang), self.undo, icon="undo")
        self.redo_button = action_button(label("redo", lang), self.redo, icon="repeat")
        self.status = w.HTML()
        # Shown only when a save was refused: someone else's version (merge or reload), or the
        # system's refusal (retry).
        self.reload_button = action_button(label("reload", lang), self.reload, icon="refresh")
        self.merge_button = action_button(label("merge", lang), self.merge, button_style="warning")
        self.retry_button = action_button(label("retry", lang), self.save)
        # Shown only when a click was held back: someone else changed the same cell meanwhile.
        self.theirs_button = action_button(
            label("keep_theirs", lang), lambda: self.resolve("theirs")
        )
        self.mine_button = action_button(
            label("keep_mine", lang), lambda: self.resolve("mine"), button_style="warning"
        )
        bar: list[w.Widget] = [
            self.name,
            self.undo_button,
            self.redo_button,
            self.reload_button,
            self.merge_button,
            self.retry_button,
            self.theirs_button,
            self.mine_button,
            self.status,
        ]
        self.folder = Path(folder) if folder is not None else None
        """The folder of proposals offered in :attr:`chooser`, if any."""
        self._listed: list[Path] = []
        """The folder's matrix files when :attr:`chooser` was last filled."""
        self.survey: Survey | None = None
        """The survey the folder's proposals answer, if known (:func:`folder_states`)."""
        self.baseline = baseline
        """What a new proposal may start from besides nothing (a matrix, or its file)."""
        self.chooser: w.Dropdown | None = None
        # A new proposal: the group, what it starts from, and the button; shown for a folder
        # that answers a known survey.
        self.new_group = w.Dropdown(
            description=label("new_proposal", lang),
            style={"description_width": _LABEL_WIDTH},
            layout=w.Layout(width="420px"),
        )
        starts: tuple[Start, ...] = START_CHOICES if baseline is not None else ("empty",)
        self.new_start = w.Dropdown(
            options=[(label(f"start_{start}", lang), start) for start in starts],
            description=label("start_from", lang),
            style={"description_width": "initial"},
            layout=w.Layout(width="280px"),
        )
        self.create_button = action_button(label("create_proposal", lang), self.create, icon="plus")
        self.new_row = w.HBox(
            [self.new_group, self.new_start, self.create_button],
            layout=w.Layout(display="none"),
        )
        self.new_row.add_class("elo-new-proposal")
        if self.folder is not None:
            self.chooser = w.Dropdown(
                description=label("proposal_file", lang),
                style={"description_width": _LABEL_WIDTH},
                layout=w.Layout(width="420px"),
            )
            self.chooser.add_class("elo-chooser")
            self._read_folder(file.path if file is not None else None)
            self.chooser.observe(self._on_choose, names="value")
            bar.insert(0, self.chooser)
        self.body = w.HBox()
        style = w.HTML(_STYLE, layout=w.Layout(display="none"))
        super().__init__([style, self.title, w.HBox(bar), self.new_row, self.body])
        self.add_class("elo-editor")
        if file is not None:
            self._show(file)
        else:
            self._show_none()
        if seconds is not None:
            self._timer = Every(seconds, self.follow)

    @property
    def file(self) -> MatrixFile:
        """The file on screen.

        Raises
        ------
        InputError
            No file is open yet (an empty round folder): create a proposal first.
        """
        if self._file is None:
            raise InputError(
                f"{self.folder}: no proposal here yet — create one first with create(GROUP)"
            )
        return self._file

    @property
    def opened(self) -> Path | None:
        """The path of the file on screen; ``None`` before a round's first proposal."""
        return self._file.path if self._file is not None else None

    def edit(self, path: str | Path) -> None:
        """Edit another matrix file; callbacks in :attr:`on_change` go on working.

        Each file keeps its own undo history for the session: coming back to a file brings back
        its undo and redo, unless the file changed on disk meanwhile (then it is read again).
        """
        path = Path(path)
        file = self._files.get(path.resolve())
        if file is None:
            file = MatrixFile(path, editor=self.name.value, registry=self.registry)
            self._files[path.resolve()] = file
        elif not file.dirty and file.changed_on_disk():
            file.reload()
        file.editor = self.name.value
        kept = [listener for listener in self.on_change if listener is not self._listener]
        self.on_change.clear()
        file.listeners[:] = kept
        self._show(file)
        for listener in kept:
            listener(file)

    def _show(self, file: MatrixFile) -> None:
        """Show ``file``: the grid and side panel are rebuilt only when its layout differs.

        Proposals of one strategy share rows and columns, so switching between them only
        redraws the marks: no new buttons for the browser to create.
        """
        self._file = file
        strategy = self.registry.strategies.get(file.matrix.strategy)
        rows = [row.id for row in strategy.rows()] if strategy else []
        for row in file.matrix.rows:
            if row.row not in rows:
                rows.append(row.row)
        self._texts = {row.id: row for row in strategy.rows()} if strategy else {}
        columns = self._columns()
        # A header shows the date only as whether its body existed then (‡, †): files of other
        # dates, such as a new proposal dated by its survey, share the grid when those agree.
        day = file.matrix.date
        layout = (
            tuple(rows),
            tuple((level.value, body.id, body.existence_on(day)) for level, body in columns),
        )
        file.automerge = True  # a click merges onto others' saves (see MatrixFile.automerge)
        if layout != getattr(self, "_layout", None):
            old = self.body.children
            self.rows, self.columns, self._layout = rows, columns, layout
            self._buttons = {}
            self._findings = {}
            self.grid = self._grid()
            self.panel = self._panel()
            self.body.children = (self.grid, self.panel)
            for part in old:  # free the old grid's widgets in the kernel and the browser
                for child in getattr(part, "children", ()):
                    child.close()
                part.close()
        file.listeners.append(self._listener)
        self._refresh()

    def _show_none(self) -> None:
        """Show that the folder has no proposal yet: a notice, the undo bar off, no grid."""
        lang = self.lang
        title = self.survey.title.text(lang) if self.survey is not None else str(self.folder)
        self.title.value = (
            f"<h3>{html.escape(title)}</h3>"
            f'<p class="elo-notice">{html.escape(label("folder_no_proposals", lang))}</p>'
        )
        self.undo_button.disabled = True
        self.redo_button.disabled = True
        for button in self._conflict_buttons:
            button.layout.display = "none"
        self.status.value = ""

    # --- what a person can do, as methods ---------------------------------------------------

    def create(self, group: str | None = None, start: Start | None = None) -> Path | None:
        """Write a new proposal for ``group`` in the folder, open it, and return its file.

        As the button does: the file is ``GROUP.yaml`` (see :func:`elo_coord._round.new_proposal`),
        the drop-down then selects it, and the callbacks in :attr:`on_change` get it (the
        workbench's comparison takes it in).

        Parameters
        ----------
        group
            A group the survey asked that has no proposal in the folder; by default the one
            chosen on screen.
        start
            ``migrated``, ``baseline`` or ``empty`` (see :func:`elo_coord.starting_matrix`); by
            default the one chosen on screen.

        Returns
        -------
        pathlib.Path or None
            The new file; ``None`` when the proposal was refused (the group has a proposal here
            already, the baseline names bodies that no longer exist …). The status then says why
            in one line; nothing was written.
        """
        group = group if group is not None else self.new_group.value
        start = start if start is not None else self.new_start.value
        try:
            path = self._create(group, start)
        except ElocoordError as error:
            why = " ".join(str(error).split())
            self.status.value = (
                '<span style="color:#a50f15">'
                f"✖ {html.escape(label('create_refused', self.lang))}: {html.escape(why)}</span>"
            )
            return None
        self._read_folder(path)
        self.edit(path)
        return path

    def toggle(self, row: str, level: Level | str, body: str) -> None:
        """Cycle the cell as a click does: empty → partner → lead → empty."""
        self.file.toggle(row, level, body)

    def set_role(self, row: str, level: Level | str, body: str, role: Role | str | None) -> None:
        """Give ``body`` a role in ``row`` at ``level`` (``None`` takes it out)."""
        self.file.set_role(row, level, body, role)

    def set_tasks(self, row: str, level: Level | str, tasks: list[str]) -> None:
        """Replace the tasks of ``row`` at ``level``."""
        self.file.set_tasks(row, level, tasks)

    def set_note(self, row: str, note: str | None) -> None:
        """Set the note of ``row``."""
        self.file.set_note(row, note)

    def set_quotes(self, row: str, quotes: list[str]) -> None:
        """Set the quotations of ``row``."""
        self.file.set_quotes(row, quotes)

    def undo(self) -> None:
        """Undo the last edit; the file gets back its earlier text."""
        self.file.undo()

    def redo(self) -> None:
        """Redo the last undone edit."""
        self.file.redo()

    def save(self) -> bool:
        """Save edits that could not be saved before; return whether the file was written."""
        written = self.file.save()
        self._refresh()
        return written

    def reload(self) -> None:
        """Read the file again (after someone else changed it), dropping unsaved edits.

        The status then names what was lost, so that it can be made again.
        """
        try:
            lost = self.file.unsaved_parts()
            self.file.reload()
        except ElocoordError as error:  # the file does not read: say why, keep the edits
            self._refused(error)
            return
        if lost:
            parts = ", ".join(self._part(part) for part in lost)
            text = label("lost_edits", self.lang).format(parts=parts)
            self.status.value = f'<span style="color:#a50f15">{html.escape(text)}</span>'

    def merge(self) -> bool:
        """Put the unsaved edits onto the file as someone else saved it; return whether written.

        Refused when both changed the same part of a row; the status then says where. A file
        that does not read is left alone, and the status says why.
        """
        try:
            return self.file.merge()
        except ElocoordError as error:
            self._refused(error)
            return False

    def _refused(self, error: ElocoordError) -> None:
        """Say in the status, in one line, why the file could not be read."""
        self.status.value = refused(str(error))

    def resolve(self, keep: Literal["theirs", "mine"]) -> bool:
        """Settle a click held back because someone else changed the same cell meanwhile.

        ``theirs`` keeps their version of the cells both changed (the status names the edits of
        yours that were left out); ``mine`` puts yours there. Your other edits are merged either
        way. Returns whether the file was written.
        """
        dropped = list(self.file.clashes) if keep == "theirs" else []
        written = self.file.merge(keep)
        if written and dropped:
            parts = ", ".join(self._part(part) for part in dropped)
            text = label("kept_theirs", self.lang).format(parts=parts)
            self.status.value = f'<span style="color:#a50f15">{html.escape(text)}</span>'
        return written

    def follow(self) -> list[Part]:
        """Take in what others saved: the file's new marks, and new files in the folder.

        Called every ``follow`` seconds in JupyterLab and Voilà. When someone else saved the open
        file and nothing here is unsaved, the file is read again (the undo history starts again)
        and the status names what they changed. A new proposal in the folder is offered in the
        drop-down; in a round's empty folder, the first one is opened.

        Returns
        -------
        list of Part
            The parts of the open file that someone else changed.
        """
        if self.folder is not None and matrix_paths([self.folder]) != self._listed:
            self._read_folder(self._file.path if self._file is not None else None)
            if self._file is None and self._listed:
                self.edit(self._listed[0])
        if self._file is None:
            return []
        parts = self._file.catch_up()  # a reload redraws, through the listeners
        if parts:
            self.status.value = caught_up(parts, self.lang, self._part)
        return parts

    def close(self) -> None:
        """Stop following the files, and close the view."""
        if self._timer is not None:
            self._timer.cancel()
        super().close()

    def select(self, row: str) -> None:
        """Show ``row`` in the side panel."""
        self.rows_dropdown.value = row

    def button(self, row: str, level: Level | str, body: str) -> w.Button:
        """Return the button of one cell."""
        return self._buttons[row, Level(level).value, body]

    def static_html(self) -> str:
        """Return the grid as a plain HTML table with the same colours and marks (for exports)."""
        if self._file is None:
            return f'<div class="elo-editor">{self.title.value}</div>'
        matrix = self.file.matrix
        day = matrix.date
        head = "".join(
            f'<th class="elo-body" title="{html.escape(body.names.text(self.lang))}">'
            f"{html.escape(body.id)}{_EXISTENCE[body.existence_on(day)]}</th>"
            for _, body in self.columns
        )
        rows = {row.row: row for row in matrix.rows}
        findings = self._findings
        lines = []
        for row_id in self.rows:
            row = rows.get(row_id)
            cells = []
            for level, body in self.columns:
                role = None
                if row is not None:
                    role = next((a.role for a in row.cell(level).bodies if a.body == body.id), None)
                cells.append(
                    f'<td class="{cell_class(row_id, level, body.id)}" style="background:'
                    f'{_COLOURS[role]};color:{_TEXT[role]};text-align:center">{MARKS[role]}</td>'
                )
            lines.append(
                f"<tr><th>{html.escape(row_id)}</th>{''.join(cells)}"
                f"<td><small>{findings[row_id].value}</small></td></tr>"
            )
        marks = (("●", "partner"), ("★", "lead"), ("‡", "not_yet"), ("†", "ended"))
        legend = " · ".join(f"{mark} {html.escape(label(key, self.lang))}" for mark, key in marks)
        return (
            f'<div class="elo-editor">{self.title.value}'
            f'<table class="elo-grid"><tr><th>{html.escape(label("row", self.lang))}</th>{head}'
            f"<th>{html.escape(label('findings', self.lang))}</th></tr>{''.join(lines)}</table>"
            f"<p><small>{legend}</small></p></div>"
        )

    @property
    def on_change(self) -> list[Callable[[MatrixFile], None]]:
        """Callbacks run after every change (the workbench redraws the comparison here).

        Before the first file of an empty folder is created, they wait here; that file gets them.
        """
        return self._file.listeners if self._file is not None else self._waiting

    # --- building ---------------------------------------------------------------------------

    def _columns(self) -> list[tuple[Level, Body]]:
        """Return the bodies that get a column: national ones, then regional and local ones."""
        used = {
            (level, a.body)
            for row in self.file.matrix.rows
            for level in MATRIX_LEVELS
            for a in row.cell(level).bodies
        }
        columns = []
        for level in MATRIX_LEVELS:
            for body in self.registry.bodies.values():
                fits = (body.level is Level.NATIONAL) == (level is Level.NATIONAL)
                if fits or (level, body.id) in used:
                    columns.append((level, body))
        return columns

    def _grid(self) -> w.GridBox:
        day = self.file.matrix.date
        corner = w.HTML(f"<b>{label('row', self.lang)}</b>")
        corner.add_class("elo-head")
        corner.add_class("elo-corner")
        children: list[w.Widget] = [corner]
        for level, body in self.columns:
            existence = body.existence_on(day)
            name = html.escape(body.names.text(self.lang))
            when = _validity(body, self.lang)
            mark = _EXISTENCE[existence]
            colour = COLOURS[level.value].fill
            classes = (
                "elo-body"
                + {"existed": "", "ended": " elo-ended", "not_yet": " elo-not-yet"}[existence]
            )
            struck = {
                "existed": "",
                "ended": f"color:{COLOURS['refused'].ink};text-decoration:line-through;",
                "not_yet": f"color:{COLOURS['muted'].ink};font-style:italic;",
            }[existence]
            short = self.registry.name("body", body.id, check_lang(self.lang))
            shown = html.escape(short.text) + ("*" if short.fallback else "")
            head = w.HTML(
                f'<div title="{name}{html.escape(when)}" class="{classes}" style="'
                f"writing-mode:vertical-rl;transform:rotate(180deg);height:146px;"
                f'background:{colour};{struck}font-size:12px">{shown}{mark}</div>'
            )
            head.add_class("elo-head")
            children.append(head)
        findings_head = w.HTML(f"<b>{label('findings', self.lang)}</b>")
        findings_head.add_class("elo-head")
        children.append(findings_head)
        rows = {row.row: row for row in self.file.matrix.rows}
        for row in self.rows:
            place = self._texts.get(row)
            text = (place.means or place.goal).text.text(self.lang) if place else row
            header = w.Button(
                description=row,
                tooltip=text,
                layout=w.Layout(width="70px", height="28px", margin="1px"),
            )
            header.on_click(lambda _, row=row: self.select(row))
            header.add_class("elo-row-id")
            children.append(header)
            for level, body in self.columns:
                mark, style, tooltip, dom = self._look(
                    rows.get(row), row, level.value, body.id, set()
                )
                button = w.Button(
                    description=mark, tooltip=tooltip, layout=_CELL, style=style, _dom_classes=dom
                )
                button.on_click(
                    lambda _, row=row, level=level, body=body.id: self.toggle(row, level, body)
                )
                self._buttons[row, level.value, body.id] = button
                children.append(button)
            finding = w.HTML(layout=w.Layout(width="180px"))
            self._findings[row] = finding
            children.append(finding)
        # Rows of one height; the grid scrolls inside the page with its header and row ids
        # frozen (the style is in _STYLE), so that it fits a 1280×720 projector.
        grid = w.GridBox(
            children,
            layout=w.Layout(
                grid_template_columns=f"72px repeat({len(self.columns)}, 32px) 180px",
                grid_template_rows=f"150px repeat({len(self.rows)}, 30px)",
                align_items="center",
                max_height=self._fit(),
                overflow="auto",
            ),
        )
        grid.add_class("elo-grid")
        return grid

    def _panel(self) -> w.VBox:
        lang = self.lang
        self.rows_dropdown = w.Dropdown(
            options=self.rows, description=label("row", lang), layout=w.Layout(width="240px")
        )
        self.row_text = w.HTML(layout=w.Layout(width="300px"))
        self.practices = w.HTML(layout=w.Layout(width="300px"))
        self.practices.add_class("elo-practices")
        area = w.Layout(width="300px", height="72px")
        self.tasks_input = {
            level.value: w.Textarea(
                description="", placeholder=label("one_per_line", lang), layout=area
            )
            for level in MATRIX_LEVELS
        }
        self.note_input = w.Textarea(layout=w.Layout(width="300px", height="60px"))
        self.quotes_input = w.Textarea(placeholder=label("one_per_line", lang), layout=area)
        self.apply_button = w.Button(description=label("apply", lang), button_style="primary")
        self.apply_button.on_click(lambda _: self._apply_panel())
        self.rows_dropdown.observe(lambda _: self._fill_panel(), names="value")
        parts: list[w.Widget] = [self.rows_dropdown, self.row_text, self.practices]
        for level in MATRIX_LEVELS:
            parts += [w.HTML(f"<b>{label(level.value + '_tasks', lang)}</b>")]
            parts.append(self.tasks_input[level.value])
        parts += [
            w.HTML(f"<b>{label('note', lang)}</b>"),
            self.note_input,
            w.HTML(f"<b>{label('quote', lang)}</b>"),
            self.quotes_input,
            self.apply_button,
        ]
        box = w.VBox(
            parts,
            layout=w.Layout(margin="0 0 0 16px", max_height=self._fit(), overflow="auto"),
        )
        box.add_class("elo-panel")
        return box

    def _fit(self) -> str:
        """Return the height the grid and the panel may take: the page's, less what is above."""
        above = 230 if self.new_row.layout.display == "none" else 264  # the new-proposal row
        return f"calc(100vh - {above}px)"

    # --- keeping the view in step with the file ---------------------------------------------

    def _refresh(self) -> None:
        matrix = self.file.matrix
        illustrative = (
            f" — <i>{label('illustrative', self.lang)}</i>" if matrix.illustrative else ""
        )
        self.title.value = f"<h3>{html.escape(matrix.title)}</h3>{matrix.date}{illustrative}"
        rows = {row.row: row for row in matrix.rows}
        held = {(part.row, part.field, part.body) for part in self.file.clashes}
        for (row_id, level, body), button in self._buttons.items():
            look = self._look(rows.get(row_id), row_id, level, body, held)
            if look != (button.description, button.style, button.tooltip, button._dom_classes):
                with button.hold_sync():  # what changed, in one message
                    button.description, button.style, button.tooltip, button._dom_classes = look
        findings: dict[str, list[str]] = {row_id: [] for row_id in self.rows}
        for finding in self.file.findings():
            if finding.row in findings and finding.severity != "info":
                sign = "✖" if finding.severity == "error" else "⚠"
                findings[finding.row].append(f"{sign} {html.escape(finding.message)}")
        for row_id, widget in self._findings.items():
            widget.value = "<br>".join(
                f'<span style="font-size:11px">{text}</span>' for text in findings[row_id]
            )
        self.undo_button.disabled = not self.file.can_undo()
        self.redo_button.disabled = not self.file.can_redo()
        # A refused save: a click on a cell someone else changed meanwhile (keep theirs or
        # mine), someone else's version not merged (merge or reload), or the system's refusal.
        saving = save_state(self.file, self.lang, self._part)
        shown = {
            self.theirs_button: saving.clash,
            self.mine_button: saving.clash,
            self.reload_button: saving.changed and not saving.clash,
            self.merge_button: saving.changed and not saving.clash,
            self.retry_button: saving.failed,
        }
        for button, show in shown.items():
            button.layout.display = "" if show else "none"
        self.status.value = saving.html
        self._fill_panel()

    def _look(
        self,
        row: Row | None,
        row_id: str,
        level: str,
        body: str,
        held: set[tuple[str, str, str]],
    ) -> tuple[str, w.ButtonStyle, str, tuple[str, ...]]:
        """Return what a cell shows: its mark, its style, its tooltip and its classes.

        The grid builds each button with it and a refresh sets it, so a button that shows what
        the file holds costs the browser no message (the editor's 450 buttons sent 1,000
        messages when each was built blank and then set).
        """
        role = None
        if row is not None:
            role = next((a.role for a in row.cell(level).bodies if a.body == body), None)
        state = label("lead", self.lang) if role is Role.LEAD else (role.value if role else "–")
        classes: tuple[str, ...] = ("elo-cell", cell_class(row_id, level, body))
        if (row_id, level, body) in held:
            classes += ("elo-clash",)
        return MARKS[role] or _BLANK, _STYLES[role], f"{body} · {row_id} · {state}", classes

    @property
    def _conflict_buttons(self) -> tuple[w.Button, ...]:
        return (
            self.reload_button,
            self.merge_button,
            self.retry_button,
            self.theirs_button,
            self.mine_button,
        )

    def _fill_panel(self) -> None:
        row_id = self.rows_dropdown.value
        if row_id is None:
            return
        place = self._texts.get(row_id)
        if place is not None:
            goal = html.escape(place.goal.text.text(self.lang))
            means = html.escape(place.means.text.text(self.lang)) if place.means else ""
            self.row_text.value = f"<small>{goal}</small><br><b>{means}</b>"
        self.practices.value = self._practices_html(row_id)
        row = next((r for r in self.file.matrix.rows if r.row == row_id), None)
        for level in MATRIX_LEVELS:
            tasks = row.cell(level).tasks if row else ()
            self.tasks_input[level.value].value = "\n".join(t.text for t in tasks)
        self.note_input.value = (row.note or "") if row else ""
        self.quotes_input.value = "\n".join(row.quotes) if row else ""

    def _practices_html(self, row_id: str) -> str:
        """Return the good practices that bear on ``row_id``, each opening to its text."""
        strategy = self.registry.strategies.get(self.file.matrix.strategy)
        if self._catalogue is None or strategy is None:
            return ""
        found = practices_for(self._catalogue, strategy, row_id)
        return practices_html(found, self.registry, self.lang)

    def _apply_panel(self) -> None:
        # Read every field first: each edit refreshes the panel from the file.
        row = self.rows_dropdown.value
        tasks = {level: self.tasks_input[level.value].value.splitlines() for level in MATRIX_LEVELS}
        note, quotes = self.note_input.value, self.quotes_input.value.splitlines()
        for level, texts in tasks.items():
            self.set_tasks(row, level, texts)
        self.set_note(row, note)
        self.set_quotes(row, quotes)

    def _part(self, part: Part) -> str:
        """Name a part of the matrix in words: ``T4.1 Alueellinen koordinaatio: kunnat``."""
        text = f"{part.row} {label(part.field, self.lang)}"
        if part.field in ("national", "regional"):
            what = (
                self.registry.name("body", part.body, check_lang(self.lang)).text
                if part.body
                else label(f"{part.field}_tasks", self.lang)
            )
            text += f": {what}"
        return text

    def _on_choose(self, change: dict[str, object]) -> None:
        if change["new"] is not None and not self._quiet:
            self.edit(Path(str(change["new"])))

    # --- the folder: its files with their groups' states, and new proposals --------------------

    def _read_folder(self, current: Path | None) -> None:
        """Label the folder's files with their groups' states and offer the groups without one.

        ``current`` is the file to show as chosen (``None``: no file open yet).
        """
        assert self.folder is not None
        assert self.chooser is not None
        lang = check_lang(self.lang)
        paths = matrix_paths([self.folder])
        self._listed = paths
        try:
            survey, states = folder_states(self.folder, self.registry)
        except ElocoordError:  # a file that does not load: the files are offered without states
            survey, states = None, {}
        self.survey = survey
        options = []
        have: set[str] = set()
        for path in paths:
            answering = self._groups_answering(path, survey)
            have.update(answering)
            shown = dict.fromkeys(
                label(f"intake_{states[g]}", lang) for g in answering if g in states
            )
            options.append(
                (" — ".join([path.stem, " / ".join(shown)]) if shown else path.stem, path)
            )
        self._quiet = True
        try:
            self.chooser.options = options
            self.chooser.value = next(
                (p for p in paths if current is not None and p.resolve() == current.resolve()),
                None,
            )
            without = [g for g in survey.asked if g not in have] if survey is not None else []
            kept = self.new_group.value
            self.new_group.options = [
                (f"{self._group_name(g)} — {label(f'intake_{states[g]}', lang)}", g)
                for g in without
            ]
            # The group chosen stays chosen while it is offered; else the first is.
            self.new_group.value = kept if kept in without else next(iter(without), None)
        finally:
            self._quiet = False
        self.create_button.disabled = not without
        self.new_row.layout.display = "" if survey is not None else "none"

    def _groups_answering(self, path: Path, survey: Survey | None) -> tuple[str, ...]:
        """Return the groups whose answer to ``survey`` the file ``path`` is."""
        if survey is None:
            return ()
        file = self._files.get(path.resolve())
        try:
            matrix = file.matrix if file is not None else load_matrix(path, registry=self.registry)
        except ElocoordError:
            return ()
        if matrix.kind is not Kind.PROPOSAL or matrix.survey != survey.id:
            return ()
        return matrix.groups

    def _group_name(self, group: str) -> str:
        name = self.registry.name("group", group, check_lang(self.lang))
        return name.text + ("*" if name.fallback else "")

    def _create(self, group: str | None, start: Start) -> Path:
        if self.folder is None:
            raise InputError("no folder to write in — give the editor the folder of proposals")
        # The folder as it is now: someone may have added a proposal since it was read.
        self._read_folder(self._file.path if self._file is not None else None)
        survey = self.survey
        if survey is None:
            raise InputError("no survey is known for this folder — open a folder of proposals")
        if group is None:
            raise InputError(f"every group asked in {survey.id} has a proposal here already")
        if group not in survey.asked:
            raise InputError(f"{group} was not asked in {survey.id} — choose a group it asked")
        if group not in [value for _, value in self.new_group.options]:
            raise InputError(
                f"{group} has a proposal in {self.folder.name}/ already — choose it to edit it"
            )
        baseline = None
        if start != "empty":
            if self.baseline is None:
                raise InputError(f"the start {start!r} needs a baseline — start empty")
            if not isinstance(self.baseline, Matrix):
                self.baseline = load_matrix(self.baseline, registry=self.registry)
            baseline = self.baseline
        return new_proposal(
            self.folder, group, survey, self.registry, start=start, baseline=baseline
        )

    def _on_name(self, change: dict[str, object]) -> None:
        if self._file is not None:  # a file opened later gets the name in edit()
            self._file.editor = str(change["new"])


def _registry_of(folder: Path) -> Registry:
    """Return the registry of ``folder`` as a file in it would find it (as :class:`MatrixFile`)."""
    found = find_registry(folder)
    return load_registry(found) if found is not None else default_registry()


def _validity(body: Body, lang: str) -> str:
    if body.valid_to is not None:
        return f" — {label('ended', lang)} {body.valid_to:%d.%m.%Y}"
    if body.valid_from is not None:
        return f" — {label('from', lang)} {body.valid_from:%d.%m.%Y}"
    return ""
