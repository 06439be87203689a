"""Reading a returned answer: a filled workbook (or a CSV) → a :class:`Matrix`, errors by cell.

:func:`read_return` takes whatever a group sent back. A workbook is read by its layout
(:mod:`elo_coord._workbook`): sheets by name in either language, else by their hidden key row;
every column by the key row, wherever it was moved. Reading is tolerant — blank rows are
skipped, spaces stripped, a number typed in a text cell read as its text, role words taken in
any language and case — and never silent: what was read but deserves a word comes back in
:attr:`Imported.notes`. What cannot be read is a :class:`~elo_coord.WorkbookError`, one line
per problem (``lappi.xlsx: Alueellinen!F7: unknown role 'vastuu' — did you mean
'vastuutaho'?``), at most ten per file, the first raised with the others in ``more``.

The matrix read is then checked as a YAML file is (:func:`elo_coord._io.check_matrix`), so a
return and a proposal file hold the same.

CSV returns have the columns of :data:`elo_coord.MATRIX_FRAME_SCHEMA` (list and struct columns
as JSON text); :func:`write_csv` writes them, :func:`read_csv` reads them back exactly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import ValidationError

from elo_coord._atomic import write_bytes_atomic
from elo_coord._errors import MatrixFileError, WorkbookError, address
from elo_coord._io import check_matrix
from elo_coord._model import (
    LANGS,
    MATRIX_LEVELS,
    Assignment,
    Cell,
    Kind,
    Lang,
    Level,
    Matrix,
    Respondent,
    Row,
    Survey,
    Task,
)
from elo_coord._registry import Registry
from elo_coord._text import FORMULA_START
from elo_coord._workbook import (
    ANSWER_PREFIX,
    DECLINED_KEY,
    FORMAT,
    KEY_KEY,
    META_SHEET,
    NOTE_KEY,
    RESPONDENT_KEY,
    ROW_KEY,
    TASKS_KEY,
    TEXT_KEY,
    VALUE_KEY,
    VERSION,
    Part,
    grid_keys,
    parse_task,
    plain_name,
    respondent_of,
    role_of,
    role_words,
    sheet_name,
    sheet_names,
    yes_of,
)
from elo_coord._yaml import suggest

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell as SheetCell
    from openpyxl.cell.cell import MergedCell
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "MAX_RETURN_BYTES",
    "Imported",
    "read_csv",
    "read_return",
    "read_workbook",
    "write_csv",
]

MAX_RETURN_BYTES = 20_000_000
"""Largest returned file read, in bytes (a filled workbook is some 20 kB)."""
_MAX_UNPACKED = 200_000_000
"""Largest total of a workbook's unpacked parts: a zip bomb is refused before it is opened."""
_MAX_ROWS = 5_000
_MAX_COLUMNS = 500
_KEY_SEARCH = 30
"""How many rows from the top a key row is looked for in."""
_MORE = 9
"""Further problems of one file carried beside the first."""

_SPREADSHEETS = (".xlsx", ".xlsm", ".xltx", ".xls", ".ods")
_DOCUMENTS = (".docx", ".doc", ".odt", ".rtf", ".pdf", ".pptx", ".ppt", ".odp", ".txt", ".zip")
"""Suffixes of files read as workbooks (and told apart by their content) whatever they hold."""
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_ODS = b"application/vnd.oasis.opendocument.spreadsheet"
_ESCAPED = re.compile("^'+" + FORMULA_START.removeprefix("^"))
_NEEDS_ESCAPE = re.compile("^'*" + FORMULA_START.removeprefix("^"))


class Imported(NamedTuple):
    """A returned file read: the answer and what deserves a word about how it was read."""

    path: Path
    """The file."""
    matrix: Matrix
    """The answer, checked as a matrix file is: a proposal of the group for the survey."""
    notes: tuple[str, ...]
    """One line each, addressed like errors, for what was read but deserves a word: a renamed
    sheet found by its key row, a sheet locked with a password, columns in another order."""


# --- the entry points ---------------------------------------------------------------------------


def read_return(path: str | Path, *, registry: Registry) -> Imported:
    """Read a returned file, a workbook or a CSV, by its content and its name.

    Raises
    ------
    MatrixFileError
        One line (a :class:`~elo_coord.WorkbookError` for a workbook): the file is not a
        workbook or a CSV, or its answer cannot be read.
    """
    path = Path(path)
    raw = _read_bytes(path)
    suffix = path.suffix.casefold()
    # A Word or PowerPoint file is a zip or an OLE file too: its name tells it from a workbook.
    if suffix not in _DOCUMENTS and (raw.startswith((b"PK", _OLE)) or suffix in _SPREADSHEETS):
        return _read_workbook(path, raw, registry)
    if suffix == ".csv":
        return _read_csv(path, raw, registry)
    raise WorkbookError(
        path,
        None,
        None,
        "neither an .xlsx workbook nor a CSV file",
        "return the workbook elo-coord sent, filled in, as .xlsx",
    )


def read_workbook(path: str | Path, *, registry: Registry) -> Imported:
    """Read a filled survey workbook into a proposal.

    Parameters
    ----------
    path
        The returned ``.xlsx`` file.
    registry
        Knows the survey and the group the workbook's ``elo_coord`` sheet names, and the bodies.

    Returns
    -------
    Imported
        The answer, a proposal of kind ``proposal`` whose id is the group's, dated on the
        survey's ``sent``; and notes on how it was read.

    Raises
    ------
    WorkbookError
        The first problem, one line with the file, the sheet and the cell; up to nine more in
        ``more``. Also for a file that is no ``.xlsx`` workbook: empty, text, ``.xls``, ``.ods``,
        encrypted, cut short.
    """
    path = Path(path)
    return _read_workbook(path, _read_bytes(path), registry)


