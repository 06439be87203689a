"""The forum's comparison of the regions' proposals, computed once: a frozen :class:`Comparison`.

A :class:`Comparison` is built from the proposals (and optionally the baseline they answer), the
registry, how a joint answer counts (``by``) and the thresholds. It flattens the answers once into
two tidy polars frames — a line per answer × row × level × body, and one per task — and everything
else is a polars expression over them, worked out when first asked for and then kept: support,
coverage, the agenda of contested cells, minority views, similarity, task groups, the synthesis,
each answer's changes. :meth:`Comparison.with_thresholds`, :meth:`~Comparison.with_by` and
:meth:`~Comparison.select` give new values that reuse the flattened answers. The report, the
widgets and the command line only render a comparison; none of them counts anything itself.

The free functions (:func:`support`, :func:`synthesize` …) build a comparison and return one of its
parts, so scripts that need only one thing say so in one call.

Counting rules
--------------
A proposal answers a row by listing it (with no bodies at a level it answers "nobody" there);
leaving a row out is no answer; a declined proposal answers nothing. ``by="region"`` counts a joint
answer once for each of its regions, ``by="answer"`` once. A body is ``consensus`` when its share
of the weight that answered the row is at least ``consensus``, ``minority`` at most ``minority``,
``contested`` between.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, TypeVar

import polars as pl

from elo_coord._errors import InputError
from elo_coord._frames import body_lines, task_lines
from elo_coord._labels import label
from elo_coord._model import (
    MATRIX_LEVELS,
    Kind,
    Lang,
    Matrix,
    Role,
    Status,
    Survey,
    check_id,
)
from elo_coord._registry import Registry, default_registry

__all__ = [
    "CAMP_SCHEMA",
    "COVERAGE_SCHEMA",
    "GROUP_CONSENSUS_SCHEMA",
    "MINORITY_SCHEMA",
    "OPEN_ANSWER_SCHEMA",
    "SIMILARITY_SCHEMA",
    "SUPPORT_SCHEMA",
    "TASK_GROUP_SCHEMA",
    "By",
    "Comparison",
    "CoverageCounts",
    "answering_groups",
    "cluster_order",
    "coverage",
    "coverage_counts",
    "minority_views",
    "similarity",
    "support",
    "survey_counts",
    "synthesize",
    "task_groups",
]

_T = TypeVar("_T")

By = Literal["region", "answer"]
"""How a joint answer counts: once for each of its regions, or once."""

_LEVEL: pl.DataType = pl.Enum([level.value for level in MATRIX_LEVELS])
_STATUS: pl.DataType = pl.Enum([status.value for status in Status])
_ROLE: pl.DataType = pl.Enum([role.value for role in Role])
_TOLERANCE = 1e-9  # 2/3 of 3 regions is 2 regions, whatever the float says

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
        "baseline_role": _ROLE,
        "status": _STATUS,
    }
)
"""Columns of :attr:`Comparison.support`: a line per (row, level, body) that any answer or the
baseline names. ``n`` of ``total`` (the weight that answered the row) name the body, ``lead_n`` as
the lead; ``share = n / total``; ``agreement`` is the Polis-smoothed ``(1 + n) / (2 + total)``;
``regions`` and ``proposals`` say who; ``baseline_role`` is the body's role in the baseline."""

COVERAGE_SCHEMA = pl.Schema(
    {
        "group_id": pl.String(),
        "regions": pl.List(pl.String()),
        "response": pl.Enum(["answered", "declined", "missing", "not_selected"]),
        "matrix_id": pl.String(),
        "respondent": pl.Enum(["group", "coordinator"]),
        "joint": pl.Boolean(),
        "expected": pl.Boolean(),
    }
)
"""Columns of :attr:`Comparison.coverage`: for every ELO group asked, the regions it covers and
whether it answered, declined or is missing (``response``), with which matrix, who answered and
whether jointly with other groups. A group whose answer the comparison leaves out
(:meth:`Comparison.select`) is ``not_selected``. A region no group of the registry covers stands
for its own group, under the region's id."""

OPEN_ANSWER_SCHEMA = pl.Schema(
    {
        "matrix_id": pl.String(),
        "regions": pl.List(pl.String()),
        "question_id": pl.String(),
        "text": pl.String(),
        "illustrative": pl.Boolean(),
    }
)
"""Columns of :attr:`Comparison.open_answers`: a line per answer × open question it answers in
free text (``Q2``, ``Q3``), with the answer's regions and whether it is illustrative."""

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
"""Columns of :attr:`Comparison.minority_views`."""

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
"""Columns of :attr:`Comparison.task_groups`: one line per task of each answer (``position`` is
its place in the answer's list), with its group's number and representative ``text`` (the wording
most regions used)."""

SIMILARITY_SCHEMA = pl.Schema(
    {"a": pl.String(), "b": pl.String(), "bodies": pl.Float64(), "tasks": pl.Float64()}
)
"""Columns of :attr:`Comparison.similarity`: a pair of regions (or answers) and two Jaccard
measures."""

CAMP_SCHEMA = pl.Schema({"unit": pl.String(), "camp": pl.Int64()})
"""Columns of :attr:`Comparison.camps`: each region (or answer) and its camp of like answers."""

GROUP_CONSENSUS_SCHEMA = pl.Schema(
    {
        "row_id": pl.String(),
        "level": _LEVEL,
        "body_id": pl.String(),
        "share": pl.Float64(),
        "agreement": pl.Float64(),
        "group_consensus": pl.Float64(),
        "camps": pl.Int64(),
        "camps_naming": pl.Int64(),
        "status": _STATUS,
        "split": pl.Boolean(),
        "dissent": pl.List(pl.String()),
    }
)
"""Columns of :attr:`Comparison.group_consensus`: a line per support line (same order) with
its plain ``share`` and Polis-smoothed ``agreement`` beside ``group_consensus``, the product
over the camps that answered the cell of each camp's ``(1 + n) / (2 + total)``; ``camps`` that
answered the cell, ``camps_naming`` in which more than half name the body, ``split``: a
consensus that a camp does not share (it passes the threshold thanks to the other camps), and
``dissent``: the regions of the camps that do not lean to the body that answered the cell without
naming it (sorted by id)."""

