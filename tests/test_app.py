"""The workbench as the facilitator sees it: the app (Voilà) in headless Chromium, offline.

Each test starts the app on its own copy of the data (harness: tests/browser.py), acts on the
screen as a facilitator would, and after each step compares what the screen shows with the file
on disk. Set ``ELO_COORD_DOCS_SCREENSHOTS=1`` to refresh the guides' pictures of the app.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import elo_coord
from elo_coord._cli import main as cli
from elo_coord._editing import MatrixFile
from elo_coord._palette import COLOURS

from .browser import AppServer, rgb, role_in_file, wait_for_role
from .browser import open_app as open_app_page
from .conftest import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytest_plugins = ["tests.browser"]

SHOTS = ROOT / "docs" / "screenshots"
WAIT = 60_000
"""Milliseconds to wait for a condition: generous, for a loaded two-core machine."""


def picture(page: Page, name: str, top: str = ".elo-workbench") -> None:
    """Keep a screenshot for the guides when asked to, scrolled to the element ``top``."""
    if os.environ.get("ELO_COORD_DOCS_SCREENSHOTS"):
        page.locator(top).first.evaluate("(e) => e.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(SHOTS / name))


def open_app(page: Page, app: AppServer, query: str = "") -> None:
    """Open the app as a projector shows it: 1280×720 (``query``: e.g. ``?follow=0``)."""
    page.set_viewport_size({"width": 1280, "height": 720})
    open_app_page(page, app, query=query)


def tab(page: Page, title: str) -> None:
    """Bring the tab ``title`` forward, and wait until the screen shows it is the current one.

    A click that lands while the tab bar is being redrawn can be lost; it is repeated only while
    the tab is not the current one (each time after a wait on that condition, never a sleep).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    current = page.locator(".lm-TabBar-tab.lm-mod-current", has_text=title).first
    for _ in range(4):
        page.locator(".lm-TabBar-tab", has_text=title).first.click()
        try:
            current.wait_for(timeout=15_000)
            return
        except PlaywrightTimeout:
            continue
    current.wait_for()  # the page's own limit, and its message


def editor_shown(page: Page, app: AppServer) -> None:
    """Wait until the editor is drawn; if it never is, fail with what the server logged."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.locator(".elo-editor select").first.wait_for()
    except PlaywrightTimeout:
        shown = page.evaluate(
            """() => Array.from(document.querySelectorAll('.lm-TabBar-tab.lm-mod-current'),
                (t) => t.textContent).join(' | ') + ' :: ' + Array.from(
                document.querySelectorAll('.elo-workbench .lm-TabPanel-stackedPanel > *'),
                (p) => (p.classList.contains('lm-mod-hidden') ? 'hidden: ' : 'shown: ')
                    + p.textContent.slice(0, 80)).join(' | ')"""
        )
        raise AssertionError(
            f"the editor was never drawn; the screen: {shown}; the server's log:\n{app.log_tail()}"
        ) from None


def heatmap_cell(page: Page, row: str, body: str) -> dict[str, str]:
    """The heatmap cell of ``row`` and ``body`` as the screen describes it (its aria label)."""
    labels: list[str] = page.eval_on_selector_all(
        ".elo-compare svg.marks [aria-label]", "els => els.map(e => e.getAttribute('aria-label'))"
    )
    for text in labels:
        fields = dict(part.split(": ", 1) for part in text.split("; ") if ": " in part)
        if fields.get("Rivi") == row and fields.get("body_label") == body:
            return fields
    return {}


def wait_for_heatmap(page: Page, row: str, body: str, field: str, value: str) -> None:
    """Wait until the heatmap describes the cell's ``field`` as ``value``."""
    page.wait_for_function(
        """([row, body, field, value]) => Array.from(
            document.querySelectorAll('.elo-compare svg.marks [aria-label]'),
            (e) => e.getAttribute('aria-label')).some((text) =>
                text.includes(`Rivi: ${row};`) && text.startsWith(`body_label: ${body};`)
                && text.includes(`${field}: ${value}`))""",
        arg=[row, body, field, value],
        timeout=WAIT,
    )


