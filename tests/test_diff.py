"""Diff and patch: the changes between two matrices, and applying the ones the forum accepts."""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import elo_coord
from elo_coord import Matrix, Row, load_matrix
from elo_coord._diff import DIFF_SCHEMA, Change, diff, diffs, patch, summarize

from . import builders
from .conftest import MATRICES
from .test_io import ids, matrices, texts


def matrix(rows: list[dict[str, Any]], **fields: Any) -> Matrix:
    return builders.matrix(rows, **{"title": "Pieni", "proposers": ["lappi"], **fields})


def one_row(
    national: dict[str, Any] | None = None, regional: dict[str, Any] | None = None
) -> Matrix:
    return matrix([{"row": "T4.1", "national": national or {}, "regional": regional or {}}])


def lines(changes: pl.DataFrame, *columns: str) -> list[tuple[Any, ...]]:
    return changes.select(columns).rows()


# ---------------------------------------------------------------------------------------------
# Laws


@st.composite
def edited(draw: st.DrawFn) -> tuple[Matrix, Matrix]:
    """A matrix and a copy with a few small edits: the edits the forum's proposals make."""
    a = draw(matrices())
    data = a.model_dump(mode="json")
    rows: list[dict[str, Any]] = data["rows"]
    for _ in range(draw(st.integers(1, 4))):
        edit = draw(
            st.sampled_from(
                [
                    "add body",
                    "remove body",
                    "reorder bodies",
                    "toggle role",
                    "reword task",
                    "retarget task",
                    "reorder tasks",
                    "drop row",
                    "add row",
                    "reorder rows",
                    "change note",
                    "change title",
                ]
            )
        )
        if edit == "add row" or not rows:
            rows.insert(draw(st.integers(0, len(rows))), {"row": draw(ids), "quotes": []})
            continue
        if edit == "drop row":
            rows.pop(draw(st.integers(0, len(rows) - 1)))
            continue
        if edit == "reorder rows":
            data["rows"] = rows = draw(st.permutations(rows))
            continue
        if edit == "change title":
            data["title"] = draw(texts)
            continue
        row = draw(st.sampled_from(rows))
        if edit == "change note":
            row["note"] = draw(st.none() | texts)
            continue
        cell = row.setdefault(draw(st.sampled_from(["national", "regional"])), {})
        bodies = cell.setdefault("bodies", [])
        tasks = cell.setdefault("tasks", [])
        if edit == "add body":
            new = {"body": draw(ids), "role": draw(st.sampled_from(["lead", "partner"]))}
            bodies.insert(draw(st.integers(0, len(bodies))), new)
        elif edit == "reorder tasks":
            cell["tasks"] = draw(st.permutations(tasks))
        elif not bodies and edit in {"remove body", "reorder bodies", "toggle role"}:
            continue
        elif edit == "remove body":
            bodies.pop(draw(st.integers(0, len(bodies) - 1)))
        elif edit == "reorder bodies":
            cell["bodies"] = draw(st.permutations(bodies))
        elif edit == "toggle role":
            body = draw(st.sampled_from(bodies))
            body["role"] = "partner" if body["role"] == "lead" else "lead"
        elif not tasks:
            continue
        elif edit == "reword task":
            task = draw(st.sampled_from(tasks))
            at = draw(st.integers(0, len(task["text"])))
            task["text"] = (
                task["text"][:at] + draw(st.sampled_from("aäx ")) + task["text"][at + 1 :]
            )
            task["text"] = task["text"].strip() or "x"
        elif edit == "retarget task":
            draw(st.sampled_from(tasks))["bodies"] = draw(st.lists(ids, max_size=2))
    return a, Matrix.model_validate(data)


@settings(max_examples=40, deadline=None)
@given(matrices())
def test_a_matrix_has_no_changes_from_itself(a: Matrix) -> None:
    assert diff(a, a).is_empty()
    assert patch(a, diff(a, a).head(0)) == a


@settings(max_examples=80, deadline=None)
@given(matrices(), matrices())
def test_patching_with_the_whole_diff_gives_the_other_matrix(a: Matrix, b: Matrix) -> None:
    changes = diff(a, b)
    assert changes.schema == DIFF_SCHEMA
    assert patch(a, changes) == b


