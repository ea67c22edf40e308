"""The chart's Photos tab: a visit's photos before and after, or last visit against this one.

The pair is chosen, read, decoded and drawn off the GUI thread (models/services/photo_pairs.py,
charting/figures/photo_pair.py); a generation counter drops what an older choice asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from charting.figures.photo_pair import photo_pair_figure
from charting.figures.style import message_figure
from charting.photo_geometry import View
from charting.vocabulary import view_title
from models.database import Database
from models.services.photo_pairs import Comparison, load_pair, pair_choices
from ui.context import AppContext
from ui.figure_canvas import FigureView, PixelSize, RenderedFigure, render_offscreen

CHOICES = (
    (Comparison.THIS_VISIT, "This visit: before / after"),
    (Comparison.SINCE_LAST, "Last visit vs this visit"),
)
HOW_TO_ADD = (
    "Photos are added in the visit editor, before and after the correction, once the "
    "patient's consent is recorded (Edit patient, Photos may be taken)."
)
EMPTY = {
    Comparison.THIS_VISIT: "No photos of the same view before and after the correction at "
    "this visit.",
    Comparison.SINCE_LAST: "No photo before the correction at this visit, with one after the "
    "correction at an earlier visit to compare it with.",
}
WAITING = "Select a patient to see their photos."
MIN_HEIGHT_PX = 420  # two portrait photos stay big enough to see the landmarks


@dataclass(frozen=True)
class PhotoPage:
    """What the tab shows: the views that have a pair, the one drawn, and its figure."""

    views: tuple[View, ...]
    view: View | None
    rendered: RenderedFigure


def render_pairs(
    db: Database,
    patient_id: int,
    visit_id: int | None,
    comparison: Comparison,
    view: View | None,
    size: PixelSize,
) -> PhotoPage:
    """Choose the pair of `view` (else the first view with one), decode and draw it
    (background runner: no widget here); a message saying how to add photos when none."""
    choices = pair_choices(db, patient_id, comparison, visit_id)
    views = tuple(choice.view for choice in choices)
    chosen = view if view in views else (views[0] if views else None)
    if chosen is None:
        figure = message_figure(f"{EMPTY[comparison]}\n\n{HOW_TO_ADD}")
    else:
        pair = load_pair(db, next(c for c in choices if c.view is chosen))
        figure = photo_pair_figure(pair.panels(), view_title(chosen))
    return PhotoPage(views, chosen, render_offscreen(figure, size))


class PhotosTab(QWidget):
    """Draws only when on screen, and again when the visit, the choice or the view changes."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.patient_id: int | None = None
        self.visit_id: int | None = None
        self.views: tuple[View, ...] = ()
        self.stale = False
        self._generation = 0
        self.choice = QButtonGroup(self)
        row = QHBoxLayout()
        for number, (comparison, text) in enumerate(CHOICES):
            button = QRadioButton(text)
            button.setChecked(number == 0)
            button.setProperty("comparison", comparison.value)
            self.choice.addButton(button, number)
            row.addWidget(button)
        self.choice.idClicked.connect(lambda _id: self._changed())
        self.view_label = QLabel("View:")
        self.view_choice = QComboBox()
        self.view_choice.currentIndexChanged.connect(lambda _index: self._changed())
        self.view_label.setBuddy(self.view_choice)
        row.addStretch(1)
        row.addWidget(self.view_label)
        row.addWidget(self.view_choice)
        self._show_view_choice(())
        self.canvas = FigureView(message_figure(WAITING))
        self.canvas.setMinimumHeight(MIN_HEIGHT_PX)
        self.canvas.rerender = lambda _size: self._changed()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.canvas, 1)

    @property
    def comparison(self) -> Comparison:
        return CHOICES[max(self.choice.checkedId(), 0)][0]

    @property
    def view(self) -> View | None:
        data = self.view_choice.currentData()
        return View(data) if data else None

    def show_visit(self, patient_id: int | None, visit_id: int | None) -> None:
        """The chart's patient and the visit it has selected (or its latest); the same visit
        is read again too, as its photos may have changed."""
        self.patient_id, self.visit_id = patient_id, visit_id
        self._changed()

    def _changed(self) -> None:
        self._generation += 1
        self.stale = True
        self._render_visible()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._render_visible()

    def _render_visible(self) -> None:
        patient_id, visit_id = self.patient_id, self.visit_id
        if patient_id is None or not self.stale or not self.isVisible():
            return
        self.stale = False
        generation, db = self._generation, self.context.db
        comparison, view, size = self.comparison, self.view, self.canvas.pixel_size()
        self.context.runner.run(
            lambda: render_pairs(db, patient_id, visit_id, comparison, view, size),
            lambda page: self._show(generation, page),
        )

    def _show(self, generation: int, page: PhotoPage) -> None:
        if generation != self._generation:  # another visit, choice or view since
            page.rendered.release()
            return
        self._show_view_choice(page.views, page.view)
        self.canvas.show_rendered(page.rendered)

    def _show_view_choice(self, views: tuple[View, ...], chosen: View | None = None) -> None:
        """The view selector, only when more than one view has a pair."""
        self.views = views
        self.view_choice.blockSignals(True)  # filling it is no choice of the user's
        self.view_choice.clear()
        for view in views:
            self.view_choice.addItem(view_title(view), view.value)
        if chosen is not None:
            self.view_choice.setCurrentIndex(views.index(chosen))
        self.view_choice.blockSignals(False)
        for widget in (self.view_label, self.view_choice):
            widget.setVisible(len(views) > 1)