def read_csv(path: str | Path, *, registry: Registry) -> Imported:
    """Read a CSV file in the tidy frame's columns (:func:`write_csv`) into one matrix.

    Raises
    ------
    MatrixFileError
        One line with the CSV line and column: ``lappi.csv:7: column role: unknown role
        'vastuu' — did you mean 'vastuutaho'?``.
    """
    path = Path(path)
    return _read_csv(path, _read_bytes(path), registry)


def write_csv(matrix: Matrix, path: str | Path, *, overwrite: bool = False) -> None:
    """Write ``matrix`` as CSV in the columns of :func:`elo_coord.to_frame`, atomically.

    An existing file is replaced only with ``overwrite``, as :func:`write_workbook` does.

    List and struct columns are JSON text. A text a spreadsheet would run as a formula
    (``=…``, ``+…``, ``-…``, ``@…``) gets a leading ``'``, which :func:`read_csv` removes, so
    the file reads back as the same matrix.
    """
    from elo_coord._frames import MATRIX_FRAME_SCHEMA, to_frame

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = list(MATRIX_FRAME_SCHEMA)
    writer.writerow(columns)
    for line in to_frame(matrix).iter_rows(named=True):
        writer.writerow(_csv_value(line[name]) for name in columns)
    write_bytes_atomic(path, buffer.getvalue().encode("utf-8"), overwrite=overwrite)


# --- the file as bytes ----------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    try:
        if not path.is_file():
            what = "a folder" if path.is_dir() else "missing"
            raise WorkbookError(path, None, None, f"the file is {what}", "give a returned file")
        size = path.stat().st_size
        if size > MAX_RETURN_BYTES:
            raise WorkbookError(
                path,
                None,
                None,
                f"the file is {size / 1_000_000:,.1f} MB; returns over"
                f" {MAX_RETURN_BYTES // 1_000_000} MB are refused",
                "a filled workbook is a few tens of kB: remove pictures and other sheets",
            )
        raw = path.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise WorkbookError(path, None, None, f"cannot read the file: {reason}") from None
    if not raw:
        raise WorkbookError(
            path, None, None, "the file is empty (0 bytes)", "save the workbook again and return it"
        )
    return raw


def _open_book(path: Path, raw: bytes) -> Workbook:
    """Return the workbook in ``raw``, or raise one line on what the file is instead."""
    if raw.startswith(_OLE):
        if _ENCRYPTED in raw:
            raise WorkbookError(
                path,
                None,
                None,
                "the workbook is protected with a password, so it cannot be read",
                "remove the password (File ▸ Info ▸ Protect Workbook), save, and return it",
            )
        raise WorkbookError(
            path,
            None,
            None,
            "an old Excel file (.xls) or another Office file, not an .xlsx workbook",
            "open it and save it as Excel Workbook (.xlsx)",
        )
    if not raw.startswith(b"PK"):
        what = "text" if _looks_like_text(raw) else "neither a workbook nor text"
        raise WorkbookError(
            path,
            None,
            None,
            f"not an .xlsx workbook: the file is {what}",
            "return the workbook as the spreadsheet program saves it (.xlsx)",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        names = set(archive.namelist())
        if "mimetype" in names:
            kind = archive.read("mimetype").strip()
            if kind == _ODS:
                raise WorkbookError(
                    path,
                    None,
                    None,
                    "an OpenDocument spreadsheet (.ods), not an .xlsx workbook",
                    "save it as Excel 2007-365 (.xlsx) and return that",
                )
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError):
        raise WorkbookError(
            path,
            None,
            None,
            "the file is damaged or cut short: not a whole .xlsx workbook",
            "save the workbook again and return it",
        ) from None
    if "xl/workbook.xml" not in names:
        raise WorkbookError(
            path,
            None,
            None,
            "a zip file, not an .xlsx workbook",
            "return the workbook as the spreadsheet program saves it (.xlsx)",
        )
    if unpacked > _MAX_UNPACKED:
        raise WorkbookError(
            path,
            None,
            None,
            f"the workbook unpacks to {unpacked / 1_000_000:,.0f} MB; a return is refused over"
            f" {_MAX_UNPACKED // 1_000_000} MB",
            "return the workbook elo-coord sent, filled in",
        )
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of extensions it drops; we read on
            return load_workbook(io.BytesIO(raw), data_only=False)
    except Exception as error:  # openpyxl raises anything on a broken part; one line, not a trace
        reason = " ".join(str(error).split())[:200] or type(error).__name__
        raise WorkbookError(
            path,
            None,
            None,
            f"the workbook cannot be read: {reason}",
            "open it in Excel or LibreOffice, save it again as .xlsx and return it",
        ) from None


def _looks_like_text(raw: bytes) -> bool:
    try:
        raw[:4096].decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start > 4090  # a character cut at the end of the sample
    return True


# --- the workbook -------------------------------------------------------------------------------


