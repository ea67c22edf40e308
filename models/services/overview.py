"""The patient list with each patient's latest hold verdict. The list runs on every search
keystroke, so it reads only the readings of each patient's last two visits, in one query."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select

from charting.course_stage import Stage
from charting.course_summary import VERDICT_LETTERS
from charting.holds import IntervalHold, Verdict, VisitReadings, assess_interval
from charting.readings import Reading
from charting.tolerances import DEFAULT_TOLERANCES, Tolerances
from models.database import Database
from models.mapping import READING_FIELDS
from models.orm import ReadingRow, Visit
from models.services.course_status import PatientCourseStatus
from models.services.holds import judged, readings_for_holds
from models.services.patient_search import ListKey
from models.services.patients import PatientSummary, search_page
from models.services.search import among

LETTER_VERDICTS = {letter: verdict for verdict, letter in VERDICT_LETTERS.items()}


@dataclass(frozen=True)
class PatientRow:
    """A patient as the list shows them. `last_interval` is None before two judged visits,
    and in stage order, where the latest verdict is the stored facts' last letter (the same
    interval, judged the same way: no readings read for every patient found)."""

    summary: PatientSummary
    last_interval: IntervalHold | None
    course: PatientCourseStatus | None = None  # its stage (models/services/stage_list.py)

    @property
    def last_verdict(self) -> Verdict | None:
        if self.last_interval is not None:
            return self.last_interval.verdict
        if self.course is not None and self.course.facts.verdicts:
            return LETTER_VERDICTS[self.course.facts.verdicts[-1]]
        return None

    @property
    def stage(self) -> Stage:
        return self.course.status.stage if self.course else Stage.NOT_JUDGED


def _last_two_visits(db: Database, ids: list[int]) -> dict[int, list[VisitReadings]]:
    """Each patient's last two visits not in progress, with their first pre and first post
    reading: the last interval `course_of` judges (models/services/holds.py has the rule)."""
    ordinal = func.row_number().over(
        partition_by=Visit.patient_id, order_by=(Visit.visit_date, Visit.id)
    )
    columns = (Visit.id, Visit.patient_id, Visit.visit_date, ordinal.label("ordinal"))
    judged_ordinal = case((judged(), ordinal)).label("judged_ordinal")  # NULL when in progress
    ordered = select(*columns, judged_ordinal).where(among(Visit.patient_id, ids)).subquery()
    last_judged = func.max(ordered.c.judged_ordinal).over(partition_by=ordered.c.patient_id)
    course = select(ordered, last_judged.label("last_judged")).subquery()
    # Plain columns, not ORM rows: for thousands of patients building ORM objects cost
    # more than the hold analysis itself.
    fields = [getattr(ReadingRow, name) for name in READING_FIELDS]
    query = (
        select(course.c.patient_id, course.c.id, course.c.visit_date, ReadingRow.id, *fields)
        .join(ReadingRow, ReadingRow.visit_id == course.c.id, isouter=True)
        .where(course.c.ordinal.between(course.c.last_judged - 1, course.c.last_judged))
        .order_by(course.c.patient_id, course.c.visit_date, course.c.id, ReadingRow.id)
    )
    found: dict[int, dict[tuple[int, date], list[Reading]]] = defaultdict(dict)
    with db.session() as session:
        for patient_id, visit_id, visit_date, reading_id, *values in session.execute(query):
            readings = found[patient_id].setdefault((visit_id, visit_date), [])
            # Only a visit's first pre and first post reading are judged: building the
            # others cost more than the rest of the list's page.
            if reading_id is not None and all(r.phase != values[0] for r in readings):
                readings.append(Reading(**dict(zip(READING_FIELDS, values, strict=True))))
    return {
        patient_id: [readings_for_holds(day, rows) for (_id, day), rows in visits.items()]
        for patient_id, visits in found.items()
    }


def patient_rows(
    db: Database,
    text: str = "",
    include_archived: bool = False,
    tolerances: Tolerances = DEFAULT_TOLERANCES,
) -> list[PatientRow]:
    """Every matching patient with the verdict of their latest interval."""
    return patient_page(db, text, include_archived, tolerances)[0]


def patient_page(
    db: Database,
    text: str = "",
    include_archived: bool = False,
    tolerances: Tolerances = DEFAULT_TOLERANCES,
    limit: int | None = None,
    after: ListKey | None = None,
) -> tuple[list[PatientRow], int]:
    """The next `limit` matching patients after `after` (the list's first page when None)
    with their latest verdict, and how many match (counted for a first page only)."""
    page = search_page(db, text, include_archived, limit, after)
    return _with_verdicts(db, page.summaries, tolerances), page.total


def patient_row(
    db: Database,
    patient_id: int,
    text: str = "",
    include_archived: bool = False,
    tolerances: Tolerances = DEFAULT_TOLERANCES,
) -> PatientRow | None:
    """This patient's row as the list shows it, or None when the search no longer finds
    them: what the list reads again after a visit or the patient was saved."""
    page = search_page(db, text, include_archived, only=patient_id)
    rows = _with_verdicts(db, page.summaries, tolerances)
    return rows[0] if rows else None


def _with_verdicts(
    db: Database, summaries: list[PatientSummary], tolerances: Tolerances
) -> list[PatientRow]:
    """The rows of these patients, each with their latest verdict: computed for the rows
    read, never for the whole practice."""
    last_two = _last_two_visits(db, [s.id for s in summaries])
    rows = []
    for summary in summaries:
        visits = last_two.get(summary.id, [])
        last = assess_interval(visits[0], visits[1], tolerances) if len(visits) == 2 else None
        rows.append(PatientRow(summary, last))
    return rows
