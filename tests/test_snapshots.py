"""Whole pages as they are written, compared with the reviewed copies in ``__snapshots__``.

A change to any page shows up here as a diff to read; when it is meant, review the new page and
run ``python3 dev.py test tests/test_snapshots.py --snapshot-update``. The support heatmap's SVG
is drawn by vl-convert and changes with its version, so the report's is replaced by a marker (the
offline page tests check that it is there and drawn).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from syrupy.assertion import SnapshotAssertion

import elo_coord

from .conftest import MATRICES

DAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_baseline_in_the_slide_format_as_html(
    lang: str, baseline: elo_coord.Matrix, snapshot: SnapshotAssertion
) -> None:
    assert elo_coord.render_html(baseline, lang=lang) == snapshot


def test_the_baseline_in_the_slide_format_as_markdown(
    baseline: elo_coord.Matrix, snapshot: SnapshotAssertion
) -> None:
    assert elo_coord.render_markdown(baseline) == snapshot


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_forum_report_of_the_shipped_proposals(
    lang: str, baseline: elo_coord.Matrix, snapshot: SnapshotAssertion
) -> None:
    proposals = elo_coord.load_matrices(MATRICES / "proposals")
    page = elo_coord.render_report(proposals, baseline, lang=lang, date=DAY)
    page = re.sub(r"<svg\b.*?</svg>", "<svg><!-- heatmap --></svg>", page, flags=re.DOTALL)
    assert page == snapshot
