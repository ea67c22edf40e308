"""Closing the main window stores the visit on screen first; what cannot be stored is asked
about, never dropped in silence (docs/ARCHITECTURE.md#closing-and-crashing).

The close waits for the save to land: once the event loop has ended, the save's result (and
the deletion of the recovery file it brings) would never be delivered. With everything
stored, the window closes and no recovery file is left. Text that cannot be stored (a field
in red, a database that stays locked or full) is kept in the recovery file, where it waits
for the visit's next opening; closing then asks first, with "Keep editing" the default.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from ui.actions.confirm import Confirm
from ui.actions.confirm import confirm as ask
from ui.editor.editor import VisitEditor
from ui.editor.session import Leftover

TITLE = "Close Holdfast"
KEPT = (
    "Some of what you typed in the open visit could not be stored{why}. It is kept on this "
    "computer and comes back when you open that visit again.\n\nClose anyway?"
)
INVALID = " (fields marked in red hold text that is not valid)"
AT_RISK = (
    "What you typed in the open visit is not stored{why}, and it could not be kept on this "
    "computer either. If you close now, it is lost.\n\nClose anyway?"
)
CLOSE_KEEPING, CLOSE_LOSING = "Close, keep it for later", "Close and lose it"


class CloseGuard(QObject):
    """An event filter on the main window: a close first stores the visit, then decides."""

    def __init__(self, editor: VisitEditor, window: QWidget, confirm: Confirm | None = None):
        super().__init__(window)
        self.editor, self.window, self.confirm = editor, window, confirm or ask
        self.decided = False  # the close was decided: let it through
        self.saving = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Close or watched is not self.window or self.decided:
            return False
        session = self.editor.session
        if not session.in_flight and session.left_behind() is Leftover.NOTHING:
            return False  # nothing unsaved, no file to keep: close at once
        event.ignore()
        if not self.saving:
            self.saving = True
            self.editor.ui.set_status("Saving before closing…")
            session.save_now(lambda _id: self._decide())
        return True

    def _decide(self) -> None:
        self.saving = False
        session = self.editor.session
        left = session.left_behind()
        if left is Leftover.NOTHING:
            self._close()
            return
        why = f" ({session.problem})" if session.problem else INVALID
        if left is Leftover.KEPT:
            self.confirm(self.window, TITLE, KEPT.format(why=why), CLOSE_KEEPING, self._close)
        else:
            self.confirm(self.window, TITLE, AT_RISK.format(why=why), CLOSE_LOSING, self._close)

    def _close(self) -> None:
        self.decided = True
        QTimer.singleShot(0, self.window.close)  # not from inside the refused close event
