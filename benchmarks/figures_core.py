"""Figures of the core every screen stands on: opening the database the app's way, and one
patient's audit trail (the busy patient's, through its index). Also the example of a
figures module: `figures(practice)` returns Figure values, the harness times them."""

from __future__ import annotations

import sqlite3

from benchmarks.suite import Figure, Practice
from models.database import open_database
from models.services.audit_trail import audit_trail

RAW_TRAIL = "SELECT * FROM audit_event WHERE patient_id = ? ORDER BY id DESC"


def _raw_open(practice: Practice) -> None:
    """The floor: a plain sqlite3 connection that reads the first patient page."""
    connection = sqlite3.connect(practice.path)
    try:
        connection.execute("SELECT * FROM patient ORDER BY last_name LIMIT 50").fetchall()
    finally:
        connection.close()


def _open(practice: Practice) -> None:
    open_database(practice.path).close()


def figures(practice: Practice) -> list[Figure]:
    """Opening the database; the busy patient's audit trail."""
    db = open_database(practice.path)  # kept open for the trail, as the app keeps it
    busy = practice.busy_patient_id

    def raw_trail() -> None:
        with sqlite3.connect(practice.path) as connection:
            connection.execute(RAW_TRAIL, (busy,)).fetchall()

    return [
        Figure(
            "open_database", "open the database (checks, no upgrade due)", "<= 150 ms",
            work=lambda: _open(practice), floor=lambda: _raw_open(practice),
            meets=lambda value, _floor: value <= 0.150,
        ),
        Figure(
            "audit_trail_patient", "audit trail of a 100-visit patient", "<= 5x floor",
            work=lambda: audit_trail(db, busy), floor=raw_trail,
            meets=lambda value, floor: floor is not None and value <= 5 * floor,
        ),
    ]  # fmt: skip
