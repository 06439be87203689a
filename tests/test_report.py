"""Reports in the forum's slide format: the baseline's slides, escaping, provenance, languages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from html.parser import HTMLParser

import pytest

import elo_coord
from elo_coord import (
    LABELS,
    Kind,
    Level,
    Localized,
    Matrix,
    Region,
    Role,
    Row,
    escape_markdown,
    label,
    render_html,
    render_markdown,
)
from elo_coord._model import Assignment, Body, Cell, Question, Status, Task

EVIL = "<script>alert(1)</script> & co"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"


def section(markdown: str, row_id: str) -> str:
    """Return the Markdown of one row's slide: from its ``##`` heading to the next ``##``."""
    start = markdown.index(f"\n## {row_id} ")
    end = markdown.find("\n## ", start + 1)
    return markdown[start + 1 : end if end != -1 else None]


def html_slide(page: str, row_id: str) -> str:
    start = page.index(f'<section class="slide" id="row-{row_id}">')
    return page[start : page.index("</section>", start)]


class TagBalance(HTMLParser):
    """Record every open and close of the tags that structure a report, and what goes wrong."""

    CHECKED = frozenset(
        {"html", "head", "body", "header", "section", "div", "ul", "li", "dl", "dt", "dd"}
        | {"h1", "h2", "h3", "h4", "p", "figure", "figcaption", "blockquote", "strong", "span"}
    )

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in self.CHECKED:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.CHECKED:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def synthesis(**changes: object) -> Matrix:
    """A small synthesis of three regions' proposals, worked out by hand."""
    fields: dict[str, object] = {
        "id": "synteesi",
        "kind": Kind.SYNTHESIS,
        "strategy": "elo-2020-2023",
        "date": dt.date(2022, 9, 1),
        "title": "Synteesi kolmen alueen ehdotuksista",
        "proposers": ("lappi", "pohjois-karjala", "uusimaa"),
        "rows": (
            Row(
                row="T1.1a",
                national=Cell(
                    bodies=(
                        Assignment(body="OKM", regions=("lappi", "pohjois-karjala", "uusimaa")),
                        Assignment(body="TEM", regions=("lappi", "uusimaa")),
                    ),
                ),
                regional=Cell(
                    bodies=(
                        Assignment(body="ELY", role=Role.LEAD, regions=("lappi", "uusimaa")),
                        Assignment(body="kunnat", regions=("pohjois-karjala",)),
                    ),
                    tasks=(
                        Task(text="Etäohjauksen saatavuus", regions=("lappi", "pohjois-karjala")),
                        Task(text="Alueelliset pilotit", bodies=("ELY",), regions=("uusimaa",)),
                    ),
                ),
            ),
        ),
        "questions": (
            Question(
                row="T1.1a",
                level=Level.REGIONAL,
                body="kunnat",
                status=Status.MINORITY,
                regions=("pohjois-karjala",),
                note="Kunnat alueelliseksi koordinaattoriksi?",
            ),
            Question(row="T1.1a", level=Level.NATIONAL, status=Status.CONTESTED),
        ),
    }
    return Matrix.model_validate({**fields, **changes})


# --- The baseline, slide by slide ----------------------------------------------------------------


def test_the_baseline_slide_of_t1_1b_reads_as_the_forum_showed_it(
    baseline: Matrix, registry: elo_coord.Registry
) -> None:
    assert section(render_markdown(baseline, registry=registry), "T1.1b") == (
        "## T1.1b · Saavutettavasti ja asiakaslähtöisesti\n"
        "\n"
        "**Tavoite:** Parannetaan kaikenikäisten yhdenvertaisia mahdollisuuksia hyödyntää"
        " tarvitsemiaan tieto-, neuvonta- ja ohjauspalveluita koko elämänkaaren ajan seuraavin"
        " keinoin:\n"
        "\n"
        "**Keino:** Edistämällä monikanavaista ohjausta ja kannustamalla ohjauksen järjestäjiä"
        " monipuolistamaan asiointikanavia ja -tapoja\n"
        "\n"
        "### Valtakunnallinen koordinaatio: OKM, TEM, OPH, JOTPA, KEHA\n"
        "\n"
        "Tehtävät valtakunnallisesti:\n"
        "\n"
        "- Valtakunnalliset työvälineet kansalaisten tasapuolisuuden varmistamiseksi\n"
        "- Kansalliset suositukset palvelujen mitoituksesta\n"
        "- Kansallinen kokonaisarkkitehtuuri\n"
        "\n"
        "### Alueellinen koordinaatio: ELY+AVI, TE-toimistot, kirjastot\n"
        "\n"
        "Tehtävät alueellisesti:\n"
        "\n"
        "- Alueelliset pilotit palvelujen kehittämiseksi\n"
        "- Alueellisten erityispiirteiden tunnistaminen\n"
        "- Liikkuvat ja jalkautuvat palvelut alueellisten erityispiirteiden mukaisesti\n"
        "- Paikalliset ja organisaatiokohtaiset toteutussuunnitelmat\n"
        "\n"
        "*Slide 8.*\n"
    )


