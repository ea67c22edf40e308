"""The database itself: pragmas, migrations, and the locks that protect signed visits."""

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from charting.readings import Device, Phase, Reading
from models.database import Database, make_engine, open_database
from models.migrate import SchemaError, current_revision, head_revision
from models.orm import AuditEvent
from models.paths import backups_dir
from models.records import Complaint, Finding, PatientDraft, PlanEntry, VisitDraft
from models.services.patients import create_patient
from models.services.visits import delete_draft, save_draft, sign_visit
from tests.schemas import downgrade_to, upgrade_to


def signed_visit(db: Database) -> int:
    patient = create_patient(db, PatientDraft("C-1", "Ana", "Silva"), "tester")
    draft = VisitDraft(
        date(2026, 3, 2),
        "initial",
        readings=(Reading(Phase.PRE, Device.PALM, "AB", 15, 8, 6, 0),),
        findings=(Finding("iliopsoas", "left", "short_overactive", "Thomas +"),),
        plan=(PlanEntry("glute_bridge", 3, 5, reps=12),),
    )
    visit = save_draft(db, patient, draft, "tester")
    sign_visit(db, visit, "Dr Test")
    return visit


def test_pragmas_on_every_connection(db: Database) -> None:
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_new_database_is_stamped(db: Database) -> None:
    assert current_revision(db.engine) == head_revision()


def test_raw_sqlite_update_of_signed_visit_fails(db: Database, db_path: Path) -> None:
    visit = signed_visit(db)
    connection = sqlite3.connect(db_path)
    statements = [
        f"UPDATE visit SET subjective = 'changed' WHERE id = {visit}",
        f"DELETE FROM visit WHERE id = {visit}",
        f"UPDATE reading SET rotation_deg = 0 WHERE visit_id = {visit}",
        f"DELETE FROM muscle_finding WHERE visit_id = {visit}",
        f"UPDATE plan_item SET sets = 9 WHERE visit_id = {visit}",
        f"INSERT INTO complaint (visit_id, region, side, pain) VALUES ({visit}, 'knee', 'left', 3)",
        "UPDATE audit_event SET actor = 'someone else'",
        "DELETE FROM audit_event",
    ]
    for statement in statements:
        with pytest.raises(sqlite3.IntegrityError, match=r"locked|append-only"):
            connection.execute(statement)
    connection.close()


def test_every_change_is_audited(db: Database) -> None:
    signed_visit(db)
    with db.session() as session:
        actions = [(e.action, e.entity) for e in session.query(AuditEvent).order_by(AuditEvent.id)]
    assert actions == [("create", "patient"), ("create", "visit"), ("sign", "visit")]


def test_newer_database_is_refused(db_path: Path) -> None:
    open_database(db_path).close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(SchemaError, match="newer Holdfast"):
        open_database(db_path)


def test_older_database_is_backed_up_and_upgraded(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    engine = make_engine(db_path)
    upgrade_to(engine, "0001")
    assert current_revision(engine) == "0001"
    engine.dispose()
    database = open_database(db_path)
    assert current_revision(database.engine) == head_revision() != "0001"
    database.close()
    (backup,) = backups_dir(db_path).glob("*before-upgrade-from-0001*")
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def _downgraded(db: Database, revision: str) -> None:
    """The file as an older Holdfast left it: the same rows, the schema of `revision`."""
    downgrade_to(db.engine, revision)
    db.close()


def test_an_0005_database_is_backed_up_then_gains_carried_complaints_and_audit_by_patient(
    db: Database, db_path: Path
) -> None:
    visit = signed_visit(db)  # patient 1, with a complaint-free signed visit
    other = create_patient(db, PatientDraft("C-2", "Ben", "Okoro"), "tester")
    rated = VisitDraft(date(2026, 3, 9), complaints=(Complaint("knee", "left", 4),))
    kept = save_draft(db, other, rated, "tester")
    discarded = save_draft(db, other, VisitDraft(date(2026, 3, 16)), "tester")
    delete_draft(db, discarded, "tester")
    _downgraded(db, "0005")
    with sqlite3.connect(db_path) as old:
        visits_before = old.execute("SELECT * FROM visit ORDER BY id").fetchall()
        events_before = old.execute("SELECT * FROM audit_event ORDER BY id").fetchall()
        triggers = old.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        triggers_before = sorted(triggers.fetchall())
        assert "patient_id" not in {row[1] for row in old.execute("PRAGMA table_info(audit_event)")}
    old.close()

    upgraded = open_database(db_path)
    upgraded.close()
    (backup,) = backups_dir(db_path).glob("*before-upgrade-from-0005*")
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0005",)
        assert copy.execute("SELECT * FROM audit_event ORDER BY id").fetchall() == events_before
    copy.close()
    with sqlite3.connect(db_path) as new:
        visits = new.execute("SELECT * FROM visit ORDER BY id").fetchall()
        assert [row[: len(visits_before[0])] for row in visits] == visits_before  # + 0007's
        events = new.execute(
            "SELECT id, at, actor, action, entity, entity_id, before, after FROM audit_event"
            " ORDER BY id"
        ).fetchall()
        assert [tuple(e) for e in events] == [tuple(e) for e in events_before]  # as they were
        owners = new.execute("SELECT entity, entity_id, action, patient_id FROM audit_event")
        assert sorted(owners.fetchall(), key=str) == sorted([
            ("patient", 1, "create", 1), ("visit", visit, "create", 1), ("visit", visit, "sign", 1),
            ("patient", other, "create", other), ("visit", kept, "create", other),
            ("visit", discarded, "create", None), ("visit", discarded, "delete", None),
        ], key=str)  # fmt: skip
        assert new.execute("SELECT carried_over FROM complaint").fetchall() == [(0,)]
        triggers = new.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        kept_triggers = {name for name, _sql in triggers_before}
        assert kept_triggers <= {name for name, _sql in triggers.fetchall()}  # locks kept
        plan = new.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM audit_event WHERE patient_id = ?", (other,)
        ).fetchall()
        assert "ix_audit_event_patient_id" in str(plan)
        for statement in (
            f"UPDATE visit SET subjective = 'changed' WHERE id = {visit}",
            "INSERT INTO complaint (visit_id, region, side, pain)"
            f" VALUES ({visit}, 'hip', 'left', 2)",
            "UPDATE audit_event SET patient_id = NULL",
        ):
            with pytest.raises(sqlite3.IntegrityError, match=r"locked|append-only"):
                new.execute(statement)
    new.close()
