"""A date typed wrong is never saved as some other date: the patient form will not save, and
the visit counts it as a field in red (saved without it, not signable)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from models.database import Database
from models.records import PatientDraft
from models.services.patients import create_patient, search_patients
from models.services.visits import load_visit
from models.settings import Settings
from tests.dialogs import say_yes
from tests.test_date_fields import retype, show
from ui.actions import visits as visit_actions
from ui.actions.patients import new_patient
from ui.background import SyncRunner
from ui.context import AppContext
from ui.editor.editor import VisitEditor
from ui.main_window import MainWindow


def test_the_patient_form_will_not_save_a_birth_date_it_could_not_read(
    qtbot: QtBot, db: Database
) -> None:
    window = MainWindow(AppContext(db, SyncRunner()))
    qtbot.addWidget(window)
    show(qtbot, window)
    dialog = new_patient(window.context, window)
    show(qtbot, dialog)
    qtbot.keyClicks(dialog.chart_number, "D-1")
    qtbot.keyClicks(dialog.first_name, "Lena")
    qtbot.keyClicks(dialog.last_name, "Berg")
    qtbot.mouseClick(dialog.dob_known, Qt.MouseButton.LeftButton)
    retype(qtbot, dialog.date_of_birth, "31/31/1985")
    assert "31/31/1985" in dialog.date_of_birth.error_text()
    (box,) = dialog.findChildren(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert search_patients(db) == []
    retype(qtbot, dialog.date_of_birth, "1985-07-20")
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    (saved,) = search_patients(db)
    assert saved.date_of_birth == date(1985, 7, 20)


def test_a_visit_date_it_could_not_read_is_a_field_in_red(qtbot: QtBot, db: Database) -> None:
    context = AppContext(db, SyncRunner())
    context.save_settings(Settings(practitioner_name="Jo Reyes"))
    editor = VisitEditor(context)
    qtbot.addWidget(editor)
    show(qtbot, editor)
    patient_id = create_patient(db, PatientDraft("V-1", "Ines", "Okoro"), "test")
    visit_actions.new_visit(context, editor, patient_id, date(2026, 5, 4))
    retype(qtbot, editor.visit_date, "2026-02-30")
    collected = editor.collect()
    assert [e.field for e in collected.errors] == ["visit_date"]
    editor.session.save_now()
    assert "1 field(s) marked in red" in editor.ui.status.text()
    assert load_visit(db, editor.visit_id or 0).draft.visit_date == date(2026, 5, 4)
    visit_actions.sign_visit(context, editor, confirm=say_yes)
    assert "Fix the fields marked in red" in editor.ui.message.text()
