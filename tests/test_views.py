"""One comparison, many views: the report, the widgets and the command line show the same thing.

Each view renders a :class:`elo_coord.Comparison`; built from the same proposals they must agree
on the agenda, the minority views (in the same order) and who proposed what.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

import elo_coord
from elo_coord._cli import main
from elo_coord._forum import build_forum_report
from elo_coord.widgets import CompareView, SynthesisView

KEYS = ["row_id", "level", "body_id"]


@pytest.fixture(scope="module")
def shipped() -> tuple[list[elo_coord.Matrix], elo_coord.Matrix]:
    proposals = elo_coord.load_matrices("matrices/proposals")
    return proposals, elo_coord.load_matrix("matrices/baseline/tno-2022.yaml")


def test_the_report_and_the_comparison_view_show_one_agenda_and_one_list_of_views(
    shipped: tuple[list[elo_coord.Matrix], elo_coord.Matrix],
) -> None:
    proposals, baseline = shipped
    forum = elo_coord.Comparison(proposals, baseline)
    view = CompareView([*proposals, baseline], chart=False)
    report = build_forum_report(forum, "fi", dt.date(2026, 11, 23))

    columns = [*KEYS, "n", "total", "regions"]
    assert view.agenda.select(columns).equals(forum.agenda.select(columns))
    assert [(line.row, line.count) for line in report.agenda] == [
        (row, f"{n}/{total}")
        for row, n, total in forum.agenda.select("row_id", "n", "total").rows()
    ]
    # JOTPA on T1.1a nationally: 7 of the 13 regions name it, between a third and two thirds.
    assert ("T1.1a", "national", "JOTPA", 7, 13) in forum.agenda.select(*KEYS, "n", "total").rows()

    by_region = forum.minority_by_region.select("region_id", *KEYS, "view").rows()
    assert view.forum.minority_by_region.select("region_id", *KEYS, "view").rows() == by_region
    shown = [
        (region.region.text, line.row, line.body.text)
        for region in report.views
        for line in region.lines
    ]
    registry = forum.registry
    assert shown == [
        (registry.name("region", region).text, row, registry.name("body", body).text)
        for region, row, _, body, _ in by_region
    ]
    # The regions in the registry's order: Uusimaa comes before Lappi.
    regions = list(dict.fromkeys(region for region, *_ in by_region))
    assert regions == [r for r in registry.regions if r in regions]


def test_the_synthesis_view_shows_the_provenance_the_comparison_counts(
    shipped: tuple[list[elo_coord.Matrix], elo_coord.Matrix], tmp_path: Path
) -> None:
    proposals, baseline = shipped
    forum = elo_coord.Comparison(proposals)
    view = SynthesisView(proposals, baseline, tmp_path / "foorumi.yaml")
    columns = [*KEYS, "n", "total", "regions", "status"]
    assert view.forum.support.select(columns).equals(forum.support.select(columns))
    assert view.synthesis == forum.synthesis_as("foorumi")
    # Every body the synthesis drops from the baseline, or gives another role, is shown with the
    # comparison's count of the regions naming it.
    lines = view.changes.filter(pl.col("change").is_in(["body_removed", "role_changed"]))
    assert lines.height > 0
    shown = 0
    for line in lines.iter_rows(named=True):
        found = forum.support.filter(
            pl.col("row_id") == line["row_id"],
            pl.col("level") == line["level"],
            pl.col("body_id") == line["body_id"],
        )
        if found.height:
            n, total = found.select("n", "total").row(0)
            if line["change"] == "body_removed":  # said as those who did not name it
                assert f"({total - n}/{total} ei nimennyt" in view._describe(line)
            else:
                assert f"({n}/{total} nimesi" in view._describe(line)
            shown += 1
    assert shown > 0


def test_the_command_line_prints_the_support_the_comparison_counts(
    shipped: tuple[list[elo_coord.Matrix], elo_coord.Matrix],
    capsys: pytest.CaptureFixture[str],
) -> None:
    proposals, _ = shipped
    forum = elo_coord.Comparison(proposals)
    assert main(["compare", "matrices/proposals", "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [
        (line["row_id"], line["level"], line["body_id"], line["n"], line["total"], line["status"])
        for line in printed
    ] == forum.support.select(*KEYS, "n", "total", "status").rows()
