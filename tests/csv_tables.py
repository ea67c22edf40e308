"""Helpers of the CSV tests: a practice with text a spreadsheet would run, and the tables
read and edited with Python's own csv module (never with the code under test)."""

from __future__ import annotations

import copy
import csv
from pathlib import Path
from typing import Any

from sqlalchemy import text

from models.database import Database
from models.services.demo import demo_document
from models.services.exchange import export_document, import_document

# Text that a spreadsheet runs as a formula (or that reading could change), by where it goes.
HOSTILE = {
    "first_name": '=HYPERLINK("http://example.org/x","click")',
    "last_name": "+1",
    "running_profile": "-2 text",
    "email": "@SUM(A1:A2)",
    "notes": "\tx",
    "phone": "'=1+1",  # really starts with an apostrophe: must come back with it
}
SUBJECTIVE, EXERCISE_NOTES, EVIDENCE, REASON = "\rx", "=1+1", "-x", "''@both"
ORDINARY_APOSTROPHE = "'quoted' on purpose"
NEGATIVE_TILT = -3.5
LONGEST_NOTE = "=" + "y" * 99_999  # as long as the format allows, and one apostrophe more


def hostile_document() -> dict[str, Any]:
    """The demo practice with formula text in every kind of text field, a negative tilt,
    and two visits on one date (the second a draft)."""
    document = copy.deepcopy(demo_document())
    patient = document["patients"][0]
    patient.update(HOSTILE)
    first = patient["visits"][0]
    first["note"]["subjective"] = SUBJECTIVE
    first["note"]["objective"] = ORDINARY_APOSTROPHE
    first["note"]["assessment"] = 'line one\r\nline two, with a comma and a "quote"'
    first["note"]["plan"] = LONGEST_NOTE
    first["plan"][0]["notes"] = EXERCISE_NOTES
    first["hypothesis"]["findings"][0]["evidence"] = EVIDENCE
    first["readings"][0]["right_tilt_deg"] = NEGATIVE_TILT
    same_day = copy.deepcopy(first)
    same_day.update(signed=False, addenda=[], correction="@second visit that day")
    patient["visits"].insert(1, same_day)
    patient["visits"][2]["complaints"][0]["carried_over"] = True
    patient["visits"][2]["addenda"] = [
        {"text": "+addendum", "reason": REASON, "author": "-me", "at": "2026-03-10T09:00:00"}
    ]
    return document


def load_hostile(db: Database) -> dict[str, Any]:
    """Import the hostile practice; returns its export (what a round trip must give back)."""
    import_document(db, hostile_document(), "hostile.json", "tester")
    return export_document(db)


def read_table(folder: Path, file: str) -> list[list[str]]:
    """Every row of a table, the header first."""
    with (folder / file).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write_table(folder: Path, file: str, rows: list[list[str]]) -> None:
    """Write a table back as the export writes it (BOM, Excel's dialect)."""
    with (folder / file).open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)


def edit_cell(folder: Path, file: str, row: int, column: str, cell: str) -> None:
    """Set one cell; `row` is numbered as a spreadsheet numbers it (1 is the header)."""
    rows = read_table(folder, file)
    rows[row - 1][rows[0].index(column)] = cell
    write_table(folder, file, rows)


def first_row(folder: Path, file: str, **cells: str) -> int:
    """The number of the first row whose cells are these (1 is the header)."""
    rows = read_table(folder, file)
    header = rows[0]
    for number, row in enumerate(rows[1:], start=2):
        if all(row[header.index(name)] == value for name, value in cells.items()):
            return number
    raise LookupError(f"no row of {file} with {cells}")


def database_state(db: Database) -> tuple[int, ...]:
    """How many rows the tables an import writes to hold."""
    tables = ("patient", "visit", "reading", "complaint", "muscle_finding", "plan_item",
              "outcome_score", "addendum", "audit_event")  # fmt: skip
    with db.engine.connect() as connection:
        return tuple(
            connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in tables
        )
