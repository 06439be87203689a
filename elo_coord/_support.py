"""How far the regions' proposals agree: support, coverage, task groups, similarity, minority views.

Every function takes matrices and returns a polars frame, ordered the same way whatever order the
proposals come in. A proposal answers a row by listing it (with no bodies it answers "nobody");
leaving a row out is no answer; a declined proposal answers nothing. ``by="region"`` counts a joint
answer once for each of its regions, ``by="answer"`` once.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple, TypeVar

import polars as pl

from elo_coord._labels import label
from elo_coord._model import MATRIX_LEVELS, Level, Matrix, Role, Status
from elo_coord._registry import Registry, default_registry

__all__ = [
    "COVERAGE_SCHEMA",
    "MINORITY_SCHEMA",
    "SIMILARITY_SCHEMA",
    "SUPPORT_SCHEMA",
    "TASK_GROUP_SCHEMA",
    "CoverageCounts",
    "cluster_order",
    "coverage",
    "coverage_counts",
    "minority_views",
    "similarity",
    "support",
    "task_groups",
]

By = Literal["region", "answer"]
_T = TypeVar("_T")

_LEVEL: pl.DataType = pl.Enum([level.value for level in MATRIX_LEVELS])
_STATUS: pl.DataType = pl.Enum([status.value for status in Status])

SUPPORT_SCHEMA = pl.Schema(
    {
        "row_id": pl.String(),
        "level": _LEVEL,
        "body_id": pl.String(),
        "n": pl.Int64(),
        "total": pl.Int64(),
        "share": pl.Float64(),
        "agreement": pl.Float64(),
        "lead_n": pl.Int64(),
        "regions": pl.List(pl.String()),
        "proposals": pl.List(pl.String()),
        "baseline_role": pl.Enum([role.value for role in Role]),
        "status": _STATUS,
    }
)
"""Columns of :func:`support`."""


class _Answer(NamedTuple):
    """One proposal as an answer: who gave it and how much it weighs."""

    matrix: Matrix
    regions: tuple[str, ...]
    weight: int


def _answers(proposals: Iterable[Matrix], by: By) -> list[_Answer]:
    if by not in ("region", "answer"):
        raise ValueError(f"by must be 'region' or 'answer', not {by!r}")
    answers = []
    # The whole record breaks ties between equal ids, so any input order gives the same answers.
    for matrix in sorted(proposals, key=lambda m: (m.id, m.model_dump_json())):
        if matrix.declined:
            continue
        regions = tuple(matrix.proposers) or (matrix.id,)
        answers.append(_Answer(matrix, regions, len(regions) if by == "region" else 1))
    return answers


def _row_order(answers: Sequence[_Answer], registry: Registry | None) -> dict[str, int]:
    """Rank rows by the strategy's order, then rows the strategy lacks by first appearance."""
    order: dict[str, int] = {}
    strategies = {answer.matrix.strategy for answer in answers}
    if len(strategies) == 1:
        registry = registry or default_registry()
        strategy = registry.strategies.get(strategies.pop())
        if strategy is not None:
            order = {row.id: i for i, row in enumerate(strategy.rows())}
    for answer in answers:
        for row in answer.matrix.rows:
            order.setdefault(row.row, len(order))
    return order


def _status(n: int, total: int, consensus: float, minority: float) -> Status | None:
    if total == 0:
        return None
    if n >= consensus * total - 1e-9:
        return Status.CONSENSUS
    if n <= minority * total + 1e-9:
        return Status.MINORITY
    return Status.CONTESTED


