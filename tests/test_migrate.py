"""Migration across the 2023–2026 reforms, worked out by hand from bodies.yaml and the baseline.

The successions in matrices/bodies.yaml, as they stand on 1.1.2026:

- KEHA → KEHA-2026 (national; the only successor, all tasks)
- ELY → elinvoimakeskukset (regional, guidance work) and LVV (national with regional offices;
  the environmental permit and supervision tasks, ``guidance: false``)
- AVI → LVV (national with regional offices; education and culture, high) and
  elinvoimakeskukset (regional, low confidence)
- TE-toimistot → tyollisyysalueet (local) and KEHA (national, medium, "some national tasks"),
  which became KEHA-2026
- kunnat continues; hyvinvointialueet (regional, founded 1.1.2023) took over its social and
  health services

So on 1.1.2026 only KEHA, ELY and TE-toimistot have a clear successor (one in scope for guidance,
of the column's level, not low). AVI's two candidates are a question; so is adding
hyvinvointialueet beside kunnat, as the baseline (25.3.2022) predates them.

The baseline has 12 rows. Every national cell is OKM, TEM, OPH, JOTPA, KEHA. ELY and AVI are in
all 12 regional cells; TE-toimistot in 11 (not T1.2a, which has kunnat and oppilaitokset instead);
kunnat in 11 (not T1.1b, which has kirjastot instead).
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
WITH_KUNNAT = [row for row in ROWS if row != "T1.1b"]


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


def test_te_offices_become_employment_areas_and_keha_2026_is_present_in_the_national_column(
    migration: Migration,
) -> None:
    for row_id in WITH_TE_OFFICES:
        regional = bodies(migration.matrix, row_id, Level.REGIONAL)
        assert "tyollisyysalueet" in regional
        assert "TE-toimistot" not in regional
        assert "KEHA-2026" not in regional
    assert lines(migration.mappings, "TE-toimistot") == {
        ("tyollisyysalueet", "mapped", "high", False),
        # TE-toimistot → KEHA is medium, KEHA → KEHA-2026 high: the lowest is medium. Every
        # national cell names KEHA-2026 once KEHA is migrated, so there is nothing to ask.
        ("KEHA-2026", "present", "medium", False),
    }


def test_the_way_through_keha_keeps_the_scope_and_note_of_the_te_offices_succession(
    migration: Migration,
) -> None:
    through = migration.mappings.filter(
        pl.col("body_id") == "TE-toimistot", pl.col("successor_id") == "KEHA-2026"
    )
    assert set(through.get_column("scope")) == {"some national tasks"}
    assert set(through.get_column("note")) == {
        "which national tasks is not detailed in the sources"
    }
    assert set(through.get_column("successor_level")) == {"national"}


def test_ely_becomes_elinvoimakeskukset_and_its_lvv_is_out_of_scope_never_offered(
    migration: Migration,
) -> None:
    assert lines(migration.mappings, "ELY") == {
        ("elinvoimakeskukset", "mapped", "high", False),
        ("LVV", "out-of-scope", "high", False),
    }
    lvv_scope = migration.mappings.filter(
        pl.col("body_id") == "ELY", pl.col("successor_id") == "LVV"
    ).get_column("scope")
    assert set(lvv_scope) == {"the environmental permit and supervision tasks"}
    for row_id in ROWS:
        assert "LVV" not in bodies(migration.matrix, row_id, Level.REGIONAL)


def test_avi_offers_lvv_for_its_regional_offices_and_a_low_elinvoimakeskukset(
    migration: Migration,
) -> None:
    assert lines(migration.mappings, "AVI") == {
        ("LVV", "candidate", "high", True),
        ("elinvoimakeskukset", "candidate", "low", True),
    }
    avi_lines = migration.mappings.filter(pl.col("body_id") == "AVI")
    # LVV is national but has regional offices: it would stand in AVI's regional column.
    assert set(avi_lines.get_column("successor_level")) == {"regional"}


def test_ely_is_replaced_in_place_and_avi_stays_until_a_person_chooses(
    migration: Migration,
) -> None:
    assert bodies(migration.matrix, "T1.1a", Level.REGIONAL) == [
        "elinvoimakeskukset",
        "AVI",
        "kunnat",
        "tyollisyysalueet",
    ]
    assert bodies(migration.matrix, "T1.1b", Level.REGIONAL) == [
        "elinvoimakeskukset",
        "AVI",
        "tyollisyysalueet",
        "kirjastot",
    ]
    assert bodies(migration.matrix, "T1.2a", Level.REGIONAL) == [
        "elinvoimakeskukset",
        "AVI",
        "kunnat",
        "oppilaitokset",
    ]


def test_choosing_elinvoimakeskukset_for_avi_merges_it_into_ely_s_entry(
    baseline: Matrix, registry: Registry
) -> None:
    chosen = migrate(
        baseline, NEW_YEAR_2026, registry=registry, choose={"AVI": ["elinvoimakeskukset"]}
    )
    assert bodies(chosen.matrix, "T1.1a", Level.REGIONAL) == [
        "elinvoimakeskukset",
        "kunnat",
        "tyollisyysalueet",
    ]
    assert bodies(chosen.matrix, "T1.1c", Level.REGIONAL) == [
        "elinvoimakeskukset",
        "kunnat",
        "tyollisyysalueet",
        "kolmas-sektori",
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


def test_bodies_that_still_exist_are_untouched_and_only_kunnat_gets_lines(
    migration: Migration,
) -> None:
    existing = {"OKM", "TEM", "OPH", "JOTPA", "kirjastot", "oppilaitokset", "kolmas-sektori"}
    mapped = set(migration.mappings.get_column("body_id"))
    assert mapped == {"KEHA", "ELY", "AVI", "TE-toimistot", "kunnat"}
    assert not existing & mapped
    # kunnat continues: its lines ask about hyvinvointialueet, and it stays in every cell.
    assert lines(migration.mappings, "kunnat") == {("hyvinvointialueet", "candidate", "high", True)}
    for row_id in WITH_KUNNAT:
        assert "kunnat" in bodies(migration.matrix, row_id, Level.REGIONAL)
        assert "hyvinvointialueet" not in bodies(migration.matrix, row_id, Level.REGIONAL)


def test_the_migrated_baseline_is_dated_2026_and_lint_finds_only_the_undecided_avi(
    migration: Migration, baseline: Matrix, registry: Registry
) -> None:
    assert migration.matrix.date == NEW_YEAR_2026
    findings = lint(migration.matrix, registry)
    assert {(f.severity, f.code, f.body) for f in findings} == {("error", "not-valid", "AVI")}


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
    assert baseline.questions == ()
    assert {q.status for q in migrated.questions} == {"succession"}
    for old, new in zip(baseline.rows, migrated.rows, strict=True):
        assert (new.note, new.quotes) == (old.note, old.quotes)
        assert new.national.tasks == old.national.tasks
        assert new.regional.tasks == old.regional.tasks
    assert migrated.note is not None
    assert baseline.note is not None
    assert migrated.note.startswith(baseline.note)
    assert migrated.note.endswith("Migrated by elo_coord to the bodies of 2026-01-01.")


def test_the_baseline_gives_93_lines_of_which_35_are_for_a_person(
    migration: Migration,
) -> None:
    # KEHA: 12 national cells × 1 mapped line.
    # ELY: 12 regional cells × (1 mapped elinvoimakeskukset + 1 out-of-scope LVV).
    # AVI: 12 regional cells × 2 candidates (LVV, elinvoimakeskukset).
    # kunnat: 11 regional cells × 1 candidate (hyvinvointialueet).
    # TE-toimistot: 11 regional cells × (1 mapped + 1 KEHA-2026 present in the national column).
    statuses = Counter(migration.mappings.get_column("outcome").to_list())
    assert statuses == {
        "mapped": 12 + 12 + 11,
        "out-of-scope": 12,
        "candidate": 24 + 11,
        "present": 11,
    }
    assert migration.mappings.height == 93
    assert migration.mappings.get_column("decide").sum() == 24 + 11
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
        ("regional", "kunnat", "hyvinvointialueet"),
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


def test_in_mid_2025_only_the_te_offices_are_mapped_and_kunnat_is_asked_about(
    baseline: Matrix, registry: Registry
) -> None:
    migration = migrate(baseline, MID_2025, registry=registry)
    assert set(migration.mappings.get_column("body_id")) == {"TE-toimistot", "kunnat"}
    assert lines(migration.mappings, "TE-toimistot") == {
        ("tyollisyysalueet", "mapped", "high", False),
        ("KEHA", "present", "medium", False),
    }
    # hyvinvointialueet began on 1.1.2023, between the baseline's date and mid-2025.
    assert lines(migration.mappings, "kunnat") == {("hyvinvointialueet", "candidate", "high", True)}
    assert migration.mappings.height == 2 * 11 + 11
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


def test_choosing_lvv_for_avi_puts_it_in_the_regional_column_for_its_offices(
    baseline: Matrix, registry: Registry
) -> None:
    migration = migrate(baseline, NEW_YEAR_2026, registry=registry, choose={"AVI": ["LVV"]})
    assert lines(migration.mappings, "AVI") == {("LVV", "chosen", None, False)}
    scope = migration.mappings.filter(pl.col("body_id") == "AVI").get_column("scope")
    # The registry's scope of AVI → LVV (matrices/bodies.yaml), carried onto each line.
    assert set(scope) == {
        "most tasks, among them the early-childhood education, education and culture tasks"
        " (state grants, information steering, evaluations, supervision, library, sport and youth"
        " work)"
    }
    # ELY still goes to elinvoimakeskukset; LVV takes AVI's place, as a partner like AVI.
    assert bodies(migration.matrix, "T1.1a", Level.REGIONAL) == [
        "elinvoimakeskukset",
        "LVV",
        "kunnat",
        "tyollisyysalueet",
    ]
    findings = lint(migration.matrix, registry)
    assert {(f.severity, f.code, f.body) for f in findings} == {("info", "regional-offices", "LVV")}


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


AVI_AS_ELINVOIMA = {"AVI": ["elinvoimakeskukset"]}


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
    (row,) = migrate(old, NEW_YEAR_2026, registry=registry, choose=AVI_AS_ELINVOIMA).matrix.rows
    assert [(a.body, a.role, a.regions) for a in row.regional.bodies] == [
        ("elinvoimakeskukset", "lead", ("lappi", "kainuu")),
        ("kunnat", "partner", ()),
    ]


def test_a_partner_ely_merged_with_a_lead_avi_gives_a_lead_elinvoimakeskukset(
    registry: Registry,
) -> None:
    old = matrix(["ELY", {"body": "AVI", "role": "lead"}])
    (row,) = migrate(old, NEW_YEAR_2026, registry=registry, choose=AVI_AS_ELINVOIMA).matrix.rows
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
    # AVI is undecided, so its task keeps it; nothing is added to a task beside kunnat.
    assert [(t.text, t.bodies) for t in row.regional.tasks] == [
        ("Alueelliset koulutukset", ("elinvoimakeskukset", "AVI", "kunnat")),
        ("Alueelliset palvelumuotoilut", ()),
    ]
    (row,) = migrate(old, NEW_YEAR_2026, registry=registry, choose=AVI_AS_ELINVOIMA).matrix.rows
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
    # The national column names only OKM, so KEHA-2026 is offered for it.
    assert lines(migration.mappings, "TE-toimistot") == {
        ("tyollisyysalueet", "mapped", "high", False),
        ("KEHA-2026", "candidate", "medium", True),
    }


def test_a_body_whose_successors_are_all_of_the_other_level_is_kept(registry: Registry) -> None:
    # KEHA in the regional column (lint calls it wrong-level): KEHA-2026 is national too.
    migration = migrate(matrix(["KEHA", "kunnat"]), NEW_YEAR_2026, registry=registry)
    (row,) = migration.matrix.rows
    assert [a.body for a in row.regional.bodies] == ["KEHA", "kunnat"]
    assert lines(migration.mappings, "KEHA") == {("KEHA-2026", "candidate", "high", True)}
    chosen = migrate(
        matrix(["KEHA", "kunnat"]), NEW_YEAR_2026, registry=registry, choose={"KEHA": "KEHA-2026"}
    )
    (row,) = chosen.matrix.rows
    # A chosen body that cannot stand in the regional column goes to the national one.
    assert [a.body for a in row.regional.bodies] == ["kunnat"]
    assert [a.body for a in row.national.bodies] == ["OKM", "KEHA-2026"]


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
    # Dated after 1.1.2023, so that kunnat's handing over to hyvinvointialueet is no news.
    old = matrix(
        [{"body": "kunnat", "role": "lead"}, "maakuntien-liitot"],
        tasks=[{"text": "Alueelliset koulutukset", "bodies": ["kunnat"]}],
    ).model_copy(update={"date": dt.date(2024, 2, 1)})
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
    assert "AVI" not in {q.body for q in migration.matrix.questions}


def test_a_bare_id_in_choose_counts_as_a_list_of_one(baseline: Matrix, registry: Registry) -> None:
    bare = migrate(baseline, NEW_YEAR_2026, registry=registry, choose={"AVI": "LVV"})
    listed = migrate(baseline, NEW_YEAR_2026, registry=registry, choose={"AVI": ["LVV"]})
    assert bare.matrix == listed.matrix
    assert bare.mappings.equals(listed.mappings)
    assert bare.decisions.equals(listed.decisions)
