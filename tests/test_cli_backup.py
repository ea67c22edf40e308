"""`holdfast backup` and `holdfast restore`, run as real processes: clear words, exit codes,
no traceback, and a restore only after a yes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from models.paths import backups_dir
from tests.faults import PAGE, checkpoint, overwrite_pages


def run(db: Path, *args: str, answer: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOLDFAST_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args],
        input=answer, capture_output=True, text=True, env=env,
    )  # fmt: skip


def charts(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        found = [r[0] for r in connection.execute("SELECT chart_number FROM patient ORDER BY 1")]
    connection.close()
    return found


def test_backup_into_the_folder_and_to_a_file(tmp_path: Path) -> None:
    db = tmp_path / "data" / "holdfast.sqlite3"
    assert run(db, "demo").returncode == 0
    made = run(db, "backup")
    assert made.returncode == 0, made.stderr
    assert "Backed up 5 patient(s)" in made.stdout and "checked: ok" in made.stdout
    (copy,) = backups_dir(db).glob("holdfast-*-manual.sqlite3")
    assert str(copy) in made.stdout
    target = tmp_path / "usb" / "practice.sqlite3"
    assert run(db, "backup", "-o", str(target)).returncode == 0
    assert charts(target) == charts(db)
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # nothing beside it


def test_restore_asks_and_does_nothing_without_a_yes(tmp_path: Path) -> None:
    db = tmp_path / "data" / "holdfast.sqlite3"
    run(db, "demo")
    backup = tmp_path / "before.sqlite3"
    run(db, "backup", "-o", str(backup))
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE patient SET chart_number = 'X-' || id")
    connection.close()

    declined = run(db, "restore", str(backup), answer="n\n")
    assert declined.returncode == 1
    assert "The current database is backed up first. [y/N]" in declined.stdout
    assert declined.stderr.strip() == "holdfast: Nothing was restored."
    no_terminal = run(db, "restore", str(backup), answer="")
    assert no_terminal.returncode == 1 and charts(db)[0] == "X-1"

    agreed = run(db, "restore", str(backup), answer="y\n")
    assert agreed.returncode == 0, agreed.stderr
    assert charts(db) == ["R-001", "R-002", "R-003", "R-004", "R-005"]
    assert "before-restore" in agreed.stdout


def test_restore_of_a_damaged_backup_says_so(
    tmp_path: Path,
) -> None:
    db = tmp_path / "data" / "holdfast.sqlite3"
    run(db, "demo")
    backup = tmp_path / "copy.sqlite3"
    run(db, "backup", "-o", str(backup))
    overwrite_pages(backup, [3, 4, 5])
    refused = run(db, "restore", "--yes", str(backup))
    assert refused.returncode == 1
    assert "copy.sqlite3 is damaged" in refused.stderr and "Nothing was restored" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_restore_over_a_database_too_damaged_to_open(tmp_path: Path) -> None:
    db = tmp_path / "data" / "holdfast.sqlite3"
    run(db, "demo")
    backup = tmp_path / "copy.sqlite3"
    run(db, "backup", "-o", str(backup))
    checkpoint(db)
    overwrite_pages(db, list(range(1, db.stat().st_size // PAGE)))
    restored = run(db, "restore", "--yes", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert len(charts(db)) == 5 and ".damaged" in restored.stdout
