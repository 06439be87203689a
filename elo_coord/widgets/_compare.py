"""CompareView: where the regions agree, where they split, and who stands alone — live."""

from __future__ import annotations

import contextlib
import html
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as w
import polars as pl

from elo_coord._comparison import By, Comparison
from elo_coord._diff import diff
from elo_coord._errors import FileChangedError
from elo_coord._export import exporting
from elo_coord._forum import survey_html
from elo_coord._io import load_matrices, write_atomic
from elo_coord._labels import check_lang, label
from elo_coord._model import Kind, Matrix
from elo_coord._registry import Registry, default_registry
from elo_coord.widgets._static import StaticHTML

__all__ = ["CompareView", "chart_widget"]


def chart_widget(chart: Any) -> Any:
    """Return a live chart widget that renders without network (altair's JupyterChart, offline).

    The chart's ``chart`` attribute can be set to a new chart; the view redraws in place.
    """
    import altair as alt

    _offline(alt.JupyterChart)
    return alt.JupyterChart(chart, embed_options={"renderer": "svg", "actions": False})


def _offline(widget: Any) -> None:
    """Make altair's chart widget carry its vega bundle, so it draws with no CDN.

    vl-convert bundles the JavaScript in about a second; the bundle is kept in the user's cache
    folder, one file per altair and vl-convert version, so that only the first kernel pays.
    """
    if getattr(widget, "_is_offline", False):
        return
    from importlib.metadata import version

    versions = f"{version('altair')}-{version('vl-convert-python')}"
    cache = _cache_folder() / f"jupyter-chart-{versions}.js"
    try:
        widget._esm = cache.read_text(encoding="utf-8")
        widget._is_offline = True
        return
    except OSError:
        pass
    widget.enable_offline()
    with contextlib.suppress(OSError, FileChangedError):  # no cache: the next kernel bundles
        write_atomic(cache, widget._esm, expected=None)


def _cache_folder() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "elo_coord"


