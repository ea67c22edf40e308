"""A window on a clinic server notices what other practitioners write: every few seconds
it asks, off the GUI thread, for the audit events after the newest it has seen
(models/services/changes.py) and tells the list and the chart which patients changed.
Polling, not LISTEN/NOTIFY: one indexed query per look costs the server nothing, works
through any connection pooler or firewall, and needs no connection held open.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from models.services.changes import Changes, changes_since, newest_event
from ui.context import AppContext

LOOK_EVERY_MS = 5_000
UNREACHABLE = "The clinic server does not answer: changes by others show again once it does."


class ChangeWatcher(QObject):
    """Looks for others' changes on the server every LOOK_EVERY_MS while started."""

    trouble = Signal(str)  # "" once the server answers again

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context, self.seen, self._looking = context, 0, False
        self._said_trouble = False
        self.timer = QTimer(self)
        self.timer.setInterval(LOOK_EVERY_MS)
        self.timer.timeout.connect(self.look)

    def start(self) -> None:
        """From now on: what is written after this moment counts as news."""
        db = self.context.db
        self._looking = True
        self.context.runner.run(lambda: newest_event(db), self._started, self._failed)

    def _started(self, newest: int) -> None:
        self.seen, self._looking = newest, False
        self.timer.start()

    def look(self) -> None:
        """One look (skipped while the last one is still out)."""
        if self._looking:
            return
        self._looking = True
        db, after = self.context.db, self.seen
        self.context.runner.run(lambda: changes_since(db, after), self._tell, self._failed)

    def _tell(self, changes: Changes) -> None:
        self._looking = False
        if self._said_trouble:
            self._said_trouble = False
            self.trouble.emit("")
        if changes.newest <= self.seen:
            return
        self.seen = changes.newest
        events = self.context.events
        if changes.everyone:
            events.patients_changed.emit()
            return
        for patient in sorted(changes.patients):
            events.patient_changed.emit(patient)  # the list reads that row again
            events.visits_changed.emit(patient)  # the chart, if it shows that patient

    def _failed(self, _error: BaseException) -> None:
        self._looking = False
        if not self._said_trouble:
            self._said_trouble = True
            self.trouble.emit(UNREACHABLE)
        if not self.timer.isActive():
            self.timer.start()
