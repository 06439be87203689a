"""Loading, dumping and saving matrix files; bad input gives one line a person can act on."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import elo_coord
from elo_coord import FileChangedError, Matrix, MatrixFileError
from elo_coord._io import SCHEMAS, json_schema

from .conftest import DATA, MATRICES

BAD = DATA / "bad"

# Each bad file with the one line it must produce, worked out from the file by hand.
EXPECTED_ERRORS = {
    "unknown-key": (
        11,
        "unknown key 'reginal' at rows[0].reginal — did you mean 'regional'?",
    ),
    "duplicate-key": (
        7,
        "YAML syntax: duplicate key 'title' (first on line 5); "
        "remove one, or the later one would silently win",
    ),
    "syntax": (10, "YAML syntax: did not find expected ',' or ']'"),
    "missing-key": (1, "missing key 'date' — add it"),
    "bad-role": (
        11,
        "input should be 'lead' or 'partner', got 'leader' at rows[0].regional.bodies[0].role",
    ),
    "unknown-body": (
        15,
        "unknown body 'TE-toimsto' at rows[1].regional.bodies[1].body"
        " — did you mean 'TE-toimistot'?",
    ),
    "alias-body": (
        10,
        "unknown body 'ELY-keskus' at rows[0].regional.bodies[0].body"
        " — 'ELY-keskus' is another name for 'ELY'; write the id",
    ),
    "alias-region": (
        6,
        "unknown region 'POPELY' at proposers[0]"
        " — 'POPELY' is another name for 'pohjois-pohjanmaa'; write the id",
    ),
    "task-body": (
        14,
        "unknown body 'kunnta' at rows[0].regional.tasks[1].bodies[0] — did you mean 'kunnat'?",
    ),
    "unknown-strategy": (
        3,
        "unknown strategy 'elo-2020-2032' at strategy — did you mean 'elo-2020-2023'?",
    ),
    "id-mismatch": (
        1,
        "id 'lappi' differs from the file name 'id-mismatch.yaml' at id"
        " — rename the file to lappi.yaml or set id: id-mismatch",
    ),
    "bad-date": (4, "'25.3.2022' is not a date at date — write dates as YYYY-MM-DD"),
    "not-utf8": (5, "the file is not UTF-8 — save it as UTF-8 in your editor"),
    "empty": (None, "the file is empty — it should hold a Matrix record"),
    "a-list": (1, "the file is a list, not a mapping of keys — it should hold a Matrix record"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED_ERRORS))
def test_a_bad_file_gives_one_line_with_file_line_place_and_fix(name: str) -> None:
    line, message = EXPECTED_ERRORS[name]
    path = BAD / f"{name}.yaml"
    with pytest.raises(MatrixFileError) as caught:
        elo_coord.load_matrix(path)
    text = str(caught.value)
    assert "\n" not in text
    prefix = f"{path}:{line}: " if line is not None else f"{path}: "
    assert text.startswith(prefix + message)
    assert caught.value.line == line


def test_every_bad_file_in_the_corpus_has_an_expected_error() -> None:
    assert {p.stem for p in BAD.glob("*.yaml")} == set(EXPECTED_ERRORS)


def test_every_shipped_matrix_survives_load_dump_load(
    registry: elo_coord.Registry, tmp_path: Path
) -> None:
    paths = sorted(MATRICES.glob("*/*.yaml"))
    paths = [p for p in paths if p.parent.name in {"baseline", "proposals"}]
    assert len(paths) >= 13
    for path in paths:
        matrix = elo_coord.load_matrix(path, registry=registry)
        text = elo_coord.dump_matrix(matrix)
        copy = tmp_path / path.name
        copy.write_text(text, encoding="utf-8")
        again = elo_coord.load_matrix(copy, registry=registry)
        assert again == matrix, path
        assert elo_coord.dump_matrix(again) == text, path


def test_a_file_that_names_groups_is_written_without_the_regions_they_imply(
    registry: elo_coord.Registry,
) -> None:
    joint = elo_coord.load_matrix(MATRICES / "proposals" / "pohjanmaa-keski-pohjanmaa.yaml")
    assert joint.proposers == ("pohjanmaa", "keski-pohjanmaa")
    text = elo_coord.dump_matrix(joint)
    assert "groups: [elo-pohjanmaa, elo-keski-pohjanmaa]\n" in text
    assert "proposers" not in text


def test_a_dumped_matrix_writes_partners_as_bare_ids_and_leads_as_records() -> None:
    matrix = Matrix.model_validate(
        {
            "id": "x",
            "kind": "proposal",
            "strategy": "elo-2020-2023",
            "date": "2022-03-18",
            "title": "Esimerkki",
            "proposers": ["lappi"],
            "rows": [
                {
                    "row": "T4.1",
                    "national": {"bodies": ["OKM", {"body": "TEM", "role": "lead"}]},
                    "regional": {
                        "bodies": ["ELY"],
                        "tasks": ["Yksi", {"text": "Kaksi", "bodies": ["ELY"]}],
                    },
                    "quotes": ["Lainaus"],
                }
            ],
        }
    )
    assert elo_coord.dump_matrix(matrix) == (
        "id: x\n"
        "kind: proposal\n"
        "strategy: elo-2020-2023\n"
        "date: 2022-03-18\n"
        "title: Esimerkki\n"
        "proposers: [lappi]\n"
        "rows:\n"
        "  - row: T4.1\n"
        "    national:\n"
        "      bodies: [OKM, {body: TEM, role: lead}]\n"
        "      tasks: []\n"
        "    regional:\n"
        "      bodies: [ELY]\n"
        "      tasks:\n"
        "        - Yksi\n"
        "        - text: Kaksi\n"
        "          bodies: [ELY]\n"
        "    quotes:\n"
        "      - Lainaus\n"
    )


texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda text: text.strip() != "")  # a blank text is refused
ids = st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,8}", fullmatch=True)


@st.composite
def questions(draw: st.DrawFn) -> dict[str, object]:
    return {
        "row": draw(ids),
        "level": draw(st.sampled_from(["national", "regional"])),
        "body": draw(st.none() | ids),
        "status": draw(st.sampled_from(["contested", "minority"])),
        "regions": draw(st.lists(ids, max_size=2)),
        "note": draw(st.none() | texts),
    }


@st.composite
def matrices(draw: st.DrawFn) -> Matrix:
    def cell() -> dict[str, object]:
        roles = st.sampled_from(["lead", "partner"])
        few_ids = st.lists(ids, max_size=2)
        bodies = draw(st.lists(st.tuples(ids, roles, few_ids), max_size=3))
        tasks = draw(st.lists(st.tuples(texts, few_ids, few_ids), max_size=3))
        return {
            "bodies": [{"body": b, "role": r, "regions": rs} for b, r, rs in bodies],
            "tasks": [{"text": t, "bodies": bs, "regions": rs} for t, bs, rs in tasks],
        }

    rows = [
        {
            "row": draw(ids),
            "national": cell(),
            "regional": cell(),
            "note": draw(st.none() | texts),
            "quotes": draw(st.lists(texts, max_size=2)),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    return Matrix.model_validate(
        {
            "id": draw(ids),
            "kind": draw(st.sampled_from(["baseline", "proposal", "synthesis"])),
            "strategy": draw(ids),
            "date": draw(st.dates()),
            "title": draw(texts),
            "source": draw(st.none() | texts),
            "proposers": draw(st.lists(ids, max_size=3)),
            "respondent": draw(st.sampled_from([None, "group", "coordinator"])),
            "illustrative": draw(st.booleans()),
            "declined": draw(st.booleans()),
            "note": draw(st.none() | texts),
            "rows": rows,
            "questions": draw(st.lists(questions(), max_size=2)),
        }
    )


@settings(max_examples=150, deadline=None)
@given(matrices())
def test_dump_then_load_gives_the_same_matrix_for_any_text(matrix: Matrix) -> None:
    import yaml

    assert Matrix.model_validate(yaml.safe_load(elo_coord.dump_matrix(matrix))) == matrix


def test_save_writes_the_file_and_a_second_save_needs_the_text_it_replaces(tmp_path: Path) -> None:
    matrix = elo_coord.load_matrix(MATRICES / "proposals" / "lappi.yaml")
    path = tmp_path / "lappi.yaml"
    first = elo_coord.save_matrix(matrix, path)
    assert path.read_text(encoding="utf-8") == first
    assert elo_coord.load_matrix(path) == matrix
    changed = matrix.model_copy(update={"title": "Uusi otsikko"})
    second = elo_coord.save_matrix(changed, path, expected=first)
    assert elo_coord.load_matrix(path).title == "Uusi otsikko"
    assert second != first


def test_save_refuses_to_overwrite_a_file_that_changed_on_disk(tmp_path: Path) -> None:
    matrix = elo_coord.load_matrix(MATRICES / "proposals" / "lappi.yaml")
    path = tmp_path / "lappi.yaml"
    read = elo_coord.save_matrix(matrix, path)
    path.write_text(read + "# someone else's edit\n", encoding="utf-8")
    with pytest.raises(FileChangedError, match="changed on disk since it was read"):
        elo_coord.save_matrix(matrix, path, expected=read)
    assert path.read_text(encoding="utf-8").endswith("# someone else's edit\n")


def test_save_refuses_to_replace_an_existing_file_it_was_not_told_about(tmp_path: Path) -> None:
    path = tmp_path / "lappi.yaml"
    path.write_text("mine\n", encoding="utf-8")
    matrix = elo_coord.load_matrix(MATRICES / "proposals" / "lappi.yaml")
    with pytest.raises(FileChangedError, match="exists already"):
        elo_coord.save_matrix(matrix, path)
    assert path.read_text(encoding="utf-8") == "mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["lappi.yaml"]  # no temporary left behind


def test_a_file_saved_in_the_registry_folder_points_editors_at_the_schema(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(MATRICES, tmp_path / "matrices")
    matrix = elo_coord.load_matrix(MATRICES / "proposals" / "lappi.yaml")
    target = tmp_path / "matrices" / "proposals" / "lappi-copy.yaml"
    text = elo_coord.save_matrix(matrix.model_copy(update={"id": "lappi-copy"}), target)
    assert text.startswith("# yaml-language-server: $schema=../schemas/matrix.schema.json\n")


def test_load_matrices_reads_every_matrix_under_a_folder_but_not_the_registry() -> None:
    loaded = elo_coord.load_matrices(MATRICES)
    kinds = {m.kind for m in loaded}
    assert kinds == {"baseline", "proposal"}
    assert "tno-2022" in {m.id for m in loaded}


def test_load_matrices_rejects_two_files_with_one_id(tmp_path: Path) -> None:
    source = (MATRICES / "proposals" / "lappi.yaml").read_text(encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "lappi.yaml").write_text(source, encoding="utf-8")
    (tmp_path / "b" / "lappi.yaml").write_text(source, encoding="utf-8")
    with pytest.raises(MatrixFileError, match="id 'lappi' is also used by"):
        elo_coord.load_matrices(tmp_path)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_the_shipped_json_schema_matches_the_models(name: str) -> None:
    shipped = MATRICES / "schemas" / f"{name}.schema.json"
    assert shipped.read_text(encoding="utf-8") == json_schema(name), (
        "regenerate with: elo-coord schemas matrices/schemas"
    )


def test_the_matrix_schema_tells_editors_a_body_may_be_a_bare_id() -> None:
    schema = json.loads(json_schema("matrix"))
    items = schema["$defs"]["Cell"]["properties"]["bodies"]["items"]
    (bare,) = [item for item in items["anyOf"] if item.get("type") == "string"]
    assert re.fullmatch(bare["pattern"], "TE-toimistot")
    assert not re.fullmatch(bare["pattern"], "ELY+AVI")  # the slides' shorthand is two ids
    assert schema["$defs"]["Assignment"]["additionalProperties"] is False
