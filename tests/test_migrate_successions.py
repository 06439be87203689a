"""Successions with their scope, and bodies that serve both levels: what migration stands on.

Expected values come from matrices/bodies.yaml and matrices/regions.yaml as written, checked
against the domain reference (section D and its corrections of 2026-11-29): AVI's education and
culture tasks went to LVV, a national agency with offices across the country; no source gives
the elinvoimakeskukset an AVI education and culture role; the wellbeing services counties run the
municipalities' social and health services since 1.1.2023 (Act 611/2021).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

import elo_coord
from elo_coord import Body, Confidence, Level, Registry, lint

from . import builders
from .conftest import MATRICES

NEW_YEAR_2026 = dt.date(2026, 1, 1)


def dated_2026(regional: list[str]) -> elo_coord.Matrix:
    row = {"row": "T4.1", "national": {"bodies": ["OKM"]}, "regional": {"bodies": regional}}
    return builders.proposal("koe", ["lappi"], [row], title="Koe", date="2026-02-01")


def about_bodies(findings: list[elo_coord.Finding]) -> list[elo_coord.Finding]:
    """The findings about a body (not the rows a one-row proposal leaves unanswered)."""
    return [f for f in findings if f.body is not None]


# --- bodies that serve both levels ------------------------------------------------------------


def test_lvv_in_the_regional_column_is_no_wrong_level_but_an_explanation(
    registry: Registry,
) -> None:
    findings = about_bodies(lint(dated_2026(["elinvoimakeskukset", "LVV"]), registry))
    assert [(f.severity, f.code, f.row, f.level, f.body, f.message) for f in findings] == [
        (
            "info",
            "regional-offices",
            "T4.1",
            Level.REGIONAL,
            "LVV",
            "'LVV' is a national agency; in the regional column it stands for its regional offices",
        )
    ]


def test_a_national_body_without_regional_offices_in_the_regional_column_is_still_an_error(
    registry: Registry,
) -> None:
    findings = about_bodies(lint(dated_2026(["elinvoimakeskukset", "KEHA-2026", "OPH"]), registry))
    assert [(f.severity, f.code, f.body, f.message) for f in findings] == [
        (
            "error",
            "wrong-level",
            "KEHA-2026",
            "'KEHA-2026' is a national body; move it to the national column",
        ),
        ("error", "wrong-level", "OPH", "'OPH' is a national body; move it to the national column"),
    ]


def test_lvv_with_its_regional_offices_still_belongs_in_the_national_column(
    registry: Registry,
) -> None:
    lvv = registry.body("LVV")
    assert lvv.level is Level.NATIONAL
    assert (lvv.belongs_in(Level.NATIONAL), lvv.belongs_in(Level.REGIONAL)) == (True, True)
    keha = registry.body("KEHA-2026")
    assert (keha.belongs_in(Level.NATIONAL), keha.belongs_in(Level.REGIONAL)) == (True, False)


def test_only_lvv_has_regional_offices_and_the_fact_is_sourced(registry: Registry) -> None:
    assert [b.id for b in registry.bodies.values() if b.regional_offices] == ["LVV"]
    fact = registry.body("LVV").facts["regional_offices"]
    assert fact.confidence is Confidence.HIGH
    assert fact.sources == ("W-AVI-REFORM", "W-LVV", "W-AVI-LVV-2025")


def test_regional_offices_are_only_for_national_bodies() -> None:
    with pytest.raises(ValidationError, match="regional_offices is for national bodies"):
        Body(
            id="x",
            level=Level.REGIONAL,
            kind="agency",
            names=elo_coord.Localized(fi="x"),
            regional_offices=True,
        )


# --- successions with scope ---------------------------------------------------------------------


def test_each_succession_of_a_split_body_says_which_tasks_went_there(registry: Registry) -> None:
    for body in registry.bodies.values():
        if len(body.successors) > 1 or (body.successors and body.valid_to is None):
            assert all(s.scope for s in body.successors), body.id


def test_a_split_succession_without_a_scope_is_refused() -> None:
    with pytest.raises(ValidationError, match="successor 'b' has no scope: the tasks were split"):
        Body.model_validate(
            {
                "id": "x",
                "level": "regional",
                "kind": "agency",
                "names": {"fi": "x"},
                "valid_to": "2025-12-31",
                "successors": [{"body": "a", "scope": "some tasks"}, "b"],
            }
        )


def test_a_body_that_continues_must_say_which_of_its_tasks_went_to_a_successor() -> None:
    with pytest.raises(ValidationError, match="has no scope: the body continues"):
        Body.model_validate(
            {
                "id": "x",
                "level": "local",
                "kind": "actor-category",
                "names": {"fi": "x"},
                "successors": ["y"],
            }
        )


def test_successions_carry_their_scope_and_guidance_along_the_way(registry: Registry) -> None:
    def seen(body_id: str) -> list[tuple[str, str | None, bool, Confidence]]:
        return [
            (s.body.id, s.scope, s.guidance, s.confidence)
            for s in registry.successions(body_id, NEW_YEAR_2026)
        ]

    assert seen("TE-toimistot") == [
        ("tyollisyysalueet", "the organising of public employment services", True, "high"),
        # Through KEHA, renamed KEHA-2026 with all its tasks: the scope is the first step's.
        ("KEHA-2026", "some national tasks", True, "medium"),
    ]
    assert seen("ELY")[1] == (
        "LVV",
        "the environmental permit and supervision tasks",
        False,
        "high",
    )
    assert seen("KEHA") == [("KEHA-2026", None, True, "high")]


def test_avi_goes_to_lvv_with_high_confidence_and_elinvoimakeskukset_only_at_low(
    registry: Registry,
) -> None:
    lvv, elinvoima = registry.body("AVI").successors
    assert (lvv.body, lvv.confidence, lvv.guidance) == ("LVV", "high", True)
    assert "W-AVI-LVV-2025" in lvv.sources
    assert lvv.scope is not None
    assert "education and culture tasks" in lvv.scope
    assert (elinvoima.body, elinvoima.confidence) == ("elinvoimakeskukset", "low")
    assert elinvoima.note is not None
    assert "no source gives the elinvoimakeskukset an AVI education and culture role" in (
        elinvoima.note
    )


def test_the_wellbeing_services_counties_took_over_part_of_the_municipalities_tasks_in_2023(
    registry: Registry,
) -> None:
    counties = registry.body("hyvinvointialueet")
    assert (counties.level, counties.valid_from, counties.valid_to) == (
        Level.REGIONAL,
        dt.date(2023, 1, 1),
        None,
    )
    assert counties.sources == ("W-HVA-611-2021",)
    (succession,) = registry.body("kunnat").successors
    assert (succession.body, succession.scope, succession.guidance) == (
        "hyvinvointialueet",
        "the social and health services, student welfare included",
        True,
    )
    assert registry.body("kunnat").valid_to is None  # kunnat continues


def test_the_te_offices_start_is_left_empty_with_high_confidence_and_its_sources(
    registry: Registry,
) -> None:
    te = registry.body("TE-toimistot")
    assert te.valid_from is None
    fact = te.facts["valid_from"]
    assert fact.confidence is Confidence.HIGH
    assert fact.sources == ("S004", "W-TE24", "S000")


def test_kymenlaakso_s_bilingual_status_stays_low_with_why(registry: Registry) -> None:
    fact = registry.region("kymenlaakso").facts["bilingual"]
    assert fact.confidence is Confidence.LOW
    assert fact.note is not None
    assert "Pyhtää" in fact.note


def test_a_succession_citing_an_unknown_source_is_an_error_with_its_place(tmp_path: Path) -> None:
    folder = tmp_path / "matrices"
    shutil.copytree(MATRICES, folder)
    bodies = folder / "bodies.yaml"
    cited = "student welfare included\n        sources: [W-HVA-61{}-2021]"
    text = bodies.read_text(encoding="utf-8")
    assert text.count(cited.format(1)) == 1  # kunnat → hyvinvointialueet
    bodies.write_text(text.replace(cited.format(1), cited.format(2)), encoding="utf-8")
    with pytest.raises(
        elo_coord.MatrixFileError,
        match=r"unknown source 'W-HVA-612-2021' at bodies\[\d+\]\.successors\[0\]\.sources\[0\]",
    ):
        elo_coord.load_registry(folder)
