"""Exported notebooks and the forum report open in a browser with no network, and show it all.

Each page is opened from a file in headless Chromium with every request except the file itself
aborted: the charts must be drawn (SVG with marks), the tables there, no request may fail and the
console must stay free of errors. ``ELO_COORD_DOCS_SCREENSHOTS=1`` refreshes the pictures in docs/.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from elo_coord import export_notebook, load_matrices, load_matrix, render_report

from .browser import require_browser
from .conftest import MATRICES, ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

pytest_plugins = ["tests.browser"]

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
REPORTS = ["fi", "sv", "en"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every exported notebook and the report in each language, written once for the module."""
    require_browser()
    folder = tmp_path_factory.mktemp("pages")
    made: dict[str, Path] = {}
    for notebook in NOTEBOOKS:
        made[notebook.stem] = folder / f"{notebook.stem}.html"
        export_notebook(notebook, made[notebook.stem])
    proposals = load_matrices(MATRICES / "proposals")
    baseline = load_matrix(MATRICES / "baseline" / "tno-2022.yaml")
    for lang in REPORTS:
        made[f"report-{lang}"] = folder / f"report-{lang}.html"
        made[f"report-{lang}"].write_text(
            render_report(proposals, baseline, lang=lang), encoding="utf-8"
        )
    return made