class _Problems:
    """The problems and notes of one file, in the order found."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[WorkbookError] = []
        self.notes: list[str] = []

    def add(self, sheet: str | None, cell: str | None, message: str, hint: str = "") -> None:
        self.errors.append(WorkbookError(self.path, sheet, cell, message, hint))

    def note(self, sheet: str | None, cell: str | None, message: str) -> None:
        at = address(sheet, cell)
        self.notes.append(f"{self.path}: {at}: {message}" if at else f"{self.path}: {message}")

    def check(self) -> None:
        """Raise the first problem, with the next ones in ``more``, if there is any."""
        if self.errors:
            first = self.errors[0]
            first.more = tuple(self.errors[1 : _MORE + 1])
            first.more_count = len(self.errors) - 1
            raise first


class _Meta(NamedTuple):
    survey: Survey
    group: str
    day: dt.date
    sheet: str
    cells: dict[str, str]
    """Key (``survey``, ``group`` …) → the address of its value in the ``elo_coord`` sheet."""


class _Grid(NamedTuple):
    """What one grid sheet holds: per row id its cell, its note, and where each came from."""

    level: Level
    sheet: str
    rows: dict[str, tuple[Cell, str | None]]
    places: dict[tuple[str, str], str]
    """(row id, key) → the cell's address: ``@row`` for the id, a body id, ``@tasks``."""
    filled: int
    """How many answer cells hold something."""


def _read_workbook(path: Path, raw: bytes, registry: Registry) -> Imported:
    book = _open_book(path, raw)
    problems = _Problems(path)
    meta = _read_meta(book, registry, problems)
    problems.check()
    assert meta is not None
    sheets = _find_sheets(book, registry, meta, problems)
    grids: list[_Grid] = []
    levels: tuple[tuple[Level, Part], ...] = (
        (Level.NATIONAL, "national"),
        (Level.REGIONAL, "regional"),
    )
    for level, part in levels:
        sheet = sheets.get(part)
        if sheet is not None:
            grid = _read_grid(sheet, level, registry, meta, problems)
            if grid is not None:
                grids.append(grid)
    answer = sheets.get("answer")
    answers = _read_answers(answer, meta, problems) if answer is not None else None
    problems.check()
    assert answers is not None
    return _assemble(path, registry, meta, grids, answers, problems)


def _read_meta(book: Workbook, registry: Registry, problems: _Problems) -> _Meta | None:
    sheet = next((s for s in book.worksheets if s.title.casefold() == META_SHEET), None)
    if sheet is None:
        problems.add(
            None,
            None,
            f"the workbook has no {META_SHEET} sheet: it was not made by elo-coord, or the"
            " sheet was deleted",
            "fill in the workbook elo-coord sent, and return it",
        )
        return None
    name = sheet.title
    found: dict[str, tuple[str, str | None]] = {}
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, 50), max_col=2):
        key, value = row[0], row[1]
        if isinstance(key.value, str):
            found[key.value.strip()] = (_plain(value.value), value.coordinate)

    def get(key: str) -> tuple[str, str | None]:
        return found.get(key, ("", None))

    kind, at = get("format")
    if kind != FORMAT:
        problems.add(
            name,
            at,
            f"format {kind!r}, not {FORMAT!r}: the sheet is not elo-coord's",
            "fill in the workbook elo-coord sent, and return it",
        )
        return None
    version, at = get("version")
    if version != str(VERSION):
        problems.add(
            name,
            at,
            f"workbook format version {version!r}; this elo-coord reads version {VERSION}",
            "fill in a workbook made by this version of elo-coord (elo-coord round new)",
        )
        return None
    survey_id, survey_at = get("survey")
    group_id, group_at = get("group")
    survey = registry.surveys.get(survey_id)
    if survey is None:
        problems.add(
            name, survey_at, f"unknown survey {survey_id!r}", registry.hint("survey", survey_id)
        )
    if group_id not in registry.groups:
        problems.add(
            name, group_at, f"unknown group {group_id!r}", registry.hint("group", group_id)
        )
    if survey is None or group_id not in registry.groups:
        return None
    strategy, at = get("strategy")
    if strategy != survey.strategy:
        problems.add(
            name,
            at,
            f"strategy {strategy!r}, but survey {survey.id!r} asks about {survey.strategy!r}",
            "fill in the workbook elo-coord sent for this survey",
        )
    day, at = get("date")
    if day != survey.sent.isoformat():
        problems.note(
            name,
            at,
            f"the workbook was made for {day}; the answer speaks for the survey's date"
            f" {survey.sent}",
        )
    cells = {key: at for key, (_, at) in found.items() if at is not None}
    return _Meta(survey, group_id, survey.sent, name, cells)


def _key_row(sheet: Worksheet, marker: str) -> int | None:
    """Return the row holding ``marker`` among the first rows of ``sheet``."""
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, _KEY_SEARCH)):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.strip() == marker:
                return int(cell.row)
    return None


def _grid_level(sheet: Worksheet, registry: Registry) -> Level | None:
    """Return which grid a sheet found by its key row is: regional if it has regional bodies."""
    row = _key_row(sheet, ROW_KEY)
    if row is None:
        return None
    keys = [c.value.strip() for c in sheet[row] if isinstance(c.value, str)]
    levels = {registry.bodies[k].level for k in keys if k in registry.bodies}
    return Level.NATIONAL if levels <= {Level.NATIONAL} else Level.REGIONAL


