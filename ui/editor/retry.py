"""When to try a failed write again: soon at first, then less often, never giving up.

A save refused by a lock or a full disk succeeds once the other program lets go or space is
freed; nobody should have to type again for that. Qt-free, on the session's clock.
"""

from __future__ import annotations

# Seconds before each further try; the last repeats for as long as the write keeps failing.
RETRY_DELAYS = (2.0, 5.0, 15.0, 30.0)


class Backoff:
    """The next try of one kind of write (the save, the recovery file)."""

    def __init__(self) -> None:
        self.failures = 0  # in a row
        self.due: float | None = None  # clock time of the next try, or None

    def failed(self, now: float) -> float:
        """One more failure at `now`: schedules the next try and returns its delay."""
        delay = RETRY_DELAYS[min(self.failures, len(RETRY_DELAYS) - 1)]
        self.failures += 1
        self.due = now + delay
        return delay

    def succeeded(self) -> None:
        self.failures, self.due = 0, None

    def take(self, now: float) -> bool:
        """Whether a try is due at `now`; it is then taken (not due again)."""
        if self.due is None or now < self.due:
            return False
        self.due = None
        return True
