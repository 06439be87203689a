"""Files that look valid but say something impossible are refused, each with one line."""

from __future__ import annotations

from pathlib import Path

import pytest

import elo_coord
from elo_coord import MatrixFileError

HEAD = """\
id: x
kind: synthesis
strategy: elo-2020-2023
date: 2022-03-18
title: Testi
"""


def load(tmp_path: Path, text: str) -> elo_coord.Matrix:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return elo_coord.load_matrix(path)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        # A region in provenance that the registry does not know.
        (
            HEAD + "rows:\n  - row: T4.1\n    regional:\n"
            "      bodies: [{body: ELY, regions: [lappi, atlantis]}]\n",
            "x.yaml:9: unknown region 'atlantis' at rows[0].regional.bodies[0].regions[1]",
        ),
        (
            HEAD + "rows:\n  - row: T4.1\n    regional:\n"
            "      tasks: [{text: Koulutus, regions: [atlantis]}]\n",
            "x.yaml:9: unknown region 'atlantis' at rows[0].regional.tasks[0].regions[0]",
        ),
        # Open questions that name what does not exist.
        (
            HEAD + "questions:\n  - {row: T9.9, level: regional, status: contested}\n",
            "x.yaml:7: unknown row 'T9.9' at questions[0].row — name a row of the strategy",
        ),
        (
            HEAD + "questions:\n  - {row: T4.1, level: local, status: contested}\n",
            "x.yaml:7: level 'local' is not a level of a matrix at questions[0].level",
        ),
        (
            HEAD + "questions:\n  - {row: T4.1, level: regional, body: XYZ, status: minority}\n",
            "x.yaml:7: unknown body 'XYZ' at questions[0].body",
        ),
        (
            HEAD + "questions:\n  - {row: T4.1, level: regional, status: minority,"
            " regions: [atlantis]}\n",
            "x.yaml:7: unknown region 'atlantis' at questions[0].regions[0]",
        ),
        # A title of spaces, and a date written as seconds since 1970.
        (
            HEAD.replace("title: Testi", "title: '   '"),
            "x.yaml:5: the text is blank: write something, or leave the key out, got '   '",
        ),
        (
            HEAD.replace("date: 2022-03-18", "date: 1647561600"),
            "x.yaml:4: 1647561600 is not a date at date — write dates as YYYY-MM-DD",
        ),
    ],
)
def test_an_impossible_file_is_refused_in_one_line(tmp_path: Path, text: str, says: str) -> None:
    with pytest.raises(MatrixFileError) as raised:
        load(tmp_path, text)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"{tmp_path / says}")


def test_the_same_file_with_known_names_loads(tmp_path: Path) -> None:
    matrix = load(
        tmp_path,
        HEAD + "rows:\n  - row: T4.1\n    regional:\n"
        "      bodies: [{body: ELY, regions: [lappi]}]\n"
        "questions:\n  - {row: T4.1, level: regional, body: ELY, status: minority,"
        " regions: [lappi]}\n",
    )
    assert matrix.questions[0].regions == ("lappi",)


def test_a_note_that_reads_as_a_date_is_the_text_written() -> None:
    path = Path(__file__).parent / "data" / "note-a-date.yaml"
    (row,) = elo_coord.load_matrix(path).rows
    assert row.note == "2022-03-18"
