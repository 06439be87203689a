"""Survey rounds: the survey record and a workbook per group out, the returned files in.

A round is a survey in the registry (``surveys/NAME.yaml``) and a folder inside the data folder::

    rounds/NAME/templates/GROUP.xlsx   one workbook per group asked (new_round)
    rounds/NAME/returns/               the returned files, dropped here by the facilitator
    rounds/NAME/proposals/GROUP.yaml   one proposal per valid return (collect)
    rounds/NAME/intake.json, .html     the intake report (collect)

:class:`Intake` is the one value the terminal report, the HTML page and the workbench render:
who answered, who declined, who is missing, which files have errors and where.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Literal, NamedTuple

import polars as pl

from elo_coord._atomic import write_atomic
from elo_coord._errors import FileChangedError, InputError, MatrixFileError
from elo_coord._html import render_page
from elo_coord._io import dump_matrix, dump_yaml, load_matrix
from elo_coord._labels import label
from elo_coord._model import (
    Assignment,
    Cell,
    Kind,
    Lang,
    Localized,
    Matrix,
    Row,
    Start,
    Survey,
    Task,
    check_id,
)
from elo_coord._registry import Registry, find_registry, load_registry

__all__ = [
    "INTAKE_SCHEMA",
    "INTAKE_STATES",
    "Intake",
    "IntakeLine",
    "IntakeState",
    "Round",
    "baseline_path",
    "collect",
    "folder_states",
    "new_proposal",
    "new_round",
    "round_folder",
    "starting_matrix",
]

IntakeState = Literal["answered", "declined", "errors", "missing"]
INTAKE_STATES: tuple[IntakeState, ...] = ("answered", "declined", "errors", "missing")
"""A group's state in a round, in the order the intake report lists them."""

_STATE_FILE = "intake.json"
_REPORT_FILE = "intake.html"
_SCHEMA_COMMENT = "../../../schemas/matrix.schema.json"
"""The JSON Schema, relative to ``rounds/NAME/proposals/``."""


class Round(NamedTuple):
    """A round :func:`new_round` started."""

    survey: Survey
    """The survey record."""
    survey_path: Path
    """Where the record was written (``surveys/NAME.yaml`` in the registry folder)."""
    folder: Path
    """The round's folder (``rounds/NAME``)."""
    workbooks: tuple[Path, ...]
    """One workbook per group asked, in the survey's order."""


def round_folder(data: Path, name: str) -> Path:
    """Return the folder of round ``name`` in the data folder ``data``."""
    return data / "rounds" / name


def starting_matrix(
    group: str,
    survey: Survey,
    registry: Registry,
    *,
    start: Start | None = None,
    baseline: Matrix | None = None,
    choose: Mapping[str, Sequence[str]] | None = None,
) -> Matrix:
    """Return the answer group ``group`` starts from in ``survey``: a proposal to fill in.

    Parameters
    ----------
    group
        The group's id.
    survey
        The survey it answers; the answer speaks for the survey's date (``sent``).
    registry
        Knows the group, the survey's strategy and the bodies valid on its date.
    start
        ``empty`` (no rows), ``baseline`` (the baseline's roles and tasks as they are) or
        ``migrated`` (the baseline carried onto the bodies of the survey's date, see
        :func:`elo_coord.migrate`; ``choose`` decides what the migration asks a person).
        By default the survey's own (what its round's workbooks were pre-filled with), else
        ``empty``.
    baseline
        The baseline, for ``baseline`` and ``migrated``.
    choose
        Body id → ids, as :func:`elo_coord.migrate` takes it; by default the survey's.

    Raises
    ------
    InputError
        The start names a body that does not exist on the survey's date (say which successor to
        take with ``choose``), or the baseline answers another strategy.
    """
    record = registry.group(group)
    start = start or survey.start or "empty"
    choose = survey.choose if choose is None else choose
    empty = Matrix(
        id=group,
        kind=Kind.PROPOSAL,
        strategy=survey.strategy,
        date=survey.sent,
        title=survey.answer_title(record),
        groups=(group,),
        survey=survey.id,
    )
    if start == "empty":
        return empty
    if baseline is None:
        raise InputError(f"starting from the {start} needs the baseline — give --baseline FILE")
    if baseline.strategy != survey.strategy:
        raise InputError(
            f"the baseline {baseline.id!r} answers strategy {baseline.strategy!r}, the survey"
            f" {survey.strategy!r} — give a baseline of {survey.strategy!r}"
        )
    source = baseline
    if start == "migrated":
        from elo_coord._migrate import migrate

        try:
            source = migrate(baseline, survey.sent, registry=registry, choose=choose).matrix
        except ValueError as error:
            raise InputError(str(error)) from None
    rows = tuple(_bare_row(row) for row in source.rows)
    ended = _ended_bodies(rows, survey.sent, registry)
    if ended:
        names = ", ".join(
            f"{body} (ended {registry.body(body).valid_to})" for body in sorted(ended)
        )
        what = "the migrated baseline still names" if start == "migrated" else "the baseline names"
        hint = (
            "choose their successors with --choose BODY=SUCCESSOR, or BODY= to leave them out"
            if start == "migrated"
            else "start from the migrated baseline instead (--start-from migrated)"
        )
        raise InputError(f"{what} {names}, which did not exist on {survey.sent} — {hint}")
    return empty.model_copy(update={"rows": rows, "source": f"{source.id} ({start})"})


