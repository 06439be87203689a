"""The forum report: one printable page of what the proposals say and what the forum made of them.

:func:`render_report` builds one :class:`~elo_coord.Comparison` of the proposals, works out what
the page says as a :class:`ForumReport` (its sections are data: coverage, the support heatmap, the
agenda, minority views, the synthesis, each answer's changes), and renders that with the
``forum.html.j2`` template. Nothing is counted here and nothing is parsed back out of HTML: the
contents list is the model's list of sections.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from elo_coord._decision import decisions, verdicts_in_force
from elo_coord._diff import Change
from elo_coord._errors import require
from elo_coord._frames import ratings
from elo_coord._html import render_page
from elo_coord._io import load_assessments, load_composition, load_scale
from elo_coord._model import MATRIX_LEVELS, Decision, Lang, Matrix, check_lang
from elo_coord._monitoring import representation_lines
from elo_coord._registry import Name, Registry, default_registry
from elo_coord._report import MatrixReport, Namer, Words, build_report, format_date

if TYPE_CHECKING:
    import polars as pl

    from elo_coord._comparison import Comparison

__all__ = [
    "AgendaLine",
    "AnswerChanges",
    "BodyChanges",
    "ForumReport",
    "RegionViews",
    "Section",
    "SurveyLine",
    "SurveyPart",
    "SurveyQuestionPart",
    "TaskChange",
    "VerdictLine",
    "ViewLine",
    "build_forum_report",
    "local_time",
    "render_report",
    "survey_html",
    "verdict_words",
]

# A body change in an answer's table: the change, and the mark before it.
_BODY_MARKS = {
    Change.BODY_ADDED.value: "+",
    Change.BODY_REMOVED.value: "−",
    Change.ROLE_CHANGED.value: "↕",
}
# A task change in an answer's list: the change, and the mark before it.
_TASK_MARKS = {
    Change.TASK_ADDED.value: "+",
    Change.TASK_REMOVED.value: "−",
    Change.TASK_REWORDED.value: "≈",
}


@dataclass(frozen=True)
class Section:
    """A part of the page, for the contents: its anchor and heading."""

    id: str
    heading: str


@dataclass(frozen=True)
class AgendaLine:
    """A contested cell."""

    row: str
    level: str
    body: Name
    count: str
    regions: Words
    camps: str
    """The camps of like answers that name the body, of those that answered (``1/2``)."""
    group_consensus: str
    """The group-aware consensus, two decimals in the language's way (``0,19``)."""
    verdict: str = ""
    """What the forum decided on it, in words (``hyväksytty``); empty while undecided."""


@dataclass(frozen=True)
class VerdictLine:
    """A decision the forum recorded walking its agenda, the one in force for its item."""

    row: str
    level: str
    body: Name
    verdict: str
    """The verdict in words, with the role for an accepted body (``hyväksytty: vastuutaho``)."""
    kind: str
    """``accept``, ``reject`` or ``defer``: for the page's colours."""
    count: str
    """The regions that named the body of those that answered, when decided (``7/13``)."""
    rationale: str
    by: str
    at: str
    """When, in Finnish time, as the language writes it (``25.3.2026 klo 10.15``)."""


@dataclass(frozen=True)
class ViewLine:
    """One minority view of a region."""

    row: str
    level: str
    verb: str
    body: Name
    count: str


@dataclass(frozen=True)
class RegionViews:
    """A region and where it stands apart."""

    region: Name
    lines: tuple[ViewLine, ...]


@dataclass(frozen=True)
class BodyChanges:
    """An answer's body changes in one row: per level, the changes with their bodies."""

    row: str
    levels: tuple[tuple[tuple[str, str, tuple[Words, ...]], ...], ...]
    """For each level: (change, mark, bodies) for each kind of change there."""


@dataclass(frozen=True)
class TaskChange:
    """A task an answer added, removed or reworded."""

    row: str
    level: str
    change: str
    mark: str
    label: str
    text: str
    new: str | None
    """The new wording of a reworded task."""


@dataclass(frozen=True)
class AnswerChanges:
    """How one answer differs from the baseline."""

    name: Words
    title: str
    summary: str
    bodies: tuple[BodyChanges, ...]
    tasks: tuple[TaskChange, ...]
    notes: tuple[tuple[str, str], ...]
    """The notes the answer writes on its rows: (row, note)."""
    quotes: tuple[tuple[str, str], ...]
    """The quotations the answer adds to its rows: (row, quotation)."""


