"""A matplotlib Figure inside Qt, with tooltips for the figure's hover points.

Figures are built and drawn off the GUI thread: `render_offscreen` runs in the background
runner at the canvas's pixel size, and `FigureView.show_rendered` adopts the finished Agg
renderer, so switching patients costs the GUI thread only a pixel copy. Resizing the window
redraws on the GUI thread, as any matplotlib canvas does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from matplotlib.backend_bases import MouseEvent
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QCursor, QImage, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QToolTip, QWidget

from charting.figures.alignment_marks import HoverPoint

HOVER_RADIUS_PX = 9
RESIZE_SETTLE_MS = 200


def _kept() -> None:
    """A figure of its own: nothing to give back when the canvas moves on."""


@dataclass(frozen=True)
class RenderedFigure:
    """A figure already drawn at a pixel size, with its Agg renderer. `release` is called
    once the canvas no longer shows it (a pooled figure may then be drawn again)."""

    figure: Figure
    renderer: Any
    key: tuple[int, int, float]
    hover_points: Sequence[HoverPoint] = ()
    release: Callable[[], None] = field(default=_kept, compare=False)


@dataclass(frozen=True)
class PixelSize:
    """A canvas's logical size and device pixel ratio, read on the GUI thread."""

    width: int
    height: int
    ratio: float = 1.0


def render_offscreen(
    figure: Figure,
    size: PixelSize,
    hover_points: Sequence[HoverPoint] = (),
    canvas: FigureCanvasAgg | None = None,
    release: Callable[[], None] = _kept,
) -> RenderedFigure:
    """Draw `figure` at `size` (for the background runner: touches no widget), on `canvas`
    when the figure is a pooled one that keeps its canvas (ui/figure_pool.py)."""
    base_dpi = getattr(figure, "_original_dpi", figure.dpi)  # a pooled figure: drawn before
    figure._original_dpi = base_dpi  # type: ignore[attr-defined]  # Qt rescales from this
    figure.set_dpi(base_dpi * size.ratio)
    figure.set_size_inches(size.width / base_dpi, size.height / base_dpi)
    if canvas is None:
        canvas = FigureCanvasAgg(figure)
    else:
        figure.set_canvas(canvas)  # a canvas that showed it last set itself
    canvas.draw()
    key = canvas._lastKey
    assert key is not None  # set by draw()
    return RenderedFigure(figure, canvas.renderer, key, hover_points, release)


class FigureView(FigureCanvasQTAgg):
    """Shows one figure; `show_rendered` replaces it (e.g. when the patient changes)."""

    def __init__(self, figure: Figure, parent: QWidget | None = None) -> None:
        super().__init__(figure)
        self.setParent(parent)
        self.hover_points: Sequence[HoverPoint] = ()
        self._shown: RenderedFigure | None = None  # released when another replaces it
        self.mpl_connect("motion_notify_event", self._on_motion)
        # With `rerender` set, a resize asks the owner to render the figure again in the
        # background once the size settles, instead of redrawing on the GUI thread; meanwhile
        # the last image is shown stretched.
        self.rerender: Callable[[PixelSize], None] | None = None
        self._settle = QTimer(self, singleShot=True, interval=RESIZE_SETTLE_MS)
        self._settle.timeout.connect(self._settled)

    def _settled(self) -> None:
        if self.rerender is not None:
            self.rerender(self.pixel_size())

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self.rerender is None:
            super().resizeEvent(event)  # matplotlib's own: redraw on the GUI thread
            return
        QWidget.resizeEvent(self, event)
        self._settle.start()

    def paintEvent(self, event: QPaintEvent) -> None:
        key = getattr(self, "_lastKey", None)
        if self._draw_pending or key is None or key == self._physical_key():
            super().paintEvent(event)
            return
        width, height = int(key[0]), int(key[1])  # the last image, while a new one is made
        image = QImage(bytes(self.renderer.buffer_rgba()), width, height,
                       QImage.Format.Format_RGBA8888)  # fmt: skip
        painter = QPainter(self)
        painter.drawImage(self.rect(), image)
        painter.end()

    def pixel_size(self) -> PixelSize:
        """The size to render at; a canvas not laid out yet uses the figure's own size."""
        ratio = self.device_pixel_ratio or 1
        if self.width() < 200 or self.height() < 150:
            width, height = self.figure.get_size_inches() * self.figure.dpi / ratio
            return PixelSize(int(width), int(height), ratio)
        return PixelSize(self.width(), self.height(), ratio)

    def show_rendered(self, rendered: RenderedFigure) -> None:
        """Adopt a figure drawn off the GUI thread; redraw only if the size changed since.
        The figure shown before is released (a pooled one may then be drawn again)."""
        previous, self._shown = self._shown, rendered
        if previous is not None and previous.figure is not rendered.figure:
            previous.release()
        self.figure = rendered.figure
        rendered.figure.set_canvas(self)
        self.hover_points = rendered.hover_points
        if rendered.key == self._physical_key() or self.rerender is not None:
            self.renderer = rendered.renderer
            self._lastKey = rendered.key
            self._draw_pending = False
            self.update()
            if rendered.key != self._physical_key():
                self._settle.start()  # resized while it rendered: once more at the new size
        else:
            self.resize_to_widget()
            self.draw_idle()

    def _physical_key(self) -> tuple[int, int, float]:
        ratio = self.device_pixel_ratio or 1
        return (int(self.width() * ratio), int(self.height() * ratio), self.figure.dpi)

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
