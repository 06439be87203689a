"""The ELO groups as the unit of answer, and the survey they answer, as data."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

import elo_coord
from elo_coord import MatrixFileError, coverage, coverage_counts, survey_counts

from .builders import matrix

T41 = {"row": "T4.1", "national": {"bodies": ["OKM"]}, "regional": {"bodies": ["ELY"]}}


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


HEAD = "kind: proposal\nstrategy: elo-2020-2023\ntitle: t\n"


# --- the registry ---------------------------------------------------------------------------


def test_the_survey_of_2022_asked_one_group_per_mainland_region(
    registry: elo_coord.Registry,
) -> None:
    survey = registry.survey("tno-2022")
    assert len(survey.asked) == 18
    regions = [r for g in survey.asked for r in registry.group(g).regions]
    mainland = [r.id for r in registry.regions.values() if r.ely is not None]
    assert regions == mainland
    assert survey.confidence_of("asked") == "medium"  # the slide counts them, never lists them


def test_the_survey_records_the_slides_dates_and_questions(registry: elo_coord.Registry) -> None:
    survey = registry.survey("tno-2022")
    assert (str(survey.sent), str(survey.due), str(survey.forum)) == (
        "2022-02-15",
        "2022-03-18",
        "2022-03-25",
    )
    assert [(q.id, q.answer) for q in survey.questions] == [
        ("Q1", "matrix"),
        ("Q2", "text"),
        ("Q3", "text"),
    ]
    # Slide 20: eight findings under named areas, "Uusimaa & Etelä-Pohjanmaa" one of two.
    q3 = [f for f in survey.findings if f.question == "Q3"]
    assert len(q3) == 8
    assert [f.groups for f in q3 if len(f.groups) > 1] == [("elo-uusimaa", "elo-etela-pohjanmaa")]
    # Slide 19 names no one.
    assert all(not f.groups for f in survey.findings if f.question == "Q2")


def test_the_survey_findings_are_the_slides_words_when_the_seed_is_there(
    registry: elo_coord.Registry,
) -> None:
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    deck = next(iter(seeds.glob("004_*.txt")), None)
    if deck is None:
        pytest.skip("../shared/seeds is not beside the project")
    slides = " ".join(deck.read_text(encoding="utf-8").split())
    for finding in registry.survey("tno-2022").findings:
        assert " ".join(finding.text.split()) in slides, finding.text
    for question in registry.survey("tno-2022").questions:
        assert " ".join(question.text.fi.split()) in slides, question.id


def test_the_2012_networks_are_named_as_what_they_are(registry: elo_coord.Registry) -> None:
    assert registry.region("uusimaa").network_2012 == "Pääkaupunkiseudun TNO-verkosto"
    assert "group" not in elo_coord.Region.model_fields


def test_a_region_s_group_depends_on_the_day(registry: elo_coord.Registry) -> None:
    import datetime as dt

    # The 2016 report's joint group of the two Pohjanmaa regions, named for 2017–2019.
    assert registry.group_of("keski-pohjanmaa", dt.date(2018, 6, 1)) == "elo-pohjanmaat-2017"
    assert registry.group_of("keski-pohjanmaa", dt.date(2022, 3, 18)) == "elo-keski-pohjanmaa"
    assert registry.regions_of("elo-pohjanmaat-2017") == ("pohjanmaa", "keski-pohjanmaa")


# --- counting by group ------------------------------------------------------------------------


def test_a_joint_answer_of_two_groups_counts_two_groups_in_one_answer() -> None:
    joint = matrix(
        [T41], id="yhteinen", groups=["elo-pohjanmaa", "elo-keski-pohjanmaa"], respondent="group"
    )
    joint = joint.model_copy(update={"proposers": ("pohjanmaa", "keski-pohjanmaa")})
    lappi = matrix([T41], id="lappi", groups=["elo-lappi"], respondent="coordinator")
    lappi = lappi.model_copy(update={"proposers": ("lappi",)})
    asked = ["elo-pohjanmaa", "elo-keski-pohjanmaa", "elo-lappi", "elo-kainuu"]
    counts = coverage_counts(coverage([joint, lappi], asked))
    # By hand: 3 of 4 groups answered — Lappi alone through its coordinator, the two Pohjanmaa
    # groups in one joint answer; Kainuu missing. Regions: the same 3 of 4.
    assert (counts.asked, counts.answered, counts.missing) == (4, 3, 1)
    assert (counts.coordinator, counts.group) == (1, 0)
    assert (counts.joint_answers, counts.joint_groups) == (1, 2)
    assert (counts.regions_asked, counts.regions_answered) == (4, 3)


def test_a_group_covering_two_regions_is_one_group_and_two_regions() -> None:
    # In 2018 the two Pohjanmaa regions had one joint group; its answer is not a joint answer.
    answer = matrix([T41], id="pohjanmaat", date="2018-03-01", groups=["elo-pohjanmaat-2017"])
    answer = answer.model_copy(update={"proposers": ("pohjanmaa", "keski-pohjanmaa")})
    frame = coverage([answer])
    # Without a survey the groups asked are those of the 18 mainland regions on the day: 17,
    # the two Pohjanmaa regions sharing one.
    counts = coverage_counts(frame)
    assert (counts.asked, counts.answered, counts.joint_answers) == (17, 1, 0)
    assert (counts.regions_asked, counts.regions_answered) == (18, 2)
    line = frame.filter(pl.col("group_id") == "elo-pohjanmaat-2017").row(0, named=True)
    assert (line["regions"], line["response"], line["joint"]) == (
        ["pohjanmaa", "keski-pohjanmaa"],
        "answered",
        False,
    )


def test_support_by_region_counts_a_group_of_two_regions_twice(
    registry: elo_coord.Registry, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "pohjanmaat",
        HEAD + "id: pohjanmaat\ndate: 2018-03-01\ngroups: [elo-pohjanmaat-2017]\nrows:\n"
        "  - {row: T4.1, national: {bodies: [OKM]}, regional: {bodies: [ELY]}}\n",
    )
    answer = elo_coord.load_matrix(path, registry=registry)
    assert answer.proposers == ("pohjanmaa", "keski-pohjanmaa")
    lines = elo_coord.support([answer], registry=registry)
    okm = lines.filter(pl.col("body_id") == "OKM").row(0, named=True)
    assert (okm["n"], okm["total"]) == (2, 2)
    by_answer = elo_coord.support([answer], by="answer", registry=registry)
    assert by_answer.filter(pl.col("body_id") == "OKM").select("n", "total").row(0) == (1, 1)


def test_the_baseline_s_survey_reads_as_the_slide(
    registry: elo_coord.Registry, baseline: elo_coord.Matrix
) -> None:
    assert baseline.survey == "tno-2022"
    counts = survey_counts(registry.survey(baseline.survey))
    # Slide 3: 15/18 groups; 5 coordinators' answers, 8 group views, 1 joint answer of 2
    # groups, 1 declined — and so 18 - 15 - 1 = 2 not accounted for.
    assert (counts.asked, counts.answered, counts.coordinator, counts.group) == (18, 15, 5, 8)
    assert (counts.joint_answers, counts.joint_groups, counts.declined, counts.missing) == (
        1,
        2,
        1,
        2,
    )
    assert counts.sentence("fi") == (
        "15/18 ryhmää vastasi: 5 koordinaattorin kautta, 8 ryhmänä, 2 ryhmää 1"
        " yhteisvastauksessa; 1 kieltäytyi, 2 ei vastannut"
    )


# --- files that name groups and surveys -------------------------------------------------------


def test_a_proposal_names_its_groups_and_its_regions_follow(
    registry: elo_coord.Registry,
) -> None:
    joint = elo_coord.load_matrix("matrices/proposals/pohjanmaa-keski-pohjanmaa.yaml")
    assert joint.groups == ("elo-pohjanmaa", "elo-keski-pohjanmaa")
    assert joint.proposers == ("pohjanmaa", "keski-pohjanmaa")


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            "groups: [elo-lapi]\n",
            r":6: unknown group 'elo-lapi' at groups\[0\] — did you mean 'elo-lappi'\?",
        ),
        (
            "groups: [elo-lappi]\nproposers: [kainuu]\n",
            r":7: proposers kainuu differ from the regions of the groups \(lappi\) at"
            r" proposers — remove proposers: they follow from groups",
        ),
        (
            "survey: tno-2021\n",
            r":6: unknown survey 'tno-2021' at survey — did you mean 'tno-2022'\?",
        ),
        (
            "survey: tno-2022\nanswers: {Q1: kaikki}\n",
            r":7: survey 'tno-2022' has no open question 'Q1' at answers.Q1 — answer Q2, Q3",
        ),
        (
            "answers: {Q2: jotain}\n",
            r":6: answers to a survey's questions need the survey at answers — name it in"
            r" survey: \(for example survey: tno-2022\)",
        ),
    ],
)
def test_a_wrong_group_survey_or_answer_is_one_line_at_its_place(
    tmp_path: Path, lines: str, expected: str
) -> None:
    path = write(tmp_path, "lappi", HEAD + "id: lappi\ndate: 2022-03-18\n" + lines)
    with pytest.raises(MatrixFileError) as caught:
        elo_coord.load_matrix(path, registry=elo_coord.default_registry())
    assert re.fullmatch(re.escape(str(path)) + expected, str(caught.value)), str(caught.value)


def test_a_registry_without_groups_counts_each_region_as_its_own_group(tmp_path: Path) -> None:
    import shutil

    for name in ("bodies.yaml", "regions.yaml", "sources.yaml"):
        shutil.copy(Path("matrices") / name, tmp_path / name)
    shutil.copytree(Path("matrices") / "strategies", tmp_path / "strategies")
    registry = elo_coord.load_registry(tmp_path)
    assert registry.groups == {}
    answer = matrix([T41], id="lappi", proposers=["lappi"])
    counts = coverage_counts(coverage([answer], registry=registry))
    assert (counts.asked, counts.answered, counts.regions_answered) == (18, 1, 1)


# --- what people see ----------------------------------------------------------------------------


def test_the_report_shows_the_survey_its_findings_and_the_free_text_answers(
    proposals: list[elo_coord.Matrix], baseline: elo_coord.Matrix
) -> None:
    page = elo_coord.render_report(proposals, baseline, lang="fi")
    part = page[page.index('<section class="survey"') : page.index("</section>")]
    text = " ".join(re.sub(r"<[^>]+>", " ", part).split())
    assert "Lähetetty 15.2.2022, vastaukset 18.3.2022 mennessä, foorumi 25.3.2022." in text
    assert "Kyselyn oma yhteenveto: 15/18 ryhmää vastasi: 5 koordinaattorin kautta" in text
    assert "Uusimaa + Etelä-Pohjanmaa: ELO &amp; JAO yhteistoiminta" in text
    # Lappi's illustrative answers, marked so, under Q2 and Q3.
    assert text.count("Lappi (kuvitteellinen): (Kuvitteellinen esimerkki.)") == 2


def test_the_workbench_compare_view_has_the_survey_tab(
    proposals: list[elo_coord.Matrix], baseline: elo_coord.Matrix
) -> None:
    from elo_coord.widgets import CompareView

    view = CompareView([baseline, *proposals])
    titles = [view.tabs.get_title(i) for i in range(len(view.tabs.children))]
    assert titles[-1] == "Kysely"
    assert "ELO-toiminta ja yliopisto" in view.survey_html.value
    assert view.survey_html.value.count("Lappi (kuvitteellinen):") == 2
    view.chooser.value = ("uusimaa",)  # Lappi's answers leave with Lappi
    assert "Lappi (kuvitteellinen):" not in view.survey_html.value


def registry_copy(tmp_path: Path) -> Path:
    import shutil

    folder = tmp_path / "matrices"
    shutil.copytree(
        "matrices", folder, ignore=shutil.ignore_patterns("proposals", "baseline", "schemas")
    )
    return folder


def test_a_respondent_the_survey_did_not_allow_is_one_line_at_its_place(tmp_path: Path) -> None:
    folder = registry_copy(tmp_path)
    survey = folder / "surveys" / "tno-2022.yaml"
    text = survey.read_text(encoding="utf-8")
    survey.write_text(
        text.replace("respondents: [coordinator, group]", "respondents: [group]"), "utf-8"
    )
    path = write(
        folder,
        "lappi",
        HEAD + "id: lappi\ndate: 2022-03-18\nsurvey: tno-2022\nrespondent: coordinator\n",
    )
    with pytest.raises(MatrixFileError) as caught:
        elo_coord.load_matrix(path)
    assert str(caught.value) == (
        f"{path}:7: survey 'tno-2022' was answered by group, not coordinator at respondent"
        " — write the respondent the survey allows"
    )


def test_a_group_that_ends_before_it_starts_is_refused_at_its_place(tmp_path: Path) -> None:
    folder = registry_copy(tmp_path)
    groups = folder / "groups.yaml"
    text = groups.read_text(encoding="utf-8")
    groups.write_text(text.replace("valid_to: 2019-12-31", "valid_to: 2016-12-31"), "utf-8")
    with pytest.raises(
        MatrixFileError, match="valid_to 2016-12-31 is before valid_from 2017-01-01"
    ):
        elo_coord.load_registry(folder)