def _bare_row(row: Row) -> Row:
    """Return ``row``'s roles and tasks only: no provenance, notes or quotations."""

    def bare(cell: Cell) -> Cell:
        return Cell(
            bodies=tuple(Assignment(body=a.body, role=a.role) for a in cell.bodies),
            tasks=tuple(Task(text=t.text, bodies=t.bodies) for t in cell.tasks),
        )

    return Row(row=row.row, national=bare(row.national), regional=bare(row.regional))


def _ended_bodies(rows: Sequence[Row], day: dt.date, registry: Registry) -> set[str]:
    named = {
        body
        for row in rows
        for cell in (row.national, row.regional)
        for body in (*(a.body for a in cell.bodies), *(b for t in cell.tasks for b in t.bodies))
    }
    return {body for body in named if not registry.body(body).valid_on(day)}


def new_round(
    name: str,
    *,
    data: str | Path,
    strategy: str,
    date: dt.date,
    due: dt.date | None = None,
    forum: dt.date | None = None,
    start: Start = "migrated",
    baseline: str | Path | None = None,
    choose: Mapping[str, Sequence[str]] | None = None,
    questions_from: str | None = None,
    title: str | None = None,
) -> Round:
    """Start round ``name``: write its survey record and a workbook for every group asked.

    Parameters
    ----------
    name
        The round's id: the survey's id and the name of its folder (``kevat-2026``).
    data
        The data folder: the registry (``bodies.yaml``, ``groups.yaml``, ``surveys/``).
    strategy
        The strategy whose rows the groups answer.
    date
        The day the survey is sent; the answers speak for it, and the workbooks offer the bodies
        that exist on it.
    due
        The deadline; four weeks after ``date`` by default.
    forum
        The day of the forum, if known.
    start
        What the workbooks are filled with before they go out (see :func:`starting_matrix`).
    baseline
        The baseline file, for ``baseline`` and ``migrated``; by default the one baseline in the
        data folder's ``baseline/``.
    choose
        The migration's choices, body id → ids.
    questions_from
        The survey whose questions and respondents to ask again; by default the latest survey of
        ``strategy``.
    title
        The survey's Finnish title; ``ELO-koordinaatiokysely NAME`` by default.

    Raises
    ------
    InputError
        A name taken already, an unknown strategy or survey, no group to ask on ``date``, or a
        start that names bodies that no longer exist. Nothing is written then.
    """
    check_id(name, "the round's name")
    folder = find_registry(data)
    if folder is None:
        raise InputError(f"{data}: no bodies.yaml here or above — give the data folder")
    registry = load_registry(folder)
    survey_path = folder / "surveys" / f"{name}.yaml"
    if name in registry.surveys or survey_path.exists():
        raise InputError(f"{survey_path}: a survey {name!r} exists already — choose another name")
    here = round_folder(folder, name)
    if here.exists():
        raise InputError(f"{here}: the round's folder exists already — choose another name")
    registry.strategy(strategy)
    earlier = _questions_from(registry, strategy, questions_from)
    asked = tuple(g.id for g in registry.groups.values() if g.valid_on(date))
    if not asked:
        raise InputError(f"no ELO group exists on {date} in groups.yaml — add the groups first")
    record = Survey(
        id=name,
        title=Localized(
            fi=title or f"ELO-koordinaatiokysely {name}",
            sv=None if title else f"ELO-koordineringsenkät {name}",
        ),
        strategy=strategy,
        sent=date,
        due=due or date + dt.timedelta(weeks=4),
        forum=forum,
        asked=asked,
        respondents=earlier.respondents,
        questions=earlier.questions,
        note=f"Questions as in {earlier.id}.",
        start=start,
        choose={body: tuple(ids) for body, ids in (choose or {}).items()},
    )
    if record.due < record.sent:
        raise InputError(f"--due {record.due} is before --date {record.sent} — give a later due")
    base = None
    if start != "empty":
        base = load_matrix(baseline_path(folder, baseline), registry=registry)
        record = record.model_copy(update={"baseline": base.id})
    # Every starting answer is made before anything is written: a bad start writes nothing.
    starts = {
        g: starting_matrix(g, record, registry, start=start, baseline=base, choose=choose)
        for g in asked
    }
    plain = record.model_dump(mode="json", exclude_defaults=True)
    for key in ("sent", "due", "forum"):  # dates stay YAML dates, as people write them
        if key in plain:
            plain[key] = getattr(record, key)
    plain = {key: plain.pop(key) for key in ("id", "title") if key in plain} | plain
    header = (
        "# yaml-language-server: $schema=../schemas/survey.schema.json\n"
        f"# The survey of round {name}, written by `elo-coord round new`.\n"
    )
    from elo_coord._workbook import write_workbook

    write_atomic(survey_path, header + dump_yaml(plain), expected=None)
    registry = load_registry(folder)
    workbooks = []
    for group, answer in starts.items():
        path = here / "templates" / f"{group}.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_workbook(
            path,
            group=group,
            survey=record,
            registry=registry,
            start=answer if answer.rows else None,
        )
        workbooks.append(path)
    (here / "returns").mkdir(parents=True, exist_ok=True)
    (here / "proposals").mkdir(parents=True, exist_ok=True)  # the workbench opens it at once
    return Round(record, survey_path, here, tuple(workbooks))


