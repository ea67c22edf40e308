"""Looking at the database file before anything writes to it (docs/ARCHITECTURE.md#opening).

Opening used to start with a writing connection: an empty file silently became a new
database, another program's file was switched to WAL before it was refused, and a damaged
file failed with a traceback. Now the file is looked at first, through its bytes and then a
read-only connection, and what is not a healthy Holdfast database is refused in words,
unchanged.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from models.connect import (
    DATABASE_ERRORS,
    OPERATIONAL_ERRORS,
    PassphraseRefused,
    is_plaintext,
)
from models.read_only import connect_read_only, stored_revision, table_names, unreadable_changes

DETAILS_KEPT = 10  # of SQLite's own list of problems (up to 100 lines)
# Up to this size SQLite's quick check runs before anything writes (well under 50 ms even
# from a cold disk); a bigger file may be checked after the window shows (check=False
# here, damage_found later): 1.2 s warm, 4.8 s cold at 20,000 patients (issue 11).
QUICK_CHECK_AT_OPEN_BYTES = 16 * 1024 * 1024

Reason = Literal[
    "directory", "empty", "damaged", "foreign", "unreadable", "locked", "needs-upgrade",
    "cannot-create", "encrypted", "wrong-passphrase", "bad-url", "unreachable", "sign-in",
]  # fmt: skip
RESTORE_HINT = "Restore the newest good backup of it, or open another database file."


class UnusableDatabase(RuntimeError):
    """The file at the database path cannot be opened: `reason` is the kind, in one word, the
    message says what happened and what to do, `details` are SQLite's own findings."""

    def __init__(self, reason: Reason, message: str, details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.reason: Reason = reason
        self.details = details

    @property
    def backup_may_help(self) -> bool:
        """Whether restoring a backup is the way out (the file itself is lost or damaged)."""
        return self.reason in ("empty", "damaged")


@dataclass(frozen=True)
class Inspection:
    """What the file at the database path is, found without writing to it."""

    path: Path
    exists: bool
    revision: str | None = None  # Holdfast's schema version of an existing database
    checked: bool = False  # SQLite's quick check ran and found nothing


def inspect_database(path: Path, passphrase: str | None = None, check: bool = True) -> Inspection:
    """A missing file (to be created) or a healthy-looking Holdfast database; anything else
    raises UnusableDatabase. Nothing is written either way. A file that does not begin as
    SQLite is encrypted (or damaged): it is looked into with `passphrase`, and refused as
    "encrypted" when there is none, "wrong-passphrase" when it does not open it. With
    `check` False, SQLite's quick check is left to `damage_found` (a big file, later)."""
    if not path.exists():
        return Inspection(path, exists=False)
    if path.is_dir():
        raise UnusableDatabase(
            "directory",
            f"{path} is a folder, not a database file. Point Holdfast at the database file "
            "itself, or move the folder out of the way.",
        )
    if not os.access(path, os.R_OK):
        raise UnusableDatabase(
            "unreadable",
            f"{path} cannot be read: you lack permission to read it. Ask whoever manages this "
            "computer to give you access to the file.",
        )
    if path.stat().st_size == 0:
        raise UnusableDatabase(
            "empty",
            f"{path} is empty (0 bytes), so it is not a database: probably a copy or a move "
            f"that failed half-way. Nothing was changed. {RESTORE_HINT}",
        )
    if not is_plaintext(path) and passphrase is None:
        raise UnusableDatabase(
            "encrypted",
            f"{path} is encrypted (or damaged): it does not begin the way a plaintext "
            "database file does. Give its passphrase to open it (HOLDFAST_PASSPHRASE on the "
            f"command line). If it was never encrypted, it is damaged. {RESTORE_HINT}",
        )
    if unreadable_changes(path):
        raise UnusableDatabase(
            "unreadable",
            f"{path} was not closed cleanly and its folder cannot be written, so its latest "
            "changes cannot be read. Copy the whole folder to a place you may write to and "
            "open the database there.",
        )
    revision = _look_inside(path, passphrase, check)
    return Inspection(path, exists=True, revision=revision, checked=check)


def damage_found(path: Path, passphrase: str | None = None) -> UnusableDatabase | None:
    """SQLite's quick check of an open database, read-only (it may run beside the work of
    the open window): the "damaged" error when it finds anything, else None."""
    try:
        _look_inside(path, passphrase, check=True)
    except UnusableDatabase as unusable:
        if unusable.reason == "damaged":
            return unusable
    return None  # locked just now, say: the next start checks again


def _look_inside(path: Path, passphrase: str | None, check: bool) -> str:
    """SQLite's quick check (when `check`), then Holdfast's schema version, over a
    read-only connection."""
    try:
        connection = connect_read_only(path, passphrase)
        try:
            findings = (
                [row[0] for row in connection.execute("PRAGMA quick_check")] if check else ["ok"]
            )
            revision = stored_revision(connection, table_names(connection))
        finally:
            connection.close()
    except PassphraseRefused as refused:
        raise UnusableDatabase("wrong-passphrase", str(refused)) from None
    except OPERATIONAL_ERRORS as error:
        words = str(error).lower()
        if "locked" in words or "busy" in words:
            raise UnusableDatabase(
                "locked",
                f"{path} is locked by another program. Close it (perhaps another Holdfast) "
                "and try again.",
            ) from None
        raise _damaged(path, (str(error),)) from None
    except DATABASE_ERRORS as error:  # "file is not a database", "disk image is malformed"
        raise _damaged(path, (str(error),)) from None
    if findings != ["ok"]:
        raise _damaged(path, tuple(findings[:DETAILS_KEPT]))
    if revision is None:
        raise UnusableDatabase(
            "foreign",
            f"{path} is a database of another program, not Holdfast's. Holdfast left it as "
            "it was. Open your Holdfast database instead.",
        )
    return revision


def _damaged(path: Path, details: tuple[str, ...]) -> UnusableDatabase:
    return UnusableDatabase(
        "damaged",
        f"{path} is damaged: SQLite's own check of it failed, so Holdfast did not open it and "
        f"changed nothing. {RESTORE_HINT}",
        details,
    )
