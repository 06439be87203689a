"""Matrices as one tidy polars frame, and back."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings

from elo_coord import MATRIX_FRAME_SCHEMA, Matrix, from_frame, to_frame

from .test_io import matrices


def small() -> Matrix:
    return Matrix.model_validate(
        {
            "id": "pieni",
            "kind": "proposal",
            "strategy": "elo-2020-2023",
            "date": "2022-03-18",
            "title": "Pieni",
            "proposers": ["pohjanmaa", "keski-pohjanmaa"],
            "respondent": "group",
            "rows": [
                {
                    "row": "T4.1",
                    "national": {"bodies": [{"body": "OKM", "role": "lead"}, "TEM"]},
                    "regional": {"bodies": [], "tasks": ["Alueelliset koulutukset"]},
                }
            ],
        }
    )


def test_a_line_per_body_and_one_for_a_level_without_bodies() -> None:
    frame = to_frame(small())
    assert frame.select("row_id", "level", "body_id", "role").rows() == [
        ("T4.1", "national", "OKM", "lead"),
        ("T4.1", "national", "TEM", "partner"),
        ("T4.1", "regional", None, None),
    ]
    assert frame.get_column("proposers").to_list()[0] == ["pohjanmaa", "keski-pohjanmaa"]
    assert frame.get_column("date").to_list()[0] == dt.date(2022, 3, 18)
    assert frame.filter(pl.col("level") == "regional").get_column("tasks").to_list() == [
        [{"text": "Alueelliset koulutukset", "bodies": [], "regions": []}]
    ]


def test_the_frame_has_the_documented_schema(baseline: Matrix) -> None:
    assert to_frame(baseline).schema == MATRIX_FRAME_SCHEMA


def test_the_baseline_frame_has_109_lines(baseline: Matrix) -> None:
    # 12 rows x 5 national bodies = 60; regionally 4 bodies on 11 rows and 5 on slide 9's = 49.
    frame = to_frame(baseline)
    assert frame.height == 109
    per_level = dict(frame.group_by("level").len().sort("level").rows())
    assert per_level == {"national": 60, "regional": 49}


def test_a_matrix_without_rows_keeps_one_line() -> None:
    empty = small().model_copy(update={"rows": ()})
    frame = to_frame(empty)
    assert frame.height == 1
    assert frame.get_column("row_id").to_list() == [None]
    assert from_frame(frame) == [empty]


def test_shipped_matrices_come_back_unchanged(baseline: Matrix, proposals: list[Matrix]) -> None:
    everything = [baseline, *proposals]
    assert from_frame(to_frame(everything)) == everything


@settings(max_examples=100, deadline=None)
@given(matrices())
def test_any_matrix_comes_back_unchanged(matrix: Matrix) -> None:
    if len({row.row for row in matrix.rows}) == len(matrix.rows):
        assert from_frame(to_frame(matrix)) == [matrix]


def test_researchers_can_count_with_plain_polars(proposals: list[Matrix]) -> None:
    frame = to_frame(proposals)
    named = (
        frame.filter(pl.col("row_id") == "T1.1a", pl.col("level") == "national")
        .group_by("body_id")
        .agg(pl.col("matrix_id").n_unique().alias("n"))
    )
    counts = dict(named.rows())
    assert counts["OKM"] == len(proposals)


def test_a_frame_missing_a_column_is_refused() -> None:
    frame = to_frame(small()).drop("role")
    with pytest.raises(ValueError, match="lacks the columns role"):
        from_frame(frame)
