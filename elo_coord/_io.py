"""Matrix files: YAML ⇄ :class:`Matrix`, atomic saves, and the JSON Schemas for editors.

``load → dump → load`` gives an equal matrix; keys come out in a stable order (the model's field
order), lists of ids in flow style, and long texts unwrapped so that diffs stay line by line.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import yaml
from pydantic import BaseModel

from elo_coord import _yaml
from elo_coord._atomic import write_atomic
from elo_coord._errors import MatrixFileError
from elo_coord._model import (
    MATRIX_LEVELS,
    Assessment,
    AssessmentFile,
    BodyFile,
    Composition,
    Decision,
    GroupFile,
    Matrix,
    PracticeFile,
    Question,
    RegionFile,
    Row,
    Scale,
    SourceFile,
    Strategy,
    Survey,
)
from elo_coord._registry import (
    OPTIONAL_FILES,
    REGISTRY_FILES,
    Registry,
    default_registry,
    find_registry,
    load_registry,
)

__all__ = [
    "SCHEMAS",
    "Place",
    "check_matrix",
    "dump_assessments",
    "dump_matrix",
    "dump_yaml",
    "json_schema",
    "load_assessments",
    "load_composition",
    "load_matrices",
    "load_matrix",
    "load_practices",
    "load_scale",
    "matrix_paths",
    "monitoring_folder",
    "plain_assessment",
    "plain_row",
    "save_matrix",
    "write_atomic",
]

SCHEMAS: dict[str, type[BaseModel]] = {
    "matrix": Matrix,
    "strategy": Strategy,
    "bodies": BodyFile,
    "regions": RegionFile,
    "groups": GroupFile,
    "survey": Survey,
    "sources": SourceFile,
    "scale": Scale,
    "assessments": AssessmentFile,
    "composition": Composition,
    "practices": PracticeFile,
}
"""The records each generated JSON Schema (``matrices/schemas/<name>.schema.json``) describes."""


def load_matrix(path: str | Path, *, registry: Registry | None = None) -> Matrix:
    """Load one matrix file and check every id it names against the registry.

    Parameters
    ----------
    path
        A YAML matrix file; its name (without ``.yaml``) must equal its ``id``.
    registry
        Where ids are looked up. By default the registry folder the file sits in (the nearest
        folder above it with ``bodies.yaml``), else the registry shipped with elo_coord.

    Returns
    -------
    Matrix
        The matrix. Matrix-wide rules (one lead, valid bodies …) are not checked here; run
        :func:`elo_coord.lint` for those, so that an incomplete draft still loads.

    Raises
    ------
    MatrixFileError
        One line naming the file, the line, the place and the fix.

    Examples
    --------
    >>> baseline = load_matrix("matrices/baseline/tno-2022.yaml")
    >>> baseline.kind, len(baseline.rows)
    (<Kind.BASELINE: 'baseline'>, 12)
    """
    path = Path(path)
    if registry is None:
        registry = _registry_for(path)
    source = _yaml.read(path)
    matrix = _yaml.validate(Matrix, _yaml.parse(source), source)
    _check_file_name(matrix, source)
    return check_matrix(matrix, registry, source)


def load_scale(path: str | Path, *, registry: Registry | None = None) -> Scale:
    """Load a development scale (``matrices/monitoring/scale-2016.yaml``) and check its ids.

    The source must be a key of the registry's sources, every region id known, and each
    example's ``regions`` exactly what its ``named`` groups stand for (:meth:`Registry.ids_named`).

    Raises
    ------
    MatrixFileError
        One line naming the file, the line, the place and the fix.

    Examples
    --------
    >>> scale = load_scale("matrices/monitoring/scale-2016.yaml")
    >>> len(scale.areas), [step.step for step in scale.areas[1].steps]
    (8, [1, 2, 3, 4])
    """
    path = Path(path)
    if registry is None:
        registry = _registry_for(path)
    source = _yaml.read(path)
    scale = _yaml.validate(Scale, _yaml.parse(source), source)
    _check_file_name(scale, source)
    _check_source(scale.source, ("source",), source, registry)
    for a, area in enumerate(scale.areas):
        for s, step in enumerate(area.steps):
            for e, example in enumerate(step.examples):
                loc = ("areas", a, "steps", s, "examples", e)
                for k, region in enumerate(example.regions):
                    if region not in registry.regions:
                        raise source.error(
                            (*loc, "regions", k),
                            f"unknown region {region!r}",
                            registry.hint("region", region),
                        )
                named = [r for name in example.named for r in registry.ids_named("region", name)]
                if tuple(dict.fromkeys(named)) != example.regions:
                    raise source.error(
                        (*loc, "regions"),
                        f"the names {list(example.named)} stand for {list(dict.fromkeys(named))},"
                        f" not {list(example.regions)}",
                        "list the regions the names stand for (names and aliases in regions.yaml)",
                    )
    return scale


def load_assessments(
    path: str | Path, *, registry: Registry | None = None, scale: Scale | None = None
) -> AssessmentFile:
    """Load a year's assessments of the groups and check them against the registry and scale.

    Parameters
    ----------
    path
        ``matrices/monitoring/assessments/<id>.yaml``; its name is its id.
    registry
        By default the registry folder the file sits in.
    scale
        The scale rated on; by default ``<scale id>.yaml`` in the ``monitoring`` folder above.

    Raises
    ------
    MatrixFileError
        One line naming the file, the line, the place and the fix: an unknown group or area, a
        scale that is not there.

    Examples
    --------
    >>> year = load_assessments("matrices/monitoring/assessments/kuvitteellinen-2017.yaml")
    >>> year.illustrative, year.scale
    (True, 'scale-2016')
    """
    path = Path(path)
    if registry is None:
        registry = _registry_for(path)
    source = _yaml.read(path)
    assessed = _yaml.validate(AssessmentFile, _yaml.parse(source), source)
    _check_file_name(assessed, source)
    if scale is None:
        scale = _scale_named(assessed.scale, source, registry)
    elif scale.id != assessed.scale:
        raise source.error(("scale",), f"rated on {assessed.scale!r}, not {scale.id!r}")
    areas = [area.id for area in scale.areas]
    for a, assessment in enumerate(assessed.assessments):
        if assessment.group not in registry.groups:
            raise source.error(
                ("assessments", a, "group"),
                f"unknown group {assessment.group!r}",
                registry.hint("group", assessment.group),
            )
        for area, rating in assessment.areas.items():
            if area not in areas:
                raise source.error(
                    ("assessments", a, "areas", area),
                    f"the scale has no area {area!r}",
                    _yaml.suggest(area, areas),
                )
            steps = [step.step for step in scale.area(area).steps]
            if rating.step not in steps:
                raise source.error(
                    ("assessments", a, "areas", area, "step"),
                    f"area {area!r} has steps {steps[0]}–{steps[-1]}, not {rating.step}",
                )
    return assessed


def load_composition(path: str | Path, *, registry: Registry | None = None) -> Composition:
    """Load who sits in the groups and at which tier, and check its groups, bodies and source.

    Parameters
    ----------
    path
        ``matrices/monitoring/composition/<id>.yaml``; its name is its id.
    registry
        By default the registry folder the file sits in.

    Raises
    ------
    MatrixFileError
        One line naming the file, the line, the place and the fix.

    Examples
    --------
    >>> made_up = load_composition("matrices/monitoring/composition/kuvitteellinen-2014.yaml")
    >>> made_up.illustrative, len(made_up.groups), [tier.id for tier in made_up.tiers]
    (True, 12, ['johtoryhma', 'verkosto', 'organisaatio', 'adhoc'])
    """
    path = Path(path)
    if registry is None:
        registry = _registry_for(path)
    source = _yaml.read(path)
    composition = _yaml.validate(Composition, _yaml.parse(source), source)
    _check_file_name(composition, source)
    for g, member in enumerate(composition.groups):
        if member.group not in registry.groups:
            raise source.error(
                ("groups", g, "group"),
                f"unknown group {member.group!r}",
                registry.hint("group", member.group),
            )
    for k, kind in enumerate(composition.kinds):
        if kind.body is not None and kind.body not in registry.bodies:
            raise source.error(
                ("kinds", k, "body"),
                f"unknown body {kind.body!r}",
                registry.hint("body", kind.body),
            )
    published = composition.published
    if published is not None:
        _check_source(published.source, ("published", "source"), source, registry)
    return composition


def load_practices(path: str | Path, *, registry: Registry | None = None) -> PracticeFile:
    """Load the catalogue of good practices and check the rows, areas, groups and sources named.

    Parameters
    ----------
    path
        ``matrices/monitoring/practices.yaml``.
    registry
        By default the registry folder the file sits in; the scale is the one the catalogue
        names, beside it.

    Raises
    ------
    MatrixFileError
        One line naming the file, the line, the place and the fix.

    Examples
    --------
    >>> catalogue = load_practices("matrices/monitoring/practices.yaml")
    >>> [p.id for p in catalogue.practices][:2]
    ['tno-seminaarit', 'vertaisfoorumit']
    """
    path = Path(path)
    if registry is None:
        registry = _registry_for(path)
    source = _yaml.read(path)
    catalogue = _yaml.validate(PracticeFile, _yaml.parse(source), source)
    strategy = registry.strategies.get(catalogue.strategy)
    if strategy is None:
        raise source.error(
            ("strategy",),
            f"unknown strategy {catalogue.strategy!r}",
            registry.hint("strategy", catalogue.strategy),
        )
    rows = [theme.id for theme in strategy.themes]
    rows += [goal.id for theme in strategy.themes for goal in theme.goals]
    rows += [row.id for row in strategy.rows()]
    areas = [area.id for area in _scale_named(catalogue.scale, source, registry).areas]
    for p, practice in enumerate(catalogue.practices):
        _check_source(practice.source, ("practices", p, "source"), source, registry)
        for field, known, what in (
            ("rows", rows, "row of the strategy"),
            ("areas", areas, "area of the scale"),
            ("groups", list(registry.groups), "group"),
        ):
            for i, named in enumerate(getattr(practice, field)):
                if named not in known:
                    raise source.error(
                        ("practices", p, field, i),
                        f"unknown {what} {named!r}",
                        _yaml.suggest(named, known),
                    )
    return catalogue


def monitoring_folder(path: str | Path) -> Path:
    """Return the ``monitoring`` folder a monitoring file sits in (at any depth), else its folder.

    The scales live there: an assessment file or the catalogue names its scale by id, and
    ``<id>.yaml`` in this folder is it.
    """
    path = Path(path)
    return next((p for p in path.parents if p.name == "monitoring"), path.parent)


def _scale_named(scale_id: str, source: _yaml.Source, registry: Registry) -> Scale:
    """Load the scale a monitoring file names, or say in one line that it is not there."""
    folder = monitoring_folder(source.path)
    path = folder / f"{scale_id}.yaml"
    if not path.is_file():
        raise source.error(
            ("scale",),
            f"no scale {scale_id!r} in {folder}",
            "name a scale file of the monitoring folder, e.g. scale-2016",
        )
    return load_scale(path, registry=registry)


def _check_source(
    key: str, loc: tuple[str | int, ...], source: _yaml.Source, registry: Registry
) -> None:
    """Refuse a source key that ``sources.yaml`` does not have."""
    if key not in registry.sources:
        raise source.error(loc, f"unknown source {key!r}", "give a key of sources.yaml, e.g. S001")


class Place(Protocol):
    """Where a matrix came from, turning a place in it into a one-line error.

    A YAML file's :class:`~elo_coord._yaml.Source` points at a line; a returned workbook points
    at a sheet and a cell. ``loc`` is the path in the matrix, as in ``rows[3].regional.bodies[0]``.
    """

    def error(self, loc: Sequence[str | int], message: str, hint: str = "") -> MatrixFileError:
        """Return the error for the place ``loc`` of the matrix."""
        ...


def check_matrix(matrix: Matrix, registry: Registry, place: Place) -> Matrix:
    """Check every id ``matrix`` names against ``registry``, as :func:`load_matrix` does.

    The strategy, regions, bodies, groups, the survey, its respondent and answers; the first
    problem is raised as ``place`` words it. Returns the matrix with its proposers (the regions
    of its groups).

    Raises
    ------
    MatrixFileError
        The first id the registry does not know, or an answer the survey does not allow.
    """
    _check_references(matrix, place, registry)
    _check_survey(matrix, place, registry)
    return _with_regions(matrix, place, registry)


def _check_file_name(
    record: Matrix | Scale | AssessmentFile | Composition, source: _yaml.Source
) -> None:
    """Refuse a file whose ``id`` is not its name: matrices, scales and assessments alike."""
    if record.id != source.path.stem:
        raise source.error(
            ("id",),
            f"id {record.id!r} differs from the file name {source.path.name!r}",
            f"rename the file to {record.id}.yaml or set id: {source.path.stem}",
        )


def _with_regions(matrix: Matrix, source: Place, registry: Registry) -> Matrix:
    """Return ``matrix`` with its proposers: the regions of the groups it names."""
    if not matrix.groups:
        return matrix
    regions = tuple(dict.fromkeys(r for g in matrix.groups for r in registry.regions_of(g)))
    if matrix.proposers and set(matrix.proposers) != set(regions):
        raise source.error(
            ("proposers",),
            f"proposers {', '.join(matrix.proposers)} differ from the regions of the groups"
            f" ({', '.join(regions)})",
            "remove proposers: they follow from groups",
        )
    return matrix.model_copy(update={"proposers": regions})


def _check_survey(matrix: Matrix, source: Place, registry: Registry) -> None:
    """Check the groups, the survey and the free-text answers a matrix names."""
    for i, group in enumerate(matrix.groups):
        if group not in registry.groups:
            raise source.error(
                ("groups", i), f"unknown group {group!r}", registry.hint("group", group)
            )
    if matrix.survey is None:
        if matrix.answers:
            raise source.error(
                ("answers",),
                "answers to a survey's questions need the survey",
                "name it in survey: (for example survey: tno-2022)",
            )
        return
    survey = registry.surveys.get(matrix.survey)
    if survey is None:
        raise source.error(
            ("survey",), f"unknown survey {matrix.survey!r}", registry.hint("survey", matrix.survey)
        )
    if survey.strategy != matrix.strategy:
        raise source.error(
            ("strategy",),
            f"survey {survey.id!r} asks about strategy {survey.strategy!r},"
            f" not {matrix.strategy!r}",
            f"write strategy: {survey.strategy}",
        )
    if matrix.respondent is not None and matrix.respondent not in survey.respondents:
        raise source.error(
            ("respondent",),
            f"survey {survey.id!r} was answered by"
            f" {' or '.join(r.value for r in survey.respondents)}, not {matrix.respondent.value}",
            "write the respondent the survey allows",
        )
    open_questions = [q.id for q in survey.questions if q.answer == "text"]
    for question in matrix.answers:
        if question not in open_questions:
            raise source.error(
                ("answers", question),
                f"survey {survey.id!r} has no open question {question!r}",
                f"answer {', '.join(open_questions)}" if open_questions else "remove answers",
            )


def load_matrices(
    folder: str | Path | Sequence[str | Path], *, registry: Registry | None = None
) -> list[Matrix]:
    """Load every matrix file in a folder (recursively), or each of a list of files and folders.

    Registry files (``bodies.yaml``, ``regions.yaml``, ``sources.yaml``) and strategies are
    skipped. Matrices come back ordered by path.

    Raises
    ------
    MatrixFileError
        The first file that cannot be loaded, or two files with the same id.

    Examples
    --------
    >>> proposals = load_matrices("matrices/proposals")
    >>> all(m.kind == "proposal" for m in proposals)
    True
    """
    places = [folder] if isinstance(folder, str | Path) else list(folder)
    with paused_gc():
        return _load_all(matrix_paths(places), registry)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cycle collector while many records are made, then restore it.

    Loading makes tens of thousands of small objects that all stay alive; the collector would scan
    the growing heap again and again for cycles there are none of (loading 1,000 files took twice
    as long with it on). Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_all(paths: Sequence[Path], registry: Registry | None) -> list[Matrix]:
    matrices: list[Matrix] = []
    seen: dict[str, Path] = {}
    for path in paths:
        matrix = load_matrix(path, registry=registry)
        if matrix.id in seen:
            raise MatrixFileError(
                path,
                None,
                "id",
                f"id {matrix.id!r} is also used by {seen[matrix.id]}",
                "matrix ids are unique; rename one",
            )
        seen[matrix.id] = path
        matrices.append(matrix)
    return matrices


def matrix_paths(places: Sequence[str | Path]) -> list[Path]:
    """Return the matrix files among ``places`` (files, and folders searched recursively)."""
    found: list[Path] = []
    for place in map(Path, places):
        if place.is_dir():
            found += sorted(p for p in place.rglob("*.yaml") if _is_matrix_path(p))
        elif place.exists():
            found.append(place)
        else:
            raise MatrixFileError(place, None, "", "no such file or folder")
    return found


def _is_matrix_path(path: Path) -> bool:
    return (
        path.name not in (*REGISTRY_FILES, *OPTIONAL_FILES)
        and "strategies" not in path.parts
        and "surveys" not in path.parts
        and "monitoring" not in path.parts
    )


def _registry_for(path: Path) -> Registry:
    folder = find_registry(path.parent)
    return load_registry(folder) if folder is not None else default_registry()


def _check_references(matrix: Matrix, source: Place, registry: Registry) -> None:
    if matrix.strategy not in registry.strategies:
        raise source.error(
            ("strategy",),
            f"unknown strategy {matrix.strategy!r}",
            registry.hint("strategy", matrix.strategy),
        )
    for i, region in enumerate(matrix.proposers):
        if region not in registry.regions:
            raise source.error(
                ("proposers", i), f"unknown region {region!r}", registry.hint("region", region)
            )
    for r, row in enumerate(matrix.rows):
        for level in MATRIX_LEVELS:
            cell = row.cell(level)
            named: list[tuple[tuple[str | int, ...], str]]
            named = [(("bodies", b, "body"), a.body) for b, a in enumerate(cell.bodies)]
            for t, task in enumerate(cell.tasks):
                named += [(("tasks", t, "bodies", k), body) for k, body in enumerate(task.bodies)]
            for loc, body in named:
                if body not in registry.bodies:
                    raise source.error(
                        ("rows", r, level.value, *loc),
                        f"unknown body {body!r}",
                        registry.hint("body", body),
                    )
            # Provenance names regions: each must be one the registry knows.
            regions = [
                (("bodies", b, "regions", k), g)
                for b, a in enumerate(cell.bodies)
                for k, g in enumerate(a.regions)
            ]
            regions += [
                (("tasks", t, "regions", k), g)
                for t, task in enumerate(cell.tasks)
                for k, g in enumerate(task.regions)
            ]
            for loc, region in regions:
                if region not in registry.regions:
                    raise source.error(
                        ("rows", r, level.value, *loc),
                        f"unknown region {region!r}",
                        registry.hint("region", region),
                    )
    _check_places("questions", matrix.questions, matrix, source, registry)
    _check_places("decisions", matrix.decisions, matrix, source, registry)


def _check_places(
    key: str,
    records: Sequence[Question | Decision],
    matrix: Matrix,
    source: Place,
    registry: Registry,
) -> None:
    """Check that open questions or decisions name rows, bodies and regions that exist."""
    strategy = registry.strategies.get(matrix.strategy)
    rows = {row.row for row in matrix.rows} | (
        {row.id for row in strategy.rows()} if strategy else set()
    )
    for i, record in enumerate(records):
        if record.row not in rows:
            raise source.error(
                (key, i, "row"),
                f"unknown row {record.row!r}",
                "name a row of the strategy or of this matrix",
            )
        if record.level not in MATRIX_LEVELS:
            raise source.error(
                (key, i, "level"),
                f"level {record.level.value!r} is not a level of a matrix",
                "write national or regional",
            )
        if record.body is not None and record.body not in registry.bodies:
            raise source.error(
                (key, i, "body"),
                f"unknown body {record.body!r}",
                registry.hint("body", record.body),
            )
        for k, region in enumerate(record.regions):
            if region not in registry.regions:
                raise source.error(
                    (key, i, "regions", k),
                    f"unknown region {region!r}",
                    registry.hint("region", region),
                )


class _Dumper(yaml.SafeDumper):
    """Block style, indented lists, unwrapped text, flow style for short lists of ids."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


