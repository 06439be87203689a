"""The typed records: bodies, regions, the strategy and the coordination matrix.

Every record is an immutable pydantic model that rejects unknown keys. The records know nothing of
files or of each other: whether an id exists is the registry's business
(:mod:`elo_coord._registry`), matrix-wide rules are the linter's (:mod:`elo_coord._lint`).
Attribute docstrings become the descriptions in the generated JSON Schema, so YAML editors show
them to the people typing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Literal, NamedTuple, TypeGuard

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from elo_coord._errors import InputError

__all__ = [
    "LANGS",
    "MATRIX_LEVELS",
    "START_CHOICES",
    "Assessment",
    "AssessmentFile",
    "Assessor",
    "Assignment",
    "Body",
    "BodyFile",
    "Cell",
    "Composition",
    "Confidence",
    "Decision",
    "Fact",
    "Goal",
    "Group",
    "GroupFile",
    "Kind",
    "Lang",
    "Level",
    "Localized",
    "Matrix",
    "Means",
    "MemberKind",
    "Membership",
    "Practice",
    "PracticeFile",
    "PracticeKind",
    "Published",
    "Question",
    "Rating",
    "Region",
    "RegionFile",
    "Respondent",
    "Returns",
    "Role",
    "Row",
    "Scale",
    "ScaleArea",
    "ScaleExample",
    "ScaleStep",
    "SourceFile",
    "Sourced",
    "Start",
    "Status",
    "Strategy",
    "StrategyRow",
    "Successor",
    "Survey",
    "SurveyFinding",
    "SurveyQuestion",
    "Task",
    "Theme",
    "Tier",
    "Verdict",
    "check_id",
    "check_lang",
    "is_lang",
]

ID_PATTERN = r"^[A-Za-z0-9ÄÖÅäöå][A-Za-z0-9ÄÖÅäöå._-]*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
"""An id: letters, digits, '.', '_' and '-', starting with a letter or digit."""


def check_id(text: str, what: str = "id") -> str:
    """Return ``text`` if it is a valid id; raise :class:`InputError` with the rule otherwise.

    >>> check_id("foorumi-2022")
    'foorumi-2022'
    """
    if not re.fullmatch(ID_PATTERN, text):
        raise InputError(
            f"{what} {text!r} is not a valid id — use letters, digits, '.', '_' and '-',"
            " starting with a letter or digit"
        )
    return text


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("the text is blank: write something, or leave the key out")
    return text


def _date_as_text(value: object) -> object:
    # YAML reads an unquoted 2022-03-18 as a date; as a note or a task it is the text written.
    return value.isoformat() if isinstance(value, dt.date) else value


Text = Annotated[
    str,
    BeforeValidator(_date_as_text),
    StringConstraints(min_length=1),
    AfterValidator(_not_blank),
]
"""A text a person reads: not empty, not only spaces (a date written as text is its text)."""


def _not_a_number(value: object) -> object:
    # YAML reads 2022-03-18 as a date; pydantic would also take 1647561600 as Unix time.
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise PydanticCustomError("date_from_number", "a number is not a date")
    return value


Date = Annotated[dt.date, BeforeValidator(_not_a_number)]
"""A date written as a date (``2022-03-18``), never as a number of seconds."""


Lang = Literal["fi", "sv", "en"]
"""A language of the interface and of the registry's names: Finnish, Swedish, English."""

LANGS: tuple[Lang, ...] = ("fi", "sv", "en")


def is_lang(lang: str) -> TypeGuard[Lang]:
    """Return whether ``lang`` is ``fi``, ``sv`` or ``en``."""
    return lang in LANGS


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is ``fi``, ``sv`` or ``en``; raise :class:`InputError` otherwise."""
    if not is_lang(lang):
        raise InputError(f"unknown language {lang!r}; use fi, sv or en")
    return lang


class Record(BaseModel):
    """Base for every stored record: immutable, strict about unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class Level(StrEnum):
    """Where a body works, and the two columns of a matrix (national, regional)."""

    NATIONAL = "national"
    REGIONAL = "regional"
    LOCAL = "local"

    def belongs_in(self, column: Level) -> bool:
        """Return whether a body of this level belongs in the matrix column ``column``.

        National bodies go in the national column; regional and local ones in the regional.
        """
        return (self is Level.NATIONAL) == (column is Level.NATIONAL)


MATRIX_LEVELS: tuple[Level, Level] = (Level.NATIONAL, Level.REGIONAL)
"""The levels a matrix row coordinates at, in the order the forum's slides show them."""


class Role(StrEnum):
    """A body's part in a row at one level."""

    LEAD = "lead"
    PARTNER = "partner"


class Status(StrEnum):
    """How far the proposals agree on a body in a row at a level, or what an open question is.

    ``succession`` is never a level of agreement: it marks a question a migration leaves open,
    a body that ended (or handed over part of its tasks) whose successor a person has to choose.
    ``split`` marks, in a synthesis, a consensus that a camp of like answers does not share: the
    body passes the threshold thanks to the other camps.
    """

    CONSENSUS = "consensus"
    CONTESTED = "contested"
    MINORITY = "minority"
    SUCCESSION = "succession"
    SPLIT = "split"


