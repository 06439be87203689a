from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import elo_coord

ROOT = Path(__file__).resolve().parent.parent
MATRICES = ROOT / "matrices"
DATA = Path(__file__).resolve().parent / "data"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def _run_from_the_project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Doc examples and the CLI use paths relative to the project, as a user at its root would."""
    monkeypatch.chdir(ROOT)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the shipped matrices, so that edits never touch the repository."""
    shutil.copytree(MATRICES, tmp_path / "matrices")
    return tmp_path / "matrices"


@pytest.fixture(scope="session")
def registry() -> elo_coord.Registry:
    return elo_coord.load_registry(MATRICES)


@pytest.fixture(scope="session")
def baseline(registry: elo_coord.Registry) -> elo_coord.Matrix:
    return elo_coord.load_matrix(MATRICES / "baseline" / "tno-2022.yaml", registry=registry)


@pytest.fixture(scope="session")
def proposals(registry: elo_coord.Registry) -> list[elo_coord.Matrix]:
    return elo_coord.load_matrices(MATRICES / "proposals", registry=registry)


def pytest_report_header() -> str:
    return f"elo_coord {elo_coord.__version__}; seeds {'found' if SEEDS.is_dir() else 'absent'}"


os.environ.setdefault("PYTHONHASHSEED", "0")
