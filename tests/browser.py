"""Browser-test harness: JupyterLab on a temporary copy of the project, driven by headless Chromium.

Use it from a test module with ``pytest_plugins = ["tests.browser"]``; that registers the fixtures
once for the whole session, so every module shares one server and one browser:

* ``jupyterlab`` (session): a :class:`LabServer` serving a temporary copy of ``notebooks/`` and
  ``matrices/`` (tests never write into the repository), offline: no news, no update check, no
  extension index, isolated user settings/workspaces/data, notebook windowing off.
* ``chromium`` (session): a Playwright :class:`Browser` on Debian's ``/usr/bin/chromium`` (or
  ``$ELO_COORD_CHROMIUM``). Missing browser → the test is skipped, unless
  ``ELO_COORD_REQUIRE_BROWSER=1`` (CI), which makes it fail.
* ``external_requests`` / ``lab_page``: a fresh page whose requests to anything but
  127.0.0.1/localhost are aborted and recorded in ``external_requests`` (assert it stays empty).
  ``second_page``: another such page in a browser context of its own, a second person.

Helpers take the Playwright page: :func:`open_notebook`, :func:`open_app`, :func:`run_all`,
:func:`errors`, :func:`output_text`, :func:`click`, :func:`kernel_output`, :func:`screenshot`,
:func:`wait_for_role` (a cell's mark and colour on screen); :func:`role_in_file` reads the file.
``app`` (per test) serves the workbench app with Voilà on a copy of the data (:class:`AppServer`).

``PYTEST_DONT_REWRITE``: doctest collection imports this module before ``pytest_plugins`` does, so
pytest could not rewrite its asserts anyway (and would warn); the helpers raise explicit errors.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page, Route, WebSocketRoute

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("notebooks", "matrices")
CHROMIUM = os.environ.get("ELO_COORD_CHROMIUM", "/usr/bin/chromium")
REQUIRE_BROWSER = os.environ.get("ELO_COORD_REQUIRE_BROWSER") == "1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

# JupyterLab user settings for the tests: no news prompt, no update check, and every cell in the
# DOM (JupyterLab 4 windowing would leave off-screen cells unrendered, so selectors miss them).
USER_SETTINGS: dict[str, dict[str, object]] = {
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


@dataclass(frozen=True)
class LabServer:
    """A running JupyterLab: ``url`` has no trailing slash, ``root`` is its temporary root_dir."""

    url: str
    token: str
    root: Path
    log: Path
    process: subprocess.Popen[bytes]

    def lab_url(self, path: str, *, reset: bool = True) -> str:
        """The URL opening ``path`` (relative to ``root``) in JupyterLab, logged in by token."""
        return f"{self.url}/lab/tree/{path}?{'reset&' if reset else ''}token={self.token}"

    def log_tail(self, chars: int = 4000) -> str:
        """The end of the server's log, for error messages."""
        return self.log.read_text(errors="replace")[-chars:]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _stop(process: subprocess.Popen[bytes], timeout: float = 10) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout)


@contextmanager
def jupyterlab_server(
    sources: Sequence[str] = COPIED, *, timeout: float = 60
) -> Iterator[LabServer]:
    """Run JupyterLab on a temporary copy of the project's ``sources`` folders; stop it on exit."""
    with tempfile.TemporaryDirectory(prefix="elo-coord-lab-") as tmp:
        base = Path(tmp)
        root = base / "root"
        for name in sources:
            shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns(".*"))
        settings = base / "user-settings"
        for plugin, values in USER_SETTINGS.items():
            file = settings / f"{plugin}.jupyterlab-settings"
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(json.dumps(values))
        env = {
            **os.environ,
            # No user config, kernelspecs, extensions or IPython startup files leak in.
            "JUPYTER_CONFIG_DIR": str(base / "config"),
            "JUPYTER_DATA_DIR": str(base / "data"),
            "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
            "IPYTHONDIR": str(base / "ipython"),
            "PYTHONHASHSEED": "0",
        }
        token = secrets.token_hex(16)
        port = _free_port()
        command = [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
            # As python3 dev.py lab: saves keep the notebook free of outputs.
            "--FileContentsManager.pre_save_hook=elo_coord._notebook.clean_on_save",
            f"--LabApp.user_settings_dir={settings}",
            f"--LabApp.workspaces_dir={base / 'workspaces'}",
            "--allow-root",
        ]
        log = base / "jupyterlab.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                command, cwd=base, env=env, stdout=sink, stderr=subprocess.STDOUT
            )
        server = LabServer(f"http://127.0.0.1:{port}", token, root, log, process)
        try:
            _wait_for_status(server, timeout)
            yield server
        finally:
            _stop(process)


