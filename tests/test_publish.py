"""Static HTML for offline readers: notebook exports and the forum report, in three languages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

import elo_coord
from elo_coord import Localized, Matrix, Region, render_html, render_report, synthesize
from elo_coord._cli import main
from elo_coord._notebook import remote_resources

from . import builders
from .conftest import MATRICES, ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
FORUM = ROOT / "notebooks" / "forum.ipynb"
DAY = dt.date(2026, 11, 23)
EVIL = "<script>alert(1)</script> & co"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
SV_MARK = (
    '<span class="fallback" title="Registret saknar namnet på svenska; det visas på finska">'
    "*</span>"
)


# --- Finding what a page would load from another host --------------------------------------------
# The library's own check (what export_notebook refuses a page for), tested here on a page that
# holds every kind of load, so the tests of real pages below rely on it.

remote_loads = remote_resources


def test_the_check_for_remote_loads_finds_each_kind_and_allows_links() -> None:
    page = """<html><head>
    <script src="https://cdnjs.cloudflare.com/require.js"></script>
    <link rel="stylesheet" href="//fonts.example.org/font.css">
    <style>@import url(http://a.example/x.css); @font-face { src: url('https://b.example/f.woff') }
    @import "https://c.example/y.css";</style>
    </head><body>
    <img src="http://d.example/i.png"><iframe src="page.html"></iframe>
    <div style="background: url(https://e.example/bg.png)"></div>
    <svg><image href="https://f.example/i.svg"/></svg>
    <a href="https://www.example.fi/">a link to read later</a>
    <img src="data:image/svg+xml;base64,PHN2Zz4="><script>var x = 1;</script>
    <div style="clip-path: url(#clip)"></div>
    </body></html>"""
    assert remote_loads(page) == [
        "https://cdnjs.cloudflare.com/require.js",
        "//fonts.example.org/font.css",
        "http://a.example/x.css",
        "https://b.example/f.woff",
        "https://c.example/y.css",
        "http://d.example/i.png",
        "https://e.example/bg.png",
        "https://f.example/i.svg",
    ]


# --- Notebook exports (each runs the notebook once, through the command line) --------------------

Export = Callable[[Path], str]


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Export:
    """Export a notebook once per module with ``--force`` over an older file; return the page."""
    folder = tmp_path_factory.mktemp("exports")
    pages: dict[Path, str] = {}

    def run(notebook: Path) -> str:
        if notebook not in pages:
            out = folder / f"{notebook.stem}.html"
            out.write_text("an older export\n", encoding="utf-8")
            assert main(["export", str(notebook), "--out", str(out), "--force"]) == 0
            pages[notebook] = out.read_text(encoding="utf-8")
        return pages[notebook]

    return run


def between(page: str, start: str, end: str) -> str:
    """Return the part of ``page`` from ``start`` to the first ``end`` after it."""
    first = page.index(start)
    return page[first : page.index(end, first) + len(end)]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.name)
def test_an_exported_notebook_loads_nothing_from_another_host(
    export: Export, notebook: Path
) -> None:
    page = export(notebook)
    assert page.startswith("<!DOCTYPE html>")
    assert remote_loads(page) == []
    assert "<script src=" not in page
    # No widget state and no widget views: the page needs no widget manager.
    assert "application/vnd.jupyter.widget-state+json" not in page
    assert "application/vnd.jupyter.widget-view+json" not in page
    assert "require.js" not in page
    assert "MathJax" not in page
    # Charts go in as SVG, each with ids of its own: one chart's url(#gradient_0) must not find
    # another chart's gradient.
    svg_ids = [
        found
        for svg in re.findall(r"<svg\b.*?</svg>", page, flags=re.DOTALL)
        for found in re.findall(r'\bid="([^"]+)"', svg)
    ]
    assert len(svg_ids) == len(set(svg_ids))
    assert "data:image/svg+xml;base64" not in page.split("</style>")[-1]


def test_two_charts_alike_get_ids_of_their_own() -> None:
    from elo_coord._notebook import _unique_svg_ids

    svg = (
        '<?xml version="1.0"?>\n<svg><defs><linearGradient id="gradient_0"/></defs>'
        '<rect fill="url(#gradient_0)"/><use href="#gradient_0"/></svg>'
    )
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("chart")]
    notebook.cells[0].outputs = [
        nbformat.v4.new_output("display_data", {"image/svg+xml": svg}),
        nbformat.v4.new_output("display_data", {"text/html": f"<p id='x'>{svg[22:]}</p>"}),
    ]
    _unique_svg_ids(notebook)
    first, second = (output.data for output in notebook.cells[0].outputs)
    assert first["image/svg+xml"] == (
        '<svg><defs><linearGradient id="elo-svg1-gradient_0"/></defs>'
        '<rect fill="url(#elo-svg1-gradient_0)"/><use href="#elo-svg1-gradient_0"/></svg>'
    )
    assert second["text/html"] == (
        "<p id='x'><svg><defs><linearGradient id=\"elo-svg2-gradient_0\"/></defs>"
        '<rect fill="url(#elo-svg2-gradient_0)"/><use href="#elo-svg2-gradient_0"/></svg></p>'
    )


def test_the_export_replaced_the_older_file_because_of_force(export: Export) -> None:
    assert "an older export" not in export(FORUM)


def test_the_forum_export_draws_the_support_heatmap_as_inline_svg(export: Export) -> None:
    compare = between(export(FORUM), '<div class="elo-compare">', '<div class="elo-heatmap">')
    # The coverage line of the shipped proposals comes first.
    assert "<b>13/18 ryhmää vastasi: 4 koordinaattorin kautta" in compare
    assert '<div class="elo-heatmap"><svg' in export(FORUM)


def test_the_forum_export_shows_the_editor_grid_with_lappi_s_leads_as_stars(
    export: Export,
) -> None:
    grid = between(export(FORUM), '<table class="elo-grid">', "</table>")
    # Lappi's proposal makes ELY the regional lead in all 12 rows, TEM the national lead of
    # T1.1a and JOTPA that of T5.1: 14 cells with a star.
    stars = re.findall(r'<td class="elo-cell-([^"]+)"[^>]*>★</td>', grid)
    assert len(stars) == 14
    assert {"T1-1a-national-TEM", "T5-1-national-JOTPA", "T6-1-regional-ELY"} <= set(stars)


def test_the_forum_export_lists_the_synthesis_changes_to_tick(export: Export) -> None:
    synthesis = between(export(FORUM), '<div class="elo-synthesis">', "</ul></div>")
    items = re.findall(r"<li>([☑☐]) ", synthesis)
    assert items  # one per change the proposals make to the baseline
    assert set(items) <= {"☑", "☐"}


def test_the_forum_export_carries_no_instructions_to_click(export: Export) -> None:
    page = export(FORUM)
    for live in ("Run All", "Napsauta solua", "Valitse alueet", "ja tallenna"):
        assert live not in page
    assert "Kannatuksen lämpökartassa luku kertoo" in page  # what the views mean stays


def test_an_export_shows_the_decision_the_forum_saved(tmp_path: Path) -> None:
    from elo_coord.widgets import SynthesisView

    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    shutil.copytree(MATRICES, tmp_path / "matrices")
    data = tmp_path / "matrices"
    view = SynthesisView(
        data / "proposals", data / "baseline" / "tno-2022.yaml", data / "synthesis" / "foorumi.yaml"
    )
    view.accept(0)
    assert view.save()
    page = elo_coord.export_notebook(
        tmp_path / "notebooks" / "forum.ipynb", tmp_path / "forum.html", timeout=120
    )
    synthesis = between(page, '<div class="elo-synthesis">', "</ul></div>")
    assert synthesis.count("☑") == 1
    assert f"Foorumi hyväksyi 1/{view.changes.height} ehdotettua muutosta" in synthesis


@pytest.fixture(scope="module")
def small_export(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("small")
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "import os\nprint('export mode:', os.environ['ELO_COORD_EXPORT'])"
        ),
        nbformat.v4.new_code_cell(
            "import ipywidgets as w\nfrom IPython.display import HTML, display\n"
            "out = w.Output()\n"
            "with out:\n"
            "    display(HTML('<p id=\"inside\">shown inside</p>'))\n"
            "out"
        ),
    ]
    path = folder / "small.ipynb"
    nbformat.write(notebook, path)
    return elo_coord.export_notebook(path, folder / "small.html", timeout=60)


def test_the_kernel_of_an_export_runs_in_export_mode(small_export: str) -> None:
    assert "export mode: 1" in small_export


def test_what_an_output_widget_shows_is_kept_in_the_export(small_export: str) -> None:
    assert '<p id="inside">shown inside</p>' in small_export
    # The widget itself has no state to show: its plain text stands in for it.
    assert "<pre>Output()</pre>" in small_export


def test_export_refuses_to_replace_a_file_without_force_and_runs_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import elo_coord._notebook

    def no_run(*_: object) -> None:
        raise AssertionError("the notebook ran although nothing may be written")

    monkeypatch.setattr(elo_coord._notebook, "_execute", no_run)
    out = tmp_path / "forum.html"
    out.write_text("keep me\n", encoding="utf-8")
    assert main(["export", str(FORUM), "--out", str(out)]) == 1
    assert capsys.readouterr().err == f"elo-coord: {out}: exists already; nothing was written\n"
    assert out.read_text(encoding="utf-8") == "keep me\n"


def test_a_failing_cell_is_named_in_one_line_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Jako nollalla"),
        nbformat.v4.new_code_cell("1 / 0"),
    ]
    path = tmp_path / "broken.ipynb"
    nbformat.write(notebook, path)
    out = tmp_path / "broken.html"
    assert main(["export", str(path), "--out", str(out), "--timeout", "60"]) == 1
    assert capsys.readouterr().err == (
        f"elo-coord: {path}: cell 2 failed with ZeroDivisionError: division by zero;"
        " nothing was written\n"
    )
    assert not out.exists()


def test_export_has_help_and_refuses_a_timeout_that_is_not_a_number(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["export", "--help"])
    assert done.value.code == 0
    assert "--timeout S" in capsys.readouterr().out
    with pytest.raises(SystemExit) as done:
        main(["export", str(FORUM), "--out", "x.html", "--timeout", "inf"])
    assert done.value.code == 2
    assert "'inf' is not a positive, finite number of seconds" in capsys.readouterr().err


# --- The forum report on the shipped proposals ---------------------------------------------------


@pytest.fixture(scope="module")
def reports() -> dict[str, str]:
    proposals = elo_coord.load_matrices(MATRICES / "proposals")
    baseline = elo_coord.load_matrix(MATRICES / "baseline" / "tno-2022.yaml")
    return {
        lang: render_report(proposals, baseline, lang=lang, date=DAY) for lang in ("fi", "sv", "en")
    }


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_report_loads_nothing_and_runs_no_script(reports: dict[str, str], lang: str) -> None:
    page = reports[lang]
    assert page.startswith("<!DOCTYPE html>")
    assert f'<html lang="{lang}">' in page
    assert remote_loads(page) == []
    assert "<script" not in page


def test_the_report_states_the_coverage_of_the_shipped_proposals(reports: dict[str, str]) -> None:
    # 12 proposals, one of them the joint answer of the Pohjanmaa and Keski-Pohjanmaa groups: 13
    # of the 18 groups the survey asked, covering 13 of the 18 mainland regions. Alone, 4
    # answered through their coordinator (Keski-Suomi, Päijät-Häme, Pohjois-Savo,
    # Varsinais-Suomi) and 7 as a group; Satakunta, Kanta-Häme, Kymenlaakso,
    # Etelä-Karjala and Kainuu did not answer.
    page = reports["fi"]
    assert (
        '<p class="coverage"><strong>13/18 ryhmää vastasi: 4 koordinaattorin kautta, 7 ryhmänä,'
        " 2 ryhmää 1 yhteisvastauksessa; 0 kieltäytyi, 5 ei vastannut (13/18 maakuntaa)"
        "</strong></p>"
    ) in page
    assert "<dt>Yhteisvastaukset</dt><dd>Pohjanmaa + Keski-Pohjanmaa</dd>" in page
    assert (
        "<dt>Ei vastannut</dt><dd>Satakunta, Kanta-Häme, Kymenlaakso, Etelä-Karjala, Kainuu</dd>"
    ) in page


def test_the_report_says_first_that_the_proposals_are_illustrative(
    reports: dict[str, str],
) -> None:
    page = reports["fi"]
    notice = '<p class="notice">12/12 ehdotuksesta on kuvitteellisia esimerkkejä'
    assert notice in page
    assert page.index(notice) < page.index("<h2")


def test_the_report_has_a_title_and_a_date(reports: dict[str, str]) -> None:
    assert "<h1>TNO-foorumi: alueiden ehdotusten vertailu</h1>" in reports["fi"]
    assert "<dt>Päivämäärä</dt><dd>23.11.2026</dd>" in reports["fi"]
    assert "<dt>Date</dt><dd>2026-11-23</dd>" in reports["en"]


def test_the_report_renders_in_swedish_and_english(reports: dict[str, str]) -> None:
    swedish, english = reports["sv"], reports["en"]
    assert "<h1>TNO-forumet: jämförelse av regionernas förslag</h1>" in swedish
    assert "<h2>Dagordning</h2>" in swedish
    assert "<h2>Avvikande åsikter</h2>" in swedish
    assert "<h1>TNO forum: the regions&#39; proposals compared</h1>" in english
    assert "<h2>Agenda</h2>" in english
    assert "<h2>Minority views</h2>" in english
    assert "13/18 groups answered: 4 through their coordinator, 7 as a group" in english


def test_the_report_draws_the_support_heatmap_as_inline_svg(reports: dict[str, str]) -> None:
    assert '<figure class="heatmap"><svg' in reports["fi"]
    heatmap = between(reports["sv"], '<figure class="heatmap">', "</figure>")
    assert "Hur många regioner som anger aktören för raden" in heatmap


def test_the_agenda_names_each_contested_cell_with_its_count_and_regions(
    reports: dict[str, str],
) -> None:
    # JOTPA for T1.1a nationally: Etelä-Pohjanmaa, Lappi, Päijät-Häme, Pohjois-Savo, Uusimaa and
    # the joint answer of Pohjanmaa and Keski-Pohjanmaa name it: 7 of the 13 regions, more than a
    # third and less than two thirds. They are the whole of one camp (7 of 7), the other camp
    # (6 regions) names it nowhere: camps 1/2, group-aware consensus 8/9 × 1/8 = 1/9 ≈ 0,11.
    agenda = between(reports["fi"], '<section class="part" id="agenda">', "</section>")
    assert (
        "<tr><td>T1.1a</td><td>Valtakunnallinen koordinaatio</td><td><strong>JOTPA</strong></td>"
        '<td class="n">7/13</td><td class="n">1/2</td><td class="n">0,11</td>'
        "<td>Etelä-Pohjanmaa, Keski-Pohjanmaa, Lappi, Päijät-Häme,"
        " Pohjanmaa, Pohjois-Savo, Uusimaa</td></tr>"
    ) in agenda


def test_the_minority_views_are_listed_by_region(reports: dict[str, str]) -> None:
    views = between(reports["fi"], '<section class="part" id="views">', "</section>")
    pohjois_pohjanmaa = between(views, "<h3>Pohjois-Pohjanmaa</h3>", "</ul>")
    assert (
        "<li>T4.1 · Alueellinen koordinaatio: lisää <strong>maakuntien liitot</strong> (1/12)</li>"
    ) in pohjois_pohjanmaa


def test_the_synthesis_comes_in_the_forum_s_slide_format_with_provenance(
    reports: dict[str, str],
) -> None:
    page = reports["fi"]
    assert page.count('<section class="slide"') == 12
    slide = between(page, '<section class="slide" id="row-T1.1a">', "</section>")
    assert "<h3>Alueellinen koordinaatio: <strong>ELY</strong> (vastuutaho; 13/13)" in slide
    assert '<section class="questions" id="questions">' in page


def test_each_region_s_differences_from_the_baseline_come_in_a_block_of_its_own(
    reports: dict[str, str],
) -> None:
    changes = between(reports["fi"], '<section class="part" id="changes">', "</section>")
    assert changes.count('<div class="region-changes">') == 12
    assert "<h3>Pohjanmaa + Keski-Pohjanmaa</h3>" in changes
    lappi = between(changes, "<h3>Lappi</h3>", "</table>")
    # T1.1c: the baseline has OKM, TEM, OPH, JOTPA, KEHA nationally and ELY, AVI, kunnat,
    # TE-toimistot, kolmas-sektori regionally; Lappi keeps OKM, TEM, JOTPA and ELY (as the lead),
    # TE-toimistot, kolmas-sektori, and adds ohjaamot.
    assert (
        '<tr><th>T1.1c</th><td><span class="body_removed">−\u00a0OPH, KEHA</span></td>'
        '<td><span class="body_added">+\u00a0Ohjaamot</span>; '
        '<span class="body_removed">−\u00a0AVI, kunnat</span>; '
        '<span class="role_changed">↕\u00a0ELY: kumppani → vastuutaho</span></td></tr>'
    ) in lappi


def test_the_report_prints_one_slide_and_one_part_per_page(reports: dict[str, str]) -> None:
    page = reports["fi"]
    css = between(page, "<style>", "</style>")
    prints = css[css.index("@media print") :]
    assert re.search(r"\.slide[^{]*\{[^}]*break-after: page", prints)
    assert re.search(r"\.part \{[^}]*break-after: page", prints)


# --- Names the registry lacks in a language, and text from data ----------------------------------


def proposal(id: str, regions: list[str], *, title: str | None = None, **more: object) -> Matrix:
    """A proposal for one row, T4.1: OKM nationally, ELY (and ``also``) regionally, one task."""
    also = more.pop("also", [])
    task = more.pop("task", "Yhteinen tehtävä")
    row = {
        "row": "T4.1",
        "national": {"bodies": ["OKM"]},
        "regional": {"bodies": ["ELY", *also], "tasks": [task]},
    }
    return builders.proposal(id, regions, [row], title=title or id, respondent="group", **more)


BASELINE = Matrix.model_validate(
    {
        "id": "lahto",
        "kind": "baseline",
        "strategy": "elo-2020-2023",
        "date": "2022-03-25",
        "title": "Lähtötilanne",
        "rows": [{"row": "T4.1", "national": {"bodies": ["OKM"]}, "regional": {"bodies": ["ELY"]}}],
    }
)


@pytest.fixture
def testila_registry(registry: elo_coord.Registry) -> elo_coord.Registry:
    """The shipped registry plus Testilä, a region with only a Finnish name."""
    region = Region(id="testila", code="MK98", names=Localized(fi="Testilä"), bilingual=False)
    return dataclasses.replace(registry, regions={**registry.regions, "testila": region})


@pytest.fixture
def two_proposals() -> list[Matrix]:
    # Lappi names ELY; Testilä names ELY and kunnat: kunnat is named by 1 of 2, contested.
    return [proposal("lappi", ["lappi"]), proposal("testila", ["testila"], also=["kunnat"])]


def test_a_region_without_a_swedish_name_is_shown_in_finnish_and_marked(
    testila_registry: elo_coord.Registry, two_proposals: list[Matrix]
) -> None:
    page = render_report(two_proposals, BASELINE, lang="sv", registry=testila_registry, date=DAY)
    agenda = between(page, '<section class="part" id="agenda">', "</section>")
    # Two answers are one camp; kunnat is named by half of it, no more: camps 0/1, and the
    # group-aware consensus (1 + 1) / (2 + 2) = 0,50.
    assert (
        f'<td class="n">1/2</td><td class="n">0/1</td><td class="n">0,50</td>'
        f"<td>Testilä{SV_MARK}</td></tr>"
    ) in agenda
    assert f"<h3>Testilä{SV_MARK}</h3>" in page  # its block of differences
    assert "<h3>Lappland</h3>" in page  # a name the registry has in Swedish is not marked
    assert page.rstrip().endswith(
        f'<p class="fallback-note"><small>{SV_MARK} Namnet på finska: registret saknar ett'
        " svenskt namn.</small></p>\n</body>\n</html>"
    )


def test_in_finnish_nothing_is_marked(
    testila_registry: elo_coord.Registry, two_proposals: list[Matrix]
) -> None:
    page = render_report(two_proposals, BASELINE, registry=testila_registry, date=DAY)
    assert 'class="fallback' not in page
    assert "<h3>Testilä</h3>" in page


def test_the_slide_format_marks_the_fallback_too(
    testila_registry: elo_coord.Registry, two_proposals: list[Matrix]
) -> None:
    forum = synthesize(two_proposals, registry=testila_registry)
    page = render_html(forum, registry=testila_registry, lang="sv")
    assert f"<dt>Förslagsställare</dt><dd>Lappland, Testilä{SV_MARK}</dd>" in page
    assert f"föreslogs av: Testilä{SV_MARK} (1/2)" in page
    assert '<p class="fallback-note">' in page
    # Markdown shows the Finnish name as it is.
    assert "- Förslagsställare: Lappland, Testilä\n" in elo_coord.render_markdown(
        forum, registry=testila_registry, lang="sv"
    )


def test_every_text_from_data_is_escaped_in_the_report(registry: elo_coord.Registry) -> None:
    region = Region(id="pahala", code="MK99", names=Localized(fi=EVIL), bilingual=False)
    evil_registry = dataclasses.replace(registry, regions={**registry.regions, "pahala": region})
    proposals = [
        proposal("lappi", ["lappi"], task=EVIL),
        proposal("pahala", ["pahala"], title=EVIL, task=EVIL, also=["kunnat"]),
    ]
    page = render_report(proposals, BASELINE, registry=evil_registry, date=DAY)
    assert "<script" not in page
    assert " & " not in page
    assert f"<td>{ESCAPED}</td>" in page  # the region in the agenda
    assert f"<h3>{ESCAPED}</h3>" in page  # its block of differences
    assert f'<p class="proposal-title"><small>{ESCAPED}</small></p>' in page  # the title
    assert f'<li>{ESCAPED} <span class="provenance">(2/2)</span></li>' in page  # the task


# --- The report command --------------------------------------------------------------------------


def test_report_writes_the_page_and_refuses_to_replace_it_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "raportti.html"
    assert main(["report", "matrices/", "--out", str(out), "--lang", "sv"]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {out} (")
    page = out.read_text(encoding="utf-8")
    assert '<html lang="sv">' in page
    assert '<section class="part" id="changes">' in page  # matrices/ holds the baseline
    assert page.count('<div class="region-changes">') == 12
    assert main(["report", "matrices/", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"elo-coord: {out}: exists already; nothing was written")
    assert err.count("\n") == 1
    assert out.read_text(encoding="utf-8") == page
    assert main(["report", "matrices/proposals", "--out", str(out), "--force"]) == 0
    assert '<html lang="fi">' in out.read_text(encoding="utf-8")


def test_report_takes_the_baseline_from_a_file_when_the_folder_has_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "raportti.html"
    assert main(["report", "matrices/proposals", "--out", str(out)]) == 0
    assert "Lähtötilannetta ei annettu" in out.read_text(encoding="utf-8")
    baseline = "matrices/baseline/tno-2022.yaml"
    argv = ["report", "matrices/proposals", "--out", str(out), "--force", "--baseline", baseline]
    assert main(argv) == 0
    page = out.read_text(encoding="utf-8")
    assert "Lähtötilannetta ei annettu" not in page
    assert "<dt>Lähtötilanne</dt><dd>TNO-foorumi 25.3.2022:" in page
    capsys.readouterr()


def test_report_of_a_folder_without_proposals_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "matrices/baseline", "--out", str(tmp_path / "r.html")]) == 1
    err = capsys.readouterr().err
    assert (
        err == "elo-coord: matrices/baseline: no proposals here — point to a folder of proposals\n"
    )


# --- Each answer's section: bodies, tasks, notes and quotes ---------------------------------------


def test_a_region_s_tasks_note_and_quotes_appear_in_its_section() -> None:
    baseline = BASELINE.model_copy(
        update={
            "rows": (
                elo_coord.Row.model_validate(
                    {
                        "row": "T4.1",
                        "national": {"bodies": ["OKM"]},
                        "regional": {
                            "bodies": ["ELY"],
                            "tasks": [
                                "Ohjauksen verkostojen koordinointi",
                                "Tilannekuvan kokoaminen",
                            ],
                        },
                    }
                ),
            )
        }
    )
    kainuu = Matrix.model_validate(
        {
            **proposal("kainuu", ["kainuu"]).model_dump(exclude={"rows"}),
            "rows": [
                {
                    "row": "T4.1",
                    "national": {"bodies": ["OKM"]},
                    "regional": {
                        "bodies": ["ELY"],
                        "tasks": [
                            "Ohjauksen verkostojen koordinointi alueella",
                            "Kokeilujen käynnistäminen",
                        ],
                    },
                    "note": "Ryhmä kokoontui 3.3.",
                    "quotes": ["Ohjaus kuuluu kaikille."],
                }
            ],
        }
    )
    page = render_report([kainuu], baseline, date=DAY)
    section = between(page, "<h3>Kainuu</h3>", "</div>")
    # Kainuu rewords the first task slightly, leaves out the second and adds one of its own.
    assert (
        '<li class="task_removed">T4.1 · Alueellinen koordinaatio: − Tilannekuvan kokoaminen'
        " <small>(tehtävä poistetaan)</small></li>"
    ) in section
    assert (
        '<li class="task_added">T4.1 · Alueellinen koordinaatio: + Kokeilujen käynnistäminen'
        " <small>(tehtävä lisätään)</small></li>"
    ) in section
    assert (
        '<li class="task_reworded">T4.1 · Alueellinen koordinaatio: ≈ Ohjauksen verkostojen'
        " koordinointi → Ohjauksen verkostojen koordinointi alueella"
        " <small>(tehtävä muotoillaan)</small></li>"
    ) in section
    assert "<li>T4.1: Ryhmä kokoontui 3.3.</li>" in section
    assert (
        '<figure class="quote"><figcaption>T4.1</figcaption>'
        "<blockquote><p>Ohjaus kuuluu kaikille.</p></blockquote></figure>"
    ) in section
    assert "<p>Samat toimijat kuin lähtötilanteessa.</p>" in section


def test_the_report_flattens_the_answers_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import elo_coord._comparison as comparison

    built = []
    flatten = comparison._Answers.of.__func__  # type: ignore[attr-defined]

    def counting(cls: type, proposals: object) -> object:
        built.append(proposals)
        return flatten(cls, proposals)

    monkeypatch.setattr(comparison._Answers, "of", classmethod(counting))
    proposals = elo_coord.load_matrices(MATRICES / "proposals")
    baseline = elo_coord.load_matrix(MATRICES / "baseline" / "tno-2022.yaml")
    render_report(proposals, baseline, date=DAY)
    assert len(built) == 1


def test_the_contents_list_every_part_of_the_report_by_its_heading(
    reports: dict[str, str],
) -> None:
    page = reports["en"]
    contents = between(page, '<nav class="contents">', "</nav>")
    links = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', contents)
    assert [anchor for anchor, _ in links] == [
        "coverage",
        "survey",
        "support",
        "agenda",
        "views",
        "synthesis",
        "questions",
        "changes",
        "monitoring",
        "bodies",
    ]
    for anchor, _ in links:
        assert f'id="{anchor}"' in page


def slow_notebook(folder: Path, seconds: float) -> Path:
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    notebook.cells = [nbformat.v4.new_code_cell(f"import time\ntime.sleep({seconds})\nprint('ok')")]
    path = folder / "slow.ipynb"
    nbformat.write(notebook, path)
    return path


def test_a_run_whose_cell_end_never_came_is_made_again_and_the_page_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import elo_coord._notebook as notebooks

    run_once = notebooks._run_once
    calls: list[int] = []

    def stalls_first(*args: object) -> object:
        calls.append(len(calls))
        if len(calls) == 1:
            raise notebooks._StalledError  # as when the kernel's idle never reaches nbclient
        return run_once(*args)

    monkeypatch.setattr(notebooks, "_run_once", stalls_first)
    page = elo_coord.export_notebook(slow_notebook(tmp_path, 0), tmp_path / "slow.html")
    assert calls == [0, 1]
    assert "ok" in page
    assert (tmp_path / "slow.html").is_file()


def test_a_cell_too_slow_twice_is_one_line_and_nothing_is_written(tmp_path: Path) -> None:
    with pytest.raises(elo_coord.ElocoordError) as caught:
        elo_coord.export_notebook(slow_notebook(tmp_path, 30), tmp_path / "slow.html", timeout=2)
    assert "a cell ran longer than 2 s, twice; nothing was written" in str(caught.value)
    assert not (tmp_path / "slow.html").exists()
