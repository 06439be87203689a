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
    Group,
    GroupFile,
    Lang,
    Localized,
    Region,
    RegionFile,
    Sourced,
    SourceFile,
    Strategy,
    Survey,
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

OPTIONAL_FILES = ("groups.yaml",)
"""Registry files a folder may lack (surveys live in ``surveys/``)."""


_DOUBT = {Confidence.HIGH: 0, Confidence.MEDIUM: 1, Confidence.LOW: 2}


NameKind = Literal["body", "region", "group", "strategy", "theme", "row"]
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
    """The notes along the way, joined by ``; ``."""
    scope: str | None = None
    """Which tasks went there: the scopes along the way, joined by ``; ``; empty when all did."""
    guidance: bool = True
    """Whether every succession along the way carries lifelong guidance work."""


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
    groups: Mapping[str, Group] = field(default_factory=dict)
    """Regional ELO groups by id, in file order (``groups.yaml``; empty without it)."""
    surveys: Mapping[str, Survey] = field(default_factory=dict)
    """Surveys by id (``surveys/*.yaml``)."""

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

    def group(self, group_id: str) -> Group:
        """Return the group ``group_id``, or raise :class:`RegistryError` with a suggestion."""
        try:
            return self.groups[group_id]
        except KeyError:
            raise RegistryError(self._unknown("group", group_id)) from None

    def survey(self, survey_id: str) -> Survey:
        """Return the survey ``survey_id``, or raise :class:`RegistryError` with a suggestion."""
        try:
            return self.surveys[survey_id]
        except KeyError:
            raise RegistryError(self._unknown("survey", survey_id)) from None

    def group_of(self, region_id: str, day: dt.date) -> str:
        """Return the id of the group that worked for ``region_id`` on ``day``.

        A group that covers the region alone comes before a joint one; a region no group covers
        on the day stands for its own group, under the region's id (so that a registry without
        ``groups.yaml`` counts one group per region).

        Examples
        --------
        >>> import datetime as dt
        >>> registry = default_registry()
        >>> registry.group_of("lappi", dt.date(2022, 3, 18))
        'elo-lappi'
        >>> registry.group_of("pohjanmaa", dt.date(2018, 1, 1))
        'elo-pohjanmaat-2017'
        """
        covering = [g for g in self.groups.values() if region_id in g.regions and g.valid_on(day)]
        # A group with known dates is surer to be the one of the day than one without.
        covering.sort(key=lambda g: (g.valid_from is None and g.valid_to is None, len(g.regions)))
        return covering[0].id if covering else region_id

    def regions_of(self, group_id: str) -> tuple[str, ...]:
        """Return the regions ``group_id`` covers (a region's id stands for its own group)."""
        group = self.groups.get(group_id)
        return group.regions if group is not None else (group_id,)

    def strategy(self, strategy_id: str) -> Strategy:
        """Return the strategy ``strategy_id``, or raise :class:`RegistryError`."""
        try:
            return self.strategies[strategy_id]
        except KeyError:
            raise RegistryError(self._unknown("strategy", strategy_id)) from None

    def ids_named(self, kind: str, word: str) -> tuple[str, ...]:
        """Return the ids of ``kind`` that ``word`` names: an id, a name or an alias.

        Case does not matter. An alias may stand for several records: ``HÄME`` for Kanta-Häme and
        Päijät-Häme, the area of the Häme ELY centre.

        >>> default_registry().ids_named("region", "HÄME")
        ('kanta-hame', 'paijat-hame')
        """
        records = self._tables[kind]
        if word in records:
            return (word,)
        return tuple(dict(_aliases(records)).get(word.casefold(), ()))

    @property
    def _tables(self) -> dict[str, _Records]:
        return {
            "body": self.bodies,
            "region": self.regions,
            "group": self.groups,
            "survey": self.surveys,
            "strategy": self.strategies,
        }

    def hint(self, kind: str, unknown: str) -> str:
        """Return what to write instead of the unknown id ``unknown`` of ``kind``, or ``""``.

        An alias (``ELY-keskus``, ``POPELY``) points to its id; otherwise the closest id or alias.
        """
        records = self._tables[kind]
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
        confidence is the lowest along the way, the note and the scope every one along it, and
        ``guidance`` true only if every step carries guidance work.
        """
        found: list[Succession] = []
        seen = {body_id}
        todo = [
            (s.body, s.confidence, _some(s.note), _some(s.scope), s.guidance)
            for s in self.body(body_id).successors
        ]
        while todo:
            successor_id, confidence, notes, scopes, guidance = todo.pop(0)
            if successor_id in seen:
                continue
            seen.add(successor_id)
            successor = self.body(successor_id)
            if successor.valid_on(day):
                found.append(
                    Succession(
                        successor,
                        confidence,
                        "; ".join(notes) or None,
                        "; ".join(scopes) or None,
                        guidance,
                    )
                )
                continue
            for then in successor.successors:
                lowest = max(confidence, then.confidence, key=_DOUBT.__getitem__)
                todo.append(
                    (
                        then.body,
                        lowest,
                        (*notes, *_some(then.note)),
                        (*scopes, *_some(then.scope)),
                        guidance and then.guidance,
                    )
                )
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
        (0, 12, 13)
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
        if kind == "group":
            group = self.groups.get(id)
            if group is not None:
                return _name(group.names, lang)
            return self.name("region", id, lang)  # a region standing for its own group
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


_Records = (
    Mapping[str, Body]
    | Mapping[str, Region]
    | Mapping[str, Group]
    | Mapping[str, Survey]
    | Mapping[str, Strategy]
)


def _aliases(
    records: _Records,
    *,
    raw: bool = False,
) -> Iterator[tuple[str, list[str]]]:
    """Yield ``(alias, [ids])``, casefolded unless ``raw``, from names and aliases of records."""
    table: dict[str, list[str]] = {}
    for record_id, record in records.items():
        names = record.title if isinstance(record, Survey) else record.names
        words = [*getattr(record, "aliases", ()), *names.model_dump(exclude_none=True).values()]
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
    paths = [folder / name for name in (*REGISTRY_FILES, *OPTIONAL_FILES)]
    paths += sorted((folder / "strategies").glob("*.yaml"))
    paths += sorted((folder / "surveys").glob("*.yaml"))
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
    groups = _load_groups(folder, sources, regions)
    body_ids = [b.id for b in bodies]
    surveys = {s.id: s for s in _load_surveys(folder, sources, groups, strategies, body_ids)}
    return Registry(
        bodies={b.id: b for b in bodies},
        regions={r.id: r for r in regions},
        strategies=strategies,
        sources=dict(sources),
        folder=folder,
        groups=groups,
        surveys=surveys,
    )


def _load_groups(
    folder: Path, sources: Mapping[str, str], regions: Sequence[Region]
) -> dict[str, Group]:
    path = folder / "groups.yaml"
    if not path.is_file():
        return {}
    source = _yaml.read(path)
    groups = _yaml.validate(GroupFile, _yaml.parse(source), source).groups
    _unique(source, "groups", [g.id for g in groups])
    region_ids = [r.id for r in regions]
    for i, group in enumerate(groups):
        for j, region in enumerate(group.regions):
            if region not in region_ids:
                hint = _yaml.suggest(region, region_ids)
                raise source.error(("groups", i, "regions", j), f"unknown region {region!r}", hint)
    _check_sources(source, "groups", groups, sources)
    return {g.id: g for g in groups}


def _load_surveys(
    folder: Path,
    sources: Mapping[str, str],
    groups: Mapping[str, Group],
    strategies: Mapping[str, Strategy],
    body_ids: Sequence[str],
) -> list[Survey]:
    surveys = []
    for path in sorted((folder / "surveys").glob("*.yaml")):
        source = _yaml.read(path)
        survey = _yaml.validate(Survey, _yaml.parse(source), source)
        if survey.id != path.stem:
            raise source.error(
                ("id",),
                f"id {survey.id!r} differs from the file name {path.stem!r}",
                "rename the file or change the id",
            )
        if survey.strategy not in strategies:
            hint = _yaml.suggest(survey.strategy, list(strategies))
            raise source.error(("strategy",), f"unknown strategy {survey.strategy!r}", hint)
        named: list[tuple[tuple[str | int, ...], str]] = [
            *((("asked", i), g) for i, g in enumerate(survey.asked)),
            *((("declined", i), g) for i, g in enumerate(survey.declined)),
            *(
                (("findings", i, "groups", j), g)
                for i, finding in enumerate(survey.findings)
                for j, g in enumerate(finding.groups)
            ),
        ]
        for body, ids in survey.choose.items():
            for loc, named_body in (
                (("choose", body), body),
                *((("choose", body, k), b) for k, b in enumerate(ids)),
            ):
                if named_body not in body_ids:
                    hint = _yaml.suggest(named_body, list(body_ids))
                    raise source.error(loc, f"unknown body {named_body!r}", hint)
        for loc, group in named:
            if group not in groups:
                hint = _yaml.suggest(group, list(groups)) or "add it to groups.yaml"
                raise source.error(loc, f"unknown group {group!r}", hint)
        for i, group in enumerate(survey.asked):
            if group in survey.asked[:i]:
                raise source.error(("asked", i), f"group {group!r} is listed twice", "list it once")
        _unique(source, "questions", [q.id for q in survey.questions])
        question_ids = [q.id for q in survey.questions]
        for i, finding in enumerate(survey.findings):
            if finding.question not in question_ids:
                raise source.error(
                    ("findings", i, "question"),
                    f"unknown question {finding.question!r}",
                    f"the survey's questions are {', '.join(question_ids)}",
                )
        if survey.due < survey.sent:
            raise source.error(("due",), f"due {survey.due} is before sent {survey.sent}", "")
        _check_sources(source, None, [survey], sources)
        surveys.append(survey)
    return surveys


def _unique(source: _yaml.Source, key: str, ids: list[str]) -> list[str]:
    seen: set[str] = set()
    for i, record_id in enumerate(ids):
        if record_id in seen:
            raise source.error((key, i, "id"), f"id {record_id!r} is used twice", "ids are unique")
        seen.add(record_id)
    return ids


def _some(text: str | None) -> tuple[str, ...]:
    """Return ``text`` as a tuple of one, or an empty tuple when there is none."""
    return (text,) if text else ()


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
        for k, successor in enumerate(getattr(record, "successors", ())):
            cited += [
                (("successors", k, "sources", j), name) for j, name in enumerate(successor.sources)
            ]
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
