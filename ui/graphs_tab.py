"""The chart's Graphs tab: alignment, retention and symptoms, built off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from charting.figures.alignment import AlignmentFigure, alignment_figure
from charting.figures.retention import retention_figure
from charting.figures.style import message_figure
from charting.figures.symptoms import symptoms_figure
from charting.tolerances import Tolerances
from models.services.charts import symptom_history
from models.services.holds import PatientCourse
from ui.context import AppContext
from ui.figure_canvas import FigureView


@dataclass(frozen=True)
class CourseFigures:
    alignment: AlignmentFigure
    retention: Figure
    symptoms: Figure


def build_figures(course: PatientCourse, tolerances: Tolerances) -> CourseFigures:
    """Pure work for the background runner: no widget is touched here."""
    return CourseFigures(
        alignment_figure(course.readings, course.course, tolerances),
        retention_figure(course.course),
        symptoms_figure(symptom_history(course.visits)),
    )


class GraphsTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.patient_id: int | None = None
        waiting = "Select a patient to see their graphs."
        self.alignment = FigureView(message_figure(waiting))
        self.retention = FigureView(message_figure(waiting))
        self.symptoms = FigureView(message_figure(waiting))
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.alignment, "Alignment over time")
        self.tabs.addTab(self.retention, "Retention per interval")
        self.tabs.addTab(self.symptoms, "Symptoms and function")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def show_course(self, patient_id: int, course: PatientCourse) -> None:
        """Called by the chart when a patient's course has loaded."""
        self.patient_id = patient_id
        tolerances = self.context.settings.tolerances
        self.context.runner.run(
            lambda: build_figures(course, tolerances),
            lambda figures: self._show(patient_id, figures),
        )

    def _show(self, patient_id: int, figures: CourseFigures) -> None:
        if patient_id != self.patient_id:
            return
        self.alignment.set_figure(figures.alignment.figure, figures.alignment.hover_points)
        self.retention.set_figure(figures.retention)
        self.symptoms.set_figure(figures.symptoms)
