"""Support, coverage, similarity, minority views and task groups on a small set worked by hand.

The set: Lappi (group) and Uusimaa (coordinator) answer alone, Pohjanmaa and Keski-Pohjanmaa
answer jointly, Kainuu declines. Rows T4.1 and T5.1; the joint answer leaves T5.1 out and
Uusimaa answers "nobody" regionally on T5.1.
"""

from __future__ import annotations

import random

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, utils

import elo_coord
from elo_coord import (
    Kind,
    Matrix,
    cluster_order,
    coverage,
    coverage_counts,
    minority_views,
    similarity,
    support,
    task_groups,
)

from .builders import proposal
from .test_io import matrices

LAPPI = proposal(
    "lappi",
    ["lappi"],
    [
        {
            "row": "T4.1",
            "national": {"bodies": [{"body": "OKM", "role": "lead"}, "TEM"]},
            "regional": {"bodies": [{"body": "ELY", "role": "lead"}, "kunnat"]},
        },
        {"row": "T5.1", "national": {"bodies": ["OKM"]}, "regional": {"bodies": ["ELY"]}},
    ],
    respondent="group",
)
UUSIMAA = proposal(
    "uusimaa",
    ["uusimaa"],
    [
        {
            "row": "T4.1",
            "national": {"bodies": ["OKM", "OPH"]},
            "regional": {"bodies": ["ELY", "kunnat"]},
        },
        {"row": "T5.1", "national": {"bodies": ["TEM"]}, "regional": {"bodies": []}},
    ],
    respondent="coordinator",
)
JOINT = proposal(
    "pohjanmaa-keski-pohjanmaa",
    ["pohjanmaa", "keski-pohjanmaa"],
    [
        {
            "row": "T4.1",
            "national": {"bodies": [{"body": "TEM", "role": "lead"}]},
            "regional": {"bodies": ["ELY", "maakuntien-liitot"]},
        }
    ],
    respondent="group",
)
DECLINED = proposal("kainuu", ["kainuu"], [], declined=True)
SET = [LAPPI, UUSIMAA, JOINT, DECLINED]


def cell(lines: pl.DataFrame, row: str, level: str) -> dict[str, tuple[object, ...]]:
    chosen = lines.filter(pl.col("row_id") == row, pl.col("level") == level)
    return {
        line["body_id"]: (line["n"], line["total"], line["lead_n"], line["status"])
        for line in chosen.iter_rows(named=True)
    }


def test_support_counts_a_joint_answer_once_per_region() -> None:
    lines = support(SET)
    # T4.1 is answered by Lappi, Uusimaa and the joint answer (2 regions): 4 regions.
    assert cell(lines, "T4.1", "national") == {
        "TEM": (3, 4, 2, "consensus"),  # Lappi + the joint answer's two regions, lead by the joint
        "OKM": (2, 4, 1, "contested"),
        "OPH": (1, 4, 0, "minority"),
    }
    assert cell(lines, "T4.1", "regional") == {
        "ELY": (4, 4, 1, "consensus"),
        "kunnat": (2, 4, 0, "contested"),
        "maakuntien-liitot": (2, 4, 0, "contested"),
    }


def test_support_counts_a_joint_answer_once_by_answer() -> None:
    lines = support(SET, by="answer")
    assert cell(lines, "T4.1", "national") == {
        "OKM": (2, 3, 1, "consensus"),
        "TEM": (2, 3, 1, "consensus"),
        "OPH": (1, 3, 0, "minority"),
    }
    assert cell(lines, "T4.1", "regional")["maakuntien-liitot"] == (1, 3, 0, "minority")


def test_a_row_left_out_is_no_answer_and_an_empty_level_answers_nobody() -> None:
    lines = support(SET)
    # T5.1: only Lappi and Uusimaa answered (the joint answer left it out); Uusimaa named nobody
    # regionally, so ELY has 1 of 2.
    assert cell(lines, "T5.1", "regional") == {"ELY": (1, 2, 0, "contested")}
    assert cell(lines, "T5.1", "national") == {
        "OKM": (1, 2, 0, "contested"),
        "TEM": (1, 2, 0, "contested"),
    }


