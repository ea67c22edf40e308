"""Files that hold patient data are private to the person who runs Holdfast.

Everything Holdfast writes that can hold patient data (the database and its WAL and shared
memory files, settings, backups, recovery drafts, exports) is created mode 0600, and the
folders Holdfast creates for them 0700, whatever the umask says: a laptop often has more
than one local account, and a umask of 022 (the usual default) would let every one of them
read the records. SQLite gives the -wal and -shm files the mode of the database file, so a
private database file keeps its companions private too.

Folders the user chose and Holdfast did not create (a backup folder in Documents) keep
their mode: tightening them would change more than Holdfast's own files.

On Windows the modes mean nothing (files inherit the folder's access list), so these
functions only create there.
"""

from __future__ import annotations

import os
import stat
from contextlib import suppress
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
PRIVATE_UMASK = 0o077
POSIX = os.name == "posix"


def restrict_umask() -> int:
    """Make every file this process creates from now on private; returns the old umask.

    Called once at start by the command line and the GUI, so files made by code that does
    not create them through this module (a library writing a PDF) are private too.
    """
    return os.umask(PRIVATE_UMASK)


def private_folder(path: Path) -> Path:
    """Create `path` and its missing parents as 0700 folders; one that exists is left as
    it is (see the module docstring). Returns `path`."""
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    path.mkdir(parents=True, exist_ok=True)
    if POSIX:
        for folder in missing:
            folder.chmod(PRIVATE_FOLDER)
    return path


def create_private_file(path: Path) -> None:
    """Create `path` empty and 0600 if it does not exist (before SQLite opens it, so the
    database and its -wal and -shm files are born private)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE)
    try:
        if POSIX:
            os.fchmod(descriptor, PRIVATE_FILE)
    finally:
        os.close(descriptor)


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` (created or truncated), leaving it 0600."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(descriptor, "wb") as file:
        if POSIX:
            os.fchmod(file.fileno(), PRIVATE_FILE)
        file.write(data)
        file.flush()
        os.fsync(file.fileno())


def write_private_whole(path: Path, data: bytes) -> None:
    """`write_private` under a temporary name, then renamed to `path`: a failed write leaves
    no half file under that name, and a file already there as it was."""
    partial = path.with_name(path.name + ".part")
    try:
        write_private(partial, data)
        partial.replace(path)
    except OSError:
        with suppress(OSError):  # a folder that refused the file may refuse this too
            partial.unlink(missing_ok=True)
        raise


def make_private(path: Path) -> None:
    """Set an existing file Holdfast wrote to 0600 (a copy made by sqlite's backup or a
    library that took the umask)."""
    if POSIX:
        path.chmod(PRIVATE_FILE)


def open_to_others(path: Path) -> bool:
    """Whether other local accounts may read or write `path` (group or other bits set)."""
    if not POSIX or not path.exists():
        return False
    return bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))
