"""Courses of care with the verdicts a test wants: each interval held or lost by design
(the next visit's pre reading equals the post reading, or is 10° away), one visit a gap."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import text

from charting.course_stage import StageSettings
from charting.readings import Device, Phase, Reading
from charting.tolerances import Tolerances
from models.database import Database
from models.records import Complaint, PatientDraft, PlanEntry, VisitDraft
from models.services.course_status import PatientCourseStatus, statuses_in
from models.services.patients import create_patient
from models.services.time_to_holding import ACTIVE
from models.services.visits import save_draft, sign_visit

POST_TILT = 10.0


def reading(phase: Phase, left: float) -> Reading:
    return Reading(phase, Device.PALM, "AB", left_tilt_deg=left, right_tilt_deg=8.0)


def add_course(
    db: Database,
    chart: str,
    verdicts: str,
    gaps: Sequence[int] | None = None,
    pain: Sequence[int] = (),
    km: Sequence[float] = (),
    start: date = date(2026, 1, 5),
    kind_of_last: str = "follow_up",
    last_name: str = "Runner",
    plan: Sequence[str] = (),
) -> int:
    """A signed course of len(verdicts) + 1 visits: `verdicts` of "H" and "L", `gaps` in
    days (7 each by default), `pain` (worst, per visit) and `km` per visit where given, and
    the exercises of `plan` (library slugs) prescribed at every visit."""
    patient = create_patient(db, PatientDraft(chart, "Ana", last_name), "me")
    gaps = list(gaps) if gaps is not None else [7] * len(verdicts)
    day = start
    for index in range(len(verdicts) + 1):
        if index:
            day += timedelta(days=gaps[index - 1])
        held = index == 0 or verdicts[index - 1] == "H"
        pre = reading(Phase.PRE, POST_TILT if held else POST_TILT + 10)
        visit = VisitDraft(
            day,
            kind="initial"
            if index == 0
            else kind_of_last
            if index == len(verdicts)
            else "follow_up",
            readings=(pre, reading(Phase.POST, POST_TILT)),
            complaints=(Complaint("low_back", "left", pain[index]),) if index < len(pain) else (),
            running_km_per_week=km[index] if index < len(km) else None,
            reasoning="tight hip flexors",
            plan=tuple(PlanEntry(slug, sets=2, per_week=3, reps=10) for slug in plan),
            no_plan_reason="" if plan else "test course",
        )
        sign_visit(db, save_draft(db, patient, visit, "me"), "Dr Me")
    return patient


def patient_status(
    db: Database, patient_id: int, tolerances: Tolerances, settings: StageSettings
) -> PatientCourseStatus | None:
    """One patient's course status as the list reads it; None before a judged visit."""
    with db.session() as session:
        return statuses_in(session.connection(), [patient_id], tolerances, settings).get(patient_id)


def active_statuses(
    db: Database, tolerances: Tolerances, settings: StageSettings
) -> dict[int, PatientCourseStatus]:
    """Every active patient's course status, each course judged: what the recall list's
    shortcut (judging only the courses that may be due) must agree with."""
    with db.session() as session:
        connection = session.connection()
        ids = list(connection.execute(text(ACTIVE)).scalars())
        return statuses_in(connection, ids, tolerances, settings)