def test_share_agreement_and_regions_follow_the_counts() -> None:
    line = (
        support(SET)
        .filter(pl.col("row_id") == "T4.1", pl.col("body_id") == "OKM")
        .row(0, named=True)
    )
    assert line["share"] == 0.5
    assert line["agreement"] == (1 + 2) / (2 + 4)
    assert line["regions"] == ["lappi", "uusimaa"]
    assert line["proposals"] == ["lappi", "uusimaa"]


def test_custom_thresholds_reclassify_the_cells() -> None:
    lines = support(SET, consensus=0.5, minority=0.25)
    assert cell(lines, "T4.1", "national")["OKM"][3] == "consensus"  # 2/4 = 0.5
    assert cell(lines, "T4.1", "national")["OPH"][3] == "minority"  # 1/4 = 0.25
    strict = support(SET, consensus=1.0, minority=0.0)
    assert cell(strict, "T4.1", "national")["TEM"][3] == "contested"  # 3/4 < 1
    assert cell(strict, "T4.1", "regional")["ELY"][3] == "consensus"  # 4/4


def test_the_baseline_adds_lines_for_bodies_no_region_names() -> None:
    baseline = LAPPI.model_copy(
        update={
            "id": "perus",
            "kind": "baseline",
            "proposers": (),
            "rows": (
                Matrix.model_validate(
                    {
                        "id": "x",
                        "kind": "baseline",
                        "strategy": "s",
                        "date": "2022-03-25",
                        "title": "x",
                        "rows": [{"row": "T4.1", "regional": {"bodies": ["ELY", "AVI"]}}],
                    }
                ).rows[0],
            ),
        }
    )
    lines = support(SET, baseline=baseline)
    avi = lines.filter(pl.col("body_id") == "AVI").row(0, named=True)
    assert (avi["n"], avi["total"], avi["share"], avi["baseline_role"]) == (0, 4, 0.0, "partner")
    ely = lines.filter(pl.col("row_id") == "T4.1", pl.col("body_id") == "ELY").row(0, named=True)
    assert ely["baseline_role"] == "partner"


def test_support_lines_come_in_strategy_row_order_most_named_first() -> None:
    lines = support(SET)
    assert lines.select("row_id", "level", "body_id").rows()[:3] == [
        ("T4.1", "national", "TEM"),
        ("T4.1", "national", "OKM"),
        ("T4.1", "national", "OPH"),
    ]


def test_an_unknown_way_of_counting_is_refused() -> None:
    with pytest.raises(ValueError, match="by must be 'region' or 'answer'"):
        support(SET, by="group")  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(st.lists(matrices(), min_size=1, max_size=4), st.randoms(use_true_random=False))
def test_support_does_not_depend_on_the_order_of_the_proposals(
    proposals: list[Matrix], shuffler: random.Random
) -> None:
    proposals = [m.model_copy(update={"kind": Kind.PROPOSAL}) for m in proposals]
    shuffled = proposals[:]
    shuffler.shuffle(shuffled)
    for by in ("region", "answer"):
        assert support(shuffled, by=by).equals(support(proposals, by=by))  # type: ignore[arg-type]


