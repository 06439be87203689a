"""The charts, read as Vega-Lite specs: their data, axes, labels and titles, never their pixels."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import altair as alt
import polars as pl
import pytest

from elo_coord import (
    DIFF_SCHEMA,
    SIMILARITY_SCHEMA,
    SUPPORT_SCHEMA,
    Comparison,
    Localized,
    Matrix,
    Region,
    Registry,
    diff,
    load_matrices,
    load_matrix,
    similarity,
    support,
)
from elo_coord.charts import (
    matrix_grid,
    region_changes,
    render_svg,
    similarity_heatmap,
    support_heatmap,
    workload,
)

from .conftest import MATRICES

EVERYONE = ["lappi", "pirkanmaa", "uusimaa", "varsinais-suomi"]
T1 = "Saavutettavasti ja asiakaslähtöisesti"
T2 = "Digitaalisesti"


def records(chart: alt.TopLevelMixin) -> list[dict[str, Any]]:
    """Return the data a chart carries in its spec, as records."""
    spec = chart.to_dict()
    data = spec["data"]
    values: list[dict[str, Any]] = (
        data["values"] if "values" in data else spec["datasets"][data["name"]]
    )
    return values


def cell(rows: list[dict[str, Any]], row_id: str, body_id: str, **more: Any) -> dict[str, Any]:
    """Return the one record of ``row_id`` and ``body_id`` (and any further field values)."""
    found = [
        r
        for r in rows
        if r["row_id"] == row_id
        and r["body_id"] == body_id
        and all(r[key] == value for key, value in more.items())
    ]
    assert len(found) == 1, found
    return found[0]


def tooltip_fields(encoding: dict[str, Any]) -> list[str]:
    return [item["field"] for item in encoding["tooltip"]]


@pytest.fixture
def lines() -> pl.DataFrame:
    """A support frame of 2 rows × 3 bodies, regional lines first, the later row first."""
    line = dict.fromkeys(SUPPORT_SCHEMA)
    rows = [
        ("T2.1", "regional", "ELY", 3, 4, 1, ["lappi", "pirkanmaa", "uusimaa"], "consensus"),
        ("T2.1", "national", "OKM", 4, 4, 0, EVERYONE, "consensus"),
        ("T2.1", "national", "KEHA-2026", 1, 4, 0, ["lappi"], "minority"),
        ("T1.1a", "regional", "ELY", 4, 4, 2, EVERYONE, "consensus"),
        ("T1.1a", "national", "OKM", 2, 4, 0, ["lappi", "uusimaa"], "contested"),
        ("T1.1a", "national", "KEHA-2026", 1, 4, 1, ["uusimaa"], "minority"),
    ]
    return pl.DataFrame(
        [
            {
                **line,
                "row_id": row_id,
                "level": level,
                "body_id": body_id,
                "n": n,
                "total": total,
                "share": n / total,
                "agreement": (1 + n) / (2 + total),
                "lead_n": lead_n,
                "regions": regions,
                "proposals": regions,
                "status": status,
            }
            for row_id, level, body_id, n, total, lead_n, regions, status in rows
        ],
        schema=SUPPORT_SCHEMA,
        orient="row",
    )


@pytest.fixture(scope="module")
def lappi() -> Matrix:
    return load_matrix(MATRICES / "proposals" / "lappi.yaml")


# --- support_heatmap -----------------------------------------------------------------------------


def test_the_heatmap_carries_one_record_per_line_with_its_share_and_count(
    lines: pl.DataFrame,
) -> None:
    data = records(support_heatmap(lines))
    assert len(data) == 6
    assert cell(data, "T2.1", "ELY")["share"] == 0.75
    assert cell(data, "T2.1", "ELY")["n"] == 3
    assert cell(data, "T1.1a", "OKM")["share"] == 0.5
    assert cell(data, "T1.1a", "KEHA-2026")["total"] == 4


def test_the_heatmap_puts_rows_in_the_strategys_order_and_national_bodies_first(
    lines: pl.DataFrame,
) -> None:
    spec = support_heatmap(lines).to_dict()
    encoding = spec["spec"]["encoding"]
    assert encoding["y"]["sort"] == ["T1.1a", "T2.1"]
    assert encoding["x"]["sort"] == ["OKM", "KEHA-2026", "ELY"]
    assert spec["facet"]["column"]["field"] == "level_name"
    assert spec["facet"]["column"]["sort"] == [
        "Valtakunnallinen koordinaatio",
        "Alueellinen koordinaatio",
    ]
    assert [r["row_id"] for r in records(support_heatmap(lines))] == ["T1.1a"] * 3 + ["T2.1"] * 3


def test_the_heatmap_colours_by_share_from_0_to_1_and_writes_the_count(
    lines: pl.DataFrame,
) -> None:
    rect, text = support_heatmap(lines).to_dict()["spec"]["layer"]
    assert rect["mark"]["type"] == "rect"
    assert rect["encoding"]["color"]["field"] == "share"
    assert rect["encoding"]["color"]["scale"]["domain"] == [0, 1]
    assert text["mark"]["type"] == "text"
    assert text["encoding"]["text"]["field"] == "n"


def test_the_heatmap_frames_each_cell_by_its_status(lines: pl.DataFrame) -> None:
    rect, _ = support_heatmap(lines).to_dict()["spec"]["layer"]
    frame = rect["encoding"]["stroke"]
    assert frame["field"] == "status"
    assert frame["scale"]["domain"] == ["yhteisymmärrys", "kiistanalainen", "vähemmistön näkemys"]
    # Consensus in the lead's dark ink, contested in the orange of contested cells.
    assert frame["scale"]["range"][:2] == ["#08306b", "#8a4500"]
    assert rect["encoding"]["strokeDash"]["field"] == "status"


def test_the_heatmap_tooltip_names_the_body_its_counts_status_and_regions(
    lines: pl.DataFrame,
) -> None:
    chart = support_heatmap(lines)
    tooltip = chart.to_dict()["spec"]["encoding"]["tooltip"]
    fields = {item["field"]: item for item in tooltip}
    assert set(fields) >= {"body", "n", "total", "share", "status", "lead_n", "regions", "theme"}
    assert fields["share"]["format"] == ".0%"
    ely = cell(records(chart), "T2.1", "ELY")
    assert ely["body"] == "elinkeino-, liikenne- ja ympäristökeskus"
    assert ely["status"] == "yhteisymmärrys"
    assert ely["lead_n"] == 1
    assert ely["regions"] == "Lappi, Pirkanmaa, Uusimaa"
    assert ely["theme"] == T2
    assert cell(records(chart), "T1.1a", "OKM")["theme"] == T1


def test_the_heatmap_tooltip_gives_the_camps_and_group_consensus_beside_the_share() -> None:
    # JOTPA on T1.1a: the whole of one camp of 7 names it, none of the other camp of 6: camps
    # 1/2, group-aware consensus (1 + 7) / (2 + 7) × (1 + 0) / (2 + 6) = 1/9.
    forum = Comparison(load_matrices(MATRICES / "proposals"))
    chart = support_heatmap(forum.support_and_camps)
    fields = {item["field"] for item in chart.to_dict()["spec"]["encoding"]["tooltip"]}
    assert {"camps", "group_consensus"} <= fields
    jotpa = cell(records(chart), "T1.1a", "JOTPA", level="national")
    assert jotpa["camps"] == "1/2"
    assert jotpa["group_consensus"] == pytest.approx(1 / 9)
    assert "camps" not in cell(records(support_heatmap(forum.support)), "T1.1a", "JOTPA")


def test_the_heatmap_speaks_swedish_and_english_when_asked(lines: pl.DataFrame) -> None:
    swedish = support_heatmap(lines, lang="sv")
    # The themes have no Swedish names: shown in Finnish, marked, and the title says so.
    assert swedish.to_dict()["title"] == {
        "text": "Hur många regioner som anger aktören för raden",
        "subtitle": "* Namnet på finska: registret saknar ett svenskt namn.",
    }
    ely = cell(records(swedish), "T2.1", "ELY")
    assert ely["body"] == "närings-, trafik- och miljöcentral"
    assert ely["regions"] == "Lappland, Birkaland, Nyland"
    assert ely["status"] == "samförstånd"
    assert ely["level_name"] == "Regional koordinering"
    english = support_heatmap(lines, lang="en")
    assert english.to_dict()["title"] == "How many regions name the body for the row"
    assert cell(records(english), "T1.1a", "OKM")["status"] == "contested"
    assert cell(records(english), "T1.1a", "OKM")["theme"] == "Accessible and customer-oriented"


def test_names_missing_in_the_language_fall_back_to_finnish(lines: pl.DataFrame) -> None:
    swedish = records(support_heatmap(lines, lang="sv"))
    # KEHA-2026 and the themes have no Swedish name; the regions have English ones.
    assert (
        cell(swedish, "T2.1", "KEHA-2026")["body"] == "Työllisyys-, kehittämis- ja hallintokeskus*"
    )
    assert cell(swedish, "T2.1", "KEHA-2026")["theme"] == f"{T2}*"
    english = records(support_heatmap(lines, lang="en"))
    assert cell(english, "T1.1a", "OKM")["regions"] == "Lapland, Uusimaa"


def test_a_region_without_a_swedish_name_is_named_in_finnish(
    lines: pl.DataFrame, registry: Registry
) -> None:
    finnish_only = Region(
        id="testimaa", code="MK99", names=Localized(fi="Testimaa"), bilingual=False
    )
    registry = dataclasses.replace(registry, regions={**registry.regions, "testimaa": finnish_only})
    lines = lines.with_columns(
        regions=pl.when(pl.col("body_id") == "KEHA-2026")
        .then(pl.lit(["lappi", "testimaa"]))
        .otherwise(pl.col("regions"))
    )
    data = records(support_heatmap(lines, registry=registry, lang="sv"))
    assert cell(data, "T2.1", "KEHA-2026")["regions"] == "Lappland, Testimaa*"  # marked


def test_an_id_the_registry_lacks_is_shown_as_it_is(lines: pl.DataFrame) -> None:
    lines = lines.with_columns(
        body_id=pl.col("body_id").replace("KEHA-2026", "uusi-virasto"),
        row_id=pl.col("row_id").replace("T2.1", "T9.9"),
    )
    chart = support_heatmap(lines)
    encoding = chart.to_dict()["spec"]["encoding"]
    assert encoding["x"]["sort"] == ["OKM", "ELY", "uusi-virasto"]
    assert encoding["y"]["sort"] == ["T1.1a", "T9.9"]
    new = cell(records(chart), "T9.9", "uusi-virasto")
    assert (new["body"], new["theme"]) == ("uusi-virasto", None)


def test_the_heatmap_does_not_depend_on_the_order_of_the_lines(lines: pl.DataFrame) -> None:
    shuffled = lines.sample(fraction=1.0, shuffle=True, seed=3)
    assert support_heatmap(shuffled).to_dict() == support_heatmap(lines).to_dict()


def test_the_heatmap_of_the_shipped_proposals_has_a_cell_per_support_line(
    proposals: list[Matrix],
) -> None:
    lines = support(proposals)
    data = records(support_heatmap(lines))
    assert len(data) == lines.height
    # As the support doctest says: 13 of 13 regions name ELY regionally on T1.1b, 7 of 13 AVI.
    ely = cell(data, "T1.1b", "ELY", level="regional")
    assert (ely["n"], ely["total"], ely["share"]) == (13, 13, 1.0)
    assert cell(data, "T1.1b", "AVI", level="regional")["status"] == "kiistanalainen"


# --- matrix_grid ---------------------------------------------------------------------------------


def test_the_grid_marks_the_regional_lead_of_lappi_with_a_star(lappi: Matrix) -> None:
    chart = matrix_grid(lappi)
    data = records(chart)
    ely = cell(data, "T1.1a", "ELY", level="regional")
    assert (ely["symbol"], ely["role"]) == ("★", "vastuutaho")
    te = cell(data, "T1.1a", "TE-toimistot", level="regional")
    assert (te["symbol"], te["role"]) == ("●", "kumppani")
    assert cell(data, "T1.1a", "TEM", level="national")["symbol"] == "★"
    (mark,) = chart.to_dict()["spec"]["layer"]
    assert mark["encoding"]["text"]["field"] == "symbol"
    assert mark["encoding"]["color"]["scale"]["domain"] == ["vastuutaho", "kumppani"]


def test_the_grid_has_a_record_per_body_of_each_row_and_level(lappi: Matrix) -> None:
    data = records(matrix_grid(lappi))
    # T1.1a: OKM, TEM, JOTPA nationally; ELY, TE-toimistot regionally.
    assert sorted(r["body_id"] for r in data if r["row_id"] == "T1.1a") == [
        "ELY",
        "JOTPA",
        "OKM",
        "TE-toimistot",
        "TEM",
    ]
    assert len(data) == sum(
        len(row.national.bodies) + len(row.regional.bodies) for row in lappi.rows
    )


def test_the_grid_tooltip_gives_the_tasks_the_body_has_at_that_row_and_level(
    lappi: Matrix,
) -> None:
    chart = matrix_grid(lappi)
    assert "tasks" in tooltip_fields(chart.to_dict()["spec"]["encoding"])
    data = records(chart)
    # On T1.1c the Ohjaamo task names its body; the other two are the regional bodies' together.
    assert cell(data, "T1.1c", "ELY", level="regional")["tasks"] == (
        "Alueelliset palveluratkaisut; Alueellinen palvelukartta paikallisista toimijoista"
    )
    assert cell(data, "T1.1c", "ohjaamot", level="regional")["tasks"] == (
        "Alueelliset palveluratkaisut; Ohjaamojen monialaisen toimintamallin levittäminen;"
        " Alueellinen palvelukartta paikallisista toimijoista"
    )


def test_the_baseline_names_no_lead_so_every_mark_is_a_partners_dot(baseline: Matrix) -> None:
    chart = matrix_grid(baseline, lang="en")
    assert {r["symbol"] for r in records(chart)} == {"●"}
    assert chart.to_dict()["title"] == baseline.title
    assert chart.to_dict()["spec"]["encoding"]["y"]["sort"] == [row.row for row in baseline.rows]


# --- similarity_heatmap --------------------------------------------------------------------------


@pytest.fixture
def pairs() -> pl.DataFrame:
    """Lappi and Uusimaa alike (0.9), Pirkanmaa unlike both (0.2); tasks the other way round."""
    close = {("lappi", "uusimaa"), ("uusimaa", "lappi")}
    names = ["lappi", "pirkanmaa", "uusimaa"]
    return pl.DataFrame(
        [
            {
                "a": a,
                "b": b,
                "bodies": 1.0 if a == b else 0.9 if (a, b) in close else 0.2,
                "tasks": 1.0 if a == b else 0.1 if (a, b) in close else 0.6,
            }
            for a in names
            for b in names
        ],
        schema=SIMILARITY_SCHEMA,
        orient="row",
    )


def test_similarity_axes_follow_the_given_order_and_leave_out_other_regions(
    pairs: pl.DataFrame,
) -> None:
    chart = similarity_heatmap(pairs, order=["uusimaa", "lappi"])
    encoding = chart.to_dict()["encoding"]
    assert encoding["x"]["sort"] == encoding["y"]["sort"] == ["Uusimaa", "Lappi"]
    assert encoding["x"]["scale"]["domain"] == ["Uusimaa", "Lappi"]
    data = records(chart)
    assert [(r["a"], r["b"]) for r in data] == [
        ("uusimaa", "uusimaa"),
        ("uusimaa", "lappi"),
        ("lappi", "uusimaa"),
        ("lappi", "lappi"),
    ]
    assert [r["value"] for r in data] == [1.0, 0.9, 0.9, 1.0]


def test_similarity_by_default_sits_similar_regions_together(pairs: pl.DataFrame) -> None:
    # Lappi and Uusimaa merge first (distance 0.1); Pirkanmaa joins last.
    encoding = similarity_heatmap(pairs, lang="sv").to_dict()["encoding"]
    assert encoding["y"]["sort"] == ["Lappland", "Nyland", "Birkaland"]


def test_similarity_of_tasks_colours_by_the_tasks_measure(pairs: pl.DataFrame) -> None:
    chart = similarity_heatmap(pairs, measure="tasks", order=["lappi", "uusimaa"], lang="en")
    spec = chart.to_dict()
    assert spec["title"] == "How alike the regions' proposals are"
    assert spec["layer"][0]["encoding"]["color"]["title"] == "Same tasks (Jaccard)"
    assert [r["value"] for r in records(chart)] == [1.0, 0.1, 0.1, 1.0]
    # The regions' English names, from the registry.
    assert spec["encoding"]["x"]["sort"] == ["Lapland", "Uusimaa"]


def test_similarity_refuses_an_unknown_measure_and_a_region_ordered_twice(
    pairs: pl.DataFrame,
) -> None:
    with pytest.raises(ValueError, match="'bodies' or 'tasks'"):
        similarity_heatmap(pairs, measure="words")
    with pytest.raises(ValueError, match="more than once"):
        similarity_heatmap(pairs, order=["lappi", "lappi"])


def test_similarity_of_the_shipped_proposals_has_a_cell_per_pair(proposals: list[Matrix]) -> None:
    chart = similarity_heatmap(similarity(proposals))
    assert len(records(chart)) == 13 * 13
    assert len(chart.to_dict()["encoding"]["x"]["sort"]) == 13


# --- workload ------------------------------------------------------------------------------------


def test_workload_counts_consensus_rows_and_sums_the_shares(lines: pl.DataFrame) -> None:
    chart = workload(lines)
    data = records(chart)

    def bar(body_id: str, measure: str) -> float:
        (found,) = [r for r in data if r["body_id"] == body_id and r["measure"] == measure]
        return float(found["value"])

    agreed, proposed = "Rivit, joilla yhteisymmärrys", "Ehdotetut rivit (alue keskimäärin)"
    # OKM: consensus on T2.1 only (4/4), shares 2/4 + 4/4; ELY: consensus on both, 4/4 + 3/4.
    assert (bar("OKM", agreed), bar("OKM", proposed)) == (1, 1.5)
    assert (bar("ELY", agreed), bar("ELY", proposed)) == (2, 1.75)
    assert (bar("KEHA-2026", agreed), bar("KEHA-2026", proposed)) == (0, 0.5)
    assert len(data) == 3 * 2
    national, regional = chart.to_dict()["hconcat"]
    assert national["title"] == "Valtakunnallinen koordinaatio"
    assert national["encoding"]["y"]["sort"] == ["OKM", "KEHA-2026"]
    assert regional["encoding"]["y"]["sort"] == ["ELY"]


def test_workload_counts_nothing_for_a_row_nobody_answered(lines: pl.DataFrame) -> None:
    unanswered = pl.DataFrame(
        [
            {
                **dict.fromkeys(SUPPORT_SCHEMA),
                "row_id": "T3.1",
                "level": "regional",
                "body_id": "kunnat",
                "n": 0,
                "total": 0,
                "lead_n": 0,
                "regions": [],
            }
        ],
        schema=SUPPORT_SCHEMA,
        orient="row",
    )
    data = records(workload(pl.concat([lines, unanswered]), lang="en"))
    assert {r["value"] for r in data if r["body_id"] == "kunnat"} == {0}
    assert {r["measure"] for r in data} == {"Rows with consensus", "Proposed rows (average region)"}


# --- region_changes ------------------------------------------------------------------------------


@pytest.fixture
def changes() -> pl.DataFrame:
    line = dict.fromkeys(DIFF_SCHEMA)
    # The typed role columns, as diff gives them for body lines.
    rows = [
        ("row_removed", "T6.1", None, None, None, None),
        ("body_removed", "T1.1a", "national", "KEHA", "partner", None),
        ("body_added", "T1.1c", "regional", "ohjaamot", None, "partner"),
        ("role_changed", "T1.1a", "regional", "ELY", "partner", "lead"),
        ("task_added", "T1.1c", "regional", None, None, None),
        ("bodies_reordered", "T1.1a", "national", "TEM", None, None),
    ]
    return pl.DataFrame(
        [
            {
                **line,
                "matrix_id": "lappi",
                "change": change,
                "row_id": row_id,
                "level": level,
                "body_id": body_id,
                "role_old": old,
                "role_new": new,
            }
            for change, row_id, level, body_id, old, new in rows
        ],
        schema=DIFF_SCHEMA,
        orient="row",
    )


def test_region_changes_draws_bodies_added_removed_and_given_another_role(
    changes: pl.DataFrame,
) -> None:
    chart = region_changes(changes)
    data = records(chart)
    assert [(r["row_id"], r["body_id"], r["change"]) for r in data] == [
        ("T1.1a", "KEHA", "toimija poistettu"),
        ("T1.1a", "ELY", "rooli muuttunut"),
        ("T1.1c", "ohjaamot", "toimija lisätty"),
    ]
    ely = cell(data, "T1.1a", "ELY")
    assert (ely["before"], ely["after"], ely["symbol"]) == ("kumppani", "vastuutaho", "↕")
    assert cell(data, "T1.1a", "KEHA")["after"] is None
    spec = chart.to_dict()
    assert spec["title"] == "Muutokset lähtötilanteeseen: Lappi"
    assert spec["spec"]["encoding"]["y"]["sort"] == ["T1.1a", "T1.1c"]
    assert spec["spec"]["layer"][0]["encoding"]["color"]["scale"]["domain"] == [
        "toimija lisätty",
        "toimija poistettu",
        "rooli muuttunut",
    ]


def test_region_changes_names_the_region_in_the_chosen_language(changes: pl.DataFrame) -> None:
    assert region_changes(changes, lang="sv").to_dict()["title"]["text"] == (
        "Ändringar mot utgångsläget: Lappland"
    )
    assert region_changes(changes, lang="en").to_dict()["title"] == (
        "Changes to the baseline: Lapland"
    )


def test_region_changes_refuses_the_changes_of_two_matrices(changes: pl.DataFrame) -> None:
    two = pl.concat([changes, changes.with_columns(matrix_id=pl.lit("uusimaa"))])
    with pytest.raises(ValueError, match="filter one matrix_id"):
        region_changes(two)


def test_region_changes_of_lappi_shows_elys_new_role_on_t1_1c(
    baseline: Matrix, lappi: Matrix
) -> None:
    # As the diff doctest says: AVI and kunnat leave T1.1c regionally, ohjaamot joins, ELY leads.
    data = [r for r in records(region_changes(diff(baseline, lappi))) if r["row_id"] == "T1.1c"]
    regional = {r["body_id"]: r["change"] for r in data if r["level"] == "regional"}
    assert regional == {
        "ELY": "rooli muuttunut",
        "AVI": "toimija poistettu",
        "kunnat": "toimija poistettu",
        "ohjaamot": "toimija lisätty",
    }


# --- all charts ----------------------------------------------------------------------------------


@pytest.fixture
def every_chart(
    lines: pl.DataFrame, pairs: pl.DataFrame, changes: pl.DataFrame, lappi: Matrix
) -> list[alt.TopLevelMixin]:
    return [
        support_heatmap(lines),
        matrix_grid(lappi),
        similarity_heatmap(pairs),
        workload(lines),
        region_changes(changes),
    ]


def test_no_chart_loads_data_from_a_url(every_chart: list[alt.TopLevelMixin]) -> None:
    def keys(value: object) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        if isinstance(value, list):
            return {k for v in value for k in keys(v)}
        return set()

    for chart in every_chart:
        spec = chart.to_dict()
        assert "url" not in keys(spec)
        assert '"url"' not in json.dumps(spec)
        assert records(chart)


def test_every_chart_refuses_an_unknown_language(
    lines: pl.DataFrame, pairs: pl.DataFrame, changes: pl.DataFrame, lappi: Matrix
) -> None:
    with pytest.raises(ValueError, match="unknown language 'de'"):
        support_heatmap(lines, lang="de")
    with pytest.raises(ValueError, match="unknown language"):
        workload(lines, lang="de")
    with pytest.raises(ValueError, match="unknown language"):
        matrix_grid(lappi, lang="de")
    with pytest.raises(ValueError, match="unknown language"):
        similarity_heatmap(pairs, lang="de")
    with pytest.raises(ValueError, match="unknown language"):
        region_changes(changes, lang="de")


def test_render_svg_draws_the_grid_offline_with_its_text_marks(lappi: Matrix) -> None:
    svg = render_svg(matrix_grid(lappi))
    assert svg.startswith("<svg")
    assert "<text" in svg
    assert "★" in svg
    assert "T1.1a" in svg
    assert "Lapin ELO-ryhmän ehdotus" in svg
