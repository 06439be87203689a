"""The survey workbook: its layout, in one place, and :func:`write_workbook`.

A round sends each group one ``.xlsx`` workbook (format ``elo-coord-workbook``, version 1) and
reads the returned file back with :mod:`elo_coord._intake`. Both sides take the layout from here:
the sheets, the key rows, the words of the drop-down lists, how a task names its bodies.

Sheets, in order (a bilingual group's names join Finnish and Swedish: ``Kansallinen –
Nationell``)::

    Ohjeet        instructions: how to fill in, the deadline, what to return
    Kansallinen   the national grid                                    ┐ row 1 title
    Alueellinen   the regional grid                                    │ row 2 headers
                                                                       │ row 3 key (hidden)
                                                                       ┘ row 4… a strategy row each
    Vastaus       who answers, declined, the open questions' answers, a remark (key column A,
                  hidden; key row 3, hidden; the answer in the column keyed @value)
    elo_coord     hidden: the round's facts, key in column A, value in column B

A grid's key row holds ``@row``, ``@text``, a body id per role column, ``@tasks`` and ``@note``;
the reader finds every column by it, wherever it was moved. Only the answer cells (roles, tasks,
notes, answers) are unlocked; the sheets are protected without a password.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from elo_coord._atomic import write_bytes_atomic
from elo_coord._errors import InputError
from elo_coord._labels import label
from elo_coord._model import (
    LANGS,
    Body,
    Group,
    Lang,
    Level,
    Localized,
    Matrix,
    Respondent,
    Role,
    Survey,
    Task,
)
from elo_coord._palette import COLOURS
from elo_coord._registry import Registry

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "ANSWER_PREFIX",
    "DECLINED_KEY",
    "FIRST_ROW",
    "FORMAT",
    "HEADER_ROW",
    "KEY_KEY",
    "KEY_ROW",
    "LABEL_KEY",
    "META_KEYS",
    "META_SHEET",
    "NONE_WORDS",
    "NOTE_KEY",
    "PARTS",
    "RESPONDENT_KEY",
    "ROW_KEY",
    "TASKS_KEY",
    "TEXT_KEY",
    "TITLE_ROW",
    "VALUE_KEY",
    "VERSION",
    "Part",
    "grid_bodies",
    "grid_keys",
    "parse_task",
    "plain_name",
    "respondent_of",
    "role_of",
    "role_words",
    "sheet_name",
    "sheet_names",
    "task_line",
    "write_workbook",
    "yes_of",
]

FORMAT = "elo-coord-workbook"
"""What the ``elo_coord`` sheet's ``format`` says."""
VERSION = 1
"""The layout's version; a reader refuses another."""
META_SHEET = "elo_coord"
"""The hidden sheet with the round's facts."""
META_KEYS = ("format", "version", "survey", "group", "strategy", "date", "languages", "start")
"""The ``elo_coord`` sheet's keys, one a row, in column A (values in column B)."""

Part = Literal["instructions", "national", "regional", "answer"]
"""A visible sheet of the workbook, by what it holds."""
PARTS: tuple[Part, ...] = ("instructions", "national", "regional", "answer")
"""The visible sheets, in order; the hidden ``elo_coord`` sheet comes last."""

TITLE_ROW = 1
"""A grid's or the answer sheet's title row."""
HEADER_ROW = 2
"""The row of headers a person reads."""
KEY_ROW = 3
"""The hidden key row: what each column holds, for the reader."""
FIRST_ROW = 4
"""The first strategy row of a grid; the first answer row of the answer sheet."""

ROW_KEY = "@row"
"""A grid's column of row ids."""
TEXT_KEY = "@text"
"""A grid's column of the strategy's texts."""
TASKS_KEY = "@tasks"
"""A grid's column of tasks, one a line."""
NOTE_KEY = "@note"
"""A grid's column of notes on the row; on the answer sheet, the row of the remark."""

