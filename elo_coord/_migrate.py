"""Migration: a matrix carried across the 2023–2026 reforms onto the bodies of a later date.

A body that no longer exists on the new date is mapped onto its successors on that date, following
successions through bodies that have ended since (TE-toimistot → KEHA → KEHA-2026). A body that
continues but handed part of its tasks to a body founded after the matrix's date (kunnat →
hyvinvointialueet, 1.1.2023) is asked about too; it is never replaced.

Only what is clear is applied: the one successor whose tasks include guidance work
(``guidance``), that fits the column by its own level, and that is not of low confidence.
Everything else is left to a person: the old body stays where it is, the migrated matrix carries
the open point as a question (status ``succession``), and ``choose`` answers it, once for every
row. :attr:`Migration.decisions` and the command line show each decision once, not once per row.
Nothing is dropped silently: every mapping gets a line in :attr:`Migration.mappings`.

============  ======  ===================================================================
outcome       decide  what the line says
============  ======  ===================================================================
mapped        no      the one successor in scope for guidance that fits the column by its
                      level, not of low confidence: it took the old body's place
chosen        no      a person chose it (``choose``)
present       no      a successor of the other level that the row already names there
                      (TE-toimistot → KEHA-2026, with KEHA-2026 in the national column)
out-of-scope  no      the tasks that went there are no guidance work (``guidance: false``,
                      ELY → LVV's environmental permits): recorded, never offered
candidate     yes     offered to a person, not put in the matrix: one of several that fit,
                      one of low confidence, a national agency that would stand in the
                      regional column for its regional offices, a successor of the other
                      level the row lacks, or a body that took over part of the tasks of a
                      body that continues
no-successor  yes     nothing in scope carries the ended body on in this column; it is kept
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
    Body,
    Cell,
    Confidence,
    Level,
    Matrix,
    Question,
    Role,
    Row,
    Status,
    Task,
)
from elo_coord._registry import Registry, default_registry

__all__ = ["MIGRATION_DECISIONS_SCHEMA", "MIGRATION_SCHEMA", "Migration", "migrate"]

_Outcome = Literal["mapped", "chosen", "present", "out-of-scope", "candidate", "no-successor"]
_OUTCOMES: tuple[_Outcome, ...] = (
    "mapped",
    "chosen",
    "present",
    "out-of-scope",
    "candidate",
    "no-successor",
)
_DECIDE: frozenset[_Outcome] = frozenset({"candidate", "no-successor"})

_LEVEL = pl.Enum([level.value for level in MATRIX_LEVELS])
_LINE_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "body_id": pl.String,
    "successor_id": pl.String,
    "successor_level": _LEVEL,
    "outcome": pl.Enum(list(_OUTCOMES)),
    "confidence": pl.Enum([c.value for c in Confidence]),
    "scope": pl.String,
    "note": pl.String,
    "decide": pl.Boolean,
}
MIGRATION_SCHEMA: pl.Schema = pl.Schema(
    {"matrix_id": pl.String, "row_id": pl.String, "level": _LEVEL, **_LINE_COLUMNS}
)
"""Columns of :attr:`Migration.mappings`: a line per (row, level, old body, successor).

``level`` is the column the old body ``body_id`` is in; ``successor_id`` is what it maps to (null
for ``no-successor``, and for a ``chosen`` empty choice) and ``successor_level`` the column the
successor stands in, or would: its own level's, or the regional one for a national agency with
regional offices. ``outcome`` is ``mapped``, ``chosen``, ``present``, ``out-of-scope``,
``candidate`` or ``no-successor`` (see :mod:`elo_coord._migrate`); ``confidence`` is the lowest
confidence along the succession (null for ``chosen`` and ``no-successor``); ``scope`` says which
tasks went there (null when all did) and ``note`` the successions' notes; ``decide`` is true when
a person has to settle the line (``candidate`` and ``no-successor``)."""

MIGRATION_DECISIONS_SCHEMA: pl.Schema = pl.Schema(
    {"matrix_id": pl.String, "level": _LEVEL, **_LINE_COLUMNS, "rows": pl.List(pl.String)}
)
"""Columns of :attr:`Migration.decisions`: the mappings once per (old body, level, successor,
outcome), with the ``rows`` they concern in row order; the other columns as in
:data:`MIGRATION_SCHEMA`."""


class Migration(NamedTuple):
    """A matrix migrated to the bodies of a date, with a line for every body it mapped."""

    matrix: Matrix
    """The migrated matrix, dated on the new date, with a question for each open decision."""
    mappings: pl.DataFrame
    """What became of each old body in each row, with the columns of :data:`MIGRATION_SCHEMA`."""
    decisions: pl.DataFrame
    """The same, once per (old body, level, successor, outcome) with the rows it concerns
    (:data:`MIGRATION_DECISIONS_SCHEMA`): what a person reads and decides, once, not per row."""


class _Link(NamedTuple):
    """A successor on the day, with what is known of the way to it."""

    body: Body
    confidence: Confidence
    scope: str | None
    note: str | None
    guidance: bool


class _Plan(NamedTuple):
    """What becomes of one old body in one column: the same in every row."""

    body_id: str
    continues: bool
    """True for a body that exists on the day but handed part of its tasks over since."""
    why: str
    """Why the body is asked about, in words (``AVI ended on 2025-12-31``)."""
    links: tuple[_Link, ...]
    chosen: tuple[str, ...] | None
    """What a person chose, if they did."""
    mapped: str | None
    """The clear successor that takes its place, if there is one and nobody chose."""
    replace: tuple[str, ...]
    """The ids that take the old body's place and role (the old body itself when it stays)."""
    beside: tuple[str, ...]
    """Ids a person chose to add as partners beside a body that continues."""
    elsewhere: tuple[str, ...]
    """Ids a person chose that stand in the other column: added there as partners."""


