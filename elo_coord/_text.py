"""Text from data that stays text: on a terminal, in a spreadsheet, in JSON.

A matrix file or a copied registry may hold any text at all: a title that moves the terminal's
cursor, a task that starts with ``=`` and runs as a formula when a spreadsheet opens the CSV. The
command line passes every text it shows through these functions, so that such text is shown, not
obeyed. (HTML is escaped by the templates' autoescaping, Markdown by
:func:`elo_coord.escape_markdown`.)
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "FORMULA_START",
    "printable",
    "spreadsheet_safe",
    "spreadsheet_safe_frame",
    "terminal_json",
]

FORMULA_START = r"^[=+\-@\t\r]"
"""A cell starting with one of these is a formula to a spreadsheet (OWASP's CSV injection rule)."""

_FORMULA = re.compile(FORMULA_START)

_NEWLINE = "⏎"
# What ends a line to str.splitlines: shown as one visible mark, so an item stays on its line.
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
# Bidirectional embeddings, overrides and isolates can make a terminal show text in another order
# than it is written ("Trojan Source"); a name has no need of them.
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_PRINTABLE = str.maketrans(
    {
        # C0 controls (ESC, BEL, backspace …) as their Unicode control pictures: ESC is ␛.
        **{chr(code): chr(0x2400 + code) for code in range(0x20)},
        "\x7f": "\u2421",  # ␡
        # C1 controls (CSI \x9b acts as ESC [ on some terminals) have no pictures.
        **{chr(code): "\ufffd" for code in range(0x80, 0xA0)},
        **dict.fromkeys(_BIDI, "\ufffd"),
        **dict.fromkeys(_LINE_BREAKS, _NEWLINE),
        "\t": " ",
    }
)
_JSON_UNSAFE = re.compile("[\x7f-\x9f" + _BIDI + "\u2028\u2029]")


def printable(text: str) -> str:
    r"""Return ``text`` as one line that a terminal shows and does not obey.

    A line break (also ``\r\n``, ``\r`` and the Unicode ones) becomes ``⏎``, a tab a space, any
    other control character its visible stand-in: a C0 control its Unicode control picture (ESC
    is ``␛``, so an escape sequence shows as ``␛[31m``), a C1 control or a bidirectional override
    ``�``. Everything else is kept.

    Examples
    --------
    >>> printable("Ohjaus\x1b[31m punaisella\x07\r\nja toinen rivi\ttab")
    'Ohjaus␛[31m punaisella␇⏎ja toinen rivi tab'
    >>> printable("Kela: ‘ääkköset’ — ennallaan")
    'Kela: ‘ääkköset’ — ennallaan'
    """
    return text.replace("\r\n", "\n").translate(_PRINTABLE)


def spreadsheet_safe(text: str) -> str:
    r"""Return a CSV cell that a spreadsheet shows as text, never runs as a formula.

    A cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading
    ``'`` (OWASP's rule against CSV injection); any other cell is returned as it is.

    Examples
    --------
    >>> spreadsheet_safe('=HYPERLINK("http://x","y")')
    '\'=HYPERLINK("http://x","y")'
    >>> spreadsheet_safe("TE-toimistot")
    'TE-toimistot'
    """
    return "'" + text if _FORMULA.match(text) else text


def spreadsheet_safe_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Return ``frame`` with :func:`spreadsheet_safe` applied to every string column.

    Other columns (numbers, dates, booleans) are left as they are: a spreadsheet reads a
    negative number as a number, as it should.
    """
    import polars as pl

    return frame.with_columns(
        pl.when(pl.col(name).str.contains(FORMULA_START))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.String
    )


def terminal_json(value: object) -> str:
    r"""Return ``value`` as indented JSON in which no character acts on a terminal.

    The same JSON as ``json.dumps(value, ensure_ascii=False, indent=2)`` (which already writes C0
    controls as escapes), with DEL, the C1 controls, the bidirectional overrides and the Unicode
    line breaks written as ``\uXXXX`` escapes too: a script reads the same value, a person
    reading it on a terminal sees no effect of it. Values JSON does not know are written as
    ``str(value)``.

    Examples
    --------
    >>> print(terminal_json({"title": "ääni\x1b[31m\x9b2J"}))
    {
      "title": "ääni\u001b[31m\u009b2J"
    }
    """
    text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
