"""Python's cycle collector runs only on the GUI thread, between events, while the GUI runs.

Left to itself, Python collects whenever any thread allocates. A widget caught in a reference
cycle could then be destroyed on the background worker (Qt widgets must die on the GUI
thread), or in the middle of a call that lists widgets, freeing one the list still points
at: both crashed the start-up tests. So automatic collection is off while the window runs
and a timer collects what is due instead, as Python would by its own thresholds.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer

COLLECT_EVERY_MS = 1000


def collect_due() -> int:
    """Collect the oldest generation whose count passed its threshold (Python's own rule,
    without its shortcut for the oldest); nothing when none did. The generation, or -1."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    due = [generation for generation in range(3) if counts[generation] > thresholds[generation]]
    if not due:
        return -1
    gc.collect(max(due))
    return max(due)


@contextmanager
def collected_on_gui_thread() -> Iterator[QTimer]:
    """Within: no collection on its own, one every COLLECT_EVERY_MS when due. The state
    before is restored after (the tests keep automatic collection off throughout)."""
    from PySide6.QtCore import QTimer  # here: the tests share collect_due without Qt

    was_enabled = gc.isenabled()
    gc.disable()
    timer = QTimer()
    timer.timeout.connect(collect_due)
    timer.start(COLLECT_EVERY_MS)
    try:
        yield timer
    finally:
        timer.stop()
        if was_enabled:
            gc.enable()
