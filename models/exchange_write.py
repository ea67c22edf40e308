"""Writing checked imported patients in bulk: many rows per statement, straight through the
driver, in the import's one transaction (issue 11: thousands of visits a second).

What is written is what the ORM path wrote, row for row and event for event, in the same
order of audit events: the patient's 'import' event, then each visit's 'import' event, its
'import_sign' event right before the row is signed, and each addendum's event right before
the addendum (the lock triggers of models/lock_triggers.py still check every one of them).

Two things make it fast besides executemany. A visit's readings, complaints, findings,
plan and scores are inserted before the visit itself (foreign keys are checked at commit,
`defer_foreign_keys`), so the full-text triggers index each visit once, with everything it
holds, instead of once more per complaint and finding. And the audit chain is extended in
Python from its last link, read once, instead of read back for every event.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from models.audit import to_json
from models.audit_chain import (
    AUDIT_WRITE_LOCK,
    CHAINED_COLUMNS,
    GENESIS,
    TAKE_WRITE_LOCK,
    event_hash,
    stored_moment,
)
from models.dialects import DriverCursor
from models.exchange_format import ImportedPatient
from models.exchange_index import DeferredIndex
from models.mapping import PATIENT_FIELDS, READING_FIELDS
from models.photo_files import thumbnail_of
from models.practitioner import computer_account
from models.records import VisitDraft, photo_described

EVENT_COLUMNS = (*CHAINED_COLUMNS, "prev_hash", "hash")
VISIT_COLUMNS = (
    "id", "patient_id", "visit_date", "kind", "subjective", "objective", "assessment",
    "plan_text", "correction", "hypothesis_reasoning", "no_plan_reason",
    "running_km_per_week", "adherence_pct", "next_visit_date", "carried_over", "status",
    "created_at", "updated_at",
)  # fmt: skip
CHILD_COLUMNS = {
    "complaint": ("visit_id", "region", "side", "pain", "carried_over"),
    "reading": ("visit_id", *READING_FIELDS),
    "muscle_finding": ("visit_id", "muscle", "side", "state", "evidence"),
    "plan_item": (
        "visit_id", "exercise_id", "position", "sets", "reps", "hold_s", "per_week", "side",
        "notes",
    ),
    "outcome_score": ("visit_id", "measure", "label", "score", "items"),
}  # fmt: skip
PATIENT_COLUMNS = ("id", *PATIENT_FIELDS, "archived", "created_at", "updated_at")
PHOTO_COLUMNS = (
    "id", "visit_id", "phase", "view", "media_type", "width", "height", "sha256", "image",
    "thumbnail", "landmarks", "created_at",
)  # fmt: skip
SIGN = """UPDATE visit SET status = 'signed', signed_by = ?, signed_at = ?, content_hash = ?,
    signature_imported_at = ? WHERE id = ?"""
# A batch of this many visits sets the index triggers aside for the rest of the import
# (models/exchange_index.py).
# Below it they cost a few milliseconds, less than rewriting the schema twice would.
DEFER_INDEX_FROM = 200
SERVER_WRITE_LOCK = "LOCK TABLE patient, visit, photo IN SHARE ROW EXCLUSIVE MODE"
NEXT_ID_AFTER = (
    "SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
    " (SELECT coalesce(max(id), 1) FROM {table}))"
)
ADDENDUM = """INSERT INTO addendum (visit_id, text, reason, author, created_at, audit_event_id)
    VALUES (?, ?, ?, ?, ?, ?)"""


def insert_statement(table: str, columns: Sequence[str]) -> str:
    """INSERT INTO table (columns) VALUES (?, ...)."""
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


@dataclass(frozen=True)
class CheckedPatient:
    """A patient that passed every check, with the content hash recomputed for each of its
    visits (None for a draft): the hash stored is always this one, never the file's."""

    imported: ImportedPatient
    hashes: tuple[str | None, ...]


