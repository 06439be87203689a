"""Altair charts of matrices and of how the regions' proposals compare.

Every function takes a frame (or a matrix) and returns an altair chart whose data travels inside
the spec, so ``chart.to_dict()`` is the whole picture and nothing is fetched from the network.
Fixed texts come from :data:`elo_coord.LABELS` in ``lang`` (Finnish by default); names of bodies,
regions and themes from the registry in ``lang``, in Finnish where the registry lacks that
language, and as the bare id where it lacks the record. Axes are sorted by explicit lists: rows in
the strategy's order, bodies in the registry's order (national bodies, then regional, then local),
regions as asked. :func:`render_svg` draws any of them as a static SVG, offline.

This module imports altair; ``import elo_coord`` does not.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import polars as pl

from elo_coord._errors import InputError, require
from elo_coord._labels import check_lang, label
from elo_coord._model import MATRIX_LEVELS, Composition, Localized, Matrix, Role, Scale, StrategyRow
from elo_coord._monitoring import MOST_OFTEN, representation
from elo_coord._palette import COLOURS, step_colour
from elo_coord._registry import Registry, default_registry

require("charts", "altair", "vl_convert")

import altair as alt  # noqa: E402 - after the check that it is installed

__all__ = [
    "enable_renderer",
    "matrix_grid",
    "ratings_change",
    "ratings_distribution",
    "ratings_heatmap",
    "region_changes",
    "render_svg",
    "representation_chart",
    "similarity_heatmap",
    "support_heatmap",
    "workload",
]

_SYMBOL = {Role.LEAD.value: "★", Role.PARTNER.value: "●"}
# Colours from the one palette: a lead is the same blue here as in the editor and the pages.
_ROLE_COLOURS = [COLOURS["lead"].fill, COLOURS["partner"].ink]
_CHANGES = ("body_added", "body_removed", "role_changed")
_CHANGE_SYMBOLS = {"body_added": "+", "body_removed": "−", "role_changed": "↕"}
_CHANGE_COLOURS = [
    COLOURS[change].fill for change in ("body_added", "body_removed", "role_changed")
]
_WORKLOAD_COLOURS = [COLOURS["bodies"].fill, COLOURS["tasks"].fill]
# The colour of a text is in the data ("ink"): an encoded condition costs altair milliseconds. It
# goes to `fill`, as a second `color` in a layer would share (and break) the cells' colour scale.
_INK = alt.Fill("ink:N", scale=None, legend=None)

_Record = dict[str, Any]
_LEVEL_RANK = {level.value: i for i, level in enumerate(MATRIX_LEVELS)}


def support_heatmap(
    lines: pl.DataFrame, *, registry: Registry | None = None, lang: str = "fi"
) -> alt.FacetChart:
    """Draw a :func:`~elo_coord.support` frame as rows × bodies, one panel per level.

    A cell's colour is ``share`` (how many of those who answered the row name the body, 0–1), its
    frame the status (consensus solid and dark, contested dashed and orange, a minority view
    grey) and its text ``n``; the tooltip gives the body's name, ``n`` of ``total``, the share in
    per cent, the status, how many named the body as the lead, and the regions that named it;
    given :attr:`~elo_coord.Comparison.support_and_camps`, also the camps of like answers that
    name it and the group-aware consensus.

    Parameters
    ----------
    lines
        A frame with the columns of :data:`~elo_coord.SUPPORT_SCHEMA` (``proposals`` and
        ``baseline_role`` are not needed).
    registry
        Where names, themes and the order of rows and bodies come from; the shipped registry by
        default.
    lang
        ``fi`` (default), ``sv`` or ``en``.

    Examples
    --------
    >>> from elo_coord import load_matrices, support
    >>> from elo_coord.charts import support_heatmap
    >>> chart = support_heatmap(support(load_matrices("matrices/proposals")))
    >>> spec = chart.to_dict()
    >>> spec["title"]
    'Kuinka moni alue nimeää toimijan riville'
    >>> spec["facet"]["column"]["sort"]
    ['Valtakunnallinen koordinaatio', 'Alueellinen koordinaatio']
    >>> spec["spec"]["encoding"]["x"]["sort"][:6]
    ['OKM', 'TEM', 'OPH', 'JOTPA', 'KEHA', 'ELY']
    """
    check_lang(lang)
    registry = default_registry() if registry is None else registry
    text = _Texts(registry, lang)
    row_ids = _rows_of(lines.get_column("row_id"), registry)
    places = text.places(row_ids)
    with_camps = "camps" in lines.columns
    records = []
    for line in lines.iter_rows(named=True):
        status = line["status"]
        records.append(
            {
                "row_id": line["row_id"],
                "theme": text.theme(places, line["row_id"]),
                "level": line["level"],
                "body_id": line["body_id"],
                "body": text.body(line["body_id"]),
                "n": line["n"],
                "total": line["total"],
                "share": line["share"],
                "ink": _ink(line["share"]),
                "status": label(status, lang) if status is not None else None,
                "lead_n": line["lead_n"],
                "regions": ", ".join(text.region(r) for r in line["regions"] or ()),
                **(
                    {
                        "camps": f"{line['camps_naming']}/{line['camps']}"
                        if line["camps"]
                        else None,
                        "group_consensus": line["group_consensus"],
                    }
                    if with_camps
                    else {}
                ),
            }
        )
    records.sort(key=_place_order(row_ids, text))
    colour = alt.Color(
        "share:Q",
        title=label("share", lang),
        scale=alt.Scale(scheme="blues", domain=[0, 1]),
        legend=alt.Legend(format=".0%"),
    )
    # The status is drawn too, not only told in the tooltip: moving a threshold visibly
    # reclassifies cells. Consensus has a solid dark frame, contested a dashed orange one.
    statuses = [label(status, lang) for status in ("consensus", "contested", "minority")]
    frame = alt.Stroke(
        "status:N",
        title=label("status", lang),
        legend=alt.Legend(symbolType="square", symbolFillColor="#ffffff", symbolStrokeWidth=2),
        scale=alt.Scale(
            domain=statuses,
            range=[COLOURS["consensus"].ink, COLOURS["contested"].ink, COLOURS["muted"].fill],
        ),
    )
    dash = alt.StrokeDash(
        "status:N", scale=alt.Scale(domain=statuses, range=[[1, 0], [3, 2], [1, 0]]), legend=None
    )
    marks = [
        alt.Chart()
        .mark_rect(strokeWidth=2, width=26, height=16)
        .encode(color=colour, stroke=frame, strokeDash=dash),
        alt.Chart().mark_text(fontSize=10, aria=False).encode(text=alt.Text("n:Q"), fill=_INK),
    ]
    tooltip = [
        *_place_tooltip(lang),
        alt.Tooltip("n:Q", title=label("named", lang)),
        alt.Tooltip("total:Q", title=label("answered", lang)),
        alt.Tooltip("share:Q", title=label("share", lang), format=".0%"),
        alt.Tooltip("status:N", title=label("status", lang)),
        alt.Tooltip("lead_n:Q", title=label("named_lead", lang)),
        *(
            [
                alt.Tooltip("camps:N", title=label("camps", lang)),
                alt.Tooltip(
                    "group_consensus:Q", title=label("group_consensus", lang), format=".2f"
                ),
            ]
            if with_camps
            else []
        ),
        alt.Tooltip("regions:N", title=label("regions", lang)),
    ]
    return _by_level(
        records, row_ids, marks, tooltip, text, title=text.title(label("chart_support", lang))
    )


def matrix_grid(
    matrix: Matrix, *, registry: Registry | None = None, lang: str = "fi"
) -> alt.FacetChart:
    """Draw one matrix as a responsibility grid: rows × bodies, one panel per level.

    The lead of a row at a level is a "★", a partner a "●", coloured by role; the tooltip gives
    the body's name, its role, the tasks it has at that row and level (its own and those of the
    level's bodies together) and, in a synthesis, the regions that proposed it there.

    Parameters
    ----------
    matrix
        The matrix; its rows are shown in its own order, bodies in the registry's.
    registry
        Where names and themes come from; the shipped registry by default.
    lang
        ``fi`` (default), ``sv`` or ``en``.

    Examples
    --------
    >>> from elo_coord import load_matrix
    >>> from elo_coord.charts import matrix_grid
    >>> spec = matrix_grid(load_matrix("matrices/proposals/lappi.yaml"), lang="en").to_dict()
    >>> spec["title"]
    'Lapin ELO-ryhmän ehdotus (kuvitteellinen esimerkki)'
    >>> spec["facet"]["column"]["sort"]
    ['National coordination', 'Regional coordination']
    """
    check_lang(lang)
    registry = default_registry() if registry is None else registry
    text = _Texts(registry, lang)
    row_ids = list(dict.fromkeys(row.row for row in matrix.rows))
    places = text.places(row_ids)
    roles = {Role.LEAD.value: label("lead", lang), Role.PARTNER.value: label("partner", lang)}
    records = []
    for row in matrix.rows:
        for level in MATRIX_LEVELS:
            cell = row.cell(level)
            for assignment in cell.bodies:
                tasks = [
                    task.text
                    for task in cell.tasks
                    if not task.bodies or assignment.body in task.bodies
                ]
                records.append(
                    {
                        "row_id": row.row,
                        "theme": text.theme(places, row.row),
                        "level": level.value,
                        "body_id": assignment.body,
                        "body": text.body(assignment.body),
                        "role": roles[assignment.role.value],
                        "symbol": _SYMBOL[assignment.role.value],
                        "tasks": "; ".join(tasks),
                        "regions": ", ".join(text.region(r) for r in assignment.regions),
                    }
                )

    colour = alt.Color(
        "role:N",
        title=label("role", lang),
        scale=alt.Scale(domain=list(roles.values()), range=_ROLE_COLOURS),
    )
    marks = [alt.Chart().mark_text(fontSize=14).encode(text=alt.Text("symbol:N"), color=colour)]
    tooltip = [
        *_place_tooltip(lang),
        alt.Tooltip("role:N", title=label("role", lang)),
        alt.Tooltip("tasks:N", title=label("tasks", lang)),
    ]
    if any(record["regions"] for record in records):
        tooltip.append(alt.Tooltip("regions:N", title=label("proposers", lang)))
    return _by_level(records, row_ids, marks, tooltip, text, title=text.title(matrix.title))


def similarity_heatmap(
    pairs: pl.DataFrame,
    *,
    order: Sequence[str] | None = None,
    measure: str = "bodies",
    registry: Registry | None = None,
    lang: str = "fi",
) -> alt.LayerChart:
    """Draw a :func:`~elo_coord.similarity` frame as a region × region heatmap.

    Parameters
    ----------
    pairs
        A frame with the columns of :data:`~elo_coord.SIMILARITY_SCHEMA`.
    order
        The regions (or answers) to show, in the order of both axes; by default every one, in
        :func:`~elo_coord.cluster_order`, so that similar regions sit together. Pairs of regions
        not in ``order`` are left out.
    measure
        ``"bodies"`` or ``"tasks"``: which Jaccard index colours the cells.
    registry
        Where the regions' names come from; the shipped registry by default. An id the registry
        lacks (a joint answer's matrix id with ``by="answer"``) is shown as it is.
    lang
        ``fi`` (default), ``sv`` or ``en``.

    Raises
    ------
    ValueError
        ``measure`` is neither ``bodies`` nor ``tasks``, or ``order`` names a region twice.

    Examples
    --------
    >>> from elo_coord import load_matrices, similarity
    >>> from elo_coord.charts import similarity_heatmap
    >>> pairs = similarity(load_matrices("matrices/proposals"))
    >>> spec = similarity_heatmap(pairs, order=["lappi", "uusimaa"], lang="sv").to_dict()
    >>> spec["encoding"]["x"]["sort"], spec["layer"][0]["encoding"]["color"]["title"]
    (['Lappland', 'Nyland'], 'Samma aktörer (Jaccard)')
    """
    from elo_coord._comparison import cluster_order

    check_lang(lang)
    if measure not in ("bodies", "tasks"):
        raise InputError(f"measure must be 'bodies' or 'tasks', not {measure!r}")
    registry = default_registry() if registry is None else registry
    text = _Texts(registry, lang)
    order = list(cluster_order(pairs, measure=measure) if order is None else order)
    if len(set(order)) != len(order):
        raise InputError("order names a region more than once")
    rank = {region: i for i, region in enumerate(order)}
    names = [text.region(region) for region in order]
    records = sorted(
        (
            {
                "a": a,
                "b": b,
                "a_name": text.region(a),
                "b_name": text.region(b),
                "pair": f"{text.region(a)} – {text.region(b)}",
                "value": value,
                # A pair with nothing to compare (both sets empty) has no value and no text.
                "text": f"{value:.2f}" if value is not None else "",
                "ink": _ink(value),
            }
            for a, b, value in pairs.select("a", "b", measure).iter_rows()
            if a in rank and b in rank
        ),
        key=lambda r: (rank[r["a"]], rank[r["b"]]),
    )
    title = label("similar_bodies" if measure == "bodies" else "similar_tasks", lang)
    region = label("region", lang)
    colour = alt.Color("value:Q", title=title, scale=alt.Scale(scheme="greens", domain=[0, 1]))
    return (
        alt.layer(
            alt.Chart().mark_rect().encode(color=colour),
            alt.Chart()
            .mark_text(fontSize=9, aria=False)
            .encode(text=alt.Text("text:N"), fill=_INK),
            data={"values": records},
            title=text.title(label("chart_similarity", lang)),
        )
        .encode(
            x=alt.X("b_name:N", sort=names, scale=alt.Scale(domain=names), title=region),
            y=alt.Y("a_name:N", sort=names, scale=alt.Scale(domain=names), title=region),
            tooltip=[
                alt.Tooltip("pair:N", title=label("regions", lang)),
                alt.Tooltip("value:Q", title=title, format=".2f"),
            ],
        )
        .properties(width=alt.Step(34), height=alt.Step(20))
    )


def ratings_heatmap(
    rated: pl.DataFrame,
    scale: Scale,
    *,
    year: int,
    by: str = "self",
    registry: Registry | None = None,
    lang: str = "fi",
) -> alt.LayerChart:
    """Draw the groups' steps in each area of ``scale`` for one ``year``: groups × areas.

    A cell's colour and number are the step (1–4); its tooltip gives the step's title from the
    scale and the evidence. Only assessments are drawn, never the scale's examples (they rate no
    group). Illustrative ratings say so in the title.

    Parameters
    ----------
    rated
        A frame with the columns of :data:`~elo_coord.RATING_SCHEMA` (:func:`elo_coord.ratings`).
    scale
        The scale rated on: the areas in its order, the steps' titles.
    year
        The year of work to draw.
    by
        ``self`` (default) or ``researcher``.
    registry
        Where the groups' names come from; the shipped registry by default.
    lang
        ``fi`` (default), ``sv`` or ``en``.

    Examples
    --------
    >>> from elo_coord import load_assessments, load_scale, ratings
    >>> scale = load_scale("matrices/monitoring/scale-2016.yaml")
    >>> year = load_assessments("matrices/monitoring/assessments/kuvitteellinen-2017.yaml")
    >>> spec = ratings_heatmap(ratings(scale, [year]), scale, year=2017).to_dict()
    >>> (values,) = spec["datasets"].values()  # Lappi, Uusimaa, Keski-Suomi, Pohjois-Karjala
    >>> len(values), spec["title"]["subtitle"]
    (32, 'Kuvitteellinen esimerkki, ei oikea arvio')
    """
    check_lang(lang)
    if by not in ("self", "researcher"):
        raise InputError(f"by must be 'self' or 'researcher', not {by!r}")
    registry = default_registry() if registry is None else registry
    lines = rated.filter(
        (pl.col("kind") == "assessment") & (pl.col("year") == year) & (pl.col("by") == by)
    )
    areas = {area.id: area for area in scale.areas}

    def group_name(group_id: str) -> str:
        name = registry.name("group", group_id, check_lang(lang))
        return f"{name.text}*" if name.fallback else name.text

    def step_title(area_id: str, step: int) -> str:
        steps = areas[area_id].steps if area_id in areas else ()
        return steps[step - 1].title if step <= len(steps) else ""

    records = [
        {
            "group": group_name(group_id),
            "area": areas[area_id].title if area_id in areas else area_id,
            "step": step,
            "text": str(step),
            "ink": step_colour(step).on_fill,
            "step_title": step_title(area_id, step),
            "evidence": evidence or "",
        }
        for group_id, area_id, step, evidence in lines.select(
            "group_id", "area_id", "step", "evidence"
        ).iter_rows()
    ]
    heading = label("chart_ratings", lang).format(year=year, by=label(f"rated_{by}", lang))
    title: str | alt.TitleParams = heading
    if lines.get_column("illustrative").any():
        title = alt.TitleParams(text=heading, subtitle=label("illustrative_ratings", lang))
    steps = [1, 2, 3, 4]
    colour = alt.Color(
        "step:O",
        title=label("step", lang),
        scale=alt.Scale(domain=steps, range=[step_colour(step).fill for step in steps]),
    )
    tooltip = [
        alt.Tooltip("step:Q", title=label("step", lang)),
        alt.Tooltip("step_title:N", title=""),
        alt.Tooltip("evidence:N", title=label("evidence", lang)),
    ]
    return _groups_by_areas(records, scale, title, colour, tooltip, lang)


def ratings_change(
    rated: pl.DataFrame,
    scale: Scale,
    *,
    first: int,
    last: int,
    by: str = "self",
    registry: Registry | None = None,
    lang: str = "fi",
) -> alt.LayerChart:
    """Draw how each group's step changed from year ``first`` to year ``last``: groups × areas.

    A cell is ``last`` minus ``first`` (``+1``: a step up), coloured green up and red down; only
    the groups and areas rated in both years are drawn. Illustrative ratings say so in the title.

    Examples
    --------
    >>> from pathlib import Path
    >>> from elo_coord import load_assessments, load_scale, ratings
    >>> scale = load_scale("matrices/monitoring/scale-2016.yaml")
    >>> folder = Path("matrices/monitoring/assessments")
    >>> years = [load_assessments(path) for path in sorted(folder.glob("*.yaml"))]
    >>> spec = ratings_change(ratings(scale, years), scale, first=2017, last=2018).to_dict()
    >>> (values,) = spec["datasets"].values()  # Lappi, Uusimaa, Pohjois-Karjala: 8 areas each
    >>> len(values)
    24
    """
    check_lang(lang)
    if by not in ("self", "researcher"):
        raise InputError(f"by must be 'self' or 'researcher', not {by!r}")
    registry = default_registry() if registry is None else registry
    lines = rated.filter(
        (pl.col("kind") == "assessment")
        & (pl.col("by") == by)
        & pl.col("year").is_in([first, last])
    )
    steps = {
        (group_id, area_id, year): step
        for group_id, area_id, year, step in lines.select(
            "group_id", "area_id", "year", "step"
        ).iter_rows()
    }
    titles = {area.id: area.title for area in scale.areas}
    records = []
    for (group_id, area_id, year), step in steps.items():
        if year != last or (group_id, area_id, first) not in steps:
            continue
        change = step - steps[group_id, area_id, first]
        name = registry.name("group", group_id, check_lang(lang))
        records.append(
            {
                "group": f"{name.text}*" if name.fallback else name.text,
                "area": titles.get(area_id, area_id),
                "change": change,
                "text": f"{change:+d}" if change else "0",
                "ink": "white" if abs(change) >= 2 else "black",
                "from": steps[group_id, area_id, first],
                "to": step,
            }
        )
    heading = label("chart_ratings_change", lang).format(
        first=first, last=last, by=label(f"rated_{by}", lang)
    )
    title: str | alt.TitleParams = heading
    if lines.get_column("illustrative").any():
        title = alt.TitleParams(text=heading, subtitle=label("illustrative_ratings", lang))
    colour = alt.Color(
        "change:Q",
        title=label("change", lang),
        scale=alt.Scale(scheme="redyellowgreen", domain=[-3, 3]),
    )
    tooltip = [alt.Tooltip("from:Q", title=str(first)), alt.Tooltip("to:Q", title=str(last))]
    return _groups_by_areas(records, scale, title, colour, tooltip, lang)


def ratings_distribution(
    rated: pl.DataFrame,
    scale: Scale,
    *,
    year: int,
    by: str = "self",
    lang: str = "fi",
) -> alt.Chart:
    """Draw how many groups stand at each step in each area of ``scale`` in ``year``.

    A bar per area, in the scale's order, split by step in the steps' colours; only assessments
    are counted, never the scale's examples. Illustrative ratings say so in the title.

    Examples
    --------
    >>> from elo_coord import load_assessments, load_scale, ratings
    >>> scale = load_scale("matrices/monitoring/scale-2016.yaml")
    >>> year = load_assessments("matrices/monitoring/assessments/kuvitteellinen-2018.yaml")
    >>> spec = ratings_distribution(ratings(scale, [year]), scale, year=2018).to_dict()
    >>> (values,) = spec["datasets"].values()
    >>> evaluation = "Alueellisen elinikäisen ohjauksen vision ja strategian toteutumisen arviointi"
    >>> sorted((v["step"], v["groups"]) for v in values if v["area"] == evaluation)
    [(2, 2), (3, 1)]
    """
    check_lang(lang)
    if by not in ("self", "researcher"):
        raise InputError(f"by must be 'self' or 'researcher', not {by!r}")
    lines = rated.filter(
        (pl.col("kind") == "assessment") & (pl.col("year") == year) & (pl.col("by") == by)
    )
    titles = {area.id: area.title for area in scale.areas}
    counts = lines.group_by("area_id", "step").agg(pl.col("group_id").n_unique().alias("groups"))
    records = [
        {"area": titles.get(area_id, area_id), "step": step, "groups": groups}
        for area_id, step, groups in counts.sort("area_id", "step").iter_rows()
    ]
    heading = label("chart_distribution", lang).format(year=year, by=label(f"rated_{by}", lang))
    title: str | alt.TitleParams = heading
    if lines.get_column("illustrative").any():
        title = alt.TitleParams(text=heading, subtitle=label("illustrative_ratings", lang))
    steps = [1, 2, 3, 4]
    chart: alt.Chart = (
        alt.Chart({"values": records}, title=title)
        .mark_bar(stroke="white")
        .encode(
            y=alt.Y(
                "area:N",
                sort=[area.title for area in scale.areas],
                title=None,  # the labels are the areas; a title would sit on the long ones
                axis=alt.Axis(labelLimit=260),
            ),
            x=alt.X(
                "groups:Q",
                stack="zero",
                title=label("groups_count", lang),
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            color=alt.Color(
                "step:O",
                title=label("step", lang),
                scale=alt.Scale(domain=steps, range=[step_colour(step).fill for step in steps]),
            ),
            order=alt.Order("step:O"),
            tooltip=[
                alt.Tooltip("area:N", title=label("area", lang)),
                alt.Tooltip("step:O", title=label("step", lang)),
                alt.Tooltip("groups:Q", title=label("groups_count", lang)),
            ],
        )
        .properties(width=360, height=alt.Step(22))
    )
    return chart


def representation_chart(composition: Composition, *, lang: str = "fi") -> alt.LayerChart:
    """Draw how many groups each kind of organisation sits in, coloured by its band.

    The bands are :func:`elo_coord.representation`'s: most often, in over half, less often. Rules
    mark half the groups and three in four. Illustrative data says so in the title.

    Examples
    --------
    >>> from elo_coord import load_composition
    >>> made_up = load_composition("matrices/monitoring/composition/kuvitteellinen-2014.yaml")
    >>> spec = representation_chart(made_up).to_dict()
    >>> (values, rules) = spec["datasets"].values()
    >>> values[0]["kind"], values[0]["groups"], [rule["x"] for rule in rules]
    ('ELY-keskus', 12, [6.0, 9.0])
    """
    check_lang(lang)
    shares = representation(composition)
    total = len(composition.groups)
    bands = ["most_often", "over_half", "less_often"]
    records = [
        {
            "kind": kind,
            "groups": groups,
            "steering": steering,
            "band": label(f"band_{band}", lang),
            "text": f"{groups}/{total}",
        }
        for kind, groups, steering, band in shares.select(
            "kind", "groups", "steering", "band"
        ).iter_rows()
    ]
    heading = label("chart_representation", lang).format(year=composition.year)
    title: str | alt.TitleParams = heading
    if composition.illustrative:
        title = alt.TitleParams(
            text=heading, subtitle=label("representation_illustrative", lang).format(n=total)
        )
    order = [record["kind"] for record in records]
    bars = (
        alt.Chart({"values": records})
        .mark_bar()
        .encode(
            y=alt.Y("kind:N", sort=order, title=label("kind_of_member", lang)),
            x=alt.X(
                "groups:Q",
                title=label("groups_count", lang),
                scale=alt.Scale(domain=[0, total]),
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            color=alt.Color(
                "band:N",
                title=label("band", lang),
                sort=[label(f"band_{band}", lang) for band in bands],
                scale=alt.Scale(
                    domain=[label(f"band_{band}", lang) for band in bands],
                    range=[COLOURS[f"band_{band}"].fill for band in bands],
                ),
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=360),
            ),
            tooltip=[
                alt.Tooltip("kind:N", title=label("kind_of_member", lang)),
                alt.Tooltip("text:N", title=label("groups_count", lang)),
                alt.Tooltip("steering:Q", title=label("in_steering", lang)),
                alt.Tooltip("band:N", title=label("band", lang)),
            ],
        )
    )
    rules = (
        alt.Chart({"values": [{"x": total / 2}, {"x": total * MOST_OFTEN}]})
        .mark_rule(strokeDash=[4, 3], color=COLOURS["muted"].ink)
        .encode(x="x:Q")
    )
    return alt.LayerChart(layer=[bars, rules], title=title).properties(
        width=320, height=alt.Step(20)
    )


def _groups_by_areas(
    records: list[_Record],
    scale: Scale,
    title: str | alt.TitleParams,
    colour: alt.Color,
    tooltip: list[alt.Tooltip],
    lang: str,
) -> alt.LayerChart:
    """Draw ``records`` (``group``, ``area``, ``text``, ``ink``) as groups × the scale's areas.

    The ratings' heatmap and their change share it: a coloured cell with its number, groups in
    name order, areas in the scale's; ``tooltip`` follows the group and the area.
    """
    groups = sorted({record["group"] for record in records})
    areas = [area.title for area in scale.areas]
    return (
        alt.layer(
            alt.Chart().mark_rect().encode(color=colour),
            alt.Chart()
            .mark_text(fontSize=12, aria=False)
            .encode(text=alt.Text("text:N"), fill=_INK),
            data={"values": records},
            title=title,
        )
        .encode(
            x=alt.X(
                "area:N",
                sort=areas,
                scale=alt.Scale(domain=areas),
                title=label("area", lang),
                axis=alt.Axis(labelAngle=-35, labelLimit=260),
            ),
            y=alt.Y("group:N", sort=groups, title=label("group", lang)),
            tooltip=[
                alt.Tooltip("group:N", title=label("group", lang)),
                alt.Tooltip("area:N", title=label("area", lang)),
                *tooltip,
            ],
        )
        .properties(width=alt.Step(46), height=alt.Step(26))
    )


def workload(
    lines: pl.DataFrame, *, registry: Registry | None = None, lang: str = "fi"
) -> alt.HConcatChart:
    """Draw how many rows each body coordinates, agreed and proposed, one panel per level.

    For each body at each level two bars: the rows where it has consensus (``status`` is
    ``consensus``) and the rows the proposals give it, the sum of its ``share`` over the rows —
    how many rows an average region gives it. Bodies are sorted by the latter, most first.

    Parameters
    ----------
    lines
        A frame with the columns of :data:`~elo_coord.SUPPORT_SCHEMA`.
    registry
        Where the bodies' names come from; the shipped registry by default.
    lang
        ``fi`` (default), ``sv`` or ``en``.

    Examples
    --------
    >>> from elo_coord import load_matrices, support
    >>> from elo_coord.charts import workload
    >>> spec = workload(support(load_matrices("matrices/proposals"))).to_dict()
    >>> spec["hconcat"][0]["encoding"]["y"]["sort"][:2]
    ['OKM', 'TEM']
    """
    check_lang(lang)
    registry = default_registry() if registry is None else registry
    text = _Texts(registry, lang)
    consensus: Counter[tuple[str, str]] = Counter()
    proposed: defaultdict[tuple[str, str], float] = defaultdict(float)
    for level, body_id, share, status in lines.select(
        "level", "body_id", "share", "status"
    ).iter_rows():
        proposed[level, body_id] += share or 0.0
        consensus[level, body_id] += status == "consensus"
    measures = {
        "consensus": label("consensus_rows", lang),
        "proposed": label("proposed_rows", lang),
    }
    levels = [level.value for level in MATRIX_LEVELS]
    keys = sorted(
        proposed,
        key=lambda k: (levels.index(k[0]), -proposed[k], -consensus[k], text.rank(k[1])),
    )
    records = []
    for level, body_id in keys:
        # Both numbers go in both bars' records, for one tooltip that names each.
        numbers = {
            "consensus": consensus[level, body_id],
            "proposed": round(proposed[level, body_id], 12),
        }
        common = {
            "level": level,
            "body_id": body_id,
            "body_label": text.short(body_id),
            "body": text.body(body_id),
            **numbers,
        }
        records += [
            {**common, "measure": measures[key], "value": value} for key, value in numbers.items()
        ]
    colour = alt.Color(
        "measure:N",
        title=None,
        scale=alt.Scale(domain=list(measures.values()), range=_WORKLOAD_COLOURS),
        legend=alt.Legend(orient="bottom"),
    )
    panels = []
    for level in levels:
        bodies = [text.short(body_id) for key_level, body_id in keys if key_level == level]
        panels.append(
            alt.Chart(title=label(level, lang))
            .transform_filter(alt.datum.level == level)
            .mark_bar()
            .encode(
                y=alt.Y("body_label:N", sort=bodies, title=label("body", lang)),
                yOffset=alt.YOffset("measure:N", sort=list(measures.values())),
                x=alt.X("value:Q", title=label("rows", lang)),
                color=colour,
                tooltip=[
                    alt.Tooltip("body:N", title=label("body", lang)),
                    alt.Tooltip("consensus:Q", title=measures["consensus"]),
                    alt.Tooltip("proposed:Q", title=measures["proposed"], format=".1f"),
                ],
            )
            .properties(width=220, height=alt.Step(9))
        )
    return alt.hconcat(
        *panels, data={"values": records}, title=text.title(label("chart_workload", lang))
    )


def region_changes(
    changes: pl.DataFrame, *, registry: Registry | None = None, lang: str = "fi"
) -> alt.FacetChart:
    """Draw one proposal's changes to the baseline as rows × bodies, one panel per level.

    Only bodies added, removed or given another role are drawn (``+``, ``−``, ``↕``, coloured by
    the change); the tooltip gives the body's name and its role before and after. The title names
    the region whose matrix it is (or the matrix id of a joint answer).

    Parameters
    ----------
    changes
        A :func:`~elo_coord.diff` frame, or a :func:`~elo_coord.diffs` frame of one matrix.
    registry
        Where names and the order of rows and bodies come from; the shipped registry by default.
    lang
        ``fi`` (default), ``sv`` or ``en``.

    Raises
    ------
    ValueError
        The frame holds the changes of more than one matrix.

    Examples
    --------
    >>> from elo_coord import diff, load_matrix
    >>> from elo_coord.charts import region_changes
    >>> baseline = load_matrix("matrices/baseline/tno-2022.yaml")
    >>> lappi = load_matrix("matrices/proposals/lappi.yaml")
    >>> spec = region_changes(diff(baseline, lappi), lang="sv").to_dict()
    >>> spec["title"]["text"]
    'Ändringar mot utgångsläget: Lappland'
    """
    check_lang(lang)
    registry = default_registry() if registry is None else registry
    text = _Texts(registry, lang)
    matrix_ids = changes.get_column("matrix_id").unique().drop_nulls().sort().to_list()
    if len(matrix_ids) > 1:
        raise InputError(
            f"the changes are of {len(matrix_ids)} matrices ({', '.join(matrix_ids)});"
            " filter one matrix_id first"
        )
    lines = changes.filter(pl.col("change").cast(pl.String).is_in(_CHANGES))
    row_ids = _rows_of(lines.get_column("row_id"), registry)
    places = text.places(row_ids)
    names = {change: label(change, lang) for change in _CHANGES}
    records = sorted(
        (
            {
                "row_id": line["row_id"],
                "theme": text.theme(places, line["row_id"]),
                "level": line["level"],
                "body_id": line["body_id"],
                "body": text.body(line["body_id"]),
                "change": names[line["change"]],
                "symbol": _CHANGE_SYMBOLS[line["change"]],
                "before": _role(line["role_old"], lang),
                "after": _role(line["role_new"], lang),
            }
            for line in lines.iter_rows(named=True)
        ),
        key=_place_order(row_ids, text),
    )
    colour = alt.Color(
        "change:N",
        title=label("change", lang),
        scale=alt.Scale(domain=list(names.values()), range=_CHANGE_COLOURS),
    )
    marks = [
        alt.Chart().mark_rect().encode(color=colour),
        alt.Chart()
        .mark_text(fontSize=12, color="white", aria=False)
        .encode(text=alt.Text("symbol:N")),
    ]
    tooltip = [
        *_place_tooltip(lang),
        alt.Tooltip("change:N", title=label("change", lang)),
        alt.Tooltip("before:N", title=label("before", lang)),
        alt.Tooltip("after:N", title=label("after", lang)),
    ]
    title = label("chart_changes", lang)
    if matrix_ids:
        title += f": {text.region(matrix_ids[0])}"
    return _by_level(records, row_ids, marks, tooltip, text, title=text.title(title))


def enable_renderer() -> str:
    """Make altair draw charts without network: live in JupyterLab, as SVG in an export.

    In a notebook, call it once before showing charts. Live, charts become altair's
    ``JupyterChart`` widgets carrying their own copy of vega (no CDN); when a notebook is exported
    (export mode, see :func:`elo_coord._export.exporting`) they become inline SVG images.

    Returns
    -------
    str
        The renderer enabled: ``"jupyter"`` or ``"svg"``.
    """
    from elo_coord._export import exporting

    if exporting():
        alt.renderers.enable("svg")
        return "svg"
    alt.renderers.enable("jupyter", offline=True)
    return "jupyter"


def render_svg(chart: alt.TopLevelMixin) -> str:
    """Draw ``chart`` as a static SVG with vl-convert, without a browser or the network.

    Examples
    --------
    >>> from elo_coord import load_matrix
    >>> from elo_coord.charts import matrix_grid, render_svg
    >>> render_svg(matrix_grid(load_matrix("matrices/baseline/tno-2022.yaml"))).startswith("<svg")
    True
    """
    import vl_convert
    from altair.utils._importers import vl_version_for_vl_convert

    svg: str = vl_convert.vegalite_to_svg(chart.to_dict(), vl_version=vl_version_for_vl_convert())
    return svg


# --- helpers -------------------------------------------------------------------------------------


class _Texts:
    """Names from the registry in one language, with the id where the registry lacks a record.

    A name the registry lacks in the language comes in Finnish followed by ``*``, and the chart's
    title gets a subtitle saying so: visibly, not silently.
    """

    def __init__(self, registry: Registry, lang: str) -> None:
        self.registry = registry
        self.lang = lang
        self.fell_back = False
        self._ranks = {body_id: i for i, body_id in enumerate(registry.bodies)}

    def name(self, names: Localized) -> str:
        if getattr(names, self.lang) is not None:
            return names.text(self.lang)
        self.fell_back = True
        return f"{names.fi}*"

    def title(self, text: str) -> str | alt.TitleParams:
        """Return the chart title, with a note on names shown in Finnish if there were any."""
        if not self.fell_back:
            return text
        return alt.TitleParams(text=text, subtitle=f"* {label('fallback_note', self.lang)}")

    def short(self, body_id: str) -> str:
        """Return what an axis shows for a body: its usual short name, not its id."""
        name = self.registry.name("body", body_id, check_lang(self.lang))
        return f"{name.text}*" if name.fallback else name.text

    def body(self, body_id: str) -> str:
        body = self.registry.bodies.get(body_id)
        return self.name(body.names) if body is not None else body_id

    def region(self, region_id: str) -> str:
        region = self.registry.regions.get(region_id)
        return self.name(region.names) if region is not None else region_id

    def rank(self, body_id: str) -> tuple[int, str]:
        """Sort key of a body: the registry's order, then unknown ids alphabetically."""
        return self._ranks.get(body_id, len(self._ranks)), body_id

    def places(self, row_ids: Iterable[str]) -> Mapping[str, StrategyRow]:
        """Return the rows of the strategy that has most of ``row_ids``, by id."""
        return _strategy_rows(self.registry, tuple(row_ids))

    def theme(self, places: Mapping[str, StrategyRow], row_id: str) -> str | None:
        place = places.get(row_id)
        return self.name(place.theme.names) if place is not None else None


