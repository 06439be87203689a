"""The assessment editor: a click on a cell is a step in the file, on screen and undoable.

The values are read by hand from ``matrices/monitoring/assessments/kuvitteellinen-2018.yaml``
and ``-2017.yaml``; the browser test is in ``test_app.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("ipywidgets")

from elo_coord import AssessmentsFile
from elo_coord._palette import step_colour
from elo_coord.widgets import AssessmentEditor


@pytest.fixture
def folder_of_years(folder: Path) -> Path:
    return folder / "monitoring" / "assessments"


@pytest.fixture
def view(folder_of_years: Path) -> AssessmentEditor:
    return AssessmentEditor(folder_of_years, editor="Tutkija", follow=None)


def test_the_latest_year_opens_with_every_group_of_that_year_as_a_row(
    view: AssessmentEditor,
) -> None:
    assert view.file.assessed.year == 2018
    assert [name for name, _ in view.chooser.options] == [
        "kuvitteellinen-2017",
        "kuvitteellinen-2018",
    ]
    # The 18 groups of one region each, and the joint Pohjanmaa–Keski-Pohjanmaa group of
    # 2017–2019 (groups.yaml).
    assert len(view.groups) == 19
    assert "elo-pohjanmaat-2017" in view.groups
    assert len(view.areas) == 8


def test_a_cell_shows_the_step_in_its_colour_and_the_steps_title(view: AssessmentEditor) -> None:
    button = view.button("elo-lappi", "viestinta")  # step 4, with evidence
    assert button.description == "4"
    assert button.style.button_color == step_colour(4).fill
    assert "Tiedotus ja keskustelu sosiaalisessa mediassa" in button.tooltip
    assert view.button("elo-kainuu", "viestinta").description.strip() == ""  # not rated


def test_a_click_saves_the_step_and_undo_takes_it_back(
    view: AssessmentEditor, folder_of_years: Path
) -> None:
    path = folder_of_years / "kuvitteellinen-2018.yaml"
    before = path.read_bytes()
    view.button("elo-lappi", "arviointi").click()  # 2 → 3
    assert AssessmentsFile(path).step("elo-lappi", "arviointi") == 3
    assert view.button("elo-lappi", "arviointi").description == "3"
    assert "elo-chosen" in view.button("elo-lappi", "arviointi")._dom_classes
    view.undo_button.click()
    assert path.read_bytes() == before
    assert view.button("elo-lappi", "arviointi").description == "2"
    view.redo_button.click()
    assert view.button("elo-lappi", "arviointi").description == "3"


def test_the_researchers_ratings_are_a_toggle_away(view: AssessmentEditor) -> None:
    view.chooser.value = view.chooser.options[0][1]  # 2017: a researcher rated Lappi
    assert view.button("elo-lappi", "monikanavaiset-palvelut").description == "3"  # its own
    view.assessor.value = "researcher"
    assert view.button("elo-lappi", "monikanavaiset-palvelut").description == "2"
    assert view.button("elo-lappi", "yhteistyorakenteet").description.strip() == ""


def test_evidence_is_typed_for_the_cell_last_clicked(
    view: AssessmentEditor, folder_of_years: Path
) -> None:
    view.set_evidence("Ei solua")
    assert "Valitse ensin taso" in view.status.value
    view.button("elo-kainuu", "viestinta").click()  # not rated → 1
    view.evidence.value = "Viestintäsuunnitelma 2018"  # typed, then Enter or leaving the field
    rating = AssessmentsFile(folder_of_years / "kuvitteellinen-2018.yaml").rating(
        "elo-kainuu", "viestinta"
    )
    assert rating is not None
    assert (rating.step, rating.evidence) == (1, "Viestintäsuunnitelma 2018")


def test_a_rating_someone_else_changed_meanwhile_is_framed_and_settled_on_screen(
    view: AssessmentEditor, folder_of_years: Path
) -> None:
    path = folder_of_years / "kuvitteellinen-2018.yaml"
    AssessmentsFile(path, editor="Toinen").set_step("elo-lappi", "arviointi", 4)
    view.button("elo-lappi", "arviointi").click()  # from what I saw, 2 → 3
    button = view.button("elo-lappi", "arviointi")
    assert "elo-clash" in button._dom_classes
    assert view.theirs_button.layout.display == ""
    assert "Lapin" in view.status.value
    assert AssessmentsFile(path).step("elo-lappi", "arviointi") == 4  # theirs, in the file
    view.mine_button.click()
    assert AssessmentsFile(path).step("elo-lappi", "arviointi") == 3
    assert "elo-clash" not in view.button("elo-lappi", "arviointi")._dom_classes
    assert view.theirs_button.layout.display == "none"


def test_following_shows_what_someone_else_saved(
    view: AssessmentEditor, folder_of_years: Path
) -> None:
    path = folder_of_years / "kuvitteellinen-2018.yaml"
    AssessmentsFile(path, editor="Toinen").set_step("elo-uusimaa", "viestinta", 4)
    assert view.follow() == [("elo-uusimaa", "self", "viestinta")]
    assert view.button("elo-uusimaa", "viestinta").description == "4"
    assert "Joku muu tallensi" in view.status.value


def test_the_export_shows_the_same_steps_as_the_screen(view: AssessmentEditor) -> None:
    page = view.static_html()
    assert 'class="elo-rating-elo-lappi-viestinta" style="background:#238b45' in page
    assert page.count("<tr>") == 1 + 19


def test_the_workbench_has_a_fifth_tab_with_the_assessments_and_who_sits_in_the_groups(
    folder: Path,
) -> None:
    from elo_coord.widgets import Workbench

    app = Workbench(folder, follow=None)
    assert app.tabs.get_title(4) == "5. Seuranta"
    assert app.monitoring is None  # built when its tab is first chosen
    app.show("monitoring")
    assert app.monitoring is not None
    assert app.monitoring.button("elo-lappi", "viestinta").description == "4"
    # The composition's words, worked out from the 12 made-up groups.
    assert "Kuvitteellinen esimerkki 12 ryhmästä" in app.composition.value
    assert "yritykset 2/12" in app.composition.value
    app.name.value = "Tutkija"
    app.monitoring.button("elo-lappi", "arviointi").click()
    log = (folder / "monitoring" / "assessments" / "changes.jsonl").read_text(encoding="utf-8")
    assert '"editor": "Tutkija"' in log


def test_the_matrix_editor_shows_the_good_practices_of_the_chosen_row(folder: Path) -> None:
    from elo_coord.widgets import MatrixEditor

    editor = MatrixEditor(folder / "proposals" / "lappi.yaml", follow=None)
    editor.select("T1.1c")
    shown = editor.practices.value
    # T1.1c's own (the Ohjaamo model, multiprofessional guidance) and its goal T1.1's (the map).
    assert shown.count("<details>") == 3
    assert "Ohjaamo-toimintamallin" in shown
    assert "Pohjois-Karjalan ELO-ryhmä" in shown
    editor.select("T4.1")  # mobility: no practice in the catalogue bears on it
    assert editor.practices.value == ""


def test_the_chosen_cell_shows_the_good_practices_of_its_area_the_groups_own_first(
    view: AssessmentEditor,
) -> None:
    assert view.practices.value == ""
    # practices.yaml: only Pohjois-Karjala's Ohjaamo measure (Case 1) names the Ohjaamo area.
    view.button("elo-pohjois-karjala", "ohjaamot").click()
    assert view.practices.value.count("<details>") == 1
    assert "Ohjaamo-toimintamallin" in view.practices.value
    # Ten entries name the cooperation structures (yhteistyorakenteet), three of them Keski-
    # Suomi's (Case 2: multiprofessional guidance, other organisations' practices, the merged
    # groups): those come first.
    view.button("elo-keski-suomi", "yhteistyorakenteet").click()
    titles = re.findall(r"<summary>(.*?)</summary>", view.practices.value)
    assert len(titles) == 10
    assert [t.endswith("— Keski-Suomen ELO-ryhmä") for t in titles[:4]] == [True] * 3 + [False]


def test_a_new_year_is_started_on_screen_opened_empty_and_never_twice(
    view: AssessmentEditor, folder_of_years: Path
) -> None:
    assert view.year.value == 2019  # the year after the latest file's, 2018
    view.create_button.click()
    path = folder_of_years / "arviot-2019.yaml"
    assert view.file.path == path
    assert view.chooser.value == path
    assert [name for name, _ in view.chooser.options][-1] == "arviot-2019"
    assert view.button("elo-lappi", "viestinta").description.strip() == ""
    view.button("elo-lappi", "viestinta").click()
    assert AssessmentsFile(path).step("elo-lappi", "viestinta") == 1
    before = path.read_bytes()
    assert view.create(2019) is None
    assert "the year 2019 has its assessments already" in view.status.value
    assert path.read_bytes() == before


def test_the_workbench_export_shows_the_composition_under_the_assessments(folder: Path) -> None:
    from elo_coord.widgets import Workbench

    app = Workbench(folder, follow=None)
    assert "elo-composition" not in app.static_html()  # not built: not shown
    app.show("monitoring")
    page = app.static_html()
    assert page.index("elo-rating-elo-lappi-viestinta") < page.index("yritykset 2/12")
