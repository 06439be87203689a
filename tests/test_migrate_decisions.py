"""Migration a person can decide: each decision asked once, nothing doubtful applied unasked.

Worked out by hand from matrices/bodies.yaml (see tests/test_migrate.py for the successions on
1.1.2026) and the baseline, tno-2022 of 25.3.2022: AVI is in all 12 regional cells, kunnat in 11
(not T1.1b). Of the successions that matter for guidance, two cannot be settled by the registry:

- AVI → LVV (high; a national agency that would stand in the regional column for its regional
  offices) or elinvoimakeskukset (low): where AVI's half of "ELY+AVI" goes;
- kunnat → hyvinvointialueet: kunnat continues, and hyvinvointialueet (founded 1.1.2023, after
  the baseline) took over its social and health services: add them beside it?

Every other one is clear (KEHA, ELY → elinvoimakeskukset, TE-toimistot → tyollisyysalueet), out
of scope for guidance (ELY → LVV, environmental permits) or already in the row (TE-toimistot →
KEHA-2026, in every national cell once KEHA is migrated).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from elo_coord import (
    Body,
    Level,
    Localized,
    Matrix,
    Registry,
    lint,
    load_matrix,
    render_markdown,
)
from elo_coord._cli import main
from elo_coord._migrate import MIGRATION_DECISIONS_SCHEMA, migrate

from . import builders

NEW_YEAR_2026 = dt.date(2026, 1, 1)
ROWS = ["T1.1a", "T1.1b", "T1.1c", "T1.1d", "T1.2a", "T1.3a", "T1.3b"]
ROWS += ["T2.1", "T3.1", "T4.1", "T5.1", "T6.1"]
WITH_KUNNAT = [row for row in ROWS if row != "T1.1b"]
BASELINE = "matrices/baseline/tno-2022.yaml"

AVI_QUESTION = (
    "AVI ended on 2025-12-31 and stays here until a person chooses. What takes its place?"
    " LVV (here for its regional offices, high confidence): most tasks, among them the"
    " early-childhood education, education and culture tasks (state grants, information"
    " steering, evaluations, supervision, library, sport and youth work); or elinvoimakeskukset"
    " (low confidence): the AVIs' part in the regional ELO groups, if any of it went there."
    " Choose with --choose AVI=… (the bodies that take its place; AVI= removes it)."
)
KUNNAT_QUESTION = (
    "kunnat continues, but part of its tasks went elsewhere: to hyvinvointialueet on 2023-01-01."
    " Add beside kunnat? hyvinvointialueet (high confidence): the social and health services,"
    " student welfare included. Choose with --choose kunnat=… (the bodies to add beside it;"
    " kunnat= for none)."
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def regional(matrix: Matrix, row_id: str) -> list[str]:
    (row,) = [row for row in matrix.rows if row.row == row_id]
    return [a.body for a in row.regional.bodies]


def asked(matrix: Matrix) -> dict[tuple[str | None, str, str | None], list[str]]:
    """The matrix's succession questions, once per (body, level, note), with their rows."""
    found: dict[tuple[str | None, str, str | None], list[str]] = {}
    for q in matrix.questions:
        if q.status == "succession":
            found.setdefault((q.body, q.level.value, q.note), []).append(q.row)
    return found


# --- the baseline on 1.1.2026: two questions ---------------------------------------------------


def test_the_baseline_asks_once_where_avi_s_half_goes_and_whether_to_add_hyvinvointialueet(
    baseline: Matrix, registry: Registry
) -> None:
    migration = migrate(baseline, NEW_YEAR_2026, registry=registry)
    open_lines = migration.decisions.filter(pl.col("decide"))
    assert open_lines.select("body_id", "level", "successor_id", "confidence", "rows").rows() == [
        ("AVI", "regional", "LVV", "high", ROWS),
        ("AVI", "regional", "elinvoimakeskukset", "low", ROWS),
        ("kunnat", "regional", "hyvinvointialueet", "high", WITH_KUNNAT),
    ]
    assert asked(migration.matrix) == {
        ("AVI", "regional", AVI_QUESTION): ROWS,
        ("kunnat", "regional", KUNNAT_QUESTION): WITH_KUNNAT,
    }
    assert migration.decisions.schema == MIGRATION_DECISIONS_SCHEMA


