"""Encryption at rest with real SQLCipher files: the passphrase opens the database (quotes,
spaces and non-ASCII included) and nothing else does; no plaintext SQLite header on the
database or its backups; encrypting and decrypting in place keep every row and the search."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from models.automatic_backups import changed_since
from models.backup import backup_database
from models.backup_list import list_backups
from models.backup_verify import check_backup, newest_good_backup
from models.connect import SQLITE_HEADER, connect, passphrase_opens
from models.conversion import ConversionFailed, convert_backups, decrypt_file, encrypt_file
from models.database import Database, open_database
from models.opening import UnusableDatabase
from models.restore import restore_backup
from models.services.demo import load_demo
from models.services.integrity import check_database
from models.services.patients import search_patients

PASSPHRASES = [
    "correct horse battery",
    "it's \"quoted\" twice ''",
    "pässwörd ☃ ключ 鍵",
    "'; DROP TABLE patient; --",
]
SECRET = 'it\'s a "secret" ü'


def head(path: Path) -> bytes:
    return path.read_bytes()[:16]


def row_counts(db: Database) -> dict[str, int]:
    connection = connect(db.path, db.passphrase)
    try:
        tables = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master"
                " WHERE type='table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
            )
        ]
        return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        connection.close()


def found(db: Database, words: str) -> list[str]:
    return sorted(f"{r.chart_number} {r.found_in}" for r in search_patients(db, words))


@pytest.fixture
def encrypted(db_path: Path) -> Database:
    db = open_database(db_path, SECRET)
    load_demo(db)
    return db


@pytest.mark.parametrize("passphrase", PASSPHRASES)
def test_the_passphrase_opens_the_database_and_no_other_does(
    db_path: Path, passphrase: str
) -> None:
    db = open_database(db_path, passphrase)
    load_demo(db)
    db.close()
    assert head(db_path) != SQLITE_HEADER
    again = open_database(db_path, passphrase)
    assert len(search_patients(again)) == 5
    again.close()
    assert passphrase_opens(db_path, passphrase)
    assert not passphrase_opens(db_path, passphrase + "x")
    with pytest.raises(UnusableDatabase) as wrong:
        open_database(db_path, passphrase.upper() + "!")
    assert wrong.value.reason == "wrong-passphrase"
    assert str(wrong.value).startswith(f"The passphrase does not open {db_path}")
    assert "\n" not in str(wrong.value) and "not a database" not in str(wrong.value)
    with pytest.raises(UnusableDatabase) as none:
        open_database(db_path)
    assert none.value.reason == "encrypted" and "passphrase" in str(none.value)


def test_an_encrypted_connection_keeps_temporary_tables_in_memory(encrypted: Database) -> None:
    connection = connect(encrypted.path, SECRET)
    try:
        assert connection.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
        assert connection.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
    finally:
        connection.close()
    encrypted.close()


def test_the_check_of_an_encrypted_database_finds_it_healthy(encrypted: Database) -> None:
    report = check_database(encrypted)
    encrypted.close()
    assert report.ok and report.journal_mode == "wal" and report.search_index == "ok"


def test_a_backup_of_an_encrypted_database_is_encrypted_checked_listed_and_restored(
    encrypted: Database, db_path: Path
) -> None:
    made = backup_database(encrypted.engine, db_path)
    assert head(made) != SQLITE_HEADER and head(db_path) != SQLITE_HEADER
    assert not changed_since(encrypted.engine, made)  # reads the backup with the key
    encrypted.close()
    with pytest.raises(sqlite3.DatabaseError):  # not even readable as SQLite without it
        sqlite3.connect(made).execute("SELECT count(*) FROM patient").fetchone()
    (entry,) = list_backups(db_path, SECRET)
    assert (entry.patients, entry.visits) == (5, 35)
    assert check_backup(made, SECRET).ok and not check_backup(made).ok
    assert newest_good_backup(db_path, SECRET) == made
    restored = restore_backup(db_path, made, "test", SECRET)
    assert head(db_path) != SQLITE_HEADER
    assert len(search_patients(restored.db)) == 5
    assert restored.kept_current is not None and head(restored.kept_current) != SQLITE_HEADER
    restored.db.close()


def test_a_plaintext_backup_restored_into_an_encrypted_database_is_encrypted(
    encrypted: Database, db_path: Path, tmp_path: Path
) -> None:
    """A backup made before the database was encrypted comes back encrypted: a restore
    never turns an encrypted practice into a plaintext file."""
    old = open_database(tmp_path / "before" / "holdfast.sqlite3")
    load_demo(old)
    plaintext = backup_database(old.engine, old.path)
    old.close()
    assert head(plaintext) == SQLITE_HEADER
    encrypted.close()
    restored = restore_backup(db_path, plaintext, "test", SECRET)
    assert head(db_path) != SQLITE_HEADER
    assert len(search_patients(restored.db)) == 5
    restored.db.close()
    assert passphrase_opens(db_path, SECRET)


def test_encrypting_and_decrypting_in_place_keep_every_row_and_the_search(
    db_path: Path,
) -> None:
    db = open_database(db_path)
    load_demo(db)
    backup = backup_database(db.engine, db_path)
    rows, hits = row_counts(db), found(db, "hip")
    assert hits and rows["visit"] == 35
    db.close()

    encrypt_file(db_path, SECRET)
    assert convert_backups(db_path, None, SECRET) == []
    assert head(db_path) != SQLITE_HEADER and head(backup) != SQLITE_HEADER
    siblings = sorted(p.name for p in db_path.parent.iterdir() if p.is_file())
    assert siblings == [db_path.name]  # no plaintext copy, -wal or -shm left beside it
    db = open_database(db_path, SECRET)
    assert row_counts(db) == rows and found(db, "hip") == hits
    assert check_database(db).ok
    db.close()
    assert check_backup(backup, SECRET).ok

    decrypt_file(db_path, SECRET)
    assert convert_backups(db_path, SECRET, None) == []
    assert head(db_path) == SQLITE_HEADER and head(backup) == SQLITE_HEADER
    db = open_database(db_path)
    assert row_counts(db) == rows and found(db, "hip") == hits
    db.close()


def test_a_wrong_passphrase_decrypts_nothing(encrypted: Database, db_path: Path) -> None:
    encrypted.close()
    before = db_path.read_bytes()
    with pytest.raises(Exception, match="passphrase does not open"):
        decrypt_file(db_path, "not the one")
    assert db_path.read_bytes() == before


def test_encrypting_refuses_a_short_passphrase_and_an_encrypted_file(
    db: Database, db_path: Path
) -> None:
    db.close()
    with pytest.raises(ConversionFailed, match="at least 8"):
        encrypt_file(db_path, "short")
    assert head(db_path) == SQLITE_HEADER
    encrypt_file(db_path, SECRET)
    with pytest.raises(ConversionFailed, match="already encrypted"):
        encrypt_file(db_path, SECRET)