def _find_sheets(
    book: Workbook, registry: Registry, meta: _Meta, problems: _Problems
) -> dict[Part, Worksheet]:
    """Return the grids and the answer sheet, by name, else by key row (with a note)."""
    languages = registry.group(meta.group).languages
    others = [s for s in book.worksheets if s.title.casefold() != META_SHEET]
    found: dict[Part, Worksheet] = {}
    parts: tuple[Part, ...] = ("national", "regional", "answer", "instructions")
    for part in parts:
        names = sheet_names(part)
        for sheet in others:
            if plain_name(sheet.title) in names and sheet not in found.values():
                found[part] = sheet
                break
    for sheet in others:
        if sheet in found.values():
            continue
        keyed: Part | None = None
        if _key_row(sheet, ROW_KEY) is not None:
            level = _grid_level(sheet, registry)
            keyed = "national" if level is Level.NATIONAL else "regional"
        elif _key_row(sheet, VALUE_KEY) is not None:
            keyed = "answer"
        if keyed is not None and keyed not in found:
            found[keyed] = sheet
            problems.note(
                sheet.title,
                None,
                f"read as the {_WHAT[keyed]} (found by its key row; the template names it"
                f" {sheet_name(keyed, languages)!r})",
            )
        elif keyed is not None:
            problems.note(
                sheet.title,
                None,
                f"a second {_WHAT[keyed]} (the one read is {found[keyed].title!r}); not read",
            )
        elif _has_values(sheet):
            problems.note(sheet.title, None, "a sheet the template does not have; not read")
    for part in parts[:3]:
        if part not in found:
            problems.add(
                None,
                None,
                f"the {_WHAT[part]} is missing: no sheet is named"
                f" {sheet_name(part, languages)!r} and none has its key row",
                "return the workbook with the sheets elo-coord made",
            )
    for part, held in found.items():
        if held.protection.sheet and (held.protection.password or held.protection.hashValue):
            problems.note(
                held.title, None, "the sheet is locked with a password; it was read all the same"
            )
        if part != "instructions" and (held.max_row > _MAX_ROWS or held.max_column > _MAX_COLUMNS):
            problems.add(
                held.title,
                None,
                f"the sheet reaches row {held.max_row} and column {held.max_column}; a"
                " template's sheet has some twenty rows",
                "delete what was added far below or right of the answers",
            )
    return found


_WHAT: dict[Part, str] = {
    "national": "national grid",
    "regional": "regional grid",
    "answer": "answer sheet",
    "instructions": "instructions",
}


def _has_values(sheet: Worksheet) -> bool:
    if sheet.max_row > _MAX_ROWS or sheet.max_column > _MAX_COLUMNS:
        return True
    return any(
        value not in (None, "") for row in sheet.iter_rows(values_only=True) for value in row
    )


class _Value(NamedTuple):
    text: str
    bad: str | None
    """Why the cell cannot be read (a formula, a date), or ``None``."""


def _value(cell: SheetCell | MergedCell, role: bool = False) -> _Value:
    """Return a cell's text, stripped; a number as its text; a formula or a date as a problem."""
    value = cell.value
    if value is None:
        return _Value("", None)
    where = "a role" if role else "a text"
    if cell.data_type == "f":
        shown = value if isinstance(value, str) else getattr(value, "text", "") or "an array"
        return _Value("", f"a formula ({_short(str(shown))}) where {where} belongs")
    if cell.data_type == "e":
        return _Value("", f"an error value ({_short(str(value))}) where {where} belongs")
    if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
        return _Value("", f"a date or time ({_when(value)}) where {where} belongs")
    return _Value(_plain(value), None)


