"""The patient chart: header, timeline of visits with verdicts, and further tabs."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.records import PatientDraft, age_in_years
from models.services.charts import change_statements, symptom_history
from models.services.holds import PatientCourse, patient_course
from models.services.patients import get_patient
from ui.context import AppContext
from ui.graphs_tab import GraphsTab
from ui.table_fit import ColumnFitter
from ui.timeline import TimelineModel


class ChartView(QWidget):
    """Shows one patient; loads off the GUI thread when the patient changes."""

    visit_activated = Signal(int)  # visit id (double-click / Enter in the timeline)
    loaded = Signal(int)  # patient id, once the chart shows it

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.patient_id: int | None = None
        self.course: PatientCourse | None = None
        self.header = QLabel("Select a patient on the left.")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.timeline_model = TimelineModel()
        self.timeline = QTableView()
        self.timeline.setModel(self.timeline_model)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.timeline.verticalHeader().hide()
        ColumnFitter(self.timeline, grow=6)  # "Why" takes the spare width and wraps
        self.timeline.activated.connect(
            lambda index: self.visit_activated.emit(self.timeline_model.visit_id(index.row()))
        )
        self.tabs = QTabWidget()
        # What changed since the first visit sits above the timeline, not in the header, so
        # the visit editor keeps the height it needs.
        self.changes = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        timeline_page = QWidget()
        timeline_layout = QVBoxLayout(timeline_page)
        timeline_layout.setContentsMargins(4, 4, 4, 4)
        timeline_layout.addWidget(self.changes)
        timeline_layout.addWidget(self.timeline, 1)
        self.tabs.addTab(timeline_page, "Timeline")
        self.graphs = GraphsTab(context)
        self.tabs.addTab(self.graphs, "Graphs")
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        context.events.visits_changed.connect(self._on_visits_changed)
        context.events.patients_changed.connect(self.reload)

    def show_patient(self, patient_id: int | None) -> None:
        self.patient_id = patient_id
        self.reload()

    def reload(self) -> None:
        patient_id = self.patient_id
        if patient_id is None:
            self.header.setText("Select a patient on the left.")
            self.timeline_model.set_course(None)
            return
        db, tolerances = self.context.db, self.context.settings.tolerances

        def load() -> tuple[PatientDraft, PatientCourse, list[str]]:
            course = patient_course(db, patient_id, tolerances)
            changes = change_statements(symptom_history(course.visits))
            return get_patient(db, patient_id), course, changes

        self.context.runner.run(load, lambda result: self._show(patient_id, *result))

    def _on_visits_changed(self, patient_id: int) -> None:
        if patient_id == self.patient_id:
            self.reload()

    def _show(
        self, patient_id: int, patient: PatientDraft, course: PatientCourse, changes: list[str]
    ) -> None:
        if patient_id != self.patient_id:
            return  # the user moved on while this loaded
        self.course = course
        self.header.setText(_header_html(patient, course))
        self.changes.setText("<br>".join(f"• {escape(change)}" for change in changes))
        self.changes.setVisible(bool(changes))
        self.timeline_model.set_course(course)
        self.timeline.resizeRowsToContents()
        self.graphs.show_course(patient_id, course)
        self.loaded.emit(patient_id)

    def selected_visit_id(self) -> int | None:
        index = self.timeline.currentIndex()
        return self.timeline_model.visit_id(index.row()) if index.isValid() else None


def _header_html(patient: PatientDraft, course: PatientCourse) -> str:
    born = ""
    if patient.date_of_birth:
        dob = patient.date_of_birth
        born = f" · born {dob.isoformat()} ({age_in_years(dob, date.today())})"
    hold = course.course
    if hold.hold_rate is None:
        rate = "no interval assessable yet"
    else:
        rate = (
            f"corrections held in {hold.held} of {hold.assessable} intervals ({hold.hold_rate:.0%})"
        )
    profile = f"{escape(patient.running_profile)} · " if patient.running_profile else ""
    name = escape(f"{patient.first_name} {patient.last_name}")
    return (
        f"<h2 style='margin:0'>{name}"
        f" <span style='font-weight:normal'>· {escape(patient.chart_number)}{born}</span></h2>"
        f"{profile}<b>{rate}</b>"
    )
