"""The format guide's examples are true: its YAML loads, its Python runs, its output is real."""

from __future__ import annotations

import datetime as dt
import doctest
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

import elo_coord
from elo_coord._cli import main
from elo_coord._lint import CODES

from .conftest import ROOT

GUIDE = ROOT / "docs" / "format.md"

_FENCE = re.compile(r"^```(?P<lang>[\w-]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
_EXAMPLE = re.compile(r"^# example: (?P<name>\S+)\.yaml(?P<invalid> \(invalid\))?$")


@dataclass(frozen=True)
class Block:
    """One fenced block of the guide."""

    lang: str
    text: str
    line: int
    """1-based line of the block's first line of content."""


def blocks(lang: str) -> list[Block]:
    text = GUIDE.read_text(encoding="utf-8")
    return [
        Block(m["lang"], m["body"], text.count("\n", 0, m.start("body")) + 1)
        for m in _FENCE.finditer(text)
        if m["lang"] == lang
    ]


@dataclass(frozen=True)
class Example:
    """A complete matrix file shown in the guide."""

    name: str
    invalid: bool
    text: str
    line: int


def examples() -> list[Example]:
    found = []
    for block in blocks("yaml"):
        match = _EXAMPLE.match(block.text.partition("\n")[0])
        if match:
            found.append(Example(match["name"], bool(match["invalid"]), block.text, block.line))
    return found


def errors_of(path: Path, registry: elo_coord.Registry) -> list[str]:
    """Return what loading and linting ``path`` report as errors."""
    try:
        matrix = elo_coord.load_matrix(path, registry=registry)
    except elo_coord.MatrixFileError as error:
        return [str(error)]
    return [f.message for f in elo_coord.lint(matrix, registry) if f.severity == "error"]


@pytest.fixture(scope="module")
def registry() -> elo_coord.Registry:
    return elo_coord.load_registry("matrices")


def test_the_format_guide_shows_both_valid_and_invalid_examples() -> None:
    kinds = {example.invalid for example in examples()}
    assert kinds == {False, True}


def test_every_example_is_named_after_its_id() -> None:
    for example in examples():
        assert yaml.safe_load(example.text)["id"] == example.name, f"line {example.line}"


@pytest.mark.parametrize("example", examples(), ids=lambda e: e.name)
def test_every_yaml_example_in_the_format_guide_loads_or_fails_as_it_says(
    example: Example, registry: elo_coord.Registry, tmp_path: Path
) -> None:
    path = tmp_path / f"{example.name}.yaml"
    path.write_text(example.text, encoding="utf-8")
    errors = errors_of(path, registry)
    if example.invalid:
        assert errors, f"the example at line {example.line} is marked invalid but passes"
    else:
        assert errors == [], f"the example at line {example.line} should pass"


def test_every_illustrative_example_says_so() -> None:
    for example in examples():
        assert yaml.safe_load(example.text).get("illustrative") is True, f"line {example.line}"


def test_every_python_example_in_the_format_guide_gives_the_output_shown() -> None:
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    namespace: dict[str, object] = {}
    pycon = blocks("pycon")
    assert pycon
    for block in pycon:
        # One namespace for all blocks, as in one session: later examples use earlier names.
        test = parser.get_doctest(block.text, namespace, GUIDE.name, str(GUIDE), block.line - 1)
        runner.run(test, out=report.append, clear_globs=False)
        namespace.update(test.globs)
    assert runner.tries > 0
    assert runner.failures == 0, "".join(report)


def validate_commands() -> list[Block]:
    return [b for b in blocks("console") if b.text.startswith("$ elo-coord validate")]


@pytest.mark.parametrize("block", validate_commands(), ids=lambda b: f"line-{b.line}")
def test_the_validate_output_shown_in_the_format_guide_is_what_the_command_prints(
    block: Block, capsys: pytest.CaptureFixture[str]
) -> None:
    command, _, shown = block.text.partition("\n")
    main(shlex.split(command.removeprefix("$ "))[1:])
    assert capsys.readouterr().out == shown


def table_rows(first_cell: re.Pattern[str]) -> dict[str, list[str]]:
    """Return the guide's table rows whose first cell matches, keyed by that cell."""
    rows = {}
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and first_cell.fullmatch(cells[0]):
            rows[cells[0].strip("`")] = cells[1:]
    return rows


def test_the_lint_table_lists_every_finding_code_with_its_severity() -> None:
    rows = table_rows(re.compile(r"`[a-z]+-[a-z-]+`"))
    severities = {"error", "warning", "info"}
    shown = {code: cells[0] for code, cells in rows.items() if cells[0] in severities}
    assert shown == {code: severity.value for code, severity in CODES.items()}


def test_the_body_table_gives_every_body_with_its_level_and_dates(
    registry: elo_coord.Registry,
) -> None:
    def day(cell: str) -> dt.date | None:
        return dt.date.fromisoformat(cell) if cell else None

    rows = table_rows(re.compile(r"`[^`]+`"))
    shown = {
        body: (cells[0], day(cells[1]), day(cells[2]))
        for body, cells in rows.items()
        if body in registry.bodies or cells[0] in {"national", "regional", "local"}
    }
    assert shown == {
        body.id: (body.level.value, body.valid_from, body.valid_to)
        for body in registry.bodies.values()
    }