def test_the_decisions_are_the_mappings_once_each_with_their_rows(
    baseline: Matrix, registry: Registry
) -> None:
    decisions = migrate(baseline, NEW_YEAR_2026, registry=registry).decisions
    # (old body, successor, outcome, number of rows): 8 lines for 93 mappings.
    counted = [
        (b, s, o, len(r))
        for b, s, o, r in decisions.select("body_id", "successor_id", "outcome", "rows").rows()
    ]
    assert counted == [
        ("KEHA", "KEHA-2026", "mapped", 12),
        ("ELY", "elinvoimakeskukset", "mapped", 12),
        ("ELY", "LVV", "out-of-scope", 12),
        ("AVI", "LVV", "candidate", 12),
        ("AVI", "elinvoimakeskukset", "candidate", 12),
        ("kunnat", "hyvinvointialueet", "candidate", 11),
        ("TE-toimistot", "tyollisyysalueet", "mapped", 11),
        ("TE-toimistot", "KEHA-2026", "present", 11),
    ]
    assert sum(n for *_, n in counted) == 93


def test_the_command_line_prints_each_decision_and_each_question_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "migrate", BASELINE, "--to", "2026-01-01")
    assert status == 0
    assert out.splitlines() == [
        "  KEHA → KEHA-2026 (national, 12 rows): mapped (high)",
        "  ELY → elinvoimakeskukset (regional, 12 rows): mapped (high)",
        "  ELY → LVV (regional, 12 rows): out-of-scope, no guidance work: the environmental"
        " permit and supervision tasks",
        "? AVI → LVV (regional, 12 rows): candidate (high)",
        "? AVI → elinvoimakeskukset (regional, 12 rows): candidate (low)",
        "? kunnat → hyvinvointialueet (regional, 11 rows): candidate (high)",
        "  TE-toimistot → tyollisyysalueet (regional, 11 rows): mapped (high)",
        "  TE-toimistot → KEHA-2026 (regional, 11 rows): present: the row names it in the"
        " national column",
        f"? AVI, regional column, 12 rows ({', '.join(ROWS)}):",
        f"    {AVI_QUESTION}",
        f"? kunnat, regional column, 11 rows ({', '.join(WITH_KUNNAT)}):",
        f"    {KUNNAT_QUESTION}",
        "93 mappings in 8 decisions, 2 questions for a person (?)",
    ]


def test_without_a_choice_the_written_file_keeps_avi_and_validate_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tno-2026.yaml"
    assert run(capsys, "migrate", BASELINE, "--to", "2026-01-01", "--out", str(out))[0] == 0
    status, printed, _ = run(capsys, "validate", str(out))
    assert status == 1
    errors = [line for line in printed.splitlines() if ": error " in line]
    assert errors
    assert all(" error not-valid (" in line and ", regional, AVI): " in line for line in errors)


def test_choosing_lvv_for_avi_writes_a_matrix_that_validates_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tno-2026.yaml"
    status, printed, _ = run(
        capsys, "migrate", BASELINE, "--to", "2026-01-01", "--choose", "AVI=LVV", "--out", str(out)
    )
    assert status == 0
    assert "  AVI → LVV (regional, 12 rows): chosen" in printed.splitlines()
    assert printed.splitlines()[-2:] == [
        "81 mappings in 7 decisions, 1 question for a person (?)",
        f"wrote {out}",
    ]
    status, printed, _ = run(capsys, "validate", "-v", str(out))
    assert status == 0
    assert " 0 errors, 0 warnings, " in printed.splitlines()[-1]
    notes = [line for line in printed.splitlines() if " info " in line]
    assert notes
    for line in notes:
        assert line.endswith(
            ", regional, LVV): 'LVV' is a national agency; in the regional column it stands for"
            " its regional offices"
        )


def test_the_written_file_carries_the_open_question_and_loads_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], registry: Registry
) -> None:
    out = tmp_path / "tno-2026.yaml"
    run(capsys, "migrate", BASELINE, "--to", "2026-01-01", "--choose", "AVI=LVV", "--out", str(out))
    saved = load_matrix(out, registry=registry)
    assert asked(saved) == {("kunnat", "regional", KUNNAT_QUESTION): WITH_KUNNAT}
    assert regional(saved, "T1.1a") == ["elinvoimakeskukset", "LVV", "kunnat", "tyollisyysalueet"]


