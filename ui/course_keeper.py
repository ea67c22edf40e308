"""Keeping the stored hold verdicts and course facts current in the background while
Holdfast runs (models/services/hold_summary.py), so the patient list's stages, the recall
list and the dashboard read them instead of judging courses again.

A save marks its patient stale (schema 0008/0011 triggers); the keeper then judges the stale
courses a chunk per background job, each chunk a job of its own so saves queued meanwhile
run between them. After an upgrade that marked every course stale this is the whole
practice, once, in the background; an ordinary start finds nothing to judge.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from models.services.hold_summary import bring_up_to_date
from ui.context import AppContext


class CourseKeeper(QObject):
    """Started by run_app once the main window shows; `caught_up` when nothing is stale."""

    caught_up = Signal()

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._running = False
        self._again = False  # something changed while a chunk ran: look once more after it
        context.events.visits_changed.connect(lambda _patient: self.catch_up())
        context.events.patients_changed.connect(self.catch_up)
        context.events.settings_changed.connect(self.catch_up)  # tolerances: every course

    def catch_up(self) -> None:
        """Judge the stale courses, a chunk per job, until none is left."""
        if self.context.db.read_only:
            return  # nothing can be stored: readers judge what is stale in memory
        if self._running:
            self._again = True
            return
        self._running, self._again = True, False
        db, tolerances = self.context.db, self.context.settings.tolerances
        self.context.runner.run(
            lambda: bring_up_to_date(db, tolerances), self._stepped, self._stopped
        )

    def _stepped(self, progress: tuple[int, int]) -> None:
        self._running = False
        if progress[1] or self._again:
            self.catch_up()
        else:
            self.caught_up.emit()

    def _stopped(self, _error: BaseException) -> None:
        """A chunk that could not be stored (the file turned read-only, the disk is full)
        leaves the courses stale: the readers judge them in memory, and the next save
        tries again. Nothing is lost and nothing shown is wrong, so nothing is said."""
        self._running = False