def test_coverage_tells_answered_declined_and_missing_groups() -> None:
    asked = ["elo-lappi", "elo-uusimaa", "elo-pohjanmaa", "elo-keski-pohjanmaa", "elo-kainuu"]
    frame = coverage(SET, [*asked, "elo-satakunta"])
    assert frame.select("group_id", "response", "matrix_id", "respondent", "joint").rows() == [
        ("elo-lappi", "answered", "lappi", "group", False),
        ("elo-uusimaa", "answered", "uusimaa", "coordinator", False),
        ("elo-pohjanmaa", "answered", "pohjanmaa-keski-pohjanmaa", "group", True),
        ("elo-keski-pohjanmaa", "answered", "pohjanmaa-keski-pohjanmaa", "group", True),
        ("elo-kainuu", "declined", "kainuu", None, False),
        ("elo-satakunta", "missing", None, None, False),
    ]
    counts = coverage_counts(frame)
    assert (counts.asked, counts.answered, counts.declined, counts.missing) == (6, 4, 1, 1)
    assert (counts.coordinator, counts.group) == (1, 1)  # the joint answer is counted apart
    assert (counts.joint_answers, counts.joint_groups) == (1, 2)
    assert (counts.regions_asked, counts.regions_answered) == (6, 4)
    assert str(counts) == "4/6 groups answered"


def test_coverage_by_default_asks_the_18_groups_of_the_survey(proposals: list[Matrix]) -> None:
    counts = coverage_counts(coverage(proposals))
    # The shipped set answers tno-2022, which asked 18 groups: 11 single answers and one joint
    # answer of two groups; Satakunta, Kanta-Häme, Kymenlaakso, Etelä-Karjala, Kainuu missing.
    assert (counts.asked, counts.answered, counts.missing, counts.joint_groups) == (18, 13, 5, 2)


def test_groups_left_out_of_a_comparison_are_not_selected_not_missing(
    proposals: list[Matrix],
) -> None:
    chosen = elo_coord.Comparison(proposals).select(["lappi", "pohjanmaa-keski-pohjanmaa"])
    counts = chosen.coverage_counts
    # Lappi and the joint answer's two groups answer; the other 10 answering groups are left
    # out by the choice; the 5 that never answered stay missing.
    assert (counts.answered, counts.not_selected, counts.missing) == (3, 10, 5)
    assert counts.sentence("fi").endswith(
        "5 ei vastannut, 10 ei valittu vertailuun (3/18 maakuntaa)"
    )
    frame = chosen.coverage
    assert frame.filter(pl.col("group_id") == "elo-uusimaa").get_column("response").item() == (
        "not_selected"
    )


def test_coverage_lists_a_group_that_answered_without_being_asked() -> None:
    frame = coverage(SET, ["elo-lappi"])
    assert frame.filter(~pl.col("expected")).get_column("group_id").to_list() == [
        "elo-kainuu",
        "elo-keski-pohjanmaa",
        "elo-pohjanmaa",
        "elo-uusimaa",
    ]


def test_similarity_is_the_jaccard_index_of_the_bodies() -> None:
    pairs = similarity(SET)
    value = {(a, b): v for a, b, v in pairs.select("a", "b", "bodies").iter_rows()}
    # Lappi has 6 (row, level, body) items, Uusimaa 5, the joint answer 3.
    assert value["lappi", "uusimaa"] == 3 / 8
    assert value["lappi", "pohjanmaa"] == 2 / 7
    assert value["uusimaa", "keski-pohjanmaa"] == 1 / 7
    assert value["pohjanmaa", "keski-pohjanmaa"] == 1.0
    assert value["uusimaa", "lappi"] == value["lappi", "uusimaa"]
    assert "kainuu" not in {a for a, _ in value}  # declined


def test_cluster_order_puts_the_most_alike_together_whatever_the_input_order() -> None:
    # Distances: the joint regions 0, Lappi-Uusimaa 5/8, Lappi-joint 5/7, Uusimaa-joint 6/7.
    expected = ["keski-pohjanmaa", "pohjanmaa", "lappi", "uusimaa"]
    assert cluster_order(similarity(SET)) == expected
    assert cluster_order(similarity(list(reversed(SET)))) == expected