@dataclass(frozen=True)
class SurveyLine:
    """A finding of the survey's summary, or one answer's free text, with whom it comes from."""

    who: Words
    """The regions of the groups it is attributed to; empty when no one is named."""
    text: str
    illustrative: bool = False


@dataclass(frozen=True)
class SurveyQuestionPart:
    """An open question with the summary's findings and the proposals' answers to it."""

    id: str
    text: Name
    findings: tuple[SurveyLine, ...]
    answers: tuple[SurveyLine, ...]


@dataclass(frozen=True)
class SurveyPart:
    """The survey the proposals answer: when, what it asked, what came back."""

    title: Name
    dates: str
    returns: str | None
    """The coverage as the survey's own summary counted it."""
    questions: tuple[SurveyQuestionPart, ...]


@dataclass(frozen=True)
class MonitoringPart:
    """The groups' monitoring: their steps on the scale, and who sits in them."""

    notice: str | None
    """Said first when any of the data is illustrative."""
    ratings_heading: str
    heatmap: str
    """The latest year's ratings, groups × areas, as inline SVG."""
    change: str | None
    """The change from the first year to the last, as inline SVG (with two years or more)."""
    distribution: str
    """The latest year's steps by area, as inline SVG."""
    composition_heading: str
    composition: tuple[str, ...]
    """:func:`~elo_coord.representation_lines`: the bands in words, and the source's verdict."""
    representation: str | None
    """How many groups each kind sits in, as inline SVG (when the data has a composition)."""


@dataclass(frozen=True)
class ForumReport:
    """What the forum report says, in one language, before it is written out."""

    lang: Lang
    title: str
    notice: str | None
    facts: tuple[tuple[str, Words], ...]
    coverage: str
    coverage_facts: tuple[tuple[str, tuple[Words, ...]], ...]
    survey: SurveyPart | None
    sections: tuple[Section, ...]
    heatmap: str
    """The support heatmap as inline SVG (drawn by vl-convert, which escapes its texts)."""
    agenda_intro: str
    agenda: tuple[AgendaLine, ...]
    views_intro: str
    views: tuple[RegionViews, ...]
    synthesis: MatrixReport
    """The forum's saved decision, or the automatic proposal when none is saved."""
    verdicts: tuple[VerdictLine, ...]
    """The decisions in force that the forum recorded walking its agenda, in the order made."""
    verdicts_intro: str
    synthesis_heading: str
    synthesis_intro: str
    """Which of the two the synthesis is, and for a decision how many changes it accepted."""
    changes: tuple[AnswerChanges, ...] | None
    changes_intro: str
    legend: tuple[tuple[Name, Name], ...]
    fallback: bool
    monitoring: MonitoringPart | None = None
    """The groups' monitoring, when the data folder has assessments."""


def render_report(
    proposals: Iterable[Matrix],
    baseline: Matrix | None,
    *,
    lang: str = "fi",
    registry: Registry | None = None,
    consensus: float = 2 / 3,
    minority: float = 1 / 3,
    date: dt.date | None = None,
    decided: Matrix | None = None,
    decided_file: str | None = None,
) -> str:
    """Render the forum's report on the proposals as one self-contained, printable HTML page.

    The page holds, in order: the title, the date and a prominent notice when any proposal is
    illustrative; the coverage (``13/18 aluetta vastasi: …``) with the regions that did not answer;
    the support heatmap as inline SVG; the agenda — the contested cells, each with its row, level,
    body, ``n/total`` and the regions that name it; the minority views, region by region; the
    synthesis in the forum's slide format, with provenance and its open questions; each answer's
    differences from the baseline — bodies added, removed or given another role, tasks added,
    removed or reworded, the notes it writes and the quotations it adds — and the bodies' full
    names. In print each part and each slide takes a page of its own.

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
    decided
        The forum's saved decision (a matrix of kind ``synthesis``): the report shows it, and how
        many of the proposed changes it accepted. Without it the report shows the automatic
        proposal, and says so.
    decided_file
        The decision's file name, for the report to cite; its id by default.

    Raises
    ------
    InputError
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
    <p class="coverage"><strong>13/18 groups answered: 4 through their coordinator, 7 as a
    group, 2 in 1 joint answer; 0 declined, 5 missing (13/18 regions)</strong></p>
    >>> "<script" in page, page.count('<section class="slide"')
    (False, 12)
    """
    from elo_coord._comparison import Comparison

    require("charts", "altair", "vl_convert")  # the support heatmap
    language = check_lang(lang)
    forum = Comparison(
        proposals,
        baseline,
        registry=default_registry() if registry is None else registry,
        consensus=consensus,
        minority=minority,
    )
    report = build_forum_report(
        forum, language, date or dt.date.today(), decided=decided, decided_file=decided_file
    )
    return render_page("forum.html.j2", lang=language, report=report)