class Kind(StrEnum):
    """What a matrix is."""

    BASELINE = "baseline"
    PROPOSAL = "proposal"
    SYNTHESIS = "synthesis"


class Respondent(StrEnum):
    """Who answered for a proposal: the whole regional ELO group or its coordinator."""

    GROUP = "group"
    COORDINATOR = "coordinator"


Start = Literal["migrated", "baseline", "empty"]
"""What a new answer of a survey round starts from."""

START_CHOICES: tuple[Start, ...] = ("migrated", "baseline", "empty")
"""The starts, the default first: the baseline carried onto the bodies of the survey's date,
the baseline as it is, or nothing."""


class Confidence(StrEnum):
    """How sure the data is of a fact.

    ``high``: stated in a public source or a source document; ``medium``: well established but not
    seen word for word; ``low``: inferred or unverified — check before relying on it.
    """

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Localized(Record):
    """A text in Finnish, and in Swedish and English where known."""

    fi: Text
    """Finnish (always present)."""
    sv: Text | None = None
    """Swedish, where known."""
    en: Text | None = None
    """English, where known."""

    def text(self, lang: str = "fi") -> str:
        """Return the text in ``lang`` (``fi``, ``sv`` or ``en``), or in Finnish if unknown."""
        value: str | None = getattr(self, check_lang(lang))
        return value if value is not None else self.fi


class Fact(Record):
    """How sure one field of a record is, and where it comes from."""

    confidence: Confidence
    """How sure this one fact is."""
    sources: tuple[Text, ...] = ()
    """Keys into ``matrices/sources.yaml``."""
    note: Text | None = None
    """Why the confidence is what it is."""


class Sourced(Record):
    """A registry record with an overall confidence and per-field facts."""

    confidence: Confidence = Confidence.HIGH
    """How sure the record is as a whole; ``facts`` overrides it field by field."""
    sources: tuple[Text, ...] = ()
    """Keys into ``matrices/sources.yaml`` that back the record."""
    facts: dict[Text, Fact] = Field(default_factory=dict)
    """Confidence and sources of single fields, keyed by path (``valid_from``, ``names.sv``)."""
    note: Text | None = None
    """Anything a reader should know."""

    @model_validator(mode="after")
    def _facts_name_fields(self) -> Sourced:
        for path in self.facts:
            head, _, tail = path.partition(".")
            if head not in type(self).model_fields or head == "facts":
                raise ValueError(f"facts names {path!r}, which is not a field of this record")
            if tail and head in {"names", "text"} and tail not in Localized.model_fields:
                raise ValueError(f"facts names {path!r}; a name has only fi, sv and en")
        return self

    def confidence_of(self, field: str) -> Confidence:
        """Return the confidence of one field: its own fact if recorded, else the record's."""
        fact = self.facts.get(field)
        if fact is None and "." in field:
            fact = self.facts.get(field.partition(".")[0])
        return fact.confidence if fact is not None else self.confidence


def _bare(key: str, record: type[Record], bare: object) -> BeforeValidator:
    """Accept a bare value (of type ``bare``) where ``record``, keyed by ``key``, is expected."""

    def expand(value: object) -> object:
        return {key: value} if isinstance(value, str) else value

    return BeforeValidator(expand, json_schema_input_type=bare | record)


Existence = Literal["existed", "not_yet", "ended"]
"""Whether a body or group existed on a day, did not exist yet, or had ended."""


def _existence(valid_from: dt.date | None, valid_to: dt.date | None, day: dt.date) -> Existence:
    """Return where ``day`` falls against a first and a last day (``None``: no limit)."""
    if valid_from is not None and day < valid_from:
        return "not_yet"
    if valid_to is not None and valid_to < day:
        return "ended"
    return "existed"


def _check_dates(valid_from: dt.date | None, valid_to: dt.date | None) -> None:
    """Raise :class:`ValueError` when the last day comes before the first."""
    if valid_from and valid_to and valid_to < valid_from:
        raise ValueError(f"valid_to {valid_to} is before valid_from {valid_from}")


class Successor(Record):
    """A body that took over (part of) another body's tasks: a succession, with its scope.

    When the old body ended (it has ``valid_to``), the successor took over the next day. When the
    old body continues (no ``valid_to``), the successor took over part of its tasks on its own
    ``valid_from`` and the old body kept the rest (``kunnat`` → ``hyvinvointialueet``): migration
    may add such a successor beside the old body, never put it in its place.
    """

    body: Id
    """The successor's id."""
    scope: Text | None = None
    """Which tasks went there; empty when all of them did. Required when the tasks were split
    (the body has several successors) and when the old body continues."""
    guidance: bool = True
    """Whether the tasks that went there include lifelong guidance work. ``false`` when they do
    not (ELY → LVV: the environmental permit and supervision tasks): migration records such a
    succession but never offers it as a replacement."""
    confidence: Confidence = Confidence.HIGH
    """How sure the succession is."""
    sources: tuple[Text, ...] = ()
    """Keys into ``matrices/sources.yaml`` that back the succession."""
    note: Text | None = None
    """Why the confidence is what it is, or anything else a reader should know."""


