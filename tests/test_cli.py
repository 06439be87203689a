"""The elo-coord command on the shipped data and on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from elo_coord._cli import main

from .conftest import DATA


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_validate_passes_on_the_shipped_matrices(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate", "matrices/")
    assert status == 0
    # paijat-hame answers T5.1 with no regional body (a warning); four rows are left
    # unanswered in three proposals (notes).
    assert out.splitlines()[-1] == "13 matrix files: 0 errors, 1 warning, 4 notes (-v shows notes)"
    assert out.splitlines()[0].startswith("matrices/proposals/paijat-hame.yaml:")
    assert "warning no-body (T5.1, regional)" in out


def test_verbose_validate_shows_the_rows_left_unanswered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "validate", "-v", "matrices/proposals")
    notes = [line for line in out.splitlines() if " info missing-row " in line]
    assert len(notes) == 4
    assert any(line.startswith("matrices/proposals/pirkanmaa.yaml") for line in notes)


def test_a_bad_file_prints_one_line_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "validate", str(DATA / "bad" / "unknown-body.yaml"))
    assert status == 1
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == (
        f"{DATA / 'bad' / 'unknown-body.yaml'}:15: error: unknown body 'TE-toimsto'"
        " at rows[1].regional.bodies[1].body — did you mean 'TE-toimistot'?"
    )
    assert lines[1] == "1 matrix file: 1 error, 0 warnings, 0 notes"


def test_lint_errors_point_at_the_line_of_the_body(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate", str(DATA / "lint" / "wrong-level.yaml"))
    assert status == 1
    # wrong-level.yaml line 9 is "national: {bodies: [OKM, ELY]}".
    assert out.splitlines()[0] == (
        f"{DATA / 'lint' / 'wrong-level.yaml'}:9: error wrong-level (T4.1, national, ELY):"
        " 'ELY' is a regional body, not a national one"
    )


def test_json_output_lists_every_finding_for_scripts(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate", "--format", "json", "matrices/proposals")
    assert status == 0
    findings = json.loads(out)
    assert {(f["code"], f["severity"]) for f in findings} == {
        ("no-body", "warning"),
        ("missing-row", "info"),
    }
    assert {"path", "line", "matrix", "row", "level", "body", "message"} <= set(findings[0])


def test_a_missing_path_is_an_error_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "validate", "no/such/folder")
    assert status == 1
    assert "no/such/folder: error: no such file or folder" in out
    assert "Traceback" not in out + err


@pytest.mark.parametrize("command", [[], ["validate"], ["schemas"]])
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    assert "usage: elo-coord" in capsys.readouterr().out


def test_the_installed_command_runs(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "elo-coord"
    done = subprocess.run(
        [str(script), "validate", str(DATA / "bad" / "syntax.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert ": error: YAML syntax" in done.stdout


def test_schemas_writes_only_what_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "schemas", str(tmp_path))
    assert status == 0
    assert len(out.splitlines()) == 5
    status, out, _ = run(capsys, "schemas", str(tmp_path))
    assert out == ""
