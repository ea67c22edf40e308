"""One way to run work off the GUI thread (Anki's QueryOp, Picard's run_task).

`runner.run(op, on_success, on_failure)` runs `op()` on a worker thread; the callbacks are
delivered on the GUI thread. `op` must not touch widgets. Work is serialized on a single
worker, so database writes never race each other. Tests use `SyncRunner`.

A failure without `on_failure` is shown in a message box (Anki's default): it must reach the
person at the desk, not only a log they never read. The traceback goes to stderr only, without
the errors' messages (they can quote stored values).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.messages import error_text, trace_without_values
from ui.runner import Failure, Success

FAILURE_TITLE = "Holdfast could not finish a task"
_shown: set[QMessageBox] = set()  # a box without a parent window lives until it is closed


class _Relay(QObject):
    """Lives on the GUI thread; queued signals carry results back to it."""

    succeeded = Signal(object, object)
    failed = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self.succeeded.connect(self._deliver_success)
        self.failed.connect(self._deliver_failure)

    @Slot(object, object)
    def _deliver_success(self, callback: Success, result: Any) -> None:
        callback(result)

    @Slot(object, object)
    def _deliver_failure(self, callback: Failure, error: BaseException) -> None:
        callback(error)


class _Task(QRunnable):
    def __init__(
        self, op: Callable[[], Any], relay: _Relay, on_success: Success, on_failure: Failure
    ) -> None:
        super().__init__()
        self.op, self.relay = op, relay
        self.on_success, self.on_failure = on_success, on_failure

    def run(self) -> None:
        try:
            result = self.op()
        except BaseException as error:  # delivered to the GUI, never lost in a thread
            error.__holdfast_trace__ = trace_without_values(error)  # type: ignore[attr-defined]
            self.relay.failed.emit(self.on_failure, error)
        else:
            self.relay.succeeded.emit(self.on_success, result)


def dismiss_failures() -> list[str]:
    """Close every failure box still open and return their texts (tests: none may be left)."""
    texts = [box.text() for box in _shown]
    for box in list(_shown):
        box.close()
    return texts


def show_failure(error: BaseException) -> QMessageBox:
    """The default `on_failure`: the error in plain words over the active window."""
    trace = getattr(error, "__holdfast_trace__", None)
    print(trace or trace_without_values(error), file=sys.stderr)  # never values: they may be names
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        FAILURE_TITLE,
        f"This could not be finished.\n\n{error_text(error)}",
        QMessageBox.StandardButton.Ok,
        QApplication.activeWindow(),
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _shown.add(box)
    box.finished.connect(lambda _result: _shown.discard(box))
    box.open()  # not exec(): a failure arriving mid-action must not start a nested loop
    return box


class BackgroundRunner:
    """Runs ops one at a time on a private thread pool of one thread."""

    def __init__(self) -> None:
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(1)
        self.relay = _Relay()

    def run(
        self, op: Callable[[], Any], on_success: Success, on_failure: Failure | None = None
    ) -> None:
        self.pool.start(_Task(op, self.relay, on_success, on_failure or show_failure))

    def wait(self, msecs: int = 30000) -> bool:
        """Block until queued work is done (shutdown and tests only)."""
        return self.pool.waitForDone(msecs)


class SyncRunner:
    """Runs ops immediately on the calling thread: for tests (Picard's FakeThreadPool).

    Failures take the same path as in `BackgroundRunner`: `on_failure`, else the message box.
    """

    def run(
        self, op: Callable[[], Any], on_success: Success, on_failure: Failure | None = None
    ) -> None:
        try:
            result = op()
        except BaseException as error:  # what `_Task` catches: no failure escapes the runner
            (on_failure or show_failure)(error)
        else:
            on_success(result)
