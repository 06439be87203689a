"""The forum's workbench in JupyterLab in headless Chromium, offline (harness: tests/browser.py)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .browser import LabServer, click, errors, kernel_output, open_notebook, run_all, screenshot
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

    assert run_all(lab_page, timeout=120)
    assert errors(lab_page) == []
    lab_page.locator(HEATMAP).first.wait_for(timeout=60_000)
    before = heatmap_text(lab_page)
    assert lab_page.locator(CELL).text_content() == ""

    click(lab_page, CELL)
    lab_page.locator(CELL).filter(has_text="●").wait_for(timeout=30_000)
    lab_page.wait_for_function(
        "([selector, before]) => document.querySelector(selector).textContent !== before",
        arg=[HEATMAP, before],
        timeout=30_000,
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
