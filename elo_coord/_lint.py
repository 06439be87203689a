"""Matrix-wide rules: checks that look across a whole matrix and the registry.

:func:`lint` never raises: it returns :class:`Finding` records, so a regional draft with gaps still
loads and can be worked on. The CLI's ``validate`` fails only on findings of severity ``error``.

==================  ========  ==============================================================
code                severity  what it means
==================  ========  ==============================================================
unknown-strategy    error     the matrix names a strategy the registry lacks
unknown-region      error     a proposer is not a region of the registry
unknown-body        error     a body id the registry lacks
unknown-row         error     a row the strategy does not have
duplicate-row       error     the same row twice in one matrix
many-leads          error     more than one lead in one row at one level
wrong-level         error     a national body in the regional column, or the other way round
regional-offices    info      a national agency with regional offices in the regional column,
                              where it stands for its offices (LVV)
not-valid           error     a body that did not exist on the matrix's date
duplicate-body      error     the same body twice in one row at one level
no-proposer         error     a proposal that names no region
declined-rows       warning   a proposal marked declined that still has rows (they are ignored)
task-body           warning   a task names a body that is not among the level's bodies
duplicate-task      warning   the same task twice in one row at one level
no-body             warning   a row with no body at a level
missing-row         warning   a strategy row the matrix leaves out (``info`` for a proposal, which
                              may leave rows unanswered); never a row ``outside_forum``
same-cell           warning   a baseline gives two rows different cells where the strategy says
                              the forum's slide gives them one (``same_cell_as``)
==================  ========  ==============================================================

Findings about a cell are made once: a row that holds another row's cells (see
:func:`shared_cells`) is not checked again, so slide 13's one cell, recorded on rows ``T1.3a``
and ``T1.3b``, gives one ``not-valid`` per body, not two.
"""

from __future__ import annotations

import functools
from collections import Counter
from enum import StrEnum

from elo_coord import _yaml
from elo_coord._model import (
    MATRIX_LEVELS,
    Body,
    Cell,
    Kind,
    Level,
    Matrix,
    Record,
    Role,
    Row,
    Strategy,
)
from elo_coord._registry import Registry, default_registry

__all__ = ["CODES", "Finding", "Severity", "lint", "shared_cells"]


class Severity(StrEnum):
    """How much a finding matters: only errors make ``elo-coord validate`` fail."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


CODES: dict[str, Severity] = {
    "unknown-strategy": Severity.ERROR,
    "unknown-region": Severity.ERROR,
    "unknown-body": Severity.ERROR,
    "unknown-row": Severity.ERROR,
    "duplicate-row": Severity.ERROR,
    "many-leads": Severity.ERROR,
    "wrong-level": Severity.ERROR,
    "regional-offices": Severity.INFO,
    "not-valid": Severity.ERROR,
    "duplicate-body": Severity.ERROR,
    "no-proposer": Severity.ERROR,
    "declined-rows": Severity.WARNING,
    "task-body": Severity.WARNING,
    "duplicate-task": Severity.WARNING,
    "no-body": Severity.WARNING,
    "missing-row": Severity.WARNING,
    "same-cell": Severity.WARNING,
}
"""Every finding code with its usual severity."""


class Finding(Record):
    """One thing a rule noticed about a matrix."""

    severity: Severity
    """``error``, ``warning`` or ``info``."""
    code: str
    """Which rule (see :data:`CODES`)."""
    matrix: str
    """The matrix's id."""
    row: str | None = None
    """The row concerned, if any."""
    level: Level | None = None
    """The level concerned, if any."""
    body: str | None = None
    """The body concerned, if any."""
    message: str
    """What is wrong and what to do, in one sentence."""


def lint(matrix: Matrix, registry: Registry | None = None) -> list[Finding]:
    """Check ``matrix`` against the matrix-wide rules and return what they find.

    Parameters
    ----------
    matrix
        The matrix.
    registry
        Bodies, regions and strategies; the shipped registry by default.

    Returns
    -------
    list[Finding]
        In row order, then level, then rule; empty when all is well.

    Examples
    --------
    >>> from elo_coord import Matrix, lint
    >>> draft = Matrix(id="luonnos", kind="proposal", strategy="elo-2020-2023",
    ...                date="2026-02-01", title="Luonnos", proposers=("lappi",),
    ...                rows=[{"row": "T4.1", "regional": {"bodies": ["TE-toimistot"]}}])
    >>> [(f.code, f.row, f.body) for f in lint(draft) if f.severity == "error"]
    [('not-valid', 'T4.1', 'TE-toimistot')]
    """
    registry = registry or default_registry()
    return _Linter(matrix, registry).run()


