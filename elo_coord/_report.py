r"""Markdown and HTML reports of a matrix, in the TNO forum's own slide format.

One slide per row, as the forum of 25.3.2022 showed its summary: the theme as a small header, the
goal and the means, then national and regional coordination — the bodies as the slides write them
(``OKM, TEM, OPH, JOTPA, KEHA``), the lead marked *vastuutaho* — each with its tasks; the row's
quotes and note below. In a synthesis every body and task carries its provenance, ``2/3: Lappi,
Uusimaa`` (how many of the proposers named it, and which), and the report ends with the open
questions. A legend names the bodies in full.

What a report says is worked out once, as data (:class:`MatrixReport`: slides, levels, bodies,
tasks, questions), and then written out: as Markdown here, as HTML by the templates of
:mod:`elo_coord._html`. The fixed texts are in :data:`LABELS`, in Finnish (the default), Swedish
and English; names from the registry (bodies, regions, themes, goals, means) come as
:class:`~elo_coord.Name` — in the chosen language where known, else in Finnish with ``fallback``
set, which HTML marks visibly (a ``*`` whose title says why, explained in a footnote). Texts of the
matrix itself (tasks, quotes, notes) stay as written.

Every text that comes from data is escaped — by the templates' autoescaping in HTML, by
:func:`escape_markdown` in Markdown — so a task written as ``<script>`` or ``*tärkeä*`` shows as
written and does nothing. The HTML is one self-contained document: inline CSS, no scripts, no
external resources, and each slide prints on a page of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from elo_coord._labels import LABELS, check_lang
from elo_coord._model import (
    MATRIX_LEVELS,
    Assignment,
    Kind,
    Lang,
    Localized,
    Matrix,
    Role,
    Row,
    StrategyRow,
    Task,
)
from elo_coord._registry import Name, NameKind, Registry, default_registry

__all__ = [
    "BodyView",
    "LevelView",
    "MatrixReport",
    "Namer",
    "QuestionView",
    "Slide",
    "TaskView",
    "Words",
    "build_report",
    "escape_markdown",
    "format_date",
    "render_html",
    "render_markdown",
    "words_text",
]

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
    >>> "### Regional coordination: ELY, AVI, municipalities, TE-toimistot" in render_markdown(
    ...     baseline, lang="en"
    ... )
    True
    """
    report = build_report(matrix, registry, lang)
    blocks = [f"# {_md_inline(report.title)}"]
    blocks.append(
        "\n".join(f"- {name}: {_md_inline(words_text(value))}" for name, value in report.facts)
    )
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
            "\n".join(
                f"- {_md_inline(short.text)}: {_md_inline(full.text)}"
                for short, full in report.legend
            )
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
    from elo_coord._html import render_page

    report = build_report(matrix, registry, lang)
    return render_page("matrix.html.j2", lang=report.lang, report=report)


# --- What a report says, before it is written out as Markdown or HTML ----------------------------

Words = tuple[str | Name, ...]
"""A phrase of plain text and registry names: ``("2/3: ", Name("Lappi"), ", ", Name("Uusimaa"))``.
Renderers write the text of each piece and mark the names that fall back to Finnish."""


def words_text(words: Words) -> str:
    """Return the plain text of a phrase."""
    return "".join(piece if isinstance(piece, str) else piece.text for piece in words)


@dataclass(frozen=True)
class BodyView:
    """A body in a cell: its name, whether it is the lead, and what follows in parentheses."""

    id: str
    name: Name
    lead: bool
    detail: Words
    """The lead word and the provenance (``vastuutaho; 2/3: Lappi, Uusimaa``), or nothing."""


@dataclass(frozen=True)
class TaskView:
    """A task: its text, the bodies that do it (if named) and its provenance."""

    text: str
    bodies: Words
    detail: Words


@dataclass(frozen=True)
class LevelView:
    """One level of a slide: the heading, the bodies (or "nobody") and the tasks."""

    heading: str
    bodies: tuple[BodyView, ...]
    nobody: str
    tasks_heading: str
    tasks: tuple[TaskView, ...]


@dataclass(frozen=True)
class Slide:
    """One row as the forum's slides show it."""

    row: str
    theme: Words
    goal: tuple[str, Name] | None
    means: tuple[str, Name] | None
    levels: tuple[LevelView, ...]
    quote_label: str
    quotes: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class QuestionView:
    """An open question of a synthesis."""

    status: str
    css: str
    level: str
    body: Name | None
    proposed: Words
    note: str | None


@dataclass(frozen=True)
class MatrixReport:
    """What a report of one matrix says, in one language, before it is written out."""

    lang: Lang
    title: str
    facts: tuple[tuple[str, Words], ...]
    notices: tuple[str, ...]
    note: str | None
    slides: tuple[Slide, ...]
    questions_heading: str
    questions: tuple[tuple[str, tuple[QuestionView, ...]], ...]
    legend_heading: str
    legend: tuple[tuple[Name, Name], ...]
    """Each body shown by a short name, with its full name."""
    fallback: bool
    """Whether any name falls back to Finnish (the page then explains the mark)."""


