"""The survey workbook: written for a group, filled in as a person would, read back as a matrix."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

import elo_coord
from elo_coord import FileChangedError, InputError, Matrix, Registry, Survey
from elo_coord._intake import read_csv, read_return, read_workbook, write_csv
from elo_coord._workbook import write_workbook

from .builders import matrix
from .conftest import MATRICES
from .workbooks import answer_cell, fill, grid_cell, keys

FI_SHEETS = ["Ohjeet", "Kansallinen", "Alueellinen", "Vastaus", "elo_coord"]
BILINGUAL_SHEETS = [
    "Ohjeet – Anvisningar",
    "Kansallinen – Nationell",
    "Alueellinen – Regional",
    "Vastaus – Svar",
    "elo_coord",
]


def expected(**fields: Any) -> Matrix:
    """A group's answer as the reader should give it: a proposal for the survey of 15.2.2022."""
    data: dict[str, Any] = {
        "kind": "proposal",
        "strategy": "elo-2020-2023",
        "date": "2022-02-15",
        "survey": "tno-2022",
        **fields,
    }
    data.setdefault("groups", [data["id"]])
    return Matrix.model_validate(data)


@pytest.fixture
def lappi_workbook(tmp_path: Path, registry: Registry) -> Path:
    path = tmp_path / "elo-lappi.xlsx"
    write_workbook(path, group="elo-lappi", survey=registry.survey("tno-2022"), registry=registry)
    return path


def survey_2018() -> Survey:
    return Survey.model_validate(
        {
            "id": "kysely-2018",
            "title": {"fi": "ELO-kysely 2018", "sv": "ELO-enkät 2018"},
            "strategy": "elo-2020-2023",
            "sent": "2018-03-01",
            "due": "2018-04-13",
            "asked": ["elo-pohjanmaat-2017"],
            "respondents": ["group"],
            "questions": [
                {"id": "Q1", "answer": "matrix", "text": {"fi": "Kuka koordinoi?"}},
                {"id": "Q2", "answer": "text", "text": {"fi": "Mitä muuta?", "sv": "Vad mer?"}},
            ],
        }
    )


def with_survey(registry: Registry, survey: Survey) -> Registry:
    return dataclasses.replace(registry, surveys={**registry.surveys, survey.id: survey})


# --- round trips ----------------------------------------------------------------------------------


def test_a_one_region_group_gets_back_the_matrix_it_filled_in(
    lappi_workbook: Path, registry: Registry
) -> None:
    fill(
        lappi_workbook,
        {
            ("Kansallinen", "T1.1a", "OKM"): "kumppani",
            ("Kansallinen", "T1.1a", "TEM"): "Vastuutaho",
            ("Kansallinen", "T1.1a", "JOTPA"): "●",
            ("Kansallinen", "T1.1a", "@tasks"): (
                "Linjaukset toiminnalle\nRahoituksen kohdentaminen [OKM, TEM]"
            ),
            ("Alueellinen", "T1.1a", "ELY"): "vastuutaho",
            ("Alueellinen", "T1.1a", "TE-toimistot"): "kumppani",
            ("Alueellinen", "T1.1a", "@tasks"): "Saatavuuden arviointi",
            ("Alueellinen", "T4.1", "kunnat"): "★",
            ("Alueellinen", "T4.1", "kirjastot"): "partner",
            ("Alueellinen", "T4.1", "@note"): "Kirjastot mukaan",
            ("Kansallinen", "T6.1", "@note"): "Ei kansallista koordinaatiota",
            ("Kansallinen", "T2.1", "OPH"): "—",
        },
        {
            "@respondent": "koordinaattori",
            "@answer:Q2": "Valtakunnallinen kehys",
            "@note": "Koottu ryhmän kokouksessa",
        },
    )
    imported = read_workbook(lappi_workbook, registry=registry)
    assert imported.notes == ()
    assert imported.matrix == expected(
        id="elo-lappi",
        title="Lapin ELO-ryhmä: TNO-foorumin ennakkokysely 2022",
        source="returned workbook elo-lappi.xlsx",
        proposers=["lappi"],
        respondent="coordinator",
        answers={"Q2": "Valtakunnallinen kehys"},
        note="Koottu ryhmän kokouksessa",
        rows=[
            {
                "row": "T1.1a",
                "national": {
                    "bodies": ["OKM", {"body": "TEM", "role": "lead"}, "JOTPA"],
                    "tasks": [
                        "Linjaukset toiminnalle",
                        {"text": "Rahoituksen kohdentaminen", "bodies": ["OKM", "TEM"]},
                    ],
                },
                "regional": {
                    "bodies": [{"body": "ELY", "role": "lead"}, "TE-toimistot"],
                    "tasks": ["Saatavuuden arviointi"],
                },
            },
            {
                "row": "T4.1",
                "regional": {"bodies": [{"body": "kunnat", "role": "lead"}, "kirjastot"]},
                "note": "Kirjastot mukaan",
            },
            {"row": "T6.1", "note": "Ei kansallista koordinaatiota"},
        ],
    )


