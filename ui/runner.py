"""The Runner protocol: how the GUI hands work to another thread, and how a failure reads.

Qt-free, so controllers such as `ui.editor.session` can name a runner without importing Qt;
the implementations live in `ui/background.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from ui.messages import error_text

Success = Callable[[Any], object]  # what a callback returns is ignored
Failure = Callable[[BaseException], object]
# Errors from our own packages, and ValueError/LookupError, are written for the practitioner.
# Anything else (a database driver, a library) may carry SQL or stored values: not shown.
OUR_PACKAGES = ("charting.", "models.", "reports.", "resources.", "ui.")


class Runner(Protocol):
    """Runs `op()` off the GUI thread, then `on_success(result)` or `on_failure(error)` on it.

    Without `on_failure`, a failure is shown to the user (it never only reaches a log).
    """

    def run(
        self, op: Callable[[], Any], on_success: Success, on_failure: Failure | None = None
    ) -> None: ...


def failure_text(error: BaseException) -> str:
    """A failure in plain words: the message when it is ours, never SQL or stored values."""
    if isinstance(error, OSError):
        return f"a file could not be read or written ({error.strerror or 'unknown reason'})"
    ours = type(error).__module__.startswith(OUR_PACKAGES)
    # Exactly these builtins: subclasses such as UnicodeDecodeError quote the data they read.
    if ours or type(error) in (ValueError, LookupError):
        return error_text(error)
    return f"an unexpected error stopped it ({type(error).__name__})"
