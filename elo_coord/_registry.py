"""The registry: bodies, regions, strategies and sources, with lookups that suggest fixes.

A registry folder holds ``sources.yaml``, ``bodies.yaml``, ``regions.yaml`` and
``strategies/*.yaml`` (the project ships one as ``matrices/``). :func:`load_registry` reads and
cross-checks it; :func:`find_registry` finds the folder a matrix file belongs to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal, NamedTuple

from elo_coord import _yaml
from elo_coord._errors import RegistryError
from elo_coord._model import (
    Body,
    BodyFile,
    Confidence,
    Lang,
    Localized,
    Region,
    RegionFile,
    Sourced,
    SourceFile,
    Strategy,
    check_lang,
)

__all__ = [
    "Name",
    "NameKind",
    "Registry",
    "Succession",
    "default_registry",
    "find_registry",
    "load_registry",
]

REGISTRY_FILES = ("sources.yaml", "bodies.yaml", "regions.yaml")
"""The files that make a folder a registry folder (strategies live in ``strategies/``)."""


_DOUBT = {Confidence.HIGH: 0, Confidence.MEDIUM: 1, Confidence.LOW: 2}


NameKind = Literal["body", "region", "strategy", "theme", "row"]
"""What :meth:`Registry.name` names."""


class Name(NamedTuple):
    """A name as a person reads it, and whether it stands in for one missing in the language."""

    text: str
    fallback: bool
    """True when ``text`` is the Finnish name shown for want of one in the language asked for.
    Renderers mark it visibly."""


def _name(text: Localized, lang: Lang) -> Name:
    check_lang(lang)
    shown: str | None = getattr(text, lang)
    return Name(shown, False) if shown is not None else Name(text.fi, True)


class Succession(NamedTuple):
    """A body that carries on another's tasks on a day, with how sure that is and why."""

    body: Body
    """The successor."""
    confidence: Confidence
    """The lowest confidence along the way from the old body."""
    note: str | None
    """The notes along the way (which tasks went where), joined by ``; ``."""


