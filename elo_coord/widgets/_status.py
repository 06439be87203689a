"""What an editor's status line says about its file: saved, unsaved, refused, held back."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from elo_coord._editing import EditedFile
from elo_coord._labels import label
from elo_coord._palette import COLOURS

__all__ = ["SaveState", "caught_up", "refused", "save_state"]

_REFUSED = COLOURS["refused"].ink
_SAVED = COLOURS["saved"].ink


@dataclass(frozen=True)
class SaveState:
    """An edited file's state as the editors show it."""

    html: str
    """The status line."""
    changed: bool
    """A save was refused because someone else saved the file meanwhile (merge or reload)."""
    clash: bool
    """… and changed the same parts differently (keep theirs, or mine)."""
    failed: bool
    """The system refused the save (retry)."""


def save_state(file: EditedFile[Any, Any], lang: str, part: Callable[[Any], str]) -> SaveState:
    """Return what the status line of ``file`` says in ``lang``; ``part`` names a part."""
    changed = bool(file.message) and file.changed_on_disk()
    clash = changed and bool(file.clashes)
    if file.message:
        if file.clashes:
            parts = ", ".join(part(p) for p in file.clashes)
            text = label("clash", lang).format(parts=parts)
        elif changed:
            text = label("conflict", lang)
        else:
            text = label("write_failed", lang).format(reason=file.message)
        line = refused(text, title=file.message)
    elif file.dirty:
        line = f"<span>{html.escape(label('unsaved', lang))}</span>"
    else:
        line = f'<span style="color:{_SAVED}">✓ {html.escape(label("saved", lang))}</span>'
    return SaveState(line, changed, clash, bool(file.message) and not changed)


def refused(text: str, title: str = "") -> str:
    """Return ``text`` as a status line that says something went wrong, on one line."""
    line = " ".join(text.split())
    return (
        f'<span style="color:{_REFUSED}" title="{html.escape(title)}">✖ {html.escape(line)}</span>'
    )


def caught_up(parts: Sequence[Any], lang: str, part: Callable[[Any], str]) -> str:
    """Return the status line that names what someone else saved (empty when nothing)."""
    if not parts:
        return ""
    text = label("caught_up", lang).format(parts=", ".join(part(p) for p in parts))
    return f'<span style="color:#08519c">↻ {html.escape(text)}</span>'
