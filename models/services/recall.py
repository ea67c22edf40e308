"""The recall list: the patients to check in with, by mail or phone (charting/recall.py says
who and why), and its CSV export for the practitioner's own mail merge or phone list.

Only the courses that may be due are judged for their stage: the stored facts say who was
last seen when, what was booked and who was discharged (`candidates`, one query), and
`statuses_in` decides the stage of those few, judging in memory any stored out of date. The
names, phones and emails of the patients listed are read in one query afterwards, in the
same transaction.
"""

from __future__ import annotations

import csv
import errno
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    Integer,
    and_,
    column,
    or_,
    select,
    table,
    union,
)

from charting.course_stage import StageSettings
from charting.recall import RecallReason, recall_reason
from charting.tolerances import Tolerances
from charting.vocabulary import STAGE_TERMS
from models.database import Database
from models.exchange_csv_cells import neutralised
from models.exchange_csv_write import ENCODING
from models.orm import Patient
from models.private_files import write_private_whole
from models.services.course_status import statuses_in
from models.services.search import among

CSV_HEADER = ("chart number", "name", "phone", "email", "why", "last seen", "booked")


@dataclass(frozen=True)
class RecallEntry:
    """One patient to check in with: who, how to reach them, and why."""

    patient_id: int
    chart_number: str
    name: str  # as the patient list shows it: "Last, First"
    phone: str
    email: str
    why: str
    last_seen: date
    booked: date | None  # the visit booked at the latest visit
    stage: str  # the course's stage, in words

    def csv_row(self) -> list[str]:
        """The row as written: every text protected from a spreadsheet's formulas."""
        texts = (self.chart_number, self.name, self.phone, self.email, self.why)
        booked = self.booked.isoformat() if self.booked else ""
        return [*(neutralised(t) for t in texts), self.last_seen.isoformat(), booked]


COURSE = table(
    "course_status", column("patient_id", Integer), column("last_seen", Date),
    column("next_visit", Date), column("discharged", Boolean),
)  # fmt: skip
STALE = table("hold_stale", column("patient_id", Integer))


def candidates(connection: Connection, today: date, weeks: int) -> list[int]:
    """The active patients the recall list may name: those whose stored facts show a booking
    gone by, or no booking and no visit for `weeks` weeks, neither after a discharge; and
    those whose stored facts are out of date. Who was last seen when, what was booked and a
    discharge do not depend on the tolerances, so only these courses need their stage."""
    cutoff = today - timedelta(weeks=weeks)
    unseen = or_(COURSE.c.last_seen.is_(None), COURSE.c.last_seen <= cutoff)
    due = or_(COURSE.c.next_visit < today, and_(COURSE.c.next_visit.is_(None), unseen))
    stored = select(COURSE.c.patient_id).where(COURSE.c.discharged.is_(False), due)
    either = union(stored, select(STALE.c.patient_id)).subquery()
    query = select(Patient.id).where(
        Patient.archived.is_(False), Patient.id.in_(select(either.c.patient_id))
    )
    return [int(patient) for patient in connection.execute(query.order_by(Patient.id)).scalars()]


def recall_list(
    db: Database, today: date, tolerances: Tolerances, settings: StageSettings
) -> list[RecallEntry]:
    """Everyone to check in with today: missed bookings first (the oldest first), then the
    courses that held and have not been seen for a while (the longest unseen first)."""
    with db.session() as session:
        connection = session.connection()
        connection.exec_driver_sql("BEGIN")  # every query below reads the same state
        ids = candidates(connection, today, settings.recall_holding_weeks)
        reasons: dict[int, tuple[RecallReason, date | None, str]] = {}
        for patient, course in statuses_in(connection, ids, tolerances, settings).items():
            stage = course.status.stage
            if (reason := recall_reason(course.facts, stage, today, settings)) is not None:
                reasons[patient] = (reason, course.facts.next_visit, STAGE_TERMS[stage].label)
        if not reasons:
            return []
        rows = connection.execute(
            select(
                Patient.id, Patient.chart_number, Patient.last_name, Patient.first_name,
                Patient.phone, Patient.email,
            ).where(among(Patient.id, list(reasons)))
        ).all()  # fmt: skip
    entries = []
    for patient, chart, last, first, phone, email in rows:
        reason, booked, stage_label = reasons[patient]
        name = f"{last}, {first}"
        entries.append(
            RecallEntry(
                patient,
                chart,
                name,
                phone,
                email,
                reason.why,
                reason.last_seen,
                booked,
                stage_label,
            )
        )
    return sorted(entries, key=lambda e: (reasons[e.patient_id][0].order, e.chart_number))


class UnwritableFile(OSError):
    """An export that could not be written: the file's name and the reason, in words."""

    def __init__(self, path: Path, cause: OSError) -> None:
        super().__init__(cause.errno, cause.strerror)
        self.path = path

    def __str__(self) -> str:
        if self.errno in (errno.ENOSPC, errno.EDQUOT):
            reason = "the disk is full"
        elif self.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            reason = "Holdfast may not write to that folder"
        else:
            reason = (self.strerror or "unknown reason").lower()
        return (
            f"{self.path.name} could not be written in {self.path.parent} ({reason}). "
            "Choose another folder, or free some space, and try again."
        )


def recall_csv(entries: Sequence[RecallEntry]) -> bytes:
    """The list as CSV: UTF-8 (with the mark spreadsheets look for), a header row, ISO dates."""
    text = io.StringIO(newline="")
    writer = csv.writer(text)  # Excel's dialect: commas, CRLF
    writer.writerow(CSV_HEADER)
    writer.writerows(entry.csv_row() for entry in entries)
    return text.getvalue().encode(ENCODING)


def write_recall_csv(entries: Sequence[RecallEntry], path: Path) -> Path:
    """Write the list to `path`, private and whole: a failed write leaves no half file under
    that name (and any file already there as it was)."""
    try:
        write_private_whole(path, recall_csv(entries))
    except OSError as error:
        raise UnwritableFile(path, error) from error
    return path