@settings(max_examples=150, deadline=None)
@given(edited())
def test_patching_with_the_whole_diff_undoes_small_edits(pair: tuple[Matrix, Matrix]) -> None:
    a, b = pair
    assert patch(a, diff(a, b)) == b
    assert patch(b, diff(b, a)) == a


@settings(max_examples=40, deadline=None)
@given(edited(), st.randoms(use_true_random=False))
def test_the_order_of_the_lines_given_to_patch_does_not_matter(
    pair: tuple[Matrix, Matrix], random: Any
) -> None:
    a, b = pair
    changes = diff(a, b)
    order = list(range(changes.height))
    random.shuffle(order)
    assert patch(a, changes[order]) == b


ADDITIONS = ["row_added", "body_added", "task_added", "role_changed", "regions_changed"]


@settings(max_examples=60, deadline=None)
@given(st.one_of(edited(), st.tuples(matrices(), matrices())), st.data())
def test_any_subset_of_additions_and_role_changes_applies(
    pair: tuple[Matrix, Matrix], data: st.DataObject
) -> None:
    a, b = pair
    changes = diff(a, b).filter(pl.col("change").is_in(ADDITIONS))
    keep = data.draw(st.lists(st.booleans(), min_size=changes.height, max_size=changes.height))
    patched = patch(a, changes.filter(pl.Series(keep, dtype=pl.Boolean)))
    assert len(patched.rows) >= len(a.rows)


# ---------------------------------------------------------------------------------------------
# Bodies


def test_a_body_replaced_by_another_is_one_line_removed_and_one_added() -> None:
    a = one_row(national={"bodies": ["OKM", "TEM"]})
    b = one_row(national={"bodies": ["OKM", "OPH"]})
    assert lines(diff(a, b), "change", "row_id", "level", "body_id", "old", "new", "position") == [
        ("body_removed", "T4.1", "national", "TEM", "partner", None, None),
        ("body_added", "T4.1", "national", "OPH", None, "partner", 1),
    ]


def test_a_body_made_lead_is_a_role_change_not_a_new_body() -> None:
    a = one_row(regional={"bodies": ["ELY", "kunnat"]})
    b = one_row(regional={"bodies": [{"body": "ELY", "role": "lead"}, "kunnat"]})
    assert lines(diff(a, b), "change", "level", "body_id", "old", "new") == [
        ("role_changed", "regional", "ELY", "partner", "lead")
    ]


def test_a_body_moved_to_the_front_is_one_line_with_its_new_position() -> None:
    a = one_row(national={"bodies": ["OKM", "TEM", "OPH"]})
    b = one_row(national={"bodies": ["OPH", "OKM", "TEM"]})
    assert lines(diff(a, b), "change", "body_id", "position") == [("bodies_reordered", "OPH", 0)]


def test_a_synthesis_body_with_new_provenance_is_a_regions_change() -> None:
    a = one_row(regional={"bodies": [{"body": "ELY", "regions": ["lappi"]}]})
    b = one_row(regional={"bodies": [{"body": "ELY", "regions": ["lappi", "uusimaa"]}]})
    assert lines(diff(a, b), "change", "body_id", "old", "new") == [
        ("regions_changed", "ELY", '["lappi"]', '["lappi", "uusimaa"]')
    ]


# ---------------------------------------------------------------------------------------------
# Tasks


def test_a_task_reworded_slightly_is_one_reworded_line_with_its_similarity() -> None:
    a = one_row(regional={"tasks": ["Alueelliset koulutukset", "Alueelliset palvelumuotoilut"]})
    b = one_row(regional={"tasks": ["Alueelliset koulutus", "Alueelliset palvelumuotoilut"]})
    changes = diff(a, b)
    assert lines(changes, "change", "level", "task", "old", "new") == [
        (
            "task_reworded",
            "regional",
            "Alueelliset koulutukset",
            "Alueelliset koulutukset",
            "Alueelliset koulutus",
        ),
    ]
    # Sorted words "alueelliset koulutukset" (23) and "alueelliset koulutus" (20) share 20
    # letters in order: 3 insertions and deletions, so 1 - 3 / 43.
    assert changes.get_column("similarity").to_list() == [pytest.approx(100 * 40 / 43)]


def test_a_task_worded_quite_differently_is_removed_and_added() -> None:
    a = one_row(regional={"tasks": ["Alueelliset koulutukset"]})
    b = one_row(regional={"tasks": ["Henkilöstön koulutus kehittämistyöhön"]})
    assert lines(diff(a, b), "change", "task", "position") == [
        ("task_removed", "Alueelliset koulutukset", None),
        ("task_added", "Henkilöstön koulutus kehittämistyöhön", 0),
    ]
    assert lines(diff(a, b, similar=0), "change") == [("task_reworded",)]