def _wait_for_status(server: LabServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(
        f"{server.url}/api/status", headers={"Authorization": f"token {server.token}"}
    )
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"JupyterLab exited with {server.process.returncode}:\n{server.log_tail()}"
            )
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"JupyterLab did not answer in {timeout} s:\n{server.log_tail()}")
        time.sleep(0.2)


@dataclass(frozen=True)
class AppServer:
    """The workbench app (Voilà) on a temporary copy of the data: ``data`` is that copy."""

    url: str
    data: Path
    log: Path
    process: subprocess.Popen[bytes]

    def log_tail(self, chars: int = 4000) -> str:
        """The end of the server's log, for error messages."""
        return self.log.read_text(errors="replace")[-chars:]


@contextmanager
def app_server(*, timeout: float = 60) -> Iterator[AppServer]:
    """Serve ``notebooks/workbench.ipynb`` as ``python3 dev.py app`` does, on a copy of the data."""
    with tempfile.TemporaryDirectory(prefix="elo-coord-app-") as tmp:
        base = Path(tmp)
        root = base / "root"
        for name in COPIED:
            shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns(".*"))
        env = {
            **os.environ,
            "JUPYTER_PATH": str(root / "notebooks" / "app"),
            "JUPYTER_CONFIG_DIR": str(base / "config"),
            "JUPYTER_DATA_DIR": str(base / "data"),
            "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
            "IPYTHONDIR": str(base / "ipython"),
            "ELO_COORD_DATA": str(root / "matrices"),
        }
        port = _free_port()
        command = [
            sys.executable,
            "-m",
            "voila",
            str(root / "notebooks" / "workbench.ipynb"),
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            f"--port={port}",
            "--theme=light",
            "--template=elo",
        ]
        log = base / "voila.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                command, cwd=base, env=env, stdout=sink, stderr=subprocess.STDOUT
            )
        server = AppServer(f"http://127.0.0.1:{port}/", root / "matrices", log, process)
        deadline = time.monotonic() + timeout
        try:
            while True:
                if process.poll() is not None:
                    raise RuntimeError(
                        f"Voilà exited with {process.returncode}:\n{server.log_tail()}"
                    )
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"Voilà did not listen in {timeout} s:\n{server.log_tail()}")
                time.sleep(0.2)
            yield server
        finally:
            _stop(process)


def open_app(page: Page, server: AppServer, *, query: str = "", timeout: float = 90) -> None:
    """Open the app (``query``: the page address's, e.g. ``?follow=0``) and wait until its
    comparison is drawn."""
    page.goto(server.url + query, wait_until="domcontentloaded")
    page.locator(".elo-workbench").wait_for(timeout=timeout * 1000)
    page.locator(".elo-compare svg.marks").first.wait_for(timeout=timeout * 1000)


def _missing_browser(reason: str) -> None:
    if REQUIRE_BROWSER:
        pytest.fail(f"{reason}, and ELO_COORD_REQUIRE_BROWSER=1 requires browser tests to run")
    pytest.skip(f"{reason}; install Debian's chromium (apt-get install chromium) to run them")


def require_browser() -> None:
    """Skip unless Chromium and Playwright exist; fail instead if ELO_COORD_REQUIRE_BROWSER=1."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        _missing_browser(f"browser tests need Chromium at {CHROMIUM}")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing_browser("browser tests need the Python package playwright")


@contextmanager
def launch_chromium() -> Iterator[Browser]:
    """Headless Chromium via Playwright; skips (or, in CI, fails) when it is not installed."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def jupyterlab() -> Iterator[LabServer]:
    """One JupyterLab for the session, on a temporary copy of notebooks/ and matrices/."""
    require_browser()  # it serves browser tests only: don't start it for a skip
    with jupyterlab_server() as server:
        yield server


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One headless Chromium for the session."""
    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def app() -> Iterator[AppServer]:
    """The workbench app on its own copy of the data, for one test."""
    require_browser()
    with app_server() as server:
        yield server


@pytest.fixture
def external_requests() -> list[str]:
    """URLs the test's page tried to reach outside this machine (aborted); assert it is empty."""
    return []