def new_proposal(
    folder: str | Path,
    group: str,
    survey: Survey,
    registry: Registry,
    *,
    start: Start | None = None,
    baseline: Matrix | None = None,
    choose: Mapping[str, Sequence[str]] | None = None,
) -> Path:
    """Write group ``group``'s answer to ``survey`` as a new proposal file in ``folder``.

    The file is ``folder/GROUP.yaml``, holding :func:`starting_matrix`; it must not exist yet.

    Raises
    ------
    FileChangedError
        The file exists already; nothing was written.
    InputError
        As :func:`starting_matrix`.
    """
    matrix = starting_matrix(group, survey, registry, start=start, baseline=baseline, choose=choose)
    path = Path(folder) / f"{group}.yaml"
    schema = Path("schemas/matrix.schema.json")
    registry_folder = find_registry(folder)
    relative = None
    if registry_folder is not None:
        import os

        relative = Path(os.path.relpath(registry_folder / schema, Path(folder).resolve()))
    write_atomic(
        path, dump_matrix(matrix, schema=relative.as_posix() if relative else None), expected=None
    )
    return path


def _questions_from(registry: Registry, strategy: str, name: str | None) -> Survey:
    if name is not None:
        return registry.survey(name)
    same = [s for s in registry.surveys.values() if s.strategy == strategy]
    if not same:
        raise InputError(
            f"no survey of strategy {strategy!r} to take the questions from"
            " — write one in surveys/ first, or give --questions-from SURVEY"
        )
    return max(same, key=lambda s: s.sent)


def baseline_path(folder: Path, baseline: str | Path | None, survey: Survey | None = None) -> Path:
    """Return ``baseline``; else the survey's baseline, or the one baseline, in ``folder``.

    ``folder`` is the data folder; its baselines are in ``baseline/``.
    """
    if baseline is not None:
        return Path(baseline)
    if survey is not None and survey.baseline is not None:
        named = folder / "baseline" / f"{survey.baseline}.yaml"
        if not named.is_file():
            raise InputError(
                f"{named}: survey {survey.id!r} was pre-filled from baseline"
                f" {survey.baseline!r}, which is not there — give --baseline FILE"
            )
        return named
    found = sorted((folder / "baseline").glob("*.yaml"))
    if len(found) != 1:
        raise InputError(
            f"{folder / 'baseline'}: {len(found)} baseline files — give --baseline FILE"
        )
    return found[0]