def test_a_task_given_to_a_body_is_a_task_change() -> None:
    a = one_row(regional={"bodies": ["ohjaamot"], "tasks": ["Ohjaamojen toimintamalli"]})
    b = one_row(
        regional={
            "bodies": ["ohjaamot"],
            "tasks": [{"text": "Ohjaamojen toimintamalli", "bodies": ["ohjaamot"]}],
        }
    )
    assert lines(diff(a, b), "change", "task", "old", "new") == [
        ("task_changed", "Ohjaamojen toimintamalli", None, '{"bodies": ["ohjaamot"]}')
    ]


def test_a_task_reworded_and_given_to_a_body_is_reworded_then_changed_under_its_new_text() -> None:
    a = one_row(regional={"tasks": ["Alueelliset koulutukset"]})
    b = one_row(regional={"tasks": [{"text": "Alueelliset koulutus", "bodies": ["ELY"]}]})
    changes = diff(a, b)
    assert lines(changes, "change", "task", "old", "new") == [
        (
            "task_reworded",
            "Alueelliset koulutukset",
            "Alueelliset koulutukset",
            "Alueelliset koulutus",
        ),
        ("task_changed", "Alueelliset koulutus", None, '{"bodies": ["ELY"]}'),
    ]
    assert patch(a, changes) == b


def test_a_task_twice_in_a_cell_and_once_in_the_other_is_one_removal() -> None:
    a = one_row(national={"tasks": ["Linjaukset", "Linjaukset", "Rahoitus"]})
    b = one_row(national={"tasks": ["Linjaukset", "Rahoitus"]})
    changes = diff(a, b)
    assert lines(changes, "change", "task") == [("task_removed", "Linjaukset")]
    assert patch(a, changes) == b


def test_tasks_moved_are_lines_with_their_new_positions() -> None:
    a = one_row(national={"tasks": ["A", "B", "C"]})
    b = one_row(national={"tasks": ["C", "A", "B"]})
    assert lines(diff(a, b), "change", "task", "position") == [("tasks_reordered", "C", 0)]


# ---------------------------------------------------------------------------------------------
# Rows and fields


def test_a_row_left_out_is_one_line_holding_the_whole_row() -> None:
    kept = {"row": "T4.1", "national": {"bodies": ["OKM"]}}
    dropped = {
        "row": "T5.1",
        "national": {"bodies": [{"body": "TEM", "role": "lead"}], "tasks": ["Lainsäädäntö"]},
        "note": "Kalvo 17.",
    }
    a, b = matrix([kept, dropped]), matrix([kept])
    changes = diff(a, b)
    assert lines(changes, "change", "row_id") == [("row_removed", "T5.1")]
    assert json.loads(changes.item(0, "old")) == {
        "row": "T5.1",
        "national": {
            "bodies": [{"body": "TEM", "role": "lead"}],
            "tasks": [{"text": "Lainsäädäntö"}],
        },
        "note": "Kalvo 17.",
    }


def test_a_row_added_comes_with_lines_for_its_content() -> None:
    a = matrix([])
    b = matrix(
        [
            {
                "row": "T6.1",
                "note": "Uusi.",
                "regional": {"bodies": [{"body": "ELY", "role": "lead"}], "tasks": ["Tieto"]},
            }
        ]
    )
    changes = diff(a, b)
    assert lines(changes, "change", "level", "body_id", "task", "new", "position") == [
        ("row_added", None, None, None, None, 0),
        ("note_changed", None, None, None, "Uusi.", None),
        ("body_added", "regional", "ELY", None, "lead", 0),
        ("task_added", "regional", None, "Tieto", None, 0),
    ]
    assert patch(a, changes) == b


def test_rows_in_another_order_are_moved_last() -> None:
    a = matrix([{"row": "T4.1"}, {"row": "T5.1"}, {"row": "T6.1", "note": "Vanha."}])
    b = matrix([{"row": "T6.1", "note": "Uusi."}, {"row": "T4.1"}, {"row": "T5.1"}])
    assert lines(diff(a, b), "change", "row_id", "old", "new", "position") == [
        ("note_changed", "T6.1", "Vanha.", "Uusi.", None),
        ("rows_reordered", "T6.1", None, None, 0),
    ]


