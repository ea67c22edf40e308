"""The Backups dialog's list: one row per backup, in words (ui/backups_dialog.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from models.backup_checks import Check
from models.backup_files import AUTOMATIC, BEFORE_RESTORE, BEFORE_UPGRADE, MANUAL
from models.backup_list import BackupEntry
from ui.table_model import Index, RowsModel

KINDS = {AUTOMATIC: "Automatic", MANUAL: "Made by hand", BEFORE_RESTORE: "Before a restore"}
NUMBERS = (2, 3, 4)  # columns aligned right


def kind_words(reason: str) -> str:
    if reason.startswith(BEFORE_UPGRADE):
        return "Before an upgrade"
    return KINDS.get(reason, reason)


def size_words(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{max(1, size // 1000)} kB"


def check_words(check: Check | None) -> str:
    if check is None:
        return "not checked yet"
    if check.ok:
        return f"✔ good (checked {check.at:%Y-%m-%d %H:%M})"
    return f"✘ damaged (checked {check.at:%Y-%m-%d %H:%M})"


def count_words(count: int | None) -> str:
    return "unreadable" if count is None else str(count)


class BackupsModel(RowsModel[BackupEntry]):
    columns = ("Made", "Kind", "Patients", "Visits", "Size", "Check")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{entry.made_at:%Y-%m-%d %H:%M}", kind_words(entry.reason),
                    count_words(entry.patients), count_words(entry.visits),
                    size_words(entry.size), check_words(entry.check))[column]  # fmt: skip
        if role == Qt.ItemDataRole.ToolTipRole:
            problem = entry.check.problem if entry.check and not entry.check.ok else ""
            return "\n".join(filter(None, (str(entry.path), problem)))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
