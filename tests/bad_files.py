"""Files that sit where the database should be and are not a healthy Holdfast database: each
made for real (a damaged copy of the demo practice, another program's SQLite file...)."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from models.database import open_database
from models.services.demo import load_demo
from tests.faults import checkpoint, overwrite_pages


def healthy(path: Path) -> None:
    """The demo practice, closed cleanly (no -wal left beside it)."""
    db = open_database(path)
    load_demo(db)
    db.close()


def _damaged(path: Path, damage: Callable[[Path], None]) -> None:
    healthy(path)
    checkpoint(path)  # everything in the main file, so damage to it is seen
    damage(path)


def random_bytes(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(random.Random(9).randbytes(64 * 1024))


def truncated(path: Path) -> None:
    _damaged(path, lambda p: os.truncate(p, p.stat().st_size // 2))


def overwritten(path: Path) -> None:
    _damaged(path, lambda p: overwrite_pages(p, [3, 4, 5]))


def empty(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()


def directory(path: Path) -> None:
    path.mkdir(parents=True)


def _foreign(path: Path, journal: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA journal_mode={journal}")
    connection.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY, caption TEXT)")
    connection.execute("INSERT INTO photo (caption) VALUES ('holiday')")
    connection.commit()
    connection.close()


def foreign(path: Path) -> None:
    """Another program's database, in SQLite's default (rollback journal) mode."""
    _foreign(path, "delete")


def foreign_wal(path: Path) -> None:
    _foreign(path, "wal")


# Each kind of bad file, with the reason UnusableDatabase gives for it.
BAD_FILES: dict[str, tuple[Callable[[Path], None], str]] = {
    "random bytes": (random_bytes, "encrypted"),  # encrypted or damaged: only a key tells
    "truncated": (truncated, "damaged"),
    "overwritten pages": (overwritten, "damaged"),
    "empty": (empty, "empty"),
    "directory": (directory, "directory"),
    "foreign": (foreign, "foreign"),
    "foreign in WAL mode": (foreign_wal, "foreign"),
}


def contents(path: Path) -> bytes | list[str]:
    """What is at `path`: a file's bytes, a folder's listing."""
    return sorted(os.listdir(path)) if path.is_dir() else path.read_bytes()


def copy_folder(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target
