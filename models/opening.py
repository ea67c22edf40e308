"""Looking at the database file before anything writes to it (docs/ARCHITECTURE.md#opening).

Opening used to start with a writing connection: an empty file silently became a new
database, another program's file was switched to WAL before it was refused, and a damaged
file failed with a traceback. Now the file is looked at first, through its bytes and then a
read-only connection, and what is not a healthy Holdfast database is refused in words,
unchanged.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from models.read_only import connect_read_only, stored_revision, table_names, unreadable_changes

SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database
DETAILS_KEPT = 10  # of SQLite's own list of problems (up to 100 lines)

Reason = Literal[
    "directory", "empty", "damaged", "foreign", "unreadable", "locked", "needs-upgrade",
    "cannot-create",
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


def inspect_database(path: Path) -> Inspection:
    """A missing file (to be created) or a healthy-looking Holdfast database; anything else
    raises UnusableDatabase. Nothing is written either way."""
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
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise UnusableDatabase(
            "damaged",
            f"{path} is damaged or is not a Holdfast database: it does not begin the way a "
            f"database file does. Nothing was changed. {RESTORE_HINT}",
        )
    if unreadable_changes(path):
        raise UnusableDatabase(
            "unreadable",
            f"{path} was not closed cleanly and its folder cannot be written, so its latest "
            "changes cannot be read. Copy the whole folder to a place you may write to and "
            "open the database there.",
        )
    return Inspection(path, exists=True, revision=_look_inside(path))


def _look_inside(path: Path) -> str:
    """SQLite's quick check, then Holdfast's schema version, over a read-only connection."""
    try:
        connection = connect_read_only(path)
        try:
            findings = [row[0] for row in connection.execute("PRAGMA quick_check")]
            revision = stored_revision(connection, table_names(connection))
        finally:
            connection.close()
    except sqlite3.OperationalError as error:
        words = str(error).lower()
        if "locked" in words or "busy" in words:
            raise UnusableDatabase(
                "locked",
                f"{path} is locked by another program. Close it (perhaps another Holdfast) "
                "and try again.",
            ) from None
        raise _damaged(path, (str(error),)) from None
    except sqlite3.DatabaseError as error:  # "file is not a database", "disk image is malformed"
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
