"""One Holdfast window per database: a lock file beside it, held while the GUI runs.

Two windows on one database would each show the other's changes late and could save over
them, so a second one is refused. The lock is the operating system's (flock on POSIX,
msvcrt.locking on Windows) on an open file: it ends with the process however that ends, so a
crashed or killed Holdfast never leaves a stale lock behind. The file itself stays (deleting
it would race with the next start taking it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from models.paths import lock_path
from models.private_files import PRIVATE_FILE, private_folder

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl


class AlreadyOpen(RuntimeError):
    """Another Holdfast has this database open."""


class InstanceLock:
    """The lock on one database; `release` (or the process ending) lets the next one in."""

    def __init__(self, descriptor: int | None) -> None:
        self._descriptor = descriptor

    def release(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)  # closing the file drops the lock
            self._descriptor = None


def _try_lock(descriptor: int) -> bool:
    try:
        if sys.platform == "win32":
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # BlockingIOError on POSIX, PermissionError on Windows
        return False
    return True


def _open(path: Path) -> int | None:
    try:
        private_folder(path.parent)  # a first start: the database's folder too
        return os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
    except OSError:
        pass
    try:  # a read-only folder: an existing lock file can still be locked
        return os.open(path, os.O_RDONLY)
    except OSError:
        return None


def lock_instance(db_path: Path) -> InstanceLock:
    """Take the database's lock, or raise AlreadyOpen. Where no lock file can be made (a
    read-only folder without one), nothing can be written through Holdfast either, so a
    second reader does no harm: the lock returned is then not held."""
    path = lock_path(db_path)
    descriptor = _open(path)
    if descriptor is None:
        return InstanceLock(None)
    if not _try_lock(descriptor):
        holder = _holder(descriptor)
        os.close(descriptor)
        raise AlreadyOpen(
            f"Holdfast is already open on {db_path.name}{holder}. Switch to that window; "
            "two windows on one database could save over each other's changes."
        )
    try:  # who holds it, for the message another start shows (best effort)
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode())
    except OSError:
        pass
    return InstanceLock(descriptor)


def _holder(descriptor: int) -> str:
    try:
        pid = int(os.pread(descriptor, 32, 0).decode().strip())
    except (OSError, ValueError, AttributeError):  # Windows: locked bytes, and no pread
        return ""
    return f" (process {pid})"
