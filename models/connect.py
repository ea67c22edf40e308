"""The one way Holdfast connects to a database file, plaintext or encrypted
(docs/ARCHITECTURE.md#encryption-at-rest).

A plaintext file is opened with Python's `sqlite3`; an encrypted one with `sqlcipher3`
(SQLCipher 4: AES-256 with an HMAC on every page, the key derived from the passphrase with
PBKDF2-HMAC-SHA512, 256,000 iterations). The file's first 16 bytes decide which: SQLite
writes "SQLite format 3\\0" there, SQLCipher a random salt. A given file is only ever
opened through one of the two libraries, so their POSIX locks never meet in one process
(two copies of SQLite closing each other's locks is a documented way to corrupt a file).

The passphrase lives in memory only: on the Database object and on each encrypted
connection (so a backup copied from it is encrypted with the same key).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import sqlcipher3.dbapi2 as cipher
from sqlalchemy import Engine, create_engine

SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every plaintext SQLite file
# SQLCipher's own settings, written out so a later SQLCipher with other defaults still opens
# the files this one made (cipher_compatibility 4: PBKDF2-HMAC-SHA512, 256,000 iterations,
# HMAC-SHA512 per page, 4096-byte pages).
CIPHER_COMPATIBILITY = 4
KDF_ITERATIONS = 256_000

DRIVER_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, cipher.Error)
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError, cipher.DatabaseError)
OPERATIONAL_ERRORS: tuple[type[Exception], ...] = (
    sqlite3.OperationalError,
    cipher.OperationalError,
)
NOT_OPENED: tuple[type[Exception], ...] = (*DRIVER_ERRORS, ValueError)
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError, cipher.IntegrityError)


def _quiet_sqlcipher() -> None:
    """SQLCipher logs every failed page decryption (a wrong passphrase) to stderr by
    default; the person gets one line from Holdfast instead."""
    connection = cipher.connect(":memory:")
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
    finally:
        connection.close()


_quiet_sqlcipher()


class PassphraseRefused(cipher.DatabaseError):
    """The passphrase does not open the file (or the file is damaged beyond telling)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"The passphrase does not open {path}. Type it again (capitals count); if you are "
            "sure it is right, the file is damaged: restore its newest good backup."
        )
        self.path = path


class KeyedConnection(cipher.Connection):
    """An SQLCipher connection that remembers the passphrase it was opened with, so a
    backup written from it is encrypted with the same key."""

    passphrase: str | None = None


def is_plaintext(path: Path) -> bool:
    """Whether the file at `path` is a plaintext SQLite database (or empty, or too short to
    be anything else). A missing file is not."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return False
    except OSError:
        return True  # a folder, or a file we may not read: opening says so in its own words
    return header == SQLITE_HEADER or len(header) == 0


def is_encrypted(path: Path) -> bool:
    """Whether the file at `path` exists and does not begin as plaintext SQLite: encrypted,
    or damaged (only a passphrase tells which)."""
    return path.is_file() and not is_plaintext(path)


def uses_key(path: Path, passphrase: str | None) -> bool:
    """Whether `path` is opened through SQLCipher: it is encrypted, or it is yet to be
    written (missing or empty) and a passphrase was given (it is then born encrypted)."""
    if passphrase is None:
        return False
    if not path.exists() or path.stat().st_size == 0:  # new, or created empty and private
        return True
    return not is_plaintext(path)


def quoted(passphrase: str) -> str:
    """`passphrase` as an SQL string literal: quotes doubled, any character kept (SQLCipher
    derives the key from its UTF-8 bytes)."""
    if not passphrase or "\x00" in passphrase:
        raise ValueError("A passphrase cannot be empty or hold a NUL character.")
    return "'" + passphrase.replace("'", "''") + "'"


def connect(
    path: Path, passphrase: str | None = None, query: str = "", **kwargs: Any
) -> sqlite3.Connection:
    """A DB-API connection to the database file at `path`: SQLCipher unlocked with
    `passphrase` when the file is encrypted (or new, with a passphrase), else sqlite3.
    `query` ("mode=ro&immutable=1") opens it through a URI. Raises PassphraseRefused when
    the passphrase does not open it.

    Typed as sqlite3.Connection: sqlcipher3 mirrors sqlite3's API call for call.
    """
    target = f"{path.resolve().as_uri()}?{query}" if query else str(path)
    if not uses_key(path, passphrase):
        return sqlite3.connect(target, uri=bool(query), **kwargs)
    assert passphrase is not None
    connection = cipher.connect(target, uri=bool(query), factory=KeyedConnection, **kwargs)
    try:
        unlock(connection, passphrase, path)
    except BaseException:
        connection.close()
        raise
    return cast(sqlite3.Connection, connection)


def unlock(connection: Any, passphrase: str, path: Path) -> None:
    """Key a fresh SQLCipher connection and prove the key by reading the schema."""
    connection.execute(f"PRAGMA key = {quoted(passphrase)}")
    connection.execute(f"PRAGMA cipher_compatibility = {CIPHER_COMPATIBILITY}")
    # Sorts and temporary tables stay in memory: a temporary file would be plaintext.
    connection.execute("PRAGMA temp_store = MEMORY")
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except cipher.DatabaseError as error:
        if "not a database" in str(error):
            raise PassphraseRefused(path) from None
        raise
    connection.passphrase = passphrase


def passphrase_of(connection: Any) -> str | None:
    """The passphrase a connection was opened with (None: a plaintext connection)."""
    return getattr(connection, "passphrase", None)


def engine_passphrase(engine: Engine) -> str | None:
    """The passphrase the engine's connections use (None: plaintext)."""
    raw = engine.raw_connection()
    try:
        return passphrase_of(raw.driver_connection)
    finally:
        raw.close()


def passphrase_opens(path: Path, passphrase: str) -> bool:
    """Whether `passphrase` opens the encrypted database at `path` (False for a plaintext,
    missing or damaged file). Reads only; for unlocking the app with the passphrase."""
    if not is_encrypted(path):
        return False
    try:
        connection = connect(path, passphrase, query="mode=ro")
    except NOT_OPENED:
        return False
    connection.close()
    return True


def database_engine(
    path: Path, passphrase: str | None = None, connector: Callable[[], Any] | None = None
) -> Engine:
    """A SQLAlchemy engine over `path` (file pool: one connection per thread). `connector`
    replaces the default connection (a read-only one); an encrypted file always goes
    through SQLCipher."""
    if connector is None and not uses_key(path, passphrase):
        return create_engine(f"sqlite:///{path}", hide_parameters=True)  # no patient data

    def make() -> Any:
        return connect(path, passphrase, check_same_thread=False)

    module = cipher if uses_key(path, passphrase) else sqlite3
    return create_engine(
        f"sqlite:///{path}", creator=connector or make, module=module, hide_parameters=True
    )
