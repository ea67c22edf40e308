"""One way to run work off the GUI thread (Anki's QueryOp, Picard's run_task).

`runner.run(op, on_success, on_failure)` runs `op()` on a worker thread; the callbacks are
delivered on the GUI thread. `op` must not touch widgets. Work is serialized on a single
worker, so database writes never race each other. Tests use `SyncRunner`.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from ui.runner import Failure, Runner, Success

__all__ = ["BackgroundRunner", "Failure", "Runner", "Success", "SyncRunner"]


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
            error.__holdfast_trace__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.relay.failed.emit(self.on_failure, error)
        else:
            self.relay.succeeded.emit(self.on_success, result)


def _report(error: BaseException) -> None:
    print(getattr(error, "__holdfast_trace__", repr(error)))


class BackgroundRunner:
    """Runs ops one at a time on a private thread pool of one thread."""

    def __init__(self) -> None:
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(1)
        self.relay = _Relay()

    def run(
        self, op: Callable[[], Any], on_success: Success, on_failure: Failure | None = None
    ) -> None:
        self.pool.start(_Task(op, self.relay, on_success, on_failure or _report))

    def wait(self, msecs: int = 30000) -> bool:
        """Block until queued work is done (shutdown and tests only)."""
        return self.pool.waitForDone(msecs)


class SyncRunner:
    """Runs ops immediately on the calling thread: for tests (Picard's FakeThreadPool)."""

    def run(
        self, op: Callable[[], Any], on_success: Success, on_failure: Failure | None = None
    ) -> None:
        try:
            result = op()
        except Exception as error:
            if on_failure is None:
                raise
            on_failure(error)
        else:
            on_success(result)
