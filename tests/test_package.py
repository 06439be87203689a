"""The public surface and the cost of importing it."""

from __future__ import annotations

import subprocess
import sys
import typing

import elo_coord


def imported_by(statement: str) -> set[str]:
    """Return which heavy modules are loaded after running ``statement`` in a fresh interpreter."""
    heavy = ("altair", "ipywidgets", "pandas", "polars")
    code = f"import sys; {statement}; print(','.join(m for m in {heavy} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(filter(None, done.stdout.strip().split(",")))


def test_core_import_leaves_altair_and_ipywidgets_unloaded() -> None:
    assert imported_by("import elo_coord") == set()


def test_loading_and_linting_need_no_polars() -> None:
    statement = (
        "import elo_coord; elo_coord.lint(elo_coord.load_matrix('matrices/baseline/tno-2022.yaml'))"
    )
    assert imported_by(statement) == set()


def test_asking_for_a_frame_loads_polars_and_nothing_heavier() -> None:
    assert imported_by("import elo_coord; elo_coord.to_frame") == {"polars"}


def test_public_names_are_exactly_the_documented_ones() -> None:
    assert elo_coord.__all__ == sorted(elo_coord.__all__, key=lambda n: (not n.isupper(), n))
    import types

    public = {
        name
        for name in dir(elo_coord)
        if not name.startswith("_") and not isinstance(getattr(elo_coord, name), types.ModuleType)
    }
    assert set(elo_coord.__all__) == public  # the submodules charts and widgets load on demand


def test_every_public_name_has_a_docstring() -> None:
    for name in elo_coord.__all__:
        value = getattr(elo_coord, name)
        if typing.get_origin(value) is typing.Literal:
            continue  # a type alias (Lang, By) cannot carry a docstring; the glossary names it
        if callable(value) or isinstance(value, type):
            assert (value.__doc__ or "").strip(), name


def test_private_modules_declare_their_exports() -> None:
    import importlib
    from pathlib import Path

    package = Path(elo_coord.__file__).parent
    for path in sorted(package.glob("_*.py")):
        if path.name == "__init__.py":
            continue
        module = importlib.import_module(f"elo_coord.{path.stem}")
        assert sorted(module.__all__, key=lambda n: (not n.isupper(), n)) == list(module.__all__)
        for name in module.__all__:
            assert hasattr(module, name), (module.__name__, name)


def test_no_module_imports_a_private_name_from_another() -> None:
    import ast
    from pathlib import Path

    package = Path(elo_coord.__file__).parent
    found = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("elo_coord"):
                found += [
                    f"{path.name}: {node.module}.{alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_")
                    # a private module of the package is fine; its private names are not
                    and not (package / f"{alias.name}.py").exists()
                ]
    assert found == []


def test_only_the_diff_module_reads_what_old_and_new_hold() -> None:
    from pathlib import Path

    package = Path(elo_coord.__file__).parent
    readers = sorted(
        path.name
        for path in package.rglob("*.py")
        if 'startswith("{")' in path.read_text(encoding="utf-8")
        or "json.loads(value)" in path.read_text(encoding="utf-8")
    )
    assert readers == ["_diff.py"]