@dataclass(frozen=True)
class Registry:
    """Everything a matrix refers to by id: bodies, regions, strategies and the sources cited.

    Examples
    --------
    >>> registry = default_registry()
    >>> registry.body("TE-toimistot").valid_to
    datetime.date(2024, 12, 31)
    >>> registry.body("TE-toimsto")
    Traceback (most recent call last):
    ...
    elo_coord.RegistryError: unknown body 'TE-toimsto' — did you mean 'TE-toimistot'?
    """

    bodies: Mapping[str, Body]
    """Bodies by id, in file order."""
    regions: Mapping[str, Region]
    """Regions by id, in file order."""
    strategies: Mapping[str, Strategy]
    """Strategies by id."""
    sources: Mapping[str, str] = field(default_factory=dict)
    """Citations by key."""
    folder: Path | None = None
    """The folder the registry was read from, if any."""

    def body(self, body_id: str) -> Body:
        """Return the body ``body_id``, or raise :class:`RegistryError` with a suggestion."""
        try:
            return self.bodies[body_id]
        except KeyError:
            raise RegistryError(self._unknown("body", body_id)) from None

    def region(self, region_id: str) -> Region:
        """Return the region ``region_id``, or raise :class:`RegistryError` with a suggestion."""
        try:
            return self.regions[region_id]
        except KeyError:
            raise RegistryError(self._unknown("region", region_id)) from None

    def strategy(self, strategy_id: str) -> Strategy:
        """Return the strategy ``strategy_id``, or raise :class:`RegistryError`."""
        try:
            return self.strategies[strategy_id]
        except KeyError:
            raise RegistryError(self._unknown("strategy", strategy_id)) from None

    def hint(self, kind: str, unknown: str) -> str:
        """Return what to write instead of the unknown id ``unknown`` of ``kind``, or ``""``.

        An alias (``ELY-keskus``, ``POPELY``) points to its id; otherwise the closest id or alias.
        """
        tables: dict[str, Mapping[str, Body] | Mapping[str, Region] | Mapping[str, Strategy]]
        tables = {"body": self.bodies, "region": self.regions, "strategy": self.strategies}
        records = tables[kind]
        by_alias = dict(_aliases(records))
        owners = by_alias.get(unknown.casefold())
        if owners:
            listed = " or ".join(repr(owner) for owner in owners)
            return f"{unknown!r} is another name for {listed}; write the id"
        choices = list(records)
        guess = _yaml.suggest(
            unknown, choices + [alias for alias, _ in _aliases(records, raw=True)]
        )
        if not guess:
            return f"known {kind} ids: {', '.join(choices)}" if len(choices) <= 25 else ""
        named = guess.removeprefix("did you mean ").removesuffix("?").strip("'\"")
        if named in records:
            return guess
        owners = by_alias.get(named.casefold(), [])
        return f"did you mean {' or '.join(repr(o) for o in owners)}?" if owners else guess

    def successions(self, body_id: str, day: dt.date) -> list[Succession]:
        """Return what carries on ``body_id``'s tasks on ``day``, and how sure that is.

        Successions are followed through bodies that have ended since (TE-toimistot → KEHA →
        KEHA-2026), breadth first, each body once; every body returned exists on ``day``. The
        confidence is the lowest along the way, the note every note along it.
        """
        found: list[Succession] = []
        seen = {body_id}
        todo = [
            (s.body, s.confidence, (s.note,) if s.note else ())
            for s in self.body(body_id).successors
        ]
        while todo:
            successor_id, confidence, notes = todo.pop(0)
            if successor_id in seen:
                continue
            seen.add(successor_id)
            successor = self.body(successor_id)
            if successor.valid_on(day):
                found.append(Succession(successor, confidence, "; ".join(notes) or None))
                continue
            for then in successor.successors:
                lowest = max(confidence, then.confidence, key=_DOUBT.__getitem__)
                todo.append((then.body, lowest, (*notes, then.note) if then.note else notes))
        return found

    def successors(self, body_id: str, day: dt.date) -> list[Body]:
        """Return the bodies that carry on ``body_id``'s tasks on ``day`` (see :meth:`successions`).

        Examples
        --------
        >>> import datetime as dt
        >>> registry = default_registry()
        >>> [b.id for b in registry.successors("TE-toimistot", dt.date(2026, 11, 23))]
        ['tyollisyysalueet', 'KEHA-2026']
        """
        return [succession.body for succession in self.successions(body_id, day)]

    def valid_bodies(self, day: dt.date) -> list[Body]:
        """Return the bodies that existed on ``day``."""
        return [body for body in self.bodies.values() if body.valid_on(day)]

    def row_order(self, strategy_id: str | None, rows: Iterable[str] = ()) -> dict[str, int]:
        """Rank rows: the strategy's rows in its order, then ``rows`` it lacks, in their order.

        Every list of rows elo_coord shows follows this one order.

        Examples
        --------
        >>> order = default_registry().row_order("elo-2020-2023", ["X9", "T1.1a"])
        >>> order["T1.1a"], order["T6.1"], order["X9"]
        (0, 11, 12)
        """
        strategy = self.strategies.get(strategy_id) if strategy_id is not None else None
        order = {row.id: i for i, row in enumerate(strategy.rows())} if strategy else {}
        for row_id in rows:
            order.setdefault(row_id, len(order))
        return order

    def region_order(self, regions: Iterable[str]) -> list[str]:
        """Return ``regions`` once each, in the registry's order; unknown ids last, by id.

        Examples
        --------
        >>> default_registry().region_order(["uusimaa", "x", "lappi", "uusimaa"])
        ['uusimaa', 'lappi', 'x']
        """
        rank = self._region_rank
        return sorted(set(regions), key=lambda r: (rank.get(r, len(rank)), r))

    @property
    def _region_rank(self) -> Mapping[str, int]:
        return {region_id: i for i, region_id in enumerate(self.regions)}

    def name(self, kind: NameKind, id: str, lang: Lang = "fi") -> Name:
        """Return what a person reads for the ``kind`` record ``id`` in ``lang``.

        A body's or region's name, a strategy's or theme's name, a row's text (the means, or the
        goal when the row has none). Where the registry lacks the text in ``lang`` the Finnish one
        comes with ``fallback`` true, for the renderer to mark; an id the registry does not know
        comes back as it is. A body whose short name is what people write (``OKM``, ``ELY``,
        ``TE-toimistot``) keeps it: its full name is for legends, :meth:`full_name`.

        Examples
        --------
        >>> registry = default_registry()
        >>> registry.name("region", "ahvenanmaa", "sv")
        Name(text='Åland', fallback=False)
        >>> registry.name("body", "ohjaamot")
        Name(text='Ohjaamot', fallback=False)
        >>> registry.name("body", "OKM", "en")
        Name(text='OKM', fallback=False)
        """
        if kind == "body":
            body = self.bodies.get(id)
            if body is None:
                return Name(id, False)
            if id[:1].isupper() and not id[1:2].islower():
                return Name(id, False)  # an abbreviation the documents use (OKM, TE-toimistot)
            return _name(body.names, lang)
        if kind == "region":
            region = self.regions.get(id)
            return _name(region.names, lang) if region is not None else Name(id, False)
        if kind == "strategy":
            strategy = self.strategies.get(id)
            return _name(strategy.names, lang) if strategy is not None else Name(id, False)
        for strategy in self.strategies.values():
            for theme in strategy.themes:
                if kind == "theme" and theme.id == id:
                    return _name(theme.names, lang)
            if kind == "row":
                for row in strategy.rows():
                    if row.id == id:
                        return _name((row.means or row.goal).text, lang)
        return Name(id, False)

    def full_name(self, body_id: str, lang: Lang = "fi") -> Name:
        """Return a body's full name in ``lang`` (``Opetus- ja kulttuuriministeriö``)."""
        body = self.bodies.get(body_id)
        return _name(body.names, lang) if body is not None else Name(body_id, False)

    def _unknown(self, kind: str, unknown: str) -> str:
        hint = self.hint(kind, unknown)
        return f"unknown {kind} {unknown!r}" + (f" — {hint}" if hint else "")


