"""Filling a survey workbook as a person would: cells found through the headers (the key row).

The helpers never use elo_coord's layout code: a test finds a grid's cell by the row id in the
``@row`` column and the body id in the hidden key row, and an answer by its ``@…`` key, so that
a test fails when the layout drifts from what the reader expects.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet


def key_row(sheet: Worksheet, marker: str = "@row") -> int:
    """Return the number of the hidden row holding ``marker``."""
    for row in sheet.iter_rows(max_row=10):
        if any(cell.value == marker for cell in row):
            return int(row[0].row)
    raise AssertionError(f"{sheet.title} has no key row")


def keys(sheet: Worksheet, marker: str = "@row") -> list[str]:
    """Return the key row's values, left to right."""
    return [cell.value for cell in sheet[key_row(sheet, marker)] if cell.value is not None]


def grid_cell(sheet: Worksheet, row_id: str, key: str) -> Cell:
    """Return the cell of ``key`` (a body id, ``@tasks`` or ``@note``) on the row ``row_id``."""
    number = key_row(sheet)
    columns = {cell.value: cell.column for cell in sheet[number]}
    for row in sheet.iter_rows(min_row=number + 1):
        if row[columns["@row"] - 1].value == row_id:
            cell = sheet.cell(row[0].row, columns[key])
            assert isinstance(cell, Cell)
            return cell
    raise AssertionError(f"{sheet.title} has no row {row_id}")


def answer_cell(sheet: Worksheet, key: str) -> Cell:
    """Return the answer cell of ``key`` (``@respondent``, ``@answer:Q2`` …) on the answer sheet."""
    number = key_row(sheet, "@value")
    columns = {cell.value: cell.column for cell in sheet[number]}
    for row in sheet.iter_rows(min_row=number + 1):
        if row[columns["@key"] - 1].value == key:
            cell = sheet.cell(row[0].row, columns["@value"])
            assert isinstance(cell, Cell)
            return cell
    raise AssertionError(f"{sheet.title} has no answer {key}")


def fill(
    path: Path,
    grids: Mapping[tuple[str, str, str], object] = {},
    answers: Mapping[str, object] = {},
) -> None:
    """Type values into the workbook at ``path``.

    ``grids`` maps (sheet, row id, key) to a value, ``answers`` an answer's key to a value.
    """
    book = load_workbook(path)
    for (sheet, row_id, key), value in grids.items():
        grid_cell(book[sheet], row_id, key).value = value
    answer = next(s for s in book.worksheets if "@value" in keys_or_empty(s, "@value"))
    for key, value in answers.items():
        answer_cell(answer, key).value = value
    book.save(path)


def keys_or_empty(sheet: Worksheet, marker: str) -> list[str]:
    try:
        return keys(sheet, marker)
    except AssertionError:
        return []
