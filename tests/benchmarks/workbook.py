"""How long reading a returned workbook takes, and which library reads it fastest.

Run from the project root: ``.venv/bin/python tests/benchmarks/workbook.py``. It writes a filled
workbook of 2026 (Pohjanmaa's: bilingual, pre-filled from the migrated baseline, 13 rows × 21
bodies) and times, over 20 runs each:

- elo_coord's whole reader (``read_workbook``: openpyxl, every check, the matrix validated);
- openpyxl alone, loading the cells with their formulas (what the reader needs);
- python-calamine and fastexcel, reading the values only, when they are installed
  (``uv pip install python-calamine fastexcel``: they are not dependencies).

It also writes 18 returns and times ``collect`` on them, end to end. Medians in milliseconds.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import elo_coord  # noqa: E402
from elo_coord._intake import read_workbook  # noqa: E402

RUNS = 20


def median_ms(work: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "matrices"
        shutil.copytree(ROOT / "matrices", data)
        started = elo_coord.new_round(
            "kevat-2026",
            data=data,
            strategy="elo-2020-2023",
            date=dt.date(2026, 3, 2),
            choose={"AVI": ["LVV"], "kunnat": []},
        )
        registry = elo_coord.load_registry(data)
        book = started.folder / "templates" / "elo-pohjanmaa.xlsx"
        print(f"workbook: {book.name}, {book.stat().st_size / 1000:.0f} kB")
        checked = median_ms(lambda: read_workbook(book, registry=registry))
        print(f"  read_workbook (openpyxl, checked): {checked:6.1f} ms")

        from openpyxl import load_workbook

        print(
            f"  openpyxl load_workbook alone:      {median_ms(lambda: load_workbook(book)):6.1f} ms"
        )
        if importlib.util.find_spec("python_calamine"):
            from python_calamine import CalamineWorkbook

            def calamine() -> object:
                workbook = CalamineWorkbook.from_path(str(book))
                return [workbook.get_sheet_by_name(n).to_python() for n in workbook.sheet_names]

            print(f"  python-calamine, values only:      {median_ms(calamine):6.1f} ms")
        else:
            print("  python-calamine: not installed")
        if importlib.util.find_spec("fastexcel"):
            import fastexcel

            def fast() -> object:
                reader = fastexcel.read_excel(book)
                return [reader.load_sheet(n, header_row=None) for n in reader.sheet_names]

            print(f"  fastexcel, values only:            {median_ms(fast):6.1f} ms")
        else:
            print("  fastexcel: not installed")
        for template in (started.folder / "templates").glob("*.xlsx"):
            shutil.copyfile(template, started.folder / "returns" / template.name)
        runs = 5
        seconds = median_ms(lambda: elo_coord.collect(started.folder / "returns"), runs) / 1000
        print(f"collect, 18 returns (median of {runs}): {seconds:.2f} s")


if __name__ == "__main__":
    main()
