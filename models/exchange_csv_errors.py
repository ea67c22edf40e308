"""Where a problem of a CSV import is: `file:row:column: message`.

The import hands the tables to the exchange format's own checks as patients in their
exchange form, and those report a problem at a path (`patients[2]:visits[0]:readings[1].
left_tilt_deg`, models/exchange_read.py). Here that path is taken back to the file, the row
(1 is the header) and the column that held the value, so a CSV import names what to fix in
the spreadsheet: `readings.csv:14:left_tilt_deg: must be a number (got text)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from models.exchange_csv_columns import CHART_NUMBER, PARTS, PATIENTS, VISITS, Table
from models.exchange_schema import Path


def csv_line(file: str, row: int | None, column: str | None, message: str) -> str:
    """`file:row:column: message`, leaving out what is not known."""
    where = [file, *([str(row)] if row is not None else []), *([column] if column else [])]
    return f"{':'.join(where)}: {message}"


@dataclass
class PatientRows:
    """Where one patient's values are in the files: the row of the patient, of each visit
    (in the order the patient's visits are imported) and of each part of each visit."""

    patient: int
    visits: list[int] = field(default_factory=list)
    parts: dict[str, list[list[int]]] = field(default_factory=dict)  # by file, by visit


STEP = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def exchange_path(location: str) -> Path | None:
    """`patients[2]:visits[0]:readings[1].left_tilt_deg` as its path, or None for a
    location this module does not read (a key no column could make)."""
    path: list[str | int] = []
    for part in location.split(":"):
        at = 0
        while at < len(part):
            step = STEP.match(part, at)
            if step is None:
                return None
            path.append(step[1] if step[1] is not None else int(step[2]))
            at = step.end()
    return tuple(path)


def _column(table: Table, path: Path) -> tuple[str | None, str]:
    """The column holding the value at `path` inside one of `table`'s objects, and what is
    left of the path (an item of a list: `items[3]`); (None, '') for the object itself."""
    for column in table.columns:
        size = len(column.path or ())
        if column.path and tuple(path[:size]) == column.path:
            rest = "".join(f"[{step}]" if isinstance(step, int) else f".{step}"
                           for step in path[size:])  # fmt: skip
            return column.name, rest
    for column in table.columns:  # a problem of a whole nested object: its first column
        if path and column.path and column.path[: len(path)] == tuple(path):
            return column.name, ""
    return None, ""


def _in_visit(rows: PatientRows, visit: int, path: Path) -> tuple[str, int | None, str | None]:
    """File, row and column of a path inside one visit."""
    for table in PARTS:
        assert table.part_of_visit is not None
        size = len(table.part_of_visit)
        if tuple(path[:size]) != table.part_of_visit:
            continue
        own = rows.parts[table.file][visit]
        rest = path[size:]
        if not rest or not isinstance(rest[0], int) or rest[0] >= len(own):
            # The list as a whole (too long; addenda of a draft): its first row, else the visit.
            return (table.file, own[0], None) if own else (VISITS.file, rows.visits[visit], None)
        name, more = _column(table, rest[1:])
        return table.file, own[rest[0]], None if name is None else name + more
    name, more = _column(VISITS, path)
    return VISITS.file, rows.visits[visit], None if name is None else name + more


def csv_location(
    path: Path, rows_of: Callable[[int], PatientRows]
) -> tuple[str, int | None, str | None]:
    """File, row and column of a path in the exchange form of the tables (`rows_of(i)`
    says where patient i's values are)."""
    if len(path) < 2 or path[0] != "patients" or not isinstance(path[1], int):
        return PATIENTS.file, None, None  # the list of patients as a whole (too long)
    rows, rest = rows_of(path[1]), path[2:]
    if not rest or rest[0] != "visits":
        name, more = _column(PATIENTS, rest)
        return PATIENTS.file, rows.patient, None if name is None else name + more
    if len(rest) < 2 or not isinstance(rest[1], int) or rest[1] >= len(rows.visits):
        first = rows.visits[0] if rows.visits else None  # the list of visits (too long)
        return VISITS.file, first, CHART_NUMBER
    return _in_visit(rows, rest[1], rest[2:])


def csv_lines(errors: list[str], source: str, rows_of: Callable[[int], PatientRows]) -> list[str]:
    """The lines of a failed import (`source:location: message`) with each location taken
    back to the file, row and column of the CSV tables; a line without one is kept."""
    lines = []
    for error in errors:
        location, _, message = error.removeprefix(source + ":").partition(": ")
        path = exchange_path(location) if error.startswith(source + ":") and location else None
        if path is None:
            lines.append(error)
            continue
        lines.append(csv_line(*csv_location(path, rows_of), message))
    return lines
