"""The chart's Graphs tab: alignment, retention and symptoms, built off the GUI thread."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from charting.figures.alignment import PANELS as ALIGNMENT_PANELS
from charting.figures.alignment import AlignmentPlot, alignment_figure
from charting.figures.retention import retention_figure
from charting.figures.style import message_figure
from charting.figures.symptoms import SymptomHistory, symptom_panels, symptoms_figure
from charting.tolerances import Tolerances
from models.services.holds import PatientCourse
from ui.context import AppContext
from ui.figure_canvas import FigureView, PixelSize, RenderedFigure, render_offscreen
from ui.figure_pool import FigurePool

FIGURES = ("alignment", "retention", "symptoms")  # the order of the sub-tabs
# The smallest canvas height, so every panel keeps room for its labels (rotated y labels of
# two lines need about 150 px): a short window scrolls the graph instead of squeezing it
# until labels run into each other.
PANEL_PX = 150
FIXED_PX = {"alignment": 230, "retention": 280, "symptoms": 120}  # titles, axes, legend
OUTCOME_TITLE_PX = 30  # the sentence over each outcome panel


def min_height(kind: str, panels: Sequence[str] = ()) -> int:
    """The canvas height below which the figure of `kind` scrolls; `panels` are those of
    the symptoms figure (`symptom_panels`)."""
    if kind == "alignment":
        return FIXED_PX[kind] + PANEL_PX * len(ALIGNMENT_PANELS)
    if kind == "retention":
        return FIXED_PX[kind] + PANEL_PX
    outcomes = len([panel for panel in panels if panel not in ("pain", "running")])
    return FIXED_PX[kind] + PANEL_PX * max(len(panels), 1) + OUTCOME_TITLE_PX * outcomes


def render_figure(
    kind: str,
    course: PatientCourse,
    history: SymptomHistory,
    tolerances: Tolerances,
    size: PixelSize,
) -> RenderedFigure:
    """Build and draw one figure at the canvas size (background runner: no widget here).
    `history` is the course's symptom history, read with the chart."""
    if kind == "alignment":
        alignment = alignment_figure(course.readings, course.course, tolerances)
        return render_offscreen(alignment.figure, size, alignment.hover_points)
    if kind == "retention":
        return render_offscreen(retention_figure(course.course), size)
    return render_offscreen(symptoms_figure(history), size)


class GraphRenderer:
    """Draws the chart's graphs (background runner: no widget here), reusing alignment
    figures from patient to patient: only their marks are drawn anew (ui/figure_pool.py)."""

    def __init__(self) -> None:
        self.alignments = FigurePool(AlignmentPlot, lambda plot: plot.figure)

    def render(
        self,
        kind: str,
        course: PatientCourse,
        history: SymptomHistory,
        tolerances: Tolerances,
        size: PixelSize,
    ) -> RenderedFigure:
        """`render_figure`, drawn on a pooled figure where there is one for `kind`."""
        if kind != "alignment" or len(course.readings) < 2:
            return render_figure(kind, course, history, tolerances, size)
        pooled = self.alignments.acquire()
        try:
            hover = pooled.plot.show(course.readings, course.course, tolerances)
            return render_offscreen(
                pooled.plot.figure, size, hover, pooled.canvas,
                lambda: self.alignments.release(pooled),
            )  # fmt: skip
        except BaseException:
            self.alignments.release(pooled)
            raise


def scrolling(view: FigureView) -> QScrollArea:
    """`view` filling the width, scrolling up and down when taller than the room."""
    area = QScrollArea()
    area.setWidget(view)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class GraphsTab(QWidget):
    """Renders only the figure being looked at, when it is looked at: a hidden tab costs the
    single background worker nothing, so searches and saves never queue behind charts."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.patient_id: int | None = None
        self.course: PatientCourse | None = None
        self.history: SymptomHistory | None = None
        self.stale: set[str] = set()
        self._generation = 0
        self.renderer = GraphRenderer()
        waiting = "Select a patient to see their graphs."
        self.views = {kind: FigureView(message_figure(waiting)) for kind in FIGURES}
        self.alignment, self.retention, self.symptoms = (self.views[k] for k in FIGURES)
        for kind, view in self.views.items():
            view.rerender = lambda _size, kind=kind: self._resized(kind)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        titles = ("Alignment over time", "Retention per interval", "Symptoms and function")
        for view, title in zip(self.views.values(), titles, strict=True):
            self.tabs.addTab(scrolling(view), title)
        self.tabs.currentChanged.connect(lambda _index: self._render_visible())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def show_course(self, patient_id: int, course: PatientCourse, history: SymptomHistory) -> None:
        """Called by the chart when a patient's course and symptom history have loaded."""
        self.patient_id, self.course, self.history = patient_id, course, history
        panels = symptom_panels(history)
        for kind, view in self.views.items():
            view.setMinimumHeight(min_height(kind, panels))
        self._generation += 1
        self.stale = set(FIGURES)
        self._render_visible()

    def _resized(self, kind: str) -> None:
        """A canvas settled at a new size: render its figure again, in the background."""
        if self.course is None:  # only the small "select a patient" message: draw it here
            view = self.views[kind]
            view.resize_to_widget()
            view.draw_idle()
            return
        self.stale.add(kind)
        self._render_visible()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._render_visible()

    def _render_visible(self) -> None:
        kind = FIGURES[self.tabs.currentIndex()]
        course, history = self.course, self.history
        if course is None or history is None or kind not in self.stale or not self.isVisible():
            return
        self.stale.discard(kind)
        generation, tolerances = self._generation, self.context.settings.tolerances
        size, renderer = self.views[kind].pixel_size(), self.renderer
        self.context.runner.run(
            lambda: renderer.render(kind, course, history, tolerances, size),
            lambda rendered: self._show(generation, kind, rendered),
        )

    def _show(self, generation: int, kind: str, rendered: RenderedFigure) -> None:
        if generation == self._generation:  # not superseded by another patient or an edit
            self.views[kind].show_rendered(rendered)
        else:
            rendered.release()
