r"""Markdown and HTML reports of a matrix, in the TNO forum's own slide format.

One slide per row, as the forum of 25.3.2022 showed its summary: the theme as a small header, the
goal and the means, then national and regional coordination — the bodies as the slides write them
(``OKM, TEM, OPH, JOTPA, KEHA``; ``ELY+AVI`` as one unit, :func:`forum_units`), the lead marked
*vastuutaho* — each with its tasks; the row's quotes and note below. Two means the forum's slide
gave one set of bodies and tasks (slide 13), and the matrix gives identical cells, share one slide
(:func:`~elo_coord._lint.shared_cells`). In a synthesis every body and task carries its
provenance, ``2/3: Lappi, Uusimaa`` (how many of the proposers named it, and which), and the
report ends with the open questions. A legend names the bodies in full.

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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from elo_coord._labels import LABELS, check_lang
from elo_coord._lint import shared_cells
from elo_coord._model import (
    MATRIX_LEVELS,
    Assignment,
    Cell,
    Kind,
    Lang,
    Localized,
    Matrix,
    Practice,
    PracticeFile,
    Role,
    Row,
    Strategy,
    StrategyRow,
    Task,
)
from elo_coord._practices import catalogue_for, practices_for
from elo_coord._registry import Name, NameKind, Registry, default_registry

__all__ = [
    "JOINED_BODIES",
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
    "forum_units",
    "render_html",
    "render_markdown",
    "words_text",
]

_T = TypeVar("_T")

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
    r"""Render ``matrix`` as Markdown in the forum's slide format, one ``##`` section per slide.

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
    >>> "### Regional coordination: ELY+AVI, municipalities, TE-toimistot" in render_markdown(
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
    """Render ``matrix`` as one self-contained HTML document, one ``<section>`` per slide.

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
    >>> page.startswith("<!DOCTYPE html>"), page.count('<section class="slide"')  # T1.3a-b: one
    (True, 11)
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
    """A body of a cell, or a unit of them the slides join (``ELY+AVI``), as a slide shows it."""

    body_ids: tuple[str, ...]
    """The body, or the bodies of a joined unit in the cell's order."""
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
class PracticeView:
    """A good practice shown beside the row it bears on."""

    title: str
    text: str
    groups: Words
    """The groups the source attributes it to."""
    source: str
    """The source key and how sure the link to the row is: ``S000; yhteyden varmuus: heikko``."""


@dataclass(frozen=True)
class Slide:
    """One row as the forum's slides show it, or two means that share one slide's cells."""

    row: str
    """The first row the slide shows: its anchor (``row-T1.3a``)."""
    label: str
    """Every row the slide shows (``T1.3a, T1.3b``)."""
    theme: Words
    goal: tuple[str, Name] | None
    means: tuple[tuple[str, Name], ...]
    """The means of each row shown (none for a goal that is its own row)."""
    levels: tuple[LevelView, ...]
    quote_label: str
    quotes: tuple[str, ...]
    note: str | None
    practices_heading: str = ""
    practices: tuple[PracticeView, ...] = ()
    """The good practices of the catalogue (``monitoring/practices.yaml``) that bear on the rows."""


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
    catalogue: PracticeFile | None = None
    """The good practices shown beside the rows, if the data has them."""
    strategy: Strategy | None = None

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
    ctx = _Context(matrix, names, proposers or None, places, catalogue_for(registry), strategy)
    facts = _facts(ctx)
    slides = tuple(_slide(ctx, rows) for rows in _slide_rows(matrix, registry))
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


def _slide_rows(matrix: Matrix, registry: Registry) -> list[list[Row]]:
    """Return the matrix's rows slide by slide: a row whose cells another row holds joins its slide.

    The slide stands where the first of its rows does; rows keep the matrix's order.
    """
    shared = shared_cells(matrix, registry)
    slides: list[list[Row]] = []
    holding: dict[str, list[Row]] = {}
    for row in matrix.rows:
        slide = holding.get(shared.get(row.row, ""))
        if slide is not None and (row.national, row.regional) == (
            slide[0].national,
            slide[0].regional,
        ):
            slide.append(row)
            continue
        slides.append([row])
        holding.setdefault(row.row, slides[-1])
    return slides


def _slide(ctx: _Context, rows: Sequence[Row]) -> Slide:
    row = rows[0]
    place = ctx.places.get(row.row)
    levels = tuple(
        LevelView(
            heading=ctx.text(level.value),
            bodies=_bodies(ctx, row.cell(level)),
            nobody=ctx.text("nobody"),
            tasks_heading=ctx.text(f"{level.value}_tasks"),
            tasks=tuple(_task(ctx, task) for task in row.cell(level).tasks),
        )
        for level in MATRIX_LEVELS
    )
    theme: Words
    means: list[tuple[str, Name]] = []
    if place is None:
        theme, goal = (f"({ctx.text('not_in_strategy')})",), None
    else:
        theme = (ctx.names.localized(place.theme.names),)
        goal = (ctx.text("goal"), ctx.names.localized(place.goal.text))
        for shown in rows:
            means_shown = ctx.places[shown.row].means if shown.row in ctx.places else None
            if means_shown is not None:
                means.append((ctx.text("means"), ctx.names.localized(means_shown.text)))
    notes = list(dict.fromkeys(shown.note for shown in rows if shown.note))
    practices: dict[str, Practice] = {}
    if ctx.catalogue is not None and ctx.strategy is not None:
        for shown in rows:
            for practice in practices_for(ctx.catalogue, ctx.strategy, shown.row):
                practices[practice.id] = practice
    return Slide(
        row=row.row,
        label=", ".join(shown.row for shown in rows),
        theme=theme,
        goal=goal,
        means=tuple(means),
        levels=levels,
        quote_label=ctx.text("quote"),
        quotes=tuple(dict.fromkeys(quote for shown in rows for quote in shown.quotes)),
        note="\n\n".join(notes) if notes else None,
        practices_heading=ctx.text("practices"),
        practices=tuple(_practice(ctx, practice) for practice in practices.values()),
    )


def _practice(ctx: _Context, practice: Practice) -> PracticeView:
    sure = ""
    if practice.links is not None:
        level = ctx.text(f"confidence_{practice.links.confidence.value}")
        sure = f"; {ctx.text('link_confidence')}: {level}"
    return PracticeView(
        title=practice.title,
        text=practice.text,
        groups=tuple(
            part
            for i, group in enumerate(practice.groups)
            for part in ((", ",) if i else ()) + (ctx.names.name("group", group),)
        ),
        source=f"{practice.source}{sure}",
    )


JOINED_BODIES: tuple[tuple[str, ...], ...] = (("ELY", "AVI"),)
"""Bodies the forum's slides write as one unit, joined by ``+``: ``ELY+AVI, kunnat, …``."""


def forum_units(
    items: Sequence[_T],
    body: Callable[[_T], str] = str,
    look: Callable[[_T], object] = lambda item: None,
) -> list[list[_T]]:
    """Group a cell's bodies as the forum's slides write them: ``ELY`` and ``AVI`` as one unit.

    The members of a unit of :data:`JOINED_BODIES` that ``items`` name join into one group, in
    the order ``items`` give them, where the first of them stands — if each looks as the first
    does (``look``: in a cell, the role and the provenance). A member that looks otherwise (only
    one of them the lead, or named by other regions) stays a group of its own, so that the
    slides' unit never hides who leads. Every other body is a group of its own. This is the one
    place that decides the forum's joined display; the slide format renders each group as its
    names joined by ``+``.

    Parameters
    ----------
    items
        A cell's bodies, or what stands for them, in the cell's order.
    body
        The body id of an item; the item itself by default.
    look
        What must be equal for two members to join; nothing by default.

    Examples
    --------
    >>> forum_units(["ELY", "AVI", "kunnat", "TE-toimistot"])
    [['ELY', 'AVI'], ['kunnat'], ['TE-toimistot']]
    >>> forum_units(["kunnat", "AVI", "TE-toimistot", "ELY"])
    [['kunnat'], ['AVI', 'ELY'], ['TE-toimistot']]
    >>> lead = {"ELY": "lead", "AVI": "partner"}
    >>> forum_units(["ELY", "AVI", "kunnat"], look=lead.get)
    [['ELY'], ['AVI'], ['kunnat']]
    """
    groups: list[list[_T]] = []
    units: dict[tuple[str, ...], list[_T]] = {}
    for item in items:
        unit = next((u for u in JOINED_BODIES if body(item) in u), None)
        group = units.get(unit) if unit is not None else None
        if (
            group is not None
            and body(item) not in {body(member) for member in group}
            and look(item) == look(group[0])
        ):
            group.append(item)
            continue
        groups.append([item])
        if unit is not None:
            units.setdefault(unit, groups[-1])
    return groups


def _joined(names: Sequence[Name]) -> Name:
    """Return the name of a unit the slides join: ``ELY+AVI``."""
    return Name("+".join(name.text for name in names), any(name.fallback for name in names))


def _bodies(ctx: _Context, cell: Cell) -> tuple[BodyView, ...]:
    views = [_body(ctx, assignment) for assignment in cell.bodies]
    return tuple(
        BodyView(
            body_ids=tuple(view.body_ids[0] for view in group),
            name=_joined([view.name for view in group]),
            lead=group[0].lead,
            detail=group[0].detail,
        )
        if len(group) > 1
        else group[0]
        for group in forum_units(
            views, body=lambda view: view.body_ids[0], look=lambda view: (view.lead, view.detail)
        )
    )


def _body(ctx: _Context, assignment: Assignment) -> BodyView:
    lead = assignment.role is Role.LEAD
    detail: list[str | Name] = [ctx.text("lead")] if lead else []
    provenance = ctx.provenance(assignment.regions)
    if provenance:
        detail += ["; ", *provenance] if detail else list(provenance)
    name = ctx.names.name("body", assignment.body)
    return BodyView((assignment.body,), name, lead, tuple(detail))


def _task(ctx: _Context, task: Task) -> TaskView:
    bodies: list[str | Name] = []
    for group in forum_units(task.bodies):
        if bodies:
            bodies.append(", ")
        bodies.append(_joined([ctx.names.name("body", body) for body in group]))
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
    blocks = [f"## {_md_inline(slide.label)} · {_md_words(slide.theme)}"]
    pairs = [slide.goal, *slide.means] if slide.goal else list(slide.means)
    blocks += [f"**{label}:** {_md(name.text)}" for label, name in pairs]
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