class Body(Sourced):
    """An organisation, or a category of organisations, that can coordinate guidance."""

    id: Id
    """The id used in matrices, as the forum's slides write it (``OKM``, ``TE-toimistot``)."""
    level: Level
    """Where the body works: national, regional or local."""
    kind: Text
    """What sort of body: ministry, agency, state-regional-authority, actor-category …"""
    names: Localized
    """Full names."""
    aliases: tuple[Text, ...] = ()
    """Other names and abbreviations the documents use (``ELY-keskus``, ``UKM``)."""
    parent: Id | None = None
    """The body this one is a unit of (JOTPA is a unit of OPH)."""
    valid_from: Date | None = None
    """First day of operation; empty when older than anything the matrices concern."""
    valid_to: Date | None = None
    """Last day of operation; empty while the body exists."""
    successors: tuple[Annotated[Successor, _bare("body", Successor, Id)], ...] = ()
    """Bodies that took over when this one ended (several when the tasks were split), or that took
    over part of its tasks while it continues; each says which tasks (``scope``)."""
    regional_offices: bool = False
    """True for a national agency with offices across the country (LVV): it may stand in a
    matrix's regional column too, where it means its regional offices. Only national bodies have
    them."""

    @model_validator(mode="after")
    def _dates_in_order(self) -> Body:
        _check_dates(self.valid_from, self.valid_to)
        return self

    @model_validator(mode="after")
    def _successions_scoped(self) -> Body:
        partial = len(self.successors) > 1 or self.valid_to is None
        for successor in self.successors:
            if partial and successor.scope is None:
                why = "the tasks were split" if self.valid_to else "the body continues"
                raise ValueError(
                    f"successor {successor.body!r} has no scope: {why}, so say which tasks went"
                    " there"
                )
        return self

    @model_validator(mode="after")
    def _offices_of_a_national_body(self) -> Body:
        if self.regional_offices and self.level is not Level.NATIONAL:
            raise ValueError(
                f"regional_offices is for national bodies; a {self.level} body stands in the"
                " regional column already"
            )
        return self

    def belongs_in(self, column: Level) -> bool:
        """Return whether the body may stand in the matrix column ``column``.

        A body stands in the column of its level (:meth:`Level.belongs_in`); a national agency
        with ``regional_offices`` may stand in the regional column too, for its offices.
        """
        return self.level.belongs_in(column) or (self.regional_offices and column is Level.REGIONAL)

    def valid_on(self, day: dt.date) -> bool:
        """Return whether the body existed on ``day``."""
        return self.existence_on(day) == "existed"

    def existence_on(self, day: dt.date) -> Existence:
        """Return whether the body existed on ``day``, did not exist *yet*, or had ended."""
        return _existence(self.valid_from, self.valid_to, day)


class BodyFile(Record):
    """The body registry file, ``matrices/bodies.yaml``."""

    bodies: tuple[Body, ...]
    """Every body a matrix may name."""


class SourceFile(Record):
    """The citation catalogue, ``matrices/sources.yaml``, that registry records cite by key."""

    sources: dict[Text, Text]
    """Citation (title and address) by short key (``S004``, ``W-TE24``)."""


class Region(Sourced):
    """One of Finland's regions (maakunta), with the state authorities whose areas it is in."""

    id: Id
    """ASCII slug of the Finnish name (``pohjois-karjala``)."""
    code: Annotated[str, StringConstraints(pattern=r"^MK\d\d$")]
    """Statistics Finland region code (``MK12``)."""
    names: Localized
    """The region's name."""
    bilingual: bool
    """Whether the region has bilingual (Finnish and Swedish) municipalities."""
    ely: Text | None = None
    """The ELY centre whose area the region was in (2010–2025)."""
    elinvoimakeskus: Text | None = None
    """The elinvoimakeskus whose area the region is in (2026–)."""
    avi: Text | None = None
    """The regional state administrative agency of the region (2010–2025)."""
    aliases: tuple[Text, ...] = ()
    """Other names the documents use for the region (``POPELY``, ``Egentliga Finland``)."""
    network_2012: Text | None = None
    """The guidance network the 2012 list (seed 002) names for the region's ELY area.

    It predates the regional ELO groups (founded from 2013; see ``groups.yaml``) and may have
    covered more than the region."""


class RegionFile(Record):
    """The region registry file, ``matrices/regions.yaml``."""

    regions: tuple[Region, ...]
    """The regions, mainland and Åland."""


