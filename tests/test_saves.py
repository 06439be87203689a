"""Saves that cannot lose an edit: locked, atomic, logged after the fact, and said in one line."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest

import elo_coord
from elo_coord import FileChangedError, Role, WriteError
from elo_coord._atomic import write_atomic
from elo_coord._editing import MatrixFile

CELL = ("T4.1", "regional", "kunnat")  # Lappi names no kunnat on T4.1 regionally


@pytest.fixture
def lappi(folder: Path) -> Path:
    return folder / "proposals" / "lappi.yaml"


def logged(folder: Path) -> list[dict[str, object]]:
    log = folder / "changes.jsonl"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


# --- the change log holds only what was written ------------------------------------------------


def test_a_refused_edit_is_not_logged_until_a_merge_writes_it(lappi: Path) -> None:
    file = MatrixFile(lappi, editor="Minä")
    MatrixFile(lappi, editor="Toinen").toggle("T6.1", "regional", "kirjastot")
    file.toggle(*CELL)
    assert "changed on disk" in file.message
    assert [entry["editor"] for entry in logged(lappi.parent)] == ["Toinen"]
    assert file.merge()
    entries = [(e["editor"], e["field"], e.get("body")) for e in logged(lappi.parent)]
    assert entries == [
        ("Toinen", "role", "kirjastot"),
        ("Minä", "role", "kunnat"),
        ("Minä", "merge", None),
    ]


def test_an_edit_refused_by_the_system_is_kept_in_a_rescue_copy_and_not_logged(
    lappi: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    before = lappi.read_bytes()
    file = MatrixFile(lappi, editor="Minä")

    replace = elo_coord._atomic._replace  # type: ignore[attr-defined]

    def full_disk(target: Path, *rest: object) -> None:
        if target.parent == lappi.parent:  # the data's disk is full; the rescue's is not
            raise OSError(errno.ENOSPC, "No space left on device")
        replace(target, *rest)

    monkeypatch.setattr("elo_coord._atomic._replace", full_disk)
    file.toggle(*CELL)
    assert file.message.startswith(f"{lappi}: cannot write: No space left on device;")
    assert "free some disk space" in file.message
    assert "\n" not in file.message
    assert lappi.read_bytes() == before
    assert logged(lappi.parent) == []
    (rescued,) = (tmp_path / "state" / "elo_coord" / "unsaved").glob("lappi-*.yaml")
    assert str(rescued) in file.message
    rescue = elo_coord.load_matrix(rescued.rename(rescued.with_name("lappi.yaml")))
    row = next(r for r in rescue.rows if r.row == "T4.1")
    assert "kunnat" in [a.body for a in row.regional.bodies]
    # The disk has room again: saving writes the edit, and only now is it logged.
    monkeypatch.undo()
    assert file.save()
    assert [entry.get("body") for entry in logged(lappi.parent)] == ["kunnat"]


def test_a_torn_last_line_of_the_log_is_cut_off_before_the_next_line(lappi: Path) -> None:
    log = lappi.parent / "changes.jsonl"
    log.write_text('{"field": "role", "body": "ELY"}\n{"field": "ro', encoding="utf-8")
    MatrixFile(lappi).toggle(*CELL)
    lines = log.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == {"field": "role", "body": "ELY"}
    assert json.loads(lines[1])["body"] == "kunnat"
    assert len(lines) == 2


# --- the file keeps what it was ------------------------------------------------------------------


def test_a_symbolic_link_is_followed_and_stays_a_link(lappi: Path, tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / "lappi.yaml"
    real.parent.mkdir()
    real.write_bytes(lappi.read_bytes())
    lappi.unlink()
    lappi.symlink_to(real)
    MatrixFile(lappi).toggle(*CELL)
    assert lappi.is_symlink()
    assert MatrixFile(real).role(*CELL) is Role.PARTNER


def test_windows_line_ends_a_byte_order_mark_and_the_mode_are_kept(lappi: Path) -> None:
    text = lappi.read_text(encoding="utf-8")
    lappi.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    lappi.chmod(0o640)
    MatrixFile(lappi).toggle(*CELL)
    raw = lappi.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf# yaml-language-server")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert lappi.stat().st_mode & 0o777 == 0o640


def test_temporary_files_of_a_killed_writer_are_removed_when_the_file_is_opened(
    lappi: Path,
) -> None:
    leftover = lappi.parent / ".lappi.yaml.k2j4_x9a.tmp"
    leftover.write_text("half a file", encoding="utf-8")
    other = lappi.parent / ".someone-elses.tmp"  # not one of ours: left alone
    other.write_text("keep", encoding="utf-8")
    MatrixFile(lappi)
    assert not leftover.exists()
    assert other.exists()


def test_a_folder_where_the_file_should_be_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "report.html").mkdir()
    with pytest.raises(WriteError) as raised:
        write_atomic(tmp_path / "report.html", "<p>x</p>", expected=None)
    assert str(raised.value) == (
        f"{tmp_path / 'report.html'}: cannot write: Is a directory; nothing was changed"
        " — a folder has that name: choose a file name"
    )


# --- concurrent saves and kills ------------------------------------------------------------------


def _saver(path: str, worker: int, saves: int) -> list[str]:
    """Append one line per save, each expecting what it read; return the lines saved."""
    saved = []
    for number in range(saves):
        line = f"{worker}-{number}"
        while True:
            text = Path(path).read_text(encoding="utf-8")
            try:
                write_atomic(path, text + line + "\n", expected=text)
            except FileChangedError:
                continue  # refused: read again and retry, as a facilitator would
            saved.append(line)
            break
    return saved


def test_four_processes_saving_at_once_lose_no_acknowledged_save(tmp_path: Path) -> None:
    path = tmp_path / "shared.txt"
    path.write_text("", encoding="utf-8")
    context = multiprocessing.get_context("fork")
    with context.Pool(4) as pool:
        results = pool.starmap(_saver, [(str(path), worker, 500) for worker in range(4)])
    final = path.read_text(encoding="utf-8").splitlines()
    acknowledged = [line for saved in results for line in saved]
    assert len(acknowledged) == 2000
    assert sorted(final) == sorted(acknowledged)  # every "saved" is there, once


def _count_for_ever(path: str) -> None:
    """Save T4.1's note as "kierros N", N one more than the file holds, for ever."""
    file = MatrixFile(Path(path), editor="kill test")
    while True:
        file.set_note("T4.1", f"kierros {_round(file.matrix)}")


