"""The registry is true as of today and finds what people type."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import elo_coord
from elo_coord import Confidence, Level, MatrixFileError, RegistryError

from .conftest import MATRICES

TODAY = dt.date(2026, 11, 23)


def test_the_bodies_on_the_forum_slides_are_all_registered(registry: elo_coord.Registry) -> None:
    on_slides = {"OKM", "TEM", "OPH", "JOTPA", "KEHA", "ELY", "AVI", "kunnat", "TE-toimistot"}
    on_slides |= {"kirjastot", "oppilaitokset", "kolmas-sektori"}
    assert on_slides <= set(registry.bodies)


def test_the_2025_and_2026_reforms_are_in_the_dates(registry: elo_coord.Registry) -> None:
    ended = {
        "TE-toimistot": dt.date(2024, 12, 31),
        "ELY": dt.date(2025, 12, 31),
        "AVI": dt.date(2025, 12, 31),
        "KEHA": dt.date(2025, 12, 31),
    }
    for body_id, last_day in ended.items():
        assert registry.body(body_id).valid_to == last_day
    assert registry.body("elinvoimakeskukset").valid_from == dt.date(2026, 1, 1)
    assert registry.body("LVV").valid_from == dt.date(2026, 1, 1)
    assert registry.body("KEHA-2026").valid_from == dt.date(2026, 1, 1)
    assert registry.body("tyollisyysalueet").valid_from == dt.date(2025, 1, 1)


def test_bodies_valid_today_exclude_the_abolished_ones(registry: elo_coord.Registry) -> None:
    today = {body.id for body in registry.valid_bodies(TODAY)}
    assert not today & {"TE-toimistot", "ELY", "AVI", "KEHA"}
    assert {"elinvoimakeskukset", "LVV", "KEHA-2026", "tyollisyysalueet", "OKM"} <= today


def test_successions_are_many_to_many_where_tasks_were_split(registry: elo_coord.Registry) -> None:
    def successors(body_id: str) -> set[str]:
        return {s.body for s in registry.body(body_id).successors}

    assert successors("KEHA") == {"KEHA-2026"}
    assert successors("ELY") == {"elinvoimakeskukset", "LVV"}
    assert successors("AVI") == {"LVV", "elinvoimakeskukset"}
    assert "tyollisyysalueet" in successors("TE-toimistot")
    # LVV inherits from both ELY and AVI: many-to-many.
    inheritors = [b.id for b in registry.bodies.values() if "LVV" in {s.body for s in b.successors}]
    assert sorted(inheritors) == ["AVI", "ELY"]


def test_the_unverified_avi_to_elinvoimakeskus_succession_is_marked_low(
    registry: elo_coord.Registry,
) -> None:
    (succession,) = [s for s in registry.body("AVI").successors if s.body == "elinvoimakeskukset"]
    assert succession.confidence is Confidence.LOW


def test_a_body_level_matches_where_it_works(registry: elo_coord.Registry) -> None:
    assert registry.body("OKM").level is Level.NATIONAL
    assert registry.body("LVV").level is Level.NATIONAL
    assert registry.body("ELY").level is Level.REGIONAL
    assert registry.body("kunnat").level is Level.LOCAL


def test_jotpa_is_a_unit_of_oph(registry: elo_coord.Registry) -> None:
    assert registry.body("JOTPA").parent == "OPH"


def test_there_are_eighteen_mainland_regions_and_aland(registry: elo_coord.Registry) -> None:
    codes = [region.code for region in registry.regions.values()]
    assert len(codes) == 19
    assert codes[-1] == "MK21"
    assert registry.region("ahvenanmaa").names.sv == "Åland"
    assert registry.region("paijat-hame").names.fi == "Päijät-Häme"
    assert all(region.id.isascii() for region in registry.regions.values())


def test_bilingual_regions_are_flagged_with_their_confidence(registry: elo_coord.Registry) -> None:
    bilingual = {r.id for r in registry.regions.values() if r.bilingual}
    assert {"uusimaa", "varsinais-suomi", "pohjanmaa"} <= bilingual
    assert "lappi" not in bilingual
    assert registry.region("kymenlaakso").confidence_of("bilingual") is Confidence.LOW


def test_regions_carry_the_aliases_the_documents_use(registry: elo_coord.Registry) -> None:
    assert "POPELY" in registry.region("pohjois-pohjanmaa").aliases
    assert "KSELY" in registry.region("keski-suomi").aliases
    assert "Egentliga Finland" in registry.region("varsinais-suomi").aliases


def test_a_region_knows_the_network_the_2012_list_names(registry: elo_coord.Registry) -> None:
    assert registry.region("keski-suomi").network_2012 == (
        "Maakunnallinen ohjauksen kehittämisryhmä"
    )
    assert registry.region("kainuu").network_2012 == "Opinraittifoorumit"
    assert registry.region("pohjois-savo").network_2012 is None


def test_an_unknown_body_suggests_the_closest_id(registry: elo_coord.Registry) -> None:
    with pytest.raises(RegistryError, match="did you mean 'TE-toimistot'"):
        registry.body("TE-toimsto")


def test_an_alias_points_to_its_id(registry: elo_coord.Registry) -> None:
    hint = registry.hint("body", "ELY-keskus")
    assert hint == "'ELY-keskus' is another name for 'ELY'; write the id"
    assert "'kanta-hame' or 'paijat-hame'" in registry.hint("region", "HÄME")


def test_every_region_alias_points_somewhere_real(registry: elo_coord.Registry) -> None:
    for region in registry.regions.values():
        for alias in region.aliases:
            assert region.id in registry.hint("region", alias), alias


def test_facts_must_name_a_field_of_the_record() -> None:
    with pytest.raises(ValueError, match="facts names 'colour'"):
        elo_coord.Body.model_validate(
            {
                "id": "X",
                "level": "national",
                "kind": "agency",
                "names": {"fi": "x"},
                "facts": {"colour": {"confidence": "low"}},
            }
        )


def copy_registry(tmp_path: Path) -> Path:
    folder = tmp_path / "matrices"
    shutil.copytree(MATRICES, folder)
    return folder


def test_a_successor_that_is_not_a_body_is_an_error_with_its_line(tmp_path: Path) -> None:
    folder = copy_registry(tmp_path)
    bodies = folder / "bodies.yaml"
    text = bodies.read_text(encoding="utf-8").replace(
        "successors: [KEHA-2026]", "successors: [KEHA-2027]"
    )
    bodies.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    successors: [KEHA-2027]") + 1
    with pytest.raises(MatrixFileError) as caught:
        elo_coord.load_registry(folder)
    assert str(caught.value) == (
        f"{bodies}:{line}: unknown body 'KEHA-2027' at bodies[4].successors[0]"
        " — did you mean 'KEHA-2026'?"
    )


def test_a_cited_source_missing_from_the_catalogue_is_an_error(tmp_path: Path) -> None:
    folder = copy_registry(tmp_path)
    regions = folder / "regions.yaml"
    text = regions.read_text(encoding="utf-8")
    first_key = text.split("sources: [", 1)[1].split("]", 1)[0].split(",")[0]
    regions.write_text(text.replace(f"sources: [{first_key}", "sources: [NOPE", 1), "utf-8")
    with pytest.raises(MatrixFileError, match="unknown source 'NOPE'"):
        elo_coord.load_registry(folder)


def test_a_folder_without_registry_files_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="not a registry folder"):
        elo_coord.load_registry(tmp_path)


def test_a_registry_edited_while_the_process_runs_is_read_again(tmp_path: Path) -> None:
    shutil.copytree(MATRICES, tmp_path / "matrices")
    folder = tmp_path / "matrices"
    assert "Lappi" in elo_coord.load_registry(folder).regions["lappi"].names.fi
    regions = folder / "regions.yaml"
    regions.write_text(
        regions.read_text(encoding="utf-8").replace("fi: Lappi", "fi: Lapin maakunta"),
        encoding="utf-8",
    )
    assert elo_coord.load_registry(folder).regions["lappi"].names.fi == "Lapin maakunta"


def test_a_registry_folder_without_its_sources_is_an_error_not_the_shipped_registry(
    tmp_path: Path,
) -> None:
    shutil.copytree(MATRICES, tmp_path / "matrices")
    folder = tmp_path / "matrices"
    (folder / "sources.yaml").unlink()
    with pytest.raises(elo_coord.RegistryError, match=r"sources\.yaml missing"):
        elo_coord.load_matrix(folder / "proposals" / "lappi.yaml")


def test_the_avi_half_of_ely_avi_is_recorded_as_gone_to_lvv_with_its_source(
    registry: elo_coord.Registry,
) -> None:
    avi = registry.bodies["AVI"]
    lvv = next(s for s in avi.successors if s.body == "LVV")
    assert lvv.confidence is Confidence.HIGH
    assert "education and culture" in (lvv.note or "")
    assert "W-AVI-LVV-2025" in avi.sources
    assert "avi.fi/tiedote/-/tiedote/71276223" in registry.sources["W-AVI-LVV-2025"]


def test_the_oph_and_jotpa_reform_is_recorded_as_unverified_and_ends_nothing(
    registry: elo_coord.Registry,
) -> None:
    for body in ("OPH", "JOTPA"):
        record = registry.bodies[body]
        assert record.valid_to is None  # nothing migrates on the strength of a proposal
        assert record.facts["valid_to"].confidence is Confidence.LOW
        assert record.facts["valid_to"].sources == ("W-HE31-2025",)


def test_every_seed_document_is_a_source(registry: elo_coord.Registry) -> None:
    assert {"S000", "S001", "S002", "S003", "S004"} <= set(registry.sources)
