"""Notebooks as static HTML for readers with no Jupyter and no network.

:func:`export_notebook` runs a notebook in export mode (``ELO_COORD_EXPORT=1``: the workbench's
widgets display as HTML tables and lists, charts as SVG) and writes it as one HTML page that loads
nothing from anywhere: no require.js, MathJax, mermaid, widget manager or web font, and no widget
state. The page is meant to be read offline, years later: everything it shows is in the file.
(The forum report is :mod:`elo_coord._forum`.)
"""

from __future__ import annotations

import copy
import html.parser
import os
import re
from pathlib import Path
from typing import Any

from elo_coord._errors import ElocoordError, FileChangedError, require
from elo_coord._export import EXPORT_ENV
from elo_coord._io import write_atomic

__all__ = ["LIVE_ONLY", "clean_on_save", "export_notebook", "remote_resources"]

LIVE_ONLY = "live-only"
"""The cell tag for what only the live notebook needs (how to click, what to run): exports drop
such cells."""


# --- Notebooks -----------------------------------------------------------------------------------

# The lab template with everything it would fetch from the web taken out. SVG outputs (charts) go
# into the page as they are, not as base64 images, so that their text can be found and selected;
# their ids are made unique first (_unique_svg_ids). A widget output (none in export mode, where
# elo_coord's widgets display as HTML) shows its plain-text form: with no widget state and no
# widget manager there is nothing else to show.
_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block data_svg scoped -%}
<div class="jp-RenderedSVG jp-OutputArea-output {{ extra_class }}" data-mime-type="image/svg+xml">
{{ output.data['image/svg+xml'] }}
</div>
{%- endblock data_svg -%}
{%- block data_widget_view scoped -%}
{%- if 'text/plain' in output.data -%}
<div class="jp-RenderedText jp-OutputArea-output {{ extra_class }}" data-mime-type="text/plain">
<pre>{{ output.data['text/plain'] | escape_html }}</pre>
</div>
{%- endif -%}
{%- endblock data_widget_view -%}
"""
_TEMPLATE_NAME = "elo_offline.html.j2"


def export_notebook(
    notebook: str | Path,
    out: str | Path,
    *,
    timeout: float = 120,
    expected: str | None = None,
) -> str:
    """Run ``notebook`` in export mode and write it to ``out`` as one self-contained HTML page.

    The notebook runs top to bottom in a fresh kernel, in its own folder (so its relative paths
    work), with ``ELO_COORD_EXPORT=1`` set for the kernel: the workbench's widgets display as HTML
    tables and lists, and charts drawn after :func:`elo_coord.charts.enable_renderer` as SVG, which
    goes into the page as it is (each chart's ids made its own), so its text can be searched.
    Output captured by ``Output`` widgets goes to the cell's own outputs. The widget state
    is dropped, and the page is converted with nbconvert's ``lab`` template less everything that
    loads from the web (require.js, MathJax, mermaid, the widget manager); its CSS is inline.
    The notebook file itself is not changed.

    Parameters
    ----------
    notebook
        The ``.ipynb`` file.
    out
        The HTML file to write, atomically.
    timeout
        The longest, in seconds, any one cell may run; a finite limit, since nbclient can wait
        for ever on a kernel that stopped answering.
    expected
        What ``out`` holds now, to replace it; ``None`` when it must not exist. Checked before
        the notebook runs and again when writing.

    Returns
    -------
    str
        The page.

    Raises
    ------
    FileChangedError
        ``out`` does not hold ``expected`` (exists, when ``expected`` is ``None``).
    ElocoordError
        The notebook cannot be read, a cell fails or runs longer than ``timeout``, or the page
        would load something from the network (a chart not drawn as SVG, an image on the web).
        Nothing is written.

    Examples
    --------
    What ``elo-coord export notebooks/forum.ipynb --out forum.html`` does (it takes a kernel and
    some seconds, so it is not run here)::

        page = export_notebook("notebooks/forum.ipynb", "forum.html")
        assert '<table class="elo-grid">' in page and "<script src=" not in page
    """
    require("export", "nbformat", "nbclient", "nbconvert", "ipykernel")
    notebook, out = Path(notebook), Path(out)
    _check_replaceable(out, expected)
    nb = _read_notebook(notebook)
    # What tells a person at the live notebook what to click has no place on a static page.
    nb.cells = [cell for cell in nb.cells if LIVE_ONLY not in cell.metadata.get("tags", [])]
    nb = _execute(nb, notebook, timeout)
    nb.metadata.pop("widgets", None)
    _unique_svg_ids(nb)
    page = _to_html(nb, notebook)
    remote = remote_resources(page)
    if remote:
        raise ElocoordError(
            f"{notebook}: the page would load {remote[0]} from the network"
            + (f" (and {len(remote) - 1} more)" if len(remote) > 1 else "")
            + "; nothing was written — show charts with elo_coord.charts.enable_renderer()"
            " and keep images in the notebook"
        )
    write_atomic(out, page, expected=expected)
    return page


def clean_on_save(model: dict[str, Any], **_: object) -> None:
    """Keep a notebook's file clean: no outputs, counts or widget state (a Jupyter pre-save hook).

    ``python3 dev.py lab`` installs it (``FileContentsManager.pre_save_hook``), so that autosave
    writes only the cells: the tracked notebooks stay small and free of a session's outputs (a
    run's widget state alone holds the 1 MB vega bundle). What the session decided is in the data
    files, not in the notebook.

    Examples
    --------
    >>> model = {"type": "notebook", "content": {"metadata": {"widgets": {}}, "cells": [
    ...     {"cell_type": "code", "outputs": [{"output_type": "stream"}], "execution_count": 3}]}}
    >>> clean_on_save(model)
    >>> model["content"]
    {'metadata': {}, 'cells': [{'cell_type': 'code', 'outputs': [], 'execution_count': None}]}
    """
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    content = model["content"]
    content.get("metadata", {}).pop("widgets", None)
    for cell in content.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None


def _check_replaceable(out: Path, expected: str | None) -> None:
    """Refuse early, before a notebook runs for nothing, what :func:`write_atomic` would refuse."""
    try:
        current: str | None = out.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = None
    if current != expected:
        what = "exists already" if current is not None else "was removed since it was read"
        if current is not None and expected is not None:
            what = "changed on disk since it was read"
        raise FileChangedError(f"{out}: {what}; nothing was written")


def _read_notebook(path: Path) -> Any:
    import nbformat

    try:
        return nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    except FileNotFoundError:
        raise ElocoordError(f"{path}: no such notebook") from None
    except (OSError, ValueError) as error:  # nbformat's read errors are ValueErrors
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ElocoordError(f"{path}: not a notebook that can be read: {first}") from None


class _StalledError(Exception):
    """A cell's reply or outputs did not reach the client within the time given."""


def _execute(nb: Any, path: Path, timeout: float) -> Any:
    """Run ``nb`` in a fresh kernel in ``path``'s folder, in export mode; return it run.

    Now and then, on a loaded machine, the end of a quick cell never reaches nbclient (seen
    twice in about ten full test runs, both ``forum.ipynb``; nbclient#312 is of the same family;
    the cause here is not pinned down). The notebook is then run once more from the start in
    another fresh kernel: the notebooks only read data, so a second run makes the same page. A
    cell that is too slow both times is an error.
    """
    try:
        return _run_once(nb, path, timeout)
    except _StalledError:
        pass
    try:
        return _run_once(nb, path, timeout)
    except _StalledError:
        raise ElocoordError(
            f"{path}: a cell ran longer than {timeout:g} s, twice; nothing was written"
            " — give it more time (--timeout) or make it faster"
        ) from None


def _run_once(nb: Any, path: Path, timeout: float) -> Any:
    """Run a copy of ``nb`` in a fresh kernel; raise :class:`_StalledError` on a timeout."""
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = copy.deepcopy(nb)
    client = NotebookClient(
        nb,
        timeout=timeout,
        startup_timeout=max(60, timeout),
        kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
        # The widget state is dropped anyway, and nbclient's stand-in for the Output widget is
        # what makes it wait for the whole timeout on big outputs (nbclient#312): without it,
        # what a cell shows inside an Output widget becomes an output of the cell itself.
        store_widget_state=False,
        # After a cell's reply, its outputs may still be on their way (a loaded machine): wait
        # for them as long as for the cell, and fail rather than write a page without them.
        iopub_timeout=timeout,
        raise_on_iopub_timeout=True,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    client.comm_open_handlers = {"jupyter.widget": lambda _message: None}
    try:
        client.execute(env={**os.environ, EXPORT_ENV: "1"})
    except CellTimeoutError:
        raise _StalledError from None
    except CellExecutionError as error:
        raise ElocoordError(
            f"{path}: cell {_failed_cell(nb)} failed with {error.ename}: "
            f"{_first_line(error.evalue)}; nothing was written"
        ) from None
    except DeadKernelError:
        raise ElocoordError(f"{path}: the kernel died; nothing was written") from None
    except NoSuchKernel as error:
        raise ElocoordError(
            f"{path}: no kernel named {error.args[0] if error.args else '?'!r} is installed"
            " — install ipykernel, or set the notebook's kernel"
        ) from None
    except RuntimeError as error:  # e.g. the kernel did not start
        raise ElocoordError(
            f"{path}: could not run the notebook: {_first_line(str(error))}"
        ) from None
    return nb


def _failed_cell(nb: Any) -> str:
    """Return the number (from 1, counting every cell) of the first cell with an error output."""
    for number, cell in enumerate(nb.cells, start=1):
        if any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            return str(number)
    return "?"


def _first_line(text: str) -> str:
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0] if lines else ""


_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_SVG_PROLOG = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^>]*>\s*)?", re.IGNORECASE)
_SVG_ID = re.compile(r"""(\bid=["']|url\(\s*["']?#|href=["']#)([^"')\s]+)""")


