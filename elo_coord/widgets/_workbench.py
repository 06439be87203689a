"""Workbench: the forum's whole workbench as one app, set up by choices on screen, not code."""

from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path

import ipywidgets as w

from elo_coord._editing import MatrixFile, file_stamp
from elo_coord._errors import ElocoordError
from elo_coord._io import load_composition, load_matrices, load_matrix, matrix_paths
from elo_coord._labels import check_lang, label
from elo_coord._model import Kind, Matrix
from elo_coord._monitoring import representation_lines
from elo_coord._registry import Registry, find_registry, load_registry
from elo_coord._round import folder_states
from elo_coord.widgets._assess import AssessmentEditor
from elo_coord.widgets._compare import CompareView
from elo_coord.widgets._editor import MatrixEditor
from elo_coord.widgets._follow import FOLLOW, Every, kernel_loop, seconds_between
from elo_coord.widgets._static import StaticHTML
from elo_coord.widgets._synthesis import SynthesisView
from elo_coord.widgets._walk import ForumView

__all__ = ["Workbench"]

_PARTS = ("compare", "edit", "synthesis", "forum", "monitoring")

_EDITOR_AFTER = 2.0
"""Seconds after the app is on screen that the editor is built, if its tab has not been chosen
(measured: built at once, it delays the heatmap from 3.7 s to 4.1 s)."""