class _Line(NamedTuple):
    """One mapping line of an old body, apart from where it is (matrix, row, level)."""

    successor_id: str | None
    successor_level: Level | None
    outcome: _Outcome
    confidence: Confidence | None
    scope: str | None
    note: str | None


_PlanOf = Callable[[str, Level], _Plan | None]


def migrate(
    matrix: Matrix,
    to: dt.date | str,
    *,
    registry: Registry | None = None,
    choose: Mapping[str, Sequence[str]] | None = None,
) -> Migration:
    """Map the bodies of ``matrix`` that no longer exist on ``to`` onto their successors.

    A body that exists on ``to`` is left alone, unless it continues but handed part of its tasks,
    after the matrix's date, to a body that exists on ``to``: then a person is asked whether to
    add that body beside it. An ended body is replaced only by a clear successor: the only one
    whose tasks include guidance work and that may stand in the column, if it fits the column by
    its own level (national bodies in the national column, regional and local ones in the
    regional) and is not of low confidence.
    Otherwise the old body stays, and its successors are offered as candidates: a question in the
    migrated matrix, and lines that ``decide``. A successor whose tasks are no guidance work is
    recorded, never offered; one of the other level that the row already names at its level is
    recorded as ``present``. A successor that arrives twice in one cell (ELY and AVI both →
    elinvoimakeskukset) is merged into one entry at the first position: lead if any of the merged
    entries was, with their ``regions`` united. Task bodies are renamed the same way. Every
    successor takes the old body's role.

    Parameters
    ----------
    matrix
        The matrix, usually dated before the reforms.
    to
        The date whose bodies to migrate to (a date or ``YYYY-MM-DD``).
    registry
        Bodies and their successions; the shipped registry by default.
    choose
        What a person decided, body id → ids, whatever its successions say (a bare id counts as a
        list of one). For an ended body, the ids that take its place (an empty list removes it);
        for a body that continues, the ids to add beside it (an empty list adds none). An id
        goes in the old body's column if it may stand there, otherwise as a partner in the column
        of its own level. Applies only to the bodies the migration asks about; their lines have
        outcome ``chosen``.

    Returns
    -------
    Migration
        The migrated matrix — ``date`` set to ``to``, a sentence added to ``note``, and a
        ``succession`` question for each row, level and old body still to decide (those of an
        earlier migration replaced); id, rows, tasks, notes, quotes and other questions kept — the
        mapping lines (:data:`MIGRATION_SCHEMA`) in row, level, body and successor order, and the
        same lines grouped over rows (:data:`MIGRATION_DECISIONS_SCHEMA`).

    Raises
    ------
    ValueError
        ``choose`` names a body the registry does not have.

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
    ['elinvoimakeskukset', 'AVI', 'kunnat', 'tyollisyysalueet']
    >>> for line in migration.decisions.iter_rows(named=True):
    ...     print(line["body_id"], "→", line["successor_id"], line["outcome"], len(line["rows"]))
    KEHA → KEHA-2026 mapped 12
    ELY → elinvoimakeskukset mapped 12
    ELY → LVV out-of-scope 12
    AVI → LVV candidate 12
    AVI → elinvoimakeskukset candidate 12
    kunnat → hyvinvointialueet candidate 11
    TE-toimistot → tyollisyysalueet mapped 11
    TE-toimistot → KEHA-2026 present 11

    A person who has decided where the AVIs' part went says so, once for every row:

    >>> chosen = migrate(baseline, dt.date(2026, 1, 1), choose={"AVI": ["LVV"]})
    >>> [a.body for a in chosen.matrix.rows[0].regional.bodies]
    ['elinvoimakeskukset', 'LVV', 'kunnat', 'tyollisyysalueet']
    >>> sorted({q.body for q in chosen.matrix.questions})
    ['kunnat']
    """
    day = to if isinstance(to, dt.date) else dt.date.fromisoformat(to)
    registry = default_registry() if registry is None else registry
    chosen = _checked_choice(choose or {}, registry)

    # A body an earlier migration asked about is asked again, however old the handing over.
    reopened = {q.body for q in matrix.questions if q.status is Status.SUCCESSION}

    @cache
    def plan_of(body_id: str, level: Level) -> _Plan | None:
        since = dt.date.min if body_id in reopened else matrix.date
        return _plan(body_id, level, since, day, registry, chosen)

    rows: list[Row] = []
    lines: list[dict[str, Any]] = []
    questions: list[Question] = []
    for row in matrix.rows:
        new_row, row_lines, row_questions = _migrate_row(row, plan_of, registry)
        rows.append(new_row)
        lines += [{"matrix_id": matrix.id, "row_id": row.row, **line} for line in row_lines]
        questions += row_questions
    sentence = f"Migrated by elo_coord to the bodies of {day.isoformat()}."
    note = f"{matrix.note} {sentence}" if matrix.note else sentence
    kept = [q for q in matrix.questions if q.status is not Status.SUCCESSION]
    migrated = matrix.model_copy(
        update={
            "date": day,
            "note": note,
            "rows": tuple(rows),
            "questions": (*kept, *questions),
        }
    )
    mappings = pl.DataFrame(lines, schema=MIGRATION_SCHEMA, orient="row")
    return Migration(migrated, mappings, _decisions(mappings))


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