@pytest.mark.parametrize(
    ("group", "national", "regional", "lead", "partner"),
    [
        ("elo-lappi", "Kansallinen", "Alueellinen", "vastuutaho", "kumppani"),
        (
            "elo-pohjanmaa",
            "Kansallinen – Nationell",
            "Alueellinen – Regional",
            "ansvarig",
            "partner",
        ),
    ],
)
def test_a_filled_workbook_is_the_same_matrix_as_the_yaml_written_by_hand(
    tmp_path: Path,
    registry: Registry,
    group: str,
    national: str,
    regional: str,
    lead: str,
    partner: str,
) -> None:
    book = tmp_path / f"{group}.xlsx"
    write_workbook(book, group=group, survey=registry.survey("tno-2022"), registry=registry)
    fill(
        book,
        {
            (national, "T1.1a", "OKM"): lead,
            (national, "T1.1a", "OPH"): partner,
            (regional, "T1.1a", "ELY"): lead,
            (regional, "T1.1a", "kunnat"): partner,
            (regional, "T1.1a", "@tasks"): "Saatavuuden arviointi\nVerkostot",
            (regional, "T3.1", "kirjastot"): partner,
        },
        {"@answer:Q3": "Alueellinen ELO-verkosto"},
    )
    name = registry.group(group).names.fi
    by_hand = tmp_path / f"{group}.yaml"
    by_hand.write_text(
        f"""id: {group}
kind: proposal
strategy: elo-2020-2023
date: 2022-02-15
title: "{name}: TNO-foorumin ennakkokysely 2022"
source: returned workbook {group}.xlsx
groups: [{group}]
survey: tno-2022
answers:
  Q3: Alueellinen ELO-verkosto
rows:
  - row: T1.1a
    national:
      bodies: [{{body: OKM, role: lead}}, OPH]
    regional:
      bodies: [{{body: ELY, role: lead}}, kunnat]
      tasks: [Saatavuuden arviointi, Verkostot]
  - row: T3.1
    regional:
      bodies: [kirjastot]
""",
        encoding="utf-8",
    )
    assert read_workbook(book, registry=registry).matrix == elo_coord.load_matrix(
        by_hand, registry=registry
    )


def test_a_two_region_group_of_2018_answers_for_both_its_regions_in_swedish(
    tmp_path: Path, registry: Registry
) -> None:
    survey = survey_2018()
    registry = with_survey(registry, survey)
    path = tmp_path / "pohjanmaat.xlsx"
    write_workbook(path, group="elo-pohjanmaat-2017", survey=survey, registry=registry)
    book = load_workbook(path)
    assert book.sheetnames == BILINGUAL_SHEETS
    assert keys(book["Kansallinen – Nationell"]) == [
        "@row", "@text", "OKM", "TEM", "OPH", "KEHA", "@tasks", "@note"
    ]  # fmt: skip
    assert keys(book["Alueellinen – Regional"]) == [
        "@row", "@text", "ELY", "AVI", "TE-toimistot", "maakuntien-liitot", "kunnat", "kirjastot",
        "oppilaitokset", "kolmas-sektori", "ohjaamot", "@tasks", "@note",
    ]  # fmt: skip
    fill(
        path,
        {
            ("Kansallinen – Nationell", "T3.1", "OKM"): "ansvarig",
            ("Kansallinen – Nationell", "T3.1", "OPH"): "Partner",
            ("Alueellinen – Regional", "T3.1", "AVI"): "kumppani / partner",
            ("Alueellinen – Regional", "T3.1", "ohjaamot"): "vastuutaho / ansvarig",
            ("Alueellinen – Regional", "T3.1", "@tasks"): "Kvalitetskriterier\n\nUtbildningar",
        },
        {"@respondent": "grupp", "@answer:Q2": "Ett gemensamt svar"},
    )
    imported = read_workbook(path, registry=registry)
    assert imported.matrix == expected(
        id="elo-pohjanmaat-2017",
        date="2018-03-01",
        survey="kysely-2018",
        title="Pohjanmaan ja Keski-Pohjanmaan yhteinen ELO-ryhmä: ELO-kysely 2018",
        source="returned workbook pohjanmaat.xlsx",
        proposers=["pohjanmaa", "keski-pohjanmaa"],
        respondent="group",
        answers={"Q2": "Ett gemensamt svar"},
        rows=[
            {
                "row": "T3.1",
                "national": {"bodies": [{"body": "OKM", "role": "lead"}, "OPH"]},
                "regional": {
                    "bodies": ["AVI", {"body": "ohjaamot", "role": "lead"}],
                    "tasks": ["Kvalitetskriterier", "Utbildningar"],
                },
            }
        ],
    )