class _Flow(list[Any]):
    """A list written in flow style: ``[OKM, TEM]``."""


class _FlowMap(dict[str, Any]):
    """A mapping written in flow style: ``{step: 3, evidence: …}``."""


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_flow(dumper: yaml.SafeDumper, items: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=True)


_Dumper.add_representer(str, _represent_str)


def _represent_flow_map(dumper: yaml.SafeDumper, items: _FlowMap) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", items, flow_style=True)


_Dumper.add_representer(_Flow, _represent_flow)
_Dumper.add_representer(_FlowMap, _represent_flow_map)


def dump_matrix(matrix: Matrix, *, schema: str | None = None) -> str:
    """Return ``matrix`` as YAML text in the project's layout.

    Parameters
    ----------
    matrix
        The matrix.
    schema
        Path of the JSON Schema relative to the file, written as the first-line comment that tells
        YAML editors how to validate the file.

    Examples
    --------
    >>> from elo_coord import Matrix
    >>> m = Matrix(id="x", kind="proposal", strategy="elo-2020-2023", date="2022-03-18",
    ...            title="Esimerkki", proposers=("lappi",),
    ...            rows=[{"row": "T4.1", "regional": {"bodies": [{"body": "ELY", "role": "lead"},
    ...                                                         "kunnat"]}}])
    >>> print(dump_matrix(m), end="")
    id: x
    kind: proposal
    strategy: elo-2020-2023
    date: 2022-03-18
    title: Esimerkki
    proposers: [lappi]
    rows:
      - row: T4.1
        national:
          bodies: []
          tasks: []
        regional:
          bodies: [{body: ELY, role: lead}, kunnat]
          tasks: []
    """
    data = _plain(matrix)
    text = dump_yaml(data)
    header = f"# yaml-language-server: $schema={schema}\n" if schema else ""
    return header + text


