"""The command line on files it cannot use: `check` describes each in words, the other
commands say in one line why they stop, and a read-only database still answers everything
that only reads. Each run is a real `holdfast` process; none may print a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bad_files import BAD_FILES, healthy
from tests.faults import read_only_folder, write_locked


def holdfast(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOLDFAST_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args], capture_output=True, text=True, env=env
    )


def said(result: subprocess.CompletedProcess[str]) -> str:
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "sqlite3." not in output and "[SQL" not in output
    assert "Okafor" not in output  # a demo patient's name: no patient data in a message
    return output


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_check_describes_a_file_it_cannot_use_and_exits_1(kind: str, db_path: Path) -> None:
    make, reason = BAD_FILES[kind]
    make(db_path)
    result = holdfast("check", db=db_path)
    said(result)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == [f"database      {db_path}", f"file          {reason}"]
    assert result.stderr.startswith(f"holdfast: {db_path} ")


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_patients_on_a_file_it_cannot_use_says_why_in_one_line(kind: str, db_path: Path) -> None:
    BAD_FILES[kind][0](db_path)
    result = holdfast("patients", db=db_path)
    said(result)
    assert result.returncode == 1 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and str(db_path) in result.stderr


def test_check_of_a_missing_database_says_there_is_none_and_creates_none(db_path: Path) -> None:
    result = holdfast("check", db=db_path)
    assert result.returncode == 1 and "missing" in said(result)
    assert not db_path.exists()


def test_on_a_read_only_database_reading_commands_work_and_writing_ones_say_why(
    db_path: Path, tmp_path: Path
) -> None:
    healthy(db_path)
    new_patient = tmp_path / "new.json"
    new_patient.write_text(json.dumps({"format": "holdfast", "version": 1, "patients": [
        {"chart_number": "N-1", "first_name": "New", "last_name": "Patient"}]}))  # fmt: skip
    with read_only_folder(db_path.parent):
        reads = {
            "patients": holdfast("patients", db=db_path),
            "holds": holdfast("holds", "R-001", db=db_path),
            "export": holdfast("export", "-o", str(tmp_path / "out.json"), db=db_path),
            "report": holdfast(
                "report", "R-001", "--kind", "progress", "-o", str(tmp_path / "p.pdf"), db=db_path
            ),
            "check": holdfast("check", db=db_path),
        }
        writes = {
            "demo": holdfast("demo", db=db_path),
            "import": holdfast("import", str(new_patient), db=db_path),
            "rename-chart": holdfast("rename-chart", "R-001", "R-009", db=db_path),
        }
    for command, result in reads.items():
        assert result.returncode == 0, (command, said(result))
    assert "R-001" in reads["patients"].stdout and "held" in reads["holds"].stdout
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")
    assert "access        read-only (" in reads["check"].stdout
    assert reads["check"].stdout.endswith("OK\n")
    for command, result in writes.items():
        output = said(result)
        assert result.returncode == 1, command
        assert "The database is read-only (the " in output, (command, output)


HOLD_THE_LOCK = (  # a second process with the database open, as a running Holdfast window has
    "import sys, time\n"
    "from pathlib import Path\n"
    "from models.instance_lock import lock_instance\n"
    "lock = lock_instance(Path(sys.argv[1]))\n"
    "print('held', flush=True)\n"
    "time.sleep(600)\n"
)


def test_restore_is_refused_while_holdfast_has_the_database_open(
    db_path: Path, tmp_path: Path
) -> None:
    healthy(db_path)
    backup = tmp_path / "copy.sqlite3"
    assert holdfast("backup", "-o", str(backup), db=db_path).returncode == 0
    before = db_path.read_bytes()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(db_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        result = holdfast("restore", str(backup), "--yes", db=db_path)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1 and "already open" in said(result)
    assert db_path.read_bytes() == before
    assert holdfast("restore", str(backup), "--yes", db=db_path).returncode == 0  # lock gone


def test_check_while_another_program_holds_the_write_lock_reads_what_it_can(
    db_path: Path,
) -> None:
    healthy(db_path)
    with write_locked(db_path):
        result = holdfast("check", db=db_path)
    assert result.returncode == 0, said(result)
    assert "integrity     ok" in result.stdout
    assert "search index  not checked (another program is saving" in result.stdout
