"""New, edit, archive and restore patient; and the question before charting an archived one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from models.records import PatientDraft, PatientRecord
from models.services.patients import (
    create_patient,
    load_patient,
    set_archived,
    update_patient,
)
from ui.actions.confirm import confirm
from ui.chart_view import ChartView
from ui.context import AppContext
from ui.patient_dialog import PatientDialog

ARCHIVE_TEXT, RESTORE_TEXT = "&Archive patient…", "&Restore from archive"


def new_patient(
    context: AppContext, parent: QWidget, on_created: Callable[[int], None] | None = None
) -> PatientDialog:
    dialog = PatientDialog(parent)

    def save(draft: PatientDraft) -> None:
        def done(patient_id: int) -> None:
            dialog.saved()
            context.events.patient_changed.emit(patient_id)
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
        lambda: load_patient(context.db, patient_id).draft,
        lambda patient: _open_edit_dialog(context, parent, patient_id, patient),
    )


def _open_edit_dialog(
    context: AppContext, parent: QWidget, patient_id: int, patient: PatientDraft
) -> PatientDialog:
    dialog = PatientDialog(parent, patient)

    def save(draft: PatientDraft) -> None:
        def done(_: object) -> None:
            dialog.saved()
            context.events.patient_changed.emit(patient_id)

        context.runner.run(
            lambda: update_patient(context.db, patient_id, draft, context.actor),
            done,
            dialog.show_error,
        )

    dialog.on_save = save
    dialog.open()
    return dialog


def _set_archived(
    context: AppContext, patient_id: int, archived: bool, then: Callable[[], object] | None = None
) -> None:
    def done(_: object) -> None:
        context.events.patient_changed.emit(patient_id)
        if then is not None:
            then()

    context.runner.run(lambda: set_archived(context.db, patient_id, archived, context.actor), done)


def archive_patient(context: AppContext, parent: QWidget, patient: PatientRecord) -> QMessageBox:
    """Archive after a confirmation naming the patient: hidden from the list, all kept."""
    text = (
        f"Archive {patient.label}? The chart is kept, hidden from the patient list; "
        "View ▸ Show archived patients shows it, and Patient ▸ Restore from archive brings "
        "it back."
    )
    return confirm(
        parent, "Archive patient", text, "Archive", lambda: _set_archived(context, patient.id, True)
    )


def restore_patient(context: AppContext, patient_id: int) -> None:
    """Back into the patient list (audited as a restore)."""
    _set_archived(context, patient_id, False)


def unless_archived(
    context: AppContext,
    parent: QWidget,
    patient_id: int,
    go: Callable[[PatientRecord], object],
) -> None:
    """Run `go(patient)` for an active patient; for an archived one, ask, restore, then run it."""

    def decide(patient: PatientRecord) -> None:
        if not patient.archived:
            go(patient)
            return
        text = f"{patient.label} is archived. Restore the chart and start a visit?"
        restored = replace(patient, archived=False)
        confirm(
            parent,
            "Archived patient",
            text,
            "Restore and start visit",
            lambda: _set_archived(context, patient_id, False, lambda: go(restored)),
        )

    context.runner.run(lambda: load_patient(context.db, patient_id), decide)


def install_archive_action(
    window: QWidget, menu: QMenu, chart: ChartView, context: AppContext
) -> QAction:
    """One Patient-menu entry that reads Archive or Restore, following the chart shown."""
    action = QAction(ARCHIVE_TEXT, window)
    menu.addAction(action)

    def follow_state() -> None:
        action.setText(RESTORE_TEXT if chart.archived else ARCHIVE_TEXT)
        action.setEnabled(chart.patient is not None)

    def triggered() -> None:
        patient = chart.patient
        if patient is None:
            return
        if patient.archived:
            restore_patient(context, patient.id)
        else:
            archive_patient(context, window, patient)

    action.triggered.connect(lambda _checked=False: triggered())
    chart.loaded.connect(lambda _patient_id: follow_state())
    menu.aboutToShow.connect(follow_state)  # also after the chart was emptied by a search
    follow_state()
    return action
