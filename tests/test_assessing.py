"""Recording a year's assessments: the matrix editor's guarantees, rating by rating.

Saved at once and atomically, logged, undoable byte for byte, never overwriting another's save,
merged rating by rating, a clash held back and settled either way. The values are read by hand
from ``matrices/monitoring/assessments/kuvitteellinen-2018.yaml``.
"""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

import elo_coord
from elo_coord import AssessmentsFile, ElocoordError, load_assessments


@pytest.fixture
def path(folder: Path) -> Path:
    return folder / "monitoring" / "assessments" / "kuvitteellinen-2018.yaml"


@pytest.fixture
def year(path: Path) -> AssessmentsFile:
    return AssessmentsFile(path, editor="Tutkija")


def logged(path: Path) -> list[dict[str, object]]:
    log = path.parent / "changes.jsonl"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def someone_else_rates(path: Path, group: str, area: str, step: int | None) -> str:
    """Another person's rating in the same file, saved; returns the text they wrote."""
    AssessmentsFile(path, editor="Toinen").set_step(group, area, step)
    return path.read_text(encoding="utf-8")


def test_a_click_moves_a_rating_one_step_and_saves_only_its_line(
    year: AssessmentsFile, path: Path
) -> None:
    before = path.read_text(encoding="utf-8").splitlines()
    # Lappi rated its evaluation (arviointi) at step 2 in 2018.
    assert year.cycle("elo-lappi", "arviointi") == 3
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [("      arviointi: {step: 2}", "      arviointi: {step: 3}")]
    assert load_assessments(path).assessments[0].areas["arviointi"].step == 3
    assert not year.dirty


def test_clicks_cycle_one_to_four_and_back_to_not_rated(year: AssessmentsFile) -> None:
    # Keski-Suomi did not rate itself in 2018.
    assert year.step("elo-keski-suomi", "viestinta") is None
    steps = [year.cycle("elo-keski-suomi", "viestinta") for _ in range(5)]
    assert steps == [1, 2, 3, 4, None]


def test_an_area_the_source_gives_three_steps_cycles_through_three(year: AssessmentsFile) -> None:
    # The 2016 scale describes only steps 1–3 of its first area; Uusimaa is at 2 there.
    steps = [year.cycle("elo-uusimaa", "monikanavaiset-palvelut") for _ in range(3)]
    assert steps == [3, None, 1]
    with pytest.raises(ElocoordError, match="has steps 1–3, not 4"):
        year.set_step("elo-uusimaa", "monikanavaiset-palvelut", 4)


def test_a_group_first_rated_gets_its_assessment_at_the_end_of_the_file(
    year: AssessmentsFile, path: Path
) -> None:
    before = path.read_text(encoding="utf-8")
    year.cycle("elo-keski-suomi", "viestinta")
    after = path.read_text(encoding="utf-8")
    assert after == before + (
        "  - group: elo-keski-suomi\n    by: self\n    areas:\n      viestinta: {step: 1}\n"
    )
    year.cycle("elo-keski-suomi", "viestinta", by="researcher")
    assert [(a.group, a.by.value) for a in load_assessments(path).assessments][-2:] == [
        ("elo-keski-suomi", "self"),
        ("elo-keski-suomi", "researcher"),
    ]


def test_taking_the_last_rating_out_takes_the_groups_assessment_out(
    year: AssessmentsFile, path: Path
) -> None:
    before = path.read_text(encoding="utf-8")
    year.set_step("elo-keski-suomi", "viestinta", 2)
    year.set_step("elo-keski-suomi", "viestinta", None)
    assert path.read_text(encoding="utf-8") == before


def test_undo_restores_the_file_byte_for_byte_and_redo_repeats(
    year: AssessmentsFile, path: Path
) -> None:
    original = path.read_bytes()
    year.cycle("elo-lappi", "arviointi")
    edited = path.read_bytes()
    assert edited != original
    year.undo()
    assert path.read_bytes() == original
    assert year.step("elo-lappi", "arviointi") == 2
    year.redo()
    assert path.read_bytes() == edited