def test_a_bilingual_group_reads_every_sheet_header_and_choice_in_finnish_and_swedish(
    tmp_path: Path, registry: Registry
) -> None:
    path = tmp_path / "elo-pohjanmaa.xlsx"
    write_workbook(
        path, group="elo-pohjanmaa", survey=registry.survey("tno-2022"), registry=registry
    )
    book = load_workbook(path)
    assert book.sheetnames == BILINGUAL_SHEETS
    grid = book["Alueellinen – Regional"]
    assert [cell.value for cell in grid[2]][:2] == [
        "Rivi / Rad",
        "Tavoite tai keino / Mål eller medel",
    ]
    assert grid["G2"].value == "kunnat\nkommunerna"
    (roles,) = grid.data_validations.dataValidation
    assert roles.formula1 == '"—,kumppani / partner,vastuutaho / ansvarig"'
    assert str(roles.sqref) == "C4:K16"
    answer = book["Vastaus – Svar"]
    choices = [v.formula1 for v in answer.data_validations.dataValidation]
    assert choices == ['"koordinaattori / koordinator,ryhmä / grupp"', '"kyllä / ja"']
    instructions = [row[0].value for row in book["Ohjeet – Anvisningar"].iter_rows()]
    assert "Så fyller ni i arbetsboken" in instructions
    assert any("18.3.2022" in (line or "") and "senast" in (line or "") for line in instructions)

    fill(
        path,
        {
            ("Kansallinen – Nationell", "T1.1b", "TEM"): "Ansvarig",
            ("Kansallinen – Nationell", "T1.1b", "OKM"): "partner",
            ("Alueellinen – Regional", "T1.1b", "kunnat"): "kumppani / partner",
            ("Alueellinen – Regional", "T1.1b", "@note"): "Kommunerna leder",
        },
        {"@respondent": "ryhmä / grupp", "@declined": None},
    )
    assert read_workbook(path, registry=registry).matrix == expected(
        id="elo-pohjanmaa",
        title="Pohjanmaan ELO-ryhmä: TNO-foorumin ennakkokysely 2022",
        source="returned workbook elo-pohjanmaa.xlsx",
        proposers=["pohjanmaa"],
        respondent="group",
        rows=[
            {
                "row": "T1.1b",
                "national": {"bodies": ["OKM", {"body": "TEM", "role": "lead"}]},
                "regional": {"bodies": ["kunnat"]},
                "note": "Kommunerna leder",
            }
        ],
    )


