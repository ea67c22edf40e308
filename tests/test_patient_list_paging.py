"""The patient list at scale, as a person uses it: read a page at a time while scrolling,
one row read again after a save, the found count kept right (pytest-qt, offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from models.database import Database
from models.records import PatientDraft
from models.services.patients import create_patient, search_patients
from models.services.visits import list_visits
from tests.dialogs import click_save
from tests.test_patient_form import retype
from ui.background import SyncRunner
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.patient_dialog import PatientDialog
from ui.patient_list import DRAFTS_COLUMN

pytestmark = pytest.mark.both_engines  # the list pages the same on a clinic server

PATIENTS = 45


@pytest.fixture
def practice(db: Database) -> Database:
    for number in range(PATIENTS):
        create_patient(db, PatientDraft(f"C-{number:03d}", "Ida", f"Lund{number:03d}"), "test")
    return db


def open_window(qtbot: QtBot, db: Database, page_rows: int) -> MainWindow:
    window = MainWindow(AppContext(db, SyncRunner()))
    qtbot.addWidget(window)
    window.patient_list.limit = page_rows
    window.patient_list.refresh()
    window.resize(1024, 500)
    window.show()
    qtbot.waitExposed(window)
    return window


def charts(window: MainWindow) -> list[str]:
    model = window.patient_list.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def test_the_list_reads_the_next_page_when_scrolled_to_its_end(
    qtbot: QtBot, practice: Database
) -> None:
    window = open_window(qtbot, practice, page_rows=10)
    view, table = window.patient_list, window.patient_list.table
    loaded = view.model.rowCount()
    assert loaded < PATIENTS and view.more.isVisible()
    assert view.more.text().startswith(f"Showing the first {loaded} of {PATIENTS} patients found")
    table.setFocus()
    for _ in range(PATIENTS):  # Ctrl+End, as a person presses it, until the list is whole
        if view.model.rowCount() == PATIENTS:
            break
        qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert charts(window) == [f"C-{number:03d}" for number in range(PATIENTS)]
    assert not view.more.isVisible()
    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert view.current_patient_id() == search_patients(practice)[-1].id


def test_a_search_reads_its_first_page_and_counts_every_patient_found(
    qtbot: QtBot, practice: Database
) -> None:
    window = open_window(qtbot, practice, page_rows=10)
    view = window.patient_list
    qtbot.keyClicks(view.search, "lund02")
    qtbot.waitUntil(lambda: charts(window)[:1] == ["C-020"])
    assert charts(window) == [f"C-{number:03d}" for number in range(20, 30)]
    assert not view.more.isVisible()
    view.search.clear()
    qtbot.waitUntil(lambda: charts(window)[:1] == ["C-000"])
    assert view.more.text().startswith(f"Showing the first {view.model.rowCount()} of {PATIENTS}")


def test_saving_a_visit_reads_that_patients_row_again_not_the_list(
    qtbot: QtBot, practice: Database
) -> None:
    window = open_window(qtbot, practice, page_rows=10)
    view, model, table = window.patient_list, window.patient_list.model, window.patient_list.table
    where = table.visualRect(model.index(3, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    chosen = view.current_patient_id()
    assert chosen is not None and model.data(model.index(3, DRAFTS_COLUMN)) == ""
    others = [row for number, row in enumerate(model.rows) if number != 3]
    with qtbot.assertNotEmitted(model.modelReset):
        window.visit_actions["new"].trigger()
        qtbot.keyClicks(window.editor.subjective.text, "Calf tight after the long run")
        window.visit_actions["save"].trigger()
    assert len(list_visits(practice, chosen)) == 1
    assert model.data(model.index(3, DRAFTS_COLUMN)) == "1"  # one draft now
    after = [row for number, row in enumerate(model.rows) if number != 3]
    assert all(a is b for a, b in zip(others, after, strict=True))  # not read again
    assert view.current_patient_id() == chosen  # still selected


def test_a_saved_visit_the_search_now_finds_joins_the_list_and_its_count(
    qtbot: QtBot, practice: Database
) -> None:
    window = open_window(qtbot, practice, page_rows=10)
    view, model = window.patient_list, window.patient_list.model
    lund = search_patients(practice, "lund007")[0].id
    qtbot.keyClicks(view.search, "zanzibar")
    qtbot.waitUntil(lambda: not view._debounce.isActive() and model.rowCount() == 0)
    window.chart.show_patient(lund)  # opened from elsewhere (the dashboard, a chart number)
    with qtbot.assertNotEmitted(model.modelReset):
        window.visit_actions["new"].trigger()
        qtbot.keyClicks(window.editor.subjective.text, "Back from Zanzibar")
        window.visit_actions["save"].trigger()
    assert charts(window) == ["C-007"]
    assert "visit" in model.data(model.index(0, 1)).splitlines()[1]
    assert view.total == 1


def test_a_renamed_patient_moves_to_where_the_name_sorts_and_stays_selected(
    qtbot: QtBot, practice: Database
) -> None:
    window = open_window(qtbot, practice, page_rows=10)
    view, model, table = window.patient_list, window.patient_list.model, window.patient_list.table
    where = table.visualRect(model.index(2, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    chosen = view.current_patient_id()
    with qtbot.assertNotEmitted(model.modelReset):
        window.edit_patient()
        dialog = window.findChild(PatientDialog)
        assert dialog is not None
        retype(qtbot, dialog.last_name, "Lund005b")  # now sorts after Lund005
        click_save(qtbot, dialog)
    assert charts(window)[:7] == ["C-000", "C-001", "C-003", "C-004", "C-005", "C-002", "C-006"]
    assert view.current_patient_id() == chosen and model.data(model.index(5, 1)).startswith(
        "Lund005b"
    )
    assert view.total == PATIENTS


def test_a_new_patient_joins_the_list_alone_and_is_counted(
    qtbot: QtBot, practice: Database
) -> None:
    window = open_window(qtbot, practice, page_rows=10)
    view, model = window.patient_list, window.patient_list.model
    with qtbot.assertNotEmitted(model.modelReset):
        window.new_patient()
        (dialog,) = [d for d in window.findChildren(PatientDialog) if d.isVisible()]
        for widget, typed in ((dialog.chart_number, "C-900"), (dialog.first_name, "Ada"),
                              (dialog.last_name, "Lund000a")):  # fmt: skip
            qtbot.keyClicks(widget, typed)
        click_save(qtbot, dialog)
    assert charts(window)[:3] == ["C-000", "C-900", "C-001"]
    assert view.total == PATIENTS + 1
    assert view.more.text().startswith(f"Showing the first {model.rowCount()} of {PATIENTS + 1}")
