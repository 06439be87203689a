"""Hostile files: whatever a file holds, reading it ends in one line a person can act on.

No traceback, no hang, no crash, no memory blow-up. The small hostile files live in
tests/data/bad/hostile/ (each says what it is in its first line); the big ones (100,000 levels of
nesting, a 52 MB file) are made here, and everything that could hang or crash the interpreter runs
in a subprocess with a timeout, so that a regression fails a test instead of stopping the run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import elo_coord
from elo_coord import MatrixFileError
from elo_coord._cli import main

from .conftest import DATA, MATRICES

HOSTILE = DATA / "bad" / "hostile"

ANCHOR = "YAML anchors (&name) are not allowed"
DEEP = "the data nests more than 64 levels deep"
NOT_ALLOWED = "which YAML does not allow"
LONG_NUMBER = "numbers over 100 characters are refused"
NOT_A_MAPPING = "cannot be read as a mapping"
REAL_DATE = "write a real date as YYYY-MM-DD"
DATES = "write dates as YYYY-MM-DD"
BLANK = "the text is blank: write something, or leave the key out"
SYNTAX = "YAML syntax"
REGION = "unknown region 'atlantis'"

# Each hostile file with the line its error must name and words it must hold, worked out by hand
# from the file (line 1 of every file is a comment saying what it tries).
EXPECTED: dict[str, tuple[int | None, tuple[str, ...]]] = {
    # Values PyYAML's constructors fail on with ValueError, AttributeError, KeyError, TypeError.
    "date-february-30": (5, ("'2022-02-30' is not a date", "day is out of range", REAL_DATE)),
    "date-month-13": (5, ("'2022-13-45' is not a date", "month must be in 1..12", REAL_DATE)),
    "date-hour-25": (5, ("'2022-03-18T25:61:61Z' is not a date", "hour must be in 0..23")),
    "date-offset-99": (5, ("'2022-03-18 10:00:00 +99:99' is not a date", REAL_DATE)),
    "date-tag-on-word": (5, ("'soon' is not a date", REAL_DATE)),
    "date-in-a-task": (12, ("'2021-02-29' is not a date", "day is out of range")),
    "int-tag-on-word": (6, ("'many' is not a whole number", "remove the !!int tag")),
    "int-tag-on-empty": (6, ("'' is not a whole number",)),
    "float-tag-on-word": (6, ("'lots' is not a number", "remove the !!float tag")),
    "bool-tag-on-word": (12, ("'perhaps' is not true or false",)),
    "map-tag-on-scalar": (10, ("a scalar tagged !!map", NOT_A_MAPPING, "remove the tag")),
    "map-tag-on-list": (9, ("a list tagged !!map", NOT_A_MAPPING)),
    "map-tag-on-document": (2, ("a scalar tagged !!map", NOT_A_MAPPING)),
    "set-tag-on-scalar": (7, ("a scalar tagged !!set", NOT_A_MAPPING)),
    "seq-tag-on-scalar": (7, ("expected a sequence node, but found scalar", "no tags")),
    "str-tag-on-mapping": (6, ("expected a scalar node, but found mapping", "no tags")),
    "omap-tag-on-scalar": (6, ("expected a sequence, but found scalar", "ordered map")),
    "python-tag": (6, ("could not determine a constructor", "python/object/apply")),
    "local-tag": (6, ("could not determine a constructor for the tag '!secret'", "no tags")),
    "merge-of-a-scalar": (9, ("a merge key (<<) would copy values in", "write the keys out")),
    "merge-of-a-mapping": (7, ("a merge key (<<) would copy values in", "write the keys out")),
    "unhashable-key": (12, ("found unhashable key", "? keys")),
    # Numbers too long to convert (over 4,300 digits) or slow to convert (base 60).
    "int-5000-digits": (6, ("a number of 5,000 characters", LONG_NUMBER, "quote it")),
    "int-hex-200-digits": (6, ("a number of 202 characters", LONG_NUMBER)),
    "int-base-60": (6, ("a number of 359 characters", LONG_NUMBER)),
    "float-200-digits": (6, ("a number of 202 characters", LONG_NUMBER)),
    # Anchors and aliases: refused at the first one, before anything is expanded.
    "billion-laughs": (2, (ANCHOR, "write values out in full")),
    "alias-undefined": (6, ("YAML aliases (*name) are not allowed", "write the value out")),
    "anchor-on-a-value": (6, (ANCHOR,)),
    "alias-recursive": (9, (ANCHOR,)),
    "alias-in-a-merge": (12, (ANCHOR,)),
    # Nesting: the level-65 node's line.
    "deep-flow-lists": (2, (DEEP, "check the brackets")),
    "deep-flow-mappings": (2, (DEEP,)),
    "deep-block-lists": (66, (DEEP,)),
    "deep-block-mappings": (66, (DEEP,)),
    "deep-compact-lists": (2, (DEEP,)),
    # Characters YAML does not allow: named, on their line, in one line.
    "nul-in-title": (6, ("NUL (U+0000)", NOT_ALLOWED, "delete it")),
    "nul-at-the-end": (12, ("NUL (U+0000)", NOT_ALLOWED)),
    "escape-in-comment": (12, ("escape (U+001B)", NOT_ALLOWED)),
    "bell-after-cr-line-ends": (6, ("BEL (U+0007)", NOT_ALLOWED)),
    "del-in-key": (12, ("DEL (U+007F)", NOT_ALLOWED)),
    "c1-control": (6, ("the control character U+009B", NOT_ALLOWED)),
    "noncharacter-fffe": (6, ("the character U+FFFE", NOT_ALLOWED)),
    "vertical-tab": (6, ("vertical tab (U+000B)", NOT_ALLOWED)),
    "form-feed-line": (12, ("form feed (U+000C)", NOT_ALLOWED)),
    # Syntax PyYAML reports in its own words.
    "tab-indent": (10, ("YAML syntax", "tab character")),
    "two-documents": (12, ("expected a single document in the stream, but found another",)),
    "unclosed-quote": (12, ("found unexpected end of stream", "quoted scalar")),
    "lone-surrogate-escape": (6, ("invalid Unicode character escape code",)),
    "yaml-version-9": (1, ("found incompatible YAML document",)),
    "utf-16": (1, ("the file is not UTF-8", "save it as UTF-8")),
    "key-with-line-break": (12, ("unknown key 'bad\\nkey'", "at ['bad\\nkey']")),
    # Provenance and open questions in a synthesis name only rows, bodies and regions that exist.
    "provenance-unknown-region": (11, (f"{REGION} at rows[0].regional.bodies[0].regions[0]",)),
    "task-provenance-unknown-region": (
        12,
        (f"{REGION} at rows[0].regional.tasks[0].regions[0]",),
    ),
    "question-unknown-row": (13, ("unknown row 'T9.9' at questions[0].row",)),
    "question-level-local": (
        14,
        ("level 'local' is not a level of a matrix at questions[0].level", "national or regional"),
    ),
    "question-unknown-body": (
        15,
        ("unknown body 'oppilaitos' at questions[0].body", "did you mean 'oppilaitokset'?"),
    ),
    "question-unknown-region": (17, (f"{REGION} at questions[0].regions[0]",)),
    "question-unknown-status": (
        16,
        (
            "'consensus', 'contested', 'minority', 'succession' or 'split'",
            "got 'open' at questions[0].status",
        ),
    ),
    "question-unknown-key": (
        16,
        ("unknown key 'nots' at questions[0].nots", "did you mean 'note'?"),
    ),
    "question-without-status": (13, ("missing key 'status' at questions[0]", "add it")),
    # Texts of nothing but spaces and tabs.
    "title-blank": (6, (BLANK, "at title")),
    "task-text-blank": (14, (BLANK, "at rows[0].regional.tasks[1].text")),
    "note-blank": (10, (BLANK, "at rows[0].note")),
    "quote-blank": (14, (BLANK, "at rows[0].quotes[1]")),
    # Dates that are numbers, lists, times or days that never were; and texts that read as dates.
    "date-as-seconds": (5, (f"1647561600 is not a date at date — {DATES}",)),
    "date-as-decimal": (5, (f"2022.5 is not a date at date — {DATES}",)),
    "date-as-a-list": (5, ("a list of 3 items is not a date at date", DATES)),
    "date-with-a-time": (5, ("is not a date at date", DATES)),
    "date-day-first": (5, (f"'18-03-2022' is not a date at date — {DATES}",)),
    "date-february-29-2022": (5, ("'2022-02-29' is not a date", "day is out of range", REAL_DATE)),
    "note-impossible-date": (10, ("'2022-02-30' is not a date", "day is out of range")),
    "quote-impossible-month": (12, ("'2022-13-01' is not a date", "month must be in 1..12")),
    "proposer-impossible-date": (7, ("'2022-02-30' is not a date", "day is out of range")),
    # Unknown keys at every level, each with the key it was probably meant to be.
    "unknown-key-top": (12, ("unknown key 'notte' at notte", "did you mean 'note'?")),
    "unknown-key-in-row": (
        10,
        ("unknown key 'qoutes' at rows[0].qoutes", "did you mean 'quotes'?"),
    ),
    "unknown-key-in-cell": (
        11,
        ("unknown key 'bodys' at rows[0].regional.bodys", "did you mean 'bodies'?"),
    ),
    "unknown-key-in-assignment": (
        11,
        ("unknown key 'rol' at rows[0].regional.bodies[0].rol", "did you mean 'role'?"),
    ),
    "unknown-key-in-task": (13, ("at rows[0].regional.tasks[0]",)),
    # Values of the wrong shape.
    "cell-a-list": (
        10,
        ("expected keys and values here, got a list of 2 items at rows[0].regional", "key: value"),
    ),
    "rows-a-mapping": (8, ("expected a list here, got keys and values at rows", "'- item'")),
    "body-a-number": (11, ("got 42 at rows[0].regional.bodies[1]",)),
    "title-a-mapping": (6, ("expected a text here, got keys and values at title",)),
    # Ids: malformed, unknown, or not the file's name.
    "row-id-with-space": (9, ("'T1 1a' is not a valid id at rows[0].row", "use letters, digits")),
    "body-id-with-slash": (11, ("'ELY/TE' is not a valid id at rows[0].regional.bodies[0].body",)),
    "id-not-the-file-name": (
        2,
        (
            "id 'lappi' differs from the file name 'id-not-the-file-name.yaml' at id",
            "rename the file to lappi.yaml or set id: id-not-the-file-name",
        ),
    ),
    "unknown-strategy-year": (
        4,
        ("unknown strategy 'elo-2024-2027' at strategy", "did you mean 'elo-2020-2023'?"),
    ),
    "unknown-proposer": (7, (f"{REGION} at proposers[1]",)),
    "task-unknown-body": (
        13,
        (
            "unknown body 'kirjasto' at rows[0].regional.tasks[0].bodies[0]",
            "did you mean 'kirjastot'?",
        ),
    ),
    # Words outside a closed list.
    "role-owner": (11, ("'lead' or 'partner', got 'owner' at rows[0].regional.bodies[0].role",)),
    "kind-draft": (3, ("'baseline', 'proposal' or 'synthesis', got 'draft' at kind",)),
    "declined-maybe": (12, ("expected true or false, got 'maybe' at declined",)),
    "respondent-everyone": (12, ("'group' or 'coordinator', got 'everyone' at respondent",)),
    # Syntax and structure.
    "duplicate-key-in-a-cell": (13, ("duplicate key 'bodies' (first on line 11)", "silently win")),
    "tab-before-a-key": (12, (SYNTAX,)),
    "rows-without-colon": (9, (SYNTAX, "could not find expected ':'")),
    "unclosed-bracket": (12, (SYNTAX, "did not find expected ',' or ']'")),
    "unclosed-single-quote": (15, (SYNTAX, "unexpected end of stream", "quoted scalar")),
    "bom-in-the-middle": (8, (SYNTAX,)),
    "nul-in-a-comment": (12, ("NUL (U+0000)", NOT_ALLOWED, "delete it")),
    "complex-key": (12, ("found unhashable key", "? keys")),
    "three-documents": (12, ("expected a single document in the stream, but found another",)),
    "empty-document-first": (3, ("expected a single document in the stream, but found another",)),
    "document-end-then-more": (13, (SYNTAX, "<document start>")),
    "empty-document": (3, ("the file is empty",)),
    "only-a-comment": (None, ("the file is empty",)),
}

# Loads a file in a fresh interpreter: prints the error and exits 3, so that a traceback (1), a
# crash (a negative status) or a hang (the timeout) each fail the test.
LOADER = """
import sys
import elo_coord
try:
    elo_coord.load_matrix(sys.argv[1])
