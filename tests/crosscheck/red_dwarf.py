"""Group-aware consensus checked against red-dwarf's, Polis's, on the same vote matrix.

red-dwarf (https://github.com/polis-community/red-dwarf) reimplements Polis's statistics; it
needs pandas and scikit-learn, which elo_coord does not use, so this check runs in its own
environment, from the project root::

    uv run --isolated --with red-dwarf --with . python tests/crosscheck/red_dwarf.py

The vote matrix is the shipped proposals', a row per region, a column per (row, level, body)
that any answer names: 1 where the region's answer names the body, -1 where it answered the row
without naming it, empty where it left the row out. The camps are elo_coord's
(:attr:`elo_coord.Comparison.camps`), given to red-dwarf as its cluster labels. It prints how
many statements agree and the largest difference; docs/research.md quotes the output.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

import elo_coord

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    # Imported here: pytest imports every module under tests/ for its doctests, and the test
    # environment has neither pandas nor red-dwarf.
    import pandas as pd
    from reddwarf.utils.stats import calculate_comment_statistics_dataframes

    proposals = elo_coord.load_matrices(ROOT / "matrices" / "proposals")
    forum = elo_coord.Comparison(proposals)
    camps = dict(forum.camps.iter_rows())
    ours = forum.group_consensus
    statements = [f"{r}/{lv}/{b}" for r, lv, b in ours.select("row_id", "level", "body_id").rows()]
    units = sorted(camps)
    votes = pd.DataFrame(np.nan, index=units, columns=statements)
    for matrix in forum.answered:
        for region in matrix.proposers:
            for row in matrix.rows:
                for level, cell in (("national", row.national), ("regional", row.regional)):
                    named = {a.body for a in cell.bodies}
                    for statement in statements:
                        r, lv, body = statement.split("/")
                        if r == row.row and lv == level:
                            votes.loc[region, statement] = 1 if body in named else -1
    labels = np.array([camps[unit] for unit in units])
    _, theirs = calculate_comment_statistics_dataframes(votes, labels, pseudo_count=1)
    camp_count = len(set(labels))
    same = 0
    worst = 0.0
    for statement, (gac, camps_answering) in zip(
        statements, ours.select("group_consensus", "camps").rows(), strict=True
    ):
        # Polis counts a camp that saw none of a statement as 1/2; elo_coord leaves it out.
        expected = gac * 0.5 ** (camp_count - camps_answering)
        got = float(theirs.loc[statement, "group-aware-consensus"])
        worst = max(worst, abs(expected - got))
        same += math.isclose(expected, got, rel_tol=1e-12, abs_tol=1e-15)
    print(f"{len(units)} regions in {camp_count} camps, {len(statements)} statements")
    print(f"red-dwarf agrees on {same}/{len(statements)}; largest difference {worst:.3g}")
    return 0 if same == len(statements) else 1


if __name__ == "__main__":
    sys.exit(main())
