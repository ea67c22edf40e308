"""The Runner protocol: how the GUI hands work to another thread.

Qt-free, so controllers such as `ui.editor.session` can name a runner without importing Qt;
the implementations live in `ui/background.py`. A failure is worded for the user by
`ui.messages.error_text`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

Success = Callable[[Any], object]  # what a callback returns is ignored
Failure = Callable[[BaseException], object]


class Runner(Protocol):
    """Runs `op()` off the GUI thread, then `on_success(result)` or `on_failure(error)` on it.

    Without `on_failure`, a failure is shown to the user (it never only reaches a log).
    """

    def run(
        self, op: Callable[[], Any], on_success: Success, on_failure: Failure | None = None
    ) -> None: ...
