"""Static HTML for readers with no Jupyter and no network: notebook exports and the forum report.

:func:`export_notebook` runs a notebook in export mode (``ELO_COORD_EXPORT=1``: the workbench's
widgets display as HTML tables and lists, charts as SVG) and writes it as one HTML page that loads
nothing from anywhere: no require.js, MathJax, mermaid, widget manager or web font, and no widget
state. :func:`render_report` writes the forum's report — coverage, the support heatmap, the agenda,
the minority views, the synthesis in the forum's slide format and each region's differences from
the baseline — as one printable page with inline CSS and no scripts.

Both pages are meant to be read offline, years later: everything they show is in the file.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from elo_coord._errors import ElocoordError, FileChangedError
from elo_coord._export import EXPORT_ENV
from elo_coord._io import write_atomic
from elo_coord._labels import LABELS, check_lang
from elo_coord._model import MATRIX_LEVELS, Matrix
from elo_coord._registry import Registry, default_registry
from elo_coord._report import (
    _CSS,
    _build,
    _date,
    _h,
    _h_lines,
    _html_fallbacks,
    _html_questions,
    _html_slide,
    _localized,
)

if TYPE_CHECKING:
    import polars as pl

__all__ = ["export_notebook", "render_report"]


# --- Notebooks -----------------------------------------------------------------------------------

# The lab template with everything it would fetch from the web taken out. SVG outputs (charts) go
# into the page as they are, not as base64 images, so that their text can be found and selected;
# their ids are made unique first (_unique_svg_ids). A widget output (none in export mode, where
# elo_coord's widgets display as HTML) shows its plain-text form: with no widget state and no
# widget manager there is nothing else to show.
_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block data_svg scoped -%}
<div class="jp-RenderedSVG jp-OutputArea-output {{ extra_class }}" data-mime-type="image/svg+xml">
{{ output.data['image/svg+xml'] }}
</div>
{%- endblock data_svg -%}
{%- block data_widget_view scoped -%}
{%- if 'text/plain' in output.data -%}
<div class="jp-RenderedText jp-OutputArea-output {{ extra_class }}" data-mime-type="text/plain">
<pre>{{ output.data['text/plain'] | escape_html }}</pre>
</div>
{%- endif -%}
{%- endblock data_widget_view -%}
"""
_TEMPLATE_NAME = "elo_offline.html.j2"


def export_notebook(
    notebook: str | Path,
    out: str | Path,
    *,
    timeout: float = 120,
    expected: str | None = None,
) -> str:
    """Run ``notebook`` in export mode and write it to ``out`` as one self-contained HTML page.

    The notebook runs top to bottom in a fresh kernel, in its own folder (so its relative paths
    work), with ``ELO_COORD_EXPORT=1`` set for the kernel: the workbench's widgets display as HTML
    tables and lists, and charts drawn after :func:`elo_coord.charts.enable_renderer` as SVG, which
    goes into the page as it is (each chart's ids made its own), so its text can be searched.
    Output captured by ``Output`` widgets goes to the cell's own outputs. The widget state
    is dropped, and the page is converted with nbconvert's ``lab`` template less everything that
    loads from the web (require.js, MathJax, mermaid, the widget manager); its CSS is inline.
    The notebook file itself is not changed.

    Parameters
    ----------
    notebook
        The ``.ipynb`` file.
    out
        The HTML file to write, atomically.
    timeout
        The longest, in seconds, any one cell may run; a finite limit, since nbclient can wait
        for ever on a kernel that stopped answering.
    expected
        What ``out`` holds now, to replace it; ``None`` when it must not exist. Checked before
        the notebook runs and again when writing.

    Returns
    -------
    str
        The page.

    Raises
    ------
    FileChangedError
        ``out`` does not hold ``expected`` (exists, when ``expected`` is ``None``).
    ElocoordError
        The notebook cannot be read, a cell fails or runs longer than ``timeout``, or the page
        would load something from the network (a chart not drawn as SVG, an image on the web).
        Nothing is written.

    Examples
    --------
    What ``elo-coord export notebooks/forum.ipynb --out forum.html`` does (it takes a kernel and
    some seconds, so it is not run here)::

        page = export_notebook("notebooks/forum.ipynb", "forum.html")
        assert '<table class="elo-grid">' in page and "<script src=" not in page
    """
    notebook, out = Path(notebook), Path(out)
    _check_replaceable(out, expected)
    nb = _read_notebook(notebook)
    _execute(nb, notebook, timeout)
    nb.metadata.pop("widgets", None)
    _unique_svg_ids(nb)
    page = _to_html(nb, notebook)
    remote = _remote_resources(page)
    if remote:
        raise ElocoordError(
            f"{notebook}: the page would load {remote[0]} from the network"
            + (f" (and {len(remote) - 1} more)" if len(remote) > 1 else "")
            + "; nothing was written — show charts with elo_coord.charts.enable_renderer()"
            " and keep images in the notebook"
        )
    write_atomic(out, page, expected=expected)
    return page