def _strategy_rows(registry: Registry, row_ids: tuple[str, ...]) -> dict[str, StrategyRow]:
    wanted = set(row_ids)
    best: dict[str, StrategyRow] = {}
    for strategy_id in sorted(registry.strategies):
        rows = {row.id: row for row in registry.strategies[strategy_id].rows()}
        if len(wanted & rows.keys()) > len(wanted & best.keys()):
            best = rows
    return best


def _rows_of(row_ids: pl.Series, registry: Registry) -> list[str]:
    """Order row ids as their strategy does; rows it lacks follow in order of appearance."""
    seen = list(dict.fromkeys(row_ids.drop_nulls().to_list()))
    rank = {row_id: i for i, row_id in enumerate(_strategy_rows(registry, tuple(seen)))}
    # sorted() is stable: rows with the same (missing) rank keep their order of appearance.
    return sorted(seen, key=lambda row_id: rank.get(row_id, len(rank)))


def _place_order(row_ids: list[str], text: _Texts) -> Callable[[_Record], tuple[Any, ...]]:
    """Return the sort key of records: by row as ``row_ids`` has them, level, then body."""
    rank = {row_id: i for i, row_id in enumerate(row_ids)}
    return lambda r: (rank[r["row_id"]], _LEVEL_RANK[r["level"]], text.rank(r["body_id"]))


