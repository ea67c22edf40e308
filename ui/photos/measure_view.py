"""The measuring view: click the landmarks a photo's view needs, then a reference line; the
angle follows every click and drag. Saving stores the marks; "Use for the … reading" fills
the editor's reading of that phase from all of the phase's marked photos, and the editor
saves it with the draft as it saves anything typed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from charting.errors import FieldError
from charting.photo_geometry import ReferenceKind
from charting.readings import Reading
from models.services.photos import PhotoInfo, photo_image, save_marks
from ui.context import AppContext
from ui.editor.fields import ERROR_STYLE, hint_label, show_text
from ui.messages import error_text
from ui.photos.canvas import ZOOM_STEP, PhotoCanvas
from ui.photos.marking import REFERENCE_POINTS, SHORT_NAMES, Marking
from ui.photos.reading import PHASE_WORDS, filled_words, reading_of

REFERENCE_CHOICES = (("Plumb line (true vertical)", ReferenceKind.PLUMB),
                     ("Level line (true horizontal)", ReferenceKind.LEVEL),
                     ("None", None))  # fmt: skip
ANGLE_STYLE = "font-size: 15pt; font-weight: 600; padding: 2px 0"
WARNING_STYLE = "color: #8a4b00; background: #fff4d6; padding: 3px"
READ_ONLY_NOTE = "This visit is signed: its marks can be looked at, not changed."

UseReading = Callable[[Reading], list[str]]


class MeasureDialog(QDialog):
    """Marks one photo. `visit` is every photo of its visit (for the phase's reading)."""

    def __init__(
        self, context: AppContext, info: PhotoInfo, visit: list[PhotoInfo],
        use_reading: UseReading | None, on_saved: Callable[[PhotoInfo], None],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.context, self.info, self.visit = context, info, visit
        self.use_reading, self.on_saved = use_reading, on_saved
        self.editable = not info.signed and use_reading is not None
        self.marking = Marking.of(info.view, info.marks)
        self.dirty = False
        self.setWindowTitle(f"Measure: {info.label} ({info.visit_date:%Y-%m-%d})")
        self.resize(900, 820)
        self.prompt = QLabel(wordWrap=True)
        self.prompt.setStyleSheet("font-weight: 600")
        self.reference = QComboBox()
        for text, kind in REFERENCE_CHOICES:
            self.reference.addItem(text, kind)
        self.reference.setCurrentIndex(self.reference.findData(self.marking.kind))
        self.canvas = PhotoCanvas()
        self.canvas.editable = self.editable
        self.angle = QLabel()
        self.angle.setStyleSheet(ANGLE_STYLE)
        self.warning = QLabel(wordWrap=True)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.message = QLabel(wordWrap=True)
        self.buttons = {name: QPushButton(text) for name, text in (
            ("out", "−"), ("in", "+"), ("fit", "Fit"), ("clear", "Clear"),
            ("save", "Save marks"), ("use", f"Use for the {PHASE_WORDS[info.phase]} reading"),
            ("close", "Close"))}  # fmt: skip
        self._place()
        self._connect()
        for name in ("clear", "save", "use"):
            self.buttons[name].setEnabled(self.editable)
        self.reference.setEnabled(self.editable)
        self._refresh()
        self._say(READ_ONLY_NOTE if info.signed else "")
        self._load_image()

    def _place(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.prompt, 1)
        top.addWidget(QLabel("Reference:"))
        top.addWidget(self.reference)
        tools = QHBoxLayout()
        for name in ("out", "in", "fit"):
            tools.addWidget(self.buttons[name])
        tools.addWidget(hint_label("  Wheel zooms; drag the photo to pan, a handle to move it."))
        tools.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.buttons["clear"])
        actions.addStretch(1)
        for name in ("save", "use", "close"):
            actions.addWidget(self.buttons[name])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(tools)
        layout.addWidget(self.angle)
        layout.addWidget(self.warning)
        layout.addWidget(self.message)
        layout.addLayout(actions)

    def _connect(self) -> None:
        self.canvas.clicked.connect(self._place_point)
        self.canvas.moved.connect(self._move_point)
        self.reference.currentIndexChanged.connect(self._reference_chosen)
        self.buttons["out"].clicked.connect(lambda: self.canvas.zoom(1 / ZOOM_STEP))
        self.buttons["in"].clicked.connect(lambda: self.canvas.zoom(ZOOM_STEP))
        self.buttons["fit"].clicked.connect(self.canvas.fit)
        self.buttons["clear"].clicked.connect(self.clear)
        self.buttons["save"].clicked.connect(lambda: self.save())
        self.buttons["use"].clicked.connect(lambda: self.save(then=self._fill_reading))
        self.buttons["close"].clicked.connect(self.reject)

    def _load_image(self) -> None:
        db, photo_id = self.context.db, self.info.id

        def op() -> QImage:  # QImage (unlike QPixmap) may be decoded off the GUI thread
            return QImage.fromData(photo_image(db, photo_id))

        self.context.runner.run(op, self.canvas.set_image, self._failed)

    # -- points -------------------------------------------------------------------------

    def _place_point(self, spot: QPointF) -> None:
        if self.marking.place((spot.x(), spot.y())) is not None:
            self._changed()

    def _move_point(self, name: str, spot: QPointF) -> None:
        self.marking.points[name] = (spot.x(), spot.y())
        self._changed()

    def _reference_chosen(self) -> None:
        kind = self.reference.currentData()  # Qt hands the enum back as its str
        self.marking.set_kind(ReferenceKind(kind) if kind else None)
        self._changed()

    def clear(self) -> None:
        self.marking.points.clear()
        self._changed()

    def _changed(self) -> None:
        self.dirty = True
        self._say("")
        self._refresh()

    def _refresh(self) -> None:
        self.prompt.setText(self.marking.next_prompt() if self.editable else READ_ONLY_NOTE)
        self.canvas.set_points(self.marking.points, SHORT_NAMES, REFERENCE_POINTS)
        words, warning = self.marking.reading_text()
        self.angle.setText(words)
        show_text(self.warning, warning)

    # -- saving and using ---------------------------------------------------------------

    def save(self, then: Callable[[PhotoInfo], None] | None = None) -> None:
        """Store the marks (none placed: clear them); `then` once stored."""
        try:
            marks = self.marking.marks() if self.marking.points else None
        except FieldError as error:
            self._failed(error)
            return
        db, photo_id, actor = self.context.db, self.info.id, self.context.actor

        def done(info: PhotoInfo) -> None:
            if not isValid(self):  # closed and deleted meanwhile: the panel still updates
                self.on_saved(info)
                return
            self.info, self.dirty = info, False
            self.visit = [info if p.id == info.id else p for p in self.visit]
            self.on_saved(info)
            self._say("Marks saved.")
            if then is not None:
                then(info)

        self.context.runner.run(lambda: save_marks(db, photo_id, marks, actor), done, self._failed)

    def _fill_reading(self, info: PhotoInfo) -> None:
        reading, note = reading_of(info.phase, info, self.marking.marks(), self.visit)
        if reading is None or self.use_reading is None:
            self._say(note, error=True)
            return
        cleared = self.use_reading(reading)
        phase = PHASE_WORDS[info.phase]
        if cleared:  # a reading has one device: numbers typed with another went
            note = f"Cleared, as typed with another device: {', '.join(cleared)}. " + note
        self._say(f"{filled_words(reading)} filled into the {phase} reading (device: photo). "
                  + note)  # fmt: skip

    def _failed(self, error: BaseException) -> None:
        self._say(error_text(error), error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        show_text(self.message, text)

    def reject(self) -> None:
        """Closing keeps what was marked: unsaved marks are saved on the way out."""
        if self.dirty and self.editable:
            self.save()
        super().reject()
