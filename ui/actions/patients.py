"""New, edit and archive patient."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from models.records import PatientDraft
from models.services.patients import create_patient, get_patient, set_archived, update_patient
from ui.context import AppContext
from ui.patient_dialog import PatientDialog


def new_patient(
    context: AppContext, parent: QWidget, on_created: Callable[[int], None] | None = None
) -> PatientDialog:
    dialog = PatientDialog(parent)

    def save(draft: PatientDraft) -> None:
        def done(patient_id: int) -> None:
            dialog.saved()
            context.events.patients_changed.emit()
            if on_created:
                on_created(patient_id)

        context.runner.run(
            lambda: create_patient(context.db, draft, context.actor), done, dialog.show_error
        )

    dialog.on_save = save
    dialog.open()
    return dialog


def edit_patient(context: AppContext, parent: QWidget, patient_id: int) -> None:
    """Load the patient off the GUI thread, then open the form on it."""
    context.runner.run(
        lambda: get_patient(context.db, patient_id),
        lambda patient: _open_edit_dialog(context, parent, patient_id, patient),
    )


def _open_edit_dialog(
    context: AppContext, parent: QWidget, patient_id: int, patient: PatientDraft
) -> PatientDialog:
    dialog = PatientDialog(parent, patient)

    def save(draft: PatientDraft) -> None:
        def done(_: object) -> None:
            dialog.saved()
            context.events.patients_changed.emit()

        context.runner.run(
            lambda: update_patient(context.db, patient_id, draft, context.actor),
            done,
            dialog.show_error,
        )

    dialog.on_save = save
    dialog.open()
    return dialog


def archive_patient(context: AppContext, parent: QWidget, patient_id: int) -> None:
    """Archive after confirmation: hidden from the list, every record kept."""
    answer = QMessageBox.question(
        parent,
        "Archive patient",
        "Archive this patient? Their chart is kept and can be shown again with "
        "View ▸ Show archived patients.",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    context.runner.run(
        lambda: set_archived(context.db, patient_id, True, context.actor),
        lambda _: context.events.patients_changed.emit(),
    )