def test_the_illustrative_mark_and_the_folded_note_survive_an_edit(
    year: AssessmentsFile, path: Path
) -> None:
    head = path.read_text(encoding="utf-8").split("assessments:")[0]
    year.cycle("elo-pohjois-karjala", "arviointi")
    assert path.read_text(encoding="utf-8").split("assessments:")[0] == head
    assert "# ILLUSTRATIVE" in head
    assert "note: >-" in head


def test_evidence_is_kept_when_the_step_moves_and_can_be_changed(
    year: AssessmentsFile, path: Path
) -> None:
    # Lappi's communication (viestinta) is at step 4 with evidence in 2018.
    year.set_step("elo-lappi", "viestinta", 3)
    rating = year.rating("elo-lappi", "viestinta")
    assert rating is not None
    assert rating.evidence == "Tiedotus ja keskustelu sosiaalisessa mediassa (kuvitteellinen)"
    year.set_evidence("elo-lappi", "viestinta", "  Uutiskirje neljästi vuodessa ")
    assert "viestinta: {step: 3, evidence: Uutiskirje neljästi vuodessa}" in path.read_text(
        encoding="utf-8"
    )
    with pytest.raises(ElocoordError, match="rate it before giving evidence"):
        year.set_evidence("elo-keski-suomi", "viestinta", "Ei arvioitu")


def test_every_edit_is_logged_with_the_editor_and_the_old_and_new_value(
    year: AssessmentsFile, path: Path
) -> None:
    year.cycle("elo-lappi", "arviointi")
    year.set_evidence("elo-lappi", "arviointi", "Itsearviointi tehty")
    year.undo()
    entries = logged(path)
    assert [
        (e["field"], e.get("group"), e.get("by"), e.get("area"), e["old"], e["new"])
        for e in entries
    ] == [
        ("step", "elo-lappi", "self", "arviointi", 2, 3),
        ("evidence", "elo-lappi", "self", "arviointi", None, "Itsearviointi tehty"),
        ("undo", None, None, None, None, None),
    ]
    assert {e["editor"] for e in entries} == {"Tutkija"}
    assert {e["assessments"] for e in entries} == {"kuvitteellinen-2018"}


def test_an_unknown_group_or_area_is_refused_with_a_suggestion(year: AssessmentsFile) -> None:
    with pytest.raises(ElocoordError, match="unknown group 'elo-lapi' — did you mean 'elo-lappi'"):
        year.cycle("elo-lapi", "arviointi")
    with pytest.raises(ElocoordError, match="no area 'arvointi' — did you mean 'arviointi'"):
        year.cycle("elo-lappi", "arvointi")


def test_a_file_changed_on_disk_blocks_the_save_and_keeps_the_edit(
    year: AssessmentsFile, path: Path
) -> None:
    theirs = path.read_text(encoding="utf-8") + "# toisen muutos\n"
    path.write_text(theirs, encoding="utf-8")
    year.cycle("elo-lappi", "arviointi")
    assert "changed on disk since it was read" in year.message
    assert path.read_text(encoding="utf-8") == theirs
    assert year.dirty
    assert year.step("elo-lappi", "arviointi") == 3
    assert [e["editor"] for e in logged(path)] == []  # nothing logged that was not written
    year.reload()
    assert year.step("elo-lappi", "arviointi") == 2


def test_a_refused_rating_of_another_area_merges_onto_their_file(
    year: AssessmentsFile, path: Path
) -> None:
    theirs = someone_else_rates(path, "elo-uusimaa", "viestinta", 3)  # was 2
    year.cycle("elo-lappi", "arviointi")
    assert "changed on disk" in year.message
    assert year.unsaved_parts() == [("elo-lappi", "self", "arviointi")]
    assert year.merge()
    saved = AssessmentsFile(path)
    assert (saved.step("elo-uusimaa", "viestinta"), saved.step("elo-lappi", "arviointi")) == (3, 3)
    mine = path.read_text(encoding="utf-8").splitlines()
    assert sum(a != b for a, b in zip(theirs.splitlines(), mine, strict=True)) == 1
    assert [(e["editor"], e["field"]) for e in logged(path)] == [
        ("Toinen", "step"),
        ("Tutkija", "step"),
        ("Tutkija", "merge"),
    ]


