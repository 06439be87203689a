"""The forum's synthesis: what the regions agree on, with provenance and open questions."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from elo_coord import Kind, Matrix, Role, Row, lint, synthesize

from .test_io import matrices
from .test_support import SET, proposal


def test_a_body_named_by_two_thirds_enters_with_the_regions_that_named_it() -> None:
    forum = synthesize(SET)
    first = forum.rows[0]
    assert first.row == "T4.1"
    # TEM: Lappi and the joint answer (2 regions) = 3 of 4; the joint answer made it the lead,
    # which is 2 of the 3 naming it: more than half.
    assert [(a.body, a.role, a.regions) for a in first.national.bodies] == [
        ("TEM", Role.LEAD, ("keski-pohjanmaa", "lappi", "pohjanmaa"))
    ]
    # ELY: 4 of 4, lead only for Lappi (1 of 4): a partner.
    assert [(a.body, a.role, len(a.regions)) for a in first.regional.bodies] == [
        ("ELY", Role.PARTNER, 4)
    ]


def test_contested_cells_and_minority_views_become_open_questions() -> None:
    questions = [(q.row, q.level.value, q.body, q.status.value) for q in synthesize(SET).questions]
    assert questions == [
        ("T4.1", "national", "OKM", "contested"),  # 2/4
        ("T4.1", "national", "OPH", "minority"),  # 1/4
        ("T4.1", "regional", "kunnat", "contested"),  # 2/4
        ("T4.1", "regional", "maakuntien-liitot", "contested"),  # the joint answer: 2/4
        ("T5.1", "national", "OKM", "contested"),  # 1/2
        ("T5.1", "national", "TEM", "contested"),  # 1/2
        ("T5.1", "regional", "ELY", "contested"),  # 1/2: Uusimaa answered nobody
        # TEM: 3/4, a consensus; but of the camp of Lappi and Uusimaa (Jaccard 0.375, the
        # joint answer's two regions the other camp) only Lappi names it: not more than half.
        ("T4.1", "national", "TEM", "split"),
    ]


def test_the_synthesis_says_what_it_is_and_whom_it_speaks_for() -> None:
    forum = synthesize(SET, id="foorumi-2022", title="Foorumin synteesi")
    assert (forum.id, forum.kind.value, forum.title) == (
        "foorumi-2022",
        "synthesis",
        "Foorumin synteesi",
    )
    assert forum.proposers == ("keski-pohjanmaa", "lappi", "pohjanmaa", "uusimaa")  # not Kainuu
    assert forum.date == dt.date(2022, 3, 18)
    assert [row.row for row in forum.rows] == ["T4.1", "T5.1"]
    assert forum.rows[1].national.bodies == ()  # nothing reaches 2/3 on T5.1


def test_a_lower_threshold_lets_contested_bodies_in() -> None:
    forum = synthesize(SET, consensus=0.5)
    assert [a.body for a in forum.rows[0].national.bodies] == ["OKM", "TEM"]
    assert [a.body for a in forum.rows[0].regional.bodies] == ["ELY", "kunnat", "maakuntien-liitot"]


def test_tasks_enter_by_group_in_the_wording_most_regions_used() -> None:
    def tasks(id: str, texts: list[str]) -> Matrix:
        return proposal(
            id, [id], [{"row": "T4.1", "regional": {"bodies": ["ELY"], "tasks": texts}}]
        )

    forum = synthesize(
        [
            tasks("lappi", ["Alueelliset koulutukset", "Alueelliset palvelumuotoilut"]),
            tasks("uusimaa", ["alueelliset koulutukset"]),
            tasks("kainuu", ["Alueelliset koulutukset", "Maakunnalliset päätökset"]),
        ]
    )
    (task,) = forum.rows[0].regional.tasks
    assert (task.text, task.regions) == ("Alueelliset koulutukset", ("kainuu", "lappi", "uusimaa"))


def test_a_synthesis_of_illustrative_proposals_is_illustrative(proposals: list[Matrix]) -> None:
    forum = synthesize(proposals)
    assert forum.illustrative
    assert [f for f in lint(forum) if f.severity == "error"] == []


def test_proposals_for_different_strategies_are_refused() -> None:
    other = SET[0].model_copy(
        update={"id": "muu", "strategy": "elo-2024", "proposers": ("kainuu",)}
    )
    with pytest.raises(ValueError, match="different strategies: elo-2020-2023, elo-2024"):
        synthesize([*SET, other])


def test_nothing_to_synthesise_is_refused() -> None:
    with pytest.raises(ValueError, match="no answered proposals"):
        synthesize([SET[-1]])  # declined


def without_provenance(rows: tuple[Row, ...]) -> list[Row]:
    def clean(row: Row) -> Row:
        cells = {
            level: row.cell(level).model_copy(
                update={
                    "bodies": tuple(
                        a.model_copy(update={"regions": ()}) for a in row.cell(level).bodies
                    ),
                    "tasks": tuple(
                        t.model_copy(update={"regions": ()}) for t in row.cell(level).tasks
                    ),
                }
            )
            for level in ("national", "regional")
        }
        return row.model_copy(update=cells)

    return [clean(row) for row in rows]


@settings(max_examples=60, deadline=None)
@given(matrices(), st.integers(min_value=1, max_value=4))
def test_a_synthesis_of_identical_proposals_is_that_proposal_apart_from_provenance(
    matrix: Matrix, copies: int
) -> None:
    row_ids = [row.row for row in matrix.rows]
    assume(len(set(row_ids)) == len(row_ids))
    for row in matrix.rows:
        assume(len(set(row.quotes)) == len(row.quotes))
        for level in ("national", "regional"):
            cell = row.cell(level)
            assume(len({a.body for a in cell.bodies}) == len(cell.bodies))
            assume(sum(a.role is Role.LEAD for a in cell.bodies) <= 1)
    same = [
        matrix.model_copy(
            update={"id": f"kopio-{i}", "kind": Kind.PROPOSAL, "declined": False, "proposers": ()}
        )
        for i in range(copies)
    ]
    forum = synthesize(same)
    assert without_provenance(forum.rows) == without_provenance(matrix.rows)
    assert forum.questions == ()