class BulkWriter:
    """Writes batches of checked patients in the transaction `cursor` is in."""

    def __init__(self, cursor: DriverCursor, actor: str, exercise_ids: dict[str, int]) -> None:
        self._cursor, self._exercise_ids = cursor, exercise_ids
        self._actor = actor or computer_account()
        # The write lock first, then the last ids and link: nobody else writes until commit.
        if cursor.sqlite:
            cursor.execute(TAKE_WRITE_LOCK)
            cursor.execute("PRAGMA defer_foreign_keys = ON")  # off again at commit or rollback
        else:  # a clinic server: others wait to add patients, visits and events until commit
            cursor.execute(AUDIT_WRITE_LOCK)
            cursor.execute(SERVER_WRITE_LOCK)
        self._patient_id = _largest(cursor, "patient")
        self._visit_id = _largest(cursor, "visit")
        self._photo_id = _largest(cursor, "photo")
        row = cursor.execute("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
        self._event_id, self._prev_hash = (
            (int(row[0]), str(row[1] or GENESIS)) if row else (0, GENESIS)
        )
        self._insert_event = insert_statement("audit_event", EVENT_COLUMNS)
        self._index: DeferredIndex | None = None

    def finish(self) -> None:
        """Index what was written (models/exchange_index.py); call before the commit."""
        if self._index is not None:
            self._index.restore()
        if not self._cursor.sqlite:  # the ids given here are ids the sequences must skip
            for table in ("patient", "visit", "photo"):
                self._cursor.execute(NEXT_ID_AFTER.format(table=table))

    def write(self, batch: Sequence[CheckedPatient]) -> None:
        """Write these patients with their visits, children, signatures, addenda and events."""
        now = stored_moment(datetime.now())
        patients: list[tuple[Any, ...]] = []
        visits: list[tuple[Any, ...]] = []
        children: dict[str, list[tuple[Any, ...]]] = {table: [] for table in CHILD_COLUMNS}
        visit_ids: list[list[int]] = []
        for checked in batch:
            self._patient_id += 1
            patient = checked.imported.patient
            values = (_stored(getattr(patient, name)) for name in PATIENT_FIELDS)
            patients.append((self._patient_id, *values, checked.imported.archived, now, now))
            ids = []
            for visit in checked.imported.visits:
                self._visit_id += 1
                ids.append(self._visit_id)
                visits.append(_visit_row(self._visit_id, self._patient_id, visit.draft, now))
                for table, rows in part_rows(
                    self._visit_id, visit.draft, self._exercise_ids
                ).items():
                    children[table].extend(rows)
            visit_ids.append(ids)
        cursor = self._cursor
        if self._index is None and cursor.sqlite and len(visits) >= DEFER_INDEX_FROM:
            self._index = DeferredIndex(cursor, self._visit_id - len(visits))
        cursor.executemany(insert_statement("patient", PATIENT_COLUMNS), patients)
        if not cursor.sqlite:  # foreign keys are checked row by row there: visits first
            cursor.executemany(insert_statement("visit", VISIT_COLUMNS), visits)
        for table, rows in children.items():
            cursor.executemany(insert_statement(table, CHILD_COLUMNS[table]), rows)
        if cursor.sqlite:
            cursor.executemany(insert_statement("visit", VISIT_COLUMNS), visits)
        photo_ids = self._photos(batch, visit_ids, now)
        first_patient = self._patient_id - len(batch)
        for offset, (checked, ids) in enumerate(zip(batch, visit_ids, strict=True)):
            self._events(first_patient + offset + 1, checked, ids, photo_ids, now)

    def _photos(
        self, batch: Sequence[CheckedPatient], visit_ids: list[list[int]], now: str
    ) -> dict[int, list[int]]:
        """Insert the visits' photos (while the visits are drafts: the lock refuses a signed
        visit's), one row at a time so one image is bound at a time; their ids by visit."""
        ids: dict[int, list[int]] = {}
        insert = insert_statement("photo", PHOTO_COLUMNS)
        for checked, visits in zip(batch, visit_ids, strict=True):
            for visit_id, visit in zip(visits, checked.imported.visits, strict=True):
                for photo in visit.photos:
                    self._photo_id += 1
                    ids.setdefault(visit_id, []).append(self._photo_id)
                    self._cursor.execute(insert, (
                        self._photo_id, visit_id, str(photo.phase), str(photo.view),
                        photo.media_type, photo.width, photo.height, photo.sha256, photo.image,
                        thumbnail_of(photo.image), photo.landmarks, now,
                    ))  # fmt: skip
        return ids

    def _events(
        self,
        patient_id: int,
        checked: CheckedPatient,
        ids: list[int],
        photo_ids: dict[int, list[int]],
        now: str,
    ) -> None:
        """The patient's audit events in the order the services write them (a photo's as
        `attach` describes it: no pixels)."""
        imported = checked.imported
        self._event("import", "patient", patient_id, patient_id, to_json(imported.patient), now)
        for visit_id, visit, hash_ in zip(ids, imported.visits, checked.hashes, strict=True):
            self._event("import", "visit", visit_id, patient_id, to_json(visit.draft), now)
            for photo_id, photo in zip(photo_ids.get(visit_id, []), visit.photos, strict=True):
                described = photo_described(visit_id, photo.phase, photo.view, photo.sha256)
                self._event("import", "photo", photo_id, patient_id, to_json(described), now)
            if visit.signed is None:
                continue
            assert hash_ is not None
            self._event("import_sign", "visit", visit_id, patient_id, to_json(hash_), now)
            at = stored_moment(visit.signed.at)
            self._cursor.execute(SIGN, (visit.signed.by, at, hash_, now, visit_id))
            for addendum in visit.addenda:
                after = to_json({"text": addendum.text, "reason": addendum.reason})
                event = self._event("import_addendum", "visit", visit_id, patient_id, after, now)
                self._cursor.execute(
                    ADDENDUM,
                    (visit_id, addendum.text, addendum.reason, addendum.author,
                     stored_moment(addendum.created_at), event),
                )  # fmt: skip

    def _event(
        self, action: str, entity: str, entity_id: int, patient_id: int, after: str, at: str
    ) -> int:
        """One audit event linked to the one before (models/audit_chain.py)."""
        self._event_id += 1
        event = {
            "id": self._event_id, "at": at, "actor": self._actor, "action": action,
            "entity": entity, "entity_id": entity_id, "patient_id": patient_id,
            "before": "", "after": after,
        }  # fmt: skip
        hash_ = event_hash(self._prev_hash, event)
        self._cursor.execute(
            self._insert_event, (*(event[name] for name in CHAINED_COLUMNS), self._prev_hash, hash_)
        )
        self._prev_hash = hash_
        return self._event_id


def part_rows(
    visit_id: int, draft: VisitDraft, exercise_ids: dict[str, int]
) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of a visit's readings, complaints, findings, plan and scores, by table (in
    the columns of CHILD_COLUMNS), as `models.mapping.fill_visit` writes them."""
    readings = []
    for r in draft.readings:
        values = [getattr(r, name) for name in READING_FIELDS]
        values[0], values[1] = str(r.phase), str(r.device)
        readings.append((visit_id, *values))
    return {
        "complaint": [
            (visit_id, c.region, c.side, c.pain, c.carried_over) for c in draft.complaints
        ],
        "reading": readings,
        "muscle_finding": [
            (visit_id, f.muscle, f.side, f.state, f.evidence) for f in draft.findings
        ],
        "plan_item": [
            (
                visit_id,
                exercise_ids[p.exercise],
                position,
                p.sets,
                p.reps,
                p.hold_s,
                p.per_week,
                p.side,
                p.notes,
            )
            for position, p in enumerate(draft.plan)
        ],
        "outcome_score": [
            (visit_id, o.measure, o.label, o.score, json.dumps(o.items)) for o in draft.outcomes
        ],
    }


def _visit_row(visit_id: int, patient_id: int, d: VisitDraft, now: str) -> tuple[Any, ...]:
    """A visit's row as the ORM writes it (dates as ISO text), a draft until it is signed."""
    return (
        visit_id, patient_id, d.visit_date.isoformat(), d.kind, d.note.subjective,
        d.note.objective, d.note.assessment, d.note.plan, d.correction, d.reasoning,
        d.no_plan_reason, d.running_km_per_week, d.adherence_pct,
        d.next_visit_date.isoformat() if d.next_visit_date else None, d.carried_over, "draft",
        now, now,
    )  # fmt: skip


def _stored(value: Any) -> Any:
    """A value as SQLAlchemy stores it in SQLite (a date as ISO text)."""
    return value.isoformat() if isinstance(value, date) else value


def _largest(cursor: DriverCursor, table: str) -> int:
    return int(cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])
