"""Export mode: static, network-free output for HTML exports of notebooks.

When the environment variable ``ELO_COORD_EXPORT`` is ``1`` (``elo-coord export`` sets it for the
kernel it runs), the workbench's widgets display as plain HTML — tables with the same colours and
marks, lists — and charts as inline SVG, so that an exported page shows everything with no kernel,
no widget manager and no CDN.
"""

from __future__ import annotations

import os

__all__ = ["EXPORT_ENV", "exporting"]

EXPORT_ENV = "ELO_COORD_EXPORT"
"""The environment variable that switches export mode on (value ``1``)."""


def exporting() -> bool:
    """Return whether output should be static (an HTML export is being made)."""
    return os.environ.get(EXPORT_ENV) == "1"
