"""The facts a course's stage is decided from (charting/course_stage.py CourseFacts), read
from the visits and stored in `course_status` (schema 0011) beside the hold verdicts.

Verdicts, pain and running volume come from the judged visits (up to the latest one not in
progress, as the hold analysis has them); the latest visit seen, the visit booked there and
a discharge come from every visit, so a discharge visit being written already counts.
Pain is the worst rating of a visit's complaints, carried forward from the latest visit
that rated any, so a visit where pain was not asked never reads as pain gone
(docs/clinical-model.md#course-stages).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select, text

from charting.course_stage import CourseFacts
from charting.course_summary import CourseSummary, JudgedVisit, verdict_letters
from models.dialects import listed_ids
from models.orm import Complaint, Visit
from models.records import VisitRecord
from models.services.holds import PatientCourse
from models.services.search import among, visits_of

INSERT_STATUS = """INSERT INTO course_status
(patient_id, first_visit, days, verdicts, first_pain, latest_pain, first_km, latest_km,
 last_seen, next_visit, discharged, first_plan)
VALUES (:patient, :first_visit, :days, :verdicts, :first_pain, :latest_pain, :first_km,
 :latest_km, :last_seen, :next_visit, :discharged, :first_plan)"""
STORED_COLUMNS = """patient_id, first_visit, days, verdicts, first_pain, latest_pain, first_km,
 latest_km, last_seen, next_visit, discharged, first_plan"""


@dataclass
class VisitExtras:
    """Per visit, what the hold analysis does not read: the worst pain and the running
    volume; per patient, the latest visit (its date, the visit booked there, its kind)."""

    pain: dict[int, int] = field(default_factory=dict)
    km: dict[int, float] = field(default_factory=dict)
    latest: dict[int, tuple[date, date | None, str]] = field(default_factory=dict)

    @classmethod
    def read(cls, connection: Connection, ids: list[int]) -> VisitExtras:
        """Of these patients' visits, a query for pain and one for the rest."""
        worst = (
            select(Complaint.visit_id, func.max(Complaint.pain))
            .where(Complaint.visit_id.in_(visits_of(ids)))
            .group_by(Complaint.visit_id)
        )
        extras = cls({v: int(p) for v, p in connection.execute(worst)})
        visits = (
            select(
                Visit.id, Visit.patient_id, Visit.visit_date, Visit.next_visit_date,
                Visit.kind, Visit.running_km_per_week,
            )
            .where(among(Visit.patient_id, ids))
            .order_by(Visit.patient_id, Visit.visit_date, Visit.id)
        )  # fmt: skip
        for visit_id, patient_id, day, booked, kind, km in connection.execute(visits):
            extras.add(visit_id, patient_id, (day, booked, kind), km)
        return extras

    @classmethod
    def of_records(cls, visits: Sequence[VisitRecord]) -> VisitExtras:
        """The same of visits already loaded, in date order (the chart's)."""
        extras = cls()
        for visit in visits:
            draft = visit.draft
            if draft.complaints:
                extras.pain[visit.id] = max(c.pain for c in draft.complaints)
            latest = (draft.visit_date, draft.next_visit_date, draft.kind)
            extras.add(visit.id, visit.patient_id, latest, draft.running_km_per_week)
        return extras

    def add(
        self,
        visit_id: int,
        patient_id: int,
        latest: tuple[date, date | None, str],
        km: float | None,
    ) -> None:
        """A visit, in date order: the last one added is the patient's latest."""
        if km is not None:
            self.km[visit_id] = float(km)
        self.latest[patient_id] = latest


def _first_and_latest(values: Sequence[Any]) -> tuple[Any, Any]:
    present = [value for value in values if value is not None]
    return (present[0], present[-1]) if present else (None, None)


def course_facts(
    visits: Sequence[JudgedVisit], verdicts: str, extras: VisitExtras, patient_id: int
) -> CourseFacts:
    """The facts of one course whose judged visits are `visits` (at least one)."""
    first = visits[0].readings.visit_date
    days = tuple((v.readings.visit_date - first).days for v in visits)
    pains = _first_and_latest([extras.pain.get(v.visit_id) for v in visits])
    kms = _first_and_latest([extras.km.get(v.visit_id) for v in visits])
    seen, booked, kind = extras.latest.get(patient_id, (None, None, ""))
    plan = next((v.plan for v in visits if v.plan), ())
    return CourseFacts(first, days, verdicts, *pains, *kms, seen, booked, kind == "discharge", plan)


def status_rows(facts: Mapping[int, CourseFacts]) -> list[dict[str, Any]]:
    """The `course_status` rows of these courses, for INSERT_STATUS."""
    return [
        {
            "patient": patient, "first_visit": f.first_visit,
            "days": " ".join(str(day) for day in f.days), "verdicts": f.verdicts,
            "first_pain": f.first_pain, "latest_pain": f.latest_pain,
            "first_km": f.first_km, "latest_km": f.latest_km, "last_seen": f.last_seen,
            "next_visit": f.next_visit, "discharged": f.discharged,
            "first_plan": " ".join(f.first_plan),
        }
        for patient, f in facts.items()
    ]  # fmt: skip


def facts_from_row(row: Sequence[Any]) -> CourseFacts:
    """A stored row (STORED_COLUMNS, without patient_id) back as CourseFacts."""
    first, days, verdicts, pain0, pain1, km0, km1, seen, booked, discharged, plan = row
    first_day = _day(first)
    assert first_day is not None  # NOT NULL in the schema
    return CourseFacts(
        first_day, tuple(int(d) for d in days.split()), verdicts, pain0, pain1,
        km0, km1, _day(seen), _day(booked), bool(discharged), tuple(plan.split()),
    )  # fmt: skip


def _day(value: date | str | None) -> date | None:
    """SQLite gives a stored DATE back as text through a plain query; a server as a date."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def facts_of_courses(
    connection: Connection,
    courses: Mapping[int, Sequence[JudgedVisit]],
    summaries: Mapping[int, CourseSummary],
) -> dict[int, CourseFacts]:
    """The facts of each judged course (those with at least one judged visit)."""
    ids = [patient for patient, visits in courses.items() if visits]
    extras = VisitExtras.read(connection, ids)
    return {
        patient: course_facts(courses[patient], summaries[patient].verdicts, extras, patient)
        for patient in ids
    }


def stored_facts(connection: Connection, ids: list[int]) -> dict[int, CourseFacts]:
    """The stored facts of these patients (those that have a row)."""
    listed = listed_ids(connection)
    query = f"SELECT {STORED_COLUMNS} FROM course_status WHERE patient_id IN ({listed})"
    rows = connection.execute(text(query), {"ids": json.dumps(ids)})
    return {int(patient): facts_from_row(row) for patient, *row in rows}


def facts_of_course(course: PatientCourse) -> CourseFacts | None:
    """The facts of a course the chart has loaded (no query): what storing it would keep.
    None before its first judged visit."""
    judged = course.visits[: len(course.readings)]
    if not judged:
        return None
    visits = [
        JudgedVisit(record.id, readings, tuple(entry.exercise for entry in record.draft.plan))
        for record, readings in zip(judged, course.readings, strict=True)
    ]
    verdicts = verdict_letters(course.course)
    extras = VisitExtras.of_records(course.visits)
    return course_facts(visits, verdicts, extras, course.visits[0].patient_id)
