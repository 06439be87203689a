"""The README's examples do what it says."""

from __future__ import annotations

import doctest

from .conftest import ROOT


def test_the_readme_python_example_runs() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in text.split("```pycon\n")[1:]]
    assert blocks, "the README has a Python example"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    # The examples build on each other, as in one session.
    session = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, "README", "README.md", 0)
    runner.run(session)
    assert runner.summarize(verbose=False).failed == 0


def test_the_readme_names_the_two_commands_that_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 dev.py app" in readme
    assert "python3 dev.py test" in readme
    assert "python3 dev.py test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
