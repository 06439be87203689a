"""Text from hostile data stays text: in CSV, on the terminal, in HTML and in a notebook export.

Every test reads one copy of the shipped ``matrices/`` (and ``notebooks/regions.ipynb``) in which
region names, body names, Lapland's title, note, a row note and tasks hold hostile strings.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import elo_coord
from elo_coord._cli import main

from .conftest import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser

# The browser tests share the session's one headless Chromium (skipped when it is missing).
pytest_plugins = ["tests.browser"]

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
HYPERLINK = '=HYPERLINK("http://x","y")'
CONTROL = "Ohjaus\x1b[31m punaisella\x07\rtoinen rivi"
# The tasks added to Lapland's T1.1a regional cell, after its two own tasks.
TASKS = ["+1+2", "@SUM(A1)", "-2+3", CONTROL, "\tsisennetty", "\rpaluu", SCRIPT, IMG, HYPERLINK]
BASELINE = str(ROOT / "matrices" / "baseline" / "tno-2022.yaml")


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar holding ``text`` exactly (JSON's escapes are YAML's too)."""
    return json.dumps(text)


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of ``matrices/`` and the regions notebook, with hostile text in the data."""
    root = tmp_path_factory.mktemp("hostile")
    # The monitoring scale names regions by their Finnish names, which the hostile ones replace.
    shutil.copytree(
        ROOT / "matrices", root / "matrices", ignore=shutil.ignore_patterns(".*", "monitoring")
    )
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".*"))
    matrices = root / "matrices"
    replace_once(matrices / "regions.yaml", "      fi: Lappi\n", f"      fi: {yaml_string(IMG)}\n")
    replace_once(
        matrices / "regions.yaml",
        "      fi: Pohjois-Pohjanmaa\n",
        f"      fi: {yaml_string(SCRIPT)}\n",
    )
    replace_once(
        matrices / "bodies.yaml",
        "      fi: elinkeino-, liikenne- ja ympäristökeskus\n",
        f"      fi: {yaml_string(SCRIPT)}\n",
    )
    lappi = matrices / "proposals" / "lappi.yaml"
    replace_once(
        lappi,
        "title: Lapin ELO-ryhmän ehdotus (kuvitteellinen esimerkki)\n",
        f"title: {yaml_string(HYPERLINK)}\n",
    )
    text = lappi.read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^note: >-\n(?:  .*\n)+", f"note: {yaml_string(IMG)}\n", text)
    assert n == 1
    lappi.write_text(text, encoding="utf-8")
    replace_once(lappi, "  - row: T1.1a\n", f"  - row: T1.1a\n    note: {yaml_string(CONTROL)}\n")
    added = "".join(f"        - {yaml_string(task)}\n" for task in TASKS)
    replace_once(
        lappi,
        "        - Etäohjauksen saatavuus harvaan asutuilla alueilla\n",
        "        - Etäohjauksen saatavuus harvaan asutuilla alueilla\n" + added,
    )
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> str:
    status = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    return out


def test_the_copied_data_holds_the_hostile_text_as_written(root: Path) -> None:
    registry = elo_coord.load_registry(root / "matrices")
    lappi = elo_coord.load_matrix(root / "matrices" / "proposals" / "lappi.yaml", registry=registry)
    assert registry.regions["lappi"].names.fi == IMG
    assert registry.bodies["ELY"].names.fi == SCRIPT
    assert (lappi.title, lappi.note, lappi.rows[0].note) == (HYPERLINK, IMG, CONTROL)
    assert [task.text for task in lappi.rows[0].regional.tasks][2:] == TASKS


# --- CSV -----------------------------------------------------------------------------------------


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_cells_that_a_spreadsheet_would_run_start_with_a_quote(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lappi = root / "matrices" / "proposals" / "lappi.yaml"
    rows = csv_rows(run(capsys, "diff", BASELINE, lappi, "--format", "csv"))
    added = {
        row["task"]: row["position"]
        for row in rows
        if (row["row_id"], row["level"], row["change"]) == ("T1.1a", "regional", "task_added")
    }
    # Lapland's own second task is new to the baseline too; the positions are untouched numbers.
    assert added == {
        "Etäohjauksen saatavuus harvaan asutuilla alueilla": "1",
        "'+1+2": "2",
        "'@SUM(A1)": "3",
        "'-2+3": "4",
        CONTROL: "5",
        "'\tsisennetty": "6",
        "'\rpaluu": "7",
        SCRIPT: "8",
        IMG: "9",
        "'" + HYPERLINK: "10",
    }
    (title,) = [row for row in rows if row["field"] == "title"]
    assert title["new"] == "'" + HYPERLINK
    assert title["old"] == "TNO-foorumi 25.3.2022: koordinaation yhteenveto alueiden vastauksista"


def test_csv_numbers_and_ordinary_text_are_left_as_they_are(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proposals = root / "matrices" / "proposals"
    rows = csv_rows(run(capsys, "compare", proposals, "--format", "csv", "--by", "answer"))
    first = rows[0]
    assert (first["row_id"], first["level"], first["body_id"], first["n"], first["total"]) == (
        "T1.1a",
        "national",
        "OKM",
        "12",
        "12",
    )
    assert not any(value.startswith("'") for row in rows for value in row.values())


def test_spreadsheet_safe_quotes_each_formula_start_and_nothing_else() -> None:
    from elo_coord._text import spreadsheet_safe

    assert [spreadsheet_safe(text) for text in ("=1", "+1", "-1", "@A", "\t1", "\r1")] == [
        "'=1",
        "'+1",
        "'-1",
        "'@A",
        "'\t1",
        "'\r1",
    ]
    assert [spreadsheet_safe(text) for text in ("", "1-2", " =1", "'=1", "TE-24")] == [
        "",
        "1-2",
        " =1",
        "'=1",
        "TE-24",
    ]


# --- Text on the terminal ------------------------------------------------------------------------

UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # every control but the line's own \n


def test_diff_shows_a_task_with_escapes_on_its_one_line_with_the_escapes_visible(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lappi = root / "matrices" / "proposals" / "lappi.yaml"
    out = run(capsys, "diff", BASELINE, lappi)
    assert UNPRINTABLE.findall(out) == []
    lines = out.splitlines()
    assert "T1.1a regional   task_added       Ohjaus␛[31m punaisella␇⏎toinen rivi" in lines
    assert "T1.1a regional   task_added        sisennetty" in lines
    assert "T1.1a regional   task_added       ⏎paluu" in lines
    assert "T1.1a            note_changed     : Slide 7. → Ohjaus␛[31m punaisella␇⏎toinen rivi" in (
        lines
    )
    # One line per change and the count: no value broke its line.
    assert lines[-1].startswith(f"{len(lines) - 1} changes: ")


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "-v", "{root}/matrices"],
        ["compare", "{root}/matrices/proposals"],
        ["migrate", "{root}/matrices/proposals/lappi.yaml", "--to", "2026-01-01"],
        ["render", "{root}/matrices/proposals/lappi.yaml"],
        ["render", "{root}/matrices/proposals/lappi.yaml", "--format", "html"],
    ],
    ids=lambda argv: " ".join(argv[:1] + argv[-2:]),
)
def test_no_command_prints_a_control_character_from_the_data(
    argv: list[str], root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(capsys, *(arg.format(root=root) for arg in argv))
    assert UNPRINTABLE.findall(out) == []


def test_rendered_markdown_on_the_terminal_shows_the_escapes_and_keeps_its_lines(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lappi = root / "matrices" / "proposals" / "lappi.yaml"
    out = run(capsys, "render", lappi)
    written = elo_coord.render_markdown(elo_coord.load_matrix(lappi))
    # The same document, line for line, with each control character shown instead of obeyed
    # (Markdown escapes the [ and breaks the task's line at its \r).
    assert out.count("\n") == written.count("\n")
    assert "- Ohjaus␛\\[31m punaisella␇\\\n  toinen rivi\n" in out
    assert "- Ohjaus\x1b\\[31m punaisella\x07\\\n  toinen rivi\n" in written


def test_json_output_escapes_what_a_terminal_would_obey_and_reads_back_the_same(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lappi = root / "matrices" / "proposals" / "lappi.yaml"
    out = run(capsys, "diff", BASELINE, lappi, "--format", "json")
    assert UNPRINTABLE.findall(out) == []
    assert "Ohjaus\\u001b[31m punaisella\\u0007\\rtoinen rivi" in out
    tasks = [line["task"] for line in json.loads(out) if line["change"] == "task_added"]
    assert CONTROL in tasks


def test_an_error_quoting_hostile_text_stays_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: bad\nkind: proposal\nstrategy: elo-2020-2023\ndate: 2022-03-18\n"
        f"title: ok\nproposers: [lappi]\nrespondent: {yaml_string(CONTROL)}\n",
        encoding="utf-8",
    )
    status = main(["render", str(bad)])
    out, err = capsys.readouterr()
    assert (status, out) == (1, "")
    assert err.startswith(f"elo-coord: {bad}")
    assert err.count("\n") == 1
    assert UNPRINTABLE.findall(err) == []


# --- HTML ----------------------------------------------------------------------------------------

# Markup from the data, as written or as an HTML serializer rewrites it (nbconvert turns the
# image into <img alt="…" onerror="…" src="x"/>).
MARKUP = re.compile(r"<script\b[^>]*>window|<img\b[^>]*\bonerror")


@pytest.fixture(scope="module")
def pages(root: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The slides of Lapland's proposal and the forum report (fi), written by the command."""
    out = tmp_path_factory.mktemp("pages")
    matrices = root / "matrices"
    written = {}
    for name, argv in (
        ("render", ["render", matrices / "proposals" / "lappi.yaml", "--format", "html"]),
        ("report", ["report", matrices / "proposals", "--lang", "fi"]),
        # With the baseline, so that each answer's changes (Lapland's tasks) are listed too.
        ("report-sv", ["report", matrices, "--lang", "sv"]),
        ("report-en", ["report", matrices, "--lang", "en"]),
    ):
        assert main([*map(str, argv), "--out", str(out / f"{name}.html")]) == 0
        written[name] = out / f"{name}.html"
    # The workbench's views as an export shows them (their static HTML), on one page.
    from elo_coord.widgets import CompareView, MatrixEditor, SynthesisView

    registry = elo_coord.load_registry(matrices)
    views = [
        CompareView(matrices / "proposals", chart=False, registry=registry),
        MatrixEditor(matrices / "proposals" / "lappi.yaml", registry=registry),
        SynthesisView(
            matrices / "proposals",
            matrices / "baseline" / "tno-2022.yaml",
            out / "s.yaml",
            registry=registry,
        ),
    ]
    widgets = "".join(view.static_html() for view in views)
    written["widgets"] = out / "widgets.html"
    written["widgets"].write_text(f"<html><body>{widgets}</body></html>", encoding="utf-8")
    return written


