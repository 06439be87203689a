"""The workbench's buttons: one way to make them, so every one shows its whole label."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

__all__ = ["action_button"]


def action_button(text: str, action: Callable[[], object], **style: str) -> w.Button:
    """Return a button labelled ``text`` that runs ``action`` when clicked.

    It is as wide as its label and never shrinks in a row of controls, so a label is never cut
    short ("Tee uudell…"). ``style`` goes to the button: ``icon``, ``button_style``, ``tooltip``.
    """
    button = w.Button(description=text, layout=w.Layout(width="auto", flex="0 0 auto"), **style)
    button.on_click(lambda _: action())
    return button