@dataclass
class Namer:
    """Names from the registry in one language; remembers whether any fell back to Finnish."""

    registry: Registry
    lang: Lang
    fallback: bool = False
    bodies: dict[str, None] = field(default_factory=dict)
    """The bodies named so far, in order (for the legend)."""

    def text(self, key: str) -> str:
        """Return the fixed text ``key`` in the language."""
        return LABELS[key].text(self.lang)

    def name(self, kind: NameKind, id: str) -> Name:
        """Return the name of the ``kind`` record ``id``."""
        found = self.registry.name(kind, id, self.lang)
        self.fallback |= found.fallback
        if kind == "body":
            self.bodies[id] = None
        return found

    def localized(self, text: Localized) -> Name:
        """Return a registry text in the language, a fallback when only Finnish is known."""
        shown: str | None = getattr(text, self.lang)
        found = Name(shown, False) if shown is not None else Name(text.fi, True)
        self.fallback |= found.fallback
        return found

    def regions(self, region_ids: Sequence[str], separator: str = ", ") -> Words:
        """Return the regions' names, joined."""
        out: list[str | Name] = []
        for region_id in dict.fromkeys(region_ids):
            if out:
                out.append(separator)
            out.append(self.name("region", region_id))
        return tuple(out)

    def legend(self) -> tuple[tuple[Name, Name], ...]:
        """Return each body named so far whose full name says more than its short one."""
        entries = []
        for body_id in self.bodies:
            if body_id not in self.registry.bodies:
                continue
            short = self.registry.name("body", body_id, self.lang)
            full = self.registry.full_name(body_id, self.lang)
            if full.text.casefold() != short.text.casefold():
                self.fallback |= full.fallback
                entries.append((short, full))
        return tuple(entries)


@dataclass(frozen=True)
class _Context:
    matrix: Matrix
    names: Namer
    total: int | None
    """How many regions proposed the matrix: the denominator of provenance counts."""
    places: Mapping[str, StrategyRow]
    """The strategy's rows by id (empty when the registry lacks the strategy)."""

    def text(self, key: str) -> str:
        return self.names.text(key)

    def count(self, regions: Sequence[str]) -> str:
        n = len(dict.fromkeys(regions))
        return f"{n}/{self.total}" if self.total else str(n)

    def provenance(self, regions: Sequence[str]) -> Words:
        """Return who proposed something, the shorter way round.

        ``1/3: Lappi`` when a minority named it, ``2/3, paitsi Uusimaa`` when most did (naming
        those who did not), ``3/3`` when all did; nothing outside a synthesis when nobody is named.
        """
        if not regions and self.matrix.kind is not Kind.SYNTHESIS:
            return ()
        named = list(dict.fromkeys(regions))
        others = [r for r in self.matrix.proposers if r not in named]
        if self.total and 2 * len(named) > self.total:
            if not others:
                return (self.count(named),)
            return (f"{self.count(named)}, {self.text('except')} ", *self.names.regions(others))
        if not named:
            return (self.count(named),)
        return (f"{self.count(named)}: ", *self.names.regions(named))


def build_report(
    matrix: Matrix, registry: Registry | None, lang: str, *, names: Namer | None = None
) -> MatrixReport:
    """Work out what a report of ``matrix`` says in ``lang``.

    ``names``, when given, is the :class:`Namer` of a larger page the report is part of, so that
    the page's legend and fallback note cover it too.
    """
    language = check_lang(lang)
    registry = default_registry() if registry is None else registry
    names = Namer(registry, language) if names is None else names
    proposers = len(dict.fromkeys(matrix.proposers))
    strategy = registry.strategies.get(matrix.strategy)
    places = {place.id: place for place in strategy.rows()} if strategy else {}
    ctx = _Context(matrix, names, proposers or None, places)
    facts = _facts(ctx)
    slides = tuple(_slide(ctx, row) for row in matrix.rows)
    questions = _questions(ctx)
    legend = names.legend()
    return MatrixReport(
        lang=language,
        title=matrix.title,
        facts=facts,
        notices=tuple(
            ctx.text(key)
            for key, shown in (("illustrative", matrix.illustrative), ("declined", matrix.declined))
            if shown
        ),
        note=matrix.note,
        slides=slides,
        questions_heading=ctx.text("questions"),
        questions=questions,
        legend_heading=ctx.text("bodies"),
        legend=legend,
        fallback=names.fallback,
    )