def test_an_empty_choice_on_the_command_line_removes_the_body(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, printed, _ = run(
        capsys, "migrate", BASELINE, "--to", "2026-01-01", "--choose", "AVI=", "--choose", "kunnat="
    )
    assert status == 0
    assert "  AVI → – (regional, 12 rows): chosen" in printed.splitlines()
    assert "  kunnat → – (regional, 11 rows): chosen" in printed.splitlines()
    # 93 lines, less AVI's 2 × 12 and kunnat's 11 candidates, plus one empty choice per cell:
    # 93 - 24 - 11 + 12 + 11 = 81; the 8 decisions lose AVI's two and gain one.
    assert printed.splitlines()[-1] == "81 mappings in 7 decisions, 0 questions for a person (?)"


def test_a_choice_with_an_empty_name_in_its_list_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(capsys, "migrate", BASELINE, "--to", "2026-01-01", "--choose", "AVI=LVV,")
    assert status == 1
    assert err == (
        "elo-coord: --choose 'AVI=LVV,': write it as BODY=SUCCESSOR[,SUCCESSOR],"
        " or BODY= for none\n"
    )


# --- nothing doubtful applied unasked ---------------------------------------------------------


def small_registry(*successors: dict[str, object]) -> Registry:
    """OKM, kunnat, a regional body 'vanha' that ended in 2023, and 'uusi' founded in 2024."""
    names = Localized(fi="koe")
    bodies = [
        Body(id="OKM", level=Level.NATIONAL, kind="ministry", names=names),
        Body(id="kunnat", level=Level.LOCAL, kind="actor-category", names=names),
        Body.model_validate(
            {
                "id": "vanha",
                "level": "regional",
                "kind": "state-office",
                "names": {"fi": "vanha"},
                "valid_to": "2023-12-31",
                "successors": list(successors),
            }
        ),
        Body(
            id="uusi",
            level=Level.REGIONAL,
            kind="state-office",
            names=names,
            valid_from=dt.date(2024, 1, 1),
        ),
    ]
    return Registry(bodies={b.id: b for b in bodies}, regions={}, strategies={})


def one_row(regional_bodies: list[object]) -> Matrix:
    row = {"row": "T4.1", "national": {"bodies": ["OKM"]}, "regional": {"bodies": regional_bodies}}
    return builders.proposal("koe", ["lappi"], [row], title="Koe")


def test_a_low_confidence_successor_is_not_put_in_without_a_choice() -> None:
    registry = small_registry({"body": "uusi", "confidence": "low"})
    migration = migrate(one_row(["vanha", "kunnat"]), NEW_YEAR_2026, registry=registry)
    assert regional(migration.matrix, "T4.1") == ["vanha", "kunnat"]
    assert migration.mappings.select("successor_id", "outcome", "confidence", "decide").rows() == [
        ("uusi", "candidate", "low", True)
    ]
    chosen = migrate(
        one_row(["vanha", "kunnat"]), NEW_YEAR_2026, registry=registry, choose={"vanha": ["uusi"]}
    )
    assert regional(chosen.matrix, "T4.1") == ["uusi", "kunnat"]
    assert chosen.matrix.questions == ()


def test_the_low_avi_to_elinvoimakeskukset_succession_never_enters_a_matrix_unasked(
    registry: Registry,
) -> None:
    migration = migrate(one_row(["AVI"]), NEW_YEAR_2026, registry=registry)
    assert regional(migration.matrix, "T4.1") == ["AVI"]
    line = migration.mappings.filter(pl.col("successor_id") == "elinvoimakeskukset")
    assert line.select("outcome", "confidence", "decide").rows() == [("candidate", "low", True)]


def test_a_succession_out_of_scope_for_guidance_is_recorded_but_not_offered() -> None:
    registry = small_registry({"body": "uusi", "scope": "ympäristöluvat", "guidance": False})
    migration = migrate(one_row(["vanha"]), NEW_YEAR_2026, registry=registry)
    # Nothing in scope takes vanha's place: it stays, for a person to remove or replace.
    assert regional(migration.matrix, "T4.1") == ["vanha"]
    rows = migration.mappings.select("successor_id", "outcome", "scope", "decide").rows()
    assert rows == [
        ("uusi", "out-of-scope", "ympäristöluvat", False),
        (None, "no-successor", None, True),
    ]
    (question,) = migration.matrix.questions
    assert question.note == (
        "vanha ended on 2023-12-31 and stays here until a person chooses: nothing in scope for"
        " guidance takes its place in the regional column. Choose with --choose vanha=… (the"
        " bodies that take its place; vanha= removes it)."
    )


def test_ely_s_environmental_permits_are_never_offered(
    baseline: Matrix, registry: Registry
) -> None:
    migration = migrate(baseline, NEW_YEAR_2026, registry=registry)
    ely = migration.decisions.filter(pl.col("body_id") == "ELY")
    assert ely.select("successor_id", "outcome", "decide").rows() == [
        ("elinvoimakeskukset", "mapped", False),
        ("LVV", "out-of-scope", False),
    ]
    assert "ELY" not in {q.body for q in migration.matrix.questions}


def test_keha_2026_is_offered_only_where_the_national_column_lacks_it(registry: Registry) -> None:
    rows = [
        {
            "row": "T4.1",
            "national": {"bodies": ["OKM", "KEHA"]},
            "regional": {"bodies": ["TE-toimistot"]},
        },
        {"row": "T5.1", "national": {"bodies": ["OKM"]}, "regional": {"bodies": ["TE-toimistot"]}},
    ]
    old = builders.proposal("koe", ["lappi"], rows, title="Koe")
    migration = migrate(old, NEW_YEAR_2026, registry=registry)
    keha = migration.decisions.filter(pl.col("successor_id") == "KEHA-2026")
    assert keha.select("body_id", "outcome", "rows").rows() == [
        ("KEHA", "mapped", ["T4.1"]),
        ("TE-toimistot", "present", ["T4.1"]),
        ("TE-toimistot", "candidate", ["T5.1"]),
    ]
    assert [(q.row, q.body) for q in migration.matrix.questions] == [("T5.1", "TE-toimistot")]
    # Choosing it puts it in the national column, its own; tyollisyysalueet stays regional.
    choice = {"TE-toimistot": ["tyollisyysalueet", "KEHA-2026"]}
    chosen = migrate(old, NEW_YEAR_2026, registry=registry, choose=choice).matrix
    assert [[a.body for a in row.national.bodies] for row in chosen.rows] == [
        ["OKM", "KEHA-2026"],
        ["OKM", "KEHA-2026"],
    ]
    assert [regional(chosen, row_id) for row_id in ("T4.1", "T5.1")] == [
        ["tyollisyysalueet"],
        ["tyollisyysalueet"],
    ]
    assert chosen.questions == ()


# --- kunnat continues --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "choose", [None, {"kunnat": ["hyvinvointialueet"]}, {"kunnat": []}], ids=["open", "add", "none"]
)
def test_kunnat_is_never_replaced_by_hyvinvointialueet(
    choose: dict[str, list[str]] | None, baseline: Matrix, registry: Registry
) -> None:
    migrated = migrate(baseline, NEW_YEAR_2026, registry=registry, choose=choose).matrix
    for old, new in zip(baseline.rows, migrated.rows, strict=True):
        kept = [(a.body, a.role) for a in old.regional.bodies if a.body == "kunnat"]
        assert [(a.body, a.role) for a in new.regional.bodies if a.body == "kunnat"] == kept


