"""Hold analysis of stored visits: the bridge from rows to charting.holds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from charting.holds import CourseHold, VisitReadings, analyse_course
from charting.readings import Phase, Reading
from charting.tolerances import DEFAULT_TOLERANCES, Tolerances
from models.database import Database
from models.records import VisitRecord
from models.services.visits import list_visits


@dataclass(frozen=True)
class PatientCourse:
    """A patient's visits and the hold analysis over them."""

    visits: tuple[VisitRecord, ...]
    readings: tuple[VisitReadings, ...]
    course: CourseHold


def readings_for_holds(visit_date: date, readings: Sequence[Reading]) -> VisitReadings:
    """The first pre and first post reading of a visit (a visit may hold more than one)."""
    pre = next((r for r in readings if r.phase is Phase.PRE), None)
    post = next((r for r in readings if r.phase is Phase.POST), None)
    return VisitReadings(visit_date, pre, post)


def visit_readings(visit: VisitRecord) -> VisitReadings:
    return readings_for_holds(visit.draft.visit_date, visit.draft.readings)


def course_of(visits: Sequence[VisitRecord], tolerances: Tolerances) -> PatientCourse:
    ordered = tuple(sorted(visits, key=lambda v: (v.draft.visit_date, v.id)))
    readings = tuple(visit_readings(v) for v in ordered)
    return PatientCourse(ordered, readings, analyse_course(readings, tolerances))


def patient_course(
    db: Database, patient_id: int, tolerances: Tolerances = DEFAULT_TOLERANCES
) -> PatientCourse:
    return course_of(list_visits(db, patient_id), tolerances)