def test_a_workbook_filled_from_a_proposal_reads_back_as_that_proposal(
    tmp_path: Path, registry: Registry
) -> None:
    lappi = elo_coord.load_matrix(MATRICES / "proposals" / "lappi.yaml", registry=registry)
    path = tmp_path / "elo-lappi.xlsx"
    survey = registry.survey("tno-2022")
    write_workbook(path, group="elo-lappi", survey=survey, registry=registry, start=lappi)
    book = load_workbook(path)
    assert grid_cell(book["Kansallinen"], "T1.1a", "TEM").value == "vastuutaho"
    assert grid_cell(book["Alueellinen"], "T1.1c", "@tasks").value == (
        "Alueelliset palveluratkaisut\n"
        "Ohjaamojen monialaisen toimintamallin levittäminen [ohjaamot]\n"
        "Alueellinen palvelukartta paikallisista toimijoista"
    )
    assert book["elo_coord"]["B8"].value == "lappi"
    # The workbook has no place for quotations; everything else of the rows comes back.
    rows = [row.model_copy(update={"quotes": ()}) for row in lappi.rows]
    assert read_workbook(path, registry=registry).matrix.rows == tuple(rows)


def test_the_columns_of_2026_are_exactly_the_bodies_that_exist_on_1_march_2026(
    tmp_path: Path, registry: Registry
) -> None:
    survey = registry.survey("tno-2022").model_copy(
        update={"id": "kevat-2026", "sent": dt.date(2026, 3, 1), "due": dt.date(2026, 3, 31)}
    )
    path = tmp_path / "elo-lappi.xlsx"
    write_workbook(path, group="elo-lappi", survey=survey, registry=with_survey(registry, survey))
    book = load_workbook(path)
    assert keys(book["Kansallinen"])[2:-2] == [
        "OKM", "TEM", "OPH", "JOTPA", "KEHA-2026", "LVV", "ELO-foorumi"
    ]  # fmt: skip
    assert keys(book["Alueellinen"])[2:-2] == [
        "LVV", "elinvoimakeskukset", "hyvinvointialueet", "maakuntien-liitot", "kunnat",
        "kirjastot", "oppilaitokset", "kolmas-sektori", "tyollisyysalueet", "ohjaamot",
    ]  # fmt: skip
    assert [book["elo_coord"].cell(row, 2).value for row in range(1, 9)] == [
        "elo-coord-workbook", "1", "kevat-2026", "elo-lappi", "elo-2020-2023", "2026-03-01",
        "fi", "empty",
    ]  # fmt: skip


def test_only_the_answer_cells_are_unlocked_and_the_key_row_is_hidden(
    lappi_workbook: Path,
) -> None:
    book = load_workbook(lappi_workbook)
    assert book.sheetnames == FI_SHEETS
    assert book["elo_coord"].sheet_state == "hidden"
    grid = book["Alueellinen"]
    assert grid.protection.sheet
    assert not grid.protection.password
    assert grid.row_dimensions[3].hidden
    assert grid.freeze_panes == "C4"
    assert [cell.value for cell in grid[4]][:2] == ["T1.1a", grid["B4"].value]
    locked = {cell.coordinate: cell.protection.locked for cell in grid[4]}
    assert locked == {
        "A4": True, "B4": True, "C4": False, "D4": False, "E4": False, "F4": False, "G4": False,
        "H4": False, "I4": False, "J4": False, "K4": False, "L4": False, "M4": False,
    }  # fmt: skip
    assert grid["C2"].value == "ELY"
    assert grid["C4"].alignment.horizontal == "center"
    answer = book["Vastaus"]
    assert answer.column_dimensions["A"].hidden
    assert answer.row_dimensions[3].hidden
    assert [answer.cell(row, 1).value for row in range(3, 9)] == [
        "@key", "@respondent", "@declined", "@answer:Q2", "@answer:Q3", "@note"
    ]  # fmt: skip
    assert not answer_cell(answer, "@answer:Q3").protection.locked


def test_a_declined_answer_has_no_rows_and_says_the_filled_cells_were_not_read(
    lappi_workbook: Path, registry: Registry
) -> None:
    fill(
        lappi_workbook,
        {("Kansallinen", "T1.1a", "OKM"): "kumppani"},
        {"@declined": "Kyllä", "@note": "Ei resursseja vastata"},
    )
    imported = read_workbook(lappi_workbook, registry=registry)
    assert (imported.matrix.declined, imported.matrix.rows) == (True, ())
    assert imported.matrix.note == "Ei resursseja vastata"
    assert imported.notes == (
        f"{lappi_workbook}: Vastaus!C5: the group declined to answer: the 1 filled cell of the"
        " grids were not read",
    )


