"""Exporting patients to the exchange format in batches, read straight from the rows.

A batch of patients costs one query per table (visits by `ix_visit_patient_date`, each
table of a visit's parts by its `visit_id` index), never one per patient or visit, and
nothing but the batch is held in memory: a whole practice is written patient by patient
(`write_document`). The JSON is what `models.services.exchange` wrote from the records
before (same keys, same order, same values), byte for byte.

Photos: a batch holds their descriptions only; each image is a `PhotoImage` that
`write_document` reads and writes one at a time (models/exchange_photos.py), so an export's
memory does not grow with the photos of a batch or of a patient. A visit without photos has
no `photos` key, so a practice without photos exports as it always did. The CSV and FHIR
exports ask for no photos at all (`photos=False`): neither form carries them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any, TextIO

from sqlalchemy import Connection

from models.dialects import is_sqlite
from models.exchange_photos import ImageReader, ImageSlots, PhotoImage, landmarks_plain
from models.exchange_v1 import FORMAT, VERSION
from models.mapping import PATIENT_FIELDS, READING_FIELDS

BATCH = 100  # patients per round of queries: a few megabytes of visits held at a time
PATIENTS = (
    f"SELECT id, {', '.join(PATIENT_FIELDS)}, archived FROM patient{{where}} ORDER BY chart_number"
)
VISITS = """SELECT id, patient_id, visit_date, kind, subjective, objective, assessment,
    plan_text, correction, hypothesis_reasoning, no_plan_reason, running_km_per_week,
    adherence_pct, next_visit_date, carried_over, status, signed_at, signed_by, content_hash
    FROM visit WHERE patient_id IN ({ids}) ORDER BY patient_id, visit_date, id"""
OF_VISITS = "visit_id IN (SELECT id FROM visit WHERE patient_id IN ({ids}))"
PARTS = {
    "complaints": "SELECT visit_id, region, side, pain, carried_over FROM complaint"
    f" WHERE {OF_VISITS} ORDER BY visit_id, id",
    "readings": f"SELECT visit_id, {', '.join(READING_FIELDS)} FROM reading"
    f" WHERE {OF_VISITS} ORDER BY visit_id, id",
    "findings": "SELECT visit_id, muscle, side, state, evidence FROM muscle_finding"
    f" WHERE {OF_VISITS} ORDER BY visit_id, id",
    "plan": "SELECT visit_id, e.slug, sets, per_week, reps, hold_s, side, notes"
    f" FROM plan_item JOIN exercise e ON e.id = exercise_id WHERE {OF_VISITS}"
    " ORDER BY visit_id, position, plan_item.id",
    "outcomes": "SELECT visit_id, measure, score, label, items FROM outcome_score"
    f" WHERE {OF_VISITS} ORDER BY visit_id, id",
    "addenda": "SELECT visit_id, text, reason, author, created_at FROM addendum"
    f" WHERE {OF_VISITS} ORDER BY visit_id, created_at, id",
}  # fmt: skip
PHOTOS = (
    "SELECT visit_id, id, phase, view, media_type, width, height, sha256, landmarks FROM photo"
    f" WHERE {OF_VISITS} ORDER BY visit_id, id"
)
IMAGE = "SELECT image FROM photo WHERE id = {mark}"
EXPORT_QUERIES = (PATIENTS, VISITS, *PARTS.values(), PHOTOS)  # each pinned to its index by a test


def _moment(stored: str | datetime | None) -> str | None:
    """A DateTime as stored ('2026-03-14 18:00:00.000000' in SQLite, a datetime on a clinic
    server) as the records print it."""
    if stored is None:
        return None
    return (stored if isinstance(stored, datetime) else datetime.fromisoformat(stored)).isoformat()


def _day(stored: str | date | None) -> str | None:
    """A Date as stored (ISO text in SQLite, a date on a clinic server) as ISO text."""
    return stored.isoformat() if isinstance(stored, date) else stored


def _complaint(row: Sequence[Any]) -> dict[str, Any]:
    values = {"region": row[1], "side": row[2], "pain": row[3]}
    if row[4]:  # only when set, as files that never carried one over were written
        values["carried_over"] = True
    return values


def _reading(row: Sequence[Any]) -> dict[str, Any]:
    return {
        name: value
        for name, value in zip(READING_FIELDS, row[1:], strict=False)
        if value is not None
    }


def _finding(row: Sequence[Any]) -> dict[str, Any]:
    return {"muscle": row[1], "side": row[2], "state": row[3], "evidence": row[4]}


def _plan(row: Sequence[Any]) -> dict[str, Any]:
    names = ("exercise", "sets", "per_week", "reps", "hold_s", "side", "notes")
    return dict(zip(names, row[1:], strict=True))


def _outcome(row: Sequence[Any]) -> dict[str, Any]:
    return {
        "measure": row[1],
        "score": row[2],
        "label": row[3],
        "items": json.loads(row[4] or "[]"),
    }


def _addendum(row: Sequence[Any]) -> dict[str, Any]:
    return {"text": row[1], "reason": row[2], "author": row[3], "at": _moment(row[4])}


def _photo(row: Sequence[Any]) -> dict[str, Any]:
    return {
        "phase": row[2], "view": row[3], "media_type": row[4], "width": row[5],
        "height": row[6], "sha256": row[7], "landmarks": landmarks_plain(row[8]),
        "image": PhotoImage(row[1]),
    }  # fmt: skip


PART_OF = {
    "complaints": _complaint, "readings": _reading, "findings": _finding, "plan": _plan,
    "outcomes": _outcome, "addenda": _addendum,
}  # fmt: skip


def _visit(
    v: Sequence[Any], parts: dict[str, list[dict[str, Any]]], photos: list[dict[str, Any]]
) -> dict[str, Any]:
    signed = v[15] == "signed" and v[16] is not None
    visit = {
        "date": _day(v[2]), "kind": v[3], "complaints": parts["complaints"],
        "running_km_per_week": v[11], "adherence_pct": v[12], "readings": parts["readings"],
        "hypothesis": {"findings": parts["findings"], "reasoning": v[9]},
        "plan": parts["plan"], "no_plan_reason": v[10], "outcomes": parts["outcomes"],
        "note": {"subjective": v[4], "objective": v[5], "assessment": v[6], "plan": v[7]},
        "correction": v[8], "next_visit_date": _day(v[13]), "carried_over": bool(v[14]),
        "signed": {"by": v[17], "at": _moment(v[16]), "hash": v[18]} if signed else False,
        "addenda": parts["addenda"],
    }  # fmt: skip
    if photos:  # only when there are some, as files before photos were written
        visit["photos"] = photos
    return visit


def _mark(connection: Connection) -> str:
    """The driver's placeholder: sqlite3's `?`, psycopg's `%s`."""
    return "?" if is_sqlite(connection) else "%s"