def test_the_baseline_markdown_has_a_title_block_and_one_section_per_row(
    baseline: Matrix,
) -> None:
    markdown = render_markdown(baseline)
    assert markdown.startswith(
        "# TNO-foorumi 25.3.2022: koordinaation yhteenveto alueiden vastauksista\n"
        "\n"
        "- Päivämäärä: 25.3.2022\n"
        "- Laji: lähtötilanne\n"
        "- Strategia: Elinikäisen ohjauksen strategia 2020–2023\n"
    )
    # Slide 13 gives T1.3a and T1.3b one cell: one section shows both.
    rows = ["T1.1a", "T1.1b", "T1.1c", "T1.1d", "T1.2a", "T1.3a, T1.3b"]
    rows += ["T2.1", "T3.1", "T4.1", "T5.1", "T6.1"]
    assert re.findall(r"^## (.+?) · ", markdown, flags=re.MULTILINE) == rows
    assert "Kuvitteellinen esimerkki" not in markdown  # the baseline is real
    assert "Avoimet kysymykset" not in markdown  # and has no questions


def test_the_row_with_a_survey_quote_shows_it_as_a_quotation(baseline: Matrix) -> None:
    quote = (
        "TE-palveluiden lisänä alueilla tulisi olla ohjausresurssia, jonka tehtävä ei ole päättää"
        " työttömyysetuuksista tai muista tuista vaan vahvista työllistymisedellytyksiä"
    )
    assert f"\n> **Lainaus:** {quote}\n" in section(render_markdown(baseline), "T1.1d")
    assert f"<blockquote><p>{quote}</p></blockquote>" in html_slide(render_html(baseline), "T1.1d")


def test_the_three_line_goal_keeps_its_lines(baseline: Matrix) -> None:
    lines = [
        "Laaditaan kansalliset ohjaustyön ja erikoisosaamisten kuvaukset",
        "Ohjaajakoulutuksen kokonaisarviointi",
        "Ohjausalan koulutusrakenteiden kehittäminen",
    ]
    assert "**Tavoite:** " + "\\\n".join(lines) + "\n" in section(render_markdown(baseline), "T3.1")
    assert "<p>" + "<br>".join(lines) + "</p>" in html_slide(render_html(baseline), "T3.1")


def test_a_goal_without_means_shows_no_means(baseline: Matrix) -> None:
    assert "**Keino:**" not in section(render_markdown(baseline), "T2.1")


def test_the_legend_names_the_bodies_in_full_and_skips_names_equal_to_the_id(
    baseline: Matrix,
) -> None:
    markdown = render_markdown(baseline)
    legend = markdown[markdown.index("\n## Toimijat\n") :]
    assert "- OKM: opetus- ja kulttuuriministeriö\n" in legend
    assert "- TE-toimistot: työ- ja elinkeinotoimisto\n" in legend
    assert "- kunnat:" not in legend


# --- HTML ----------------------------------------------------------------------------------------


def test_the_html_has_one_slide_section_per_slide_of_the_forum(baseline: Matrix) -> None:
    page = render_html(baseline)
    assert page.count('<section class="slide"') == 11  # T1.3a and T1.3b share slide 13's
    assert page.count("<section") == 12  # and the legend
    slide = html_slide(page, "T1.1b")
    assert '<h2 class="theme"><span class="row-id">T1.1b</span> Saavutettavasti' in slide
    assert "<h3>Alueellinen koordinaatio: ELY+AVI, TE-toimistot, kirjastot</h3>" in slide
    tasks = slide.split('<aside class="practices">')[0]
    assert re.findall(r"<li>(.*?)</li>", tasks)[3:] == [
        "Alueelliset pilotit palvelujen kehittämiseksi",
        "Alueellisten erityispiirteiden tunnistaminen",
        "Liikkuvat ja jalkautuvat palvelut alueellisten erityispiirteiden mukaisesti",
        "Paikalliset ja organisaatiokohtaiset toteutussuunnitelmat",
    ]