def test_every_group_gets_sheet_names_a_spreadsheet_accepts(registry: Registry) -> None:
    from elo_coord._workbook import PARTS, sheet_name

    for group in registry.groups.values():
        for part in PARTS:
            name = sheet_name(part, group.languages)
            assert len(name) <= 31, name
            assert not set(name) & set(":\\/?*[]"), name


# --- what write_workbook refuses ------------------------------------------------------------------


def test_an_existing_workbook_is_replaced_only_on_purpose(
    lappi_workbook: Path, registry: Registry
) -> None:
    survey = registry.survey("tno-2022")
    before = lappi_workbook.read_bytes()
    with pytest.raises(FileChangedError) as caught:
        write_workbook(lappi_workbook, group="elo-lappi", survey=survey, registry=registry)
    assert str(caught.value) == (
        f"{lappi_workbook}: exists already; nothing was written — overwrite it on purpose"
        " (--force), or write under another name"
    )
    assert lappi_workbook.read_bytes() == before
    write_workbook(
        lappi_workbook, group="elo-lappi", survey=survey, registry=registry, overwrite=True
    )
    assert [p.name for p in lappi_workbook.parent.iterdir()] == ["elo-lappi.xlsx"]


def test_a_start_naming_a_body_ended_before_the_round_is_refused_in_one_line(
    tmp_path: Path, registry: Registry
) -> None:
    survey = registry.survey("tno-2022").model_copy(
        update={"id": "kevat-2026", "sent": dt.date(2026, 3, 1), "due": dt.date(2026, 3, 31)}
    )
    start = matrix([{"row": "T4.1", "regional": {"bodies": ["kunnat", "ELY"]}}], id="lappi")
    with pytest.raises(InputError) as caught:
        write_workbook(
            tmp_path / "x.xlsx",
            group="elo-lappi",
            survey=survey,
            registry=with_survey(registry, survey),
            start=start,
        )
    assert str(caught.value) == (
        "the starting matrix 'lappi' names ELY, which ended on 2025-12-31, before the survey's"
        " date 2026-03-01 — start from the baseline migrated to 2026-03-01"
    )
    assert not (tmp_path / "x.xlsx").exists()


# --- CSV ------------------------------------------------------------------------------------------


def test_a_matrix_written_as_csv_reads_back_exactly(
    tmp_path: Path, registry: Registry, baseline: Matrix
) -> None:
    lappi = elo_coord.load_matrix(MATRICES / "proposals" / "lappi.yaml", registry=registry)
    for original in (lappi, baseline):
        path = tmp_path / f"{original.id}.csv"
        write_csv(original, path)
        assert read_csv(path, registry=registry).matrix == original
        assert read_return(path, registry=registry).matrix == original


def test_an_existing_csv_is_replaced_only_on_purpose(tmp_path: Path, baseline: Matrix) -> None:
    path = tmp_path / "tno-2022.csv"
    path.write_text("someone's notes\n", encoding="utf-8")
    with pytest.raises(FileChangedError):
        write_csv(baseline, path)
    assert path.read_text(encoding="utf-8") == "someone's notes\n"
    write_csv(baseline, path, overwrite=True)
    assert path.read_text(encoding="utf-8").startswith("matrix_id,")


def test_a_text_a_spreadsheet_would_run_gets_an_apostrophe_in_csv_and_loses_it_on_reading(
    tmp_path: Path, registry: Registry
) -> None:
    original = matrix(
        [{"row": "T4.1", "regional": {"bodies": ["kunnat"]}, "note": "-5 % rahoitukseen"}],
        id="lappi",
        proposers=["lappi"],
        title="=HYPERLINK(1)",
    )
    path = tmp_path / "lappi.csv"
    write_csv(original, path)
    text = path.read_text(encoding="utf-8")
    assert ",'=HYPERLINK(1)," in text
    assert ",'-5 % rahoitukseen," in text
    assert read_csv(path, registry=registry).matrix == original


# --- LibreOffice ----------------------------------------------------------------------------------


def need(program: str) -> None:
    """Skip unless ``program`` is installed; fail instead under ELO_COORD_REQUIRE_SOFFICE=1 (CI)."""
    if shutil.which(program) is None:
        if os.environ.get("ELO_COORD_REQUIRE_SOFFICE") == "1":
            pytest.fail(f"{program} is not installed, and ELO_COORD_REQUIRE_SOFFICE=1 needs it")
        pytest.skip(f"{program} is not installed")