def _batch(
    connection: Connection, patients: list[Sequence[Any]], with_photos: bool
) -> list[dict[str, Any]]:
    """The exchange form of these patients, read with one query per table (their photos
    described, their images left to be read when written)."""
    ids = [row[0] for row in patients]
    marks = ", ".join([_mark(connection)] * len(ids))
    parts: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for name, query in PARTS.items():
        by_visit: dict[int, list[dict[str, Any]]] = defaultdict(list)
        make = PART_OF[name]
        for row in connection.exec_driver_sql(query.format(ids=marks), tuple(ids)):
            by_visit[row[0]].append(make(row))
        parts[name] = by_visit
    photos: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if with_photos:
        for row in connection.exec_driver_sql(PHOTOS.format(ids=marks), tuple(ids)):
            photos[row[0]].append(_photo(row))
    visits: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for v in connection.exec_driver_sql(VISITS.format(ids=marks), tuple(ids)):
        own = {name: parts[name].get(v[0], []) for name in PARTS}
        visits[v[1]].append(_visit(v, own, photos.get(v[0], [])))
    documents = []
    for stored in patients:
        patient: dict[str, Any] = dict(zip(PATIENT_FIELDS, map(_day, stored[1:]), strict=False))
        patient["photo_consent"] = bool(patient["photo_consent"])  # SQLite's 0 or 1
        own_visits = visits.get(stored[0], [])
        documents.append({**patient, "archived": bool(stored[-1]), "visits": own_visits})
    return documents


def patient_batches(
    connection: Connection,
    include_archived: bool = True,
    chart_numbers: list[str] | None = None,
    photos: bool = True,
) -> Iterator[list[dict[str, Any]]]:
    """Every patient (or those with these chart numbers) in chart-number order, in their
    exchange form, a batch at a time; `photos=False` leaves every visit's photos out."""
    where, params = [], []
    if not include_archived:
        where.append("archived = false")
    if chart_numbers is not None:
        where.append(f"chart_number IN ({', '.join([_mark(connection)] * len(chart_numbers))})")
        params.extend(chart_numbers)
    query = PATIENTS.format(where=" WHERE " + " AND ".join(where) if where else "")
    rows = connection.exec_driver_sql(query, tuple(params))
    while batch := rows.fetchmany(BATCH):
        yield _batch(connection, list(batch), photos)


def image_reader(connection: Connection) -> ImageReader:
    """Reads one photo's image by its id."""
    query = IMAGE.format(mark=_mark(connection))

    def read(photo_id: int) -> bytes:
        return bytes(connection.exec_driver_sql(query, (photo_id,)).scalar_one())

    return read


def write_document(
    batches: Iterator[list[dict[str, Any]]], out: TextIO, read_image: ImageReader | None = None
) -> None:
    """The document `json.dumps(document, indent=2, ensure_ascii=False)` writes, plus a
    final newline, written one patient at a time, each photo's image read by `read_image`
    as it is written."""
    slots = ImageSlots(read_image or _no_images)
    head = json.dumps({"format": FORMAT, "version": VERSION}, indent=2, ensure_ascii=False)
    out.write(head[:-2] + ',\n  "patients": [')
    first = True
    for batch in batches:
        for patient in batch:
            text = json.dumps(patient, indent=2, ensure_ascii=False, default=slots.default)
            # Nested two levels deep; no JSON string holds a raw line break.
            out.write("\n    " if first else ",\n    ")
            for piece in slots.pieces(text.replace("\n", "\n    ")):
                out.write(piece)
            first = False
    out.write("]\n}\n" if first else "\n  ]\n}\n")


def _no_images(photo_id: int) -> bytes:
    raise ValueError(f"photo {photo_id}: write_document was given no way to read images")
