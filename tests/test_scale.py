"""The development scale of the groups' reporting of 2016 (seed 001), as data: every area, step
and example verbatim, the groups the examples name resolved to regions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import elo_coord
from elo_coord import MatrixFileError, load_scale, scale_frame
from elo_coord._frames import SCALE_FRAME_SCHEMA

from .conftest import MATRICES, SEEDS

SCALE = MATRICES / "monitoring" / "scale-2016.yaml"
REPORT = SEEDS / "001_24916d0ef3286bef.txt"


@pytest.fixture(scope="module")
def scale() -> elo_coord.Scale:
    return load_scale(SCALE)


def test_the_scale_has_the_eight_areas_of_the_report_in_its_order(scale: elo_coord.Scale) -> None:
    # Seed 001's headings, in order: three under the first theme, three under "Viestintä ja
    # sitoutuminen", the evaluation, and the network's continuation under "Lisänäkökulmia".
    assert [area.title for area in scale.areas] == [
        "Monikanavaisten TNO-palvelujen kehittämistyön tukeminen",
        "Alueellisten resurssit, yhteistyö- rakenteet, työnjako, palvelujen saatavuus",
        "Ohjausosaamisen kehittäminen",
        "Viestintä",
        "Toimeenpanoon osallistaminen",
        "Monialaisten TNO-palvelujen (Ohjaamot) kehittämistyö",
        "Alueellisen elinikäisen ohjauksen vision ja strategian toteutumisen arviointi",
        "ELO-VERKOSTON JATKUMISEEN JA KEHITTÄMISEEN VALMISTAUTUMINEN",
    ]
    assert [area.theme for area in scale.areas].count("VIESTINTÄ JA SITOUTUMINEN") == 3
    assert (scale.source, scale.year) == ("S001", 2016)


def test_every_area_has_steps_one_to_four_but_the_first_which_the_report_stops_at_three(
    scale: elo_coord.Scale,
) -> None:
    steps = {area.id: [step.step for step in area.steps] for area in scale.areas}
    assert steps.pop("monikanavaiset-palvelut") == [1, 2, 3]
    assert set(map(tuple, steps.values())) == {(1, 2, 3, 4)}
    communication = next(area for area in scale.areas if area.id == "viestinta")
    assert [step.title for step in communication.steps] == [
        "Asiat käsitellään kokouksissa ja tilaisuuksissa",
        "Asioista tiedotetaan sähköpostilla",
        "Asioista tiedotetaan verkossa",
        "Asioista tiedotetaan (ja keskustellaan) sosiaalisessa mediassa",
    ]


def test_the_names_in_the_examples_stand_for_their_regions(scale: elo_coord.Scale) -> None:
    examples = {
        example.text: example.regions
        for area in scale.areas
        for step in area.steps
        for example in step.examples
    }
    # POPELY is the Pohjois-Pohjanmaa ELY centre; HÄME the Häme ELY centre's two regions;
    # KAAKKOIS-SUOMI the Kaakkois-Suomi ELY centre's two (regions.yaml, aliases).
    assert examples["ELO-koordinaattorin jalkautuminen alueella (POPELY)"] == ("pohjois-pohjanmaa",)
    assert examples["ELO-ryhmien yhteiset kokoukset (HÄME & KAAKKOIS-SUOMI)"] == (
        "kanta-hame",
        "paijat-hame",
        "kymenlaakso",
        "etela-karjala",
    )
    websites = "ELO-ryhmien omien verkkoympäristöjen aktiivinen ylläpito"
    assert examples[f"{websites} (ESA, KAAKKOIS-SUOMI, KSELY, PKELY)"] == (
        "etela-savo",
        "kymenlaakso",
        "etela-karjala",
        "keski-suomi",
        "pohjois-karjala",
    )
    # A parenthesis that names no group names no region.
    web = "Asioista tiedotetaan verkossa"
    assert examples[f"{web} (ELO-tori, ELY-keskuksen verkkosivut, ELO-ryhmien sivut)"] == ()


@pytest.mark.skipif(not REPORT.is_file(), reason="needs ../shared/seeds (the source documents)")
def test_every_heading_step_and_example_is_the_reports_text_verbatim(
    scale: elo_coord.Scale,
) -> None:
    lines = [line.rstrip() for line in REPORT.read_text(encoding="utf-8").splitlines()]
    text = "\n".join(lines)
    for area in scale.areas:
        assert area.heading in text
        assert area.theme in text
        for step in area.steps:
            assert f"## {step.title}" in text
            for example in step.examples:
                assert example.text in text
    # Every bullet of the report is an example of the scale: 63, none left out, none added.
    bullets = [
        re.sub(r"^(?:- )?(?:\d+ - )?", "", line.strip().removeprefix("- "))
        for line in lines
        if re.match(r"^\s*- ", line) and not re.fullmatch(r"\s*- \d+", line)
    ]
    examples = [e.text for area in scale.areas for step in area.steps for e in step.examples]
    assert len(examples) == 63
    assert sorted(examples) == sorted(bullets)


def test_the_scale_is_a_tidy_frame_a_line_per_example(scale: elo_coord.Scale) -> None:
    frame = scale_frame(scale)
    assert frame.schema == SCALE_FRAME_SCHEMA
    assert frame.height == 63  # every step of the report has at least one example
    assert frame.filter(frame["example"].is_null()).height == 0
    lapland = frame.filter(frame["regions"].list.contains("lappi"))
    assert lapland.get_column("area_id").to_list() == [
        "monikanavaiset-palvelut",
        "toimeenpano",
        "jatkuvuus",
    ]


def broken(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "matrices"
    (folder / "monitoring").mkdir(parents=True)
    for name in ("sources.yaml", "bodies.yaml", "regions.yaml", "groups.yaml"):
        (folder / name).write_bytes((MATRICES / name).read_bytes())
    text = SCALE.read_text(encoding="utf-8")
    assert old in text
    path = folder / "monitoring" / "scale-2016.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("regions: [pohjois-pohjanmaa]", "regions: [lappi]", "stand for ['pohjois-pohjanmaa']"),
        ("regions: [lappi]", "regions: [lapland]", "unknown region 'lapland'"),
        ("source: S001", "source: S999", "unknown source 'S999'"),
        ("id: scale-2016", "id: scale-2017", "differs from the file name"),
        ("      - step: 2\n", "      - step: 5\n", "less than or equal to 4"),
    ],
)
def test_a_broken_scale_is_one_line_naming_the_place(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(MatrixFileError) as error:
        load_scale(broken(tmp_path, old, new))
    text = str(error.value)
    assert text.startswith(str(tmp_path / "matrices" / "monitoring" / "scale-2016.yaml") + ":")
    assert message in text
    assert "\n" not in text


def test_validate_checks_the_scale_with_the_matrices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from elo_coord._cli import main

    path = broken(tmp_path, "regions: [lappi]", "regions: [lapland]")
    assert main(["validate", str(path.parent.parent)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:" in out
    assert "unknown region 'lapland'" in out