def support(
    proposals: Iterable[Matrix],
    *,
    by: By = "region",
    baseline: Matrix | None = None,
    consensus: float = 2 / 3,
    minority: float = 1 / 3,
    registry: Registry | None = None,
) -> pl.DataFrame:
    """Count, for every body in every row and level, how many proposals name it.

    Parameters
    ----------
    proposals
        The regions' proposals. Declined ones answer nothing.
    by
        ``"region"`` counts a joint answer once per region; ``"answer"`` once.
    baseline
        A matrix whose bodies should have a line even when no proposal names them; its role goes
        in ``baseline_role``.
    consensus, minority
        ``status`` is ``consensus`` when ``share >= consensus``, ``minority`` when
        ``share <= minority``, ``contested`` between (null when nobody answered the row).
    registry
        Where the strategy's row order comes from; the shipped registry by default.

    Returns
    -------
    polars.DataFrame
        :data:`SUPPORT_SCHEMA`: one line per (row, level, body), in the strategy's row order,
        national before regional, most-named body first. ``agreement`` is the Polis-smoothed
        ``(1 + n) / (2 + total)``.

    Examples
    --------
    >>> import polars as pl
    >>> from elo_coord import load_matrices, support
    >>> lines = support(load_matrices("matrices/proposals"))
    >>> lines.filter(pl.col("row_id") == "T1.1b", pl.col("level") == "regional").select(
    ...     "body_id", "n", "total", "status").head(3).rows()
    ... # doctest: +NORMALIZE_WHITESPACE
    [('ELY', 13, 13, 'consensus'), ('TE-toimistot', 11, 13, 'consensus'),
     ('AVI', 7, 13, 'contested')]
    """
    answers = _answers(proposals, by)
    order = _row_order(answers, registry)
    total: dict[tuple[str, Level], int] = defaultdict(int)
    named: dict[tuple[str, Level, str], list[_Answer]] = defaultdict(list)
    leads: dict[tuple[str, Level, str], int] = defaultdict(int)
    for answer in answers:
        for row in answer.matrix.rows:
            for level in MATRIX_LEVELS:
                total[row.row, level] += answer.weight
                for assignment in row.cell(level).bodies:
                    key = (row.row, level, assignment.body)
                    # By identity: comparing whole matrices field by field is slow.
                    if not any(a is answer for a in named[key]):
                        named[key].append(answer)
                        if assignment.role is Role.LEAD:
                            leads[key] += answer.weight
    baseline_roles: dict[tuple[str, Level, str], Role] = {}
    if baseline is not None:
        for row in baseline.rows:
            order.setdefault(row.row, len(order))
            for level in MATRIX_LEVELS:
                for assignment in row.cell(level).bodies:
                    key = (row.row, level, assignment.body)
                    baseline_roles[key] = assignment.role
                    named.setdefault(key, [])
    lines: list[tuple[tuple[int, int, int, str], dict[str, object]]] = []
    for (row_id, level, body_id), namers in named.items():
        n = sum(a.weight for a in namers)
        answered = total[row_id, level]
        status = _status(n, answered, consensus, minority)
        role = baseline_roles.get((row_id, level, body_id))
        rank = (order[row_id], MATRIX_LEVELS.index(level), -n, body_id)
        line: dict[str, object] = {
            "row_id": row_id,
            "level": level.value,
            "body_id": body_id,
            "n": n,
            "total": answered,
            "share": n / answered if answered else None,
            "agreement": (1 + n) / (2 + answered),
            "lead_n": leads[row_id, level, body_id],
            "regions": sorted(r for a in namers for r in a.regions),
            "proposals": [a.matrix.id for a in namers],
            "baseline_role": role.value if role is not None else None,
            "status": status.value if status is not None else None,
        }
        lines.append((rank, line))
    lines.sort(key=lambda ranked: ranked[0])
    return pl.DataFrame([line for _, line in lines], schema=SUPPORT_SCHEMA, orient="row")


COVERAGE_SCHEMA = pl.Schema(
    {
        "region_id": pl.String(),
        "status": pl.Enum(["answered", "declined", "missing"]),
        "matrix_id": pl.String(),
        "respondent": pl.Enum(["group", "coordinator"]),
        "joint": pl.Boolean(),
        "expected": pl.Boolean(),
    }
)
"""Columns of :func:`coverage`."""


