"""Differences between two matrices as a frame of changes, and patching a matrix with them.

:func:`diff` lists what turns one matrix into another, a line per change keyed by row, level and
body or task; :func:`patch` applies any subset of those lines, which is how the forum records the
changes it accepts. Two laws hold for any matrices ``a`` and ``b``: ``diff(a, a)`` is empty and
``patch(a, diff(a, b)) == b``.

Reading a line
--------------
``old`` and ``new`` are strings. A role is ``lead`` or ``partner``; an assignment with provenance,
a task that names its bodies, a list (``proposers``, ``quotes``, ``regions``, ``questions``) and a
whole row are JSON with sorted keys, empty fields left out. A plain task has ``null`` there.
``position`` is where an added or moved item goes in the second matrix.

Two things a person might not expect:

- A body, task text or row id that occurs more than once in a cell or matrix (which
  :func:`elo_coord.lint` reports) cannot be told apart from its twin by key. Equal twins are
  removed or added as many times as their number differs; twins that differ are all removed and the
  second matrix's all added. Such a row comes in one ``row_added`` line with the whole row as JSON
  in ``new``.
- A reworded task whose bodies also changed gives a ``task_reworded`` line and a ``task_changed``
  line under its new text.

A line applies when what it names is there: removing, changing or moving a body, task or row that
is missing raises :class:`ValueError`. Adding never fails; adding a body or task, or changing the
note or quotes, of a row the matrix lacks creates the row at the end (such rows in order of id).
``old`` values only pick among twins; they are not checked.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple, TypeVar

import polars as pl
from rapidfuzz import fuzz, utils

from elo_coord._errors import InputError
from elo_coord._model import MATRIX_LEVELS, Assignment, Cell, Level, Matrix, Role, Row, Task

__all__ = [
    "BODY_CHANGES",
    "DIFF_SCHEMA",
    "ROW_CHANGES",
    "TASK_CHANGES",
    "Change",
    "diff",
    "diffs",
    "patch",
    "summarize",
]


class Change(StrEnum):
    """What a line of a diff changes; the members are in the order lines of one cell come in."""

    FIELD_CHANGED = "field_changed"
    """A matrix-level field (named in ``field``): ``id``, ``title``, ``questions`` …"""
    ROW_REMOVED = "row_removed"
    """A row the second matrix leaves out; ``old`` holds it as JSON."""
    ROW_ADDED = "row_added"
    """A row only the second matrix has; its content follows in further lines."""
    NOTE_CHANGED = "note_changed"
    """A row's note."""
    QUOTES_CHANGED = "quotes_changed"
    """A row's quotations."""
    BODY_REMOVED = "body_removed"
    """A body that no longer coordinates the row at the level."""
    BODY_ADDED = "body_added"
    """A body that now coordinates the row at the level; ``new`` is its role."""
    ROLE_CHANGED = "role_changed"
    """A body became the lead or a partner."""
    REGIONS_CHANGED = "regions_changed"
    """An assignment's provenance: the regions that proposed the body there."""
    BODIES_REORDERED = "bodies_reordered"
    """A body moved to ``position``."""
    TASK_REMOVED = "task_removed"
    """A task the second matrix lacks (and words nothing like)."""
    TASK_ADDED = "task_added"
    """A task only the second matrix has."""
    TASK_REWORDED = "task_reworded"
    """A task worded a little differently: ``old`` and ``new`` texts, and their ``similarity``."""
    TASK_CHANGED = "task_changed"
    """The same text with other ``bodies`` or ``regions``."""
    TASKS_REORDERED = "tasks_reordered"
    """A task moved to ``position``."""
    ROWS_REORDERED = "rows_reordered"
    """A row moved to ``position``."""


_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "matrix_id": pl.String,
    "change": pl.Enum([change.value for change in Change]),
    "row_id": pl.String,
    "level": pl.Enum([level.value for level in MATRIX_LEVELS]),
    "body_id": pl.String,
    "task": pl.String,
    "field": pl.String,
    "old": pl.String,
    "new": pl.String,
    "position": pl.Int64,
    "similarity": pl.Float64,
    "role_old": pl.Enum([role.value for role in Role]),
    "role_new": pl.Enum([role.value for role in Role]),
    "regions_old": pl.List(pl.String),
    "regions_new": pl.List(pl.String),
}
DIFF_SCHEMA: pl.Schema = pl.Schema(_COLUMNS)
"""Columns of :func:`diff` and :func:`diffs`: the second matrix's id, the :class:`Change`, its key
(``row_id``, ``level``, ``body_id`` or ``task`` — the old text, the new one for an added task — or
``field``), ``old`` and ``new`` values as strings (what :func:`patch` reads), the ``position`` an
added or moved item takes in the second matrix, the ``similarity`` (0–100) of a reworded task's
texts, and for body lines the typed values a reader needs: the body's role before and after
(``role_old``, ``role_new``) and the regions that proposed it (``regions_old``, ``regions_new``).
Read those, not ``old`` and ``new``, whose form depends on the change."""

