"""Signing is irreversible, so its confirmation defaults to No (defect 13): Enter, the key a
busy hand presses without reading, leaves the visit a draft."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from models.database import Database
from models.records import PatientDraft
from models.services.patients import create_patient
from models.services.visits import list_visits
from models.settings import Settings
from tests.dialogs import answer_next_box
from ui.background import SyncRunner
from ui.context import AppContext
from ui.main_window import MainWindow


def test_enter_on_the_sign_question_leaves_the_visit_unsigned(qtbot: QtBot, db: Database) -> None:
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

    asked = answer_next_box(qtbot)  # Enter
    window.visit_actions["sign"].trigger()
    assert len(asked) == 1 and asked[0].startswith("Sign this visit as Jo Reyes, DO?")
    assert not editor.read_only and editor.ui.status.text() != "Signed"
    assert not any(visit.signed for visit in list_visits(db, patient_id))

    asked = answer_next_box(qtbot, button=QMessageBox.StandardButton.Yes)
    window.visit_actions["sign"].trigger()
    assert asked and editor.read_only
    (visit,) = list_visits(db, patient_id)
    assert visit.signed and visit.signed_by == "Jo Reyes, DO"