class Group(Sourced):
    """A regional ELO group: the unit that answers a survey and proposes a matrix."""

    id: Id
    """The group's id (``elo-lappi``); proposals name it in ``groups``."""
    names: Localized
    """The group's name; a descriptive one where the sources give none (its ``facts`` say so)."""
    regions: tuple[Id, ...] = Field(min_length=1)
    """The regions the group covers: one, or several for a joint group."""
    languages: tuple[Lang, ...] = ("fi",)
    """The languages the group works in (``fi``, ``sv``)."""
    host: Text | None = None
    """The organisation that convenes the group, as the documents give it; empty when unknown."""
    valid_from: Date | None = None
    """First day the group worked; empty when not known."""
    valid_to: Date | None = None
    """Last day the group worked; empty while it works or when not known."""
    aliases: tuple[Text, ...] = ()
    """Other names the documents use for the group."""

    @model_validator(mode="after")
    def _dates_in_order(self) -> Group:
        _check_dates(self.valid_from, self.valid_to)
        return self

    def valid_on(self, day: dt.date) -> bool:
        """Return whether the group worked on ``day`` (an unknown start or end does not limit)."""
        return _existence(self.valid_from, self.valid_to, day) == "existed"


class GroupFile(Record):
    """The group registry file, ``matrices/groups.yaml``."""

    groups: tuple[Group, ...]
    """The regional ELO groups, those of the 2022 survey first."""


class SurveyQuestion(Record):
    """A question of a survey, as it was sent."""

    id: Id
    """The question's id (``Q1``); a proposal's ``answers`` are keyed by it."""
    text: Localized
    """The question, verbatim."""
    answer: Literal["matrix", "text"]
    """How it is answered: by the proposal's matrix, or in free text."""


class SurveyFinding(Record):
    """A finding the survey's summary draws from the free-text answers, attributed as it is."""

    question: Id
    """The question the finding answers."""
    text: Text
    """The finding, verbatim."""
    groups: tuple[Id, ...] = ()
    """The groups it is attributed to; empty when the summary names no one."""
    slide: int | None = None
    """The slide of the forum's deck that gives it."""


class Returns(Record):
    """The answers a survey got, counted as its summary counts them."""

    covered: int = Field(ge=0)
    """Groups whose view the answers cover."""
    coordinator_answers: int = Field(ge=0)
    """Answers by a group's ELO coordinator."""
    group_answers: int = Field(ge=0)
    """Answers giving a whole group's view."""
    joint_answers: int = Field(ge=0)
    """Answers given jointly by several groups."""
    joint_groups: int = Field(ge=0)
    """Groups covered by the joint answers."""
    declined: int = Field(ge=0)
    """Groups that declined to answer."""

    @model_validator(mode="after")
    def _parts_add_up(self) -> Returns:
        parts = self.coordinator_answers + self.group_answers + self.joint_groups
        if parts != self.covered:
            raise ValueError(
                f"covered is {self.covered}, but coordinator_answers + group_answers +"
                f" joint_groups is {parts}"
            )
        return self


class Survey(Sourced):
    """A survey round: what the groups were asked, when, and what came back."""

    id: Id
    """The survey's id (``tno-2022``); the file is named after it and matrices name it."""
    title: Localized
    """A human title."""
    strategy: Id
    """The strategy whose rows the matrix question covers."""
    sent: Date
    """The day the survey was sent."""
    due: Date
    """The day answers were due."""
    forum: Date | None = None
    """The day of the forum that discussed the answers."""
    asked: tuple[Id, ...] = Field(min_length=1)
    """The groups asked."""
    respondents: tuple[Respondent, ...] = (Respondent.GROUP, Respondent.COORDINATOR)
    """Who could answer for a group."""
    declined: tuple[Id, ...] = ()
    """The groups known to have declined; ``returns`` counts those the summary does not name."""
    questions: tuple[SurveyQuestion, ...] = Field(min_length=1)
    """The questions, in order."""
    returns: Returns | None = None
    """The answers as the survey's own summary counted them, when it did."""
    findings: tuple[SurveyFinding, ...] = ()
    """The summary's findings from the free-text answers."""
    start: Start | None = None
    """What the round's workbooks were pre-filled with (``elo-coord round new``): every later
    answer of the round starts alike, in the workbench too."""
    baseline: Id | None = None
    """The baseline the workbooks were pre-filled from, by id."""
    choose: dict[Id, tuple[Id, ...]] = Field(default_factory=dict)
    """The migration's choices the pre-fill made (body id → the ids that take its place, or are
    added beside it; none removes it)."""

    def answer_title(self, group: Group) -> str:
        """Return the title of ``group``'s answer to the survey (its proposal's ``title``).

        >>> survey = Survey(id="k", title={"fi": "Kysely"}, strategy="s", sent="2026-03-02",
        ...                 due="2026-03-30", asked=["g"], questions=[{"id": "Q1",
        ...                 "text": {"fi": "?"}, "answer": "matrix"}])
        >>> survey.answer_title(Group(id="g", names={"fi": "Lapin ELO-ryhmä"}, regions=["lappi"]))
        'Lapin ELO-ryhmä: Kysely'
        """
        return f"{group.names.fi}: {self.title.fi}"