class _Linter:
    def __init__(self, matrix: Matrix, registry: Registry) -> None:
        self.matrix = matrix
        self.registry = registry
        self.findings: list[Finding] = []

    def add(
        self,
        code: str,
        message: str,
        *,
        row: str | None = None,
        level: Level | None = None,
        body: str | None = None,
        severity: Severity | None = None,
    ) -> None:
        self.findings.append(
            Finding(
                severity=severity or CODES[code],
                code=code,
                matrix=self.matrix.id,
                row=row,
                level=level,
                body=body,
                message=message,
            )
        )

    def run(self) -> list[Finding]:
        matrix, registry = self.matrix, self.registry
        strategy = registry.strategies.get(matrix.strategy)
        if strategy is None:
            hint = registry.hint("strategy", matrix.strategy)
            self.add("unknown-strategy", _join(f"unknown strategy {matrix.strategy!r}", hint))
        for region in matrix.proposers:
            if region not in registry.regions:
                hint = registry.hint("region", region)
                self.add("unknown-region", _join(f"unknown region {region!r}", hint))
        if matrix.kind is Kind.PROPOSAL and not matrix.proposers:
            self.add("no-proposer", "a proposal names no region; list them in proposers")
        if matrix.declined and matrix.rows:
            message = "the proposal says it was declined but has rows; comparisons ignore them"
            self.add("declined-rows", message)

        strategy_rows = [row.id for row in strategy.rows()] if strategy else []
        counts = Counter(row.row for row in matrix.rows)
        reported: set[str] = set()
        shared = shared_cells(matrix, registry)
        first = _first_rows(matrix)
        for row in matrix.rows:
            if strategy is not None and row.row not in strategy_rows:
                hint = _yaml.suggest(row.row, strategy_rows)
                message = f"strategy {matrix.strategy!r} has no row {row.row!r}"
                self.add("unknown-row", _join(message, hint), row=row.row)
            if counts[row.row] > 1 and row.row not in reported:
                reported.add(row.row)
                message = f"row {row.row!r} appears {counts[row.row]} times; merge them into one"
                self.add("duplicate-row", message, row=row.row)
            holder = shared.get(row.row)
            if holder is not None and _same_cells(row, first[holder]):
                continue  # the cells were checked on the row that holds them first
            for level in MATRIX_LEVELS:
                self.cell(row.row, level, row.cell(level))
        if strategy is not None and not matrix.declined:
            severity = Severity.INFO if matrix.kind is Kind.PROPOSAL else None
            outside = {row.id for row in strategy.rows() if row.goal.outside(row.means)}
            for row_id in strategy_rows:
                if row_id not in counts and row_id not in outside:
                    message = f"row {row_id!r} of the strategy is not in the matrix"
                    self.add("missing-row", message, row=row_id, severity=severity)
        if strategy is not None and matrix.kind is Kind.BASELINE:
            self.check_same_cell(strategy, first, shared)
        return self.findings

    def check_same_cell(
        self, strategy: Strategy, first: dict[str, Row], shared: dict[str, str]
    ) -> None:
        """Report the rows a baseline gives other cells than the forum's slide gives them."""
        for place in strategy.rows():
            other = place.means.same_cell_as if place.means is not None else None
            if other is None or place.id in shared or not {place.id, other} <= first.keys():
                continue
            message = (
                f"the strategy says the forum's slide gives row {place.id!r} the cells of row"
                f" {other!r} (same_cell_as), but here they differ; copy them, or counts take"
                " them as two cells"
            )
            self.add("same-cell", message, row=place.id)

    def cell(self, row: str, level: Level, cell: Cell) -> None:
        registry, day = self.registry, self.matrix.date
        add = functools.partial(self.add, row=row, level=level)
        if not cell.bodies:
            add("no-body", f"no body coordinates row {row!r} at the {level} level")
        leads = [a.body for a in cell.bodies if a.role is Role.LEAD]
        if len(leads) > 1:
            message = f"{len(leads)} leads ({', '.join(leads)}); a row has one lead per level"
            add("many-leads", message)
        named = Counter(a.body for a in cell.bodies)
        for body_id, times in named.items():
            if times > 1:
                add("duplicate-body", f"{body_id!r} is listed {times} times", body=body_id)
        for body_id in named:
            body = registry.bodies.get(body_id)
            if body is None:
                hint = registry.hint("body", body_id)
                add("unknown-body", _join(f"unknown body {body_id!r}", hint), body=body_id)
                continue
            if body.belongs_in(level) and not body.level.belongs_in(level):
                message = (
                    f"{body_id!r} is a national {body.kind}; in the regional column it stands for"
                    " its regional offices"
                )
                add("regional-offices", message, body=body_id)
            elif not body.belongs_in(level):
                message = (
                    f"{body_id!r} is a {body.level} body, not a national one"
                    if level is Level.NATIONAL
                    else f"{body_id!r} is a national body; move it to the national column"
                )
                add("wrong-level", message, body=body_id)
            if not body.valid_on(day):
                add("not-valid", self.validity(body, level), body=body_id)
        texts = Counter(task.text for task in cell.tasks)
        for text, times in texts.items():
            if times > 1:
                add("duplicate-task", f"task {text!r} is listed {times} times")
        for task in cell.tasks:
            for body_id in task.bodies:
                if body_id not in named:
                    message = f"task {task.text!r} names {body_id!r}, which is not among the bodies"
                    add("task-body", message, body=body_id)

    def validity(self, body: Body, level: Level) -> str:
        """Say when ``body`` existed and, if it has ended, what carries on its tasks."""
        day = self.matrix.date
        if body.valid_to is None or day <= body.valid_to:
            return f"{body.id!r} began {body.valid_from}, after the matrix date {day}"
        successors = [
            b.id if b.level.belongs_in(level) else f"{b.id} ({b.level})"
            for b in self.registry.successors(body.id, day)
        ]
        then = f"; its successors on that date: {', '.join(successors)}" if successors else ""
        return f"{body.id!r} ended {body.valid_to}, before the matrix date {day}{then}"


