"""Backups from the GUI: automatic at start-up and on close, "Back up now", a restore that
ends in a fresh main window, and the offer of the newest good backup when the database was
refused as damaged. All work runs on the runner; failures are said in words."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from models.automatic_backups import automatic_backup
from models.backup import backup_database
from models.backup_files import when_made
from models.backup_folder import backup_folder
from models.backup_verify import newest_good_backup
from models.database import Database
from models.practitioner import practitioner
from models.restore import Restored, restore_backup
from models.settings import Settings, load_settings
from ui.context import AppContext
from ui.messages import error_text
from ui.runner import Runner

if TYPE_CHECKING:  # the editor is built after the first screen (ui/main_window.py)
    from ui.editor.session import VisitSession

BACKUP_FAILED = "Backup failed"
TRY_AGAIN = (
    "Holdfast tries again the next time it opens or closes. File ▸ Backups… shows your "
    "backups and where they go."
)
NO_GOOD_BACKUP = (
    "No backup of this database passes its check, so there is nothing to restore. Keep the "
    "damaged file; `holdfast check` says what is wrong with it."
)
UNSAVED = (
    "The visit being edited could not be saved, so nothing was restored. Save it (or discard "
    "the draft), then restore again."
)


def warn(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """A warning that does not block (a failure may land while something else is open)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                      parent)  # fmt: skip
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    keep_until_answered(box)
    box.open()
    return box


_unanswered: set[QMessageBox] = set()  # a box with no parent window lives until answered


def keep_until_answered(box: QMessageBox) -> None:
    _unanswered.add(box)
    box.finished.connect(lambda _result: _unanswered.discard(box))


def backup_at_start(context: AppContext, window: QMainWindow) -> None:
    """The start-up backup (when something changed since the newest one), said in the
    status bar of `window`; a failure in a box over it."""
    status = window.statusBar()

    def made(result: tuple[Path | None, str]) -> None:
        path, note = result
        if note:
            status.showMessage(note, 20000)
        elif path is not None:
            status.showMessage(f"Automatic backup saved in {path.parent}", 8000)

    def failed(error: BaseException) -> None:
        status.showMessage(f"{BACKUP_FAILED}: see the message", 20000)
        warn(window, BACKUP_FAILED, f"{error_text(error)}\n\n{TRY_AGAIN}")

    context.runner.run(lambda: _automatic(context), made, failed)


def backup_on_close(context: AppContext) -> None:
    """The closing backup; nobody is left to read a failure, so it goes to the log, and the
    next start-up tries again (and says so if it fails too)."""

    def failed(error: BaseException) -> None:
        print(f"holdfast: automatic backup on close: {error_text(error)}", file=sys.stderr)

    context.runner.run(lambda: _automatic(context), lambda _made: None, failed)


def _automatic(context: AppContext) -> tuple[Path | None, str]:
    db = context.db
    return automatic_backup(db.engine, db.path), backup_folder(db.path).note


def backup_now(context: AppContext, parent: QWidget, then: Callable[[Path], object]) -> None:
    """A manual backup (kept until deleted); `then(path)` when it is made and checked."""
    db = context.db
    context.runner.run(
        lambda: backup_database(db.engine, db.path),
        then,
        lambda error: warn(parent, BACKUP_FAILED, error_text(error)),
    )


def restore_in_window(
    context: AppContext,
    session: VisitSession,
    backup: Path,
    reopen: Callable[[Restored], object],
    failed: Callable[[BaseException | str], object],
) -> None:
    """Store the visit being typed (`session`), restore `backup` over the database, then
    `reopen(restored)` shows the restored records in a new main window."""
    db, actor = context.db, context.actor

    def restore() -> Restored:
        db.close()  # every connection: the file is about to be replaced
        return restore_backup(db.path, backup, actor, db.passphrase)

    def stored(_visit_id: int | None) -> None:
        if session.dirty:
            failed(UNSAVED)
            return
        context.runner.run(restore, reopen, failed)

    session.save_now(stored)


def offer_restore(
    db_path: Path,
    runner: Runner,
    parent: QWidget | None,
    opened: Callable[[Database], object],
    declined: Callable[[], object],
    passphrase: str | None = None,
) -> None:
    """For a database refused as damaged at opening: find its newest good backup (off the GUI
    thread), offer to restore it, and hand the reopened database to `opened`. `declined`
    runs when there is none, the person says no, or the restore fails (after saying why).
    Encrypted backups are read with `passphrase`."""
    actor = practitioner(load_settings_or_default(db_path))

    def failed(error: BaseException) -> None:
        box = warn(parent, "Restore failed", error_text(error))
        box.finished.connect(lambda _result: declined())

    def found(backup: Path | None) -> None:
        if backup is None:
            box = warn(parent, "No backup to restore", NO_GOOD_BACKUP)
            box.finished.connect(lambda _result: declined())
            return
        made = when_made(backup).strftime("%Y-%m-%d %H:%M")
        text = (
            f"The newest good backup of this database was made {made} ({backup.name}). "
            "Restore it? The damaged file is kept beside the backups."
        )
        box = QMessageBox(QMessageBox.Icon.Question, "Restore a backup", text, parent=parent)
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        keep_until_answered(box)

        def answered(_result: int) -> None:
            if box.clickedButton() is not restore:
                declined()
                return
            runner.run(
                lambda: restore_backup(db_path, backup, actor, passphrase).db, opened, failed
            )

        box.finished.connect(answered)
        box.open()

    runner.run(lambda: newest_good_backup(db_path, passphrase), found, failed)


def load_settings_or_default(db_path: Path) -> Settings:
    """The settings beside a database that may itself be damaged: defaults if unreadable."""
    try:
        return load_settings(db_path)
    except (OSError, ValueError, TypeError):
        return Settings()
