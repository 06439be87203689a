"""Group-aware consensus: a body every camp of like answers names ranks above one a single camp
carries, and a consensus one camp does not share is marked. Every number is worked out by hand."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from elo_coord import Comparison, Matrix, Status, dump_matrix, synthesize
from elo_coord._cli import main
from elo_coord._comparison import CAMP_SCHEMA, GROUP_CONSENSUS_SCHEMA
from elo_coord._grouping import camps

from .builders import proposal


def regional(*bodies: str) -> list[dict[str, object]]:
    return [{"row": "T1.1a", "regional": {"bodies": list(bodies)}}]


@pytest.fixture
def two_camps() -> Comparison:
    """Lappi and Kainuu name ELY and the municipalities, Uusimaa and Pirkanmaa ELY and the
    libraries: Jaccard 1 within each pair, 1/3 across (ELY shared of three bodies)."""
    return Comparison(
        [
            proposal("lappi", ["lappi"], regional("ELY", "kunnat")),
            proposal("kainuu", ["kainuu"], regional("ELY", "kunnat")),
            proposal("uusimaa", ["uusimaa"], regional("ELY", "kirjastot")),
            proposal("pirkanmaa", ["pirkanmaa"], regional("ELY", "kirjastot")),
        ]
    )


def test_two_pairs_of_like_answers_are_two_camps(two_camps: Comparison) -> None:
    # Two camps: every silhouette is (2/3 - 0) / (2/3) = 1. Three camps would leave one pair
    # split into two lone answers scoring 0: mean 1/2. Camps are numbered by first region id.
    assert two_camps.camps.schema == CAMP_SCHEMA
    assert dict(two_camps.camps.iter_rows()) == {
        "kainuu": 0,
        "lappi": 0,
        "pirkanmaa": 1,
        "uusimaa": 1,
    }


def test_a_body_every_camp_names_ranks_above_one_a_single_camp_carries(
    two_camps: Comparison,
) -> None:
    frame = two_camps.group_consensus
    assert frame.schema == GROUP_CONSENSUS_SCHEMA
    lines = {
        body: (share, agreement, gac, camps_, naming)
        for body, share, agreement, gac, camps_, naming in frame.select(
            "body_id", "share", "agreement", "group_consensus", "camps", "camps_naming"
        ).iter_rows()
    }
    # ELY: 4 of 4; each camp (1 + 2) / (2 + 2) = 3/4, so 9/16.
    assert lines["ELY"] == pytest.approx((1.0, 5 / 6, 9 / 16, 2, 2))
    # The municipalities: 2 of 4, the same share as the libraries; Lappi's camp 3/4, the other
    # camp (1 + 0) / (2 + 2) = 1/4, so 3/16.
    assert lines["kunnat"] == pytest.approx((0.5, 0.5, 3 / 16, 2, 1))
    assert lines["kirjastot"] == pytest.approx((0.5, 0.5, 3 / 16, 2, 1))


# Four regions name ELY and KEHA alike, two ELY and the libraries: 4/6 name KEHA, a consensus at
# 2/3, but the second camp names it nowhere.
SPLIT_KEHA = {
    **dict.fromkeys(["lappi", "kainuu", "uusimaa", "pirkanmaa"], ("ELY", "KEHA")),
    **dict.fromkeys(["satakunta", "kymenlaakso"], ("ELY", "kirjastot")),
}


@pytest.fixture
def split_keha() -> list[Matrix]:
    return [proposal(r, [r], regional(*bodies)) for r, bodies in SPLIT_KEHA.items()]


def test_a_consensus_one_camp_does_not_share_is_marked_split(split_keha: list[Matrix]) -> None:
    forum = Comparison(split_keha)
    frame = forum.group_consensus.filter(pl.col("body_id").is_in(["ELY", "KEHA"]))
    assert frame.select("body_id", "status", "split").rows() == [
        ("ELY", "consensus", False),
        ("KEHA", "consensus", True),
    ]
    # KEHA: (1 + 4) / (2 + 4) × (1 + 0) / (2 + 2) = 5/24; ELY: 5/6 × 3/4 = 5/8.
    assert frame.get_column("group_consensus").to_list() == pytest.approx([5 / 8, 5 / 24])
    assert frame.get_column("dissent").to_list() == [[], ["kymenlaakso", "satakunta"]]


def test_the_synthesis_keeps_a_split_consensus_and_asks_about_it(
    split_keha: list[Matrix],
) -> None:
    forum = synthesize(split_keha, lang="en")
    assert [a.body for a in forum.rows[0].regional.bodies] == ["ELY", "KEHA"]
    split = [q for q in forum.questions if q.status is Status.SPLIT]
    assert [(q.row, q.level.value, q.body, q.regions) for q in split] == [
        ("T1.1a", "regional", "KEHA", ("kainuu", "lappi", "pirkanmaa", "uusimaa"))
    ]
    assert split[0].note == (
        "Proposed by 4/6 of the regions that answered the row, but in only 1/2 camps;"
        " not named by: Kymenlaakso, Satakunta."
    )


def test_two_answers_are_one_camp_however_far_apart() -> None:
    assert camps({("a", "b"): 1.0}) == {"a": 0, "b": 0}


def test_a_lone_answer_far_from_the_others_is_no_camp_of_its_own() -> None:
    # Cutting c off would score 2/3, but a camp holds at least two answers: one camp.
    d = {("a", "b"): 0.0, ("a", "c"): 1.0, ("b", "c"): 1.0}
    assert camps(d) == {"a": 0, "b": 0, "c": 0}


def test_two_pairs_and_a_lone_answer_are_two_camps_the_lone_one_joining_the_nearer_pair() -> None:
    # Average linkage: {a, b} and {c, d} at 0; e is 0.5 from c and d, 1 from a and b, so it
    # joins {c, d} (mean 0.5) before the pairs join each other (mean 1). Cut in two: {a, b},
    # {c, d, e}.
    d = {("a", "b"): 0.0, ("c", "d"): 0.0, ("c", "e"): 0.5, ("d", "e"): 0.5}
    assert camps(d) == {"a": 0, "b": 0, "c": 1, "d": 1, "e": 1}


def test_answers_all_alike_are_one_camp() -> None:
    # Every cut leaves distances of 0 on both sides: no silhouette above 0.
    d = {(a, b): 0.0 for a in "abcd" for b in "abcd" if a < b}
    assert set(camps(d).values()) == {0}


def test_with_one_camp_group_consensus_is_the_plain_agreement() -> None:
    forum = Comparison(
        [
            proposal("lappi", ["lappi"], regional("ELY", "kunnat")),
            proposal("kainuu", ["kainuu"], regional("ELY")),
        ]
    )
    frame = forum.group_consensus
    assert frame.get_column("group_consensus").to_list() == pytest.approx(
        frame.get_column("agreement").to_list()
    )


def test_the_agenda_takes_up_first_what_both_camps_name() -> None:
    # Lappi, Kainuu and Uusimaa (one camp) name the municipalities; Pirkanmaa, Satakunta and
    # Kymenlaakso (the other) the libraries; the third sector is named by Lappi, Kainuu and
    # Pirkanmaa. Each is named by 3 of 6: contested, tied in support order (by id).
    forum = Comparison(
        [
            proposal("lappi", ["lappi"], regional("ELY", "kunnat", "kolmas-sektori")),
            proposal("kainuu", ["kainuu"], regional("ELY", "kunnat", "kolmas-sektori")),
            proposal("uusimaa", ["uusimaa"], regional("ELY", "kunnat")),
            proposal("pirkanmaa", ["pirkanmaa"], regional("ELY", "kirjastot", "kolmas-sektori")),
            proposal("satakunta", ["satakunta"], regional("ELY", "kirjastot")),
            proposal("kymenlaakso", ["kymenlaakso"], regional("ELY", "kirjastot")),
        ]
    )
    assert sorted(forum.camps.group_by("camp").agg("unit").get_column("unit").to_list()) == [
        ["kainuu", "lappi", "uusimaa"],
        ["kymenlaakso", "pirkanmaa", "satakunta"],
    ]
    agenda = forum.agenda.select("body_id", "group_consensus").rows()
    # The third sector: (1 + 2) / (2 + 3) × (1 + 1) / (2 + 3) = 6/25; the municipalities and the
    # libraries: (1 + 3) / 5 × (1 + 0) / 5 = 4/25, in support order.
    assert [body for body, _ in agenda] == ["kolmas-sektori", "kirjastot", "kunnat"]
    assert [value for _, value in agenda] == pytest.approx([6 / 25, 4 / 25, 4 / 25])


def test_compare_prints_the_camps_beside_the_share_and_marks_a_split_consensus(
    tmp_path: Path, split_keha: list[Matrix], capsys: pytest.CaptureFixture[str]
) -> None:
    for answer in split_keha:
        (tmp_path / f"{answer.id}.yaml").write_text(dump_matrix(answer), encoding="utf-8")
    assert main(["compare", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "  ● ELY                    6/6   100% consensus  camps 2/2\n" in out
    assert "  ● KEHA                   4/6    67% consensus  camps 1/2 split\n" in out
    assert "  ○ kirjastot              2/6    33% minority   camps 1/2\n" in out
