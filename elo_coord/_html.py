"""HTML from templates: one jinja2 environment, autoescaped, with one stylesheet and palette.

Every page elo_coord writes — a matrix in the forum's slide format, the forum report — comes from
the templates in ``elo_coord/templates`` rendered here. Autoescaping is on for all of them, so a
text from data can never become markup; the few filters below escape what they are given too.
Names from the registry (:class:`~elo_coord.Name`) that fall back to Finnish are marked by the
``name`` macro, always the same way.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from elo_coord._labels import LABELS
from elo_coord._palette import css_variables

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

__all__ = ["TEMPLATES", "escape_lines", "render_page", "stylesheet"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
"""The folder of the templates and the stylesheet."""


def escape_lines(text: str) -> Markup:
    """Escape ``text``, keeping its non-empty lines apart as ``<br>``."""
    from markupsafe import Markup

    lines = [html.escape(line.strip()) for line in text.splitlines() if line.strip()]
    return Markup("<br>".join(lines))


def _inline(text: str) -> str:
    """Put ``text`` on one line (autoescaping escapes it)."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


@cache
def stylesheet() -> str:
    """Return the one stylesheet of every page: the palette's variables, then the rules."""
    return css_variables() + (TEMPLATES / "style.css").read_text(encoding="utf-8")


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.filters["lines"] = escape_lines
    environment.filters["inline"] = _inline
    return environment


def render_page(template: str, *, lang: str, **context: Any) -> str:
    """Render the page ``template`` in ``lang`` with ``context``.

    Every template gets ``lang``, the stylesheet as ``css`` and ``label(key)`` for the fixed texts
    in ``lang``.
    """
    return (
        _environment()
        .get_template(template)
        .render(
            lang=lang,
            css=stylesheet(),
            label=lambda key: LABELS[key].text(lang),
            **context,
        )
    )