KEY_KEY = "@key"
"""The answer sheet's key column (hidden), holding the keys below."""
LABEL_KEY = "@label"
"""The answer sheet's column of questions and labels."""
VALUE_KEY = "@value"
"""The answer sheet's column of answers."""
RESPONDENT_KEY = "@respondent"
"""The answer row of who answers: the group or its coordinator."""
DECLINED_KEY = "@declined"
"""The answer row that says the group declines to answer."""
ANSWER_PREFIX = "@answer:"
"""The answer rows of the open questions: ``@answer:Q2``."""

NONE_WORDS = ("", "—", "–", "-")
"""What a role cell holds for no role."""
_SYMBOLS = {"●": Role.PARTNER, "★": Role.LEAD}
_SEPARATOR = " – "  # between a sheet's Finnish and Swedish names
_JOIN = " / "  # between a choice's Finnish and Swedish words
_MAX_SHEET = 31
_TASK = re.compile(r"^(?P<text>.*?)\s*\[(?P<bodies>[^\[\]]*)\]\s*$", re.DOTALL)

_WIDTHS = {ROW_KEY: 8.0, TEXT_KEY: 60.0, TASKS_KEY: 55.0, NOTE_KEY: 30.0}
_BODY_WIDTH = 14.0
_LINE_HEIGHT = 15.0


# --- the layout's words -----------------------------------------------------------------------


def _title(group: Group, survey: Survey, languages: Sequence[Lang]) -> str:
    """Return the title of the group's answer in ``languages``: ``fi / sv`` when they differ."""
    return _JOIN.join(
        _unique(f"{group.names.text(lang)}: {survey.title.text(lang)}" for lang in languages)
    )


def sheet_name(part: Part, languages: Sequence[Lang]) -> str:
    """Return the name of a sheet in a workbook for ``languages``.

    >>> sheet_name("national", ("fi",)), sheet_name("national", ("fi", "sv"))
    ('Kansallinen', 'Kansallinen – Nationell')
    """
    name = _SEPARATOR.join(_unique(label(f"workbook_sheet_{part}", lang) for lang in languages))
    return name[:_MAX_SHEET]


def sheet_names(part: Part) -> frozenset[str]:
    """Return every name a sheet may have, casefolded: in any language, or Finnish – Swedish.

    >>> sorted(sheet_names("answer"))
    ['answer', 'svar', 'vastaus', 'vastaus – svar']
    """
    names = {label(f"workbook_sheet_{part}", lang) for lang in LANGS}
    names.add(sheet_name(part, ("fi", "sv")))
    return frozenset(map(plain_name, names))


def plain_name(name: str) -> str:
    """Return a sheet's name as :func:`sheet_names` compares it: casefolded, one dash, one space.

    >>> plain_name("  Kansallinen -  NATIONELL ")
    'kansallinen – nationell'
    """
    return " ".join(re.sub("[-—]", "–", name).split()).casefold()


def grid_bodies(registry: Registry, day: dt.date, level: Level) -> list[Body]:
    """Return the bodies with a role column in the ``level`` grid on ``day``, in registry order.

    The national grid has the national bodies; the regional grid the regional and local ones and
    the national agencies with regional offices (LVV, for its offices).

    >>> import datetime as dt
    >>> from elo_coord import default_registry
    >>> day = dt.date(2022, 2, 15)
    >>> [b.id for b in grid_bodies(default_registry(), day, Level.NATIONAL)]
    ['OKM', 'TEM', 'OPH', 'JOTPA', 'KEHA', 'ELO-foorumi']
    """
    # Every body valid on the day is offered: the registry gives no body a reason to be left
    # out (the ELO forum is a national body that may coordinate like any other).
    return [body for body in registry.valid_bodies(day) if body.belongs_in(level)]


def grid_keys(registry: Registry, day: dt.date, level: Level) -> list[str]:
    """Return a grid's keys in the template's column order.

    >>> import datetime as dt
    >>> from elo_coord import default_registry
    >>> grid_keys(default_registry(), dt.date(2022, 2, 15), Level.NATIONAL)[:3]
    ['@row', '@text', 'OKM']
    """
    bodies = [body.id for body in grid_bodies(registry, day, level)]
    return [ROW_KEY, TEXT_KEY, *bodies, TASKS_KEY, NOTE_KEY]


