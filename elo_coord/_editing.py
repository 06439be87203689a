"""Editing a matrix file: every edit validated, saved atomically, logged, and undoable.

:class:`MatrixFile` holds one matrix file open for editing. Each edit makes a new
:class:`~elo_coord.Matrix`, writes it to the file at once (a temporary file and a rename, so never
a half-written file), and appends a line to the change log beside the data. If the file changed on
disk since it was read — another facilitator saved, a ``git pull`` — the save stops and says so;
the edit stays in memory, nothing is overwritten (with :attr:`MatrixFile.automerge`, it is merged
onto their version cell by cell instead). :meth:`MatrixFile.catch_up` takes in what others saved.
Undo and redo write back the exact earlier text.

The widgets drive this class; scripts and tests can use it directly.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Generic, Literal, NamedTuple, Protocol, TypeVar

from elo_coord import _yaml
from elo_coord._atomic import clean_folder, target_of, write_atomic
from elo_coord._errors import ElocoordError, FileChangedError, WriteError
from elo_coord._io import load_matrix
from elo_coord._lint import Finding, lint
from elo_coord._model import MATRIX_LEVELS, Assignment, Cell, Level, Matrix, Role, Row, Task
from elo_coord._patch import patch_text
from elo_coord._registry import Registry, default_registry, find_registry, load_registry

__all__ = ["CHANGE_LOG", "Clash", "Edit", "EditedFile", "MatrixFile", "Part", "file_stamp"]

CHANGE_LOG = "changes.jsonl"
"""The change log's file name, in the folder of the matrix file it records."""

Clash = Literal["refuse", "theirs", "mine"]
"""What :meth:`MatrixFile.merge` does with a part both sides changed differently."""


@dataclass(frozen=True)
class Edit:
    """One change to a matrix, as the change log records it."""

    field: str
    """What changed: ``role``, ``tasks``, ``note``, ``quotes``, ``undo``, ``redo`` or ``merge``."""
    row: str | None = None
    """The row, if the change is in one."""
    level: str | None = None
    """The level, if the change is in one."""
    body: str | None = None
    """The body, for a role change."""
    old: object = None
    """The value before: a role (or null for no role), a list of tasks, a note …"""
    new: object = None
    """The value after."""


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_Identified)
"""The record a file holds."""
P = TypeVar("P")
"""A part of that record that two people can change apart."""


@dataclass
class _State(Generic[R]):
    record: R
    text: str
    """The file's text for this record."""


