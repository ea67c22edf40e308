"""`holdfast --self-test`: every step passes from source; a failing step is one line, exit 1."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import models.migrate
from ui.self_test import SelfTest, run_self_test

STEP_LINES = [
    f"ok   database opened and migrated (schema {models.migrate.head_revision()})",
    "ok   demo patients loaded (5)",
    "ok   holds computed (held 4 of 7)",
    "ok   chart drawn on a Qt canvas (offscreen, ",
    "ok   PDF report rendered (visit summary, ",
    "ok   encrypted database created and reopened (SQLCipher)",
    "ok   PostgreSQL driver loaded (psycopg ",
    "self-test passed: Holdfast ",
]


def test_self_test_passes_without_a_display_and_leaves_the_database_alone(
    tmp_path: Path,
) -> None:
    db = tmp_path / "holdfast.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env |= {"HOLDFAST_DB": str(db), "TMPDIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "ui.cli", "--self-test"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(STEP_LINES), result.stdout
    for line, start in zip(lines, STEP_LINES, strict=True):
        assert line.startswith(start), result.stdout
    assert not db.exists()  # the practitioner's database is never touched
    assert not list(tmp_path.glob("holdfast-self-test-*"))  # its temporary folder is gone


def test_missing_migrations_stop_at_the_first_step_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What a bundle without its migration files does: the step says why, in one line."""
    real = models.migrate.alembic_config

    def elsewhere() -> object:
        config = real()
        config.set_main_option("script_location", str(tmp_path / "no-migrations"))
        return config

    monkeypatch.setattr(models.migrate, "alembic_config", elsewhere)
    assert run_self_test() == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"FAIL opening a new database: CommandError: Path doesn't exist: "
        f"{tmp_path / 'no-migrations'}.  Please use the 'init' command to create a new "
        "scripts folder."
    ]


def test_a_failing_later_step_names_itself_and_ends_the_test(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(self: SelfTest) -> str:
        raise ImportError("No module named 'PySide6.QtPdf'\nsecond line never shown")

    monkeypatch.setattr(SelfTest, "report", broken)
    ran: list[str] = []
    monkeypatch.setattr(SelfTest, "encrypted", lambda self: ran.append("encrypted") or "")
    monkeypatch.setattr(SelfTest, "chart", lambda self: "chart skipped")
    assert run_self_test() == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == [
        f"ok   database opened and migrated (schema {models.migrate.head_revision()})",
        "ok   demo patients loaded (5)",
        "ok   holds computed (held 4 of 7)",
    ]
    assert lines[3:] == [
        "ok   chart skipped",
        "FAIL rendering a PDF report: ImportError: No module named 'PySide6.QtPdf'",
    ]
    assert ran == []  # no step runs after a failure
