"""The pelvis before and after this visit's correction: the shared figure plus plain words."""

from __future__ import annotations

from matplotlib.figure import Figure
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from charting.figures.pelvis import pelvis_figure
from charting.figures.style import message_figure
from charting.figures.words import describe_position
from charting.readings import Reading
from ui.figure_canvas import FigureView, RenderedFigure, render_offscreen
from ui.runner import Runner

FAILED_MESSAGE = "The pelvis diagram could not be drawn; the readings above are unchanged."


def position_words(pre: Reading | None, post: Reading | None) -> str:
    """'Before: left side tipped forward 7° more than right; pelvis turned right 6°' and the
    same for after, one line each."""
    return f"Before: {describe_position(pre)}\nAfter: {describe_position(post)}"


class PelvisView(QWidget):
    """Shows `pelvis_figure(pre, post)` with the positions in words underneath.

    With a runner the figure is built and drawn off the GUI thread (also after a resize);
    only the newest request is shown.
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
        self.canvas = FigureView(pelvis_figure(None, None))
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumSize(480, 300)
        self.canvas.setAccessibleName("Pelvic position before and after the correction")
        self.canvas.rerender = lambda _size: self._request()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.words)
        self.words.setText(position_words(None, None))

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
        self._request()

    def _request(self) -> None:
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
        print(getattr(error, "__holdfast_trace__", repr(error)))
        message = message_figure(FAILED_MESSAGE, width_in=9.0, height_in=5.2)
        self._show(generation, render_offscreen(message, self.canvas.pixel_size()))