def build_forum_report(
    forum: Comparison,
    lang: Lang,
    day: dt.date,
    *,
    decided: Matrix | None = None,
    decided_file: str | None = None,
) -> ForumReport:
    """Work out what the forum report of ``forum`` says in ``lang``, dated ``day``.

    ``decided`` is the forum's saved decision; without it the report shows the automatic proposal.
    """
    from elo_coord.charts import render_svg, support_heatmap

    names = Namer(forum.registry, lang)
    percent = _percent(lang)
    thresholds = {"minority": percent(forum.minority), "consensus": percent(forum.consensus)}
    if decided is None:
        synthesis = forum.synthesis_as(lang=lang)
        heading = names.text("report_synthesis")
        intro = names.text("report_proposed_intro").format(**thresholds)
    else:
        synthesis = decided
        heading = names.text("report_decided")
        file = decided_file or f"{decided.id}.yaml"
        intro = names.text("report_decided_plain").format(out=file)
        if forum.baseline is not None:
            todo = decisions(forum, forum.baseline, id=decided.id, lang=lang)
            synthesis = todo.with_provenance(decided)
            held = todo.accepted_in(decided)
            intro = names.text("report_decided_intro").format(
                out=file, n=sum(held), total=len(held)
            )
    synthesis_report = build_report(synthesis, forum.registry, lang, names=names)
    changes = _changes(forum, names) if forum.baseline is not None else None
    for body_id in forum.support.get_column("body_id").unique(maintain_order=True).to_list():
        names.name("body", body_id)
    sections = [
        Section("support", names.text("support")),
        Section("agenda", names.text("agenda")),
        Section("views", names.text("minority_views")),
        Section("synthesis", heading),
    ]
    if synthesis_report.questions:
        sections.append(Section("questions", synthesis_report.questions_heading))
    sections.append(Section("changes", names.text("chart_changes")))
    monitoring = _monitoring(forum.registry, names)
    if monitoring is not None:
        sections.append(Section("monitoring", names.text("monitoring_heading")))
    legend = names.legend()
    if legend:
        sections.append(Section("bodies", names.text("bodies")))
    in_force = verdicts_in_force(decided.decisions) if decided is not None else {}
    chart = support_heatmap(forum.support_and_camps, registry=forum.registry, lang=lang)
    survey = _survey(forum, names)
    return ForumReport(
        lang=lang,
        title=names.text("report_title"),
        notice=_notice(forum, names),
        facts=_facts(forum, names, day, thresholds),
        coverage=forum.coverage_counts.sentence(lang),
        coverage_facts=_coverage(forum, names),
        survey=survey,
        sections=(
            Section("coverage", names.text("coverage_heading")),
            *([Section("survey", names.text("survey_heading"))] if survey else []),
            *sections,
        ),
        heatmap=render_svg(chart),
        agenda_intro=names.text("agenda_intro").format(**thresholds),
        agenda=tuple(
            AgendaLine(
                row=line["row_id"],
                level=names.text(line["level"]),
                body=names.name("body", line["body_id"]),
                count=f"{line['n']}/{line['total']}",
                regions=names.regions(line["regions"]),
                camps=f"{line['camps_naming']}/{line['camps']}",
                group_consensus=_decimal(line["group_consensus"], names.lang),
                verdict=verdict_words(
                    in_force.get((line["row_id"], line["level"], line["body_id"])), names
                ),
            )
            for line in forum.agenda.iter_rows(named=True)
        ),
        views_intro=names.text("views_intro").format(**thresholds),
        views=_views(forum.minority_by_region, names),
        synthesis=synthesis_report,
        verdicts=tuple(
            VerdictLine(
                row=d.row,
                level=names.text(d.level.value),
                body=names.name("body", d.body),
                verdict=verdict_words(d, names),
                kind=d.verdict.value,
                count=f"{len(d.regions)}/{d.answered}",
                rationale=d.rationale,
                by=d.by,
                at=local_time(d.at, lang),
            )
            for d in in_force.values()
        ),
        verdicts_intro=names.text("verdicts_intro").format(n=len(in_force)),
        synthesis_heading=heading,
        synthesis_intro=intro,
        changes=changes,
        changes_intro=" · ".join(
            f"{mark} {names.text(change)}"
            for change, mark in (*_BODY_MARKS.items(), *_TASK_MARKS.items())
        ),
        legend=legend,
        fallback=names.fallback,
        monitoring=monitoring,
    )


