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


# --- saves that change only what changed ------------------------------------------------------

HAND_WRITTEN = """\
# Käsin kirjoitettu tiedosto: kommentit, taitettu teksti ja oma avainjärjestys.
id: lappi
kind: proposal
strategy: elo-2020-2023
date: 2022-03-18
title: Käsin kirjoitettu
proposers: [lappi]
illustrative: true
rows:
  - row: T4.1
    note: >-
      Taitettu huomio, joka jatkuu
      toiselle riville.
    # Alueellinen taso: ELY vetää.
    regional:
      bodies: [{body: ELY, role: lead}]   # sovittu 18.3.

      tasks:
        - {text: Koulutukset, bodies: [ELY]}
    national:
      bodies: [OKM]

  - row: T5.1
    regional:
      bodies: [kunnat]
"""


def changed_lines(before: str, after: str) -> list[str]:
    """The lines of a diff from ``before`` to ``after``, each prefixed ``-`` or ``+``."""
    import difflib

    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("---", "+++")]


@pytest.fixture
def hand_written(folder: Path) -> MatrixFile:
    path = folder / "proposals" / "lappi.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    return MatrixFile(path, editor="Fasilitaattori")


def test_one_toggle_changes_exactly_the_line_of_its_cell(lappi: MatrixFile) -> None:
    # Lappi's T1.1b names ELY (lead), TE-toimistot and kirjastot regionally; kunnat is added last.
    before = lappi.path.read_text(encoding="utf-8")
    lappi.toggle("T1.1b", "regional", "kunnat")
    assert changed_lines(before, lappi.path.read_text(encoding="utf-8")) == [
        "-      bodies: [{body: ELY, role: lead}, TE-toimistot, kirjastot]",
        "+      bodies: [{body: ELY, role: lead}, TE-toimistot, kirjastot, kunnat]",
    ]


def test_comments_folded_text_blank_lines_and_key_order_survive_a_toggle(
    hand_written: MatrixFile,
) -> None:
    hand_written.toggle("T4.1", "regional", "kunnat")
    expected = HAND_WRITTEN.replace(
        "bodies: [{body: ELY, role: lead}]   # sovittu",
        "bodies: [{body: ELY, role: lead}, kunnat]   # sovittu",
    )
    assert hand_written.path.read_text(encoding="utf-8") == expected


def test_a_new_lead_rewrites_only_the_line_of_its_cell(hand_written: MatrixFile) -> None:
    hand_written.set_role("T5.1", "regional", "kunnat", "lead")
    assert changed_lines(HAND_WRITTEN, hand_written.path.read_text(encoding="utf-8")) == [
        "-      bodies: [kunnat]",
        "+      bodies: [{body: kunnat, role: lead}]",
    ]


def test_a_key_the_row_lacked_is_added_under_it_and_nothing_else_moves(
    hand_written: MatrixFile,
) -> None:
    # T5.1 has no national level yet: it comes after the regional one, the row's last key.
    hand_written.toggle("T5.1", "national", "OKM")
    assert changed_lines(HAND_WRITTEN, hand_written.path.read_text(encoding="utf-8")) == [
        "+    national:",
        "+      bodies: [OKM]",
        "+      tasks: []",
    ]


def test_removing_a_folded_note_removes_just_its_lines(hand_written: MatrixFile) -> None:
    hand_written.set_note("T4.1", "")
    assert changed_lines(HAND_WRITTEN, hand_written.path.read_text(encoding="utf-8")) == [
        "-    note: >-",
        "-      Taitettu huomio, joka jatkuu",
        "-      toiselle riville.",
    ]


def test_a_row_the_file_lacked_is_inserted_whole_in_strategy_order(
    hand_written: MatrixFile,
) -> None:
    # T3.1 comes before T4.1 in the strategy; the file separates rows by a blank line.
    hand_written.toggle("T3.1", "regional", "ELY")
    inserted = (
        "  - row: T3.1\n"
        "    national:\n"
        "      bodies: []\n"
        "      tasks: []\n"
        "    regional:\n"
        "      bodies: [ELY]\n"
        "      tasks: []\n"
        "\n"
    )
    expected = HAND_WRITTEN.replace("  - row: T4.1", inserted + "  - row: T4.1")
    assert hand_written.path.read_text(encoding="utf-8") == expected


