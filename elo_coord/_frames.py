"""Matrices ⇄ one tidy polars frame, so that researchers can work in polars directly.

The frame has a line per matrix × row × level × body. A level with no body still gets one line (with
``body_id`` null) and a matrix with no rows one line (with ``row_id`` null), so nothing is lost on
the way back: ``from_frame(to_frame(ms)) == ms``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl

from elo_coord._errors import InputError
from elo_coord._model import (
    MATRIX_LEVELS,
    AssessmentFile,
    Composition,
    Kind,
    Level,
    Matrix,
    PracticeFile,
    Respondent,
    Role,
    Scale,
    Strategy,
)
from elo_coord._registry import Registry, default_registry

__all__ = [
    "BODY_LINE_SCHEMA",
    "COMPOSITION_SCHEMA",
    "MATRIX_FRAME_SCHEMA",
    "PRACTICE_SCHEMA",
    "RATING_SCHEMA",
    "SCALE_FRAME_SCHEMA",
    "STRATEGY_FRAME_SCHEMA",
    "TASK_LINE_SCHEMA",
    "body_lines",
    "composition_frame",
    "from_frame",
    "practices_frame",
    "ratings",
    "scale_frame",
    "strategy_frame",
    "task_lines",
    "to_frame",
]

_TASK = pl.Struct({"text": pl.String, "bodies": pl.List(pl.String), "regions": pl.List(pl.String)})
_QUESTION = pl.Struct(
    {
        "row": pl.String,
        "level": pl.String,
        "body": pl.String,
        "status": pl.String,
        "regions": pl.List(pl.String),
        "note": pl.String,
    }
)

_DECISION = pl.Struct(
    {
        "row": pl.String,
        "level": pl.String,
        "body": pl.String,
        "verdict": pl.String,
        "role": pl.String,
        "rationale": pl.String,
        "by": pl.String,
        "at": pl.Datetime("us", "UTC"),
        "regions": pl.List(pl.String),
        "answered": pl.Int64,
    }
)

_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "matrix_id": pl.String,
    "kind": pl.Enum([k.value for k in Kind]),
    "strategy_id": pl.String,
    "date": pl.Date,
    "title": pl.String,
    "source": pl.String,
    "groups": pl.List(pl.String),
    "proposers": pl.List(pl.String),
    "survey": pl.String,
    "answers": pl.List(pl.Struct({"question": pl.String, "text": pl.String})),
    "respondent": pl.Enum([r.value for r in Respondent]),
    "illustrative": pl.Boolean,
    "declined": pl.Boolean,
    "matrix_note": pl.String,
    "questions": pl.List(_QUESTION),
    "decisions": pl.List(_DECISION),
    "row_id": pl.String,
    "row_note": pl.String,
    "quotes": pl.List(pl.String),
    "level": pl.Enum([level.value for level in MATRIX_LEVELS]),
    "body_id": pl.String,
    "role": pl.Enum([r.value for r in Role]),
    "regions": pl.List(pl.String),
    "tasks": pl.List(_TASK),
}
MATRIX_FRAME_SCHEMA: pl.Schema = pl.Schema(_COLUMNS)
"""Columns of :func:`to_frame`: the matrix's metadata (its ``groups`` and their regions, the
``survey`` it answers and its free-text ``answers``; a synthesis's open ``questions`` and the
forum's ``decisions`` on its agenda), the
row, the level, the body, its role and ``regions`` (a synthesis's provenance), and ``tasks`` — every
task of the row at that level as ``{text, bodies, regions}`` (``bodies`` empty when the task is the
level's bodies' together)."""


STRATEGY_FRAME_SCHEMA: pl.Schema = pl.Schema(
    {
        "strategy_id": pl.String,
        "row_id": pl.String,
        "theme_id": pl.String,
        "theme": pl.String,
        "goal_id": pl.String,
        "goal": pl.String,
        "means": pl.String,
    }
)
"""Columns of :func:`strategy_frame`: a line per row with its theme, goal and means (null when the
goal itself is the row)."""


SCALE_FRAME_SCHEMA: pl.Schema = pl.Schema(
    {
        "scale_id": pl.String(),
        "area_id": pl.String(),
        "area": pl.String(),
        "theme": pl.String(),
        "step": pl.Int64(),
        "step_title": pl.String(),
        "example": pl.String(),
        "named": pl.List(pl.String()),
        "regions": pl.List(pl.String()),
    }
)
"""Columns of :func:`scale_frame`: a line per example of each step of each area (a step the source
gives no example of has one line, with ``example`` null), with the names the example gives as
written (``named``) and the regions they stand for."""


RATING_SCHEMA: pl.Schema = pl.Schema(
    {
        "year": pl.Int64(),
        "area_id": pl.String(),
        "step": pl.Int64(),
        "group_id": pl.String(),
        "regions": pl.List(pl.String()),
        "kind": pl.Enum(["assessment", "example"]),
        "by": pl.Enum(["self", "researcher", "source"]),
        "evidence": pl.String(),
        "illustrative": pl.Boolean(),
        "source": pl.String(),
    }
)
"""Columns of :func:`ratings`: a line per group × area × assessor of each year's assessments
(``kind`` ``assessment``, ``by`` ``self`` or ``researcher``), and a line per example of the scale
that names groups (``kind`` ``example``, ``by`` ``source``, the year the scale reports on,
``group_id`` null and the ``regions`` the example names). An example shows a step in a group's
work; it is not that group's rating in the area. ``source`` is the assessment file's id, or the
scale's source key."""

COMPOSITION_SCHEMA: pl.Schema = pl.Schema(
    {
        "year": pl.Int64(),
        "group_id": pl.String(),
        "tier_id": pl.String(),
        "tier": pl.String(),
        "kind_id": pl.String(),
        "kind": pl.String(),
        "body_id": pl.String(),
        "illustrative": pl.Boolean(),
        "source": pl.String(),
    }
)
"""Columns of :func:`composition_frame`: a line per group × tier × kind of organisation sitting
there. ``body_id`` is the body of ``bodies.yaml`` the kind is, or belongs to (null where none
matches); ``source`` is the composition file's id."""

PRACTICE_SCHEMA: pl.Schema = pl.Schema(
    {
        "practice_id": pl.String(),
        "kind": pl.Enum(["practice", "target", "measure"]),
        "title": pl.String(),
        "text": pl.String(),
        "source": pl.String(),
        "case": pl.String(),
        "groups": pl.List(pl.String()),
        "rows": pl.List(pl.String()),
        "areas": pl.List(pl.String()),
        "confidence": pl.Enum(["high", "medium", "low"]),
        "links_note": pl.String(),
    }
)
"""Columns of :func:`practices_frame`: a line per entry of the catalogue, with the groups the
source attributes it to, and the strategy rows and scale areas it bears on (the catalogue's
reading, as sure as ``confidence``)."""


_BODY_LINE: dict[str, pl.DataType | type[pl.DataType]] = {
    "matrix": pl.UInt32,
    "row_id": pl.String,
    "level": pl.Enum([level.value for level in MATRIX_LEVELS]),
    "body_id": pl.String,
    "role": pl.Enum([r.value for r in Role]),
}
BODY_LINE_SCHEMA: pl.Schema = pl.Schema(_BODY_LINE)
"""Columns of :func:`body_lines`: the matrix's place in the sequence given, the row, the level,
the body (null for a level with no body: the row answered "nobody") and its role."""

_TASK_LINE: dict[str, pl.DataType | type[pl.DataType]] = {
    "matrix": pl.UInt32,
    "row_id": pl.String,
    "level": pl.Enum([level.value for level in MATRIX_LEVELS]),
    "position": pl.Int64,
    "text": pl.String,
    "bodies": pl.List(pl.String),
}
TASK_LINE_SCHEMA: pl.Schema = pl.Schema(_TASK_LINE)
"""Columns of :func:`task_lines`: the matrix's place, the row, the level, the task's place in its
cell, its text and the bodies the matrix says do it."""


def body_lines(matrices: Sequence[Matrix]) -> pl.DataFrame:
    """Return a line per matrix × row × level × body, in the order the matrices hold them.

    The lean frame the comparison counts over: no metadata, the matrix by its place in
    ``matrices``. A level with no body still gets a line, with ``body_id`` null, so that every row
    a matrix lists is there.

    Examples
    --------
    >>> from elo_coord import load_matrix
    >>> lines = body_lines([load_matrix("matrices/baseline/tno-2022.yaml")])
    >>> lines.row(0)
    (0, 'T1.1a', 'national', 'OKM', 'partner')
    """
    index: list[int] = []
    rows: list[str] = []
    levels: list[str] = []
    bodies: list[str | None] = []
    roles: list[str | None] = []
    for i, matrix in enumerate(matrices):
        for row in matrix.rows:
            for level, cell in (("national", row.national), ("regional", row.regional)):
                if not cell.bodies:
                    index.append(i)
                    rows.append(row.row)
                    levels.append(level)
                    bodies.append(None)
                    roles.append(None)
                for assignment in cell.bodies:
                    index.append(i)
                    rows.append(row.row)
                    levels.append(level)
                    bodies.append(assignment.body)
                    roles.append(assignment.role.value)
    columns = {"matrix": index, "row_id": rows, "level": levels, "body_id": bodies, "role": roles}
    return pl.DataFrame(columns, schema=BODY_LINE_SCHEMA)


def task_lines(matrices: Sequence[Matrix]) -> pl.DataFrame:
    """Return a line per matrix × row × level × task, in the order the matrices hold them.

    Examples
    --------
    >>> from elo_coord import load_matrix
    >>> lines = task_lines([load_matrix("matrices/baseline/tno-2022.yaml")])
    >>> lines.row(0)[:4]
    (0, 'T1.1a', 'national', 0)
    """
    index: list[int] = []
    rows: list[str] = []
    levels: list[str] = []
    positions: list[int] = []
    texts: list[str] = []
    # The bodies flat, with the task they belong to: a list column made from Python lists is
    # slow to build, one made by polars from flat columns is not.
    owners: list[int] = []
    bodies: list[str] = []
    for i, matrix in enumerate(matrices):
        for row in matrix.rows:
            for level, cell in (("national", row.national), ("regional", row.regional)):
                for position, task in enumerate(cell.tasks):
                    if task.bodies:
                        owners += [len(texts)] * len(task.bodies)
                        bodies += task.bodies
                    index.append(i)
                    rows.append(row.row)
                    levels.append(level)
                    positions.append(position)
                    texts.append(task.text)
    columns = {
        "matrix": index,
        "row_id": rows,
        "level": levels,
        "position": positions,
        "text": texts,
    }
    frame = pl.DataFrame(columns, schema={k: v for k, v in _TASK_LINE.items() if k != "bodies"})
    named = (
        pl.DataFrame(
            {"task": owners, "bodies": bodies}, schema={"task": pl.Int64, "bodies": pl.String}
        )
        .group_by("task", maintain_order=True)
        .agg("bodies")
    )
    return (
        frame.with_row_index("task")
        .with_columns(pl.col("task").cast(pl.Int64))
        .join(named, on="task", how="left", maintain_order="left")
        .with_columns(pl.col("bodies").fill_null([]))
        .drop("task")
        .select(pl.col(name).cast(dtype) for name, dtype in TASK_LINE_SCHEMA.items())
    )


def strategy_frame(strategy: Strategy, *, lang: str = "fi") -> pl.DataFrame:
    """Return the strategy's rows with their theme, goal and means, to join onto matrix frames.

    Parameters
    ----------
    strategy
        The strategy, e.g. ``registry.strategy("elo-2020-2023")``.
    lang
        ``fi``, ``sv`` or ``en``; a text missing in that language comes in Finnish.

    Examples
    --------
    >>> from elo_coord import default_registry, strategy_frame
    >>> rows = strategy_frame(default_registry().strategy("elo-2020-2023"))
    >>> rows.height, rows.row(-1, named=True)["theme"]
    (13, 'Tietoon perustuen')
    """
    lines = [
        {
            "strategy_id": strategy.id,
            "row_id": row.id,
            "theme_id": row.theme.id,
            "theme": row.theme.names.text(lang),
            "goal_id": row.goal.id,
            "goal": row.goal.text.text(lang),
            "means": row.means.text.text(lang) if row.means else None,
        }
        for row in strategy.rows()
    ]
    return pl.DataFrame(lines, schema=STRATEGY_FRAME_SCHEMA, orient="row")


def scale_frame(scale: Scale) -> pl.DataFrame:
    """Return the development scale as a tidy frame: a line per example of each step.

    Examples
    --------
    >>> from elo_coord import load_scale, scale_frame
    >>> frame = scale_frame(load_scale("matrices/monitoring/scale-2016.yaml"))
    >>> frame.select("area_id", "step").unique().height  # 8 areas of 4 steps; one lacks step 4
    31
    """
    lines = [
        {
            "scale_id": scale.id,
            "area_id": area.id,
            "area": area.title,
            "theme": area.theme,
            "step": step.step,
            "step_title": step.title,
            "example": example.text if example else None,
            "named": list(example.named) if example else [],
            "regions": list(example.regions) if example else [],
        }
        for area in scale.areas
        for step in area.steps
        for example in (step.examples or (None,))
    ]
    return pl.DataFrame(lines, schema=SCALE_FRAME_SCHEMA, orient="row")


def ratings(
    scale: Scale, assessed: Iterable[AssessmentFile] = (), *, registry: Registry | None = None
) -> pl.DataFrame:
    """Return the groups' ratings on ``scale``: the assessments, and the scale's own examples.

    Parameters
    ----------
    scale
        The scale (:func:`~elo_coord.load_scale`); its examples that name groups come in as
        lines of kind ``example``.
    assessed
        Years of assessments (:func:`~elo_coord.load_assessments`) on that scale.
    registry
        Where a group's regions are looked up; the shipped registry by default.

    Examples
    --------
    >>> from elo_coord import load_assessments, load_scale, ratings
    >>> scale = load_scale("matrices/monitoring/scale-2016.yaml")
    >>> year = load_assessments("matrices/monitoring/assessments/kuvitteellinen-2017.yaml")
    >>> frame = ratings(scale, [year])
    >>> frame.group_by("kind").len().sort("kind").rows()
    [('assessment', 35), ('example', 26)]
    """
    registry = registry or default_registry()
    lines: list[dict[str, object]] = [
        {
            "year": scale.year,
            "area_id": area.id,
            "step": step.step,
            "group_id": None,
            "regions": list(example.regions),
            "kind": "example",
            "by": "source",
            "evidence": example.text,
            "illustrative": False,
            "source": scale.source,
        }
        for area in scale.areas
        for step in area.steps
        for example in step.examples
        if example.regions
    ]
    for year in assessed:
        if year.scale != scale.id:
            raise InputError(f"{year.id} rates on {year.scale}, not on {scale.id}")
        for assessment in year.assessments:
            group = registry.groups.get(assessment.group)
            regions = list(group.regions) if group is not None else []
            lines += [
                {
                    "year": year.year,
                    "area_id": area,
                    "step": rating.step,
                    "group_id": assessment.group,
                    "regions": regions,
                    "kind": "assessment",
                    "by": assessment.by.value,
                    "evidence": rating.evidence,
                    "illustrative": year.illustrative,
                    "source": year.id,
                }
                for area, rating in assessment.areas.items()
            ]
    return pl.DataFrame(lines, schema=RATING_SCHEMA, orient="row")


def composition_frame(composition: Composition) -> pl.DataFrame:
    """Return who sits in the groups as a tidy frame: a line per group × tier × kind.

    Examples
    --------
    >>> from elo_coord import composition_frame, load_composition
    >>> made_up = load_composition("matrices/monitoring/composition/kuvitteellinen-2014.yaml")
    >>> frame = composition_frame(made_up)
    >>> frame.filter(pl.col("kind_id") == "ely").get_column("group_id").n_unique()
    12
    """
    tiers = {tier.id: tier.name for tier in composition.tiers}
    kinds = {kind.id: kind for kind in composition.kinds}
    lines = [
        {
            "year": composition.year,
            "group_id": member.group,
            "tier_id": tier,
            "tier": tiers[tier],
            "kind_id": kind,
            "kind": kinds[kind].name,
            "body_id": kinds[kind].body,
            "illustrative": composition.illustrative,
            "source": composition.id,
        }
        for member in composition.groups
        for tier in (t.id for t in composition.tiers if t.id in member.tiers)
        for kind in member.tiers[tier]
    ]
    return pl.DataFrame(lines, schema=COMPOSITION_SCHEMA, orient="row")


def practices_frame(catalogue: PracticeFile) -> pl.DataFrame:
    """Return the catalogue of good practices as a frame: a line per entry.

    Examples
    --------
    >>> from elo_coord import load_practices, practices_frame
    >>> frame = practices_frame(load_practices("matrices/monitoring/practices.yaml"))
    >>> frame.group_by("kind").len().sort("kind").rows()
    [('practice', 2), ('target', 7), ('measure', 20)]
    """
    lines = [
        {
            "practice_id": practice.id,
            "kind": practice.kind.value,
            "title": practice.title,
            "text": practice.text,
            "source": practice.source,
            "case": practice.case,
            "groups": list(practice.groups),
            "rows": list(practice.rows),
            "areas": list(practice.areas),
            "confidence": practice.links.confidence.value if practice.links else None,
            "links_note": practice.links.note if practice.links else None,
        }
        for practice in catalogue.practices
    ]
    return pl.DataFrame(lines, schema=PRACTICE_SCHEMA, orient="row")


def to_frame(matrices: Matrix | Iterable[Matrix]) -> pl.DataFrame:
    """Return one tidy frame with a line per matrix × row × level × body.

    Parameters
    ----------
    matrices
        One matrix or several.

    Returns
    -------
    polars.DataFrame
        With the columns of :data:`MATRIX_FRAME_SCHEMA`, in matrix, row, level and body order.

    Examples
    --------
    >>> import polars as pl
    >>> from elo_coord import load_matrix, to_frame
    >>> frame = to_frame(load_matrix("matrices/baseline/tno-2022.yaml"))
    >>> (frame.filter(pl.col("row_id") == "T1.1b", pl.col("level") == "regional")
    ...       .get_column("body_id").to_list())
    ['ELY', 'AVI', 'TE-toimistot', 'kirjastot']
    """
    if isinstance(matrices, Matrix):
        matrices = [matrices]
    lines: list[dict[str, Any]] = []
    for matrix in matrices:
        head = {
            "matrix_id": matrix.id,
            "kind": matrix.kind.value,
            "strategy_id": matrix.strategy,
            "date": matrix.date,
            "title": matrix.title,
            "source": matrix.source,
            "groups": list(matrix.groups),
            "proposers": list(matrix.proposers),
            "survey": matrix.survey,
            "answers": [{"question": q, "text": t} for q, t in matrix.answers.items()],
            "respondent": matrix.respondent.value if matrix.respondent else None,
            "illustrative": matrix.illustrative,
            "declined": matrix.declined,
            "matrix_note": matrix.note,
            "questions": [q.model_dump(mode="json") for q in matrix.questions],
            "decisions": [d.model_dump() for d in matrix.decisions],
        }
        if not matrix.rows:
            lines.append(head)
        for row in matrix.rows:
            for level in MATRIX_LEVELS:
                cell = row.cell(level)
                line = {
                    **head,
                    "row_id": row.row,
                    "row_note": row.note,
                    "quotes": list(row.quotes),
                    "level": level.value,
                    "tasks": [t.model_dump(mode="json") for t in cell.tasks],
                }
                if not cell.bodies:
                    lines.append(line)
                for assignment in cell.bodies:
                    lines.append(
                        {
                            **line,
                            "body_id": assignment.body,
                            "role": assignment.role.value,
                            "regions": list(assignment.regions),
                        }
                    )
    return pl.DataFrame(lines, schema=MATRIX_FRAME_SCHEMA, orient="row")


def from_frame(frame: pl.DataFrame) -> list[Matrix]:
    """Rebuild matrices from a frame shaped like :func:`to_frame`'s.

    Matrices, rows and bodies come back in the order they first appear in the frame. A row that a
    matrix holds twice (which :func:`elo_coord.lint` reports as ``duplicate-row``) comes back once,
    with the bodies of both.

    Raises
    ------
    ValueError
        A column is missing, or the lines do not make valid matrices.

    Examples
    --------
    >>> from elo_coord import load_matrices, to_frame
    >>> proposals = load_matrices("matrices/proposals")
    >>> from_frame(to_frame(proposals)) == proposals
    True
    """
    missing = [name for name in MATRIX_FRAME_SCHEMA if name not in frame.columns]
    if missing:
        raise InputError(
            f"the frame lacks the columns {', '.join(missing)}; see MATRIX_FRAME_SCHEMA"
        )
    matrices: dict[str, dict[str, Any]] = {}
    for line in frame.select(list(MATRIX_FRAME_SCHEMA)).iter_rows(named=True):
        matrix = matrices.get(line["matrix_id"])
        if matrix is None:
            matrix = matrices[line["matrix_id"]] = {
                "id": line["matrix_id"],
                "kind": line["kind"],
                "strategy": line["strategy_id"],
                "date": line["date"],
                "title": line["title"],
                "source": line["source"],
                "groups": line["groups"] or [],
                "proposers": line["proposers"] or [],
                "survey": line["survey"],
                "answers": {a["question"]: a["text"] for a in line["answers"] or []},
                "respondent": line["respondent"],
                "illustrative": line["illustrative"],
                "declined": line["declined"],
                "note": line["matrix_note"],
                "questions": [
                    {k: v for k, v in q.items() if v is not None} for q in line["questions"] or []
                ],
                "decisions": [
                    {k: v for k, v in d.items() if v is not None} for d in line["decisions"] or []
                ],
                "rows": {},
            }
        if line["row_id"] is None:
            continue
        row = matrix["rows"].setdefault(
            line["row_id"],
            {
                "row": line["row_id"],
                "note": line["row_note"],
                "quotes": line["quotes"] or [],
                **{level.value: None for level in MATRIX_LEVELS},
            },
        )
        level = Level(line["level"]).value
        if row[level] is None:
            row[level] = {"bodies": [], "tasks": line["tasks"] or []}
        if line["body_id"] is not None:
            row[level]["bodies"].append(
                {
                    "body": line["body_id"],
                    "role": line["role"] or "partner",
                    "regions": line["regions"] or [],
                }
            )
    out = []
    for data in matrices.values():
        rows = []
        for row in data["rows"].values():
            rows.append({k: v for k, v in row.items() if v is not None})
        data["rows"] = rows
        out.append(Matrix.model_validate({k: v for k, v in data.items() if v is not None}))
    return out