class IntakeLine(NamedTuple):
    """One group's state in a round, or a returned file no group could be told from."""

    group: str | None
    """The group's id; ``None`` for a file of no group asked."""
    state: IntakeState
    """``answered``, ``declined``, ``errors`` or ``missing``."""
    file: str | None
    """The returned file's name, if any."""
    proposal: str | None
    """The proposal file holding the group's answer (written now or earlier), if any."""
    problems: tuple[str, ...] = ()
    """The file's errors (one line each, addressed by sheet and cell), or why nothing was
    written."""
    notes: tuple[str, ...] = ()
    """What was read but deserves a word (a renamed sheet found by its key row …)."""
    written: bool = False
    """Whether this collect wrote the proposal (its return is new or changed)."""


INTAKE_SCHEMA: pl.Schema = pl.Schema(
    [
        ("survey_id", pl.String),
        ("group_id", pl.String),
        ("state", pl.Enum(list(INTAKE_STATES))),
        ("file", pl.String),
        ("proposal", pl.String),
        ("problems", pl.List(pl.String)),
        ("notes", pl.List(pl.String)),
        ("written", pl.Boolean),
    ]
)
"""Columns of :meth:`Intake.frame`: a line per group asked, then per file of no group asked;
``problems`` the file's errors (one line each, addressed by sheet and cell)."""


class Intake(NamedTuple):
    """The intake of a round: every group asked, and every returned file, in one value."""

    survey: Survey
    """The survey the returns answer."""
    lines: tuple[IntakeLine, ...]
    """One line per group asked (in the survey's order), then the files of no group asked."""

    def count(self, state: IntakeState) -> int:
        """Return how many groups asked are in ``state``."""
        return sum(1 for line in self.lines if line.group is not None and line.state == state)

    def state_of(self, group: str) -> IntakeLine | None:
        """Return group ``group``'s line, or ``None`` if it was not asked."""
        return next((line for line in self.lines if line.group == group), None)

    def frame(self) -> pl.DataFrame:
        """Return the intake as a frame of :data:`INTAKE_SCHEMA`."""
        return pl.DataFrame(
            [
                {
                    "survey_id": self.survey.id,
                    "group_id": line.group,
                    "state": line.state,
                    "file": line.file,
                    "proposal": line.proposal,
                    "problems": list(line.problems),
                    "notes": list(line.notes),
                    "written": line.written,
                }
                for line in self.lines
            ],
            schema=INTAKE_SCHEMA,
        )

    def summary(self, lang: Lang = "fi") -> str:
        """Return the one-line count, and the files of no group asked if any.

        ``13/18 groups answered, 1 declined, 2 with errors, 2 missing`` in English.
        """
        asked = len(self.survey.asked)
        text = label("intake_summary", lang).format(
            answered=self.count("answered"),
            asked=asked,
            declined=self.count("declined"),
            errors=self.count("errors"),
            missing=self.count("missing"),
        )
        stray = sum(
            1 for line in self.lines if line.group is None or line.group not in self.survey.asked
        )
        if stray:
            text += label("intake_stray", lang).format(files=stray)
        return text

    def html(self, registry: Registry, lang: Lang = "fi") -> str:
        """Return the intake report as one self-contained HTML page (no scripts, no network)."""
        from elo_coord._report import Namer, format_date

        names = Namer(registry, lang)
        groups = [
            (
                names.name("group", line.group) if line.group else None,
                line,
                label(f"intake_{line.state}", lang),
            )
            for line in self.lines
        ]
        return render_page(
            "intake.html.j2",
            lang=lang,
            title=names.localized(self.survey.title),
            survey=self.survey,
            dates=names.text("survey_dates").format(
                sent=format_date(self.survey.sent, lang), due=format_date(self.survey.due, lang)
            ),
            summary=self.summary(lang),
            groups=groups,
        )