def test_a_slide_lists_the_good_practices_that_bear_on_its_row(baseline: Matrix) -> None:
    slide = html_slide(render_html(baseline), "T1.1b")
    practices = slide.split('<aside class="practices">')[1]
    # practices.yaml: the map of guidance services names T1.1 (the goal of T1.1b), the regional
    # part of the online service names T1.1b itself; both are Pohjois-Karjala's (Case 1).
    titles = re.findall(r"<li><strong>(.*?)</strong>", practices)
    assert titles == [
        "Ohjauspalvelujen kartasto perusasteelta aikuisuuteen",
        "Valtakunnalliseen nettiohjauspalveluun rakennetaan myös alueellinen osio",
    ]
    assert "Pohjois-Karjalan ELO-ryhmä" in practices
    assert "(S000; yhteyden varmuus: heikko)" in practices


def test_the_html_is_balanced_and_loads_nothing_from_elsewhere(baseline: Matrix) -> None:
    page = render_html(baseline)
    parser = TagBalance()
    parser.feed(page)
    parser.close()
    assert parser.problems == []
    assert parser.stack == []
    assert page.startswith('<!DOCTYPE html>\n<html lang="fi">\n<head>\n<meta charset="utf-8">')
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(parser.tags)
    for loading in ("src=", "href=", "<script", "<link", "url(", "@import", "http"):
        assert loading not in page
    assert "break-after: page" in page


def test_each_slide_prints_on_a_page_of_its_own(baseline: Matrix) -> None:
    page = render_html(baseline)
    css = page[page.index("<style>") : page.index("</style>")]
    print_rules = css[css.index("@media print") :]
    assert re.search(r"\.slide[^{]*\{[^}]*break-after: page", print_rules)


# --- Escaping ------------------------------------------------------------------------------------


@pytest.fixture
def evil_registry(registry: elo_coord.Registry) -> elo_coord.Registry:
    """The shipped registry plus a region and a body whose names try to inject a script."""
    region = Region(id="pahala", code="MK99", names=Localized(fi=EVIL), bilingual=False)
    body = Body(id="PAHA", level=Level.REGIONAL, kind="test", names=Localized(fi=EVIL))
    return dataclasses.replace(
        registry,
        regions={**registry.regions, "pahala": region},
        bodies={**registry.bodies, "PAHA": body},
    )


@pytest.fixture
def evil_matrix() -> Matrix:
    return synthesis(
        title=EVIL,
        note=EVIL,
        source=EVIL,
        proposers=("pahala", "lappi"),
        rows=(
            Row(
                row="T1.1a",
                regional=Cell(
                    bodies=(Assignment(body="PAHA", regions=("pahala",)),),
                    tasks=(Task(text=EVIL, regions=("pahala",)),),
                ),
                note=EVIL,
                quotes=(EVIL,),
            ),
        ),
        questions=(
            Question(
                row="T1.1a",
                level=Level.REGIONAL,
                body="PAHA",
                status=Status.CONTESTED,
                regions=("pahala",),
                note=EVIL,
            ),
        ),
    )


def test_every_text_from_data_is_escaped_in_html(
    evil_matrix: Matrix, evil_registry: elo_coord.Registry
) -> None:
    page = render_html(evil_matrix, registry=evil_registry)
    assert "<script" not in page
    assert " & " not in page
    assert f"<title>{ESCAPED}</title>" in page
    assert f"<h1>{ESCAPED}</h1>" in page
    assert f"<li>{ESCAPED} <span" in page  # the task
    assert f"PAHA (1/2: {ESCAPED})" in page  # the body's provenance, by region name
    assert f'<p class="note"><small>{ESCAPED}</small></p>' in page  # the row's note
    assert f"<blockquote><p>{ESCAPED}</p></blockquote>" in page
    assert f'<div class="note"><small>{ESCAPED}</small></div>' in page  # the question's note
    assert f"<dt>PAHA</dt><dd>{ESCAPED}</dd>" in page  # the body's name
    # title (twice), source, proposers, matrix note, body provenance, task, task provenance,
    # quote, row note, question's regions, question note, body name
    assert page.count(ESCAPED) == 13


def test_every_text_from_data_is_escaped_in_markdown(
    evil_matrix: Matrix, evil_registry: elo_coord.Registry
) -> None:
    markdown = render_markdown(evil_matrix, registry=evil_registry)
    escaped = r"\<script\>alert(1)\</script\> \& co"
    assert "<script>" not in markdown
    assert markdown.startswith(f"# {escaped}\n")
    assert f"- {escaped} (1/2: {escaped})\n" in markdown  # the task and its provenance
    assert f"> **Lainaus:** {escaped}\n" in markdown
    # as in HTML, less the <title>
    assert markdown.count(escaped) == 12