def _monitoring(registry: Registry, names: Namer) -> MonitoringPart | None:
    """Work out the report's monitoring part from the registry folder's ``monitoring/`` files.

    ``None`` when the folder has no assessments. The latest year is drawn (the groups' own
    ratings), the change from the first year to the last when there are two or more.
    """
    from elo_coord.charts import (
        ratings_change,
        ratings_distribution,
        ratings_heatmap,
        render_svg,
        representation_chart,
    )

    folder = registry.folder / "monitoring" if registry.folder is not None else None
    paths = sorted((folder / "assessments").glob("*.yaml")) if folder is not None else []
    if folder is None or not paths:
        return None
    years = sorted(
        (load_assessments(path, registry=registry) for path in paths), key=lambda y: y.year
    )
    scale = load_scale(folder / f"{years[-1].scale}.yaml", registry=registry)
    years = [year for year in years if year.scale == scale.id]
    rated = ratings(scale, years, registry=registry)
    lang = names.lang
    first, last = years[0].year, years[-1].year
    compositions = [
        load_composition(path, registry=registry)
        for path in sorted((folder / "composition").glob("*.yaml"))
    ]
    composition = compositions[-1] if compositions else None
    made_up = any(year.illustrative for year in years) or bool(
        composition and composition.illustrative
    )
    return MonitoringPart(
        notice=names.text("monitoring_illustrative") if made_up else None,
        ratings_heading=names.text("monitoring_ratings").format(scale=scale.title),
        heatmap=render_svg(ratings_heatmap(rated, scale, year=last, registry=registry, lang=lang)),
        change=(
            render_svg(
                ratings_change(rated, scale, first=first, last=last, registry=registry, lang=lang)
            )
            if last > first
            else None
        ),
        distribution=render_svg(ratings_distribution(rated, scale, year=last, lang=lang)),
        composition_heading=(
            composition.title if composition is not None else names.text("no_composition")
        ),
        composition=tuple(representation_lines(composition, lang=lang)) if composition else (),
        representation=(
            render_svg(representation_chart(composition, lang=lang)) if composition else None
        ),
    )


def verdict_words(decision: Decision | None, names: Namer) -> str:
    """Return what ``decision`` decided in words: ``hyväksytty: vastuutaho``, ``hylätty``.

    Empty for no decision. The report, the workbench's forum mode and its list of decisions
    made all say it this way.
    """
    if decision is None:
        return ""
    words = names.text(f"verdict_{decision.verdict.value}")
    if decision.role is not None:
        words += f": {names.text(decision.role.value)}"
    return words


def local_time(at: dt.datetime, lang: Lang) -> str:
    """Return ``at`` in Finnish time as ``lang`` writes it: ``25.3.2026 klo 10.15``.

    A time without a zone is taken as Finnish time already.
    """
    try:
        from zoneinfo import ZoneInfo

        zone: dt.tzinfo = ZoneInfo("Europe/Helsinki")
    except (ImportError, KeyError, OSError):  # no time zone data: keep the zone it has
        zone = at.tzinfo or dt.UTC
    local = at.astimezone(zone) if at.tzinfo is not None else at
    day = format_date(local.date(), lang)
    if lang == "en":
        return f"{day} {local:%H:%M}"
    word = "klo" if lang == "fi" else "kl."
    return f"{day} {word} {local.hour}.{local.minute:02d}"


