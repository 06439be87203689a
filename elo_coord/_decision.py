"""What the forum decides: the changes a synthesis proposes to the baseline, and which it accepted.

The forum starts from the baseline and accepts or rejects each change the proposals suggest. The
saved result, a matrix of kind ``synthesis``, *is* the decision: the workbench ticks what a saved
file already holds, and the forum report shows the saved file. This module is the one place that
works out the changes to decide and reads a saved decision back into ticks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polars as pl

from elo_coord._diff import Change, diff, patch
from elo_coord._model import MATRIX_LEVELS, Kind, Lang, Matrix

if TYPE_CHECKING:
    from elo_coord._comparison import Comparison

__all__ = ["AUTOMATIC", "Decisions", "change_keys", "decisions"]

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

    def apply(self, accepted: Sequence[bool]) -> Matrix:
        """Return the baseline with the automatic changes and the ``accepted`` ones.

        ``accepted`` holds one flag per line of :attr:`changes`.
        """
        if len(accepted) != self.changes.height:
            raise ValueError(
                f"{len(accepted)} flags for {self.changes.height} changes: give one per change"
            )
        chosen = self.changes.filter(pl.Series(list(accepted), dtype=pl.Boolean))
        return self.with_provenance(patch(self.start, pl.concat([self.automatic, chosen])))

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
