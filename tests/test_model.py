"""The typed records."""

from __future__ import annotations

import pydantic
import pytest

from elo_coord import Cell, Localized, Matrix, Registry, Role, Strategy, strategy_frame


def test_a_bare_body_id_is_a_partner_and_a_record_can_name_the_lead() -> None:
    cell = Cell.model_validate({"bodies": ["OKM", {"body": "TEM", "role": "lead"}]})
    assert [(a.body, a.role) for a in cell.bodies] == [("OKM", Role.PARTNER), ("TEM", Role.LEAD)]


def test_a_bare_task_is_done_by_the_level_together() -> None:
    cell = Cell.model_validate({"tasks": ["Linjaukset", {"text": "Koulutus", "bodies": ["ELY"]}]})
    assert [(t.text, t.bodies) for t in cell.tasks] == [("Linjaukset", ()), ("Koulutus", ("ELY",))]


def test_records_reject_unknown_keys_and_cannot_be_changed() -> None:
    with pytest.raises(pydantic.ValidationError, match="reginal"):
        Matrix.model_validate(
            {
                "id": "x",
                "kind": "proposal",
                "strategy": "s",
                "date": "2022-03-18",
                "title": "t",
                "rows": [{"row": "T1.1a", "reginal": {}}],
            }
        )
    cell = Cell()
    with pytest.raises(pydantic.ValidationError):
        cell.bodies = ()  # type: ignore[misc]


def test_the_strategy_rows_are_means_or_goals_without_means(registry: Registry) -> None:
    rows = [(r.id, r.goal.id, r.means is None) for r in registry.strategy("elo-2020-2023").rows()]
    assert rows == [
        ("T1.1a", "T1.1", False),
        ("T1.1b", "T1.1", False),
        ("T1.1c", "T1.1", False),
        ("T1.1d", "T1.1", False),
        ("T1.2a", "T1.2", False),
        ("T1.3a", "T1.3", False),
        ("T1.3b", "T1.3", False),
        ("T2.1", "T2.1", True),
        ("T3.1", "T3.1", True),
        ("T4.1", "T4.1", True),
        ("T5.1", "T5.1", True),
        ("T5.2", "T5.2", True),
        ("T6.1", "T6.1", True),
    ]


def test_a_strategy_with_an_id_twice_is_refused() -> None:
    goal = {"id": "T1.1", "text": {"fi": "x"}, "means": [{"id": "T1.1", "text": {"fi": "y"}}]}
    with pytest.raises(pydantic.ValidationError, match=r"'T1\.1' is used twice"):
        Strategy.model_validate(
            {
                "id": "s",
                "names": {"fi": "s"},
                "themes": [{"id": "T1", "names": {"fi": "t"}, "goals": [goal]}],
            }
        )


def test_a_text_missing_in_a_language_falls_back_to_finnish() -> None:
    name = Localized(fi="Laadukkaasti", en="High-quality")
    assert (name.text("en"), name.text("sv"), name.text()) == (
        "High-quality",
        "Laadukkaasti",
        "Laadukkaasti",
    )
    with pytest.raises(ValueError, match="unknown language 'de'"):
        name.text("de")


def test_the_strategy_frame_lists_theme_goal_and_means_per_row(registry: Registry) -> None:
    frame = strategy_frame(registry.strategy("elo-2020-2023"), lang="en")
    first = frame.row(0, named=True)
    assert first["row_id"] == "T1.1a"
    assert first["theme"] == "Accessible and customer-oriented"
    assert first["goal"].startswith("Parannetaan kaikenikäisten")  # no English text: Finnish
    assert frame.filter(frame["means"].is_null()).get_column("row_id").to_list() == [
        "T2.1",
        "T3.1",
        "T4.1",
        "T5.1",
        "T5.2",
        "T6.1",
    ]