def _plan(
    body_id: str,
    level: Level,
    since: dt.date,
    day: dt.date,
    registry: Registry,
    choose: Mapping[str, tuple[str, ...]],
) -> _Plan | None:
    """Return what ``body_id`` becomes in the ``level`` column; None if there is nothing to do.

    ``day`` is the date migrated to; a body that continues is asked about for what it handed
    over after ``since`` (the matrix's date, or ever when an earlier migration asked about it).
    """
    body = registry.bodies.get(body_id)
    continues = body is not None and body.valid_on(day)
    if body is None:
        # An id the registry lacks has no successions; it is kept like a body that has none.
        links: tuple[_Link, ...] = ()
        why = f"{body_id} is no body of the registry"
    elif continues:
        links = _handed_over(body, since, day, registry)
        if not links:
            return None
        went = "; ".join(f"{link.body.id} on {link.body.valid_from}" for link in links)
        why = f"{body_id} continues, but part of its tasks went elsewhere: to {went}"
    else:
        links = _links(body_id, day, registry)
        why = (
            f"{body_id} ended on {body.valid_to}"
            if body.existence_on(day) == "ended"
            else f"{body_id} began on {body.valid_from}, after {day}"
        )
    chosen = choose.get(body_id)
    if chosen is not None:
        standing = tuple(i for i in chosen if registry.bodies[i].belongs_in(level))
        elsewhere = tuple(i for i in chosen if i not in standing)
        if continues:
            beside = tuple(i for i in standing if i != body_id)
            return _Plan(body_id, True, why, links, chosen, None, (body_id,), beside, elsewhere)
        return _Plan(body_id, False, why, links, chosen, None, standing, (), elsewhere)
    mapped = None if continues else _clear(links, level)
    replace = (mapped,) if mapped is not None else (body_id,)
    return _Plan(body_id, continues, why, links, None, mapped, replace, (), ())


def _links(body_id: str, day: dt.date, registry: Registry) -> tuple[_Link, ...]:
    """Return the successors of an ended ``body_id`` on ``day``, with the way to each."""
    return tuple(
        _Link(s.body, s.confidence, s.scope, s.note, s.guidance)
        for s in registry.successions(body_id, day)
    )


def _handed_over(body: Body, since: dt.date, day: dt.date, registry: Registry) -> tuple[_Link, ...]:
    """Return the bodies that took over part of a continuing body's tasks after ``since``.

    Only a body that continues (no ``valid_to``) hands tasks over while it lives; each successor
    took over on its ``valid_from``, which must fall after ``since`` and on or before ``day``.
    """
    if body.valid_to is not None:
        return ()
    found = []
    for successor in body.successors:
        new = registry.bodies[successor.body]
        began = new.valid_from
        if began is not None and since < began <= day and new.valid_on(day):
            found.append(
                _Link(
                    new, successor.confidence, successor.scope, successor.note, successor.guidance
                )
            )
    return tuple(found)


