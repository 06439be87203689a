"""The public surface and the cost of importing it."""

from __future__ import annotations

import subprocess
import sys

import elo_coord


def test_core_import_leaves_altair_and_ipywidgets_unloaded() -> None:
    code = (
        "import sys, elo_coord; "
        "heavy = sorted(m for m in ('altair', 'ipywidgets', 'pandas') if m in sys.modules); "
        "print(','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_public_names_are_exactly_the_documented_ones() -> None:
    assert elo_coord.__all__ == sorted(elo_coord.__all__, key=lambda n: (not n.isupper(), n))
    assert set(elo_coord.__all__) == {
        name for name in vars(elo_coord) if not name.startswith("_") and name != "annotations"
    }


def test_every_public_name_has_a_docstring() -> None:
    for name in elo_coord.__all__:
        value = getattr(elo_coord, name)
        if callable(value) or isinstance(value, type):
            assert (value.__doc__ or "").strip(), name


def test_private_modules_declare_their_exports() -> None:
    from elo_coord import _errors, _frames, _io, _lint, _model, _registry, _yaml

    for module in (_errors, _frames, _io, _lint, _model, _registry, _yaml):
        assert sorted(module.__all__, key=lambda n: (not n.isupper(), n)) == list(module.__all__)
        for name in module.__all__:
            assert hasattr(module, name), (module.__name__, name)
