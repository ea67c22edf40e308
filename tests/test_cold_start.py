"""The start stays quick at 20,000 patients (issue 11): the first screen imports only what it
shows, Alembic only when a migration is due, and the quick check of a big file runs after
the window shows, still finding damage and switching to read-only when it does.

Timings are in benchmarks/figures_startup.py; here only what keeps them down is pinned."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

import models.database
from models.database import open_database
from models.migrate import alembic_config, head_revision, known_revisions
from models.opening import UnusableDatabase, damage_found
from models.paths import backups_dir
from models.read_only import ReadOnlyDatabase
from models.services.patients import search_patients
from tests.bad_files import healthy, overwritten
from tests.faults import checkpoint, overwrite_pages
from ui.damage_check import TITLE
from ui.main_window import MainWindow

# What only a chart, a report, the dashboard or an upgrade needs: never before the window.
NOT_AT_START = ("matplotlib", "reportlab", "alembic", "numpy", "PIL", "pypdf")


def modules_after(code: str) -> set[str]:
    """The top-level packages a fresh interpreter holds after running `code`."""
    listing = "import sys; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    result = subprocess.run(
        [sys.executable, "-c", f"{code}\n{listing}"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return set(result.stdout.split())


def test_the_first_screen_imports_no_figures_reports_or_migrations() -> None:
    loaded = modules_after("import ui.cli, ui.app, ui.main_window")
    assert "PySide6" in loaded
    assert sorted(loaded & set(NOT_AT_START)) == []


def test_opening_a_database_at_the_current_schema_imports_no_alembic(db_path: Path) -> None:
    healthy(db_path)
    loaded = modules_after(
        f"from models.database import open_database\nopen_database({str(db_path)!r}).close()"
    )
    assert "sqlalchemy" in loaded and "alembic" not in loaded


def test_the_benchmark_times_the_real_start_to_the_filled_list(
    db_path: Path, tmp_path: Path
) -> None:
    """HOLDFAST_EXIT_WHEN_SHOWN=1 (ui/app.py): the real entry point says when its window
    shows with the list filled, and quits (benchmarks/figures_startup.py)."""
    from benchmarks.figures_startup import floor_start, holdfast_start

    healthy(db_path)
    start, floor = holdfast_start(db_path, tmp_path), floor_start(db_path, tmp_path)
    assert start.seconds > 0 and start.peak_mb > floor.peak_mb > 0


def test_the_schema_versions_read_from_the_migration_files_are_alembics_own() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == scripts.get_current_head()
    assert known_revisions() == {script.revision for script in scripts.walk_revisions()}


@pytest.fixture
def every_file_is_big(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any file counts as big: its quick check is left for after the window shows."""
    monkeypatch.setattr(models.database, "QUICK_CHECK_AT_OPEN_BYTES", 0)


def test_a_big_damaged_database_opens_unchecked_and_the_later_check_finds_it(
    db_path: Path, every_file_is_big: None
) -> None:
    overwritten(db_path)
    db = open_database(db_path, defer_check=True)
    try:
        assert db.check_pending and not db.read_only
        damage = damage_found(db_path)
        assert damage is not None and damage.reason == "damaged" and damage.details
        db.become_read_only("SQLite's own check found the file damaged")
        refused = pytest.raises(ReadOnlyDatabase, match="found the file damaged")
        with refused, db.session() as session:
            session.connection().exec_driver_sql("DELETE FROM exercise")
        assert len(search_patients(db)) == 5  # the charts can still be read
    finally:
        db.close()
    with pytest.raises(UnusableDatabase, match="damaged"):
        open_database(db_path)  # without defer_check (the command line): refused as before


