"""Editing a matrix file: saved at once, logged, undoable, and never overwriting others' work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from elo_coord import ElocoordError, Role, load_matrix
from elo_coord._editing import MatrixFile


@pytest.fixture
def lappi(folder: Path) -> MatrixFile:
    return MatrixFile(folder / "proposals" / "lappi.yaml", editor="Fasilitaattori")


def log(folder: Path) -> list[dict[str, object]]:
    text = (folder / "proposals" / "changes.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def test_a_click_adds_a_partner_and_saves_the_file(lappi: MatrixFile) -> None:
    # Lappi's T4.1 names no kunnat regionally (see matrices/proposals/lappi.yaml).
    assert lappi.role("T4.1", "regional", "kunnat") is None
    assert lappi.toggle("T4.1", "regional", "kunnat") is Role.PARTNER
    saved = load_matrix(lappi.path)
    row = next(r for r in saved.rows if r.row == "T4.1")
    assert [a.body for a in row.regional.bodies][-1] == "kunnat"
    assert not lappi.dirty


def test_clicks_cycle_partner_lead_and_none(lappi: MatrixFile) -> None:
    roles = [lappi.toggle("T4.1", "regional", "kunnat") for _ in range(3)]
    assert roles == [Role.PARTNER, Role.LEAD, None]


def test_making_a_body_the_lead_makes_the_old_lead_a_partner(
    lappi: MatrixFile, folder: Path
) -> None:
    # ELY is Lappi's regional lead on T4.1; TE-toimistot a partner there.
    assert lappi.role("T4.1", "regional", "ELY") is Role.LEAD
    lappi.set_role("T4.1", "regional", "TE-toimistot", "lead")
    assert lappi.role("T4.1", "regional", "ELY") is Role.PARTNER
    assert "many-leads" not in {f.code for f in lappi.findings()}
    entries = [(e["body"], e["old"], e["new"]) for e in log(folder)]
    assert entries == [("TE-toimistot", "partner", "lead"), ("ELY", "lead", "partner")]


def test_undo_restores_the_file_byte_for_byte_and_redo_repeats(lappi: MatrixFile) -> None:
    original = lappi.path.read_bytes()
    lappi.toggle("T4.1", "regional", "kunnat")
    edited = lappi.path.read_bytes()
    assert edited != original
    lappi.undo()
    assert lappi.path.read_bytes() == original
    lappi.redo()
    assert lappi.path.read_bytes() == edited


def test_a_saved_file_keeps_the_comments_at_its_top(lappi: MatrixFile) -> None:
    first_lines = lappi.path.read_text(encoding="utf-8").splitlines()[:2]
    lappi.toggle("T4.1", "regional", "kunnat")
    assert lappi.path.read_text(encoding="utf-8").splitlines()[:2] == first_lines
    assert first_lines[1].startswith("# ILLUSTRATIVE EXAMPLE")


def test_every_edit_is_logged_with_the_editor_and_the_old_and_new_value(
    lappi: MatrixFile, folder: Path
) -> None:
    lappi.toggle("T4.1", "regional", "kunnat")
    lappi.set_note("T4.1", "Sovittu foorumissa")
    lappi.undo()
    entries = log(folder)
    assert [(e["field"], e["row"], e["level"], e["body"], e["old"], e["new"]) for e in entries] == [
        ("role", "T4.1", "regional", "kunnat", None, "partner"),
        ("note", "T4.1", None, None, None, "Sovittu foorumissa"),  # Lappi's T4.1 had no note
        ("undo", None, None, None, None, None),
    ]
    assert {e["editor"] for e in entries} == {"Fasilitaattori"}
    assert {e["matrix"] for e in entries} == {"lappi"}
    assert all(str(e["time"]).endswith("+00:00") for e in entries)


def test_a_file_changed_on_disk_blocks_the_save_and_keeps_the_edit(lappi: MatrixFile) -> None:
    theirs = lappi.path.read_text(encoding="utf-8") + "# toisen fasilitaattorin muutos\n"
    lappi.path.write_text(theirs, encoding="utf-8")
    lappi.toggle("T4.1", "regional", "kunnat")
    assert "changed on disk since it was read" in lappi.message
    assert lappi.path.read_text(encoding="utf-8") == theirs
    assert lappi.dirty
    assert lappi.role("T4.1", "regional", "kunnat") is Role.PARTNER
    lappi.reload()
    assert lappi.role("T4.1", "regional", "kunnat") is None
    assert not lappi.dirty


def test_tasks_quotes_and_notes_are_edited_per_row(lappi: MatrixFile) -> None:
    lappi.set_tasks("T4.1", "regional", ["Alueelliset koulutukset", "  ", "Uusi tehtävä "])
    lappi.set_quotes("T4.1", ["Lainaus kyselystä", ""])
    saved = next(r for r in load_matrix(lappi.path).rows if r.row == "T4.1")
    assert [t.text for t in saved.regional.tasks] == ["Alueelliset koulutukset", "Uusi tehtävä"]
    assert saved.quotes == ("Lainaus kyselystä",)


def test_a_click_in_a_row_the_proposal_left_out_adds_the_row_in_strategy_order(
    folder: Path,
) -> None:
    # Pohjois-Karjala left T4.1 out; it sits between T3.1 and T5.1 in the strategy.
    file = MatrixFile(folder / "proposals" / "pohjois-karjala.yaml")
    file.toggle("T4.1", "regional", "ELY")
    rows = [r.row for r in load_matrix(file.path).rows]
    assert rows.index("T4.1") == rows.index("T3.1") + 1


def test_an_unknown_body_is_refused_with_a_suggestion(lappi: MatrixFile) -> None:
    with pytest.raises(ElocoordError, match="did you mean 'kirjastot'"):
        lappi.toggle("T4.1", "regional", "kirjasto")


def test_listeners_hear_of_every_change(lappi: MatrixFile) -> None:
    heard: list[int] = []
    lappi.listeners.append(lambda file: heard.append(len(file.matrix.rows)))
    lappi.toggle("T4.1", "regional", "kunnat")
    lappi.undo()
    assert heard == [12, 12]
