"""Following the files others save: a callback every few seconds on the kernel's event loop.

In JupyterLab and Voilà the kernel runs an asyncio loop; the views call their ``follow`` method
from it, between the messages of clicks, so a view is never redrawn in the middle of an edit.
Outside a kernel (a script, a test) nothing is scheduled, even where some other asyncio loop
runs: call ``follow`` yourself. Nor in export mode (``elo-coord export``): a page is a snapshot,
and the kernel that makes it should do nothing between and after its cells.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from elo_coord._errors import InputError
from elo_coord._export import exporting

__all__ = ["FOLLOW", "Every", "kernel_loop", "seconds_between"]

FOLLOW = 0.5
"""Seconds between looks for others' saves, by default: a look costs a quarter of a millisecond
with 18 proposals when nothing changed (tests/benchmarks/follow.py)."""

_LOG = logging.getLogger("elo_coord")


def seconds_between(follow: float | str | None) -> float | None:
    """Return the seconds between looks at the files, or ``None`` for not following.

    ``follow`` may be text, as a page address gives it (``?follow=2``); ``0`` turns following
    off.

    Raises
    ------
    InputError
        ``follow`` is not a number of seconds.
    """
    if follow is None:
        return None
    try:
        seconds = float(follow)
    except ValueError:
        raise InputError(
            f"follow={follow!r}: give the seconds between looks at the files, e.g. 1"
            " (0 turns following off)"
        ) from None
    if seconds != seconds or seconds < 0:  # NaN or negative
        raise InputError(f"follow={follow!r}: give 0 or more seconds")
    return seconds or None


class Every:
    """Call ``callback`` every ``seconds`` on an event loop, until :meth:`cancel`.

    The loop is ``loop``, by default the Jupyter kernel's (the running loop of a kernel's
    cell); outside a kernel nothing is scheduled. An error in ``callback`` goes to the log (the
    kernel's standard error) and the calls go on.
    """

    def __init__(
        self,
        seconds: float,
        callback: Callable[[], object],
        loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        self.seconds = seconds
        self.callback = callback
        self._loop = loop if loop is not None else kernel_loop()
        self._handle: asyncio.TimerHandle | None = None
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._schedule)

    @property
    def running(self) -> bool:
        """Whether calls are scheduled (or about to be)."""
        return self._loop is not None

    def cancel(self) -> None:
        """Stop the calls."""
        if self._handle is not None:
            self._handle.cancel()
        self._handle = None
        self._loop = None

    def _schedule(self) -> None:
        if self._loop is not None:
            self._handle = self._loop.call_later(self.seconds, self._tick)

    def _tick(self) -> None:
        try:
            self.callback()
        except Exception:  # a view that cannot follow must not stop the kernel's loop
            _LOG.exception("elo_coord: following the files failed")
        self._schedule()


def kernel_loop() -> asyncio.AbstractEventLoop | None:
    """Return the running event loop if this is a Jupyter kernel's cell, else ``None``.

    ``None`` in export mode too: nothing is scheduled on the kernel that makes a page.
    """
    if exporting():
        return None
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
