"""What a child tells the harness: one JSON line per event, appended to a report file.

A line is written with one `os.write` on a file opened with O_APPEND, after the event
happened (a key typed, a commit returned): a SIGKILL cannot take back a line the kernel has,
so every line the harness reads is true, though the last event may be missing its line.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

# What the editor child types, one character per key, so the harness knows any prefix.
SEQUENCE = (
    "Left low back ache after the long run, eased by walking; worse on hills and stairs. " * 400
)
# How long after a key it must be safe, beyond RECOVERY_MAX_WAIT: the file job waits its
# turn behind a save on the one worker thread, then writes and fsyncs.
MARGIN = 0.5


class Report:
    """The child's side: append events."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def event(self, kind: str, **fields: Any) -> None:
        line = json.dumps({"e": kind, "t": time.monotonic(), **fields}) + "\n"
        os.write(self.fd, line.encode())


def read_events(path: Path) -> list[dict[str, Any]]:
    """The harness's side: every whole line (a half line can only be the last)."""
    if not path.exists():
        return []
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            events.append(json.loads(line))
        except ValueError:
            break
    return events


def last(events: list[dict[str, Any]], kind: str) -> dict[str, Any] | None:
    return next((e for e in reversed(events) if e["e"] == kind), None)
