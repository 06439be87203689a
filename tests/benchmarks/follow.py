"""What following others' saves costs the kernel, with 18 proposals.

Run from the project root: ``.venv/bin/python tests/benchmarks/follow.py``. It copies the shipped
data into a temporary folder, makes 18 proposals (as ``click.py`` does), opens the workbench with
its editor, and times :meth:`Workbench.follow`, which the app calls every 0.5 s: when nothing
changed (one look at each file), after someone else saved another proposal (read, recounted,
heatmap rebuilt), and after someone else saved the proposal open in the editor (read again,
marks redrawn, recounted). What a person sees end to end is in ``browser.py``.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from elo_coord._editing import MatrixFile  # noqa: E402
from elo_coord.widgets import Workbench  # noqa: E402
from tests.benchmarks.click import eighteen  # noqa: E402


def timed(before: Callable[[], object], action: Callable[[], object], n: int) -> str:
    times = []
    for _ in range(n):
        before()
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return f"median {statistics.median(times):7.2f} ms, max {max(times):7.2f} ms (n={n})"


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        data = Path(temporary) / "matrices"
        shutil.copytree(ROOT / "matrices", data)
        eighteen(data / "proposals")
        app = Workbench(data, follow=None)
        app.show("edit")
        assert app.editor is not None
        assert app.editor.opened is not None
        other = MatrixFile(data / "proposals" / "uusimaa.yaml", editor="benchmark")
        opened = MatrixFile(app.editor.opened, editor="benchmark")
        assert app.compare is not None
        print(f"{len(app.compare.proposals())} proposals")
        print(f"nothing changed           : {timed(lambda: None, app.follow, 200)}")
        print(
            "another proposal saved    : "
            f"{timed(lambda: other.toggle('T4.1', 'regional', 'kunnat'), app.follow, 20)}"
        )
        print(
            "the open proposal saved   : "
            f"{timed(lambda: opened.toggle('T4.1', 'regional', 'kunnat'), app.follow, 20)}"
        )


if __name__ == "__main__":
    main()
