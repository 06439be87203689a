"""The forum's synthesis: one matrix from many proposals, with provenance and open questions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from elo_coord._model import (
    MATRIX_LEVELS,
    Assignment,
    Cell,
    Kind,
    Level,
    Matrix,
    Question,
    Role,
    Row,
    Status,
    Task,
)
from elo_coord._registry import Registry
from elo_coord._support import By, _answers, _row_order, support, task_groups

__all__ = ["synthesize"]


def synthesize(
    proposals: Iterable[Matrix],
    threshold: float = 2 / 3,
    *,
    minority: float = 1 / 3,
    by: By = "region",
    similar: float = 80,
    id: str = "synteesi",
    title: str | None = None,
    date: dt.date | None = None,
    registry: Registry | None = None,
) -> Matrix:
    """Build the matrix the proposals agree on, saying who proposed each part.

    Parameters
    ----------
    proposals
        The regions' proposals, all for one strategy. Declined ones are left out.
    threshold
        A body or a task group enters the synthesis when its share of the regions that answered
        the row (see :func:`elo_coord.support`) is at least this.
    minority
        Bodies at or below this share become ``minority`` questions; those between ``minority``
        and ``threshold`` become ``contested`` questions.
    by
        ``"region"`` counts a joint answer once per region, ``"answer"`` once.
    similar
        How alike (0–100) two task texts must be to count as one task (:func:`task_groups`).
    id, title, date
        The new matrix's id, title (Finnish by default) and date (by default the latest
        proposal's).
    registry
        Where the strategy's row order comes from.

    Returns
    -------
    Matrix
        Of kind ``synthesis``. Each body and task carries ``regions``: the regions that proposed
        it. A body becomes the lead when more than half of those naming it made it the lead (the
        most-named such body if several). A task's text is the wording most regions used.
        ``questions`` lists the contested cells and minority views. The synthesis is
        ``illustrative`` when any proposal is.

    Raises
    ------
    ValueError
        No proposals, or proposals for different strategies.

    Examples
    --------
    >>> from elo_coord import load_matrices, synthesize
    >>> forum = synthesize(load_matrices("matrices/proposals"))
    >>> row = forum.rows[0]
    >>> [(a.body, a.role.value, len(a.regions)) for a in row.regional.bodies]
    [('ELY', 'lead', 13), ('TE-toimistot', 'partner', 11)]
    >>> forum.illustrative
    True
    """
    proposals = list(proposals)
    answers = _answers(proposals, by)
    if not answers:
        raise ValueError("there are no answered proposals to synthesise")
    strategies = sorted({a.matrix.strategy for a in answers})
    if len(strategies) > 1:
        raise ValueError(f"the proposals are for different strategies: {', '.join(strategies)}")
    lines = support(
        proposals, by=by, consensus=threshold, minority=minority, registry=registry
    ).to_dicts()
    groups = task_groups(proposals, similar=similar, registry=registry).to_dicts()

    # Rows follow the strategy; bodies and tasks the order in which they first appear in the
    # (id-sorted) proposals, so that N copies of one proposal give back its order.
    row_order = _row_order(answers, registry)
    answer_order = {a.matrix.id: i for i, a in enumerate(answers)}
    first: dict[tuple[str, ...], int] = {}
    notes: dict[str, list[str | None]] = defaultdict(list)
    quotes: dict[str, list[str]] = defaultdict(list)
    for answer in answers:
        for row in answer.matrix.rows:
            notes[row.row].append(row.note)
            quotes[row.row] += [q for q in row.quotes if q not in quotes[row.row]]
            for level in MATRIX_LEVELS:
                for assignment in row.cell(level).bodies:
                    first.setdefault(("body", row.row, level, assignment.body), len(first))

    totals: dict[tuple[str, str], int] = defaultdict(int)
    for answer in answers:
        for row in answer.matrix.rows:
            for level in MATRIX_LEVELS:
                totals[row.row, level.value] += answer.weight
    bodies: dict[tuple[str, str], list[tuple[int, Assignment, int, int]]] = defaultdict(list)
    questions: list[Question] = []
    for line in lines:
        cell = (line["row_id"], line["level"])
        status = line["status"]
        regions = tuple(line["regions"])
        if status == Status.CONSENSUS:
            rank = first[("body", line["row_id"], Level(line["level"]), line["body_id"])]
            entry = Assignment(body=line["body_id"], regions=regions)
            bodies[cell].append((rank, entry, line["lead_n"], line["n"]))
        elif line["n"] > 0:
            share = f"{line['n']}/{line['total']}"
            questions.append(
                Question(
                    row=line["row_id"],
                    level=line["level"],
                    body=line["body_id"],
                    status=status,
                    regions=regions,
                    note=f"Ehdottajia {share} riviin vastanneista alueista.",
                )
            )

    tasks: dict[tuple[str, str], list[tuple[tuple[int, int], Task]]] = defaultdict(list)
    members: dict[int, list[dict[str, object]]] = defaultdict(list)
    for member in groups:
        members[int(str(member["group"]))].append(member)
    for group in members.values():
        head = group[0]
        cell = (str(head["row_id"]), str(head["level"]))
        named = {str(r) for m in group for r in _strings(m["regions"])}
        weight = sum(len(_strings(m["regions"])) if by == "region" else 1 for m in group)
        total = totals.get(cell, 0)
        if not total or weight < threshold * total - 1e-9:
            continue
        wording = [m for m in group if m["task"] == head["text"]]
        place = min((answer_order[str(m["matrix_id"])], int(str(m["position"]))) for m in group)
        task = Task(
            text=str(head["text"]),
            bodies=_most_common(tuple(_strings(m["bodies"])) for m in wording),
            regions=tuple(sorted(named)),
        )
        tasks[cell].append((place, task))

    answered = {row.row for a in answers for row in a.matrix.rows}
    rows = []
    for row_id in sorted(answered, key=row_order.__getitem__):
        cells = {}
        for level in MATRIX_LEVELS:
            chosen = sorted(bodies.get((row_id, level.value), []), key=lambda item: item[0])
            lead = _lead([(entry, lead_n, n) for _, entry, lead_n, n in chosen])
            cells[level.value] = Cell(
                bodies=tuple(
                    entry.model_copy(update={"role": Role.LEAD}) if entry.body == lead else entry
                    for _, entry, _, _ in chosen
                ),
                tasks=tuple(
                    task for _, task in sorted(tasks.get((row_id, level.value), []), key=_first)
                ),
            )
        rows.append(
            Row(
                row=row_id,
                national=cells["national"],
                regional=cells["regional"],
                # A note speaks for its own proposal; it carries over only if all wrote it.
                note=notes[row_id][0] if len(set(notes[row_id])) == 1 else None,
                quotes=tuple(quotes[row_id]),
            )
        )
    proposers = tuple(sorted({r for a in answers for r in a.matrix.proposers}))
    counted = "yhteisvastaus kerran kullekin alueelle" if by == "region" else "vastaukset kerran"
    return Matrix(
        id=id,
        kind=Kind.SYNTHESIS,
        strategy=strategies[0],
        date=date or max(a.matrix.date for a in answers),
        title=title or f"Synteesi {len(answers)} ehdotuksesta",
        proposers=proposers,
        illustrative=any(a.matrix.illustrative for a in answers),
        note=(
            f"Koottu elo_coordilla {len(answers)} ehdotuksesta: mukana toimijat ja tehtävät, jotka "
            f"vähintään {threshold * 100:.0f} % riviin vastanneista alueista nimesi ({counted})."
        ),
        rows=tuple(rows),
        questions=tuple(questions),
    )


def _first(ranked: tuple[tuple[int, int], Task]) -> tuple[int, int]:
    return ranked[0]


def _strings(value: object) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def _most_common(candidates: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    counts: dict[tuple[str, ...], int] = defaultdict(int)
    order: dict[tuple[str, ...], int] = {}
    for candidate in candidates:
        counts[candidate] += 1
        order.setdefault(candidate, len(order))
    if not counts:
        return ()
    return min(counts, key=lambda c: (-counts[c], order[c]))


def _lead(chosen: list[tuple[Assignment, int, int]]) -> str | None:
    """Return the body most of whose proposers made it the lead; the most-made-lead if several."""
    best: tuple[int, int] | None = None
    lead = None
    for position, (entry, lead_n, n) in enumerate(chosen):
        if 2 * lead_n > n and (best is None or (-lead_n, position) < best):
            best, lead = (-lead_n, position), entry.body
    return lead