def _decimal(value: float, lang: Lang) -> str:
    """Return ``value`` with two decimals, a comma before them in Finnish and Swedish."""
    text = f"{value:.2f}"
    return text if lang == "en" else text.replace(".", ",")


def _percent(lang: Lang) -> Callable[[float], str]:
    def percent(share: float) -> str:
        number = f"{share * 100:.0f}"
        return f"{number}%" if lang == "en" else f"{number}\u00a0%"

    return percent


def _notice(forum: Comparison, names: Namer) -> str | None:
    illustrative = sum(p.illustrative for p in forum.proposals)
    if not illustrative and not (forum.baseline is not None and forum.baseline.illustrative):
        return None
    return names.text("report_illustrative").format(n=illustrative, total=len(forum.proposals))


def _facts(
    forum: Comparison, names: Namer, day: dt.date, thresholds: dict[str, str]
) -> tuple[tuple[str, Words], ...]:
    facts: list[tuple[str, Words]] = [
        (names.text("date"), (format_date(day, names.lang),)),
        (names.text("strategy"), (names.name("strategy", forum.answered[0].strategy),)),
        (names.text("report_proposals"), (str(len(forum.proposals)),)),
        (names.text("thresholds"), (f"{thresholds['minority']} · {thresholds['consensus']}",)),
    ]
    if forum.baseline is not None:
        facts.insert(2, (names.text("report_baseline"), (forum.baseline.title,)))
    return tuple(facts)


def _coverage(forum: Comparison, names: Namer) -> tuple[tuple[str, tuple[Words, ...]], ...]:
    """Return the joint answers, the groups that declined and those that did not answer.

    A group is shown by its regions' names, which every language has (``Pohjanmaa``).
    """
    import polars as pl

    asked = forum.coverage.filter(pl.col("expected"))
    joint: dict[str, list[str]] = defaultdict(list)
    for regions, matrix_id in (
        asked.filter(pl.col("response") == "answered", pl.col("joint"))
        .select("regions", "matrix_id")
        .iter_rows()
    ):
        joint[matrix_id].extend(regions)
    groups: list[tuple[str, tuple[Words, ...]]] = [
        (names.text("joint_answers"), tuple(names.regions(r, " + ") for r in joint.values()))
    ]
    for response, key in (("declined", "declined_groups"), ("missing", "missing_groups")):
        lines = asked.filter(pl.col("response") == response).get_column("regions")
        groups.append((names.text(key), tuple(names.regions(r, " + ") for r in lines)))
    return tuple((name, items) for name, items in groups if items)


def survey_html(forum: Comparison, lang: str = "fi") -> str:
    """Return the survey part of the report as an HTML fragment, or ``""`` without a survey.

    The workbench shows it as the report does: the survey's dates and own count, its open
    questions with the summary's findings and the proposals' free-text answers.
    """
    names = Namer(forum.registry, check_lang(lang))
    part = _survey(forum, names)
    if part is None:
        return ""
    return render_page("survey.html.j2", lang=names.lang, survey=part)


def _survey(forum: Comparison, names: Namer) -> SurveyPart | None:
    """Return the survey part: dates, the survey's own count, each open question's texts."""
    import polars as pl

    from elo_coord._comparison import survey_counts

    survey = forum.survey
    if survey is None:
        return None
    lang = names.lang
    dates = names.text("survey_dates").format(
        sent=format_date(survey.sent, lang), due=format_date(survey.due, lang)
    )
    if survey.forum is not None:
        dates += names.text("survey_forum").format(forum=format_date(survey.forum, lang))
    returns = None
    if survey.returns is not None:
        returns = survey_counts(survey).sentence(lang)
    answers = forum.open_answers
    questions = []
    for question in survey.questions:
        if question.answer != "text":
            continue
        findings = tuple(
            SurveyLine(
                names.regions([r for g in f.groups for r in forum.registry.regions_of(g)], " + "),
                f.text,
            )
            for f in survey.findings
            if f.question == question.id
        )
        given = tuple(
            SurveyLine(names.regions(line["regions"], " + "), line["text"], line["illustrative"])
            for line in answers.filter(pl.col("question_id") == question.id).iter_rows(named=True)
        )
        questions.append(
            SurveyQuestionPart(question.id, names.localized(question.text), findings, given)
        )
    return SurveyPart(names.localized(survey.title), dates, returns, tuple(questions))


