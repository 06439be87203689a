"""Recording a year's assessments of the groups: every rating saved, logged and undoable.

:class:`AssessmentsFile` holds one file of ``matrices/monitoring/assessments/`` open for editing
with the guarantees of the matrix editor (:class:`~elo_coord.MatrixFile`), because it is the same
machinery: each edit is written at once (atomically), appended to the change log beside the file,
and can be undone; a save never overwrites what someone else saved meanwhile, and
:meth:`~elo_coord.MatrixFile.merge` puts the edits onto theirs rating by rating.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, NamedTuple

from elo_coord import _yaml
from elo_coord._atomic import write_atomic
from elo_coord._editing import EditedFile
from elo_coord._errors import ElocoordError, FileChangedError
from elo_coord._io import dump_assessments, load_assessments, load_scale, monitoring_folder
from elo_coord._model import Assessment, AssessmentFile, Assessor, Rating, Scale
from elo_coord._patch import patch_assessments

__all__ = ["AssessmentsFile", "RatingEdit", "RatingPart", "new_assessments"]


class RatingPart(NamedTuple):
    """One rating of a file: a group's step in one area by one assessor, merged as a whole."""

    group: str
    by: str
    """``self`` or ``researcher``."""
    area: str

    def __str__(self) -> str:
        return f"{self.group} {self.area} ({self.by})"


@dataclass(frozen=True)
class RatingEdit:
    """One change to a rating, as the change log records it."""

    field: str
    """What changed: ``step`` or ``evidence``."""
    group: str
    by: str
    area: str
    old: object = None
    """The value before (``None`` when there was none)."""
    new: object = None
    """The value after."""


