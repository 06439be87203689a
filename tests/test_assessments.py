"""A year's assessments of the groups on the development scale, and the scale's own examples,
as one tidy frame of ratings; the shipped years are illustrative and say so."""

from __future__ import annotations

from pathlib import Path

import pytest

from elo_coord import (
    Assessor,
    MatrixFileError,
    load_assessments,
    load_scale,
    ratings,
)
from elo_coord._frames import RATING_SCHEMA

from .conftest import MATRICES

MONITORING = MATRICES / "monitoring"
YEAR_2017 = MONITORING / "assessments" / "kuvitteellinen-2017.yaml"
YEAR_2018 = MONITORING / "assessments" / "kuvitteellinen-2018.yaml"


def test_the_shipped_years_are_illustrative_and_rate_on_the_2016_scale() -> None:
    for path in (YEAR_2017, YEAR_2018):
        year = load_assessments(path)
        assert year.illustrative
        assert year.scale == "scale-2016"
        assert "ILLUSTRATIVE" in path.read_text(encoding="utf-8").splitlines()[1]
    lappi = load_assessments(YEAR_2017).assessments[0]
    assert (lappi.group, lappi.by) == ("elo-lappi", Assessor.SELF)
    assert lappi.areas["jatkuvuus"].step == 4


def test_ratings_hold_the_assessments_and_the_examples_each_for_what_it_is() -> None:
    scale = load_scale(MONITORING / "scale-2016.yaml")
    frame = ratings(scale, [load_assessments(YEAR_2017), load_assessments(YEAR_2018)])
    assert frame.schema == RATING_SCHEMA
    # 2017: Lappi 8 + 3 (the researcher), Uusimaa 8, Keski-Suomi 8, Pohjois-Karjala 8 = 35;
    # 2018: three groups of 8 = 24. The scale's examples that name groups: 26 of 63.
    counts = dict(frame.group_by("year", "kind").len().select("year", "len").iter_rows())
    assert counts == {2016: 26, 2017: 35, 2018: 24}
    examples = frame.filter(frame["kind"] == "example")
    assert set(examples.get_column("by")) == {"source"}
    assert examples.get_column("group_id").null_count() == 26  # an example rates no group
    popely = examples.filter(examples["evidence"].str.ends_with("(POPELY)"))
    assert popely.select("area_id", "step", "regions").row(0) == (
        "yhteistyorakenteet",
        3,
        ["pohjois-pohjanmaa"],
    )
    lappi = frame.filter((frame["group_id"] == "elo-lappi") & (frame["area_id"] == "viestinta"))
    assert sorted(lappi.select("year", "by", "step").rows()) == [
        (2017, "researcher", 3),
        (2017, "self", 3),
        (2018, "self", 4),
    ]
    assert lappi.get_column("regions").to_list() == [["lappi"]] * 3
    assert frame.filter(frame["kind"] == "assessment").get_column("illustrative").all()


