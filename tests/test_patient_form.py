"""The patient form and the search, typed into as a person does (pytest-qt, offscreen)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from models.database import Database
from models.records import birth_date_range, patient_problems
from models.services.patients import load_patient, patient_id_for_chart, search_patients
from tests.dialogs import answer_next_box, click_save, no_nested_event_loop
from ui.actions.patients import edit_patient, new_patient
from ui.background import SyncRunner
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.messages import NO_PATIENT
from ui.patient_dialog import PatientDialog


def window_for(qtbot: QtBot, db: Database) -> MainWindow:
    window = MainWindow(AppContext(db, SyncRunner()))
    qtbot.addWidget(window)
    window.show()
    return window


def shown_errors(dialog: PatientDialog) -> dict[str, str]:
    """Each field's message as on screen: the red label right under that field."""
    shown = {}
    for label in dialog.findChildren(QLabel):
        name = label.objectName()
        if name.endswith("-error") and label.isVisible() and label.text():
            shown[name.removesuffix("-error")] = label.text()
    return shown


def type_patient(qtbot: QtBot, dialog: PatientDialog, chart: str, first: str, last: str) -> None:
    """Type the three required fields, as a new patient's form is filled."""
    for widget, text in ((dialog.chart_number, chart), (dialog.first_name, first),
                         (dialog.last_name, last)):  # fmt: skip
        qtbot.keyClicks(widget, text)


def retype(qtbot: QtBot, widget: object, text: str) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # type: ignore[arg-type]
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)  # type: ignore[arg-type]
    qtbot.keyClicks(widget, text)  # type: ignore[arg-type]


def test_every_error_shows_beside_its_field_at_once(qtbot: QtBot, db: Database) -> None:
    window = window_for(qtbot, db)
    dialog = new_patient(window.context, window)
    qtbot.keyClicks(dialog.chart_number, "N-7")
    qtbot.keyClicks(dialog.email, "not-an-email")
    click_save(qtbot, dialog)
    assert shown_errors(dialog) == {
        "first_name": "First name: is required",
        "last_name": "Last name: is required",
        "email": "Email: must look like name@example.org",
    }
    assert dialog.isVisible() and dialog.chart_number.text() == "N-7"
    assert dialog.focusWidget() is dialog.first_name  # the first field to fix


def test_a_fixed_field_loses_its_message_at_once(qtbot: QtBot, db: Database) -> None:
    window = window_for(qtbot, db)
    dialog = new_patient(window.context, window)
    qtbot.keyClicks(dialog.chart_number, "N-7")
    qtbot.keyClicks(dialog.first_name, "Lena")
    qtbot.keyClicks(dialog.email, "not-an-email")
    click_save(qtbot, dialog)
    assert set(shown_errors(dialog)) == {"last_name", "email"}
    qtbot.keyClicks(dialog.last_name, "Berg")
    assert set(shown_errors(dialog)) == {"email"}  # no second Save needed to see it is fixed
    retype(qtbot, dialog.email, "lena")
    assert set(shown_errors(dialog)) == {"email"}  # not fixed yet: the message stays
    qtbot.keyClicks(dialog.email, "@example.org")
    assert shown_errors(dialog) == {}
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    assert [(p.chart_number, p.last_name) for p in search_patients(db)] == [("N-7", "Berg")]


def test_a_chart_number_used_in_another_case_is_named_beside_the_field(
    qtbot: QtBot, demo_db: Database
) -> None:
    window = window_for(qtbot, demo_db)
    dialog = new_patient(window.context, window)
    type_patient(qtbot, dialog, "r-001", "Lena", "Berg")
    click_save(qtbot, dialog)
    assert shown_errors(dialog) == {
        "chart_number": "Chart number: r-001 is already used by another patient (as R-001)"
    }
    assert dialog.isVisible() and len(search_patients(demo_db)) == 5
    qtbot.keyClicks(dialog.chart_number, "b")
    assert shown_errors(dialog) == {}
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    assert "r-001b" in {p.chart_number for p in search_patients(demo_db)}


def test_a_running_goal_is_typed_saved_refused_out_of_range_and_cleared(
    qtbot: QtBot, db: Database
) -> None:
    window = window_for(qtbot, db)
    dialog = new_patient(window.context, window)
    type_patient(qtbot, dialog, "G-1", "Lena", "Berg")
    assert "discharge" in dialog.running_goal_km.toolTip()
    qtbot.keyClicks(dialog.running_goal_km, "42,5")  # a decimal comma is taken as a point
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    patient_id = patient_id_for_chart(db, "G-1")
    assert load_patient(db, patient_id).draft.running_goal_km == 42.5

    edit_patient(window.context, window, patient_id)
    (dialog,) = [d for d in window.findChildren(PatientDialog) if d.isVisible()]
    assert dialog.running_goal_km.text() == "42.5"
    retype(qtbot, dialog.running_goal_km, "500")
    click_save(qtbot, dialog)
    assert shown_errors(dialog) == {
        "running_goal_km": "Running goal (km/week): must be between 0 and 400 km/week (got 500)"
    }
    assert dialog.isVisible() and dialog.focusWidget() is dialog.running_goal_km
    assert dialog.running_goal_km.text() == "500"  # kept as typed, to be fixed
    retype(qtbot, dialog.running_goal_km, "")  # emptied, as a person does: no goal
    assert dialog.running_goal_km.text() == ""
    assert shown_errors(dialog) == {}  # fixed: the message goes at once
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    assert load_patient(db, patient_id).draft.running_goal_km is None


