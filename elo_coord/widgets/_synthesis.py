"""SynthesisView: accept or reject each proposed change into the forum's matrix."""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path

import ipywidgets as w
import polars as pl

from elo_coord._comparison import Comparison
from elo_coord._decision import change_keys, decisions
from elo_coord._errors import ElocoordError
from elo_coord._io import load_matrices, load_matrix, save_matrix
from elo_coord._labels import check_lang, label
from elo_coord._model import Decision, Kind, Matrix
from elo_coord._registry import NameKind, Registry, default_registry
from elo_coord.widgets._controls import action_button
from elo_coord.widgets._static import StaticHTML

__all__ = ["SynthesisView"]


class SynthesisView(StaticHTML, w.VBox):
    """The forum's decisions: each change the proposals suggest to the baseline, to accept or not.

    The view synthesises the proposals (what at least ``threshold`` of the regions propose),
    lists every change that makes to the baseline with who proposed it, and saves the accepted
    ones as a new matrix file of kind ``synthesis``.

    Parameters
    ----------
    proposals
        A folder of proposal files, or the matrices.
    baseline
        The matrix the forum starts from (a file or a matrix).
    out
        The new matrix file to write; its name is the synthesis's id.
    consensus
        The share of regions a body or task needs to be proposed.
    lang
        ``fi`` (default), ``sv`` or ``en``.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> out = Path(tempfile.mkdtemp()) / "foorumi-2022.yaml"
    >>> view = SynthesisView("matrices/proposals", "matrices/baseline/tno-2022.yaml", out)
    >>> view.accept_all()
    >>> view.save()
    True
    >>> from elo_coord import load_matrix
    >>> load_matrix(out).kind.value
    'synthesis'
    """

    def __init__(
        self,
        proposals: str | Path | Iterable[Matrix],
        baseline: str | Path | Matrix,
        out: str | Path,
        *,
        consensus: float = 2 / 3,
        lang: str = "fi",
        registry: Registry | None = None,
    ) -> None:
        check_lang(lang)
        self.lang = lang
        self.registry = registry or default_registry()
        self.out = Path(out)
        self.proposals = [
            m
            for m in (
                load_matrices(proposals, registry=self.registry)
                if isinstance(proposals, str | Path)
                else list(proposals)
            )
            if m.kind is Kind.PROPOSAL
        ]
        self.baseline = (
            baseline
            if isinstance(baseline, Matrix)
            else load_matrix(baseline, registry=self.registry)
        )
        self.forum = Comparison(self.proposals, registry=self.registry, consensus=consensus)
        """The comparison the changes come from; their provenance is its support."""
        self.synthesis = self.forum.synthesis_as(self.out.stem, lang=check_lang(lang))
        self.decisions = decisions(
            self.forum, self.baseline, id=self.out.stem, lang=check_lang(lang)
        )
        """The changes to decide, and the start they apply to."""
        self.start = self.decisions.start
        self.automatic = self.decisions.automatic
        self.changes = self.decisions.changes
        self._written: str | None = None
        self._held = [False] * self.changes.height
        """The ticks the file held when read or written: whose changes a save must not undo."""
        self.verdicts: tuple[Decision, ...] = ()
        """The decisions the forum recorded walking its agenda (forum mode), kept in every save."""

        self.boxes = [
            w.Checkbox(value=False, description="", indent=False, layout=w.Layout(width="28px"))
            for _ in range(self.changes.height)
        ]
        lines: list[w.Widget] = []
        current = None
        for box, line in zip(self.boxes, self.changes.iter_rows(named=True), strict=True):
            if line["row_id"] != current:
                current = line["row_id"]
                lines.append(self._row_header(str(current or "")))
            text = w.HTML(self._describe(line), layout=w.Layout(width="820px"))
            row = w.HBox([box, text], layout=w.Layout(flex="0 0 auto"))  # no shrinking
            row.add_class("elo-change")
            lines.append(row)
        self.accept_button = action_button(label("accept_reached", lang), self.accept_all)
        self.reject_button = action_button(label("reject_all", lang), self.reject_all)
        self.save_button = action_button(label("save", lang), self.save, button_style="primary")
        bodies = self.changes.get_column("body_id").drop_nulls().unique(maintain_order=True)
        self.body_chooser = w.Dropdown(
            options=[(self._name("body", b), b) for b in bodies],
            description=label("body", lang),
            layout=w.Layout(width="280px"),
        )
        accept_body = action_button(
            label("accept_body", lang), lambda: self.accept_body(str(self.body_chooser.value))
        )
        reject_body = action_button(
            label("reject_body", lang),
            lambda: self.accept_body(str(self.body_chooser.value), False),
        )
        self.status = w.HTML()
        header = w.HTML(
            f"<h3>{html.escape(label('decisions', lang))}</h3><p>"
            + html.escape(
                label("decisions_intro", lang).format(n=self.changes.height, out=self.out.name)
            )
            + "</p>"
        )
        self.list = w.VBox(lines, layout=w.Layout(max_height="520px", overflow="auto"))
        super().__init__(
            [
                header,
                w.HBox([self.accept_button, self.reject_button, self.save_button, self.status]),
                w.HBox([self.body_chooser, accept_body, reject_body]),
                self.list,
            ]
        )
        self.add_class("elo-synthesis")
        self._read_decision()

    def accept(self, index: int, accepted: bool = True) -> None:
        """Accept (or with ``accepted=False`` reject) the change on line ``index``."""
        self.boxes[index].value = accepted

    def accept_all(self, accepted: bool = True) -> None:
        """Accept every proposed change: all that reached the threshold."""
        for box in self.boxes:
            box.value = accepted

    def reject_all(self) -> None:
        """Reject every proposed change."""
        self.accept_all(False)

    def accept_row(self, row: str, accepted: bool = True) -> None:
        """Accept (or reject) every change in ``row``."""
        for box, row_id in zip(self.boxes, self.changes.get_column("row_id"), strict=True):
            if row_id == row:
                box.value = accepted

    def accept_body(self, body: str, accepted: bool = True) -> None:
        """Accept (or reject) every change to ``body``, in any row."""
        for box, body_id in zip(self.boxes, self.changes.get_column("body_id"), strict=True):
            if body_id == body:
                box.value = accepted

    def keep_choices(self, earlier: SynthesisView) -> None:
        """Take over the ticks of an earlier view of the same forum, saved or not.

        The workbench makes a new view when the proposals change; a change both views list keeps
        the choice the facilitator made in the earlier one.
        """
        chosen = dict(
            zip(change_keys(earlier.changes), (box.value for box in earlier.boxes), strict=True)
        )
        for key, box in zip(change_keys(self.changes), self.boxes, strict=True):
            if key in chosen:
                box.value = chosen[key]

    def accepted(self) -> pl.DataFrame:
        """Return the accepted changes."""
        chosen = [box.value for box in self.boxes]
        return self.changes.filter(pl.Series(chosen, dtype=pl.Boolean))

    def result(self) -> Matrix:
        """Return the baseline with the accepted changes: the forum's matrix.

        The decisions recorded in forum mode (:attr:`verdicts`) apply last.
        """
        return self.decisions.apply([bool(box.value) for box in self.boxes], self.verdicts)

    def save(self) -> bool:
        """Write the forum's matrix to ``out``; return whether it was written.

        A file that is already there is replaced only if this view wrote it (or read it) and
        nobody changed its accepted changes since: decisions that forum mode recorded meanwhile
        are kept. Otherwise :attr:`status` says why nothing was written.
        """
        expected = self._written
        try:
            now = self.out.read_text(encoding="utf-8") if self.out.exists() else None
            if now is not None and now != self._written:
                theirs = _decided(self.out, self.registry)
                if theirs is not None and self.decisions.accepted_in(theirs) == self._held:
                    self.verdicts, expected = theirs.decisions, now  # only decisions were added
            self._written = save_matrix(self.result(), self.out, expected=expected)
        except (OSError, ElocoordError) as error:
            self.status.value = f'<span style="color:#a50f15">⛔ {html.escape(str(error))}</span>'
            return False
        self._held = [bool(box.value) for box in self.boxes]
        n = int(sum(box.value for box in self.boxes))
        saved = html.escape(label("saved", self.lang).format(n=n))
        self.status.value = f'<span style="color:#006d2c">✓ {saved}</span>'
        return True

    def static_html(self) -> str:
        """Return the proposed changes as a plain HTML list, ☑ for accepted (for exports)."""
        items = "".join(
            f"<li>{'☑' if box.value else '☐'} {self._describe(line)}</li>"
            for box, line in zip(self.boxes, self.changes.iter_rows(named=True), strict=True)
        )
        n = int(sum(box.value for box in self.boxes))
        summary = label("decision_summary", self.lang).format(
            n=n, total=len(self.boxes), out=self.out.name
        )
        heading = html.escape(label("decisions", self.lang))
        return (
            f'<div class="elo-synthesis"><h3>{heading}</h3><p>{html.escape(summary)}</p>'
            f"<ul>{items}</ul></div>"
        )

    def _read_decision(self) -> None:
        """Tick what a decision saved earlier in :attr:`out` holds, so that the forum goes on."""
        if not self.out.exists():
            return
        try:
            text = self.out.read_text(encoding="utf-8")
            decided = load_matrix(self.out, registry=self.registry)
        except (OSError, ElocoordError) as error:
            self.status.value = f'<span style="color:#a50f15">⛔ {html.escape(str(error))}</span>'
            return
        self._held = self.decisions.accepted_in(decided)
        for box, held in zip(self.boxes, self._held, strict=True):
            box.value = held
        self.verdicts = decided.decisions
        self._written = text
        n = int(sum(box.value for box in self.boxes))
        read = label("decision_read", self.lang).format(n=n, total=len(self.boxes))
        self.status.value = f"<span>{html.escape(read)}</span>"

    def _row_header(self, row: str) -> w.HBox:
        accept = action_button(
            "✓", lambda: self.accept_row(row), tooltip=label("accept_row", self.lang)
        )
        reject = action_button(
            "✗", lambda: self.accept_row(row, False), tooltip=label("reject_row", self.lang)
        )
        title = w.HTML(f"<b>{html.escape(row)}</b>")
        header = w.HBox([title, accept, reject], layout=w.Layout(flex="0 0 auto"))
        header.add_class("elo-change-row")
        return header

    def _describe(self, line: dict[str, object]) -> str:
        row, level, change = str(line["row_id"] or ""), line["level"], str(line["change"])
        body = line["body_id"]
        what = self._name("body", str(body)) if body is not None else line["task"] or ""
        where = f"<b>{html.escape(row)}</b>"
        if level is not None:
            where += f" · {html.escape(label(str(level), self.lang))}"
        text = f"{where} · {html.escape(label(change, self.lang))}"
        if what:
            text += f": <b>{html.escape(str(what))}</b>"
        if change == "role_changed":
            old, new = (
                label(str(role), self.lang) if role is not None else "–"
                for role in (line["role_old"], line["role_new"])
            )
            text += f" {html.escape(old)} → {html.escape(new)}"
        elif change == "task_reworded":
            text += f" → {html.escape(str(line['new']))}"
        elif change == "quotes_changed":
            quotes = self._quotes(row)
            text += f": <i>{html.escape(quotes)}</i>" if quotes else ""
        return text + f" <small>{html.escape(self._provenance(line))}</small>"

    def _quotes(self, row_id: str) -> str:
        """Return the row's quotations in the synthesis, shortened for one line."""
        row = next((r for r in self.synthesis.rows if r.row == row_id), None)
        text = " / ".join(row.quotes) if row is not None else ""
        return text if len(text) <= 120 else text[:117] + "…"

    def _provenance(self, line: dict[str, object]) -> str:
        """Say who proposed a body and, for one the forum would drop, who did not name it."""
        body = line["body_id"]
        if body is None or line["level"] is None:
            return ""
        found = self.forum.support.filter(
            pl.col("row_id") == line["row_id"],
            pl.col("level") == line["level"],
            pl.col("body_id") == body,
        )
        if found.is_empty():
            return f"({label('nobody_proposed', self.lang)})"
        n, total, regions = found.select("n", "total", "regions").row(0)
        names = ", ".join(self._region(r) for r in dict.fromkeys(regions))
        named = label("named_them", self.lang).format(names=names) if names else ""
        if line["change"] == "body_removed":
            missing = label("not_named_n", self.lang).format(n=total - n, total=total)
            return f"({missing}; {named})" if named else f"({missing})"
        count = label("named_n", self.lang).format(n=n, total=total)
        return f"({count}: {names})" if names else f"({count})"

    def _region(self, region: str) -> str:
        return self._name("region", region)

    def _name(self, kind: NameKind, id: str) -> str:
        return str(self.registry.name(kind, id, check_lang(self.lang)).text)


def _decided(path: Path, registry: Registry) -> Matrix | None:
    """Return the synthesis in ``path``, or ``None`` if it is not one that loads."""
    try:
        matrix = load_matrix(path, registry=registry)
    except ElocoordError:
        return None
    return matrix if matrix.kind is Kind.SYNTHESIS else None
