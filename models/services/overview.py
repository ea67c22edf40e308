"""The patient list with each patient's latest hold verdict, in one query per table."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from charting.holds import IntervalHold, Verdict
from charting.tolerances import DEFAULT_TOLERANCES, Tolerances
from models.database import Database
from models.mapping import visit_record
from models.orm import Visit
from models.records import VisitRecord
from models.services.holds import PatientCourse, course_of
from models.services.patients import PatientSummary, search_patients
from models.services.visits import VISIT_CHILDREN


@dataclass(frozen=True)
class PatientRow:
    summary: PatientSummary
    last_interval: IntervalHold | None
    hold_rate: float | None

    @property
    def last_verdict(self) -> Verdict | None:
        return self.last_interval.verdict if self.last_interval else None


def _visits_by_patient(db: Database, ids: list[int]) -> dict[int, list[VisitRecord]]:
    visits: dict[int, list[VisitRecord]] = defaultdict(list)
    with db.session() as session:
        query = select(Visit).where(Visit.patient_id.in_(ids)).options(*VISIT_CHILDREN)
        for row in session.scalars(query):
            visits[row.patient_id].append(visit_record(row))
    return visits


def patient_courses(
    db: Database, tolerances: Tolerances = DEFAULT_TOLERANCES
) -> list[tuple[PatientSummary, PatientCourse]]:
    """Every active patient with the full hold analysis of their course."""
    summaries = search_patients(db)
    visits = _visits_by_patient(db, [s.id for s in summaries])
    return [(s, course_of(visits[s.id], tolerances)) for s in summaries]


def patient_rows(
    db: Database,
    text: str = "",
    include_archived: bool = False,
    tolerances: Tolerances = DEFAULT_TOLERANCES,
) -> list[PatientRow]:
    """Matching patients with their latest interval verdict and hold rate."""
    summaries = search_patients(db, text, include_archived)
    visits = _visits_by_patient(db, [s.id for s in summaries])
    rows = []
    for summary in summaries:
        course = course_of(visits[summary.id], tolerances).course
        last = course.intervals[-1] if course.intervals else None
        rows.append(PatientRow(summary, last, course.hold_rate))
    return rows