def is_local(url: str) -> bool:
    """Whether ``url`` stays on this machine (a file, or browser-internal: data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about", "chrome", "chrome-error", "file"}:
        return True
    return parts.hostname in LOCAL_HOSTS


@contextmanager
def local_page(chromium: Browser, external_requests: list[str], *, who: str = "") -> Iterator[Page]:
    """A fresh page in a context of its own that can reach only 127.0.0.1/localhost.

    Set ``ELO_COORD_SCREENSHOTS=<dir>`` to keep a screenshot of each page when its test ends.
    """
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="fi-FI")

    def block(route: Route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            external_requests.append(route.request.url)
            route.abort("blockedbyclient")

    def block_socket(websocket: WebSocketRoute) -> None:
        external_requests.append(websocket.url)
        websocket.close()

    context.route("**/*", block)
    context.route_web_socket(lambda url: not is_local(url), block_socket)
    page = context.new_page()
    # Every wait ends on a condition; the limit is for a loaded two-core machine, where the first
    # render of a notebook's widgets (hundreds of editor buttons) once took longer than 30 s.
    page.set_default_timeout(120_000)
    try:
        yield page
    finally:
        folder = os.environ.get("ELO_COORD_SCREENSHOTS")
        if folder:
            test = os.environ.get("PYTEST_CURRENT_TEST", "page").split(" ")[0]
            name = re.sub(r"[^\w.-]+", "_", test) + (f"-{who}" if who else "") + ".png"
            screenshot(page, Path(folder) / name)
        context.close()


@pytest.fixture
def lab_page(chromium: Browser, external_requests: list[str]) -> Iterator[Page]:
    """A fresh page (own context) that can reach only 127.0.0.1/localhost."""
    with local_page(chromium, external_requests) as page:
        yield page


@pytest.fixture
def second_page(chromium: Browser, external_requests: list[str]) -> Iterator[Page]:
    """Another person's page: a browser context of its own (cookies, storage), on this machine."""
    with local_page(chromium, external_requests, who="second") as page:
        yield page


def _js(function: str) -> str:
    """A JS arrow function over ``panel`` (the current notebook panel) and ``app``."""
    return (
        "(arg) => { const app = window.jupyterapp; const panel = app && app.shell.currentWidget;"
        f" return ({function})(panel, arg, app); }}"
    )


def open_notebook(page: Page, server: LabServer, path: str, *, timeout: float = 60) -> None:
    """Open ``path`` (e.g. ``notebooks/forum.ipynb``) in a reset workspace; wait for an idle kernel.

    Fails with the dialog's text if JupyterLab asks something (e.g. "Select Kernel" when the
    notebook has no ``metadata.kernelspec``).
    """
    page.goto(server.lab_url(path), wait_until="domcontentloaded")
    ready = _js(
        """(panel, path) => {
            if (document.querySelector('.jp-Dialog')) return 'dialog';
            return !!(panel && panel.context && panel.context.path === path
                && panel.sessionContext.session && panel.sessionContext.session.kernel
                && panel.sessionContext.kernelDisplayStatus === 'idle'
                && panel.content.widgets.length > 0) && 'ready';
        }"""
    )
    handle = page.wait_for_function(ready, arg=path, timeout=timeout * 1000)
    if handle.json_value() == "dialog":
        text = page.locator(".jp-Dialog").inner_text()
        raise AssertionError(f"JupyterLab opened a dialog instead of {path}: {text!r}")