def _facts(ctx: _Context) -> tuple[tuple[str, Words], ...]:
    matrix = ctx.matrix
    facts: list[tuple[str, Words]] = [
        (ctx.text("date"), (format_date(matrix.date, ctx.names.lang),)),
        (ctx.text("kind"), (ctx.text(matrix.kind.value),)),
        (ctx.text("strategy"), (ctx.names.name("strategy", matrix.strategy),)),
    ]
    if matrix.proposers:
        facts.append((ctx.text("proposers"), ctx.names.regions(matrix.proposers)))
    if matrix.respondent is not None:
        facts.append((ctx.text("respondent"), (ctx.text(matrix.respondent.value),)))
    if matrix.source:
        facts.append((ctx.text("source"), (matrix.source,)))
    return tuple(facts)


def format_date(day: dt.date, lang: str) -> str:
    """Write ``day`` as the forum does: 25.3.2022 (Finnish, Swedish); ISO 8601 in English."""
    return day.isoformat() if lang == "en" else f"{day.day}.{day.month}.{day.year}"


def _slide(ctx: _Context, row: Row) -> Slide:
    place = ctx.places.get(row.row)
    levels = tuple(
        LevelView(
            heading=ctx.text(level.value),
            bodies=tuple(_body(ctx, assignment) for assignment in row.cell(level).bodies),
            nobody=ctx.text("nobody"),
            tasks_heading=ctx.text(f"{level.value}_tasks"),
            tasks=tuple(_task(ctx, task) for task in row.cell(level).tasks),
        )
        for level in MATRIX_LEVELS
    )
    theme: Words
    if place is None:
        theme, goal, means = (f"({ctx.text('not_in_strategy')})",), None, None
    else:
        theme = (ctx.names.localized(place.theme.names),)
        goal = (ctx.text("goal"), ctx.names.localized(place.goal.text))
        means = (ctx.text("means"), ctx.names.localized(place.means.text)) if place.means else None
    return Slide(
        row=row.row,
        theme=theme,
        goal=goal,
        means=means,
        levels=levels,
        quote_label=ctx.text("quote"),
        quotes=row.quotes,
        note=row.note,
    )


def _body(ctx: _Context, assignment: Assignment) -> BodyView:
    lead = assignment.role is Role.LEAD
    detail: list[str | Name] = [ctx.text("lead")] if lead else []
    provenance = ctx.provenance(assignment.regions)
    if provenance:
        detail += ["; ", *provenance] if detail else list(provenance)
    return BodyView(assignment.body, ctx.names.name("body", assignment.body), lead, tuple(detail))


def _task(ctx: _Context, task: Task) -> TaskView:
    bodies: list[str | Name] = []
    for body in task.bodies:
        if bodies:
            bodies.append(", ")
        bodies.append(ctx.names.name("body", body))
    return TaskView(task.text, tuple(bodies), ctx.provenance(task.regions))


def _questions(ctx: _Context) -> tuple[tuple[str, tuple[QuestionView, ...]], ...]:
    matrix = ctx.matrix
    groups: dict[str, list[QuestionView]] = {}
    for question in matrix.questions:
        proposed: Words = ()
        if question.regions:
            proposed = (
                f"{ctx.text('proposed_by')}: ",
                *ctx.names.regions(question.regions),
                f" ({ctx.count(question.regions)})",
            )
        item = QuestionView(
            status=ctx.text(question.status.value),
            css=question.status.value,
            level=ctx.text(question.level.value),
            body=ctx.names.name("body", question.body) if question.body is not None else None,
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


def _md_words(words: Words) -> str:
    return _md_inline(words_text(words))


def _md_bodies(level: LevelView) -> str:
    if not level.bodies:
        return level.nobody
    return ", ".join(
        _md_inline(body.name.text) + (f" ({_md_words(body.detail)})" if body.detail else "")
        for body in level.bodies
    )


def _md_task(task: TaskView) -> str:
    text = _md(task.text, "  ")
    if task.detail:
        text += f" ({_md_words(task.detail)})"
    if task.bodies:
        text += f" — {_md_words(task.bodies)}"
    return f"- {text}"


def _md_slide(slide: Slide) -> list[str]:
    blocks = [f"## {_md_inline(slide.row)} · {_md_words(slide.theme)}"]
    blocks += [f"**{pair[0]}:** {_md(pair[1].text)}" for pair in (slide.goal, slide.means) if pair]
    for level in slide.levels:
        blocks.append(f"### {level.heading}: {_md_bodies(level)}")
        if level.tasks:
            blocks.append(f"{level.tasks_heading}:")
            blocks.append("\n".join(_md_task(task) for task in level.tasks))
    blocks += [f"> **{slide.quote_label}:** {_md(quote, '> ')}" for quote in slide.quotes]
    if slide.note:
        blocks.append(f"*{_md(slide.note)}*")
    return blocks


def _md_question(item: QuestionView) -> str:
    text = f"- {item.status} — {item.level}"
    if item.body:
        text += f": {_md_inline(item.body.text)}"
    if item.proposed:
        text += f" — {_md_words(item.proposed)}"
    if item.note:
        text += f"\\\n  {_md(item.note, '  ')}"
    return text
