"""The workbench widgets, driven from Python as a facilitator's clicks would drive them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from elo_coord.widgets import MatrixEditor, cell_class

from .conftest import MATRICES


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(MATRICES, tmp_path / "matrices")
    return tmp_path / "matrices"


@pytest.fixture
def editor(folder: Path) -> MatrixEditor:
    return MatrixEditor(folder / "proposals" / "lappi.yaml", editor="Fasilitaattori")


def test_clicking_a_cell_saves_the_file_and_shows_the_mark(editor: MatrixEditor) -> None:
    before = editor.file.path.read_text(encoding="utf-8")
    editor.button("T4.1", "regional", "kunnat").click()
    assert editor.button("T4.1", "regional", "kunnat").description == "●"
    assert editor.file.path.read_text(encoding="utf-8") != before
    editor.button("T4.1", "regional", "kunnat").click()
    assert editor.button("T4.1", "regional", "kunnat").description == "★"
    # ELY was Lappi's regional lead on T4.1: it is a partner now.
    assert editor.button("T4.1", "regional", "ELY").description == "●"
    assert "✓" in editor.status.value


def test_undo_restores_the_file_byte_for_byte(editor: MatrixEditor) -> None:
    original = editor.file.path.read_bytes()
    editor.button("T2.1", "national", "LVV").click()
    editor.undo_button.click()
    assert editor.file.path.read_bytes() == original
    assert editor.button("T2.1", "national", "LVV").description == ""
    assert editor.redo_button.disabled is False


def test_a_file_changed_on_disk_stops_the_save_and_says_so(editor: MatrixEditor) -> None:
    theirs = editor.file.path.read_text(encoding="utf-8") + "# muutos toiselta koneelta\n"
    editor.file.path.write_text(theirs, encoding="utf-8")
    editor.toggle("T4.1", "regional", "kunnat")
    assert "changed on disk since it was read" in editor.status.value
    assert editor.file.path.read_text(encoding="utf-8") == theirs
    editor.reload()
    assert editor.button("T4.1", "regional", "kunnat").description == ""
    assert "✓" in editor.status.value


def test_bodies_that_did_not_exist_on_the_matrix_date_are_marked(editor: MatrixEditor) -> None:
    headers = {
        child.value.split(">")[1].split("<")[0]: child.value
        for child in editor.grid.children
        if "elo-body" in getattr(child, "value", "")
    }
    # Lappi's proposal is dated 2022-03-18: the elinvoimakeskukset began only in 2026.
    assert "elo-ended" in headers["elinvoimakeskukset †"]
    assert "elo-ended" not in headers["ELY"]


def test_findings_appear_beside_the_row_as_you_edit(editor: MatrixEditor) -> None:
    assert editor._findings["T4.1"].value == ""
    editor.toggle("T4.1", "regional", "elinvoimakeskukset")
    assert "elinvoimakeskukset" in editor._findings["T4.1"].value
    assert "2026-01-01" in editor._findings["T4.1"].value


def test_the_side_panel_edits_tasks_note_and_quotes(editor: MatrixEditor) -> None:
    editor.select("T4.1")
    editor.tasks_input["regional"].value = "Alueelliset koulutukset\nUusi tehtävä"
    editor.note_input.value = "Sovittu foorumissa"
    editor.quotes_input.value = "Ensimmäinen lainaus\n\nToinen lainaus"
    editor.apply_button.click()
    row = next(r for r in editor.file.matrix.rows if r.row == "T4.1")
    assert [t.text for t in row.regional.tasks] == ["Alueelliset koulutukset", "Uusi tehtävä"]
    assert row.note == "Sovittu foorumissa"
    assert row.quotes == ("Ensimmäinen lainaus", "Toinen lainaus")


def test_the_name_typed_once_goes_into_every_log_line(editor: MatrixEditor, folder: Path) -> None:
    editor.name.value = "Aino"
    editor.toggle("T4.1", "regional", "kunnat")
    log = (folder / "proposals" / "changes.jsonl").read_text(encoding="utf-8")
    assert '"editor": "Aino"' in log


def test_each_cell_carries_a_class_a_browser_can_find(editor: MatrixEditor) -> None:
    button = editor.button("T1.1a", "regional", "TE-toimistot")
    assert "elo-cell-T1-1a-regional-TE-toimistot" in button._dom_classes
    assert cell_class("T1.1a", "regional", "TE-toimistot") == "elo-cell-T1-1a-regional-TE-toimistot"


def test_labels_follow_the_language(folder: Path) -> None:
    swedish = MatrixEditor(folder / "proposals" / "lappi.yaml", lang="sv")
    assert swedish.undo_button.description == "Ångra"
    with pytest.raises(ValueError, match="unknown language"):
        MatrixEditor(folder / "proposals" / "lappi.yaml", lang="de")