@dataclass
class EditedFile(Generic[R, P]):
    """A data file open for editing: what every kind of edited file shares.

    Each edit makes a new record, writes it to the file at once (atomically) and logs it;
    :meth:`undo` and :meth:`redo` write back the exact earlier text; a save refuses to overwrite
    a file someone else changed meanwhile, and :meth:`merge` puts the edits onto theirs part by
    part. :class:`MatrixFile` (a matrix) and :class:`~elo_coord.AssessmentsFile` (a year's
    assessments) say what their record, parts and text are.
    """

    path: Path
    editor: str = ""
    """The name of the person editing, written in the change log with every edit."""
    registry: Registry | None = None
    autosave: bool = True
    automerge: bool = False
    listeners: list[Callable[[Any], None]] = field(default_factory=list)
    """Called with the file after every change (edit, undo, redo, reload)."""
    message: str = ""
    """What the last save said: empty when all went well, else why nothing was written."""
    clashes: list[P] = field(default_factory=list)
    """The parts a refused :meth:`merge` found changed differently on both sides."""
    _state: _State[R] = field(init=False)
    _saved: str = field(init=False)
    """The text the file held when last read or written: a save expects to find it."""
    _stamp: tuple[int, int, int] | None = field(init=False, default=None)
    """The file's inode, size and time when last read or written: a cheap look for a change."""
    _pending: list[str] = field(init=False, default_factory=list)
    """Change-log lines of edits not yet written: logged with the save that writes them."""
    _undo: list[_State[R]] = field(init=False, default_factory=list)
    _redo: list[_State[R]] = field(init=False, default_factory=list)

    _LOGGED_AS: ClassVar[str] = "record"
    """The key under which the change log names the record's id."""

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        clean_folder(target_of(self.path).parent)  # what killed writers left behind
        if self.registry is None:
            folder = find_registry(self.path.parent)
            self.registry = load_registry(folder) if folder else default_registry()
        self.reload()

    # --- what each kind of file says --------------------------------------------------------

    def _load(self) -> R:
        """Load the file with every check, raising one line on bad input."""
        raise NotImplementedError

    def _parse(self, text: str) -> R:
        """Read ``text`` as the record, checking its shape only."""
        raise NotImplementedError

    def _patch(self, text: str, old: R, new: R) -> str:
        """Return ``text`` (which holds ``old``) changed as little as can be to hold ``new``."""
        raise NotImplementedError

    def _parts(self, before: R, after: R) -> list[P]:
        """Return the parts that differ between two versions, in the file's order."""
        raise NotImplementedError

    def _value_of(self, record: R, part: P) -> object:
        """Return the value of ``part`` in ``record``."""
        raise NotImplementedError

    def _with_values(self, record: R, values: dict[P, object]) -> R:
        """Return ``record`` with each part set to its value."""
        raise NotImplementedError

    def _opened(self, record: R) -> None:
        """Note what the file held when it was opened or read again."""

    # --- reading ---------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """Whether the record holds edits not yet written to the file."""
        return self._state.text != self._saved

    @property
    def log_path(self) -> Path:
        """The change log beside the file."""
        return self.path.parent / CHANGE_LOG

    def reload(self) -> None:
        """Read the file again, forgetting unsaved edits and the undo history."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""  # _load below says what is wrong, in one line
        record = self._load()
        self._state = _State(record, text)
        self._saved = text
        self._stamp = file_stamp(self.path)
        self._opened(record)
        self._pending.clear()
        self._undo.clear()
        self._redo.clear()
        self.message = ""
        self.clashes = []
        self._notify()

    def changed_on_disk(self) -> bool:
        """Whether the file now holds something else than when it was last read or written."""
        try:
            return self.path.read_text(encoding="utf-8") != self._saved
        except OSError:
            return True

    def catch_up(self) -> list[P]:
        """Take in what someone else saved since the file was last read or written.

        With no unsaved edit, the file is read again (the undo history starts again from there)
        and the parts they changed are returned. With unsaved edits nothing is read: a refused
        save has said so, and :meth:`merge` puts them onto the file. A file that does not load
        is left for :meth:`reload` to report. Cheap when nothing changed: one look at the file's
        inode, size and time, so that a view can call it every second.

        Returns
        -------
        list
            The parts that differ from what was read or written before; empty when nothing was
            taken in.
        """
        stamp = file_stamp(self.path)
        if stamp == self._stamp or self.dirty:
            return []
        try:
            text = self.path.read_text(encoding="utf-8")
            theirs = self._parse(text)
        except (OSError, UnicodeDecodeError, ElocoordError):
            return []  # moved away, or saved broken: the next save or reload says so
        if text == self._saved:
            self._stamp = stamp
            return []
        parts = self._parts(self._parse(self._saved), theirs)
        self.reload()
        return parts

    def can_undo(self) -> bool:
        """Whether there is an edit to undo."""
        return bool(self._undo)

    def can_redo(self) -> bool:
        """Whether there is an undone edit to redo."""
        return bool(self._redo)

    # --- undo, save, merge -------------------------------------------------------------------

    def undo(self) -> None:
        """Go back one edit; the file gets back its exact earlier text."""
        if not self._undo:
            return
        self._redo.append(self._state)
        self._state = self._undo.pop()
        self._log([Edit("undo")])
        self._after_edit()

    def redo(self) -> None:
        """Redo the last undone edit."""
        if not self._redo:
            return
        self._undo.append(self._state)
        self._state = self._redo.pop()
        self._log([Edit("redo")])
        self._after_edit()

    def save(self) -> bool:
        """Write the record to its file; return whether it was written.

        The change log gets the lines of the edits this save writes, after the file is replaced
        and under the same lock: it never records an edit that did not reach the file. Nothing is
        written when the file changed on disk since it was read or last written, or when the
        system refuses; :attr:`message` then says so and the edits stay in memory. When the
        system refuses, the text is also kept in a rescue copy that the message names.
        """
        if not self.dirty:
            self._pending.clear()  # edits undone before they were written: nothing to record
            if self.changed_on_disk():  # back to what was read, but the disk moved on
                self.message = (
                    f"{self.path}: changed on disk since it was read; nothing was written"
                    " — reload it, or merge your edits"
                )
                return False
            self.message = ""
            return True
        return self._write(self._state.text, self._saved)

    def _write(self, text: str, expected: str) -> bool:
        try:
            write_atomic(
                self.path,
                text,
                expected=expected,
                log=self.log_path,
                log_lines="".join(self._pending),
            )
        except FileChangedError as error:
            self.message = str(error)
            return False
        except WriteError as error:
            self.message = str(error) + self._rescue(text)
            return False
        self._saved = text
        self._stamp = file_stamp(self.path)
        self._pending.clear()
        self.message = ""
        return True

    def _rescue(self, text: str) -> str:
        """Keep ``text`` where the user can find it; return the words that say where."""
        root = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        rescue = Path(root) / "elo_coord" / "unsaved" / f"{self.path.stem}-{stamp}.yaml"
        try:
            write_atomic(rescue, text, expected=None)
        except (FileChangedError, WriteError):
            return "; your edits are kept in memory only: keep the workbench open"
        return f"; your edits are kept in {rescue}"

    def unsaved_parts(self) -> list[P]:
        """Return the parts edited since the file was last read or written.

        They are what a reload would lose, and what :meth:`merge` merges.
        """
        return self._parts(self._parse(self._saved), self._state.record)

    def merge(self, clash: Clash = "refuse") -> bool:
        """Put the unsaved edits onto the file as it now is on disk, part by part.

        Someone else saved the file meanwhile. Where they changed other parts, both changes are
        kept and the file is written; the undo history starts again from there. Where both
        changed the same part differently, ``clash`` decides.

        Parameters
        ----------
        clash
            ``refuse`` (the default): nothing is written, :attr:`message` and :attr:`clashes`
            name the parts, and the edits stay. ``theirs``: those parts keep their version,
            the other edits are written. ``mine``: those parts get this edit's version.

        Returns
        -------
        bool
            Whether the file was written.
        """
        base = self._parse(self._saved)
        theirs_text = self.path.read_text(encoding="utf-8")
        theirs = self._parse(theirs_text)
        mine = self._state.record
        clashes: list[P] = []
        values: dict[P, object] = {}
        for part in self._parts(base, mine):
            ours, now = self._value_of(mine, part), self._value_of(theirs, part)
            if now not in (self._value_of(base, part), ours) and clash != "mine":
                clashes.append(part)
                continue
            values[part] = ours
        self.clashes = clashes if clash == "refuse" else []
        if clash == "refuse" and clashes:
            where = ", ".join(str(part) for part in clashes)
            self.message = (
                f"{self.path}: changed on disk in the same places as your edits "
                f"({where}); nothing was written — reload, and make your edits again"
            )
            self._notify()
            return False
        merged = self._with_values(theirs, values)
        text = self._patch(theirs_text, theirs, merged)
        self._log([Edit("merge")])
        if not self._write(text, theirs_text):
            self._pending.pop()  # the merge did not happen
            self._notify()
            return False
        self._state = _State(merged, text)
        self._opened(theirs)
        self._undo.clear()
        self._redo.clear()
        self.clashes = []
        self._notify()
        return True

    # --- inside ----------------------------------------------------------------------------

    @property
    def _registry(self) -> Registry:
        assert self.registry is not None  # set in __post_init__
        return self.registry

    def _commit(self, record: R, edits: Sequence[object]) -> None:
        """Make ``record`` the edited one: undoable, written (with autosave) and logged."""
        self._undo.append(self._state)
        self._redo.clear()
        self._state = _State(record, self._patch(self._state.text, self._state.record, record))
        self._log(edits)
        self._after_edit()

    def _after_edit(self) -> None:
        if self.autosave and not self.save() and self.automerge and self.changed_on_disk():
            try:
                self.merge()  # tells the listeners itself
                return
            except ElocoordError:
                pass  # theirs does not load: the refusal stands, and says so
        self._notify()

    def _notify(self) -> None:
        for listener in list(self.listeners):
            listener(self)

    def _log(self, edits: Sequence[object]) -> None:
        time = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        lines = "".join(
            json.dumps(
                {
                    "time": time,
                    "editor": self.editor,
                    self._LOGGED_AS: self._state.record.id,
                    "file": self.path.name,
                    **vars(edit),
                },
                ensure_ascii=False,
            )
            + "\n"
            for edit in edits
        )
        # Written by the save that writes these edits (see _write), not before.
        self._pending.append(lines)


@dataclass
class MatrixFile(EditedFile[Matrix, "Part"]):
    """One matrix file open for editing.

    Parameters
    ----------
    path
        The matrix file.
    editor
        The name of the person editing, written in the change log with every edit.
    registry
        Bodies, regions and the strategy; by default the registry folder the file sits in.
    autosave
        Save after every edit (the default). With ``False``, :meth:`save` writes.
    automerge
        With autosave, when a save finds that someone else saved the file meanwhile, merge the
        edit onto their version at once, part by part (:meth:`merge`); only an edit of a part
        they changed too is held back, in :attr:`clashes`. Off by default: the save is refused.

    Examples
    --------
    >>> import shutil, tempfile
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = shutil.copy("matrices/proposals/lappi.yaml", folder)
    >>> file = MatrixFile(folder / "lappi.yaml", editor="Fasilitaattori")
    >>> file.role("T4.1", "regional", "kunnat") is None
    True
    >>> file.toggle("T4.1", "regional", "kunnat").value
    'partner'
    >>> len((folder / "changes.jsonl").read_text(encoding="utf-8").splitlines())
    1
    >>> file.undo()
    >>> file.role("T4.1", "regional", "kunnat") is None
    True
    """

    _rows_read: frozenset[str] = field(init=False, default=frozenset())
    """The rows the file answered when it was opened or reloaded."""

    _LOGGED_AS: ClassVar[str] = "matrix"

    @property
    def matrix(self) -> Matrix:
        """The matrix as edited so far."""
        return self._state.record

    def findings(self) -> list[Finding]:
        """Return what the lint rules find in the matrix as edited."""
        return lint(self.matrix, self._registry)

    def role(self, row: str, level: Level | str, body: str) -> Role | None:
        """Return ``body``'s role in ``row`` at ``level``, or ``None`` if it is not there."""
        found = self._row(row)
        if found is None:
            return None
        for assignment in found.cell(level).bodies:
            if assignment.body == body:
                return assignment.role
        return None

    # --- editing ---------------------------------------------------------------------------

    def toggle(self, row: str, level: Level | str, body: str) -> Role | None:
        """Cycle ``body`` in ``row`` at ``level``: absent → partner → lead → absent.

        Making a body the lead makes the previous lead of that level a partner, so a level never
        has two leads. Returns the new role.
        """
        cycle = {None: Role.PARTNER, Role.PARTNER: Role.LEAD, Role.LEAD: None}
        new = cycle[self.role(row, level, body)]
        self.set_role(row, level, body, new)
        return new

    def set_role(self, row: str, level: Level | str, body: str, role: Role | str | None) -> None:
        """Give ``body`` the ``role`` in ``row`` at ``level``; ``None`` takes it out."""
        level = Level(level)
        role = Role(role) if role is not None else None
        old = self.role(row, level, body)
        if old == role:
            return
        if body not in self._registry.bodies:
            raise ElocoordError(f"unknown body {body!r}" + _hint(self._registry.hint("body", body)))
        cell = self._cell(row, level)
        bodies = list(cell.bodies)
        index = next((i for i, a in enumerate(bodies) if a.body == body), None)
        if role is Role.LEAD:
            bodies = [a.model_copy(update={"role": Role.PARTNER}) for a in bodies]
        if role is None and index is not None:
            del bodies[index]
        elif index is not None:
            bodies[index] = bodies[index].model_copy(update={"role": role})
        else:
            bodies.append(Assignment(body=body, role=role or Role.PARTNER))
        old_lead = next((a.body for a in cell.bodies if a.role is Role.LEAD), None)
        edits = [Edit("role", row, level.value, body, _value(old), _value(role))]
        if role is Role.LEAD and old_lead not in (None, body):
            edits.append(Edit("role", row, level.value, old_lead, "lead", "partner"))
        self._change(row, level, cell.model_copy(update={"bodies": tuple(bodies)}), edits)

    def set_tasks(self, row: str, level: Level | str, tasks: Sequence[str | Task]) -> None:
        """Replace the tasks of ``row`` at ``level``; blank lines are left out."""
        level = Level(level)
        new = tuple(
            Task(text=t.strip()) if isinstance(t, str) else t
            for t in tasks
            if not isinstance(t, str) or t.strip()
        )
        cell = self._cell(row, level)
        if new == cell.tasks:
            return
        edit = Edit("tasks", row, level.value, None, _texts(cell.tasks), _texts(new))
        self._change(row, level, cell.model_copy(update={"tasks": new}), [edit])

    def set_note(self, row: str, note: str | None) -> None:
        """Set the note of ``row`` (an empty text removes it)."""
        note = note.strip() if note and note.strip() else None
        current = self._row(row)
        if (current.note if current else None) == note:
            return
        target = current or Row(row=row)
        edit = Edit("note", row, None, None, target.note, note)
        self._replace_row(target.model_copy(update={"note": note}), [edit])

    def set_quotes(self, row: str, quotes: Iterable[str]) -> None:
        """Set the quotations of ``row``; blank ones are left out."""
        new = tuple(q.strip() for q in quotes if q.strip())
        current = self._row(row)
        if (current.quotes if current else ()) == new:
            return
        target = current or Row(row=row)
        edit = Edit("quotes", row, None, None, list(target.quotes), list(new))
        self._replace_row(target.model_copy(update={"quotes": new}), [edit])

    # --- what a matrix file is ----------------------------------------------------------------

    def _load(self) -> Matrix:
        return load_matrix(self.path, registry=self.registry)

    def _parse(self, text: str) -> Matrix:
        source = _yaml.Source(self.path, text)
        return _yaml.validate(Matrix, _yaml.parse(source), source)

    def _patch(self, text: str, old: Matrix, new: Matrix) -> str:
        return patch_text(text, old, new)

    def _parts(self, before: Matrix, after: Matrix) -> list[Part]:
        return _changed_parts(before, after)

    def _value_of(self, record: Matrix, part: Part) -> object:
        return _value_of(record, part)

    def _with_values(self, record: Matrix, values: dict[Part, object]) -> Matrix:
        rows = {row.row: row for row in record.rows}
        for part, value in values.items():
            rows[part.row] = _with_value(rows.get(part.row) or Row(row=part.row), part, value)
        order = [row.row for row in record.rows]
        merged = list(record.rows)
        for row_id, row in rows.items():
            if row_id in order:
                merged[order.index(row_id)] = row
        for row_id, row in rows.items():
            if row_id not in order:
                merged.insert(self._position(row_id, merged), row)
        return Matrix.model_validate(
            {**record.model_dump(), "rows": [r.model_dump() for r in merged]}
        )

    def _opened(self, record: Matrix) -> None:
        self._rows_read = frozenset(row.row for row in record.rows)

    # --- inside ----------------------------------------------------------------------------

    def _row(self, row: str) -> Row | None:
        return next((r for r in self.matrix.rows if r.row == row), None)

    def _cell(self, row: str, level: Level) -> Cell:
        found = self._row(row)
        return found.cell(level) if found is not None else Cell()

    def _change(self, row: str, level: Level, cell: Cell, edits: list[Edit]) -> None:
        current = self._row(row) or Row(row=row)
        self._replace_row(current.model_copy(update={level.value: cell}), edits)

    def _replace_row(self, new: Row, edits: list[Edit]) -> None:
        rows = list(self.matrix.rows)
        index = next((i for i, r in enumerate(rows) if r.row == new.row), None)
        if new == Row(row=new.row) and new.row not in self._rows_read:
            # Emptied again, in a row the file did not answer: it stays unanswered, not "nobody".
            if index is not None:
                del rows[index]
        elif index is not None:
            rows[index] = new
        else:
            rows.insert(self._position(new.row, rows), new)
        matrix = Matrix.model_validate(
            {**self.matrix.model_dump(), "rows": [r.model_dump() for r in rows]}
        )
        self._commit(matrix, edits)

    def _position(self, row: str, rows: list[Row]) -> int:
        """Where a new row goes: before the first row that comes after it in the strategy."""
        strategy = self._registry.strategies.get(self.matrix.strategy)
        order = {r.id: i for i, r in enumerate(strategy.rows())} if strategy else {}
        if row not in order:
            return len(rows)
        later = [i for i, r in enumerate(rows) if order.get(r.row, -1) > order[row]]
        return later[0] if later else len(rows)


