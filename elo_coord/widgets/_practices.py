"""The good practices as the workbench shows them: a heading, and each opening to its text."""

from __future__ import annotations

import html
from collections.abc import Sequence

from elo_coord._labels import check_lang, label
from elo_coord._model import Practice
from elo_coord._registry import Registry

__all__ = ["practices_html"]


def practices_html(practices: Sequence[Practice], registry: Registry, lang: str) -> str:
    """Return ``practices`` as HTML; empty when there are none.

    Each shows its title and groups, and opens to its verbatim text, its source and how sure its
    link is.
    """
    if not practices:
        return ""
    items = []
    for practice in practices:
        names = [registry.name("group", group, check_lang(lang)) for group in practice.groups]
        who = ", ".join(f"{n.text}*" if n.fallback else n.text for n in names)
        sure = (
            label(f"confidence_{practice.links.confidence.value}", lang) if practice.links else ""
        )
        tail = f" — {html.escape(who)}" if who else ""
        items.append(
            f"<details><summary>{html.escape(practice.title)}{tail}</summary>"
            f"<small>{html.escape(practice.text)} ({html.escape(practice.source)}; "
            f"{html.escape(label('link_confidence', lang))}: {html.escape(sure)})"
            "</small></details>"
        )
    return f"<b>{html.escape(label('practices', lang))}</b>{''.join(items)}"
