"""A practice on a PostgreSQL clinic server: the database itself refuses what SQLite's
triggers refuse (a hand-typed statement in psql included), two practitioners appending to
the audit trail at once leave one unbroken chain, and a URL that is not a server's is
refused in words."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from charting.readings import Device, Phase, Reading
from models import audit
from models.database import Database
from models.opening import UnusableDatabase
from models.records import Finding, PatientDraft, PlanEntry, VisitDraft
from models.server import open_server_database, safe_url, with_password
from models.services.audit_trail import audit_trail
from models.services.chain import first_break
from models.services.patient_search import matching
from models.services.patients import create_patient
from models.services.search import search_words
from models.services.visits import save_draft, sign_visit
from tests.servers import ServerForTests
from ui.cli import main

pytestmark = pytest.mark.both_engines

SIGNABLE = VisitDraft(
    date(2026, 3, 2),
    "initial",
    readings=(Reading(Phase.PRE, Device.PALM, "AB", 16, 8, 6, 0),),
    reasoning="Short left hip flexors",
    findings=(Finding("iliopsoas", "left", "short_overactive"),),
    plan=(PlanEntry("half_kneeling_hip_flexor_stretch", 2, 7, hold_s=30, side="left"),),
)


def _chain_unbroken(db: Database) -> bool:
    with db.engine.connect() as connection:
        return first_break(connection) is None


def _signed_visit(db: Database) -> tuple[int, int]:
    patient = create_patient(db, PatientDraft("C-1", "Ana", "Silva"), "me")
    visit = save_draft(db, patient, SIGNABLE, "me")
    sign_visit(db, visit, "Dr Who, DC")
    draft = save_draft(db, patient, VisitDraft(date(2026, 3, 9)), "me")
    return visit, draft


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE visit SET subjective = 'changed' WHERE id = :signed",
        "DELETE FROM visit WHERE id = :signed",
        "UPDATE reading SET left_tilt_deg = 1 WHERE visit_id = :signed",
        "DELETE FROM reading WHERE visit_id = :signed",
        "UPDATE reading SET visit_id = :draft WHERE visit_id = :signed",
        "INSERT INTO complaint (visit_id, region, side, pain, carried_over)"
        " VALUES (:signed, 'low_back', 'left', 3, false)",
        "UPDATE audit_event SET actor = 'someone else'",
        "INSERT INTO patient (chart_number, first_name, last_name, sex, phone, email,"
        " running_profile, notes, archived, created_at, updated_at) VALUES ('c-1', 'A', 'B',"
        " '', '', '', '', '', false, current_timestamp, current_timestamp)",  # C-1's twin
        "DELETE FROM audit_event",
        "INSERT INTO visit (patient_id, visit_date, kind, subjective, objective, assessment,"
        " plan_text, correction, hypothesis_reasoning, no_plan_reason, carried_over, status,"
        " created_at, updated_at) SELECT patient_id, visit_date, kind, '', '', '', '', '', '',"
        " '', false, 'signed', created_at, updated_at FROM visit WHERE id = :signed",
    ],
)
def test_a_hand_typed_statement_cannot_change_what_was_signed(db: Database, statement: str) -> None:
    signed, draft = _signed_visit(db)
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(text(statement), {"signed": signed, "draft": draft})
    with db.engine.connect() as connection:
        subjective = connection.execute(
            text("SELECT subjective FROM visit WHERE id = :v"), {"v": signed}
        )
        assert subjective.scalar_one() == ""
    assert _chain_unbroken(db)


def test_two_practitioners_writing_at_once_leave_one_unbroken_audit_chain(db: Database) -> None:
    if not db.on_server:
        pytest.skip("SQLite has one writer at a time by design")
    patient = create_patient(db, PatientDraft("C-1", "Ana", "Silva"), "me")
    failures: list[BaseException] = []
    start = threading.Barrier(2)

    def write_events(actor: str) -> None:
        try:
            start.wait()
            for number in range(20):
                with db.session() as session:
                    audit.record(session, actor, "note", "patient", patient, after=number,
                                 patient_id=patient)  # fmt: skip
        except BaseException as error:  # reported below, in the test's thread
            failures.append(error)

    workers = [threading.Thread(target=write_events, args=(n,)) for n in ("Dr A", "Dr B")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    with db.engine.connect() as connection:
        actors = connection.execute(text("SELECT actor FROM audit_event WHERE action = 'note'"))
        assert sorted(actors.scalars()).count("Dr A") == 20
    assert _chain_unbroken(db)


def test_a_url_that_is_not_a_clinic_server_is_refused_in_words(tmp_path: Path) -> None:
    with pytest.raises(UnusableDatabase, match="postgresql\\+psycopg://user@host/database"):
        open_server_database("sqlite:///somewhere.db", tmp_path)
    with pytest.raises(UnusableDatabase, match="cannot be reached") as refused:
        open_server_database("postgresql+psycopg://someone:secret@127.0.0.1:1/practice", tmp_path)
    assert "secret" not in str(refused.value)
    assert safe_url("postgresql+psycopg://someone:secret@host/db") == (
        "postgresql+psycopg://someone:***@host/db"
    )


def test_the_command_line_works_on_a_clinic_server(
    db: Database,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not db.on_server:
        pytest.skip("--database-url names a clinic server")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # this computer's settings
    assert db.url is not None
    url = db.url
    assert main(["--database-url", url, "demo"]) == 0
    loaded = capsys.readouterr().out
    assert f"@{make_url(url).host}" in loaded and make_url(url).password not in loaded
    assert main(["--database-url", url, "patients"]) == 0
    listed = capsys.readouterr().out
    assert "last visit" in listed
    exported = tmp_path / "practice.json"
    assert main(["--database-url", url, "export", "-o", str(exported)]) == 0
    assert exported.stat().st_size > 1000
    assert main(["--database-url", url, "backup"]) == 1
    assert "pg_dump" in capsys.readouterr().err
    assert main(["--database-url", url, "check"]) == 0
    checked = capsys.readouterr().out
    assert "lock triggers all present" in checked and "audit chain   whole" in checked
    assert "secret" not in checked


def test_check_on_a_server_finds_a_switched_off_lock_and_a_changed_signature(
    db: Database, test_server: ServerForTests | None, capsys: pytest.CaptureFixture[str]
) -> None:
    if not db.on_server:
        pytest.skip("the file's own check is tested in tests/test_tamper_check.py")
    assert test_server is not None and db.url is not None
    signed, _draft = _signed_visit(db)
    with db.engine.begin() as connection:  # the owner of the tables can switch a lock off
        connection.execute(text("ALTER TABLE visit DISABLE TRIGGER visit_locked"))
        connection.execute(text("UPDATE visit SET subjective = 'rewritten' WHERE id = :v"),
                           {"v": signed})  # fmt: skip
    assert main(["--database-url", db.url, "check"]) == 1
    checked = capsys.readouterr().out
    assert "altered: visit_locked" in checked
    assert "signed visits 1 of 1 changed since signing" in checked


def test_each_event_names_the_account_that_signed_in_and_it_cannot_be_forged(
    db: Database, test_server: ServerForTests | None, tmp_path: Path
) -> None:
    if not db.on_server:
        pytest.skip("an account is a clinic server's sign-in")
    assert test_server is not None and db.url is not None
    role = f"dr_b_{make_url(db.url).database}"
    test_server.run(
        f"CREATE ROLE {role} LOGIN PASSWORD 'her own' IN ROLE {make_url(db.url).username}"
    )
    try:
        dr_b = make_url(db.url).set(username=role, password="her own")
        with pytest.raises(UnusableDatabase, match="did not accept the sign-in") as refused:
            open_server_database(with_password(dr_b.render_as_string(False), "wrong"), tmp_path)
        assert refused.value.reason == "sign-in" and "wrong" not in str(refused.value)
        as_dr_b = open_server_database(dr_b.render_as_string(False), tmp_path / "dr-b")
        try:
            patient = create_patient(as_dr_b, PatientDraft("C-2", "Bo", "Lind"), "Dr B")
            with as_dr_b.engine.begin() as connection:
                forged = "INSERT INTO audit_event (id, at, actor, action, entity, before, after, account, prev_hash, hash) SELECT max(id) + 1, now(), 'x', 'note', 'patient', '', '', 'someone else', (SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1), repeat('0', 64) FROM audit_event"  # noqa: E501
                connection.execute(text(forged))
        finally:
            as_dr_b.close()
        trail = audit_trail(db, patient)
        assert trail.entries[-1].actor == f"Dr B (signed in as {role})"
        with db.engine.connect() as connection:
            accounts = connection.execute(text("SELECT DISTINCT account FROM audit_event"))
            assert set(accounts.scalars()) == {role}  # the forged event names its real author
    finally:
        test_server.run(f"DROP OWNED BY {role}")
        test_server.run(f"DROP ROLE {role}")


def test_the_practice_belongs_to_the_clinics_role_not_to_who_started_first(
    db: Database, test_server: ServerForTests | None, tmp_path: Path
) -> None:
    """The README's set-up: a role owns the database, practitioners are its members."""
    if not db.on_server:
        pytest.skip("roles are a clinic server's")
    assert test_server is not None and db.url is not None
    name = f"{make_url(db.url).database}_clinic"
    owner, first, second = f"{name}_owner", f"{name}_jo", f"{name}_sam"
    test_server.run(f"CREATE ROLE {owner} NOLOGIN")
    for practitioner in (first, second):
        test_server.run(f"CREATE ROLE {practitioner} LOGIN PASSWORD 'pw' IN ROLE {owner}")
    test_server.run(f"CREATE DATABASE {name} OWNER {owner}")
    url = make_url(db.url).set(database=name, password="pw")
    try:
        for practitioner in (first, second):
            signed_in = url.set(username=practitioner).render_as_string(hide_password=False)
            practice = open_server_database(signed_in, tmp_path / practitioner)
            try:
                create_patient(practice, PatientDraft(practitioner, "Ana", "Silva"), "me")
                with practice.engine.connect() as connection:
                    owners = connection.execute(
                        text(
                            "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
                        )
                    )
                    assert set(owners.scalars()) == {owner}
            finally:
                practice.close()
    finally:
        test_server.run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        for role in (first, second, owner):
            test_server.run(f"DROP ROLE IF EXISTS {role}")


def test_the_servers_jit_compiler_is_off_for_holdfasts_short_queries(db: Database) -> None:
    """Found at 1,000 patients: compiling the list's page query took 0.4 s of 0.43 s."""
    if not db.on_server:
        pytest.skip("SQLite has no JIT compiler")
    with db.engine.connect() as connection:
        assert connection.execute(text("SHOW jit")).scalar() == "off"


def test_a_name_search_on_a_server_can_be_answered_by_the_trigram_index(db: Database) -> None:
    """Found at 1,000 patients: the index was on lower(words), which ILIKE cannot use."""
    if not db.on_server:
        pytest.skip("the file's name index is FTS5's trigram table")
    query = matching(search_words("okafor"), [], include_archived=False)
    compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
    with db.engine.begin() as connection:
        connection.execute(text("SET LOCAL enable_seqscan = off"))  # any table is small here
        plan = "\n".join(connection.execute(text(f"EXPLAIN {compiled}")).scalars())
    assert "ix_patient_search_words" in plan
