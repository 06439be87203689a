"""The forum's slide format renders and counts the slides as the forum of 25.3.2022 showed them.

Every expected text and count below is worked out by hand from the slide deck (seed 004, slides 4
and 7–18; ``domain.md`` section F): the regional coordinators read "ELY+AVI, kunnat,
TE-toimistot", slide 13 gives its two means one set of bodies and tasks, and slide 4 quotes an
aim of the strategy that no goal slide sets coordination against.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pydantic
import pytest

import elo_coord
from elo_coord import MATRIX_LEVELS, Level, Matrix, Strategy, lint, render_html, render_markdown
from elo_coord._lint import shared_cells
from elo_coord._report import forum_units

from . import builders
from .conftest import SEEDS

DECK = SEEDS / "004_0e5e1ac20fc1b915.txt"

SLIDE_4_AIM = (
    "Vahvistaa alueellista yhteistyötä ja verkostoja asiakaslähtöisten palvelujen luomiseksi,"
    " mm. vahvistamalla ja vakiinnuttamalla alueellisten ELO-verkostojen toimintaa."
)


def heading(markdown: str, row_label: str, level: str = "Alueellinen koordinaatio") -> str:
    """Return the bodies of one level of one slide, as the Markdown's ``###`` line writes them."""
    start = markdown.index(f"\n## {row_label} · ")
    return re.findall(rf"^### {level}: (.*)$", markdown[start:], flags=re.MULTILINE)[0]


def slide_heads(markdown: str) -> list[str]:
    return re.findall(r"^## (.+?) · ", markdown, flags=re.MULTILINE)


def regional(*bodies: Any, **fields: Any) -> dict[str, Any]:
    """A row T4.1 (slide 16) of OKM nationally and ``bodies`` regionally."""
    return {"row": "T4.1", "national": {"bodies": ["OKM"]}, "regional": {"bodies": list(bodies)}}


# --- "ELY+AVI", as the slides write it -----------------------------------------------------------


def test_every_regional_cell_of_the_baseline_reads_as_its_slide(baseline: Matrix) -> None:
    markdown = render_markdown(baseline)
    # The "Alueellinen koordinaatio" line of each slide, copied from the deck; ELY+AVI joined.
    # Slide 9's "kunnat,TE-toimistot ja kolmas sektori" is the registry's "kolmas sektori".
    assert {row: heading(markdown, row) for row in slide_heads(markdown)} == {
        "T1.1a": "ELY+AVI, kunnat, TE-toimistot",  # slide 7
        "T1.1b": "ELY+AVI, TE-toimistot, kirjastot",  # slide 8
        "T1.1c": "ELY+AVI, kunnat, TE-toimistot, kolmas sektori",  # slide 9
        "T1.1d": "ELY+AVI, kunnat, TE-toimistot",  # slides 10 and 11
        "T1.2a": "ELY+AVI, kunnat, oppilaitokset",  # slide 12
        "T1.3a, T1.3b": "ELY+AVI, TE-toimistot, kunnat",  # slide 13, in its own order
        "T2.1": "ELY+AVI, kunnat, TE-toimistot",  # slide 14
        "T3.1": "ELY+AVI, kunnat, TE-toimistot",  # slide 15
        "T4.1": "ELY+AVI, kunnat, TE-toimistot",  # slide 16
        "T5.1": "ELY+AVI, kunnat, TE-toimistot",  # slide 17
        "T6.1": "ELY+AVI, kunnat, TE-toimistot",  # slide 18
    }


def test_the_html_slide_joins_ely_and_avi_too(baseline: Matrix) -> None:
    page = render_html(baseline, lang="en")
    assert "<h3>Regional coordination: ELY+AVI, municipalities, TE-toimistot</h3>" in page
    assert "ELY, AVI" not in page


def test_the_legend_still_names_ely_and_avi_each_in_full(baseline: Matrix) -> None:
    markdown = render_markdown(baseline)
    legend = markdown[markdown.index("\n## Toimijat\n") :]
    assert "\n- ELY: " in legend
    assert "\n- AVI: " in legend