def _aliases(
    records: Mapping[str, Body] | Mapping[str, Region] | Mapping[str, Strategy],
    *,
    raw: bool = False,
) -> Iterator[tuple[str, list[str]]]:
    """Yield ``(alias, [ids])``, casefolded unless ``raw``, from names and aliases of records."""
    table: dict[str, list[str]] = {}
    for record_id, record in records.items():
        words = [
            *getattr(record, "aliases", ()),
            *record.names.model_dump(exclude_none=True).values(),
        ]
        for word in words:
            key = word if raw else word.casefold()
            owners = table.setdefault(key, [])
            if record_id not in owners:
                owners.append(record_id)
    yield from table.items()


def find_registry(start: str | Path) -> Path | None:
    """Return the registry folder for ``start``: the nearest folder at or above it with the files.

    Parameters
    ----------
    start
        A matrix file or a folder.
    """
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        # bodies.yaml marks a registry folder; one that lacks the other files is reported by
        # load_registry, not passed over for the shipped registry.
        if (folder / "bodies.yaml").is_file():
            return folder
    return None


def load_registry(folder: str | Path | None = None) -> Registry:
    """Read and cross-check the registry in ``folder`` (the shipped one when ``None``).

    Raises
    ------
    MatrixFileError
        A file is not valid, or one record refers to an id or a source the registry lacks.
    """
    if folder is None:
        return default_registry()
    folder = Path(folder).resolve()
    return _load_registry(folder, _stamp(folder))


def default_registry() -> Registry:
    """Return the registry shipped with elo_coord (read once, then cached)."""
    folder = _shipped_folder()
    return _load_registry(folder, _stamp(folder))


def _shipped_folder() -> Path:
    package = Path(__file__).parent
    for folder in (package / "_matrices", package.parent / "matrices"):
        if (folder / "bodies.yaml").is_file():
            return folder.resolve()
    raise RegistryError("the shipped registry is missing; reinstall elo_coord")


