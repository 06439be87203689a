"""What the forum decides: the changes a synthesis proposes to the baseline, and which it accepted.

The forum starts from the baseline and accepts or rejects each change the proposals suggest. The
saved result, a matrix of kind ``synthesis``, *is* the decision: the workbench ticks what a saved
file already holds, and the forum report shows the saved file. This module is the one place that
works out the changes to decide and reads a saved decision back into ticks.

Walking its agenda, the forum also decides the contested cells one by one (accept, reject or
defer, with a rationale and who recorded it): :func:`agenda_decision` makes the record from an
agenda line, and :func:`with_verdicts` writes the records into the synthesis and their outcome
into its rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polars as pl

from elo_coord._diff import Change, diff, patch
from elo_coord._errors import InputError
from elo_coord._model import (
    MATRIX_LEVELS,
    Assignment,
    Decision,
    Kind,
    Lang,
    Level,
    Matrix,
    Question,
    Role,
    Row,
    Status,
    Verdict,
)
from elo_coord._synthesis import leads

if TYPE_CHECKING:
    from elo_coord._comparison import Comparison

__all__ = [
    "AUTOMATIC",
    "Decisions",
    "agenda_decision",
    "change_keys",
    "decisions",
    "verdicts_in_force",
    "with_verdicts",
]

AUTOMATIC: tuple[Change, ...] = (
    Change.FIELD_CHANGED,
    Change.NOTE_CHANGED,
    Change.REGIONS_CHANGED,
    Change.TASK_CHANGED,
    Change.BODIES_REORDERED,
    Change.TASKS_REORDERED,
    Change.ROWS_REORDERED,
)
"""Changes that follow the synthesis without a decision: the matrix's fields (title, proposers,
questions …), notes, provenance and order. The forum decides bodies, roles, tasks and rows."""

_KEY = ("change", "row_id", "level", "body_id", "task", "field", "new")


@dataclass(frozen=True)
class Decisions:
    """The changes the forum decides one by one, and what follows on its own.

    Build it with :func:`decisions`.
    """

    start: Matrix
    """The baseline under the synthesis's id and kind: where the decisions apply."""
    automatic: pl.DataFrame
    """Lines of :func:`~elo_coord.diff` that follow on their own (see :data:`AUTOMATIC`)."""
    changes: pl.DataFrame
    """Lines of :func:`~elo_coord.diff` for the forum to accept or reject, in diff order."""
    provenance: dict[tuple[str, str, str], tuple[str, ...]] = field(default_factory=dict)
    """The regions that named each body, by row, level and body: the comparison's support."""

    def apply(self, accepted: Sequence[bool], verdicts: Sequence[Decision] = ()) -> Matrix:
        """Return the baseline with the automatic changes and the ``accepted`` ones.

        ``accepted`` holds one flag per line of :attr:`changes`; ``verdicts`` are the decisions
        the forum recorded walking its agenda, applied last (:func:`with_verdicts`).
        """
        if len(accepted) != self.changes.height:
            raise ValueError(
                f"{len(accepted)} flags for {self.changes.height} changes: give one per change"
            )
        chosen = self.changes.filter(pl.Series(list(accepted), dtype=pl.Boolean))
        decided = self.with_provenance(patch(self.start, pl.concat([self.automatic, chosen])))
        return with_verdicts(decided, verdicts)

    def with_provenance(self, decided: Matrix) -> Matrix:
        """Return ``decided`` with every body's regions from the support, where it lacks them.

        A body the forum kept against the proposals (it rejected the removal) has no regions
        from the synthesis; without this its provenance would read ``0/13`` however many named it.
        """
        rows = []
        for row in decided.rows:
            update = {}
            for level in MATRIX_LEVELS:
                cell = row.cell(level)
                bodies = tuple(
                    a.model_copy(
                        update={"regions": self.provenance.get((row.row, level.value, a.body), ())}
                    )
                    if not a.regions
                    else a
                    for a in cell.bodies
                )
                if bodies != cell.bodies:
                    update[level.value] = cell.model_copy(update={"bodies": bodies})
            rows.append(row.model_copy(update=update) if update else row)
        return decided.model_copy(update={"rows": tuple(rows)})

    def accepted_in(self, decided: Matrix) -> list[bool]:
        """Return, for each line of :attr:`changes`, whether the saved ``decided`` matrix holds it.

        A change is held when the decided matrix differs from the start in exactly that way:
        the same change to the same row, level, body or task, with the same new value.
        """
        held = diff(self.start, decided.model_copy(update={"id": self.start.id}))
        keys = set(change_keys(held))
        return [line in keys for line in change_keys(self.changes)]


