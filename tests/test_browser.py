"""The forum's workbench in JupyterLab in headless Chromium, offline (harness: tests/browser.py)."""

from __future__ import annotations

import json
import os
import urllib.request
from typing import TYPE_CHECKING

from .browser import (
    LabServer,
    click,
    errors,
    kernel_output,
    open_notebook,
    ran_though_lab_missed_the_end,
    role_in_file,
    run_all,
    screenshot,
    wait_for_role,
)
from .conftest import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytest_plugins = ["tests.browser"]

HEATMAP = ".elo-compare svg.marks"
# Only Pohjois-Pohjanmaa names the regional councils on T4.1; Lappi does not.
CELL = ".elo-cell-T4-1-regional-maakuntien-liitot"


def heatmap_text(page: Page) -> str:
    return str(page.locator(HEATMAP).first.text_content(timeout=60_000))


def test_a_click_in_the_editor_changes_the_heatmap_in_jupyterlab(
    jupyterlab: LabServer, lab_page: Page, external_requests: list[str]
) -> None:
    open_notebook(lab_page, jupyterlab, "notebooks/forum.ipynb")
    windowing = "() => jupyterapp.shell.currentWidget.content.notebookConfig.windowingMode"
    assert lab_page.evaluate(windowing) == "none"  # every cell is in the DOM

    assert run_all(lab_page, timeout=120, server=jupyterlab)
    assert errors(lab_page) == []
    # The harness's fallback for a missed end of a cell holds when every cell did run.
    assert ran_though_lab_missed_the_end(lab_page, jupyterlab)
    lab_page.locator(HEATMAP).first.wait_for(timeout=60_000)
    before = heatmap_text(lab_page)
    assert (lab_page.locator(CELL).text_content() or "").strip() == ""

    click(lab_page, CELL)
    lab_page.locator(CELL).filter(has_text="●").wait_for(timeout=60_000)
    lab_page.wait_for_function(
        "([selector, before]) => document.querySelector(selector).textContent !== before",
        arg=[HEATMAP, before],
        timeout=60_000,
    )
    assert heatmap_text(lab_page) != before
    # The kernel counted the click: 2 regions now name the councils on T4.1, and it is saved.
    code = (
        "line = compare.lines.filter((compare.lines['row_id'] == 'T4.1')"
        " & (compare.lines['body_id'] == 'maakuntien-liitot'))\n"
        "print(line['n'].item(), editor.file.dirty)"
    )
    assert kernel_output(lab_page, code).split() == ["2", "False"]
    assert external_requests == []

    if os.environ.get("ELO_COORD_DOCS_SCREENSHOTS"):  # refresh the guides' pictures
        shots = ROOT / "docs" / "screenshots"
        lab_page.locator(HEATMAP).first.scroll_into_view_if_needed()
        screenshot(lab_page, shots / "workbench.png")
        lab_page.locator(".elo-editor").first.screenshot(path=shots / "editor.png")
        lab_page.locator(".elo-synthesis").first.screenshot(path=shots / "synthesis.png")


# Lappi names no third sector on T6.1 regionally (matrices/proposals/lappi.yaml).
CYCLE_CELL = ".elo-cell-T6-1-regional-kolmas-sektori"


def test_a_cell_shows_the_role_the_file_holds_through_a_whole_cycle_and_undo(
    jupyterlab: LabServer, lab_page: Page, external_requests: list[str]
) -> None:
    open_notebook(lab_page, jupyterlab, "notebooks/forum.ipynb")
    assert run_all(lab_page, timeout=120, server=jupyterlab)
    assert errors(lab_page) == []
    path = jupyterlab.root / "matrices" / "proposals" / "lappi.yaml"

    def shown(role: str | None) -> None:
        """Wait until the cell shows ``role``'s mark and colour; then compare with the file."""
        wait_for_role(lab_page, CYCLE_CELL, role)
        assert role_in_file(path, "T6.1", "kolmas-sektori") == role

    cell = lab_page.locator(CYCLE_CELL)
    cell.wait_for(timeout=60_000)
    shown(None)
    for role in ("partner", "lead", None):  # empty → ● → ★ → empty, one click each
        click(lab_page, CYCLE_CELL)
        shown(role)
    undo = lab_page.locator(".elo-editor button", has_text="Kumoa")
    for role in ("lead", "partner", None):  # and back, one undo each
        undo.first.click()
        shown(role)
    assert external_requests == []


def test_jupyterlab_saves_a_notebook_without_its_outputs(jupyterlab: LabServer) -> None:
    """What autosave sends after a run (outputs, counts, widget state) is not what is written."""
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}},
        "cells": [
            {
                "cell_type": "code",
                "id": "c1",
                "metadata": {},
                "source": "print('x')",
                "execution_count": 7,
                "outputs": [{"output_type": "stream", "name": "stdout", "text": "x\n"}],
            }
        ],
    }
    body = json.dumps({"type": "notebook", "format": "json", "content": notebook}).encode()
    request = urllib.request.Request(
        f"{jupyterlab.url}/api/contents/notebooks/scratch.ipynb",
        data=body,
        method="PUT",
        headers={"Authorization": f"token {jupyterlab.token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status in (200, 201)
    saved = json.loads((jupyterlab.root / "notebooks" / "scratch.ipynb").read_text("utf-8"))
    (jupyterlab.root / "notebooks" / "scratch.ipynb").unlink()
    assert saved["cells"][0]["outputs"] == []
    assert saved["cells"][0]["execution_count"] is None
    assert "".join(saved["cells"][0]["source"]) == "print('x')"
    assert "widgets" not in saved["metadata"]
