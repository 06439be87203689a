"""How long one click in the workbench takes on the Python side, with 18 proposals.

Run from the project root: ``.venv/bin/python tests/benchmarks/click.py``. It copies the shipped
proposals into a temporary folder, adds six more (variants of the shipped ones, for the regions
that have none) to make 18, and times what one click in the editor sets off:
the cell's new role saved to the file and logged, the support frame recounted, and the heatmap's
Vega-Lite spec rebuilt. The target is under 100 ms.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import elo_coord  # noqa: E402
from elo_coord._editing import MatrixFile  # noqa: E402
from elo_coord.widgets import CompareView  # noqa: E402

# The five regions without a shipped proposal, and Åland, so that there are 18 proposals.
MISSING = ["satakunta", "kanta-hame", "kymenlaakso", "etela-karjala", "kainuu", "ahvenanmaa"]


def eighteen(folder: Path) -> None:
    """Fill ``folder`` with the 12 shipped proposals and six variants: 18 proposals."""
    shipped = sorted((ROOT / "matrices" / "proposals").glob("*.yaml"))
    for path in shipped:
        shutil.copy(path, folder)
    for path, region in zip(shipped, MISSING, strict=False):
        matrix = elo_coord.load_matrix(path)
        # The copy answers for the region's own group (Åland has none: the region stands in).
        registry = elo_coord.default_registry()
        group = next((g.id for g in registry.groups.values() if g.regions == (region,)), None)
        update = {
            "id": f"{region}-kopio",
            "groups": (group,) if group else (),
            "proposers": (region,),
        }
        copy = matrix.model_copy(update=update)
        elo_coord.save_matrix(copy, folder / f"{region}-kopio.yaml")


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        shutil.copytree(ROOT / "matrices", folder / "matrices")
        proposals = folder / "matrices" / "proposals"
        eighteen(proposals)
        matrices = elo_coord.load_matrices(proposals)
        regions = {r for m in matrices for r in m.proposers}
        view = CompareView(matrices)
        file = MatrixFile(proposals / "lappi.yaml", editor="benchmark")
        file.listeners.append(lambda edited: view.update(edited.matrix))

        times = []
        for _ in range(30):
            start = time.perf_counter()
            file.toggle("T4.1", "regional", "maakuntien-liitot")
            times.append((time.perf_counter() - start) * 1000)
        print(f"{len(matrices)} proposals from {len(regions)} regions")
        print(
            "one click → saved, logged, support recounted, heatmap spec rebuilt: "
            f"median {statistics.median(times):.1f} ms, max {max(times):.1f} ms (target < 100 ms)"
        )


if __name__ == "__main__":
    main()