def _check_replaceable(out: Path, expected: str | None) -> None:
    """Refuse early, before a notebook runs for nothing, what :func:`write_atomic` would refuse."""
    try:
        current: str | None = out.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = None
    if current != expected:
        what = "exists already" if current is not None else "was removed since it was read"
        if current is not None and expected is not None:
            what = "changed on disk since it was read"
        raise FileChangedError(f"{out}: {what}; nothing was written")


def _read_notebook(path: Path) -> Any:
    import nbformat

    try:
        return nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    except FileNotFoundError:
        raise ElocoordError(f"{path}: no such notebook") from None
    except (OSError, ValueError) as error:  # nbformat's read errors are ValueErrors
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ElocoordError(f"{path}: not a notebook that can be read: {first}") from None


def _execute(nb: Any, path: Path, timeout: float) -> None:
    """Run ``nb`` in a fresh kernel in ``path``'s folder, in export mode."""
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    client = NotebookClient(
        nb,
        timeout=timeout,
        startup_timeout=max(60, timeout),
        kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
        # The widget state is dropped anyway, and nbclient's stand-in for the Output widget is
        # what makes it wait for the whole timeout on big outputs (nbclient#312): without it,
        # what a cell shows inside an Output widget becomes an output of the cell itself.
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    client.comm_open_handlers = {"jupyter.widget": lambda _message: None}
    try:
        client.execute(env={**os.environ, EXPORT_ENV: "1"})
    except CellTimeoutError:
        raise ElocoordError(
            f"{path}: a cell ran longer than {timeout:g} s; nothing was written"
            " — give it more time (--timeout) or make it faster"
        ) from None
    except CellExecutionError as error:
        raise ElocoordError(
            f"{path}: cell {_failed_cell(nb)} failed with {error.ename}: "
            f"{_first_line(error.evalue)}; nothing was written"
        ) from None
    except DeadKernelError:
        raise ElocoordError(f"{path}: the kernel died; nothing was written") from None
    except NoSuchKernel as error:
        raise ElocoordError(
            f"{path}: no kernel named {error.args[0] if error.args else '?'!r} is installed"
            " — install ipykernel, or set the notebook's kernel"
        ) from None
    except RuntimeError as error:  # e.g. the kernel did not start
        raise ElocoordError(
            f"{path}: could not run the notebook: {_first_line(str(error))}"
        ) from None


def _failed_cell(nb: Any) -> str:
    """Return the number (from 1, counting every cell) of the first cell with an error output."""
    for number, cell in enumerate(nb.cells, start=1):
        if any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            return str(number)
    return "?"


def _first_line(text: str) -> str:
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0] if lines else ""


_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_SVG_PROLOG = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^>]*>\s*)?", re.IGNORECASE)
_SVG_ID = re.compile(r"""(\bid=["']|url\(\s*["']?#|href=["']#)([^"')\s]+)""")


def _unique_svg_ids(nb: Any) -> None:
    """Give the ids inside each SVG of ``nb``'s outputs a prefix of their own, in place.

    vl-convert names a chart's clip paths and gradients alike in every chart (``clip1``,
    ``gradient_0``); inline in one page, the second chart's ``url(#clip1)`` would find the first
    chart's. SVG outputs also lose their XML prolog, which has no place inside HTML.
    """
    number = 0

    def unique(svg: str) -> str:
        nonlocal number
        number += 1
        ids = set(re.findall(r"""\bid=["']([^"']+)["']""", svg))
        prefix = f"elo-svg{number}-"
        return _SVG_ID.sub(lambda m: m[1] + prefix + m[2] if m[2] in ids else m[0], svg)

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if isinstance(data.get("image/svg+xml"), str):
                data["image/svg+xml"] = unique(_SVG_PROLOG.sub("", data["image/svg+xml"]))
            if isinstance(data.get("text/html"), str) and "<svg" in data["text/html"]:
                data["text/html"] = _SVG.sub(lambda m: unique(m[0]), data["text/html"])