_ANSWER_SCHEMA = pl.Schema(
    {
        "answer": pl.UInt32(),
        "matrix_id": pl.String(),
        "regions": pl.List(pl.String()),
        "weight": pl.Int64(),
    }
)


@dataclass(frozen=True, eq=False)
class _Answers:
    """The answered proposals flattened once; every comparison of them shares this."""

    given: tuple[Matrix, ...]
    """Every proposal given, declined ones too (the coverage needs them)."""
    matrices: tuple[Matrix, ...]
    """The answers: the proposals not declined, sorted by id (then content), so that any input
    order gives the same result."""
    bodies: pl.DataFrame
    """:func:`elo_coord._frames.body_lines` of :attr:`matrices`, ``matrix`` renamed ``answer``."""
    by: dict[str, tuple[pl.DataFrame, pl.DataFrame]] = field(default_factory=dict)
    """The respondents and answers frames weighted each way, made when first asked for."""
    memo: dict[tuple[object, ...], Any] = field(default_factory=dict)
    """What comparisons of these answers share whatever their thresholds: the counts by
    ``by``, baseline and registry. Keys hold the objects themselves, compared by identity."""
    left_out: tuple[Matrix, ...] = ()
    """Proposals given but left out by :meth:`Comparison.select`: the coverage says so."""
    regions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The regions each answer (by id) counts for: each region once, in its one answer — the
    coverage's rule (first in id order). An answer without regions counts as itself."""

    def remember(self, key: tuple[object, ...], make: Callable[[], _T]) -> _T:
        """Return what ``make`` returns, made once for ``key`` (objects compared by identity)."""
        ident = tuple(id(part) if not isinstance(part, str) else part for part in key)
        found = self.memo.get(ident)
        if found is None or any(a is not b for a, b in zip(found[0], key, strict=True)):
            found = self.memo[ident] = (key, make())
        result: _T = found[1]
        return result

    @cached_property
    def tasks(self) -> pl.DataFrame:
        """Return :func:`elo_coord._frames.task_lines` of :attr:`matrices`, ``answer`` numbered.

        Made when first asked for: the support, the agenda and the minority views need no tasks.
        """
        ids = pl.Series([m.id for m in self.matrices], dtype=pl.String)
        regions = pl.Series(
            [list(m.proposers) or [m.id] for m in self.matrices], dtype=pl.List(pl.String)
        )
        return (
            task_lines(self.matrices)
            .rename({"matrix": "answer"})
            .with_columns(
                matrix_id=pl.lit(ids).gather(pl.col("answer")),
                regions=pl.lit(regions).gather(pl.col("answer")),
            )
        )

    def weighted(self, by: By) -> tuple[pl.DataFrame, pl.DataFrame]:
        """Return the respondents and the answers with weights counted ``by`` region or answer."""
        if by not in self.by:
            regions = [list(self.regions.get(m.id) or (m.id,)) for m in self.matrices]
            respondents = pl.DataFrame(
                {
                    "answer": range(len(regions)),
                    "matrix_id": [m.id for m in self.matrices],
                    "regions": regions,
                    "weight": [len(r) if by == "region" else 1 for r in regions],
                },
                schema=_ANSWER_SCHEMA,
            )
            looked_up = [
                pl.lit(respondents.get_column(column)).gather(pl.col("answer")).alias(column)
                for column in ("matrix_id", "weight")
            ]
            self.by[by] = (respondents, self.bodies.with_columns(looked_up))
        return self.by[by]

    @classmethod
    def of(cls, proposals: Iterable[Matrix]) -> _Answers:
        given = tuple(proposals)
        others = [m for m in given if m.kind is not Kind.PROPOSAL]
        if others:
            # A baseline or a synthesis among the proposals would count as one more region.
            named = ", ".join(f"{m.id} ({m.kind.value})" for m in others[:3])
            more = f" and {len(others) - 3} more" if len(others) > 3 else ""
            warnings.warn(
                f"{named}{more} "
                + ("is not a proposal" if len(others) == 1 else "are not proposals")
                + " and left out of the count; pass the baseline as baseline=",
                UserWarning,
                stacklevel=4,
            )
            given = tuple(m for m in given if m.kind is Kind.PROPOSAL)
        matrices, regions = _one_answer_per_region(_sorted([m for m in given if not m.declined]))
        bodies = body_lines(matrices).rename({"matrix": "answer"}).with_row_index("line")
        return cls(given, matrices, bodies, regions=regions)

    def subset(self, matrix_ids: Iterable[str]) -> _Answers:
        """Return the answers of the proposals with these ids, reusing the lines."""
        wanted = set(matrix_ids)
        given = tuple(m for m in self.given if m.id in wanted)
        left_out = (*self.left_out, *(m for m in self.given if m.id not in wanted))
        keep = [i for i, m in enumerate(self.matrices) if m.id in wanted]
        if len(keep) == len(self.matrices):
            return _Answers(
                given, self.matrices, self.bodies, self.by, self.memo, left_out, self.regions
            )
        renumber = pl.col("answer").replace_strict(keep, range(len(keep)), return_dtype=pl.UInt32)
        bodies = self.bodies.filter(pl.col("answer").is_in(keep)).with_columns(renumber)
        matrices = tuple(self.matrices[i] for i in keep)
        bodies = bodies.drop("line").with_row_index("line")
        return _Answers(given, matrices, bodies, left_out=left_out, regions=self.regions)


