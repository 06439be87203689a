"""Every finding code, triggered by a file made for it; and the shipped data passes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

import elo_coord
from elo_coord import Level, Matrix, Severity, lint
from elo_coord._lint import CODES

from .conftest import DATA

LINT = DATA / "lint"


def read_unchecked(path: Path) -> Matrix:
    """Read a matrix without the loader's id checks, as code that builds one in memory would."""
    return Matrix.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def codes(findings: list[elo_coord.Finding]) -> list[str]:
    return [f.code for f in findings if f.severity is not Severity.INFO]


@pytest.mark.parametrize("code", sorted(CODES))
def test_each_rule_has_a_file_that_triggers_it_and_nothing_else(
    code: str, registry: elo_coord.Registry
) -> None:
    findings = lint(read_unchecked(LINT / f"{code}.yaml"), registry)
    expected = [code] * (11 if code == "missing-row" else 1)
    # A rule that only informs (regional-offices): its note is the finding asked for, and the
    # file triggers no other warning or error.
    informs = CODES[code] is Severity.INFO
    found = codes(findings) + ([f.code for f in findings if f.code == code] if informs else [])
    assert found == expected


def test_a_clean_proposal_gives_only_notes_of_unanswered_rows(registry: elo_coord.Registry) -> None:
    findings = lint(read_unchecked(LINT / "clean.yaml"), registry)
    assert {(f.severity, f.code) for f in findings} == {(Severity.INFO, "missing-row")}
    assert len(findings) == 11  # the strategy has 12 rows; the file answers T4.1 only


def test_two_leads_are_reported_at_their_row_and_level(registry: elo_coord.Registry) -> None:
    (finding,) = lint(read_unchecked(LINT / "many-leads.yaml"), registry)[:1]
    assert (finding.row, finding.level, finding.severity) == ("T4.1", Level.NATIONAL, "error")
    assert "OKM, TEM" in finding.message


def test_a_body_abolished_before_the_matrix_date_is_reported_with_its_successors(
    registry: elo_coord.Registry,
) -> None:
    (finding,) = lint(read_unchecked(LINT / "not-valid.yaml"), registry)[:1]
    assert (finding.code, finding.body, finding.level) == ("not-valid", "TE-toimistot", "regional")
    assert finding.message == (
        "'TE-toimistot' ended 2024-12-31, before the matrix date 2025-06-01;"
        " its successors on that date: tyollisyysalueet, KEHA (national)"
    )


def test_successors_are_followed_to_the_ones_that_exist_on_the_matrix_date(
    baseline: Matrix, registry: elo_coord.Registry
) -> None:
    later = baseline.model_copy(update={"date": dt.date(2026, 11, 23)})
    messages = {
        (f.level, f.body): f.message for f in lint(later, registry) if f.code == "not-valid"
    }
    assert messages[Level.REGIONAL, "TE-toimistot"].endswith(
        "its successors on that date: tyollisyysalueet, KEHA-2026 (national)"
    )
    assert messages[Level.REGIONAL, "ELY"].endswith(
        "its successors on that date: elinvoimakeskukset, LVV (national)"
    )
    assert messages[Level.NATIONAL, "KEHA"].endswith("its successors on that date: KEHA-2026")


def test_a_body_not_yet_founded_on_the_matrix_date_is_reported(
    registry: elo_coord.Registry,
) -> None:
    matrix = read_unchecked(LINT / "clean.yaml").model_copy(update={"date": dt.date(2022, 3, 18)})
    rows = [
        matrix.rows[0].model_copy(
            update={"regional": elo_coord.Cell.model_validate({"bodies": ["elinvoimakeskukset"]})}
        )
    ]
    findings = lint(matrix.model_copy(update={"rows": rows}), registry)
    assert [(f.code, f.body) for f in findings if f.severity == "error"] == [
        ("not-valid", "elinvoimakeskukset")
    ]
    assert "2026-01-01" in findings[0].message


def test_the_same_matrix_dated_2026_finds_every_body_of_2022_that_ended(
    baseline: Matrix, registry: elo_coord.Registry
) -> None:
    later = baseline.model_copy(update={"date": dt.date(2026, 1, 1)})
    ended = {f.body for f in lint(later, registry) if f.code == "not-valid"}
    assert ended == {"ELY", "AVI", "TE-toimistot", "KEHA"}


def test_an_unknown_body_finding_suggests_the_id(registry: elo_coord.Registry) -> None:
    findings = lint(read_unchecked(LINT / "unknown-body.yaml"), registry)
    (finding,) = [f for f in findings if f.code == "unknown-body"]
    assert "did you mean 'TE-toimistot'?" in finding.message


def test_the_shipped_baseline_has_no_findings(
    baseline: Matrix, registry: elo_coord.Registry
) -> None:
    assert lint(baseline, registry) == []


def test_the_shipped_proposals_have_no_errors(
    proposals: list[Matrix], registry: elo_coord.Registry
) -> None:
    errors = [f for m in proposals for f in lint(m, registry) if f.severity is Severity.ERROR]
    assert errors == []


def test_lint_uses_the_shipped_registry_by_default(baseline: Matrix) -> None:
    assert lint(baseline) == []