def year_with(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "matrices"
    (folder / "monitoring" / "assessments").mkdir(parents=True)
    for name in ("sources.yaml", "bodies.yaml", "regions.yaml", "groups.yaml"):
        (folder / name).write_bytes((MATRICES / name).read_bytes())
    scale = MONITORING / "scale-2016.yaml"
    (folder / "monitoring" / scale.name).write_bytes(scale.read_bytes())
    text = YEAR_2017.read_text(encoding="utf-8")
    assert old in text
    path = folder / "monitoring" / "assessments" / YEAR_2017.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  - group: elo-uusimaa", "  - group: elo-usimaa", "unknown group 'elo-usimaa'"),
        ("      viestinta: {step: 3}", "      viestinnta: {step: 3}", "no area 'viestinnta'"),
        (
            "      monikanavaiset-palvelut: {step: 1}",
            "      monikanavaiset-palvelut: {step: 4}",
            "area 'monikanavaiset-palvelut' has steps 1–3, not 4",
        ),
        ("scale: scale-2016", "scale: scale-2020", "no scale 'scale-2020'"),
        ("  - group: elo-uusimaa", "  - group: elo-lappi", "twice: elo-lappi (self)"),
        ("    by: researcher", "    by: tutkija", "'self' or 'researcher'"),
    ],
)
def test_a_broken_year_is_one_line_naming_the_place(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(MatrixFileError) as error:
        load_assessments(year_with(tmp_path, old, new))
    text = str(error.value)
    assert text.startswith(str(tmp_path / "matrices" / "monitoring" / "assessments"))
    assert message in text
    assert "\n" not in text


def test_validate_checks_the_years_of_assessments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from elo_coord._cli import main

    path = year_with(tmp_path, "  - group: elo-uusimaa", "  - group: elo-usimaa")
    assert main(["validate", str(tmp_path / "matrices")]) == 1
    assert f"{path}:" in capsys.readouterr().out


def test_the_heatmap_draws_each_groups_steps_for_the_year_and_says_they_are_invented() -> None:
    from elo_coord.charts import ratings_heatmap, render_svg

    scale = load_scale(MONITORING / "scale-2016.yaml")
    rated = ratings(scale, [load_assessments(YEAR_2017), load_assessments(YEAR_2018)])
    spec = ratings_heatmap(rated, scale, year=2018).to_dict()
    (values,) = spec["datasets"].values()
    # 2018: Lappi, Uusimaa and Pohjois-Karjala rate themselves in all eight areas; no examples.
    assert len(values) == 24
    cells = {(v["group"], v["area"]): (v["step"], v["evidence"]) for v in values}
    assert cells["Lapin ELO-ryhmä", "Viestintä"] == (
        4,
        "Tiedotus ja keskustelu sosiaalisessa mediassa (kuvitteellinen)",
    )
    assert cells["Pohjois-Karjalan ELO-ryhmä", "Ohjausosaamisen kehittäminen"] == (3, "")
    assert spec["title"]["text"] == "ELO-ryhmien kehittymisen tasot 2018 (itsearvio)"
    assert spec["title"]["subtitle"] == "Kuvitteellinen esimerkki, ei oikea arvio"
    researcher = ratings_heatmap(rated, scale, year=2017, by="researcher").to_dict()
    (values,) = researcher["datasets"].values()
    assert sorted((v["area"], v["step"]) for v in values) == [
        ("Alueellisen elinikäisen ohjauksen vision ja strategian toteutumisen arviointi", 1),
        ("Monikanavaisten TNO-palvelujen kehittämistyön tukeminen", 2),
        ("Viestintä", 3),
    ]
    svg = render_svg(ratings_heatmap(rated, scale, year=2017))
    assert "Keski-Suomen ELO-ryhmä" in svg
    assert "Kuvitteellinen esimerkki, ei oikea arvio" in svg


def test_the_change_view_draws_each_groups_steps_up_and_down_between_two_years() -> None:
    from elo_coord.charts import ratings_change

    scale = load_scale(MONITORING / "scale-2016.yaml")
    rated = ratings(scale, [load_assessments(YEAR_2017), load_assessments(YEAR_2018)])
    spec = ratings_change(rated, scale, first=2017, last=2018).to_dict()
    (values,) = spec["datasets"].values()
    # Keski-Suomi did not rate itself in 2018: three groups, eight areas each.
    assert len(values) == 24
    changes = {(v["group"], v["area"]): v["text"] for v in values}
    # By hand from the two files: Lappi's communication 3 → 4; Pohjois-Karjala's continuation
    # 4 → 3; Uusimaa's multichannel services 1 → 2; Lappi's guidance skills 2 → 2.
    assert changes["Lapin ELO-ryhmä", "Viestintä"] == "+1"
    assert changes["Pohjois-Karjalan ELO-ryhmä", scale.area("jatkuvuus").title] == "-1"
    assert changes["Uudenmaan ELO-ryhmä", scale.area("monikanavaiset-palvelut").title] == "+1"
    assert changes["Lapin ELO-ryhmä", "Ohjausosaamisen kehittäminen"] == "0"
    assert spec["title"]["text"] == "Muutos vuodesta 2017 vuoteen 2018 (itsearvio)"
