"""The shipped baseline holds the TNO forum's matrix of 25.3.2022 (slides 7–18) verbatim.

When the slide deck's text is available beside the project, every goal, means, body and task is
compared with it; otherwise only the facts worked out by hand below are checked.
"""

from __future__ import annotations

import re

import pytest

import elo_coord
from elo_coord import Matrix

from .conftest import SEEDS

DECK = SEEDS / "004_0e5e1ac20fc1b915.txt"

# Which slide each row of the baseline comes from (slide 11 repeats slide 10 with a quotation).
SLIDES = {
    "T1.1a": 7,
    "T1.1b": 8,
    "T1.1c": 9,
    "T1.1d": 10,
    "T1.2a": 12,
    "T1.3a": 13,
    "T1.3b": 13,
    "T2.1": 14,
    "T3.1": 15,
    "T4.1": 16,
    "T5.1": 17,
    "T6.1": 18,
}

# The theme headers printed above the goal slides, copied by hand from the deck.
THEME_HEADERS = {
    "Saavutettavasti ja asiakaslähtöisesti",
    "Digitaalisesti",
    "Laadukkaasti",
    "Yhdenvertaisesti ja kestävästi",
    "Monialaisesti ja koordinoidusti",
    "Tietoon perustuen",
}

# How the slides write the bodies, and the ids they stand for.
NAMES = {
    "OKM": ["OKM"],
    "TEM": ["TEM"],
    "OPH": ["OPH"],
    "JOTPA": ["JOTPA"],
    "KEHA": ["KEHA"],
    "ELY+AVI": ["ELY", "AVI"],
    "kunnat": ["kunnat"],
    "TE-toimistot": ["TE-toimistot"],
    "kirjastot": ["kirjastot"],
    "oppilaitokset": ["oppilaitokset"],
    "kolmas sektori": ["kolmas-sektori"],
}


def squash(text: str) -> str:
    return " ".join(text.split())


def ids(cell: elo_coord.Cell) -> list[str]:
    return [assignment.body for assignment in cell.bodies]


def test_the_baseline_has_one_row_per_strategy_row_of_the_goal_slides_in_order(
    baseline: Matrix, registry: elo_coord.Registry
) -> None:
    strategy = registry.strategy(baseline.strategy)
    on_slides = [row.id for row in strategy.rows() if not row.goal.outside(row.means)]
    assert [row.row for row in baseline.rows] == on_slides
    assert [row.row for row in baseline.rows] == list(SLIDES)


def test_every_row_names_the_five_national_bodies_of_the_slides(baseline: Matrix) -> None:
    for row in baseline.rows:
        assert ids(row.national) == ["OKM", "TEM", "OPH", "JOTPA", "KEHA"], row.row
        assert all(a.role == "partner" for a in row.national.bodies + row.regional.bodies)


def test_slide_8_names_libraries_and_slide_9_the_third_sector(baseline: Matrix) -> None:
    rows = {row.row: row for row in baseline.rows}
    assert ids(rows["T1.1b"].regional) == ["ELY", "AVI", "TE-toimistot", "kirjastot"]
    assert ids(rows["T1.1c"].regional) == ["ELY", "AVI", "kunnat", "TE-toimistot", "kolmas-sektori"]
    assert ids(rows["T1.2a"].regional) == ["ELY", "AVI", "kunnat", "oppilaitokset"]


def test_task_counts_per_row_match_the_slides(baseline: Matrix) -> None:
    counts = {row.row: (len(row.national.tasks), len(row.regional.tasks)) for row in baseline.rows}
    assert counts == {
        "T1.1a": (4, 4),
        "T1.1b": (3, 4),
        "T1.1c": (3, 3),
        "T1.1d": (1, 6),
        "T1.2a": (3, 2),
        "T1.3a": (2, 2),
        "T1.3b": (2, 2),
        "T2.1": (5, 5),
        "T3.1": (3, 2),
        "T4.1": (3, 5),
        "T5.1": (2, 3),
        "T6.1": (4, 6),
    }


def test_slide_11_is_kept_as_the_quotation_of_the_same_row(baseline: Matrix) -> None:
    quoted = [(row.row, len(row.quotes)) for row in baseline.rows if row.quotes]
    assert quoted == [("T1.1d", 1)]
    assert baseline.rows[3].quotes[0].startswith("TE-palveluiden lisänä alueilla")


