"""The forum walks its agenda: each contested cell accepted, rejected or deferred, with a
rationale and who recorded it, kept in the synthesis; its rows hold what was decided. Every
expected value is worked out by hand from the small proposals below."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from elo_coord import (
    Comparison,
    Decision,
    Matrix,
    MatrixFileError,
    Role,
    Status,
    Verdict,
    dump_matrix,
    from_frame,
    load_matrix,
    synthesize,
    to_frame,
)
from elo_coord._decision import agenda_decision, verdicts_in_force, with_verdicts
from elo_coord._forum import build_forum_report, local_time

from .builders import proposal

AT = dt.datetime(2026, 3, 25, 8, 15, tzinfo=dt.UTC)  # 10.15 in Helsinki (EET, UTC+2)


def regional(*bodies: str | dict[str, str]) -> list[dict[str, object]]:
    return [{"row": "T1.1a", "regional": {"bodies": list(bodies)}}]


@pytest.fixture
def forum() -> Comparison:
    """Five regions on T1.1a regionally. ELY: all five, the lead in four (consensus, the lead).
    kunnat: Lappi (lead), Kainuu (lead), Uusimaa: 3/5 = 60 %, contested; two of its three made it
    the lead. kirjastot: Pirkanmaa, Uusimaa: 2/5 = 40 %, contested; nobody made it the lead."""
    lead = {"body": "ELY", "role": "lead"}
    return Comparison(
        [
            proposal("lappi", ["lappi"], regional(lead, {"body": "kunnat", "role": "lead"})),
            proposal("kainuu", ["kainuu"], regional("ELY", {"body": "kunnat", "role": "lead"})),
            proposal("uusimaa", ["uusimaa"], regional(lead, "kunnat", "kirjastot")),
            proposal("pirkanmaa", ["pirkanmaa"], regional(lead, "kirjastot")),
            proposal("keski-suomi", ["keski-suomi"], regional(lead)),
        ]
    )


def line(forum: Comparison, body: str) -> dict[str, object]:
    agenda = forum.agenda
    return agenda.filter(agenda["body_id"] == body).row(0, named=True)


def decided(forum: Comparison, *decisions: Decision) -> Matrix:
    return with_verdicts(synthesize(forum.proposals, id="foorumi"), decisions)


def regional_roles(matrix: Matrix) -> dict[str, str]:
    (row,) = (row for row in matrix.rows if row.row == "T1.1a")
    return {a.body: a.role.value for a in row.regional.bodies}


def test_the_agenda_holds_the_two_contested_bodies(forum: Comparison) -> None:
    assert sorted(forum.agenda.get_column("body_id")) == ["kirjastot", "kunnat"]


def test_an_accepted_body_takes_the_role_most_of_its_proposers_gave(forum: Comparison) -> None:
    kunnat = agenda_decision(
        line(forum, "kunnat"), "accept", rationale=" Kunnat vastaavat ", by=" Pia ", at=AT
    )
    assert kunnat == Decision(
        row="T1.1a",
        level="regional",
        body="kunnat",
        verdict=Verdict.ACCEPT,
        role=Role.LEAD,  # two of three made it the lead
        rationale="Kunnat vastaavat",
        by="Pia",
        at=AT,
        regions=("kainuu", "lappi", "uusimaa"),
        answered=5,
    )
    libraries = agenda_decision(line(forum, "kirjastot"), "accept", rationale="x", by="Pia", at=AT)
    assert libraries.role is Role.PARTNER  # nobody made it the lead
    assert agenda_decision(line(forum, "kunnat"), "defer", rationale="x", by="P").role is None


def test_accepting_and_rejecting_write_the_cell_and_settle_its_question(
    forum: Comparison,
) -> None:
    start = synthesize(forum.proposals, id="foorumi")
    # The synthesis: ELY the lead (4 of 5); kunnat and kirjastot left open as contested.
    assert regional_roles(start) == {"ELY": "lead"}
    assert {(q.body, q.status) for q in start.questions} == {
        ("kunnat", Status.CONTESTED),
        ("kirjastot", Status.CONTESTED),
    }
    kunnat = agenda_decision(line(forum, "kunnat"), "accept", rationale="a", by="Pia", at=AT)
    libraries = agenda_decision(line(forum, "kirjastot"), "reject", rationale="r", by="Pia", at=AT)
    matrix = decided(forum, kunnat, libraries)
    # kunnat is the lead now; ELY, the lead before, a partner: a level has one lead.
    assert regional_roles(matrix) == {"ELY": "partner", "kunnat": "lead"}
    (row,) = matrix.rows
    assert [a.regions for a in row.regional.bodies if a.body == "kunnat"] == [
        ("kainuu", "lappi", "uusimaa")
    ]
    assert matrix.questions == ()
    assert matrix.decisions == (kunnat, libraries)


def test_a_deferred_body_leaves_the_cell_and_its_question_as_they_were(
    forum: Comparison,
) -> None:
    start = synthesize(forum.proposals, id="foorumi")
    later = agenda_decision(line(forum, "kunnat"), "defer", rationale="Selvitetään", by="P", at=AT)
    matrix = decided(forum, later)
    assert regional_roles(matrix) == regional_roles(start)
    assert matrix.questions == start.questions


def test_a_later_decision_on_the_same_cell_is_the_one_in_force(forum: Comparison) -> None:
    first = agenda_decision(line(forum, "kirjastot"), "accept", rationale="a", by="Pia", at=AT)
    again = agenda_decision(line(forum, "kirjastot"), "reject", rationale="b", by="Ari", at=AT)
    matrix = decided(forum, first, again)
    assert "kirjastot" not in regional_roles(matrix)
    assert matrix.decisions == (first, again)  # both are on record
    assert list(verdicts_in_force(matrix.decisions).values()) == [again]


def test_the_decisions_survive_the_file_and_a_broken_one_is_one_line(
    forum: Comparison, tmp_path: Path
) -> None:
    kunnat = agenda_decision(line(forum, "kunnat"), "accept", rationale="a: b", by="Pia", at=AT)
    matrix = decided(forum, kunnat)
    path = tmp_path / "foorumi.yaml"
    path.write_text(dump_matrix(matrix), encoding="utf-8")
    assert load_matrix(path) == matrix
    text = path.read_text(encoding="utf-8").replace("verdict: accept", "verdict: hyväksy")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MatrixFileError) as error:
        load_matrix(path)
    assert "foorumi.yaml:" in str(error.value)
    assert "verdict" in str(error.value)
    assert "\n" not in str(error.value)


def test_the_decisions_survive_a_tidy_frame(forum: Comparison) -> None:
    kunnat = agenda_decision(line(forum, "kunnat"), "accept", rationale="a", by="Pia", at=AT)
    matrix = decided(forum, kunnat)
    frame = to_frame(matrix)
    assert frame.get_column("decisions")[0].to_list()[0]["at"] == AT
    assert from_frame(frame) == [matrix]


def test_only_a_synthesis_records_decisions_and_a_rationale_is_one_line() -> None:
    with pytest.raises(ValueError, match="only a synthesis records the forum's decisions"):
        proposal(
            "lappi",
            ["lappi"],
            decisions=[
                {
                    "row": "T1.1a",
                    "level": "regional",
                    "body": "kunnat",
                    "verdict": "reject",
                    "rationale": "x",
                    "by": "P",
                    "at": AT,
                }
            ],
        )
    with pytest.raises(ValueError, match="a rationale is one line"):
        Decision(
            row="T1.1a",
            level="regional",
            body="kunnat",
            verdict="reject",
            rationale="yksi\nkaksi",
            by="P",
            at=AT,
        )
    with pytest.raises(ValueError, match="an accepted body needs its role"):
        Decision(
            row="T1.1a",
            level="regional",
            body="kunnat",
            verdict="accept",
            rationale="x",
            by="P",
            at=AT,
        )


def test_the_report_shows_each_decision_with_its_rationale_and_who(forum: Comparison) -> None:
    kunnat = agenda_decision(
        line(forum, "kunnat"), "accept", rationale="Kunnat <vastaavat>", by="Pia", at=AT
    )
    libraries = agenda_decision(
        line(forum, "kirjastot"), "defer", rationale="Ensi kerralla", by="Ari", at=AT
    )
    report = build_forum_report(
        forum, "fi", dt.date(2026, 3, 25), decided=decided(forum, kunnat, libraries)
    )
    assert [
        (v.row, v.level, v.verdict, v.count, v.rationale, v.by, v.at) for v in report.verdicts
    ] == [
        (
            "T1.1a",
            "Alueellinen koordinaatio",
            "hyväksytty: vastuutaho",
            "3/5",
            "Kunnat <vastaavat>",
            "Pia",
            "25.3.2026 klo 10.15",
        ),
        (
            "T1.1a",
            "Alueellinen koordinaatio",
            "siirretty",
            "2/5",
            "Ensi kerralla",
            "Ari",
            "25.3.2026 klo 10.15",
        ),
    ]
    assert {line.verdict for line in report.agenda} == {"hyväksytty: vastuutaho", "siirretty"}
    assert report.verdicts_intro.startswith(
        "Foorumi kävi asialistaa läpi kohta kohdalta ja kirjasi 2"
    )


def test_finnish_time_is_written_as_each_language_writes_it() -> None:
    summer = dt.datetime(2026, 6, 1, 7, 5, tzinfo=dt.UTC)  # EEST, UTC+3
    assert local_time(summer, "fi") == "1.6.2026 klo 10.05"
    assert local_time(summer, "sv") == "1.6.2026 kl. 10.05"
    assert local_time(summer, "en") == "2026-06-01 10:05"