def _clear(links: Sequence[_Link], level: Level) -> str | None:
    """Return the one successor that may replace the old body unasked in ``level``, if any."""
    standing = [link for link in links if link.guidance and link.body.belongs_in(level)]
    if len(standing) != 1:
        return None
    (link,) = standing
    if not link.body.level.belongs_in(level) or link.confidence is Confidence.LOW:
        return None  # an agency here for its regional offices, or a doubtful succession
    return link.body.id


def _column(body: Body, level: Level) -> Level:
    """Return the column ``body`` stands in when it comes from the ``level`` column."""
    if body.belongs_in(level):
        return level
    return Level.NATIONAL if body.level is Level.NATIONAL else Level.REGIONAL


def _lines(
    plan: _Plan, level: Level, named: Mapping[Level, set[str]], registry: Registry
) -> list[_Line]:
    """Return the lines of ``plan`` in one row, whose columns name ``named`` once migrated."""
    notes = {link.body.id: link for link in plan.links}
    if plan.chosen is not None:
        chosen = []
        for body_id in plan.chosen:
            link = notes.get(body_id)
            column = _column(registry.bodies[body_id], level)
            scope, note = (link.scope, link.note) if link else (None, None)
            chosen.append(_Line(body_id, column, "chosen", None, scope, note))
        return chosen or [_Line(None, None, "chosen", None, None, None)]
    lines = []
    for link in plan.links:
        outcome: _Outcome
        if not link.guidance:
            outcome = "out-of-scope"
        elif link.body.id == plan.mapped:
            outcome = "mapped"
        elif _column(link.body, level) is not level or plan.continues:
            # Nothing to add where it stands already (an ended body's candidates in its own
            # column replace it, so they are offered even when the cell names them).
            present = link.body.id in named[_column(link.body, level)]
            outcome = "present" if present else "candidate"
        else:
            outcome = "candidate"
        column = _column(link.body, level)
        lines.append(_Line(link.body.id, column, outcome, link.confidence, link.scope, link.note))
    undecided = not any(line.outcome == "candidate" for line in lines)
    if not plan.continues and plan.mapped is None and undecided:
        lines.append(_Line(None, None, "no-successor", None, None, None))
    return lines


def _migrate_row(
    row: Row, plan_of: _PlanOf, registry: Registry
) -> tuple[Row, list[dict[str, Any]], list[Question]]:
    """Return ``row`` migrated, its mapping lines and its open questions."""
    plans: dict[Level, list[_Plan]] = {}
    cells: dict[Level, Cell] = {}
    for level in MATRIX_LEVELS:
        old = row.cell(level)
        in_cell = {a.body for a in old.bodies}
        plans[level] = [
            plan
            for body_id in _named(old)
            if (plan := plan_of(body_id, level)) is not None
            and (not plan.continues or body_id in in_cell)
        ]
        cells[level] = _migrate_cell(old, {p.body_id: p for p in plans[level]})
    named = {level: {a.body for a in cells[level].bodies} for level in MATRIX_LEVELS}
    lines: list[dict[str, Any]] = []
    questions: list[Question] = []
    for level in MATRIX_LEVELS:
        for plan in plans[level]:
            plan_lines = _lines(plan, level, named, registry)
            lines += [
                {"level": level.value, "body_id": plan.body_id, **_as_dict(line)}
                for line in plan_lines
            ]
            open_lines = [line for line in plan_lines if line.outcome in _DECIDE]
            if open_lines:
                note = _question(plan, level, open_lines, registry)
                questions.append(
                    Question(
                        row=row.row,
                        level=level,
                        body=plan.body_id,
                        status=Status.SUCCESSION,
                        note=note,
                    )
                )
            for body_id in plan.elsewhere:
                target = _column(registry.bodies[body_id], level)
                cells[target] = _added(cells[target], body_id)
    unchanged = all(cells[level] is row.cell(level) for level in MATRIX_LEVELS)
    new_row = row if unchanged else row.model_copy(update={lv.value: cells[lv] for lv in cells})
    return new_row, lines, questions


def _as_dict(line: _Line) -> dict[str, Any]:
    return {
        "successor_id": line.successor_id,
        "successor_level": line.successor_level.value if line.successor_level else None,
        "outcome": line.outcome,
        "confidence": line.confidence.value if line.confidence else None,
        "scope": line.scope,
        "note": line.note,
        "decide": line.outcome in _DECIDE,
    }