class Workbench(StaticHTML, w.VBox):
    """The forum's workbench: compare the proposals, edit them, and decide the synthesis.

    It opens on the first proposal folder and baseline under ``data``; the facilitator can choose
    others and writes their name (for the change log and the decisions) on screen. Five tabs hold
    the comparison, the editor, the decisions, forum mode (the agenda one item at a time,
    :class:`ForumView`) and the groups' monitoring (their assessments on the development scale,
    :class:`AssessmentEditor`, and who sits in them); every edit redraws the comparison at once.
    The editor labels each proposal with its group's state in the survey and starts a new
    proposal for a group without one (empty, or from the chosen baseline); the comparison takes
    the new proposal in as an answer. Opened with ``python3 dev.py app`` (Voilà), no code is shown.

    Every survey round's ``rounds/NAME/proposals`` folder is offered too, even before any answer
    came in: there the comparison and the decisions say that the round has no answers yet, and
    the editor starts the first proposal; the comparison follows from it.

    Several people can have the workbench open at once, each in their own browser (one Voilà
    server; everyone joins by its link). The files are what they share: every ``follow``
    seconds the workbench takes in the proposals others saved, redrawing the comparison and the
    editor (:meth:`follow`), and the editor merges each click onto others' saves cell by cell.

    Parameters
    ----------
    data
        The data folder: the registry (``bodies.yaml`` …) with proposal and baseline folders.
    lang
        ``fi`` (default), ``sv`` or ``en``.
    decision
        The file the forum's decisions are saved in, relative to ``data``.
    follow
        Seconds between looks for others' saves (default 0.5); ``0`` or ``None``: not at all. Text
        is read as a page address gives it (``?follow=2``). Only where the kernel's event loop
        runs (JupyterLab, Voilà); elsewhere call :meth:`follow`.

    Examples
    --------
    >>> import shutil, tempfile
    >>> from pathlib import Path
    >>> data = Path(tempfile.mkdtemp()) / "matrices"
    >>> _ = shutil.copytree("matrices", data)
    >>> app = Workbench(data)
    >>> [name for name, _ in app.folder.options]
    ['proposals']
    >>> app.show("edit")
    >>> app.editor.file.path.name, app.compare.forum.coverage_counts.answered
    ('etela-pohjanmaa.yaml', 13)
    """

    def __init__(
        self,
        data: str | Path = "matrices",
        *,
        lang: str = "fi",
        decision: str | Path = "synthesis/foorumi.yaml",
        follow: float | str | None = FOLLOW,
    ) -> None:
        self._timer: Every | None = None
        self.lang = check_lang(lang)
        seconds = seconds_between(follow)
        self.data = Path(data)
        registry_folder = find_registry(self.data)
        if registry_folder is None:
            raise ElocoordError(f"{self.data}: no bodies.yaml here or above — give the data folder")
        self.registry: Registry = load_registry(registry_folder)
        self.decision = self.data / decision
        folders: dict[Path, list[Path]] = defaultdict(list)
        baselines: list[Path] = []
        for path in matrix_paths([self.data]):
            kind = load_matrix(path, registry=self.registry).kind
            if kind is Kind.PROPOSAL:
                folders[path.parent].append(path)
            elif kind is Kind.BASELINE:
                baselines.append(path)
        self._rounds: dict[Path, str] = {}
        """The rounds' proposals folders with no proposal yet, each with the survey it answers."""
        for path in sorted((self.data / "rounds").glob("*/proposals")):
            if path.is_dir() and path not in folders:
                survey, _ = folder_states(path, self.registry)  # a round's own, if surveys/ has it
                if survey is not None:
                    self._rounds[path] = survey.id
        if not folders and not self._rounds:
            raise ElocoordError(
                f"{self.data}: no proposal files and no survey round in this folder — give the"
                " data folder, or start a round with elo-coord round new"
            )
        choices = [*sorted(folders), *self._rounds]
        lang = self.lang
        self.folder = w.Dropdown(
            options=[(_relative(p, self.data), p) for p in choices],
            description=label("proposals", lang),
            style={"description_width": "initial"},
            layout=w.Layout(width="300px"),
        )
        self.folder.add_class("elo-folder")
        self.baseline = w.Dropdown(
            options=[(_relative(p, self.data), p) for p in baselines],
            description=label("baseline_file", lang),
            style={"description_width": "initial"},
            layout=w.Layout(width="340px"),
        )
        self.name = w.Text(
            placeholder=label("editor_name", lang),
            description=label("editor", lang),
            layout=w.Layout(width="280px"),
        )
        self.status = w.HTML()
        # Each tab holds its part in a box of its own, and the tabs' children never change: a
        # part built when its tab is first chosen, or a round's first proposal in place of the
        # notice, goes into the box. (Were a tab's child replaced, the browser would redraw
        # every tab and could bring another one forward, or show none while it redraws.)
        self._boxes = {part: w.VBox() for part in _PARTS}
        self.tabs = w.Tab(children=list(self._boxes.values()))
        self.notice: w.HTML | None = None
        """The notice in place of the comparison while the round open has no answer yet."""
        self.compare: CompareView | None = None
        self.editor: MatrixEditor | None = None
        self.synthesis: SynthesisView | None = None
        self.forum: ForumView | None = None
        self.monitoring: AssessmentEditor | None = None
        """The groups' assessments (tab 5), built when the tab is first chosen."""
        self.composition = w.HTML()
        """Who sits in the groups, in words (tab 5, under the assessments)."""
        self._stale = False
        """Whether the proposals changed since the decisions were built."""
        self._forum_stale = False
        """Whether the proposals changed since forum mode was built."""
        self._decision_stamp: tuple[int, int, int] | None = None
        """The decision file's stamp when the decisions were built: forum mode writes it too."""
        title = html.escape(label("workbench_title", lang))
        super().__init__(
            [
                w.HTML(f"<h2>{title}</h2>"),
                w.HBox([self.folder, self.baseline, self.name, self.status]),
                self.tabs,
            ]
        )
        self.add_class("elo-workbench")
        self.tabs.observe(self._on_tab, names="selected_index")
        self.name.observe(self._on_name, names="value")
        for choice in (self.folder, self.baseline):
            choice.observe(lambda _: self.open_folder(), names="value")
        self.open_folder()
        if seconds is not None:
            self._timer = Every(seconds, self.follow)
        # The editor is built soon after the app is on screen, whether or not its tab has been
        # chosen: the tab then shows it with nothing asked of the kernel (a choice of tab sent
        # while the page was still connecting was, rarely, lost, and the tab stayed
        # "Ladataan…"). Not at once: its 450 widgets would slow the first drawing by 0.35 s.
        loop = kernel_loop()
        if loop is not None:
            loop.call_later(_EDITOR_AFTER, self._build_editor)

    def open_folder(self) -> None:
        """Open the chosen proposal folder: the comparison at once, the other parts when opened.

        Called when the workbench starts and whenever another folder or baseline is chosen. The
        other parts are built later, so that the app is on screen sooner: the editor two seconds
        after (in JupyterLab and Voilà), the decisions and forum mode when their tab is first
        chosen. A round's folder with no answer yet shows a notice in place of the
        comparison and the decisions, until the editor creates the first proposal.
        """
        folder = Path(self.folder.value)
        baseline = self.baseline.value
        matrices = load_matrices(folder, registry=self.registry)
        self._baseline: Matrix | None = None
        """The chosen baseline, for the comparison and for new proposals to start from."""
        if baseline is not None:
            self._baseline = load_matrix(baseline, registry=self.registry)
            matrices.insert(0, self._baseline)
        self._folder = folder
        self._stamps = _stamps(folder)
        self.editor = None
        self.synthesis = None
        self.forum = None
        if any(m.kind is Kind.PROPOSAL for m in matrices):
            self.compare = CompareView(matrices, lang=self.lang, registry=self.registry)
            self.notice = None
            self._put("compare", self.compare)
            self._put("edit", self._placeholder())
            self._put("synthesis", self._placeholder())
            self._put("forum", self._placeholder())
            self._put_monitoring()
        else:
            self.compare = None
            self.notice = self._notice("round_no_answers")
            self._put("compare", self.notice)
            self._put("edit", self._placeholder())
            self._put("synthesis", self._notice("round_no_decisions"))
            self._put("forum", self._notice("round_no_decisions"))
            self._put_monitoring()
        for index, part in enumerate(_PARTS):
            self.tabs.set_title(index, label(f"part_{part}", self.lang))
        self.tabs.selected_index = 0
        self.status.value = ""

    def show(self, part: str) -> None:
        """Bring the tab of ``part`` forward.

        ``compare``, ``edit``, ``synthesis``, ``forum`` or ``monitoring``.
        """
        self.tabs.selected_index = _PARTS.index(part)

    def static_html(self) -> str:
        """Return the open views as plain HTML, one after another (for exports).

        A round with no answer yet shows its notice in place of the comparison.
        """
        views = (self.compare, self.editor, self.synthesis, self.monitoring)
        parts = [view for view in views if view is not None]
        notice = [self.notice.value] if self.compare is None and self.notice is not None else []
        made_up = [self.composition.value] if self.monitoring is not None else []
        return "".join([*notice, *(view.static_html() for view in parts), *made_up])

    def follow(self) -> None:
        """Take in the proposals others saved or created since the folder was read.

        Called every ``follow`` seconds in JupyterLab and Voilà. The comparison takes each
        changed or new file in (a file that does not load is left until it does); the editor
        takes in its open file (:meth:`MatrixEditor.follow`), forum mode the decisions others
        recorded (:meth:`ForumView.follow`). Cheap when nothing changed: one
        look at each file's inode, size and time.
        """
        if self.editor is not None:
            self.editor.follow()
        if self.forum is not None:
            self.forum.follow()
        if self.monitoring is not None:
            self.monitoring.follow()
        stamps = _stamps(self._folder)
        opened = self.editor.opened if self.editor is not None else None
        for path, stamp in stamps.items():
            if self._stamps.get(path) == stamp:
                continue
            if path == opened:
                self._stamps[path] = stamp  # the editor's own: taken in through _on_edit
                continue
            try:
                matrix = load_matrix(path, registry=self.registry)
            except ElocoordError:
                continue  # saved broken, or half-way through by hand: looked at again next time
            self._stamps[path] = stamp
            if matrix.kind is Kind.PROPOSAL:
                self._take(matrix)

    def _on_edit(self, file: MatrixFile) -> None:
        # An edit, another file chosen, or a new proposal: the comparison takes the file's matrix.
        self._take(file.matrix)

    def _take(self, matrix: Matrix) -> None:
        """Put ``matrix`` in the comparison, in place of the one with its id, or as a new one."""
        if self.compare is None:  # the first answer of a round: now there is something to compare
            matrices = [matrix] if self._baseline is None else [self._baseline, matrix]
            self.compare = CompareView(matrices, lang=self.lang, registry=self.registry)
            self.notice = None
            self._put("compare", self.compare)
        else:
            self.compare.update(matrix)
        self._stale = self._forum_stale = True

    def _on_name(self, change: dict[str, object]) -> None:
        if self.editor is not None:
            self.editor.name.value = str(change["new"])
        if self.monitoring is not None:
            self.monitoring.name.value = str(change["new"])
        if self.forum is not None:
            self.forum.by = str(change["new"])

    def _on_tab(self, change: dict[str, object]) -> None:
        if change["new"] is not None:
            self._build(_PARTS[int(str(change["new"]))])

    def _build_editor(self) -> None:
        """Build the editor ahead of its tab (the kernel's loop, once the app is on screen)."""
        if self.editor is None:
            self._build("edit")

    def _build(self, part: str) -> None:
        """Build the view of ``part`` if it is not there yet (or is stale), and show it."""
        if part == "edit" and self.editor is None:
            self.editor = MatrixEditor(
                self._folder,
                editor=self.name.value,
                lang=self.lang,
                registry=self.registry,
                folder=self._folder,
                baseline=self._baseline,
                follow=None,  # the workbench follows for it
            )
            self.editor.name.layout.display = "none"  # the name is asked once, at the top
            self.editor.on_change.append(self._on_edit)
            self._put("edit", self.editor)
        elif part == "synthesis" and self.baseline.value is not None and self.compare is not None:
            stamp = file_stamp(self.decision)
            if self.synthesis is not None and not self._stale and stamp == self._decision_stamp:
                return
            earlier = self.synthesis
            self.synthesis = SynthesisView(
                list(self.compare.proposals()),
                Path(self.baseline.value),
                self.decision,
                lang=self.lang,
                registry=self.registry,
            )
            if earlier is not None:  # the proposals changed: keep the ticks made, saved or not
                self.synthesis.keep_choices(earlier)
            self._stale = False
            self._decision_stamp = stamp
            self._put("synthesis", self.synthesis)
        elif part == "forum" and self._baseline is not None and self.compare is not None:
            if self.forum is not None and not self._forum_stale:
                return
            earlier = self.forum
            self.forum = ForumView(
                self.compare.forum,
                self._baseline,
                self.decision,
                by=self.name.value,
                lang=self.lang,
            )
            if earlier is not None:  # the agenda changed: stay on the item on screen
                self.forum.show_item(earlier.current)
            self._forum_stale = False
            self._put("forum", self.forum)
        elif part == "monitoring":
            self._build_monitoring()

    def _put_monitoring(self) -> None:
        """Show the monitoring tab's placeholder, or its notice when the data has no assessments.

        The assessments do not depend on the proposal folder: once built, they stay.
        """
        if self.monitoring is not None:
            return
        if _assessment_files(self.data):
            self._put("monitoring", self._placeholder())
        else:
            self._put("monitoring", self._notice("no_assessments"))

    def _build_monitoring(self) -> None:
        """Build the groups' assessments and the words on who sits in the groups (tab 5)."""
        folder = self.data / "monitoring" / "assessments"
        if self.monitoring is not None or not _assessment_files(self.data):
            return
        self.monitoring = AssessmentEditor(
            folder, editor=self.name.value, lang=self.lang, registry=self.registry, follow=None
        )
        self.monitoring.name.layout.display = "none"  # the name is asked once, at the top
        lines = []
        for path in sorted((self.data / "monitoring" / "composition").glob("*.yaml")):
            composition = load_composition(path, registry=self.registry)
            words = representation_lines(composition, lang=self.lang)
            lines.append(
                f"<h3>{html.escape(composition.title)}</h3>"
                + "".join(f"<p>{html.escape(line)}</p>" for line in words)
            )
        self.composition.value = "".join(lines)
        self.composition.add_class("elo-composition")
        self._put("monitoring", w.VBox([self.monitoring, self.composition]))

    def close(self) -> None:
        """Stop following the files, and close the workbench."""
        if self._timer is not None:
            self._timer.cancel()
        super().close()

    def _put(self, part: str, view: w.Widget) -> None:
        """Show ``view`` in the tab of ``part``, in place of what the tab showed."""
        self._boxes[part].children = (view,)

    def _placeholder(self) -> w.HTML:
        return w.HTML(f"<p>{html.escape(label('loading', self.lang))}</p>")

    def _notice(self, key: str) -> w.HTML:
        """Return a one-line notice to show in place of a view: the round has no answers yet."""
        name = self._rounds.get(self._folder, _relative(self._folder, self.data))
        text = label(key, self.lang).format(round=name)
        notice = w.HTML(f"<p><b>{html.escape(text)}</b></p>")
        notice.add_class("elo-notice")
        return notice


def _assessment_files(data: Path) -> list[Path]:
    """Return the years of assessments in the data folder (``monitoring/assessments``)."""
    return sorted((data / "monitoring" / "assessments").glob("*.yaml"))


def _stamps(folder: Path) -> dict[Path, tuple[int, int, int] | None]:
    """Return the stamp of every matrix file in ``folder`` (see :func:`file_stamp`)."""
    return {path: file_stamp(path) for path in matrix_paths([folder])}


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix() or "."
    except ValueError:
        return path.as_posix()