def coverage(
    proposals: Iterable[Matrix],
    regions: Iterable[str] | None = None,
    *,
    registry: Registry | None = None,
) -> pl.DataFrame:
    """Say for every region whether its group answered, declined or is missing.

    Parameters
    ----------
    proposals
        The proposals received, declined ones included.
    regions
        The regions whose groups were asked; by default every region of the registry that had an
        ELY centre (the 18 mainland regions).
    registry
        The registry for the default regions.

    Returns
    -------
    polars.DataFrame
        :data:`COVERAGE_SCHEMA`: one line per region asked, in the given (or registry) order,
        then any proposer that was not asked (``expected`` false) in alphabetical order.
        ``joint`` marks an answer given together with other regions.

    Examples
    --------
    >>> from elo_coord import coverage, coverage_counts, load_matrices
    >>> print(coverage_counts(coverage(load_matrices("matrices/proposals"))))
    13/18 regions answered
    """
    if regions is None:
        registry = registry or default_registry()
        regions = [r.id for r in registry.regions.values() if r.ely is not None]
    asked = list(dict.fromkeys(regions))
    found: dict[str, Matrix] = {}
    for matrix in sorted(proposals, key=lambda m: (m.declined, m.id)):
        for region in matrix.proposers:
            found.setdefault(region, matrix)
    lines = []
    for region in [*asked, *sorted(r for r in found if r not in asked)]:
        answer = found.get(region)
        status = "missing" if answer is None else "declined" if answer.declined else "answered"
        lines.append(
            {
                "region_id": region,
                "status": status,
                "matrix_id": answer.id if answer else None,
                "respondent": answer.respondent.value if answer and answer.respondent else None,
                "joint": bool(answer and len(answer.proposers) > 1),
                "expected": region in asked,
            }
        )
    return pl.DataFrame(lines, schema=COVERAGE_SCHEMA, orient="row")


@dataclass(frozen=True)
class CoverageCounts:
    """The coverage of a survey in numbers, as the forum states it ("15/18 groups")."""

    asked: int
    """Regions whose groups were asked."""
    answered: int
    """Regions that answered, a joint answer counting once per region."""
    declined: int
    """Regions that declined."""
    missing: int
    """Regions with no answer."""
    coordinator: int
    """Regions that answered alone, through their coordinator."""
    group: int
    """Regions that answered alone, as the whole group."""
    joint_answers: int
    """Answers given jointly by several regions."""
    joint_regions: int
    """Regions covered by those joint answers."""

    def __str__(self) -> str:
        return f"{self.answered}/{self.asked} regions answered"

    def sentence(self, lang: str = "fi") -> str:
        """Return the coverage as the forum states it, in ``lang``.

        >>> counts = CoverageCounts(18, 15, 1, 2, 5, 8, 1, 2)
        >>> counts.sentence("en")
        '15/18 regions answered: 5 through their coordinator, 8 as a group, 2 in joint answers; 1 declined, 2 missing'
        """  # noqa: E501 - a doctest's output stays on one line
        return label("coverage", lang).format(
            answered=self.answered,
            asked=self.asked,
            coordinator=self.coordinator,
            group=self.group,
            joint=self.joint_regions,
            declined=self.declined,
            missing=self.missing,
        )


def coverage_counts(frame: pl.DataFrame) -> CoverageCounts:
    """Sum up a :func:`coverage` frame."""
    asked = frame.filter(pl.col("expected"))
    answered = asked.filter(pl.col("status") == "answered")
    joint = answered.filter(pl.col("joint"))
    alone = answered.filter(~pl.col("joint"))
    return CoverageCounts(
        asked=asked.height,
        answered=answered.height,
        declined=asked.filter(pl.col("status") == "declined").height,
        missing=asked.filter(pl.col("status") == "missing").height,
        coordinator=alone.filter(pl.col("respondent") == "coordinator").height,
        group=alone.filter(pl.col("respondent") == "group").height,
        joint_answers=joint.get_column("matrix_id").n_unique(),
        joint_regions=joint.height,
    )


