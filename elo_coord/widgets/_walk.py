"""ForumView: the forum walks its agenda one item at a time and records each decision.

In large type for a projector; each decision (accept, reject or defer, with a rationale and who
recorded it) goes into the synthesis at once.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as w

from elo_coord._comparison import Comparison
from elo_coord._decision import (
    Decisions,
    agenda_decision,
    decisions,
    verdicts_in_force,
    with_verdicts,
)
from elo_coord._editing import file_stamp
from elo_coord._errors import ElocoordError, FileChangedError, InputError
from elo_coord._forum import local_time, verdict_words
from elo_coord._io import load_matrix, save_matrix
from elo_coord._labels import check_lang, label
from elo_coord._model import Decision, Lang, Matrix, Verdict
from elo_coord._registry import NameKind
from elo_coord._report import Namer
from elo_coord.widgets._controls import action_button
from elo_coord.widgets._static import StaticHTML

__all__ = ["ForumView", "Keys"]

KEYS = {"1": "accept", "2": "reject", "3": "defer", "ArrowRight": "next", "ArrowLeft": "previous"}
"""The facilitator's keys: a verdict by number, the agenda by arrow."""

_STYLE = """<style>
.elo-forum .widget-html-content { font-size: 19px; line-height: 1.4; }
.elo-forum .elo-place .widget-html-content { font-size: 18px; color: #5a6470; }
.elo-forum .elo-item { font-size: 40px; line-height: 1.15; font-weight: 700; margin: .2em 0; }
.elo-forum .elo-means { font-size: 22px; line-height: 1.3; margin: 0 0 .4em; }
.elo-forum .elo-facts li { margin: .2em 0; }
.elo-forum .jupyter-button { font-size: 20px; height: 46px; }
.elo-forum .widget-text input { font-size: 20px; height: 40px; }
.elo-forum .elo-decided .widget-html-content { font-size: 17px; }
.elo-forum .elo-decided li.elo-current { font-weight: 700; }
</style>"""
"""Large type for a projector: the item at 40 px, the rest at 20 px."""


class Keys(anywidget.AnyWidget):
    """Forward the facilitator's key presses to the kernel: ``1`` ``2`` ``3`` and the arrows.

    Keys typed into a text field are the field's; Enter or Escape there leaves the field, so
    that the next key decides. Nothing is forwarded while the view is hidden (another tab). The
    listener is on the document, in the capturing phase: ipywidgets' text fields stop their keys
    from bubbling.
    """

    _esm = (
        f"const KEYS = {json.dumps(KEYS)};\n"
        """
    function render({ model, el }) {
      const typing = (t) => t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"]
        .includes(t.tagName));
      const onKey = (event) => {
        if (typing(event.target)) {
          if (event.key === "Enter" || event.key === "Escape") event.target.blur();
          return;
        }
        if (event.ctrlKey || event.metaKey || event.altKey) return;
        const action = KEYS[event.key];
        const view = el.closest(".elo-forum");
        if (!action || !view || view.offsetParent === null) return;
        event.preventDefault();
        model.send({ action });
      };
      // Capturing: a text field's own handler stops its keys from going further.
      document.addEventListener("keydown", onKey, true);
      return () => document.removeEventListener("keydown", onKey, true);
    }
    export default { render };
    """
    )


