"""Rounds of the crash harness: start a child, kill it with SIGKILL at a random moment (or let
the editor child close normally), then check what survived (`stress.checks`).

Each round appends to one database, so every kill is also checked against all the commits of
the rounds before it.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from models.database import open_database
from models.records import PatientDraft
from models.services.patients import create_patient
from stress.checks import Ledger, Tally, count_typing, files_left, integrity, typing_after
from stress.protocol import SEQUENCE, read_events

ROOT = Path(__file__).resolve().parent.parent
Events = list[dict[str, Any]]


class Child:
    """One child process and its report file."""

    def __init__(self, module: str, args: list[Any], report: Path) -> None:
        self.report = report
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(report.parent)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", module, *map(str, args)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip

    def events(self) -> Events:
        return read_events(self.report)

    def wait_for(self, seen: Callable[[Events], bool], seconds: float) -> Events:
        """The events once `seen` holds; raises if the child died or time ran out."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            events = self.events()
            if seen(events):
                return events
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.kill()
        _out, err = self.process.communicate()
        raise RuntimeError(f"child stopped waiting ({self.report.name}): {err.decode()[-2000:]}")

    def kill(self) -> float:
        """SIGKILL; returns the moment it was sent (time.monotonic, as the child reports)."""
        killed_at = time.monotonic()
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.communicate(timeout=60)
        return killed_at


def has(kind: str) -> Callable[[Events], bool]:
    return lambda events: any(e["e"] == kind for e in events)


class Harness:
    """The rounds, on one database in `folder`, tallied in `tally`."""

    def __init__(self, folder: Path, seed: int) -> None:
        self.folder, self.rng = folder, random.Random(seed)
        self.db_path = folder / "data" / "holdfast.sqlite3"
        self.tally, self.ledger, self.rounds = Tally(), Ledger(), 0
        self.missing: set[str] = set()  # reported commits found missing (counted once)
        open_database(self.db_path).close()

    def new_patient(self, db_path: Path | None = None) -> int:
        """A patient of its own for each editor child: one new visit each."""
        db = open_database(db_path or self.db_path)
        try:
            self.rounds += 1
            draft = PatientDraft(f"E-{self.rounds}", "Typing", "Test")
            return create_patient(db, draft, "stress")
        finally:
            db.close()

    def report_path(self, kind: str) -> Path:
        self.rounds += 1
        return self.folder / f"{kind}-{self.rounds}.jsonl"

    def editor_child(
        self, patient_id: int, mode: str, count: float, db: Path | None = None
    ) -> Child:
        report = self.report_path("editor")
        seed = self.rng.randrange(10**6)
        args = [db or self.db_path, patient_id, report, mode, seed, count]
        return Child("stress.child_editor", args, report)

    def kill_editor(self, typing: tuple[float, float] = (0.5, 8.0)) -> None:
        """Type for a random while (`typing`: from, to seconds), then SIGKILL."""
        patient_id = self.new_patient()
        child = self.editor_child(patient_id, "kill", 0)
        child.wait_for(has("ready"), 120)
        time.sleep(self.rng.uniform(*typing))
        self.after_kill(child.kill(), child, patient_id)

    def kill_services(self, running: tuple[float, float] = (0.2, 3.0)) -> None:
        """Changes through the services for a random while (`running`), then SIGKILL."""
        report = self.report_path("services")
        seed = self.rng.randrange(10**6)
        child = Child("stress.child_services", [self.db_path, report, seed, "S-"], report)
        child.wait_for(has("ready"), 60)
        time.sleep(self.rng.uniform(*running))
        self.after_kill(child.kill(), child, None)

    def after_kill(
        self, killed_at: float, child: Child, patient_id: int | None, db: Path | None = None
    ) -> None:
        """Check integrity, the typing of an editor child, and every services commit so far."""
        db_path = db or self.db_path
        self.tally.kills += 1
        events = child.events()
        if not integrity(db_path):
            self.tally.integrity_failures += 1
            self.tally.problems.append(f"integrity check failed after {child.report.name}")
        if patient_id is not None:
            typing = typing_after(db_path, patient_id, events, killed_at)
            count_typing(self.tally, typing, child.report.name)
        else:
            self.ledger.take(events)
            self.tally.committed += sum(1 for e in events if e["e"] == "commit")
        for missing in self.ledger.missing(self.db_path):
            if missing not in self.missing:
                self.missing.add(missing)
                self.tally.committed_lost += 1
                self.tally.problems.append(f"lost after {child.report.name}: {missing}")

    def close_normally(self, keys_between: tuple[int, int] = (20, 60)) -> tuple[int, int]:
        """Type some keys and close the window as a person does; returns (characters lost,
        recovery files left behind): both must be 0."""
        patient_id = self.new_patient()
        keys = self.rng.randint(*keys_between)
        child = self.editor_child(patient_id, "close", keys)
        child.wait_for(has("ended"), 180)
        child.process.communicate(timeout=60)
        typing = typing_after(self.db_path, patient_id, child.events(), time.monotonic())
        lost = keys - len(typing.stored) if SEQUENCE.startswith(typing.stored) else keys
        return lost, len(files_left(self.db_path, patient_id))
