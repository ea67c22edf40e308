"""Autosave: a debounced save of the valid draft, plus a crash-recovery file of raw input.

Two clocks: 0.3 s after typing stops, everything typed (even invalid text) is written to
`drafts/visit-<id>.json` beside the database; 1.5 s after, the valid part of the draft is
saved to the database through the background runner. The recovery file is deleted once a
save leaves nothing unsaved, so a file that survives means a kill happened mid-typing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from charting.readings import Reading
from models.audit import to_json
from models.records import Complaint, Finding, Outcome, PlanEntry, SoapNote, VisitDraft
from models.services.visits import save_draft
from ui.context import AppContext
from ui.messages import error_text

if TYPE_CHECKING:
    from ui.editor.editor import VisitEditor

SAVE_DELAY_MS, RECOVERY_DELAY_MS = 1500, 300


def recovery_path(db_path: Path, patient_id: int, visit_id: int | None) -> Path:
    name = f"visit-{visit_id}.json" if visit_id else f"new-visit-patient-{patient_id}.json"
    return db_path.parent / "drafts" / name


def write_recovery(path: Path, data: dict[str, Any]) -> None:
    """Atomic write with fsync: a kill leaves the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps(data, ensure_ascii=False))
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


def read_recovery(path: Path) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data


def draft_json(draft: VisitDraft) -> Any:
    return json.loads(to_json(draft))


def draft_from_json(d: dict[str, Any]) -> VisitDraft:
    """The inverse of `draft_json` (dates back from ISO text, records from dicts)."""
    next_date = d.get("next_visit_date")
    return VisitDraft(
        visit_date=date.fromisoformat(d["visit_date"]), kind=d["kind"], note=SoapNote(**d["note"]),
        complaints=tuple(Complaint(**c) for c in d["complaints"]),
        readings=tuple(Reading(**r) for r in d["readings"]),
        findings=tuple(Finding(**f) for f in d["findings"]), reasoning=d["reasoning"],
        plan=tuple(PlanEntry(**p) for p in d["plan"]), no_plan_reason=d["no_plan_reason"],
        outcomes=tuple(
            Outcome(o["measure"], o["score"], o["label"], tuple(o["items"])) for o in d["outcomes"]
        ),
        correction=d["correction"], running_km_per_week=d["running_km_per_week"],
        adherence_pct=d["adherence_pct"], carried_over=d["carried_over"],
        next_visit_date=date.fromisoformat(next_date) if next_date else None,
    )  # fmt: skip


class Autosaver(QObject):
    """Saves the editor's draft after a pause; `save_now(then)` flushes before a switch."""

    saved = Signal(int)  # visit id, after every successful save

    def __init__(self, context: AppContext, editor: VisitEditor) -> None:
        super().__init__(editor)
        self.context, self.editor = context, editor
        self.timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self.timer.timeout.connect(self.save_now)
        self.recovery_timer = QTimer(self, singleShot=True, interval=RECOVERY_DELAY_MS)
        self.recovery_timer.timeout.connect(self.write_recovery)
        self.generation = 0  # bumps on every change
        self.saved_generation = 0
        self.in_flight = False
        self.waiting: list[Callable[[int | None], None]] = []

    @property
    def dirty(self) -> bool:
        return self.generation != self.saved_generation

    def schedule(self) -> None:
        self.generation += 1
        self.timer.start()
        self.recovery_timer.start()

    def reset(self) -> None:
        """A visit was (re)loaded: nothing is unsaved."""
        self.timer.stop()
        self.recovery_timer.stop()
        self.saved_generation = self.generation

    def path(self) -> Path | None:
        e = self.editor
        if e.patient_id is None:
            return None
        return recovery_path(self.context.db.path, e.patient_id, e.visit_id)

    def write_recovery(self, force: bool = False) -> None:
        """Write the raw input; `force` even when the valid part is already saved."""
        path = self.path()
        if path is None or self.editor.read_only or not (self.dirty or force):
            return
        data = {"patient_id": self.editor.patient_id, "visit_id": self.editor.visit_id,
                "written_at": datetime.now().isoformat(timespec="seconds"),
                "raw": self.editor.raw_state()}  # fmt: skip
        write_recovery(path, data)

    def save_now(
        self, then: Callable[[int | None], None] | None = None, force: bool = False
    ) -> None:
        """Save if anything changed (or `force`); `then(visit_id)` runs once it is stored."""
        self.timer.stop()
        if force and not self.editor.read_only:
            self.generation += 1
        if then is not None:
            self.waiting.append(then)
        if self.in_flight:
            return  # the running save re-checks `dirty` when it finishes
        editor = self.editor
        if not self.dirty or editor.patient_id is None or editor.read_only:
            self._release(editor.visit_id)
            return
        self.recovery_timer.stop()
        self.write_recovery()
        collected = editor.collect()
        generation, token = self.generation, editor.load_token
        db, actor = self.context.db, self.context.actor
        patient_id, visit_id, old_path = editor.patient_id, editor.visit_id, self.path()
        self.in_flight = True

        def op() -> int:
            return save_draft(db, patient_id, collected.draft, actor, visit_id)

        def done(new_id: int) -> None:
            self.in_flight = False
            if token == editor.load_token:
                editor.visit_id = new_id
                self.saved_generation = generation
                fresh = not self.dirty and not collected.errors
                if old_path is not None and (fresh or visit_id is None):
                    old_path.unlink(missing_ok=True)
                if not fresh:
                    self.write_recovery(force=True)  # invalid text lives only there
                editor.saved(collected.errors)
            self.saved.emit(new_id)
            self.context.events.visits_changed.emit(patient_id)
            self.save_now() if self.dirty and token == editor.load_token else self._release(new_id)

        def failed(error: BaseException) -> None:
            self.in_flight = False
            editor.show_message(f"Not saved: {error_text(error)}", error=True)
            self._release(None)

        self.context.runner.run(op, done, failed)

    def _release(self, visit_id: int | None) -> None:
        waiting, self.waiting = self.waiting, []
        for then in waiting:
            then(visit_id)
