"""Who sits in the groups, and the good practices: loaded, checked, counted and said in words.

Counts are read by hand from ``matrices/monitoring/composition/kuvitteellinen-2014.yaml`` (12
groups) and ``matrices/monitoring/practices.yaml``.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

import elo_coord
from elo_coord import (
    MatrixFileError,
    composition_frame,
    load_composition,
    load_practices,
    practices_for,
    practices_frame,
    representation,
    representation_lines,
)

from .conftest import MATRICES, SEEDS

COMPOSITION = MATRICES / "monitoring" / "composition" / "kuvitteellinen-2014.yaml"
PRACTICES = MATRICES / "monitoring" / "practices.yaml"
GUIDE = SEEDS / "000_c8097cb7ae8b8278.txt"
PRACTICES_SEED = SEEDS / "003_e269f4fb8ff19a48.txt"


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_made_up_composition_says_it_is_illustrative_in_the_file_and_the_record() -> None:
    text = COMPOSITION.read_text(encoding="utf-8")
    assert text.splitlines()[1].startswith("# ILLUSTRATIVE")
    assert load_composition(COMPOSITION).illustrative


def test_a_line_per_group_tier_and_kind() -> None:
    frame = composition_frame(load_composition(COMPOSITION))
    # Uusimaa: 6 in its steering group, 10 in its network, 4 at the organisations, 3 ad hoc.
    uusimaa = frame.filter(pl.col("group_id") == "elo-uusimaa")
    assert uusimaa.group_by("tier_id", maintain_order=True).len().rows() == [
        ("johtoryhma", 6),
        ("verkosto", 10),
        ("organisaatio", 4),
        ("adhoc", 3),
    ]
    assert frame.schema == elo_coord.COMPOSITION_SCHEMA
    assert frame.filter(pl.col("kind_id") == "avi").get_column("body_id").unique().to_list() == [
        "AVI"
    ]


def test_representation_counts_the_groups_each_kind_sits_in_at_any_tier() -> None:
    shares = representation(load_composition(COMPOSITION))
    counts = dict(shares.select("kind_id", "groups").iter_rows())
    # Companies: Uusimaa's ad hoc group and Pohjois-Pohjanmaa's network and ad hoc group.
    assert counts["yritykset"] == 2
    # Projects: Satakunta, Etelä-Savo and Keski-Suomi.
    assert counts["hankkeet"] == 3
    # AVI: eight steering groups, and the networks of Päijät-Häme and Etelä-Savo.
    avi = shares.filter(pl.col("kind_id") == "avi").row(0, named=True)
    assert (avi["groups"], avi["steering"], avi["total"], avi["band"]) == (10, 8, 12, "most_often")
    assert counts["ely"] == 12
    assert shares.get_column("groups").to_list() == sorted(shares.get_column("groups"))[::-1]


def test_the_bands_follow_the_share_three_in_four_and_over_half() -> None:
    shares = representation(load_composition(COMPOSITION))
    bands = dict(shares.select("kind_id", "band").iter_rows())
    assert bands["avi"] == "most_often"  # 10/12 ≥ 3/4
    assert bands["kunta-sosiaali-terveys"] == "over_half"  # 7/12
    assert bands["elinkeinoelama"] == "less_often"  # 5/12
    # The made-up data was made to agree with the guide's statement, kind by kind.
    assert shares.filter(pl.col("band") != pl.col("published")).height == 0


def test_the_summary_says_the_bands_in_words_with_counts_and_the_sources_verdict() -> None:
    lines = representation_lines(load_composition(COMPOSITION))
    assert lines[0] == "Kuvitteellinen esimerkki 12 ryhmästä, ei oikeaa aineistoa."
    assert lines[1].startswith("Useimmin edustettuina (vähintään 3/4 ryhmistä): ELY-keskus 12/12")
    assert "aluehallintovirasto 10/12" in lines[1]
    assert lines[2].startswith("Yli puolessa ryhmistä: kunnan nuorisotoimi 8/12")
    assert lines[3].endswith("hankkeet 3/12, yritykset 2/12.")
    assert lines[4] == "Lähde (S000) sijoittaa jokaisen toimijatyypin samoin."


def test_a_kind_the_data_bands_otherwise_than_the_source_is_named(tmp_path: Path) -> None:
    composition = load_composition(COMPOSITION)
    # Take AVI out of every group but two: the source says most often, the data less often.
    groups = [
        m.model_copy(
            update={
                "tiers": {
                    t: tuple(
                        k for k in kinds if k != "avi" or m.group in {"elo-lappi", "elo-uusimaa"}
                    )
                    for t, kinds in m.tiers.items()
                }
            }
        )
        for m in composition.groups
    ]
    changed = composition.model_copy(update={"groups": tuple(groups)})
    lines = representation_lines(changed, lang="en")
    assert (
        lines[-1]
        == "S000: aluehallintovirasto is most often in the source, less often in the data."
    )


def test_an_unknown_group_kind_or_body_is_one_line(folder: Path) -> None:
    path = folder / "monitoring" / "composition" / "kuvitteellinen-2014.yaml"
    text = path.read_text(encoding="utf-8")
    for wrong, message in (
        ("- group: elo-lappi", "unknown group 'elo-lapi'"),
        ("body: AVI", "unknown body 'AVII'"),
        ("adhoc: [te-toimistot, ammatillinen-koulutus, yritykset]", "unknown kinds yrityks"),
    ):
        broken = {
            "- group: elo-lappi": "- group: elo-lapi",
            "body: AVI": "body: AVII",
            "adhoc: [te-toimistot, ammatillinen-koulutus, yritykset]": (
                "adhoc: [te-toimistot, ammatillinen-koulutus, yrityks]"
            ),
        }[wrong]
        path.write_text(text.replace(wrong, broken, 1), encoding="utf-8")
        with pytest.raises(MatrixFileError) as caught:
            load_composition(path)
        line = str(caught.value)
        assert message in line
        assert "\n" not in line
        assert re.match(rf"{re.escape(str(path))}:\d+", line)


def test_validate_checks_the_composition_and_the_practices(folder: Path) -> None:
    from elo_coord._cli import main

    path = folder / "monitoring" / "practices.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("rows: [T1.1c]", "rows: [T1.1x]", 1),
        encoding="utf-8",
    )
    assert main(["validate", str(folder)]) == 1


def test_the_practices_name_rows_areas_and_groups_that_exist() -> None:
    catalogue = load_practices(PRACTICES)
    frame = practices_frame(catalogue)
    # 2 good practices and 7 targets of the guide's page; 8 + 8 + 4 measures of its three cases.
    assert frame.group_by("kind", maintain_order=True).len().rows() == [
        ("practice", 2),
        ("target", 7),
        ("measure", 20),
    ]
    cases = frame.filter(pl.col("kind") == "measure").group_by("case", maintain_order=True)
    assert cases.agg(pl.col("groups").first()).rows() == [
        ("Case 1", ["elo-pohjois-karjala"]),
        ("Case 2", ["elo-keski-suomi"]),
        ("Case 3", ["elo-pohjois-savo"]),
    ]


def test_a_practice_unknown_row_is_one_line_with_a_suggestion(folder: Path) -> None:
    path = folder / "monitoring" / "practices.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("areas: [ohjaamot]", "areas: [ohjaamo]", 1),
        encoding="utf-8",
    )
    with pytest.raises(MatrixFileError, match="unknown area of the scale 'ohjaamo'") as caught:
        load_practices(path)
    assert "did you mean 'ohjaamot'" in str(caught.value)


def test_a_rows_practices_are_those_named_for_it_its_goal_or_its_theme() -> None:
    catalogue = load_practices(PRACTICES)
    strategy = elo_coord.default_registry().strategy("elo-2020-2023")
    # T1.1c itself: the Ohjaamo model (Case 1) and multiprofessional guidance (Case 2); its goal
    # T1.1: the map of guidance services (Case 1).
    assert [p.id for p in practices_for(catalogue, strategy, "T1.1c")] == [
        "pk-ohjauspalvelujen-kartasto",
        "pk-ohjaamo-toimintamalli",
        "ks-moniammatillinen-ohjaus",
    ]
    assert practices_for(catalogue, strategy, "T9.9") == []


@pytest.mark.skipif(not GUIDE.is_file(), reason="needs ../shared/seeds (the source documents)")
def test_every_text_is_verbatim_from_its_source() -> None:
    seeds = {"S000": flat(GUIDE.read_text(encoding="utf-8")), "S003": ""}
    seeds["S003"] = flat(PRACTICES_SEED.read_text(encoding="utf-8"))
    for practice in load_practices(PRACTICES).practices:
        assert flat(practice.text) in seeds[practice.source], practice.id
    composition = load_composition(COMPOSITION)
    assert composition.published is not None
    assert flat(composition.published.text) in seeds["S000"]
    # The seed's bullet texts break lines and carry no-break spaces; flat() evens both out.
    for tier in composition.tiers:
        assert tier.text is not None
        assert flat(tier.text) in seeds["S000"].replace("\u00a0", " "), tier.id


def test_the_forum_report_has_a_monitoring_part_only_when_the_data_has_assessments(
    folder: Path,
) -> None:
    pytest.importorskip("vl_convert")
    proposals = elo_coord.load_matrices(folder / "proposals")
    baseline = elo_coord.load_matrix(folder / "baseline" / "tno-2022.yaml")
    page = elo_coord.render_report(
        proposals, baseline, registry=elo_coord.load_registry(folder), lang="en"
    )
    part = page[page.index('<section class="part" id="monitoring">') :]
    part = part[: part.index("</section>")]
    assert '<a href="#monitoring">Monitoring the groups</a>' in page
    assert "The monitoring&#39;s assessments and make-up are illustrative examples" in part
    assert part.count("<svg") == 4  # the ratings, their change, the steps by area, the make-up
    assert "Less often (in half of the groups or fewer): elinkeinoelämän järjestöt 5/12" in part
    for path in (folder / "monitoring" / "assessments").glob("*.yaml"):
        path.unlink()
    page = elo_coord.render_report(
        proposals, baseline, registry=elo_coord.load_registry(folder), lang="en"
    )
    assert 'id="monitoring"' not in page
