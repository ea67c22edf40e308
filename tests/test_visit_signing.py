"""Signing is irreversible, so its confirmation defaults to Cancel (defect 13): Enter, the key
a busy hand presses without reading, leaves the visit a draft."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from models.database import Database
from models.records import PatientDraft
from models.services.patients import create_patient
from models.services.visits import list_visits
from models.settings import Settings
from tests.dialogs import answer_next_box, click, no_nested_event_loop, open_box
from ui.background import SyncRunner
from ui.context import AppContext
from ui.main_window import MainWindow


def ready_to_sign(qtbot: QtBot, db: Database) -> tuple[MainWindow, int]:
    """A main window with a new draft that has all signing needs; and the patient's id."""
    context = AppContext(db, SyncRunner())
    context.save_settings(Settings(practitioner_name="Jo Reyes", credentials="DO"))
    window = MainWindow(context)
    qtbot.addWidget(window)
    patient_id = create_patient(db, PatientDraft("G-1", "Mia", "Holt"), "test")
    window.chart.show_patient(patient_id)
    window.visit_actions["new"].trigger()
    editor = window.editor
    pre = editor.objective.pre
    for name, value in (("left_tilt_deg", "10"), ("right_tilt_deg", "4"), ("rotation_deg", "2")):
        qtbot.keyClicks(pre.numbers[name].edit, value)
    qtbot.keyClicks(editor.assessment.reasoning, "Short left hip flexors.")
    qtbot.keyClicks(editor.plan.no_plan_reason, "Acute flare: rest first")
    return window, patient_id


def test_enter_on_the_sign_question_leaves_the_visit_unsigned(qtbot: QtBot, db: Database) -> None:
    window, patient_id = ready_to_sign(qtbot, db)
    editor = window.editor
    asked = answer_next_box(qtbot)  # Enter
    window.visit_actions["sign"].trigger()
    qtbot.waitUntil(lambda: bool(asked))
    assert len(asked) == 1 and asked[0].startswith("Sign this visit as Jo Reyes, DO?")
    assert not editor.read_only and editor.ui.status.text() != "Signed"
    assert not any(visit.signed for visit in list_visits(db, patient_id))

    asked = answer_next_box(qtbot, button="Sign")
    window.visit_actions["sign"].trigger()
    qtbot.waitUntil(lambda: bool(asked))
    assert asked and editor.read_only
    (visit,) = list_visits(db, patient_id)
    assert visit.signed and visit.signed_by == "Jo Reyes, DO"


def test_sign_and_discard_ask_and_return_at_once(qtbot: QtBot, db: Database) -> None:
    """No nested event loop while the question is open; Enter answers Cancel."""
    window, patient_id = ready_to_sign(qtbot, db)
    editor = window.editor
    for action, asks in (("sign", "Sign this visit as"), ("discard", "Delete this unsigned")):
        with no_nested_event_loop() as closed:
            window.visit_actions[action].trigger()
        assert closed == []
        box = open_box(window)
        assert box.text().startswith(asks) and box.defaultButton().text() == "Cancel"
        qtbot.keyClick(box, Qt.Key.Key_Return)
        assert editor.patient_id == patient_id and not editor.read_only
    window.visit_actions["discard"].trigger()
    click(qtbot, open_box(window), "Discard draft")
    assert editor.patient_id is None and list_visits(db, patient_id) == []