def _plain(value: object) -> str:
    """Return a cell's value as the text a person typed: ``3.0`` → ``3``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")
    return text.strip()


def _when(value: dt.datetime | dt.date | dt.time | dt.timedelta) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _bad_hint(bad: str, role: bool) -> str:
    if bad.startswith(("a formula", "an error")):
        return "type the value itself" if not role else "choose the role from the list"
    if role:
        return "choose the role from the list"
    return "type it as text: start the cell with an apostrophe (')"


def _read_grid(
    sheet: Worksheet, level: Level, registry: Registry, meta: _Meta, problems: _Problems
) -> _Grid | None:
    from openpyxl.utils import get_column_letter

    name = sheet.title
    key_row = _key_row(sheet, ROW_KEY)
    if key_row is None:
        problems.add(
            name,
            None,
            f"the sheet has no key row (the hidden row of {ROW_KEY}, {TEXT_KEY}, the body ids,"
            f" {TASKS_KEY} and {NOTE_KEY}): it is not from an elo-coord template",
            "copy the answers into the workbook elo-coord sent, and return that",
        )
        return None
    expected = grid_keys(registry, meta.day, level)
    columns: dict[str, int] = {}
    unkeyed: list[int] = []
    for cell in sheet[key_row]:
        key = _plain(cell.value) if cell.data_type != "f" else "=…"
        if not key:
            unkeyed.append(cell.column or 0)
            continue
        if key in columns:
            problems.add(
                name,
                cell.coordinate,
                f"the key row holds {key!r} twice (also"
                f" {get_column_letter(columns[key])}{key_row})",
                "the key row is the template's: undo the change, or use the workbook sent",
            )
            continue
        if not key.startswith("@"):
            known = registry.bodies.get(key)
            if known is None:
                problems.add(
                    name,
                    cell.coordinate,
                    f"unknown body {key!r} in the key row",
                    registry.hint("body", key)
                    or "the key row is the template's: undo the change, or use the workbook sent",
                )
                continue
            if not known.belongs_in(level):
                problems.add(
                    name,
                    cell.coordinate,
                    f"body {key!r} has no column in the {level.value} grid",
                    "the key row is the template's: undo the change, or use the workbook sent",
                )
                continue
        elif key not in (ROW_KEY, TEXT_KEY, TASKS_KEY, NOTE_KEY):
            problems.add(
                name,
                cell.coordinate,
                f"unknown key {key!r} in the key row",
                f"a grid's keys are {ROW_KEY}, {TEXT_KEY}, body ids, {TASKS_KEY} and {NOTE_KEY}",
            )
            continue
        columns[key] = cell.column or 0
    in_order = sorted(columns, key=columns.__getitem__)
    template = [key for key in expected if key in columns]
    if [key for key in in_order if key in expected] != template:
        problems.note(
            name,
            f"{key_row}:{key_row}",
            "the columns are in another order than the template's; each was read by its key",
        )
    missing = [key for key in expected if key not in columns and key != TEXT_KEY]
    if missing:
        problems.note(
            name,
            None,
            f"no column for {', '.join(missing)}: read as empty",
        )
    extra = [key for key in in_order if key not in expected]
    if extra:
        problems.note(
            name,
            None,
            f"columns the template does not have on {meta.day}: {', '.join(extra)}; read",
        )
    bodies = [key for key in expected if key in columns and not key.startswith("@")]
    bodies += [key for key in extra if not key.startswith("@")]
    answer_columns = {columns[key] for key in (*bodies, TASKS_KEY, NOTE_KEY) if key in columns}

    for merged in sheet.merged_cells.ranges:
        if merged.max_row > key_row and any(
            merged.min_col <= c <= merged.max_col for c in answer_columns
        ):
            problems.add(
                name,
                merged.coord,
                "merged cells cover answer cells",
                "unmerge them, and give each cell its own value",
            )

    strategy_rows = [row.id for row in registry.strategy(meta.survey.strategy).rows()]
    id_column = columns.get(ROW_KEY)
    rows: dict[str, tuple[Cell, str | None]] = {}
    places: dict[tuple[str, str], str] = {}
    seen: dict[str, str] = {}
    noted: set[int] = set()
    filled = 0
    for number in range(key_row + 1, sheet.max_row + 1):
        values = {key: sheet.cell(number, column) for key, column in columns.items()}
        answer_cells = [values[key] for key in (*bodies, TASKS_KEY, NOTE_KEY) if key in values]
        holding = [c for c in answer_cells if _plain(c.value) != "" or c.data_type == "f"]
        for column in unkeyed:
            stray = sheet.cell(number, column)
            if column not in noted and _plain(stray.value) != "":
                noted.add(column)
                problems.note(
                    name,
                    stray.coordinate,
                    "a value in a column with no key in the key row; not read",
                )
        id_cell = values.get(ROW_KEY)
        row_id = _value(id_cell) if id_cell is not None else _Value("", None)
        if row_id.bad is not None and id_cell is not None:
            problems.add(name, id_cell.coordinate, row_id.bad, _bad_hint(row_id.bad, False))
            continue
        if not row_id.text:
            if holding:
                problems.add(
                    name,
                    holding[0].coordinate,
                    "a value in a row that has no row id",
                    f"write the row's id in column {get_column_letter(id_column or 1)}, or clear"
                    " the row",
                )
            continue
        assert id_cell is not None
        if row_id.text not in strategy_rows:
            problems.add(
                name,
                id_cell.coordinate,
                f"unknown row {row_id.text!r}",
                suggest(row_id.text, strategy_rows)
                or f"the strategy's rows are {', '.join(strategy_rows)}",
            )
            continue
        if row_id.text in seen:
            problems.add(
                name,
                id_cell.coordinate,
                f"row {row_id.text!r} is here twice (also {seen[row_id.text]})",
                "keep one line per row",
            )
            continue
        seen[row_id.text] = id_cell.coordinate
        places[row_id.text, ROW_KEY] = id_cell.coordinate
        filled += len(holding)
        assignments: list[Assignment] = []
        for body in bodies:
            cell = values[body]
            places[row_id.text, body] = cell.coordinate
            read = _value(cell, role=True)
            if read.bad is not None:
                problems.add(name, cell.coordinate, read.bad, _bad_hint(read.bad, True))
                continue
            try:
                role = role_of(read.text)
            except ValueError:
                problems.add(
                    name,
                    cell.coordinate,
                    f"unknown role {read.text!r}",
                    _role_hint(read.text, registry.group(meta.group).languages),
                )
                continue
            if role is not None:
                assignments.append(Assignment(body=body, role=role))
        tasks: list[Task] = []
        if TASKS_KEY in values:
            cell = values[TASKS_KEY]
            places[row_id.text, TASKS_KEY] = cell.coordinate
            tasks = _read_tasks(name, cell, registry, problems)
        note: str | None = None
        if NOTE_KEY in values:
            read = _value(values[NOTE_KEY])
            if read.bad is not None:
                problems.add(
                    name, values[NOTE_KEY].coordinate, read.bad, _bad_hint(read.bad, False)
                )
            note = read.text or None
        rows[row_id.text] = (Cell(bodies=tuple(assignments), tasks=tuple(tasks)), note)
    return _Grid(level, name, rows, places, filled)


def _role_hint(text: str, languages: Sequence[Lang]) -> str:
    words: list[str] = []
    for lang in LANGS:
        words += [w for w in role_words((lang,))[1:] if w not in words]
    guess = suggest(text[:100], words)
    if guess:
        return guess
    none, partner, lead = role_words(languages)
    return f"choose {none}, {partner} or {lead} from the list"


def _read_tasks(
    sheet: str, cell: SheetCell | MergedCell, registry: Registry, problems: _Problems
) -> list[Task]:
    read = _value(cell)
    if read.bad is not None:
        problems.add(sheet, cell.coordinate, read.bad, _bad_hint(read.bad, False))
        return []
    tasks: list[Task] = []
    for line in read.text.split("\n"):
        if not line.strip():
            continue
        text, bodies = parse_task(line)
        if not text:
            problems.add(
                sheet,
                cell.coordinate,
                f"a task with no text before its bodies ({_short(line.strip())})",
                "write the task, then the ids of the bodies that do it in brackets",
            )
            continue
        unknown = [body for body in bodies if body not in registry.bodies]
        for body in unknown:
            problems.add(
                sheet,
                cell.coordinate,
                f"unknown body {body!r} in the brackets of the task {_short(text)!r}",
                registry.hint("body", body)
                or "the brackets after a task hold body ids; write other text in ( )",
            )
        if not unknown:
            tasks.append(Task(text=text, bodies=bodies))
    return tasks


class _Answers(NamedTuple):
    sheet: str
    respondent: Respondent | None
    declined: bool
    answers: dict[str, str]
    note: str | None
    places: dict[str, str]
    """Key (``@respondent``, ``@answer:Q2`` …) → the address of its answer cell."""


def _read_answers(sheet: Worksheet, meta: _Meta, problems: _Problems) -> _Answers | None:
    from openpyxl.utils import get_column_letter

    name = sheet.title
    key_row = _key_row(sheet, VALUE_KEY)
    if key_row is None:
        problems.add(
            name,
            None,
            f"the sheet has no key row (the hidden row of {KEY_KEY} and {VALUE_KEY}): it is not"
            " from an elo-coord template",
            "copy the answers into the workbook elo-coord sent, and return that",
        )
        return None
    columns = {_plain(c.value): (c.column or 0) for c in sheet[key_row] if c.data_type == "s"}
    if KEY_KEY not in columns:
        problems.add(
            name,
            f"{key_row}:{key_row}",
            f"the key row has no {KEY_KEY} column",
            "the key row is the template's: undo the change, or use the workbook sent",
        )
        return None
    key_column, value_column = columns[KEY_KEY], columns[VALUE_KEY]
    for merged in sheet.merged_cells.ranges:
        if merged.max_row > key_row and merged.min_col <= value_column <= merged.max_col:
            problems.add(
                name,
                merged.coord,
                "merged cells cover answer cells",
                "unmerge them, and give each cell its own value",
            )
    open_questions = [q.id for q in meta.survey.questions if q.answer == "text"]
    respondent: Respondent | None = None
    declined = False
    answers: dict[str, str] = {}
    note: str | None = None
    places: dict[str, str] = {}
    for number in range(key_row + 1, sheet.max_row + 1):
        key = _plain(sheet.cell(number, key_column).value)
        cell = sheet.cell(number, value_column)
        read = _value(cell)
        if not key:
            if read.text or read.bad:
                problems.add(
                    name,
                    cell.coordinate,
                    "a value in a row that asks nothing",
                    "write the answers in the answer cells beside the questions",
                )
            continue
        if key in places:
            problems.add(
                name,
                f"{get_column_letter(key_column)}{number}",
                f"the key {key!r} is here twice (also {places[key]})",
                "keep one line per question",
            )
            continue
        places[key] = cell.coordinate
        if read.bad is not None:
            problems.add(name, cell.coordinate, read.bad, _bad_hint(read.bad, False))
            continue
        if key == RESPONDENT_KEY:
            try:
                respondent = respondent_of(read.text)
            except ValueError:
                words = [r.value for r in Respondent]
                problems.add(
                    name,
                    cell.coordinate,
                    f"unknown respondent {read.text!r}",
                    suggest(read.text[:100], ["ryhmä", "koordinaattori", "grupp", "koordinator"])
                    or f"choose from the list ({' or '.join(words)})",
                )
        elif key == DECLINED_KEY:
            try:
                declined = yes_of(read.text)
            except ValueError:
                problems.add(
                    name,
                    cell.coordinate,
                    f"{read.text!r} is not yes or empty",
                    "choose kyllä (yes) from the list if the group declines; leave it empty"
                    " otherwise",
                )
        elif key == NOTE_KEY:
            note = read.text or None
        elif key.startswith(ANSWER_PREFIX):
            question = key.removeprefix(ANSWER_PREFIX)
            if question not in open_questions:
                problems.add(
                    name,
                    f"{get_column_letter(key_column)}{number}",
                    f"survey {meta.survey.id!r} has no open question {question!r}",
                    "the key column is the template's: undo the change, or use the workbook sent",
                )
            elif read.text:
                answers[question] = read.text
        else:
            problems.add(
                name,
                f"{get_column_letter(key_column)}{number}",
                f"unknown key {key!r}",
                "the key column is the template's: undo the change, or use the workbook sent",
            )
    return _Answers(name, respondent, declined, answers, note, places)


class _SheetPlace:
    """Turns a place in the matrix read into an error at the cell it came from."""

    def __init__(self, path: Path, places: Mapping[tuple[str | int, ...], tuple[str, str]]):
        self.path = path
        self.places = places

    def error(self, loc: Sequence[str | int], message: str, hint: str = "") -> MatrixFileError:
        key = _nearest(loc, self.places)
        sheet, cell = self.places.get(key, (None, None)) if key else (None, None)
        return WorkbookError(self.path, sheet, cell or None, message, hint)


def _nearest(
    loc: Sequence[str | int], places: Mapping[tuple[str | int, ...], object]
) -> tuple[str | int, ...]:
    """Return the longest start of ``loc`` that ``places`` knows (``()`` if none)."""
    key = tuple(loc)
    while key and key not in places:
        key = key[:-1]
    return key


def _assemble(
    path: Path,
    registry: Registry,
    meta: _Meta,
    grids: Sequence[_Grid],
    answers: _Answers,
    problems: _Problems,
) -> Imported:
    order = [row.id for row in registry.strategy(meta.survey.strategy).rows()]
    by_level = {grid.level: grid for grid in grids}
    places: dict[tuple[str | int, ...], tuple[str, str]] = {}
    for key, field in (("survey", "survey"), ("group", "groups"), ("strategy", "strategy")):
        places[(field,)] = (meta.sheet, meta.cells.get(key, ""))
    places[("respondent",)] = (answers.sheet, answers.places.get(RESPONDENT_KEY, ""))
    places[("declined",)] = (answers.sheet, answers.places.get(DECLINED_KEY, ""))
    places[("note",)] = (answers.sheet, answers.places.get(NOTE_KEY, ""))
    for question in answers.answers:
        places[("answers", question)] = (
            answers.sheet,
            answers.places.get(f"{ANSWER_PREFIX}{question}", ""),
        )
    rows: list[Row] = []
    filled = sum(grid.filled for grid in grids)
    if not answers.declined:
        for row_id in order:
            cells: dict[str, Cell] = {}
            notes: list[str] = []
            for level, grid in by_level.items():
                if row_id not in grid.rows:
                    continue
                cell, note = grid.rows[row_id]
                if cell.bodies or cell.tasks:
                    cells[level.value] = cell
                if note is not None and note not in notes:
                    notes.append(note)
            if not cells and not notes:
                continue
            index = len(rows)
            for level, grid in by_level.items():
                if row_id not in grid.rows:
                    continue
                places.setdefault(("rows", index), (grid.sheet, grid.places[row_id, ROW_KEY]))
                cell = grid.rows[row_id][0]
                for j, assignment in enumerate(cell.bodies):
                    spot = (grid.sheet, grid.places[row_id, assignment.body])
                    places[("rows", index, level.value, "bodies", j)] = spot
                places[("rows", index, level.value, "tasks")] = (
                    grid.sheet,
                    grid.places.get((row_id, TASKS_KEY), ""),
                )
            rows.append(
                Row(
                    row=row_id,
                    national=cells.get("national", Cell()),
                    regional=cells.get("regional", Cell()),
                    note="\n".join(notes) or None,
                )
            )
    elif filled:
        problems.note(
            answers.sheet,
            answers.places.get(DECLINED_KEY),
            f"the group declined to answer: the {filled} filled"
            f" {'cell' if filled == 1 else 'cells'} of the grids were not read",
        )
    survey = meta.survey
    group = registry.group(meta.group)
    try:
        matrix = Matrix(
            id=meta.group,
            kind=Kind.PROPOSAL,
            strategy=survey.strategy,
            date=survey.sent,
            title=survey.answer_title(group),
            source=f"returned workbook {path.name}",
            groups=(meta.group,),
            survey=survey.id,
            respondent=answers.respondent,
            answers=answers.answers,
            declined=answers.declined,
            note=answers.note,
            rows=tuple(rows),
        )
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        loc = tuple(step for step in first["loc"] if isinstance(step, str | int))
        raise _SheetPlace(path, places).error(loc, str(first["msg"])) from None
    checked = check_matrix(matrix, registry, _SheetPlace(path, places))
    return Imported(path, checked, tuple(problems.notes))


# --- CSV ------------------------------------------------------------------------------------------


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    return "'" + text if _NEEDS_ESCAPE.match(text) else text


_LISTS = ("groups", "proposers", "quotes", "regions")
_BOOLS = ("illustrative", "declined")


class _CsvPlace:
    """Turns a place in the matrix read into an error at the CSV line and column it came from."""

    def __init__(self, path: Path, places: Mapping[tuple[str | int, ...], tuple[int, str]]):
        self.path = path
        self.places = places

    def error(self, loc: Sequence[str | int], message: str, hint: str = "") -> MatrixFileError:
        line, column = self.places.get(_nearest(loc, self.places), self.places[()])
        return MatrixFileError(self.path, line, "", f"column {column}: {message}", hint)


_HEAD = {
    "id": "matrix_id",
    "kind": "kind",
    "strategy": "strategy_id",
    "date": "date",
    "title": "title",
    "source": "source",
    "groups": "groups",
    "proposers": "proposers",
    "survey": "survey",
    "answers": "answers",
    "respondent": "respondent",
    "illustrative": "illustrative",
    "declined": "declined",
    "note": "matrix_note",
    "questions": "questions",
}
"""A matrix's field → the frame column it comes from."""


