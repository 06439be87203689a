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
    # Outputs that come after a cell's reply (hundreds of widgets, a loaded machine) are waited
    # for, not dropped after nbclient's default 4 s.
    client = NotebookClient(
        notebook,
        timeout=120,
        iopub_timeout=120,
        raise_on_iopub_timeout=True,
        kernel_name="python3",
        resources={"metadata": {"path": path.parent}},
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


def test_the_forum_notebook_shows_the_three_workbench_widgets() -> None:
    notebook = executed(ROOT / "notebooks" / "forum.ipynb")
    views = [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in output.get("data", {})
    ]
    assert len(views) == 3  # compare, editor, synthesis
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    models = [model["state"] for model in state.values()]
    # The editor opens Lappi's proposal, which makes ELY the regional lead: a ★ cell.
    assert any(m.get("description") == "★" for m in models)
    # The comparison draws its heatmap from the support counts.
    specs = [m["spec"] for m in models if isinstance(m.get("spec"), dict)]
    assert any("datasets" in spec for spec in specs)
