"""Migration: a matrix carried across the 2025–2026 reforms onto the bodies of a later date.

Every body that no longer exists on the new date is mapped onto its successors on that date,
following successions through bodies that have ended since (TE-toimistot → KEHA → KEHA-2026).
Nothing is dropped silently: each mapping gets a line in a frame, and the lines a person has to
settle are marked ``decide``.

============  ======  ===================================================================
outcome       decide  what happened to the old body in the cell
============  ======  ===================================================================
mapped        no      its main successor (listed first, not of low confidence) is the only one
                      that fits the column, and replaced it
ambiguous     yes     a successor that fits the column and replaced it, but not clearly the one:
                      several fit, or it is a secondary or low-confidence succession
other-level   yes     a successor of the other level: not put in the matrix, shown here
no-successor  yes     nothing carries it on at the date; it is kept as it is
chosen        no      a person chose its replacement (``choose``)
============  ======  ===================================================================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import Any, Literal, NamedTuple

import polars as pl

from elo_coord._errors import InputError
from elo_coord._model import (
    MATRIX_LEVELS,
    Assignment,
    Cell,
    Confidence,
    Level,
    Matrix,
    Role,
    Row,
    Task,
)
from elo_coord._registry import Registry, default_registry

__all__ = ["MIGRATION_SCHEMA", "Migration", "migrate"]

_Status = Literal["mapped", "ambiguous", "other-level", "no-successor", "chosen"]
_STATUSES: tuple[_Status, ...] = ("mapped", "ambiguous", "other-level", "no-successor", "chosen")
_DECIDE: frozenset[_Status] = frozenset({"ambiguous", "other-level", "no-successor"})

_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "matrix_id": pl.String,
    "row_id": pl.String,
    "level": pl.Enum([level.value for level in MATRIX_LEVELS]),
    "body_id": pl.String,
    "successor_id": pl.String,
    "outcome": pl.Enum(list(_STATUSES)),
    "confidence": pl.Enum([c.value for c in Confidence]),
    "note": pl.String,
    "decide": pl.Boolean,
}
MIGRATION_SCHEMA: pl.Schema = pl.Schema(_COLUMNS)
"""Columns of :attr:`Migration.mappings`: a line per (row, level, old body, successor).