except elo_coord.MatrixFileError as error:
    print(error)
    sys.exit(3)
"""
CLI = "from elo_coord._cli import main; raise SystemExit(main())"


def load_in_a_subprocess(path: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", LOADER, str(path)],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert done.returncode == 3, (done.returncode, done.stderr[-2000:])
    assert done.stderr == ""
    return done.stdout.removesuffix("\n")


def validate_in_a_subprocess(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CLI, "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )


def assert_one_line(error: MatrixFileError, path: Path, line: int | None) -> str:
    text = str(error)
    assert text.splitlines() == [text]
    assert "Traceback" not in text
    assert text.startswith(f"{path}:{line}: " if line is not None else f"{path}: ")
    assert error.line == line
    return text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_hostile_file_gives_one_line_with_its_line_and_what_is_wrong(name: str) -> None:
    line, words = EXPECTED[name]
    path = HOSTILE / f"{name}.yaml"
    with pytest.raises(MatrixFileError) as caught:
        elo_coord.load_matrix(path)
    text = assert_one_line(caught.value, path, line)
    for word in words:
        assert word in text
    # The message, not the path: where the repository is checked out must not matter.
    assert len(text.removeprefix(str(path))) < 400


def test_every_hostile_file_has_an_expected_error() -> None:
    names = {p.stem for p in HOSTILE.glob("*.yaml")}
    assert names == set(EXPECTED)
    assert len(names) >= 100


def test_the_bad_corpus_holds_at_least_100_files() -> None:
    assert len(list((DATA / "bad").rglob("*.yaml"))) >= 100


def assert_validate_prints_one_line_each(
    names: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """``elo-coord validate`` of these hostile files: one error line each, as EXPECTED says."""
    paths = [HOSTILE / f"{name}.yaml" for name in names]
    status = main(["validate", *map(str, paths)])
    out, err = capsys.readouterr()
    assert status == 1
    assert err == ""
    lines = out.splitlines()
    assert lines[-1] == f"{len(names)} matrix files: {len(names)} errors, 0 warnings, 0 notes"
    assert len(lines) == len(names) + 1
    for name, path in zip(names, paths, strict=True):
        line, words = EXPECTED[name]
        [printed] = [text for text in lines if text.startswith(f"{path}:{line}: error: ")]
        assert words[0] in printed


def test_validate_prints_one_error_line_per_hostile_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    names = ["billion-laughs", "date-february-30", "deep-flow-lists", "map-tag-on-scalar"]
    names += ["nul-in-title", "int-5000-digits", "utf-16"]
    assert_validate_prints_one_line_each(names, capsys)


def deep_flow_lists(folder: Path) -> Path:
    path = folder / "deep-lists.yaml"
    path.write_text("[" * 100_000, encoding="utf-8")
    return path


def deep_flow_mappings(folder: Path) -> Path:
    path = folder / "deep-mappings.yaml"
    path.write_text("{a: " * 100_000, encoding="utf-8")
    return path


def deep_compact_lists(folder: Path) -> Path:
    path = folder / "deep-compact.yaml"
    path.write_text("- " * 100_000 + "x\n", encoding="utf-8")
    return path


def many_values(folder: Path) -> Path:
    path = folder / "many-values.yaml"
    path.write_text("id: x\nvalues: [" + "1, " * 60_000 + "1]\n", encoding="utf-8")
    return path


def long_value(folder: Path) -> Path:
    path = folder / "long-value.yaml"
    path.write_text("id: x\n\ntitle: " + "x" * 200_000 + "\n", encoding="utf-8")
    return path


HEAD = (
    "id: {}\nkind: proposal\nstrategy: elo-2020-2023\ndate: 2022-03-18\ntitle: T\n"
    "proposers: [lappi]\n"
)


def long_key(folder: Path) -> Path:
    path = folder / "long-key.yaml"
    path.write_text(HEAD.format("long-key") + "k" * 200_000 + ": 1\n", encoding="utf-8")
    return path


def long_unclosed_quote(folder: Path) -> Path:
    path = folder / "long-quote.yaml"
    path.write_text(HEAD.format("long-quote") + 'note: "' + "y" * 200_000 + "\n", encoding="utf-8")
    return path


def long_unknown_body(folder: Path) -> Path:
    path = folder / "long-body.yaml"
    rows = "rows: [{row: T1.1a, regional: {bodies: [" + "B" * 90_000 + "]}}]\n"
    path.write_text(HEAD.format("long-body") + rows, encoding="utf-8")
    return path


def oversize(folder: Path) -> Path:
    path = folder / "oversize.yaml"
    with path.open("wb") as file:
        file.truncate(52_000_000)  # sparse: 52 MB on paper, nothing on disk
    return path


def billion_laughs(folder: Path) -> Path:
    return HOSTILE / "billion-laughs.yaml"


@pytest.mark.parametrize(
    ("build", "line", "words"),
    [
        (deep_flow_lists, 1, (DEEP,)),
        (deep_flow_mappings, 1, (DEEP,)),
        (deep_compact_lists, 1, (DEEP,)),
        (many_values, 2, ("more than 50,000 values", "split it")),
        (long_value, 3, ("a value of 200,000 characters", "over 100,000 characters")),
        (oversize, None, ("the file is 52.0 MB; files over 5 MB are refused", "split it")),
        (billion_laughs, 2, (ANCHOR,)),
    ],
)
def test_a_file_past_a_limit_is_refused_quickly_in_one_line(
    tmp_path: Path, build: object, line: int | None, words: tuple[str, ...]
) -> None:
    assert callable(build)
    path = build(tmp_path)
    printed = load_in_a_subprocess(path)
    assert printed.startswith(f"{path}:{line}: " if line is not None else f"{path}: ")
    assert "\n" not in printed
    for word in words:
        assert word in printed


@pytest.mark.parametrize(
    ("build", "line", "words"),
    [
        # PyYAML gives up on a plain key of over 1,024 characters before it reaches the colon.
        (long_key, 7, ("YAML syntax", "could not find expected ':'")),
        # The end of the stream: one past the last line.
        (long_unclosed_quote, 8, ("YAML syntax", "unexpected end of stream")),
        (long_unknown_body, 7, ("unknown body 'BBBB", "at rows[0].regional.bodies[0].body")),
    ],
)
def test_a_very_long_line_gives_a_short_line(
    tmp_path: Path, build: object, line: int, words: tuple[str, ...]
) -> None:
    assert callable(build)
    path = build(tmp_path)
    printed = load_in_a_subprocess(path)
    assert printed.startswith(f"{path}:{line}: ")
    assert "\n" not in printed
    assert len(printed.removeprefix(str(path))) < 1200
    for word in words:
        assert word in printed


def test_validate_prints_one_line_for_each_reference_a_synthesis_gets_wrong(
    capsys: pytest.CaptureFixture[str],
) -> None:
    names = ["provenance-unknown-region", "task-provenance-unknown-region"]
    names += ["question-unknown-row", "question-level-local", "question-unknown-body"]
    names += ["title-blank", "date-as-seconds"]
    assert_validate_prints_one_line_each(names, capsys)


def test_validate_of_100000_levels_of_nesting_prints_one_line_and_exits_1(tmp_path: Path) -> None:
    path = deep_flow_lists(tmp_path)
    done = validate_in_a_subprocess(path)
    assert done.returncode == 1, done.stderr[-2000:]
    assert done.stderr == ""
    assert done.stdout.splitlines() == [
        f"{path}:1: error: {DEEP} — a matrix nests 7 levels; check the brackets and indentation",
        "1 matrix file: 1 error, 0 warnings, 0 notes",
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    printed = load_in_a_subprocess(path)
    assert printed == (
        f"{path}: the path is a FIFO; only regular files are read — give the path of a .yaml file"
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_a_link_to_an_endless_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "zero.yaml"
    path.symlink_to("/dev/zero")
    printed = load_in_a_subprocess(path)
    assert printed.startswith(f"{path}: the path is a device; only regular files are read")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_validate_of_a_folder_holding_a_fifo_reports_it_and_checks_the_rest(
    tmp_path: Path,
) -> None:
    shutil.copy(MATRICES / "proposals" / "lappi.yaml", tmp_path / "lappi.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")
    done = validate_in_a_subprocess(tmp_path)
    assert done.returncode == 1, done.stderr[-2000:]
    assert f"{tmp_path / 'pipe.yaml'}: error: the path is a FIFO" in done.stdout
    assert done.stdout.splitlines()[-1].startswith("2 matrix files: 1 error")


def test_a_folder_named_like_a_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "folder.yaml"
    path.mkdir()
    with pytest.raises(MatrixFileError) as caught:
        elo_coord.load_matrix(path)
    text = assert_one_line(caught.value, path, None)
    assert "the path is a folder; only regular files are read" in text


def test_a_dangling_link_says_the_file_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "gone.yaml"
    path.symlink_to(tmp_path / "nowhere.yaml")
    with pytest.raises(MatrixFileError) as caught:
        elo_coord.load_matrix(path)
    text = assert_one_line(caught.value, path, None)
    assert "cannot read the file: No such file or directory" in text


def test_a_hostile_registry_file_gives_one_line_too(tmp_path: Path) -> None:
    folder = tmp_path / "matrices"
    shutil.copytree(MATRICES, folder)
    shutil.copy(HOSTILE / "billion-laughs.yaml", folder / "bodies.yaml")
    with pytest.raises(MatrixFileError) as caught:
        elo_coord.load_registry(folder)
    assert ANCHOR in assert_one_line(caught.value, folder / "bodies.yaml", 2)


def test_an_error_about_a_huge_value_shows_only_its_start(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(
        "id: huge\nkind: proposal\nstrategy: elo-2020-2023\ndate: 2022-03-18\ntitle: T\n"
        f"proposers: [ä{'!' * 90_000}]\n",
        encoding="utf-8",
    )
    with pytest.raises(MatrixFileError) as caught:
        elo_coord.load_matrix(path)
    text = assert_one_line(caught.value, path, 6)
    assert text.endswith(
        f": 'ä{'!' * 55}... is not a valid id at proposers[0] — use letters, "
        "digits, '.', '_' and '-', starting with a letter or digit"
    )


def test_an_unknown_id_of_90000_letters_gives_a_short_line(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(
        "id: huge\nkind: proposal\nstrategy: elo-2020-2023\ndate: 2022-03-18\ntitle: T\n"
        f"proposers: [{'ä' * 90_000}]\n",
        encoding="utf-8",
    )
    with pytest.raises(MatrixFileError) as caught:
        elo_coord.load_matrix(path)
    text = assert_one_line(caught.value, path, 6)
    assert "unknown region 'ääää" in text
    assert len(text) < 1200


def test_an_error_about_a_huge_list_does_not_write_the_list_out(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(
        "id: huge\nkind: proposal\nstrategy: elo-2020-2023\ndate: 2022-03-18\n"
        f"title: [{', '.join(['x'] * 40_000)}]\nproposers: [lappi]\n",
        encoding="utf-8",
    )
    with pytest.raises(MatrixFileError) as caught:
        elo_coord.load_matrix(path)
    text = assert_one_line(caught.value, path, 5)
    assert text.endswith(
        "expected a text here, got a list of 40000 items at title — quote it if it should be text"
    )


PROPOSALS = sorted((MATRICES / "proposals").glob("*.yaml"))


@st.composite
def mutated_proposals(draw: st.DrawFn) -> tuple[str, bytes]:
    """A shipped proposal with a few random byte flips, truncations and duplicated lines."""
    path = draw(st.sampled_from(PROPOSALS))
    data = path.read_bytes()
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        change = draw(st.sampled_from(["flip", "truncate", "duplicate"]))
        if change == "flip":
            at = draw(st.integers(0, len(data) - 1))
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        elif change == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        else:
            lines = data.splitlines(keepends=True)
            at = draw(st.integers(0, len(lines) - 1))
            data = b"".join([*lines[: at + 1], lines[at], *lines[at + 1 :]])
    return path.stem, data


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(mutated_proposals())
def test_a_damaged_proposal_loads_or_gives_one_line(
    tmp_path: Path, proposal: tuple[str, bytes]
) -> None:
    stem, data = proposal
    path = tmp_path / f"{stem}.yaml"
    path.write_bytes(data)
    try:
        elo_coord.load_matrix(path)
    except MatrixFileError as error:
        text = str(error)
        assert text.splitlines() == [text]
        assert text.startswith(f"{path}")