class Means(Record):
    """A means (keino) by which a goal is pursued; a row of the matrix."""

    id: Id
    """Row id, the goal's id plus a letter (``T1.1a``)."""
    text: Localized
    """The means as the strategy words it."""
    note: Text | None = None
    """Transcription notes."""
    same_cell_as: Id | None = None
    """An earlier means of the same goal whose cells the forum's slide gives this one too.

    Slide 13 names two means and one set of bodies and tasks for both: ``T1.3b`` has
    ``same_cell_as: T1.3a``. Where a matrix gives the two rows identical cells, counts and the
    slide format take them as one cell; where it gives them different cells, as two."""
    outside_forum: bool = False
    """True for a means the forum's goal slides set no coordination against (as for a goal)."""


class Goal(Record):
    """A goal (tavoite) of a strategy theme; a row of the matrix when it has no means."""

    id: Id
    """Goal id, the theme's id plus a number (``T1.1``)."""
    text: Localized
    """The goal as the strategy words it."""
    means: tuple[Means, ...] = ()
    """The means; when empty, the goal itself is the row."""
    note: Text | None = None
    """Transcription notes."""
    outside_forum: bool = False
    """True for a goal the forum's goal slides (TNO-foorumi 25.3.2022, slides 7–18) set no
    coordination against, such as an aim only slide 4 quotes. Its rows (the goal, or each of its
    means) are the strategy's, so proposals may answer them, but no matrix is expected to: the
    baseline has no such row and ``missing-row`` does not ask for one."""

    @model_validator(mode="after")
    def _same_cell_names_an_earlier_means(self) -> Goal:
        earlier: set[str] = set()
        for means in self.means:
            if means.same_cell_as is not None and means.same_cell_as not in earlier:
                raise ValueError(
                    f"means {means.id!r} has same_cell_as {means.same_cell_as!r}, which is not an"
                    f" earlier means of goal {self.id!r}; name one listed above it"
                )
            earlier.add(means.id)
        return self

    def outside(self, means: Means | None) -> bool:
        """Return whether the row of ``means`` (``None``: the goal's own) is outside the slides."""
        return self.outside_forum or (means is not None and means.outside_forum)


class Theme(Sourced):
    """A theme (painopiste) of the strategy."""

    id: Id
    """Theme id (``T1``)."""
    names: Localized
    """The theme's name."""
    goals: tuple[Goal, ...]
    """The theme's goals."""


class StrategyRow(NamedTuple):
    """A row of a strategy's matrix, with the theme and goal it belongs to."""

    id: str
    theme: Theme
    goal: Goal
    means: Means | None


class Strategy(Sourced):
    """A lifelong guidance strategy: themes, goals and means."""

    id: Id
    """Strategy id (``elo-2020-2023``); matrices name it in ``strategy``."""
    names: Localized
    """The strategy's name."""
    themes: tuple[Theme, ...]
    """The themes, in the strategy's order."""

    @model_validator(mode="after")
    def _ids_unique(self) -> Strategy:
        ids = [theme.id for theme in self.themes]
        ids += [goal.id for theme in self.themes for goal in theme.goals]
        ids += [row.id for row in self.rows() if row.means is not None]
        seen: set[str] = set()
        for item_id in ids:
            if item_id in seen:
                raise ValueError(f"id {item_id!r} is used twice")
            seen.add(item_id)
        return self

    def rows(self) -> Iterator[StrategyRow]:
        """Yield the matrix rows in order: each means, or the goal itself when it has none."""
        for theme in self.themes:
            for goal in theme.goals:
                if not goal.means:
                    yield StrategyRow(goal.id, theme, goal, None)
                for means in goal.means:
                    yield StrategyRow(means.id, theme, goal, means)


class Assignment(Record):
    """One body's part in coordinating one row at one level."""

    body: Id
    """The body's id in the registry."""
    role: Role = Role.PARTNER
    """``lead`` is the vastuutaho: the one body answerable for the row at this level."""
    regions: tuple[Id, ...] = ()
    """In a synthesis: the regions that proposed this body here (its provenance)."""


class Task(Record):
    """A coordination task, as the matrix words it."""

    text: Text
    """The task, verbatim."""
    bodies: tuple[Id, ...] = ()
    """The bodies that do it, when the matrix says; empty means the level's bodies together."""
    regions: tuple[Id, ...] = ()
    """In a synthesis: the regions that proposed this task (or a near-identical wording)."""


class Cell(Record):
    """Who coordinates a row at one level, and with which tasks."""

    bodies: tuple[Annotated[Assignment, _bare("body", Assignment, Id)], ...] = ()
    """The bodies: a bare id is a partner; ``{body: ID, role: lead}`` marks the lead."""
    tasks: tuple[Annotated[Task, _bare("text", Task, Text)], ...] = ()
    """The tasks: a string, or ``{text: ..., bodies: [...]}`` when the matrix names who does it."""