def _place_tooltip(lang: str) -> list[alt.Tooltip]:
    """Return the tooltip's first lines in a rows × bodies chart: where the cell is."""
    return [
        alt.Tooltip("row_id:N", title=label("row", lang)),
        alt.Tooltip("theme:N", title=label("theme", lang)),
        alt.Tooltip("body:N", title=label("body", lang)),
    ]


def _ink(value: float | None) -> str:
    """Return the colour of text on a cell coloured by ``value`` (0–1): white on dark cells."""
    return "white" if value is not None and value > 0.6 else "black"


def _role(role: str | None, lang: str) -> str | None:
    """Return a diff's ``role_old`` or ``role_new`` in ``lang``."""
    return label(role, lang) if role is not None else None


def _by_level(
    records: list[_Record],
    row_ids: list[str],
    marks: list[alt.Chart],
    tooltip: list[alt.Tooltip],
    text: _Texts,
    *,
    title: str | alt.TitleParams,
) -> alt.FacetChart:
    """Put rows × bodies side by side, national then regional, on one shared row axis.

    One faceted spec rather than two concatenated ones: half the spec for altair to build and
    check, which the workbench does on every click.
    """
    lang = text.lang
    levels = {level.value: label(level.value, lang) for level in MATRIX_LEVELS}
    for record in records:
        record["level_name"] = levels[record["level"]]
        record["body_label"] = text.short(record["body_id"])
    bodies = [
        text.short(body_id)
        for body_id in sorted({record["body_id"] for record in records}, key=text.rank)
    ]
    return (
        alt.layer(*marks)
        .encode(
            x=alt.X(
                "body_label:N",
                sort=bodies,
                title=None,
                axis=alt.Axis(orient="top", labelAngle=-45),
            ),
            y=alt.Y(
                "row_id:N", sort=row_ids, scale=alt.Scale(domain=row_ids), title=label("row", lang)
            ),
            tooltip=tooltip,
        )
        .properties(width=alt.Step(30), height=alt.Step(20))
        .facet(
            column=alt.Column(
                "level_name:N",
                sort=list(levels.values()),
                title=None,
                # A word a line, so that the name of a level fits over a narrow panel.
                header=alt.Header(
                    labelExpr="split(datum.label, ' ')", labelFontSize=12, labelFontWeight="bold"
                ),
            ),
            data={"values": records},
            title=title,
            spacing=24,
            resolve=alt.Resolve(scale=alt.ScaleResolveMap(x="independent")),
        )
    )