def run_all(page: Page, *, timeout: float = 60, server: LabServer | None = None) -> bool:
    """Run every cell of the current notebook and wait until none is running and the kernel idles.

    Returns what ``notebook:run-all-cells`` resolved to (False when a cell raised). The command's
    promise is not awaited by ``page.evaluate`` (that can hang); a flag records its outcome. When
    cells are still running at ``timeout``, the error says what the server's kernels report and
    ends with the server's log (given ``server``): whether the kernel is busy or the screen missed
    its reply.
    """
    page.evaluate(
        """() => {
            window.__eloRunAll = 'running';
            window.jupyterapp.commands.execute('notebook:run-all-cells').then(
                (ok) => { window.__eloRunAll = ok === false ? 'failed' : 'done'; },
                (error) => { window.__eloRunAll = 'error: ' + error; },
            );
        }"""
    )
    finished = _js(
        """(panel) => window.__eloRunAll !== 'running'
            && panel.sessionContext.kernelDisplayStatus === 'idle'
            && !panel.content.widgets.some((cell) => cell.model.type === 'code'
                && (cell.model.executionState === 'running'
                    || /\\[\\*\\]/.test(cell.promptNode ? cell.promptNode.textContent : '')))"""
    )
    try:
        page.wait_for_function(finished, timeout=timeout * 1000)
    except Exception as error:
        if server is not None and ran_though_lab_missed_the_end(page, server):
            return True
        running = page.evaluate(
            _js(
                """(panel) => panel.content.widgets.flatMap((cell, i) =>
                    cell.model.type === 'code' && cell.model.executionState === 'running'
                        ? [i] : [])"""
            )
        )
        cells = page.evaluate(
            _js(
                """(panel) => panel.content.widgets.flatMap((cell, i) =>
                    cell.model.type === 'code' ? [`${i}:${cell.model.executionCount}/`
                        + `${cell.model.executionState}/${cell.model.outputs.length}`] : [])
                    .join(' ')"""
            )
        )
        said = f"cells {running} still running after {timeout} s (cell:count/state/outputs {cells})"
        if server is not None:
            said += f"; the server's kernels: {_kernel_states(server)}\n{server.log_tail()}"
        raise TimeoutError(said) from error
    outcome = page.evaluate("() => window.__eloRunAll")
    if str(outcome).startswith("error"):
        raise RuntimeError(f"notebook:run-all-cells {outcome}")
    return bool(outcome == "done")


def ran_though_lab_missed_the_end(page: Page, server: LabServer) -> bool:
    """Whether every cell ran, though JupyterLab still marks one running: a known glitch.

    Under load JupyterLab can miss the end of a cell that made hundreds of widgets: the prompt
    stays ``[*]`` while the server says the kernel is idle. When every code cell has its execution
    count (or, the one marked running, its outputs) and no cell shows an error, the notebook did
    run; what follows in the test (clicks, the screen) is what the user depends on.
    """
    if _kernel_states(server) != "python3 idle":
        return False
    return bool(
        page.evaluate(
            _js(
                """(panel) => panel.content.widgets.every((cell) => {
                    const model = cell.model;
                    if (model.type !== 'code' || model.sharedModel.getSource().trim() === '')
                        return true;
                    const kinds = Array.from({length: model.outputs.length},
                        (_, i) => model.outputs.get(i).type);
                    const ran = model.executionCount !== null
                        || (model.executionState === 'running' && kinds.length > 0);
                    return ran && !kinds.includes('error');
                })"""
            )
        )
    )


def _kernel_states(server: LabServer) -> str:
    """What the server says of its kernels (``busy``, ``idle`` …), or why it could not be asked."""
    import json
    import urllib.request

    try:
        with urllib.request.urlopen(
            f"{server.url}/api/kernels?token={server.token}", timeout=10
        ) as answer:
            kernels = json.load(answer)
    except OSError as error:
        return f"not known ({error})"
    return ", ".join(f"{k.get('name')} {k.get('execution_state')}" for k in kernels) or "none"