class ForumView(StaticHTML, w.VBox):
    """The agenda, one item at a time, in large type; each decision recorded at once in ``out``.

    The item is a contested cell, with what the forum needs to decide it.

    An item shows the cell (row, level, body) and the row's means; how many regions named the
    body of those that answered, and the camps of like answers; who named it and who did not,
    and the camp that does not lean to it; the minority views and the task groups of the row at
    that level; and the body's role in the baseline. **Hyväksy** (1), **Hylkää** (2) and
    **Siirrä** (3) record the decision with the one-line rationale typed above them and the
    name of whoever recorded it (:func:`elo_coord._decision.agenda_decision`), and move on to
    the next undecided item; the arrows walk the agenda. The list beside it holds what has been
    decided so far.

    Each decision is written at once, atomically: the file is read, the decision added to the
    decisions it holds (:func:`elo_coord._decision.with_verdicts`) and written back expecting
    what was read; if someone else saved meanwhile, it is read again. The file's accepted
    changes (the Päätökset tab's ticks) are kept.

    Parameters
    ----------
    forum
        The comparison whose agenda the forum walks (the workbench's, at its thresholds).
    baseline
        The matrix the forum starts from, when ``out`` does not exist yet.
    out
        The synthesis file the decisions go into.
    by
        The name recorded with each decision.
    lang
        ``fi`` (default), ``sv`` or ``en``.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import elo_coord
    >>> forum = elo_coord.Comparison(elo_coord.load_matrices("matrices/proposals"))
    >>> baseline = elo_coord.load_matrix("matrices/baseline/tno-2022.yaml")
    >>> out = Path(tempfile.mkdtemp()) / "foorumi.yaml"
    >>> view = ForumView(forum, baseline, out, by="Fasilitaattori")
    >>> view.decide("accept", "AVI:n tehtävät siirtyivät LVV:lle")
    True
    >>> [d.verdict.value for d in elo_coord.load_matrix(out).decisions]
    ['accept']
    """

    def __init__(
        self,
        forum: Comparison,
        baseline: Matrix,
        out: str | Path,
        *,
        by: str = "",
        lang: str = "fi",
    ) -> None:
        self.lang: Lang = check_lang(lang)
        self.forum = forum
        self.out = Path(out)
        self.by = by
        self.items: list[dict[str, Any]] = list(forum.agenda.iter_rows(named=True))
        """The agenda's lines, in the order the forum takes them up."""
        self._names = Namer(forum.registry, self.lang)
        self._todo: Decisions = decisions(forum, baseline, id=self.out.stem, lang=self.lang)
        """The start the decisions apply to when the file does not exist yet."""
        self.verdicts: dict[tuple[str, str, str], Decision] = {}
        """The decisions in force in the file, by row, level and body."""
        self.index = 0
        """The item on screen."""
        self._stamp: tuple[int, int, int] | None = None
        """The file's stamp when last read or written (:func:`~elo_coord._editing.file_stamp`)."""

        lang_ = self.lang
        self.place = w.HTML()
        self.place.add_class("elo-place")
        self.item = w.HTML()
        self.facts = w.HTML()
        self.rationale = w.Text(
            placeholder=label("rationale_placeholder", lang_),
            layout=w.Layout(width="720px"),
        )
        self.rationale.add_class("elo-rationale")
        self.accept_button = action_button(
            f"{label('accept', lang_)} [1]",
            lambda: self.decide(Verdict.ACCEPT),
            button_style="success",
        )
        self.reject_button = action_button(
            f"{label('reject', lang_)} [2]",
            lambda: self.decide(Verdict.REJECT),
            button_style="danger",
        )
        self.defer_button = action_button(
            f"{label('defer', lang_)} [3]", lambda: self.decide(Verdict.DEFER)
        )
        self.previous_button = action_button(f"← {label('previous', lang_)}", self.previous)
        self.next_button = action_button(f"{label('next', lang_)} →", self.next)
        self.status = w.HTML()
        self.decided = w.HTML(layout=w.Layout(width="430px", max_height="520px", overflow="auto"))
        self.decided.add_class("elo-decided")
        self.shortcuts = Keys()
        self.shortcuts.on_msg(self._on_key)
        walk = w.VBox(
            [
                w.HBox([self.previous_button, self.next_button, self.place]),
                self.item,
                self.rationale,
                w.HBox([self.accept_button, self.reject_button, self.defer_button]),
                self.status,
                self.facts,
            ],
            layout=w.Layout(width="760px"),
        )
        style = w.HTML(_STYLE, layout=w.Layout(display="none"))
        super().__init__([style, self.shortcuts, w.HBox([walk, self.decided])])
        self.add_class("elo-forum")
        self._read()
        self.show(self._next_undecided(0))

    # --- what the facilitator does, as methods -------------------------------------------------

    def show(self, index: int) -> None:
        """Show the agenda's item ``index`` (from 0)."""
        if not self.items:
            self.index = 0
        else:
            self.index = max(0, min(index, len(self.items) - 1))
        self._draw()

    @property
    def current(self) -> tuple[str, str, str] | None:
        """The item on screen as its row, level and body; ``None`` for an empty agenda."""
        return self._key(self.items[self.index]) if self.items else None

    def show_item(self, key: tuple[str, str, str] | None) -> None:
        """Show the item of this row, level and body, if the agenda holds it."""
        keys = [self._key(line) for line in self.items]
        if key in keys:
            self.show(keys.index(key))

    def next(self) -> None:
        """Show the next item."""
        self.show(self.index + 1)

    def previous(self) -> None:
        """Show the previous item."""
        self.show(self.index - 1)

    def decide(self, verdict: Verdict | str, rationale: str | None = None) -> bool:
        """Record the forum's ``verdict`` on the item on screen, and show the next undecided one.

        ``rationale`` is the one-line reason; by default the one typed on screen. Refused, with
        the reason in :attr:`status`, without a rationale or a name, or when the file cannot be
        read or written. Returns whether the decision was recorded.
        """
        verdict = Verdict(verdict)
        why = (self.rationale.value if rationale is None else rationale).strip()
        if not self.items:
            return self._refuse(label("no_agenda", self.lang))
        if not why:
            return self._refuse(label("rationale_missing", self.lang))
        if not self.by.strip():
            return self._refuse(label("name_missing", self.lang))
        try:
            decision = agenda_decision(self.items[self.index], verdict, rationale=why, by=self.by)
        except ValueError as error:  # a rationale of several lines
            return self._refuse(" ".join(str(error).split()))
        try:
            self._record(decision)
        except (OSError, ElocoordError) as error:
            return self._refuse(" ".join(str(error).split()))
        self.rationale.value = ""
        self.status.value = ""
        self.show(self._next_undecided(self.index + 1))
        return True

    def static_html(self) -> str:
        """Return the item on screen and the decisions so far as plain HTML (for exports)."""
        return (
            f'<div class="elo-forum">{self.place.value}{self.item.value}{self.facts.value}'
            f"{self.decided.value}</div>"
        )

    # --- inside ------------------------------------------------------------------------------

    def follow(self) -> bool:
        """Take in decisions others recorded in the file meanwhile; return whether there were.

        The workbench calls it with its other looks at the files (:meth:`Workbench.follow`).
        """
        if file_stamp(self.out) == self._stamp:
            return False
        before = self.verdicts
        try:
            self._read()
        except (OSError, ElocoordError):
            return False  # saved broken, or half-way: looked at again next time
        self._draw()
        return self.verdicts != before

    def _read(self) -> tuple[str | None, Matrix]:
        """Read the synthesis file: its text (``None`` if there is none yet) and its matrix."""
        self._stamp = file_stamp(self.out)
        if not self.out.exists():
            start = self._todo.apply([False] * self._todo.changes.height)
            self.verdicts = {}
            return None, start
        text = self.out.read_text(encoding="utf-8")
        matrix = load_matrix(self.out, registry=self.forum.registry)
        self.verdicts = verdicts_in_force(matrix.decisions)
        return text, matrix

    def _record(self, decision: Decision) -> None:
        """Add ``decision`` to the file, read afresh; again if someone saved in between."""
        for _ in range(5):
            text, matrix = self._read()
            decided = with_verdicts(matrix, (*matrix.decisions, decision))
            try:
                save_matrix(decided, self.out, expected=text)
            except FileChangedError:
                continue
            self.verdicts = verdicts_in_force(decided.decisions)
            self._stamp = file_stamp(self.out)
            return
        raise InputError(f"{self.out}: others keep saving it; record the decision again")

    def _refuse(self, why: str) -> bool:
        self.status.value = f'<span style="color:#a50f15">✖ {html.escape(why)}</span>'
        return False

    def _next_undecided(self, start: int) -> int:
        """Return the first item from ``start`` on not yet decided (else ``start``, clamped)."""
        for index in range(start, len(self.items)):
            if self._key(self.items[index]) not in self.verdicts:
                return index
        return min(start, max(len(self.items) - 1, 0))

    @staticmethod
    def _key(line: dict[str, Any]) -> tuple[str, str, str]:
        return (str(line["row_id"]), str(line["level"]), str(line["body_id"]))

    def _name(self, kind: NameKind, id: str) -> str:
        return self._names.name(kind, id).text

    def _draw(self) -> None:
        lang = self.lang
        self.previous_button.disabled = self.index == 0
        self.next_button.disabled = self.index >= len(self.items) - 1
        self._draw_decided()
        if not self.items:
            self.place.value = ""
            self.item.value = f"<p>{html.escape(label('no_agenda', lang))}</p>"
            self.facts.value = ""
            return
        line = self.items[self.index]
        row, level, body = self._key(line)
        self.place.value = html.escape(
            label("agenda_place", lang).format(n=self.index + 1, total=len(self.items))
        )
        self.item.value = (
            f'<div class="elo-item">{html.escape(row)} · {html.escape(label(level, lang))} · '
            f"{html.escape(self._name('body', body))}</div>"
            f'<p class="elo-means">{html.escape(self._means(row))}</p>'
        )
        self.facts.value = f'<ul class="elo-facts">{"".join(self._facts(line))}</ul>'

    def _facts(self, line: dict[str, Any]) -> list[str]:
        lang = self.lang
        row, level, body = self._key(line)
        named = [str(r) for r in line["regions"]]
        facts = [
            label("item_support", lang).format(
                n=line["n"],
                total=line["total"],
                percent=round(100 * float(line["share"])),
                camps=f"{line['camps_naming']}/{line['camps']}",
            ),
            f"<b>{html.escape(label('named', lang))}:</b> "
            + html.escape(", ".join(self._name("region", r) for r in named)),
        ]
        consensus = self.forum.group_consensus
        dissent = consensus.filter(
            (consensus["row_id"] == row)
            & (consensus["level"] == level)
            & (consensus["body_id"] == body)
        ).get_column("dissent")
        if dissent.len() and dissent[0].len():
            facts.append(
                f"<b>{html.escape(label('dissent', lang))}:</b> "
                + html.escape(", ".join(self._name("region", str(r)) for r in dissent[0]))
            )
        views = self.forum.minority_views.filter(
            (self.forum.minority_views["row_id"] == row)
            & (self.forum.minority_views["level"] == level)
        )
        if views.height:
            facts.append(
                f"<b>{html.escape(label('minority_views', lang))}:</b> "
                + html.escape(
                    "; ".join(
                        f"{', '.join(self._name('region', str(r)) for r in v['regions'])} "
                        f"{label(v['view'], lang)} {self._name('body', v['body_id'])}"
                        f" ({v['n']}/{v['total']})"
                        for v in views.iter_rows(named=True)
                    )
                )
            )
        groups = self.forum.task_groups.filter(
            (self.forum.task_groups["row_id"] == row) & (self.forum.task_groups["level"] == level)
        )
        if groups.height:
            counted = groups.group_by("group", maintain_order=True).agg("text", "regions")
            texts = []
            for group in counted.iter_rows(named=True):
                regions = {str(r) for listed in group["regions"] for r in listed}
                texts.append(f"{group['text'][0]} ({len(regions)})")
            facts.append(
                f"<b>{html.escape(label('task_groups', lang))}:</b> "
                + html.escape("; ".join(texts))
            )
        role = line["baseline_role"]
        facts.append(
            f"<b>{html.escape(label('in_baseline', lang))}:</b> "
            + html.escape(label(str(role), lang) if role is not None else label("absent", lang))
        )
        decided = self.verdicts.get((row, level, body))
        if decided is not None:
            facts.append(
                f"<b>{html.escape(label('verdict', lang))}:</b> "
                + html.escape(self._verdict_text(decided))
            )
        return [f"<li>{fact}</li>" for fact in facts]

    def _draw_decided(self) -> None:
        lang = self.lang
        current = self._key(self.items[self.index]) if self.items else None
        items = []
        for key, decision in self.verdicts.items():
            row, level, body = key
            mark = ' class="elo-current"' if key == current else ""
            items.append(
                f"<li{mark}><b>{html.escape(row)} · {html.escape(self._name('body', body))}</b>"
                f" <small>({html.escape(label(level, lang))})</small> — "
                f"{html.escape(self._verdict_text(decision))}</li>"
            )
        heading = html.escape(
            label("decided_so_far", lang).format(n=len(self.verdicts), total=len(self.items))
        )
        self.decided.value = f"<h4>{heading}</h4><ol>{''.join(items)}</ol>"

    def _verdict_text(self, decision: Decision) -> str:
        return (
            f"{verdict_words(decision, self._names)}: “{decision.rationale}” "
            f"({decision.by}, {local_time(decision.at, self.lang)})"
        )

    def _means(self, row: str) -> str:
        strategy_id = next((m.strategy for m in self.forum.proposals), None)
        strategy = self.forum.registry.strategies.get(strategy_id) if strategy_id else None
        place = {r.id: r for r in strategy.rows()}.get(row) if strategy else None
        if place is None:
            return ""
        return (place.means or place.goal).text.text(self.lang)

    def _on_key(self, _: object, content: dict[str, Any], buffers: object) -> None:
        action = str(content.get("action", ""))
        if action in ("accept", "reject", "defer"):
            self.decide(action)
        elif action == "next":
            self.next()
        elif action == "previous":
            self.previous()
