"""The ``elo-coord`` command: a thin layer over the library.

Errors in input come out as one line each (file, line, place, fix) and exit status 1; never a
traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from elo_coord import _yaml
from elo_coord._errors import ElocoordError, MatrixFileError
from elo_coord._io import SCHEMAS, json_schema, load_matrix, matrix_paths, write_atomic
from elo_coord._lint import Finding, Severity, lint
from elo_coord._model import Matrix
from elo_coord._registry import find_registry, load_registry

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        status: int = args.run(args)
    except ElocoordError as error:
        print(f"elo-coord: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="elo-coord",
        description="Who coordinates what in Finnish lifelong guidance (ELO): check, compare "
        "and edit coordination matrices.",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check matrix files and registries; exit 1 on errors",
        description="Load each matrix file (and the registry folder it belongs to), run the "
        "matrix-wide rules, and print what they find. Exit status 1 if anything is an error.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="matrix files or folders")
    validate.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people, json for scripts",
    )
    validate.add_argument(
        "-v", "--verbose", action="store_true", help="also show notes (severity info)"
    )
    validate.set_defaults(run=_validate)

    schemas = commands.add_parser(
        "schemas",
        help="write the JSON Schemas that YAML editors validate against",
        description="Write matrix.schema.json, bodies.schema.json … generated from the models.",
    )
    schemas.add_argument("folder", type=Path, metavar="FOLDER", help="e.g. matrices/schemas")
    schemas.set_defaults(run=_schemas)
    return parser


@dataclass
class _Result:
    path: Path
    line: int | None
    severity: Severity
    code: str
    message: str
    finding: Finding | None = None

    def text(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        place = ""
        if self.finding is not None:
            parts = [self.finding.row, self.finding.level, self.finding.body]
            place = " (" + ", ".join(str(p) for p in parts if p) + ")" if any(parts) else ""
        if self.finding is None:
            return f"{where}: {self.severity}: {self.message}"
        return f"{where}: {self.severity} {self.code}{place}: {self.message}"

    def json(self) -> dict[str, object]:
        out: dict[str, object] = {"path": str(self.path), "line": self.line}
        if self.finding is not None:
            out |= self.finding.model_dump(mode="json")
        else:
            out |= {"severity": self.severity.value, "code": self.code, "message": self.message}
        return out


def _validate(args: argparse.Namespace) -> int:
    results: list[_Result] = []
    checked = 0
    registries: set[Path] = set()
    paths: list[Path] = []
    for place in map(Path, args.paths):
        folder = find_registry(place if place.is_dir() else place.parent)
        if folder is not None and folder not in registries:
            registries.add(folder)
            try:
                load_registry(folder)
            except MatrixFileError as error:
                results.append(_file_error(error))
        try:
            paths += matrix_paths([place])
        except MatrixFileError as error:
            results.append(_file_error(error))
    for path in paths:
        checked += 1
        try:
            folder = find_registry(path.parent)
            registry = load_registry(folder) if folder else None
            matrix = load_matrix(path, registry=registry)
        except MatrixFileError as error:
            results.append(_file_error(error))
            continue
        for finding in lint(matrix, registry):
            results.append(
                _Result(
                    path,
                    _line_of(path, matrix, finding),
                    finding.severity,
                    finding.code,
                    finding.message,
                    finding,
                )
            )
    errors = sum(r.severity is Severity.ERROR for r in results)
    if args.format == "json":
        print(json.dumps([r.json() for r in results], ensure_ascii=False, indent=2))
    else:
        shown = [r for r in results if args.verbose or r.severity is not Severity.INFO]
        for result in shown:
            print(result.text())
        warnings = sum(r.severity is Severity.WARNING for r in results)
        notes = sum(r.severity is Severity.INFO for r in results)
        summary = f"{_count(checked, 'matrix file')}: {_count(errors, 'error')}, "
        summary += f"{_count(warnings, 'warning')}, {_count(notes, 'note')}"
        if notes and not args.verbose:
            summary += " (-v shows notes)"
        print(summary)
    return 1 if errors else 0


def _file_error(error: MatrixFileError) -> _Result:
    message = str(error).split(": ", 1)[1] if ": " in str(error) else str(error)
    return _Result(error.path, error.line, Severity.ERROR, "file", message)


def _line_of(path: Path, matrix: Matrix, finding: Finding) -> int | None:
    """Return the line a finding is about, looked up in the file's text."""
    if finding.row is None:
        return None
    index = next((i for i, row in enumerate(matrix.rows) if row.row == finding.row), None)
    if index is None:
        return None
    loc: list[str | int] = ["rows", index]
    if finding.level is not None:
        loc.append(finding.level.value)
        cell = matrix.rows[index].cell(finding.level)
        bodies = [a.body for a in cell.bodies]
        if finding.body in bodies:
            loc += ["bodies", bodies.index(finding.body)]
    return _yaml.read(path).line(loc)


def _schemas(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    for name in SCHEMAS:
        path = folder / f"{name}.schema.json"
        text = json_schema(name)
        try:
            current: str | None = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            current = None
        if current != text:
            write_atomic(path, text, expected=current)
            print(f"wrote {path}")
    return 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
