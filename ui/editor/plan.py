"""P: the correction performed, the post reading, the exercise plan and the next visit."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from charting.errors import FieldError
from charting.muscles import Side
from charting.readings import Phase
from charting.vocabulary import SIDE_TERMS
from models.records import Finding, PlanEntry, VisitDraft
from resources.library import exercise_by_slug
from ui.editor.exercise_picker import ExercisePicker, suggestions
from ui.editor.fields import OptionalDate, error_label, hint_label, show_text
from ui.editor.objective import first_reading
from ui.editor.reading_form import ReadingForm
from ui.editor.tables import Column, RecordTableModel
from ui.editor.widgets import left_aligned, make_table, text_box


def exercise_name(slug: str) -> str:
    try:
        return exercise_by_slug(slug).name
    except KeyError:
        return slug


PLAN_COLUMNS = (
    Column("Exercise", "exercise", show=exercise_name, editable=False),
    Column("Side", "side", choices=tuple((s.value, SIDE_TERMS[s].label) for s in Side)),
    Column("Sets", "sets", spin=(1, 20)),
    Column("Reps", "reps", spin=(1, 200), optional=True),
    Column("Hold s", "hold_s", spin=(1, 600), optional=True),
    Column("Per week", "per_week", spin=(1, 21)),
    Column("Notes", "notes"),
)


def entry_for(slug: str, side: str) -> PlanEntry:
    """A plan entry with the library's dosage for the exercise."""
    dosage = exercise_by_slug(slug).dosage
    return PlanEntry(slug, dosage.sets, dosage.per_week, dosage.reps, dosage.hold_s, side)


class PlanSection(QWidget):
    changed = Signal()
    carried_over_cleared = Signal()

    def __init__(self, pelvis: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pelvis = pelvis
        self.correction = QLineEdit(placeholderText="technique used, e.g. muscle energy, left side")
        self.post = ReadingForm(Phase.POST)
        self.post_follows_pre = True  # device and rater copy the pre reading until changed here
        self.findings: tuple[Finding, ...] = ()
        self.pattern_key = "level"
        self.picker = ExercisePicker()
        self.plan: RecordTableModel[PlanEntry] = RecordTableModel(PLAN_COLUMNS)
        self.table = make_table(self.plan, PLAN_COLUMNS, rows=3)
        self.dosage_hint = hint_label(
            "Sets 1-20 · reps 1-200 · hold 1-600 s (reps or hold, — for none) · per week 1-21. "
            "F2 or double-click edits a cell."
        )
        self.dosage_hint.setWordWrap(True)
        self.remove_button = QPushButton("Remove exercise")
        self.table_error = error_label()
        self.no_plan_reason = QLineEdit(placeholderText="only when there is no exercise plan")
        self.text = text_box("Plan notes (advice, running modifications…)", 56)
        self.next_visit = OptionalDate("booked for")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.addRow("Correction performed", self.correction)
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>Pelvic position after the correction</b>"))
        layout.addWidget(self.post)
        layout.addWidget(pelvis)
        layout.addWidget(QLabel("<b>Corrective exercise plan</b>"))
        layout.addWidget(self.picker)
        layout.addWidget(self.table)
        layout.addWidget(self.dosage_hint)
        layout.addWidget(self.table_error)
        layout.addLayout(left_aligned(self.remove_button))
        form = QFormLayout()
        form.addRow("No plan, because", self.no_plan_reason)
        form.addRow("Plan notes", self.text)
        form.addRow("Next visit", self.next_visit)
        layout.addLayout(form)
        self.picker.picked.connect(self.add_exercise)
        self.remove_button.clicked.connect(
            lambda: self.plan.remove(self.table.currentIndex().row())
        )
        self.plan.edited.connect(self._plan_edited)
        self.plan.rejected.connect(lambda text: show_text(self.table_error, text))
        self.post.device.activated.connect(self._post_setup_edited)
        self.post.rater.textEdited.connect(self._post_setup_edited)
        for signal in (self.correction.textChanged, self.post.changed, self.text.textChanged,
                       self.next_visit.changed):  # fmt: skip
            signal.connect(self.changed)
        self.no_plan_reason.textChanged.connect(self._plan_edited)

    def focus_chain(self) -> list[QWidget]:
        return [self.correction, *self.post.focus_chain(), *self.picker.focus_chain(),
                self.table, self.remove_button, self.no_plan_reason, self.text,
                self.next_visit.enabled, self.next_visit.date]  # fmt: skip

    def _post_setup_edited(self) -> None:
        self.post_follows_pre = False

    def follow_pre_setup(self, device: str, rater: str) -> None:
        """Keep the post reading's device and rater equal to the pre reading's."""
        if self.post_follows_pre:
            self.post.set_setup(device, rater)

    def _plan_edited(self) -> None:
        show_text(self.table_error, "")
        self.plan.italic_rows = False
        self.carried_over_cleared.emit()
        self.refresh_suggestions()
        self.changed.emit()

    def add_exercise(self, slug: str, side: str) -> None:
        if any((e.exercise, e.side) == (slug, side) for e in self.plan.rows):
            show_text(self.table_error, f"{exercise_name(slug)} ({side}) is already in the plan.")
            return
        row = self.plan.append(entry_for(slug, side))
        self.table.setCurrentIndex(self.plan.index(row, 2))

    def update_hypothesis(self, findings: tuple[Finding, ...], pattern_key: str) -> None:
        self.findings, self.pattern_key = findings, pattern_key
        self.refresh_suggestions()

    def refresh_suggestions(self) -> None:
        suggested = suggestions(self.findings, self.pattern_key)
        self.picker.set_suggestions(suggested, {e.exercise for e in self.plan.rows})

    def load(self, draft: VisitDraft) -> None:
        self.correction.setText(draft.correction)
        post = first_reading(draft, Phase.POST)
        self.post.set_reading(post)
        self.post_follows_pre = post is None
        self.plan.set_records(draft.plan)
        self.plan.italic_rows = draft.carried_over
        self.no_plan_reason.blockSignals(True)
        self.no_plan_reason.setText(draft.no_plan_reason)
        self.no_plan_reason.blockSignals(False)
        self.text.setPlainText(draft.note.plan)
        self.next_visit.set_value(draft.next_visit_date)
        self.picker.search.clear()  # each visit starts from its own suggestions
        self.refresh_suggestions()

    def collect(self, errors: list[FieldError]) -> dict[str, Any]:
        return {
            "correction": self.correction.text().strip(),
            "post": self.post.collect(errors),
            "plan": self.plan.records(),
            "no_plan_reason": self.no_plan_reason.text(),
            "plan_text": self.text.toPlainText(),
            "next_visit_date": self._next_visit(errors),
        }

    def _next_visit(self, errors: list[FieldError]) -> date | None:
        refused = self.next_visit.refusal("next_visit_date")
        if refused is not None:
            errors.append(refused)
            return None  # not a date read before the text on screen was typed
        return self.next_visit.value()

    def set_read_only(self, read_only: bool) -> None:
        self.correction.setReadOnly(read_only)
        self.post.set_read_only(read_only)
        self.plan.read_only = read_only
        self.picker.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only)
        self.no_plan_reason.setReadOnly(read_only)
        self.text.setReadOnly(read_only)
        self.next_visit.set_read_only(read_only)