class Row(Record):
    """One row of a matrix: a means (or a goal without means) and its coordination."""

    row: Id
    """The strategy's id of the means or goal (``T1.1a``)."""
    national: Cell = Cell()
    """National coordination (valtakunnallinen koordinaatio)."""
    regional: Cell = Cell()
    """Regional coordination (alueellinen koordinaatio)."""
    note: Text | None = None
    """Remarks on the row, e.g. a transcription decision."""
    quotes: tuple[Text, ...] = ()
    """Verbatim quotations from survey answers attached to the row."""

    def cell(self, level: Level | str) -> Cell:
        """Return the cell at ``level`` (``national`` or ``regional``)."""
        if level == Level.NATIONAL:
            return self.national
        if level == Level.REGIONAL:
            return self.regional
        raise InputError(f"a matrix has no {level} column")


class Question(Record):
    """A point left open: a synthesis's contested cell or minority view, or a migration's choice."""

    row: Id
    """The row."""
    level: Level
    """The level (national or regional)."""
    body: Id | None = None
    """The body in question, if the question is about one."""
    status: Status
    """``contested`` (the regions split), ``minority`` (a few stand apart) or ``succession`` (a
    migration left the body's successor here to a person)."""
    regions: tuple[Id, ...] = ()
    """The regions that proposed the body."""
    note: Text | None = None
    """The question in words."""


class Verdict(StrEnum):
    """What the forum decided on an item of its agenda."""

    ACCEPT = "accept"
    """The body coordinates the row at the level: it is in the forum's matrix there."""
    REJECT = "reject"
    """It does not: it is not in the forum's matrix there."""
    DEFER = "defer"
    """Not decided at this forum: the question stays open."""


def _one_line(text: str) -> str:
    if "\n" in text or "\r" in text:
        raise ValueError("a rationale is one line: write it without line breaks")
    return text


class Decision(Record):
    """The forum's decision on one item of its agenda: a body in a row at a level.

    Recorded in a synthesis in the order made. A later decision on the same body, row and level
    replaces an earlier one; both stay in the record.
    """

    row: Id
    """The row."""
    level: Level
    """The level (national or regional)."""
    body: Id
    """The body decided on."""
    verdict: Verdict
    """``accept``, ``reject`` or ``defer``."""
    role: Role | None = None
    """For ``accept``: the role the body gets (the lead when most of those naming it made it the
    lead; the level's earlier lead then becomes a partner)."""
    rationale: Annotated[Text, AfterValidator(_one_line)]
    """Why, in one line."""
    by: Text
    """Who recorded the decision."""
    at: dt.datetime
    """When it was recorded."""
    regions: tuple[Id, ...] = ()
    """The regions that named the body here when the forum decided: the provenance."""
    answered: int = Field(default=0, ge=0)
    """How many regions answered the row at the level then (``len(regions)`` of ``answered``)."""

    @model_validator(mode="after")
    def _role_goes_with_accept(self) -> Decision:
        if self.verdict is Verdict.ACCEPT and self.role is None:
            raise ValueError("an accepted body needs its role: lead or partner")
        if self.verdict is not Verdict.ACCEPT and self.role is not None:
            raise ValueError(f"a {self.verdict.value} decision gives no role: leave role out")
        return self


class Matrix(Record):
    """A coordination matrix: who coordinates each row of a strategy, nationally and regionally."""

    id: Id
    """The matrix's id; the file is named after it."""
    kind: Kind
    """``baseline``, ``proposal`` or ``synthesis``."""
    strategy: Id
    """The strategy whose rows the matrix covers."""
    date: Date
    """The date the matrix speaks for; bodies must exist on it."""
    title: Text
    """A human title."""
    source: Text | None = None
    """Where the content comes from."""
    groups: tuple[Id, ...] = ()
    """The ELO groups whose answer this is; a joint answer lists several. The regions follow."""
    proposers: tuple[Id, ...] = ()
    """The regions whose proposal this is. Derived from ``groups`` when the file names groups;
    a file without groups may name the regions here."""
    survey: Id | None = None
    """The survey the matrix answers or summarises (``tno-2022``)."""
    answers: dict[Id, Text] = Field(default_factory=dict)
    """The free-text answers to the survey's open questions, keyed by question id (``Q2``)."""
    respondent: Respondent | None = None
    """Who answered for the proposers: the group or its coordinator."""
    illustrative: bool = False
    """True for example data that is not a real survey answer."""
    declined: bool = False
    """True when the proposers were asked and declined to answer; such a proposal has no rows."""
    note: Text | None = None
    """Remarks on the whole matrix."""
    rows: tuple[Row, ...] = ()
    """The rows, in the strategy's order."""
    questions: tuple[Question, ...] = ()
    """The points still to settle: in a synthesis the contested cells and minority views, in a
    migrated matrix the successors a person has to choose."""
    decisions: tuple[Decision, ...] = ()
    """In a synthesis: the forum's decisions on its agenda, in the order made, each with its
    rationale and who recorded it. The rows hold what they decided."""

    @model_validator(mode="after")
    def _decisions_only_in_a_synthesis(self) -> Matrix:
        if self.decisions and self.kind is not Kind.SYNTHESIS:
            raise ValueError(
                f"only a synthesis records the forum's decisions, not a {self.kind.value}:"
                " leave decisions out"
            )
        return self