``body_id`` is the old body and ``successor_id`` what it maps to (null for ``no-successor``);
``outcome`` is ``mapped``, ``ambiguous``, ``other-level``, ``no-successor`` or ``chosen``;
``confidence`` is the lowest confidence along the succession (null for ``chosen`` and
``no-successor``); ``note`` the succession's notes (which tasks went there); ``decide`` is true
when a person has to settle the line (``ambiguous``, ``other-level`` and ``no-successor``)."""


class Migration(NamedTuple):
    """A matrix migrated to the bodies of a date, with a line for every body it mapped."""

    matrix: Matrix
    """The migrated matrix, dated on the new date."""
    mappings: pl.DataFrame
    """What became of each body that had ended, with the columns of :data:`MIGRATION_SCHEMA`."""


class _Link(NamedTuple):
    """A successor on the day, with the lowest confidence and the notes along the way to it."""

    body_id: str
    level: Level
    confidence: Confidence
    note: str | None


class _Line(NamedTuple):
    """One mapping line of an old body, apart from where it is (matrix, row, level)."""

    successor_id: str | None
    status: _Status
    confidence: Confidence | None
    note: str | None


class _Resolution(NamedTuple):
    """What an old body becomes in one column: the ids that replace it, and the lines."""

    replacement: tuple[str, ...]
    lines: tuple[_Line, ...]


_Resolve = Callable[[str, Level], _Resolution | None]


def migrate(
    matrix: Matrix,
    to: dt.date | str,
    *,
    registry: Registry | None = None,
    choose: Mapping[str, Sequence[str]] | None = None,
) -> Migration:
    """Map the bodies of ``matrix`` that no longer exist on ``to`` onto their successors.

    A body that exists on ``to`` is left alone. An ended one is replaced by its successors on that
    day (:meth:`Registry.successors`) that fit the column: national bodies in the national column,
    regional and local ones in the regional column. A successor of the other level is never put in
    the matrix, as it would break the level rule; it gets a line of its own. When no successor fits,
    the old body is kept, and :func:`elo_coord.lint` goes on reporting it. A successor that arrives
    twice in one cell (ELY and AVI both → elinvoimakeskukset) is merged into one entry at the first
    position: lead if any of the merged entries was, with their ``regions`` united. Task bodies
    are renamed the same way. Every successor takes the old body's role, so a lead body with two
    successors in its column leaves two leads for a person (and lint) to notice.

    Parameters
    ----------
    matrix
        The matrix, usually dated before the reforms.
    to
        The date whose bodies to migrate to (a date or ``YYYY-MM-DD``).
    registry
        Bodies and their successions; the shipped registry by default.
    choose
        What a person decided: body id → the ids that replace it, whatever its successions say and
        in either column (a bare id counts as a list of one; an empty list removes the body, with a
        line that says so). Applies only to bodies that do not exist on ``to``; their lines have
        outcome ``chosen``.

    Returns
    -------
    Migration
        The migrated matrix — ``date`` set to ``to`` and a sentence added to ``note``; id, rows,
        tasks, notes and quotes kept — and the mapping lines (:data:`MIGRATION_SCHEMA`), in row,
        level, body and successor order.

    Raises
    ------
    ValueError
        ``choose`` names a replacement the registry does not have.

    Examples
    --------
    >>> import datetime as dt
    >>> import polars as pl
    >>> from elo_coord import load_matrix, migrate
    >>> baseline = load_matrix("matrices/baseline/tno-2022.yaml")
    >>> migration = migrate(baseline, dt.date(2026, 1, 1))
    >>> migration.matrix.date
    datetime.date(2026, 1, 1)
    >>> row = migration.matrix.rows[0]
    >>> [a.body for a in row.national.bodies]
    ['OKM', 'TEM', 'OPH', 'JOTPA', 'KEHA-2026']
    >>> [a.body for a in row.regional.bodies]
    ['elinvoimakeskukset', 'kunnat', 'tyollisyysalueet']
    >>> lines = migration.mappings.filter(pl.col("row_id") == "T1.1a")
    >>> for line in lines.iter_rows(named=True):
    ...     print(line["body_id"], "→", line["successor_id"], line["outcome"], line["confidence"])
    KEHA → KEHA-2026 mapped high
    ELY → elinvoimakeskukset mapped high
    ELY → LVV other-level high
    AVI → LVV other-level high
    AVI → elinvoimakeskukset ambiguous low
    TE-toimistot → tyollisyysalueet mapped high
    TE-toimistot → KEHA-2026 other-level medium

    A person who has decided where the AVIs' part went says so:

    >>> chosen = migrate(baseline, dt.date(2026, 1, 1), choose={"AVI": ["elinvoimakeskukset"]})
    >>> chosen.mappings.filter(pl.col("body_id") == "AVI").get_column("outcome").unique().to_list()
    ['chosen']
    """
    day = to if isinstance(to, dt.date) else dt.date.fromisoformat(to)
    registry = default_registry() if registry is None else registry
    chosen = _checked_choice(choose or {}, registry)

    @cache
    def resolve(body_id: str, level: Level) -> _Resolution | None:
        return _resolve(body_id, level, day, registry, chosen)

    rows: list[Row] = []
    lines: list[dict[str, Any]] = []
    for row in matrix.rows:
        cells: dict[str, Cell] = {}
        for level in MATRIX_LEVELS:
            old = row.cell(level)
            cells[level.value] = _migrate_cell(old, level, resolve)
            for body_id in _named(old):
                resolution = resolve(body_id, level)
                for line in resolution.lines if resolution else ():
                    lines.append(
                        {
                            "matrix_id": matrix.id,
                            "row_id": row.row,
                            "level": level.value,
                            "body_id": body_id,
                            "successor_id": line.successor_id,
                            "outcome": line.status,
                            "confidence": line.confidence,
                            "note": line.note,
                            "decide": line.status in _DECIDE,
                        }
                    )
        unchanged = all(cells[level.value] is row.cell(level) for level in MATRIX_LEVELS)
        rows.append(row if unchanged else row.model_copy(update=cells))
    sentence = f"Migrated by elo_coord to the bodies of {day.isoformat()}."
    note = f"{matrix.note} {sentence}" if matrix.note else sentence
    migrated = matrix.model_copy(update={"date": day, "note": note, "rows": tuple(rows)})
    return Migration(migrated, pl.DataFrame(lines, schema=MIGRATION_SCHEMA, orient="row"))


def _checked_choice(
    choose: Mapping[str, Sequence[str]], registry: Registry
) -> dict[str, tuple[str, ...]]:
    """Return ``choose`` with each choice as a tuple of unique ids, or raise on an unknown id."""
    checked: dict[str, tuple[str, ...]] = {}
    for body_id, choice in choose.items():
        ids = (choice,) if isinstance(choice, str) else tuple(choice)
        for chosen_id in ids:
            if chosen_id not in registry.bodies:
                hint = registry.hint("body", chosen_id)
                message = f"choose names unknown body {chosen_id!r} for {body_id!r}"
                raise InputError(f"{message} — {hint}" if hint else message)
        checked[body_id] = tuple(dict.fromkeys(ids))
    return checked


def _resolve(
    body_id: str,
    level: Level,
    day: dt.date,
    registry: Registry,
    choose: Mapping[str, tuple[str, ...]],
) -> _Resolution | None:
    """Return what ``body_id`` becomes in the ``level`` column on ``day``; None if it exists."""
    body = registry.bodies.get(body_id)
    if body is not None and body.valid_on(day):
        return None
    # An id the registry lacks has no successions; it is kept and flagged like a body that has none.
    links = _links(body_id, day, registry) if body is not None else []
    if body_id in choose:
        notes = {link.body_id: link.note for link in links}
        ids = choose[body_id]
        lines = [_Line(i, "chosen", None, notes.get(i)) for i in ids]
        return _Resolution(ids, tuple(lines or [_Line(None, "chosen", None, None)]))
    if not links:
        return _Resolution((body_id,), (_Line(None, "no-successor", None, None),))
    fitting = tuple(link.body_id for link in links if link.level.belongs_in(level))
    main = links[0]
    clear = fitting == (main.body_id,) and main.confidence is not Confidence.LOW
    lines = [
        _Line(
            link.body_id,
            ("mapped" if clear else "ambiguous") if link.level.belongs_in(level) else "other-level",
            link.confidence,
            link.note,
        )
        for link in links
    ]
    return _Resolution(fitting or (body_id,), tuple(lines))


def _links(body_id: str, day: dt.date, registry: Registry) -> list[_Link]:
    """Return the successors of ``body_id`` on ``day``, with what is known of the way to each."""
    return [
        _Link(s.body.id, s.body.level, s.confidence, s.note)
        for s in registry.successions(body_id, day)
    ]


def _named(cell: Cell) -> list[str]:
    """Return the ids a cell names, its bodies first and then its tasks', each once."""
    ids = [a.body for a in cell.bodies] + [i for task in cell.tasks for i in task.bodies]
    return list(dict.fromkeys(ids))