# What each page shows of the hostile text, worked out from what each shows: the slides show
# Lapland's tasks and the bodies' names; the report the regions' names as well.
SHOWN = {
    "render": (SCRIPT, IMG, HYPERLINK),
    "report": (SCRIPT, IMG),
    # In Swedish and English the regions have their own names; Lapland's tasks are listed.
    "report-sv": (SCRIPT, IMG, HYPERLINK),
    "report-en": (SCRIPT, IMG, HYPERLINK),
    # The views name the regions (compare, decisions) and show Lapland's title (editor).
    "widgets": (SCRIPT, IMG),
}
PAGES = list(SHOWN)


@pytest.mark.parametrize("page", PAGES)
def test_html_pages_hold_the_hostile_text_only_escaped(page: str, pages: dict[str, Path]) -> None:
    text = pages[page].read_text(encoding="utf-8")
    assert MARKUP.findall(text) == []
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=" in text


NOTEBOOKS = ("regions", "forum", "research")


@pytest.fixture(scope="module")
def notebook_pages(root: Path) -> dict[str, Path]:
    """Every notebook run on the hostile copy and exported as one page."""
    pages = {}
    for name in NOTEBOOKS:
        out = root / f"{name}.html"
        elo_coord.export_notebook(root / "notebooks" / f"{name}.ipynb", out, timeout=180)
        pages[name] = out
    return pages


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_a_notebook_export_holds_the_hostile_text_only_escaped(
    name: str, notebook_pages: dict[str, Path]
) -> None:
    text = notebook_pages[name].read_text(encoding="utf-8")
    assert MARKUP.findall(text) == []