class ScaleExample(Record):
    """An example the source gives of a step: what a group did, with the regions it names.

    An example shows what the step looks like; it is not an assessment of the group.
    """

    text: Text
    """The example, verbatim (with the parenthesis that names the groups)."""
    named: tuple[Text, ...] = ()
    """The groups or areas the parenthesis names, as written: ``POPELY``, ``HÄME``."""
    regions: tuple[Id, ...] = ()
    """The regions those names stand for, through the regions' names and aliases (``HÄME``:
    Kanta-Häme and Päijät-Häme, the Häme ELY centre's area)."""


class ScaleStep(Record):
    """One of an area's four steps of development, from 1 (beginning) to 4 (the most developed)."""

    step: int = Field(ge=1, le=4)
    """The step: 1, 2, 3 or 4."""
    title: Text
    """What the step is, as the source words it."""
    examples: tuple[ScaleExample, ...] = ()
    """The source's examples of the step."""


class ScaleArea(Record):
    """An area of the groups' work that the scale rates, with its four steps."""

    id: Id
    """The area's id."""
    theme: Text
    """The source's theme heading the area stands under."""
    heading: Text
    """The area's heading in the source, verbatim: where to find it there."""
    title: Text
    """The area's name."""
    steps: tuple[ScaleStep, ...] = Field(min_length=1)
    """Steps 1 to 4 in order; fewer where the source describes fewer (never invented)."""

    @model_validator(mode="after")
    def _steps_in_order(self) -> ScaleArea:
        numbers = [step.step for step in self.steps]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"an area's steps go 1, 2, 3, 4 in order, not {numbers}")
        return self


class Scale(Record):
    """The development scale the groups' yearly reporting is rated on: areas of four steps.

    The shipped ``matrices/monitoring/scale-2016.yaml`` is the scale of the ELY centres' reporting
    of 2016 (source ``S001``): eight areas, their steps and the source's examples, verbatim.
    """

    id: Id
    """The scale's id; the file is named after it (``scale-2016.yaml``)."""
    title: Text
    """A human title."""
    source: Id
    """The source it comes from: a key of ``sources.yaml``."""
    year: int = Field(ge=2000, le=2100)
    """The year of work the source reports on."""
    note: Text | None = None
    """Remarks on the transcription."""
    areas: tuple[ScaleArea, ...] = Field(min_length=1)
    """The areas, in the source's order."""

    def area(self, area_id: str) -> ScaleArea:
        """Return the area ``area_id``.

        Raises
        ------
        InputError
            The scale has no such area.
        """
        for area in self.areas:
            if area.id == area_id:
                return area
        raise InputError(f"the scale {self.id} has no area {area_id!r}")

    @model_validator(mode="after")
    def _areas_once(self) -> Scale:
        ids = [area.id for area in self.areas]
        twice = sorted({area for area in ids if ids.count(area) > 1})
        if twice:
            raise ValueError(f"area ids must be unique; {', '.join(twice)} appear twice")
        return self


class Assessor(StrEnum):
    """Who rated a group's work on the scale."""

    SELF = "self"
    """The group itself (its coordinator, for the group): a self-assessment."""
    RESEARCHER = "researcher"
    """A researcher following the groups' work."""


class Rating(Record):
    """A group's step in one area of the scale, with the evidence for it."""

    step: int = Field(ge=1, le=4)
    """The step reached: 1 to 4."""
    evidence: Text | None = None
    """What shows it, in a few words."""


class Assessment(Record):
    """One group's ratings in the areas of the scale, for one year, by one assessor."""

    group: Id
    """The group rated (``groups.yaml``)."""
    by: Assessor
    """``self`` or ``researcher``."""
    areas: dict[Id, Rating] = Field(default_factory=dict)
    """The ratings, by area id; an area left out was not rated."""


class AssessmentFile(Record):
    """A year's assessments of the groups on a scale: ``matrices/monitoring/assessments/*.yaml``.

    The 2016 examples of the scale are not assessments: they show what a step looks like in a
    named group's work, and :func:`elo_coord.ratings` gives them as such, never as a full table.
    """

    id: Id
    """The file's id; the file is named after it."""
    scale: Id
    """The scale rated on: its id, the name of its file in ``monitoring/`` (``scale-2016``)."""
    year: int = Field(ge=2000, le=2100)
    """The year of work rated."""
    title: Text
    """A human title."""
    illustrative: bool = False
    """True for example data that is not a real assessment."""
    note: Text | None = None
    """Remarks on the assessments."""
    assessments: tuple[Assessment, ...] = ()
    """One per group and assessor."""

    @model_validator(mode="after")
    def _once_per_group_and_assessor(self) -> AssessmentFile:
        keys = [(a.group, a.by.value) for a in self.assessments]
        twice = sorted({f"{g} ({by})" for g, by in keys if keys.count((g, by)) > 1})
        if twice:
            raise ValueError(f"one assessment per group and assessor; twice: {', '.join(twice)}")
        return self


