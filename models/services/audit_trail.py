"""Reading the audit trail for people: who changed what and when, one entry per change.

Every write stays in the database as it was made. For reading, the saves of one editing
session are folded into one entry: consecutive updates of the same draft by the same person,
with no other change of that patient in between, each less than `SESSION_GAP` after the one
before. The entry keeps the value before the first save and after the last, and counts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, and_, select

from models.chart_numbers import RENAME_ACTION
from models.database import Database
from models.exchange_audit import PRACTICE_ENTITY
from models.orm import AuditEvent, Patient, Visit
from models.records import patient_label
from models.restore import DATABASE_ENTITY, RESTORE_ACTION
from models.services.audit_photos import PHOTO_ACTIONS, photo_changes
from models.services.audit_words import FieldChange, field_changes, stored_visit_date
from models.trigger_repair import REPAIR_ACTION

SESSION_GAP = timedelta(minutes=30)
ACTION_WORDS = {
    ("patient", "create"): "Patient created", ("patient", "update"): "Patient edited",
    ("patient", "archive"): "Archived", ("patient", "restore"): "Brought back from archive",
    ("patient", "import"): "Imported", ("visit", "create"): "Draft created",
    ("visit", "update"): "Draft edited", ("visit", "sign"): "Signed",
    ("visit", "addendum"): "Addendum added", ("visit", "delete"): "Draft discarded",
    ("visit", "import"): "Imported", ("patient", RENAME_ACTION): "Chart number changed",
    (DATABASE_ENTITY, RESTORE_ACTION): "Restored from a backup",
    ("visit", "rehash"): "Signed content re-fingerprinted (upgrade)",
    ("visit", "import_sign"): "Signature imported",
    ("visit", "import_addendum"): "Addendum imported",
    (DATABASE_ENTITY, REPAIR_ACTION): "Missing protections put back",
    (PRACTICE_ENTITY, "export"): "Patients exported to a file",
    (PRACTICE_ENTITY, "import"): "Patients imported from a file",
    **PHOTO_ACTIONS,
}  # fmt: skip
WHOLE = {DATABASE_ENTITY: "The whole database", PRACTICE_ENTITY: "The whole practice"}


@dataclass(frozen=True)
class AuditEntry:
    """One change as a person reads it (several saves of one session count as one)."""

    first_at: datetime
    at: datetime  # the last write folded in
    actor: str
    action: str  # as stored: create, update, sign, …
    entity: str  # patient or visit
    entity_id: int | None
    patient: str  # 'Okafor, Maya (R-001)'; '' for a draft discarded before schema 0006
    record: str  # 'Patient record' or 'Visit of 2026-03-02'
    changes: tuple[FieldChange, ...]
    writes: int = 1

    @property
    def what(self) -> str:
        words = ACTION_WORDS.get((self.entity, self.action), self.action.capitalize())
        return f"{words} ({self.writes} saves)" if self.writes > 1 else words


@dataclass(frozen=True)
class AuditTrail:
    entries: list[AuditEntry]  # newest first
    truncated: bool  # more events than `limit` matched: the oldest were left out


@dataclass(frozen=True)
class _Event:
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    patient_id: int | None
    before: str
    after: str
    patient: str
    visit_date: date | None


def who(actor: str, account: str | None) -> str:
    """Who wrote an event: the practitioner's name, and on a clinic server the account
    they signed in with where it says more than the name."""
    return actor if not account or account == actor else f"{actor} (signed in as {account})"


def audit_trail(
    db: Database,
    patient_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 5000,
) -> AuditTrail:
    """Entries of one patient (their record and visits) or of every patient, newest first.

    `since`/`until` keep entries whose last write falls on those days (both included).
    """
    with db.session() as session:
        rows = session.execute(_query(patient_id, since, until).limit(limit + 1)).all()
    truncated = len(rows) > limit
    events = [
        _Event(e.at, who(e.actor, e.account), e.action, e.entity, e.entity_id, e.patient_id,
               e.before, e.after,
               patient_label(first, last, chart, listed=True) if chart else "", visit_date)
        for e, last, first, chart, visit_date in reversed(rows[:limit])
    ]  # fmt: skip
    entries = [_entry(group) for group in fold_sessions(events)]
    low = datetime.combine(since, time.min) if since else datetime.min
    high = datetime.combine(until, time.max) if until else datetime.max
    kept = [(e.at, order, e) for order, e in enumerate(entries) if low <= e.at <= high]
    kept.sort(key=lambda item: item[:2], reverse=True)  # ties: the later write first
    return AuditTrail([entry for _, _, entry in kept], truncated)


def _query(patient_id: int | None, since: date | None, until: date | None) -> Select:
    """Events newest first, each with its patient's name and its visit's date.

    A patient's events are found through the index on `audit_event.patient_id`. A discarded
    draft has no visit row left, so its entries take the date written in the event.
    """
    query = (
        select(AuditEvent, Patient.last_name, Patient.first_name, Patient.chart_number,
               Visit.visit_date)
        .outerjoin(Visit, and_(AuditEvent.entity == "visit", Visit.id == AuditEvent.entity_id))
        .outerjoin(Patient, Patient.id == AuditEvent.patient_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )  # fmt: skip
    if patient_id is not None:
        query = query.where(AuditEvent.patient_id == patient_id)
    if since is not None:  # a session may start before the first day shown
        query = query.where(AuditEvent.at >= datetime.combine(since, time.min) - SESSION_GAP)
    if until is not None:
        query = query.where(AuditEvent.at <= datetime.combine(until, time.max))
    return query


def fold_sessions(events: list[_Event]) -> list[list[_Event]]:
    """Events in time order, grouped: each group is one entry (see the module docstring)."""
    groups: list[list[_Event]] = []
    last_of_patient: dict[object, list[_Event]] = {}
    for event in events:
        key = event.patient_id if event.patient_id is not None else (event.entity, event.entity_id)
        previous = last_of_patient.get(key)
        if previous is not None and _same_session(previous[-1], event):
            previous.append(event)
            continue
        group = [event]
        groups.append(group)
        last_of_patient[key] = group
    return groups


def _same_session(last: _Event, event: _Event) -> bool:
    return (
        last.action == event.action == "update"
        and last.entity == event.entity == "visit"
        and last.entity_id == event.entity_id
        and last.actor == event.actor
        and event.at - last.at < SESSION_GAP
    )


def _entry(group: list[_Event]) -> AuditEntry:
    first, last = group[0], group[-1]
    if first.entity == "visit":
        day = first.visit_date  # None for a discarded draft: its date is read from the event
        when = day.isoformat() if day else stored_visit_date(first.before, last.after)
        record = f"Visit of {when or 'unknown date'}"
    else:
        record = WHOLE.get(first.entity, "Photo" if first.entity == "photo" else "Patient record")
    patient = "All patients" if first.entity in WHOLE else first.patient
    if first.entity == "photo":
        changes = photo_changes(first.action, first.before, last.after)
    else:
        changes = field_changes(first.entity, first.action, first.before, last.after)
    return AuditEntry(first.at, last.at, first.actor, first.action, first.entity,
                      first.entity_id, patient, record, changes, len(group))  # fmt: skip