_FIELDS = (
    "id",
    "kind",
    "strategy",
    "date",
    "title",
    "source",
    "groups",
    "proposers",
    "survey",
    "answers",
    "respondent",
    "illustrative",
    "declined",
    "note",
    "questions",
    "decisions",
)
_JSON_FIELDS = frozenset(
    {"groups", "proposers", "answers", "illustrative", "declined", "questions", "decisions"}
)

# Lines of a row's content; the first four create the row when a patch finds it missing.
_CREATING = frozenset(
    {Change.NOTE_CHANGED, Change.QUOTES_CHANGED, Change.BODY_ADDED, Change.TASK_ADDED}
)
BODY_CHANGES: tuple[Change, ...] = (
    Change.BODY_REMOVED,
    Change.BODY_ADDED,
    Change.ROLE_CHANGED,
    Change.REGIONS_CHANGED,
    Change.BODIES_REORDERED,
)
"""The changes to a cell's bodies: keyed by ``row_id``, ``level`` and ``body_id``."""
TASK_CHANGES: tuple[Change, ...] = (
    Change.TASK_REMOVED,
    Change.TASK_ADDED,
    Change.TASK_REWORDED,
    Change.TASK_CHANGED,
    Change.TASKS_REORDERED,
)
"""The changes to a cell's tasks: keyed by ``row_id``, ``level`` and ``task``."""
ROW_CHANGES: tuple[Change, ...] = (
    Change.ROW_REMOVED,
    Change.ROW_ADDED,
    Change.NOTE_CHANGED,
    Change.QUOTES_CHANGED,
    Change.ROWS_REORDERED,
)
"""The changes to a row as a whole, its note and its quotes: keyed by ``row_id``."""
_ORDER = {change: rank for rank, change in enumerate(Change)}

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of a diff, as :data:`DIFF_SCHEMA` has it."""

    change: Change
    row_id: str | None = None
    level: Level | None = None
    body_id: str | None = None
    task: str | None = None
    field: str | None = None
    old: str | None = None
    new: str | None = None
    position: int | None = None
    similarity: float | None = None
    role_old: Role | None = None
    role_new: Role | None = None
    regions_old: tuple[str, ...] | None = None
    regions_new: tuple[str, ...] | None = None

    def where(self) -> str:
        """Name what the line is about, as a sentence fragment."""
        if self.change is Change.FIELD_CHANGED:
            return f"field {self.field!r}"
        place = f"row {self.row_id!r}"
        if self.level is not None:
            place += f" at the {self.level} level"
        if self.body_id is not None:
            return f"body {self.body_id!r} in {place}"
        if self.task is not None:
            return f"task {self.task!r} in {place}"
        return place

    def fail(self, problem: str) -> ValueError:
        """Return the error for a line that cannot apply."""
        return InputError(f"cannot apply {self.change} to {self.where()}: {problem}")

    def key(self) -> str:
        """Return the body, task or row the line is keyed by."""
        return self.body_id or self.task or self.row_id or ""


def diff(a: Matrix, b: Matrix, *, similar: float = 80) -> pl.DataFrame:
    """Return the changes that turn matrix ``a`` into matrix ``b``, a line per change.

    Parameters
    ----------
    a, b
        The matrices; ``b`` is usually a proposal and ``a`` the baseline it answers.
    similar
        How alike (0–100: rapidfuzz's ``token_sort_ratio``, ignoring case, punctuation and word
        order) a task of ``a`` and a task of ``b`` in the same cell must be to count as one task
        reworded rather than one removed and another added. Pairs are taken greedily, most alike
        first, then by position.

    Returns
    -------
    polars.DataFrame
        With the columns of :data:`DIFF_SCHEMA`, ``matrix_id`` being ``b.id``. Lines come in a
        fixed order: matrix fields; rows removed; rows added; then row by row (in ``b``'s order)
        the note, the quotes and, national then regional, bodies removed, added, with a new role or
        provenance, moved, and tasks removed, added, reworded, changed, moved; rows moved last. A
        row added comes with lines for all its content; a row removed is one line with the row as
        JSON in ``old``.

    Examples
    --------
    >>> import polars as pl
    >>> from elo_coord import diff, load_matrix
    >>> baseline = load_matrix("matrices/baseline/tno-2022.yaml")
    >>> lappi = load_matrix("matrices/proposals/lappi.yaml")
    >>> changes = diff(baseline, lappi)
    >>> (changes.filter(pl.col("row_id") == "T1.1c", pl.col("level") == "regional")
    ...         .select("change", "body_id", "old", "new", "position").rows())
    ... # doctest: +NORMALIZE_WHITESPACE
    [('body_removed', 'AVI', 'partner', None, None),
     ('body_removed', 'kunnat', 'partner', None, None),
     ('body_added', 'ohjaamot', None, 'partner', 3),
     ('role_changed', 'ELY', 'partner', 'lead', None),
     ('task_removed', None, None, None, None),
     ('task_added', None, None, '{"bodies": ["ohjaamot"]}', 1)]
    >>> diff(lappi, lappi).height
    0
    """
    lines = [
        _Line(
            Change.FIELD_CHANGED,
            field=name,
            old=_field_value(a, name),
            new=_field_value(b, name),
        )
        for name in _FIELDS
        if getattr(a, name) != getattr(b, name)
    ]
    lines += _rows_lines(a.rows, b.rows, similar)
    return _frame(b.id, lines)


def patch(a: Matrix, changes: pl.DataFrame) -> Matrix:
    """Apply lines of a diff to matrix ``a`` and return the new matrix.

    Any subset of :func:`diff`'s lines may be given, in any order (they are sorted into the order
    :func:`diff` gives them first), and lines from diffs against several matrices may be mixed:
    this is how the forum records the changes it accepts. ``patch(a, diff(a, b)) == b``.

    Parameters
    ----------
    a
        The matrix to change.
    changes
        Lines with (at least) the columns ``change``, ``row_id``, ``level``, ``body_id``,
        ``task``, ``field``, ``old``, ``new`` and ``position`` of :data:`DIFF_SCHEMA`.

    Returns
    -------
    Matrix
        The changed matrix. An added body, task or row goes to its ``position`` (or the end when
        the cell or matrix is shorter); a body or task added to a row ``a`` lacks creates the row
        at the end.

    Raises
    ------
    ValueError
        A column is missing, or a line cannot apply: it removes, changes or moves a body, task or
        row that is not there. The message names the change, row, level and body or task.

    Examples
    --------
    >>> import polars as pl
    >>> from elo_coord import diff, load_matrix, patch
    >>> baseline = load_matrix("matrices/baseline/tno-2022.yaml")
    >>> lappi = load_matrix("matrices/proposals/lappi.yaml")
    >>> changes = diff(baseline, lappi)
    >>> patch(baseline, changes) == lappi
    True
    >>> accepted = changes.filter(pl.col("change") == "body_added", pl.col("body_id") == "ohjaamot")
    >>> [body.body for body in patch(baseline, accepted).rows[2].regional.bodies]
    ['ELY', 'AVI', 'kunnat', 'ohjaamot', 'TE-toimistot', 'kolmas-sektori']
    >>> patch(lappi, changes.filter(pl.col("body_id") == "AVI", pl.col("row_id") == "T4.1"))
    Traceback (most recent call last):
    ...
    elo_coord.InputError: cannot apply body_removed to body 'AVI' in row 'T4.1' at the regional ...
    """
    lines = _read(changes)
    by_change = _group(lines)
    values: dict[str, Any] = {name: getattr(a, name) for name in type(a).model_fields}
    for line in sorted(by_change[Change.FIELD_CHANGED], key=_by("field", "old", "new")):
        if line.field not in _FIELDS:
            raise line.fail(f"a matrix has no such field; the fields are {', '.join(_FIELDS)}")
        values[line.field] = _decode(line.field, line.new)

    rows = [_RowState.of(row) for row in a.rows]
    _apply_rows(rows, by_change[Change.ROW_REMOVED], by_change[Change.ROW_ADDED])
    content: dict[str, list[_Line]] = defaultdict(list)
    for line in lines:
        if line.change in _CONTENT:
            content[line.row_id or ""].append(line)
    for row_id in sorted(content):
        _apply_row(_row(rows, row_id, content[row_id]), content[row_id])
    rows = _apply_moves(rows, _row_id, by_change[Change.ROWS_REORDERED], _NO_ROW)
    values["rows"] = tuple(row.freeze() for row in rows)
    return Matrix.model_validate(values)


def diffs(baseline: Matrix, proposals: Iterable[Matrix], *, similar: float = 80) -> pl.DataFrame:
    """Return every proposal's changes to the baseline in one frame.

    Lines of kind ``field_changed`` are left out: a proposal's id, title and date always differ
    from the baseline's. ``matrix_id`` tells whose change a line is.

    Parameters
    ----------
    baseline
        The matrix the proposals answer.
    proposals
        The proposals.
    similar
        As for :func:`diff`.

    Examples
    --------
    >>> import polars as pl
    >>> from elo_coord import diffs, load_matrices, load_matrix
    >>> baseline = load_matrix("matrices/baseline/tno-2022.yaml")
    >>> changes = diffs(baseline, load_matrices("matrices/proposals"))
    >>> (changes.filter(pl.col("change") == "body_added", pl.col("body_id") == "ohjaamot")
    ...         .get_column("matrix_id").unique().sort().to_list())
    ['lappi']
    """
    frames = [
        diff(baseline, proposal, similar=similar).filter(
            pl.col("change") != Change.FIELD_CHANGED.value
        )
        for proposal in proposals
    ]
    return pl.concat(frames) if frames else DIFF_SCHEMA.to_frame()


def summarize(changes: pl.DataFrame) -> pl.DataFrame:
    """Return how many lines of each change each matrix has.

    Parameters
    ----------
    changes
        A frame from :func:`diff` or :func:`diffs`.

    Returns
    -------
    polars.DataFrame
        Columns ``matrix_id``, ``change`` and ``n``, sorted by matrix and then change in the order
        of :class:`Change`; only counts above zero.

    Examples
    --------
    >>> import polars as pl
    >>> from elo_coord import diffs, load_matrix, summarize
    >>> baseline = load_matrix("matrices/baseline/tno-2022.yaml")
    >>> lappi = load_matrix("matrices/proposals/lappi.yaml")
    >>> summarize(diffs(baseline, [lappi])).filter(pl.col("change") == "role_changed").rows()
    [('lappi', 'role_changed', 14)]
    """
    return (
        changes.group_by("matrix_id", "change")
        .agg(n=pl.len().cast(pl.Int64))
        .sort("matrix_id", "change")
    )


# ---------------------------------------------------------------------------------------------
# Values as strings


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _field_value(matrix: Matrix, name: str) -> str | None:
    value = getattr(matrix, name)
    if value is None:
        return None
    if name in ("questions", "decisions"):
        return _json([q.model_dump(mode="json", exclude_defaults=True) for q in value])
    if name in _JSON_FIELDS:
        return _json(list(value) if isinstance(value, tuple) else value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _decode(name: str, value: str | None) -> object:
    if value is None or name not in _JSON_FIELDS:
        return value
    return json.loads(value)


def _assignment_value(assignment: Assignment) -> str:
    if not assignment.regions:
        return assignment.role.value
    return _json({"regions": list(assignment.regions), "role": assignment.role.value})


def _assignment(body: str, value: str | None) -> Assignment:
    if value is None:
        return Assignment(body=body)
    if value.startswith("{"):
        return Assignment.model_validate({**json.loads(value), "body": body})
    return Assignment.model_validate({"body": body, "role": value})


def _task_value(task: Task) -> str | None:
    extra = task.model_dump(mode="json", exclude_defaults=True, exclude={"text"})
    return _json(extra) if extra else None


def _task(text: str, value: str | None) -> Task:
    return Task.model_validate({**(json.loads(value) if value else {}), "text": text})


def _row_value(row: Row) -> str:
    return _json(row.model_dump(mode="json", exclude_defaults=True))


def _list(value: str | None) -> list[Any]:
    loaded = json.loads(value) if value else []
    if not isinstance(loaded, list):
        raise InputError(f"expected a JSON list, got {value!r}")
    return loaded


# ---------------------------------------------------------------------------------------------
# Finding the lines


def _rows_lines(a: Sequence[Row], b: Sequence[Row], similar: float) -> list[_Line]:
    match = _match(a, b, _row_key)
    removed = [_Line(Change.ROW_REMOVED, row_id=a[i].row, old=_row_value(a[i])) for i in match.gone]
    # A row whose id is taken twice comes whole: lines keyed by its id could not say which twin.
    added = [
        _Line(
            Change.ROW_ADDED,
            row_id=b[j].row,
            new=_row_value(b[j]) if b[j].row in match.twins else None,
            position=j,
        )
        for j in match.new
    ]
    lines = removed + added
    before = dict(match.pairs)
    for j, row in enumerate(b):
        if j in before:
            lines += _row_lines(a[before[j]], row, similar)
        elif j in match.new and row.row not in match.twins:
            lines += _row_lines(Row(row=row.row), row, similar)
    after = [_RowState.of(row) for row in a]
    _apply_rows(after, removed, added)
    moves = _moves([row.row for row in after], [row.row for row in b])
    return lines + [_Line(Change.ROWS_REORDERED, row_id=key, position=at) for key, at in moves]


def _row_lines(a: Row, b: Row, similar: float) -> list[_Line]:
    lines = []
    if a.note != b.note:
        lines.append(_Line(Change.NOTE_CHANGED, row_id=b.row, old=a.note, new=b.note))
    if a.quotes != b.quotes:
        old, new = _json(list(a.quotes)), _json(list(b.quotes))
        lines.append(_Line(Change.QUOTES_CHANGED, row_id=b.row, old=old, new=new))
    for level in MATRIX_LEVELS:
        lines += _body_lines(b.row, level, a.cell(level).bodies, b.cell(level).bodies)
        lines += _task_lines(b.row, level, a.cell(level).tasks, b.cell(level).tasks, similar)
    return lines


class _Match(NamedTuple):
    """How the items of two sequences, keyed by id or text, correspond."""

    gone: list[int]
    """Indices in the first sequence of the items it alone has."""
    new: list[int]
    """Indices in the second sequence of the items it alone has."""
    pairs: list[tuple[int, int]]
    """Index in the second, index in the first: the same key, once on each side."""
    twins: set[str]
    """Keys found more than once on a side; their items are never paired."""


def _match(a: Sequence[_T], b: Sequence[_T], key: Callable[[_T], str]) -> _Match:
    """Match the items of ``a`` and ``b`` by key.

    Items with a key once on each side pair up. Twins (a key more than once on a side) cannot be
    told apart by key: when all of a key's items are equal, the surplus is removed or added;
    otherwise, unless both sides hold the same items, all of ``a``'s go and all of ``b``'s come.
    """
    at_a: dict[str, list[int]] = defaultdict(list)
    at_b: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(a):
        at_a[key(item)].append(i)
    for j, item in enumerate(b):
        at_b[key(item)].append(j)
    gone: list[int] = []
    new: list[int] = []
    pairs: list[tuple[int, int]] = []
    twins: set[str] = set()
    for name in {**at_a, **at_b}:
        xs, ys = at_a.get(name, []), at_b.get(name, [])
        if len(xs) <= 1 and len(ys) <= 1:
            if xs and ys:
                pairs.append((ys[0], xs[0]))
            gone += xs if not ys else []
            new += ys if not xs else []
            continue
        twins.add(name)
        items = [a[i] for i in xs] + [b[j] for j in ys]
        if all(item == items[0] for item in items):
            gone += xs[len(ys) :]
            new += ys[len(xs) :]
        elif [a[i] for i in xs] != [b[j] for j in ys]:
            gone += xs
            new += ys
    return _Match(sorted(gone), sorted(new), sorted(pairs), twins)


def _body_lines(
    row_id: str, level: Level, a: Sequence[Assignment], b: Sequence[Assignment]
) -> list[_Line]:
    def line(change: Change, body: str, **values: Any) -> _Line:
        return _Line(change, row_id=row_id, level=level, body_id=body, **values)

    match = _match(a, b, _body)
    lines = [
        line(
            Change.BODY_REMOVED,
            a[i].body,
            old=_assignment_value(a[i]),
            role_old=a[i].role,
            regions_old=a[i].regions,
        )
        for i in match.gone
    ]
    lines += [
        line(
            Change.BODY_ADDED,
            b[j].body,
            new=_assignment_value(b[j]),
            position=j,
            role_new=b[j].role,
            regions_new=b[j].regions,
        )
        for j in match.new
    ]
    pairs = [(a[i], b[j]) for j, i in match.pairs]
    lines += [
        line(
            Change.ROLE_CHANGED,
            y.body,
            old=x.role.value,
            new=y.role.value,
            role_old=x.role,
            role_new=y.role,
        )
        for x, y in pairs
        if x.role != y.role
    ]
    lines += [
        line(
            Change.REGIONS_CHANGED,
            y.body,
            old=_regions(x),
            new=_regions(y),
            regions_old=x.regions,
            regions_new=y.regions,
        )
        for x, y in pairs
        if x.regions != y.regions
    ]
    after = _apply_bodies(list(a), lines)
    moves = _moves([x.body for x in after], [x.body for x in b])
    return lines + [line(Change.BODIES_REORDERED, key, position=at) for key, at in moves]


def _task_lines(
    row_id: str, level: Level, a: Sequence[Task], b: Sequence[Task], similar: float
) -> list[_Line]:
    def line(change: Change, text: str, **values: Any) -> _Line:
        return _Line(change, row_id=row_id, level=level, task=text, **values)

    match = _match(a, b, _text)
    # Twins are not reworded: a rewording names its task by text, which would not say which twin.
    reworded = _reworded(
        [(i, a[i]) for i in match.gone if a[i].text not in match.twins],
        [(j, b[j]) for j in match.new if b[j].text not in match.twins],
        similar,
    )
    paired_a = {i for i, _, _ in reworded}
    paired_b = {j: i for i, j, _ in reworded}
    lines = [
        line(Change.TASK_REMOVED, a[i].text, old=_task_value(a[i]))
        for i in match.gone
        if i not in paired_a
    ]
    lines += [
        line(Change.TASK_ADDED, b[j].text, new=_task_value(b[j]), position=j)
        for j in match.new
        if j not in paired_b
    ]
    lines += [
        line(Change.TASK_REWORDED, a[i].text, old=a[i].text, new=b[j].text, similarity=score)
        for i, j, score in sorted(reworded)
    ]
    for j, i in sorted([*match.pairs, *paired_b.items()]):
        x, y = a[i], b[j]
        if (x.bodies, x.regions) != (y.bodies, y.regions):
            lines.append(line(Change.TASK_CHANGED, y.text, old=_task_value(x), new=_task_value(y)))
    after = _apply_tasks(list(a), lines)
    moves = _moves([t.text for t in after], [t.text for t in b])
    return lines + [line(Change.TASKS_REORDERED, key, position=at) for key, at in moves]


def _reworded(
    gone: Sequence[tuple[int, Task]], new: Sequence[tuple[int, Task]], similar: float
) -> list[tuple[int, int, float]]:
    """Pair removed and added tasks whose texts are alike, most alike first, then by position."""
    scored = []
    for i, old in gone:
        for j, task in new:
            score = fuzz.token_sort_ratio(old.text, task.text, processor=utils.default_process)
            if score >= similar:
                scored.append((-score, i, j))
    pairs: list[tuple[int, int, float]] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    for score, i, j in sorted(scored):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j, -score))
    return pairs


def _moves(current: Sequence[str], target: Sequence[str]) -> list[tuple[str, int]]:
    """Return the keys to move, with their positions in ``target``, to reorder ``current``.

    Items are told apart by key and occurrence; those off a longest common subsequence move. When
    one item of a key moves, all of the key's items do, so that twins keep their order.
    """

    def numbered(keys: Sequence[str]) -> list[tuple[str, int]]:
        seen: Counter[str] = Counter()
        out = []
        for key in keys:
            out.append((key, seen[key]))
            seen[key] += 1
        return out

    cur, tgt = numbered(current), numbered(target)
    if cur == tgt:
        return []
    n, m = len(cur), len(tgt)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in reversed(range(n)):
        for j in reversed(range(m)):
            table[i][j] = (
                table[i + 1][j + 1] + 1
                if cur[i] == tgt[j]
                else max(table[i + 1][j], table[i][j + 1])
            )
    kept: set[tuple[str, int]] = set()
    i = j = 0
    while i < n and j < m:
        if cur[i] == tgt[j]:
            kept.add(cur[i])
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    moving = {key for key, occurrence in tgt if (key, occurrence) not in kept}
    return [(key, at) for at, (key, _) in enumerate(tgt) if key in moving]


def _frame(matrix_id: str, lines: Sequence[_Line]) -> pl.DataFrame:
    columns: dict[str, list[Any]] = {name: [] for name in DIFF_SCHEMA}
    for line in lines:
        columns["matrix_id"].append(matrix_id)
        columns["change"].append(line.change.value)
        columns["row_id"].append(line.row_id)
        columns["level"].append(line.level.value if line.level else None)
        columns["body_id"].append(line.body_id)
        columns["task"].append(line.task)
        columns["field"].append(line.field)
        columns["old"].append(line.old)
        columns["new"].append(line.new)
        columns["position"].append(line.position)
        columns["similarity"].append(line.similarity)
        columns["role_old"].append(line.role_old.value if line.role_old else None)
        columns["role_new"].append(line.role_new.value if line.role_new else None)
        columns["regions_old"].append(
            list(line.regions_old) if line.regions_old is not None else None
        )
        columns["regions_new"].append(
            list(line.regions_new) if line.regions_new is not None else None
        )
    return pl.DataFrame(columns, schema=DIFF_SCHEMA)


# ---------------------------------------------------------------------------------------------
# Applying the lines; diff applies its own to know what is left to move

_NO_ROW = "the row is not in the matrix"
# The columns patch reads; the typed ones (role_old …) are for readers and follow from these.
_READ = ("change", "row_id", "level", "body_id", "task", "field", "old", "new", "position")
_CONTENT = frozenset({Change.NOTE_CHANGED, Change.QUOTES_CHANGED, *BODY_CHANGES, *TASK_CHANGES})
_NEEDS: dict[Change, tuple[str, ...]] = {
    Change.FIELD_CHANGED: ("field",),
    Change.ROW_REMOVED: ("row_id",),
    Change.ROW_ADDED: ("row_id",),
    Change.ROWS_REORDERED: ("row_id",),
    Change.NOTE_CHANGED: ("row_id",),
    Change.QUOTES_CHANGED: ("row_id",),
    **dict.fromkeys(BODY_CHANGES, ("row_id", "level", "body_id")),
    **dict.fromkeys(TASK_CHANGES, ("row_id", "level", "task")),
}


def _read(changes: pl.DataFrame) -> list[_Line]:
    needed = [name for name in DIFF_SCHEMA if name in _READ]
    missing = [name for name in needed if name not in changes.columns]
    if missing:
        raise InputError(f"the changes lack the columns {', '.join(missing)}; see DIFF_SCHEMA")
    lines = []
    for values in changes.select(needed).iter_rows(named=True):
        change = Change(values["change"])
        level = values["level"]
        if level is not None and level not in set(MATRIX_LEVELS):
            raise InputError(f"a {change} line has level {level!r}; use national or regional")
        line = _Line(
            change,
            row_id=values["row_id"],
            level=Level(level) if level is not None else None,
            body_id=values["body_id"],
            task=values["task"],
            field=values["field"],
            old=values["old"],
            new=values["new"],
            position=values["position"],
        )
        lacking = [name for name in _NEEDS[change] if getattr(line, name) is None]
        if lacking:
            raise InputError(f"a {change} line needs a {' and a '.join(lacking)}")
        lines.append(line)
    return lines


@dataclass(slots=True)
class _RowState:
    """A row being patched: lists where the row has tuples."""

    row: str
    note: str | None = None
    quotes: tuple[str, ...] = ()
    bodies: dict[Level, list[Assignment]] = field(
        default_factory=lambda: {level: [] for level in MATRIX_LEVELS}
    )
    tasks: dict[Level, list[Task]] = field(
        default_factory=lambda: {level: [] for level in MATRIX_LEVELS}
    )

    @classmethod
    def of(cls, row: Row) -> _RowState:
        return cls(
            row.row,
            row.note,
            row.quotes,
            {level: list(row.cell(level).bodies) for level in MATRIX_LEVELS},
            {level: list(row.cell(level).tasks) for level in MATRIX_LEVELS},
        )

    def freeze(self) -> Row:
        national, regional = (
            Cell(bodies=tuple(self.bodies[level]), tasks=tuple(self.tasks[level]))
            for level in MATRIX_LEVELS
        )
        return Row(
            row=self.row, national=national, regional=regional, note=self.note, quotes=self.quotes
        )


def _apply_rows(rows: list[_RowState], removed: Sequence[_Line], added: Sequence[_Line]) -> None:
    for line in sorted(removed, key=_by("row_id", "old")):
        at = _find(rows, _row_id, line.row_id, _row_state_value, line.old, last=True)
        if at is None:
            raise line.fail(_NO_ROW)
        del rows[at]
    for line in sorted(added, key=_by_position("row_id", "new")):
        row_id = line.row_id or ""
        if line.new is None:
            _insert(rows, line, _RowState(row_id))
        else:
            row = Row.model_validate({**json.loads(line.new), "row": row_id})
            _insert(rows, line, _RowState.of(row))


def _apply_row(row: _RowState, lines: Sequence[_Line]) -> None:
    by_change: dict[Change, list[_Line]] = defaultdict(list)
    for line in lines:
        by_change[line.change].append(line)
    for line in sorted(by_change[Change.NOTE_CHANGED], key=_by("old", "new")):
        row.note = line.new
    for line in sorted(by_change[Change.QUOTES_CHANGED], key=_by("old", "new")):
        row.quotes = tuple(_list(line.new))
    for level in MATRIX_LEVELS:
        here = [line for line in lines if line.level is level]
        row.bodies[level] = _apply_bodies(row.bodies[level], here)
        row.tasks[level] = _apply_tasks(row.tasks[level], here)


def _apply_bodies(bodies: list[Assignment], lines: Sequence[_Line]) -> list[Assignment]:
    by_change = _group(lines)
    bodies = list(bodies)
    missing = "the body is not there"
    for line in sorted(by_change[Change.BODY_REMOVED], key=_by("body_id", "old")):
        at = _find(bodies, _body, line.body_id, _assignment_value, line.old, last=True)
        if at is None:
            raise line.fail(missing)
        del bodies[at]
    for line in sorted(by_change[Change.BODY_ADDED], key=_by_position("body_id", "new")):
        _insert(bodies, line, _assignment(line.body_id or "", line.new))
    for line in sorted(by_change[Change.ROLE_CHANGED], key=_by("body_id", "old", "new")):
        at = _find(bodies, _body, line.body_id, _role, line.old, last=False)
        if at is None:
            raise line.fail(missing)
        bodies[at] = Assignment.model_validate({**bodies[at].model_dump(), "role": line.new})
    for line in sorted(by_change[Change.REGIONS_CHANGED], key=_by("body_id", "old", "new")):
        at = _find(bodies, _body, line.body_id, _regions, line.old, last=False)
        if at is None:
            raise line.fail(missing)
        regions = _list(line.new)
        bodies[at] = Assignment.model_validate({**bodies[at].model_dump(), "regions": regions})
    return _apply_moves(bodies, _body, by_change[Change.BODIES_REORDERED], missing)


def _apply_tasks(tasks: list[Task], lines: Sequence[_Line]) -> list[Task]:
    by_change = _group(lines)
    tasks = list(tasks)
    missing = "the task is not there"
    for line in sorted(by_change[Change.TASK_REMOVED], key=_by("task", "old")):
        at = _find(tasks, _text, line.task, _task_value, line.old, last=True)
        if at is None:
            raise line.fail(missing)
        del tasks[at]
    for line in sorted(by_change[Change.TASK_ADDED], key=_by_position("task", "new")):
        _insert(tasks, line, _task(line.task or "", line.new))
    for line in sorted(by_change[Change.TASK_REWORDED], key=_by("task", "new", "old")):
        at = _find(tasks, _text, line.task, _text, line.task, last=False)
        if at is None:
            raise line.fail(missing)
        tasks[at] = Task.model_validate({**tasks[at].model_dump(), "text": line.new})
    for line in sorted(by_change[Change.TASK_CHANGED], key=_by("task", "old", "new")):
        at = _find(tasks, _text, line.task, _task_value, line.old, last=False)
        if at is None:
            raise line.fail(missing)
        tasks[at] = _task(tasks[at].text, line.new)
    return _apply_moves(tasks, _text, by_change[Change.TASKS_REORDERED], missing)


def _apply_moves(
    items: list[_T], key: Callable[[_T], str], lines: Sequence[_Line], missing: str
) -> list[_T]:
    """Take out the items the lines move, then put each at its position, lowest first."""
    if not lines:
        return items
    wanted = Counter(line.key() for line in lines)
    taken: set[int] = set()
    pulled: dict[str, list[_T]] = {}
    for name, count in wanted.items():
        found = [at for at, item in enumerate(items) if key(item) == name][:count]
        if len(found) < count:
            raise next(line for line in lines if line.key() == name).fail(missing)
        taken.update(found)
        pulled[name] = [items[at] for at in found]
    rest = [item for at, item in enumerate(items) if at not in taken]
    for line in sorted(lines, key=_by_position("body_id", "task", "row_id")):
        _insert(rest, line, pulled[line.key()].pop(0))
    return rest


def _group(lines: Iterable[_Line]) -> dict[Change, list[_Line]]:
    by_change: dict[Change, list[_Line]] = defaultdict(list)
    for line in lines:
        by_change[line.change].append(line)
    return by_change


def _row(rows: list[_RowState], row_id: str, lines: Sequence[_Line]) -> _RowState:
    """Return the row ``row_id``, created at the end if missing and the lines add to it."""
    at = _find(rows, _row_id, row_id, _row_id, row_id, last=False)
    if at is not None:
        return rows[at]
    first = min(lines, key=lambda line: _ORDER[line.change])
    if first.change not in _CREATING:
        raise first.fail(_NO_ROW)
    rows.append(_RowState(row_id))
    return rows[-1]


def _body(assignment: Assignment) -> str:
    return assignment.body


def _role(assignment: Assignment) -> str:
    return assignment.role.value


def _regions(assignment: Assignment) -> str:
    return _json(list(assignment.regions))


def _text(task: Task) -> str:
    return task.text


def _row_id(row: _RowState) -> str:
    return row.row


def _row_key(row: Row) -> str:
    return row.row


def _row_state_value(row: _RowState) -> str:
    return _row_value(row.freeze())


def _find(
    items: Sequence[_T],
    key: Callable[[_T], str],
    name: str | None,
    value: Callable[[_T], str | None],
    wanted: str | None,
    *,
    last: bool,
) -> int | None:
    """Return the index of the first (or last) item keyed ``name`` whose value is ``wanted``.

    Failing that, of the first (or last) item keyed ``name``; None when there is none.
    """
    order = reversed(range(len(items))) if last else range(len(items))
    fallback = None
    for at in order:
        if key(items[at]) == name:
            if value(items[at]) == wanted:
                return at
            if fallback is None:
                fallback = at
    return fallback


def _insert(items: list[_T], line: _Line, item: _T) -> None:
    at = len(items) if line.position is None else min(max(line.position, 0), len(items))
    items.insert(at, item)


def _by(*names: str) -> Callable[[_Line], tuple[tuple[bool, Any], ...]]:
    """Return a sort key on the named attributes of a line, None first."""

    def key(line: _Line) -> tuple[tuple[bool, Any], ...]:
        return tuple((getattr(line, n) is not None, getattr(line, n) or "") for n in names)

    return key


def _by_position(*names: str) -> Callable[[_Line], tuple[Any, ...]]:
    """Return a sort key on the position (None last), then the named attributes."""
    then = _by(*names)

    def key(line: _Line) -> tuple[Any, ...]:
        position = (0, line.position) if line.position is not None else (1, 0)
        return (position, *then(line))

    return key