def _plain(matrix: Matrix) -> dict[str, Any]:
    """Return the matrix as plain data, leaving out what is empty or default."""
    data = matrix.model_dump(
        mode="json", exclude_defaults=True, exclude={"rows", "questions", "decisions"}
    )
    data["date"] = matrix.date
    if "groups" in data:
        data["groups"] = _Flow(data["groups"])
        data.pop("proposers", None)  # they follow from the groups
    if "proposers" in data:
        data["proposers"] = _Flow(data["proposers"])
    data["rows"] = [plain_row(row) for row in matrix.rows]
    if matrix.questions:
        data["questions"] = [
            {k: _Flow(v) if isinstance(v, list) else v for k, v in q.items()}
            for q in (q.model_dump(mode="json", exclude_defaults=True) for q in matrix.questions)
        ]
    if matrix.decisions:
        data["decisions"] = [
            {k: _Flow(v) if isinstance(v, list) else v for k, v in d.items()}
            for d in (d.model_dump(mode="json", exclude_defaults=True) for d in matrix.decisions)
        ]
    return data


def plain_row(row: Row) -> dict[str, Any]:
    """Return one row as plain data in the file's key order, leaving out an empty note or quotes."""
    out: dict[str, Any] = {"row": row.row}
    for level in MATRIX_LEVELS:
        cell = row.cell(level)
        out[level.value] = {
            "bodies": _Flow(_compact(a, "body") for a in cell.bodies),
            "tasks": [_compact(t, "text") for t in cell.tasks],
        }
    if row.note is not None:
        out["note"] = row.note
    if row.quotes:
        out["quotes"] = list(row.quotes)
    return out


