"""The commands the guides tell people to type are commands elo-coord understands."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from elo_coord._cli import _parser

from .conftest import ROOT

GUIDES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def commands(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|console)\n(.*?)```", text, flags=re.S)
    found = []
    for block in blocks:
        for line in block.splitlines():
            line = line.removeprefix("$ ").split("  #")[0].strip()
            if re.match(r"(\.venv/bin/)?elo-coord ", line):
                found.append(line)
    return found


CASES = [(path.name, line) for path in GUIDES for line in commands(path)]


def test_the_guides_show_commands_at_all() -> None:
    assert len(CASES) >= 15


@pytest.mark.parametrize(("guide", "line"), CASES, ids=[f"{g}:{line}" for g, line in CASES])
def test_each_command_in_the_guides_parses(guide: str, line: str) -> None:
    words = shlex.split(line)[1:]
    args = _parser().parse_args(words)  # exits (fails the test) on an unknown command or flag
    assert hasattr(args, "run"), f"{guide}: {line}"
