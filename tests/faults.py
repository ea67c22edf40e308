"""Real faults for the fault-injection tests, never mocks: a filesystem that fills up, a
read-only one, a write lock held by another connection, pages overwritten with garbage.

Mounting needs root (CI runs as root); elsewhere the mount-based faults skip with the reason,
and the same behaviour is also tested through SQLite's own `max_page_count` (disk full for the
database) and /dev/full (disk full for a plain file), which need no privileges.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

PAGE = 4096  # SQLite's default page size, which Holdfast keeps


def _mount(*args: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root (CI runs as root)")
    result = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"this machine does not allow mounting: {result.stderr.strip()}")


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], check=False)


@contextmanager
def tiny_filesystem(folder: Path, size_kb: int) -> Iterator[Path]:
    """A tmpfs of `size_kb` mounted at `folder` (created): writes past it fail with ENOSPC."""
    folder.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        _unmount(folder)


def fill_up(folder: Path) -> Path:
    """Take every free byte of the filesystem `folder` is on; delete the file to free it."""
    filler = folder / "filler.bin"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(descriptor, b"\0" * 1024):
            pass
    except OSError:
        pass  # full
    finally:
        os.close(descriptor)
    return filler


@contextmanager
def read_only_folder(folder: Path) -> Iterator[Path]:
    """Make `folder` (and everything in it) unwritable for this process, then restore it.

    Root ignores file permissions, so as root the folder's files are copied onto a tmpfs
    mounted over it and remounted read-only; otherwise plain permissions do.
    """
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
        for path in modes:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield folder
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    staging = folder.with_name(folder.name + "-staged")
    shutil.copytree(folder, staging)
    _mount("-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder))
    try:
        shutil.copytree(staging, folder, dirs_exist_ok=True)
        _mount("-o", "remount,ro", str(folder))
        yield folder
    finally:
        _unmount(folder)
        shutil.rmtree(staging)


@contextmanager
def write_locked(db_path: Path) -> Iterator[sqlite3.Connection]:
    """Another process's view: a second connection holding an exclusive write lock."""
    connection = sqlite3.connect(db_path, isolation_level=None, timeout=0)
    connection.execute("BEGIN EXCLUSIVE")
    try:
        yield connection
    finally:
        connection.execute("ROLLBACK")
        connection.close()


@contextmanager
def impatient(engine: Engine, milliseconds: int = 100) -> Iterator[None]:
    """`engine`'s connections give up on a held lock after `milliseconds` instead of the 5 s
    busy timeout, so a test does not wait that out on every try (the failure is the same)."""

    def shorten(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout={milliseconds}")

    event.listen(engine, "connect", shorten)
    engine.dispose()  # connections already pooled were made without it
    try:
        yield
    finally:
        event.remove(engine, "connect", shorten)
        engine.dispose()


def limit_pages(max_pages: int) -> object:
    """Every new SQLite connection of any engine can grow its file to `max_pages` pages
    only: SQLite's own disk-full (SQLITE_FULL). Returns the listener for `unlimit_pages`."""

    def cap(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={max_pages}")

    event.listen(Engine, "connect", cap)
    return cap


def unlimit_pages(listener: object) -> None:
    event.remove(Engine, "connect", listener)


def overwrite_pages(path: Path, pages: list[int], fill: bytes = b"\xa5") -> None:
    """Overwrite whole pages (numbered from 1, as SQLite does) with garbage."""
    with path.open("r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * PAGE)
            handle.write(fill * PAGE)


def checkpoint(db_path: Path) -> None:
    """Move everything from the WAL into the main file, so damage to it is seen."""
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