def test_matrix_fields_come_first_with_dates_and_lists_as_text() -> None:
    a = matrix([{"row": "T4.1"}])
    b = matrix([], date="2026-02-01", proposers=["lappi", "kainuu"], respondent="group")
    assert lines(diff(a, b), "change", "field", "row_id", "old", "new") == [
        ("field_changed", "date", None, "2022-03-18", "2026-02-01"),
        ("field_changed", "proposers", None, '["lappi"]', '["lappi", "kainuu"]'),
        ("field_changed", "respondent", None, None, "group"),
        ("row_removed", None, "T4.1", '{"row": "T4.1"}', None),
    ]


# ---------------------------------------------------------------------------------------------
# Several proposals


def test_summarize_counts_each_proposal_s_changes_by_kind() -> None:
    baseline = one_row(national={"bodies": ["OKM", "TEM"]}, regional={"tasks": ["Koulutukset"]})
    first = one_row(
        national={"bodies": [{"body": "OKM", "role": "lead"}, "TEM", "OPH"]}
    ).model_copy(update={"id": "eka"})
    second = one_row(
        national={"bodies": ["OKM"]}, regional={"tasks": ["Koulutukset", "Kartoitus"]}
    ).model_copy(update={"id": "toka"})
    # eka adds OPH, makes OKM lead and drops the task; toka drops TEM and adds a task.
    assert summarize(diffs(baseline, [second, first])).rows() == [
        ("eka", "body_added", 1),
        ("eka", "role_changed", 1),
        ("eka", "task_removed", 1),
        ("toka", "body_removed", 1),
        ("toka", "task_added", 1),
    ]


def test_diffs_of_no_proposals_is_an_empty_frame_of_the_schema(baseline: Matrix) -> None:
    changes = diffs(baseline, [])
    assert changes.is_empty()
    assert changes.schema == DIFF_SCHEMA


def test_lappi_makes_ely_the_regional_lead_and_names_the_ohjaamot(baseline: Matrix) -> None:
    lappi = load_matrix(MATRICES / "proposals" / "lappi.yaml")
    changes = diffs(baseline, [lappi])
    assert set(changes.get_column("matrix_id")) == {"lappi"}
    assert Change.FIELD_CHANGED not in set(changes.get_column("change"))
    mine = set(lines(changes, "change", "row_id", "level", "body_id", "task", "old", "new"))
    # T1.1c regional: the baseline has ELY, AVI, kunnat, TE-toimistot, kolmas-sektori; Lappi
    # makes ELY lead, leaves out AVI and kunnat and adds ohjaamot with a task of their own.
    assert {
        ("role_changed", "T1.1c", "regional", "ELY", None, "partner", "lead"),
        ("body_removed", "T1.1c", "regional", "AVI", None, "partner", None),
        ("body_removed", "T1.1c", "regional", "kunnat", None, "partner", None),
        ("body_added", "T1.1c", "regional", "ohjaamot", None, None, "partner"),
        (
            "task_added",
            "T1.1c",
            "regional",
            None,
            "Ohjaamojen monialaisen toimintamallin levittäminen",
            None,
            '{"bodies": ["ohjaamot"]}',
        ),
        # T1.1a: TEM leads nationally; OPH and KEHA are left out; a task on remote guidance.
        ("role_changed", "T1.1a", "national", "TEM", None, "partner", "lead"),
        ("body_removed", "T1.1a", "national", "OPH", None, "partner", None),
        ("body_removed", "T1.1a", "national", "KEHA", None, "partner", None),
        (
            "task_added",
            "T1.1a",
            "regional",
            None,
            "Etäohjauksen saatavuus harvaan asutuilla alueilla",
            None,
            None,
        ),
        # T5.1: JOTPA leads nationally.
        ("role_changed", "T5.1", "national", "JOTPA", None, "partner", "lead"),
    } <= mine
    # Lappi keeps every row of the baseline, in order.
    assert not changes.filter(pl.col("change").cast(pl.String).str.starts_with("row")).height
    assert patch(baseline, diff(baseline, lappi)) == lappi


# ---------------------------------------------------------------------------------------------
# Patching with what the forum accepts


