"""Chart numbers are unique whatever their case, in the database itself, and found either way."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import event

from charting.errors import FieldError
from models.database import Database, make_engine, open_database
from models.exchange_format import ImportFailed
from models.migrate import SchemaError, current_revision, head_revision
from models.paths import backups_dir
from models.records import CHART_NUMBER_MAX, PatientDraft
from models.services.audit_trail import audit_trail
from models.services.exchange import import_document
from models.services.patients import (
    create_patient,
    patient_id_for_chart,
    search_patients,
    update_patient,
)
from tests.schemas import upgrade_to

pytestmark = pytest.mark.both_engines


@pytest.mark.sqlite_only  # the file itself: sqlite3 by hand, its query plans or upgrade
def test_the_database_refuses_a_chart_number_differing_only_by_case(
    db: Database, db_path: Path
) -> None:
    create_patient(db, PatientDraft("R-001", "Maya", "Okafor"), "tester")
    connection = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        connection.execute(
            "INSERT INTO patient (chart_number, first_name, last_name, sex, phone, email, "
            "running_profile, notes, archived, created_at, updated_at) "
            "VALUES ('r-001', 'Other', 'Person', '', '', '', '', '', 0, '2026-01-01', '2026-01-01')"
        )
    connection.close()


def test_a_new_patient_with_a_case_twin_chart_number_is_a_field_error(db: Database) -> None:
    create_patient(db, PatientDraft("R-001", "Maya", "Okafor"), "tester")
    with pytest.raises(FieldError) as raised:
        create_patient(db, PatientDraft("r-001", "Lena", "Berg"), "tester")
    assert raised.value.field == "chart_number"
    assert "r-001 is already used by another patient (as R-001" in raised.value.message
    assert "Okafor" not in str(raised.value) and "Maya" not in str(raised.value)
    assert [p.chart_number for p in search_patients(db)] == ["R-001"]


def test_editing_to_a_case_twin_is_refused_but_a_patient_may_recase_their_own(
    db: Database,
) -> None:
    create_patient(db, PatientDraft("R-001", "Maya", "Okafor"), "tester")
    other = create_patient(db, PatientDraft("B-2", "Lena", "Berg"), "tester")
    with pytest.raises(FieldError, match="already used by another patient"):
        update_patient(db, other, PatientDraft("r-001", "Lena", "Berg"), "tester")
    update_patient(db, other, PatientDraft("b-2", "Lena", "Berg"), "tester")
    assert sorted(p.chart_number for p in search_patients(db)) == ["R-001", "b-2"]


def test_lookup_by_chart_number_ignores_case(db: Database) -> None:
    maya = create_patient(db, PatientDraft("R-001", "Maya", "Okafor"), "tester")
    assert patient_id_for_chart(db, "r-001") == maya
    assert patient_id_for_chart(db, " R-001 ") == maya


def test_cli_holds_finds_the_patient_whatever_the_case(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    run = [sys.executable, "-m", "ui.cli", "--db", str(db)]
    assert subprocess.run([*run, "demo"], capture_output=True).returncode == 0
    result = subprocess.run([*run, "holds", "r-001"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("R-001: held 4 of 7")


def _document(*charts: str) -> dict[str, object]:
    patients = [{"chart_number": c, "first_name": "A", "last_name": "B"} for c in charts]
    return {"format": "holdfast", "version": 1, "patients": patients}


def test_import_refuses_case_twins_of_stored_and_of_each_other(db: Database) -> None:
    create_patient(db, PatientDraft("R-001", "Maya", "Okafor"), "tester")
    with pytest.raises(ImportFailed) as raised:
        import_document(db, _document("r-001", "X-1", "x-1"), "in.json", "tester")
    assert raised.value.errors == [
        "in.json:patients[0]:chart_number: r-001 is already used by another patient (as R-001)",
        "in.json:patients[2]:chart_number: x-1 is used twice in this file (as X-1)",
    ]
    assert [p.chart_number for p in search_patients(db)] == ["R-001"]


def _database_at(path: Path, revision: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)
    upgrade_to(engine, revision)
    engine.dispose()


def _insert_patient(connection: sqlite3.Connection, chart: str) -> None:
    now = datetime(2026, 1, 5, 9, 0).isoformat(" ")
    connection.execute(
        "INSERT INTO patient (chart_number, first_name, last_name, sex, phone, email, "
        "running_profile, notes, archived, created_at, updated_at) "
        "VALUES (?, 'First', 'Last', '', '', '', '', '', 0, ?, ?)",
        (chart, now, now),
    )


def test_upgrade_refuses_a_database_holding_case_twins_and_changes_nothing(
    db_path: Path,
) -> None:
    _database_at(db_path, "0001")
    with sqlite3.connect(db_path) as connection:
        for chart in ("R-001", "r-001", "B-7", "b-7", "Q-3"):
            _insert_patient(connection, chart)
    connection.close()
    with pytest.raises(SchemaError) as raised:
        open_database(db_path)
    message = str(raised.value)
    assert "B-7 and b-7" in message and "R-001 and r-001" in message
    assert "Q-3" not in message and "First" not in message and "Last" not in message
    assert "rename-chart" in message and "Nothing was changed" in message
    engine = make_engine(db_path)
    assert current_revision(engine) == "0001"  # not half-upgraded: 0002 rolled back too
    engine.dispose()
    with sqlite3.connect(db_path) as connection:
        indexes = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert "ix_patient_name" not in indexes
    assert list(backups_dir(db_path).glob("*before-upgrade-from-0001*"))


def test_rename_chart_lets_a_refused_database_upgrade(db_path: Path) -> None:
    _database_at(db_path, "0002")
    with sqlite3.connect(db_path) as connection:
        for chart in ("R-001", "r-001"):
            _insert_patient(connection, chart)
    connection.close()
    run = [sys.executable, "-m", "ui.cli", "--db", str(db_path)]
    refused = subprocess.run([*run, "patients"], capture_output=True, text=True)
    assert refused.returncode == 1 and "R-001 and r-001" in refused.stderr
    renamed = subprocess.run(
        [*run, "rename-chart", "r-001", "R-001b"], capture_output=True, text=True
    )
    assert renamed.returncode == 0, renamed.stderr
    assert "Chart number r-001 is now R-001b" in renamed.stdout
    listed = subprocess.run([*run, "patients"], capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    database = open_database(db_path)
    assert current_revision(database.engine) == head_revision()
    assert sorted(p.chart_number for p in search_patients(database)) == ["R-001", "R-001b"]
    with database.engine.connect() as connection:
        audited = connection.exec_driver_sql(
            "SELECT action, before, after FROM audit_event WHERE entity = 'patient'"
        ).all()
    renamed = audit_trail(database, patient_id_for_chart(database, "R-001b")).entries
    database.close()
    assert [(a, json.loads(b), json.loads(c)) for a, b, c in audited] == [
        ("rename chart number", {"chart_number": "r-001"}, {"chart_number": "R-001b"})
    ]
    assert [(e.what, [(c.label, c.before, c.after) for c in e.changes]) for e in renamed] == [
        ("Chart number changed", [("Chart number", "r-001", "R-001b")])
    ]  # the event written before schema 0006 found its patient on the upgrade


@pytest.mark.sqlite_only  # the file itself: sqlite3 by hand, its query plans or upgrade
def test_rename_chart_on_a_current_database_reads_before_and_after_in_the_trail(
    db: Database, db_path: Path
) -> None:
    maya = create_patient(db, PatientDraft("R-001", "Maya", "Okafor"), "tester")
    db.close()
    run = [sys.executable, "-m", "ui.cli", "--db", str(db_path)]
    renamed = subprocess.run(
        [*run, "rename-chart", "r-001", "R-009"], capture_output=True, text=True
    )
    assert renamed.returncode == 0, renamed.stderr
    long = "R" * (CHART_NUMBER_MAX + 1)
    refused = subprocess.run([*run, "rename-chart", "R-009", long], capture_output=True, text=True)
    assert refused.returncode == 1
    assert f"new chart number: must be at most {CHART_NUMBER_MAX} characters" in refused.stderr
    database = open_database(db_path)
    trail = audit_trail(database, maya).entries
    database.close()
    assert [(e.what, e.patient, [(c.label, c.before, c.after) for c in e.changes])
            for e in trail[:1]] == [
        ("Chart number changed", "Okafor, Maya (R-009)", [("Chart number", "R-001", "R-009")])
    ]  # fmt: skip


@pytest.mark.sqlite_only  # the file itself: sqlite3 by hand, its query plans or upgrade
def test_rename_chart_refuses_a_number_in_use(db: Database, db_path: Path) -> None:
    create_patient(db, PatientDraft("R-001", "Maya", "Okafor"), "tester")
    create_patient(db, PatientDraft("B-2", "Lena", "Berg"), "tester")
    db.close()
    run = [sys.executable, "-m", "ui.cli", "--db", str(db_path)]
    result = subprocess.run([*run, "rename-chart", "B-2", "r-001"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "r-001 is already used by another patient (as R-001)" in result.stderr


def _twin_written_before_the_next_flush(db: Database, db_path: Path, chart: str) -> None:
    """Another Holdfast on the same file saves a patient with `chart` after our check and
    before our write (a raw connection, committed, just before the session flushes)."""

    def second_writer(*_args: object) -> None:
        with sqlite3.connect(db_path) as connection:
            _insert_patient(connection, chart)
        connection.close()

    event.listen(db.session_factory, "before_flush", second_writer, once=True)


@pytest.mark.sqlite_only  # the file itself: sqlite3 by hand, its query plans or upgrade
def test_a_chart_number_taken_meanwhile_by_another_writer_is_a_field_error(
    db: Database, db_path: Path
) -> None:
    other = create_patient(db, PatientDraft("B-2", "Lena", "Berg"), "tester")
    _twin_written_before_the_next_flush(db, db_path, "R-001")
    with pytest.raises(FieldError) as raised:
        update_patient(db, other, PatientDraft("r-001", "Lena", "Berg"), "tester")
    assert raised.value.field == "chart_number"
    assert raised.value.message == "r-001 is already used by another patient (as R-001)"
    assert "INSERT" not in str(raised.value) and "UPDATE" not in str(raised.value)
    assert sorted(p.chart_number for p in search_patients(db)) == ["B-2", "R-001"]
    _twin_written_before_the_next_flush(db, db_path, "Q-3")
    with pytest.raises(FieldError, match="q-3 is already used by another patient"):
        create_patient(db, PatientDraft("q-3", "Tom", "Whitfield"), "tester")
