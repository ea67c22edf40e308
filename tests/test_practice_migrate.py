"""`holdfast migrate`: a practice moved into a clinic server and back into a file, verified
after each move (same rows, every signed visit's hash, the audit chain and its head); a
target that holds a practice, a source that was tampered with or cannot be read, and a
failure halfway all leave the target as it was, its locks in place (issue 12)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from models import practice_copy
from models.connect import is_encrypted
from models.database import Database, open_database
from models.lock_triggers import trigger_state
from models.practice_copy import MigrateFailed, practice_size
from models.practice_migrate import Endpoint, MigrateReport, migrate_practice
from models.records import PatientDraft
from models.server import open_server_database
from models.services.chain import chain_head, first_break
from models.services.demo import load_demo
from models.services.exchange import export_document
from models.services.patients import create_patient
from tests import servers
from tests.conftest import skip_here_fail_in_ci
from tests.test_tamper_check import as_attacker
from tests.test_tamper_locks import signed_and_draft
from ui.cli import main

DEMO_NAMES = ("Maya", "Okafor")  # never in a message


def _open(endpoint: Endpoint) -> Database:
    if endpoint.url is not None:
        return open_server_database(endpoint.url, endpoint.home)
    assert endpoint.path is not None
    return open_database(endpoint.path)


def exported(endpoint: Endpoint) -> dict[str, Any]:
    db = _open(endpoint)
    try:
        return export_document(db)
    finally:
        db.close()


def size(endpoint: Endpoint) -> tuple[int, int]:
    db = _open(endpoint)
    try:
        with db.engine.connect() as connection:
            return practice_size(connection)
    finally:
        db.close()


def verified_against(report: MigrateReport, source: Endpoint) -> None:
    """What the report says it verified is what the source holds."""
    db = _open(source)
    try:
        assert report.verified.head == chain_head(db)
        with db.engine.connect() as connection:
            patients, events = practice_size(connection)
            signed = connection.execute(text("SELECT count(*) FROM visit WHERE status = 'signed'"))
            assert report.verified.signed_visits == signed.scalar_one() > 0
    finally:
        db.close()
    assert (report.verified.rows["patient"], report.verified.rows["audit_event"]) == (
        patients,
        events,
    )


@pytest.fixture
def practice(tmp_path: Path) -> Endpoint:
    """The demo practice plus a visit signed with an addendum (and a draft), in a file."""
    path = tmp_path / "laptop" / "holdfast.sqlite3"
    db = open_database(path)
    try:
        load_demo(db)
        signed_and_draft(db)
    finally:
        db.close()
    return Endpoint(path=path)


@pytest.fixture
def server(test_server: servers.ServerForTests | None, tmp_path: Path) -> Iterator[Endpoint]:
    """An empty practice on the PostgreSQL test server."""
    if test_server is None:
        skip_here_fail_in_ci(f"no PostgreSQL server given (--pg-url or ${servers.URL_ENV})")
    url = test_server.fresh_url(tmp_path / "template-home")
    yield Endpoint(url=url, home=tmp_path / "server-home")
    test_server.drop(url)


def signed_visit_id(endpoint: Endpoint) -> int:
    db = _open(endpoint)
    try:
        with db.engine.connect() as connection:
            query = text("SELECT min(id) FROM visit WHERE status = 'signed'")
            return int(connection.execute(query).scalar_one())
    finally:
        db.close()


def server_locks_enabled(endpoint: Endpoint) -> bool:
    """Every trigger of the server's schema enabled, as a connection of its own sees them
    (a plain one: opening the practice would sync the exercise library, a write)."""
    assert endpoint.url is not None
    engine = create_engine(endpoint.url)
    try:
        with engine.connect() as connection:
            query = text("SELECT tgenabled FROM pg_trigger WHERE NOT tgisinternal")
            states = [state for (state,) in connection.execute(query)]
    finally:
        engine.dispose()
    return len(states) > 10 and set(states) == {"O"}


def test_a_practice_moves_from_file_to_file_verified(practice: Endpoint, tmp_path: Path) -> None:
    target = Endpoint(path=tmp_path / "new" / "holdfast.sqlite3")
    report = migrate_practice(practice, target)
    verified_against(report, practice)
    assert exported(target) == exported(practice)
    assert main(["--db", str(target.path), "check"]) == 0
    signed = signed_visit_id(target)
    with sqlite3.connect(target.path) as connection, pytest.raises(sqlite3.IntegrityError):
        connection.execute(f"UPDATE visit SET subjective = 'changed' WHERE id = {signed}")
    connection.close()


def test_a_practice_moves_into_a_server_and_back_verified_each_time(
    practice: Endpoint, server: Endpoint, tmp_path: Path
) -> None:
    verified_against(migrate_practice(practice, server), practice)
    back = Endpoint(path=tmp_path / "back" / "holdfast.sqlite3")
    verified_against(migrate_practice(server, back), server)
    assert exported(back) == exported(practice)
    assert main(["--db", str(back.path), "check"]) == 0

    db = _open(server)  # the server's locks are back, its ids continue after the copied ones
    try:
        with db.engine.connect() as connection:  # every patient is judged again
            stale = connection.execute(text("SELECT count(*) FROM hold_stale")).scalar_one()
            assert stale == practice_size(connection)[0]
        signed = signed_visit_id(server)
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(text(f"UPDATE visit SET subjective = 'x' WHERE id = {signed}"))
        patient = create_patient(db, PatientDraft("NEW-1", "Ana", "Silva"), "me")
        with db.engine.connect() as connection:
            assert patient == connection.execute(text("SELECT max(id) FROM patient")).scalar_one()
            assert first_break(connection) is None
    finally:
        db.close()
    assert server_locks_enabled(server)


@pytest.mark.parametrize("kind", ["file", "server"])
def test_a_target_that_holds_a_practice_is_refused_and_left_unchanged(
    practice: Endpoint, kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    if kind == "file":
        target = Endpoint(path=tmp_path / "other" / "holdfast.sqlite3")
    else:
        target = request.getfixturevalue("server")
    db = _open(target)
    try:
        create_patient(db, PatientDraft("X-1", "Someone", "Else"), "me")
        before, head = export_document(db), chain_head(db)
    finally:
        db.close()
    with pytest.raises(MigrateFailed, match="already holds a practice \\(1 patient"):
        migrate_practice(practice, target)
    db = _open(target)
    try:
        assert export_document(db) == before and chain_head(db) == head
    finally:
        db.close()


@pytest.mark.parametrize("kind", ["file", "server"])
def test_a_signed_visit_changed_by_hand_stops_the_move_and_the_target_stays_empty(
    practice: Endpoint, kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    signed = signed_visit_id(practice)
    assert practice.path is not None
    as_attacker(practice.path, f"UPDATE visit SET subjective = 'rewritten' WHERE id = {signed}")
    new_file = Endpoint(path=tmp_path / "new" / "holdfast.sqlite3")
    target = new_file if kind == "file" else request.getfixturevalue("server")
    with pytest.raises(MigrateFailed, match="of the source no longer match their hash") as no:
        migrate_practice(practice, target)
    assert f"visit {signed} (chart " in str(no.value)
    if kind == "file":
        assert not new_file.path.exists()  # type: ignore[union-attr]
    else:
        assert size(target) == (0, 0) and server_locks_enabled(target)


def test_an_audit_event_changed_by_hand_stops_the_move(practice: Endpoint, tmp_path: Path) -> None:
    assert practice.path is not None
    as_attacker(practice.path, "UPDATE audit_event SET actor = 'someone else' WHERE id = 3")
    with pytest.raises(MigrateFailed, match="source's audit chain is broken at event 3"):
        migrate_practice(practice, Endpoint(path=tmp_path / "new.sqlite3"))
    assert not (tmp_path / "new.sqlite3").exists()


def test_a_copy_that_differs_from_the_source_is_not_committed(
    practice: Endpoint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = practice_copy._writer

    def altering(target: Connection, name: str) -> Callable[[list[dict[str, Any]]], None]:
        write = writer(target, name)
        if name != "complaint":
            return write
        return lambda rows: write([{**row, "pain": (row["pain"] + 1) % 11} for row in rows])

    monkeypatch.setattr(practice_copy, "_writer", altering)  # a copy that went wrong somehow
    target = Endpoint(path=tmp_path / "new.sqlite3")
    with pytest.raises(MigrateFailed, match=r"^the copied complaints differ from the source's$"):
        migrate_practice(practice, target)
    assert not (tmp_path / "new.sqlite3").exists()


def test_a_failure_halfway_rolls_back_and_leaves_the_locks(
    practice: Endpoint, tmp_path: Path
) -> None:
    target = Endpoint(path=tmp_path / "empty" / "holdfast.sqlite3")
    open_database(target.path).close()  # type: ignore[arg-type]

    def interrupted(line: str, done: bool) -> None:
        if line.startswith("copied") and "readings" in line and done:
            raise KeyboardInterrupt  # Ctrl+C with patients and visits already written

    with pytest.raises(KeyboardInterrupt):
        migrate_practice(practice, target, interrupted)
    assert size(target) == (0, 0)
    db = _open(target)
    try:
        with db.engine.connect() as connection:
            assert trigger_state(connection).ok
            assert connection.execute(text("SELECT count(*) FROM visit")).scalar_one() == 0
    finally:
        db.close()
    verified_against(migrate_practice(practice, target), practice)  # and it can be done again


@pytest.mark.parametrize("kind", ["file", "server"])
def test_no_other_connection_sees_the_locks_missing_during_the_copy(
    practice: Endpoint, kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    if kind == "file":
        target = Endpoint(path=tmp_path / "empty" / "holdfast.sqlite3")
        open_database(target.path).close()  # type: ignore[arg-type]
    else:
        target = request.getfixturevalue("server")
    seen: list[bool] = []

    def look(line: str, done: bool) -> None:
        if done and line.startswith("copied") and "visits" in line:  # locks set aside here
            if kind == "file":
                with sqlite3.connect(target.path) as other:  # type: ignore[arg-type]
                    names = {name for (name,) in other.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                    )}  # fmt: skip
                other.close()
                seen.append("visit_locked_update" in names and "audit_no_update" in names)
            else:
                seen.append(server_locks_enabled(target))

    verified_against(migrate_practice(practice, target, look), practice)
    assert seen == [True]


def test_a_value_the_server_cannot_store_rolls_back_with_the_locks_enabled(
    practice: Endpoint, server: Endpoint
) -> None:
    assert practice.path is not None
    with sqlite3.connect(practice.path) as connection:  # a draft may still change
        connection.execute(
            "UPDATE visit SET subjective = 'a' || char(0) || 'b' WHERE status = 'draft'"
        )
    connection.close()
    with pytest.raises(MigrateFailed, match="target refused the source's visits") as no:
        migrate_practice(practice, server)
    assert not any(name in str(no.value) for name in DEMO_NAMES)
    assert size(server) == (0, 0) and server_locks_enabled(server)


def test_an_unreadable_source_is_refused_and_nothing_is_made(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all, " * 400)
    target = tmp_path / "new" / "holdfast.sqlite3"
    code = main(["migrate", "--from", str(garbage), "--to", str(target)])
    assert code == 1 and not target.parent.exists()  # the source was refused first
    code = main(["migrate", "--from", str(tmp_path / "missing.sqlite3"), "--to", str(target)])
    assert code == 1 and not target.parent.exists()
    assert not (tmp_path / "missing.sqlite3").exists()


def test_the_command_line_moves_a_practice_and_says_what_it_verified(
    practice: Endpoint,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HOLDFAST_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    target = tmp_path / "moved.sqlite3"
    assert main(["migrate", "--from", f"sqlite:///{practice.path}", "--to", str(target)]) == 0
    out = capsys.readouterr().out
    head = str(chain_head_of(practice))
    assert f"audit chain   whole; head {head}, the source's" in out
    assert "signed visits" in out and "each matches its hash" in out
    assert main(["migrate", "--from", str(practice.path), "--to", str(target)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    assert err.startswith("holdfast: ") and "Nothing was moved" in err
    assert not any(name in err for name in DEMO_NAMES)
    assert main(["migrate", "--from", str(target), "--to", str(target)]) == 1
    assert "same database" in capsys.readouterr().err


def test_the_command_line_moves_a_practice_into_a_server(
    practice: Endpoint,
    server: Endpoint,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # this computer's settings
    assert server.url is not None
    assert main(["migrate", "--from", str(practice.path), "--to", server.url]) == 0
    assert f"head {chain_head_of(practice)}, the source's" in capsys.readouterr().out
    assert main(["migrate", "--from", str(practice.path), "--to", server.url]) == 1
    assert "already holds a practice" in capsys.readouterr().err


def chain_head_of(endpoint: Endpoint) -> object:
    db = _open(endpoint)
    try:
        return chain_head(db)
    finally:
        db.close()


def test_addresses_are_read_as_files_or_servers_and_never_quoted_back() -> None:
    assert Endpoint.parse("~/practice.sqlite3").path == Path.home() / "practice.sqlite3"
    assert Endpoint.parse("sqlite:////srv/a.sqlite3").path == Path("/srv/a.sqlite3")
    server = Endpoint.parse("postgresql+psycopg://me:secret@host/clinic")
    assert server.shown == "postgresql+psycopg://me:***@host/clinic"
    assert "secret" not in repr(replace(server, passphrase="also secret"))
    with pytest.raises(MigrateFailed, match="--to is not a database"):
        Endpoint.parse("sqlite://", "--to")


def test_a_new_file_from_an_encrypted_one_is_encrypted_with_its_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    passphrase = "a long passphrase, for the test 7"
    source = tmp_path / "sealed.sqlite3"
    db = open_database(source, passphrase)
    try:
        signed_and_draft(db)
    finally:
        db.close()
    monkeypatch.setenv("HOLDFAST_PASSPHRASE", passphrase)
    target = tmp_path / "moved.sqlite3"
    assert main(["migrate", "--from", str(source), "--to", str(target)]) == 0
    assert is_encrypted(target)
    assert "each matches its hash" in capsys.readouterr().out
    db = open_database(target, passphrase)
    try:
        assert [p["chart_number"] for p in export_document(db)["patients"]] == ["T-1"]
    finally:
        db.close()


def test_photos_and_consent_move_into_a_server_and_back(server: Endpoint, tmp_path: Path) -> None:
    from models.services.photos import attach_photo, patient_photos
    from models.services.tamper import verify_visit
    from models.services.visits import load_visit
    from tests.photo_visits import photo_visit
    from tests.synthetic_photos import draw_photo

    source = Endpoint(path=tmp_path / "laptop" / "holdfast.sqlite3")
    db = open_database(source.path)  # type: ignore[arg-type]
    try:
        signed = photo_visit(db)
        draft = photo_visit(db, "P-2", signed=False)
    finally:
        db.close()
    report = migrate_practice(source, server)
    verified_against(report, source)
    assert report.verified.rows["photo"] == 8
    back = Endpoint(path=tmp_path / "back" / "holdfast.sqlite3")
    verified_against(migrate_practice(server, back), server)
    assert exported(back) == exported(source)  # images, marks and consent included
    assert main(["--db", str(back.path), "check"]) == 0

    db = _open(server)
    try:
        assert verify_visit(load_visit(db, signed.visit_id))
        with pytest.raises(DBAPIError), db.engine.begin() as connection:
            connection.execute(
                text("UPDATE photo SET landmarks = '' WHERE visit_id = :v"), {"v": signed.visit_id}
            )
        photo = draw_photo(draft_view := patient_photos(db, draft.patient_id)[0].view, 4.0)
        added = attach_photo(db, draft.visit_id, "pre", draft_view, photo.data, "me")
        assert added.id == 9  # the server's ids continue after the copied ones
    finally:
        db.close()