def collect(
    returns: str | Path,
    *,
    survey: str | None = None,
    proposals: str | Path | None = None,
    registry: Registry | None = None,
    progress: Callable[[int, int, Path], None] | None = None,
    lang: Lang = "fi",
) -> Intake:
    """Import every returned file of a round, write the valid answers, report the intake.

    Each valid return becomes ``proposals/GROUP.yaml`` (a declined one a proposal with
    ``declined: true``), written atomically and only when it differs from what is there.
    A proposal changed since collect wrote it (in the workbench, by hand) is never overwritten:
    the group's line says so. The intake is written beside ``returns`` as ``intake.json`` (read
    by the workbench) and ``intake.html``.

    Parameters
    ----------
    returns
        The folder of returned files (``rounds/NAME/returns``).
    survey
        The survey they answer; by default the round's, named by the folder above ``returns``.
    proposals
        Where to write the proposals; ``proposals`` beside ``returns`` by default.
    registry
        Knows the survey and its groups; by default the registry folder above ``returns``.
    progress
        Called before each file is read with its number (from 1), the number of files and the
        file (the command line draws a progress bar).
    lang
        The language of the HTML report.
    """
    returns = Path(returns)
    if not returns.is_dir():
        raise InputError(f"{returns}: not a folder — give the folder of the returned files")
    if registry is None:
        folder = find_registry(returns)
        registry = load_registry(folder)
    here = returns.parent
    record = registry.survey(survey or _survey_name(here, registry))
    out = Path(proposals) if proposals is not None else here / "proposals"
    from elo_coord._intake import read_return

    state = _read_state(here)
    files = sorted(p for p in returns.iterdir() if p.is_file() and not _not_a_return(p))
    found: dict[str, list[tuple[Path, Matrix | None, tuple[str, ...], tuple[str, ...]]]] = {}
    stray: list[IntakeLine] = []
    for number, path in enumerate(files, 1):
        if progress is not None:
            progress(number, len(files), path)
        matrix: Matrix | None = None
        notes: tuple[str, ...] = ()
        try:
            imported = read_return(path, registry=registry)
        except MatrixFileError as error:
            problems = _by_name(path, error.lines())
            group = _group_of_name(path, registry)
        else:
            matrix, notes = imported.matrix, _by_name(path, imported.notes)
            group = matrix.groups[0] if matrix.groups else None
            problems = _answers_other(path, matrix, record)
        if group is None or group not in record.asked:
            why = () if group is None else (f"{path.name}: group {group!r} was not asked",)
            stray.append(IntakeLine(group, "errors", path.name, None, (*problems, *why), notes))
            continue
        found.setdefault(group, []).append(
            (path, matrix if not problems else None, problems, notes)
        )
    lines = []
    new_state: dict[str, dict[str, str]] = {}
    for group in record.asked:
        target = out / f"{group}.yaml"
        proposal = target.name if target.exists() else None
        mine = found.get(group, [])
        earlier = state.get(group)
        if len(mine) > 1:
            names = ", ".join(p.name for p, *_ in mine)
            problem = f"{len(mine)} returns for {group} ({names}) — keep one in the folder"
            lines.append(IntakeLine(group, "errors", names, proposal, (problem,)))
            if earlier:
                new_state[group] = earlier
            continue
        if not mine:
            kept: IntakeState = "answered" if proposal else "missing"
            problems = ()
            if proposal:  # made otherwise (in the workbench, by hand): what does it say?
                try:
                    if load_matrix(target, registry=registry).declined:
                        kept = "declined"
                except MatrixFileError as error:
                    kept, problems = "errors", tuple(error.lines())
            lines.append(IntakeLine(group, kept, None, proposal, problems))
            if earlier and proposal:
                new_state[group] = earlier
            continue
        path, matrix, problems, notes = mine[0]
        if matrix is None:
            kept_note = (f"the earlier answer stays in {proposal}",) if proposal else ()
            lines.append(
                IntakeLine(group, "errors", path.name, proposal, problems, (*notes, *kept_note))
            )
            if earlier and proposal:
                new_state[group] = earlier
            continue
        text = dump_matrix(matrix, schema=_SCHEMA_COMMENT)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        written = False
        if current is not None and current != text and not _ours(current, earlier):
            problem = (
                f"{target.name} was changed after collect wrote it (or made otherwise); nothing"
                f" was overwritten — move it away to take {path.name} in"
            )
            lines.append(IntakeLine(group, "errors", path.name, target.name, (problem,), notes))
            if earlier:
                new_state[group] = earlier
            continue
        if current != text:
            out.mkdir(parents=True, exist_ok=True)
            try:
                write_atomic(target, text, expected=current)
            except FileChangedError as error:
                lines.append(IntakeLine(group, "errors", path.name, target.name, (str(error),)))
                continue
            written = True
        new_state[group] = {"file": path.name, "proposal": target.name, "sha256": _sha(text)}
        done: IntakeState = "declined" if matrix.declined else "answered"
        lines.append(IntakeLine(group, done, path.name, target.name, (), notes, written))
    intake = Intake(record, (*lines, *stray))
    _write_state(here, record, new_state, intake)
    report = here / _REPORT_FILE
    page = intake.html(registry, lang)
    old = report.read_text(encoding="utf-8") if report.exists() else None
    if old != page:
        write_atomic(report, page, expected=old)
    return intake


def _survey_name(here: Path, registry: Registry) -> str:
    if here.name in registry.surveys:
        return here.name
    raise InputError(
        f"{here}: not the folder of a round in surveys/ — give the survey with --survey NAME"
    )


