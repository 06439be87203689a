r"""Markdown and HTML reports of a matrix, in the TNO forum's own slide format.

One slide per row, as the forum of 25.3.2022 showed its summary: the theme as a small header, the
goal and the means, then national and regional coordination — the bodies as the slides write them
(``OKM, TEM, OPH, JOTPA, KEHA``), the lead marked *vastuutaho* — each with its tasks; the row's
quotes and note below. In a synthesis every body and task carries its provenance, ``2/3: Lappi,
Uusimaa`` (how many of the proposers named it, and which), and the report ends with the open
questions. A legend names the bodies in full.

The fixed texts are in :data:`LABELS`, in Finnish (the default), Swedish and English; texts from the
registry (themes, goals, means, region and body names) are in the chosen language where known, else
in Finnish — in HTML visibly so: such a text is followed by a ``*`` in ``<span class="fallback">``
whose title says why, and a footnote at the end of the page explains the mark. Texts of the matrix
itself (tasks, quotes, notes) stay as written.

Every text that comes from data is escaped — :func:`html.escape` in HTML, :func:`escape_markdown`
in Markdown — so a task written as ``<script>`` or ``*tärkeä*`` shows as written and does nothing.
The HTML is one self-contained document: inline CSS, no scripts, no external resources, and each
slide prints on a page of its own.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from elo_coord._labels import LABELS, check_lang
from elo_coord._model import (
    MATRIX_LEVELS,
    Assignment,
    Kind,
    Localized,
    Matrix,
    Role,
    Row,
    StrategyRow,
    Task,
)
from elo_coord._registry import Registry, default_registry

__all__ = ["escape_markdown", "render_html", "render_markdown"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#&~|])")
_MD_LINE_START = re.compile(r"^(?:[-+=]|\d+[.)])")


def escape_markdown(text: str) -> str:
    r"""Escape ``text`` so that Markdown shows it as written, line by line.

    A backslash goes before ``\`` ``\``` ``*`` ``_`` ``[`` ``]`` ``<`` ``>`` ``#`` ``&`` ``~`` and
    ``|`` wherever they are (emphasis, code, links, raw HTML, entities, headings, tables), and
    before what would start a list item or underline a heading at the start of a line (``-``,
    ``+``, ``=``, ``1.``, ``1)``). Spaces around each line are dropped, so that no line becomes
    code by its indentation. Nothing else changes: the text stays readable as plain text.

    Examples
    --------
    >>> print(escape_markdown("*tärkeä* <b> & [linkki](x)"))
    \*tärkeä\* \<b\> \& \[linkki\](x)
    >>> print(escape_markdown("- ei lista\n2. ei numero\nTE-24 –uudistus"))
    \- ei lista
    2\. ei numero
    TE-24 –uudistus
    """
    return "\n".join(_escape_line(line) for line in text.splitlines() or [""])


def _escape_line(line: str, *, at_start: bool = True) -> str:
    """Escape one line; ``at_start=False`` when Markdown of ours precedes it on its line."""
    line = _MD_SPECIAL.sub(r"\\\1", line.strip())
    start = _MD_LINE_START.match(line) if at_start else None
    if start:
        mark = start.group()
        line = mark[:-1] + "\\" + mark[-1] + line[len(mark) :]
    return line


def render_markdown(matrix: Matrix, *, registry: Registry | None = None, lang: str = "fi") -> str:
    r"""Render ``matrix`` as Markdown in the forum's slide format, one ``##`` section per row.

    Parameters
    ----------
    matrix
        Any matrix: baseline, proposal or synthesis.
    registry
        Where theme, goal, means, region and body names are looked up; the shipped registry by
        default. Ids the registry lacks are shown as they are, and a row the strategy lacks is
        marked "(ei strategiassa)".
    lang
        ``fi`` (default), ``sv`` or ``en`` for the fixed texts and the registry's names.

    Raises
    ------
    ValueError
        ``lang`` is not ``fi``, ``sv`` or ``en``.

    Examples
    --------
    >>> import elo_coord
    >>> baseline = elo_coord.load_matrix("matrices/baseline/tno-2022.yaml")
    >>> text = render_markdown(baseline)
    >>> print(text[: text.index("\n\n")])
    # TNO-foorumi 25.3.2022: koordinaation yhteenveto alueiden vastauksista
    >>> print(text[text.index("## T1.1a") :].split("\n\n")[3])
    ### Valtakunnallinen koordinaatio: OKM, TEM, OPH, JOTPA, KEHA
    >>> "### Regional coordination: ELY, AVI, kunnat, TE-toimistot" in render_markdown(
    ...     baseline, lang="en"
    ... )
    True
    """
    report = _build(matrix, registry, lang)
    blocks = [f"# {_md_inline(report.title)}"]
    blocks.append("\n".join(f"- {name}: {_md_inline(value)}" for name, value in report.facts))
    blocks += [f"**{name}**" for name in report.notices]
    if report.note:
        blocks.append(f"*{_md(report.note)}*")
    for slide in report.slides:
        blocks += _md_slide(slide)
    if report.questions:
        blocks.append(f"## {report.questions_heading}")
        for row_id, items in report.questions:
            blocks.append(f"### {_md_inline(row_id)}")
            blocks.append("\n".join(_md_question(item) for item in items))
    if report.legend:
        blocks.append(f"## {report.legend_heading}")
        blocks.append(
            "\n".join(f"- {_md_inline(body)}: {_md_inline(name)}" for body, name in report.legend)
        )
    return "\n\n".join(blocks) + "\n"


def render_html(matrix: Matrix, *, registry: Registry | None = None, lang: str = "fi") -> str:
    """Render ``matrix`` as one self-contained HTML document, one slide ``<section>`` per row.

    The document has no scripts and loads nothing: the CSS is inline, and in print each slide
    takes a page of its own. The lead is ``<strong>`` and marked *vastuutaho*; every text from the
    matrix and the registry is escaped. A registry text shown in Finnish for want of one in
    ``lang`` is followed by a ``*`` (``<span class="fallback">``), explained in a footnote.
    Parameters as for :func:`render_markdown`.

    Raises
    ------
    ValueError
        ``lang`` is not ``fi``, ``sv`` or ``en``.

    Examples
    --------
    >>> import elo_coord
    >>> baseline = elo_coord.load_matrix("matrices/baseline/tno-2022.yaml")
    >>> page = render_html(baseline, lang="sv")
    >>> page.startswith("<!DOCTYPE html>"), page.count('<section class="slide"')
    (True, 12)
    >>> "<h3>Nationell koordinering: OKM, TEM, OPH, JOTPA, KEHA</h3>" in page
    True
    >>> page.count('<span class="fallback"') > 0  # no theme or goal has a Swedish text
    True
    """
    report = _build(matrix, registry, lang, mark=True)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_h(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h_inline(report.title)}</title>",
        f"<style>\n{_CSS}</style>",
        "</head>",
        "<body>",
        '<header class="title-block">',
        f"<h1>{_h_inline(report.title)}</h1>",
        '<dl class="facts">',
    ]
    parts += [f"<dt>{_h(name)}</dt><dd>{_h_lines(value)}</dd>" for name, value in report.facts]
    parts.append("</dl>")
    parts += [f'<p class="notice">{_h(notice)}</p>' for notice in report.notices]
    if report.note:
        parts.append(f'<p class="note"><small>{_h_lines(report.note)}</small></p>')
    parts.append("</header>")
    for slide in report.slides:
        parts += _html_slide(slide)
    parts += _html_questions(report)
    parts += _html_legend(report)
    parts += ["</body>", "</html>"]
    return _html_fallbacks("\n".join(parts) + "\n", lang)


# --- What a report says, before it is written out as Markdown or HTML ----------------------------


@dataclass(frozen=True)
class _Body:
    id: str
    lead: bool
    detail: str
    """What goes in parentheses after the id: the lead word and the provenance, or ``""``."""


@dataclass(frozen=True)
class _Task:
    text: str
    bodies: str
    """The bodies that do the task, when the matrix names them, or ``""``."""
    detail: str
    """The provenance, or ``""``."""


@dataclass(frozen=True)
class _Level:
    heading: str
    bodies: tuple[_Body, ...]
    nobody: str
    tasks_heading: str
    tasks: tuple[_Task, ...]


@dataclass(frozen=True)
class _Slide:
    row: str
    theme: str
    goal: tuple[str, str] | None
    means: tuple[str, str] | None
    levels: tuple[_Level, ...]
    quote_label: str
    quotes: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class _QuestionItem:
    status: str
    css: str
    level: str
    body: str | None
    proposed: str
    note: str | None


@dataclass(frozen=True)
class _Report:
    title: str
    facts: tuple[tuple[str, str], ...]
    notices: tuple[str, ...]
    note: str | None
    slides: tuple[_Slide, ...]
    questions_heading: str
    questions: tuple[tuple[str, tuple[_QuestionItem, ...]], ...]
    legend_heading: str
    legend: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Context:
    matrix: Matrix
    registry: Registry
    lang: str
    total: int | None
    """How many regions proposed the matrix: the denominator of provenance counts."""
    places: Mapping[str, StrategyRow]
    """The strategy's rows by id (empty when the registry lacks the strategy)."""
    mark: bool = False
    """Whether registry texts shown in Finnish for want of ``lang`` carry :data:`_FALLBACK`."""

    def text(self, key: str) -> str:
        return LABELS[key].text(self.lang)

    def name(self, text: Localized) -> str:
        """Return a registry text in the report's language, marked if it falls back to Finnish."""
        return _localized(text, self.lang, mark=self.mark)

    def region(self, region_id: str) -> str:
        region = self.registry.regions.get(region_id)
        return self.name(region.names) if region is not None else region_id

    def count(self, regions: Sequence[str]) -> str:
        n = len(dict.fromkeys(regions))
        return f"{n}/{self.total}" if self.total else str(n)

    def provenance(self, regions: Sequence[str]) -> str:
        """Return who proposed something, the shorter way round.

        ``1/3: Lappi`` when a minority named it, ``2/3, paitsi Uusimaa`` when most did (naming
        those who did not), ``3/3`` when all did; ``""`` outside a synthesis when nobody is named.
        """
        if not regions and self.matrix.kind is not Kind.SYNTHESIS:
            return ""
        named = list(dict.fromkeys(regions))
        others = [r for r in self.matrix.proposers if r not in named]
        if self.total and 2 * len(named) > self.total:
            if not others:
                return self.count(named)
            names = ", ".join(self.region(region) for region in others)
            return f"{self.count(named)}, {self.text('except')} {names}"
        names = ", ".join(self.region(region) for region in named)
        return f"{self.count(named)}: {names}" if names else self.count(named)


def _build(matrix: Matrix, registry: Registry | None, lang: str, *, mark: bool = False) -> _Report:
    """Work out what a report of ``matrix`` says; ``mark`` for HTML (see :data:`_FALLBACK`)."""
    check_lang(lang)
    registry = default_registry() if registry is None else registry
    proposers = len(dict.fromkeys(matrix.proposers))
    strategy = registry.strategies.get(matrix.strategy)
    places = {place.id: place for place in strategy.rows()} if strategy else {}
    ctx = _Context(matrix, registry, lang, proposers or None, places, mark)
    return _Report(
        title=matrix.title,
        facts=_facts(ctx),
        notices=tuple(
            ctx.text(key)
            for key, shown in (("illustrative", matrix.illustrative), ("declined", matrix.declined))
            if shown
        ),
        note=matrix.note,
        slides=tuple(_slide(ctx, row) for row in matrix.rows),
        questions_heading=ctx.text("questions"),
        questions=_questions(ctx),
        legend_heading=ctx.text("bodies"),
        legend=_legend(ctx),
    )


def _facts(ctx: _Context) -> tuple[tuple[str, str], ...]:
    matrix = ctx.matrix
    strategy = ctx.registry.strategies.get(matrix.strategy)
    facts = [
        (ctx.text("date"), _date(matrix.date, ctx.lang)),
        (ctx.text("kind"), ctx.text(matrix.kind.value)),
        (ctx.text("strategy"), ctx.name(strategy.names) if strategy else matrix.strategy),
    ]
    if matrix.proposers:
        names = ", ".join(ctx.region(region) for region in dict.fromkeys(matrix.proposers))
        facts.append((ctx.text("proposers"), names))
    if matrix.respondent is not None:
        facts.append((ctx.text("respondent"), ctx.text(matrix.respondent.value)))
    if matrix.source:
        facts.append((ctx.text("source"), matrix.source))
    return tuple(facts)


def _date(day: dt.date, lang: str) -> str:
    # The slides write 25.3.2022, as Finnish and Finland-Swedish do; English gets ISO 8601.
    return day.isoformat() if lang == "en" else f"{day.day}.{day.month}.{day.year}"


def _slide(ctx: _Context, row: Row) -> _Slide:
    place = ctx.places.get(row.row)
    levels = tuple(
        _Level(
            heading=ctx.text(level.value),
            bodies=tuple(_body(ctx, assignment) for assignment in row.cell(level).bodies),
            nobody=ctx.text("nobody"),
            tasks_heading=ctx.text(f"{level.value}_tasks"),
            tasks=tuple(_task(ctx, task) for task in row.cell(level).tasks),
        )
        for level in MATRIX_LEVELS
    )
    if place is None:
        theme, goal, means = f"({ctx.text('not_in_strategy')})", None, None
    else:
        theme = ctx.name(place.theme.names)
        goal = (ctx.text("goal"), ctx.name(place.goal.text))
        means = (ctx.text("means"), ctx.name(place.means.text)) if place.means else None
    return _Slide(
        row=row.row,
        theme=theme,
        goal=goal,
        means=means,
        levels=levels,
        quote_label=ctx.text("quote"),
        quotes=row.quotes,
        note=row.note,
    )


def _body(ctx: _Context, assignment: Assignment) -> _Body:
    lead = assignment.role is Role.LEAD
    words = [ctx.text("lead")] if lead else []
    provenance = ctx.provenance(assignment.regions)
    words += [provenance] if provenance else []
    return _Body(assignment.body, lead, "; ".join(words))


def _task(ctx: _Context, task: Task) -> _Task:
    return _Task(task.text, ", ".join(task.bodies), ctx.provenance(task.regions))


def _questions(ctx: _Context) -> tuple[tuple[str, tuple[_QuestionItem, ...]], ...]:
    matrix = ctx.matrix
    groups: dict[str, list[_QuestionItem]] = {}
    for question in matrix.questions:
        names = ", ".join(ctx.region(region) for region in dict.fromkeys(question.regions))
        proposed = (
            f"{ctx.text('proposed_by')}: {names} ({ctx.count(question.regions)})" if names else ""
        )
        item = _QuestionItem(
            status=ctx.text(question.status.value),
            css=question.status.value,
            level=ctx.text(question.level.value),
            body=question.body,
            proposed=proposed,
            note=question.note,
        )
        groups.setdefault(question.row, []).append(item)
    # Rows in the matrix's order, then the strategy's, then as the questions name them.
    order = {row.row: i for i, row in reversed(list(enumerate(matrix.rows)))}
    for row_id in ctx.places:
        order.setdefault(row_id, len(order))
    ranked = sorted(groups, key=lambda row_id: order.get(row_id, len(order)))
    return tuple((row_id, tuple(groups[row_id])) for row_id in ranked)


def _legend(ctx: _Context) -> tuple[tuple[str, str], ...]:
    named: dict[str, None] = {}
    for row in ctx.matrix.rows:
        for level in MATRIX_LEVELS:
            cell = row.cell(level)
            named.update((assignment.body, None) for assignment in cell.bodies)
            named.update((body, None) for task in cell.tasks for body in task.bodies)
    named.update((q.body, None) for q in ctx.matrix.questions if q.body is not None)
    # A body the registry lacks has no name to give; one named as its id ("kunnat") needs none.
    names = {
        body_id: ctx.registry.bodies[body_id].names
        for body_id in named
        if body_id in ctx.registry.bodies
    }
    return tuple(
        (b, ctx.name(body_names))
        for b, body_names in names.items()
        if body_names.text(ctx.lang).casefold() != b.casefold()
    )


# --- Markdown ------------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _md(text: str, indent: str = "") -> str:
    """Escape ``text`` that follows Markdown of ours on its line, keeping its lines.

    Lines after the first become hard line breaks continued after ``indent``.
    """
    lines = [_escape_line(line, at_start=i > 0) for i, line in enumerate(_lines(text))]
    return ("\\\n" + indent).join(lines)


def _md_inline(text: str) -> str:
    """Escape ``text`` that follows Markdown of ours, onto one line (headings, list entries)."""
    return " ".join(_escape_line(line, at_start=False) for line in _lines(text))


def _md_bodies(level: _Level) -> str:
    if not level.bodies:
        return level.nobody
    return ", ".join(
        _md_inline(body.id) + (f" ({_md_inline(body.detail)})" if body.detail else "")
        for body in level.bodies
    )


def _md_task(task: _Task) -> str:
    text = _md(task.text, "  ")
    if task.detail:
        text += f" ({_md_inline(task.detail)})"
    if task.bodies:
        text += f" — {_md_inline(task.bodies)}"
    return f"- {text}"


def _md_slide(slide: _Slide) -> list[str]:
    blocks = [f"## {_md_inline(slide.row)} · {_md_inline(slide.theme)}"]
    blocks += [f"**{pair[0]}:** {_md(pair[1])}" for pair in (slide.goal, slide.means) if pair]
    for level in slide.levels:
        blocks.append(f"### {level.heading}: {_md_bodies(level)}")
        if level.tasks:
            blocks.append(f"{level.tasks_heading}:")
            blocks.append("\n".join(_md_task(task) for task in level.tasks))
    blocks += [f"> **{slide.quote_label}:** {_md(quote, '> ')}" for quote in slide.quotes]
    if slide.note:
        blocks.append(f"*{_md(slide.note)}*")
    return blocks


def _md_question(item: _QuestionItem) -> str:
    text = f"- {item.status} — {item.level}"
    if item.body:
        text += f": {_md_inline(item.body)}"
    if item.proposed:
        text += f" — {_md_inline(item.proposed)}"
    if item.note:
        text += f"\\\n  {_md(item.note, '  ')}"
    return text


# --- Registry texts in a language, and marking the ones that fall back to Finnish ----------------

_FALLBACK = "\ue000"
"""Follows a registry text shown in Finnish for want of one in the report's language.

A private-use character: :func:`_h` turns it into :data:`_FALLBACK_HTML` after escaping, and
:func:`_html_fallbacks` gives that mark its title and the page its footnote. Only HTML reports
carry it; Markdown shows the Finnish text unmarked.
"""
_FALLBACK_HTML = '<span class="fallback">*</span>'


def _localized(text: Localized, lang: str, *, mark: bool) -> str:
    """Return ``text`` in ``lang``, or in Finnish followed by :data:`_FALLBACK` when ``mark``."""
    shown = text.text(lang)
    return shown + _FALLBACK if mark and getattr(text, lang) is None else shown


def _html_fallbacks(page: str, lang: str) -> str:
    """Give each fallback mark of ``page`` its title, and the page a footnote if it has any."""
    if _FALLBACK_HTML not in page:
        return page
    title = _h(LABELS["fallback"].text(lang))
    note = (
        f'<p class="fallback-note"><small>{_FALLBACK_HTML} '
        f"{_h(LABELS['fallback_note'].text(lang))}</small></p>\n"
    )
    end = page.rindex("</body>")
    page = page[:end] + note + page[end:]
    return page.replace(_FALLBACK_HTML, f'<span class="fallback" title="{title}">*</span>')


# --- HTML ----------------------------------------------------------------------------------------


def _h(text: str) -> str:
    """Escape ``text`` for HTML; a :data:`_FALLBACK` in it becomes the fallback mark."""
    return html.escape(text, quote=True).replace(_FALLBACK, _FALLBACK_HTML)


def _h_lines(text: str) -> str:
    """Escape ``text``, keeping its lines as ``<br>``."""
    return "<br>".join(_h(line) for line in _lines(text))


def _h_inline(text: str) -> str:
    return _h(" ".join(_lines(text)))


def _html_bodies(level: _Level) -> str:
    if not level.bodies:
        return _h(level.nobody)
    pieces = []
    for body in level.bodies:
        piece = f"<strong>{_h(body.id)}</strong>" if body.lead else _h(body.id)
        pieces.append(piece + (f" ({_h(body.detail)})" if body.detail else ""))
    return ", ".join(pieces)


def _html_task(task: _Task) -> str:
    text = _h_lines(task.text)
    if task.detail:
        text += f' <span class="provenance">({_h(task.detail)})</span>'
    if task.bodies:
        text += f' <span class="task-bodies">— {_h(task.bodies)}</span>'
    return f"<li>{text}</li>"


def _html_slide(slide: _Slide) -> list[str]:
    parts = [
        f'<section class="slide" id="row-{_h(slide.row)}">',
        f'<h2 class="theme"><span class="row-id">{_h(slide.row)}</span> {_h(slide.theme)}</h2>',
    ]
    for css, pair in (("goal", slide.goal), ("means", slide.means)):
        if pair is not None:
            name, text = pair
            parts.append(
                f'<div class="{css}"><span class="label">{_h(name)}</span>'
                f"<p>{_h_lines(text)}</p></div>"
            )
    parts.append('<div class="levels">')
    for level in slide.levels:
        parts += ['<div class="level">', f"<h3>{_h(level.heading)}: {_html_bodies(level)}</h3>"]
        if level.tasks:
            parts += [f"<h4>{_h(level.tasks_heading)}</h4>", '<ul class="tasks">']
            parts += [_html_task(task) for task in level.tasks]
            parts.append("</ul>")
        parts.append("</div>")
    parts.append("</div>")
    for quote in slide.quotes:
        parts.append(
            f'<figure class="quote"><figcaption>{_h(slide.quote_label)}</figcaption>'
            f"<blockquote><p>{_h_lines(quote)}</p></blockquote></figure>"
        )
    if slide.note:
        parts.append(f'<p class="note"><small>{_h_lines(slide.note)}</small></p>')
    parts.append("</section>")
    return parts


def _html_questions(report: _Report) -> list[str]:
    """Return the section of open questions, by row (nothing when there are none)."""
    if not report.questions:
        return []
    parts = ['<section class="questions">', f"<h2>{_h(report.questions_heading)}</h2>"]
    for row_id, items in report.questions:
        parts += [f"<h3>{_h(row_id)}</h3>", "<ul>"]
        parts += [_html_question(item) for item in items]
        parts.append("</ul>")
    parts.append("</section>")
    return parts


def _html_legend(report: _Report) -> list[str]:
    """Return the section naming the bodies in full (nothing when no body needs a name)."""
    if not report.legend:
        return []
    parts = ['<section class="legend">', f"<h2>{_h(report.legend_heading)}</h2>", "<dl>"]
    parts += [f"<dt>{_h(body)}</dt><dd>{_h(name)}</dd>" for body, name in report.legend]
    parts += ["</dl>", "</section>"]
    return parts


def _html_question(item: _QuestionItem) -> str:
    text = f'<span class="status {_h(item.css)}">{_h(item.status)}</span> — {_h(item.level)}'
    if item.body:
        text += f": <strong>{_h(item.body)}</strong>"
    if item.proposed:
        text += f" — {_h(item.proposed)}"
    if item.note:
        text += f'<div class="note"><small>{_h_lines(item.note)}</small></div>'
    return f"<li>{text}</li>"


_CSS = """\
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b;
  line-height: 1.4; max-width: 64rem; margin: 0 auto; padding: 1.5rem; }
.title-block, .slide, .questions, .legend { border: 1px solid #c8d0d8; border-radius: .5rem;
  padding: 1.25rem 1.5rem; margin: 0 0 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
.notice { font-weight: 700; color: #8a1c1c; border: 1px dashed #8a1c1c; padding: .5rem .75rem; }
.theme { font-size: .95rem; font-weight: 600; color: #002957; margin: 0 0 .75rem; }
.row-id { color: #5a6470; font-weight: 400; margin-right: .5em; }
.label, h4, figcaption { display: block; font-size: .75rem; font-weight: 600; color: #5a6470;
  text-transform: uppercase; letter-spacing: .05em; margin: 0 0 .25rem; }
.goal, .means { padding: .75rem 1rem; margin: 0 0 .75rem; border-radius: .25rem; }
.goal { background: #e8eef5; font-size: 1.1rem; font-weight: 600; }
.means { background: #f3f6f9; }
.goal p, .means p { margin: 0; }
.levels { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; margin-top: 1rem; }
.level h3 { font-size: 1rem; font-weight: 400; margin: 0 0 .75rem; padding: .5rem .75rem;
  background: #002957; color: #fff; border-radius: .25rem; }
.level h3 strong { font-weight: 700; }
.tasks { margin: 0; padding-left: 1.25rem; }
.tasks li { margin-bottom: .35rem; }
.task-bodies, .provenance { color: #5a6470; font-size: .9em; }
.quote { margin: 1rem 0 0; padding: .5rem 1rem; border-left: .25rem solid #002957; }
.quote blockquote { margin: 0; font-style: italic; }
.quote p { margin: 0; }
.note { font-size: .85rem; color: #5a6470; margin: .75rem 0 0; }
.status { font-weight: 700; }
.legend dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
.legend dt { font-weight: 600; }
.legend dd { margin: 0; }
.fallback { color: #8a5a00; cursor: help; font-size: .8em; vertical-align: super;
  line-height: 0; }
.fallback-note { color: #5a6470; }
@media (max-width: 40rem) { .levels { grid-template-columns: 1fr; } }
@page { size: A4 landscape; margin: 1.5cm; }
@media print {
  body { max-width: none; padding: 0; }
  .title-block, .slide, .questions, .legend { border: none; padding: 0; margin: 0;
    break-after: page; }
  .slide { break-inside: avoid; }
}
"""