class Part(NamedTuple):
    """One part of a matrix that two facilitators can change apart: merged as a whole."""

    row: str
    field: str
    """``national`` or ``regional`` (a level), ``note`` or ``quotes``."""
    body: str = ""
    """For a level: the body whose role this is, or ``""`` for the level's tasks."""

    def __str__(self) -> str:
        tail = f" {self.body or 'tasks'}" if self.field in _LEVELS else ""
        return f"{self.row} {self.field}{tail}"


_LEVELS = tuple(level.value for level in MATRIX_LEVELS)


def _row_of(matrix: Matrix, row_id: str) -> Row:
    return next((r for r in matrix.rows if r.row == row_id), None) or Row(row=row_id)


def _value_of(matrix: Matrix, part: Part) -> object:
    row = _row_of(matrix, part.row)
    if part.field not in _LEVELS:
        return getattr(row, part.field)
    cell = row.cell(part.field)
    if not part.body:
        return cell.tasks
    return next((a.role for a in cell.bodies if a.body == part.body), None)


def _with_value(row: Row, part: Part, value: object) -> Row:
    """Return ``row`` with ``part`` set to ``value`` (a role or ``None`` for a cell)."""
    if part.field not in _LEVELS:
        return row.model_copy(update={part.field: value})
    cell = row.cell(part.field)
    if not part.body:
        return row.model_copy(update={part.field: cell.model_copy(update={"tasks": value})})
    bodies = [a for a in cell.bodies if a.body != part.body]
    if isinstance(value, Role):
        index = next((i for i, a in enumerate(cell.bodies) if a.body == part.body), None)
        assignment = Assignment(body=part.body, role=value)
        bodies.insert(len(bodies) if index is None else index, assignment)
    return row.model_copy(update={part.field: cell.model_copy(update={"bodies": tuple(bodies)})})


