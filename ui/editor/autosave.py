"""Autosave's Qt side: a timer that wakes the visit session at its next deadline.

The session (`ui.editor.session`) decides when the recovery file and the save are due; this
only turns "call me at clock time t" into a single-shot QTimer on the GUI thread. A timer
that fires a little early is harmless: the session's `tick` then asks for the rest.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer


class DeadlineTimer(QTimer):
    """A single-shot timer set to an absolute deadline on `time.monotonic` (None stops it)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSingleShot(True)

    def wake_at(self, deadline: float | None) -> None:
        """Fire once at `deadline` (replacing any earlier request); None: not at all."""
        if deadline is None:
            self.stop()
        else:
            self.start(max(0, round((deadline - time.monotonic()) * 1000)))