def _read_csv(path: Path, raw: bytes, registry: Registry) -> Imported:
    import polars as pl

    from elo_coord._frames import MATRIX_FRAME_SCHEMA, from_frame

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise MatrixFileError(
            path, line, "", "the file is not UTF-8 text", "save the CSV as UTF-8"
        ) from None
    problems: list[MatrixFileError] = []

    def problem(line: int, column: str, message: str, hint: str) -> None:
        problems.append(MatrixFileError(path, line, "", f"column {column}: {message}", hint))

    records = list(_csv_records(path, text))
    if not records:
        raise MatrixFileError(path, None, "", "the CSV is empty", "write a header line")
    header_line, header = records[0]
    columns = list(MATRIX_FRAME_SCHEMA)
    missing = [name for name in columns if name not in header]
    if missing:
        raise MatrixFileError(
            path,
            header_line,
            "",
            f"the header lacks the columns {', '.join(missing)}",
            "write the columns of elo_coord.MATRIX_FRAME_SCHEMA (elo-coord writes them)",
        )
    index = {name: header.index(name) for name in columns}
    lines: list[dict[str, Any]] = []
    numbers: list[int] = []
    for number, fields in records[1:]:
        if not any(field.strip() for field in fields):
            continue
        if len(fields) != len(header):
            problems.append(
                MatrixFileError(
                    path,
                    number,
                    "",
                    f"{len(fields)} fields where the header has {len(header)}",
                    "quote fields that hold commas or line breaks",
                )
            )
            continue
        lines.append(
            {name: _csv_field(fields[index[name]], name, number, problem) for name in columns}
        )
        numbers.append(number)
    ids = list(dict.fromkeys(line["matrix_id"] for line in lines))
    if len(ids) > 1:
        second = next(
            n for n, line in zip(numbers, lines, strict=True) if line["matrix_id"] == ids[1]
        )
        problem(
            second,
            "matrix_id",
            f"a second matrix {ids[1]!r} (the first is {ids[0]!r})",
            "a return holds one matrix: write each to its own file",
        )
    if not lines and not problems:
        raise MatrixFileError(
            path, None, "", "the CSV has no lines below its header", "write the matrix's lines"
        )
    if problems:
        first = problems[0]
        first.more = tuple(problems[1 : _MORE + 1])
        first.more_count = len(problems) - 1
        raise first
    places = _csv_places(lines, numbers)
    frame = pl.DataFrame(lines, schema=MATRIX_FRAME_SCHEMA, orient="row")
    try:
        (matrix,) = from_frame(frame)
    except ValidationError as error:
        first_error = error.errors(include_url=False)[0]
        loc = tuple(step for step in first_error["loc"] if isinstance(step, str | int))
        message = str(first_error["msg"])
        raise _CsvPlace(path, places).error(loc, message[:1].lower() + message[1:]) from None
    checked = check_matrix(matrix, registry, _CsvPlace(path, places))
    return Imported(path, checked, ())