def dump_assessments(assessed: AssessmentFile) -> str:
    """Return a year's assessments as YAML text in the project's layout: a rating a line.

    Examples
    --------
    >>> year = AssessmentFile(id="arviot-2019", scale="scale-2016", year=2019, title="Arviot",
    ...                       assessments=[{"group": "elo-lappi", "by": "self",
    ...                                     "areas": {"viestinta": {"step": 2}}}])
    >>> print(dump_assessments(year), end="")
    id: arviot-2019
    scale: scale-2016
    year: 2019
    title: Arviot
    assessments:
      - group: elo-lappi
        by: self
        areas:
          viestinta: {step: 2}
    """
    data = assessed.model_dump(mode="json", exclude_defaults=True, exclude={"assessments"})
    data["assessments"] = [plain_assessment(a) for a in assessed.assessments]
    return dump_yaml(data)


def plain_assessment(assessment: Assessment) -> dict[str, Any]:
    """Return one assessment as plain data in the file's layout: each rating on its own line."""
    return {
        "group": assessment.group,
        "by": assessment.by.value,
        "areas": {
            area: _FlowMap(rating.model_dump(mode="json", exclude_none=True))
            for area, rating in assessment.areas.items()
        },
    }


def dump_yaml(data: object) -> str:
    """Return ``data`` as YAML text in the project's layout (see :func:`dump_matrix`)."""
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000, indent=2
    )