def test_the_app_opens_with_no_code_and_loads_nothing_from_the_network(
    app: AppServer, lab_page: Page, external_requests: list[str]
) -> None:
    page = lab_page
    open_app(page, app)
    text = page.inner_text("body")
    assert "TNO-foorumi: koordinaation työpöytä" in text
    assert "13/18 ryhmää vastasi" in text
    for code in ("import ", "Workbench(", "ELO_COORD_DATA"):
        assert code not in text
    assert page.locator(".jp-InputArea, .jp-CodeMirrorEditor, .cm-editor").count() == 0
    # The heatmap reads as the library counts: JOTPA on T1.1a, 7 of 13, contested at 2/3.
    cell = heatmap_cell(page, "T1.1a", "JOTPA")
    assert (cell["Nimenneet"], cell["Vastanneet"], cell["Tila"]) == ("7", "13", "kiistanalainen")
    picture(page, "app-compare.png")
    assert external_requests == []


# Lappi names no third sector on T6.1 regionally (matrices/proposals/lappi.yaml), and no other
# proposal does either: the heatmap has no cell there until Lappi's click.
CELL = ".elo-cell-T6-1-regional-kolmas-sektori"


def test_a_facilitator_edits_and_every_view_follows_the_file(
    app: AppServer, lab_page: Page, external_requests: list[str]
) -> None:
    page = lab_page
    open_app(page, app)
    lappi = app.data / "proposals" / "lappi.yaml"
    original = lappi.read_bytes()

    def shown(role: str | None) -> None:
        """Wait until the cell shows ``role``'s mark and colour; then compare with the file."""
        wait_for_role(page, CELL, role)
        assert role_in_file(lappi, "T6.1", "kolmas-sektori") == role

    page.get_by_placeholder("nimesi muutoslokiin").first.fill("Fasilitaattori")
    tab(page, "2. Muokkaus")
    editor_shown(page, app)
    page.locator(".elo-editor select").first.select_option(label="lappi — vastattu")
    page.locator(".elo-editor h3", has_text="Lapin").wait_for(timeout=WAIT)
    shown(None)
    page.locator(CELL).click()
    shown("partner")
    # The workbench fits a 1280×720 projector across: the grid scrolls inside it, not the page.
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 1280
    picture(page, "app-editor.png", top=".elo-editor")
    tab(page, "1. Vertailu")
    wait_for_heatmap(page, "T6.1", "kolmas sektori", "Nimenneet", "1")
    tab(page, "2. Muokkaus")
    editor_shown(page, app)
    for role in ("lead", None):
        page.locator(CELL).click()
        shown(role)
    log = (app.data / "proposals" / "changes.jsonl").read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["editor"] for line in log} == {"Fasilitaattori"}

    # Undo twice, switch to another proposal and back: the history is still there.
    undo = page.locator(".elo-editor button", has_text="Kumoa").first
    redo = page.locator(".elo-editor button", has_text="Tee uudelleen").first
    for role in ("lead", "partner"):
        undo.click()
        shown(role)
    redo.click()
    shown("lead")
    undo.click()
    shown("partner")
    page.locator(".elo-editor select").first.select_option(label="uusimaa — vastattu")
    page.locator(".elo-editor h3", has_text="Uudenmaan").wait_for(timeout=WAIT)
    page.locator(".elo-editor select").first.select_option(label="lappi — vastattu")
    page.locator(".elo-editor h3", has_text="Lapin").wait_for(timeout=WAIT)
    shown("partner")
    undo.click()
    shown(None)
    assert lappi.read_bytes() == original
    assert external_requests == []