@dataclass
class AssessmentsFile(EditedFile[AssessmentFile, RatingPart]):
    """A year's assessments open for editing.

    Parameters
    ----------
    path
        ``matrices/monitoring/assessments/<id>.yaml``.
    editor
        The name of the person editing, written in the change log with every edit.
    registry
        Groups and regions; by default the registry folder the file sits in.
    scale
        The scale rated on; by default the one the file names, from the ``monitoring`` folder.
    autosave, automerge
        As for :class:`~elo_coord.MatrixFile`.

    Examples
    --------
    >>> import shutil, tempfile
    >>> from pathlib import Path
    >>> root = Path(tempfile.mkdtemp())
    >>> _ = shutil.copytree("matrices", root / "matrices")
    >>> path = root / "matrices/monitoring/assessments/kuvitteellinen-2018.yaml"
    >>> year = AssessmentsFile(path, editor="Tutkija")
    >>> year.step("elo-lappi", "arviointi")
    2
    >>> year.cycle("elo-lappi", "arviointi")
    3
    >>> "arviointi: {step: 3}" in path.read_text(encoding="utf-8")
    True
    >>> year.undo()
    >>> year.step("elo-lappi", "arviointi")
    2
    """

    scale: Scale | None = None
    _LOGGED_AS: ClassVar[str] = "assessments"
    _scale: Scale = field(init=False)

    @property
    def assessed(self) -> AssessmentFile:
        """The year's assessments as edited so far."""
        return self._state.record

    @property
    def areas(self) -> list[str]:
        """The scale's areas, in its order."""
        return [area.id for area in self._scale.areas]

    def steps(self, area: str) -> list[int]:
        """Return the steps ``area`` has on the scale: 1–4, or fewer where the source has fewer."""
        return [step.step for step in self._scale.area(area).steps]

    def rating(self, group: str, area: str, by: Assessor | str = Assessor.SELF) -> Rating | None:
        """Return the group's rating in ``area`` by ``by``, or ``None`` if it was not rated."""
        assessment = self._assessment(self.assessed, group, Assessor(by))
        return assessment.areas.get(area) if assessment else None

    def step(self, group: str, area: str, by: Assessor | str = Assessor.SELF) -> int | None:
        """Return the group's step in ``area`` by ``by``, or ``None`` if it was not rated."""
        rating = self.rating(group, area, by)
        return rating.step if rating else None

    # --- editing ---------------------------------------------------------------------------

    def cycle(self, group: str, area: str, by: Assessor | str = Assessor.SELF) -> int | None:
        """Move the group's step in ``area`` on: not rated → 1 → 2 → 3 → 4 → not rated.

        An area the source describes with fewer steps cycles through those. Returns the new step.
        """
        self._check(group, area)
        steps = self.steps(area)
        now = self.step(group, area, by)
        new = steps[0] if now is None else next((s for s in steps if s > now), None)
        self.set_step(group, area, new, by)
        return new

    def set_step(
        self, group: str, area: str, step: int | None, by: Assessor | str = Assessor.SELF
    ) -> None:
        """Rate the group at ``step`` in ``area``; ``None`` takes the rating (and evidence) out."""
        by = Assessor(by)
        self._check(group, area)
        if step is not None and step not in self.steps(area):
            steps = self.steps(area)
            raise ElocoordError(
                f"area {area!r} has steps {steps[0]}–{steps[-1]}, not {step}"
                " — choose one of those, or none"
            )
        old = self.rating(group, area, by)
        if (old.step if old else None) == step:
            return
        new = None if step is None else Rating(step=step, evidence=old.evidence if old else None)
        edit = RatingEdit("step", group, by.value, area, old.step if old else None, step)
        self._commit(self._with_rating(group, by, area, new), [edit])

    def set_evidence(
        self, group: str, area: str, evidence: str | None, by: Assessor | str = Assessor.SELF
    ) -> None:
        """Set the evidence of a rating (an empty text removes it); the area must be rated."""
        by = Assessor(by)
        text = evidence.strip() if evidence and evidence.strip() else None
        old = self.rating(group, area, by)
        if old is None:
            raise ElocoordError(
                f"{group} is not rated in {area!r} by {by.value}: rate it before giving evidence"
            )
        if old.evidence == text:
            return
        edit = RatingEdit("evidence", group, by.value, area, old.evidence, text)
        rating = old.model_copy(update={"evidence": text})
        self._commit(self._with_rating(group, by, area, rating), [edit])

    # --- what an assessments file is ---------------------------------------------------------

    def _load(self) -> AssessmentFile:
        assessed = load_assessments(self.path, registry=self.registry, scale=self.scale)
        if self.scale is None or self.scale.id != assessed.scale:
            scale_path = monitoring_folder(self.path) / f"{assessed.scale}.yaml"
            self.scale = load_scale(scale_path, registry=self.registry)
        self._scale = self.scale
        return assessed

    def _parse(self, text: str) -> AssessmentFile:
        source = _yaml.Source(self.path, text)
        return _yaml.validate(AssessmentFile, _yaml.parse(source), source)

    def _patch(self, text: str, old: AssessmentFile, new: AssessmentFile) -> str:
        return patch_assessments(text, old, new)

    def _parts(self, before: AssessmentFile, after: AssessmentFile) -> list[RatingPart]:
        parts = []
        keys = [(a.group, a.by) for a in (*before.assessments, *after.assessments)]
        for group, by in dict.fromkeys(keys):
            was = self._assessment(before, group, by)
            now = self._assessment(after, group, by)
            old = was.areas if was else {}
            new = now.areas if now else {}
            parts += [
                RatingPart(group, by.value, area)
                for area in dict.fromkeys([*old, *new])
                if old.get(area) != new.get(area)
            ]
        return parts

    def _value_of(self, record: AssessmentFile, part: RatingPart) -> object:
        assessment = self._assessment(record, part.group, Assessor(part.by))
        return assessment.areas.get(part.area) if assessment else None

    def _with_values(
        self, record: AssessmentFile, values: dict[RatingPart, object]
    ) -> AssessmentFile:
        for part, value in values.items():
            assert value is None or isinstance(value, Rating)
            record = self._with_rating(part.group, Assessor(part.by), part.area, value, record)
        return record

    # --- inside ----------------------------------------------------------------------------

    def _check(self, group: str, area: str) -> None:
        if group not in self._registry.groups:
            hint = self._registry.hint("group", group)
            raise ElocoordError(f"unknown group {group!r}" + (f" — {hint}" if hint else ""))
        if area not in self.areas:
            raise ElocoordError(
                f"the scale {self._scale.id} has no area {area!r}"
                + (f" — {hint}" if (hint := _yaml.suggest(area, self.areas)) else "")
            )

    @staticmethod
    def _assessment(record: AssessmentFile, group: str, by: Assessor) -> Assessment | None:
        return next((a for a in record.assessments if a.group == group and a.by is by), None)

    def _with_rating(
        self,
        group: str,
        by: Assessor,
        area: str,
        rating: Rating | None,
        record: AssessmentFile | None = None,
    ) -> AssessmentFile:
        """Return the assessments with one rating set (``None``: taken out), in the scale's order.

        A group's assessment is added at the end when it is first rated, and goes when its last
        rating does: an assessment with no rating says nothing.
        """
        record = record or self.assessed
        assessments = list(record.assessments)
        index = next(
            (i for i, a in enumerate(assessments) if a.group == group and a.by is by), None
        )
        areas = dict(assessments[index].areas) if index is not None else {}
        areas.pop(area, None)
        if rating is not None:
            areas[area] = rating
        order = self.areas
        areas = dict(sorted(areas.items(), key=lambda item: order.index(item[0])))
        assessment = Assessment(group=group, by=by, areas=areas)
        if index is None:
            if areas:
                assessments.append(assessment)
        elif areas:
            assessments[index] = assessment
        else:
            del assessments[index]
        return record.model_copy(update={"assessments": tuple(assessments)})


def new_assessments(
    folder: str | Path, year: int, *, scale: str = "scale-2016", title: str | None = None
) -> Path:
    """Start a year's assessments: write ``arviot-YEAR.yaml`` in ``folder`` with no rating yet.

    The file names the scale, the year and a title (``Arviot YEAR`` by default), is not marked
    illustrative, and is written atomically; an existing file is never replaced.

    Returns
    -------
    pathlib.Path
        The new file, to open with :class:`AssessmentsFile` (or in the workbench's tab 5).

    Raises
    ------
    ElocoordError
        The year is out of range, or the folder has that year's file already (one line).

    Examples
    --------
    >>> import tempfile
    >>> path = new_assessments(tempfile.mkdtemp(), 2026)
    >>> print(path.read_text(encoding="utf-8"), end="")
    # yaml-language-server: $schema=../../schemas/assessments.schema.json
    id: arviot-2026
    scale: scale-2016
    year: 2026
    title: Arviot 2026
    assessments: []
    """
    if not 2000 <= year <= 2100:
        raise ElocoordError(f"year {year}: give a year from 2000 to 2100")
    name = f"arviot-{year}"
    path = Path(folder) / f"{name}.yaml"
    empty = AssessmentFile(id=name, scale=scale, year=year, title=title or f"Arviot {year}")
    header = "# yaml-language-server: $schema=../../schemas/assessments.schema.json\n"
    try:
        write_atomic(path, header + dump_assessments(empty), expected=None)
    except FileChangedError:
        raise ElocoordError(
            f"{path}: the year {year} has its assessments already — open that file"
        ) from None
    return path