def role_words(languages: Sequence[Lang]) -> tuple[str, str, str]:
    """Return the choices of a role cell: none, partner and lead, in ``languages``.

    >>> role_words(("fi",))
    ('—', 'kumppani', 'vastuutaho')
    >>> role_words(("fi", "sv"))
    ('—', 'kumppani / partner', 'vastuutaho / ansvarig')
    """
    return ("—", _choice("partner", languages), _choice("lead", languages))


def _choice(key: str, languages: Sequence[Lang]) -> str:
    return _JOIN.join(_unique(label(key, lang) for lang in languages))


def _words(keys: Mapping[str, object]) -> dict[str, object]:
    """Return the words of ``keys``' labels in every language, casefolded, → their value."""
    return {label(key, lang).casefold(): value for key, value in keys.items() for lang in LANGS}


_ROLE_WORDS: dict[str, object] = {
    **_words({"partner": Role.PARTNER, "lead": Role.LEAD}),
    **_SYMBOLS,
}
_RESPONDENT_WORDS = _words(
    {"workbook_group": Respondent.GROUP, "workbook_coordinator": Respondent.COORDINATOR}
)
_YES_WORDS = _words({"workbook_yes": True, "workbook_no": False})


def _word(text: str, words: Mapping[str, object]) -> object:
    """Return what ``text`` means among ``words``, in one language or as ``fi / sv``."""
    parts = {" ".join(part.split()).casefold() for part in text.split("/")}
    meanings = {words[part] for part in parts if part in words}
    if len(meanings) != 1 or not parts <= words.keys():
        raise ValueError(text)
    return meanings.pop()


def role_of(text: str) -> Role | None:
    """Return the role a role cell's text means; ``None`` for no role.

    Words of any language, in any case, the bilingual choice, ``●`` (partner) and ``★`` (lead);
    ``—``, ``-`` or nothing for no role.

    Raises
    ------
    ValueError
        The text is no role word.

    Examples
    --------
    >>> role_of("Vastuutaho"), role_of("kumppani / partner"), role_of("★"), role_of(" — ")
    (<Role.LEAD: 'lead'>, <Role.PARTNER: 'partner'>, <Role.LEAD: 'lead'>, None)
    """
    if text.strip() in NONE_WORDS:
        return None
    role = _word(text, _ROLE_WORDS)
    assert isinstance(role, Role)
    return role


def respondent_of(text: str) -> Respondent | None:
    """Return who answers by the answer sheet's word; ``None`` when it is empty.

    Raises
    ------
    ValueError
        The text is not ``ryhmä``, ``koordinaattori`` or their Swedish or English words.

    Examples
    --------
    >>> respondent_of("ryhmä / grupp"), respondent_of("Koordinator")
    (<Respondent.GROUP: 'group'>, <Respondent.COORDINATOR: 'coordinator'>)
    """
    if text.strip() in NONE_WORDS:
        return None
    respondent = _word(text, _RESPONDENT_WORDS)
    assert isinstance(respondent, Respondent)
    return respondent


def yes_of(text: str) -> bool:
    """Return whether the answer sheet's declined cell says yes (``kyllä``, ``ja``, ``yes``).

    Raises
    ------
    ValueError
        The text is neither empty, a yes nor a no.

    Examples
    --------
    >>> yes_of("kyllä / ja"), yes_of(""), yes_of("ei")
    (True, False, False)
    """
    if text.strip() in NONE_WORDS:
        return False
    return _word(text, _YES_WORDS) is True


def task_line(task: Task) -> str:
    """Return a task as one line of a tasks cell: its bodies, if any, in brackets after it.

    >>> task_line(Task(text="Alueelliset koulutukset", bodies=("ELY", "kunnat")))
    'Alueelliset koulutukset [ELY, kunnat]'
    """
    if not task.bodies:
        return task.text
    return f"{task.text} [{', '.join(task.bodies)}]"


