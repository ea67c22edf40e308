"""The CSV form of the exchange format: one file per table, each column declared once here.

Both directions read these declarations: the export takes each column's value from the
exchange form of a patient (models/exchange_export.py) at the column's `path`, the import
puts it back there (models/exchange_csv_read.py), and a problem the import finds at a path
is reported at the column that holds it (models/exchange_csv_errors.py). A file and its
columns are described for people in docs/ARCHITECTURE.md#the-csv-form.

Rows are joined without database ids: a visit by its patient's `chart_number`, and each
part of a visit (a reading, a complaint, ...) by `chart_number`, `visit_date` and
`visit_of_day` (1 for the first visit of that date, 2 for a second one the same day).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from models.mapping import READING_FIELDS


class Kind(Enum):
    """What a column holds, which says how a cell is written and read (exchange_csv_cells)."""

    TEXT = "text"  # neutralised against formulas (CWE-1236)
    DAY = "day"  # 2026-03-14
    MOMENT = "moment"  # 2026-03-14T18:00:00
    NUMBER = "number"  # written as a number: -3.5, 12
    WHOLE = "whole"  # visit_of_day: a whole number from 1
    FLAG = "flag"  # true or false
    ITEMS = "items"  # a questionnaire's item answers as a JSON list: [4, 3, null]


class Absent:
    """An empty cell that leaves its key out, so the exchange format's default (or its
    'is required') applies."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = Absent()


@dataclass(frozen=True)
class Column:
    """One column: its header, its kind, where its value is in the exchange object (None
    for a key column that only joins rows), and what an empty cell means. An `optional`
    column came later: a file written before it may lack it, and its key is then left out."""

    name: str
    kind: Kind
    path: tuple[str, ...] | None
    empty: Any = ABSENT
    optional: bool = False


@dataclass(frozen=True)
class Table:
    """One CSV file. `part_of_visit`: where its rows go in a visit (None for patients and
    visits themselves)."""

    file: str
    columns: tuple[Column, ...]
    part_of_visit: tuple[str, ...] | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def _text(name: str, *path: str, empty: Any = "") -> Column:
    return Column(name, Kind.TEXT, path or (name,), empty)


def _number(name: str, *, nullable: bool) -> Column:
    return Column(name, Kind.NUMBER, (name,), None if nullable else ABSENT)


CHART_NUMBER, VISIT_DATE, VISIT_OF_DAY = "chart_number", "visit_date", "visit_of_day"
# The keys every part of a visit starts with: whose visit, on which date, which of that day.
VISIT_KEY = (
    Column(CHART_NUMBER, Kind.TEXT, None),
    Column(VISIT_DATE, Kind.DAY, None),
    Column(VISIT_OF_DAY, Kind.WHOLE, None),
)

PATIENTS = Table("patients.csv", (
    _text(CHART_NUMBER), _text("first_name"), _text("last_name"),
    Column("date_of_birth", Kind.DAY, ("date_of_birth",), None), _text("sex"), _text("phone"),
    _text("email"), _text("running_profile"), _text("notes"),
    Column("photo_consent", Kind.FLAG, ("photo_consent",), optional=True),  # schema 0010
    Column("running_goal_km", Kind.NUMBER, ("running_goal_km",), None, optional=True),  # 0011
    Column("archived", Kind.FLAG, ("archived",)),
))  # fmt: skip
VISITS = Table("visits.csv", (
    Column(CHART_NUMBER, Kind.TEXT, None), Column(VISIT_DATE, Kind.DAY, ("date",)),
    Column(VISIT_OF_DAY, Kind.WHOLE, None), _text("kind"),
    _number("running_km_per_week", nullable=True), _number("adherence_pct", nullable=True),
    Column("next_visit_date", Kind.DAY, ("next_visit_date",), None),
    Column("carried_over", Kind.FLAG, ("carried_over",)),
    _text("subjective", "note", "subjective"), _text("objective", "note", "objective"),
    _text("assessment", "note", "assessment"), _text("plan_note", "note", "plan"),
    _text("correction"), _text("reasoning", "hypothesis", "reasoning"),
    _text("no_plan_reason"),
    # A draft leaves all three empty: an empty cell here is a key left out, never "".
    _text("signed_by", "signed", "by", empty=ABSENT),
    Column("signed_at", Kind.MOMENT, ("signed", "at")),
    _text("content_hash", "signed", "hash", empty=ABSENT),
))  # fmt: skip
_CATEGORIES = ("asymmetry", "rotation", "obliquity")
READINGS = Table("readings.csv", (
    *VISIT_KEY,
    *(
        _text(name, empty=None) if name in _CATEGORIES
        else _number(name, nullable=True) if name.endswith("_deg") else _text(name)
        for name in READING_FIELDS
    ),
), ("readings",))  # fmt: skip
COMPLAINTS = Table("complaints.csv", (
    *VISIT_KEY, _text("region"), _text("side"), _number("pain", nullable=False),
    Column("carried_over", Kind.FLAG, ("carried_over",)),
), ("complaints",))  # fmt: skip
FINDINGS = Table("findings.csv", (
    *VISIT_KEY, _text("muscle"), _text("side"), _text("state"), _text("evidence"),
), ("hypothesis", "findings"))  # fmt: skip
PLAN = Table("plan.csv", (
    *VISIT_KEY, _text("exercise"), _number("sets", nullable=False),
    _number("per_week", nullable=False), _number("reps", nullable=True),
    _number("hold_s", nullable=True), _text("side"), _text("notes"),
), ("plan",))  # fmt: skip
OUTCOMES = Table("outcomes.csv", (
    *VISIT_KEY, _text("measure"), _number("score", nullable=False), _text("label"),
    Column("items", Kind.ITEMS, ("items",)),
), ("outcomes",))  # fmt: skip
ADDENDA = Table("addenda.csv", (
    *VISIT_KEY, _text("text"), _text("reason"), _text("author"),
    Column("added_at", Kind.MOMENT, ("at",)),
), ("addenda",))  # fmt: skip

PARTS = (READINGS, COMPLAINTS, FINDINGS, PLAN, OUTCOMES, ADDENDA)
# Keys of a visit that no table holds: photos are images, in the JSON exchange format only.
NOT_IN_CSV = (("photos",),)
TABLES = (PATIENTS, VISITS, *PARTS)