def _unique_svg_ids(nb: Any) -> None:
    """Give the ids inside each SVG of ``nb``'s outputs a prefix of their own, in place.

    vl-convert names a chart's clip paths and gradients alike in every chart (``clip1``,
    ``gradient_0``); inline in one page, the second chart's ``url(#clip1)`` would find the first
    chart's. SVG outputs also lose their XML prolog, which has no place inside HTML.
    """
    number = 0

    def unique(svg: str) -> str:
        nonlocal number
        number += 1
        ids = set(re.findall(r"""\bid=["']([^"']+)["']""", svg))
        prefix = f"elo-svg{number}-"
        return _SVG_ID.sub(lambda m: m[1] + prefix + m[2] if m[2] in ids else m[0], svg)

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if isinstance(data.get("image/svg+xml"), str):
                data["image/svg+xml"] = unique(_SVG_PROLOG.sub("", data["image/svg+xml"]))
            if isinstance(data.get("text/html"), str) and "<svg" in data["text/html"]:
                data["text/html"] = _SVG.sub(lambda m: unique(m[0]), data["text/html"])


def _to_html(nb: Any, path: Path) -> str:
    import jinja2
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(  # type: ignore[no-untyped-call]
        template_name="lab",
        template_file=_TEMPLATE_NAME,
        extra_loaders=[jinja2.DictLoader({_TEMPLATE_NAME: _TEMPLATE})],
        embed_images=True,  # images a Markdown cell takes from the notebook's folder
    )
    resources = {"metadata": {"name": path.stem, "path": str(path.parent.resolve())}}
    page, _ = exporter.from_notebook_node(nb, resources=resources)
    return str(page)