def errors(page: Page) -> list[str]:
    """Errors shown: error outputs in the model, tracebacks in the DOM, JupyterLab error states."""
    found: list[str] = page.evaluate(
        _js(
            """(panel) => {
                const found = [];
                panel.content.widgets.forEach((cell, i) => {
                    if (cell.model.type !== 'code') return;
                    for (const output of cell.model.outputs.toJSON()) {
                        if (output.output_type === 'error')
                            found.push(`cell ${i}: ${output.ename}: ${output.evalue}`);
                    }
                });
                const stderr = '[data-mime-type="application/vnd.jupyter.stderr"]';
                for (const node of panel.content.node.querySelectorAll(
                    `.jp-OutputArea-output${stderr}`)) {
                    if (/Traceback|Error\b/.test(node.textContent)) found.push(node.textContent);
                }
                // JupyterLab's own error states: invalid editors, documents that failed to open.
                const broken = '.jp-mod-error, .jp-MainAreaWidget-error';
                for (const node of document.querySelectorAll(broken))
                    found.push(`${node.className}: ${node.textContent}`);
                return found;
            }"""
        )
    )
    return found


def output_text(page: Page) -> str:
    """The text of every output area of the current notebook, as rendered."""
    text: str = page.evaluate(
        _js(
            """(panel) => Array.from(
                panel.content.node.querySelectorAll('.jp-OutputArea-output'),
                (node) => node.innerText).join('\\n')"""
        )
    )
    return text


def click(page: Page, selector: str, *, timeout: float = 60) -> Locator:
    """Scroll the one element matching ``selector`` (CSS, ``[data-…]``…) into view and click it.

    Widgets are in the DOM because notebook windowing is off (see ``USER_SETTINGS``).
    """
    locator = page.locator(selector)
    locator.scroll_into_view_if_needed(timeout=timeout * 1000)
    locator.click(timeout=timeout * 1000)
    return locator


def kernel_output(page: Page, code: str, *, timeout: float = 30) -> str:
    """Run ``code`` in the current notebook's kernel (no cell, no history); return its stdout.

    For asserting the kernel's view after a UI action, e.g. ``print(widget.value)``.
    """
    result: dict[str, Any] = page.evaluate(
        _js(
            """(panel, [code, ms]) => new Promise((resolve) => {
                const future = panel.sessionContext.session.kernel.requestExecute(
                    {code, silent: false, store_history: false});
                const out = [];
                let error = null;
                future.onIOPub = (msg) => {
                    const c = msg.content;
                    if (msg.header.msg_type === 'stream') out.push(c.text);
                    if (msg.header.msg_type === 'error') error = `${c.ename}: ${c.evalue}`;
                };
                const timer = setTimeout(() => resolve({out: out.join(''), error: 'timeout'}), ms);
                future.done.then(() => {
                    clearTimeout(timer);
                    resolve({out: out.join(''), error});
                });
            })"""
        ),
        [code, timeout * 1000],
    )
    if result["error"]:
        raise RuntimeError(f"kernel: {result['error']}\n{result['out']}")
    return str(result["out"])


def screenshot(page: Page, path: Path | str) -> Path:
    """Save a PNG of the page to ``path`` (parent folders created); return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target))
    return target


# --- an editor cell, on screen and in the file ---------------------------------------------------

MARKS = {None: "", "partner": "●", "lead": "★"}
"""What a cell shows for each role (an empty cell shows nothing)."""


def rgb(colour: str) -> str:
    """``#2171b5`` as the browser reports it: ``rgb(33, 113, 181)``."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def wait_for_role(page: Page, selector: str, role: str | None, *, timeout: float = 60) -> None:
    """Wait until the cell ``selector`` shows ``role``'s mark on ``role``'s colour."""
    from elo_coord._palette import COLOURS

    page.wait_for_function(
        """([selector, mark, colour]) => {
            const cell = document.querySelector(selector);
            return cell && cell.textContent.trim() === mark
                && getComputedStyle(cell).backgroundColor === colour;
        }""",
        arg=[selector, MARKS[role], rgb(COLOURS[role or "none"].fill)],
        timeout=timeout * 1000,
    )


def role_in_file(path: Path, row: str, body: str) -> str | None:
    """The role ``body`` has in ``row`` at the regional level of the matrix file ``path``.

    The file is read with the registry found above it, as the workbench reads it.
    """
    import elo_coord

    registry = elo_coord.load_registry(path.parent.parent)
    found = next(
        (r for r in elo_coord.load_matrix(path, registry=registry).rows if r.row == row), None
    )
    roles = [a.role.value for a in found.regional.bodies if a.body == body] if found else []
    return roles[0] if roles else None