def _compact(record: BaseModel, key: str) -> Any:
    """Return ``record`` as its bare ``key`` value when nothing else is set, else as a mapping."""
    fields = record.model_dump(mode="json", exclude_defaults=True)
    if fields.keys() == {key}:
        return fields[key]
    return {k: _Flow(v) if isinstance(v, list) else v for k, v in fields.items()}


def save_matrix(matrix: Matrix, path: str | Path, *, expected: str | None = None) -> str:
    """Write ``matrix`` to ``path`` atomically, refusing to overwrite changes made meanwhile.

    Parameters
    ----------
    matrix
        The matrix; its ``id`` must equal the file name without ``.yaml``.
    path
        Where to write.
    expected
        The text the file held when it was read. If the file now holds something else (another
        facilitator saved, a ``git pull``), nothing is written. ``None`` means the file must not
        exist yet.

    Returns
    -------
    str
        The text written; pass it as ``expected`` to the next save.

    Raises
    ------
    FileChangedError
        The file changed on disk since it was read, or exists when it should not.
    """
    path = Path(path)
    if matrix.id != path.stem:
        raise MatrixFileError(
            path,
            None,
            "id",
            f"id {matrix.id!r} differs from the file name {path.name!r}",
            f"save it as {matrix.id}.yaml",
        )
    schema = None
    folder = find_registry(path.parent)
    if folder is not None:
        schema = Path(os.path.relpath(folder / "schemas" / "matrix.schema.json", path.parent))
    text = dump_matrix(matrix, schema=schema.as_posix() if schema else None)
    write_atomic(path, text, expected=expected)
    return text


def json_schema(name: str) -> str:
    """Return the JSON Schema text for one kind of file (``matrix``, ``bodies``, …).

    The shipped schemas in ``matrices/schemas/`` are these texts; a test fails when they drift.
    """
    model = SCHEMAS[name]
    schema = model.model_json_schema(mode="validation")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{name}.schema.json",
        **schema,
    }
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
