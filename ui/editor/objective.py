"""O: the pre-correction reading, its device and rater, the visit's photos, and other tests
as text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from charting.errors import FieldError
from charting.readings import Phase, Reading
from models.records import VisitDraft
from ui.editor.reading_form import ReadingForm
from ui.editor.widgets import text_box


class ObjectiveSection(QWidget):
    changed = Signal()

    def __init__(self, photos: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pre = ReadingForm(Phase.PRE)
        self.text = text_box("Other tests and findings (gait, single-leg squat, Thomas test…)")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>Pelvic position before the correction</b>"))
        layout.addWidget(self.pre)
        if photos is not None:
            layout.addWidget(QLabel("<b>Photos of the pelvis</b> (before and after correcting)"))
            layout.addWidget(photos)
        form = QFormLayout()
        form.addRow("Other tests", self.text)
        layout.addLayout(form)
        self.pre.changed.connect(self.changed)
        self.text.textChanged.connect(self.changed)

    def focus_chain(self) -> list[QWidget]:
        return [*self.pre.focus_chain(), self.text]

    def load(self, draft: VisitDraft) -> None:
        self.pre.set_reading(first_reading(draft, Phase.PRE))
        self.text.setPlainText(draft.note.objective)

    def collect(self, errors: list[FieldError]) -> dict[str, Any]:
        reading = self.pre.collect(errors)
        return {"pre": reading, "objective": self.text.toPlainText()}

    def set_read_only(self, read_only: bool) -> None:
        self.pre.set_read_only(read_only)
        self.text.setReadOnly(read_only)


def first_reading(draft: VisitDraft, phase: Phase) -> Reading | None:
    return next((r for r in draft.readings if r.phase is phase), None)