def _csv_records(path: Path, text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield each CSV record with the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for fields in reader:
            yield start, fields
            start = reader.line_num + 1
    except csv.Error as error:
        raise MatrixFileError(
            path, reader.line_num, "", f"not valid CSV: {error}", "check the quotes on that line"
        ) from None


_Report = Callable[[int, str, str, str], None]
"""Reports a problem at a CSV line and column: line, column, message, hint."""


def _csv_field(text: str, name: str, line: int, problem: _Report) -> Any:
    """Return one CSV field as the frame's value; a problem is reported, ``None`` returned."""
    if text == "":
        return None
    if name == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            problem(line, name, f"{text!r} is not a date", "write dates as YYYY-MM-DD")
            return None
    if name in _BOOLS:
        if text.casefold() in ("true", "false"):
            return text.casefold() == "true"
        problem(line, name, f"{text!r} is not true or false", "write true or false")
        return None
    if name == "kind":
        kinds = [k.value for k in Kind]
        if text in kinds:
            return text
        problem(line, name, f"unknown kind {text!r}", suggest(text, kinds) or ", ".join(kinds))
        return None
    if name == "level":
        levels = [level.value for level in MATRIX_LEVELS]
        if text in levels:
            return text
        problem(
            line, name, f"unknown level {text!r}", suggest(text, levels) or "national or regional"
        )
        return None
    if name == "role":
        try:
            role = role_of(text)
        except ValueError:
            problem(line, name, f"unknown role {text!r}", _role_hint(text, ("fi",)))
            return None
        return role.value if role is not None else None
    if name == "respondent":
        try:
            respondent = respondent_of(text)
        except ValueError:
            words = [r.value for r in Respondent]
            problem(
                line,
                name,
                f"unknown respondent {text!r}",
                suggest(text, words) or " or ".join(words),
            )
            return None
        return respondent.value if respondent is not None else None
    if name in (*_LISTS, "answers", "questions", "tasks"):
        return _csv_json(text, name, line, problem)
    return text[1:] if _ESCAPED.match(text) else text


_STRUCTS: dict[str, tuple[str, ...]] = {
    "answers": ("question", "text"),
    "tasks": ("text", "bodies", "regions"),
    "questions": ("row", "level", "body", "status", "regions", "note"),
}


def _csv_json(text: str, name: str, line: int, problem: _Report) -> Any:
    try:
        value = json.loads(text)
    except ValueError:
        problem(line, name, f"not JSON: {_short(text)!r}", 'write a JSON list: ["a", "b"]')
        return [] if name != "tasks" else None
    if name in _LISTS:
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return value
        problem(line, name, "not a JSON list of texts", 'write ["a", "b"]')
        return []
    keys = _STRUCTS[name]
    if isinstance(value, list) and all(
        isinstance(item, dict) and set(item) <= set(keys) for item in value
    ):
        return [{key: item.get(key) for key in keys} for item in value]
    problem(
        line, name, f"not a JSON list of {{{', '.join(keys)}}}", "write it as elo-coord writes it"
    )
    return []


def _csv_places(
    lines: Sequence[Mapping[str, Any]], numbers: Sequence[int]
) -> dict[tuple[str | int, ...], tuple[int, str]]:
    """Return where each part of the matrix comes from, as :func:`from_frame` builds it."""
    places: dict[tuple[str | int, ...], tuple[int, str]] = {(): (numbers[0], "matrix_id")}
    for field, column in _HEAD.items():
        places[(field,)] = (numbers[0], column)
    rows: dict[str, int] = {}
    bodies: dict[tuple[str, str], int] = {}
    for number, line in zip(numbers, lines, strict=True):
        row_id = line["row_id"]
        if row_id is None:
            continue
        if row_id not in rows:
            rows[row_id] = len(rows)
            r = rows[row_id]
            places[("rows", r)] = (number, "row_id")
            places[("rows", r, "note")] = (number, "row_note")
            places[("rows", r, "quotes")] = (number, "quotes")
        r = rows[row_id]
        level = line["level"]
        if level is None:
            continue
        if (row_id, level) not in bodies:
            bodies[row_id, level] = 0
            places[("rows", r, level)] = (number, "level")
            places[("rows", r, level, "tasks")] = (number, "tasks")
        if line["body_id"] is not None:
            j = bodies[row_id, level]
            bodies[row_id, level] = j + 1
            places[("rows", r, level, "bodies", j)] = (number, "body_id")
            places[("rows", r, level, "bodies", j, "role")] = (number, "role")
            places[("rows", r, level, "bodies", j, "regions")] = (number, "regions")
    return places