def _changed_parts(before: Matrix, after: Matrix) -> list[Part]:
    """Return the parts that differ between two versions of a matrix, in row order."""
    parts = []
    for row_id in dict.fromkeys([*(r.row for r in before.rows), *(r.row for r in after.rows)]):
        old, new = _row_of(before, row_id), _row_of(after, row_id)
        for level in _LEVELS:
            was, now = old.cell(level), new.cell(level)
            roles = {a.body: a.role for a in was.bodies}
            later = {a.body: a.role for a in now.bodies}
            parts += [
                Part(row_id, level, body)
                for body in dict.fromkeys([*roles, *later])
                if roles.get(body) != later.get(body)
            ]
            if was.tasks != now.tasks:
                parts.append(Part(row_id, level))
        parts += [
            Part(row_id, name)
            for name in ("note", "quotes")
            if getattr(old, name) != getattr(new, name)
        ]
    return parts


def _value(role: Role | None) -> str | None:
    return role.value if role is not None else None


def _texts(tasks: Iterable[Task]) -> list[str]:
    return [task.text for task in tasks]


def _hint(hint: str) -> str:
    return f" — {hint}" if hint else ""


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """Return the file's inode, size and modification time, or ``None`` if it cannot be seen.

    A save replaces the file (a new inode), so two saves within the clock's step still differ.
    """
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns)
