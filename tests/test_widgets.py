"""The workbench widgets, driven from Python as a facilitator's clicks would drive them."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
import yaml

import elo_coord
from elo_coord import Role
from elo_coord._editing import MatrixFile
from elo_coord.widgets import ForumView, MatrixEditor, cell_class

from .conftest import MATRICES


@pytest.fixture
def editor(folder: Path) -> MatrixEditor:
    return MatrixEditor(folder / "proposals" / "lappi.yaml", editor="Fasilitaattori")


def test_clicking_a_cell_saves_the_file_and_shows_the_mark(editor: MatrixEditor) -> None:
    before = editor.file.path.read_text(encoding="utf-8")
    editor.button("T4.1", "regional", "kunnat").click()
    assert editor.button("T4.1", "regional", "kunnat").description == "●"
    assert editor.file.path.read_text(encoding="utf-8") != before
    editor.button("T4.1", "regional", "kunnat").click()
    assert editor.button("T4.1", "regional", "kunnat").description == "★"
    # ELY was Lappi's regional lead on T4.1: it is a partner now.
    assert editor.button("T4.1", "regional", "ELY").description == "●"
    assert "✓" in editor.status.value


def test_undo_restores_the_file_byte_for_byte(editor: MatrixEditor) -> None:
    original = editor.file.path.read_bytes()
    editor.button("T2.1", "national", "LVV").click()
    editor.undo_button.click()
    assert editor.file.path.read_bytes() == original
    assert editor.button("T2.1", "national", "LVV").description.strip() == ""
    assert editor.redo_button.disabled is False


def test_a_click_is_merged_onto_what_someone_else_saved_meanwhile(editor: MatrixEditor) -> None:
    theirs = editor.file.path.read_text(encoding="utf-8") + "# muutos toiselta koneelta\n"
    editor.file.path.write_text(theirs, encoding="utf-8")
    MatrixFile(editor.file.path, editor="Toinen").toggle("T6.1", "regional", "kirjastot")
    editor.toggle("T4.1", "regional", "kunnat")
    # Both clicks are in the file and on screen, their comment too; no button to press.
    assert editor.button("T4.1", "regional", "kunnat").description == "●"
    assert editor.button("T6.1", "regional", "kirjastot").description == "●"
    saved = MatrixFile(editor.file.path)
    assert saved.role("T4.1", "regional", "kunnat") is elo_coord.Role.PARTNER
    assert saved.role("T6.1", "regional", "kirjastot") is elo_coord.Role.PARTNER
    assert "# muutos toiselta koneelta" in editor.file.path.read_text(encoding="utf-8")
    assert "✓" in editor.status.value
    assert editor.merge_button.layout.display == "none"


def test_a_file_saved_broken_meanwhile_stops_the_save_and_says_so(editor: MatrixEditor) -> None:
    editor.file.path.write_text("rows: [", encoding="utf-8")
    editor.toggle("T4.1", "regional", "kunnat")
    assert "Joku muu tallensi tiedoston sillä välin" in editor.status.value
    assert "changed on disk since it was read" in editor.status.value  # the details, on hover
    assert editor.reload_button.layout.display == ""
    assert editor.merge_button.layout.display == ""
    assert editor.file.path.read_text(encoding="utf-8") == "rows: ["
    assert editor.button("T4.1", "regional", "kunnat").description == "●"  # kept in memory
    # Merge or reload while it is broken: one line on what is wrong, the edit still kept.
    assert not editor.merge()
    assert "lappi.yaml:" in editor.status.value
    editor.reload()
    assert "lappi.yaml:" in editor.status.value
    assert editor.button("T4.1", "regional", "kunnat").description == "●"
    # Mended (put back as it was): the click merges onto it.
    shutil.copy(MATRICES / "proposals" / "lappi.yaml", editor.file.path)
    assert editor.merge()
    assert MatrixFile(editor.file.path).role("T4.1", "regional", "kunnat") is elo_coord.Role.PARTNER


def test_a_click_on_a_cell_someone_else_changed_is_framed_until_settled(
    editor: MatrixEditor,
) -> None:
    path = editor.file.path
    cell = editor.button("T4.1", "regional", "kunnat")
    MatrixFile(path, editor="Toinen").set_role("T4.1", "regional", "kunnat", "lead")
    editor.toggle("T4.1", "regional", "kunnat")  # from what the screen showed: a partner
    assert "Joku muu muutti samaa kohtaa sillä välin (T4.1 Alueellinen koordinaatio: kunnat)" in (
        editor.status.value
    )
    assert "elo-clash" in cell._dom_classes
    assert (editor.theirs_button.layout.display, editor.mine_button.layout.display) == ("", "")
    assert editor.reload_button.layout.display == "none"
    assert MatrixFile(path).role("T4.1", "regional", "kunnat") is elo_coord.Role.LEAD
    assert editor.follow() == []  # the held click is not read over
    assert editor.resolve("mine")
    assert MatrixFile(path).role("T4.1", "regional", "kunnat") is elo_coord.Role.PARTNER
    assert "elo-clash" not in cell._dom_classes
    assert editor.theirs_button.layout.display == "none"

    # Again, and this time their version stays: the status says what of mine was left out.
    MatrixFile(path, editor="Toinen").set_role("T4.1", "regional", "kunnat", None)
    editor.toggle("T4.1", "regional", "kunnat")  # from a partner: the lead
    assert editor.resolve("theirs")
    assert MatrixFile(path).role("T4.1", "regional", "kunnat") is None
    assert cell.description.strip() == ""
    assert "muutoksesi jäivät pois: T4.1 Alueellinen koordinaatio: kunnat" in editor.status.value


def test_following_shows_what_someone_else_saved(editor: MatrixEditor) -> None:
    editor.toggle("T4.1", "regional", "kunnat")
    assert editor.follow() == []
    assert not editor.undo_button.disabled  # nothing new: the history stays
    MatrixFile(editor.file.path, editor="Toinen").toggle("T6.1", "regional", "kirjastot")
    assert editor.follow() == [("T6.1", "regional", "kirjastot")]
    assert editor.button("T6.1", "regional", "kirjastot").description == "●"
    assert editor.button("T4.1", "regional", "kunnat").description == "●"
    assert "Joku muu tallensi tiedoston: T6.1 Alueellinen koordinaatio: kirjastot" in (
        editor.status.value
    )


def test_switching_proposal_and_back_keeps_the_undo_history(
    folder: Path, registry: elo_coord.Registry
) -> None:
    proposals = folder / "proposals"
    editor = MatrixEditor(proposals / "lappi.yaml", folder=proposals, registry=registry)
    original = (proposals / "lappi.yaml").read_bytes()
    editor.toggle("T4.1", "regional", "kunnat")
    assert editor.chooser is not None
    editor.chooser.value = proposals / "uusimaa.yaml"
    assert editor.undo_button.disabled  # Uusimaa's own history is empty
    editor.chooser.value = proposals / "lappi.yaml"
    assert not editor.undo_button.disabled
    editor.undo()
    assert (proposals / "lappi.yaml").read_bytes() == original


def test_bodies_that_did_not_exist_on_the_matrix_date_are_marked(editor: MatrixEditor) -> None:
    headers = {
        child.value.split(">")[1].split("<")[0]: child.value
        for child in editor.grid.children
        if "elo-body" in getattr(child, "value", "")
    }
    # Lappi's proposal is dated 2022-03-18: the elinvoimakeskukset began only in 2026 (‡, not
    # yet); the ELY centres, which ended in 2025, still existed then.
    assert "elo-not-yet" in headers["elinvoimakeskus ‡"]  # the body's name, not its id
    assert "elo-ended" not in headers["ELY"]
    assert "elo-not-yet" not in headers["ELY"]


def test_bodies_that_had_ended_by_the_matrix_date_are_marked_with_a_dagger(
    folder: Path,
) -> None:
    # The same proposal dated 2026-02-01: the TE offices ended 31.12.2024, ELY 31.12.2025.
    path = folder / "proposals" / "lappi.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("date: 2022-03-18", "date: 2026-02-01"),
        encoding="utf-8",
    )
    editor = MatrixEditor(path)
    headers = [
        child.value.split(">")[1].split("<")[0]
        for child in editor.grid.children
        if "elo-body" in getattr(child, "value", "")
    ]
    assert "ELY †" in headers
    assert "TE-toimistot †" in headers
    assert "elinvoimakeskus" in headers


def test_findings_appear_beside_the_row_as_you_edit(editor: MatrixEditor) -> None:
    assert editor._findings["T4.1"].value == ""
    editor.toggle("T4.1", "regional", "elinvoimakeskukset")
    assert "elinvoimakeskukset" in editor._findings["T4.1"].value
    assert "2026-01-01" in editor._findings["T4.1"].value


def test_the_side_panel_edits_tasks_note_and_quotes(editor: MatrixEditor) -> None:
    editor.select("T4.1")
    editor.tasks_input["regional"].value = "Alueelliset koulutukset\nUusi tehtävä"
    editor.note_input.value = "Sovittu foorumissa"
    editor.quotes_input.value = "Ensimmäinen lainaus\n\nToinen lainaus"
    editor.apply_button.click()
    row = next(r for r in editor.file.matrix.rows if r.row == "T4.1")
    assert [t.text for t in row.regional.tasks] == ["Alueelliset koulutukset", "Uusi tehtävä"]
    assert row.note == "Sovittu foorumissa"
    assert row.quotes == ("Ensimmäinen lainaus", "Toinen lainaus")


def test_the_name_typed_once_goes_into_every_log_line(editor: MatrixEditor, folder: Path) -> None:
    editor.name.value = "Aino"
    editor.toggle("T4.1", "regional", "kunnat")
    log = (folder / "proposals" / "changes.jsonl").read_text(encoding="utf-8")
    assert '"editor": "Aino"' in log


def test_each_cell_carries_a_class_a_browser_can_find(editor: MatrixEditor) -> None:
    button = editor.button("T1.1a", "regional", "TE-toimistot")
    assert "elo-cell-T1-1a-regional-TE-toimistot" in button._dom_classes
    assert cell_class("T1.1a", "regional", "TE-toimistot") == "elo-cell-T1-1a-regional-TE-toimistot"


def test_labels_follow_the_language(folder: Path) -> None:
    swedish = MatrixEditor(folder / "proposals" / "lappi.yaml", lang="sv")
    assert swedish.undo_button.description == "Ångra"
    with pytest.raises(ValueError, match="unknown language"):
        MatrixEditor(folder / "proposals" / "lappi.yaml", lang="de")


# --- CompareView ----------------------------------------------------------------------------

from elo_coord import load_matrix  # noqa: E402
from elo_coord.widgets import CompareView, SynthesisView  # noqa: E402


def status_of(view: CompareView, row: str, level: str, body: str) -> str:
    line = view.lines.filter(
        (view.lines["row_id"] == row)
        & (view.lines["level"] == level)
        & (view.lines["body_id"] == body)
    )
    return str(line.get_column("status").item())


@pytest.fixture
def compare() -> CompareView:
    """A comparison view of the shipped matrices; each test gets its own, to change at will."""
    return CompareView(MATRICES, chart=False)


def test_moving_the_threshold_reclassifies_the_cells(compare: CompareView) -> None:
    # JOTPA on T1.1a: named by 6 answers, the joint one among them: 7 of 13 regions.
    compare.set_thresholds(consensus=2 / 3, minority=1 / 3)
    assert status_of(compare, "T1.1a", "national", "JOTPA") == "contested"
    contested = compare.agenda.height
    compare.set_thresholds(consensus=0.5)
    assert status_of(compare, "T1.1a", "national", "JOTPA") == "consensus"
    assert compare.agenda.height < contested
    assert "JOTPA" not in compare.agenda.filter(compare.agenda["row_id"] == "T1.1a")["body_id"]


def test_counting_by_answer_counts_the_joint_answer_once(compare: CompareView) -> None:
    compare.by.value = "answer"
    line = compare.lines.filter(
        (compare.lines["row_id"] == "T1.1a") & (compare.lines["body_id"] == "JOTPA")
    )
    assert line.select("n", "total").row(0) == (6, 12)


def test_choosing_regions_changes_the_coverage_and_the_counts(compare: CompareView) -> None:
    compare.select(["lappi", "pohjanmaa-keski-pohjanmaa"])
    assert compare.coverage_text.value.startswith("<b>3/18 ryhmää vastasi")
    assert compare.lines.filter(compare.lines["row_id"] == "T1.1a")["total"].max() == 3


def test_the_agenda_and_minority_views_name_what_and_who(compare: CompareView) -> None:
    assert 'class="elo-agenda"' in compare.agenda_html.value
    # Only Pohjois-Pohjanmaa names the regional councils (T4.1).
    views = compare.views_html.value
    section = views.split("<h4>Pohjois-Pohjanmaa</h4>")[1].split("<h4>")[0]
    assert "maakuntien liitot" in section  # the body's name, not its id


def test_two_matrices_side_by_side_show_their_differences(compare: CompareView) -> None:
    compare.compare("tno-2022", "lappi")
    table = compare.diff_html.value
    # Lappi leaves AVI and kunnat out of T6.1 regionally (matrices/proposals/lappi.yaml).
    assert (
        "<td>T6.1</td><td>Alueellinen koordinaatio</td><td>toimija poistettu</td><td>AVI</td>"
        in table
    )


def test_an_editor_click_reaches_the_comparison_through_on_change(folder: Path) -> None:
    view = CompareView(folder / "proposals", chart=False)
    editor = MatrixEditor(folder / "proposals" / "lappi.yaml")
    editor.on_change.append(lambda file: view.update(file.matrix))
    n = view.lines.filter(
        (view.lines["row_id"] == "T4.1") & (view.lines["body_id"] == "maakuntien-liitot")
    )["n"].item()
    editor.button("T4.1", "regional", "maakuntien-liitot").click()
    after = view.lines.filter(
        (view.lines["row_id"] == "T4.1") & (view.lines["body_id"] == "maakuntien-liitot")
    )["n"].item()
    assert (n, after) == (1, 2)


# --- SynthesisView --------------------------------------------------------------------------


def test_accepting_one_change_saves_a_synthesis_with_only_that_change(tmp_path: Path) -> None:
    out = tmp_path / "foorumi.yaml"
    view = SynthesisView(MATRICES / "proposals", MATRICES / "baseline" / "tno-2022.yaml", out)
    lines = view.changes.to_dicts()
    index = next(
        i
        for i, line in enumerate(lines)
        if (line["change"], line["row_id"], line["level"], line["body_id"])
        == ("body_removed", "T1.1a", "regional", "kunnat")
    )
    view.accept(index)
    assert view.save()
    saved = load_matrix(out)
    assert saved.kind.value == "synthesis"
    baseline = load_matrix(MATRICES / "baseline" / "tno-2022.yaml")
    regional = {r.row: [a.body for a in r.regional.bodies] for r in saved.rows}
    before = {r.row: [a.body for a in r.regional.bodies] for r in baseline.rows}
    assert regional["T1.1a"] == [b for b in before["T1.1a"] if b != "kunnat"]
    assert regional["T1.1b"] == before["T1.1b"]


def test_accepting_every_change_gives_the_synthesis_itself(tmp_path: Path) -> None:
    view = SynthesisView(
        MATRICES / "proposals", MATRICES / "baseline" / "tno-2022.yaml", tmp_path / "s.yaml"
    )
    view.accept_all()
    assert view.result().rows == view.synthesis.rows
    assert view.result().questions == view.synthesis.questions


def change_lines(folder: Path) -> list[str]:
    """The lines a SynthesisView of the shipped proposals shows, one per change to decide."""
    view = SynthesisView(
        MATRICES / "proposals", MATRICES / "baseline" / "tno-2022.yaml", folder / "s.yaml"
    )
    return [
        line.children[1].value for line in view.list.children if "elo-change" in line._dom_classes
    ]


def test_each_change_shows_who_proposed_it(tmp_path: Path) -> None:
    texts = change_lines(tmp_path)
    # kunnat on T1.1a regionally: 6 of 13 regions, under 2/3, so the synthesis drops it; the
    # line says that the other 7 did not name it, and who did.
    (line,) = [t for t in texts if "T1.1a" in t and "kunnat" in t]
    assert "(7/13 ei nimennyt; " in line
    assert " nimesivät)" in line


def test_one_click_accepts_a_row_or_a_body_everywhere(tmp_path: Path) -> None:
    view = SynthesisView(
        MATRICES / "proposals", MATRICES / "baseline" / "tno-2022.yaml", tmp_path / "s.yaml"
    )
    lines = view.changes.to_dicts()

    def chosen() -> list[dict[str, object]]:
        return [line for line, box in zip(lines, view.boxes, strict=True) if box.value]

    view.accept_row("T1.1a")
    assert chosen() == [line for line in lines if line["row_id"] == "T1.1a"]
    view.reject_all()
    view.accept_body("KEHA")
    assert chosen() == [line for line in lines if line["body_id"] == "KEHA"]
    assert chosen()


def test_the_synthesis_will_not_overwrite_a_file_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "s.yaml"
    out.write_text("jonkun muun tiedosto\n", encoding="utf-8")
    view = SynthesisView(MATRICES / "proposals", MATRICES / "baseline" / "tno-2022.yaml", out)
    assert not view.save()
    assert "exists already" in view.status.value
    assert out.read_text(encoding="utf-8") == "jonkun muun tiedosto\n"


def test_the_heatmap_follows_the_threshold(folder: Path) -> None:
    view = CompareView(folder / "proposals")

    def drawn() -> tuple[object, ...]:
        # What the chart widget sends to the browser, not the view's own copy.
        (dataset,) = view.chart.spec["datasets"].values()
        (record,) = [r for r in dataset if (r["row_id"], r["body_id"]) == ("T1.1a", "JOTPA")]
        return record["n"], record["total"], record["status"]

    # JOTPA on T1.1a: 7 of 13 regions, contested at 2/3 and consensus at 1/2 (Finnish labels).
    assert drawn() == (7, 13, "kiistanalainen")
    view.set_thresholds(consensus=0.5)
    assert drawn() == (7, 13, "yhteisymmärrys")


# --- Static views, for exports ---------------------------------------------------------------


def test_in_export_mode_the_widgets_display_as_plain_html(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ELO_COORD_EXPORT", "1")
    editor = MatrixEditor(folder / "proposals" / "lappi.yaml")
    bundle = editor._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    page = bundle["text/html"]
    # Lappi makes ELY the regional lead on T4.1: a ★ on the lead's colour.
    cell = page.split('class="elo-cell-T4-1-regional-ELY"')[1].split("</td>")[0]
    assert "#2171b5" in cell
    assert cell.endswith("★")
    assert "elinvoimakeskukset ‡" in page  # did not exist yet on the proposal's date

    compare = CompareView(folder / "proposals")
    assert compare.chart is None  # no live chart widget in an export
    page = compare._repr_mimebundle_()["text/html"]
    assert "<svg" in page
    assert 'class="elo-agenda"' in page

    view = SynthesisView(
        folder / "proposals", folder / "baseline" / "tno-2022.yaml", folder / "s.yaml"
    )
    view.accept(0)
    page = view._repr_mimebundle_()["text/html"]
    assert page.count("☑") == 1
    assert page.count("☐") == view.changes.height - 1


def test_outside_export_mode_the_widgets_are_live(editor: MatrixEditor) -> None:
    bundle = editor._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_a_proposal_is_chosen_from_the_folder_in_one_choice(folder: Path) -> None:
    view = CompareView(folder / "proposals", chart=False)
    editor = MatrixEditor(folder / "proposals" / "lappi.yaml", folder=folder / "proposals")
    editor.on_change.append(lambda file: view.update(file.matrix))
    assert editor.chooser is not None
    assert [name for name, _ in editor.chooser.options][:2] == [
        "etela-pohjanmaa — vastattu",
        "etela-savo — vastattu",
    ]
    assert editor.chooser.value.name == "lappi.yaml"
    # Pohjois-Pohjanmaa names the regional councils on T4.1; Lappi does not.
    assert editor.button("T4.1", "regional", "maakuntien-liitot").description.strip() == ""
    editor.chooser.value = folder / "proposals" / "pohjois-pohjanmaa.yaml"
    assert editor.file.path.name == "pohjois-pohjanmaa.yaml"
    assert editor.button("T4.1", "regional", "maakuntien-liitot").description == "●"
    # The comparison still follows the clicks, now in the other file.
    editor.toggle("T4.1", "regional", "maakuntien-liitot")  # partner → lead
    line = view.lines.filter(
        (view.lines["row_id"] == "T4.1") & (view.lines["body_id"] == "maakuntien-liitot")
    )
    assert line["lead_n"].item() == 1


def test_given_a_folder_the_editor_opens_its_first_file(folder: Path) -> None:
    editor = MatrixEditor(folder / "proposals")
    assert editor.file.path.name == "etela-pohjanmaa.yaml"
    assert editor.chooser is not None


def test_choosing_no_region_empties_every_table_and_the_chart(folder: Path) -> None:
    view = CompareView(folder / "proposals")
    view.select([])
    assert view.coverage_text.value.startswith("<b>0/18 ryhmää vastasi")
    assert view.agenda_html.value == "<p>Ei kiistanalaisia kohtia.</p>"
    assert view.views_html.value == "<p>Ei eriäviä näkemyksiä.</p>"
    (dataset,) = view.chart.spec["datasets"].values()
    assert dataset == []
    view.select(["lappi"])
    (dataset,) = view.chart.spec["datasets"].values()
    assert {record["n"] for record in dataset} == {1}  # Lappi alone names each of its bodies


def test_editing_the_matrix_shown_side_by_side_redraws_the_difference(folder: Path) -> None:
    view = CompareView(folder, chart=False)
    view.compare("tno-2022", "lappi")
    lappi = view.matrices["lappi"]
    edited = lappi.model_copy(update={"rows": lappi.rows[1:]})  # T1.1a left out
    assert "rivi poistetaan" not in view.diff_html.value
    view.update(edited)
    assert "<td>T1.1a</td><td></td><td>rivi poistetaan</td>" in view.diff_html.value


def test_role_changes_say_from_what_to_what_and_quote_lines_quote(tmp_path: Path) -> None:
    texts = change_lines(tmp_path)
    # Most answers make ELY the lead of T6.1 regionally; the baseline has it a partner.
    (ely,) = [t for t in texts if "<b>T6.1</b>" in t and "<b>ELY</b>" in t]
    assert "kumppani → vastuutaho" in ely
    # Every line about quotations shows them (T1.1c: Lappi's quotation about Ohjaamo).
    quotes = [t for t in texts if "lainaukset" in t]
    assert quotes
    assert all("<i>" in t for t in quotes)
    assert any("Ohjaamoissa monialainen ohjaus" in t for t in quotes)


# --- Workbench --------------------------------------------------------------------------------


def test_the_workbench_opens_the_folder_and_an_edit_redraws_its_comparison(folder: Path) -> None:
    from elo_coord.widgets import Workbench

    app = Workbench(folder)
    assert app.compare is not None
    assert app.editor is None  # built when its tab is first opened
    app.show("edit")
    assert app.editor is not None
    assert [app.tabs.get_title(i) for i in range(3)] == [
        "1. Vertailu",
        "2. Muokkaus",
        "3. Päätökset",
    ]
    app.name.value = "Fasilitaattori"
    assert app.editor.file.editor == "Fasilitaattori"
    assert app.tabs.children[1].children == (app.editor,)

    def councils_on_t41() -> int:
        assert app.compare is not None
        lines = app.compare.lines
        found = lines.filter(
            (lines["row_id"] == "T4.1") & (lines["body_id"] == "maakuntien-liitot")
        )
        return int(found["n"].item())

    # Only Pohjois-Pohjanmaa names the regional councils on T4.1; the app opens the first file,
    # Etelä-Pohjanmaa, which does not.
    assert app.editor.file.path.name == "etela-pohjanmaa.yaml"
    assert councils_on_t41() == 1
    app.editor.toggle("T4.1", "regional", "maakuntien-liitot")
    assert councils_on_t41() == 2

    assert app.synthesis is None  # built when its tab is first opened
    app.show("synthesis")
    assert app.synthesis is not None
    assert app.tabs.children[2].children == (app.synthesis,)

    # Ticks not yet saved survive an edit of the proposals, which makes a new decisions view.
    first = app.synthesis
    first.accept_row("T1.1a")
    ticked = [
        line for line, box in zip(first.changes.to_dicts(), first.boxes, strict=True) if box.value
    ]
    app.show("edit")
    app.editor.toggle("T6.1", "regional", "kirjastot")
    app.show("synthesis")
    assert app.synthesis is not first
    again = app.synthesis
    kept = [
        line for line, box in zip(again.changes.to_dicts(), again.boxes, strict=True) if box.value
    ]
    assert [(d["change"], d["body_id"], d["task"]) for d in kept] == [
        (d["change"], d["body_id"], d["task"]) for d in ticked
    ]


def test_the_tabs_keep_their_children_as_parts_are_built_and_folders_change(
    folder: Path, spring_round: Path
) -> None:
    # A tab whose child is replaced is redrawn in the browser, which can show another tab or
    # none: the parts go into boxes that stay.
    from elo_coord.widgets import Workbench

    app = Workbench(folder)
    boxes = app.tabs.children
    app.show("edit")
    app.show("synthesis")
    app.folder.value = spring_round
    app.show("edit")
    assert app.editor is not None
    app.editor.create("elo-kainuu", "empty")
    app.show("synthesis")
    app.show("forum")
    app.show("monitoring")
    assert app.tabs.children == boxes
    assert [box.children for box in boxes[:4]] == [
        (app.compare,),
        (app.editor,),
        (app.synthesis,),
        (app.forum,),
    ]
    (monitoring,) = boxes[4].children
    assert monitoring.children == (app.monitoring, app.composition)


def test_the_side_by_side_diff_speaks_finnish_not_codes(folder: Path) -> None:
    view = CompareView(folder, chart=False)
    page = view.diff_html.value
    # The baseline against Etelä-Pohjanmaa: KEHA dropped nationally on T1.1a, ELY made the lead.
    assert "<td>T1.1a</td><td>Valtakunnallinen koordinaatio</td><td>toimija poistettu</td>" in page
    assert "<td>ELY</td><td></td><td>kumppani</td><td>vastuutaho</td>" in page
    for code in ("body_removed", "national", "partner", "role_changed"):
        assert code not in page


def test_a_save_the_system_refuses_offers_a_retry_and_keeps_the_edit(
    editor: MatrixEditor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))

    def full_disk(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("elo_coord._atomic._replace", full_disk)
    editor.toggle("T4.1", "regional", "kunnat")
    assert "Tiedostoon ei voitu kirjoittaa, mitään ei muutettu" in editor.status.value
    assert editor.retry_button.layout.display == ""
    assert editor.merge_button.layout.display == "none"  # nobody else changed the file
    assert editor.button("T4.1", "regional", "kunnat").description == "●"  # the edit is kept
    monkeypatch.undo()
    editor.retry_button.click()
    assert "✓" in editor.status.value
    assert editor.retry_button.layout.display == "none"


# --- New proposals and the groups' states ---------------------------------------------------

# The groups tno-2022 asked (matrices/surveys/tno-2022.yaml) without a file in
# matrices/proposals/: the 12 files answer for 13 groups (pohjanmaa-keski-pohjanmaa.yaml for two),
# which leaves these five of the 18, in the survey's order.
WITHOUT_A_PROPOSAL = [
    "elo-satakunta",
    "elo-kanta-hame",
    "elo-kymenlaakso",
    "elo-etela-karjala",
    "elo-kainuu",
]


def test_the_new_proposal_row_offers_the_groups_asked_without_a_proposal(folder: Path) -> None:
    editor = MatrixEditor(folder / "proposals")
    assert editor.new_row.layout.display == ""
    assert [group for _, group in editor.new_group.options] == WITHOUT_A_PROPOSAL
    assert editor.new_group.options[0][0] == "Satakunnan ELO-ryhmä — puuttuu"
    assert editor.new_group.value == "elo-satakunta"  # a click creates the first at once
    # No baseline given: a new proposal can only start empty.
    assert [start for _, start in editor.new_start.options] == ["empty"]
    assert editor.new_start.options[0][0] == "tyhjä"
    assert editor.create_button.description == "Luo ehdotus"


def test_the_chooser_labels_each_file_with_its_groups_state(folder: Path) -> None:
    proposals = folder / "proposals"
    (proposals / "kainuu.yaml").write_text(
        "id: kainuu\n"
        "kind: proposal\n"
        "strategy: elo-2020-2023\n"
        "date: 2022-03-18\n"
        "title: Kainuun ELO-ryhmä kieltäytyi\n"
        "groups: [elo-kainuu]\n"
        "survey: tno-2022\n"
        "declined: true\n",
        encoding="utf-8",
    )
    editor = MatrixEditor(proposals / "etela-savo.yaml", folder=proposals)
    assert editor.chooser is not None
    labels = {path.name: text for text, path in editor.chooser.options}
    assert labels["etela-savo.yaml"] == "etela-savo — vastattu"
    assert labels["pohjanmaa-keski-pohjanmaa.yaml"] == "pohjanmaa-keski-pohjanmaa — vastattu"
    assert labels["kainuu.yaml"] == "kainuu — kieltäytyi"
    assert editor.chooser.value == proposals / "etela-savo.yaml"  # the values stay the paths
    assert [group for _, group in editor.new_group.options] == WITHOUT_A_PROPOSAL[:-1]


def test_creating_an_empty_proposal_writes_the_file_and_opens_it(folder: Path) -> None:
    editor = MatrixEditor(folder / "proposals")
    grid = editor.grid
    editor.new_group.value = "elo-satakunta"
    editor.new_start.value = "empty"
    editor.create_button.click()
    # Dated by its survey (15.2.2022), a month before the others, with the same bodies in
    # existence: the grid stays, only its marks are redrawn.
    assert editor.grid is grid
    path = folder / "proposals" / "elo-satakunta.yaml"
    matrix = load_matrix(path)
    assert matrix.groups == ("elo-satakunta",)
    assert matrix.survey == "tno-2022"
    assert matrix.rows == ()
    assert editor.chooser is not None
    assert editor.chooser.value == path
    assert editor.chooser.label == "elo-satakunta — vastattu"
    assert editor.file.path == path
    assert [group for _, group in editor.new_group.options] == WITHOUT_A_PROPOSAL[1:]
    assert editor.new_group.value == "elo-kanta-hame"
    assert "✓" in editor.status.value
    # A click in the new file's grid saves into it.
    editor.button("T6.1", "regional", "kolmas-sektori").click()
    (row,) = load_matrix(path).rows
    assert (row.row, [(a.body, a.role.value) for a in row.regional.bodies]) == (
        "T6.1",
        [("kolmas-sektori", "partner")],
    )


def test_a_proposal_started_from_the_baseline_has_the_baselines_roles(folder: Path) -> None:
    editor = MatrixEditor(folder / "proposals", baseline=folder / "baseline" / "tno-2022.yaml")
    assert [start for _, start in editor.new_start.options] == ["migrated", "baseline", "empty"]
    assert [text for text, _ in editor.new_start.options] == [
        "siirretty lähtötilanne",
        "lähtötilanne sellaisenaan",
        "tyhjä",
    ]
    path = editor.create("elo-kainuu", "baseline")
    assert path == folder / "proposals" / "elo-kainuu.yaml"
    row = next(r for r in load_matrix(path).rows if r.row == "T1.1a")
    # The baseline's T1.1a (slide 7): five national and four regional partners, no lead.
    assert [(a.body, a.role.value) for a in row.national.bodies] == [
        ("OKM", "partner"),
        ("TEM", "partner"),
        ("OPH", "partner"),
        ("JOTPA", "partner"),
        ("KEHA", "partner"),
    ]
    assert [a.body for a in row.regional.bodies] == ["ELY", "AVI", "kunnat", "TE-toimistot"]
    assert row.national.tasks[0].text == "Linjaukset toiminnalle"
    assert editor.button("T1.1a", "regional", "ELY").description == "●"


def test_a_second_proposal_for_the_same_group_is_refused_in_one_line(folder: Path) -> None:
    editor = MatrixEditor(folder / "proposals")
    path = editor.create("elo-satakunta", "empty")
    assert path is not None
    editor.toggle("T6.1", "regional", "kolmas-sektori")
    written = path.read_bytes()
    assert editor.create("elo-satakunta", "empty") is None
    assert editor.status.value.count("✖ Ehdotusta ei luotu: ") == 1
    assert "elo-satakunta has a proposal in proposals/ already" in editor.status.value
    assert "\n" not in editor.status.value
    assert path.read_bytes() == written
    # Lappi has its proposal under another name: no second one for the group either.
    assert editor.create("elo-lappi", "empty") is None
    assert not (folder / "proposals" / "elo-lappi.yaml").exists()


def test_a_start_naming_bodies_that_no_longer_exist_is_refused_in_one_line(folder: Path) -> None:
    # A round of spring 2026, when AVI, ELY and KEHA had ended; its proposals folder is empty.
    (folder / "surveys" / "kevat-2026.yaml").write_text(
        "id: kevat-2026\n"
        "title: {fi: ELO-koordinaatiokysely kevät 2026}\n"
        "strategy: elo-2020-2023\n"
        "sent: 2026-03-02\n"
        "due: 2026-03-30\n"
        "asked: [elo-lappi, elo-uusimaa]\n"
        "questions:\n"
        "  - {id: Q1, answer: matrix, text: {fi: Kuka koordinoi?}}\n",
        encoding="utf-8",
    )
    proposals = folder / "rounds" / "kevat-2026" / "proposals"
    proposals.mkdir(parents=True)
    editor = MatrixEditor(
        folder / "proposals" / "lappi.yaml",
        folder=proposals,
        baseline=folder / "baseline" / "tno-2022.yaml",
    )
    assert [group for _, group in editor.new_group.options] == ["elo-lappi", "elo-uusimaa"]
    editor.new_group.value = "elo-uusimaa"
    editor.new_start.value = "migrated"
    editor.create_button.click()
    assert "✖ Ehdotusta ei luotu: the migrated baseline still names AVI" in editor.status.value
    assert "\n" not in editor.status.value
    assert list(proposals.iterdir()) == []
    assert editor.new_group.value == "elo-uusimaa"  # the choice stays on screen
    # Started empty, the answer names no body at all: it is written.
    assert editor.create("elo-uusimaa", "empty") == proposals / "elo-uusimaa.yaml"


def test_the_new_proposal_row_is_hidden_without_a_survey(folder: Path) -> None:
    proposals = folder / "proposals"
    for path in proposals.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("survey: tno-2022\n", ""), encoding="utf-8")
    editor = MatrixEditor(proposals)
    assert editor.new_row.layout.display == "none"
    assert editor.chooser is not None
    assert editor.chooser.label == "etela-pohjanmaa"  # no state to tell


def test_a_proposal_created_in_the_workbench_counts_as_an_answer(folder: Path) -> None:
    from elo_coord.widgets import Workbench

    app = Workbench(folder)
    app.show("edit")
    assert app.editor is not None
    assert app.compare is not None
    assert app.compare.forum.coverage_counts.answered == 13
    # The workbench's baseline is there to start from.
    assert [start for _, start in app.editor.new_start.options] == [
        "migrated",
        "baseline",
        "empty",
    ]
    assert app.editor.create("elo-satakunta", "empty") is not None
    coverage = app.compare.forum.coverage
    line = coverage.filter(coverage["group_id"] == "elo-satakunta").row(0, named=True)
    assert (line["response"], line["matrix_id"]) == ("answered", "elo-satakunta")
    assert app.compare.forum.coverage_counts.answered == 14
    assert "elo-satakunta" in app.compare.chooser.value
    assert app.compare.coverage_text.value.startswith("<b>14/18 ryhmää vastasi")


# --- A round's folder before its first answer -----------------------------------------------

SPRING_NOTICE = (
    "Kierroksella kevat-2026 ei ole vielä vastauksia — luo ehdotus Muokkaus-välilehdellä"
    " tai aja round collect"
)


@pytest.fixture
def spring_round(folder: Path) -> Path:
    """Round kevat-2026 started with empty workbooks: its proposals folder, still empty."""
    elo_coord.new_round(
        "kevat-2026",
        data=folder,
        strategy="elo-2020-2023",
        date=datetime.date(2026, 3, 2),
        start="empty",
    )
    proposals = folder / "rounds" / "kevat-2026" / "proposals"
    assert list(proposals.iterdir()) == []
    return proposals


def test_a_rounds_empty_folder_is_offered_and_its_first_proposal_is_compared(
    folder: Path, spring_round: Path
) -> None:
    from elo_coord.widgets import Workbench

    survey = yaml.safe_load((folder / "surveys" / "kevat-2026.yaml").read_text(encoding="utf-8"))
    asked = survey["asked"]
    assert len(asked) == 18  # every ELO group in groups.yaml existed on 2.3.2026
    app = Workbench(folder)
    assert [name for name, _ in app.folder.options] == [
        "proposals",
        "rounds/kevat-2026/proposals",
    ]
    app.folder.value = spring_round
    # No answer yet: a notice where the comparison and the decisions would be.
    assert app.compare is None
    assert app.notice is not None
    assert app.tabs.children[0].children == (app.notice,)
    assert app.notice.value == f"<p><b>{SPRING_NOTICE}</b></p>"
    app.show("synthesis")
    assert app.synthesis is None
    (notice,) = app.tabs.children[2].children
    assert notice.value.startswith(
        "<p><b>Kierroksella kevat-2026 ei ole vielä vastauksia, joten päätettävää ei ole — "
    )
    assert SPRING_NOTICE in app.static_html()

    # The editor: a notice, the undo bar off, no grid, and every group asked offered as missing.
    app.show("edit")
    editor = app.editor
    assert editor is not None
    assert editor.title.value == (
        '<h3>ELO-koordinaatiokysely kevat-2026</h3><p class="elo-notice">Kansiossa ei ole'
        " vielä ehdotuksia — valitse ryhmä alta ja luo sen ehdotus</p>"
    )
    assert editor.undo_button.disabled
    assert editor.redo_button.disabled
    assert editor.body.children == ()
    assert editor.chooser is not None
    assert editor.chooser.options == ()
    assert [group for _, group in editor.new_group.options] == asked
    assert all(text.endswith(" — puuttuu") for text, _ in editor.new_group.options)
    assert ("Kainuun ELO-ryhmä — puuttuu", "elo-kainuu") in editor.new_group.options
    with pytest.raises(elo_coord.InputError, match="no proposal here yet"):
        editor.toggle("T6.1", "regional", "kolmas-sektori")

    # Kainuu answers by phone: its proposal is written, opened, and counted.
    path = editor.create("elo-kainuu", "empty")
    assert path == spring_round / "elo-kainuu.yaml"
    matrix = load_matrix(path)
    assert (matrix.groups, matrix.survey, matrix.date, matrix.rows) == (
        ("elo-kainuu",),
        "kevat-2026",
        datetime.date(2026, 3, 2),
        (),
    )
    assert editor.file.path == path
    assert editor.chooser.value == path
    assert editor.chooser.label == "elo-kainuu — vastattu"
    assert editor.body.children == (editor.grid, editor.panel)
    assert editor.title.value.startswith(
        "<h3>Kainuun ELO-ryhmä: ELO-koordinaatiokysely kevat-2026</h3>2026-03-02"
    )
    assert "elo-kainuu" not in [group for _, group in editor.new_group.options]
    assert app.compare is not None
    assert app.tabs.children[0].children == (app.compare,)  # in place of the notice
    assert app.tabs.selected_index == 1  # the editor stays in front
    assert app.compare.forum.coverage_counts.answered == 1
    assert app.compare.coverage_text.value.startswith("<b>1/18 ryhmää vastasi")

    # A click in the new file saves it and reaches the comparison; the decisions can be made.
    editor.button("T6.1", "regional", "kolmas-sektori").click()
    (row,) = load_matrix(path).rows
    assert [(a.body, a.role.value) for a in row.regional.bodies] == [("kolmas-sektori", "partner")]
    lines = app.compare.lines
    named = lines.filter((lines["row_id"] == "T6.1") & (lines["body_id"] == "kolmas-sektori"))
    assert named.select("n", "total").row(0) == (1, 1)
    app.show("synthesis")
    assert app.synthesis is not None
    assert app.tabs.children[2].children == (app.synthesis,)


def test_the_editor_opens_a_rounds_empty_folder_ready_for_a_new_proposal(
    spring_round: Path,
) -> None:
    editor = MatrixEditor(spring_round)
    assert editor.survey is not None
    assert editor.survey.id == "kevat-2026"
    assert len(editor.new_group.options) == 18
    assert editor.new_row.layout.display == ""
    assert "Kansiossa ei ole vielä ehdotuksia" in editor.static_html()
    heard: list[Path] = []
    editor.on_change.append(lambda file: heard.append(file.path))
    path = editor.create("elo-lappi", "empty")
    assert heard == [path]  # a callback given before the first file hears of it


def test_an_empty_folder_of_no_round_is_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(elo_coord.ElocoordError, match="no survey round to start a proposal for"):
        MatrixEditor(tmp_path)


def test_the_workbench_follows_proposals_others_save_or_create(
    folder: Path, spring_round: Path
) -> None:
    from elo_coord.widgets import Workbench

    app = Workbench(folder)
    assert app.compare is not None

    def named(row: str, body: str) -> int:
        assert app.compare is not None
        lines = app.compare.lines
        found = lines.filter((lines["row_id"] == row) & (lines["body_id"] == body))
        return int(found["n"].item()) if found.height else 0

    # No proposal names the third sector on T6.1 regionally; in another browser, Uusimaa does.
    assert named("T6.1", "kolmas-sektori") == 0
    MatrixFile(folder / "proposals" / "uusimaa.yaml").toggle("T6.1", "regional", "kolmas-sektori")
    app.follow()
    assert named("T6.1", "kolmas-sektori") == 1

    # A round's empty folder: another browser writes its first proposal; here it is compared
    # and opened in the editor.
    app.folder.value = spring_round
    app.show("edit")
    assert app.compare is None
    other = Workbench(folder, follow=None)
    other.folder.value = spring_round
    other.show("edit")
    assert other.editor is not None
    other.editor.create("elo-kainuu", "empty")
    app.follow()
    assert app.compare is not None
    assert app.compare.forum.coverage_counts.answered == 1
    assert app.editor is not None
    assert app.editor.opened == spring_round / "elo-kainuu.yaml"

    # Their click in Kainuu's file reaches this editor's screen and the comparison.
    other.editor.toggle("T6.1", "regional", "kirjastot")
    app.follow()
    assert app.editor.button("T6.1", "regional", "kirjastot").description == "●"
    assert named("T6.1", "kirjastot") == 1


def test_following_is_given_in_seconds_and_zero_turns_it_off() -> None:
    from elo_coord.widgets._follow import seconds_between

    assert seconds_between("2") == 2.0
    assert seconds_between(0.5) == 0.5
    assert seconds_between("0") is None
    assert seconds_between(None) is None
    with pytest.raises(elo_coord.InputError, match=r"follow='joskus': give the seconds"):
        seconds_between("joskus")
    with pytest.raises(elo_coord.InputError, match="give 0 or more seconds"):
        seconds_between(-1)


def test_following_calls_back_on_its_loop_until_cancelled(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import asyncio
    import threading
    import time

    from elo_coord.widgets._follow import Every

    calls: list[int] = []

    def look() -> None:
        calls.append(len(calls))
        if len(calls) == 2:
            raise OSError("the share went away")  # logged; the calls go on

    # The kernel's loop, played by a loop in a thread of its own.
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        every = Every(0.001, look, loop=loop)
        deadline = time.monotonic() + 60  # a condition with a generous limit, not a sleep
        while len(calls) < 4 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert every.running
        every.cancel()
        assert not every.running
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=60)
        loop.close()
    assert len(calls) >= 4
    assert "following the files failed" in caplog.text
    # Outside a Jupyter kernel, nothing is scheduled, whatever loop runs.
    assert not Every(0.001, look).running


def test_nothing_is_scheduled_on_the_kernel_that_makes_an_export(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import asyncio
    import threading

    import IPython

    from elo_coord.widgets._follow import kernel_loop

    class Kernel:
        kernel = object()  # what a Jupyter kernel's shell has

    monkeypatch.setattr(IPython, "get_ipython", lambda: Kernel())

    async def in_a_cell() -> tuple[bool, bool]:
        live = kernel_loop() is asyncio.get_running_loop()
        monkeypatch.setenv("ELO_COORD_EXPORT", "1")
        return live, kernel_loop() is None

    # In a thread of its own: the browser tests' driver may run a loop in this one.
    seen: list[tuple[bool, bool]] = []
    thread = threading.Thread(target=lambda: seen.append(asyncio.run(in_a_cell())))
    thread.start()
    thread.join(timeout=60)
    assert seen == [(True, True)]


def test_the_workbench_refuses_data_with_neither_proposals_nor_rounds(folder: Path) -> None:
    from elo_coord.widgets import Workbench

    shutil.rmtree(folder / "proposals")
    # A round's folder counts only when surveys/ knows the round.
    (folder / "rounds" / "tuntematon" / "proposals").mkdir(parents=True)
    with pytest.raises(elo_coord.ElocoordError) as raised:
        Workbench(folder)
    message = str(raised.value)
    assert message.endswith(
        ": no proposal files and no survey round in this folder — give the data folder, or"
        " start a round with elo-coord round new"
    )
    assert "\n" not in message


# --- Forum mode ---------------------------------------------------------------------------------

# AVI on T1.3b regionally (matrices/proposals/): Keski-Suomi, Pirkanmaa, Pohjanmaa and
# Keski-Pohjanmaa (one joint answer), Pohjois-Savo, Uusimaa and Varsinais-Suomi name it, as a
# partner; Etelä-Savo leaves the row out, so 7 of the 12 regions that answered. Its camps come
# nearest to agreeing of all contested cells (20/63, worked in the researcher's guide): the agenda
# begins with it.
AVI_T13B = ("T1.3b", "regional", "AVI")
AVI_REGIONS = (
    "keski-pohjanmaa",
    "keski-suomi",
    "pirkanmaa",
    "pohjanmaa",
    "pohjois-savo",
    "uusimaa",
    "varsinais-suomi",
)


@pytest.fixture
def forum_mode(folder: Path) -> ForumView:
    registry = elo_coord.load_registry(folder)
    baseline = elo_coord.load_matrix(folder / "baseline" / "tno-2022.yaml", registry=registry)
    forum = elo_coord.Comparison(
        elo_coord.load_matrices(folder / "proposals", registry=registry),
        baseline=baseline,
        registry=registry,
    )
    return ForumView(forum, baseline, folder / "synthesis" / "foorumi.yaml", by="Pia")


def test_forum_mode_opens_on_the_first_item_with_what_the_room_needs(
    forum_mode: ForumView,
) -> None:
    assert forum_mode.current == AVI_T13B
    assert "Asialistan kohta 1/39" in forum_mode.place.value
    assert ">T1.3b · Alueellinen koordinaatio · AVI</div>" in forum_mode.item.value
    facts = forum_mode.facts.value
    assert "<b>7/12</b> vastanneesta alueesta nimesi (58 %) · leirit 2/2" in facts
    assert (
        "Nimenneet:</b> Keski-Pohjanmaa, Keski-Suomi, Pirkanmaa, Pohjanmaa, Pohjois-Savo,"
        " Uusimaa, Varsinais-Suomi"
    ) in facts
    assert "Lähtötilanteessa:</b> kumppani" in facts
    assert forum_mode.previous_button.disabled


def test_a_decision_is_recorded_with_its_rationale_and_the_next_item_follows(
    forum_mode: ForumView,
) -> None:
    out = forum_mode.out
    assert not out.exists()
    assert not forum_mode.decide("accept")  # no rationale yet
    assert "Kirjoita perustelu ensin" in forum_mode.status.value
    assert not out.exists()
    forum_mode.rationale.value = "LVV hoitaa AVI:n sivistystehtävät"
    assert forum_mode.decide("accept")
    (decision,) = elo_coord.load_matrix(out).decisions
    assert (decision.row, decision.level.value, decision.body) == AVI_T13B
    assert (decision.verdict.value, decision.role, decision.by) == ("accept", Role.PARTNER, "Pia")
    assert decision.rationale == "LVV hoitaa AVI:n sivistystehtävät"
    assert (decision.regions, decision.answered) == (AVI_REGIONS, 12)
    # The file's row holds AVI as a partner, with its provenance; its open question is gone.
    saved = elo_coord.load_matrix(out)
    row = next(r for r in saved.rows if r.row == "T1.3b")
    assert [(a.role, a.regions) for a in row.regional.bodies if a.body == "AVI"] == [
        (Role.PARTNER, AVI_REGIONS)
    ]
    assert not [q for q in saved.questions if (q.row, q.level.value, q.body) == AVI_T13B]
    # The next undecided item is on screen; the list of decisions holds the first.
    assert forum_mode.index == 1
    assert forum_mode.rationale.value == ""
    assert "Päätetty tähän mennessä: 1/39" in forum_mode.decided.value
    assert "hyväksytty: kumppani: “LVV hoitaa AVI:n sivistystehtävät” (Pia, " in (
        forum_mode.decided.value
    )


def test_the_keys_decide_and_walk_as_the_buttons_do(forum_mode: ForumView) -> None:
    forum_mode.rationale.value = "Ei alueellista roolia"
    forum_mode._on_key(None, {"action": "reject"}, None)
    forum_mode._on_key(None, {"action": "previous"}, None)
    assert forum_mode.current == AVI_T13B
    assert "hylätty: “Ei alueellista roolia”" in forum_mode.facts.value
    forum_mode._on_key(None, {"action": "next"}, None)
    forum_mode.rationale.value = "Palataan syksyllä"
    forum_mode._on_key(None, {"action": "defer"}, None)
    verdicts = [d.verdict.value for d in elo_coord.load_matrix(forum_mode.out).decisions]
    assert verdicts == ["reject", "defer"]


def test_a_decision_without_a_name_is_refused(forum_mode: ForumView) -> None:
    forum_mode.by = " "
    assert not forum_mode.decide("defer", "Myöhemmin")
    assert "Kirjoita nimesi ylös" in forum_mode.status.value
    assert not forum_mode.out.exists()


def test_forum_decisions_and_the_ticks_of_the_decisions_tab_keep_each_other(
    folder: Path, forum_mode: ForumView
) -> None:
    from elo_coord.widgets import SynthesisView

    out = forum_mode.out
    ticks = SynthesisView(folder / "proposals", folder / "baseline" / "tno-2022.yaml", out)
    ticks.accept_row("T1.1a")
    assert ticks.save()
    forum_mode.decide("accept", "LVV jatkaa")  # written meanwhile, in forum mode
    ticks.accept_row("T2.1")
    assert ticks.save()  # the forum's decision is kept, not overwritten
    saved = elo_coord.load_matrix(out)
    assert [d.body for d in saved.decisions] == ["AVI"]
    held = ticks.decisions.accepted_in(saved)
    accepted_rows = {
        row for row, kept in zip(ticks.changes.get_column("row_id"), held, strict=True) if kept
    }
    assert accepted_rows == {"T1.1a", "T2.1"}
    # Someone else's ticks saved meanwhile are not overwritten: the save is refused.
    other = SynthesisView(folder / "proposals", folder / "baseline" / "tno-2022.yaml", out)
    other.accept_row("T3.1")
    assert other.save()
    ticks.accept_row("T4.1")
    assert not ticks.save()
    assert "changed" in ticks.status.value


def test_the_workbench_has_a_forum_tab_that_records_under_the_name_given(folder: Path) -> None:
    from elo_coord.widgets import Workbench

    app = Workbench(folder)
    app.name.value = "Pia"
    app.show("forum")
    assert app.tabs.get_title(3) == "4. Foorumi"
    assert app.forum is not None
    assert app.tabs.children[3].children == (app.forum,)
    assert app.forum.current == AVI_T13B
    assert app.forum.decide("defer", "Selvitetään LVV:n rooli")
    assert app.decision.exists()
    app.name.value = "Ari"
    assert app.forum.by == "Ari"
    # The decisions tab, opened after, reads the file forum mode wrote and keeps its decision.
    app.show("synthesis")
    assert app.synthesis is not None
    assert [d.verdict.value for d in app.synthesis.verdicts] == ["defer"]


def test_two_facilitators_in_forum_mode_see_each_others_decisions(
    folder: Path, forum_mode: ForumView
) -> None:
    baseline = elo_coord.load_matrix(folder / "baseline" / "tno-2022.yaml")
    other = ForumView(forum_mode.forum, baseline, forum_mode.out, by="Ari")
    assert not other.follow()  # nothing new
    assert forum_mode.decide("accept", "LVV jatkaa")
    assert other.decide("reject", "Ei alueellista roolia")  # item 1: read afresh, appended
    assert other.current == forum_mode.current  # both on the agenda's second item now
    assert forum_mode.follow()
    saved = elo_coord.load_matrix(forum_mode.out)
    assert [(d.by, d.verdict.value) for d in saved.decisions] == [
        ("Pia", "accept"),
        ("Ari", "reject"),
    ]
    assert "Päätetty tähän mennessä: 1/39" in forum_mode.decided.value  # one item, decided twice
    assert "hylätty: “Ei alueellista roolia” (Ari, " in forum_mode.decided.value
