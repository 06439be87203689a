"""The colours of elo_coord, one per concept, shared by the charts, the widgets and the pages.

Each concept has a ``fill`` (a cell, a bar, a mark) and an ``ink`` (text on white, and text on
the fill where the fill is dark enough). A lead is dark blue, a partner light blue — in the editor,
the matrix chart and the report alike.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import NamedTuple

__all__ = ["COLOURS", "Colour", "css_variables", "step_colour"]


class Colour(NamedTuple):
    """A concept's colour: ``fill`` for areas, ``ink`` for text, ``on_fill`` for text on it."""

    fill: str
    ink: str
    on_fill: str


COLOURS = MappingProxyType(
    {
        "lead": Colour("#2171b5", "#08306b", "#ffffff"),
        "partner": Colour("#9ecae1", "#08306b", "#08306b"),
        "none": Colour("#f4f4f4", "#222222", "#222222"),
        "consensus": Colour("#2171b5", "#08306b", "#ffffff"),
        "contested": Colour("#fdae6b", "#8a4500", "#3d1f00"),
        "minority": Colour("#deebf7", "#3b5b7a", "#08306b"),
        "body_added": Colour("#1a9850", "#1a6e2e", "#ffffff"),
        "body_removed": Colour("#d73027", "#a50f15", "#ffffff"),
        "role_changed": Colour("#f68e27", "#8a5a00", "#ffffff"),
        "tasks": Colour("#9ecae1", "#08306b", "#08306b"),
        "bodies": Colour("#08519c", "#08306b", "#ffffff"),
        "national": Colour("#ece7f2", "#3f007d", "#3f007d"),
        "regional": Colour("#e5f5e0", "#00441b", "#00441b"),
        "accent": Colour("#002957", "#002957", "#ffffff"),
        "muted": Colour("#e1e6eb", "#5a6470", "#1b1b1b"),
        "fallback": Colour("#fff3d6", "#8a5a00", "#8a5a00"),
        "saved": Colour("#e5f5e0", "#006d2c", "#006d2c"),
        "refused": Colour("#fee0d2", "#a50f15", "#a50f15"),
        # The steps of the groups' development scale, 1 (beginning) to 4 (ColorBrewer Greens).
        "step_1": Colour("#edf8e9", "#006d2c", "#1b1b1b"),
        "step_2": Colour("#bae4b3", "#006d2c", "#1b1b1b"),
        "step_3": Colour("#74c476", "#006d2c", "#1b1b1b"),
        "step_4": Colour("#238b45", "#00441b", "#ffffff"),
        # How often a kind of organisation sits in the groups (most often, over half, less).
        "band_most_often": Colour("#2171b5", "#08306b", "#ffffff"),
        "band_over_half": Colour("#6baed6", "#08306b", "#08306b"),
        "band_less_often": Colour("#c6dbef", "#3b5b7a", "#08306b"),
    }
)
"""Colours by concept: roles, support statuses, changes, measures, levels, states and steps."""


def step_colour(step: int) -> Colour:
    """Return the colour of a step of the development scale (1–4), in every view alike.

    >>> step_colour(4).fill
    '#238b45'
    """
    return COLOURS[f"step_{step}"]


def css_variables() -> str:
    """Return the palette as CSS custom properties (``--lead``, ``--lead-ink`` …) for ``:root``.

    Examples
    --------
    >>> css_variables().splitlines()[0]
    ':root { --lead: #2171b5; --lead-ink: #08306b; --lead-on: #ffffff;'
    """
    parts = [
        f"--{name.replace('_', '-')}: {c.fill}; --{name.replace('_', '-')}-ink: {c.ink}; "
        f"--{name.replace('_', '-')}-on: {c.on_fill};"
        for name, c in COLOURS.items()
    ]
    return ":root { " + "\n  ".join(parts) + " }\n"
