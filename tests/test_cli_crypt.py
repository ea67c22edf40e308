"""`holdfast encrypt` / `decrypt` and the passphrase on the command line, each run a real
`holdfast` process on a real file: HOLDFAST_PASSPHRASE opens the database for scripts, a
wrong or missing passphrase stops the command in one line (exit 1)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.connect import SQLITE_HEADER
from models.database import open_database
from tests.bad_files import healthy
from ui.editor.recovery import read_recovery, recovery_path, write_recovery

PASSPHRASE = 'Grüße, it\'s "me" ☃'


def holdfast(
    *args: str, db: Path, passphrase: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOLDFAST_DB": str(db)}
    env.pop("HOLDFAST_PASSPHRASE", None)
    if passphrase is not None:
        env["HOLDFAST_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one line a refusal prints (exit 1, no traceback, nothing on stdout)."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "sqlcipher" not in result.stderr.lower()
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def encrypted(db_path: Path) -> Path:
    healthy(db_path)
    assert holdfast("backup", db=db_path).returncode == 0
    result = holdfast("encrypt", db=db_path, passphrase=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    return db_path


def test_encrypt_leaves_no_plaintext_header_on_the_database_or_its_backups(
    encrypted: Path,
) -> None:
    backups = list((encrypted.parent / "backups").glob("*.sqlite3"))
    assert backups
    for path in (encrypted, *backups):
        assert path.read_bytes()[:16] != SQLITE_HEADER


def test_holdfast_passphrase_opens_it_for_check_backup_export_and_patients(
    encrypted: Path, tmp_path: Path
) -> None:
    check = holdfast("check", db=encrypted, passphrase=PASSPHRASE)
    assert check.returncode == 0 and check.stdout.rstrip().endswith("OK"), check.stdout
    backup = holdfast("backup", db=encrypted, passphrase=PASSPHRASE)
    assert backup.returncode == 0 and "5 patient(s) and 35 visit(s)" in backup.stdout
    made = Path(backup.stdout.split(" to ")[1].split(" (checked")[0])
    assert made.read_bytes()[:16] != SQLITE_HEADER
    export = tmp_path / "out.json"
    result = holdfast("export", "-o", str(export), db=encrypted, passphrase=PASSPHRASE)
    assert result.returncode == 0 and len(json.loads(export.read_text())["patients"]) == 5
    listing = holdfast("patients", db=encrypted, passphrase=PASSPHRASE)
    assert listing.returncode == 0 and len(listing.stdout.splitlines()) == 5


def test_a_wrong_passphrase_is_one_line_and_exit_1(encrypted: Path) -> None:
    for command in ("patients", "check", "backup", "decrypt"):
        line = one_line(holdfast(command, db=encrypted, passphrase="not it at all"))
        assert f"The passphrase does not open {encrypted}" in line, (command, line)


def test_without_a_passphrase_and_no_terminal_it_says_how_to_give_one(encrypted: Path) -> None:
    line = one_line(holdfast("patients", db=encrypted))
    assert "encrypted" in line and "HOLDFAST_PASSPHRASE" in line


def test_decrypt_brings_back_plain_sqlite_with_every_patient(encrypted: Path) -> None:
    result = holdfast("decrypt", db=encrypted, passphrase=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert encrypted.read_bytes()[:16] == SQLITE_HEADER
    for backup in (encrypted.parent / "backups").glob("*.sqlite3"):
        assert backup.read_bytes()[:16] == SQLITE_HEADER
    listing = holdfast("patients", db=encrypted)
    assert listing.returncode == 0 and len(listing.stdout.splitlines()) == 5


def test_encrypt_seals_the_recovery_files_too(db_path: Path) -> None:
    healthy(db_path)
    draft = recovery_path(db_path, 1, 7)
    write_recovery(draft, {"raw": {"subjective": "Typed-Secret-Word"}})
    assert b"Typed-Secret-Word" in draft.read_bytes()
    result = holdfast("encrypt", db=db_path, passphrase=PASSPHRASE)
    assert result.returncode == 0 and "1 recovery file(s)" in result.stdout
    assert b"Typed-Secret-Word" not in draft.read_bytes()
    assert read_recovery(draft, PASSPHRASE) == {"raw": {"subjective": "Typed-Secret-Word"}}
    db = open_database(db_path, PASSPHRASE)
    db.close()


def test_encrypt_without_a_passphrase_changes_nothing(db_path: Path) -> None:
    healthy(db_path)
    before = db_path.read_bytes()
    line = one_line(holdfast("encrypt", db=db_path))
    assert "HOLDFAST_PASSPHRASE" in line and db_path.read_bytes() == before


def test_check_against_an_encrypted_backup_reads_it_with_the_passphrase(encrypted: Path) -> None:
    backup = holdfast("backup", db=encrypted, passphrase=PASSPHRASE)
    assert backup.returncode == 0 and "Chain head of the backup" in backup.stdout
    made = backup.stdout.split(" to ")[1].split(" (checked")[0]
    check = holdfast("check", "--against", made, db=encrypted, passphrase=PASSPHRASE)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "the chain continues it unchanged" in check.stdout
