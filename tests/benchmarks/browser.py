"""What the facilitator feels: the workbench timed end to end in headless Chromium, 18 proposals.

Run from the project root: ``.venv/bin/python tests/benchmarks/browser.py [--clicks N]``. It
serves a temporary copy of the project (the 12 shipped proposals and six variants, as
``click.py`` makes them) and prints medians of:

* **notebook ready** — JupyterLab's *Run All* on ``notebooks/forum.ipynb`` until every cell has
  run, the kernel idles, and the heatmap and the editor are drawn (target ≤ 5 s);
* **click → mark** — a click on an editor cell until the browser shows the cell's new mark
  (target ≤ 150 ms);
* **click → heatmap** — the same click until the heatmap on the same page describes the cell's
  new count (target ≤ 300 ms);
* **switch proposal** — a choice in the editor's drop-down until the other proposal's title and
  marks are on screen (target ≤ 1 s);
* **app ready** — the app (Voilà, ``python3 dev.py app``) from loading the page until its
  heatmap is drawn;
* **another's click → this screen** — two people on one app server, each in a browser of their
  own, in the same proposal: from A's click until B's screen shows the mark (B's workbench looks
  for others' saves every 0.5 s, the default; each click comes at a random moment of that);
* **rating click → step** — a click on a cell of the Seuranta tab's assessments until the browser
  shows the cell's new step (each click is saved to the file before the screen changes).

Times are taken in the page (``performance.now()``, polled every animation frame), so they end
when the pixels could change, not when the kernel answers. Nothing here is a test: the figures
are for docs/performance.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.click import eighteen  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Page

from tests.browser import (  # noqa: E402
    app_server,
    jupyterlab_server,
    launch_chromium,
    open_notebook,
    run_all,
)

CELL = ".elo-cell-T4-1-regional-maakuntien-liitot"

# One click, timed in the page: from the click until the cell's mark changes, and until the
# heatmap's description of the same cell (its aria label) changes.
CLICK = """([selector, row, body]) => new Promise((resolve) => {
    const describe = () => {
        for (const node of document.querySelectorAll('.elo-compare svg.marks [aria-label]')) {
            const text = node.getAttribute('aria-label');
            if (text.startsWith(`body_label: ${body};`) && text.includes(`Rivi: ${row};`))
                return text;
        }
        return null;
    };
    const cell = document.querySelector(selector);
    const mark = cell.textContent;
    const heat = describe();
    let marked = null;
    let drawn = null;
    const start = performance.now();
    const poll = () => {
        const now = performance.now() - start;
        if (marked === null && cell.isConnected && cell.textContent !== mark) marked = now;
        if (drawn === null && describe() !== heat) drawn = now;
        if ((marked !== null && drawn !== null) || now > 30000) resolve([marked, drawn]);
        else requestAnimationFrame(poll);
    };
    cell.click();
    requestAnimationFrame(poll);
})"""

# A choice in the editor's drop-down, timed until the title names the other proposal.
SWITCH = """([label, title]) => new Promise((resolve) => {
    const select = document.querySelector('.elo-editor select');
    const option = Array.from(select.options).find((o) => o.textContent === label);
    const start = performance.now();
    select.value = option.value;
    select.dispatchEvent(new Event('change', {bubbles: true}));
    const poll = () => {
        const now = performance.now() - start;
        const heading = document.querySelector('.elo-editor h3');
        if ((heading && heading.textContent.includes(title)) || now > 30000) resolve(now);
        else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
})"""


def median(values: list[float]) -> str:
    middle = statistics.median(values)
    low, high = min(values), max(values)
    return f"median {middle:6.0f} ms (min {low:.0f}, max {high:.0f}, n={len(values)})"


def lab(clicks: int, runs: int) -> None:
    with jupyterlab_server() as server, launch_chromium() as browser:
        eighteen(server.root / "matrices" / "proposals")
        ready = []
        marks: list[float] = []
        heatmaps: list[float] = []
        switches: list[float] = []
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            open_notebook(page, server, "notebooks/forum.ipynb", timeout=120)
            start = time.perf_counter()
            assert run_all(page, timeout=300)
            page.locator(".elo-compare svg.marks").first.wait_for(timeout=120_000)
            page.locator(CELL).wait_for(timeout=120_000)
            ready.append((time.perf_counter() - start) * 1000)
            page.locator(CELL).scroll_into_view_if_needed()
            for _ in range(clicks):
                marked, drawn = page.evaluate(CLICK, [CELL, "T4.1", "maakuntien liitot"])
                marks.append(marked)
                heatmaps.append(drawn)
                page.wait_for_timeout(300)  # let the kernel go idle before the next click
            for label, title in [("uusimaa", "Uudenmaan"), ("lappi", "Lapin")] * 3:
                switches.append(page.evaluate(SWITCH, [label, title]))
                page.wait_for_timeout(300)
            context.close()
        print(f"notebook ready after Run All : {median(ready)}  (target ≤ 5000 ms)")
        print(f"click → mark                 : {median(marks)}  (target ≤ 150 ms)")
        print(f"click → heatmap              : {median(heatmaps)}  (target ≤ 300 ms)")
        print(f"switch proposal              : {median(switches)}  (target ≤ 1000 ms)")


def app(runs: int) -> None:
    with app_server() as server, launch_chromium() as browser:
        eighteen(server.data / "proposals")
        ready = []
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 720})
            page = context.new_page()
            start = time.perf_counter()
            page.goto(server.url, wait_until="domcontentloaded")
            page.locator(".elo-compare svg.marks").first.wait_for(timeout=120_000)
            ready.append((time.perf_counter() - start) * 1000)
            context.close()
        print(f"app ready (Voilà page load)  : {median(ready)}")


def editing(page: Page, proposal: str) -> None:
    """Open the app's editor on ``proposal`` and wait until its grid is drawn."""
    page.locator(".lm-TabBar-tab", has_text="2. Muokkaus").first.click()
    page.locator(".elo-editor select").first.wait_for(timeout=120_000)
    page.locator(".elo-editor select").first.select_option(label=f"{proposal} — vastattu")
    page.locator(".elo-editor h3", has_text="Lapin").wait_for(timeout=120_000)


def shared(clicks: int) -> None:
    with app_server() as server, launch_chromium() as browser:
        eighteen(server.data / "proposals")
        pages = []
        for _ in range(2):
            page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
            page.goto(server.url, wait_until="domcontentloaded")
            page.locator(".elo-compare svg.marks").first.wait_for(timeout=120_000)
            editing(page, "lappi")
            pages.append(page)
        a, b = pages
        times = []
        for _ in range(clicks):
            a.wait_for_timeout(random.uniform(0, 500))  # a moment in B's half-second, at random
            shown = b.locator(CELL).text_content()
            start = time.perf_counter()
            a.locator(CELL).click()
            b.wait_for_function(
                "([s, m]) => document.querySelector(s).textContent !== m",
                arg=[CELL, shown],
                polling="raf",
                timeout=60_000,
            )
            times.append((time.perf_counter() - start) * 1000)
            a.wait_for_function(  # A's screen agrees before the next click
                "([s, m]) => document.querySelector(s).textContent === m",
                arg=[CELL, b.locator(CELL).text_content()],
                timeout=60_000,
            )
        print(f"another's click → this screen: {median(times)}  (follows every 0.5 s)")


# One click on a rating cell, timed in the page until the cell shows another step.
RATE = """(selector) => new Promise((resolve) => {
    const cell = document.querySelector(selector);
    const step = cell.textContent;
    const start = performance.now();
    const poll = () => {
        const now = performance.now() - start;
        const shown = document.querySelector(selector);  // the cell on screen now
        if (shown.textContent !== step) resolve([now, shown === cell]);
        else if (now > 30000) resolve([now, shown === cell]);
        else requestAnimationFrame(poll);
    };
    cell.click();
    requestAnimationFrame(poll);
})"""


def rating(clicks: int) -> None:
    with app_server() as server, launch_chromium() as browser:
        page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
        page.goto(server.url, wait_until="domcontentloaded")
        page.locator(".elo-compare svg.marks").first.wait_for(timeout=120_000)
        page.locator(".lm-TabBar-tab", has_text="5. Seuranta").first.click()
        cell = ".elo-rating-elo-lappi-arviointi"
        page.locator(cell).wait_for(timeout=120_000)
        timed = [page.evaluate(RATE, cell) for _ in range(clicks)]
        times = [time for time, _ in timed]
        print(f"rating click → step          : {median(times)}")
        print("  each:", [round(t) if same else f"{round(t)} (redrawn)" for t, same in timed])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=15, help="clicks per run (default 15)")
    parser.add_argument("--runs", type=int, default=3, help="notebook runs (default 3)")
    parser.add_argument(
        "--only", choices=["lab", "app", "shared", "rating"], help="one measurement only"
    )
    args = parser.parse_args()
    if args.only in (None, "lab"):
        lab(args.clicks, args.runs)
    if args.only in (None, "app"):
        app(args.runs)
    if args.only in (None, "shared"):
        shared(args.clicks)
    if args.only in (None, "rating"):
        rating(args.clicks)


if __name__ == "__main__":
    main()