def change_keys(changes: pl.DataFrame) -> list[tuple[object, ...]]:
    """Return what identifies each line of a diff as one decision: the change, where, and to what.

    Two lines with equal keys are the same decision, whichever comparison they came from.
    """
    return list(changes.select(_KEY).iter_rows())


def decisions(forum: Comparison, baseline: Matrix, *, id: str, lang: Lang = "fi") -> Decisions:
    """Return the changes ``forum``'s synthesis (under ``id``) proposes to ``baseline``.

    Examples
    --------
    >>> import elo_coord
    >>> forum = elo_coord.Comparison(elo_coord.load_matrices("matrices/proposals"))
    >>> baseline = elo_coord.load_matrix("matrices/baseline/tno-2022.yaml")
    >>> todo = decisions(forum, baseline, id="foorumi")
    >>> todo.accepted_in(todo.apply([True] * todo.changes.height)) == [True] * todo.changes.height
    True
    >>> any(todo.accepted_in(todo.start))
    False
    """
    synthesis = forum.synthesis_as(id, lang=lang)
    start = baseline.model_copy(update={"id": synthesis.id, "kind": Kind.SYNTHESIS})
    changes = diff(start, synthesis)
    automatic = pl.col("change").is_in([change.value for change in AUTOMATIC])
    provenance = {
        (row_id, level, body_id): tuple(dict.fromkeys(regions))
        for row_id, level, body_id, regions in forum.support.select(
            "row_id", "level", "body_id", "regions"
        ).iter_rows()
    }
    return Decisions(start, changes.filter(automatic), changes.filter(~automatic), provenance)


def agenda_decision(
    line: Mapping[str, object],
    verdict: Verdict | str,
    *,
    rationale: str,
    by: str,
    at: dt.datetime | None = None,
) -> Decision:
    """Return the forum's decision on the agenda line ``line`` (of :attr:`Comparison.agenda`).

    An accepted body gets the lead's role when more than half of the regions naming it made it
    the lead (as in the synthesis), else a partner's. The record keeps the regions that named it
    and how many answered (its provenance), the rationale, who recorded it and when.

    Examples
    --------
    >>> import elo_coord
    >>> forum = elo_coord.Comparison(elo_coord.load_matrices("matrices/proposals"))
    >>> line = forum.agenda.row(0, named=True)
    >>> d = agenda_decision(line, "accept", rationale="Sovittiin", by="Pia")
    >>> (d.row, d.level.value, d.body, d.role.value, len(d.regions), d.answered) == (
    ...     line["row_id"], line["level"], line["body_id"], "partner", line["n"], line["total"])
    True
    """
    verdict = Verdict(verdict)
    role = None
    if verdict is Verdict.ACCEPT:
        lead_n, n = int(str(line["lead_n"])), int(str(line["n"]))
        role = Role.LEAD if leads(lead_n, n) else Role.PARTNER
    regions = line["regions"]
    return Decision(
        row=str(line["row_id"]),
        level=Level(str(line["level"])),
        body=str(line["body_id"]),
        verdict=verdict,
        role=role,
        rationale=rationale.strip(),
        by=by.strip(),
        at=at or dt.datetime.now(dt.UTC).replace(microsecond=0),
        regions=tuple(dict.fromkeys(str(r) for r in regions))
        if isinstance(regions, Sequence)
        else (),
        answered=int(str(line["total"])),
    )