def test_accepting_one_added_body_changes_that_cell_alone(baseline: Matrix) -> None:
    lappi = load_matrix(MATRICES / "proposals" / "lappi.yaml")
    changes = diff(baseline, lappi)
    accepted = changes.filter(pl.col("change") == "body_added", pl.col("body_id") == "ohjaamot")
    assert accepted.height == 1
    row = baseline.rows[2]
    assert row.row == "T1.1c"
    # Inserted at its place in Lappi's cell (fourth), between the baseline's own bodies.
    bodies = ["ELY", "AVI", "kunnat", "ohjaamot", "TE-toimistot", "kolmas-sektori"]
    regional = {**row.regional.model_dump(), "bodies": bodies}
    changed = Row.model_validate({**row.model_dump(), "regional": regional})
    expected = baseline.model_copy(
        update={"rows": (*baseline.rows[:2], changed, *baseline.rows[3:])}
    )
    assert patch(baseline, accepted) == expected


def test_adding_a_body_to_a_row_the_matrix_lacks_creates_the_row() -> None:
    a = matrix([{"row": "T4.1"}])
    b = matrix([{"row": "T4.1"}, {"row": "T5.1", "national": {"bodies": ["TEM"]}}])
    accepted = diff(a, b).filter(pl.col("change") == "body_added")
    assert patch(a, accepted) == b


def test_removing_a_body_that_is_not_there_says_which_change_row_level_and_body() -> None:
    a = one_row(national={"bodies": ["OKM", "TEM"]})
    b = one_row(national={"bodies": ["OKM"]})
    changes = diff(a, b)
    with pytest.raises(
        ValueError,
        match=r"^cannot apply body_removed to body 'TEM' in row 'T4\.1' at the national level: "
        r"the body is not there$",
    ):
        patch(b, changes)


def test_rewording_a_task_that_is_not_there_fails() -> None:
    a = one_row(regional={"tasks": ["Alueelliset koulutukset"]})
    b = one_row(regional={"tasks": ["Alueelliset koulutus"]})
    with pytest.raises(
        ValueError,
        match=r"^cannot apply task_reworded to task 'Alueelliset koulutukset' in row 'T4\.1' at "
        r"the regional level: the task is not there$",
    ):
        patch(b, diff(a, b))


def test_changing_a_row_the_matrix_lacks_fails() -> None:
    a = one_row(national={"bodies": ["OKM"]})
    b = one_row(national={"bodies": [{"body": "OKM", "role": "lead"}]})
    with pytest.raises(
        ValueError,
        match=r"^cannot apply role_changed to body 'OKM' in row 'T4\.1' at the national level: "
        r"the row is not in the matrix$",
    ):
        patch(matrix([]), diff(a, b))


def test_a_frame_without_the_key_columns_is_refused() -> None:
    columns = ["change", "row_id", "level", "field", "old", "new", "position"]
    frame = pl.DataFrame({name: [] for name in columns})
    with pytest.raises(ValueError, match="lack the columns body_id, task"):
        patch(matrix([]), frame)


def test_body_lines_carry_their_roles_and_regions_typed() -> None:
    baseline = elo_coord.load_matrix("matrices/baseline/tno-2022.yaml")
    lappi = elo_coord.load_matrix("matrices/proposals/lappi.yaml")
    changes = elo_coord.diff(baseline, lappi).filter(
        pl.col("row_id") == "T1.1c", pl.col("level") == "regional", pl.col("body_id").is_not_null()
    )
    # In the baseline T1.1c regional is ELY, AVI, kunnat, TE-toimistot, kolmas-sektori, all
    # partners; Lappi drops AVI and kunnat, adds ohjaamot and makes ELY the lead.
    assert changes.select("change", "body_id", "role_old", "role_new").rows() == [
        ("body_removed", "AVI", "partner", None),
        ("body_removed", "kunnat", "partner", None),
        ("body_added", "ohjaamot", None, "partner"),
        ("role_changed", "ELY", "partner", "lead"),
    ]
    assert changes.get_column("regions_old").to_list()[:2] == [[], []]


def test_the_change_families_cover_every_change_once() -> None:
    families = [elo_coord.BODY_CHANGES, elo_coord.TASK_CHANGES, elo_coord.ROW_CHANGES]
    named = [change for family in families for change in family]
    assert sorted(named) == sorted(set(elo_coord.Change) - {elo_coord.Change.FIELD_CHANGED})
    assert len(named) == len(set(named))
