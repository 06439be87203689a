"""Damaged returns: whatever comes back, reading ends in the answer or in one line per problem.

Each case starts from the same filled workbook of Lappi (tno-2022, dated 15.2.2022), damages it
the way a person or a program might, and names the exact line the reader must give — the first
problem, or a note when the reader copes. Addresses were worked out from the template's layout:

    Kansallinen  A @row, B @text, C OKM, D TEM, E OPH, F JOTPA, G KEHA, H ELO-foorumi,
                 I @tasks, J @note; row 3 the key row, rows 4–16 T1.1a … T6.1
    Alueellinen  A @row, B @text, C ELY, D AVI, E TE-toimistot, F maakuntien-liitot, G kunnat,
                 H kirjastot, I oppilaitokset, J kolmas-sektori, K ohjaamot, L @tasks, M @note
    Vastaus      A key, B question, C answer; rows 4 @respondent, 5 @declined, 6–7 @answer:Q2–3,
                 8 @note
    elo_coord    B1 format, B2 version, B3 survey, B4 group, B5 strategy …
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from openpyxl import Workbook, load_workbook

from elo_coord import Matrix, MatrixFileError, Registry
from elo_coord._errors import WorkbookError
from elo_coord._intake import Imported, read_return, write_csv
from elo_coord._workbook import write_workbook

from .workbooks import fill

NAME = "elo-lappi.xlsx"

FILLED = {
    ("Kansallinen", "T1.1a", "OKM"): "kumppani",
    ("Kansallinen", "T1.1a", "TEM"): "vastuutaho",
    ("Kansallinen", "T1.1a", "@tasks"): "Linjaukset toiminnalle",
    ("Kansallinen", "T1.1b", "OKM"): "kumppani",
    ("Alueellinen", "T1.1a", "ELY"): "vastuutaho",
    ("Alueellinen", "T1.1a", "kunnat"): "kumppani",
    ("Alueellinen", "T1.1a", "@tasks"): "Saatavuuden arviointi",
    ("Alueellinen", "T1.1d", "kunnat"): "kumppani",
    ("Alueellinen", "T1.2a", "ELY"): "kumppani",
}
ANSWERS = {"@respondent": "ryhmä", "@answer:Q2": "Alueellinen kehys"}

ROWS: list[dict[str, Any]] = [
    {
        "row": "T1.1a",
        "national": {
            "bodies": ["OKM", {"body": "TEM", "role": "lead"}],
            "tasks": ["Linjaukset toiminnalle"],
        },
        "regional": {
            "bodies": [{"body": "ELY", "role": "lead"}, "kunnat"],
            "tasks": ["Saatavuuden arviointi"],
        },
    },
    {"row": "T1.1b", "national": {"bodies": ["OKM"]}},
    {"row": "T1.1d", "regional": {"bodies": ["kunnat"]}},
    {"row": "T1.2a", "regional": {"bodies": ["ELY"]}},
]


def answer(rows: list[dict[str, Any]] = ROWS) -> Matrix:
    """The answer the filled workbook holds, worked out by hand."""
    return Matrix.model_validate(
        {
            "id": "elo-lappi",
            "kind": "proposal",
            "strategy": "elo-2020-2023",
            "date": "2022-02-15",
            "title": "Lapin ELO-ryhmä: TNO-foorumin ennakkokysely 2022",
            "source": f"returned workbook {NAME}",
            "groups": ["elo-lappi"],
            "proposers": ["lappi"],
            "survey": "tno-2022",
            "respondent": "group",
            "answers": {"Q2": "Alueellinen kehys"},
            "rows": rows,
        }
    )


# --- the damage ---------------------------------------------------------------------------------

Damage = Callable[[Path], None]


def in_book(change: Callable[[Workbook], None]) -> Damage:
    """Damage made in the spreadsheet itself: open, change, save."""

    def damage(path: Path) -> None:
        book = load_workbook(path)
        change(book)
        book.save(path)

    return damage


def typed(sheet: str, cell: str, value: object) -> Damage:
    def change(book: Workbook) -> None:
        book[sheet][cell] = value

    return in_book(change)


def rename(old: str, new: str, *, drop_key_row: bool = False) -> Damage:
    def change(book: Workbook) -> None:
        sheet = book[old]
        sheet.title = new
        if drop_key_row:
            sheet.delete_rows(3)

    return in_book(change)


def duplicate_row(book: Workbook) -> None:
    sheet = book["Kansallinen"]
    for column in range(1, 11):
        sheet.cell(17, column, sheet.cell(4, column).value)


def merge(book: Workbook) -> None:
    book["Alueellinen"].merge_cells("C7:E7")


def lock_with_password(book: Workbook) -> None:
    book["Kansallinen"].protection.password = "salainen"


def untidy(book: Workbook) -> None:
    sheet = book["Alueellinen"]
    sheet.insert_rows(6, 2)  # two blank lines among the strategy's rows
    sheet["H4"] = "  kumppani  "  # kirjastot, T1.1a
    sheet["L9"] = 3.0  # a number typed as a task (T1.1d, moved down two lines)
    sheet["M10"] = "   "  # only spaces in a note (T1.2a)
    for row in (20, 21, 22):
        sheet.cell(row, 1, "  ")


def move_column(book: Workbook) -> None:
    sheet = book["Kansallinen"]
    for row in range(1, 17):
        okm, tem = sheet.cell(row, 3), sheet.cell(row, 4)
        okm.value, tem.value = tem.value, okm.value


def drop_meta(book: Workbook) -> None:
    del book["elo_coord"]


def write_bytes(data: bytes) -> Damage:
    def damage(path: Path) -> None:
        path.write_bytes(data)

    return damage


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def encrypt(path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    with path.open("rb") as file:
        OOXMLFile(file).encrypt("salasana", out)
    path.write_bytes(out.getvalue())


def ods(path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    path.write_bytes(buffer.getvalue())


def xls(path: Path) -> None:
    # An OLE2 compound file's header, as Excel 97-2003 writes one, and no EncryptedPackage.
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le")
    )


class Case(NamedTuple):
    damage: Damage
    error: str | None = None
    """The first line of the error, after ``{path}: ``; ``None`` when the file reads."""
    note: str | None = None
    """The one note, after ``{path}: ``, when the file reads."""
    rows: list[dict[str, Any]] = ROWS
    name: str = NAME


T11B_WITHOUT_ID = typed("Kansallinen", "A5", None)

CASES: dict[str, Case] = {
    "typo-in-a-role": Case(
        typed("Alueellinen", "C8", "vastuu"),
        "Alueellinen!C8: unknown role 'vastuu' — did you mean 'vastuutaho'?",
    ),
    "unknown-body-in-the-key-row": Case(
        typed("Alueellinen", "E3", "TE-toimsto"),
        "Alueellinen!E3: unknown body 'TE-toimsto' in the key row — did you mean 'TE-toimistot'?",
    ),
    "grid-renamed-key-row-intact": Case(
        rename("Alueellinen", "Taulukko1"),
        note="Taulukko1: read as the regional grid (found by its key row; the template names it"
        " 'Alueellinen')",
    ),
    "grid-renamed-and-key-row-deleted": Case(
        rename("Kansallinen", "Taulukko1", drop_key_row=True),
        "the national grid is missing: no sheet is named 'Kansallinen' and none has its key row"
        " — return the workbook with the sheets elo-coord made",
    ),
    "key-row-deleted": Case(
        in_book(lambda book: book["Kansallinen"].delete_rows(3)),
        "Kansallinen: the sheet has no key row (the hidden row of @row, @text, the body ids,"
        " @tasks and @note): it is not from an elo-coord template — copy the answers into the"
        " workbook elo-coord sent, and return that",
    ),
    "a-value-in-a-row-without-an-id": Case(
        T11B_WITHOUT_ID,
        "Kansallinen!C5: a value in a row that has no row id — write the row's id in column A,"
        " or clear the row",
    ),
    "unknown-row-id": Case(
        typed("Kansallinen", "A13", "T4.11"),
        "Kansallinen!A13: unknown row 'T4.11' — did you mean 'T4.1'?",
    ),
    "duplicated-row": Case(
        in_book(duplicate_row),
        "Kansallinen!A17: row 'T1.1a' is here twice (also A4) — keep one line per row",
    ),
    "merged-answer-cells": Case(
        in_book(merge),
        "Alueellinen!C7:E7: merged cells cover answer cells — unmerge them, and give each cell"
        " its own value",
    ),
    "a-formula": Case(
        typed("Kansallinen", "I5", "=SUM(C4:C6)"),
        "Kansallinen!I5: a formula (=SUM(C4:C6)) where a text belongs — type the value itself",
    ),
    "a-date-in-a-role-cell": Case(
        typed("Alueellinen", "D4", dt.date(2022, 3, 18)),
        "Alueellinen!D4: a date or time (2022-03-18) where a role belongs — choose the role from"
        " the list",
    ),
    "a-date-in-a-task-cell": Case(
        typed("Alueellinen", "L5", dt.datetime(2022, 3, 18, 9, 30)),
        "Alueellinen!L5: a date or time (2022-03-18 09:30:00) where a text belongs — type it as"
        " text: start the cell with an apostrophe (')",
    ),
    "unknown-body-in-a-task": Case(
        typed("Alueellinen", "L4", "Saatavuuden arviointi [ELY, kunnta]"),
        "Alueellinen!L4: unknown body 'kunnta' in the brackets of the task 'Saatavuuden"
        " arviointi' — did you mean 'kunnat'?",
    ),
    "locked-with-a-password": Case(
        in_book(lock_with_password),
        note="Kansallinen: the sheet is locked with a password; it was read all the same",
    ),
    "blank-rows-spaces-and-a-number": Case(
        in_book(untidy),
        rows=[
            {
                **ROWS[0],
                "regional": {
                    "bodies": [{"body": "ELY", "role": "lead"}, "kunnat", "kirjastot"],
                    "tasks": ["Saatavuuden arviointi"],
                },
            },
            ROWS[1],
            {"row": "T1.1d", "regional": {"bodies": ["kunnat"], "tasks": ["3"]}},
            ROWS[3],
        ],
    ),
    "a-column-moved": Case(
        in_book(move_column),
        note="Kansallinen!3:3: the columns are in another order than the template's; each was"
        " read by its key",
    ),
    "no-elo-coord-sheet": Case(
        in_book(drop_meta),
        "the workbook has no elo_coord sheet: it was not made by elo-coord, or the sheet was"
        " deleted — fill in the workbook elo-coord sent, and return it",
    ),
    "another-format-version": Case(
        typed("elo_coord", "B2", 2),
        "elo_coord!B2: workbook format version '2'; this elo-coord reads version 1 — fill in a"
        " workbook made by this version of elo-coord (elo-coord round new)",
    ),
    "unknown-group": Case(
        typed("elo_coord", "B4", "elo-lapi"),
        "elo_coord!B4: unknown group 'elo-lapi' — did you mean 'elo-lappi'?",
    ),
    "unknown-survey": Case(
        typed("elo_coord", "B3", "tno-2023"),
        "elo_coord!B3: unknown survey 'tno-2023' — did you mean 'tno-2022'?",
    ),
    "a-respondent-the-survey-does-not-allow": Case(
        typed("Vastaus", "C4", "koordinaattori"),
        "Vastaus!C4: survey 'tno-2022' was answered by group, not coordinator — write the"
        " respondent the survey allows",
    ),
    "an-unknown-respondent": Case(
        typed("Vastaus", "C4", "ryhma"),
        "Vastaus!C4: unknown respondent 'ryhma' — did you mean 'ryhmä'?",
    ),
    "xls": Case(
        xls,
        "an old Excel file (.xls) or another Office file, not an .xlsx workbook — open it and"
        " save it as Excel Workbook (.xlsx)",
        name="elo-lappi.xls",
    ),
    "ods": Case(
        ods,
        "an OpenDocument spreadsheet (.ods), not an .xlsx workbook — save it as Excel 2007-365"
        " (.xlsx) and return that",
        name="elo-lappi.ods",
    ),
    "empty-file": Case(
        write_bytes(b""), "the file is empty (0 bytes) — save the workbook again and return it"
    ),
    "text-named-xlsx": Case(
        write_bytes(b"rivi;OKM;TEM\nT1.1a;kumppani;vastuutaho\n"),
        "not an .xlsx workbook: the file is text — return the workbook as the spreadsheet"
        " program saves it (.xlsx)",
    ),
    "password-protected-xlsx": Case(
        encrypt,
        "the workbook is protected with a password, so it cannot be read — remove the password"
        " (File ▸ Info ▸ Protect Workbook), save, and return it",
    ),
    "truncated-zip": Case(
        truncate,
        "the file is damaged or cut short: not a whole .xlsx workbook — save the workbook again"
        " and return it",
    ),
    "a-zip-that-is-no-workbook": Case(
        write_bytes(b"PK\x05\x06" + b"\x00" * 18),
        "a zip file, not an .xlsx workbook — return the workbook as the spreadsheet program"
        " saves it (.xlsx)",
    ),
}


@pytest.fixture
def group_registry(registry: Registry) -> Registry:
    """The shipped registry, with tno-2022 answered by whole groups only."""
    survey = registry.survey("tno-2022")
    narrow = survey.model_copy(update={"respondents": (survey.respondents[1],)})
    assert narrow.respondents == ("group",)
    return dataclasses.replace(registry, surveys={**registry.surveys, "tno-2022": narrow})


def filled_workbook(folder: Path, registry: Registry) -> Path:
    path = folder / NAME
    survey = registry.survey("tno-2022")
    write_workbook(path, group="elo-lappi", survey=survey, registry=registry)
    fill(path, FILLED, ANSWERS)
    return path


def read(path: Path, registry: Registry) -> Imported:
    """Read a return; any exception but MatrixFileError escapes and fails the test."""
    return read_return(path, registry=registry)


def test_the_undamaged_workbook_reads_as_the_answer_worked_out_by_hand(
    tmp_path: Path, group_registry: Registry
) -> None:
    imported = read(filled_workbook(tmp_path, group_registry), group_registry)
    assert (imported.matrix, imported.notes) == (answer(), ())


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_a_damaged_return_reads_or_fails_in_one_line_that_names_the_place(
    tmp_path: Path, group_registry: Registry, case: Case
) -> None:
    path = filled_workbook(tmp_path, group_registry)
    case.damage(path)
    path = path.rename(path.with_name(case.name))
    if case.error is None:
        imported = read(path, group_registry)
        assert imported.matrix == answer(case.rows)
        assert imported.notes == ((f"{path}: {case.note}",) if case.note else ())
        return
    with pytest.raises(MatrixFileError) as caught:
        read(path, group_registry)
    assert str(caught.value).splitlines() == [f"{path}: {case.error}"]
    assert isinstance(caught.value, WorkbookError)


def test_the_corpus_has_at_least_22_kinds_of_damage() -> None:
    assert len(CASES) >= 22


def test_every_problem_of_a_file_is_told_ten_at_most_the_first_raised(
    tmp_path: Path, group_registry: Registry
) -> None:
    path = filled_workbook(tmp_path, group_registry)
    book = load_workbook(path)
    sheet = book["Alueellinen"]
    for row in range(4, 16):
        sheet.cell(row, 3, "vastuu")  # ELY, T1.1a … T5.2: twelve typos
    book.save(path)
    with pytest.raises(WorkbookError) as caught:
        read(path, group_registry)
    error = caught.value
    assert (error.sheet, error.cell, error.more_count, len(error.more)) == (
        "Alueellinen",
        "C4",
        11,
        9,
    )
    assert str(error.more[-1]) == (
        f"{path}: Alueellinen!C13: unknown role 'vastuu' — did you mean 'vastuutaho'?"
    )


def test_a_csv_return_names_the_line_and_column_of_an_unknown_role(
    tmp_path: Path, group_registry: Registry
) -> None:
    path = tmp_path / "lappi.csv"
    write_csv(answer(), path)
    lines = path.read_text(encoding="utf-8").splitlines()
    # Line 1 is the header; T1.1a's national bodies OKM and TEM are lines 2 and 3.
    assert ",TEM,lead," in lines[2]
    lines[2] = lines[2].replace(",TEM,lead,", ",TEM,vastuu,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(MatrixFileError) as caught:
        read(path, group_registry)
    assert str(caught.value) == (
        f"{path}:3: column role: unknown role 'vastuu' — did you mean 'vastuutaho'?"
    )


def test_a_csv_return_names_the_line_of_a_body_the_registry_does_not_know(
    tmp_path: Path, group_registry: Registry
) -> None:
    path = tmp_path / "lappi.csv"
    write_csv(answer(), path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",kunnat,", ",kunnta,", 1), encoding="utf-8")
    with pytest.raises(MatrixFileError) as caught:
        read(path, group_registry)
    # Lines 2–3 national OKM and TEM of T1.1a, lines 4–5 regional ELY and kunnat.
    assert (
        str(caught.value)
        == f"{path}:5: column body_id: unknown body 'kunnta' — did you mean 'kunnat'?"
    )


def test_a_file_neither_workbook_nor_csv_is_one_line(
    tmp_path: Path, group_registry: Registry
) -> None:
    path = tmp_path / "vastaus.pdf"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    with pytest.raises(MatrixFileError) as caught:
        read(path, group_registry)
    assert str(caught.value) == (
        f"{path}: neither an .xlsx workbook nor a CSV file — return the workbook elo-coord"
        " sent, filled in, as .xlsx"
    )


def test_a_word_document_is_not_read_as_a_workbook_though_it_is_a_zip_too(
    tmp_path: Path, group_registry: Registry
) -> None:
    path = tmp_path / "muistio.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(MatrixFileError) as caught:
        read(path, group_registry)
    assert str(caught.value) == (
        f"{path}: neither an .xlsx workbook nor a CSV file — return the workbook elo-coord"
        " sent, filled in, as .xlsx"
    )


def test_a_workbook_openpyxl_cannot_read_is_one_line_not_a_traceback(
    tmp_path: Path, group_registry: Registry
) -> None:
    path = tmp_path / NAME
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet")
    with pytest.raises(WorkbookError) as caught:
        read(path, group_registry)
    (line,) = str(caught.value).splitlines()
    assert line.startswith(f"{path}: the workbook cannot be read: ")
    assert line.endswith(" — open it in Excel or LibreOffice, save it again as .xlsx and return it")
