"""The good practices: which stand beside a row of the strategy, or an area of the scale.

:func:`practices_for` is the one rule for the practices beside a row (named for it, its goal or
its theme), used by the editor's side panel and the report's slides; :func:`practices_in` those of
an area, the group's own first; :func:`catalogue_for` finds the catalogue beside a registry.
No polars here: the report's slides need these, and ``import elo_coord`` stays light.
"""

from __future__ import annotations

from elo_coord._io import load_practices
from elo_coord._model import Practice, PracticeFile, Strategy
from elo_coord._registry import Registry

__all__ = ["catalogue_for", "practices_for", "practices_in"]


def practices_for(catalogue: PracticeFile, strategy: Strategy, row: str) -> list[Practice]:
    """Return the good practices that bear on ``row``: named for it, its goal or its theme.

    Examples
    --------
    >>> from elo_coord import default_registry, load_practices
    >>> catalogue = load_practices("matrices/monitoring/practices.yaml")
    >>> strategy = default_registry().strategy("elo-2020-2023")
    >>> [p.id for p in practices_for(catalogue, strategy, "T1.1c")]
    ['pk-ohjauspalvelujen-kartasto', 'pk-ohjaamo-toimintamalli', 'ks-moniammatillinen-ohjaus']
    """
    places = {row}
    for line in strategy.rows():
        if line.id == row:
            places |= {line.goal.id, line.theme.id}
    return [practice for practice in catalogue.practices if places & set(practice.rows)]


def practices_in(catalogue: PracticeFile, area: str, group: str | None = None) -> list[Practice]:
    """Return the good practices that bear on an area of the scale, the group's own first.

    Examples
    --------
    >>> from elo_coord import load_practices
    >>> catalogue = load_practices("matrices/monitoring/practices.yaml")
    >>> [p.id for p in practices_in(catalogue, "ohjaamot", "elo-pohjois-karjala")]
    ['pk-ohjaamo-toimintamalli']
    """
    found = [practice for practice in catalogue.practices if area in practice.areas]
    return sorted(found, key=lambda practice: group not in practice.groups)


def catalogue_for(registry: Registry) -> PracticeFile | None:
    """Return the catalogue of good practices beside ``registry`` (``monitoring/practices.yaml``).

    ``None`` when the registry folder has none; a catalogue that does not load raises its
    one-line error (:func:`~elo_coord.load_practices`).
    """
    if registry.folder is None:
        return None
    path = registry.folder / "monitoring" / "practices.yaml"
    return load_practices(path, registry=registry) if path.is_file() else None