class Tier(Record):
    """A tier of a group's organisation: a steering group, the network, ad hoc working groups."""

    id: Id
    """The tier's id."""
    name: Text
    """Its name, as the source words it (``ELO-johtoryhmä``)."""
    text: Text | None = None
    """What the source says the tier does, verbatim."""


class MemberKind(Record):
    """A kind of organisation that sits in the groups: ELY centres, the third sector."""

    id: Id
    """The kind's id."""
    name: Text
    """Its name, in the singular (``ammatillinen koulutus``)."""
    body: Id | None = None
    """The body of ``bodies.yaml`` it is, or belongs to, where one matches."""


class Published(Record):
    """What a source itself says of the groups' make-up as a whole.

    Which kinds sit in them most and least often: kept beside the data, so that the statement
    computed from it can be compared with the source's.
    """

    source: Id
    """A key of ``sources.yaml``."""
    text: Text
    """The statement, verbatim."""
    most_often: tuple[Id, ...] = ()
    """The kinds it names as represented most often."""
    over_half: tuple[Id, ...] = ()
    """The kinds it names as represented in over half of the groups."""
    less_often: tuple[Id, ...] = ()
    """The kinds it names as represented less often."""


class Membership(Record):
    """The kinds of organisation one group has at each tier."""

    group: Id
    """The group (``groups.yaml``)."""
    tiers: dict[Id, tuple[Id, ...]] = Field(default_factory=dict)
    """The member kinds, by tier id; a tier left out is one the group does not have."""


class Composition(Record):
    """Who sits in the groups, and at which tier: ``matrices/monitoring/composition/*.yaml``."""

    id: Id
    """The file's id; the file is named after it."""
    year: int = Field(ge=2000, le=2100)
    """The year the make-up is of."""
    title: Text
    """A human title."""
    illustrative: bool = False
    """True for example data that is not a record of any group."""
    note: Text | None = None
    """Remarks."""
    published: Published | None = None
    """What a source says of the groups' make-up as a whole."""
    tiers: tuple[Tier, ...] = Field(min_length=1)
    """The tiers, from the top."""
    kinds: tuple[MemberKind, ...] = Field(min_length=1)
    """The kinds of organisation."""
    groups: tuple[Membership, ...] = ()
    """One per group."""

    @model_validator(mode="after")
    def _names_known(self) -> Composition:
        tiers = [tier.id for tier in self.tiers]
        kinds = [kind.id for kind in self.kinds]
        groups = [member.group for member in self.groups]
        for what, ids in (("tier", tiers), ("kind", kinds), ("group", groups)):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            if twice:
                raise ValueError(f"each {what} once; twice: {', '.join(twice)}")
        named = [k for m in self.groups for t in m.tiers.values() for k in t]
        if self.published is not None:
            p = self.published
            named += [*p.most_often, *p.over_half, *p.less_often]
        unknown = sorted({kind for kind in named if kind not in kinds})
        if unknown:
            raise ValueError(f"unknown kinds {', '.join(unknown)}: list them under kinds")
        unknown = sorted({t for m in self.groups for t in m.tiers if t not in tiers})
        if unknown:
            raise ValueError(f"unknown tiers {', '.join(unknown)}: list them under tiers")
        return self


class PracticeKind(StrEnum):
    """What a catalogued text is."""

    PRACTICE = "practice"
    """A good practice the source names."""
    TARGET = "target"
    """A development target the source lists."""
    MEASURE = "measure"
    """A measure or proposal of one group's plan, from the source's cases."""


class Practice(Record):
    """A good practice, target or measure, verbatim, linked to rows, areas and groups."""

    id: Id
    """The entry's id."""
    kind: PracticeKind
    """``practice``, ``target`` or ``measure``."""
    title: Text
    """A short title, in the source's words."""
    text: Text
    """The source's text, verbatim."""
    source: Id
    """A key of ``sources.yaml``."""
    case: Text | None = None
    """The source's case it comes from (``Case 1``)."""
    groups: tuple[Id, ...] = ()
    """The groups the source attributes it to."""
    rows: tuple[Id, ...] = ()
    """The strategy's rows (goals, means or themes) it bears on: this catalogue's reading."""
    areas: tuple[Id, ...] = ()
    """The scale's areas it bears on: this catalogue's reading."""
    links: Fact | None = None
    """How sure the links to rows and areas are, and why."""


class PracticeFile(Record):
    """The catalogue of good practices: ``matrices/monitoring/practices.yaml``."""

    id: Id
    """The file's id: ``practices``."""
    title: Text
    """A human title."""
    strategy: Id
    """The strategy whose rows the entries name (``elo-2020-2023``)."""
    scale: Id
    """The scale whose areas the entries name (``scale-2016``)."""
    sources: tuple[Id, ...] = ()
    """The sources the texts come from."""
    practices: tuple[Practice, ...] = ()
    """The entries, in the sources' order."""

    @model_validator(mode="after")
    def _ids_once(self) -> PracticeFile:
        ids = [practice.id for practice in self.practices]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"each practice once; twice: {', '.join(twice)}")
        return self
