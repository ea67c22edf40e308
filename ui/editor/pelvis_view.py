"""The pelvis before and after this visit's correction: the shared figure plus plain words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from charting.figures.words import describe_position
from charting.readings import Reading
from ui.runner import Runner

if TYPE_CHECKING:  # matplotlib is imported with the canvas, when the editor first shows
    from matplotlib.figure import Figure

    from ui.figure_canvas import FigureView, RenderedFigure

FAILED_MESSAGE = "The pelvis diagram could not be drawn; the readings above are unchanged."


def pelvis_figure(pre: Reading | None, post: Reading | None) -> Figure:
    """charting.figures.pelvis's figure, imported at the first drawing, not at start."""
    from charting.figures.pelvis import pelvis_figure as build

    return build(pre, post)


def position_words(pre: Reading | None, post: Reading | None) -> str:
    """'Before: left side tipped forward 7° more than right; pelvis turned right 6°' and the
    same for after, one line each."""
    return f"Before: {describe_position(pre)}\nAfter: {describe_position(post)}"


class PelvisView(QWidget):
    """Shows `pelvis_figure(pre, post)` with the positions in words underneath.

    With a runner the figure is built and drawn off the GUI thread (also after a resize);
    only the newest request is shown. The canvas is made when the view first shows (or
    is asked for): until then a blank of its size holds its place, and the start of the
    app imports no matplotlib for an editor nobody has opened yet.
    """

    def __init__(self, runner: Runner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._generation = 0
        self._readings: tuple[Reading | None, Reading | None] = (None, None)
        self.words = QLabel()
        self.words.setWordWrap(True)
        self.words.setTextFormat(Qt.TextFormat.PlainText)
        self.words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.words.setContentsMargins(6, 4, 6, 4)
        self._canvas: FigureView | None = None
        self._blank = QWidget()  # the canvas's place until it is made
        self._fit_canvas(self._blank)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self._blank, 1)
        self._layout.addWidget(self.words)
        self.words.setText(position_words(None, None))

    @staticmethod
    def _fit_canvas(widget: QWidget) -> None:
        widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        widget.setMinimumSize(480, 300)

    @property
    def canvas(self) -> FigureView:
        """The figure's canvas, made (and put in the blank's place) at the first need."""
        if self._canvas is None:
            from ui.figure_canvas import FigureView

            canvas = FigureView(pelvis_figure(*self._readings))
            self._fit_canvas(canvas)
            canvas.setAccessibleName("Pelvic position before and after the correction")
            canvas.rerender = lambda _size: self._request()
            self._layout.replaceWidget(self._blank, canvas)
            self._blank.deleteLater()
            self._canvas = canvas
        return self._canvas

    def showEvent(self, event: QShowEvent) -> None:
        self.canvas  # noqa: B018  # made now, so it is in place for the first paint
        super().showEvent(event)

    @property
    def figure(self) -> Figure:
        """The figure on screen now."""
        return self.canvas.figure

    def sizeHint(self) -> QSize:
        return QSize(660, 460)

    def set_readings(self, pre: Reading | None, post: Reading | None) -> None:
        """Show a visit's readings: words at once, the figure when it is drawn."""
        self._readings = (pre, post)
        self.words.setText(position_words(pre, post))
        self.setAccessibleDescription(self.words.text())
        if self._canvas is not None:  # else drawn with these readings when it is made
            self._request()

    def _request(self) -> None:
        from ui.figure_canvas import render_offscreen

        self._generation += 1
        generation = self._generation
        (pre, post), size = self._readings, self.canvas.pixel_size()

        def draw() -> RenderedFigure:  # pure: builds and draws a Figure, touches no widget
            return render_offscreen(pelvis_figure(pre, post), size)

        if self.runner is None:
            self._show(generation, draw())
            return
        self.runner.run(
            draw,
            lambda rendered: self._show(generation, rendered),
            lambda error: self._failed(generation, error),
        )

    def _show(self, generation: int, rendered: RenderedFigure) -> None:
        if generation == self._generation:  # else a newer request is on its way
            self.canvas.show_rendered(rendered)

    def _failed(self, generation: int, error: BaseException) -> None:
        from charting.figures.style import message_figure
        from ui.figure_canvas import render_offscreen

        print(getattr(error, "__holdfast_trace__", repr(error)))
        message = message_figure(FAILED_MESSAGE, width_in=9.0, height_in=5.2)
        self._show(generation, render_offscreen(message, self.canvas.pixel_size()))