class Visit:
    """What a page did when opened offline."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.console: list[str] = []


@pytest.fixture
def offline(chromium: Browser) -> Iterator[tuple[Page, Visit]]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    visit = Visit()

    def block(route: Route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            visit.requests.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", block)
    page = context.new_page()
    page.on("requestfailed", lambda request: visit.failed.append(request.url))
    page.on(
        "console",
        lambda message: visit.console.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: visit.console.append(str(error)))
    try:
        yield page, visit
    finally:
        context.close()


@pytest.mark.parametrize(
    "name", [n.stem for n in NOTEBOOKS] + [f"report-{lang}" for lang in REPORTS]
)
def test_the_page_shows_its_charts_and_tables_with_no_network(
    name: str, pages: dict[str, Path], offline: tuple[Page, Visit]
) -> None:
    page, visit = offline
    page.goto(pages[name].as_uri(), wait_until="load")
    charts = page.locator("svg")
    assert charts.count() > 0
    marks = page.locator("svg .mark-rect path, svg .mark-text text, svg .mark-symbol path")
    assert marks.count() > 0
    assert page.locator("table").count() + page.locator("section.slide").count() > 0
    if name.startswith("report-"):
        # The survey: slide 19's 5 findings and slide 20's 8, and Lappi's answer to Q2 and Q3.
        assert page.locator("section.survey li").count() == 5 + 1 + 8 + 1
        assert page.locator("section.survey li").first.is_visible()
    assert visit.requests == []
    assert visit.failed == []
    assert visit.console == []
    if os.environ.get("ELO_COORD_DOCS_SCREENSHOTS"):
        page.screenshot(path=ROOT / "docs" / "screenshots" / f"{name}.png")


def test_the_reports_monitoring_shows_the_ratings_their_change_and_who_sits_in_the_groups(
    pages: dict[str, Path], offline: tuple[Page, Visit]
) -> None:
    page, visit = offline
    page.goto(pages["report-fi"].as_uri(), wait_until="load")
    part = page.locator("section#monitoring")
    part.scroll_into_view_if_needed()
    assert part.locator("p.notice").is_visible()
    # kuvitteellinen-2018.yaml: three groups rated themselves in eight areas; their change from
    # 2017 is drawn for the same three (Keski-Suomi rated itself in 2017 only).
    heatmap = part.locator("figure.ratings svg")
    assert heatmap.locator(".mark-rect.role-mark path").count() == 3 * 8
    assert heatmap.locator(".mark-text.role-mark text").count() == 3 * 8
    change = part.locator("figure.change svg")
    assert change.locator(".mark-rect.role-mark path").count() == 3 * 8
    # The representation: the guide's three bands in words, then the source's verdict.
    lines = part.locator("div.composition p").all_inner_texts()
    assert lines[2].startswith("Yli puolessa ryhmistä: kunnan nuorisotoimi 8/12")
    assert lines[-1] == "Lähde (S000) sijoittaa jokaisen toimijatyypin samoin."
    bars = part.locator("figure.representation svg .mark-rect.role-mark path")
    assert bars.count() == 16  # one per kind of organisation
    assert part.locator("figure.representation").is_visible()
    assert visit.requests == visit.failed == visit.console == []
    if os.environ.get("ELO_COORD_DOCS_SCREENSHOTS"):
        part.screenshot(path=ROOT / "docs" / "screenshots" / "report-monitoring.png")


def test_the_monitoring_notebook_shows_the_heatmaps_the_change_and_the_representation(
    pages: dict[str, Path], offline: tuple[Page, Visit]
) -> None:
    page, visit = offline
    page.goto(pages["monitoring"].as_uri(), wait_until="load")
    charts = page.locator("svg.marks")
    # The ratings of 2017 and 2018, their change, the steps by area, the make-up.
    assert charts.count() == 5
    # 2017: Lappi, Uusimaa, Keski-Suomi and Pohjois-Karjala rated themselves in all 8 areas.
    assert charts.nth(0).locator(".mark-rect.role-mark path").count() == 4 * 8
    assert charts.nth(2).locator(".mark-rect.role-mark path").count() == 3 * 8
    assert charts.nth(4).locator(".mark-rect.role-mark path").count() == 16
    words = page.get_by_text("Lähde (S000) sijoittaa jokaisen toimijatyypin samoin.")
    assert words.is_visible()
    assert page.get_by_text("yritykset 2/12", exact=False).first.is_visible()
    assert visit.requests == visit.failed == visit.console == []


def test_the_intake_report_shows_every_group_and_where_each_broken_file_is_wrong(
    tmp_path: Path, offline: tuple[Page, Visit]
) -> None:
    """A round of 2 March 2026 with empty workbooks: Uusimaa answers, Lappi's file has a typo,
    Satakunta declines; the 15 other groups are missing."""
    import shutil

    from openpyxl import load_workbook

    from elo_coord import collect, new_round

    from .workbooks import answer_cell, grid_cell, keys_or_empty

    data = tmp_path / "matrices"
    shutil.copytree(MATRICES, data)
    started = new_round(
        "kevat-2026", data=data, strategy="elo-2020-2023", date=dt.date(2026, 3, 2), start="empty"
    )
    for group, word, declined in (
        ("elo-uusimaa", "vastuutaho", False),
        ("elo-lappi", "vastuu", False),
        ("elo-satakunta", "", True),
    ):
        book = load_workbook(started.folder / "templates" / f"{group}.xlsx")
        grid_cell(book.worksheets[2], "T1.1a", "elinvoimakeskukset").value = word or None
        if declined:
            answer = next(s for s in book.worksheets if keys_or_empty(s, "@value"))
            answer_cell(answer, "@declined").value = "kyllä"
        book.save(started.folder / "returns" / f"{group}.xlsx")
    collect(started.folder / "returns")
    page, visit = offline
    page.goto((started.folder / "intake.html").as_uri(), wait_until="load")
    assert page.locator("p.coverage").inner_text() == (
        "1/18 ryhmää vastasi, 1 kieltäytyi, 1 virheellistä, 15 puuttuu"
    )
    rows = page.locator("table.intake tbody tr")
    assert rows.count() == 18
    lappi = page.locator('tr[data-group="elo-lappi"]')
    assert lappi.locator("td.state").inner_text() == "virheitä"
    assert lappi.locator(".problems li").inner_text() == (
        "elo-lappi.xlsx: Alueellinen!D4: unknown role 'vastuu' — did you mean 'vastuutaho'?"
    )
    assert page.locator('tr[data-group="elo-satakunta"] td.state').inner_text() == "kieltäytyi"
    assert page.locator("tr.intake-missing").count() == 15
    assert visit.requests == []
    assert visit.failed == []
    assert visit.console == []
    if os.environ.get("ELO_COORD_DOCS_SCREENSHOTS"):
        page.screenshot(path=ROOT / "docs" / "screenshots" / "intake.png", full_page=True)