def test_thresholds_and_the_choice_of_regions_reclassify_on_screen(
    app: AppServer, lab_page: Page
) -> None:
    page = lab_page
    open_app(page, app)
    # JOTPA on T1.1a: 7 of 13 regions, contested at 2/3, framed in the contested orange.
    wait_for_heatmap(page, "T1.1a", "JOTPA", "Tila", "kiistanalainen")
    # The upper handle steps by 1/60 from 40/60: ten steps left make the consensus 50 %.
    handle = page.locator(".elo-compare .noUi-handle-upper").first
    handle.focus()
    for _ in range(10):
        handle.press("ArrowLeft")
    wait_for_heatmap(page, "T1.1a", "JOTPA", "Tila", "yhteisymmärrys")
    frame = page.eval_on_selector_all(
        ".elo-compare svg.marks [aria-label]",
        """els => els.filter((e) => e.getAttribute('aria-label').startsWith('body_label: JOTPA;')
            && e.getAttribute('aria-label').includes('Rivi: T1.1a;'))
            .map((e) => e.getAttribute('stroke'))""",
    )
    assert frame == [COLOURS["consensus"].ink]
    picture(page, "app-thresholds.png")
    # The agenda on screen is the library's at the same thresholds: one line per contested cell.
    forum = elo_coord.Comparison(
        elo_coord.load_matrices(app.data / "proposals"),
        registry=elo_coord.load_registry(app.data),
    ).with_thresholds(consensus=0.5, minority=1 / 3)
    tab(page, "Asialista")
    page.wait_for_function(
        "(n) => document.querySelectorAll('.elo-agenda li').length === n",
        arg=forum.agenda.height,
        timeout=WAIT,
    )
    first = forum.agenda.row(0, named=True)
    shown = page.locator(".elo-agenda li").first.inner_text()
    assert shown.startswith(f"{first['row_id']} · ")
    assert f"{first['n']}/{first['total']}" in shown
    tab(page, "Kannatus")

    # Only Lappi and Uusimaa: 2 groups answer, the other 11 answering groups are not selected.
    regions = page.locator(".elo-compare select[multiple]").first
    regions.select_option(label=["Lappi", "Uusimaa"])
    page.get_by_text(re.compile(r"2/18 ryhmää vastasi.*11 ei valittu vertailuun")).wait_for(
        timeout=WAIT
    )
    wait_for_heatmap(page, "T1.1a", "JOTPA", "Vastanneet", "2")
    # None chosen: every cell goes; the coverage says so.
    regions.select_option([])
    page.get_by_text(re.compile(r"0/18 ryhmää vastasi.*13 ei valittu vertailuun")).wait_for(
        timeout=WAIT
    )
    page.wait_for_function(
        """() => !Array.from(document.querySelectorAll('.elo-compare svg.marks [aria-label]'))
            .some((e) => e.getAttribute('aria-label').includes('Rivi: T'))""",
        timeout=WAIT,
    )


def ticked_rows(app: AppServer) -> list[str]:
    """The rows of the changes the saved decision accepts, as the workbench reads them back."""
    from elo_coord.widgets import SynthesisView

    data = app.data
    view = SynthesisView(
        data / "proposals", data / "baseline" / "tno-2022.yaml", data / "synthesis" / "foorumi.yaml"
    )
    return [
        str(row)
        for row, box in zip(view.changes.get_column("row_id"), view.boxes, strict=True)
        if box.value
    ]


