"""Synthetic proposals for the benchmarks: many answers shaped like the shipped ones.

Each synthetic proposal takes a shipped proposal as its pattern and varies it: a body dropped or
added here and there, a lead moved, a task reworded slightly or left out. They are marked
illustrative and are never written into the project.
"""

from __future__ import annotations

import random
from pathlib import Path

import elo_coord

ROOT = Path(__file__).resolve().parents[2]
BODIES = ["ELY", "AVI", "TE-toimistot", "kunnat", "kirjastot", "oppilaitokset", "ohjaamot"]
ENDINGS = ["", " ja kehittäminen", " yhdessä muiden kanssa", " alueella"]


def proposals(n: int, seed: int = 2022) -> list[elo_coord.Matrix]:
    """Return ``n`` synthetic proposals, each answering for one made-up region."""
    rng = random.Random(seed)
    patterns = elo_coord.load_matrices(ROOT / "matrices" / "proposals")
    regions = list(elo_coord.default_registry().regions)
    out = []
    for i in range(n):
        pattern = patterns[i % len(patterns)]
        rows = []
        for row in pattern.rows:
            if rng.random() < 0.05:
                continue  # a row left out: no answer
            data = row.model_dump(mode="json", exclude_defaults=True)
            for level in ("national", "regional"):
                cell = data.get(level, {})
                bodies = [b for b in cell.get("bodies", []) if rng.random() > 0.15]
                if level == "regional" and rng.random() < 0.3:
                    extra = rng.choice(BODIES)
                    if all(b["body"] != extra for b in bodies):
                        bodies.append({"body": extra})
                tasks = []
                for task in cell.get("tasks", []):
                    if rng.random() < 0.2:
                        continue
                    tasks.append({**task, "text": task["text"] + rng.choice(ENDINGS)})
                data[level] = {"bodies": bodies, "tasks": tasks}
            rows.append(data)
        out.append(
            elo_coord.Matrix.model_validate(
                {
                    **pattern.model_dump(mode="json", exclude={"rows", "id", "proposers"}),
                    "id": f"synteettinen-{i:05d}",
                    "proposers": [regions[i % len(regions)]],
                    "illustrative": True,
                    "rows": rows,
                }
            )
        )
    return out


def write(matrices: list[elo_coord.Matrix], folder: Path) -> None:
    """Save ``matrices`` as YAML files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for matrix in matrices:
        (folder / f"{matrix.id}.yaml").write_text(elo_coord.dump_matrix(matrix), encoding="utf-8")
