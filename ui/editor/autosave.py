"""Autosave's Qt side: a timer that wakes the visit session at its next deadline.

The session (`ui.editor.session`) decides when the recovery file and the save are due; this
only turns "call me at clock time t" into a single-shot QTimer on the GUI thread.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer


class DeadlineTimer(QTimer):
    """A single-shot timer set to an absolute deadline on `clock` (None stops it)."""

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.setSingleShot(True)
        self.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer may wake a little early

    def wake_at(self, deadline: float | None) -> None:
        """Fire once at `deadline` (replacing any earlier request); None: not at all."""
        if deadline is None:
            self.stop()
        else:
            self.start(max(0, math.ceil((deadline - self.clock()) * 1000)))
