"""Making a write survive a power cut: flush a file or a folder to the disk, and remove a
half-written database with the journals SQLite left beside it."""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path


def sync_to_disk(path: Path) -> None:
    """fsync a file or a folder, so a rename never reaches the disk before the content it
    names (a folder's fsync makes the rename itself durable)."""
    if path.is_dir() and os.name == "nt":
        return  # Windows cannot open a folder to flush it; NTFS journals the rename
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def remove_with_journals(path: Path) -> None:
    """Remove `path` and any journal SQLite left beside it."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        with suppress(OSError):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