def wait_until(condition: Callable[[], bool], seconds: float = 60) -> bool:
    """Poll ``condition`` (e.g. what a file holds) until it holds or time runs out."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_the_forum_decides_in_the_app_and_a_reopened_app_shows_the_decision(
    app: AppServer, lab_page: Page
) -> None:
    page = lab_page
    open_app(page, app)
    tab(page, "3. Päätökset")
    page.locator(".elo-synthesis").wait_for(timeout=WAIT)
    total = page.locator(".elo-synthesis .elo-change").count()
    header = page.locator(".elo-change-row", has_text="T1.1a").first
    header.locator("button", has_text="✓").click()
    decided = page.locator(".elo-synthesis .elo-change input[type=checkbox]:checked")
    # T1.1a's changes (library-side: the view's own list) are the ticked ones.
    in_row = page.locator(".elo-synthesis .elo-change", has_text="T1.1a").count()
    page.wait_for_function(
        "(n) => document.querySelectorAll("
        "'.elo-synthesis .elo-change input[type=checkbox]:checked').length === n",
        arg=in_row,
        timeout=WAIT,
    )
    assert 0 < in_row < total
    page.locator(".elo-synthesis button", has_text="Tallenna").click()
    page.locator(".elo-synthesis", has_text="tallennettu").wait_for(timeout=WAIT)
    picture(page, "app-decisions.png")
    out = app.data / "synthesis" / "foorumi.yaml"
    assert elo_coord.load_matrix(out).kind.value == "synthesis"
    # The file holds exactly T1.1a's changes: read back as the library reads a decision.
    assert ticked_rows(app) == ["T1.1a"] * in_row

    # Reject the row again and save: the file holds no accepted change.
    header.locator("button", has_text="✗").click()
    page.wait_for_function(
        "() => document.querySelectorAll("
        "'.elo-synthesis .elo-change input[type=checkbox]:checked').length === 0",
        timeout=WAIT,
    )
    page.locator(".elo-synthesis button", has_text="Tallenna").click()
    page.locator(".elo-synthesis", has_text="tallennettu").wait_for(timeout=WAIT)
    assert wait_until(lambda: ticked_rows(app) == [])
    header.locator("button", has_text="✓").click()
    page.wait_for_function(
        "(n) => document.querySelectorAll("
        "'.elo-synthesis .elo-change input[type=checkbox]:checked').length === n",
        arg=in_row,
        timeout=WAIT,
    )
    page.locator(".elo-synthesis button", has_text="Tallenna").click()
    assert wait_until(lambda: ticked_rows(app) == ["T1.1a"] * in_row)

    # A new session reads the decision back: the same boxes are ticked on screen.
    open_app(page, app)
    tab(page, "3. Päätökset")
    page.locator(".elo-synthesis", has_text=f"{in_row}/{total} muutosta hyväksytty").wait_for(
        timeout=WAIT
    )
    assert decided.count() == in_row


def test_a_held_back_click_can_give_way_to_the_other_version(
    app: AppServer, lab_page: Page
) -> None:
    page = lab_page
    open_app(page, app, "?follow=0")  # the screen does not catch up before the click
    tab(page, "2. Muokkaus")
    editor_shown(page, app)
    page.locator(".elo-editor select").first.select_option(label="lappi — vastattu")
    page.locator(".elo-editor h3", has_text="Lapin").wait_for(timeout=WAIT)
    lappi = app.data / "proposals" / "lappi.yaml"
    libraries = ".elo-cell-T6-1-regional-kirjastot"
    councils = ".elo-cell-T4-1-regional-kunnat"
    # Another facilitator makes the municipalities the lead on T4.1 and adds the libraries.
    other = MatrixFile(lappi, editor="Toinen")
    other.set_role("T4.1", "regional", "kunnat", "lead")
    other.toggle("T6.1", "regional", "kirjastot")
    page.locator(councils).click()  # the screen showed the cell empty: a partner
    page.get_by_text("Joku muu muutti samaa kohtaa sillä välin").wait_for(timeout=WAIT)
    page.locator(".elo-editor button", has_text="Pidä toisen muutos").click()
    page.get_by_text("muutoksesi jäivät pois: T4.1 Alueellinen koordinaatio: kunnat").wait_for(
        timeout=WAIT
    )
    wait_for_role(page, councils, "lead")
    wait_for_role(page, libraries, "partner")
    assert role_in_file(lappi, "T4.1", "kunnat") == "lead"
    assert role_in_file(lappi, "T6.1", "kirjastot") == "partner"


def options_shown(page: Page, selector: str) -> tuple[str, list[str]]:
    """The drop-down ``selector`` as the screen shows it: the chosen option and every option.

    ipywidgets writes the spaces of an option as no-break spaces; they are read as spaces.
    """
    chosen, every = page.eval_on_selector(
        selector,
        """(s) => { const text = (o) => o.text.replace(/\u00a0/g, ' ');
            return [s.selectedIndex < 0 ? '' : text(s.options[s.selectedIndex]),
                    Array.from(s.options, text)]; }""",
    )
    return str(chosen), [str(text) for text in every]


def test_a_new_proposal_is_created_for_a_group_opened_and_edited(
    app: AppServer, lab_page: Page, external_requests: list[str]
) -> None:
    page = lab_page
    open_app(page, app)
    tab(page, "2. Muokkaus")
    editor_shown(page, app)
    new = page.locator(".elo-editor .elo-new-proposal")
    # Satakunta has no proposal in matrices/proposals/: the row offers it, with its state.
    new.locator("select").first.select_option(label="Satakunnan ELO-ryhmä — puuttuu")
    new.locator("select").nth(1).select_option(label="tyhjä")
    new.locator("button", has_text="Luo ehdotus").click()
    page.locator(".elo-editor h3", has_text="Satakunnan ELO-ryhmä").wait_for(timeout=WAIT)
    # The chooser shows the new file chosen, answered; the row no longer offers the group.
    chooser = ".elo-editor .elo-chooser select"
    page.wait_for_function(
        """(selector) => { const s = document.querySelector(selector);
            return s && s.selectedIndex >= 0 && s.options[s.selectedIndex].text
                .replace(/\u00a0/g, ' ') === 'elo-satakunta — vastattu'; }""",
        arg=chooser,
        timeout=WAIT,
    )
    chosen, offered = options_shown(page, ".elo-editor .elo-new-proposal select")
    assert chosen == "Kanta-Hämeen ELO-ryhmä — puuttuu"
    assert not any(text.startswith("Satakunnan") for text in offered)
    path = app.data / "proposals" / "elo-satakunta.yaml"
    matrix = elo_coord.load_matrix(path)
    assert (matrix.groups, matrix.survey, matrix.rows) == (("elo-satakunta",), "tno-2022", ())

    # One click in the new file: the screen and the file agree.
    wait_for_role(page, CELL, None)
    page.locator(CELL).click()
    wait_for_role(page, CELL, "partner")
    assert role_in_file(path, "T6.1", "kolmas-sektori") == "partner"
    assert options_shown(page, chooser)[0] == "elo-satakunta — vastattu"
    picture(page, "app-new-proposal.png", top=".elo-editor")
    # The comparison counts Satakunta as answered, and its click.
    tab(page, "1. Vertailu")
    page.get_by_text(re.compile(r"14/18 ryhmää vastasi")).wait_for(timeout=WAIT)
    wait_for_heatmap(page, "T6.1", "kolmas sektori", "Nimenneet", "1")
    assert external_requests == []


# The rows of strategy elo-2020-2023 (matrices/strategies/), T5.2 outside the forum's slides.
STRATEGY_ROWS = [
    "T1.1a",
    "T1.1b",
    "T1.1c",
    "T1.1d",
    "T1.2a",
    "T1.3a",
    "T1.3b",
    "T2.1",
    "T3.1",
    "T4.1",
    "T5.1",
    "T5.2",
    "T6.1",
]


def test_a_rounds_first_answer_is_started_in_the_app_before_any_collect(
    app: AppServer, lab_page: Page, external_requests: list[str]
) -> None:
    # Round kevat-2026 has gone out; nothing is collected yet. Kainuu answers by phone.
    elo_coord.new_round(
        "kevat-2026",
        data=app.data,
        strategy="elo-2020-2023",
        date=datetime.date(2026, 3, 2),
        start="empty",
    )
    page = lab_page
    open_app(page, app)
    folders = ".elo-workbench .elo-folder select"
    assert options_shown(page, folders) == (
        "proposals",
        ["proposals", "rounds/kevat-2026/proposals"],
    )
    page.locator(folders).select_option(label="rounds/kevat-2026/proposals")
    notice = page.locator(".elo-workbench .elo-notice:visible")
    notice.wait_for(timeout=WAIT)
    assert notice.inner_text().strip() == (
        "Kierroksella kevat-2026 ei ole vielä vastauksia — luo ehdotus Muokkaus-välilehdellä"
        " tai aja round collect"
    )
    assert page.locator(".elo-compare").count() == 0

    # The editor has no grid yet, only the groups asked, every one missing.
    tab(page, "2. Muokkaus")
    editor_shown(page, app)
    page.locator(".elo-editor .elo-notice", has_text="Kansiossa ei ole vielä ehdotuksia").wait_for(
        timeout=WAIT
    )
    assert page.locator(".elo-editor .elo-cell").count() == 0
    assert page.locator(".elo-editor button", has_text="Kumoa").first.is_disabled()
    new = page.locator(".elo-editor .elo-new-proposal")
    chosen, offered = options_shown(page, ".elo-editor .elo-new-proposal select")
    assert chosen == "Uudenmaan ELO-ryhmä — puuttuu"  # the survey's first group
    assert len(offered) == 18
    assert all(text.endswith(" — puuttuu") for text in offered)
    new.locator("select").first.select_option(label="Kainuun ELO-ryhmä — puuttuu")
    new.locator("select").nth(1).select_option(label="tyhjä")
    new.locator("button", has_text="Luo ehdotus").click()
    page.locator(".elo-editor h3", has_text="Kainuun ELO-ryhmä").wait_for(timeout=WAIT)

    # The grid on screen: the strategy's rows, every cell empty, as the new file is.
    page.wait_for_function(
        "(n) => document.querySelectorAll('.elo-editor .elo-row-id').length === n",
        arg=len(STRATEGY_ROWS),
        timeout=WAIT,
    )
    rows = page.eval_on_selector_all(
        ".elo-editor .elo-row-id", "els => els.map((e) => e.textContent.trim())"
    )
    assert rows == STRATEGY_ROWS
    marks = page.eval_on_selector_all(
        ".elo-editor .elo-cell", "els => els.map((e) => e.textContent.trim())"
    )
    assert marks
    assert set(marks) == {""}
    path = app.data / "rounds" / "kevat-2026" / "proposals" / "elo-kainuu.yaml"
    matrix = elo_coord.load_matrix(path)
    assert (matrix.groups, matrix.survey, matrix.rows) == (("elo-kainuu",), "kevat-2026", ())

    # One click: the screen and the file agree.
    wait_for_role(page, CELL, None)
    page.locator(CELL).click()
    wait_for_role(page, CELL, "partner")
    (row,) = elo_coord.load_matrix(path).rows
    assert (row.row, [(a.body, a.role.value) for a in row.regional.bodies]) == (
        "T6.1",
        [("kolmas-sektori", "partner")],
    )
    assert options_shown(page, ".elo-editor .elo-chooser select")[0] == "elo-kainuu — vastattu"
    # The comparison, a notice until now, counts Kainuu's answer and its click.
    tab(page, "1. Vertailu")
    page.locator(".elo-compare").get_by_text(re.compile(r"1/18 ryhmää vastasi")).wait_for(
        timeout=WAIT
    )
    wait_for_heatmap(page, "T6.1", "kolmas sektori", "Nimenneet", "1")
    assert external_requests == []


def test_the_app_notebook_on_disk_holds_one_clean_cell() -> None:
    notebook = json.loads((ROOT / "notebooks" / "workbench.ipynb").read_text(encoding="utf-8"))
    (cell,) = notebook["cells"]
    assert cell["outputs"] == []
    assert cell["execution_count"] is None
    assert "Workbench(" in "".join(cell["source"])


def test_the_survey_tab_shows_the_slides_count_findings_and_the_free_text_answers(
    app: AppServer, lab_page: Page
) -> None:
    page = lab_page
    open_app(page, app)
    tab(page, "Kysely")
    survey = page.locator(".elo-compare section.survey")
    survey.get_by_text("ELO-toiminta ja yliopisto").wait_for(timeout=WAIT)
    text = survey.inner_text()
    # Slide 3's own count, and Lappi's two illustrative free-text answers (Q2, Q3).
    assert "Kyselyn oma yhteenveto: 15/18 ryhmää vastasi: 5 koordinaattorin kautta, 8" in text
    assert "Keski-Suomi: ELO-toiminta ja yliopisto" in text
    assert text.count("Lappi (kuvitteellinen): (Kuvitteellinen esimerkki.)") == 2
    picture(page, "app-survey.png", ".elo-compare section.survey")


def test_two_facilitators_edit_one_proposal_at_once_and_lose_nothing(
    app: AppServer, lab_page: Page, second_page: Page, external_requests: list[str]
) -> None:
    # Two people, two browsers, one server. A's screen follows others' saves each second. B's
    # does not (?follow=0): B's clicks land on what B's screen showed before A's click, as when
    # two people click within the same second.
    a, b = lab_page, second_page
    open_app(a, app)
    open_app(b, app, query="?follow=0")
    for page in (a, b):
        tab(page, "2. Muokkaus")
        editor_shown(page, app)
        page.locator(".elo-editor select").first.select_option(label="lappi — vastattu")
        page.locator(".elo-editor h3", has_text="Lapin").wait_for(timeout=WAIT)
    lappi = app.data / "proposals" / "lappi.yaml"
    libraries = ".elo-cell-T6-1-regional-kirjastot"
    councils = ".elo-cell-T4-1-regional-kunnat"

    # Different cells: A names the third sector on T6.1, B the libraries. Both are in the
    # file and on both screens: B's click is merged onto A's save, and A follows B's.
    a.locator(CELL).click()
    wait_for_role(a, CELL, "partner")
    assert wait_until(lambda: role_in_file(lappi, "T6.1", "kolmas-sektori") == "partner")
    b.locator(libraries).click()
    wait_for_role(b, libraries, "partner")
    wait_for_role(b, CELL, "partner")
    wait_for_role(a, libraries, "partner")
    assert role_in_file(lappi, "T6.1", "kirjastot") == "partner"
    assert role_in_file(lappi, "T6.1", "kolmas-sektori") == "partner"

    # The same cell: A makes the municipalities the lead on T4.1 (two clicks); B, whose screen
    # still shows the cell empty, makes them a partner. B's click is held back, framed in red.
    for role in ("partner", "lead"):
        a.locator(councils).click()
        wait_for_role(a, councils, role)
    assert wait_until(lambda: role_in_file(lappi, "T4.1", "kunnat") == "lead")
    b.locator(councils).click()
    b.get_by_text("Joku muu muutti samaa kohtaa sillä välin").wait_for(timeout=WAIT)
    frame = b.locator(councils).evaluate(
        "(e) => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineColor]"
    )
    assert frame == ["solid", rgb(COLOURS["refused"].ink)]
    wait_for_role(b, councils, "partner")  # B's own click, kept on B's screen
    assert role_in_file(lappi, "T4.1", "kunnat") == "lead"  # A's, in the file
    picture(b, "app-clash.png", top=".elo-editor")

    # B keeps their own: the file and both screens show it; the frame goes.
    b.locator(".elo-editor button", has_text="Pidä oma muutokseni").click()
    assert wait_until(lambda: role_in_file(lappi, "T4.1", "kunnat") == "partner")
    wait_for_role(a, councils, "partner")
    b.wait_for_function(
        "(s) => getComputedStyle(document.querySelector(s)).outlineStyle === 'none'",
        arg=councils,
        timeout=WAIT,
    )
    a.get_by_text("Joku muu tallensi tiedoston: T4.1 Alueellinen koordinaatio: kunnat").wait_for(
        timeout=WAIT
    )
    assert external_requests == []


def test_the_forum_walks_its_agenda_with_keys_and_the_report_shows_each_decision(
    app: AppServer, lab_page: Page, external_requests: list[str], tmp_path: Path
) -> None:
    page = lab_page
    open_app(page, app)
    page.get_by_placeholder("nimesi muutoslokiin").first.fill("Pia")
    tab(page, "4. Foorumi")
    forum = page.locator(".elo-forum")
    item = forum.locator(".elo-item")
    # The agenda begins where the camps come nearest to agreeing: AVI on T1.3b regionally, 7 of
    # the 12 regions that answered the row (tests/test_widgets.py works it out).
    item.wait_for(timeout=WAIT)
    assert item.inner_text().strip() == "T1.3b · Alueellinen koordinaatio · AVI"
    assert "7/12 vastanneesta alueesta nimesi (58 %)" in forum.inner_text()
    rationale = forum.locator(".elo-rationale input")
    out = app.data / "synthesis" / "foorumi.yaml"

    def decided() -> list[tuple[str, str, str, str]]:
        if not out.exists():
            return []
        return [
            (d.row, d.body, d.verdict.value, d.rationale)
            for d in elo_coord.load_matrix(out).decisions
        ]

    # Type the rationale, Enter to leave the field, then a key: 1 accepts.
    rationale.fill("LVV hoitaa AVI:n sivistystehtävät")
    rationale.press("Enter")
    page.keyboard.press("1")
    assert wait_until(
        lambda: decided() == [("T1.3b", "AVI", "accept", "LVV hoitaa AVI:n sivistystehtävät")]
    )
    forum.get_by_text("Päätetty tähän mennessä: 1/39").wait_for(timeout=WAIT)
    page.wait_for_function(
        "() => document.querySelector('.elo-forum .elo-item').textContent.trim()"
        " === 'T4.1 · Alueellinen koordinaatio · AVI'",
        timeout=WAIT,
    )
    rationale.fill("Ei alueellista roolia")
    rationale.press("Enter")
    page.keyboard.press("2")
    assert wait_until(lambda: [d[2] for d in decided()] == ["accept", "reject"])
    forum.get_by_text("Päätetty tähän mennessä: 2/39").wait_for(timeout=WAIT)
    page.keyboard.press("ArrowLeft")
    forum.locator(".elo-facts", has_text="hylätty: “Ei alueellista roolia” (Pia, ").wait_for(
        timeout=WAIT
    )
    picture(page, "app-forum.png", top=".elo-forum")

    # The report on the same data shows both decisions with their rationale, offline.
    report = tmp_path / "raportti.html"
    assert cli(["report", str(app.data), "--out", str(report)]) == 0
    page.goto(report.as_uri())
    rows = page.locator("table.verdicts tbody tr")
    assert rows.count() == 2
    first, second = (rows.nth(i).inner_text() for i in range(2))
    assert first.split("\t")[:6] == [
        "T1.3b",
        "Alueellinen koordinaatio",
        "AVI",
        "hyväksytty: kumppani",
        "7/12",
        "LVV hoitaa AVI:n sivistystehtävät",
    ]
    assert second.split("\t")[3:6] == ["hylätty", "7/12", "Ei alueellista roolia"]
    assert external_requests == []


def wait_for_step(page: Page, selector: str, step: int | None) -> None:
    """Wait until the rating cell ``selector`` shows ``step`` on the step's colour."""
    from elo_coord._palette import step_colour

    colour = (step_colour(step) if step else COLOURS["none"]).fill
    page.wait_for_function(
        """([selector, text, colour]) => {
            const cell = document.querySelector(selector);
            return cell && cell.textContent.trim() === text
                && getComputedStyle(cell).backgroundColor === colour;
        }""",
        arg=[selector, str(step or ""), rgb(colour)],
        timeout=WAIT,
    )


