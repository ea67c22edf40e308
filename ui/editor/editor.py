"""The visit editor: S, O, A, P and outcomes in one scrolling form with its diagrams.

The editor holds no database session: it shows a draft, collects what is valid, and
forwards every change to its `VisitSession` (ui/editor/session.py), which decides when and
in what order the draft is stored; the actions in ui/actions/visits.py switch visits.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from charting.errors import FieldError
from charting.patterns import pattern_key
from charting.readings import Phase, Reading
from charting.vocabulary import VISIT_KIND_TERMS
from models.records import VISIT_KINDS, SoapNote, VisitDraft, VisitRecord
from ui.context import AppContext
from ui.dates import DateField, to_date, to_qdate
from ui.editor.assessment import AssessmentSection
from ui.editor.autosave import DeadlineTimer
from ui.editor.fields import show_error
from ui.editor.layout import EditorLayout
from ui.editor.objective import ObjectiveSection
from ui.editor.outcomes import OutcomesSection
from ui.editor.plan import PlanSection
from ui.editor.recovery import draft_from_json
from ui.editor.session import Collected, VisitSession
from ui.editor.subjective import SubjectiveSection
from ui.photos.panel import PhotosPanel

REDRAW_MS = 400
SUGGEST_NEEDS_READING = (
    "Suggestions follow the pattern of the pre-correction reading: record it first."
)


class VisitEditor(QWidget):
    """Shows one visit of one patient; read-only once the visit is signed."""

    changed = Signal()
    loaded = Signal()  # a visit was shown, or the editor was cleared
    saved = Signal(int)  # visit id, after every draft that reached the database

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.record: VisitRecord | None = None
        self.base = VisitDraft(visit_date=date.today())
        self.carried_over = False
        self._loading = False
        self._failure = ""  # the session's standing problem (not saved…), shown until solved
        self.alarm = DeadlineTimer(self)
        self.session = VisitSession(
            context.db, context.runner, self, lambda: context.actor, wake=self.alarm.wake_at
        )
        self.alarm.timeout.connect(self.session.tick)
        self.tolerances = context.settings.tolerances
        self._drawn: tuple[Reading | None, Reading | None] = (None, None)
        self._redraw = QTimer(self, singleShot=True, interval=REDRAW_MS)
        self._redraw.timeout.connect(lambda: self.ui.pelvis.set_readings(*self._drawn))
        self.visit_date = DateField("Visit date")
        self.kind: QComboBox = QComboBox()
        for kind in VISIT_KINDS:
            self.kind.addItem(VISIT_KIND_TERMS[kind].label, kind)
        self.ui: EditorLayout = EditorLayout(context)
        self.subjective: SubjectiveSection = SubjectiveSection(self.ui.body_diagram)
        self.photos = PhotosPanel(context, self)
        self.objective: ObjectiveSection = ObjectiveSection(self.photos)
        self.assessment: AssessmentSection = AssessmentSection()
        self.plan: PlanSection = PlanSection(self.ui.pelvis)
        self.outcomes: OutcomesSection = OutcomesSection()
        self.sections = (self.subjective, self.objective, self.assessment, self.plan,
                         self.outcomes)  # fmt: skip
        self.ui.place(self, [self.visit_date, self.kind], self.sections[:4], self.outcomes)
        for section in self.sections:
            section.changed.connect(self._on_change)
        refused = self.visit_date.refused
        for signal in (self.visit_date.dateChanged, refused, self.kind.currentIndexChanged):
            signal.connect(self._on_change)
        for section in (self.assessment, self.plan):
            section.carried_over_cleared.connect(self._clear_carried_over)
        self.ui.keep_button.clicked.connect(self._keep_carried)
        self.subjective.complaints.carried_changed.connect(self._show_carried)
        self.assessment.suggest_button.clicked.connect(self.suggest)
        self.ui.set_tab_order(self.focus_chain())
        self.clear()

    @property
    def patient_id(self) -> int | None:
        return self.session.patient_id

    @property
    def visit_id(self) -> int | None:
        return self.session.visit_id

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = [self.visit_date, self.kind]
        for section in self.sections:
            chain.extend(section.focus_chain())
        return [*chain, *self.ui.buttons()]

    # -- showing a visit ------------------------------------------------------------------

    def clear(self) -> None:
        """No visit open."""
        self.session.close()
        self.record = None
        self.photos.load()
        self.ui.show_empty(True)
        self.loaded.emit()

    def start(
        self,
        patient_id: int,
        draft: VisitDraft,
        record: VisitRecord | None = None,
        setup: tuple[str, str] | None = None,
    ) -> None:
        """Show `draft` (of `record`, or a new visit when None) for editing or reading.

        `setup` is the device and rater a new visit's readings start with.
        """
        self._loading = True
        self.session.open(
            patient_id,
            record.id if record else None,
            bool(record and record.signed),
            record.version if record else 1,
        )
        self.record = record
        self.base, self.carried_over = draft, draft.carried_over
        self.tolerances = self.context.settings.tolerances
        self.visit_date.setDate(to_qdate(draft.visit_date))
        self.kind.setCurrentIndex(max(0, self.kind.findData(draft.kind)))
        for section in self.sections:
            section.load(draft)
        if setup is not None:
            self.objective.pre.set_setup(*setup)
            self.plan.post.set_setup(*setup)
        for section in self.sections:
            section.set_read_only(self.read_only)
        if self.read_only:  # a signed note is as it was signed: nothing waits for review
            self.subjective.complaints.set_carried(False)
            self.assessment.findings.italic_rows = self.plan.plan.italic_rows = False
        self.visit_date.setReadOnly(self.read_only)
        self.kind.setEnabled(not self.read_only)
        self.ui.restyle(self)
        self._loading = False
        self._update_live()
        self.photos.load()
        self.ui.show_visit(record)
        self._show_carried()
        self.ui.show_empty(False)
        self.loaded.emit()

    def _on_change(self) -> None:
        if self._loading or self.read_only:
            return
        self._update_live()
        self.ui.set_status("Unsaved changes…")
        if not self._failure:  # the last action's outcome is old news once the form changes
            self.ui.set_message("")
        self.session.changed()
        self.changed.emit()

    def _clear_carried_over(self) -> None:
        """The hypothesis or plan was edited: both are this visit's own now."""
        if self._loading or not self.carried_over:
            return
        self.carried_over = False
        self.assessment.findings.italic_rows = self.plan.plan.italic_rows = False
        self._show_carried()
        self._on_change()

    def _keep_carried(self) -> None:
        """Keep as is: what came from the last visit is taken as today's, a change to save."""
        self.subjective.complaints.set_carried(False)
        if self.carried_over:
            self._clear_carried_over()  # which saves the complaints' marks with it
        else:
            self._on_change()

    def _show_carried(self) -> None:
        complaints = bool(self.subjective.complaints.carried_rows())
        self.ui.show_carried(complaints, self.carried_over and not self.read_only)

    def _update_live(self) -> None:
        """Messages, pelvis diagram, pattern, suggestions: follow the form as it is typed."""
        self.collect()  # shows cross-field messages (one tilt alone, next visit too early)
        pre, post = self.objective.pre.collect([]), self.plan.post.collect([])
        if (pre, post) != self._drawn:
            self._drawn = (pre, post)
            self._redraw.start()  # drawn once typing pauses, not on every key
        key = pattern_key(pre, self.tolerances) if pre else None
        self.assessment.set_pattern(key)
        self.plan.update_hypothesis(self.assessment.findings.records(), key or "level")
        pre_form = self.objective.pre
        self.plan.follow_pre_setup(pre_form.device.currentData(), pre_form.rater.text())

    # -- collecting -----------------------------------------------------------------------

    def collect(self) -> Collected:
        """The valid part of the form; invalid fields are left out and reported."""
        errors: list[FieldError] = []
        parts: dict[str, Any] = {}
        for section in self.sections:
            parts.update(section.collect(errors))
        pre, post = parts.pop("pre"), parts.pop("post")
        others = tuple(r for r in self.base.readings if r not in _firsts(self.base.readings))
        parts["readings"] = tuple(r for r in (pre, post) if r is not None) + others
        parts["note"] = SoapNote(parts.pop("subjective"), parts.pop("objective"),
                                 self.base.note.assessment, parts.pop("plan_text"))  # fmt: skip
        picked = to_date(self.visit_date.date())
        if (refused := self.visit_date.refusal("visit_date")) is not None:
            errors.append(refused)  # the date last read is kept; the typed text is in red
        parts.update(visit_date=picked, kind=self.kind.currentData(),
                     carried_over=self.carried_over)  # fmt: skip
        while True:
            try:
                draft = VisitDraft(**parts)
                break
            except FieldError as error:  # a cross-field rule: leave that field out
                if parts.get(error.field) is None:
                    raise
                parts[error.field] = None
                errors.append(error)
        show_error(self.plan.next_visit.error,
                   next((e for e in errors if e.field == "next_visit_date"), None))  # fmt: skip
        return Collected(draft, tuple(errors))

    def raw_state(self) -> dict[str, Any]:
        """Everything on screen, invalid text included (the crash-recovery file).

        Only values: the draft is frozen and the texts are copies, so the runner's worker
        can write them while the form changes.
        """
        return {
            "draft": self.collect().draft,
            "running": self.subjective.running.text(),
            "adherence": self.subjective.adherence.text(),
            "pre": self.objective.pre.raw(),
            "post": self.plan.post.raw(),
        }

    def restore_raw(self, raw: dict[str, Any]) -> None:
        """Put recovered input back on screen, then let autosave store what is valid."""
        self.start(self.patient_id or 0, draft_from_json(raw["draft"]), self.record)
        self.subjective.running.set_text(raw.get("running", ""))
        self.subjective.adherence.set_text(raw.get("adherence", ""))
        self.objective.pre.set_raw(raw.get("pre", {}))
        self.plan.post.set_raw(raw.get("post", {}))
        self._on_change()

    # -- feedback (the session's VisitForm side) -------------------------------------------

    def show_saved(self, errors: tuple[FieldError, ...]) -> None:
        self.ui.title.setText("<b>Visit</b> (draft)")
        if errors:
            self.ui.set_status(f"Saved, except {len(errors)} field(s) marked in red", error=True)
        else:
            self.ui.set_status("All changes saved")

    def show_failure(self, text: str) -> None:
        """The session's problem (a save or a safety copy that failed), kept on screen while
        typing goes on; "" once it is solved."""
        had, self._failure = self._failure, text
        if text:
            self.show_message(text, error=True)
        elif had and self.ui.message.text() == had:
            self.show_message("")

    def stored(self, patient_id: int, visit_id: int) -> None:
        self.saved.emit(visit_id)
        self.context.events.visits_changed.emit(patient_id)

    def show_message(self, text: str, error: bool = False) -> None:
        """The outcome of an action (sign refused, restored input…), under the header."""
        self.ui.set_message(text, error)

    def show_record(self, record: VisitRecord) -> None:
        self.start(record.patient_id, record.draft, record)

    # -- photos (the panel's PhotoHost side) ------------------------------------------------

    def save_first(self, then: Callable[[int | None], object]) -> None:
        """Store the visit now (a photo needs its id); `then(visit_id)`, None if not stored."""
        self.session.save_now(then, force=True)

    def use_photo_reading(self, reading: Reading) -> list[str]:
        """Fill the reading of `reading`'s phase from photos; it is saved as typing is.
        Returns the labels of numbers of another device that were cleared."""
        form = self.objective.pre if reading.phase is Phase.PRE else self.plan.post
        if reading.phase is Phase.POST:
            self.plan.post_follows_pre = False  # its device is the photo's, not the pre's
        return form.fill_measured(reading, self.context.actor)

    def suggest(self) -> None:
        """Findings from the pattern library for the pre reading's pattern, and what it did."""
        if self.read_only or self.patient_id is None:
            return
        if self.objective.pre.collect([]) is None:
            self.show_message(SUGGEST_NEEDS_READING, error=True)
            return
        self.show_message(self.assessment.suggest())


def _firsts(readings: tuple[Reading, ...]) -> list[Reading]:
    firsts = []
    for phase in Phase:
        first = next((r for r in readings if r.phase is phase), None)
        if first is not None:
            firsts.append(first)
    return firsts
