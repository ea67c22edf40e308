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
from ui.figure_canvas import FigureView, PixelSize, RenderedFigure, render_offscreen


@dataclass(frozen=True)
class CourseFigures:
    alignment: AlignmentFigure
    retention: Figure
    symptoms: Figure


@dataclass(frozen=True)
class RenderedCourse:
    alignment: RenderedFigure
    retention: RenderedFigure
    symptoms: RenderedFigure


def build_figures(course: PatientCourse, tolerances: Tolerances) -> CourseFigures:
    """Pure work for the background runner: no widget is touched here."""
    return CourseFigures(
        alignment_figure(course.readings, course.course, tolerances),
        retention_figure(course.course),
        symptoms_figure(symptom_history(course.visits)),
    )


def render_course(course: PatientCourse, tolerances: Tolerances, size: PixelSize) -> RenderedCourse:
    """Build and draw all three figures at the canvas size, off the GUI thread."""
    figures = build_figures(course, tolerances)
    alignment = figures.alignment
    return RenderedCourse(
        render_offscreen(alignment.figure, size, alignment.hover_points),
        render_offscreen(figures.retention, size),
        render_offscreen(figures.symptoms, size),
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
        size = self.alignment.pixel_size()  # the pages of a tab widget share one size
        self.context.runner.run(
            lambda: render_course(course, tolerances, size),
            lambda rendered: self._show(patient_id, rendered),
        )

    def _show(self, patient_id: int, rendered: RenderedCourse) -> None:
        if patient_id != self.patient_id:
            return
        self.alignment.show_rendered(rendered.alignment)
        self.retention.show_rendered(rendered.retention)
        self.symptoms.show_rendered(rendered.symptoms)