def _to_html(nb: Any, path: Path) -> str:
    import jinja2
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(  # type: ignore[no-untyped-call]
        template_name="lab",
        template_file=_TEMPLATE_NAME,
        extra_loaders=[jinja2.DictLoader({_TEMPLATE_NAME: _TEMPLATE})],
        embed_images=True,  # images a Markdown cell takes from the notebook's folder
    )
    resources = {"metadata": {"name": path.stem, "path": str(path.parent.resolve())}}
    page, _ = exporter.from_notebook_node(nb, resources=resources)
    return str(page)


_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""(?:url\(\s*|@import\s+)["']?([^"')\s]+)""", re.IGNORECASE)
# Tags whose src, href or data attribute the browser loads by itself. Other links (<a href>) are
# followed only when a reader clicks them, which is fine.
_LOADING = {
    "audio",
    "embed",
    "frame",
    "iframe",
    "image",
    "img",
    "input",
    "link",
    "object",
    "script",
    "source",
    "track",
    "use",
    "video",
}
_LOADED = {"src", "href", "xlink:href", "data", "srcset", "poster"}


class _Resources(html.parser.HTMLParser):
    """Collect every address a page would load by itself: tag attributes and CSS ``url()``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if tag in _LOADING and name in _LOADED:
                self.found += [part.split()[0] for part in value.split(",") if part.split()]
            elif name == "style":
                self.found += _CSS_URL.findall(value)
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found += _CSS_URL.findall(data)


def _remote_resources(page: str) -> list[str]:
    """Return the addresses on other hosts that ``page`` would load by itself, in page order.

    Examples
    --------
    >>> _remote_resources('<img src="data:,x"><a href="https://x.fi">x</a><script src="//cdn/x">')
    ['//cdn/x']
    """
    parser = _Resources()
    parser.feed(page)
    parser.close()
    return [address for address in parser.found if _REMOTE.match(address)]


# --- The forum report ----------------------------------------------------------------------------


def render_report(
    proposals: Iterable[Matrix],
    baseline: Matrix | None,
    *,
    lang: str = "fi",
    registry: Registry | None = None,
    consensus: float = 2 / 3,
    minority: float = 1 / 3,
    date: dt.date | None = None,
) -> str:
    """Render the forum's report on the proposals as one self-contained, printable HTML page.

    The page holds, in order: the title, the date and a prominent notice when any proposal is
    illustrative; the coverage (``13/18 aluetta vastasi: …``) with the regions that did not answer;
    the support heatmap as inline SVG; the agenda — the contested cells, each with its row, level,
    body, ``n/total`` and the regions that name it; the minority views, region by region; the
    synthesis in the forum's slide format, with provenance and its open questions; each answer's
    differences from the baseline (bodies added, removed or given another role, row by row); and
    the bodies' full names. In print each part and each slide takes a page of its own.

    Fixed texts are in ``lang``; names of regions and bodies and the strategy's texts come from
    the registry in ``lang``, in Finnish where it lacks them — then followed by a ``*`` (``<span
    class="fallback">``) that a footnote explains. Every text from data is escaped. The page has no
    scripts and loads nothing.

    Parameters
    ----------
    proposals
        The regions' proposals, all for one strategy; declined ones count in the coverage only.
    baseline
        The matrix the proposals answer, or ``None``: then the heatmap has no baseline lines and the
        differences are left out.
    lang
        ``fi`` (default), ``sv`` or ``en``.
    registry
        Names, regions asked and the strategy; the shipped registry by default.
    consensus, minority
        A body is agreed (enters the synthesis) at or above ``consensus`` of the regions that
        answered its row, a minority view at or below ``minority``, contested between.
    date
        The date the report states; today by default.

    Raises
    ------
    ValueError
        ``lang`` is not ``fi``, ``sv`` or ``en``; no proposal answered; or the proposals are for
        different strategies.

    Examples
    --------
    >>> import elo_coord
    >>> proposals = elo_coord.load_matrices("matrices/proposals")
    >>> baseline = elo_coord.load_matrix("matrices/baseline/tno-2022.yaml")
    >>> page = render_report(proposals, baseline, lang="en", date=dt.date(2026, 11, 23))
    >>> print(page[page.index('<p class="coverage">') :].splitlines()[0])
    ... # doctest: +NORMALIZE_WHITESPACE
    <p class="coverage"><strong>13/18 regions answered: 4 through their coordinator, 7 as a
    group, 2 in joint answers; 0 declined, 5 missing</strong></p>
    >>> "<script" in page, page.count('<section class="slide"')
    (False, 12)
    """
    from elo_coord._comparison import Comparison
    from elo_coord.charts import render_svg, support_heatmap

    check_lang(lang)
    registry = default_registry() if registry is None else registry
    proposals = list(proposals)
    forum = Comparison(
        proposals, baseline, registry=registry, consensus=consensus, minority=minority
    )
    answered = list(forum.answered)
    synthesis = forum.synthesis_as(lang=check_lang(lang))
    lines = forum.support
    views = forum.minority_views
    changes = forum.changes if baseline is not None else None
    names = _Names(registry, lang)
    text = names.text
    chart = support_heatmap(lines, registry=registry, lang=lang)

    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_h(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(text('report_title'))}</title>",
        f"<style>\n{_CSS}{_REPORT_CSS}</style>",
        "</head>",
        '<body class="forum-report">',
    ]
    sections = [
        [
            '<section class="part" id="support">',
            f"<h2>{_h(text('support'))}</h2>",
            f'<figure class="heatmap">{render_svg(chart)}</figure>',
            "</section>",
        ],
        _agenda(names, lines, consensus, minority),
        _views(names, views, consensus, minority),
        *_synthesis(names, synthesis),
        _changes(names, answered, changes),
        _legend(names, lines, changes),
    ]
    parts += _title_block(
        names, proposals, baseline, synthesis, date or dt.date.today(), consensus, minority
    )
    parts += _coverage_block(names, forum.coverage)
    parts += _contents(names, sections)
    parts.append("</header>")
    for section in sections:
        parts += section
    parts += ["</body>", "</html>"]
    return _html_fallbacks("\n".join(parts) + "\n", lang)


class _Names:
    """Fixed texts and registry names in the report's language, fallbacks marked."""

    def __init__(self, registry: Registry, lang: str) -> None:
        self.registry = registry
        self.lang = lang
        self.region_rank = {region_id: i for i, region_id in enumerate(registry.regions)}

    def text(self, key: str) -> str:
        return LABELS[key].text(self.lang)

    def region(self, region_id: str) -> str:
        region = self.registry.regions.get(region_id)
        return _localized(region.names, self.lang, mark=True) if region else region_id

    def regions(self, region_ids: Iterable[str]) -> str:
        return ", ".join(self.region(region_id) for region_id in dict.fromkeys(region_ids))

    def answer(self, matrix: Matrix) -> str:
        """Name an answer by its regions (``Pohjanmaa + Keski-Pohjanmaa``), else by its id."""
        return " + ".join(self.region(r) for r in matrix.proposers) or matrix.id

    def answer_rank(self, matrix: Matrix) -> tuple[int, str]:
        first = matrix.proposers[0] if matrix.proposers else ""
        return self.region_rank.get(first, len(self.region_rank)), matrix.id

    def percent(self, share: float) -> str:
        number = f"{share * 100:.0f}"
        return f"{number}%" if self.lang == "en" else f"{number}\u00a0%"


def _title_block(
    names: _Names,
    proposals: Sequence[Matrix],
    baseline: Matrix | None,
    synthesis: Matrix,
    day: dt.date,
    consensus: float,
    minority: float,
) -> list[str]:
    text = names.text
    parts = ['<header class="title-block">', f"<h1>{_h(text('report_title'))}</h1>"]
    illustrative = sum(p.illustrative for p in proposals)
    if illustrative or (baseline is not None and baseline.illustrative):
        notice = text("report_illustrative").format(n=illustrative, total=len(proposals))
        parts.append(f'<p class="notice">{_h(notice)}</p>')
    strategy = names.registry.strategies.get(synthesis.strategy)
    facts = [
        (text("date"), _h(_date(day, names.lang))),
        (
            text("strategy"),
            _h(_localized(strategy.names, names.lang, mark=True))
            if strategy
            else _h(synthesis.strategy),
        ),
        (text("report_proposals"), str(len(proposals))),
        (
            text("thresholds"),
            f"{_h(names.percent(minority))} · {_h(names.percent(consensus))}",
        ),
    ]
    if baseline is not None:
        facts.insert(2, (text("report_baseline"), _h(baseline.title)))
    parts.append('<dl class="facts">')
    parts += [f"<dt>{_h(name)}</dt><dd>{value}</dd>" for name, value in facts]
    parts.append("</dl>")
    return parts


def _coverage_block(names: _Names, frame: pl.DataFrame) -> list[str]:
    """Return the coverage line, the joint answers and who did not answer."""
    from elo_coord._comparison import coverage_counts

    counts = coverage_counts(frame)
    line = counts.sentence(names.lang)
    parts = [
        f'<h2 id="coverage">{_h(names.text("coverage_heading"))}</h2>',
        f'<p class="coverage"><strong>{_h(line)}</strong></p>',
        '<dl class="facts">',
    ]
    asked = frame.filter(frame.get_column("expected"))
    joint: dict[str, list[str]] = defaultdict(list)
    for region_id, matrix_id, is_joint in (
        asked.filter(asked.get_column("response") == "answered")
        .select("region_id", "matrix_id", "joint")
        .iter_rows()
    ):
        if is_joint:
            joint[matrix_id].append(region_id)
    groups = [
        (names.text("joint_answers"), [" + ".join(map(names.region, r)) for r in joint.values()])
    ]
    for status, key in (("declined", "declined_regions"), ("missing", "missing_regions")):
        regions = asked.filter(asked.get_column("response") == status).get_column("region_id")
        groups.append((names.text(key), [names.region(r) for r in regions]))
    parts += [
        f"<dt>{_h(name)}</dt><dd>{_h(', '.join(items))}</dd>" for name, items in groups if items
    ]
    parts.append("</dl>")
    return parts


_HEADING = re.compile(r'^<section class="[^"]*" id="([^"]+)">$')


def _contents(names: _Names, sections: Sequence[Sequence[str]]) -> list[str]:
    """Return links to the coverage and to each part, by the part's id and ``<h2>``."""
    items = [f'<li><a href="#coverage">{_h(names.text("coverage_heading"))}</a></li>']
    for section in sections:
        found = _HEADING.match(section[0]) if section else None
        if found and section[1].startswith("<h2>"):
            items.append(f'<li><a href="#{found[1]}">{section[1][4:-5]}</a></li>')
    return [
        '<nav class="contents">',
        f"<h2>{_h(names.text('contents'))}</h2>",
        "<ol>",
        *items,
        "</ol>",
        "</nav>",
    ]


def _agenda(names: _Names, lines: pl.DataFrame, consensus: float, minority: float) -> list[str]:
    text = names.text
    intro = text("agenda_intro").format(
        minority=names.percent(minority), consensus=names.percent(consensus)
    )
    parts = [
        '<section class="part" id="agenda">',
        f"<h2>{_h(text('agenda'))}</h2>",
        f'<p class="intro">{_h(intro)}</p>',
    ]
    contested = [line for line in lines.iter_rows(named=True) if line["status"] == "contested"]
    if not contested:
        return [*parts, f"<p>{_h(text('no_agenda'))}</p>", "</section>"]
    head = "".join(
        f"<th>{_h(text(key))}</th>" for key in ("row", "level", "body", "named", "regions")
    )
    parts += ['<table class="agenda">', f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for line in contested:
        parts.append(
            f"<tr><td>{_h(line['row_id'])}</td><td>{_h(text(line['level']))}</td>"
            f"<td><strong>{_h(line['body_id'])}</strong></td>"
            f'<td class="n">{line["n"]}/{line["total"]}</td>'
            f"<td>{_h(names.regions(line['regions']))}</td></tr>"
        )
    parts += ["</tbody>", "</table>", "</section>"]
    return parts


def _views(names: _Names, views: pl.DataFrame, consensus: float, minority: float) -> list[str]:
    text = names.text
    intro = text("views_intro").format(
        minority=names.percent(minority), consensus=names.percent(consensus)
    )
    parts = [
        '<section class="part" id="views">',
        f"<h2>{_h(text('minority_views'))}</h2>",
        f'<p class="intro">{_h(intro)}</p>',
    ]
    by_region: dict[str, list[str]] = defaultdict(list)
    for line in views.iter_rows(named=True):
        item = (
            f"{_h(line['row_id'])} · {_h(text(line['level']))}: {_h(text(line['view']))} "
            f"<strong>{_h(line['body_id'])}</strong> ({line['n']}/{line['total']})"
        )
        for region in line["regions"]:
            by_region[region].append(item)
    if not by_region:
        return [*parts, f"<p>{_h(text('no_views'))}</p>", "</section>"]
    rank = names.region_rank
    for region in sorted(by_region, key=lambda r: (rank.get(r, len(rank)), r)):
        parts += [
            '<div class="region-views">',
            f"<h3>{_h(names.region(region))}</h3>",
            "<ul>",
            *(f"<li>{item}</li>" for item in by_region[region]),
            "</ul>",
            "</div>",
        ]
    parts.append("</section>")
    return parts


def _synthesis(names: _Names, synthesis: Matrix) -> list[list[str]]:
    """Return the synthesis: its introduction, a slide per row, the open questions."""
    report = _build(synthesis, names.registry, names.lang, mark=True)
    parts = [
        '<section class="part" id="synthesis">',
        f"<h2>{_h(names.text('report_synthesis'))}</h2>",
        f"<p><strong>{_h(synthesis.title)}</strong></p>",
    ]
    if synthesis.note:
        parts.append(f'<p class="note"><small>{_h_lines(synthesis.note)}</small></p>')
    parts.append("</section>")
    questions = _html_questions(report)
    if questions:
        questions[0] = questions[0].replace(">", ' id="questions">', 1)
    return [parts, *(_html_slide(slide) for slide in report.slides), questions]


# Body changes in a region's block: the change, the column it goes in and the mark before it.
_BODY_CHANGES = {"body_added": "+", "body_removed": "−", "role_changed": "↕"}


def _changes(names: _Names, answers: Sequence[Matrix], changes: pl.DataFrame | None) -> list[str]:
    from elo_coord._diff import summarize

    text = names.text
    parts = ['<section class="part" id="changes">', f"<h2>{_h(text('chart_changes'))}</h2>"]
    if changes is None:
        return [*parts, f"<p>{_h(text('no_baseline'))}</p>", "</section>"]
    marks = " · ".join(f"{mark} {_h(text(change))}" for change, mark in _BODY_CHANGES.items())
    parts.append(f'<p class="intro">{marks}</p>')
    counts: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for matrix_id, change, n in summarize(changes).iter_rows():
        counts[matrix_id].append((change, n))
    for answer in sorted(answers, key=names.answer_rank):
        mine = changes.filter(changes.get_column("matrix_id") == answer.id)
        parts += [
            '<div class="region-changes">',
            f"<h3>{_h(names.answer(answer))}</h3>",
            f'<p class="proposal-title"><small>{_h(answer.title)}</small></p>',
        ]
        summary = ", ".join(
            f"{n} {_change_name(names, change)}" for change, n in counts.get(answer.id, [])
        )
        parts.append(
            f'<p class="summary"><small>{_h(text("all_changes"))}: {_h(summary or "0")}</small></p>'
        )
        parts += _body_changes(names, mine)
        parts.append("</div>")
    parts.append("</section>")
    return parts


def _change_name(names: _Names, change: str) -> str:
    return names.text(change) if change in LABELS else change


def _body_changes(names: _Names, changes: pl.DataFrame) -> list[str]:
    """Return a region's bodies added, removed and given another role: a table line per row.

    A cell reads ``+ ohjaamot; − KEHA, kunnat; ↕ ELY: kumppani → vastuutaho``.
    """
    cells: dict[tuple[str, str], dict[str, list[str]]] = {}
    for line in changes.iter_rows(named=True):
        change = line["change"]
        if change not in _BODY_CHANGES:
            continue
        cell = cells.setdefault((line["row_id"], line["level"]), defaultdict(list))
        what = _h(line["body_id"])
        if change == "role_changed":
            old, new = _role(names, line["role_old"]), _role(names, line["role_new"])
            what += f": {_h(old)} → {_h(new)}"
        cell[change].append(what)
    if not cells:
        return [f"<p>{_h(names.text('no_body_changes'))}</p>"]
    levels = [level.value for level in MATRIX_LEVELS]
    head = "".join(f"<th>{_h(names.text(key))}</th>" for key in ("row", *levels))
    parts = ['<table class="changes">', f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for row_id in dict.fromkeys(row_id for row_id, _ in cells):
        columns = []
        for level in levels:
            cell = cells.get((row_id, level), {})
            pieces = [
                f'<span class="{change}">{mark}\u00a0{", ".join(cell[change])}</span>'
                for change, mark in _BODY_CHANGES.items()
                if cell.get(change)
            ]
            columns.append(f"<td>{'; '.join(pieces)}</td>")
        parts.append(f"<tr><th>{_h(row_id)}</th>{''.join(columns)}</tr>")
    parts += ["</tbody>", "</table>"]
    return parts


def _role(names: _Names, role: str | None) -> str:
    """Return a diff's ``role_old`` or ``role_new`` in the report's language."""
    return names.text(role) if role is not None else "–"


def _legend(names: _Names, lines: pl.DataFrame, changes: pl.DataFrame | None) -> list[str]:
    """Return the bodies named anywhere in the report with their full names."""
    named = set(lines.get_column("body_id").to_list())
    if changes is not None:
        named |= set(changes.get_column("body_id").drop_nulls().to_list())
    bodies: Mapping[str, Any] = names.registry.bodies
    rank = {body_id: i for i, body_id in enumerate(bodies)}
    entries = [
        (body_id, _localized(bodies[body_id].names, names.lang, mark=True))
        for body_id in sorted(named, key=lambda b: (rank.get(b, len(rank)), b))
        if body_id in bodies
        and bodies[body_id].names.text(names.lang).casefold() != body_id.casefold()
    ]
    if not entries:
        return []
    parts = ['<section class="legend" id="bodies">', f"<h2>{_h(names.text('bodies'))}</h2>", "<dl>"]
    parts += [f"<dt>{_h(body)}</dt><dd>{_h(name)}</dd>" for body, name in entries]
    parts += ["</dl>", "</section>"]
    return parts


_REPORT_CSS = """\
.part { border: 1px solid #c8d0d8; border-radius: .5rem; padding: 1.25rem 1.5rem;
  margin: 0 0 1.5rem; }
.title-block h2 { font-size: 1.1rem; margin: 1.25rem 0 .5rem; }
.coverage { font-size: 1.05rem; }
.contents { margin: 1.25rem 0 0; }
.contents h2 { font-size: 1rem; margin: 0 0 .25rem; }
.contents ol { margin: 0; columns: 2; }
.intro { color: #5a6470; }
.heatmap { margin: 0; overflow-x: auto; }
.heatmap svg { width: 100%; max-width: 60rem; height: auto; }
.heatmap figcaption { margin-top: .5rem; }
table.agenda, table.changes { border-collapse: collapse; width: 100%; font-size: .9rem; }
.agenda th, .agenda td, .changes th, .changes td { text-align: left; vertical-align: top;
  padding: .25rem .5rem; border-bottom: 1px solid #e1e6eb; }
.agenda thead th, .changes thead th { border-bottom: 2px solid #002957; }
.agenda .n { white-space: nowrap; text-align: right; }
.region-views h3, .region-changes h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
.region-views ul { margin: 0; }
.region-changes { break-inside: avoid; }
.proposal-title, .summary { margin: 0 0 .25rem; color: #5a6470; }
.changes tbody th { font-weight: 400; white-space: nowrap; width: 4rem; }
.changes td { width: 48%; }
.body_added { color: #1a6e2e; }
.body_removed { color: #a50f15; }
.role_changed { color: #8a5a00; }
.agenda td:nth-child(3) { white-space: nowrap; }
@media print {
  .part { border: none; padding: 0; margin: 0; break-after: page; }
  .contents { display: none; }
  .heatmap { overflow: visible; }
  .heatmap svg { width: 100%; height: 15cm; max-width: none; }
  thead { display: table-header-group; }
}
"""