def _migrate_cell(cell: Cell, level: Level, resolve: _Resolve) -> Cell:
    """Return ``cell`` with its ended bodies replaced; the same object when nothing changes."""
    if all(resolve(body_id, level) is None for body_id in _named(cell)):
        return cell

    def new_ids(body_id: str) -> tuple[str, ...]:
        resolution = resolve(body_id, level)
        return (body_id,) if resolution is None else resolution.replacement

    bodies: list[Assignment] = []
    first: dict[str, int] = {}
    merged: set[int] = set()  # entries that came from a replacement: others merge into them
    for assignment in cell.bodies:
        ids = new_ids(assignment.body)
        replaced = ids != (assignment.body,)
        for new_id in ids:
            at = first.get(new_id)
            # A duplicate the matrix already had is lint's to report, not the migration's to mend.
            if at is not None and (replaced or at in merged):
                bodies[at] = _merge(bodies[at], assignment)
                merged.add(at)
                continue
            first.setdefault(new_id, len(bodies))
            if replaced:
                merged.add(len(bodies))
            bodies.append(assignment.model_copy(update={"body": new_id}))
    tasks = [_migrate_task(task, new_ids) for task in cell.tasks]
    return cell.model_copy(update={"bodies": tuple(bodies), "tasks": tuple(tasks)})


def _merge(kept: Assignment, other: Assignment) -> Assignment:
    """Return ``kept`` merged with ``other``: lead if either is, with their regions united."""
    role = Role.LEAD if Role.LEAD in (kept.role, other.role) else kept.role
    regions = _unique([*kept.regions, *other.regions])
    return kept.model_copy(update={"role": role, "regions": regions})


def _migrate_task(task: Task, new_ids: Callable[[str], tuple[str, ...]]) -> Task:
    """Return ``task`` with its bodies renamed and each named once; the same object if unchanged."""
    bodies = _unique(i for body_id in task.bodies for i in new_ids(body_id))
    return task if bodies == task.bodies else task.model_copy(update={"bodies": bodies})


def _unique(ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))
