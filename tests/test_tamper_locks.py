"""Attacks on a signed visit with the plain sqlite3 module, as someone with the file would
try them: each must be refused by the database itself (issue 10, finding 1)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from charting.readings import Device, Phase, Reading
from models.database import Database
from models.records import Complaint, Finding, PatientDraft, PlanEntry, VisitDraft
from models.services.patients import create_patient
from models.services.visits import add_addendum, save_draft, sign_visit

READY = VisitDraft(
    date(2026, 3, 2),
    "initial",
    complaints=(Complaint("low_back", "left", 5),),
    readings=(Reading(Phase.PRE, Device.PALM, "AB", 15, 8, 6, 0),),
    findings=(Finding("iliopsoas", "left", "short_overactive", "Thomas +"),),
    plan=(PlanEntry("glute_bridge", 3, 5, reps=12),),
)
REFUSED = r"locked|Holdfast|link|permanent|append-only"


def signed_and_draft(db: Database) -> tuple[int, int]:
    """A signed visit with an addendum, and a draft of the same patient."""
    patient = create_patient(db, PatientDraft("T-1", "Ana", "Silva"), "tester")
    signed = save_draft(db, patient, READY, "tester")
    sign_visit(db, signed, "Dr Test")
    add_addendum(db, signed, "Pain 3/10 by phone.", "Information after signing", "Dr Test")
    draft = save_draft(db, patient, READY, "tester")
    return signed, draft


@pytest.fixture
def attacker(db: Database, db_path: Path) -> Iterator[tuple[sqlite3.Connection, int, int]]:
    signed, draft = signed_and_draft(db)
    connection = sqlite3.connect(db_path)
    yield connection, signed, draft
    connection.close()


@pytest.mark.parametrize("table", ["reading", "complaint", "muscle_finding", "plan_item"])
def test_rows_cannot_be_moved_into_a_signed_visit(attacker, table) -> None:  # type: ignore[no-untyped-def]
    connection, signed, draft = attacker
    before = connection.execute(f"SELECT count(*) FROM {table} WHERE visit_id = {signed}")
    count = before.fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError, match="locked"):
        connection.execute(f"UPDATE {table} SET visit_id = {signed} WHERE visit_id = {draft}")
    after = connection.execute(f"SELECT count(*) FROM {table} WHERE visit_id = {signed}")
    assert after.fetchone()[0] == count


def test_rows_cannot_be_moved_out_of_a_signed_visit(attacker) -> None:  # type: ignore[no-untyped-def]
    connection, signed, draft = attacker
    with pytest.raises(sqlite3.IntegrityError, match="locked"):
        connection.execute(f"UPDATE complaint SET visit_id = {draft} WHERE visit_id = {signed}")


def test_a_visit_cannot_be_inserted_already_signed(attacker) -> None:  # type: ignore[no-untyped-def]
    connection, _signed, _draft = attacker
    with pytest.raises(sqlite3.IntegrityError, match="draft"):
        connection.execute(
            "INSERT INTO visit (patient_id, visit_date, kind, subjective, objective, assessment,"
            " plan_text, correction, hypothesis_reasoning, no_plan_reason, carried_over, status,"
            " signed_at, signed_by, content_hash, created_at, updated_at) VALUES (1,"
            " '2026-03-09', 'follow_up', 'forged', '', '', '', '', '', '', 0, 'signed',"
            f" '2026-03-09 18:00:00.000000', 'Dr Test', '{'a' * 64}',"
            " '2026-03-09 18:00:00.000000', '2026-03-09 18:00:00.000000')"
        )


def test_a_draft_cannot_be_signed_without_its_sign_event(attacker) -> None:  # type: ignore[no-untyped-def]
    connection, _signed, draft = attacker
    with pytest.raises(sqlite3.IntegrityError, match="sign"):
        connection.execute(
            "UPDATE visit SET status = 'signed', signed_by = 'Dr Test',"
            f" signed_at = '2026-03-02 18:00:00.000000', content_hash = '{'b' * 64}'"
            f" WHERE id = {draft}"
        )


def test_a_forged_addendum_is_refused(attacker) -> None:  # type: ignore[no-untyped-def]
    connection, signed, _draft = attacker
    with pytest.raises(sqlite3.IntegrityError, match="addendum"):
        connection.execute(
            "INSERT INTO addendum (visit_id, text, reason, author, created_at) VALUES"
            f" ({signed}, 'forged', 'none', 'Dr Test', '2026-03-03 10:00:00.000000')"
        )
    # Even pointing at the newest real 'addendum' event: one event, one addendum.
    newest = connection.execute("SELECT max(id) FROM audit_event").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError, match="addendum"):
        connection.execute(
            "INSERT INTO addendum (visit_id, text, reason, author, created_at, audit_event_id)"
            f" VALUES ({signed}, 'Pain 3/10 by phone.', 'again', 'Dr Test',"
            f" '2026-03-03 10:00:00.000000', {newest})"
        )


def test_a_forged_audit_event_is_refused(attacker) -> None:  # type: ignore[no-untyped-def]
    connection, signed, _draft = attacker
    insert = (
        "INSERT INTO audit_event (at, actor, action, entity, entity_id, before, after,"
        " prev_hash, hash) VALUES ('2026-03-03 10:00:00.000000', 'Dr Test', 'addendum',"
        f" 'visit', {signed}, '', '{{\"text\": \"forged\"}}', ?, ?)"
    )
    with pytest.raises(sqlite3.IntegrityError, match="link"):
        connection.execute(insert, (None, None))
    with pytest.raises(sqlite3.IntegrityError, match="link"):
        connection.execute(insert, ("0" * 64, "c" * 64))  # links to the start, not the end


def test_signed_content_and_the_trail_stay_locked(attacker) -> None:  # type: ignore[no-untyped-def]
    connection, signed, _draft = attacker
    for statement in (
        f"UPDATE visit SET subjective = 'changed' WHERE id = {signed}",
        f"DELETE FROM visit WHERE id = {signed}",
        f"UPDATE reading SET left_tilt_deg = 1 WHERE visit_id = {signed}",
        f"DELETE FROM complaint WHERE visit_id = {signed}",
        "UPDATE addendum SET text = 'changed'",
        "DELETE FROM addendum",
        "UPDATE audit_event SET actor = 'someone else'",
        "DELETE FROM audit_event",
    ):
        with pytest.raises(sqlite3.IntegrityError, match=REFUSED):
            connection.execute(statement)


def test_an_event_written_by_another_program_meanwhile_does_not_break_a_signing(
    db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program (a command-line import while the window is open) tries to add an
    audit event right after Holdfast read the chain's last link: Holdfast already holds the
    write lock then, so the other one waits, and the signing links and commits."""
    import models.audit_chain as chain
    from models.services.tamper import tamper_report

    patient = create_patient(db, PatientDraft("T-9", "Ana", "Silva"), "tester")
    visit = save_draft(db, patient, READY, "tester")
    read_link = chain.last_link
    others: list[str] = []

    def another_program_writes(connection):  # type: ignore[no-untyped-def]
        link = read_link(connection)
        try:
            with sqlite3.connect(db_path, timeout=0) as raw:
                raw.execute("BEGIN IMMEDIATE")
                last_id, last_hash = raw.execute(chain.LAST_LINK).fetchone()
                event = {"id": last_id + 1, "at": "2026-11-27 08:00:00.000000", "actor": "cli",
                         "action": "import", "entity": "patient", "entity_id": None,
                         "patient_id": None, "before": "", "after": ""}  # fmt: skip
                event["prev_hash"], event["hash"] = last_hash, chain.event_hash(last_hash, event)
                names = ", ".join(event)
                marks = ", ".join(f":{name}" for name in event)
                raw.execute(f"INSERT INTO audit_event ({names}) VALUES ({marks})", event)
            others.append("wrote")
        except sqlite3.OperationalError as error:
            others.append(str(error))
        return link

    monkeypatch.setattr(chain, "last_link", another_program_writes)
    sign_visit(db, visit, "Dr Test")
    monkeypatch.undo()
    assert others == ["database is locked"]
    with db.engine.connect() as connection:
        assert tamper_report(connection).chain_break is None
