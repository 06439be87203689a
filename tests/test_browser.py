"""The forum's notebook in JupyterLab in headless Chromium, offline (harness: tests/browser.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .browser import LabServer, errors, open_notebook, output_text, run_all

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytest_plugins = ["tests.browser"]


def test_the_forum_notebook_runs_in_jupyterlab_in_a_headless_browser(
    jupyterlab: LabServer, lab_page: Page, external_requests: list[str]
) -> None:
    open_notebook(lab_page, jupyterlab, "notebooks/forum.ipynb")
    windowing = "() => jupyterapp.shell.currentWidget.content.notebookConfig.windowingMode"
    assert lab_page.evaluate(windowing) == "none"  # every cell is in the DOM

    assert run_all(lab_page)

    assert errors(lab_page) == []
    text = output_text(lab_page)
    assert "TNO-foorumi 25.3.2022" in text  # the baseline's title
    assert "shape: (12, 7)" in text  # the baseline's 12 strategy rows
    assert "shape: (12, 5)" in text  # the 12 illustrative proposals
    assert external_requests == []
