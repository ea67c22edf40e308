"""The chart's Graphs tab: alignment, retention and symptoms, built off the GUI thread."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from models.services.holds import PatientCourse
from ui.context import AppContext


class GraphsTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        self.placeholder = QLabel("Graphs appear here once a patient is selected.")
        layout.addWidget(self.placeholder)

    def show_course(self, patient_id: int, course: PatientCourse) -> None:
        """Called by the chart when a patient's course has loaded."""
