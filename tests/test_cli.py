"""The elo-coord command on the shipped data and on bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from elo_coord._cli import main

from .conftest import DATA


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_validate_passes_on_the_shipped_matrices(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate", "matrices/")
    assert status == 0
    # paijat-hame answers T5.1 with no regional body (a warning); four rows are left
    # unanswered in three proposals (notes).
    assert out.splitlines()[-1] == "13 matrix files: 0 errors, 1 warning, 4 notes (-v shows notes)"
    assert out.splitlines()[0].startswith("matrices/proposals/paijat-hame.yaml:")
    assert "warning no-body (T5.1, regional)" in out


def test_verbose_validate_shows_the_rows_left_unanswered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "validate", "-v", "matrices/proposals")
    notes = [line for line in out.splitlines() if " info missing-row " in line]
    assert len(notes) == 4
    assert any(line.startswith("matrices/proposals/pirkanmaa.yaml") for line in notes)


def test_a_bad_file_prints_one_line_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "validate", str(DATA / "bad" / "unknown-body.yaml"))
    assert status == 1
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == (
        f"{DATA / 'bad' / 'unknown-body.yaml'}:15: error: unknown body 'TE-toimsto'"
        " at rows[1].regional.bodies[1].body — did you mean 'TE-toimistot'?"
    )
    assert lines[1] == "1 matrix file: 1 error, 0 warnings, 0 notes"


def test_lint_errors_point_at_the_line_of_the_body(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate", str(DATA / "lint" / "wrong-level.yaml"))
    assert status == 1
    # wrong-level.yaml line 9 is "national: {bodies: [OKM, ELY]}".
    assert out.splitlines()[0] == (
        f"{DATA / 'lint' / 'wrong-level.yaml'}:9: error wrong-level (T4.1, national, ELY):"
        " 'ELY' is a regional body, not a national one"
    )


def test_json_output_lists_every_finding_for_scripts(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate", "--format", "json", "matrices/proposals")
    assert status == 0
    findings = json.loads(out)
    assert {(f["code"], f["severity"]) for f in findings} == {
        ("no-body", "warning"),
        ("missing-row", "info"),
    }
    assert {"path", "line", "matrix", "row", "level", "body", "message"} <= set(findings[0])


def test_a_missing_path_is_an_error_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "validate", "no/such/folder")
    assert status == 1
    assert "no/such/folder: error: no such file or folder" in out
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    "command",
    [[], ["validate"], ["compare"], ["diff"], ["synthesize"], ["migrate"], ["render"], ["schemas"]],
)
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    assert "usage: elo-coord" in capsys.readouterr().out


def test_the_installed_command_runs(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "elo-coord"
    done = subprocess.run(
        [str(script), "validate", str(DATA / "bad" / "syntax.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert ": error: YAML syntax" in done.stdout


def test_schemas_writes_only_what_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "schemas", str(tmp_path))
    assert status == 0
    # matrix, strategy, bodies, regions, groups, survey, sources, scale, assessments,
    # composition, practices
    assert len(out.splitlines()) == 11
    status, out, _ = run(capsys, "schemas", str(tmp_path))
    assert out == ""


def test_compare_starts_with_the_coverage_of_the_shipped_proposals(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "compare", "matrices/proposals")
    assert status == 0
    # Coordinators: varsinais-suomi, paijat-hame, pohjois-savo, keski-suomi; 7 groups alone;
    # pohjanmaa and keski-pohjanmaa together; satakunta, kanta-hame, kymenlaakso,
    # etela-karjala and kainuu missing.
    assert out.splitlines()[0] == (
        "13/18 groups answered: 4 through their coordinator, 7 as a group,"
        " 2 in 1 joint answer; 0 declined, 5 missing (13/18 regions)"
    )


def test_compare_as_json_gives_the_support_lines(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "compare", "matrices/proposals", "--format", "json")
    assert status == 0
    lines = json.loads(out)
    (council,) = [
        line
        for line in lines
        if (line["row_id"], line["level"], line["body_id"])
        == ("T4.1", "regional", "maakuntien-liitot")
    ]
    # Only Pohjois-Pohjanmaa names the regional councils on T4.1, which Pohjois-Karjala left out:
    # 1 of the 12 regions that answered the row.
    assert (council["n"], council["total"], council["status"]) == (1, 12, "minority")
    assert council["regions"] == ["pohjois-pohjanmaa"]


def test_compare_as_csv_flattens_lists(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "compare", "matrices/proposals", "--format", "csv", "--by", "answer")
    header, first = out.splitlines()[:2]
    assert header.split(",")[:5] == ["row_id", "level", "body_id", "n", "total"]
    assert first.startswith("T1.1a,national,OKM,12,12,")


def test_a_threshold_that_is_not_a_share_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["compare", "matrices/proposals", "--threshold", "3/2"])
    assert done.value.code == 2
    assert "'3/2' is not between 0 and 1" in capsys.readouterr().err


def test_diff_lists_what_lappi_changes_in_the_baseline(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "diff",
        "matrices/baseline/tno-2022.yaml",
        "matrices/proposals/lappi.yaml",
        "--format",
        "json",
    )
    assert status == 0
    t61 = {
        (line["level"], line["change"], line["body_id"] or line["task"])
        for line in json.loads(out)
        if line["row_id"] == "T6.1" and line["change"] != "note_changed"
    }
    # Lappi's T6.1 drops OPH and KEHA nationally, AVI and kunnat regionally, makes ELY the lead,
    # and keeps 2 of 4 national and 3 of 6 regional tasks of the baseline.
    assert t61 == {
        ("national", "body_removed", "OPH"),
        ("national", "body_removed", "KEHA"),
        (
            "national",
            "task_removed",
            "Valtakunnallinen ohjauksen koordinaatio ja ohjaukseen kohdennetun"
            " rahoituksen seuranta",
        ),
        ("national", "task_removed", "Rahoituksen kohdentaminen pysyvään tutkimukseen"),
        ("regional", "body_removed", "AVI"),
        ("regional", "body_removed", "kunnat"),
        ("regional", "role_changed", "ELY"),
        ("regional", "task_removed", "Alueellisten erityispiirteiden tunnistaminen ja tarkastelu"),
        ("regional", "task_removed", "Ongelmakohtien esiin nostaminen ja johtopäätösten tekeminen"),
        (
            "regional",
            "task_removed",
            "Alueella kehitettyjen toimivien työmuotojen jakaminen valtakunnallisesti",
        ),
    }


def test_synthesize_writes_a_valid_matrix_and_will_not_overwrite_by_accident(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "foorumi.yaml"
    status, printed, _ = run(capsys, "synthesize", "matrices/proposals", "--out", str(out))
    assert status == 0
    assert printed.startswith(f"wrote {out}: 12 rows, ")
    assert run(capsys, "validate", str(out))[0] == 0
    status, printed, err = run(capsys, "synthesize", "matrices/proposals", "--out", str(out))
    assert status == 1
    assert "exists already; nothing was written" in err
    assert run(capsys, "synthesize", "matrices/proposals", "--out", str(out), "--force")[0] == 0


def test_migrate_lists_each_decision_once_and_asks_the_open_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tno-2026.yaml"
    status, printed, _ = run(
        capsys,
        "migrate",
        "matrices/baseline/tno-2022.yaml",
        "--to",
        "2026-01-01",
        "--choose",
        "AVI=LVV",
        "--out",
        str(out),
    )
    assert status == 0
    # 12 rows: KEHA → KEHA-2026 (12); ELY → two lines (24); AVI → LVV chosen (12); kunnat, on 11
    # rows, → hyvinvointialueet (11); TE-toimistot, on 11 rows, → two lines (22). Open: kunnat.
    assert printed.splitlines()[-2:] == [
        "81 mappings in 7 decisions, 1 question for a person (?)",
        f"wrote {out}",
    ]
    assert run(capsys, "validate", str(out))[0] == 0


def test_migrate_with_a_bad_date_says_how_to_write_it(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "migrate", "matrices/baseline/tno-2022.yaml", "--to", "1.1.2026")
    assert status == 1
    assert err == "elo-coord: 1.1.2026: not a date — write --to as YYYY-MM-DD\n"


def test_render_prints_the_forum_slides_in_markdown_or_writes_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "render", "matrices/baseline/tno-2022.yaml")
    assert status == 0
    assert "## T1.1a · Saavutettavasti ja asiakaslähtöisesti" in out
    page = tmp_path / "tno.html"
    status, _, _ = run(
        capsys, "render", "matrices/baseline/tno-2022.yaml", "--format", "html", "--out", str(page)
    )
    assert status == 0
    # Twelve rows on eleven slides: slide 13 shows T1.3a and T1.3b with one cell.
    assert page.read_text(encoding="utf-8").count('<section class="slide"') == 11


BAD_FILES = sorted((DATA / "bad").glob("*.yaml"))
BASELINE = "matrices/baseline/tno-2022.yaml"


def commands_reading(path: Path, out: Path) -> list[list[str]]:
    """Every command that reads a matrix file, pointed at ``path``."""
    return [
        ["compare", str(path)],
        ["diff", str(path), BASELINE],
        ["diff", BASELINE, str(path)],
        ["synthesize", str(path), "--out", str(out / "synteesi.yaml")],
        ["migrate", str(path), "--to", "2026-01-01"],
        ["render", str(path)],
        ["report", str(path), "--out", str(out / "raportti.html")],
    ]


@pytest.mark.parametrize("bad", BAD_FILES, ids=lambda path: path.name)
def test_every_command_on_a_bad_file_exits_1_with_one_line(
    bad: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in commands_reading(bad, tmp_path):
        status, _, err = run(capsys, *argv)  # an escaping exception fails the test
        assert status == 1, argv
        assert len(err.splitlines()) == 1, (argv, err)
        assert err.startswith(f"elo-coord: {bad}"), (argv, err)
        assert not list(tmp_path.iterdir()), argv  # nothing written


def declined(region: str, strategy: str = "elo-2020-2023") -> str:
    return (
        f"id: {region}\nkind: proposal\nstrategy: {strategy}\ndate: 2022-03-18\n"
        f"title: {region}\nproposers: [{region}]\ndeclined: true\n"
    )


def test_synthesize_on_a_folder_where_every_proposal_declined_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "vastaukset"
    folder.mkdir()
    for region in ("kainuu", "lappi"):
        (folder / f"{region}.yaml").write_text(declined(region), encoding="utf-8")
    for argv in (
        ["synthesize", str(folder), "--out", str(tmp_path / "synteesi.yaml")],
        ["report", str(folder), "--out", str(tmp_path / "raportti.html")],
    ):
        status, _, err = run(capsys, *argv)
        assert status == 1
        assert err == (
            "elo-coord: there are no answered proposals to synthesise: every proposal declined"
            " or none was given\n"
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vastaukset"]


def test_compare_on_a_folder_where_every_proposal_declined_shows_the_coverage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "kainuu.yaml").write_text(declined("kainuu"), encoding="utf-8")
    status, out, _ = run(capsys, "compare", str(tmp_path))
    assert status == 0
    assert out.splitlines()[0].startswith("0/18 groups answered: ")
    assert "1 declined, 17 missing" in out.splitlines()[0]


def test_the_consensus_option_is_the_threshold_option(capsys: pytest.CaptureFixture[str]) -> None:
    _, by_name, _ = run(capsys, "compare", "matrices/proposals", "--consensus", "1/2")
    _, by_old_name, _ = run(capsys, "compare", "matrices/proposals", "--threshold", "0.5")
    _, by_default, _ = run(capsys, "compare", "matrices/proposals")
    assert by_name == by_old_name != by_default


# --- the report shows what the forum decided ---------------------------------------------------


def regional_heading(page: str, row: str) -> str:
    """The regional heading of ``row``'s slide in the report's synthesis part."""
    synthesis = page[page.index('<section class="part" id="synthesis">') :]
    slide = synthesis[synthesis.index(f'<section class="slide" id="row-{row}">') :]
    start = slide.index("<h3>Alueellinen koordinaatio: ")
    return slide[start + len("<h3>Alueellinen koordinaatio: ") : slide.index("</h3>", start)]


def test_the_report_shows_the_one_change_the_forum_accepted(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("ipywidgets")
    from elo_coord.widgets import SynthesisView

    # T1.1a regionally the baseline names ELY, AVI, kunnat and TE-toimistot. Of 13 regions, 7
    # name AVI (Keski-Suomi, Pirkanmaa, Pohjanmaa + Keski-Pohjanmaa, Pohjois-Savo, Uusimaa,
    # Varsinais-Suomi) and 6 kunnat: both under 2/3, so the synthesis proposes to drop both.
    view = SynthesisView(
        folder / "proposals", folder / "baseline" / "tno-2022.yaml", folder / "s" / "foorumi.yaml"
    )
    drop = [
        index
        for index, line in enumerate(view.changes.iter_rows(named=True))
        if (line["change"], line["row_id"], line["level"]) == ("body_removed", "T1.1a", "regional")
    ]
    assert [view.changes.row(i, named=True)["body_id"] for i in drop] == ["AVI", "kunnat"]
    view.accept(drop[1])  # the forum drops kunnat and keeps AVI
    assert view.save()

    status, out, _ = run(capsys, "report", str(folder), "--out", str(tmp_path / "r.html"))
    assert status == 0
    assert "the synthesis is the forum's decision in" in out
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    heading = regional_heading(page, "T1.1a")
    assert heading.startswith("ELY (13/13), AVI (7/13, paitsi ")
    assert "kunnat" not in heading
    assert f"(foorumi.yaml): 1/{view.changes.height} ehdotetusta muutoksesta" in page

    # Without the decision the report shows the automatic proposal, and says so.
    status, out, _ = run(
        capsys, "report", str(folder), "--proposed", "--out", str(tmp_path / "p.html")
    )
    assert "the automatic proposal" in out
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert "Foorumi ei ole tallentanut päätöstä" in page
    assert "AVI" not in regional_heading(page, "T1.1a")


def test_a_reopened_synthesis_ticks_what_the_saved_decision_holds(folder: Path) -> None:
    pytest.importorskip("ipywidgets")
    from elo_coord.widgets import SynthesisView

    out = folder / "s" / "foorumi.yaml"
    first = SynthesisView(folder / "proposals", folder / "baseline" / "tno-2022.yaml", out)
    first.accept(0)
    first.accept(5)
    assert first.save()
    again = SynthesisView(folder / "proposals", folder / "baseline" / "tno-2022.yaml", out)
    assert [i for i, box in enumerate(again.boxes) if box.value] == [0, 5]
    again.accept(5, False)
    assert again.save()  # it read the file, so it may write it again


def test_an_output_name_that_is_no_id_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The file name becomes the new matrix's id, which allows no spaces.
    out = str(tmp_path / "a b.yaml")
    for argv in (
        ("synthesize", "matrices/proposals", "--out", out),
        ("migrate", "matrices/baseline/tno-2022.yaml", "--to", "2026-01-01", "--out", out),
    ):
        status, stdout, err = run(capsys, *argv)
        assert status == 1
        assert stdout == ""
        assert err.count("\n") == 1
        assert "'a b' is not a valid id — use letters, digits" in err
    assert not (tmp_path / "a b.yaml").exists()


def test_validate_lists_the_first_ten_problems_of_a_file_and_counts_the_rest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shutil.copytree("matrices", tmp_path / "matrices")
    path = tmp_path / "matrices" / "proposals" / "lappi.yaml"
    extra = "".join(f"avain{i}: {i}\n" for i in range(12))  # 12 unknown keys, lines 11-22
    text = path.read_text(encoding="utf-8").replace(
        "respondent: group\n", "respondent: group\n" + extra
    )
    path.write_text(text, encoding="utf-8")
    status, out, _ = run(capsys, "validate", str(path))
    lines = out.splitlines()
    assert status == 1
    assert lines[0] == f"{path}:11: error: unknown key 'avain0' at avain0 — allowed keys: " + (
        "id, kind, strategy, date, title, source, groups, proposers, survey, answers, respondent,"
        " illustrative, declined, note, rows, questions, decisions"
    )
    assert [line.split(": ")[0] for line in lines[:10]] == [f"{path}:{n}" for n in range(11, 21)]
    assert lines[10] == f"{path}: error: and 2 more problems in this file"
    assert lines[-1] == "1 matrix file: 12 errors, 0 warnings, 0 notes"
