"""Migration across the 2025–2026 reforms, worked out by hand from bodies.yaml and the baseline.

The successions in matrices/bodies.yaml, as they stand on 1.1.2026:

- KEHA → KEHA-2026 (national; the only successor)
- ELY → elinvoimakeskukset (regional) and LVV (national, "only the environmental permit ...")
- AVI → LVV (national, "most tasks ...") and elinvoimakeskukset (regional, low confidence)
- TE-toimistot → tyollisyysalueet (local) and KEHA (national, medium), which became KEHA-2026

The baseline has 12 rows. Every national cell is OKM, TEM, OPH, JOTPA, KEHA. ELY and AVI are in
all 12 regional cells; TE-toimistot in 11 (not T1.2a, which has kunnat and oppilaitokset instead).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import polars as pl
import pytest

import elo_coord
from elo_coord import Body, Level, Matrix, Registry, lint
from elo_coord._migrate import MIGRATION_SCHEMA, Migration, migrate

from . import builders

NEW_YEAR_2026 = dt.date(2026, 1, 1)
MID_2025 = dt.date(2025, 6, 1)
ROWS = ["T1.1a", "T1.1b", "T1.1c", "T1.1d", "T1.2a", "T1.3a", "T1.3b"]
ROWS += ["T2.1", "T3.1", "T4.1", "T5.1", "T6.1"]
WITH_TE_OFFICES = [row for row in ROWS if row != "T1.2a"]


@pytest.fixture(scope="module")
def migration(baseline: Matrix, registry: Registry) -> Migration:
    return migrate(baseline, NEW_YEAR_2026, registry=registry)


def bodies(matrix: Matrix, row_id: str, level: Level) -> list[str]:
    (row,) = [row for row in matrix.rows if row.row == row_id]
    return [a.body for a in row.cell(level).bodies]


def lines(mappings: pl.DataFrame, body_id: str, level: str = "regional") -> set[tuple[object, ...]]:
    """The (successor, status, confidence, decide) lines of one old body at one level, as a set."""
    chosen = mappings.filter(pl.col("body_id") == body_id, pl.col("level") == level)
    return set(chosen.select("successor_id", "outcome", "confidence", "decide").rows())


def matrix(regional: list[object], *, tasks: list[object] | None = None) -> Matrix:
    """A one-row proposal of 2022 with the given regional bodies (and tasks)."""
    row = {
        "row": "T4.1",
        "national": {"bodies": ["OKM"]},
        "regional": {"bodies": regional, "tasks": tasks or []},
    }
    return builders.proposal("koe", ["lappi"], [row], title="Koe", note="Made for a test.")


# --- the baseline on 1.1.2026 ------------------------------------------------------------------


def test_te_offices_become_employment_areas_with_keha_2026_flagged_at_the_other_level(
    migration: Migration,
) -> None:
    for row_id in WITH_TE_OFFICES:
        regional = bodies(migration.matrix, row_id, Level.REGIONAL)
        assert "tyollisyysalueet" in regional
        assert "TE-toimistot" not in regional
        assert "KEHA-2026" not in regional
    assert lines(migration.mappings, "TE-toimistot") == {
        ("tyollisyysalueet", "mapped", "high", False),
        # TE-toimistot → KEHA is medium, KEHA → KEHA-2026 high: the lowest is medium.
        ("KEHA-2026", "other-level", "medium", True),
    }


def test_the_way_through_keha_keeps_the_note_of_the_te_offices_succession(
    migration: Migration,
) -> None:
    notes = migration.mappings.filter(
        pl.col("body_id") == "TE-toimistot", pl.col("successor_id") == "KEHA-2026"
    ).get_column("note")
    assert set(notes) == {"some national tasks"}


def test_ely_becomes_elinvoimakeskukset_and_its_lvv_is_shown_but_not_placed(
    migration: Migration,
) -> None:
    assert lines(migration.mappings, "ELY") == {
        ("elinvoimakeskukset", "mapped", "high", False),
        ("LVV", "other-level", "high", True),
    }
    lvv_note = migration.mappings.filter(
        pl.col("body_id") == "ELY", pl.col("successor_id") == "LVV"
    ).get_column("note")
    assert set(lvv_note) == {"only the environmental permit and supervision tasks"}
    for row_id in ROWS:
        assert "LVV" not in bodies(migration.matrix, row_id, Level.REGIONAL)


def test_avi_gives_an_ambiguous_elinvoimakeskukset_and_an_other_level_lvv(
    migration: Migration,
) -> None:
    assert lines(migration.mappings, "AVI") == {
        ("elinvoimakeskukset", "ambiguous", "low", True),
        ("LVV", "other-level", "high", True),
    }


def test_ely_and_avi_merge_into_one_elinvoimakeskukset_entry_at_ely_s_place(
    migration: Migration,
) -> None:
    assert bodies(migration.matrix, "T1.1a", Level.REGIONAL) == [
        "elinvoimakeskukset",
        "kunnat",
        "tyollisyysalueet",
    ]
    assert bodies(migration.matrix, "T1.1b", Level.REGIONAL) == [
        "elinvoimakeskukset",
        "tyollisyysalueet",
        "kirjastot",
    ]
    assert bodies(migration.matrix, "T1.1c", Level.REGIONAL) == [
        "elinvoimakeskukset",
        "kunnat",
        "tyollisyysalueet",
        "kolmas-sektori",
    ]
    assert bodies(migration.matrix, "T1.2a", Level.REGIONAL) == [
        "elinvoimakeskukset",
        "kunnat",
        "oppilaitokset",
    ]


def test_keha_becomes_keha_2026_in_the_national_column(migration: Migration) -> None:
    for row_id in ROWS:
        assert bodies(migration.matrix, row_id, Level.NATIONAL) == [
            "OKM",
            "TEM",
            "OPH",
            "JOTPA",
            "KEHA-2026",
        ]
    assert lines(migration.mappings, "KEHA", "national") == {("KEHA-2026", "mapped", "high", False)}


def test_bodies_that_still_exist_are_untouched_and_get_no_line(migration: Migration) -> None:
    existing = {"OKM", "TEM", "OPH", "JOTPA", "kunnat", "kirjastot", "oppilaitokset"}
    existing |= {"kolmas-sektori"}
    assert set(migration.mappings.get_column("body_id")) == {"KEHA", "ELY", "AVI", "TE-toimistot"}
    assert not existing & set(migration.mappings.get_column("body_id"))


def test_the_migrated_baseline_is_dated_2026_and_lint_finds_no_body_out_of_date(
    migration: Migration, baseline: Matrix, registry: Registry
) -> None:
    assert migration.matrix.date == NEW_YEAR_2026
    assert [f for f in lint(migration.matrix, registry) if f.code == "not-valid"] == []
    assert lint(migration.matrix, registry) == []


def test_the_migrated_baseline_keeps_everything_but_its_bodies(
    migration: Migration, baseline: Matrix
) -> None:
    migrated = migration.matrix
    assert (migrated.id, migrated.kind, migrated.strategy, migrated.title) == (
        "tno-2022",
        "baseline",
        "elo-2020-2023",
        baseline.title,
    )
    assert [row.row for row in migrated.rows] == ROWS
    for old, new in zip(baseline.rows, migrated.rows, strict=True):
        assert (new.note, new.quotes) == (old.note, old.quotes)
        assert new.national.tasks == old.national.tasks
        assert new.regional.tasks == old.regional.tasks
    assert migrated.note is not None
    assert baseline.note is not None
    assert migrated.note.startswith(baseline.note)
    assert migrated.note.endswith("Migrated by elo_coord to the bodies of 2026-01-01.")


def test_the_baseline_gives_35_mapped_12_ambiguous_and_35_other_level_lines(
    migration: Migration,
) -> None:
    # KEHA: 12 national cells × 1 mapped line.
    # ELY: 12 regional cells × (1 mapped to its main successor + 1 other-level LVV).
    # AVI: 12 regional cells × (1 ambiguous, its low-confidence secondary successor + 1 LVV).
    # TE-toimistot: 11 regional cells × (1 mapped + 1 other-level KEHA-2026).
    statuses = Counter(migration.mappings.get_column("outcome").to_list())
    assert statuses == {"mapped": 12 + 12 + 11, "ambiguous": 12, "other-level": 12 + 12 + 11}
    assert migration.mappings.get_column("decide").sum() == 12 + 35
    assert migration.mappings.schema == MIGRATION_SCHEMA
    assert set(migration.mappings.get_column("matrix_id")) == {"tno-2022"}


def test_the_lines_follow_the_rows_of_the_matrix(migration: Migration) -> None:
    order = list(dict.fromkeys(migration.mappings.get_column("row_id").to_list()))
    assert order == ROWS
    t12a = migration.mappings.filter(pl.col("row_id") == "T1.2a")
    assert t12a.select("level", "body_id", "successor_id").rows() == [
        ("national", "KEHA", "KEHA-2026"),
        ("regional", "ELY", "elinvoimakeskukset"),
        ("regional", "ELY", "LVV"),
        ("regional", "AVI", "LVV"),
        ("regional", "AVI", "elinvoimakeskukset"),
    ]


def test_nothing_is_dropped_every_old_body_is_in_the_mappings_or_the_migrated_matrix(
    migration: Migration, baseline: Matrix
) -> None:
    mapped = set(migration.mappings.select("row_id", "level", "body_id").rows())
    for old, new in zip(baseline.rows, migration.matrix.rows, strict=True):
        for level in elo_coord.MATRIX_LEVELS:
            kept = {a.body for a in new.cell(level).bodies}
            for assignment in old.cell(level).bodies:
                body_id = assignment.body
                assert body_id in kept or (old.row, level.value, body_id) in mapped


# --- other dates and other matrices ----------------------------------------------------------


def test_in_mid_2025_only_the_te_offices_are_mapped_with_keha_at_the_other_level(
    baseline: Matrix, registry: Registry
) -> None:
    migration = migrate(baseline, MID_2025, registry=registry)
    assert set(migration.mappings.get_column("body_id")) == {"TE-toimistot"}
    assert lines(migration.mappings, "TE-toimistot") == {
        ("tyollisyysalueet", "mapped", "high", False),
        ("KEHA", "other-level", "medium", True),
    }
    assert migration.mappings.height == 2 * 11
    assert bodies(migration.matrix, "T1.1a", Level.REGIONAL) == [
        "ELY",
        "AVI",
        "kunnat",
        "tyollisyysalueet",
    ]
    national = ["OKM", "TEM", "OPH", "JOTPA", "KEHA"]
    assert bodies(migration.matrix, "T1.1a", Level.NATIONAL) == national
    assert [f for f in lint(migration.matrix, registry) if f.code == "not-valid"] == []


def test_the_date_may_be_given_as_text(baseline: Matrix, registry: Registry) -> None:
    migration = migrate(baseline, "2025-06-01", registry=registry)
    assert migration.matrix.date == MID_2025


def test_a_person_s_choice_is_honoured_even_at_the_other_level_and_lint_reports_it(
    baseline: Matrix, registry: Registry
) -> None:
    migration = migrate(baseline, NEW_YEAR_2026, registry=registry, choose={"AVI": ["LVV"]})
    assert lines(migration.mappings, "AVI") == {("LVV", "chosen", None, False)}
    note = migration.mappings.filter(pl.col("body_id") == "AVI").get_column("note")
    # The registry's note on AVI → LVV (matrices/bodies.yaml), carried onto each line.
    assert set(note) == {
        "most tasks, among them the early-childhood education, education and culture tasks"
        " (state grants, information steering, evaluations, supervision, library, sport and youth"
        " work)"
    }
    # ELY still goes to elinvoimakeskukset; nothing merges with it now.
    assert bodies(migration.matrix, "T1.1a", Level.REGIONAL) == [
        "elinvoimakeskukset",
        "LVV",
        "kunnat",
        "tyollisyysalueet",
    ]
    wrong = [(f.row, f.body) for f in lint(migration.matrix, registry) if f.code == "wrong-level"]
    assert wrong == [(row_id, "LVV") for row_id in ROWS]


def test_a_choice_for_a_body_that_still_exists_changes_nothing(
    baseline: Matrix, registry: Registry
) -> None:
    migration = migrate(baseline, MID_2025, registry=registry, choose={"AVI": ["LVV"]})
    assert "AVI" in bodies(migration.matrix, "T1.1a", Level.REGIONAL)
    assert "AVI" not in set(migration.mappings.get_column("body_id"))


def test_choosing_a_body_the_registry_lacks_raises_a_value_error_with_a_suggestion(
    baseline: Matrix, registry: Registry
) -> None:
    with pytest.raises(ValueError, match="unknown body 'LVW' for 'AVI' — did you mean 'LVV'"):
        migrate(baseline, NEW_YEAR_2026, registry=registry, choose={"AVI": ["LVW"]})


def test_a_lead_ely_merged_with_a_partner_avi_gives_a_lead_elinvoimakeskukset(
    registry: Registry,
) -> None:
    old = matrix(
        [
            {"body": "ELY", "role": "lead", "regions": ["lappi"]},
            "kunnat",
            {"body": "AVI", "regions": ["lappi", "kainuu"]},
        ]
    )
    (row,) = migrate(old, NEW_YEAR_2026, registry=registry).matrix.rows
    assert [(a.body, a.role, a.regions) for a in row.regional.bodies] == [
        ("elinvoimakeskukset", "lead", ("lappi", "kainuu")),
        ("kunnat", "partner", ()),
    ]


def test_a_partner_ely_merged_with_a_lead_avi_gives_a_lead_elinvoimakeskukset(
    registry: Registry,
) -> None:
    old = matrix(["ELY", {"body": "AVI", "role": "lead"}])
    (row,) = migrate(old, NEW_YEAR_2026, registry=registry).matrix.rows
    assert [(a.body, a.role) for a in row.regional.bodies] == [("elinvoimakeskukset", "lead")]


def test_an_ended_body_merges_into_its_successor_already_in_the_cell(registry: Registry) -> None:
    old = matrix(["elinvoimakeskukset", {"body": "ELY", "role": "lead"}])
    (row,) = migrate(old, NEW_YEAR_2026, registry=registry).matrix.rows
    assert [(a.body, a.role) for a in row.regional.bodies] == [("elinvoimakeskukset", "lead")]


def test_task_bodies_are_renamed_and_named_once(registry: Registry) -> None:
    old = matrix(
        ["ELY", "AVI", "kunnat"],
        tasks=[
            {"text": "Alueelliset koulutukset", "bodies": ["ELY", "AVI", "kunnat"]},
            "Alueelliset palvelumuotoilut",
        ],
    )
    (row,) = migrate(old, NEW_YEAR_2026, registry=registry).matrix.rows
    assert [(t.text, t.bodies) for t in row.regional.tasks] == [
        ("Alueelliset koulutukset", ("elinvoimakeskukset", "kunnat")),
        ("Alueelliset palvelumuotoilut", ()),
    ]


def test_a_task_naming_an_ended_body_absent_from_the_cell_still_gets_lines(
    registry: Registry,
) -> None:
    old = matrix(["kunnat"], tasks=[{"text": "Työllisyyspalvelut", "bodies": ["TE-toimistot"]}])
    migration = migrate(old, NEW_YEAR_2026, registry=registry)
    (row,) = migration.matrix.rows
    assert row.regional.tasks[0].bodies == ("tyollisyysalueet",)
    assert [a.body for a in row.regional.bodies] == ["kunnat"]
    assert lines(migration.mappings, "TE-toimistot") == {
        ("tyollisyysalueet", "mapped", "high", False),
        ("KEHA-2026", "other-level", "medium", True),
    }


def test_a_body_whose_successors_are_all_of_the_other_level_is_kept(registry: Registry) -> None:
    # KEHA in the regional column (lint calls it wrong-level): KEHA-2026 is national too.
    migration = migrate(matrix(["KEHA", "kunnat"]), NEW_YEAR_2026, registry=registry)
    (row,) = migration.matrix.rows
    assert [a.body for a in row.regional.bodies] == ["KEHA", "kunnat"]
    assert lines(migration.mappings, "KEHA") == {("KEHA-2026", "other-level", "high", True)}


def test_a_body_with_no_successor_is_kept_and_flagged() -> None:
    names = elo_coord.Localized(fi="koe")
    small = Registry(
        bodies={
            "OKM": Body(id="OKM", level=Level.NATIONAL, kind="ministry", names=names),
            "kunnat": Body(id="kunnat", level=Level.LOCAL, kind="actor-category", names=names),
            "vanha": Body(
                id="vanha",
                level=Level.REGIONAL,
                kind="state-office",
                names=names,
                valid_to=dt.date(2023, 12, 31),
            ),
        },
        regions={},
        strategies={},
    )
    migration = migrate(matrix(["vanha", "kunnat"]), NEW_YEAR_2026, registry=small)
    (row,) = migration.matrix.rows
    assert [a.body for a in row.regional.bodies] == ["vanha", "kunnat"]
    assert migration.mappings.select("row_id", "level", "body_id", "successor_id").rows() == [
        ("T4.1", "regional", "vanha", None)
    ]
    assert lines(migration.mappings, "vanha") == {(None, "no-successor", None, True)}


def test_a_body_founded_after_the_date_has_no_successor_going_back(registry: Registry) -> None:
    later = matrix(["elinvoimakeskukset"]).model_copy(update={"date": NEW_YEAR_2026})
    migration = migrate(later, dt.date(2022, 3, 25), registry=registry)
    assert lines(migration.mappings, "elinvoimakeskukset") == {(None, "no-successor", None, True)}
    assert bodies(migration.matrix, "T4.1", Level.REGIONAL) == ["elinvoimakeskukset"]


def test_a_matrix_whose_bodies_all_exist_comes_back_equal_but_for_date_and_note(
    registry: Registry,
) -> None:
    old = matrix(
        [{"body": "kunnat", "role": "lead"}, "maakuntien-liitot"],
        tasks=[{"text": "Alueelliset koulutukset", "bodies": ["kunnat"]}],
    )
    migration = migrate(old, NEW_YEAR_2026, registry=registry)
    assert migration.matrix == old.model_copy(
        update={
            "date": NEW_YEAR_2026,
            "note": "Made for a test. Migrated by elo_coord to the bodies of 2026-01-01.",
        }
    )
    assert migration.mappings.is_empty()
    assert migration.mappings.schema == MIGRATION_SCHEMA


def test_a_matrix_without_a_note_gets_only_the_migration_sentence(registry: Registry) -> None:
    old = matrix(["kunnat"]).model_copy(update={"note": None})
    migrated = migrate(old, NEW_YEAR_2026, registry=registry).matrix
    assert migrated.note == "Migrated by elo_coord to the bodies of 2026-01-01."


def test_choosing_no_body_removes_it_with_a_line_that_says_so(
    baseline: Matrix, registry: Registry
) -> None:
    migration = migrate(baseline, NEW_YEAR_2026, registry=registry, choose={"AVI": []})
    assert lines(migration.mappings, "AVI") == {(None, "chosen", None, False)}
    assert bodies(migration.matrix, "T1.1a", Level.REGIONAL) == [
        "elinvoimakeskukset",
        "kunnat",
        "tyollisyysalueet",
    ]


def test_a_bare_id_in_choose_counts_as_a_list_of_one(baseline: Matrix, registry: Registry) -> None:
    bare = migrate(baseline, NEW_YEAR_2026, registry=registry, choose={"AVI": "LVV"})
    listed = migrate(baseline, NEW_YEAR_2026, registry=registry, choose={"AVI": ["LVV"]})
    assert bare.matrix == listed.matrix
    assert bare.mappings.equals(listed.mappings)
