"""Fault runs: the editor child types while the database is locked by another connection, or
while its disk is full; the fault is then cleared and the save must land by itself, without
a key typed again, and the message shown meanwhile must be words (no SQL, no typed text).
Then the child is killed and checked like any other round.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pytest

from models.database import open_database
from stress.harness import Events, Harness, has
from stress.protocol import SEQUENCE, last
from tests.faults import checkpoint, fill_up, tiny_filesystem, write_locked

TYPING_SECONDS = 4.0
SQL_WORDS = ("INSERT", "UPDATE", "SELECT", "[SQL", "parameters", "Traceback")


@dataclass
class FaultTally:
    """One kind of fault: how its runs went."""

    runs: int = 0
    in_words: int = 0  # runs whose every message was words only
    landed: int = 0  # runs whose save landed once the fault was cleared, nobody typing
    seconds: list[float] = field(default_factory=list)  # from clearing to the save landing
    skipped: str = ""
    messages: set[str] = field(default_factory=set)


def messages(events: Events) -> list[str]:
    return [e["text"] for e in events if e["e"] == "message" and e["text"]]


def said(word: str) -> Callable[[Events], bool]:
    """The child stopped typing and a message with `word` was shown."""
    return lambda events: has("paused")(events) and any(word in m for m in messages(events))


def fault_run(
    harness: Harness,
    tally: FaultTally,
    db_path: Path,
    fault: Callable[[], AbstractContextManager[object]],
    word: str,
) -> None:
    """Type under `fault` until a message with `word` shows, clear it, wait for the save."""
    patient_id = harness.new_patient(db_path)
    child = harness.editor_child(patient_id, "pause", TYPING_SECONDS, db=db_path)
    child.wait_for(has("ready"), 120)
    with fault():
        events = child.wait_for(said(word), 90)
    cleared = time.monotonic()
    paused = last(events, "paused")
    typed = paused["n"] if paused else 0
    events = child.wait_for(lambda ev: any(e["e"] == "commit" and e["n"] == typed for e in ev), 120)
    tally.runs += 1
    tally.landed += 1
    tally.seconds.append(time.monotonic() - cleared)
    shown = messages(events)
    tally.messages.update(shown)
    typed_text = SEQUENCE[: min(typed, 15)]
    if all(not any(w in m for w in SQL_WORDS) and typed_text not in m for m in shown):
        tally.in_words += 1
    harness.after_kill(child.kill(), child, patient_id, db=db_path)


def locked_runs(harness: Harness, runs: int) -> FaultTally:
    """Another connection holds the write lock while the child types."""
    tally = FaultTally()
    for _ in range(runs):
        fault_run(harness, tally, harness.db_path, lambda: write_locked(harness.db_path), "locked")
    return tally


def disk_full_runs(harness: Harness, runs: int) -> FaultTally:
    """The data folder is a small filesystem, filled up while the child types (root only)."""
    tally = FaultTally()
    for run in range(runs):
        folder = harness.folder / f"full-{run}"
        try:
            with tiny_filesystem(folder, 16 * 1024):
                db_path = folder / "holdfast.sqlite3"
                open_database(db_path).close()
                fault_run(harness, tally, db_path, partial(_filled, db_path), "Not saved")
        except pytest.skip.Exception as skip:
            tally.skipped = str(skip)
            break
    return tally


@contextmanager
def _filled(db_path: Path) -> Iterator[Path]:
    """No byte free, and no room left in the WAL either: the save must fail, not only the
    recovery file (a WAL reuses its space, so a save could otherwise still fit)."""
    checkpoint(db_path)
    filler = fill_up(db_path.parent)
    try:
        yield filler
    finally:
        filler.unlink()