def test_a_file_in_flow_layout_is_written_whole_and_still_holds_the_edit(folder: Path) -> None:
    path = folder / "proposals" / "lappi.yaml"
    path.write_text(
        "# Yhdellä rivillä.\n"
        "{id: lappi, kind: proposal, strategy: elo-2020-2023, date: 2022-03-18, title: T,"
        " illustrative: true, rows: [{row: T4.1, regional: {bodies: [ELY]}}]}\n",
        encoding="utf-8",
    )
    file = MatrixFile(path)
    file.toggle("T4.1", "regional", "kunnat")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Yhdellä rivillä.\nid: lappi\n")
    assert file.role("T4.1", "regional", "kunnat") is Role.PARTNER
    saved = load_matrix(path).rows[0].regional.bodies
    assert [a.body for a in saved] == ["ELY", "kunnat"]


# --- recovering from a refused save -----------------------------------------------------------


def someone_else_toggles(path: Path, row: str, level: str, body: str) -> str:
    """Another facilitator's click in the same file, saved; returns the text they wrote."""
    other = MatrixFile(path, editor="Toinen")
    other.toggle(row, level, body)
    return path.read_text(encoding="utf-8")


def test_a_refused_edit_in_another_cell_merges_onto_their_file(lappi: MatrixFile) -> None:
    theirs = someone_else_toggles(lappi.path, "T6.1", "regional", "kirjastot")
    lappi.toggle("T4.1", "regional", "kunnat")
    assert "changed on disk" in lappi.message
    assert lappi.unsaved_parts() == [("T4.1", "regional", "kunnat")]
    assert lappi.merge()
    assert lappi.message == ""
    assert not lappi.dirty
    # Both clicks are in the file, and only the line of mine differs from theirs.
    saved = load_matrix(lappi.path)
    assert lappi.role("T6.1", "regional", "kirjastot") is Role.PARTNER
    row = next(r for r in saved.rows if r.row == "T4.1")
    assert "kunnat" in [a.body for a in row.regional.bodies]
    mine = lappi.path.read_text(encoding="utf-8").splitlines()
    assert sum(a != b for a, b in zip(theirs.splitlines(), mine, strict=True)) == 1


def test_a_refused_edit_in_another_cell_of_the_same_level_merges_too(
    lappi: MatrixFile,
) -> None:
    someone_else_toggles(lappi.path, "T4.1", "regional", "kirjastot")
    lappi.toggle("T4.1", "regional", "kunnat")
    assert lappi.merge()
    row = next(r for r in load_matrix(lappi.path).rows if r.row == "T4.1")
    assert {"kirjastot", "kunnat"} <= {a.body for a in row.regional.bodies}


def test_a_refused_edit_in_the_same_cell_is_not_merged(lappi: MatrixFile) -> None:
    theirs = someone_else_toggles(lappi.path, "T4.1", "regional", "kunnat")  # a partner
    lappi.set_role("T4.1", "regional", "kunnat", "lead")
    assert not lappi.merge()
    assert lappi.clashes == [("T4.1", "regional", "kunnat")]
    assert "T4.1 regional kunnat" in lappi.message
    assert lappi.path.read_text(encoding="utf-8") == theirs
    assert lappi.dirty  # the edit is still there, to be made again after a reload


def test_a_clash_can_keep_their_version_and_still_write_my_other_edits(
    lappi: MatrixFile,
) -> None:
    lappi.autosave = False
    someone_else_toggles(lappi.path, "T4.1", "regional", "kunnat")  # they make it a partner
    lappi.set_role("T4.1", "regional", "kunnat", "lead")
    lappi.toggle("T6.1", "regional", "kirjastot")
    assert not lappi.merge()
    assert lappi.merge("theirs")
    assert (
        lappi.role("T4.1", "regional", "kunnat"),
        lappi.role("T6.1", "regional", "kirjastot"),
    ) == (
        Role.PARTNER,
        Role.PARTNER,
    )
    assert lappi.clashes == []
    assert not lappi.dirty


def test_a_clash_can_keep_my_version(lappi: MatrixFile) -> None:
    someone_else_toggles(lappi.path, "T4.1", "regional", "kunnat")  # a partner
    lappi.set_role("T4.1", "regional", "kunnat", "lead")
    assert lappi.merge("mine")
    saved = MatrixFile(lappi.path)
    assert saved.role("T4.1", "regional", "kunnat") is Role.LEAD


