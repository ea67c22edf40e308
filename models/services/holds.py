"""Hold analysis of stored visits: the bridge from rows to charting.holds.

Drafts at the end of a course that have no pre reading yet are visits in progress: no
interval is judged into them yet, so they must not replace the verdict of the last interval
that was (a new visit would read "not assessable" the moment it is opened). Anywhere else a
visit counts, measured or not. The chart, the timeline, the dashboard and the patient list
all follow this one rule: `in_progress` (`is_in_progress`) here, and `judged` for the list's
SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, exists, or_

from charting.holds import CourseHold, VisitReadings, analyse_course
from charting.readings import Phase, Reading
from charting.tolerances import DEFAULT_TOLERANCES, Tolerances
from models.database import Database
from models.orm import ReadingRow, Visit
from models.records import VisitRecord
from models.services.visits import list_visits


@dataclass(frozen=True)
class PatientCourse:
    """A patient's visits and the hold analysis over them."""

    visits: tuple[VisitRecord, ...]  # every visit, in date order
    readings: tuple[VisitReadings, ...]  # of the visits judged: those before any in progress
    course: CourseHold


def readings_for_holds(visit_date: date, readings: Sequence[Reading]) -> VisitReadings:
    """The first pre and first post reading of a visit (a visit may hold more than one)."""
    pre = next((r for r in readings if r.phase is Phase.PRE), None)
    post = next((r for r in readings if r.phase is Phase.POST), None)
    return VisitReadings(visit_date, pre, post)


def visit_readings(visit: VisitRecord) -> VisitReadings:
    return readings_for_holds(visit.draft.visit_date, visit.draft.readings)


def in_progress(visit: VisitRecord) -> bool:
    """A draft without a pre reading yet (see the module docstring)."""
    return is_in_progress(visit.signed, any(r.phase is Phase.PRE for r in visit.draft.readings))


def is_in_progress(signed: bool, has_pre: bool) -> bool:
    """`in_progress` of a visit known by its status and whether it has a pre reading."""
    return not signed and not has_pre


def judged() -> ColumnElement[bool]:
    """`in_progress` negated, as SQL over `visit`: signed, or holding a pre reading."""
    has_pre = exists().where(ReadingRow.visit_id == Visit.id, ReadingRow.phase == "pre")
    return or_(Visit.status == "signed", has_pre)


def course_of(visits: Sequence[VisitRecord], tolerances: Tolerances) -> PatientCourse:
    """The hold analysis of a course, over its visits up to the last one not in progress."""
    ordered = tuple(sorted(visits, key=lambda v: (v.draft.visit_date, v.id)))
    end = len(ordered)
    while end and in_progress(ordered[end - 1]):
        end -= 1
    readings = tuple(visit_readings(v) for v in ordered[:end])
    return PatientCourse(ordered, readings, analyse_course(readings, tolerances))


def patient_course(
    db: Database, patient_id: int, tolerances: Tolerances = DEFAULT_TOLERANCES
) -> PatientCourse:
    return course_of(list_visits(db, patient_id), tolerances)
