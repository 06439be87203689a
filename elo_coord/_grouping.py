"""Grouping near-identical task texts, and Jaccard similarity of many sets at once.

The comparison (:mod:`elo_coord._comparison`) hands these its flattened answers; they return
frames. Task texts are compared with rapidfuzz's ``token_sort_ratio`` (all pairs of distinct
wordings in a cell at once, with ``process.cdist``); set similarity is one matrix product.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import polars as pl

__all__ = ["camps", "group_tasks", "jaccard_pairs", "partitions"]


def group_tasks(tasks: pl.DataFrame, row_order: Mapping[str, int], similar: float) -> pl.DataFrame:
    """Return the tasks with their groups of near-identical wordings, cell by cell.

    Parameters
    ----------
    tasks
        A line per task of each answer, in answer order then position: ``answer``, ``row_id``,
        ``level``, ``position``, ``text``, ``bodies``, and ``weight``: how many regions the
        answer speaks for (the representative wording is the one most regions gave).
    row_order
        The rank of each row, for numbering the groups in row order.
    similar
        Texts scoring at least this (0–100) join one group, most similar pairs first; two tasks of
        one answer never share a group. Wordings equal but for case and punctuation are one text.

    Returns
    -------
    polars.DataFrame
        The lines with ``group`` (numbered from 0 in row, level and group order), ``text`` (the
        group's wording given by most regions; ties: the first alphabetically) and the task's own
        wording as ``task``, ordered by group.
    """
    from rapidfuzz.utils import default_process

    if tasks.is_empty():
        return tasks.with_columns(
            group=pl.lit(None, dtype=pl.Int64), task=pl.col("text"), key=pl.lit(0)
        )
    # Each distinct text once, in alphabetical order (its code breaks ties that way).
    texts = tasks.get_column("text").unique().sort()
    processed = pl.DataFrame(
        {"text": texts, "processed": [default_process(t) for t in texts.to_list()]}
    ).with_columns(
        wording=pl.col("processed").rank("dense").cast(pl.Int64),
        text_code=pl.int_range(pl.len(), dtype=pl.Int64),
    )
    rank = pl.col("row_id").replace_strict(row_order, return_dtype=pl.Int64)
    items = (
        tasks.with_row_index("item")
        .join(processed, on="text", how="left", maintain_order="left")
        .with_columns(rank=rank)
    )
    # A wording in a cell as one number: row rank, level, wording. The products below stay
    # under 2**63 (checked), so one integer column stands in for several (much faster to rank).
    wordings = processed.height + 1
    span = (2 * (max(row_order.values(), default=0) + 1) + 2) * wordings
    answers = int(items.get_column("answer").max() or 0) + 1  # type: ignore[arg-type]
    small = answers * span < 2**62
    level = pl.col("level").to_physical().cast(pl.Int64)
    items = items.with_columns(
        cell_wording=(pl.col("rank") * 2 + level) * wordings + pl.col("wording")
    )
    # The second task of one answer with one wording in a cell is a second item, "copy" 1. Such
    # twins are rare; the window runs over them only.
    answer_wording = (
        pl.col("answer").cast(pl.Int64) * span + pl.col("cell_wording")
        if small
        else pl.struct("answer", "cell_wording")
    )
    twins = items.select(answer_wording.is_duplicated()).to_series()
    if twins.any():
        copies = items.filter(twins).select(
            "item", copy=pl.int_range(pl.len()).over("answer", "cell_wording")
        )
        items = items.join(copies, on="item", how="left", maintain_order="left").with_columns(
            pl.col("copy").fill_null(0)
        )
    else:
        items = items.with_columns(copy=pl.lit(0, dtype=pl.Int64))
    # A key is a wording and its copy number in a cell, numbered in row, level, wording order.
    most_copies = int(items.get_column("copy").max() or 0) + 1  # type: ignore[arg-type]
    numbered = (
        pl.col("cell_wording") * most_copies + pl.col("copy")
        if span * most_copies < 2**62
        else pl.struct("cell_wording", "copy")
    )
    items = items.with_columns(key=numbered.rank("dense").cast(pl.Int64) - 1)
    keys = items.group_by("key").agg(pl.first("rank", "level", "processed")).sort("key")
    cells = [
        cell.get_column("processed").to_list()
        for _, cell in keys.group_by("rank", "level", maintain_order=True)
    ]
    roots = _merge(cells, items, similar)
    # Groups are numbered in row order, then level, then by their first key.
    numbers = (
        keys.with_columns(root=pl.Series(roots, dtype=pl.Int64))
        .group_by("root")
        .agg(pl.first("rank", "level"))
        .sort("rank", "level", "root")
        .with_row_index("group")
    )
    group_of_key = np.empty(keys.height, dtype=np.int64)
    group_of_root = dict(zip(numbers["root"].to_list(), numbers["group"].to_list(), strict=True))
    for key, root in enumerate(roots):
        group_of_key[key] = group_of_root[root]
    # Lines by group, then key, then their place; one integer to sort on (each part < 2**20 of
    # the next's unit at the sizes this is for; polars sorts by all three otherwise).
    lines = items.with_columns(group=pl.lit(pl.Series(group_of_key)).gather(pl.col("key")))
    if max(lines.height, keys.height) < 2**20:
        order = (pl.col("group") * 2**20 + pl.col("key")) * 2**20 + pl.col("item").cast(pl.Int64)
        lines = lines.gather(lines.select(order.arg_sort()).to_series())
    else:
        lines = lines.sort("group", "key", "item")
    # Each group's wording given by most regions (ties: the first alphabetically), by group.
    representative = (
        lines.group_by("group", "text_code")
        .agg(pl.col("weight").sum())
        .sort("group", "weight", "text_code", descending=[False, True, False])
        .unique("group", keep="first", maintain_order=True)
        .select(pl.lit(texts).gather(pl.col("text_code")))
        .to_series()
    )
    return (
        lines.with_columns(representative=pl.lit(representative).gather(pl.col("group")))
        .rename({"text": "task", "representative": "text"})
        .drop("processed", "wording", "text_code", "rank", "cell_wording", "copy", "item", "weight")
    )


def _merge(cells: list[list[str]], items: pl.DataFrame, similar: float) -> list[int]:
    """Return each key's group root: union-find over alike wordings in a cell, best pairs first.

    ``cells`` holds each cell's wordings, keys numbered on from cell to cell. Two keys that one
    answer holds never merge; the answers holding a key are looked up only for keys with an alike
    wording.
    """
    from rapidfuzz import fuzz, process

    owner = list(range(sum(len(words) for words in cells)))
    pairs: list[tuple[float, int, int]] = []
    start = 0
    for words in cells:
        if len(words) > 1:
            scores = process.cdist(
                words, words, scorer=fuzz.token_sort_ratio, score_cutoff=similar, workers=1
            )
            upper = np.triu(scores, k=1)
            i_s, j_s = np.nonzero(upper)
            pairs += sorted(
                zip(
                    (-upper[i_s, j_s]).tolist(),
                    (i_s + start).tolist(),
                    (j_s + start).tolist(),
                    strict=True,
                )
            )
        start += len(words)
    if not pairs:
        return owner
    # Which answers hold each key that has an alike wording: a row of booleans per key.
    involved = sorted({key for _, i, j in pairs for key in (i, j)})
    row_of = {key: row for row, key in enumerate(involved)}
    holding = items.select("key", "answer").filter(pl.col("key").is_in(involved))
    answers = int(items.get_column("answer").max() or 0) + 1  # type: ignore[arg-type]
    table = np.zeros((len(involved), answers), dtype=bool)
    rows = np.searchsorted(np.asarray(involved), holding.get_column("key").to_numpy())
    table[rows, holding.get_column("answer").to_numpy().astype(np.int64)] = True
    held = {key: table[row_of[key]] for key in involved}

    def find(i: int) -> int:
        while owner[i] != i:
            owner[i] = owner[owner[i]]
            i = owner[i]
        return i

    # Pairs are sorted cell by cell (keys of different cells never pair), best first in each.
    for _, i, j in pairs:
        a, b = find(i), find(j)
        if a == b or bool((held[a] & held[b]).any()):
            continue
        owner[b] = a
        held[a] = held[a] | held[b]
    return [find(i) for i in range(len(owner))]


def jaccard_pairs(units: pl.DataFrame, bodies: pl.DataFrame, groups: pl.DataFrame) -> pl.DataFrame:
    """Return the Jaccard index of every ordered pair of units, on two kinds of features.

    Parameters
    ----------
    units
        ``answer`` and ``unit``: the name each answer's sets go under (a region, or the matrix).
    bodies, groups
        ``answer`` and the columns that make a feature: the answers' (row, level, body) and
        (task group) sets.

    Returns
    -------
    polars.DataFrame
        ``a``, ``b``, ``bodies``, ``tasks`` for every pair of units, a = b included, sorted by a
        and b; null where both sets are empty.
    """
    names = units.sort("unit")
    unit_names = names.get_column("unit").to_list()
    answer_of = names.get_column("answer").to_numpy().astype(np.int64)
    n_answers = int(answer_of.max()) + 1 if len(answer_of) else 0
    columns: dict[str, pl.Series] = {}
    for measure, features in (("bodies", bodies), ("tasks", groups)):
        matrix = _incidence(features, n_answers)
        inter = matrix @ matrix.T
        size = np.diag(inter)
        union = size[:, None] + size[None, :] - inter
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(union > 0, inter / np.where(union > 0, union, 1), np.nan)
        values = ratio[np.ix_(answer_of, answer_of)].ravel()
        columns[measure] = pl.Series(measure, values, dtype=pl.Float64).fill_nan(None)
    count = len(unit_names)
    series = pl.Series("unit", unit_names, dtype=pl.String)
    index = np.arange(count, dtype=np.int64)
    return pl.DataFrame(
        {
            "a": series.gather(np.repeat(index, count)),
            "b": series.gather(np.tile(index, count)),
            **columns,
        }
    )


def _incidence(features: pl.DataFrame, n_answers: int) -> np.ndarray:
    """Return the answers × features 0/1 matrix of a frame of ``answer`` and feature columns."""
    keys = [name for name in features.columns if name != "answer"]
    codes = features.select("answer", code=pl.struct(keys).rank("dense").cast(pl.Int64) - 1)
    width = int(codes.get_column("code").max() or 0) + 1 if codes.height else 1  # type: ignore[arg-type]
    matrix = np.zeros((n_answers, width), dtype=np.float64)
    if codes.height:
        # A feature named twice by one answer sets the same cell twice: still 1.
        matrix[
            codes.get_column("answer").to_numpy().astype(np.int64),
            codes.get_column("code").to_numpy(),
        ] = 1.0
    return matrix


def partitions(distance: Mapping[tuple[str, str], float]) -> list[list[list[str]]]:
    """Return every partition average-linkage clustering passes through, singletons first.

    The ``k``-th from the end has ``k`` clusters; the last is one cluster, its members in the
    order that puts similar ones together. Ties are broken by the units' ids, so the result does
    not depend on the order of the input. Time is cubic in the number of units: meant for tens.

    Parameters
    ----------
    distance
        ``(a, b)`` → the distance of units ``a`` and ``b`` (``1 - similarity``); a pair not given
        counts as 1.

    Examples
    --------
    >>> d = {("a", "b"): 0.0, ("a", "c"): 1.0, ("b", "c"): 0.5}
    >>> [[sorted(c) for c in p] for p in partitions(d)]
    [[['a'], ['b'], ['c']], [['a', 'b'], ['c']], [['a', 'b', 'c']]]
    """
    names = sorted({name for pair in distance for name in pair})
    clusters: list[list[str]] = [[name] for name in names]

    def apart(a: str, b: str) -> float:
        return distance.get((a, b), distance.get((b, a), 1.0))

    def between(x: list[str], y: list[str]) -> float:
        return math.fsum(apart(a, b) for a in x for b in y) / (len(x) * len(y))

    history = [[list(c) for c in clusters]]
    while len(clusters) > 1:
        _, _, _, i, j = min(
            (round(between(x, y), 12), min(x), min(y), i, j)
            for i, x in enumerate(clusters)
            for j, y in enumerate(clusters)
            if i < j
        )
        clusters[i] = clusters[i] + clusters[j]
        del clusters[j]
        history.append([list(c) for c in clusters])
    return history


def camps(distance: Mapping[tuple[str, str], float], *, most: int = 5) -> dict[str, int]:
    """Split the units into camps of like answers; return each unit's camp (0, 1, …).

    The camps come from the average-linkage clustering (:func:`partitions`). A camp holds at
    least two units: at each step of the clustering, the clusters of two or more are the camps
    and each unit still alone joins the camp it is nearest to on average (a lone answer is a
    minority view, not a camp). Of the steps with 2 to ``most`` camps, the one whose mean
    silhouette is highest is taken (fewer camps on a tie): how much nearer each unit is to its
    own camp than to the nearest other. When none has a positive silhouette (fewer than four
    units, all alike …), all are one camp. Camps are numbered in the order of their first unit
    by id.

    Examples
    --------
    Two pairs of identical answers, the pairs with nothing in common: two camps.

    >>> d = {("a", "b"): 0.0, ("c", "d"): 0.0, ("a", "c"): 1.0, ("a", "d"): 1.0,
    ...      ("b", "c"): 1.0, ("b", "d"): 1.0}
    >>> camps(d)
    {'a': 0, 'b': 0, 'c': 1, 'd': 1}
    """

    def apart(a: str, b: str) -> float:
        return distance.get((a, b), distance.get((b, a), 1.0))

    history = partitions(distance)
    names = [unit for (unit,) in history[0]]
    if not names:
        return {}
    best: tuple[float, list[list[str]]] = (0.0, [names])
    for partition in reversed(history):  # fewest clusters first: fewer camps win a tie
        big = [list(cluster) for cluster in partition if len(cluster) > 1]
        if not 2 <= len(big) <= most:
            continue
        for (unit,) in (cluster for cluster in partition if len(cluster) == 1):
            nearest = min(
                range(len(big)),
                key=lambda i: (math.fsum(apart(unit, o) for o in big[i]) / len(big[i]), i),
            )
            big[nearest].append(unit)
        score = _silhouette(big, distance)
        if score > best[0] + 1e-12:
            best = (score, big)
    ordered = sorted(best[1], key=min)
    return {name: number for number, camp in enumerate(ordered) for name in sorted(camp)}


def _silhouette(partition: list[list[str]], distance: Mapping[tuple[str, str], float]) -> float:
    """Return the mean silhouette of ``partition`` (a unit alone in its cluster scores 0)."""

    def apart(a: str, b: str) -> float:
        return distance.get((a, b), distance.get((b, a), 1.0))

    scores = []
    for cluster in partition:
        for unit in cluster:
            if len(cluster) == 1:
                scores.append(0.0)
                continue
            own = math.fsum(apart(unit, o) for o in cluster if o != unit) / (len(cluster) - 1)
            other = min(
                math.fsum(apart(unit, o) for o in rest) / len(rest)
                for rest in partition
                if rest is not cluster
            )
            top = max(own, other)
            scores.append((other - own) / top if top > 0 else 0.0)
    return math.fsum(scores) / len(scores) if scores else 0.0