def test_with_automerge_a_click_in_another_cell_is_merged_at_once(lappi: MatrixFile) -> None:
    lappi.automerge = True
    someone_else_toggles(lappi.path, "T6.1", "regional", "kirjastot")
    lappi.toggle("T4.1", "regional", "kunnat")
    assert lappi.message == ""
    saved = MatrixFile(lappi.path)
    assert saved.role("T6.1", "regional", "kirjastot") is Role.PARTNER
    assert saved.role("T4.1", "regional", "kunnat") is Role.PARTNER
    assert [line["field"] for line in log(lappi.path.parent.parent)] == ["role", "role", "merge"]


def test_with_automerge_the_same_click_from_both_is_no_clash(lappi: MatrixFile) -> None:
    lappi.automerge = True
    someone_else_toggles(lappi.path, "T4.1", "regional", "kunnat")  # a partner
    lappi.toggle("T4.1", "regional", "kunnat")  # from what I saw, nothing: a partner too
    assert (lappi.clashes, lappi.message) == ([], "")
    assert MatrixFile(lappi.path).role("T4.1", "regional", "kunnat") is Role.PARTNER


def test_with_automerge_a_click_in_a_cell_they_changed_otherwise_is_held_back(
    lappi: MatrixFile,
) -> None:
    lappi.automerge = True
    MatrixFile(lappi.path, editor="Toinen").set_role("T4.1", "regional", "kunnat", "lead")
    lappi.toggle("T4.1", "regional", "kunnat")  # from what I saw, nothing: a partner
    assert lappi.clashes == [("T4.1", "regional", "kunnat")]
    assert MatrixFile(lappi.path).role("T4.1", "regional", "kunnat") is Role.LEAD
    assert lappi.role("T4.1", "regional", "kunnat") is Role.PARTNER  # held, not lost


def test_catching_up_reads_what_someone_else_saved_and_names_the_parts(
    lappi: MatrixFile,
) -> None:
    lappi.toggle("T4.1", "regional", "kunnat")
    assert lappi.catch_up() == []  # nothing new: the undo history stays
    assert lappi.can_undo()
    someone_else_toggles(lappi.path, "T6.1", "regional", "kirjastot")
    assert lappi.catch_up() == [("T6.1", "regional", "kirjastot")]
    assert lappi.role("T6.1", "regional", "kirjastot") is Role.PARTNER
    assert lappi.role("T4.1", "regional", "kunnat") is Role.PARTNER
    assert not lappi.can_undo()  # my undo would write back over their click
    assert lappi.catch_up() == []


def test_catching_up_leaves_unsaved_edits_and_a_broken_file_alone(lappi: MatrixFile) -> None:
    lappi.autosave = False
    lappi.toggle("T4.1", "regional", "kunnat")
    someone_else_toggles(lappi.path, "T6.1", "regional", "kirjastot")
    assert lappi.catch_up() == []
    assert lappi.dirty
    lappi.save()  # refused: theirs is newer
    assert lappi.merge()
    lappi.path.write_text("rows: [", encoding="utf-8")
    assert lappi.catch_up() == []
    assert lappi.role("T4.1", "regional", "kunnat") is Role.PARTNER


def test_a_row_the_proposal_left_out_stays_unanswered_when_its_click_is_taken_back(
    folder: Path,
) -> None:
    # Pohjois-Karjala left T4.1 out: on and off again gives back the file as it was, so the row
    # still counts as not answered rather than as answered with nobody.
    path = folder / "proposals" / "pohjois-karjala.yaml"
    before = path.read_bytes()
    file = MatrixFile(path)
    file.toggle("T4.1", "regional", "ELY")
    file.set_role("T4.1", "regional", "ELY", None)
    assert path.read_bytes() == before
    assert "T4.1" not in [r.row for r in load_matrix(path).rows]


def test_a_row_the_file_answered_with_nobody_keeps_its_answer(hand_written: MatrixFile) -> None:
    # T5.1 names kunnat regionally; taking kunnat out leaves an answered row with nobody.
    hand_written.toggle("T5.1", "regional", "kunnat")  # partner → lead
    hand_written.toggle("T5.1", "regional", "kunnat")  # lead → none
    assert "T5.1" in [r.row for r in load_matrix(hand_written.path).rows]