def test_only_ely_as_the_lead_shows_the_two_apart_so_the_lead_stays_visible() -> None:
    proposal = builders.proposal(
        "ely-vetaa", ["lappi"], [regional({"body": "ELY", "role": "lead"}, "AVI", "kunnat")]
    )
    assert heading(render_markdown(proposal), "T4.1") == "ELY (vastuutaho), AVI, kunnat"
    assert (
        "<h3>Alueellinen koordinaatio: <strong>ELY</strong> (vastuutaho), AVI, kunnat</h3>"
        in render_html(proposal)
    )


def test_ely_and_avi_both_partners_anywhere_in_a_cell_join_where_the_first_stands() -> None:
    proposal = builders.proposal("avi-ensin", ["lappi"], [regional("kunnat", "AVI", "ELY")])
    assert heading(render_markdown(proposal), "T4.1") == "kunnat, AVI+ELY"


def test_a_synthesis_joins_ely_and_avi_only_when_the_same_regions_named_them() -> None:
    all_three = ["lappi", "pohjois-karjala", "uusimaa"]
    rows = [
        regional({"body": "ELY", "regions": all_three}, {"body": "AVI", "regions": all_three}),
        {
            "row": "T5.1",
            "national": {"bodies": [{"body": "OKM", "regions": all_three}]},
            "regional": {
                "bodies": [
                    {"body": "ELY", "regions": all_three},
                    {"body": "AVI", "regions": ["lappi"]},
                ]
            },
        },
    ]
    synthesis = builders.matrix(rows, id="synteesi", kind="synthesis", proposers=all_three)
    markdown = render_markdown(synthesis)
    assert heading(markdown, "T4.1") == "ELY+AVI (3/3)"
    assert heading(markdown, "T5.1") == "ELY (3/3), AVI (1/3: Lappi)"


def test_a_task_done_by_ely_and_avi_names_them_as_the_slides_do() -> None:
    row = regional("ELY", "AVI")
    row["regional"]["tasks"] = [{"text": "Alueelliset koulutukset", "bodies": ["ELY", "AVI"]}]
    markdown = render_markdown(builders.proposal("tehtava", ["lappi"], [row]))
    assert "\n- Alueelliset koulutukset — ELY+AVI\n" in markdown


def test_forum_units_is_the_one_rule_for_the_joined_display() -> None:
    assert forum_units(["ELY", "AVI", "kunnat"]) == [["ELY", "AVI"], ["kunnat"]]
    assert forum_units(["ELY", "kunnat"]) == [["ELY"], ["kunnat"]]
    assert forum_units(["ELY", "AVI"], look={"ELY": "lead", "AVI": "partner"}.get) == [
        ["ELY"],
        ["AVI"],
    ]


# --- Slide 13: two means, one cell, counted once -------------------------------------------------


def test_slide_13_s_means_are_t1_3a_and_t1_3b_and_the_baseline_copies_one_cell_into_both(
    baseline: Matrix, registry: elo_coord.Registry
) -> None:
    goal = next(
        g for t in registry.strategy("elo-2020-2023").themes for g in t.goals if g.id == "T1.3"
    )
    assert [(m.id, m.same_cell_as) for m in goal.means] == [("T1.3a", None), ("T1.3b", "T1.3a")]
    rows = {row.row: row for row in baseline.rows}
    assert (rows["T1.3a"].national, rows["T1.3a"].regional) == (
        rows["T1.3b"].national,
        rows["T1.3b"].regional,
    )
    assert shared_cells(baseline, registry) == {"T1.3b": "T1.3a"}


def test_the_baseline_renders_its_twelve_rows_on_the_forum_s_eleven_slides(
    baseline: Matrix,
) -> None:
    # Slides 7–18 are twelve, slide 11 repeats slide 10 (row T1.1d): eleven goal slides, and
    # slide 13 shows T1.3a and T1.3b together.
    markdown = render_markdown(baseline)
    assert slide_heads(markdown) == [
        "T1.1a", "T1.1b", "T1.1c", "T1.1d", "T1.2a", "T1.3a, T1.3b",
        "T2.1", "T3.1", "T4.1", "T5.1", "T6.1",
    ]  # fmt: skip
    assert render_html(baseline).count('<section class="slide"') == 11


