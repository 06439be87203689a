"""How fast the comparison is at scale, against a floor written directly in polars.

Run from the project root: ``.venv/bin/python tests/benchmarks/comparison.py`` (``--quick`` stops
at 1,000 proposals). For 18, 100, 1,000 and 5,000 synthetic proposals (``synthetic.py``) it times
each part of an :class:`elo_coord.Comparison` and, beside it, the *floor*: the same result computed
in this file with nothing but polars (and numpy or rapidfuzz where the part needs them), skipping
everything elo_coord adds — validation, ordering rules, the frozen value, the schemas. It prints
each part's median, the floor's, their ratio, and how the time grows from 1,000 to 5,000
(the exponent ``k`` in ``t ∝ nᵏ``; 1 is linear). It also times ``load_matrices`` against a plain
libyaml parse of the same files. The targets: ratio ≤ 3 for the comparison, ≤ 1.5 for loading,
``k`` ≤ 1.1. Similarity compares every pair, so its result — and its time — grows as n².
"""

from __future__ import annotations

import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import polars as pl
import yaml
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

import synthetic  # noqa: E402

import elo_coord  # noqa: E402

SIZES = (18, 100, 1000, 5000)
TWO_THIRDS, ONE_THIRD = 2 / 3, 1 / 3


# --- The floor: the same results in a few lines of plain polars -----------------------------------