def _question(plan: _Plan, level: Level, open_lines: Sequence[_Line], registry: Registry) -> str:
    """Return the open decision on ``plan`` in one row and column, in words."""
    body_id = plan.body_id
    if plan.continues:
        opening = plan.why
        answer = f"the bodies to add beside it; {body_id}= for none"
        ask = f"Add beside {body_id}?"
    elif plan.mapped is not None:
        opening = f"{plan.why}; {plan.mapped} took its place here"
        answer = f"every body that takes its place, {plan.mapped} too"
        ask = "Add as well?"
    else:
        opening = f"{plan.why} and stays here until a person chooses"
        answer = f"the bodies that take its place; {body_id}= removes it"
        ask = "What takes its place?"
    offers = []
    for line in open_lines:
        if line.successor_id is None:
            offers.append(f"nothing in scope for guidance takes its place in the {level} column")
            continue
        successor = registry.bodies[line.successor_id]
        where = []
        if line.successor_level is not level:
            where.append(f"in the {line.successor_level} column")
        elif not successor.level.belongs_in(level):
            where.append("here for its regional offices")
        where.append(f"{line.confidence} confidence")
        offer = f"{line.successor_id} ({', '.join(where)})"
        offers.append(f"{offer}: {line.scope}" if line.scope else offer)
    if all(line.successor_id is None for line in open_lines):
        return f"{opening}: {offers[0]}. Choose with --choose {body_id}=… ({answer})."
    return f"{opening}. {ask} {'; or '.join(offers)}. Choose with --choose {body_id}=… ({answer})."


def _named(cell: Cell) -> list[str]:
    """Return the ids a cell names, its bodies first and then its tasks', each once."""
    ids = [a.body for a in cell.bodies] + [i for task in cell.tasks for i in task.bodies]
    return list(dict.fromkeys(ids))


def _migrate_cell(cell: Cell, plans: Mapping[str, _Plan]) -> Cell:
    """Return ``cell`` with the plans applied; the same object when nothing changes."""
    if all(p.replace == (p.body_id,) and not p.beside for p in plans.values()):
        return cell

    def new_ids(body_id: str) -> tuple[str, ...]:
        plan = plans.get(body_id)
        return (body_id,) if plan is None else plan.replace

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
    for plan in plans.values():
        present = {a.body for a in bodies}
        extra = [Assignment(body=new_id) for new_id in plan.beside if new_id not in present]
        if extra:
            at = next(i for i, a in enumerate(bodies) if a.body == plan.body_id) + 1
            bodies[at:at] = extra
    tasks = [_migrate_task(task, new_ids) for task in cell.tasks]
    return cell.model_copy(update={"bodies": tuple(bodies), "tasks": tuple(tasks)})


def _added(cell: Cell, body_id: str) -> Cell:
    """Return ``cell`` with ``body_id`` added as a partner, unless it names it already."""
    if any(a.body == body_id for a in cell.bodies):
        return cell
    return cell.model_copy(update={"bodies": (*cell.bodies, Assignment(body=body_id))})


def _merge(kept: Assignment, other: Assignment) -> Assignment:
    """Return ``kept`` merged with ``other``: lead if either is, with their regions united."""
    role = Role.LEAD if Role.LEAD in (kept.role, other.role) else kept.role
    regions = _unique([*kept.regions, *other.regions])
    return kept.model_copy(update={"role": role, "regions": regions})


def _migrate_task(task: Task, new_ids: Callable[[str], tuple[str, ...]]) -> Task:
    """Return ``task`` with its bodies renamed and each named once; the same object if unchanged."""
    bodies = _unique(i for body_id in task.bodies for i in new_ids(body_id))
    return task if bodies == task.bodies else task.model_copy(update={"bodies": bodies})


def _decisions(mappings: pl.DataFrame) -> pl.DataFrame:
    """Return the mappings once per (old body, level, successor, outcome), with their rows."""
    keys = ["matrix_id", "level", "body_id", "successor_id", "outcome"]
    same = ["successor_level", "confidence", "scope", "note", "decide"]
    grouped = mappings.group_by(keys, maintain_order=True).agg(
        *(pl.col(name).first() for name in same), rows=pl.col("row_id").unique(maintain_order=True)
    )
    return grouped.select(MIGRATION_DECISIONS_SCHEMA.names()).cast(MIGRATION_DECISIONS_SCHEMA)


def _unique(ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))