def _round(matrix: elo_coord.Matrix) -> int:
    note = next(r for r in matrix.rows if r.row == "T4.1").note or "kierros 0"
    return int(note.split()[-1]) + 1


def test_a_writer_killed_at_any_moment_leaves_a_valid_file_and_no_phantom_log_line(
    lappi: Path,
) -> None:
    MatrixFile(lappi).set_note("T4.1", "kierros 0")
    context = multiprocessing.get_context("fork")
    rng = random.Random(9)
    for _ in range(200):
        child = context.Process(target=_count_for_ever, args=(str(lappi),))
        child.start()
        time.sleep(rng.uniform(0.01, 0.08))
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        in_file = _round(elo_coord.load_matrix(lappi)) - 1  # parses and validates, every time
        rounds = [
            int(str(entry["new"]).split()[-1])
            for entry in logged(lappi.parent)  # every line is whole JSON
            if entry["field"] == "note"
        ]
        # The log never runs ahead of the file: its last round was written. (A writer killed
        # between the rename and its log line leaves the file one round ahead instead.)
        assert rounds[-1] <= in_file
        assert rounds == sorted(rounds)
    assert in_file > 200  # the writers did write
    MatrixFile(lappi).set_note("T4.1", "")  # the next save clears what killed writers left
    assert list(lappi.parent.glob(".lappi.yaml.*.tmp")) == []


def test_undoing_a_refused_edit_does_not_claim_the_file_is_saved(lappi: Path) -> None:
    file = MatrixFile(lappi, editor="Minä")
    MatrixFile(lappi, editor="Toinen").toggle("T6.1", "regional", "kirjastot")
    file.toggle(*CELL)
    assert "changed on disk" in file.message
    file.undo()  # back to the text this facilitator read, which the disk no longer holds
    assert not file.dirty
    assert "changed on disk" in file.message
    assert file.role("T6.1", "regional", "kirjastot") is None  # their edit is not on screen yet