def _not_a_return(path: Path) -> bool:
    """Hidden files, and the lock files of spreadsheet programs (``~$x.xlsx``, ``.~lock.x#``)."""
    return path.name.startswith((".", "~$"))


def _by_name(path: Path, lines: Sequence[str]) -> tuple[str, ...]:
    """Return ``lines`` with the file named by its name alone: the report lists the folder."""
    return tuple(
        f"{path.name}{line.removeprefix(str(path))}" if line.startswith(f"{path}:") else line
        for line in lines
    )


def _group_of_name(path: Path, registry: Registry) -> str | None:
    """Return the group a file is named after (``elo-lappi.xlsx``), if any.

    For files that cannot be read, so that the report can say whose they are.
    """
    stem = path.stem.casefold()
    for group in registry.groups.values():
        if stem in {group.id.casefold(), *(a.casefold() for a in group.aliases)}:
            return group.id
    return None


def _answers_other(path: Path, matrix: Matrix, survey: Survey) -> tuple[str, ...]:
    if matrix.survey != survey.id:
        return (
            f"{path.name}: answers survey {matrix.survey!r}, not {survey.id!r}"
            " — send the group this round's workbook",
        )
    return ()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _ours(current: str, earlier: Mapping[str, str] | None) -> bool:
    """Return whether the proposal file still holds what collect last wrote."""
    return earlier is not None and earlier.get("sha256") == _sha(current)


def _read_state(folder: Path) -> dict[str, dict[str, str]]:
    """Return what the last collect wrote in round folder ``folder``, group → facts."""
    path = folder / _STATE_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        groups: dict[str, dict[str, str]] = data["written"]
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(
            f"{path}: not an intake file elo-coord wrote ({error}) — move it away and collect again"
        ) from None
    return groups


def _write_state(
    folder: Path, survey: Survey, written: Mapping[str, Mapping[str, str]], intake: Intake
) -> None:
    path = folder / _STATE_FILE
    data = {
        "survey": survey.id,
        "written": dict(written),
        "groups": [
            {
                "group": line.group,
                "state": line.state,
                "file": line.file,
                "proposal": line.proposal,
                "problems": list(line.problems),
            }
            for line in intake.lines
        ],
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    old = path.read_text(encoding="utf-8") if path.exists() else None
    if old != text:
        write_atomic(path, text, expected=old)


def folder_states(
    folder: str | Path, registry: Registry, survey: str | None = None
) -> tuple[Survey | None, dict[str, IntakeState]]:
    """Return the survey a proposal folder answers and each group's state in it.

    The states are those the last :func:`collect` found when the folder is a round's
    ``proposals`` (its ``intake.json`` beside it): answered, declined, errors or missing.
    Otherwise they follow from the files: a group with a proposal answered (or declined), a
    group asked without one missing. The survey is ``survey``, else the round's, else the one
    most of the folder's proposals answer; ``None`` (and no states) when none is known.

    Parameters
    ----------
    folder
        A folder of proposals.
    registry
        Knows the surveys and groups.
    survey
        The survey, if known.
    """
    from elo_coord._io import load_matrices

    folder = Path(folder)
    matrices = [m for m in load_matrices(folder, registry=registry) if m.kind is Kind.PROPOSAL]
    if survey is None and folder.name == "proposals" and folder.parent.name in registry.surveys:
        survey = folder.parent.name
    if survey is None:
        answered = [m.survey for m in matrices if m.survey is not None]
        survey = max(set(answered), key=answered.count) if answered else None
    if survey is None or survey not in registry.surveys:
        return None, {}
    record = registry.survey(survey)
    states: dict[str, IntakeState] = dict.fromkeys(record.asked, "missing")
    for matrix in matrices:
        if matrix.survey == record.id:
            for group in matrix.groups:
                states[group] = "declined" if matrix.declined else "answered"
    if folder.name == "proposals" and folder.parent.name == record.id:
        # The last collect's errors stay until the group's file is fixed; an answer made since
        # (in the workbench) counts, whatever that collect found.
        for group, state in _collected(folder.parent).items():
            if state == "errors" and group in states:
                states[group] = state
    return record, states


def _collected(folder: Path) -> dict[str, IntakeState]:
    """Return each group's state as the last collect in round folder ``folder`` found it."""
    path = folder / _STATE_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {g["group"]: g["state"] for g in data["groups"] if g["group"] is not None}
    except (ValueError, KeyError, TypeError):
        return {}
