"""Tampering by someone who drops the triggers first, with the plain sqlite3 module: each is
caught by `holdfast check` in one line naming what broke (issue 10, finding 2 and the
tamper-evident audit promise)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from models.audit_chain import GENESIS, event_hash
from models.database import open_database
from models.services.chain import chain_head
from models.services.tamper import verify_visit
from models.services.visits import load_visit
from tests.test_tamper_locks import signed_and_draft
from ui.cli import main

LOCKS = ("visit_locked_update", "audit_no_update", "audit_no_delete", "addendum_audited")


def make_database(db_path: Path) -> tuple[int, int]:
    db = open_database(db_path)
    try:
        return signed_and_draft(db)
    finally:
        db.close()


def check(db_path: Path, capsys: pytest.CaptureFixture[str], *more: str) -> tuple[int, str]:
    code = main(["--db", str(db_path), "check", *more])
    return code, capsys.readouterr().out


def line_of(output: str, start: str) -> str:
    (found,) = [line for line in output.splitlines() if line.startswith(start)]
    return found


def as_attacker(db_path: Path, *statements: str, drop: tuple[str, ...] = LOCKS) -> None:
    """Drop triggers, run the statements, and leave the triggers dropped."""
    with sqlite3.connect(db_path) as connection:
        for name in drop:
            connection.execute(f"DROP TRIGGER IF EXISTS {name}")
        for statement in statements:
            connection.execute(statement)
    connection.close()


def test_a_healthy_database_checks_ok(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_database(db_path)
    code, out = check(db_path, capsys)
    assert code == 0 and out.rstrip().endswith("OK"), out
    assert line_of(out, "lock triggers") == (
        "lock triggers all present and as the schema defines them"
    )
    assert line_of(out, "audit chain").startswith("audit chain   whole; head audit ")


def test_a_dropped_trigger_is_reported_then_put_back_at_open_and_audited(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_database(db_path)
    as_attacker(db_path, drop=("reading_locked_update",))
    with sqlite3.connect(db_path) as connection:  # and one weakened rather than dropped
        connection.execute("DROP TRIGGER visit_locked_delete")
        connection.execute(
            "CREATE TRIGGER visit_locked_delete BEFORE DELETE ON visit WHEN 0"
            " BEGIN SELECT RAISE(ABORT, 'no'); END"
        )
    connection.close()
    code, out = check(db_path, capsys)
    assert code == 1
    assert line_of(out, "lock triggers").startswith(
        "lock triggers missing: reading_locked_update; altered: visit_locked_delete"
    )
    assert main(["--db", str(db_path), "patients"]) == 0
    warning = capsys.readouterr().err.strip()
    assert len(warning.splitlines()) == 1 and "put back" in warning and "check" in warning
    db = open_database(db_path)  # already repaired: nothing more to put back
    assert db.repaired_triggers == ()
    db.close()
    with sqlite3.connect(db_path) as connection:
        event = connection.execute(
            "SELECT actor, action, after FROM audit_event ORDER BY id DESC LIMIT 1"
        ).fetchone()
    connection.close()
    assert event[1] == "restore_triggers"
    assert json.loads(event[2]) == ["reading_locked_update", "visit_locked_delete"]
    assert check(db_path, capsys)[0] == 0


def test_the_gui_says_at_start_that_triggers_were_put_back(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_app_open_safety import start_gui
    from ui.tamper_notice import TITLE

    make_database(db_path)
    as_attacker(db_path, drop=("complaint_locked_delete",))
    start = start_gui(db_path)
    assert start.code == 0
    assert (
        "complaint_locked_delete" in start.boxes[TITLE] and "holdfast check" in start.boxes[TITLE]
    )
    assert start.labels["repaired_triggers_label"].startswith("Warning: protections were missing")


def test_signed_content_edited_with_a_recomputed_plain_hash_is_caught(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    signed, _draft = make_database(db_path)
    forged_hash = hashlib.sha256(b"whatever the edited note hashes to").hexdigest()
    as_attacker(
        db_path,
        f"UPDATE visit SET subjective = 'edited', content_hash = '{forged_hash}'"
        f" WHERE id = {signed}",
    )
    code, out = check(db_path, capsys)
    assert code == 1
    assert line_of(out, "signed visits") == (
        f"signed visits 1 of 1 changed since signing (content does not match its hash): "
        f"visit {signed} (chart T-1)"
    )
    assert line_of(out, "sign events").endswith(f"visit {signed} (chart T-1)")  # hash not signed
    db = open_database(db_path)
    assert not verify_visit(load_visit(db, signed))  # what the PDF asks before "Signed by"
    db.close()


def test_a_visit_signed_outside_holdfast_and_forged_or_edited_addenda_are_caught(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    signed, draft = make_database(db_path)
    as_attacker(
        db_path,
        f"UPDATE visit SET status = 'signed', signed_by = 'Dr Test', signed_at = '2026-03-02"
        f" 18:00:00.000000', content_hash = '{'1' * 64}' WHERE id = {draft}",
        "INSERT INTO addendum (visit_id, text, reason, author, created_at) VALUES"
        f" ({signed}, 'forged', 'none', 'Dr Test', '2026-03-03 10:00:00.000000')",
        "UPDATE addendum SET text = 'Pain 0/10 by phone.' WHERE id = 1",  # the real one
        drop=("visit_sign_audited", "addendum_audited", "addendum_no_update"),
    )
    code, out = check(db_path, capsys)
    assert code == 1
    assert line_of(out, "sign events").endswith(f"visit {draft} (chart T-1)")
    assert line_of(out, "addenda") == (
        "addenda       2 addendum(s) not written by Holdfast (no audit event records them): 1, 2"
    )


def test_deleted_and_edited_audit_events_name_the_first_broken_link(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_database(db_path)
    as_attacker(db_path, "DELETE FROM audit_event WHERE id IN (3, 4)")
    assert line_of(check(db_path, capsys)[1], "audit chain").startswith(
        "audit chain   broken at event 5: the events before it (3 to 4) are missing"
    )
    as_attacker(db_path, "UPDATE audit_event SET actor = 'someone else' WHERE id = 2")
    code, out = check(db_path, capsys)
    assert code == 1
    assert line_of(out, "audit chain").startswith(
        "audit chain   broken at event 2: its content was changed after it was written"
    )


def rewrite_whole_chain(db_path: Path) -> None:
    """Change the first event and re-hash every event after it, as a careful attacker
    who knows the algorithm would: the chain is whole again."""
    as_attacker(db_path, "UPDATE audit_event SET actor = 'someone else' WHERE id = 1")
    with sqlite3.connect(db_path) as connection:
        connection.row_factory = sqlite3.Row
        prev = GENESIS
        for row in connection.execute("SELECT * FROM audit_event ORDER BY id").fetchall():
            linked = event_hash(prev, dict(row))
            connection.execute(
                "UPDATE audit_event SET prev_hash = ?, hash = ? WHERE id = ?",
                (prev, linked, row["id"]),
            )
            prev = linked
    connection.close()


def test_a_rewritten_chain_is_caught_against_an_earlier_backup_and_a_printed_head(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_database(db_path)
    backup = tmp_path / "earlier.sqlite3"
    assert main(["--db", str(db_path), "backup", "-o", str(backup)]) == 0
    db = open_database(db_path)
    printed = str(chain_head(db))
    db.close()
    assert f"Chain head of the backup: {printed}" in capsys.readouterr().out
    assert check(db_path, capsys, "--against", str(backup))[0] == 0
    assert check(db_path, capsys, "--against", printed)[0] == 0

    rewrite_whole_chain(db_path)
    code, out = check(db_path, capsys)
    assert line_of(out, "audit chain").startswith("audit chain   whole")  # consistent alone
    code, out = check(db_path, capsys, "--against", str(backup))
    assert code == 1
    assert line_of(out, "against").endswith(
        "the chain was rewritten since that backup: event 1 differs"
    )
    code, out = check(db_path, capsys, "--against", printed)
    assert code == 1
    assert "the chain was rewritten since it was printed" in line_of(out, "against")


def test_events_cut_from_the_end_are_caught_against_a_printed_head(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_database(db_path)
    db = open_database(db_path)
    printed = str(chain_head(db))
    last = chain_head(db).events
    db.close()
    as_attacker(db_path, f"DELETE FROM audit_event WHERE id >= {last - 1}")
    code, out = check(db_path, capsys)
    assert line_of(out, "audit chain").startswith("audit chain   whole")  # the tail is gone
    code, out = check(db_path, capsys, "--against", printed)
    assert code == 1 and "events are gone" in line_of(out, "against")


def test_an_audit_event_inserted_with_the_link_trigger_dropped_breaks_the_chain(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_database(db_path)
    as_attacker(
        db_path,
        "INSERT INTO audit_event (at, actor, action, entity, entity_id, before, after,"
        " prev_hash, hash) VALUES ('2026-03-03 10:00:00.000000', 'Dr Test', 'create',"
        f" 'patient', 1, '', '', '{GENESIS}', '{'e' * 64}')",
        drop=("audit_chain_link",),
    )
    code, out = check(db_path, capsys)
    assert code == 1
    assert "does not link to the event before it" in line_of(out, "audit chain")


def test_a_backup_from_before_the_chain_is_compared_by_its_recomputed_hashes(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Backups made before schema 0007 hold no hashes: the comparison computes them as the
    upgrade did, so the backups people already have still catch a rewritten chain."""
    from models.database import make_engine
    from tests.schemas import downgrade_to

    make_database(db_path)
    backup = tmp_path / "before-the-chain.sqlite3"
    assert main(["--db", str(db_path), "backup", "-o", str(backup)]) == 0
    engine = make_engine(backup)
    downgrade_to(engine, "0006")
    engine.dispose()
    capsys.readouterr()
    code, out = check(db_path, capsys, "--against", str(backup))
    assert code == 0, out
    assert line_of(out, "against").endswith("the chain continues it unchanged")

    rewrite_whole_chain(db_path)
    code, out = check(db_path, capsys, "--against", str(backup))
    assert code == 1
    assert line_of(out, "against").endswith(
        "the chain was rewritten since that backup: event 1 differs"
    )