def verdicts_in_force(verdicts: Sequence[Decision]) -> dict[tuple[str, str, str], Decision]:
    """Return the decision in force for each body, row and level: the last one made."""
    return {(d.row, d.level.value, d.body): d for d in verdicts}


def with_verdicts(matrix: Matrix, verdicts: Sequence[Decision]) -> Matrix:
    """Return the synthesis ``matrix`` recording ``verdicts``, its rows holding what they decided.

    Each body, row and level takes its last decision: ``accept`` puts the body there with the
    decision's role (a new lead makes the level's earlier lead a partner) and its regions;
    ``reject`` takes it out; ``defer`` leaves the cell as it is and the question open (one is
    added if the synthesis had none). A decided cell's open question about the body goes.

    Examples
    --------
    >>> import datetime as dt
    >>> from elo_coord import Decision, Matrix
    >>> m = Matrix(id="f", kind="synthesis", strategy="elo-2020-2023", date="2026-03-25",
    ...            title="Foorumi", rows=[{"row": "T4.1", "regional": {"bodies": ["kunnat"]}}])
    >>> at = dt.datetime(2026, 3, 25, 10, 0, tzinfo=dt.UTC)
    >>> kunnat = Decision(row="T4.1", level="regional", body="kunnat", verdict="reject",
    ...                   rationale="Ei", by="Pia", at=at)
    >>> ely = Decision(row="T4.1", level="regional", body="ELY", verdict="accept", role="lead",
    ...                rationale="Kyllä", by="Pia", at=at)
    >>> decided = with_verdicts(m, [kunnat, ely])
    >>> [(a.body, a.role.value) for a in decided.rows[0].regional.bodies]
    [('ELY', 'lead')]
    >>> len(decided.decisions)
    2
    """
    if verdicts and matrix.kind is not Kind.SYNTHESIS:
        raise InputError(
            f"{matrix.id}: only a synthesis records the forum's decisions, not a"
            f" {matrix.kind.value}"
        )
    rows = {row.row: row for row in matrix.rows}
    order = [row.row for row in matrix.rows]
    questions = list(matrix.questions)
    for (row_id, level_id, body), decision in verdicts_in_force(verdicts).items():
        level = Level(level_id)
        asked = [q for q in questions if (q.row, q.level, q.body) == (row_id, level, body)]
        if decision.verdict is Verdict.DEFER:
            if not asked:
                questions.append(
                    Question(
                        row=row_id,
                        level=level,
                        body=body,
                        status=Status.CONTESTED,
                        regions=decision.regions,
                        note=decision.rationale,
                    )
                )
            continue
        questions = [q for q in questions if q not in asked]
        row = rows.get(row_id) or Row(row=row_id)
        if row_id not in rows:
            order.append(row_id)
        cell = row.cell(level)
        bodies = [a for a in cell.bodies if a.body != body]
        if decision.verdict is Verdict.ACCEPT:
            assert decision.role is not None  # an accepted decision has its role
            if decision.role is Role.LEAD:
                bodies = [
                    a.model_copy(update={"role": Role.PARTNER}) if a.role is Role.LEAD else a
                    for a in bodies
                ]
            kept = next((a for a in cell.bodies if a.body == body), None)
            entry = Assignment(body=body, role=decision.role, regions=decision.regions)
            if kept is not None:  # in its place, with its own provenance if the decision has none
                entry = kept.model_copy(
                    update={"role": decision.role, "regions": decision.regions or kept.regions}
                )
                bodies.insert([a.body for a in cell.bodies].index(body), entry)
            else:
                bodies.append(entry)
        rows[row_id] = row.model_copy(
            update={level.value: cell.model_copy(update={"bodies": tuple(bodies)})}
        )
    return matrix.model_copy(
        update={
            "rows": tuple(rows[row_id] for row_id in order),
            "questions": tuple(questions),
            "decisions": tuple(verdicts),
        }
    )