TASK_GROUP_SCHEMA = pl.Schema(
    {
        "row_id": pl.String(),
        "level": _LEVEL,
        "group": pl.Int64(),
        "text": pl.String(),
        "task": pl.String(),
        "bodies": pl.List(pl.String()),
        "matrix_id": pl.String(),
        "position": pl.Int64(),
        "regions": pl.List(pl.String()),
    }
)
"""Columns of :func:`task_groups`: one line per task of each proposal (``position`` is its place in
the proposal's list), with its group's number and representative ``text`` (the wording most
regions used)."""


def task_groups(
    proposals: Iterable[Matrix],
    *,
    similar: float = 80,
    registry: Registry | None = None,
) -> pl.DataFrame:
    """Group near-identical task texts that different proposals give in the same row and level.

    Texts are compared with rapidfuzz's ``token_sort_ratio`` after lower-casing and stripping
    punctuation; texts scoring at least ``similar`` (0–100) join one group, most similar first.
    Two tasks of one proposal never share a group.

    Returns
    -------
    polars.DataFrame
        :data:`TASK_GROUP_SCHEMA`, in row, level and group order. Groups are numbered from 0 across
        the whole frame; ``text`` is the wording given by most regions (ties: the first in
        alphabetical order).

    Examples
    --------
    >>> import polars as pl
    >>> from elo_coord import load_matrices, task_groups
    >>> groups = task_groups(load_matrices("matrices/proposals"))
    >>> variants = groups.filter(pl.col("text") == "Alueellisten erityispiirteiden tunnistaminen",
    ...                          pl.col("row_id") == "T1.3b")
    >>> for wording in sorted(set(variants.get_column("task"))):
    ...     print(wording)
    Alueellisten erityispiirteiden tunnistaminen
    Alueellisten erityispiirteiden tunnistaminen ja huomioiminen
    alueellisten erityispiirteiden tunnistaminen
    """
    from rapidfuzz.utils import default_process

    answers = _answers(proposals, "region")
    order = _row_order(answers, registry)
    cells: dict[tuple[str, Level], list[_Item]] = defaultdict(list)
    for answer in answers:
        for row in answer.matrix.rows:
            for level in MATRIX_LEVELS:
                seen: dict[str, int] = defaultdict(int)
                for position, task in enumerate(row.cell(level).tasks):
                    # Wordings equal but for case and punctuation count as one text here.
                    copy = seen[default_process(task.text)]
                    seen[default_process(task.text)] += 1
                    item = _Item(answer, task.text, task.bodies, copy, position)
                    cells[row.row, level].append(item)
    lines = []
    number = 0
    for (row_id, level), items in sorted(
        cells.items(), key=lambda kv: (order[kv[0][0]], MATRIX_LEVELS.index(kv[0][1]))
    ):
        for members in _group(items, similar):
            text = _representative(members)
            for item in members:
                lines.append(
                    {
                        "row_id": row_id,
                        "level": level.value,
                        "group": number,
                        "text": text,
                        "task": item.text,
                        "bodies": list(item.bodies),
                        "matrix_id": item.answer.matrix.id,
                        "position": item.position,
                        "regions": list(item.answer.regions),
                    }
                )
            number += 1
    return pl.DataFrame(lines, schema=TASK_GROUP_SCHEMA, orient="row")


class _Item(NamedTuple):
    answer: _Answer
    text: str
    bodies: tuple[str, ...]
    copy: int
    """0 for the first task with this text in its cell, 1 for a second one, …"""
    position: int
    """The task's place in its cell."""