def shared_cells(matrix: Matrix, registry: Registry | None = None) -> dict[str, str]:
    """Return the rows of ``matrix`` that hold another row's cells, each with that row.

    The strategy's ``same_cell_as`` says where the forum's slide gives two means one set of
    bodies and tasks (slide 13: ``T1.3b`` has the cells of ``T1.3a``). Where ``matrix`` gives
    the two rows identical cells, national and regional, they are one cell: counts of the
    matrix's cells take the later row as the earlier one's, and the slide format shows the two
    means on one slide. A pair the matrix gives different cells, or lacks a row of, is two
    cells and not in the answer. This is the one place that decides it.

    Parameters
    ----------
    matrix
        Any matrix.
    registry
        Where the strategy comes from; the shipped registry by default.

    Returns
    -------
    dict[str, str]
        Row id → the id of the row that holds its cells first, in the strategy's order.

    Examples
    --------
    >>> import elo_coord
    >>> baseline = elo_coord.load_matrix("matrices/baseline/tno-2022.yaml")
    >>> shared_cells(baseline)
    {'T1.3b': 'T1.3a'}
    >>> rows = [row for row in baseline.rows if row.row != "T1.3a"]
    >>> shared_cells(baseline.model_copy(update={"rows": rows}))
    {}
    """
    registry = registry or default_registry()
    strategy = registry.strategies.get(matrix.strategy)
    if strategy is None:
        return {}
    first = _first_rows(matrix)
    shared: dict[str, str] = {}
    for place in strategy.rows():
        other = place.means.same_cell_as if place.means is not None else None
        if other is None or not {place.id, other} <= first.keys():
            continue
        if _same_cells(first[place.id], first[other]):
            shared[place.id] = shared.get(other, other)
    return shared


def _first_rows(matrix: Matrix) -> dict[str, Row]:
    """Return each row of ``matrix`` by id; the first where a row appears twice."""
    rows: dict[str, Row] = {}
    for row in matrix.rows:
        rows.setdefault(row.row, row)
    return rows


def _same_cells(a: Row, b: Row) -> bool:
    return a.national == b.national and a.regional == b.regional


def _join(message: str, hint: str) -> str:
    return f"{message} — {hint}" if hint else message