def test_markdown_formatting_in_a_task_is_shown_as_written() -> None:
    task = "*tärkeä* <b> _ja_ [linkki](http://x) `koodi` # risuaita"
    matrix = synthesis(rows=(Row(row="T4.1", national=Cell(tasks=(Task(text=task),))),))
    assert (
        "\n- \\*tärkeä\\* \\<b\\> \\_ja\\_ \\[linkki\\](http://x) \\`koodi\\` \\# risuaita (0/3)\n"
        in (render_markdown(matrix))
    )


def test_escape_markdown_escapes_what_starts_a_block_only_at_the_start_of_a_line() -> None:
    assert escape_markdown("- a - b\n+ c\n= d\n10. e 10.\n1) f") == (
        "\\- a - b\n\\+ c\n\\= d\n10\\. e 10.\n1\\) f"
    )
    assert escape_markdown("   sisennetty") == "sisennetty"


# --- A synthesis: provenance, the lead, open questions -------------------------------------------


def test_a_synthesis_shows_each_body_with_how_many_and_which_regions_proposed_it() -> None:
    markdown = render_markdown(synthesis())
    assert (
        "### Valtakunnallinen koordinaatio: OKM (3/3), TEM (2/3, paitsi Pohjois-Karjala)\n"
    ) in markdown
    assert (
        "### Alueellinen koordinaatio: ELY (vastuutaho; 2/3, paitsi Pohjois-Karjala),"
        " kunnat (1/3: Pohjois-Karjala)\n"
    ) in markdown
    # Most regions named it: the report names the one that did not.
    assert "- Etäohjauksen saatavuus (2/3, paitsi Uusimaa)\n" in markdown
    assert "- Alueelliset pilotit (1/3: Uusimaa) — ELY\n" in markdown
    assert "- Ehdottajat: Lappi, Pohjois-Karjala, Uusimaa\n" in markdown
    assert "- Laji: synteesi\n" in markdown


def test_a_synthesis_in_html_marks_the_lead_strong_with_the_word() -> None:
    page = render_html(synthesis())
    assert (
        "<h3>Alueellinen koordinaatio: <strong>ELY</strong>"
        " (vastuutaho; 2/3, paitsi Pohjois-Karjala), kunnat (1/3: Pohjois-Karjala)</h3>"
    ) in page
    assert '<span class="provenance">(2/3, paitsi Uusimaa)</span>' in page


def test_a_synthesis_lists_its_open_questions_by_row_after_the_slides() -> None:
    markdown = render_markdown(synthesis())
    assert markdown[markdown.index("## Avoimet kysymykset") :].startswith(
        "## Avoimet kysymykset\n"
        "\n"
        "### T1.1a\n"
        "\n"
        "- vähemmistön näkemys — Alueellinen koordinaatio: kunnat"
        " — ehdottivat: Pohjois-Karjala (1/3)\\\n"
        "  Kunnat alueelliseksi koordinaattoriksi?\n"
        "- kiistanalainen — Valtakunnallinen koordinaatio\n"
    )
    page = render_html(synthesis())
    questions = page[page.index('<section class="questions">') :]
    assert '<span class="status minority">vähemmistön näkemys</span>' in questions
    assert "<strong>kunnat</strong> — ehdottivat: Pohjois-Karjala (1/3)" in questions


def test_questions_follow_the_order_of_the_rows_not_of_the_list() -> None:
    questions = (
        Question(row="T6.1", level=Level.NATIONAL, status=Status.CONTESTED),
        Question(row="T9.9", level=Level.NATIONAL, status=Status.CONTESTED),
        Question(row="T1.1a", level=Level.NATIONAL, status=Status.CONTESTED),
        Question(row="T2.1", level=Level.NATIONAL, status=Status.CONTESTED),
    )
    markdown = render_markdown(synthesis(questions=questions))
    assert re.findall(r"^### (T\S+)$", markdown, flags=re.MULTILINE) == [
        "T1.1a",
        "T2.1",
        "T6.1",
        "T9.9",
    ]


def test_a_count_has_no_denominator_when_the_matrix_names_no_proposers() -> None:
    markdown = render_markdown(synthesis(proposers=()))
    assert "TEM (2: Lappi, Uusimaa)" in markdown


def test_a_level_without_bodies_says_nobody() -> None:
    matrix = synthesis(rows=(Row(row="T4.1"),), questions=())
    markdown = render_markdown(matrix)
    assert "### Valtakunnallinen koordinaatio: ei ketään\n" in markdown
    assert "### Regional coordination: nobody\n" in render_markdown(matrix, lang="en")