def soffice(tmp_path: Path, to: str, out: Path, path: Path) -> subprocess.CompletedProcess[str]:
    """Convert ``path`` with headless LibreOffice (its own profile) into folder ``out``."""
    return subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "HOME": str(tmp_path)},
        check=False,
    )


def test_libreoffice_opens_the_workbook_without_a_word_and_keeps_what_the_reader_needs(
    tmp_path: Path, registry: Registry
) -> None:
    need("soffice")
    lappi = elo_coord.load_matrix(MATRICES / "proposals" / "lappi.yaml", registry=registry)
    path = tmp_path / "elo-pohjanmaa.xlsx"
    survey = registry.survey("tno-2022")
    write_workbook(path, group="elo-pohjanmaa", survey=survey, registry=registry, start=lappi)
    out = tmp_path / "out"
    done = soffice(tmp_path, "xlsx", out, path)
    # LibreOffice's launcher says when it finds no Java; that is the machine, not the file.
    stderr = [line for line in done.stderr.splitlines() if not re.search("javaldx", line)]
    assert (done.returncode, stderr) == (0, [])
    imported = read_workbook(out / path.name, registry=registry)
    assert imported.notes == ()
    assert imported.matrix.rows == tuple(
        row.model_copy(update={"quotes": ()}) for row in lappi.rows
    )


@pytest.mark.skipif(
    not os.environ.get("ELO_COORD_DOCS_SCREENSHOTS"), reason="refreshes the guides' pictures"
)
def test_the_workbook_as_libreoffice_prints_it_for_the_guides(
    tmp_path: Path, registry: Registry
) -> None:
    """The pictures in docs/survey-round.md: a bilingual group's regional grid and answer sheet,
    pre-filled from the migrated baseline of a 2026 round, as LibreOffice prints them."""
    for program in ("soffice", "pdftoppm", "pdfinfo", "pdftotext"):
        need(program)
    from elo_coord._round import starting_matrix

    survey = registry.survey("tno-2022").model_copy(
        update={"id": "kevat-2026", "sent": dt.date(2026, 3, 2), "due": dt.date(2026, 3, 30)}
    )
    start = starting_matrix(
        "elo-pohjanmaa",
        survey,
        registry,
        start="migrated",
        baseline=elo_coord.load_matrix(MATRICES / "baseline" / "tno-2022.yaml"),
        choose={"AVI": ["LVV"], "kunnat": []},
    )
    path = tmp_path / "elo-pohjanmaa.xlsx"
    write_workbook(path, group="elo-pohjanmaa", survey=survey, registry=registry, start=start)
    done = soffice(tmp_path, "pdf", tmp_path, path)
    assert done.returncode == 0, done.stderr
    shots = MATRICES.parent / "docs" / "screenshots"
    pdf = tmp_path / "elo-pohjanmaa.pdf"
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", pdf))[1])  # type: ignore[index]
    texts = [run("pdftotext", "-f", str(n), "-l", str(n), pdf, "-") for n in range(1, pages + 1)]
    for marker, name in (
        ("Alueellinen koordinaatio", "workbook-regional"),
        ("Kysymys / Fråga", "workbook-answer"),
    ):
        page = next(n for n, text in enumerate(texts, 1) if marker in text)
        # Only the page's printed part: the words' bounding box (in points), plus a margin.
        box = run("pdftotext", "-f", str(page), "-l", str(page), "-bbox", pdf, "-")
        words = [[float(v) * _DPI / 72 for v in m] for m in _WORD_BOX.findall(box)]
        left, top = (int(min(w[i] for w in words)) - 12 for i in (0, 1))
        right, bottom = (int(max(w[i] for w in words)) + 12 for i in (2, 3))
        crop = ("-x", str(left), "-y", str(top), "-W", str(right - left), "-H", str(bottom - top))
        at = ("-r", str(_DPI), "-f", str(page), "-l", str(page), "-png", "-singlefile")
        run("pdftoppm", *at, *crop, pdf, shots / name)
        assert (shots / f"{name}.png").stat().st_size > 10_000


_DPI = 200
_WORD_BOX = re.compile(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"')


def run(*command: str | Path) -> str:
    """Run a program; return what it printed."""
    done = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout
