"""The forum's synthesis: one matrix from a comparison's support lines and task groups.

Nothing is counted here: the bodies come from :attr:`Comparison.support`, the tasks from
:attr:`Comparison.task_groups`, the row order from :attr:`Comparison.row_order`. This module only
arranges them into a :class:`~elo_coord.Matrix` of kind ``synthesis``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

import polars as pl

from elo_coord._labels import label
from elo_coord._model import (
    MATRIX_LEVELS,
    Assignment,
    Cell,
    Kind,
    Lang,
    Matrix,
    Question,
    Role,
    Row,
    Status,
    Task,
)

if TYPE_CHECKING:
    from elo_coord._comparison import Comparison

__all__ = ["build_synthesis", "leads"]


def build_synthesis(
    comparison: Comparison,
    *,
    id: str,
    title: str | None,
    date: dt.date | None,
    lang: Lang,
) -> Matrix:
    """Return the synthesis of ``comparison``'s answers; see :func:`elo_coord.synthesize`."""
    answers = comparison.answered
    by = comparison.by
    order = comparison.row_order

    # Bodies and tasks keep the order in which they first appear in the (id-sorted) answers, so
    # that N copies of one proposal give back its order.
    first = comparison.answers.group_by("row_id", "level", "body_id").agg(
        first=pl.col("line").min()
    )
    # Provenance names each region once, however many of its answers named the body.
    lines = comparison.support.select(
        "row_id",
        "level",
        "body_id",
        "n",
        "total",
        "lead_n",
        pl.col("regions").list.unique(maintain_order=True),
        "status",
    ).join(first, on=["row_id", "level", "body_id"], how="left", maintain_order="left")
    bodies: dict[tuple[str, str], list[tuple[int, Assignment, int, int]]] = defaultdict(list)
    questions: list[Question] = []
    for line in lines.iter_rows(named=True):
        regions = tuple(line["regions"])
        if line["status"] == Status.CONSENSUS:
            entry = Assignment(body=line["body_id"], regions=regions)
            cell = (line["row_id"], line["level"])
            bodies[cell].append((line["first"], entry, line["lead_n"], line["n"]))
        elif line["n"] > 0:
            note = label("question_share", lang).format(share=f"{line['n']}/{line['total']}")
            questions.append(
                Question(
                    row=line["row_id"],
                    level=line["level"],
                    body=line["body_id"],
                    status=line["status"],
                    regions=regions,
                    note=note,
                )
            )

    # A consensus a camp of like answers does not share stays in, and is asked about.
    split = comparison.group_consensus.filter(pl.col("split"))
    for line in split.join(
        lines.select("row_id", "level", "body_id", "n", "total", "regions"),
        on=["row_id", "level", "body_id"],
        maintain_order="left",
    ).iter_rows(named=True):
        dissent = ", ".join(
            comparison.registry.name("region", region, lang).text for region in line["dissent"]
        )
        note = label("question_split", lang).format(
            share=f"{line['n']}/{line['total']}",
            camps=f"{line['camps_naming']}/{line['camps']}",
            dissent=dissent,
        )
        questions.append(
            Question(
                row=line["row_id"],
                level=line["level"],
                body=line["body_id"],
                status=Status.SPLIT,
                regions=tuple(line["regions"]),
                note=note,
            )
        )

    tasks = _tasks(comparison)

    # A note speaks for its own proposal; it carries over only if all wrote it. Quotes all do.
    notes: dict[str, str | None] = {}
    differ: set[str] = set()
    quotes: dict[str, dict[str, None]] = defaultdict(dict)
    for answer in answers:
        for row in answer.rows:
            if row.row not in notes:
                notes[row.row] = row.note
            elif row.note != notes[row.row]:
                differ.add(row.row)
            if row.quotes:
                quotes[row.row].update(dict.fromkeys(row.quotes))
    rows = []
    for row_id in sorted(notes, key=order.__getitem__):
        cells = {}
        for level in MATRIX_LEVELS:
            chosen = sorted(bodies.get((row_id, level.value), []), key=lambda item: item[0])
            lead = _lead([(entry, lead_n, n) for _, entry, lead_n, n in chosen])
            cells[level.value] = Cell(
                bodies=tuple(
                    entry.model_copy(update={"role": Role.LEAD}) if entry.body == lead else entry
                    for _, entry, _, _ in chosen
                ),
                tasks=tasks.get((row_id, level.value), ()),
            )
        rows.append(
            Row(
                row=row_id,
                national=cells["national"],
                regional=cells["regional"],
                note=None if row_id in differ else notes[row_id],
                quotes=tuple(quotes.get(row_id, ())),
            )
        )
    proposers = tuple(sorted({r for a in answers for r in a.proposers}))
    counted = label("counted_by_region" if by == "region" else "counted_by_answer", lang)
    return Matrix(
        id=id,
        kind=Kind.SYNTHESIS,
        strategy=answers[0].strategy,
        date=date or max(a.date for a in answers),
        title=title or label("synthesis_title", lang).format(n=len(answers)),
        proposers=proposers,
        illustrative=any(a.illustrative for a in answers),
        note=label("synthesis_note", lang).format(
            n=len(answers), share=f"{comparison.consensus * 100:.0f}", counted=counted
        ),
        rows=tuple(rows),
        questions=tuple(questions),
    )


def _tasks(comparison: Comparison) -> dict[tuple[str, str], tuple[Task, ...]]:
    """Return the task groups at or above the consensus, by cell, in first-appearance order.

    A task's bodies are those most of its group's members with the chosen wording gave (the first
    given on a tie); its regions every region of the group.
    """
    groups = comparison.task_groups
    if groups.is_empty():
        return {}
    weight = pl.col("regions").list.len() if comparison.by == "region" else pl.lit(1)
    answer = comparison.respondents.select("matrix_id", "answer")
    members = groups.join(answer, on="matrix_id", how="left", maintain_order="left")
    members = members.with_row_index("member")
    chosen = (
        members.group_by("group", maintain_order=True)
        .agg(
            pl.col("row_id").first(),
            pl.col("level").first(),
            pl.col("text").first(),
            weight=weight.sum(),
            # The first answer's place, then the task's place in it.
            place=(pl.col("answer").cast(pl.Int64) * 2**32 + pl.col("position")).min(),
        )
        .join(
            comparison.totals.drop("answered"),
            on=["row_id", "level"],
            how="left",
            maintain_order="left",
        )
        .filter(
            pl.col("total") > 0,
            comparison.agreed(pl.col("weight"), pl.col("total")),
        )
    )
    members = members.filter(pl.col("group").is_in(chosen.get_column("group").implode()))
    regions = members.group_by("group").agg(
        pl.col("regions").list.explode(keep_nulls=False, empty_as_null=False).unique().sort()
    )
    bodies = (
        members.filter(pl.col("task") == pl.col("text"))
        .group_by("group", "bodies")
        .agg(count=pl.len(), first=pl.col("member").min())
        .sort("group", "count", "first", descending=[False, True, False])
        .unique("group", keep="first")
        .select("group", "bodies")
    )
    chosen = (
        chosen.join(regions, on="group", how="left")
        .join(bodies, on="group", how="left")
        .sort("place")
    )
    tasks: dict[tuple[str, str], list[Task]] = defaultdict(list)
    for line in chosen.iter_rows(named=True):
        task = Task(
            text=line["text"],
            bodies=tuple(line["bodies"] or ()),
            regions=tuple(line["regions"] or ()),
        )
        tasks[line["row_id"], line["level"]].append(task)
    return {cell: tuple(found) for cell, found in tasks.items()}


def leads(lead_n: int, n: int) -> bool:
    """Whether a body named by ``n`` regions, ``lead_n`` of them as the lead, is the lead.

    It is when more than half of those naming it made it the lead: in the synthesis, and when
    the forum accepts it (:func:`elo_coord._decision.agenda_decision`).
    """
    return 2 * lead_n > n


def _lead(chosen: list[tuple[Assignment, int, int]]) -> str | None:
    """Return the body most of whose proposers made it the lead; the most-made-lead if several."""
    best: tuple[int, int] | None = None
    lead = None
    for position, (entry, lead_n, n) in enumerate(chosen):
        if leads(lead_n, n) and (best is None or (-lead_n, position) < best):
            best, lead = (-lead_n, position), entry.body
    return lead
