"""SQLite's quick check of a big database, run after the main window shows instead of
before (models/database.py `open_database(defer_check=True)`; docs/ARCHITECTURE.md#opening).

At 20,000 patients the check reads the whole file: 1.2 s from memory, 4.8 s from a cold
disk, which the start used to wait for. Now it runs on a worker of its own, only reading,
beside the work of the open window. If it finds damage, the database becomes read-only
(through the runner's one worker, so between two units of work, never inside one) and the
person is told what happened and what to do, as at a refused open.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMainWindow, QMessageBox

from models.database import Database
from models.opening import UnusableDatabase, damage_found
from ui.runner import Runner

TITLE = "The database is damaged"
READ_ONLY_REASON = "SQLite's own check found the file damaged"


def damaged_text(db: Database) -> str:
    """What happened and what to do, once the open database was found damaged."""
    return (
        f"{db.path} is damaged: SQLite's own check of it failed after it opened. Holdfast "
        "switched to read-only so nothing more is written into it; charts can still be "
        "read, printed and exported. Restore its newest good backup (File ▸ Backups…), or "
        "open another database file."
    )


def check_after_start(
    window: QMainWindow,
    db: Database,
    runner: Runner,
    checker: Runner,
    healthy: Callable[[], object],
    damaged: Callable[[], object],
) -> None:
    """Check `db` once the work queued at start (the patient list's first page) is done, on
    `checker`, a worker other than `runner`'s; then `healthy()`, or make it read-only, call
    `damaged()` and say so in a message over `window`."""

    def found(damage: UnusableDatabase | None) -> None:
        if damage is None:
            healthy()
            return
        runner.run(lambda: db.become_read_only(READ_ONLY_REASON), lambda _none: tell())

    def tell() -> None:
        damaged()
        box = QMessageBox(
            QMessageBox.Icon.Critical, TITLE, damaged_text(db),
            QMessageBox.StandardButton.Ok, window,
        )  # fmt: skip
        box.open()

    def start(_none: None) -> None:
        checker.run(lambda: damage_found(db.path, db.passphrase), found)

    runner.run(lambda: None, start)  # after what is already queued: the first screen first
