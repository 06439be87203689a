#!/usr/bin/env python3
"""Set up elo_coord and run it: ``python3 dev.py app``, ``lab`` or ``test``.

``app`` opens the forum's workbench in the browser as an app (Voilà: no code on screen), ``lab``
opens JupyterLab on the notebooks, ``test`` runs the checks and the tests. Further options go to
Voilà, JupyterLab or pytest: ``python3 dev.py app --Voila.ip=0.0.0.0 --token=PASSWORD`` lets
others on the network join the workbench by its link.

Needs only Python 3.11+ and the package index. The first run puts uv into ``.tools/`` and the
locked dependencies into ``.venv/``; later runs reuse them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
TOOLS = ROOT / ".tools"
BIN = "Scripts" if os.name == "nt" else "bin"
EXE = ".exe" if os.name == "nt" else ""


def run(*command: str) -> None:
    print("+", " ".join(command), flush=True)
    status = subprocess.call(command, cwd=ROOT)
    if status:
        sys.exit(status)


def uv() -> str:
    exe = TOOLS / BIN / f"uv{EXE}"
    if not exe.exists():
        venv.create(TOOLS, with_pip=True, clear=True)
        run(str(TOOLS / BIN / f"python{EXE}"), "-m", "pip", "install", "--quiet", "uv>=0.5,<1")
    return str(exe)


def sync() -> str:
    tool = uv()
    run(tool, "sync", "--locked", "--all-extras", "--python", sys.executable, "--quiet")
    return tool


def main(argv: list[str]) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - the guard is for people running an old Python
        sys.exit("elo_coord needs Python 3.11 or newer")
    task, rest = (argv[0], argv[1:]) if argv else ("", [])
    if task == "lab":
        tool = sync()
        run(
            tool,
            "run",
            "--no-sync",
            "jupyter",
            "lab",
            f"--ServerApp.root_dir={ROOT}",
            "--LabApp.default_url=/lab/tree/notebooks/forum.ipynb",
            # Autosave writes the cells only: no outputs or widget state in tracked notebooks.
            "--FileContentsManager.pre_save_hook=elo_coord._notebook.clean_on_save",
            *rest,
        )
    elif task == "app":
        tool = sync()
        # The app's Voilà template (no font CDN) lives beside the notebook.
        os.environ["JUPYTER_PATH"] = str(ROOT / "notebooks" / "app")
        # This machine only, unless the command line opens it to others (--Voila.ip=0.0.0.0):
        # Voilà refuses an address given twice.
        given = any(arg.startswith(("--Voila.ip", "--ip")) for arg in rest)
        run(
            tool,
            "run",
            "--no-sync",
            "voila",
            str(ROOT / "notebooks" / "workbench.ipynb"),
            *([] if given else ["--Voila.ip=127.0.0.1"]),
            "--theme=light",
            "--template=elo",
            *rest,
        )
    elif task == "test":
        tool = sync()
        run(tool, "run", "--no-sync", "ruff", "check", ".")
        run(tool, "run", "--no-sync", "ruff", "format", "--check", ".")
        run(tool, "run", "--no-sync", "mypy", "--strict", "elo_coord")
        run(tool, "run", "--no-sync", "pytest", *rest)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
