"""Exporting patients to the exchange format in batches, read straight from the rows.

A batch of patients costs one query per table (visits by `ix_visit_patient_date`, each
table of a visit's parts by its `visit_id` index), never one per patient or visit, and
nothing but the batch is held in memory: a whole practice is written patient by patient
(`write_document`). The JSON is what `models.services.exchange` wrote from the records
before (same keys, same order, same values), byte for byte.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any, TextIO

from sqlalchemy import Connection

from models.dialects import is_sqlite
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
EXPORT_QUERIES = (PATIENTS, VISITS, *PARTS.values())  # each pinned to its index by a test


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


PART_OF = {
    "complaints": _complaint, "readings": _reading, "findings": _finding, "plan": _plan,
    "outcomes": _outcome, "addenda": _addendum,
}  # fmt: skip


def _visit(v: Sequence[Any], parts: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    signed = v[15] == "signed" and v[16] is not None
    return {
        "date": _day(v[2]), "kind": v[3], "complaints": parts["complaints"],
        "running_km_per_week": v[11], "adherence_pct": v[12], "readings": parts["readings"],
        "hypothesis": {"findings": parts["findings"], "reasoning": v[9]},
        "plan": parts["plan"], "no_plan_reason": v[10], "outcomes": parts["outcomes"],
        "note": {"subjective": v[4], "objective": v[5], "assessment": v[6], "plan": v[7]},
        "correction": v[8], "next_visit_date": _day(v[13]), "carried_over": bool(v[14]),
        "signed": {"by": v[17], "at": _moment(v[16]), "hash": v[18]} if signed else False,
        "addenda": parts["addenda"],
    }  # fmt: skip


def _mark(connection: Connection) -> str:
    """The driver's placeholder: sqlite3's `?`, psycopg's `%s`."""
    return "?" if is_sqlite(connection) else "%s"


def _batch(connection: Connection, patients: list[Sequence[Any]]) -> list[dict[str, Any]]:
    """The exchange form of these patients, read with one query per table."""
    ids = [row[0] for row in patients]
    marks = ", ".join([_mark(connection)] * len(ids))
    parts: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for name, query in PARTS.items():
        by_visit: dict[int, list[dict[str, Any]]] = defaultdict(list)
        make = PART_OF[name]
        for row in connection.exec_driver_sql(query.format(ids=marks), tuple(ids)):
            by_visit[row[0]].append(make(row))
        parts[name] = by_visit
    visits: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for v in connection.exec_driver_sql(VISITS.format(ids=marks), tuple(ids)):
        own = {name: parts[name].get(v[0], []) for name in PARTS}
        visits[v[1]].append(_visit(v, own))
    documents = []
    for stored in patients:
        patient = dict(zip(PATIENT_FIELDS, map(_day, stored[1:]), strict=False))
        own_visits = visits.get(stored[0], [])
        documents.append({**patient, "archived": bool(stored[-1]), "visits": own_visits})
    return documents


def patient_batches(
    connection: Connection, include_archived: bool = True, chart_numbers: list[str] | None = None
) -> Iterator[list[dict[str, Any]]]:
    """Every patient (or those with these chart numbers) in chart-number order, in their
    exchange form, a batch at a time."""
    where, params = [], []
    if not include_archived:
        where.append("archived = false")
    if chart_numbers is not None:
        where.append(f"chart_number IN ({', '.join([_mark(connection)] * len(chart_numbers))})")
        params.extend(chart_numbers)
    query = PATIENTS.format(where=" WHERE " + " AND ".join(where) if where else "")
    rows = connection.exec_driver_sql(query, tuple(params))
    while batch := rows.fetchmany(BATCH):
        yield _batch(connection, list(batch))


def write_document(batches: Iterator[list[dict[str, Any]]], out: TextIO) -> None:
    """The document `json.dumps(document, indent=2, ensure_ascii=False)` writes, plus a
    final newline, written one patient at a time."""
    head = json.dumps({"format": FORMAT, "version": VERSION}, indent=2, ensure_ascii=False)
    out.write(head[:-2] + ',\n  "patients": [')
    first = True
    for batch in batches:
        for patient in batch:
            text = json.dumps(patient, indent=2, ensure_ascii=False)
            # Nested two levels deep; no JSON string holds a raw line break.
            out.write(("\n    " if first else ",\n    ") + text.replace("\n", "\n    "))
            first = False
    out.write("]\n}\n" if first else "\n  ]\n}\n")