def test_the_regions_notebook_export_shows_the_hostile_name_escaped(
    notebook_pages: dict[str, Path],
) -> None:
    assert "&lt;img src=x onerror=" in notebook_pages["regions"].read_text(encoding="utf-8")


def shown_in_chromium(browser: Browser, path: Path) -> tuple[str, str]:
    """Open ``path`` from file://; return ``typeof window.__pwned`` and the body's text as shown."""
    context = browser.new_context()
    try:
        page = context.new_page()
        # "load" waits for every image, a failed one too: an onerror handler has run by then.
        page.goto(path.as_uri(), wait_until="load")
        pwned: str = page.evaluate("() => typeof window.__pwned")
        text: str = page.evaluate("() => document.body.innerText")
        return pwned, text
    finally:
        context.close()


@pytest.mark.parametrize("page", PAGES)
def test_a_browser_shows_the_hostile_text_of_a_page_and_runs_none_of_it(
    page: str, pages: dict[str, Path], chromium: Browser
) -> None:
    pwned, text = shown_in_chromium(chromium, pages[page])
    assert pwned == "undefined"
    assert [shown for shown in SHOWN[page] if shown not in text] == []


# What each notebook shows of the hostile text: the regions notebook heads with Lapland's name
# and shows its tasks and title; the forum notebook names the regions in its comparison and opens
# Lapland's proposal (its title) in the editor; the research notebook is checked for running none.
NOTEBOOK_SHOWN = {
    "regions": (IMG, SCRIPT, HYPERLINK),
    "forum": (IMG, SCRIPT, HYPERLINK),
    "research": (),
}


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_a_browser_shows_the_hostile_text_of_a_notebook_export_and_runs_none_of_it(
    name: str, notebook_pages: dict[str, Path], chromium: Browser
) -> None:
    pwned, text = shown_in_chromium(chromium, notebook_pages[name])
    assert pwned == "undefined"
    assert [shown for shown in NOTEBOOK_SHOWN[name] if shown not in text] == []
