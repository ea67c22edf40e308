"""The pelvis before and after this visit's correction: the shared figure plus plain words."""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from charting.figures.pelvis import pelvis_figure
from charting.figures.style import message_figure
from charting.figures.words import describe_position
from charting.readings import Reading
from ui.background import Runner

FAILED_MESSAGE = "The pelvis diagram could not be drawn; the readings above are unchanged."


def position_words(pre: Reading | None, post: Reading | None) -> str:
    """'Before: left side tipped forward 7° more than right; pelvis turned right 6°' and the
    same for after, one line each."""
    return f"Before: {describe_position(pre)}\nAfter: {describe_position(post)}"


class PelvisView(QWidget):
    """Shows `pelvis_figure(pre, post)` with the positions in words underneath.

    With a runner the figure is built off the GUI thread; only the newest request is shown.
    """

    def __init__(self, runner: Runner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._generation = 0
        self.words = QLabel()
        self.words.setWordWrap(True)
        self.words.setTextFormat(Qt.TextFormat.PlainText)
        self.words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.words.setContentsMargins(6, 4, 6, 4)
        self.canvas = self._canvas_for(pelvis_figure(None, None))
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
        """Show a visit's readings: words at once, the figure when it is built."""
        self._generation += 1
        generation = self._generation
        self.words.setText(position_words(pre, post))
        self.setAccessibleDescription(self.words.text())
        if self.runner is None:
            self._show(generation, pelvis_figure(pre, post))
            return
        self.runner.run(
            lambda: pelvis_figure(pre, post),  # pure: builds a Figure, touches no widget
            lambda figure: self._show(generation, figure),
            lambda error: self._failed(generation, error),
        )

    def _show(self, generation: int, figure: Figure) -> None:
        if generation != self._generation:
            return  # a newer request is on its way; this one is stale
        # A fresh canvas, because a canvas sets its figure's size and screen scale (dpi x
        # device pixel ratio) itself; swapping `canvas.figure` would keep the old scale.
        canvas = self._canvas_for(figure)
        old = self.canvas
        layout = self.layout()
        layout.replaceWidget(old, canvas)
        old.hide()
        old.deleteLater()
        self.canvas = canvas
        canvas.draw_idle()

    def _failed(self, generation: int, error: BaseException) -> None:
        print(getattr(error, "__holdfast_trace__", repr(error)))
        self._show(generation, message_figure(FAILED_MESSAGE, width_in=9.0, height_in=5.2))

    def _canvas_for(self, figure: Figure) -> FigureCanvasQTAgg:
        # The figure is laid out for a page; on a narrower screen its long notes wrap.
        for text in figure.findobj(Text):
            text.set_wrap(True)
        canvas = FigureCanvasQTAgg(figure)
        canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        canvas.setMinimumSize(480, 300)
        canvas.setAccessibleName("Pelvic position before and after the correction")
        return canvas