def test_choosing_hyvinvointialueet_adds_them_as_a_partner_right_after_kunnat(
    registry: Registry,
) -> None:
    old = one_row([{"body": "kunnat", "role": "lead", "regions": ["lappi"]}, "ohjaamot"])
    migration = migrate(
        old, NEW_YEAR_2026, registry=registry, choose={"kunnat": ["hyvinvointialueet"]}
    )
    (row,) = migration.matrix.rows
    assert [(a.body, a.role, a.regions) for a in row.regional.bodies] == [
        ("kunnat", "lead", ("lappi",)),
        ("hyvinvointialueet", "partner", ()),
        ("ohjaamot", "partner", ()),
    ]
    assert migration.mappings.select("body_id", "successor_id", "outcome").rows() == [
        ("kunnat", "hyvinvointialueet", "chosen")
    ]


def test_a_matrix_dated_after_the_handing_over_is_not_asked_about_kunnat(
    registry: Registry,
) -> None:
    old = one_row(["kunnat"]).model_copy(update={"date": dt.date(2023, 6, 1)})
    migration = migrate(old, NEW_YEAR_2026, registry=registry)
    assert migration.mappings.is_empty()
    assert migration.matrix.questions == ()


def test_a_row_that_names_hyvinvointialueet_already_is_not_asked(registry: Registry) -> None:
    migration = migrate(one_row(["kunnat", "hyvinvointialueet"]), NEW_YEAR_2026, registry=registry)
    assert migration.mappings.select("successor_id", "outcome", "decide").rows() == [
        ("hyvinvointialueet", "present", False)
    ]
    assert migration.matrix.questions == ()


# --- deciding later ---------------------------------------------------------------------------


def test_migrating_a_migrated_matrix_keeps_its_open_questions_and_takes_new_choices(
    baseline: Matrix, registry: Registry
) -> None:
    first = migrate(baseline, NEW_YEAR_2026, registry=registry).matrix
    # Dated 2026 now, yet kunnat's question is asked again: the earlier migration opened it.
    second = migrate(first, NEW_YEAR_2026, registry=registry, choose={"AVI": ["LVV"]}).matrix
    assert asked(second) == {("kunnat", "regional", KUNNAT_QUESTION): WITH_KUNNAT}
    third = migrate(
        second, NEW_YEAR_2026, registry=registry, choose={"kunnat": ["hyvinvointialueet"]}
    ).matrix
    assert third.questions == ()
    assert regional(third, "T1.1a") == [
        "elinvoimakeskukset",
        "LVV",
        "kunnat",
        "hyvinvointialueet",
        "tyollisyysalueet",
    ]
    assert [f for f in lint(third, registry) if f.severity != "info"] == []


def test_the_slides_of_a_migrated_matrix_show_its_open_successions(
    baseline: Matrix, registry: Registry
) -> None:
    migrated = migrate(baseline, NEW_YEAR_2026, registry=registry).matrix
    text = render_markdown(migrated, lang="en", registry=registry)
    assert "successor to choose" in text
    assert AVI_QUESTION in text
