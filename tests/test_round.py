"""A survey round: `round new` writes the survey and the workbooks; `round collect` takes the
returned files in, writes the valid answers and reports who answered, declined, erred or is
missing."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

import elo_coord
from elo_coord._cli import main
from tests.workbooks import answer_cell, grid_cell, keys_or_empty

# The 18 groups of groups.yaml that exist on 2 March 2026, in the file's order: every group
# but the joint Pohjanmaa–Keski-Pohjanmaa group of 2017–2019.
GROUPS_2026 = [
    "elo-uusimaa",
    "elo-varsinais-suomi",
    "elo-satakunta",
    "elo-kanta-hame",
    "elo-pirkanmaa",
    "elo-paijat-hame",
    "elo-kymenlaakso",
    "elo-etela-karjala",
    "elo-etela-savo",
    "elo-pohjois-savo",
    "elo-pohjois-karjala",
    "elo-keski-suomi",
    "elo-etela-pohjanmaa",
    "elo-pohjanmaa",
    "elo-keski-pohjanmaa",
    "elo-pohjois-pohjanmaa",
    "elo-kainuu",
    "elo-lappi",
]


def start_round(folder: Path, *more: str) -> int:
    return main(
        [
            "round",
            "new",
            "kevat-2026",
            "--strategy",
            "elo-2020-2023",
            "--date",
            "2026-03-02",
            "--data",
            str(folder),
            *more,
        ]
    )


@pytest.fixture
def empty_round(folder: Path) -> Path:
    """Round kevat-2026 started with empty workbooks; returns its folder."""
    assert start_round(folder, "--start-from", "empty") == 0
    return folder / "rounds" / "kevat-2026"


def test_a_new_round_asks_every_group_that_exists_on_its_date(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert start_round(folder, "--choose", "AVI=LVV", "--choose", "kunnat=") == 0
    survey = yaml.safe_load((folder / "surveys" / "kevat-2026.yaml").read_text())
    assert survey["asked"] == GROUPS_2026
    assert survey["sent"] == dt.date(2026, 3, 2)
    assert survey["due"] == dt.date(2026, 3, 30)  # four weeks later
    assert survey["strategy"] == "elo-2020-2023"
    assert [q["id"] for q in survey["questions"]] == ["Q1", "Q2", "Q3"]  # as in tno-2022
    # How the workbooks were pre-filled, so that every later answer starts alike.
    assert (survey["start"], survey["baseline"]) == ("migrated", "tno-2022")
    assert survey["choose"] == {"AVI": ["LVV"], "kunnat": []}
    templates = folder / "rounds" / "kevat-2026" / "templates"
    assert sorted(p.name for p in templates.iterdir()) == sorted(f"{g}.xlsx" for g in GROUPS_2026)
    assert (folder / "rounds" / "kevat-2026" / "returns").is_dir()
    assert "wrote 18 workbooks" in capsys.readouterr().out


def test_a_round_started_from_the_migrated_baseline_needs_avis_successor_and_writes_nothing(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert start_round(folder) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "the migrated baseline still names AVI (ended 2025-12-31)" in err
    assert "--choose" in err
    assert not (folder / "surveys" / "kevat-2026.yaml").exists()
    assert not (folder / "rounds").exists()


def test_a_round_started_from_the_baseline_as_it_is_cannot_name_ended_bodies(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert start_round(folder, "--start-from", "baseline") == 1
    err = capsys.readouterr().err
    assert "the baseline names AVI (ended 2025-12-31), ELY (ended 2025-12-31)" in err
    assert "--start-from migrated" in err


def test_a_round_name_is_used_once(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert start_round(folder, "--start-from", "empty") == 0
    capsys.readouterr()
    assert start_round(folder, "--start-from", "empty") == 1
    assert "a survey 'kevat-2026' exists already" in capsys.readouterr().err


def test_a_migrated_start_prefills_the_successors(folder: Path) -> None:
    registry = elo_coord.load_registry(folder)
    baseline = elo_coord.load_matrix(folder / "baseline" / "tno-2022.yaml", registry=registry)
    survey = registry.survey("tno-2022").model_copy(
        update={"id": "k", "sent": dt.date(2026, 3, 2), "due": dt.date(2026, 3, 30)}
    )
    from elo_coord._round import starting_matrix

    start = starting_matrix(
        "elo-lappi",
        survey,
        registry,
        start="migrated",
        baseline=baseline,
        choose={"AVI": ["LVV"], "kunnat": []},
    )
    # The baseline's T1.1a regional cell is ELY, AVI, kunnat, TE-toimistot (all partners, as
    # the slide gives no lead); 2026: elinvoimakeskukset, LVV, kunnat, tyollisyysalueet.
    t11a = next(row for row in start.rows if row.row == "T1.1a")
    assert [a.body for a in t11a.regional.bodies] == [
        "elinvoimakeskukset",
        "LVV",
        "kunnat",
        "tyollisyysalueet",
    ]
    assert start.groups == ("elo-lappi",)
    assert start.date == dt.date(2026, 3, 2)
    assert start.title == "Lapin ELO-ryhmä: TNO-foorumin ennakkokysely 2022"


# --- collect ---------------------------------------------------------------------------------


def fill(
    template: Path,
    out: Path,
    cells: dict[tuple[str, str], dict[str, str]],
    *,
    declined: bool = False,
) -> None:
    """Write ``template`` filled in to ``out``: (level, row id) → body id → the word typed.

    The grids are the workbook's second and third sheets, whatever their language.
    """
    book = load_workbook(template)
    grids = {"national": book.worksheets[1], "regional": book.worksheets[2]}
    for (level, row), roles in cells.items():
        for body, word in roles.items():
            grid_cell(grids[level], row, body).value = word
    if declined:
        answer = next(s for s in book.worksheets if keys_or_empty(s, "@value"))
        answer_cell(answer, "@declined").value = "kyllä"
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)


# The answer every group gives unless a test says otherwise: OKM leads T1.1a nationally with
# OPH; regionally the elinvoimakeskus leads with the municipalities.
ANSWER = {
    ("national", "T1.1a"): {"OKM": "vastuutaho", "OPH": "kumppani"},
    ("regional", "T1.1a"): {"elinvoimakeskukset": "vastuutaho", "kunnat": "kumppani"},
}


def returns_of(round_folder: Path, groups: list[str]) -> Path:
    """Copy each group's template into returns/, filled with ANSWER."""
    returns = round_folder / "returns"
    for group in groups:
        fill(round_folder / "templates" / f"{group}.xlsx", returns / f"{group}.xlsx", ANSWER)
    return returns