def _one_answer_per_region(
    answers: list[Matrix],
) -> tuple[tuple[Matrix, ...], dict[str, tuple[str, ...]]]:
    """Give each region one answer, the first in id order, as the coverage does.

    A region listed twice in one answer counts once; an answer whose every region another answer
    already gives is left out of the count, with a warning that says which answers.
    """
    owner: dict[str, str] = {}
    kept: list[Matrix] = []
    regions: dict[str, tuple[str, ...]] = {}
    dropped: list[str] = []
    for matrix in answers:  # in id order
        own = tuple(r for r in dict.fromkeys(matrix.proposers) if r not in owner)
        if matrix.proposers and not own:
            dropped.append(f"{matrix.id} (answered by {owner[matrix.proposers[0]]})")
            continue
        for region in own:
            owner[region] = matrix.id
        kept.append(matrix)
        regions[matrix.id] = own
    if dropped:
        warnings.warn(
            "one answer per region: left out of the count "
            + ", ".join(dropped)
            + " — remove or merge the extra files",
            UserWarning,
            stacklevel=5,
        )
    return tuple(kept), regions


def _sorted(matrices: list[Matrix]) -> list[Matrix]:
    """Sort by id; the whole record breaks ties between equal ids (rare, and costly to dump)."""
    ids: dict[str, int] = defaultdict(int)
    for matrix in matrices:
        ids[matrix.id] += 1
    return sorted(matrices, key=lambda m: (m.id, m.model_dump_json() if ids[m.id] > 1 else ""))