def test_uncertain_column_placements_are_explained_in_the_notes(baseline: Matrix) -> None:
    rows = {row.row: row for row in baseline.rows}
    assert "Työvälineet palvelutarpeen kartoittamiseksi" in (rows["T1.1d"].note or "")
    assert "Yritysten ja HR-toimijoiden" in (rows["T1.2a"].note or "")


@pytest.fixture(scope="module")
def slides() -> dict[int, tuple[str, str]]:
    """Return slide number → (theme header above it, raw text of the slide)."""
    if not DECK.is_file():
        pytest.skip("the forum's slide deck text is not beside the project")
    parts = re.split(r"JYU\. Since 1863\. (\d{1,2}?)(?:25\.3\.2022)?\s", DECK.read_text("utf-8"))
    numbers = [int(n) for n in parts[1::2]]
    chunks = [parts[0], *parts[2::2]]
    # A goal slide's theme header is printed above its number, so it ends the previous chunk.
    headers: list[str] = []
    texts: list[str] = []
    for chunk in chunks:
        lines = chunk.rstrip().splitlines()
        tail = lines[-1].strip() if lines else ""
        is_header = tail in THEME_HEADERS
        headers.append(tail if is_header else "")
        texts.append("\n".join(lines[:-1]) if is_header else chunk)
    return {n: (headers[i], texts[i + 1]) for i, n in enumerate(numbers)}


def split_slide(raw: str) -> tuple[str, list[str], list[str], str]:
    """Return (goal box, national bodies, regional bodies, task text) of a goal slide."""
    goal, rest = raw.split("Valtakunnallinen koordinaatio", 1)
    national, rest = rest.split("Alueellinen koordinaatio", 1)
    regional, tasks = re.split(r"\n\s*\n", rest, maxsplit=1)
    return squash(goal), bodies_in(national), bodies_in(regional), squash(tasks)


def bodies_in(text: str) -> list[str]:
    text = squash(text)
    found: list[tuple[int, list[str]]] = []
    for name, body_ids in NAMES.items():
        for match in re.finditer(rf"(?<![\w+-]){re.escape(name)}(?![\w+-])", text):
            found.append((match.start(), body_ids))
    leftover = text
    for name in sorted(NAMES, key=len, reverse=True):
        leftover = leftover.replace(name, "")
    assert re.fullmatch(r"[\s,]*(?:ja[\s,]*)?", leftover.replace(" ja ", " ")), leftover
    return [body for _, body_ids in sorted(found) for body in body_ids]


def test_the_deck_parses_into_the_twelve_goal_slides(slides: dict[int, tuple[str, str]]) -> None:
    assert set(range(7, 19)) <= set(slides)


@pytest.mark.parametrize("row_id", list(SLIDES))
def test_each_row_holds_its_slide_verbatim(
    row_id: str,
    slides: dict[int, tuple[str, str]],
    baseline: Matrix,
    registry: elo_coord.Registry,
) -> None:
    row = next(r for r in baseline.rows if r.row == row_id)
    strategy_row = next(r for r in registry.strategy(baseline.strategy).rows() if r.id == row_id)
    header, raw = slides[SLIDES[row_id]]
    goal_box, national, regional, tasks = split_slide(raw)

    assert header == strategy_row.theme.names.fi
    # A slide shows its goal with the row's means; slide 13 shows both means of its goal.
    shown = strategy_row.goal.means if SLIDES[row_id] == 13 else [strategy_row.means]
    means = [m.text.fi for m in shown if m is not None]
    assert goal_box == squash(" ".join([strategy_row.goal.text.fi, *means]))
    assert ids(row.national) == national
    assert ids(row.regional) == regional
    # The task text of the slide is the national tasks, then the regional ones, and nothing else.
    written = [t.text for t in row.national.tasks] + [t.text for t in row.regional.tasks]
    assert tasks == squash(" ".join(written))


def test_slide_11_is_slide_10_with_the_quotation_in_place_of_the_last_task(
    slides: dict[int, tuple[str, str]], baseline: Matrix
) -> None:
    row = next(r for r in baseline.rows if r.row == "T1.1d")
    goal_10, national_10, regional_10, _ = split_slide(slides[10][1])
    goal_11, national_11, regional_11, tasks = split_slide(slides[11][1])
    assert (goal_11, national_11, regional_11) == (goal_10, national_10, regional_10)
    written = [t.text for t in row.national.tasks] + [t.text for t in row.regional.tasks[:5]]
    assert tasks == squash(" ".join([*written, f"”{row.quotes[0]}”"]))