def test_a_refused_rating_they_changed_otherwise_is_a_clash_settled_either_way(
    year: AssessmentsFile, path: Path
) -> None:
    theirs = someone_else_rates(path, "elo-lappi", "arviointi", 4)
    year.cycle("elo-lappi", "arviointi")  # from what I saw, 2 → 3
    assert not year.merge()
    assert year.clashes == [("elo-lappi", "self", "arviointi")]
    assert "elo-lappi arviointi (self)" in year.message
    assert path.read_text(encoding="utf-8") == theirs
    assert year.step("elo-lappi", "arviointi") == 3  # held, not lost
    assert year.merge("mine")
    assert AssessmentsFile(path).step("elo-lappi", "arviointi") == 3
    someone_else_rates(path, "elo-lappi", "arviointi", 1)
    year.cycle("elo-lappi", "arviointi")  # 3 → 4
    assert year.merge("theirs")
    assert AssessmentsFile(path).step("elo-lappi", "arviointi") == 1


def test_with_automerge_another_rating_is_merged_at_once_and_a_clash_held_back(
    year: AssessmentsFile, path: Path
) -> None:
    year.automerge = True
    someone_else_rates(path, "elo-uusimaa", "viestinta", 3)
    year.cycle("elo-lappi", "arviointi")
    assert (year.message, year.clashes) == ("", [])
    someone_else_rates(path, "elo-lappi", "jatkuvuus", 2)  # was 4
    year.cycle("elo-lappi", "jatkuvuus")  # from what I saw, 4 → not rated
    assert year.clashes == [("elo-lappi", "self", "jatkuvuus")]
    assert AssessmentsFile(path).step("elo-lappi", "jatkuvuus") == 2


def test_catching_up_reads_what_someone_else_saved_and_names_the_ratings(
    year: AssessmentsFile, path: Path
) -> None:
    year.cycle("elo-lappi", "arviointi")
    assert year.catch_up() == []
    someone_else_rates(path, "elo-uusimaa", "viestinta", 3)
    assert year.catch_up() == [("elo-uusimaa", "self", "viestinta")]
    assert year.step("elo-uusimaa", "viestinta") == 3
    assert not year.can_undo()  # my undo would write back over their rating


def test_a_rating_refused_by_the_system_is_kept_in_a_rescue_copy_and_not_logged(
    year: AssessmentsFile, path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    before = path.read_bytes()
    replace = elo_coord._atomic._replace  # type: ignore[attr-defined]

    def full_disk(target: Path, *rest: object) -> None:
        if target.parent == path.parent:
            raise OSError(errno.ENOSPC, "No space left on device")
        replace(target, *rest)

    monkeypatch.setattr("elo_coord._atomic._replace", full_disk)
    year.cycle("elo-lappi", "arviointi")
    assert year.message.startswith(f"{path}: cannot write: No space left on device;")
    assert path.read_bytes() == before
    assert logged(path) == []
    (rescued,) = (tmp_path / "state" / "elo_coord" / "unsaved").glob("kuvitteellinen-2018-*")
    assert "arviointi: {step: 3}" in rescued.read_text(encoding="utf-8")
    monkeypatch.undo()
    assert year.save()
    assert [e["field"] for e in logged(path)] == ["step"]


def test_a_new_year_started_empty_is_rated_and_undone_to_its_exact_text(folder: Path) -> None:
    path = folder / "monitoring" / "assessments" / "arviot-2026.yaml"
    empty = (
        "# yaml-language-server: $schema=../../schemas/assessments.schema.json\n"
        "id: arviot-2026\nscale: scale-2016\nyear: 2026\ntitle: Itsearviot 2026\n"
        "assessments: []\n"
    )
    path.write_text(empty, encoding="utf-8")
    year = AssessmentsFile(path, editor="Tutkija")
    assert year.cycle("elo-lappi", "viestinta") == 1
    assert path.read_text(encoding="utf-8") == empty.replace(
        "assessments: []\n",
        "assessments:\n  - group: elo-lappi\n    by: self\n    areas:\n"
        "      viestinta: {step: 1}\n",
    )
    year.undo()
    assert path.read_text(encoding="utf-8") == empty