_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""(?:url\(\s*|@import\s+(?:url\(\s*)?)["']?([^"')\s]+)""", re.IGNORECASE)
# Tags whose src, href or data attribute the browser loads by itself. Other links (<a href>) are
# followed only when a reader clicks them, which is fine.
_LOADING = {
    "audio",
    "embed",
    "frame",
    "iframe",
    "image",
    "img",
    "input",
    "link",
    "object",
    "script",
    "source",
    "track",
    "use",
    "video",
}
_LOADED = {"src", "href", "xlink:href", "data", "srcset", "poster"}


class _Resources(html.parser.HTMLParser):
    """Collect every address a page would load by itself: tag attributes and CSS ``url()``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if tag in _LOADING and name in _LOADED:
                self.found += [part.split()[0] for part in value.split(",") if part.split()]
            elif name == "style":
                self.found += _CSS_URL.findall(value)
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found += _CSS_URL.findall(data)


def remote_resources(page: str) -> list[str]:
    """Return the addresses on other hosts that ``page`` would load by itself, in page order.

    Examples
    --------
    >>> remote_resources('<img src="data:,x"><a href="https://x.fi">x</a><script src="//cdn/x">')
    ['//cdn/x']
    """
    parser = _Resources()
    parser.feed(page)
    parser.close()
    return [address for address in parser.found if _REMOTE.match(address)]
