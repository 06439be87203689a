"""The researcher's guide's examples give the output it shows."""

from __future__ import annotations

import doctest
import io

import pytest

from .conftest import ROOT

GUIDE = ROOT / "docs" / "research.md"


def pycon_session(text: str) -> str:
    """Return ``text`` with all but its ```pycon blocks blanked, so line numbers stay the file's."""
    lines = []
    inside = False
    for line in text.split("\n"):
        if line == "```pycon":
            inside = True
            lines.append("")
        elif inside and line.startswith("```"):
            inside = False
            lines.append("")
        else:
            lines.append(line if inside else "")
    return "\n".join(lines)


def test_the_guide_shows_every_part_of_the_tour_in_an_example() -> None:
    session = pycon_session(GUIDE.read_text(encoding="utf-8"))
    for name in (
        "load_registry",
        "load_matrix",
        "load_matrices",
        "to_frame",
        "strategy_frame",
        "support",
        "coverage",
        "coverage_counts",
        "task_groups",
        "similarity",
        "cluster_order",
        "minority_views",
        "diff",
        "diffs",
        "patch",
        "synthesize",
        "migrate",
        "save_matrix",
        "render_markdown",
        "load_scale",
        "scale_frame",
        "load_assessments",
        "ratings",
    ):
        assert f"elo_coord.{name}(" in session, name
    assert "from elo_coord import charts" in session
    assert ".to_dict()" in session


def test_every_example_in_the_researchers_guide_gives_the_output_shown() -> None:
    session = pycon_session(GUIDE.read_text(encoding="utf-8"))
    assert ">>> " in session, "the guide has Python examples"
    # The examples build on each other, as in one session; failures name the guide's lines.
    test = doctest.DocTestParser().get_doctest(session, {}, "research.md", str(GUIDE), 0)
    report = io.StringIO()
    runner = doctest.DocTestRunner(
        optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS, verbose=False
    )
    if runner.run(test, out=report.write).failed:
        pytest.fail(report.getvalue(), pytrace=False)