# --- Proposals, unknown rows and the default registry --------------------------------------------


def test_an_illustrative_proposal_says_so_and_names_its_region(
    proposals: list[Matrix],
) -> None:
    lappi = next(p for p in proposals if p.id == "lappi")
    markdown = render_markdown(lappi)
    assert "\n- Ehdottajat: Lappi\n- Vastaaja: ELO-ryhmä\n" in markdown
    assert "\n**Kuvitteellinen esimerkki, ei oikea kyselyvastaus**\n" in markdown
    assert "### Alueellinen koordinaatio: ELY (vastuutaho), TE-toimistot\n" in markdown
    page = render_html(lappi, lang="sv")
    assert '<p class="notice">Påhittat exempel, inte ett verkligt enkätsvar</p>' in page
    assert "<strong>ELY</strong> (ansvarig)" in page


def test_a_row_the_strategy_lacks_renders_with_a_marker() -> None:
    matrix = synthesis(rows=(Row(row="T9.9", note="Ei strategiassa."),), questions=())
    assert "\n## T9.9 · (ei strategiassa)\n" in render_markdown(matrix)
    assert "\n## T9.9 · (not in the strategy)\n" in render_markdown(matrix, lang="en")
    assert '<span class="row-id">T9.9</span> (ei strategiassa)</h2>' in render_html(matrix)


def test_without_a_registry_the_shipped_one_is_used(
    baseline: Matrix, registry: elo_coord.Registry
) -> None:
    assert render_markdown(baseline) == render_markdown(baseline, registry=registry)
    assert render_html(baseline) == render_html(baseline, registry=registry)


# --- Languages -----------------------------------------------------------------------------------


def test_swedish_and_english_labels_replace_the_finnish(baseline: Matrix) -> None:
    swedish = render_markdown(baseline, lang="sv")
    assert "### Nationell koordinering: OKM, TEM, OPH, JOTPA, KEHA\n" in swedish
    assert "\nUppgifter regionalt:\n" in swedish
    assert "\n- Datum: 25.3.2022\n- Typ: utgångsläge\n" in swedish
    english = render_markdown(baseline, lang="en")
    assert "### National coordination: OKM, TEM, OPH, JOTPA, KEHA\n" in english
    assert "**Goal:** " in english
    assert "**Means:** " in english
    assert "\n- Date: 2022-03-25\n- Kind: baseline\n" in english
    assert "## T1.1b · Accessible and customer-oriented\n" in english
    assert "\n## Bodies\n" in english
    assert "- OKM: Ministry of Education and Culture\n" in english
    assert '<html lang="en">' in render_html(baseline, lang="en")
    assert '<html lang="sv">' in render_html(baseline, lang="sv")


def test_names_without_a_swedish_or_english_form_fall_back_to_finnish(baseline: Matrix) -> None:
    # No theme or goal has a Swedish text, and KEHA-2026 has no Swedish name; regions have
    # English names.
    swedish = render_markdown(baseline, lang="sv")
    assert "## T1.1b · Saavutettavasti ja asiakaslähtöisesti\n" in swedish
    assert "**Mål:** Parannetaan kaikenikäisten" in swedish
    matrix = synthesis(
        rows=(
            Row(
                row="T4.1",
                national=Cell(bodies=(Assignment(body="KEHA-2026", regions=("lappi",)),)),
            ),
        ),
        questions=(),
    )
    assert "- KEHA-2026: Työllisyys-, kehittämis- ja hallintokeskus\n" in render_markdown(
        matrix, lang="sv"
    )
    english = render_markdown(matrix, lang="en")
    assert "KEHA-2026 (1/3: Lapland)" in english
    assert "- Proposers: Lapland, North Karelia, Uusimaa\n" in english
    assert "KEHA-2026 (1/3: Lappland)" in render_markdown(matrix, lang="sv")


@pytest.mark.parametrize("render", [render_markdown, render_html])
def test_an_unknown_language_is_refused(baseline: Matrix, render: Callable[..., str]) -> None:
    with pytest.raises(ValueError, match="unknown language 'de'"):
        render(baseline, lang="de")


def test_label_gives_each_fixed_text_in_three_languages() -> None:
    assert label("regional") == "Alueellinen koordinaatio"
    assert label("regional", "sv") == "Regional koordinering"
    assert label("minority", "en") == "minority view"
    assert label("proposed_by", "sv") == "föreslogs av"
    assert all(text.sv and text.en for text in LABELS.values())
    with pytest.raises(ValueError, match="unknown language 'de'"):
        label("regional", "de")
    with pytest.raises(KeyError):
        label("no-such-label")