class Comparison:
    """The forum's comparison of proposals: built once, every part computed when first asked for.

    Parameters
    ----------
    proposals
        The regions' proposals; declined ones count in the coverage only.
    baseline
        The matrix the proposals answer, if any: its bodies get a support line even when no
        proposal names them, and :attr:`changes` are each answer's changes to it.
    registry
        Names, the regions asked and the strategy's row order; the shipped registry by default.
    by
        ``"region"`` counts a joint answer once per region; ``"answer"`` once.
    consensus, minority
        A body is ``consensus`` at or above ``consensus`` of the weight that answered its row,
        ``minority`` at or below ``minority``, ``contested`` between.
    similar
        How alike (0–100) two task texts must be to count as one task.

    Examples
    --------
    >>> import polars as pl
    >>> from elo_coord import Comparison, load_matrices, load_matrix
    >>> forum = Comparison(
    ...     load_matrices("matrices/proposals"),
    ...     load_matrix("matrices/baseline/tno-2022.yaml"),
    ... )
    >>> print(forum.coverage_counts)
    13/18 groups answered
    >>> forum.agenda.height == forum.support.filter(pl.col("status") == "contested").height
    True
    >>> stricter = forum.with_thresholds(consensus=0.9)
    >>> stricter.answers is forum.answers, stricter.agenda.height > forum.agenda.height
    (True, True)
    """

    def __init__(
        self,
        proposals: Iterable[Matrix],
        baseline: Matrix | None = None,
        *,
        registry: Registry | None = None,
        by: By = "region",
        consensus: float = 2 / 3,
        minority: float = 1 / 3,
        similar: float = 80,
    ) -> None:
        self._set(
            _Answers.of(proposals),
            baseline,
            registry if registry is not None else default_registry(),
            by,
            consensus,
            minority,
            similar,
        )

    def _set(
        self,
        data: _Answers,
        baseline: Matrix | None,
        registry: Registry,
        by: By,
        consensus: float,
        minority: float,
        similar: float,
    ) -> None:
        if by not in ("region", "answer"):
            raise InputError(f"by must be 'region' or 'answer', not {by!r}")
        for name, share in (("consensus", consensus), ("minority", minority)):
            if not 0 <= share <= 1:
                raise InputError(f"{name} must be a share between 0 and 1, not {share!r}")
        if minority > consensus:
            raise InputError(f"minority ({minority:g}) must not be above consensus ({consensus:g})")
        values = {
            "_data": data,
            "baseline": baseline,
            "registry": registry,
            "by": by,
            "consensus": consensus,
            "minority": minority,
            "similar": similar,
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    _data: _Answers
    baseline: Matrix | None
    """The matrix the proposals answer, or ``None``."""
    registry: Registry
    """Where names, the regions asked and the row order come from."""
    by: By
    """How a joint answer counts: ``region`` or ``answer``."""
    consensus: float
    """The share at or above which a body is agreed."""
    minority: float
    """The share at or below which a body is a minority view."""
    similar: float
    """How alike (0–100) two task texts must be to count as one task."""

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Comparison is frozen; use with_… to change {name!r}")

    def __repr__(self) -> str:
        return (
            f"Comparison({len(self.answered)} answers of {len(self.proposals)} proposals, "
            f"by={self.by!r}, consensus={self.consensus:.3g}, minority={self.minority:.3g})"
        )

    # --- new values -------------------------------------------------------------------------

    def _replace(self, **changes: Any) -> Comparison:
        new = object.__new__(Comparison)
        values = {
            "data": self._data,
            "baseline": self.baseline,
            "registry": self.registry,
            "by": self.by,
            "consensus": self.consensus,
            "minority": self.minority,
            "similar": self.similar,
        }
        new._set(**(values | changes))
        return new

    def with_thresholds(
        self, *, consensus: float | None = None, minority: float | None = None
    ) -> Comparison:
        """Return the comparison with other thresholds (the answers are not flattened again)."""
        return self._replace(
            consensus=self.consensus if consensus is None else consensus,
            minority=self.minority if minority is None else minority,
        )

    def with_by(self, by: By) -> Comparison:
        """Return the comparison counting joint answers ``by`` region or answer."""
        return self._replace(by=by)

    def select(self, matrix_ids: Iterable[str]) -> Comparison:
        """Return the comparison of the proposals with these ids only (none: an empty one)."""
        return self._replace(data=self._data.subset(matrix_ids))

    # --- what was given ---------------------------------------------------------------------

    @property
    def proposals(self) -> tuple[Matrix, ...]:
        """Every proposal compared, declined ones too, in the order given."""
        return self._data.given

    @property
    def answered(self) -> tuple[Matrix, ...]:
        """The proposals that answer (not declined), in id order."""
        return self._data.matrices

    @cached_property
    def strategy(self) -> str | None:
        """The strategy the answers are for; ``None`` when none answered or they differ."""
        strategies = {m.strategy for m in self.answered}
        return strategies.pop() if len(strategies) == 1 else None

    @cached_property
    def row_order(self) -> dict[str, int]:
        """Rank of every row: the strategy's order, then other rows as they first appear."""
        # From the flattened lines: touching thousands of records costs more than one unique().
        first = self._data.bodies.select(pl.col("row_id").unique(maintain_order=True))
        rows = first.to_series().to_list()
        if self.baseline is not None:
            rows += [row.row for row in self.baseline.rows]
        return self.registry.row_order(self.strategy, rows)

    # --- the answers, flattened -------------------------------------------------------------

    @property
    def respondents(self) -> pl.DataFrame:
        """A line per answer: its place, matrix id, regions and weight (as :attr:`by` says)."""
        return self._data.weighted(self.by)[0]

    @property
    def answers(self) -> pl.DataFrame:
        """The one tidy frame the comparison counts over: a line per answer × row × level × body.

        Columns ``line`` (its place), ``answer`` (the answer's place in :attr:`answered`),
        ``matrix_id``, ``row_id``, ``level``, ``body_id`` (null where the answer names nobody),
        ``role`` and ``weight``.
        """
        return self._data.weighted(self.by)[1]

    @cached_property
    def survey(self) -> Survey | None:
        """The survey the proposals all answer, else the baseline's, else ``None``."""
        baseline = [self.baseline] if self.baseline is not None else []
        return _survey_of(self.proposals, self.registry) or _survey_of(baseline, self.registry)

    @cached_property
    def open_answers(self) -> pl.DataFrame:
        """The free-text answers to the survey's open questions; :data:`OPEN_ANSWER_SCHEMA`.

        In the order of the answers, then of the questions as each answer gives them.
        """
        lines = [
            (m.id, list(m.proposers), question, text, m.illustrative)
            for m in self.answered
            for question, text in m.answers.items()
        ]
        return pl.DataFrame(lines, schema=OPEN_ANSWER_SCHEMA, orient="row")

    @property
    def tasks(self) -> pl.DataFrame:
        """The tasks, a line per answer × row × level × task.

        Columns ``answer``, ``row_id``, ``level``, ``position``, ``text``, ``bodies``,
        ``matrix_id`` and ``regions``; flattened when first asked for (support and the minority
        views need none).
        """
        return self._data.tasks

    def _of_answer(self, column: str) -> pl.Expr:
        """Return the expression that looks up ``column`` of :attr:`respondents` by ``answer``."""
        return pl.lit(self.respondents.get_column(column)).gather(pl.col("answer")).alias(column)

    # --- support ----------------------------------------------------------------------------

    @cached_property
    def totals(self) -> pl.DataFrame:
        """The weight that answered each (row, level), and the regions that did.

        Columns ``row_id``, ``level``, ``total`` and ``answered``.
        """
        return self._data.remember(("totals", self.by), self._totals)

    def _totals(self) -> pl.DataFrame:
        # The regions that answered each cell come along: the minority views need them.
        return (
            self.answers.lazy()
            .filter(pl.struct("answer", "row_id", "level").is_first_distinct())
            .with_columns(self._of_answer("regions"))
            .group_by("row_id", "level")
            .agg(
                total=pl.col("weight").sum(),
                answered=pl.col("regions").list.explode(keep_nulls=False, empty_as_null=False),
            )
            .collect()
        )

    @cached_property
    def support(self) -> pl.DataFrame:
        """How many name each body in each row and level; :data:`SUPPORT_SCHEMA`.

        One line per (row, level, body) in the strategy's row order, national before regional,
        most-named body first (then by id).
        """
        # The counts do not depend on the thresholds: comparisons that differ only in those
        # share them, and moving a threshold only classifies the lines again.
        counts = self._data.remember(
            ("counts", self.by, self.baseline, self.registry), self._counts
        )
        n, total = pl.col("n"), pl.col("total")
        status = (
            pl.when(total == 0)
            .then(None)
            .when(self.agreed(n, total))
            .then(pl.lit(Status.CONSENSUS.value))
            .when(n <= self.minority * total + _TOLERANCE)
            .then(pl.lit(Status.MINORITY.value))
            .otherwise(pl.lit(Status.CONTESTED.value))
        )
        return counts.with_columns(status=status.cast(_STATUS))

    def agreed(self, n: pl.Expr, total: pl.Expr) -> pl.Expr:
        """Return whether ``n`` of ``total`` reach :attr:`consensus`.

        The one rule for bodies and tasks alike (2/3 of 3 is 2, whatever the float says).
        """
        return n >= self.consensus * total - _TOLERANCE

    def _counts(self) -> pl.DataFrame:
        """Return the support lines but their status."""
        key = ["row_id", "level", "body_id"]
        # A body an answer names twice in a cell counts once, with its first role.
        named = (
            self.answers.lazy()
            .filter(
                pl.col("body_id").is_not_null(),
                pl.struct("answer", *key).is_first_distinct(),
            )
            .with_columns(self._of_answer("regions"))
            .group_by(key)
            .agg(
                n=pl.col("weight").sum(),
                lead_n=pl.col("weight").filter(pl.col("role") == Role.LEAD.value).sum(),
                regions=pl.col("regions").list.explode(keep_nulls=False, empty_as_null=False),
                proposals=pl.col("matrix_id"),
            )
        )
        if self.baseline is not None:
            base = body_lines([self.baseline]).lazy().filter(pl.col("body_id").is_not_null())
            roles = base.group_by(key).agg(baseline_role=pl.col("role").last())
            named = named.join(roles, on=key, how="full", coalesce=True)
        else:
            named = named.with_columns(baseline_role=pl.lit(None, dtype=_ROLE))
        n, total = pl.col("n"), pl.col("total")
        # Rows sort in the row order as an enum of the rows in that order.
        rank = pl.col("row_id").cast(pl.Enum(list(self.row_order)))
        return (
            named.join(self.totals.lazy().drop("answered"), on=["row_id", "level"], how="left")
            .with_columns(
                n=n.fill_null(0),
                lead_n=pl.col("lead_n").fill_null(0),
                total=total.fill_null(0),
                regions=pl.col("regions").fill_null([]).list.sort(),
                proposals=pl.col("proposals").fill_null([]),
            )
            .with_columns(share=pl.when(total > 0).then(n / total), agreement=(1 + n) / (2 + total))
            # A total order: the joins above need keep none.
            .sort(rank, "level", "n", "body_id", descending=[False, False, True, False])
            .select(
                pl.col(name).cast(dtype)
                if name != "status"
                else pl.lit(None, dtype=dtype).alias(name)
                for name, dtype in SUPPORT_SCHEMA.items()
            )
            .collect()
        )

    @cached_property
    def agenda(self) -> pl.DataFrame:
        """The contested cells, in the order the forum takes them up.

        The support lines whose status is ``contested``, with their ``group_consensus``,
        ``camps`` and ``camps_naming`` (:attr:`group_consensus`): the cells every camp of like
        answers comes nearest to agreeing on first, so that the forum settles what can be
        settled before it takes up what divides the camps; ties in support order (row order,
        most-named body first).
        """
        return (
            self.support_and_camps.with_row_index("place")
            .filter(pl.col("status") == Status.CONTESTED.value)
            .sort(["group_consensus", "place"], descending=[True, False])
            .drop("place")
        )

    @cached_property
    def minority_views(self) -> pl.DataFrame:
        """The regions that stand apart, cell by cell; :data:`MINORITY_SCHEMA`.

        A region stands apart when it ``adds`` a body few name (a minority body) or ``omits`` a
        body the consensus names although it answered the row. Lines in support order.
        """
        answered = self.totals.select("row_id", "level", "answered")
        status, n, total = pl.col("status"), pl.col("n"), pl.col("total")
        adds = (status == Status.MINORITY.value) & (n > 0)
        omits = (status == Status.CONSENSUS.value) & (n < total)
        return (
            self.support.lazy()
            .filter(adds | omits)
            .join(answered.lazy(), on=["row_id", "level"], how="left", maintain_order="left")
            .with_columns(
                view=pl.when(adds).then(pl.lit("adds")).otherwise(pl.lit("omits")),
                regions=pl.when(adds)
                .then(pl.col("regions"))
                .otherwise(pl.col("answered").list.set_difference(pl.col("regions")).list.sort()),
            )
            .select(pl.col(name).cast(dtype) for name, dtype in MINORITY_SCHEMA.items())
            .collect()
        )

    @cached_property
    def minority_by_region(self) -> pl.DataFrame:
        """The minority views a line per region standing apart, the way people read them.

        ``region_id`` first, then the columns of :attr:`minority_views` but ``regions``; regions
        in the registry's order, each region's views in :attr:`minority_views` order. Every view
        that lists minority views region by region shows this frame.
        """
        views = self.minority_views.with_row_index("place").explode("regions")
        order = self.registry.region_order(views.get_column("regions").drop_nulls().to_list())
        return (
            views.filter(pl.col("regions").is_not_null())
            .rename({"regions": "region_id"})
            .sort(pl.col("region_id").cast(pl.Enum(order)), "place")
            .drop("place")
        )

    # --- coverage ---------------------------------------------------------------------------

    @cached_property
    def coverage(self) -> pl.DataFrame:
        """For every group asked, whether it answered; :data:`COVERAGE_SCHEMA`."""
        return _coverage(self.proposals, None, self.registry, left_out=self._data.left_out)

    @cached_property
    def coverage_counts(self) -> CoverageCounts:
        """The coverage in numbers (``13/18 groups answered``)."""
        return coverage_counts(self.coverage)

    # --- tasks and similarity ---------------------------------------------------------------

    @cached_property
    def task_groups(self) -> pl.DataFrame:
        """Near-identical task texts of different answers grouped; :data:`TASK_GROUP_SCHEMA`."""
        from elo_coord._grouping import group_tasks

        tasks = self.tasks.with_columns(weight=pl.col("regions").list.len())
        return group_tasks(tasks, self.row_order, self.similar).select(
            pl.col(name).cast(dtype) for name, dtype in TASK_GROUP_SCHEMA.items()
        )

    @cached_property
    def similarity(self) -> pl.DataFrame:
        """Every pair of regions (or answers) compared; :data:`SIMILARITY_SCHEMA`."""
        from elo_coord._grouping import jaccard_pairs

        who = self.respondents
        bodies = self.answers.filter(pl.col("body_id").is_not_null()).select(
            "answer", "row_id", "level", "body_id"
        )
        groups = self.task_groups.join(
            who.select("answer", "matrix_id"), on="matrix_id", how="left"
        ).select("answer", "group")
        return jaccard_pairs(self._units, bodies, groups).select(
            pl.col(name).cast(dtype) for name, dtype in SIMILARITY_SCHEMA.items()
        )

    @cached_property
    def _units(self) -> pl.DataFrame:
        """``answer`` → ``unit``: the regions (or the matrix) each answer counts for."""
        who = self.respondents
        if self.by == "region":
            # A region's sets are those of its (last) answer.
            units = who.select("answer", "regions").explode("regions").rename({"regions": "unit"})
            return units.unique("unit", keep="last", maintain_order=True)
        return who.select("answer", unit="matrix_id")

    @cached_property
    def support_and_camps(self) -> pl.DataFrame:
        """:attr:`support` with each line's ``group_consensus``, ``camps`` and ``camps_naming``.

        What the heatmap shows: the plain share and, beside it, how far every camp names the body.
        """
        camps = self.group_consensus.select(
            "row_id", "level", "body_id", "group_consensus", "camps", "camps_naming"
        )
        return self.support.join(
            camps, on=["row_id", "level", "body_id"], how="left", maintain_order="left"
        )

    @cached_property
    def _regions_of_units(self) -> pl.DataFrame:
        """``unit`` → ``regions``: a region stands for itself, an answer for its regions."""
        if self.by == "region":
            return self._units.select("unit", regions=pl.concat_list("unit"))
        return self.respondents.select(unit="matrix_id", regions="regions")

    @cached_property
    def camps(self) -> pl.DataFrame:
        """Each region (or answer) and its camp of like answers; :data:`CAMP_SCHEMA`.

        The camps cut the average-linkage clustering of :attr:`similarity` (bodies) where the
        silhouette is best, 2 to 5 camps; one camp when no cut separates anything. See
        :func:`elo_coord._grouping.camps`.
        """
        from elo_coord._grouping import camps

        found = camps(_distances(self.similarity, "bodies"))
        return pl.DataFrame({"unit": list(found), "camp": list(found.values())}, schema=CAMP_SCHEMA)

    @cached_property
    def group_consensus(self) -> pl.DataFrame:
        """How far every camp names each body; :data:`GROUP_CONSENSUS_SCHEMA`.

        Polis's group-informed consensus, over the camps of :attr:`camps`: for each camp that
        answered the cell, ``(1 + n) / (2 + total)`` of its regions (or answers), multiplied. A
        body every camp names scores higher than one that a single camp carries, whatever the
        plain share.
        """
        units = self._units.join(self.camps, on="unit", how="inner")
        cells = (
            self.answers.select("answer", "row_id", "level")
            .unique()
            .join(units, on="answer")
            .unique(["unit", "row_id", "level"])
            .select("unit", "camp", "row_id", "level")
        )
        named = (
            self.answers.filter(pl.col("body_id").is_not_null())
            .select("answer", "row_id", "level", "body_id")
            .join(units, on="answer")
            .unique(["unit", "row_id", "level", "body_id"])
            .select("unit", "row_id", "level", "body_id", naming=pl.lit(True))
        )
        keys = ["row_id", "level", "body_id"]
        lines = self.support.select(*keys, "share", "agreement", "status").with_row_index("place")
        # A line per support line × unit that answered its cell, and whether the unit names it.
        votes = (
            lines.select("place", *keys)
            .join(cells, on=["row_id", "level"], how="inner")
            .join(named, on=["unit", *keys], how="left")
            .with_columns(pl.col("naming").fill_null(False))
        )
        per_camp = (
            votes.group_by("place", "camp")
            .agg(n=pl.col("naming").sum(), total=pl.len())
            .with_columns(leans=pl.col("n") * 2 > pl.col("total"))
        )
        # The units of the camps that do not lean to the body, that answered and did not name it.
        dissent = (
            votes.join(per_camp.select("place", "camp", "leans"), on=["place", "camp"])
            .filter(~pl.col("leans") & ~pl.col("naming"))
            .join(self._regions_of_units, on="unit")
            .explode("regions")
            .group_by("place")
            .agg(dissent=pl.col("regions").unique().sort())
        )
        totals = per_camp.group_by("place").agg(
            group_consensus=((pl.col("n") + 1) / (pl.col("total") + 2)).product(),
            camps=pl.len(),
            camps_naming=pl.col("leans").sum(),
        )
        return (
            lines.join(totals, on="place", how="left")
            .join(dissent, on="place", how="left")
            .with_columns(pl.col("dissent").fill_null([]))
            .sort("place")
            .with_columns(
                split=(pl.col("status") == Status.CONSENSUS.value)
                & (pl.col("camps_naming") < pl.col("camps"))
            )
            .select(pl.col(name).cast(dtype) for name, dtype in GROUP_CONSENSUS_SCHEMA.items())
        )

    @cached_property
    def cluster_order(self) -> list[str]:
        """The regions (or answers) in an order that puts similar ones together."""
        return cluster_order(self.similarity)

    # --- the synthesis ----------------------------------------------------------------------

    @cached_property
    def synthesis(self) -> Matrix:
        """The matrix the answers agree on, with provenance and open questions.

        See :func:`synthesize`.

        Raises
        ------
        InputError
            No proposal answered, or the answers are for different strategies.
        """
        return self.synthesis_as()

    def synthesis_as(
        self,
        id: str = "synteesi",
        *,
        title: str | None = None,
        date: dt.date | None = None,
        lang: Lang = "fi",
    ) -> Matrix:
        """Return :attr:`synthesis` under another id, title or date, or with notes in ``lang``."""
        from elo_coord._synthesis import build_synthesis

        check_id(id, "the synthesis's id")
        if not self.answered:
            raise InputError(
                "there are no answered proposals to synthesise: every proposal declined"
                " or none was given"
            )
        strategies = sorted({m.strategy for m in self.answered})
        if len(strategies) > 1:
            raise InputError(
                f"the proposals are for different strategies: {', '.join(strategies)}"
                " — synthesise each strategy's proposals apart"
            )
        return build_synthesis(self, id=id, title=title, date=date, lang=lang)

    # --- changes ----------------------------------------------------------------------------

    @cached_property
    def changes(self) -> pl.DataFrame:
        """Each answer's changes to the baseline (or, with none, to the synthesis).

        :data:`elo_coord.DIFF_SCHEMA`, without ``field_changed`` lines.
        """
        from elo_coord._diff import diffs

        against = self.baseline if self.baseline is not None else self.synthesis
        return diffs(against, self.answered, similar=self.similar)


@dataclass(frozen=True)
class CoverageCounts:
    """The coverage of a survey in numbers, as the forum states it ("15/18 groups")."""

    asked: int
    """Groups asked."""
    answered: int
    """Groups whose view the answers cover, each group of a joint answer once."""
    declined: int
    """Groups that declined."""
    missing: int
    """Groups with no answer."""
    coordinator: int
    """Groups that answered alone, through their coordinator."""
    group: int
    """Groups that answered alone, as the whole group."""
    joint_answers: int
    """Answers given jointly by several groups."""
    joint_groups: int
    """Groups covered by those joint answers."""
    not_selected: int = 0
    """Groups whose answer the comparison leaves out: chosen away, not missing."""
    regions_asked: int | None = None
    """Regions the groups asked cover; ``None`` when not known (a survey's own counts)."""
    regions_answered: int | None = None
    """Regions whose group answered; ``None`` when not known."""
    unstated: int = 0
    """Groups that answered alone without saying who answered (neither group nor coordinator)."""

    def __str__(self) -> str:
        return f"{self.answered}/{self.asked} groups answered"

    def sentence(self, lang: str = "fi") -> str:
        """Return the coverage as the forum states it, in ``lang``.

        >>> counts = CoverageCounts(18, 15, 1, 2, 5, 8, 1, 2)
        >>> counts.sentence("en")
        '15/18 groups answered: 5 through their coordinator, 8 as a group, 2 in 1 joint answer; 1 declined, 2 missing'
        """  # noqa: E501 - a doctest's output stays on one line
        text = label("coverage", lang).format(
            answered=self.answered,
            asked=self.asked,
            coordinator=self.coordinator,
            group=self.group,
            joint_groups=self.joint_groups,
            joint_answers=self.joint_answers,
            declined=self.declined,
            missing=self.missing,
        )
        if self.unstated:
            text += label("coverage_unstated", lang).format(n=self.unstated)
        if self.not_selected:
            text += label("coverage_not_selected", lang).format(n=self.not_selected)
        if self.regions_asked is not None and self.regions_answered is not None:
            text += label("coverage_regions", lang).format(
                answered=self.regions_answered, asked=self.regions_asked
            )
        return text


def survey_counts(survey: Survey) -> CoverageCounts:
    """Return a survey's coverage as its own summary counted it (:attr:`Survey.returns`).

    Raises
    ------
    InputError
        The survey records no returns.

    Examples
    --------
    >>> from elo_coord import default_registry, survey_counts
    >>> print(survey_counts(default_registry().survey("tno-2022")).sentence("en"))
    15/18 groups answered: 5 through their coordinator, 8 as a group, 2 in 1 joint answer; 1 declined, 2 missing
    """  # noqa: E501 - a doctest's output stays on one line
    returns = survey.returns
    if returns is None:
        raise InputError(f"survey {survey.id!r} records no returns")
    return CoverageCounts(
        asked=len(survey.asked),
        answered=returns.covered,
        declined=returns.declined,
        missing=len(survey.asked) - returns.covered - returns.declined,
        coordinator=returns.coordinator_answers,
        group=returns.group_answers,
        joint_answers=returns.joint_answers,
        joint_groups=returns.joint_groups,
    )


def answering_groups(matrix: Matrix, registry: Registry) -> tuple[str, ...]:
    """Return the groups whose answer ``matrix`` is: those it names, else its regions' groups."""
    if matrix.groups:
        return matrix.groups
    return tuple(dict.fromkeys(registry.group_of(r, matrix.date) for r in matrix.proposers))


def _survey_of(matrices: Iterable[Matrix], registry: Registry) -> Survey | None:
    """Return the survey every one of ``matrices`` answers; ``None`` for none, or several."""
    ids = {m.survey for m in matrices}
    survey_id = ids.pop() if len(ids) == 1 else None
    return registry.surveys.get(survey_id) if survey_id is not None else None


def _asked_groups(proposals: Sequence[Matrix], registry: Registry) -> list[str]:
    """Return the groups asked: the survey's when the proposals answer one, else one per region."""
    survey = _survey_of(proposals, registry)
    if survey is not None:
        return list(survey.asked)
    day = min((m.date for m in proposals), default=dt.date.today())
    mainland = [r.id for r in registry.regions.values() if r.ely is not None]
    return list(dict.fromkeys(registry.group_of(r, day) for r in mainland))


def _coverage(
    proposals: Sequence[Matrix],
    groups: Iterable[str] | None,
    registry: Registry,
    *,
    left_out: Sequence[Matrix] = (),
) -> pl.DataFrame:
    everyone = [*proposals, *left_out]
    asked = list(dict.fromkeys(_asked_groups(everyone, registry) if groups is None else groups))
    # A group's answer is its first in id order, an answer before a refusal. (A loop: a few
    # dozen groups, where polars would spend more time starting than counting.)
    found: dict[str, tuple[Matrix, tuple[str, ...]]] = {}
    for matrix in proposals:  # one pass, no sort: the time grows as the number of proposals
        answering = answering_groups(matrix, registry)
        for group in answering:
            held = found.get(group)
            if held is None or (matrix.declined, matrix.id) < (held[0].declined, held[0].id):
                found[group] = (matrix, answering)
    unchosen: dict[str, tuple[Matrix, tuple[str, ...]]] = {}
    for matrix in left_out:
        answering = answering_groups(matrix, registry)
        for group in answering:
            if group not in found:
                unchosen.setdefault(group, (matrix, answering))
    columns: dict[str, list[object]] = {name: [] for name in COVERAGE_SCHEMA}
    for group in [*asked, *sorted(g for g in {*found, *unchosen} if g not in asked)]:
        answer, answering = found.get(group, (None, ()))
        response = "missing" if answer is None else "declined" if answer.declined else "answered"
        if answer is None and group in unchosen:
            (answer, answering), response = unchosen[group], "not_selected"
        columns["group_id"].append(group)
        columns["regions"].append(list(registry.regions_of(group)))
        columns["response"].append(response)
        columns["matrix_id"].append(answer.id if answer else None)
        columns["respondent"].append(
            answer.respondent.value if answer and answer.respondent else None
        )
        columns["joint"].append(len(answering) > 1)
        columns["expected"].append(group in asked)
    return pl.DataFrame(columns, schema=COVERAGE_SCHEMA)


# --- The free functions: one part of a comparison each ------------------------------------------


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

    :attr:`Comparison.support` of the proposals; the parameters are :class:`Comparison`'s.

    Returns
    -------
    polars.DataFrame
        :data:`SUPPORT_SCHEMA`: one line per (row, level, body), in the strategy's row order,
        national before regional, most-named body first.

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
    return Comparison(
        proposals,
        baseline,
        registry=registry,
        by=by,
        consensus=consensus,
        minority=minority,
    ).support


def coverage(
    proposals: Iterable[Matrix],
    groups: Iterable[str] | None = None,
    *,
    registry: Registry | None = None,
) -> pl.DataFrame:
    """Say for every ELO group asked whether it answered, declined or is missing.

    Parameters
    ----------
    proposals
        The proposals received, declined ones included.
    groups
        The ids of the groups asked. By default the survey's (:attr:`Survey.asked`) when every
        proposal names the same survey; else the group of each mainland region on the proposals'
        date (a region without a group in the registry stands for its own).
    registry
        The registry that knows the groups and the surveys.

    Returns
    -------
    polars.DataFrame
        :data:`COVERAGE_SCHEMA`: one line per group asked, in the given (or survey) order, then
        any group that answered without being asked (``expected`` false) in alphabetical order.

    Examples
    --------
    >>> from elo_coord import coverage, coverage_counts, load_matrices
    >>> print(coverage_counts(coverage(load_matrices("matrices/proposals"))))
    13/18 groups answered
    """
    return _coverage(list(proposals), groups, registry or default_registry())


def coverage_counts(frame: pl.DataFrame) -> CoverageCounts:
    """Sum up a :func:`coverage` frame: groups, and the regions they cover."""
    asked = frame.filter(pl.col("expected"))
    lines = asked.select("response", "matrix_id", "respondent", "joint").rows()
    answered = [line for line in lines if line[0] == "answered"]
    alone = [line for line in answered if not line[3]]
    joint = [line for line in answered if line[3]]
    regions = asked.select("regions", "response").explode("regions")
    return CoverageCounts(
        asked=len(lines),
        answered=len(answered),
        declined=sum(line[0] == "declined" for line in lines),
        missing=sum(line[0] == "missing" for line in lines),
        not_selected=sum(line[0] == "not_selected" for line in lines),
        coordinator=sum(line[2] == "coordinator" for line in alone),
        group=sum(line[2] == "group" for line in alone),
        unstated=sum(line[2] is None for line in alone),
        joint_answers=len({line[1] for line in joint}),
        joint_groups=len(joint),
        regions_asked=regions.get_column("regions").n_unique(),
        regions_answered=regions.filter(pl.col("response") == "answered")
        .get_column("regions")
        .n_unique(),
    )


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
    return Comparison(proposals, registry=registry, similar=similar).task_groups


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
    return Comparison(proposals, registry=registry, by=by, similar=similar).similarity


def cluster_order(pairs: pl.DataFrame, *, measure: str = "bodies") -> list[str]:
    """Order regions so that similar ones sit together, by average-linkage clustering.

    The order depends only on the similarities, not on the order of the input: ties are broken by
    the alphabetical order of the regions' ids. It takes time cubic in the number of regions: meant
    for the tens of regions a chart shows.

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
        raise InputError(f"measure must be 'bodies' or 'tasks', not {measure!r}")
    from elo_coord._grouping import partitions

    history = partitions(_distances(pairs, measure))
    return history[-1][0] if history and history[-1] else []


def _distances(pairs: pl.DataFrame, measure: str) -> dict[tuple[str, str], float]:
    """Return ``1 - similarity`` of every pair of a :func:`similarity` frame (1 where null)."""
    return {
        (a, b): 1.0 - value if value is not None else 1.0
        for a, b, value in pairs.select("a", "b", measure).iter_rows()
    }


def minority_views(
    proposals: Iterable[Matrix],
    *,
    by: By = "region",
    consensus: float = 2 / 3,
    minority: float = 1 / 3,
    registry: Registry | None = None,
) -> pl.DataFrame:
    """Name the regions that stand apart from the others, cell by cell.

    :attr:`Comparison.minority_views` of the proposals: a region ``adds`` a body that few name
    (a minority body) or ``omits`` a body that the consensus names although it answered the row.

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
    return Comparison(
        proposals, registry=registry, by=by, consensus=consensus, minority=minority
    ).minority_views


def synthesize(
    proposals: Iterable[Matrix],
    consensus: float = 2 / 3,
    *,
    minority: float = 1 / 3,
    by: By = "region",
    similar: float = 80,
    id: str = "synteesi",
    title: str | None = None,
    date: dt.date | None = None,
    lang: Lang = "fi",
    registry: Registry | None = None,
) -> Matrix:
    """Build the matrix the proposals agree on, saying who proposed each part.

    Parameters
    ----------
    proposals
        The regions' proposals, all for one strategy. Declined ones are left out.
    consensus
        A body or a task group enters the synthesis when its share of the regions that answered
        the row (see :func:`elo_coord.support`) is at least this.
    minority
        Bodies at or below this share become ``minority`` questions; those between ``minority``
        and ``consensus`` become ``contested`` questions.
    by
        ``"region"`` counts a joint answer once per region, ``"answer"`` once.
    similar
        How alike (0–100) two task texts must be to count as one task (:func:`task_groups`).
    id, title, date
        The new matrix's id, title and date (by default the latest proposal's).
    lang
        The language of the title, the note and the questions' notes (``fi`` by default).
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
    InputError
        No proposal answered, or the proposals are for different strategies.

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
    comparison = Comparison(
        proposals,
        registry=registry,
        by=by,
        consensus=consensus,
        minority=minority,
        similar=similar,
    )
    return comparison.synthesis_as(id, title=title, date=date, lang=lang)
