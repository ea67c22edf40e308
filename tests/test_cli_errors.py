"""The command line against a locked or full database: a sentence in words and exit 1, never
a traceback, never SQL, never a stored or imported name or note (issue 9, findings 2, 4, 6).

Real faults from tests/faults.py: another connection holding the write lock, SQLite's own
page limit (disk full for the database), and a tiny filesystem filled up (root only)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.database import Database, open_database
from models.records import PatientDraft
from models.services.patients import create_patient
from tests.faults import fill_up, limit_pages, tiny_filesystem, unlimit_pages, write_locked
from ui.cli import main

SECRET_NAME, SECRET_NOTE = "Quillon", "confided about the divorce"
SQL_WORDS = ("INSERT", "SELECT", "UPDATE", "[SQL", "parameters")


def exchange_file(folder: Path) -> Path:
    """An import file with one patient whose name and note must never reach an error."""
    document = {
        "format": "holdfast",
        "version": 1,
        "patients": [
            {
                "chart_number": "Q-1",
                "first_name": "Zelda",
                "last_name": SECRET_NAME,
                "notes": SECRET_NOTE,
                "visits": [],
            }
        ],
    }
    path = folder / "patients.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", "--db", str(db), *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def assert_words_only(output: str) -> None:
    assert "Traceback" not in output and 'File "' not in output
    for word in (*SQL_WORDS, SECRET_NAME, SECRET_NOTE, "Okafor", "Zelda"):
        assert word not in output, word


def test_import_into_a_locked_database_says_so_in_words(db: Database, tmp_path: Path) -> None:
    create_patient(db, PatientDraft("R-1", "Maya", "Okafor", notes="private"), "test")
    db.close()
    source = exchange_file(tmp_path)
    with write_locked(db.path):
        result = cli("import", str(source), db=db.path)
    assert result.returncode == 1
    assert_words_only(result.stdout + result.stderr)
    assert "locked by another program" in result.stderr


def test_demo_into_a_full_database_says_so_in_words(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite's page limit stands in for a full disk: the demo patients do not fit."""
    pages = open_database(db.path).engine.connect().exec_driver_sql("PRAGMA page_count")
    cap = limit_pages(int(pages.scalar_one()) + 2)
    try:
        code = main(["--db", str(db.path), "demo"])
    finally:
        unlimit_pages(cap)
    out = capsys.readouterr()
    assert code == 1
    assert_words_only(out.out + out.err)
    assert "disk is full" in out.err and "free some space" in out.err.lower()


def test_import_onto_a_full_disk_says_so_in_words(tmp_path: Path) -> None:
    """A real ENOSPC: the data folder is a tiny filesystem with no byte free."""
    source = exchange_file(tmp_path)
    with tiny_filesystem(tmp_path / "small", 2048) as folder:
        db_path = folder / "holdfast.sqlite3"
        assert cli("patients", db=db_path).returncode == 0  # created while there is room
        fill_up(folder)
        result = cli("import", str(source), db=db_path)
    assert result.returncode == 1
    assert_words_only(result.stdout + result.stderr)
    assert "full" in result.stderr


def test_an_unexpected_error_is_one_line_and_a_log_without_values(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug nobody foresaw: one sentence, and a log of where it happened with no values."""
    db.close()
    # A key this version does not know: the error quotes it, as errors often quote data.
    (db.path.parent / "settings.json").write_text(
        json.dumps({"tolerances": {SECRET_NAME: 1}}), encoding="utf-8"
    )
    code = main(["--db", str(db.path), "demo"])
    out = capsys.readouterr()
    assert code == 1
    assert_words_only(out.out + out.err)
    assert len(out.err.strip().splitlines()) == 1 and "unexpected" in out.err
    (log,) = (db.path.parent / "logs").iterdir()
    assert str(log) in out.err
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "cli.py" in text
    assert "TypeError" in text and SECRET_NAME not in text


@pytest.fixture(autouse=True)
def _no_inherited_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOLDFAST_DB", raising=False)
    os.environ.pop("HOLDFAST_DB", None)