def test_a_researcher_rates_the_groups_in_the_monitoring_tab_and_the_file_follows_each_click(
    app: AppServer, lab_page: Page, external_requests: list[str]
) -> None:
    page = lab_page
    open_app(page, app, "?follow=0")  # the screen does not catch up before the clash's click
    path = app.data / "monitoring" / "assessments" / "kuvitteellinen-2018.yaml"
    original = path.read_bytes()
    # Lappi rated its evaluation (arviointi) at step 2 in 2018.
    cell = ".elo-rating-elo-lappi-arviointi"

    def shown(step: int | None) -> None:
        """Wait until the cell shows ``step``; then compare with the file."""
        wait_for_step(page, cell, step)
        assert elo_coord.AssessmentsFile(path).step("elo-lappi", "arviointi") == step

    page.get_by_placeholder("nimesi muutoslokiin").first.fill("Tutkija")
    tab(page, "5. Seuranta")
    page.locator(".elo-ratings h3", has_text="2018").wait_for(timeout=WAIT)
    shown(2)
    page.locator(cell).click()
    shown(3)
    picture(page, "app-monitoring.png", top=".elo-ratings")
    undo = page.locator(".elo-ratings button", has_text="Kumoa").first
    redo = page.locator(".elo-ratings button", has_text="Tee uudelleen").first
    undo.click()
    shown(2)
    assert path.read_bytes() == original
    redo.click()
    shown(3)

    # The evidence of the cell last clicked: typed, and Enter saves it.
    evidence = page.locator(".elo-evidence input")
    evidence.fill("Itsearviointi tehty keväällä")
    evidence.press("Enter")
    assert wait_until(
        lambda: (
            (rating := elo_coord.AssessmentsFile(path).rating("elo-lappi", "arviointi")) is not None
            and rating.evidence == "Itsearviointi tehty keväällä"
        )
    )
    log = (path.parent / "changes.jsonl").read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["editor"] for line in log} == {"Tutkija"}

    # Someone else rates Lappi's evaluation 1 meanwhile; this screen still shows 3. Its click
    # (3 → 4) is held back and framed in red; keeping mine writes it.
    elo_coord.AssessmentsFile(path, editor="Toinen").set_step("elo-lappi", "arviointi", 1)
    page.locator(cell).click()  # from what the screen showed: 3 → 4
    page.get_by_text("Joku muu muutti samaa kohtaa sillä välin").wait_for(timeout=WAIT)
    frame = page.locator(cell).evaluate(
        "(e) => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineColor]"
    )
    assert frame == ["solid", rgb(COLOURS["refused"].ink)]
    wait_for_step(page, cell, 4)  # my click, kept on my screen
    assert elo_coord.AssessmentsFile(path).step("elo-lappi", "arviointi") == 1  # theirs
    page.locator(".elo-ratings button", has_text="Pidä oma muutokseni").click()
    assert wait_until(lambda: elo_coord.AssessmentsFile(path).step("elo-lappi", "arviointi") == 4)
    page.wait_for_function(
        "(s) => getComputedStyle(document.querySelector(s)).outlineStyle === 'none'",
        arg=cell,
        timeout=WAIT,
    )

    # A new year: the button writes arviot-2019.yaml (the year after 2018) and opens it empty.
    page.locator(".elo-ratings button", has_text="Aloita vuoden arviot").click()
    page.locator(".elo-ratings h3", has_text="Arviot 2019").wait_for(timeout=WAIT)
    new = path.parent / "arviot-2019.yaml"
    assert elo_coord.load_assessments(new).assessments == ()
    wait_for_step(page, cell, None)
    page.locator(cell).click()
    wait_for_step(page, cell, 1)
    assert elo_coord.AssessmentsFile(new).step("elo-lappi", "arviointi") == 1
    assert external_requests == []