def test_slide_13_shows_its_goal_its_two_means_and_one_cell(baseline: Matrix) -> None:
    markdown = render_markdown(baseline)
    start = markdown.index("\n## T1.3a, T1.3b · Saavutettavasti ja asiakaslähtöisesti\n")
    slide = markdown[start : markdown.index("\n## T2.1 ", start)]
    assert slide.count("**Tavoite:** ") == 1
    assert re.findall(r"\*\*Keino:\*\* (\w+)", slide) == ["Parantamalla", "Kehittämällä"]
    assert re.findall(r"^### .*$", slide, flags=re.MULTILINE) == [
        "### Valtakunnallinen koordinaatio: OKM, TEM, OPH, JOTPA, KEHA",
        "### Alueellinen koordinaatio: ELY+AVI, TE-toimistot, kunnat",
    ]
    # Slide 13's tasks: two national, two regional, each once.
    assert slide.count("\n- ") == 4
    assert slide.count("*Slide 13.") == 1


def test_the_baseline_s_cells_count_slide_13_once(baseline: Matrix) -> None:
    # Twelve rows, two cells each, less slide 13's second copy: 11 national and 11 regional
    # cells. Each national cell names the five national bodies (55 names), each regional one
    # ELY+AVI (11 cells), and the baseline names no lead (the slides name no vastuutaho).
    shared = shared_cells(baseline)
    cells = [row.cell(level) for row in baseline.rows if row.row not in shared
             for level in MATRIX_LEVELS]  # fmt: skip
    assert len(cells) == 22
    assert sum(len(cell.bodies) for cell in cells[0::2]) == 55
    assert sum({"ELY", "AVI"} <= {a.body for a in cell.bodies} for cell in cells[1::2]) == 11
    assert sum(a.role == "lead" for cell in cells for a in cell.bodies) == 0


def test_lint_counts_the_ended_bodies_of_slide_13_once(
    baseline: Matrix, registry: elo_coord.Registry
) -> None:
    # Dated 2026, the baseline names KEHA on every national cell and ELY and AVI on every
    # regional one: 11 cells each with slide 13 once. TE-toimistot is on every regional cell
    # but slide 12's (ELY+AVI, kunnat, oppilaitokset): 10.
    moved = baseline.model_copy(update={"date": dt.date(2026, 3, 1)})
    ended = [f.body for f in lint(moved, registry) if f.code == "not-valid"]
    counts = {body: ended.count(body) for body in dict.fromkeys(ended)}
    assert counts == {"KEHA": 11, "ELY": 11, "AVI": 11, "TE-toimistot": 10}
    assert not any(f.row == "T1.3b" for f in lint(moved, registry))


def test_two_leads_in_slide_13_s_one_cell_are_one_finding(registry: elo_coord.Registry) -> None:
    cell = {"national": {"bodies": ["OKM"]}, "regional": {"bodies": [
        {"body": "ELY", "role": "lead"}, {"body": "AVI", "role": "lead"}
    ]}}  # fmt: skip
    rows = [{"row": "T1.3a", **cell}, {"row": "T1.3b", **cell}]
    proposal = builders.proposal("kaksi-vetajaa", ["lappi"], rows)
    leads = [(f.row, f.level) for f in lint(proposal, registry) if f.code == "many-leads"]
    assert leads == [("T1.3a", Level.REGIONAL)]


def test_means_given_different_cells_are_two_slides_and_a_baseline_is_warned(
    baseline: Matrix, registry: elo_coord.Registry
) -> None:
    rows = []
    for row in baseline.rows:
        if row.row == "T1.3b":
            bodies = row.regional.bodies[:-1]  # kunnat left out of T1.3b only
            row = row.model_copy(
                update={"regional": row.regional.model_copy(update={"bodies": bodies})}
            )
        rows.append(row)
    apart = baseline.model_copy(update={"rows": tuple(rows)})
    assert shared_cells(apart, registry) == {}
    markdown = render_markdown(apart, registry=registry)
    assert heading(markdown, "T1.3a") == "ELY+AVI, TE-toimistot, kunnat"
    assert heading(markdown, "T1.3b") == "ELY+AVI, TE-toimistot"
    findings = [(f.code, f.row, f.severity) for f in lint(apart, registry)]
    assert findings == [("same-cell", "T1.3b", "warning")]
    # A proposal may answer the two means apart: nothing to warn about.
    proposal = apart.model_copy(update={"kind": "proposal", "proposers": ("lappi",)})
    assert [f.code for f in lint(proposal, registry)] == []