def _group(items: list[_Item], similar: float) -> list[list[_Item]]:
    """Group the tasks of one cell: same wording first, then similar wordings, best pairs first."""
    from rapidfuzz import fuzz, utils

    exact: dict[tuple[str, int], list[_Item]] = defaultdict(list)
    for item in items:
        exact[utils.default_process(item.text), item.copy].append(item)
    keys = sorted(exact)
    groups = [exact[key] for key in keys]
    owner = list(range(len(groups)))

    def find(i: int) -> int:
        while owner[i] != i:
            owner[i] = owner[owner[i]]
            i = owner[i]
        return i

    # Which proposals each group holds; a key's items all come from different proposals.
    members = {i: {item.answer.matrix.id for item in group} for i, group in enumerate(groups)}
    texts = [key[0] for key in keys]
    pairs = []
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            score = fuzz.token_sort_ratio(texts[i], texts[j], score_cutoff=similar)
            if score:
                pairs.append((-score, i, j))
    if pairs:
        for _, i, j in sorted(pairs):
            a, b = find(i), find(j)
            if a == b or members[a] & members[b]:
                continue
            owner[b] = a
            members[a] |= members[b]
    merged: dict[int, list[_Item]] = defaultdict(list)
    for i, group in enumerate(groups):
        merged[find(i)] += group
    return [merged[root] for root in sorted(merged)]


def _representative(members: list[_Item]) -> str:
    weight: dict[str, int] = defaultdict(int)
    for item in members:
        weight[item.text] += len(item.answer.regions)
    return min(weight, key=lambda text: (-weight[text], text))


SIMILARITY_SCHEMA = pl.Schema(
    {"a": pl.String(), "b": pl.String(), "bodies": pl.Float64(), "tasks": pl.Float64()}
)
"""Columns of :func:`similarity`: a pair of regions (or answers) and two Jaccard measures."""


def similarity(
    proposals: Iterable[Matrix],
    *,
    by: By = "region",
    similar: float = 80,
    registry: Registry | None = None,
) -> pl.DataFrame:
    """Compare every pair of regions by the bodies and the tasks they propose.

    ``bodies`` is the Jaccard index of the two (row, level, body) sets; ``tasks`` that of the
    (row, level, task group) sets, task groups as in :func:`task_groups`. Both are null for a pair
    whose sets are both empty.

    Returns
    -------
    polars.DataFrame
        :data:`SIMILARITY_SCHEMA`, every ordered pair (a, b) including a = b, sorted by a, b. With
        ``by="region"`` the units are region ids, with ``by="answer"`` matrix ids.

    Examples
    --------
    >>> import polars as pl
    >>> from elo_coord import load_matrices, similarity
    >>> pairs = similarity(load_matrices("matrices/proposals"))
    >>> pairs.filter(pl.col("a") == "pohjanmaa", pl.col("b") == "keski-pohjanmaa").get_column(
    ...     "bodies").item()  # one joint answer
    1.0
    """
    answers = _answers(proposals, by)
    groups = task_groups([a.matrix for a in answers], similar=similar, registry=registry)
    task_sets: dict[str, set[tuple[str, str, int]]] = defaultdict(set)
    for row_id, level, group, matrix_id in groups.select(
        "row_id", "level", "group", "matrix_id"
    ).iter_rows():
        task_sets[matrix_id].add((row_id, level, group))
    units: dict[str, tuple[set[tuple[str, str, str]], set[tuple[str, str, int]]]] = {}
    for answer in answers:
        bodies = {
            (row.row, level.value, a.body)
            for row in answer.matrix.rows
            for level in MATRIX_LEVELS
            for a in row.cell(level).bodies
        }
        for name in answer.regions if by == "region" else (answer.matrix.id,):
            units[name] = (bodies, task_sets[answer.matrix.id])
    names = sorted(units)
    lines = [
        {
            "a": a,
            "b": b,
            "bodies": _jaccard(units[a][0], units[b][0]),
            "tasks": _jaccard(units[a][1], units[b][1]),
        }
        for a in names
        for b in names
    ]
    return pl.DataFrame(lines, schema=SIMILARITY_SCHEMA, orient="row")


def _jaccard(a: set[_T], b: set[_T]) -> float | None:
    union = len(a | b)
    return len(a & b) / union if union else None


