"""Exceptions raised by elo_coord.

Every exception the package raises on purpose derives from one base, so a script can catch them
all::

    ElocoordError
    ├── InputError          arguments or data the operation cannot work with: no answered
    │   │                   proposal, two strategies, an unknown language, a diff line that does
    │   │                   not apply (also a ValueError)
    │   └── MatrixFileError a YAML file that cannot be read as what it claims to be (syntax,
    │       │               unknown key, wrong type, unknown id); carries file, line and place
    │       └── WorkbookError  a returned workbook that cannot be read as an answer; carries
    │                       file, sheet and cell
    ├── RegistryError       an id the registry does not know, or a registry at odds with itself
    ├── FileChangedError    a save refused: the file changed on disk since it was read
    ├── WriteError          a save the system refused (permissions, a full disk, a folder in
    │                       the way); nothing was changed
    └── MissingExtraError   a part of elo_coord whose optional dependencies are not installed

Lint findings are not exceptions: :func:`elo_coord.lint` returns them as a list so that an
incomplete draft still loads.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "ElocoordError",
    "FileChangedError",
    "InputError",
    "MatrixFileError",
    "MissingExtraError",
    "RegistryError",
    "WorkbookError",
    "WriteError",
    "address",
    "require",
]


class ElocoordError(Exception):
    """Base of every error elo_coord raises on purpose."""


class InputError(ElocoordError, ValueError):
    """Input an operation cannot work with; ``str(error)`` says what and what to do."""


class RegistryError(ElocoordError, LookupError):
    """An id the registry does not know, or a registry that contradicts itself."""


class MatrixFileError(InputError):
    """A data file that cannot be loaded; ``str(error)`` is one line a person can act on.

    Parameters
    ----------
    path
        The file.
    line
        1-based line of the offending place, when known.
    where
        The place in the document, e.g. ``rows[3].regional.bodies[0]``; empty for the whole file.
    message
        What is wrong.
    hint
        What to do about it, e.g. ``did you mean 'TE-toimistot'?``.

    Examples
    --------
    >>> print(MatrixFileError("lappi.yaml", 14, "rows[3].regional.bodies[0]",
    ...                       "unknown body 'TE-toimsto'", "did you mean 'TE-toimistot'?"))
    ... # doctest: +NORMALIZE_WHITESPACE
    lappi.yaml:14: unknown body 'TE-toimsto' at rows[3].regional.bodies[0]
    — did you mean 'TE-toimistot'?
    """

    def __init__(
        self, path: str | Path, line: int | None, where: str, message: str, hint: str = ""
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.where = where
        self.message = message
        self.hint = hint
        self.more: tuple[MatrixFileError, ...] = ()
        """Further problems found in the same file (at most nine), each its own line."""
        self.more_count = 0
        """How many further problems were found, described in :attr:`more` or not."""
        super().__init__(str(self))

    def lines(self) -> list[str]:
        """Return every problem found in the file, one line each, the first first.

        A last line counts the problems found beyond those described.
        """
        lines = [str(self), *(str(more) for more in self.more)]
        rest = self.more_count - len(self.more)
        if rest > 0:
            lines.append(f"{self.path}: and {rest} more problems")
        return lines

    def __str__(self) -> str:
        location = f"{self.path}:{self.line}" if self.line is not None else f"{self.path}"
        at = f" at {self.where}" if self.where else ""
        hint = f" — {self.hint}" if self.hint else ""
        return f"{location}: {self.message}{at}{hint}"


class WorkbookError(MatrixFileError):
    """A returned workbook that cannot be read as an answer; ``str(error)`` is one line.

    Parameters
    ----------
    path
        The file, as given.
    sheet
        The sheet, when the problem is in one.
    cell
        The cell (``F7``) or range (``C7:E7``) in ``sheet``, when known.
    message
        What is wrong.
    hint
        What to do about it.

    Examples
    --------
    >>> print(WorkbookError("lappi.xlsx", "Alueellinen", "F7", "unknown role 'vastuu'",
    ...                     "did you mean 'vastuutaho'?"))
    lappi.xlsx: Alueellinen!F7: unknown role 'vastuu' — did you mean 'vastuutaho'?
    >>> print(WorkbookError("lappi.xlsx", "Kansallinen – Nationell", "A3", "no key row"))
    lappi.xlsx: 'Kansallinen – Nationell'!A3: no key row
    >>> print(WorkbookError("lappi.xlsx", None, None, "the file is empty (0 bytes)"))
    lappi.xlsx: the file is empty (0 bytes)
    """

    def __init__(
        self,
        path: str | Path,
        sheet: str | None,
        cell: str | None,
        message: str,
        hint: str = "",
    ) -> None:
        self.sheet = sheet
        self.cell = cell
        super().__init__(path, None, address(sheet, cell), message, hint)

    def __str__(self) -> str:
        at = f"{self.where}: " if self.where else ""
        hint = f" — {self.hint}" if self.hint else ""
        return f"{self.path}: {at}{self.message}{hint}"


def address(sheet: str | None, cell: str | None) -> str:
    """Return a place in a workbook as a spreadsheet writes it: ``Alueellinen!F7``.

    A sheet name with anything but letters, digits and ``_`` is quoted, as in a formula.

    >>> address("Alueellinen", "F7"), address("Vastaus – Svar", None), address(None, None)
    ('Alueellinen!F7', "'Vastaus – Svar'", '')
    """
    if sheet is None:
        return ""
    name = sheet if sheet.replace("_", "a").isalnum() else "'" + sheet.replace("'", "''") + "'"
    return f"{name}!{cell}" if cell else name


class FileChangedError(ElocoordError):
    """A save refused because the file changed on disk since it was read; nothing was written."""


class WriteError(ElocoordError, OSError):
    """A file the system would not let elo_coord write; ``str(error)`` is one line.

    Nothing was changed: the file holds what it held before. An edit that could not be saved is
    kept (see :attr:`elo_coord.MatrixFile.message`).
    """


class MissingExtraError(ElocoordError, ImportError):
    """A part of elo_coord needs an optional dependency that is not installed; says what to do."""


def require(extra: str, *modules: str) -> None:
    """Raise :class:`MissingExtraError` unless ``modules`` can be imported.

    ``extra`` is the install extra that brings them (``charts``, ``lab``, ``export``).
    """
    import importlib.util

    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        raise MissingExtraError(
            f"this needs {', '.join(missing)}, which is not installed"
            f" — pip install 'elo-coord[{extra}]'"
        )


# Tracebacks and reprs name the public path, elo_coord.RegistryError, not this module's.
for _error in (
    ElocoordError,
    InputError,
    RegistryError,
    MatrixFileError,
    WorkbookError,
    FileChangedError,
    MissingExtraError,
):
    _error.__module__ = "elo_coord"
