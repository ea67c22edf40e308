"""File ▸ Backups…: this database's backups (when, why, how many patients and visits, what
their last check found), "Back up now", "Check again", "Restore…" and the folder backups go
to. Everything is read and written off the GUI thread; a newer reading makes older ones stale.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.backup_checks import Check
from models.backup_folder import BackupFolder, backup_folder
from models.backup_list import BackupEntry, list_backups
from models.backup_verify import check_backup
from ui.actions import backups
from ui.actions.confirm import confirm
from ui.backups_table import BackupsModel, count_words
from ui.context import AppContext
from ui.messages import error_text

Failed = Callable[[BaseException | str], object]
Restore = Callable[[Path, Failed], object]  # restores a backup; says a failure through Failed

KEEPING = (
    "Automatic backups are made when Holdfast opens and closes, if anything changed, at most "
    "one an hour; kept are every one of the last day, one a day for a week, one a week for "
    "a month and one a month for a year. The others stay until you delete them."
)


class BackupsDialog(QDialog):
    """The backups of `context`'s database; `restore` puts one in place (the main window
    reopens on it)."""

    def __init__(self, context: AppContext, parent: QWidget, restore: Restore) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backups")
        self.resize(860, 480)
        self.context, self.restore_backup = context, restore
        self.generation = 0
        self.folder = QLabel()
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #a33")
        self.choose = QPushButton("C&hoose folder…")
        self.use_default = QPushButton("Use the &default folder")
        self.model = BackupsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)  # Tab goes on to the buttons
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.status = QLabel("Reading the backups…")
        self.status.setWordWrap(True)
        self.keeping = QLabel(KEEPING)
        self.keeping.setWordWrap(True)
        self.keeping.setStyleSheet("color: #555")
        self.back_up = QPushButton("&Back up now")
        self.check = QPushButton("Check &again")
        self.restore = QPushButton("&Restore…")
        self.close_button = QPushButton("Close")
        self.chooser: QFileDialog | None = None
        self._layout()
        self.choose.clicked.connect(self.open_chooser)
        self.use_default.clicked.connect(lambda: self.set_folder(""))
        self.back_up.clicked.connect(self.back_up_now)
        self.check.clicked.connect(self.check_selected)
        self.restore.clicked.connect(self.ask_restore)
        self.close_button.clicked.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self.close_button.setDefault(True)  # Enter never starts a restore
        self.reload()

    def _layout(self) -> None:
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(self.choose)
        where.addWidget(self.use_default)
        actions = QHBoxLayout()
        for button in (self.back_up, self.check, self.restore):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(where)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.keeping)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        chain = (self.table, self.back_up, self.check, self.restore, self.close_button,
                 self.choose, self.use_default)  # fmt: skip
        for first, then in pairwise(chain):
            self.setTabOrder(first, then)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.setFocus()  # the list first: arrows pick a backup, Tab reaches the buttons

    # -- reading ---------------------------------------------------------------------------

    def reload(self, status: str = "") -> None:
        """Read the folder and the list again; `status` is said once they are in."""
        self.generation += 1
        generation, db_path = self.generation, self.context.db.path
        passphrase = self.context.db.passphrase

        def read() -> tuple[BackupFolder, list[BackupEntry]]:
            return backup_folder(db_path), list_backups(db_path, passphrase)

        def show(result: tuple[BackupFolder, list[BackupEntry]]) -> None:
            if generation == self.generation:
                self.show_backups(*result, status)

        self.context.runner.run(read, show, self._failed)

    def show_backups(self, folder: BackupFolder, entries: list[BackupEntry], status: str) -> None:
        chosen = folder.unavailable is None and bool(self.context.settings.backup_folder)
        where = "the folder you chose" if chosen else "beside the database"
        self.folder.setText(f"Backups go to {folder.path} ({where}).")
        self.note.setText(folder.note)
        self.note.setVisible(bool(folder.note))
        self.use_default.setEnabled(bool(self.context.settings.backup_folder))
        selected = self.selected()
        self.model.set_rows(entries)
        paths = [e.path for e in entries]
        row = paths.index(selected.path) if selected and selected.path in paths else 0
        if entries:
            self.table.selectRow(row)
        count = f"{len(entries)} backup(s)." if entries else "No backups yet."
        self.status.setText(f"{status} {count}".strip())
        self._enable()

    def selected(self) -> BackupEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _enable(self) -> None:
        for button in (self.check, self.restore):
            button.setEnabled(self.selected() is not None)

    def _failed(self, error: BaseException | str) -> None:
        text = error if isinstance(error, str) else error_text(error)
        self.status.setText(text)
        self.setEnabled(True)
        backups.warn(self, "Backups", text)

    # -- actions ---------------------------------------------------------------------------

    def back_up_now(self) -> None:
        self.status.setText("Backing up…")

        def made(path: Path) -> None:
            self.reload(f"Backed up and checked: {path.name}.")

        backups.backup_now(self.context, self, made)

    def check_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        self.status.setText("Checking…")

        def checked(check: Check) -> None:
            said = "passed its check" if check.ok else f"failed its check: {check.problem}"
            self.reload(f"The backup made {entry.made_at:%Y-%m-%d %H:%M} {said}")

        passphrase = self.context.db.passphrase
        self.context.runner.run(lambda: check_backup(entry.path, passphrase), checked, self._failed)

    def ask_restore(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        text = (
            f"Replace the current database with the backup made {entry.made_at:%Y-%m-%d %H:%M} "
            f"({count_words(entry.patients)} patients, {count_words(entry.visits)} visits)?\n\n"
            "The current database is backed up first (kept as “Before a restore”), so you can "
            "go back to it. The main window then reopens on the restored records."
        )
        confirm(self, "Restore a backup", text, "Restore", lambda: self.start_restore(entry))

    def start_restore(self, entry: BackupEntry) -> None:
        self.status.setText("Restoring… (the backup is checked and the database backed up first)")
        self.setEnabled(False)  # one restore at a time; the main window reopens when done
        self.restore_backup(entry.path, self._failed)

    def open_chooser(self) -> QFileDialog:
        start = str(backup_folder(self.context.db.path).path)
        dialog = QFileDialog(self, "Choose the folder for backups", start)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
        dialog.fileSelected.connect(self.set_folder)
        dialog.open()
        self.chooser = dialog
        return dialog

    def set_folder(self, folder: str) -> None:
        """Back up into `folder` from now on ('' for beside the database), if it may be
        written to."""

        def writable() -> bool:
            return not folder or os.access(folder, os.W_OK | os.X_OK)

        def chosen(ok: bool) -> None:
            if not ok:
                self._failed(f"Holdfast may not write to {folder}: choose another folder.")
                return
            self.context.save_settings(replace(self.context.settings, backup_folder=folder))
            where = folder or "the folder beside the database"
            self.reload(f"Backups now go to {where}.")

        self.context.runner.run(writable, chosen, self._failed)
