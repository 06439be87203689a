"""The ``elo-coord`` command: a thin layer over the library.

Errors in input come out as one line each (file, line, place, fix) and exit status 1; never a
traceback. Every line for people goes out through :func:`_say`, which shows the control
characters a matrix or registry may hold instead of letting the terminal obey them; JSON
escapes them, and CSV cells that a spreadsheet would run as formulas start with ``'``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Never, TextIO

from elo_coord import _yaml
from elo_coord._errors import ElocoordError, MatrixFileError
from elo_coord._io import (
    SCHEMAS,
    json_schema,
    load_assessments,
    load_composition,
    load_matrices,
    load_matrix,
    load_practices,
    load_scale,
    matrix_paths,
    save_matrix,
    write_atomic,
)
from elo_coord._lint import Finding, Severity, lint
from elo_coord._model import MATRIX_LEVELS, START_CHOICES, Kind, Matrix, Status, check_id
from elo_coord._registry import find_registry, load_registry
from elo_coord._report import render_html, render_markdown
from elo_coord._text import printable, spreadsheet_safe_frame, terminal_json

if TYPE_CHECKING:
    import polars as pl

    from elo_coord._comparison import Comparison

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
        _say(f"elo-coord: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader (e.g. `head`) stopped reading: not an error of ours
        # Point stdout at nothing so that Python's flush at exit does not complain again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
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

    compare = commands.add_parser(
        "compare",
        help="how far the proposals in a folder agree, row by row",
        description="Count, for every row, level and body, how many regions propose it, and "
        "classify it as consensus, contested or minority. The coverage comes first.",
    )
    compare.add_argument("folder", type=Path, metavar="FOLDER", help="proposal files or a folder")
    _add_format(compare)
    _add_counting(compare)
    compare.set_defaults(run=_compare)

    diff = commands.add_parser(
        "diff",
        help="what changes from one matrix to another",
        description="List the changes from matrix A to matrix B, keyed by row, level and body or "
        "task: bodies added or removed, roles changed, tasks added, removed or reworded.",
    )
    diff.add_argument("a", type=Path, metavar="A", help="the matrix to start from")
    diff.add_argument("b", type=Path, metavar="B", help="the matrix to compare with")
    _add_format(diff)
    diff.set_defaults(run=_diff)

    synthesize = commands.add_parser(
        "synthesize",
        help="write the matrix the proposals agree on, with provenance",
        description="Build a matrix of kind synthesis from the proposals: the bodies and tasks "
        "at or above the threshold, each with the regions that proposed it, and the contested "
        "cells and minority views as open questions.",
    )
    synthesize.add_argument(
        "folder", type=Path, metavar="FOLDER", help="proposal files or a folder"
    )
    _add_output(synthesize, "the matrix file to write", required=True)
    _add_counting(synthesize)
    synthesize.set_defaults(run=_synthesize)

    migrate = commands.add_parser(
        "migrate",
        help="carry a matrix onto the bodies of a later date",
        description="Map every body that no longer exists on DATE onto its successors and list "
        "each mapping; the ones a person must decide are marked.",
    )
    migrate.add_argument("file", type=Path, metavar="FILE", help="the matrix file")
    migrate.add_argument("--to", required=True, metavar="DATE", help="YYYY-MM-DD")
    _add_choose(migrate)
    _add_output(migrate, "write the migrated matrix here")
    migrate.set_defaults(run=_migrate)

    render = commands.add_parser(
        "render",
        help="a matrix in the forum's slide format, as Markdown or HTML",
        description="Render a matrix one row per slide, as the forum shows it: theme, goal, "
        "means, national and regional coordination with their tasks.",
    )
    render.add_argument("file", type=Path, metavar="FILE", help="the matrix file")
    render.add_argument("--format", choices=("md", "html"), default="md")
    render.add_argument("--lang", choices=("fi", "sv", "en"), default="fi")
    _add_output(render, "write here instead of printing")
    render.set_defaults(run=_render)

    report = commands.add_parser(
        "report",
        help="the forum report: one printable HTML page",
        description="Write the forum's report on the proposals in FOLDER as one self-contained "
        "HTML page that prints one slide per page: coverage, the support heatmap, the agenda of "
        "contested cells, minority views, the synthesis with provenance and open questions, and "
        "each region's differences from the baseline.",
    )
    report.add_argument(
        "folder",
        type=Path,
        metavar="FOLDER",
        help="proposal files or a folder; a baseline in it is used if it holds exactly one",
    )
    _add_output(report, "the HTML file to write", required=True)
    report.add_argument("--lang", choices=("fi", "sv", "en"), default="fi")
    report.add_argument(
        "--baseline", type=Path, metavar="FILE", help="the baseline matrix (default: FOLDER's)"
    )
    decision = report.add_mutually_exclusive_group()
    decision.add_argument(
        "--decided",
        type=Path,
        metavar="FILE",
        help="the forum's saved decision (default: the one synthesis file in FOLDER, if any)",
    )
    decision.add_argument(
        "--proposed",
        action="store_true",
        help="show the automatic proposal even when FOLDER holds a saved decision",
    )
    report.set_defaults(run=_forum_report)

    export = commands.add_parser(
        "export",
        help="a notebook as one HTML page that needs no network",
        description="Run NOTEBOOK in its own folder in export mode (widgets as HTML tables, "
        "charts as SVG) and write it as one self-contained HTML page: no scripts or fonts from "
        "the web, no widget state.",
    )
    export.add_argument("notebook", type=Path, metavar="NOTEBOOK", help="the .ipynb file")
    _add_output(export, "the HTML file to write", required=True)
    export.add_argument(
        "--timeout",
        type=_seconds,
        default=120,
        metavar="S",
        help="the longest any one cell may run, in seconds (default 120)",
    )
    export.set_defaults(run=_export)

    template = commands.add_parser(
        "template",
        help="the workbook a group fills in for a survey",
        description="Write the fill-in workbook (.xlsx) of GROUP for a survey: the strategy's "
        "rows, a role drop-down per body valid on the survey's date, tasks, the open questions; "
        "in Finnish, and in Swedish too for a bilingual group. FILE.csv writes the starting "
        "matrix in the tidy frame's columns instead.",
    )
    template.add_argument("group", metavar="GROUP", help="the group's id, e.g. elo-lappi")
    template.add_argument(
        "--survey", metavar="NAME", help="the survey (default: the latest in the registry)"
    )
    _add_data(template)
    _add_start(template)
    _add_output(template, "the workbook (.xlsx) or CSV file to write", required=True)
    template.set_defaults(run=_template)

    import_ = commands.add_parser(
        "import",
        help="read returned workbooks or CSV files as proposals",
        description="Read each returned workbook (.xlsx) or CSV file with the same checks as a "
        "YAML file, and write it as FOLDER/GROUP.yaml. Every error names the file, the sheet "
        "and the cell.",
    )
    import_.add_argument("files", nargs="+", type=Path, metavar="FILE", help=".xlsx or .csv")
    import_.add_argument(
        "--out", type=Path, required=True, metavar="FOLDER", help="where to write the proposals"
    )
    import_.add_argument("--force", action="store_true", help="replace proposals that exist")
    _add_data(import_)
    import_.set_defaults(run=_import)

    round_ = commands.add_parser(
        "round",
        help="a survey round: send workbooks to the groups, collect what comes back",
        description="Start a survey round (round new) or take its returned files in "
        "(round collect).",
    )
    rounds = round_.add_subparsers(title="round commands", metavar="COMMAND")
    new = rounds.add_parser(
        "new",
        help="write the survey record and a workbook for every group asked",
        description="Write surveys/NAME.yaml in the registry (the questions of the latest "
        "survey of the strategy, the groups that exist on DATE) and rounds/NAME/templates/"
        "GROUP.xlsx for each group, pre-filled as --start-from says. Nothing is written if "
        "anything is wrong.",
    )
    new.add_argument("name", metavar="NAME", help="the round's id, e.g. kevat-2026")
    new.add_argument("--strategy", required=True, metavar="ID", help="e.g. elo-2020-2023")
    new.add_argument("--date", required=True, type=_date, metavar="DATE", help="sent, YYYY-MM-DD")
    new.add_argument("--due", type=_date, metavar="DATE", help="default: four weeks later")
    new.add_argument("--forum", type=_date, metavar="DATE", help="the forum's day, if known")
    new.add_argument("--title", metavar="TEXT", help="the survey's Finnish title")
    new.add_argument(
        "--questions-from", metavar="SURVEY", help="default: the latest survey of the strategy"
    )
    _add_data(new)
    _add_start(new)
    new.set_defaults(run=_round_new)
    collect = rounds.add_parser(
        "collect",
        help="import every returned file and report who answered",
        description="Import every file in FOLDER (rounds/NAME/returns), write each valid answer "
        "as rounds/NAME/proposals/GROUP.yaml, and report who answered, who declined, who is "
        "missing and which files have errors where; the report is also written as "
        "rounds/NAME/intake.html. Running it again replaces only the answers whose files "
        "changed, and never a proposal edited since.",
    )
    collect.add_argument("folder", type=Path, metavar="FOLDER", help="the returned files")
    collect.add_argument("--survey", metavar="NAME", help="default: the round's folder name")
    collect.add_argument(
        "--out", type=Path, metavar="FOLDER", help="the proposals (default: beside FOLDER)"
    )
    collect.add_argument("--lang", choices=("fi", "sv", "en"), default="fi", help="of the page")
    collect.set_defaults(run=_round_collect)

    schemas = commands.add_parser(
        "schemas",
        help="write the JSON Schemas that YAML editors validate against",
        description="Write matrix.schema.json, bodies.schema.json … generated from the models.",
    )
    schemas.add_argument("folder", type=Path, metavar="FOLDER", help="e.g. matrices/schemas")
    schemas.set_defaults(run=_schemas)
    return parser


def _add_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        type=Path,
        default=Path("matrices"),
        metavar="FOLDER",
        help="the data folder with the registry (default: matrices)",
    )


def _add_start(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--start-from",
        choices=START_CHOICES,
        help="pre-fill with the baseline carried onto the survey date's bodies (the default for "
        "a new round), the baseline as it is, or nothing; a template starts as its round did",
    )
    parser.add_argument(
        "--baseline", type=Path, metavar="FILE", help="default: the one in DATA/baseline/"
    )
    _add_choose(parser)


def _add_choose(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--choose",
        action="append",
        default=[],
        metavar="BODY=SUCCESSOR[,SUCCESSOR]",
        help="decide a body's successors yourself, e.g. AVI=LVV (repeatable)",
    )


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date — write YYYY-MM-DD") from None


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("text", "json", "csv"), default="text", help="text for people"
    )


def _add_output(parser: argparse.ArgumentParser, what: str, *, required: bool = False) -> None:
    parser.add_argument("--out", type=Path, required=required, metavar="FILE", help=what)
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def _add_counting(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--by",
        choices=("region", "answer"),
        default="region",
        help="count a joint answer once per region (default) or once",
    )
    parser.add_argument(
        "--consensus",
        "--threshold",
        dest="consensus",
        type=_fraction,
        default=2 / 3,
        metavar="SHARE",
        help="share at or above which a body is agreed, e.g. 2/3 or 0.6 (default 2/3)",
    )
    parser.add_argument(
        "--minority",
        type=_fraction,
        default=1 / 3,
        metavar="SHARE",
        help="share at or below which a body is a minority view (default 1/3)",
    )


def _fraction(text: str) -> float:
    try:
        top, _, bottom = text.partition("/")
        value = float(top) / float(bottom) if bottom else float(top)
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(f"{text!r} is not a share such as 2/3 or 0.6") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not between 0 and 1")
    return value


@dataclass
class _Result:
    path: Path
    line: int | None
    severity: Severity
    code: str
    message: str
    finding: Finding | None = None
    problems: int = 1
    """How many problems the line stands for ("and 5 more problems in this file": 5)."""

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
                results += _file_errors(error)
        try:
            paths += matrix_paths([place])
        except MatrixFileError as error:
            results += _file_errors(error)

        # The groups' monitoring: development scales, years of assessments, the groups' make-up
        # and the good practices.
        def found(pattern: str, place: Path = place) -> list[Path]:
            return sorted(place.rglob(pattern)) if place.is_dir() else []

        loads: list[tuple[Path, Callable[[Path], object]]] = [
            *((path, load_scale) for path in found("monitoring/scale-*.yaml")),
            *((path, load_assessments) for path in found("monitoring/assessments/*.yaml")),
            *((path, load_composition) for path in found("monitoring/composition/*.yaml")),
            *((path, load_practices) for path in found("monitoring/practices.yaml")),
        ]
        for path, load in loads:
            try:
                load(path)
            except MatrixFileError as error:
                results += _file_errors(error)
    for path in paths:
        checked += 1
        try:
            folder = find_registry(path.parent)
            registry = load_registry(folder) if folder else None
            matrix = load_matrix(path, registry=registry)
        except MatrixFileError as error:
            results += _file_errors(error)
            continue
        findings = lint(matrix, registry)
        where = _Lines(path, matrix) if findings else None
        for finding in findings:
            assert where is not None
            results.append(
                _Result(
                    path,
                    where.line(finding),
                    finding.severity,
                    finding.code,
                    finding.message,
                    finding,
                )
            )
    errors = sum(r.problems for r in results if r.severity is Severity.ERROR)
    if args.format == "json":
        print(terminal_json([r.json() for r in results]))
    else:
        shown = [r for r in results if args.verbose or r.severity is not Severity.INFO]
        for result in shown:
            _say(result.text())
        warnings = sum(r.severity is Severity.WARNING for r in results)
        notes = sum(r.severity is Severity.INFO for r in results)
        summary = f"{_count(checked, 'matrix file')}: {_count(errors, 'error')}, "
        summary += f"{_count(warnings, 'warning')}, {_count(notes, 'note')}"
        if notes and not args.verbose:
            summary += " (-v shows notes)"
        _say(summary)
    return 1 if errors else 0


def _file_errors(error: MatrixFileError) -> list[_Result]:
    """Return the lines of a file that cannot be loaded: its first problems, and how many more."""
    results = []
    for problem in (error, *error.more):
        text = str(problem)
        message = text.split(": ", 1)[1] if ": " in text else text
        results.append(_Result(problem.path, problem.line, Severity.ERROR, "file", message))
    untold = error.more_count - len(error.more)
    if untold > 0:
        what = f"and {untold} more problem{'s' if untold > 1 else ''} in this file"
        results.append(_Result(error.path, None, Severity.ERROR, "file", what, problems=untold))
    return results


class _Lines:
    """The lines findings are about, looked up in one file read once (many findings, one read)."""

    def __init__(self, path: Path, matrix: Matrix) -> None:
        self.source = _yaml.read(path)
        self.matrix = matrix
        self.index = {row.row: i for i, row in reversed(list(enumerate(matrix.rows)))}

    def line(self, finding: Finding) -> int | None:
        """Return the line a finding is about, or ``None`` for the whole file."""
        if finding.row is None or finding.row not in self.index:
            return None
        index = self.index[finding.row]
        loc: list[str | int] = ["rows", index]
        if finding.level is not None:
            loc.append(finding.level.value)
            bodies = [a.body for a in self.matrix.rows[index].cell(finding.level).bodies]
            if finding.body in bodies:
                loc += ["bodies", bodies.index(finding.body)]
        return self.source.line(loc)


def _proposals(place: Path) -> tuple[list[Matrix], Matrix | None]:
    """Load the proposals in ``place``, and the baseline if the folder holds exactly one."""
    proposals, baseline, _ = _forum_files(place)
    return proposals, baseline


def _forum_files(place: Path) -> tuple[list[Matrix], Matrix | None, list[tuple[Path, Matrix]]]:
    """Load the proposals in ``place``, its baseline if it holds one, and its saved decisions."""
    paths = matrix_paths([place])
    matrices = load_matrices(paths)
    proposals = [m for m in matrices if m.kind is Kind.PROPOSAL]
    baselines = [m for m in matrices if m.kind is Kind.BASELINE]
    decided = [(p, m) for p, m in zip(paths, matrices, strict=True) if m.kind is Kind.SYNTHESIS]
    if not proposals:
        raise MatrixFileError(
            place, None, "", "no proposals here", "point to a folder of proposals"
        )
    return proposals, baselines[0] if len(baselines) == 1 else None, decided


def _compare(args: argparse.Namespace) -> int:
    proposals, baseline = _proposals(args.folder)
    forum = _comparison(args, proposals, baseline)
    lines = forum.support
    if args.format != "text":
        _print_frame(lines, args.format)
        return 0
    _say(forum.coverage_counts.sentence("en"))
    marks = {"consensus": "●", "contested": "◐", "minority": "○", None: " "}
    current = None
    camps = forum.group_consensus.select("camps", "camps_naming", "split").rows()
    for line, (count, naming, split) in zip(lines.iter_rows(named=True), camps, strict=True):
        if (line["row_id"], line["level"]) != current:
            current = (line["row_id"], line["level"])
            _say("")
            _say(f"{line['row_id']} {line['level']}")
        lead = f"  lead {line['lead_n']}" if line["lead_n"] else ""
        base = "  (baseline)" if line["baseline_role"] else ""
        share = f"{line['share']:4.0%}" if line["share"] is not None else "   –"
        among = f"camps {naming}/{count}{' split' if split else '':<6}" if count else " " * 15
        _say(
            f"  {marks[line['status']]} {line['body_id']:<20} {line['n']:>3}/{line['total']:<3}"
            f" {share} {line['status'] or '':<10} {among}{lead}{base}".rstrip()
        )
    _say("")
    _say("● consensus  ◐ contested  ○ minority; camps: of the camps of like answers, those in")
    _say("which more than half name the body (split: a consensus not every camp shares)")
    return 0


def _comparison(
    args: argparse.Namespace, proposals: list[Matrix], baseline: Matrix | None
) -> Comparison:
    """Return the comparison the options ask for (``--by``, ``--consensus``, ``--minority``)."""
    from elo_coord._comparison import Comparison

    folder = find_registry(args.folder if args.folder.is_dir() else args.folder.parent)
    return Comparison(
        proposals,
        baseline,
        registry=load_registry(folder) if folder is not None else None,
        by=args.by,
        consensus=args.consensus,
        minority=args.minority,
    )


def _print_frame(frame: pl.DataFrame, format: str) -> None:
    import polars as pl

    if format == "json":
        print(terminal_json(frame.to_dicts()))
        return
    flat = frame.with_columns(
        pl.col(name).cast(pl.List(pl.String)).list.join(";")
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.List)
    )
    print(spreadsheet_safe_frame(flat).write_csv(), end="")


def _diff(args: argparse.Namespace) -> int:
    from elo_coord._diff import diff

    a, b = load_matrix(args.a), load_matrix(args.b)
    changes = diff(a, b)
    if args.format != "text":
        _print_frame(changes, args.format)
        return 0
    for line in changes.iter_rows(named=True):
        place = " ".join(str(line[k]) for k in ("row_id", "level") if line[k] is not None)
        what = line["body_id"] or line["task"] or line["field"] or ""
        detail = ""
        if line["old"] is not None or line["new"] is not None:
            detail = f": {_short(line['old'])} → {_short(line['new'])}"
        _say(f"{place:<16} {line['change']:<16} {what}{detail}")
    counts = changes.group_by("change").len().sort("change")
    summary = ", ".join(f"{n} {change}" for change, n in counts.iter_rows())
    _say(f"{changes.height} changes" + (f": {summary}" if summary else ""))
    return 0


def _short(value: object) -> str:
    text = "–" if value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _synthesize(args: argparse.Namespace) -> int:
    proposals, _ = _proposals(args.folder)
    forum = _comparison(args, proposals, None).synthesis_as(args.out.stem)
    save_matrix(forum, args.out, expected=_replaceable(args.out, args.force))
    bodies = sum(len(row.cell(level).bodies) for row in forum.rows for level in MATRIX_LEVELS)
    _say(
        f"wrote {args.out}: {len(forum.rows)} rows, {bodies} bodies agreed, "
        f"{len(forum.questions)} open questions"
    )
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from elo_coord._migrate import migrate

    try:
        day = dt.date.fromisoformat(args.to)
    except ValueError:
        raise MatrixFileError(
            Path(args.to), None, "", "not a date", "write --to as YYYY-MM-DD"
        ) from None
    choose = _choices(args.choose)
    if args.out is not None:  # the new file's id is its name: check it before any work
        check_id(args.out.stem, "the id taken from --out")
    matrix = load_matrix(args.file)
    try:
        migration = migrate(matrix, day, choose=choose)
    except ValueError as error:
        raise ElocoordError(str(error)) from None
    # Each decision once, with the number of rows it concerns; then each open question once.
    for line in migration.decisions.iter_rows(named=True):
        outcome = line["outcome"]
        if outcome == "out-of-scope":
            detail = f"out-of-scope, no guidance work: {line['scope']}"
        elif outcome == "present":
            detail = f"present: the row names it in the {line['successor_level']} column"
        else:
            detail = outcome + (f" ({line['confidence']})" if line["confidence"] else "")
        _say(
            f"{'?' if line['decide'] else ' '} {line['body_id']} → {line['successor_id'] or '–'}"
            f" ({line['level']}, {_count(len(line['rows']), 'row')}): {detail}"
        )
    asked: dict[tuple[str | None, str, str | None], list[str]] = {}
    for question in migration.matrix.questions:
        if question.status is Status.SUCCESSION:
            key = (question.body, question.level.value, question.note)
            asked.setdefault(key, []).append(question.row)
    for (body, level, note), rows in asked.items():
        _say(f"? {body}, {level} column, {_count(len(rows), 'row')} ({', '.join(rows)}):")
        _say(f"    {note}")
    _say(
        f"{migration.mappings.height} mappings in {migration.decisions.height} decisions,"
        f" {_count(len(asked), 'question')} for a person (?)"
    )
    if args.out is not None:
        saved = migration.matrix.model_copy(update={"id": args.out.stem})
        save_matrix(saved, args.out, expected=_replaceable(args.out, args.force))
        _say(f"wrote {args.out}")
    return 0


def _choices(given: Sequence[str]) -> dict[str, list[str]]:
    choose: dict[str, list[str]] = {}
    for choice in given:
        body, equals, successors = choice.partition("=")
        if not body or not equals or (successors and "" in successors.split(",")):
            raise ElocoordError(
                f"--choose {choice!r}: write it as BODY=SUCCESSOR[,SUCCESSOR], or BODY= for none"
            )
        choose[body] = successors.split(",") if successors else []
    return choose


def _data_folder(data: Path) -> Path:
    folder = find_registry(data) if data.exists() else None
    if folder is None:
        raise ElocoordError(f"{data}: no bodies.yaml here or above — give --data FOLDER")
    return folder


def _template(args: argparse.Namespace) -> int:
    from elo_coord._round import starting_matrix
    from elo_coord._workbook import write_workbook

    folder = _data_folder(args.data)
    registry = load_registry(folder)
    registry.group(args.group)
    if args.survey is None:
        if not registry.surveys:
            raise ElocoordError(f"{folder}: no survey in surveys/ — start one with round new")
        survey = max(registry.surveys.values(), key=lambda s: s.sent)
    else:
        survey = registry.survey(args.survey)
    begin = args.start_from or survey.start or "migrated"
    baseline = None
    if begin != "empty":
        from elo_coord._round import baseline_path

        path = baseline_path(folder, args.baseline, survey)
        baseline = load_matrix(path, registry=registry)
    start = starting_matrix(
        args.group,
        survey,
        registry,
        start=begin,
        baseline=baseline,
        choose={**survey.choose, **_choices(args.choose)},
    )
    if args.out.suffix.lower() == ".csv":
        from elo_coord._intake import write_csv

        write_csv(start, args.out, overwrite=args.force)
    else:
        write_workbook(
            args.out,
            group=args.group,
            survey=survey,
            registry=registry,
            start=start if start.rows else None,
            overwrite=args.force,
        )
    _say(f"wrote {args.out}: {args.group} answering {survey.id} ({begin})")
    return 0


def _import(args: argparse.Namespace) -> int:
    from elo_coord._intake import read_return

    registry = load_registry(_data_folder(args.data))
    failed = 0
    for path in args.files:
        try:
            imported = read_return(path, registry=registry)
        except MatrixFileError as error:
            failed += 1
            for line in error.lines():
                _say(line, file=sys.stderr)
            continue
        for note in imported.notes:
            _say(f"note: {note}")
        target = args.out / f"{imported.matrix.id}.yaml"
        args.out.mkdir(parents=True, exist_ok=True)
        save_matrix(imported.matrix, target, expected=_replaceable(target, args.force))
        _say(f"wrote {target} from {path}")
    return 1 if failed else 0


def _round_new(args: argparse.Namespace) -> int:
    from elo_coord._round import new_round

    started = new_round(
        args.name,
        data=_data_folder(args.data),
        strategy=args.strategy,
        date=args.date,
        due=args.due,
        forum=args.forum,
        start=args.start_from or "migrated",
        baseline=args.baseline,
        choose=_choices(args.choose),
        questions_from=args.questions_from,
        title=args.title,
    )
    returns = _shown(started.folder / "returns")
    _say(f"wrote {_shown(started.survey_path)}")
    _say(
        f"wrote {_count(len(started.workbooks), 'workbook')} in"
        f" {_shown(started.folder / 'templates')} ({started.survey.start}),"
        f" due {started.survey.due}"
    )
    _say(f"put the returned files in {returns}, then: elo-coord round collect {returns}")
    return 0


def _shown(path: Path) -> Path:
    """Return ``path`` relative to the working folder when it is inside it, as people type it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _round_collect(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from elo_coord._round import collect

    bars: list[tqdm[Never]] = []

    def progress(number: int, total: int, path: Path) -> None:
        if not bars:
            bars.append(
                tqdm(
                    total=total,
                    file=sys.stderr,
                    unit="file",
                    leave=False,
                    disable=None,  # no bar when standard error is not a terminal
                    mininterval=0,  # each file shows: a file takes tens of milliseconds
                )
            )
        bars[0].set_postfix_str(printable(path.name), refresh=False)
        bars[0].update(1)

    try:
        intake = collect(
            args.folder, survey=args.survey, proposals=args.out, lang=args.lang, progress=progress
        )
    finally:
        for bar in bars:
            bar.close()
    for line in intake.lines:
        who = line.group or "?"
        files = f" ({line.file}{' → ' + line.proposal if line.proposal else ''}"
        files += ", written)" if line.written else ")"
        _say(f"{who}: {line.state}{files if line.file or line.proposal else ''}")
        for problem in line.problems:
            _say(f"    {problem}")
        for note in line.notes:
            _say(f"    note: {note}")
    _say(intake.summary("en"))
    _say(f"wrote {args.folder.parent / 'intake.html'}")
    return 1 if intake.count("errors") else 0


def _render(args: argparse.Namespace) -> int:
    matrix = load_matrix(args.file)
    render = render_html if args.format == "html" else render_markdown
    text = render(matrix, lang=args.lang)
    if args.out is None:
        # The document line by line: its own lines stay, a control character from data shows.
        for line in text.removesuffix("\n").split("\n"):
            _say(line)
    else:
        write_atomic(args.out, text, expected=_replaceable(args.out, args.force))
        _say(f"wrote {args.out}")
    return 0


def _forum_report(args: argparse.Namespace) -> int:
    from elo_coord._forum import render_report

    proposals, baseline, saved = _forum_files(args.folder)
    if args.baseline is not None:
        baseline = load_matrix(args.baseline)
    folder = find_registry(args.folder if args.folder.is_dir() else args.folder.parent)
    registry = load_registry(folder) if folder is not None else None
    decided: tuple[Path, Matrix] | None = None
    if args.decided is not None:
        decided = (args.decided, load_matrix(args.decided, registry=registry))
        if decided[1].kind is not Kind.SYNTHESIS:
            raise MatrixFileError(
                args.decided,
                None,
                "kind",
                f"kind is {decided[1].kind.value!r}, not 'synthesis'",
                "give the file the workbench saved the forum's decisions in",
            )
    elif len(saved) == 1 and not args.proposed:
        decided = saved[0]
    elif len(saved) > 1 and not args.proposed:
        files = ", ".join(str(path) for path, _ in saved)
        raise MatrixFileError(
            args.folder,
            None,
            "",
            f"{len(saved)} saved decisions here ({files})",
            "choose one with --decided FILE, or --proposed for the automatic proposal",
        )
    page = render_report(
        proposals,
        baseline,
        lang=args.lang,
        registry=registry,
        decided=decided[1] if decided else None,
        decided_file=decided[0].name if decided else None,
    )
    write_atomic(args.out, page, expected=_replaceable(args.out, args.force))
    shows = (
        f"the forum's decision in {decided[0]}"
        if decided
        else "the automatic proposal (no saved decision)"
    )
    _say(f"wrote {args.out} ({_size(page)}): the synthesis is {shows}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from elo_coord._notebook import export_notebook

    page = export_notebook(
        args.notebook,
        args.out,
        timeout=args.timeout,
        expected=_replaceable(args.out, args.force),
    )
    _say(f"wrote {args.out} ({_size(page)})")
    return 0


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive, finite number of seconds")
    return value


def _size(text: str) -> str:
    return f"{len(text.encode('utf-8')) / 1000:.0f} kB"


def _replaceable(path: Path, force: bool) -> str | None:
    """Return what ``path`` holds when ``--force`` allows replacing it, so the save can check it."""
    if not force or not path.exists():
        return None
    return path.read_text(encoding="utf-8")


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
            _say(f"wrote {path}")
    return 0


def _say(line: str, *, file: TextIO | None = None) -> None:
    """Print one line for people: control characters from data are shown, never obeyed.

    Every line the command prints for a person goes through here, so that a title, task, note or
    file name holding an escape sequence, a bell or a line break cannot recolour the terminal,
    rewrite what it shows or split one item over two lines (see :func:`printable`).
    """
    print(printable(line), file=file)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
