"""What the visit desk says back (defect 12): the count of fields marked in red, the message
after asking for suggestions, the exercise search between visits, the patient list's verdict
while a new draft is still empty, and the question before a second visit on one day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from charting.readings import Reading
from models.database import Database
from models.records import PatientDraft, VisitDraft
from models.services.patients import create_patient
from models.services.visits import list_visits, save_draft
from tests.dialogs import answer_next_box
from tests.test_visit_workflow import signing_window
from ui.editor.fields import ERROR_STYLE
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, db: Database) -> MainWindow:
    return signing_window(qtbot, db)


@pytest.fixture
def patient_id(db: Database) -> int:
    return create_patient(db, PatientDraft("F-1", "Lena", "Berg"), "test")


def reading(phase: str, left: float, right: float, rotation: float) -> Reading:
    return Reading(phase, "palm", "Jo", left_tilt_deg=left, right_tilt_deg=right,
                   rotation_deg=rotation)  # fmt: skip


def red_messages(window: MainWindow) -> list[str]:
    editor = window.editor
    return [
        label.text()
        for label in editor.findChildren(QLabel)
        if label.styleSheet() == ERROR_STYLE
        and label.isVisibleTo(editor)
        and label.text()
        and label is not editor.ui.status
    ]


def test_the_saved_message_counts_the_fields_marked_in_red(
    qtbot: QtBot, window: MainWindow, patient_id: int
) -> None:
    window.chart.show_patient(patient_id)
    window.visit_actions["new"].trigger()
    pre = window.editor.objective.pre
    qtbot.keyClicks(pre.numbers["left_tilt_deg"].edit, "50")
    qtbot.keyClicks(pre.numbers["rotation_deg"].edit, "99")
    window.visit_actions["save"].trigger()
    red = red_messages(window)
    assert len(red) == 2, red  # the two fields, and no message that nothing was recorded
    assert window.editor.ui.status.text() == "Saved, except 2 field(s) marked in red"


def test_asking_for_suggestions_always_says_what_happened(
    qtbot: QtBot, window: MainWindow, patient_id: int
) -> None:
    window.chart.show_patient(patient_id)
    window.visit_actions["new"].trigger()
    editor = window.editor
    button = editor.assessment.suggest_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "pre-correction reading" in editor.ui.message.text()  # nothing to go on yet
    assert editor.assessment.findings.rowCount() == 0
    assert editor.assessment.reasoning.toPlainText() == ""
    pre = editor.objective.pre
    for name, value in (("left_tilt_deg", "12"), ("right_tilt_deg", "4"), ("rotation_deg", "6")):
        qtbot.keyClicks(pre.numbers[name].edit, value)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    added = editor.assessment.findings.rowCount()
    assert added >= 3 and f"Suggested {added} finding(s)" in editor.ui.message.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    again = editor.ui.message.text()
    assert "0 finding" not in again and "already" in again
    qtbot.keyClicks(editor.subjective.text, "x")  # the next change clears the message
    assert not editor.ui.message.isVisibleTo(editor)


def test_the_exercise_search_starts_empty_on_each_visit(
    qtbot: QtBot, window: MainWindow, db: Database, patient_id: int
) -> None:
    today = date.today()
    for days in (14, 7):
        save_draft(db, patient_id, VisitDraft(visit_date=today - timedelta(days)), "test")
    window.chart.show_patient(patient_id)
    window.visit_actions["previous"].trigger()  # the latest visit
    search = window.editor.plan.picker.search
    qtbot.keyClicks(search, "bridge")
    assert "match “bridge”" in window.editor.plan.picker.caption.text()
    window.visit_actions["previous"].trigger()
    assert search.text() == ""
    assert "match" not in window.editor.plan.picker.caption.text()


def test_an_empty_new_draft_keeps_the_last_verdict_in_the_patient_list(
    qtbot: QtBot, window: MainWindow, db: Database, patient_id: int
) -> None:
    today = date.today()
    first = VisitDraft(visit_date=today - timedelta(28),
                       readings=(reading("pre", 12, 4, 6), reading("post", 8, 7, 1)))  # fmt: skip
    second = VisitDraft(visit_date=today - timedelta(14), readings=(reading("pre", 13, 4, 6),))
    for draft in (first, second):
        save_draft(db, patient_id, draft, "test")
    patients = window.patient_list
    patients.refresh()
    verdict = patients.model.index(0, 4)
    assert verdict.data() == "✘ lost"
    patients.select_patient(patient_id)
    window.visit_actions["new"].trigger()
    qtbot.keyClicks(window.editor.subjective.text, "Came in sore; not measured yet")
    window.visit_actions["save"].trigger()
    assert len(list_visits(db, patient_id)) == 3
    assert patients.model.index(0, 3).data() == today.isoformat()  # the list was read again
    assert patients.model.index(0, 4).data() == "✘ lost"


def test_a_second_visit_on_the_same_day_is_asked_first(
    qtbot: QtBot, window: MainWindow, db: Database, patient_id: int
) -> None:
    today = date.today()
    save_draft(db, patient_id, VisitDraft(visit_date=today), "test")
    window.chart.show_patient(patient_id)
    asked = answer_next_box(qtbot)  # Enter: the default answer
    window.visit_actions["new"].trigger()
    qtbot.waitUntil(lambda: bool(asked))
    question = f"Lena Berg (F-1) already has a visit on {today.isoformat()}. Start another one?"
    assert asked == [question]
    assert window.editor.patient_id is None  # No: nothing started
    asked = answer_next_box(qtbot, button="Start another visit")
    window.visit_actions["new"].trigger()
    qtbot.waitUntil(lambda: bool(asked))
    assert asked == [question]
    assert window.editor.patient_id == patient_id and window.editor.visit_id is None


def test_a_pattern_missing_from_the_library_is_said_once_in_words(
    qtbot: QtBot, window: MainWindow, patient_id: int
) -> None:
    """The shipped library covers every pattern a reading gives; a key it lacks (a category
    added later) stands in for a library without the entry."""
    window.chart.show_patient(patient_id)
    window.visit_actions["new"].trigger()
    editor = window.editor
    for name in ("left_tilt_deg", "right_tilt_deg", "rotation_deg"):
        qtbot.keyClicks(editor.objective.pre.numbers[name].edit, "0")
    qtbot.mouseClick(editor.assessment.suggest_button, Qt.MouseButton.LeftButton)
    assert editor.ui.message.text() == "The pattern library lists no findings for level pelvis."
    editor.assessment.set_pattern("tilted_back")
    qtbot.mouseClick(editor.assessment.suggest_button, Qt.MouseButton.LeftButton)
    assert editor.ui.message.text() == "The pattern library has no hypothesis for tilted back."
    assert red_messages(window) == []  # one message, not a second one under the table
