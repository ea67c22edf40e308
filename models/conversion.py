"""Encrypting a plaintext database, or decrypting an encrypted one, in place and safely
(`holdfast encrypt` / `holdfast decrypt`; docs/ARCHITECTURE.md#encryption-at-rest).

SQLCipher's `sqlcipher_export` copies every table, index, trigger and the full-text index
into a new file beside the database, under the new key (or none). The copy is checked
(SQLite's integrity check and the row count of every table against the original), flushed
to the disk, and only then renamed over the original, whose -wal and -shm go with it: a
stale WAL beside the new file would be replayed into it. A crash at any point leaves the
original file as it was, or the finished copy in its place. Backups are converted the same
way, one by one, so no plaintext copy of an encrypted practice stays in the backup folder.

The caller holds the instance lock: nothing else may have the database open.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing, suppress
from pathlib import Path

import sqlcipher3.dbapi2 as cipher

from models.backup_checks import record_check
from models.backup_files import backup_files
from models.backup_folder import backup_folders
from models.connect import (
    DRIVER_ERRORS,
    PassphraseRefused,
    connect,
    is_encrypted,
    passphrase_opens,
    quoted,
)
from models.durable import remove_with_journals, sync_to_disk
from models.read_only import wal_sidecars

CONVERTING = ".converting"
MIN_PASSPHRASE = 8  # characters; a shorter one falls to guessing despite the slow KDF


class ConversionFailed(RuntimeError):
    """Nothing was converted (or, for a backup, that backup stays as it was)."""


NOT_CONVERTED: tuple[type[Exception], ...] = (ConversionFailed, OSError, *DRIVER_ERRORS)


def passphrase_problem(passphrase: str) -> str | None:
    """Why `passphrase` will not do for a new encryption, in words, or None."""
    if len(passphrase) < MIN_PASSPHRASE:
        return f"A passphrase needs at least {MIN_PASSPHRASE} characters."
    if "\x00" in passphrase:
        return "A passphrase cannot hold a NUL character."
    return None


def encrypt_file(path: Path, passphrase: str, wal: bool = True) -> None:
    """Encrypt the plaintext database at `path` with `passphrase`, in place."""
    if is_encrypted(path):
        raise ConversionFailed(f"{path} is already encrypted; nothing was changed.")
    problem = passphrase_problem(passphrase)
    if problem:
        raise ConversionFailed(problem)
    _convert(path, None, passphrase, wal)


def decrypt_file(path: Path, passphrase: str, wal: bool = True) -> None:
    """Decrypt the encrypted database at `path` (opened with `passphrase`), in place."""
    if not is_encrypted(path):
        raise ConversionFailed(f"{path} is not encrypted; nothing was changed.")
    if not passphrase_opens(path, passphrase):
        raise PassphraseRefused(path)
    _convert(path, passphrase, None, wal)


def convert_backups(db_path: Path, old: str | None, new: str | None) -> list[Path]:
    """Convert every backup of `db_path` from key `old` to key `new` (None: plaintext);
    returns the backups that could not be converted (left as they were)."""
    left = []
    for folder in backup_folders(db_path):
        for backup in backup_files(folder, db_path):
            if is_encrypted(backup.path) == (new is not None):
                continue  # already as wanted
            try:
                _convert(backup.path, old, new, wal=False)
                with suppress(OSError):
                    record_check(backup.path, ok=True)
            except NOT_CONVERTED:
                left.append(backup.path)
    return left


def _convert(path: Path, old: str | None, new: str | None, wal: bool) -> None:
    """Write `path` under key `new` into a file beside it, check it, swap it in."""
    partial = path.with_name(f".{path.name}{CONVERTING}")
    remove_with_journals(partial)
    try:
        counts = _export(path, partial, old, new)
        _check(partial, new, counts, wal)
        sync_to_disk(partial)
        for sidecar in wal_sidecars(path):  # the source was checkpointed and closed
            sidecar.unlink(missing_ok=True)
        os.replace(partial, path)
        sync_to_disk(path.parent)
    except BaseException as error:
        remove_with_journals(partial)
        if isinstance(error, DRIVER_ERRORS):
            raise ConversionFailed(
                f"{path.name} could not be converted ({type(error).__name__}: the file may "
                "be damaged or the disk full). Nothing was changed."
            ) from error
        raise


def _export(path: Path, target: Path, old: str | None, new: str | None) -> dict[str, int]:
    """sqlcipher_export of `path` into `target`; returns the source's row counts. The
    source is opened through SQLCipher even when plaintext: only it has the export."""
    source = cipher.connect(str(path), isolation_level=None)
    with closing(source):
        if old is not None:
            source.execute(f"PRAGMA key = {quoted(old)}")
        source.execute("PRAGMA temp_store = MEMORY")
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every commit into the main file
        counts = _row_counts(source)
        source.execute("ATTACH DATABASE ? AS converted KEY ?", (str(target), new or ""))
        source.execute("SELECT sqlcipher_export('converted')")
        version = source.execute("PRAGMA user_version").fetchone()[0]
        source.execute(f"PRAGMA converted.user_version = {int(version)}")
        source.execute("DETACH DATABASE converted")
    return counts


def _check(target: Path, new: str | None, expected: dict[str, int], wal: bool) -> None:
    """The copy passes SQLite's integrity check and holds every row of the original."""
    copy = connect(target, new, isolation_level=None)
    with closing(copy):
        if wal:
            copy.execute("PRAGMA journal_mode = WAL")
        problems = [row[0] for row in copy.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise ConversionFailed(f"The converted copy failed its check ({problems[0]}).")
        if _row_counts(copy) != expected:
            raise ConversionFailed("The converted copy does not hold every row; not kept.")


def _row_counts(connection: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE "
            "VIRTUAL%' ORDER BY name"
        )
    ]
    return {n: connection.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
