"""What must hold after a kill, read straight from the files with sqlite3 (no app code that
could hide a problem): integrity, every reported commit, and what typing a restart gives back.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stress.protocol import MARGIN, SEQUENCE
from ui.editor.recovery import read_recovery, recovery_path
from ui.editor.session import RECOVERY_MAX_WAIT


@dataclass
class Tally:
    """The figures `make stress` prints."""

    kills: int = 0
    typed: int = 0  # characters typed in the editor children
    lost: int = 0  # typed, but neither stored nor in the recovery file
    lost_beyond_wait: int = 0  # of those, typed more than RECOVERY_MAX_WAIT + MARGIN before
    committed: int = 0  # changes whose commit returned (and was reported)
    committed_lost: int = 0
    integrity_failures: int = 0
    problems: list[str] = field(default_factory=list)


def integrity(db_path: Path) -> bool:
    """`PRAGMA integrity_check` says ok and no foreign key points nowhere."""
    with sqlite3.connect(db_path) as connection:
        check = connection.execute("PRAGMA integrity_check").fetchall()
        orphans = connection.execute("PRAGMA foreign_key_check").fetchall()
    connection.close()
    return check == [("ok",)] and not orphans


def query(db_path: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as connection:
        rows = connection.execute(sql, args).fetchall()
    connection.close()
    return rows


@dataclass(frozen=True)
class Typing:
    """One editor child's typing after its kill, in characters of `SEQUENCE`."""

    typed: int
    due: int  # typed more than RECOVERY_MAX_WAIT + MARGIN before the kill
    committed: int  # the longest note a commit reported
    stored: str
    kept: str  # what reopening gives back: the recovery file, else the stored note


def files_left(db_path: Path, patient_id: int) -> list[Path]:
    """The patient's recovery files still on disk (their new visit's and their visits')."""
    visits = [
        row[0] for row in query(db_path, "SELECT id FROM visit WHERE patient_id = ?", patient_id)
    ]
    paths = [recovery_path(db_path, patient_id, v) for v in [None, *visits]]
    return [path for path in paths if path.exists()]


def typing_after(
    db_path: Path, patient_id: int, events: list[dict[str, Any]], killed_at: float
) -> Typing:
    keys = [e for e in events if e["e"] == "key"]
    safe_before = killed_at - RECOVERY_MAX_WAIT - MARGIN
    rows = query(db_path, "SELECT id, subjective FROM visit WHERE patient_id = ?", patient_id)
    visit_id, stored = rows[0] if rows else (None, "")
    recovered = read_recovery(recovery_path(db_path, patient_id, visit_id))
    kept = recovered["raw"]["draft"]["note"]["subjective"] if recovered else stored
    return Typing(
        typed=keys[-1]["n"] if keys else 0,
        due=max((e["n"] for e in keys if e["t"] <= safe_before), default=0),
        committed=max((e["n"] for e in events if e["e"] == "commit"), default=0),
        stored=stored,
        kept=kept,
    )


def count_typing(tally: Tally, typing: Typing, where: str) -> None:
    tally.typed += typing.typed
    tally.lost += max(0, typing.typed - len(typing.kept))
    tally.lost_beyond_wait += max(0, typing.due - len(typing.kept))
    if typing.committed:
        tally.committed += 1
        if len(typing.stored) < typing.committed:
            tally.committed_lost += 1
            tally.problems.append(
                f"{where}: committed {typing.committed}, stored {typing.stored!r}"
            )
    for name, text in (("stored", typing.stored), ("kept", typing.kept)):
        if not SEQUENCE.startswith(text):
            tally.problems.append(f"{where}: {name} text is not what was typed: {text[-40:]!r}")


class Ledger:
    """Every change the services children reported, checked again after every kill."""

    def __init__(self) -> None:
        self.patients: set[int] = set()
        self.notes: dict[int, str] = {}
        self.hashes: dict[int, str] = {}
        self.addenda: dict[int, int] = {}
        self.changes = 0

    def take(self, events: list[dict[str, Any]]) -> None:
        for event in (e for e in events if e["e"] == "commit"):
            self.changes += 1
            op, visit = event["op"], event.get("visit", 0)
            if op == "patient":
                self.patients.add(event["patient"])
            elif op == "save":
                self.notes[visit] = event["note"]
            elif op == "sign":
                self.hashes[visit] = event["hash"]
            else:
                self.addenda[visit] = max(self.addenda.get(visit, 0), event["count"])

    def missing(self, db_path: Path) -> list[str]:
        """Each reported change the database does not have."""
        patients = {row[0] for row in query(db_path, "SELECT id FROM patient")}
        visits = {
            row[0]: row[1:]
            for row in query(db_path, "SELECT id, subjective, content_hash FROM visit")
        }
        counts = dict(query(db_path, "SELECT visit_id, count(*) FROM addendum GROUP BY visit_id"))
        gone = [f"patient {p}" for p in self.patients - patients]
        # An edit in flight when the child died may have committed after the last report.
        gone += [
            f"note of visit {v}"
            for v, note in self.notes.items()
            if v not in visits or not str(visits[v][0]).startswith(note)
        ]
        gone += [
            f"signature of visit {v}"
            for v, h in self.hashes.items()
            if visits.get(v, ("", ""))[1] != h
        ]
        gone += [f"addenda of visit {v}" for v, n in self.addenda.items() if counts.get(v, 0) < n]
        return gone