def test_a_search_with_no_match_clears_the_chart(qtbot: QtBot, demo_db: Database) -> None:
    window = window_for(qtbot, demo_db)
    window.open_chart("R-001")
    chart, search = window.chart, window.patient_list.search
    assert "Maya Okafor" in chart.header.text() and chart.header.isVisible()
    qtbot.keyClicks(search, "zzq")
    qtbot.waitUntil(lambda: window.patient_list.model.rowCount() == 0)
    assert chart.patient_id is None
    assert not chart.header.isVisible() and not chart.tabs.isVisible()
    assert chart.nothing.isVisible() and "No patient matches “zzq”" in chart.nothing.text()
    qtbot.keyClick(search, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: "No patient matches “zz”" in chart.nothing.text())
    assert chart.nothing.isVisible() and chart.patient_id is None
    qtbot.keyClick(search, Qt.Key.Key_Escape)  # as the message says: Esc clears the search
    qtbot.waitUntil(lambda: window.patient_list.model.rowCount() == 5)
    assert search.text() == "" and not chart.nothing.isVisible()
    assert "Maya Okafor" in chart.header.text() and chart.header.isVisible()  # back where we were


def test_new_visit_with_nobody_on_screen_says_so_where_it_can_be_seen(
    qtbot: QtBot, demo_db: Database
) -> None:
    window = window_for(qtbot, demo_db)
    qtbot.keyClicks(window.patient_list.search, "zzq")
    qtbot.waitUntil(lambda: window.patient_list.model.rowCount() == 0)
    window.visit_actions["new"].trigger()
    assert window.statusBar().currentMessage().startswith("Select a patient first")
    assert window.editor.patient_id is None


def locked(db: Database) -> sqlite3.Connection:
    """Another program holding the database's write lock, as a second Holdfast might."""
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_locked_database_is_named_in_words_without_sql_or_values(
    qtbot: QtBot, db: Database
) -> None:
    window = window_for(qtbot, db)
    dialog = new_patient(window.context, window)
    type_patient(qtbot, dialog, "R-9", "Lena", "Berg")
    other = locked(db)
    try:
        click_save(qtbot, dialog)
    finally:
        other.rollback()
        other.close()
    shown = dialog.error.text()
    assert dialog.isVisible() and "locked" in shown and "try again" in shown
    for leak in ("SQL", "INSERT", "patients", "R-9", "Lena", "Berg", "[parameters"):
        assert leak not in shown
    click_save(qtbot, dialog)  # the lock is gone: the same typing is stored
    assert not dialog.isVisible()
    assert [p.chart_number for p in search_patients(db)] == ["R-9"]


def test_loading_demo_patients_into_a_locked_database_says_so_in_words(
    qtbot: QtBot, db: Database
) -> None:
    window = window_for(qtbot, db)
    other = locked(db)
    try:
        seen = answer_next_box(qtbot)
        qtbot.mouseClick(window.patient_list.demo_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(seen) == 1, timeout=15000)
    finally:
        other.rollback()
        other.close()
    assert "locked" in seen[0]
    for leak in ("SQL", "INSERT", "[parameters", "Okafor"):
        assert leak not in seen[0]


def test_the_birth_date_box_takes_exactly_what_the_record_takes(qtbot: QtBot, db: Database) -> None:
    window = window_for(qtbot, db)
    dialog = new_patient(window.context, window)
    qtbot.mouseClick(dialog.dob_known, Qt.MouseButton.LeftButton)
    box = dialog.date_of_birth
    earliest, today = birth_date_range()
    for day, taken in ((earliest, True), (today, True), (earliest - timedelta(days=1), False),
                       (today + timedelta(days=1), False)):  # fmt: skip
        retype(qtbot, box.edit, day.isoformat())
        qtbot.keyClick(box.edit, Qt.Key.Key_Return)
        assert (box.error_text() == "") is taken, day
        flagged = [p.field for p in patient_problems({"date_of_birth": day})]
        assert ("date_of_birth" not in flagged) is taken, day


def test_a_report_with_nobody_on_screen_says_so_in_the_status_bar(
    qtbot: QtBot, demo_db: Database
) -> None:
    window = window_for(qtbot, demo_db)
    qtbot.waitExposed(window)
    window.activateWindow()
    search = window.patient_list.search
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    with no_nested_event_loop() as closed:  # a box that blocks is closed, and named here
        qtbot.keyClick(search, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert closed == []
    assert QApplication.activeModalWidget() is None  # nor one left open
    assert window.statusBar().currentMessage() == NO_PATIENT
