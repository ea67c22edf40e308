"""Who did it: every audit event names the practitioner from Preferences, or, when no name
is set, the computer account that ran Holdfast (never 'unnamed user' or 'unknown')."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from models.database import Database, open_database
from models.orm import AuditEvent
from models.settings import Settings, save_settings
from tests.dialogs import click_save
from ui.actions.patients import new_patient
from ui.background import SyncRunner
from ui.cli import main
from ui.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def account(monkeypatch: pytest.MonkeyPatch) -> str:
    """The account name getpass reads first (LOGNAME), so the expected name is known."""
    monkeypatch.setenv("LOGNAME", "jdoe")
    return "account jdoe"


def actors(db_path: Path) -> set[str]:
    db = open_database(db_path)
    try:
        with db.session() as session:
            return set(session.scalars(select(AuditEvent.actor)))
    finally:
        db.close()


def add_patient_in_the_window(qtbot: QtBot, db: Database) -> None:
    window = MainWindow(AppContext(db, SyncRunner()))
    qtbot.addWidget(window)
    window.show()
    dialog = new_patient(window.context, window)
    qtbot.keyClicks(dialog.chart_number, "W-1")
    qtbot.keyClicks(dialog.first_name, "Lena")
    qtbot.keyClicks(dialog.last_name, "Berg")
    click_save(qtbot, dialog)
    assert not dialog.isVisible()


def test_gui_names_the_computer_account_when_no_name_is_set(
    qtbot: QtBot, db: Database, account: str
) -> None:
    add_patient_in_the_window(qtbot, db)
    assert actors(db.path) == {account}


def test_gui_names_the_practitioner_when_set(qtbot: QtBot, db: Database) -> None:
    save_settings(db.path, Settings(practitioner_name="Jo Reyes", credentials="RMT"))
    add_patient_in_the_window(qtbot, db)
    assert actors(db.path) == {"Jo Reyes, RMT"}


def test_command_line_names_the_account_then_the_practitioner(tmp_path: Path, account: str) -> None:
    path = tmp_path / "holdfast.sqlite3"
    assert main(["--db", str(path), "demo"]) == 0
    assert actors(path) == {account}
    save_settings(path, Settings(practitioner_name="Jo Reyes"))
    exchange = tmp_path / "out.json"
    assert main(["--db", str(path), "export", "-o", str(exchange)]) == 0
    other = tmp_path / "other" / "holdfast.sqlite3"
    other.parent.mkdir()
    save_settings(other, Settings(practitioner_name="Jo Reyes"))
    assert main(["--db", str(other), "import", str(exchange)]) == 0
    assert actors(other) == {"Jo Reyes"}


def test_an_audit_event_without_an_actor_names_the_account(db: Database, account: str) -> None:
    from models.audit import record

    with db.session() as session:
        record(session, "", "create", "patient", None, patient_id=None)
    assert actors(db.path) == {account}