def _views(by_region: pl.DataFrame, names: Namer) -> tuple[RegionViews, ...]:
    """Return the minority views region by region, as :attr:`Comparison.minority_by_region`."""
    out = []
    for (region_id,), lines in by_region.group_by("region_id", maintain_order=True):
        out.append(
            RegionViews(
                region=names.name("region", str(region_id)),
                lines=tuple(
                    ViewLine(
                        row=line["row_id"],
                        level=names.text(line["level"]),
                        verb=names.text(line["view"]),
                        body=names.name("body", line["body_id"]),
                        count=f"{line['n']}/{line['total']}",
                    )
                    for line in lines.iter_rows(named=True)
                ),
            )
        )
    return tuple(out)


def _changes(forum: Comparison, names: Namer) -> tuple[AnswerChanges, ...]:
    """Return each answer's differences from the baseline, answers in the registry's order."""
    import polars as pl

    changes = forum.changes
    order = forum.registry.region_order(r for m in forum.answered for r in m.proposers[:1])
    rank = {region: i for i, region in enumerate(order)}
    answers = sorted(
        forum.answered,
        key=lambda m: (rank.get(m.proposers[0], len(rank)) if m.proposers else len(rank), m.id),
    )
    baseline_rows = {row.row: row for row in forum.baseline.rows} if forum.baseline else {}
    out = []
    for answer in answers:
        mine = changes.filter(pl.col("matrix_id") == answer.id)
        counts = mine.group_by("change").len().sort("change")
        summary = ", ".join(f"{n} {names.text(str(change))}" for change, n in counts.iter_rows())
        out.append(
            AnswerChanges(
                name=names.regions(answer.proposers, " + ") or (answer.id,),
                title=answer.title,
                summary=f"{names.text('all_changes')}: {summary or '0'}",
                bodies=_body_changes(mine, names),
                tasks=_task_changes(mine, names),
                notes=tuple((row.row, row.note) for row in answer.rows if row.note),
                quotes=tuple(
                    (row.row, quote)
                    for row in answer.rows
                    for quote in row.quotes
                    if row.row not in baseline_rows or quote not in baseline_rows[row.row].quotes
                ),
            )
        )
    return tuple(out)


def _body_changes(changes: pl.DataFrame, names: Namer) -> tuple[BodyChanges, ...]:
    """Return an answer's bodies added, removed and given another role, row by row.

    A cell reads ``+ Ohjaamot; − KEHA, kunnat; ↕ ELY: kumppani → vastuutaho``.
    """
    cells: dict[str, dict[str, dict[str, list[Words]]]] = {}
    for line in changes.iter_rows(named=True):
        change = line["change"]
        if change not in _BODY_MARKS:
            continue
        level = cells.setdefault(line["row_id"], {}).setdefault(line["level"], defaultdict(list))
        what: Words = (names.name("body", line["body_id"]),)
        if change == Change.ROLE_CHANGED.value:
            old, new = (
                names.text(role) if role is not None else "–"
                for role in (line["role_old"], line["role_new"])
            )
            what = (*what, f": {old} → {new}")
        level[change].append(what)
    return tuple(
        BodyChanges(
            row=row_id,
            levels=tuple(
                tuple(
                    (change, mark, tuple(levels.get(level.value, {}).get(change, [])))
                    for change, mark in _BODY_MARKS.items()
                    if levels.get(level.value, {}).get(change)
                )
                for level in MATRIX_LEVELS
            ),
        )
        for row_id, levels in cells.items()
    )


def _task_changes(changes: pl.DataFrame, names: Namer) -> tuple[TaskChange, ...]:
    """Return an answer's tasks added, removed and reworded, in the order of the diff."""
    return tuple(
        TaskChange(
            row=line["row_id"],
            level=names.text(line["level"]),
            change=line["change"],
            mark=_TASK_MARKS[line["change"]],
            label=names.text(line["change"]),
            text=line["task"],
            new=line["new"] if line["change"] == Change.TASK_REWORDED.value else None,
        )
        for line in changes.iter_rows(named=True)
        if line["change"] in _TASK_MARKS
    )
