"""The notebooks run top to bottom on the shipped data, and are committed without outputs."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@cache
def executed(path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": path.parent}}
    )
    client.execute()
    return notebook


def shown(notebook: nbformat.NotebookNode) -> str:
    return "".join(
        output.get("data", {}).get("text/plain", "")
        for cell in notebook.cells
        for output in cell.get("outputs", [])
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_notebook_is_committed_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_notebook_runs_top_to_bottom_without_errors(path: Path) -> None:
    notebook = executed(path)
    errors = [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.output_type == "error"
    ]
    assert errors == []


def test_the_forum_notebook_shows_the_baseline_rows_and_the_proposals() -> None:
    text = shown(executed(ROOT / "notebooks" / "forum.ipynb"))
    assert "TNO-foorumi 25.3.2022" in text
    assert "shape: (12, 7)" in text  # 12 strategy rows: row, theme, means, bodies and tasks x 2
    assert "shape: (12, 5)" in text  # 12 illustrative proposals