def test_a_big_database_due_for_an_upgrade_is_checked_before_it(
    db_path: Path, every_file_is_big: None
) -> None:
    healthy(db_path)
    with sqlite3.connect(db_path) as connection:  # as an older Holdfast left it
        connection.execute("UPDATE alembic_version SET version_num = '0006'")
    connection.close()
    checkpoint(db_path)
    overwrite_pages(db_path, [3, 4, 5])  # as tests/bad_files.py `overwritten`
    with pytest.raises(UnusableDatabase) as refused:
        open_database(db_path, defer_check=True)
    assert refused.value.reason == "damaged"
    assert not backups_dir(db_path).exists()  # no backup-before-upgrade of a damaged file


def run_until_checked(db_path: Path) -> tuple[str, str, dict[str, str]]:
    """Start the GUI on `db_path` and wait for the deferred quick check: (the window's
    title, the damage box's text or "", its status-bar labels); then close the window."""
    seen: dict[str, object] = {}
    deadline = time.monotonic() + 90  # a start that goes otherwise fails, never hangs
    running = [True]  # once run_app returned, a look still queued does nothing: an exit()
    # outside the app's own loop would end every later test's waits at once

    def look() -> None:
        if not running[0]:
            return
        tops = QApplication.topLevelWidgets()
        if "title" in seen:  # the window was closed: Holdfast must end, not run on
            if time.monotonic() > deadline:
                seen.setdefault("refusal", "Holdfast ran on after its window closed")
                QApplication.exit(2)
            else:
                QTimer.singleShot(20, look)
            return
        if time.monotonic() > deadline:
            boxes = [w.text() for w in tops if isinstance(w, QMessageBox) and w.isVisible()]
            seen.setdefault("refusal", f"no check result; boxes: {boxes}")
            for window in tops:
                window.close()
            QApplication.exit(1)
            return
        for refusal in [w for w in tops if isinstance(w, QMessageBox) and w.isVisible()]:
            if refusal.parent() is None:  # the open was refused: fail, never wait for a click
                seen.setdefault("refusal", refusal.text())
                refusal.accept()
        windows = [w for w in tops if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:  # (an earlier test's window may still exist, closed)
            QTimer.singleShot(20, look)
            return
        window = windows[0]
        boxes = [b for b in window.findChildren(QMessageBox) if b.windowTitle() == TITLE]
        backed_up = backups_dir(db_path).exists() and any(backups_dir(db_path).iterdir())
        if not boxes and not backed_up:
            QTimer.singleShot(20, look)  # neither the damage nor the backup after a pass yet
            return
        seen["title"] = window.windowTitle()
        seen["box"] = boxes[0].text() if boxes else ""
        labels = window.statusBar().findChildren(QLabel)
        seen["labels"] = {w.objectName(): w.text() for w in labels if w.objectName()}
        for box in boxes:
            box.accept()
        window.close()
        QTimer.singleShot(20, look)

    from ui.app import run_app

    QTimer.singleShot(20, look)
    try:
        code = run_app(db_path)
    finally:
        running[0] = False
    assert code == 0, seen.get("refusal")
    return str(seen["title"]), str(seen["box"]), dict(seen["labels"])  # type: ignore[call-overload]


def test_damage_found_after_the_window_shows_makes_it_read_only_and_says_what_to_do(
    qtbot: QtBot, db_path: Path, every_file_is_big: None
) -> None:
    overwritten(db_path)
    title, box, labels = run_until_checked(db_path)
    assert "damaged" in box and "read-only" in box and "Backups" in box
    assert "Traceback" not in box and "SELECT" not in box
    assert title.endswith("(read only)")
    assert labels["read_only_label"] == "Read only: SQLite's own check found the file damaged"
    assert not backups_dir(db_path).exists()  # never a backup of the damaged file


def test_a_big_healthy_database_is_backed_up_once_its_later_check_passes(
    qtbot: QtBot, db_path: Path, every_file_is_big: None
) -> None:
    healthy(db_path)
    title, box, labels = run_until_checked(db_path)
    assert box == "" and "read_only_label" not in labels
    assert not title.endswith("(read only)")
    assert any(backups_dir(db_path).iterdir())
