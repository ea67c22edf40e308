"""A runner for figures of the GUI thread's share of some work: the background part is done
before the timing, so the timing holds only what the GUI thread does with its result."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from ui.runner import Failure, Success

GUI_THREAD_S = 0.050  # what the GUI thread may be held for at a time


class ReadFirst:
    """A runner whose work is done before the timing (`read`), so that the timing holds
    only what the GUI thread does with the result (`show`)."""

    def __init__(self) -> None:
        self._done: Success | None = None
        self._op: Callable[[], Any] | None = None
        self._result: Any = None

    def run(
        self, op: Callable[[], Any], on_success: Success, on_failure: Failure | None = None
    ) -> None:
        self._op, self._done = op, on_success

    def read(self) -> None:
        assert self._op is not None
        self._result = self._op()

    def show(self) -> None:
        assert self._done is not None
        done, self._done = self._done, None
        done(self._result)


def longest_turn(runner: ReadFirst, process_events: Callable[[], None], turns: int) -> float:
    """The longest event-loop turn, in seconds, from showing the result already read until
    `turns` more turns have run: the GUI thread's longest hold on the way to settled."""
    started = time.perf_counter()
    runner.show()
    process_events()
    longest = time.perf_counter() - started
    for _ in range(turns):
        started = time.perf_counter()
        process_events()
        longest = max(longest, time.perf_counter() - started)
    return longest