def test_same_cell_as_must_name_an_earlier_means_of_the_same_goal() -> None:
    goal = {
        "id": "T1.3",
        "text": {"fi": "Tavoite"},
        "means": [
            {"id": "T1.3a", "text": {"fi": "a"}, "same_cell_as": "T1.3b"},
            {"id": "T1.3b", "text": {"fi": "b"}},
        ],
    }
    theme = {"id": "T1", "names": {"fi": "Teema"}, "goals": [goal]}
    with pytest.raises(pydantic.ValidationError, match=r"not an earlier means of goal 'T1\.3'"):
        Strategy.model_validate({"id": "s", "names": {"fi": "S"}, "themes": [theme]})


# --- Slide 4's regional-network aim --------------------------------------------------------------


def test_slide_4_s_regional_network_aim_is_a_goal_outside_the_goal_slides(
    registry: elo_coord.Registry,
) -> None:
    rows = {row.id: row for row in registry.strategy("elo-2020-2023").rows()}
    aim = rows["T5.2"]
    assert aim.goal.text.fi == SLIDE_4_AIM
    assert (aim.theme.id, aim.means, aim.goal.outside_forum) == ("T5", None, True)
    assert [row_id for row_id, row in rows.items() if row.goal.outside(row.means)] == ["T5.2"]


def test_slide_4_s_aim_is_worded_as_the_deck_writes_it() -> None:
    if not DECK.is_file():
        pytest.skip("the forum's slide deck text is not beside the project")
    deck = " ".join(DECK.read_text(encoding="utf-8").split())
    assert SLIDE_4_AIM in deck


def test_the_baseline_still_validates_with_no_finding(
    baseline: Matrix, registry: elo_coord.Registry
) -> None:
    assert lint(baseline, registry) == []


def test_no_matrix_is_asked_for_the_row_outside_the_goal_slides(
    registry: elo_coord.Registry,
) -> None:
    proposal = builders.proposal("vain-t41", ["lappi"], [regional("ELY")])
    missing = [f.row for f in lint(proposal, registry) if f.code == "missing-row"]
    # The strategy has 13 rows; T4.1 is answered and T5.2 is outside the goal slides.
    assert len(missing) == 11
    assert "T5.2" not in missing


def test_a_proposal_may_answer_the_regional_network_aim_and_its_slide_shows_it(
    registry: elo_coord.Registry,
) -> None:
    row = {
        "row": "T5.2",
        "national": {"bodies": ["OKM"]},
        "regional": {"bodies": ["ELY", "AVI", "kunnat"], "tasks": ["ELO-verkostojen tuki"]},
    }
    proposal = builders.proposal("verkostot", ["lappi"], [row])
    assert [f.code for f in lint(proposal, registry) if f.severity != "info"] == []
    markdown = render_markdown(proposal, registry=registry)
    assert slide_heads(markdown) == ["T5.2"]
    assert f"**Tavoite:** {SLIDE_4_AIM}" in markdown
    assert heading(markdown, "T5.2") == "ELY+AVI, kunnat"


def test_a_comparison_of_the_shipped_proposals_leaves_the_unanswered_aim_out(
    baseline: Matrix, proposals: list[Matrix], registry: elo_coord.Registry
) -> None:
    forum = elo_coord.Comparison(proposals, baseline, registry=registry)
    assert "T5.2" not in set(forum.support.get_column("row_id"))
    assert "T5.2" not in {row.row for row in forum.synthesis.rows}


# --- Placements that are this transcription's reading --------------------------------------------


def test_slide_17_s_split_of_its_five_boxes_is_noted_as_this_transcription_s_reading(
    baseline: Matrix,
) -> None:
    row = next(row for row in baseline.rows if row.row == "T5.1")
    assert (len(row.national.tasks), len(row.regional.tasks)) == (2, 3)
    assert "five task boxes" in (row.note or "")
    assert "this transcription's reading" in (row.note or "")


def test_slide_18_s_research_funding_placement_is_noted_as_this_transcription_s_reading(
    baseline: Matrix,
) -> None:
    row = next(row for row in baseline.rows if row.row == "T6.1")
    funding = "Rahoituksen kohdentaminen pysyvään tutkimukseen"
    assert funding in [task.text for task in row.national.tasks]
    assert funding in (row.note or "")
    assert "this transcription's reading" in (row.note or "")
