"""A matplotlib Figure inside Qt, with tooltips for the figure's hover points.

Figures are built off the GUI thread (charting builds them from plain values); the canvas
only swaps them in and draws.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.backend_bases import MouseEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QPoint
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QToolTip, QWidget

from charting.figures.alignment_marks import HoverPoint

HOVER_RADIUS_PX = 9


class FigureView(FigureCanvasQTAgg):
    """Shows one figure; `set_figure` replaces it (e.g. when the patient changes)."""

    def __init__(self, figure: Figure, parent: QWidget | None = None) -> None:
        super().__init__(figure)
        self.setParent(parent)
        self.hover_points: Sequence[HoverPoint] = ()
        self.mpl_connect("motion_notify_event", self._on_motion)  # type: ignore[arg-type]

    def set_figure(self, figure: Figure, hover_points: Sequence[HoverPoint] = ()) -> None:
        self.figure = figure
        figure.set_canvas(self)
        self.hover_points = hover_points
        self.resize_to_widget()
        self.draw_idle()

    def resize_to_widget(self) -> None:
        ratio = self.device_pixel_ratio or 1
        width, height = self.width() * ratio, self.height() * ratio
        if width > 0 and height > 0:
            dpi = self.figure.dpi
            self.figure.set_size_inches(width / dpi, height / dpi, forward=False)

    def point_near(self, x_px: float, y_px: float) -> HoverPoint | None:
        """The hover point within a few pixels of a display position, if any."""
        axes = self.figure.axes
        best, best_distance = None, HOVER_RADIUS_PX * (self.device_pixel_ratio or 1)
        for point in self.hover_points:
            if point.axes_index >= len(axes):
                continue
            px, py = axes[point.axes_index].transData.transform((point.x, point.y))
            distance = ((px - x_px) ** 2 + (py - y_px) ** 2) ** 0.5
            if distance <= best_distance:
                best, best_distance = point, distance
        return best

    def _on_motion(self, event: MouseEvent) -> None:
        point = self.point_near(event.x, event.y) if event.x is not None else None
        if point is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(QCursor.pos() + QPoint(12, 12), point.text, self)