def _stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of each registry file: a changed file reads again."""
    paths = [folder / name for name in REGISTRY_FILES]
    paths += sorted((folder / "strategies").glob("*.yaml"))
    stamp = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            stamp.append((path.name, -1, -1))
        else:
            stamp.append((path.name, info.st_size, info.st_mtime_ns))
    return tuple(stamp)


@lru_cache(maxsize=32)
def _load_registry(folder: Path, stamp: tuple[tuple[str, int, int], ...]) -> Registry:
    """Read the registry in ``folder``; cached while its files (``stamp``) stay the same."""
    del stamp  # part of the cache key only
    missing = [name for name in REGISTRY_FILES if not (folder / name).is_file()]
    if missing:
        raise RegistryError(
            f"{folder} is not a registry folder: {', '.join(missing)} missing"
            " — point to the folder that holds bodies.yaml, regions.yaml and sources.yaml"
        )
    sources_src = _yaml.read(folder / "sources.yaml")
    sources = _yaml.validate(SourceFile, _yaml.parse(sources_src), sources_src).sources
    bodies_src = _yaml.read(folder / "bodies.yaml")
    bodies = _yaml.validate(BodyFile, _yaml.parse(bodies_src), bodies_src).bodies
    regions_src = _yaml.read(folder / "regions.yaml")
    regions = _yaml.validate(RegionFile, _yaml.parse(regions_src), regions_src).regions

    body_ids = _unique(bodies_src, "bodies", [b.id for b in bodies])
    _unique(regions_src, "regions", [r.id for r in regions])
    for i, body in enumerate(bodies):
        if body.parent is not None and body.parent not in body_ids:
            hint = _yaml.suggest(body.parent, body_ids)
            raise bodies_src.error(("bodies", i, "parent"), f"unknown body {body.parent!r}", hint)
        for j, successor in enumerate(body.successors):
            if successor.body not in body_ids:
                hint = _yaml.suggest(successor.body, body_ids)
                raise bodies_src.error(
                    ("bodies", i, "successors", j), f"unknown body {successor.body!r}", hint
                )
    _check_sources(bodies_src, "bodies", bodies, sources)
    _check_sources(regions_src, "regions", regions, sources)

    strategies: dict[str, Strategy] = {}
    for path in sorted((folder / "strategies").glob("*.yaml")):
        source = _yaml.read(path)
        strategy = _yaml.validate(Strategy, _yaml.parse(source), source)
        if strategy.id != path.stem:
            raise source.error(
                ("id",),
                f"id {strategy.id!r} differs from the file name {path.stem!r}",
                "rename the file or change the id",
            )
        _check_sources(source, None, [strategy, *strategy.themes], sources)
        strategies[strategy.id] = strategy
    return Registry(
        bodies={b.id: b for b in bodies},
        regions={r.id: r for r in regions},
        strategies=strategies,
        sources=dict(sources),
        folder=folder,
    )


def _unique(source: _yaml.Source, key: str, ids: list[str]) -> list[str]:
    seen: set[str] = set()
    for i, record_id in enumerate(ids):
        if record_id in seen:
            raise source.error((key, i, "id"), f"id {record_id!r} is used twice", "ids are unique")
        seen.add(record_id)
    return ids


def _check_sources(
    source: _yaml.Source,
    key: str | None,
    records: Sequence[Sourced],
    sources: Mapping[str, str],
) -> None:
    for i, record in enumerate(records):
        if key is not None:
            base: tuple[str | int, ...] = (key, i)
        else:
            base = () if i == 0 else ("themes", i - 1)
        cited: list[tuple[tuple[str | int, ...], str]]
        cited = [(("sources", j), name) for j, name in enumerate(record.sources)]
        for fact_key, fact in record.facts.items():
            cited += [
                (("facts", fact_key, "sources", j), name) for j, name in enumerate(fact.sources)
            ]
        for loc, name in cited:
            if name not in sources:
                raise source.error(
                    (*base, *loc),
                    f"unknown source {name!r}",
                    _yaml.suggest(name, list(sources)) or "add it to sources.yaml",
                )