def parse_task(line: str) -> tuple[str, tuple[str, ...]]:
    """Return a tasks cell's line as its text and the ids in the brackets at its end.

    >>> parse_task("Alueelliset koulutukset [ELY, kunnat]")
    ('Alueelliset koulutukset', ('ELY', 'kunnat'))
    >>> parse_task("Valtakunnallinen koordinaatio")
    ('Valtakunnallinen koordinaatio', ())
    """
    found = _TASK.match(line)
    if found is None:
        return line.strip(), ()
    bodies = tuple(part.strip() for part in found["bodies"].split(",") if part.strip())
    return found["text"].strip(), bodies


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _texts(text: Localized, languages: Sequence[Lang]) -> str:
    """Return ``text`` in each of ``languages`` it has, one a paragraph (Finnish for missing)."""
    return "\n".join(_unique(text.text(lang) for lang in languages))


def _date(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


# --- writing ------------------------------------------------------------------------------------


def write_workbook(
    path: str | Path,
    *,
    group: str,
    survey: Survey,
    registry: Registry,
    start: Matrix | None = None,
    overwrite: bool = False,
) -> None:
    """Write the workbook in which group ``group`` answers ``survey``.

    Parameters
    ----------
    path
        The ``.xlsx`` file; written atomically (a temporary file in the same folder, renamed).
    group
        The group's id in ``registry.groups``; its ``languages`` are the workbook's.
    survey
        The survey; its date (``sent``) decides which bodies have a column.
    registry
        Knows the group, the strategy and the bodies.
    start
        A matrix whose roles, tasks and row notes fill the grids (a starting answer or a
        proposal); every body it names must exist on the survey's date.
    overwrite
        Replace an existing file; without it an existing file is refused.

    Raises
    ------
    InputError
        The group or the strategy is unknown, the group was not asked or did not exist on the
        date, or ``start`` names a body that did not exist then, a row the strategy lacks or a
        body in a column where it has none.
    FileChangedError
        The file exists and ``overwrite`` is false; nothing was written.
    WriteError
        The system refused the write; nothing was changed.
    """
    try:
        record = registry.group(group)
        strategy = registry.strategy(survey.strategy)
    except LookupError as error:
        raise InputError(str(error)) from None
    day = survey.sent
    if group not in survey.asked:
        raise InputError(
            f"survey {survey.id!r} did not ask group {group!r} — add it to the survey's asked"
        )
    if not record.valid_on(day):
        raise InputError(
            f"group {group!r} did not work on {day}, the date of survey {survey.id!r}"
            " — choose a group of that day"
        )
    languages = record.languages
    columns = {level: grid_keys(registry, day, level) for level in (Level.NATIONAL, Level.REGIONAL)}
    filled = _filled(start, columns, day, registry, languages, strategy.id, survey)

    from openpyxl import Workbook

    book = Workbook()
    for sheet in list(book.worksheets):
        book.remove(sheet)
    _instructions(book, record, survey, languages)
    for level in (Level.NATIONAL, Level.REGIONAL):
        _grid(book, level, record, survey, registry, languages, columns[level], filled)
    _answer_sheet(book, record, survey, languages)
    _meta_sheet(book, record, survey, languages, start)
    book.active = 0
    book.properties.creator = "elo-coord"
    book.properties.title = survey.answer_title(record)
    buffer = io.BytesIO()
    book.save(buffer)
    write_bytes_atomic(path, buffer.getvalue(), overwrite=overwrite)


_Cells = dict[tuple[Level, str, str], str]
"""What the start fills in: (level, row id, column key) → the cell's text."""


def _filled(
    start: Matrix | None,
    columns: Mapping[Level, Sequence[str]],
    day: dt.date,
    registry: Registry,
    languages: Sequence[Lang],
    strategy: str,
    survey: Survey,
) -> _Cells:
    """Return the cells ``start`` fills, after checking it fits the workbook."""
    if start is None:
        return {}
    if start.strategy != strategy:
        raise InputError(
            f"the starting matrix {start.id!r} answers strategy {start.strategy!r}, survey"
            f" {survey.id!r} asks about {strategy!r} — start from a matrix of {strategy!r}"
        )
    rows = {row.id for row in registry.strategy(strategy).rows()}
    _, partner, lead = role_words(languages)
    cells: _Cells = {}
    for row in start.rows:
        if row.row not in rows:
            raise InputError(
                f"the starting matrix {start.id!r} has row {row.row!r}, which strategy"
                f" {strategy!r} lacks — remove it from the start"
            )
        for level in (Level.NATIONAL, Level.REGIONAL):
            cell = row.cell(level)
            named = [a.body for a in cell.bodies] + [b for t in cell.tasks for b in t.bodies]
            for body in named:
                _check_valid(start, body, day, registry)
            for assignment in cell.bodies:
                if assignment.body not in columns[level]:
                    raise InputError(
                        f"the starting matrix {start.id!r} names {assignment.body} in the"
                        f" {level.value} column of row {row.row}, where the workbook has no"
                        f" column for it — move it to the other level"
                    )
                word = lead if assignment.role is Role.LEAD else partner
                cells[level, row.row, assignment.body] = word
            if cell.tasks:
                cells[level, row.row, TASKS_KEY] = "\n".join(task_line(t) for t in cell.tasks)
        if row.note is not None:
            # One note per row in a matrix, one note column per grid: the note goes to the
            # national grid, and the reader joins the two grids' notes.
            cells[Level.NATIONAL, row.row, NOTE_KEY] = row.note
    return cells


def _check_valid(start: Matrix, body_id: str, day: dt.date, registry: Registry) -> None:
    body = registry.bodies.get(body_id)
    if body is None:
        raise InputError(
            f"the starting matrix {start.id!r} names {body_id!r}, which the registry does not"
            f" know — {registry.hint('body', body_id) or 'fix the id'}"
        )
    existence = body.existence_on(day)
    if existence == "ended":
        raise InputError(
            f"the starting matrix {start.id!r} names {body_id}, which ended on {body.valid_to},"
            f" before the survey's date {day} — start from the baseline migrated to {day}"
        )
    if existence == "not_yet":
        raise InputError(
            f"the starting matrix {start.id!r} names {body_id}, which began on"
            f" {body.valid_from}, after the survey's date {day} — leave it out of the start"
        )


# --- the sheets ---------------------------------------------------------------------------------


def _grid(
    book: Workbook,
    level: Level,
    group: Group,
    survey: Survey,
    registry: Registry,
    languages: Sequence[Lang],
    keys: Sequence[str],
    filled: _Cells,
) -> None:
    from openpyxl.formatting.rule import Rule
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.styles.differential import DifferentialStyle
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    part: Part = "national" if level is Level.NATIONAL else "regional"
    sheet = book.create_sheet(sheet_name(part, languages))
    level_label = " / ".join(_unique(label(level.value, lang) for lang in languages))
    sheet.cell(
        TITLE_ROW,
        1,
        f"{_title(group, survey, languages)} — {level_label}",
    ).font = Font(bold=True, size=13)
    headers = _grid_headers(keys, registry, languages)
    # A role column is wide enough for its longest word (`vastuutaho / ansvarig`).
    role_width = max(_BODY_WIDTH, *(len(word) + 2 for word in role_words(languages)))
    header_fill = PatternFill("solid", fgColor=COLOURS["muted"].fill.lstrip("#"))
    for column, (key, header) in enumerate(zip(keys, headers, strict=True), start=1):
        top = sheet.cell(HEADER_ROW, column, header)
        top.font = Font(bold=True)
        top.fill = header_fill
        top.alignment = Alignment(wrap_text=True, vertical="bottom", horizontal="center")
        sheet.cell(KEY_ROW, column, key)
        width = _WIDTHS.get(key, role_width)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[KEY_ROW].hidden = True
    sheet.row_dimensions[HEADER_ROW].height = _LINE_HEIGHT * max(
        (header.count("\n") + 1 + len(header) // 14 for header in headers[2:-2]), default=2
    )

    strategy = registry.strategy(survey.strategy)
    bodies = [k for k in keys if not k.startswith("@")]
    first_body = keys.index(bodies[0]) + 1 if bodies else 3
    last_body = first_body + len(bodies) - 1
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="top")
    unlocked = Protection(locked=False)
    row_number = FIRST_ROW
    # Every row of the strategy gets a line, also a means the slides gave its goal's cell
    # (same_cell_as) and an aim outside the forum's slides: a group may answer each.
    for strategy_row in strategy.rows():
        text = _texts((strategy_row.means or strategy_row.goal).text, languages)
        sheet.cell(row_number, 1, strategy_row.id).alignment = Alignment(vertical="top")
        sheet.cell(row_number, 2, text).alignment = wrap
        for column, key in enumerate(keys, start=1):
            if key in (ROW_KEY, TEXT_KEY):
                continue
            cell = sheet.cell(row_number, column, filled.get((level, strategy_row.id, key)))
            cell.protection = unlocked
            cell.alignment = wrap if key in (TASKS_KEY, NOTE_KEY) else centre
        tasks = filled.get((level, strategy_row.id, TASKS_KEY), "")
        # Each task wraps at about 50 characters in its 55-wide column.
        task_lines = sum(len(line) // 50 + 1 for line in tasks.splitlines())
        lines = max(len(text) // 55 + text.count("\n") + 1, task_lines, 2)
        sheet.row_dimensions[row_number].height = _LINE_HEIGHT * lines
        row_number += 1
    last_row = row_number - 1

    if bodies:
        span = (
            f"{get_column_letter(first_body)}{FIRST_ROW}:{get_column_letter(last_body)}{last_row}"
        )
        none, partner, lead = role_words(languages)
        choices = DataValidation(
            type="list",
            formula1=f'"{none},{partner},{lead}"',
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=_JOIN.join(_unique(label("role", lang) for lang in languages)),
            error=f"{none}, {partner}, {lead}",
        )
        choices.add(span)
        sheet.add_data_validation(choices)
        corner = f"{get_column_letter(first_body)}{FIRST_ROW}"
        for key, word in (("lead", lead), ("partner", partner)):
            colour = COLOURS[key]
            tests = ",".join(f'ISNUMBER(SEARCH("{part}",{corner}))' for part in word.split(_JOIN))
            sheet.conditional_formatting.add(
                span,
                Rule(
                    type="expression",
                    formula=[f"OR({tests})"],
                    stopIfTrue=True,
                    dxf=DifferentialStyle(
                        fill=PatternFill("solid", bgColor=colour.fill.lstrip("#")),
                        font=Font(color=colour.on_fill.lstrip("#")),
                    ),
                ),
            )
    sheet.freeze_panes = f"{get_column_letter(3)}{FIRST_ROW}"
    _print_setup(sheet, landscape=True)
    _protect(sheet)


def _grid_headers(keys: Sequence[str], registry: Registry, languages: Sequence[Lang]) -> list[str]:
    def both(key: str) -> str:
        return _JOIN.join(_unique(label(key, lang) for lang in languages))

    named = {
        ROW_KEY: both("workbook_row"),
        TEXT_KEY: both("workbook_text"),
        TASKS_KEY: both("workbook_tasks"),
        NOTE_KEY: both("workbook_note"),
    }
    return [
        named[key]
        if key in named
        else "\n".join(_unique(registry.name("body", key, lang).text for lang in languages))
        for key in keys
    ]


def _answer_sheet(book: Workbook, group: Group, survey: Survey, languages: Sequence[Lang]) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet = book.create_sheet(sheet_name("answer", languages))

    def both(key: str) -> str:
        return _JOIN.join(_unique(label(key, lang) for lang in languages))

    def lines(key: str) -> str:
        return "\n".join(_unique(label(key, lang) for lang in languages))

    sheet.cell(TITLE_ROW, 2, _title(group, survey, languages)).font = Font(bold=True, size=13)
    header_fill = PatternFill("solid", fgColor=COLOURS["muted"].fill.lstrip("#"))
    for column, text in ((2, both("workbook_question")), (3, both("workbook_answer"))):
        top = sheet.cell(HEADER_ROW, column, text)
        top.font = Font(bold=True)
        top.fill = header_fill
    for column, key in enumerate((KEY_KEY, LABEL_KEY, VALUE_KEY), start=1):
        sheet.cell(KEY_ROW, column, key)
    sheet.row_dimensions[KEY_ROW].hidden = True
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 80

    open_questions = [q for q in survey.questions if q.answer == "text"]
    rows: list[tuple[str, str, float]] = [
        (RESPONDENT_KEY, lines("workbook_respondent"), 2),
        (DECLINED_KEY, lines("workbook_declined"), 2),
        *(
            (f"{ANSWER_PREFIX}{q.id}", f"{q.id}. {_texts(q.text, languages)}", 10)
            for q in open_questions
        ),
        (NOTE_KEY, lines("workbook_answer_note"), 5),
    ]
    wrap = Alignment(wrap_text=True, vertical="top")
    answer_fill = PatternFill("solid", fgColor="FFFBEA")
    edge = Side(style="thin", color="C9CFD6")
    answer_border = Border(left=edge, right=edge, top=edge, bottom=edge)
    for number, (key, text, height) in enumerate(rows, start=FIRST_ROW):
        sheet.cell(number, 1, key)
        sheet.cell(number, 2, text).alignment = wrap
        value = sheet.cell(number, 3)
        value.protection = Protection(locked=False)
        value.alignment = wrap
        value.fill = answer_fill  # where to write, visible before anything is written
        value.border = answer_border
        needed = len(text) // 58 + text.count("\n") + 1
        sheet.row_dimensions[number].height = _LINE_HEIGHT * max(height, needed)

    respondent_words = [
        _choice(f"workbook_{respondent.value}", languages) for respondent in survey.respondents
    ]
    for row, words in (
        (FIRST_ROW, respondent_words),
        (FIRST_ROW + 1, [_choice("workbook_yes", languages)]),
    ):
        listed = DataValidation(
            type="list",
            formula1='"' + ",".join(words) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            error=", ".join(words),
        )
        listed.add(f"C{row}")
        sheet.add_data_validation(listed)
    sheet.freeze_panes = f"B{FIRST_ROW}"
    _print_setup(sheet, landscape=False)
    _protect(sheet)


def _instructions(book: Workbook, group: Group, survey: Survey, languages: Sequence[Lang]) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(sheet_name("instructions", languages))
    sheet.column_dimensions["A"].width = 100
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.cell(1, 1, _title(group, survey, languages)).font = Font(bold=True, size=14)
    row = 3
    for lang in languages:
        _, partner, lead = role_words((lang,))
        paragraphs = [
            label("workbook_how_title", lang),
            label("workbook_how_grids", lang).format(
                national=sheet_name("national", languages),
                regional=sheet_name("regional", languages),
                date=_date(survey.sent),
            ),
            label("workbook_how_roles", lang).format(partner=partner, lead=lead),
            label("workbook_how_tasks", lang),
            label("workbook_how_note", lang),
            label("workbook_how_answer", lang).format(answer=sheet_name("answer", languages)),
            label("workbook_how_keep", lang),
            label("workbook_how_return", lang).format(due=_date(survey.due)),
        ]
        for number, paragraph in enumerate(paragraphs):
            cell = sheet.cell(row, 1, paragraph)
            cell.alignment = wrap
            if number == 0:
                cell.font = Font(bold=True, size=12)
            sheet.row_dimensions[row].height = _LINE_HEIGHT * (len(paragraph) // 95 + 1)
            row += 1
        row += 1


def _meta_sheet(
    book: Workbook, group: Group, survey: Survey, languages: Sequence[Lang], start: Matrix | None
) -> None:
    sheet = book.create_sheet(META_SHEET)
    values = {
        "format": FORMAT,
        "version": str(VERSION),
        "survey": survey.id,
        "group": group.id,
        "strategy": survey.strategy,
        "date": survey.sent.isoformat(),
        "languages": ",".join(languages),
        # What the answer starts from: its source (``tno-2022 (migrated)``), else its id.
        "start": "empty" if start is None else start.source or start.id,
    }
    for row, key in enumerate(META_KEYS, start=1):
        sheet.cell(row, 1, key)
        sheet.cell(row, 2, values[key])
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 30
    sheet.sheet_state = "hidden"
    _protect(sheet)


def _print_setup(sheet: Worksheet, *, landscape: bool) -> None:
    """Print (or save as PDF) a sheet one page wide, its headers on every page."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"1:{FIRST_ROW - 1}"


def _protect(sheet: Worksheet) -> None:
    """Lock a sheet without a password; people may still widen columns and rows."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