def test_minority_views_name_the_regions_standing_apart() -> None:
    views = minority_views(SET)
    assert views.select("row_id", "level", "body_id", "view", "regions").rows() == [
        ("T4.1", "national", "TEM", "omits", ["uusimaa"]),
        ("T4.1", "national", "OPH", "adds", ["uusimaa"]),
    ]


def tasks_proposal(id: str, tasks: list[str]) -> Matrix:
    return proposal(id, [id], [{"row": "T4.1", "regional": {"bodies": ["ELY"], "tasks": tasks}}])


def test_near_identical_task_texts_from_different_regions_form_one_group() -> None:
    groups = task_groups(
        [
            tasks_proposal("lappi", ["Alueellisten erityispiirteiden tunnistaminen"]),
            tasks_proposal("uusimaa", ["alueellisten erityispiirteiden tunnistaminen."]),
            tasks_proposal("kainuu", ["Alueellisten erityispiirteiden tunnistaminen"]),
            tasks_proposal("satakunta", ["Maakunnalliset päätökset resurssien yhdistelemiseksi"]),
        ]
    )
    by_group = groups.group_by("group", maintain_order=True).agg("matrix_id", "text")
    assert [sorted(ids) for ids in by_group.get_column("matrix_id")] == [
        ["kainuu", "lappi", "uusimaa"],
        ["satakunta"],
    ]
    # The wording two regions used wins over the one region's variant.
    assert set(by_group.get_column("text")[0]) == {"Alueellisten erityispiirteiden tunnistaminen"}


def test_two_tasks_of_one_proposal_never_share_a_group() -> None:
    first, second = "Alueelliset koulutukset", "Alueelliset koulutukset ja seminaarit"
    # The two wordings are similar enough to be grouped if they came from different regions.
    assert fuzz.token_sort_ratio(first, second, processor=utils.default_process) >= 75
    groups = task_groups(
        [tasks_proposal("lappi", [first, second]), tasks_proposal("uusimaa", [second])],
        similar=75,
    )
    lappi = groups.filter(pl.col("matrix_id") == "lappi").get_column("group").to_list()
    assert len(set(lappi)) == 2
    uusimaa = groups.filter(pl.col("matrix_id") == "uusimaa").row(0, named=True)
    assert uusimaa["text"] == second


def test_a_baseline_among_the_proposals_is_left_out_with_a_warning() -> None:
    everything = elo_coord.load_matrices("matrices")  # the baseline and the 12 proposals
    with pytest.warns(UserWarning, match=r"tno-2022 \(baseline\) is not a proposal"):
        lines = support(everything)
    assert lines.equals(support(elo_coord.load_matrices("matrices/proposals")))


def test_a_second_answer_from_a_region_is_left_out_as_the_coverage_leaves_it(
    proposals: list[Matrix],
) -> None:
    lappi = next(m for m in proposals if m.id == "lappi")
    again = lappi.model_copy(update={"id": "lappi-toinen"})
    with pytest.warns(
        UserWarning, match=r"left out of the count lappi-toinen \(answered by lappi\)"
    ):
        forum = elo_coord.Comparison([*proposals, again])
    # Every shipped answer names OKM on T1.1a nationally: 13 regions, counted once each.
    okm = forum.support.filter((pl.col("row_id") == "T1.1a") & (pl.col("body_id") == "OKM"))
    assert okm.select("n", "total").row(0) == (13, 13)
    assert forum.coverage_counts.answered == 13


def test_a_region_listed_twice_in_one_answer_counts_once(proposals: list[Matrix]) -> None:
    lappi = next(m for m in proposals if m.id == "lappi")
    uusimaa = next(m for m in proposals if m.id == "uusimaa")
    twice = lappi.model_copy(update={"proposers": ("lappi", "lappi")})
    forum = elo_coord.Comparison([twice, uusimaa])
    okm = forum.support.filter((pl.col("row_id") == "T1.1a") & (pl.col("body_id") == "OKM"))
    assert okm.select("n", "total").row(0) == (2, 2)