class CompareView(StaticHTML, w.VBox):
    """Compare proposals: coverage, a support heatmap, the agenda and the minority views.

    Choose the regions to compare (all by default), move the thresholds to reclassify the cells
    live, and put any two matrices side by side.

    Parameters
    ----------
    proposals
        A folder of matrix files, or the matrices. Proposals are compared; a baseline among them
        is shown beside them in the heatmap's lines and offered in the side-by-side diff.
    lang
        ``fi`` (default), ``sv`` or ``en``.
    registry
        Bodies, regions and the strategy; the shipped registry by default.

    Examples
    --------
    >>> view = CompareView("matrices/proposals", chart=False)
    >>> view.set_thresholds(consensus=0.5, minority=0.25)
    >>> view.lines.filter(view.lines["status"] == "contested").height < 40
    True
    """

    def __init__(
        self,
        proposals: str | Path | Iterable[Matrix],
        *,
        lang: str = "fi",
        registry: Registry | None = None,
        chart: bool = True,
    ) -> None:
        check_lang(lang)
        self.lang = lang
        self.registry = registry or default_registry()
        matrices = (
            load_matrices(proposals, registry=self.registry)
            if isinstance(proposals, str | Path)
            else list(proposals)
        )
        self.matrices: dict[str, Matrix] = {m.id: m for m in matrices}
        self._all = self._compare_all()
        self.forum = self._all
        """The comparison on screen: every table and the chart render this one value."""

        names = [(self._answer_name(m), m.id) for m in self.proposals()]
        self.chooser = w.SelectMultiple(
            options=names,
            value=[m_id for _, m_id in names],
            rows=min(len(names), 6),
            description=label("regions", lang),
            layout=w.Layout(width="340px"),
        )
        self.all_button = w.Button(description=label("all", lang))
        self.all_button.on_click(lambda _: self.select([m_id for _, m_id in self.chooser.options]))
        self.thresholds = w.FloatRangeSlider(
            value=(1 / 3, 2 / 3),
            min=0.0,
            max=1.0,
            step=1 / 60,
            readout_format=".0%",
            description=label("thresholds", lang),
            layout=w.Layout(width="420px"),
            style={"description_width": "initial"},
        )
        self.by = w.ToggleButtons(
            options=[(label("by_region", lang), "region"), (label("by_answer", lang), "answer")],
            value="region",
        )
        self.coverage_text = w.HTML()
        self.chart: Any = None
        self.spec: dict[str, Any] = {}
        """The heatmap's Vega-Lite spec as last drawn."""
        self.chart_box = w.Box()
        self.agenda_html = w.HTML()
        self.views_html = w.HTML()
        every = sorted(self.matrices)
        self.left = w.Dropdown(options=every, description="A", layout=w.Layout(width="280px"))
        self.right = w.Dropdown(options=every, description="B", layout=w.Layout(width="280px"))
        baseline = next((m.id for m in matrices if m.kind is Kind.BASELINE), None)
        if baseline is not None:
            self.left.value = baseline
        if len(every) > 1 and self.left.value == self.right.value:
            self.right.value = next(m for m in every if m != self.left.value)
        self.diff_html = w.HTML()
        self.survey_html = w.HTML()
        """The survey: what it asked, its own count, the findings and the free-text answers."""
        self._show_chart = chart and not exporting()  # an export draws the heatmap as SVG

        self._quiet = False
        """True while the view sets its own choices: one redraw follows, not one per choice."""
        for control in (self.chooser, self.thresholds, self.by):
            control.observe(self._on_choice, names="value")
        for control in (self.left, self.right):
            control.observe(self._on_side, names="value")

        tabs = w.Tab(
            [
                w.VBox([self.chart_box]),
                self.agenda_html,
                self.views_html,
                w.VBox([w.HBox([self.left, self.right]), self.diff_html]),
                self.survey_html,
            ]
        )
        keys = ("support", "agenda", "minority_views", "side_by_side", "survey_heading")
        for i, key in enumerate(keys):
            tabs.set_title(i, label(key, lang))
        self.tabs = tabs
        super().__init__(
            [
                self.coverage_text,
                w.HBox(
                    [w.VBox([self.chooser, self.all_button]), w.VBox([self.thresholds, self.by])]
                ),
                tabs,
            ]
        )
        self.add_class("elo-compare")
        self.refresh()
        self._refresh_diff()

    # --- what a person can do, as methods ---------------------------------------------------

    def proposals(self) -> list[Matrix]:
        """Return every proposal the view knows, chosen or not."""
        return [m for m in self.matrices.values() if m.kind is Kind.PROPOSAL]

    def chosen(self) -> list[Matrix]:
        """Return the proposals chosen for comparison."""
        return [self.matrices[m_id] for m_id in self.chooser.value]

    def select(self, ids: Sequence[str]) -> None:
        """Compare the proposals with these ids."""
        self.chooser.value = tuple(ids)

    def set_thresholds(
        self, *, consensus: float | None = None, minority: float | None = None
    ) -> None:
        """Move the thresholds: ``consensus`` at or above, ``minority`` at or below."""
        low, high = self.thresholds.value
        self.thresholds.value = (
            minority if minority is not None else low,
            consensus if consensus is not None else high,
        )

    def update(self, matrix: Matrix) -> None:
        """Take an edited matrix in place of the one with its id, and redraw.

        A matrix with a new id (a proposal just created in the editor) is added: offered side by
        side and, if a proposal, chosen for the comparison with the regions chosen already.
        """
        new = matrix.id not in self.matrices
        self.matrices[matrix.id] = matrix
        self._all = self._compare_all()
        if new:
            self._offer(matrix)
        self.refresh()
        if matrix.id in (self.left.value, self.right.value):  # the side by side shows it
            self._refresh_diff()

    def _on_choice(self, _: object) -> None:
        if not self._quiet:
            self.refresh()

    def _on_side(self, _: object) -> None:
        if not self._quiet:
            self._refresh_diff()

    def _offer(self, matrix: Matrix) -> None:
        """Offer a matrix new to the view in its choices (the redraw is the caller's)."""
        self._quiet = True
        try:
            every = sorted(self.matrices)
            for side in (self.left, self.right):
                shown = side.value
                side.options = every
                side.value = shown
            if matrix.kind is Kind.PROPOSAL:
                chosen = (*self.chooser.value, matrix.id)
                self.chooser.options = [(self._answer_name(m), m.id) for m in self.proposals()]
                self.chooser.value = chosen
                self.chooser.rows = min(len(self.chooser.options), 6)
        finally:
            self._quiet = False

    @property
    def lines(self) -> pl.DataFrame:
        """The support lines on screen (:attr:`Comparison.support_and_camps` of :attr:`forum`)."""
        return self.forum.support_and_camps

    @property
    def agenda(self) -> pl.DataFrame:
        """The agenda on screen (:attr:`Comparison.agenda` of :attr:`forum`)."""
        return self.forum.agenda

    @property
    def views(self) -> pl.DataFrame:
        """The minority views on screen (:attr:`Comparison.minority_views` of :attr:`forum`)."""
        return self.forum.minority_views

    def _compare_all(self) -> Comparison:
        baseline = next((m for m in self.matrices.values() if m.kind is Kind.BASELINE), None)
        return Comparison(self.proposals(), baseline, registry=self.registry)

    def compare(self, a: str, b: str) -> None:
        """Put matrices ``a`` and ``b`` side by side."""
        self.left.value, self.right.value = a, b

    def static_html(self) -> str:
        """Return the comparison as plain HTML: coverage, heatmap (SVG), agenda, views, diff."""
        from elo_coord.charts import render_svg, support_heatmap

        parts = [self.coverage_text.value]
        chart = support_heatmap(self.lines, registry=self.registry, lang=self.lang)
        parts.append(f'<div class="elo-heatmap">{render_svg(chart)}</div>')
        for key, body in (
            ("agenda", self.agenda_html.value),
            ("minority_views", self.views_html.value),
            (
                "side_by_side",
                f"<p>{html.escape(str(self.left.value))} → "
                f"{html.escape(str(self.right.value))}</p>{self.diff_html.value}",
            ),
            ("survey_heading", self.survey_html.value),
        ):
            parts.append(f"<h4>{html.escape(label(key, self.lang))}</h4>{body}")
        return f'<div class="elo-compare">{"".join(parts)}</div>'

    # --- drawing ----------------------------------------------------------------------------

    @property
    def by_value(self) -> By:
        """How a joint answer counts: ``region`` or ``answer``."""
        return "answer" if self.by.value == "answer" else "region"

    def refresh(self) -> None:
        """Compare the chosen proposals at the chosen thresholds, and redraw every part."""
        minority, consensus = self.thresholds.value
        self.forum = (
            self._all.select(self.chooser.value)
            .with_by(self.by_value)
            .with_thresholds(consensus=consensus, minority=minority)
        )
        sentence = self.forum.coverage_counts.sentence(self.lang)
        self.coverage_text.value = f"<b>{html.escape(sentence)}</b>"
        self.agenda_html.value = self._agenda_html()
        self.views_html.value = self._views_html()
        self.survey_html.value = survey_html(self.forum, self.lang)
        if self._show_chart:
            self._draw_chart()

    def _draw_chart(self) -> None:
        from elo_coord.charts import support_heatmap

        chart = support_heatmap(self.lines, registry=self.registry, lang=self.lang)
        if self.chart is None:
            self.chart = chart_widget(chart)
            self.chart_box.children = (self.chart,)
        else:
            # The spec is what the browser draws; altair validated this chart's shape once
            # already, so a redraw skips validating it again.
            self.chart.spec = chart.to_dict(validate=False)
        self.spec = self.chart.spec

    def _answer_name(self, matrix: Matrix) -> str:
        names = [self._region(r) for r in matrix.proposers] or [matrix.id]
        return " + ".join(names)

    def _region(self, region: str) -> str:
        return str(self.registry.name("region", region, check_lang(self.lang)).text)

    def _body(self, body: str) -> str:
        return str(self.registry.name("body", body, check_lang(self.lang)).text)

    def _agenda_html(self) -> str:
        if self.agenda.is_empty():
            return f"<p>{label('no_agenda', self.lang)}</p>"
        items = []
        for line in self.agenda.iter_rows(named=True):
            regions = ", ".join(self._region(r) for r in line["regions"])
            items.append(
                f"<li><b>{html.escape(line['row_id'])}</b> · {label(line['level'], self.lang)} · "
                f"<b>{html.escape(self._body(line['body_id']))}</b> {line['n']}/{line['total']}"
                f" · {label('camps', self.lang).lower()} {line['camps_naming']}/{line['camps']}"
                f" <small>({html.escape(regions)})</small></li>"
            )
        return f'<ol class="elo-agenda">{"".join(items)}</ol>'

    def _views_html(self) -> str:
        by_region = self.forum.minority_by_region
        if by_region.is_empty():
            return f"<p>{label('no_views', self.lang)}</p>"
        parts = []
        for (region,), lines in by_region.group_by("region_id", maintain_order=True):
            items = "".join(
                f"<li>{html.escape(line['row_id'])} · {label(line['level'], self.lang)}: "
                f"{label(line['view'], self.lang)} "
                f"<b>{html.escape(self._body(line['body_id']))}</b> "
                f"({line['n']}/{line['total']})</li>"
                for line in lines.iter_rows(named=True)
            )
            parts.append(f"<h4>{html.escape(self._region(str(region)))}</h4><ul>{items}</ul>")
        return f'<div class="elo-views">{"".join(parts)}</div>'

    def _diff_line(self, line: dict[str, Any]) -> list[str]:
        """One change in words: codes translated, bodies named, roles rather than raw values."""
        lang = self.lang

        def word(code: object) -> str:
            return label(str(code), lang) if code is not None else ""

        if line["body_id"] is not None:
            before, after = word(line["role_old"]), word(line["role_new"])
        else:
            before, after = line["old"] or "", line["new"] or ""
        return [
            line["row_id"] or "",
            word(line["level"]),
            word(line["change"]),
            self._body(line["body_id"]) if line["body_id"] is not None else "",
            line["task"] or "",
            before,
            after,
        ]

    def _refresh_diff(self) -> None:
        if self.left.value is None or self.right.value is None:
            return
        changes = diff(self.matrices[self.left.value], self.matrices[self.right.value])
        changes = changes.filter(~pl.col("change").is_in(["field_changed", "note_changed"]))
        if changes.is_empty():
            self.diff_html.value = f"<p>{label('same', self.lang)}</p>"
            return
        rows = "".join(
            "<tr>"
            + "".join(f"<td>{html.escape(text)}</td>" for text in self._diff_line(line))
            + "</tr>"
            for line in changes.iter_rows(named=True)
        )
        head = "".join(
            f"<th>{label(key, self.lang)}</th>"
            for key in ("row", "level", "change", "body", "task", "before", "after")
        )
        self.diff_html.value = f'<table class="elo-diff"><tr>{head}</tr>{rows}</table>'