def test_collect_reports_answered_declined_broken_and_missing_groups(
    empty_round: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 18 files: 15 good answers (one of them declined), 2 broken, 1 stray file; Kainuu is missing.
    returns = returns_of(empty_round, [g for g in GROUPS_2026 if g != "elo-kainuu"])
    fill(
        empty_round / "templates" / "elo-satakunta.xlsx",
        returns / "elo-satakunta.xlsx",
        {},
        declined=True,
    )
    fill(
        empty_round / "templates" / "elo-lappi.xlsx",
        returns / "elo-lappi.xlsx",
        {("regional", "T1.1a"): {"elinvoimakeskukset": "vastuu"}},
    )
    (returns / "elo-pirkanmaa.xlsx").write_bytes(b"")
    (returns / "muistiinpanot.txt").write_text("soita Kainuuseen\n")
    capsys.readouterr()
    assert main(["round", "collect", str(returns)]) == 1  # errors: exit status 1
    out = capsys.readouterr().out
    summary = "14/18 groups answered, 1 declined, 2 with errors, 1 missing"
    assert f"{summary}; and 1 file(s) of no group asked\n" in out
    proposals = empty_round / "proposals"
    # 14 answers and the declined one; Lappi and Pirkanmaa broken, Kainuu missing.
    written = sorted(p.stem for p in proposals.glob("*.yaml"))
    assert written == sorted(set(GROUPS_2026) - {"elo-kainuu", "elo-lappi", "elo-pirkanmaa"})
    satakunta = elo_coord.load_matrix(proposals / "elo-satakunta.yaml")
    assert satakunta.declined
    assert not satakunta.rows
    uusimaa = elo_coord.load_matrix(proposals / "elo-uusimaa.yaml")
    t11a = uusimaa.rows[0]
    assert (t11a.row, [(a.body, a.role.value) for a in t11a.national.bodies]) == (
        "T1.1a",
        [("OKM", "lead"), ("OPH", "partner")],
    )
    assert [(a.body, a.role.value) for a in t11a.regional.bodies] == [
        ("elinvoimakeskukset", "lead"),
        ("kunnat", "partner"),
    ]
    assert uusimaa.survey == "kevat-2026"
    assert uusimaa.groups == ("elo-uusimaa",)
    # Each broken file is named with the place of its error.
    assert "elo-lappi.xlsx: Alueellinen!" in out
    assert "unknown role 'vastuu' — did you mean 'vastuutaho'?" in out
    assert "elo-pirkanmaa: errors (elo-pirkanmaa.xlsx)" in out
    assert "elo-kainuu: missing" in out
    # The workbooks were returned without saying who answered: the coverage says so.
    counts = elo_coord.coverage_counts(elo_coord.coverage(elo_coord.load_matrices(proposals)))
    assert counts.sentence("en") == (
        "14/18 groups answered: 0 through their coordinator, 0 as a group, 0 in 0 joint answer;"
        " 1 declined, 3 missing; 14 without saying who answered (14/18 regions)"
    )
    page = (empty_round / "intake.html").read_text()
    assert page.count('<tr class="intake-') == 19  # 18 groups and the stray file
    assert page.count('class="intake-answered"') == 14
    assert "muistiinpanot.txt" in page


def test_collect_again_after_a_fix_replaces_only_that_groups_answer(
    empty_round: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    returns = returns_of(empty_round, ["elo-uusimaa", "elo-kainuu"])
    fill(
        empty_round / "templates" / "elo-lappi.xlsx",
        returns / "elo-lappi.xlsx",
        {("regional", "T1.1a"): {"elinvoimakeskukset": "vastuu"}},
    )
    main(["round", "collect", str(returns)])
    proposals = empty_round / "proposals"
    before = {p.name: p.stat().st_mtime_ns for p in proposals.glob("*.yaml")}
    assert sorted(before) == ["elo-kainuu.yaml", "elo-uusimaa.yaml"]
    fill(empty_round / "templates" / "elo-lappi.xlsx", returns / "elo-lappi.xlsx", ANSWER)
    capsys.readouterr()
    main(["round", "collect", str(returns)])
    out = capsys.readouterr().out
    assert "elo-lappi: answered (elo-lappi.xlsx → elo-lappi.yaml, written)" in out
    assert "elo-uusimaa: answered (elo-uusimaa.xlsx → elo-uusimaa.yaml)" in out
    after = {p.name: p.stat().st_mtime_ns for p in proposals.glob("*.yaml")}
    assert {k: after[k] for k in before} == before  # the others were not written again
    assert "elo-lappi.yaml" in after


def test_collect_never_overwrites_a_proposal_edited_since(
    empty_round: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    returns = returns_of(empty_round, ["elo-uusimaa"])
    main(["round", "collect", str(returns)])
    proposal = empty_round / "proposals" / "elo-uusimaa.yaml"
    edited = proposal.read_text().replace("title: ", "note: muokattu työpajassa\ntitle: ")
    proposal.write_text(edited)
    fill(
        empty_round / "templates" / "elo-uusimaa.xlsx",
        returns / "elo-uusimaa.xlsx",
        {("national", "T1.1a"): {"TEM": "vastuutaho"}},
    )
    capsys.readouterr()
    assert main(["round", "collect", str(returns)]) == 1
    out = capsys.readouterr().out
    assert "elo-uusimaa.yaml was changed after collect wrote it" in out
    assert proposal.read_text() == edited


def test_the_intake_is_a_frame_for_researchers(empty_round: Path) -> None:
    from elo_coord._round import INTAKE_SCHEMA, collect

    returns = returns_of(empty_round, ["elo-uusimaa"])
    intake = collect(returns)
    frame = intake.frame()
    assert frame.schema == INTAKE_SCHEMA
    assert frame.height == 18
    assert frame.filter(frame["state"] == "answered")["group_id"].to_list() == ["elo-uusimaa"]
    assert intake.count("missing") == 17


class Terminal(io.StringIO):
    """Standard error as a terminal shows it: tqdm draws its bar only there."""

    def isatty(self) -> bool:
        return True


def test_collect_draws_a_progress_bar_on_a_terminal(
    empty_round: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    returns = returns_of(empty_round, ["elo-uusimaa", "elo-lappi", "elo-kainuu"])
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    main(["round", "collect", str(returns)])
    assert "3/3" in terminal.getvalue()  # the bar's count of files read


def test_collect_shows_no_progress_bar_when_not_on_a_terminal(
    empty_round: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    returns = returns_of(empty_round, ["elo-uusimaa"])
    main(["round", "collect", str(returns)])
    assert capsys.readouterr().err == ""


def test_a_template_and_its_import_give_the_answer_back(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "lappi.xlsx"
    assert (
        main(
            [
                *("template", "elo-lappi", "--survey", "tno-2022", "--start-from", "empty"),
                *("--data", str(folder), "--out", str(book)),
            ]
        )
        == 0
    )
    filled = tmp_path / "back" / "lappi.xlsx"
    filled.parent.mkdir()
    fill(book, filled, {("national", "T1.1a"): {"OKM": "vastuutaho", "TEM": "kumppani"}})
    out_folder = folder / "imported"
    assert main(["import", str(filled), "--out", str(out_folder), "--data", str(folder)]) == 0
    answer = elo_coord.load_matrix(out_folder / "elo-lappi.yaml")
    assert [
        (row.row, [(a.body, a.role.value) for a in row.national.bodies]) for row in answer.rows
    ] == [("T1.1a", [("OKM", "lead"), ("TEM", "partner")])]
    assert answer.survey == "tno-2022"


def test_an_import_error_is_one_line_per_problem_and_exit_status_1(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "lappi.ods"
    bad.write_bytes(b"")
    assert main(["import", str(bad), "--out", str(tmp_path / "o"), "--data", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"{bad}: ")
    assert not (tmp_path / "o").exists()


def test_the_template_command_writes_the_starting_matrix_as_csv(
    folder: Path, tmp_path: Path
) -> None:
    csv = tmp_path / "lappi.csv"
    assert (
        main(
            [
                *("template", "elo-lappi", "--survey", "tno-2022", "--start-from", "baseline"),
                *("--data", str(folder), "--out", str(csv)),
            ]
        )
        == 0
    )
    from elo_coord._intake import read_csv

    back = read_csv(csv, registry=elo_coord.load_registry(folder)).matrix
    baseline = elo_coord.load_matrix(folder / "baseline" / "tno-2022.yaml")
    assert [row.row for row in back.rows] == [row.row for row in baseline.rows]
    assert back.rows[0].regional.bodies == baseline.rows[0].regional.bodies


def test_lock_files_of_spreadsheet_programs_are_not_returns(empty_round: Path) -> None:
    from elo_coord._round import collect

    returns = returns_of(empty_round, ["elo-uusimaa"])
    (returns / ".~lock.elo-uusimaa.xlsx#").write_text("x")
    (returns / "~$elo-uusimaa.xlsx").write_bytes(b"x")
    intake = collect(returns)
    assert [line.file for line in intake.lines if line.file] == ["elo-uusimaa.xlsx"]
    assert [p.name for p in (empty_round / "proposals").iterdir()] == ["elo-uusimaa.yaml"]


def test_a_proposal_made_after_the_last_collect_counts_and_a_broken_return_stays_broken(
    empty_round: Path,
) -> None:
    from elo_coord._round import collect, folder_states, new_proposal

    returns = returns_of(empty_round, ["elo-uusimaa"])
    fill(
        empty_round / "templates" / "elo-lappi.xlsx",
        returns / "elo-lappi.xlsx",
        {("regional", "T1.1a"): {"elinvoimakeskukset": "vastuu"}},
    )
    intake = collect(returns)
    registry = elo_coord.load_registry(empty_round.parent.parent)
    new_proposal(empty_round / "proposals", "elo-kainuu", intake.survey, registry)
    survey, states = folder_states(empty_round / "proposals", registry)
    assert survey == intake.survey
    assert (states["elo-uusimaa"], states["elo-kainuu"], states["elo-lappi"]) == (
        "answered",
        "answered",
        "errors",
    )
    assert list(states.values()).count("missing") == 15


def test_a_later_template_of_the_round_starts_as_the_rounds_workbooks_did(
    folder: Path, tmp_path: Path
) -> None:
    from elo_coord._intake import read_workbook

    assert start_round(folder, "--choose", "AVI=LVV") == 0
    again = tmp_path / "elo-lappi.xlsx"
    command = ["template", "elo-lappi", "--survey", "kevat-2026", "--data", str(folder)]
    assert main([*command, "--out", str(again)]) == 0  # no --choose: the round's are used
    registry = elo_coord.load_registry(folder)
    sent = folder / "rounds" / "kevat-2026" / "templates" / "elo-lappi.xlsx"
    assert read_workbook(again, registry=registry).matrix.rows == (
        read_workbook(sent, registry=registry).matrix.rows
    )


def test_a_round_choosing_a_body_the_registry_does_not_know_is_refused_on_loading(
    folder: Path,
) -> None:
    assert start_round(folder, "--choose", "AVI=LVV") == 0
    survey = folder / "surveys" / "kevat-2026.yaml"
    survey.write_text(survey.read_text().replace("  AVI:", "  AVX:"))
    with pytest.raises(elo_coord.MatrixFileError) as caught:
        elo_coord.load_registry(folder)
    assert "unknown body 'AVX'" in str(caught.value)
    assert "did you mean 'AVI'?" in str(caught.value)


def test_a_broken_proposal_made_by_hand_is_one_groups_error_not_the_end_of_collect(
    empty_round: Path,
) -> None:
    from elo_coord._round import collect

    returns = returns_of(empty_round, ["elo-uusimaa"])
    (empty_round / "proposals" / "elo-kainuu.yaml").write_text("id: elo-kainuu\nkind: ehdotus\n")
    intake = collect(returns)
    kainuu = intake.state_of("elo-kainuu")
    assert kainuu is not None
    assert kainuu.state == "errors"
    assert kainuu.problems[0].startswith(str(empty_round / "proposals" / "elo-kainuu.yaml"))
    assert intake.count("answered") == 1
