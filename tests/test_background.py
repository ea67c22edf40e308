"""Work off the GUI thread: every failure reaches the user (defect 14) as a message in plain
words, unless the caller handles it; the test runner reports the same way."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from models.database import Database
from models.orm import Patient
from models.records import PatientDraft
from models.services.patients import create_patient
from ui.background import BackgroundRunner, SyncRunner, dismiss_failures


def shown_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


@pytest.fixture
def boxes(qtbot: QtBot) -> Iterator[None]:
    yield
    dismiss_failures()  # looked at: not left over


def shown_text(qtbot: QtBot) -> str:
    qtbot.waitUntil(lambda: len(shown_boxes()) == 1, timeout=10000)
    (box,) = shown_boxes()
    return f"{box.windowTitle()}\n{box.text()}\n{box.informativeText()}\n{box.detailedText()}"


def fail_backup() -> None:
    raise ValueError("backup folder: choose a folder Holdfast may write to")


def test_a_failed_job_without_a_handler_is_shown(qtbot: QtBot, boxes: None) -> None:
    runner = BackgroundRunner()
    done: list[object] = []
    runner.run(fail_backup, done.append)
    text = shown_text(qtbot)
    assert "backup folder: choose a folder Holdfast may write to" in text
    assert "Traceback" not in text and "fail_backup" not in text
    assert done == [] and runner.wait()


def test_a_database_error_is_reported_without_sql_or_patient_data(
    qtbot: QtBot, boxes: None, db: Database
) -> None:
    patient_id = create_patient(db, PatientDraft("B-1", "Lena", "Berg"), "test")
    now = datetime(2026, 5, 4)

    def duplicate() -> None:  # the same id again: the database refuses it
        with db.session() as session:
            session.execute(
                insert(Patient).values(
                    id=patient_id, chart_number="B-2", first_name="Lena", last_name="Berg",
                    created_at=now, updated_at=now,
                )
            )  # fmt: skip

    BackgroundRunner().run(duplicate, lambda _: None)
    text = shown_text(qtbot)
    assert "IntegrityError" in text
    for leak in ("Lena", "Berg", "INSERT", "patient"):
        assert leak not in text


def test_a_handled_failure_is_left_to_the_caller(qtbot: QtBot, boxes: None) -> None:
    runner = BackgroundRunner()
    handled: list[BaseException] = []
    runner.run(fail_backup, lambda _: None, handled.append)
    qtbot.waitUntil(lambda: len(handled) == 1, timeout=10000)
    assert runner.wait() and shown_boxes() == []


def test_the_test_runner_reports_the_same_way(qtbot: QtBot, boxes: None) -> None:
    SyncRunner().run(fail_backup, lambda _: None)  # no exception raised into Qt
    assert "choose a folder Holdfast may write to" in shown_text(qtbot)


def stop_the_program() -> None:
    raise SystemExit(3)  # not an Exception: a worker thread would otherwise lose it


@pytest.mark.parametrize("runner", [BackgroundRunner, SyncRunner])
def test_both_runners_catch_the_same_failures(qtbot: QtBot, boxes: None, runner: type) -> None:
    handled: list[BaseException] = []
    runner().run(stop_the_program, lambda _: None, handled.append)
    qtbot.waitUntil(lambda: len(handled) == 1, timeout=10000)
    assert isinstance(handled[0], SystemExit)