def floor_flatten(matrices: Sequence[elo_coord.Matrix]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Answers × rows × levels × bodies, and the tasks, as two frames."""
    answered = sorted((m for m in matrices if not m.declined), key=lambda m: m.id)
    bodies: dict[str, list[object]] = {
        name: [] for name in ("answer", "row_id", "level", "body_id", "role")
    }
    tasks: dict[str, list[object]] = {
        name: [] for name in ("answer", "row_id", "level", "position", "text")
    }
    for i, m in enumerate(answered):
        for row in m.rows:
            for level, cell in (("national", row.national), ("regional", row.regional)):
                for a in cell.bodies or (None,):
                    for name, value in zip(
                        bodies, (i, row.row, level, a and a.body, a and a.role.value), strict=True
                    ):
                        bodies[name].append(value)
                for position, task in enumerate(cell.tasks):
                    for name, value in zip(
                        tasks, (i, row.row, level, position, task.text), strict=True
                    ):
                        tasks[name].append(value)
    who = pl.DataFrame(
        {
            "answer": range(len(answered)),
            "matrix_id": [m.id for m in answered],
            "regions": [list(m.proposers) for m in answered],
            "weight": [len(m.proposers) for m in answered],
        }
    )
    return (
        pl.DataFrame(bodies).join(who, on="answer", how="left"),
        pl.DataFrame(tasks).join(who, on="answer", how="left"),
    )


def floor_support(tidy: pl.DataFrame) -> pl.DataFrame:
    totals = (
        tidy.unique(["answer", "row_id", "level"])
        .group_by("row_id", "level")
        .agg(total=pl.col("weight").sum())
    )
    named = (
        tidy.drop_nulls("body_id")
        .unique(["answer", "row_id", "level", "body_id"])
        .group_by("row_id", "level", "body_id")
        .agg(
            n=pl.col("weight").sum(),
            lead_n=pl.col("weight").filter(pl.col("role") == "lead").sum(),
            regions=pl.col("regions").list.explode(keep_nulls=False, empty_as_null=False).sort(),
            proposals=pl.col("matrix_id"),
        )
    )
    share = pl.col("n") / pl.col("total")
    return (
        named.join(totals, on=["row_id", "level"])
        .with_columns(
            share=share,
            status=pl.when(share >= TWO_THIRDS)
            .then(pl.lit("consensus"))
            .when(share <= ONE_THIRD)
            .then(pl.lit("minority"))
            .otherwise(pl.lit("contested")),
        )
        .sort("row_id", "level", "n", descending=[False, False, True])
    )


def floor_minority(tidy: pl.DataFrame) -> pl.DataFrame:
    lines = floor_support(tidy)
    answered = (
        tidy.unique(["answer", "row_id", "level"])
        .group_by("row_id", "level")
        .agg(answered=pl.col("regions").list.explode(keep_nulls=False, empty_as_null=False))
    )
    adds = lines.filter(pl.col("status") == "minority").select(
        "row_id", "level", "body_id", "regions"
    )
    omits = (
        lines.filter(pl.col("status") == "consensus", pl.col("n") < pl.col("total"))
        .join(answered, on=["row_id", "level"])
        .select(
            "row_id",
            "level",
            "body_id",
            regions=pl.col("answered").list.set_difference("regions").list.sort(),
        )
    )
    return pl.concat([adds, omits])


def floor_agenda(tidy: pl.DataFrame) -> pl.DataFrame:
    return floor_support(tidy).filter(pl.col("status") == "contested")


def floor_coverage(matrices: Sequence[elo_coord.Matrix]) -> pl.DataFrame:
    frame = pl.DataFrame(
        [(m.id, m.declined, list(m.proposers)) for m in matrices],
        schema=["matrix_id", "declined", "regions"],
        orient="row",
    )
    return frame.explode("regions").sort("declined", "matrix_id").unique("regions", keep="first")


def floor_task_groups(tasks: pl.DataFrame, similar: float = 80) -> pl.DataFrame:
    texts = tasks.get_column("text").unique()
    processed = pl.DataFrame({"text": texts, "key": [default_process(t) for t in texts]})
    tasks = tasks.join(processed, on="text")
    keys = tasks.select("row_id", "level", "key").unique().sort("row_id", "level", "key")
    roots = []
    for _, cell in keys.group_by("row_id", "level", maintain_order=True):
        words = cell.get_column("key").to_list()
        scores = process.cdist(words, words, scorer=fuzz.token_sort_ratio, score_cutoff=similar)
        owner = list(range(len(words)))
        for i, j in zip(*np.nonzero(np.triu(scores, k=1)), strict=True):
            a, b = int(i), int(j)
            while owner[a] != a:
                a = owner[a]
            while owner[b] != b:
                b = owner[b]
            owner[b] = a
        for i in range(len(words)):
            while owner[i] != i:
                i = owner[i]
            roots.append(i)
    keys = keys.with_columns(group=pl.Series(roots))
    return tasks.join(keys, on=["row_id", "level", "key"])


def floor_similarity(tidy: pl.DataFrame, tasks: pl.DataFrame) -> pl.DataFrame:
    n = int(tidy.get_column("answer").max()) + 1  # type: ignore[arg-type]
    groups = floor_task_groups(tasks)
    columns = {}
    for name, features in (
        ("bodies", tidy.drop_nulls("body_id").select("answer", "row_id", "level", "body_id")),
        ("tasks", groups.select("answer", "row_id", "level", "group")),
    ):
        code = pl.struct(pl.exclude("answer")).rank("dense") - 1
        coded = features.select("answer", code=code)
        incidence = np.zeros((n, int(coded.get_column("code").max()) + 1))  # type: ignore[arg-type]
        incidence[coded.get_column("answer").to_numpy(), coded.get_column("code").to_numpy()] = 1
        inter = incidence @ incidence.T
        size = np.diag(inter)
        columns[name] = (inter / (size[:, None] + size[None, :] - inter)).ravel()
    names = pl.Series([str(i) for i in range(n)])
    index = np.arange(n)
    return pl.DataFrame(
        {"a": names.gather(np.repeat(index, n)), "b": names.gather(np.tile(index, n)), **columns}
    )


def floor_synthesis(tidy: pl.DataFrame, tasks: pl.DataFrame) -> pl.DataFrame:
    bodies = floor_support(tidy).filter(pl.col("status") == "consensus")
    groups = floor_task_groups(tasks).group_by("row_id", "level", "group").agg(pl.len())
    return (
        bodies.group_by("row_id", "level")
        .agg("body_id")
        .join(groups.group_by("row_id", "level").agg("group"), on=["row_id", "level"], how="full")
    )


# --- Timing -----------------------------------------------------------------------------------


def median_seconds(
    run: Callable[[], object], n: int, setup: Callable[[], object] | None = None
) -> float:
    """Return the median time of ``run``; ``setup``, untimed, before each run."""
    repeats = 7 if n <= 100 else 5 if n <= 1000 else 3
    times = []
    for _ in range(repeats):
        if setup is not None:
            setup()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(n: int, results: dict[tuple[str, int], tuple[float, float]]) -> None:
    """Time every part and its floor for ``n`` proposals into ``results``."""
    matrices = synthetic.proposals(n)
    tidy, tasks = floor_flatten(matrices)
    fresh: list[elo_coord.Comparison] = []

    def flattened() -> None:
        # A new comparison, its answers flattened (not timed): what each part starts from.
        fresh[:] = [elo_coord.Comparison(matrices)]
        fresh[0].answers, fresh[0].tasks

    def part(name: str) -> Callable[[], object]:
        return lambda: getattr(fresh[0], name)

    cases: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
        (
            "flatten (answers and tasks)",
            lambda: (lambda c: (c.answers, c.tasks))(elo_coord.Comparison(matrices)),
            lambda: floor_flatten(matrices),
        ),
        ("support", part("support"), lambda: floor_support(tidy)),
        ("agenda", part("agenda"), lambda: floor_agenda(tidy)),
        ("minority_views", part("minority_views"), lambda: floor_minority(tidy)),
        ("coverage", part("coverage"), lambda: floor_coverage(matrices)),
        ("task_groups", part("task_groups"), lambda: floor_task_groups(tasks)),
        ("synthesis", part("synthesis"), lambda: floor_synthesis(tidy, tasks)),
        ("similarity", part("similarity"), lambda: floor_similarity(tidy, tasks)),
        (
            "support(proposals), end to end",
            lambda: elo_coord.support(matrices),
            lambda: floor_support(floor_flatten(matrices)[0]),
        ),
    ]
    print(f"\n{n} proposals")
    print(f"  {'part':<32} {'elo_coord':>10} {'floor':>10} {'ratio':>6}")
    for name, ours, floor in cases:
        t_ours = median_seconds(ours, n, setup=flattened)
        t_floor = median_seconds(floor, n)
        results[name, n] = (t_ours, t_floor)
        print(
            f"  {name:<32} {t_ours * 1000:>8.1f}ms {t_floor * 1000:>8.1f}ms "
            f"{t_ours / t_floor:>6.2f}"
        )
    if n >= 1000:
        with tempfile.TemporaryDirectory() as temporary:
            folder = Path(temporary)
            synthetic.write(matrices, folder)
            files = sorted(folder.glob("*.yaml"))
            registry = elo_coord.default_registry()
            t_ours = median_seconds(lambda: elo_coord.load_matrices(folder, registry=registry), n)
            t_floor = median_seconds(
                lambda: [
                    yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) for f in files
                ],
                n,
            )
        results["load_matrices", n] = (t_ours, t_floor)
        print(
            f"  {'load_matrices vs libyaml parse':<32} {t_ours * 1000:>8.1f}ms "
            f"{t_floor * 1000:>8.1f}ms {t_ours / t_floor:>6.2f}"
        )


def main(sizes: Sequence[int]) -> None:
    results: dict[tuple[str, int], tuple[float, float]] = {}
    for n in sizes:
        measure(n, results)
    if 1000 in sizes and 5000 in sizes:
        print("\ngrowth from 1,000 to 5,000 proposals (t ∝ nᵏ)")
        for name in dict.fromkeys(name for name, _ in results):
            if (name, 1000) in results and (name, 5000) in results:
                k = math.log(results[name, 5000][0] / results[name, 1000][0]) / math.log(5)
                print(f"  {name:<32} k = {k:.2f}")


if __name__ == "__main__":
    main(SIZES[:3] if "--quick" in sys.argv else SIZES)
