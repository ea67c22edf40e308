"""Idle time: no mouse or keyboard input anywhere in the application for a while.

An application event filter sees every input event of every window (a dialog's included),
so typing in a dialog counts as activity just as typing in the main window does.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

INPUT = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})  # fmt: skip


class IdleWatch(QObject):
    """Emits `idle` once no input arrived for the interval (`watch(ms)`; 0 stops watching)."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def watch(self, interval_ms: int) -> None:
        """Count idle time from now, for `interval_ms` (0 or less: never idle)."""
        self.timer.stop()
        if interval_ms > 0:
            self.timer.setInterval(interval_ms)
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT and self.timer.isActive():
            self.timer.start()  # starts the interval again
        return False
