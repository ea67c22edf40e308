"""The editor's autosave (issue 11): overwriting a draft writes what changed, audited as
before, and leaves the rows of parts that did not change as they were."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import text
from sqlalchemy.exc import NoResultFound

from models.database import Database
from models.records import Complaint
from models.services.patients import patient_id_for_chart
from models.services.visits import VisitLocked, list_visits, load_visit, save_draft

pytestmark = pytest.mark.both_engines

PART_TABLES = ("complaint", "muscle_finding", "reading", "plan_item")


def _draft_visit(db: Database) -> tuple[int, int]:
    patient = patient_id_for_chart(db, "R-001")
    draft = list_visits(db, patient)[-1].draft
    return patient, save_draft(db, patient, replace(draft, correction="first"), "tester")


def _part_ids(db: Database, visit: int) -> tuple[str, ...]:
    with db.engine.connect() as connection:
        return tuple(
            ",".join(
                str(id_)
                for id_ in connection.execute(
                    text(f"SELECT id FROM {table} WHERE visit_id = :v ORDER BY id"), {"v": visit}
                ).scalars()
            )
            for table in PART_TABLES
        )


def test_an_autosave_of_a_note_leaves_the_rows_of_unchanged_parts(demo_db: Database) -> None:
    patient, visit = _draft_visit(demo_db)
    before = _part_ids(demo_db, visit)
    stored = load_visit(demo_db, visit).draft
    save_draft(demo_db, patient, replace(stored, correction="typed on"), "tester", visit)
    assert _part_ids(demo_db, visit) == before
    assert load_visit(demo_db, visit).draft == replace(stored, correction="typed on")


def test_an_autosave_replaces_a_changed_list_and_audits_before_and_after(
    demo_db: Database,
) -> None:
    patient, visit = _draft_visit(demo_db)
    stored = load_visit(demo_db, visit).draft
    changed = replace(stored, complaints=(Complaint("low_back", "left", 3),), adherence_pct=55)
    save_draft(demo_db, patient, changed, "tester", visit)
    assert load_visit(demo_db, visit).draft == changed
    key = "visit_id" if demo_db.on_server else "rowid"  # the index's own table on each engine
    with demo_db.engine.connect() as connection:
        event = connection.execute(
            text("SELECT action, patient_id, before, after FROM audit_event ORDER BY id DESC")
        ).first()
        words = connection.execute(
            text(f"SELECT complaints FROM visit_search WHERE {key} = :v"), {"v": visit}
        ).scalar()
    assert event is not None and event[:2] == ("update", patient)
    assert json.loads(event[2])["adherence_pct"] == stored.adherence_pct
    assert json.loads(event[3])["complaints"] == [
        {"region": "low_back", "side": "left", "pain": 3, "carried_over": False}
    ]
    assert words == "low back (left)"  # the search index follows the new list


def test_an_autosave_of_a_signed_or_missing_visit_is_refused(demo_db: Database) -> None:
    patient = patient_id_for_chart(demo_db, "R-001")
    signed = list_visits(demo_db, patient)[0]
    with pytest.raises(VisitLocked):
        save_draft(demo_db, patient, signed.draft, "tester", signed.id)
    with pytest.raises(NoResultFound):
        save_draft(demo_db, patient, signed.draft, "tester", 10**6)