def cluster_order(pairs: pl.DataFrame, *, measure: str = "bodies") -> list[str]:
    """Order regions so that similar ones sit together, by average-linkage clustering.

    The order depends only on the similarities, not on the order of the input: ties are broken by
    the alphabetical order of the regions' ids.

    Parameters
    ----------
    pairs
        A :func:`similarity` frame.
    measure
        ``"bodies"`` or ``"tasks"``.

    Examples
    --------
    >>> from elo_coord import cluster_order, load_matrices, similarity
    >>> order = cluster_order(similarity(load_matrices("matrices/proposals")))
    >>> len(order), abs(order.index("pohjanmaa") - order.index("keski-pohjanmaa"))
    (13, 1)
    """
    if measure not in ("bodies", "tasks"):
        raise ValueError(f"measure must be 'bodies' or 'tasks', not {measure!r}")
    distance: dict[tuple[str, str], float] = {}
    for a, b, value in pairs.select("a", "b", measure).iter_rows():
        distance[a, b] = 1.0 - value if value is not None else 1.0
    names = sorted({a for a, _ in distance})
    clusters: list[list[str]] = [[name] for name in names]

    def between(x: list[str], y: list[str]) -> float:
        return math.fsum(distance.get((a, b), 1.0) for a in x for b in y) / (len(x) * len(y))

    while len(clusters) > 1:
        _, _, _, i, j = min(
            (round(between(x, y), 12), min(x), min(y), i, j)
            for i, x in enumerate(clusters)
            for j, y in enumerate(clusters)
            if i < j
        )
        clusters[i] = clusters[i] + clusters[j]
        del clusters[j]
    return clusters[0] if clusters else []


MINORITY_SCHEMA = pl.Schema(
    {
        "row_id": pl.String(),
        "level": _LEVEL,
        "body_id": pl.String(),
        "view": pl.Enum(["adds", "omits"]),
        "regions": pl.List(pl.String()),
        "n": pl.Int64(),
        "total": pl.Int64(),
    }
)
"""Columns of :func:`minority_views`."""


def minority_views(
    proposals: Iterable[Matrix],
    *,
    by: By = "region",
    consensus: float = 2 / 3,
    minority: float = 1 / 3,
    registry: Registry | None = None,
    lines: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Name the regions that stand apart from the others, cell by cell.

    A region stands apart when it ``adds`` a body that few name (a minority body) or ``omits`` a
    body that the consensus names although it answered the row.

    ``lines``, when given, is the :func:`support` frame of the same proposals and thresholds,
    so that it need not be counted again.

    Returns
    -------
    polars.DataFrame
        :data:`MINORITY_SCHEMA`: ``regions`` are the ones standing apart, ``n`` of ``total``
        (counted as ``by`` says) name the body.

    Examples
    --------
    >>> import polars as pl
    >>> from elo_coord import load_matrices, minority_views
    >>> views = minority_views(load_matrices("matrices/proposals"))
    >>> views.filter(pl.col("row_id") == "T4.1", pl.col("body_id") == "maakuntien-liitot").select(
    ...     "view", "regions").rows()
    [('adds', ['pohjois-pohjanmaa'])]
    """
    proposals = list(proposals)
    if lines is None:
        lines = support(proposals, by=by, consensus=consensus, minority=minority, registry=registry)
    answered: dict[tuple[str, str], list[str]] = defaultdict(list)
    for answer in _answers(proposals, by):
        for row in answer.matrix.rows:
            for level in MATRIX_LEVELS:
                answered[row.row, level.value] += answer.regions
    views = []
    for line in lines.iter_rows(named=True):
        if line["status"] == Status.MINORITY and line["n"] > 0:
            views.append({**_view(line), "view": "adds", "regions": line["regions"]})
        elif line["status"] == Status.CONSENSUS and line["n"] < line["total"]:
            apart = sorted(set(answered[line["row_id"], line["level"]]) - set(line["regions"]))
            views.append({**_view(line), "view": "omits", "regions": apart})
    return pl.DataFrame(views, schema=MINORITY_SCHEMA, orient="row")


def _view(line: dict[str, object]) -> dict[str, object]:
    return {key: line[key] for key in ("row_id", "level", "body_id", "n", "total")}
