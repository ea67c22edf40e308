"""Opening looks at the file before anything writes to it: what is damaged, empty, a folder or
another program's database is refused in words and left byte for byte as it was; a new
database appears whole or not at all (docs/ARCHITECTURE.md#opening)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models.database import open_database
from models.migrate import current_revision, head_revision
from models.opening import UnusableDatabase
from models.orm import Exercise
from models.services.patients import search_patients
from tests.bad_files import BAD_FILES, contents, foreign, foreign_wal, healthy, overwritten
from tests.faults import write_locked


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_file_holdfast_cannot_use_is_refused_in_words_and_left_as_it_was(
    kind: str, db_path: Path
) -> None:
    make, reason = BAD_FILES[kind]
    make(db_path)
    before = contents(db_path)
    with pytest.raises(UnusableDatabase) as refused:
        open_database(db_path)
    assert refused.value.reason == reason
    message = str(refused.value)
    assert str(db_path) in message and "Traceback" not in message
    assert not any(sql in message for sql in ("SELECT", "PRAGMA", "INSERT", "sqlite3."))
    assert contents(db_path) == before


def test_an_empty_file_is_refused_as_a_failed_copy_never_made_a_new_database(
    db_path: Path,
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.touch()
    with pytest.raises(UnusableDatabase) as refused:
        open_database(db_path)
    assert "empty" in str(refused.value) and "backup" in str(refused.value)
    assert refused.value.backup_may_help
    assert db_path.stat().st_size == 0 and os.listdir(db_path.parent) == [db_path.name]


def test_damage_inside_the_file_is_found_by_the_quick_check_at_open(db_path: Path) -> None:
    overwritten(db_path)
    with pytest.raises(UnusableDatabase) as refused:
        open_database(db_path)
    assert refused.value.reason == "damaged" and refused.value.backup_may_help
    assert refused.value.details  # SQLite's own words, for `holdfast check`
    assert "backup" in str(refused.value)


@pytest.mark.parametrize(("make", "header_byte"), [(foreign, 1), (foreign_wal, 2)])
def test_another_programs_database_keeps_its_bytes_and_its_journal_mode(
    make: object, header_byte: int, tmp_path: Path
) -> None:
    path = tmp_path / "photos.sqlite3"
    assert callable(make)
    make(path)
    before = path.read_bytes()
    assert before[18] == before[19] == header_byte  # 1: rollback journal, 2: WAL
    with pytest.raises(UnusableDatabase, match="another program"):
        open_database(path)
    assert path.read_bytes() == before
    if header_byte == 1:  # nothing beside it either: no -wal, no -shm
        assert sorted(os.listdir(tmp_path)) == ["photos.sqlite3"]


def test_a_missing_file_becomes_a_complete_new_database(db_path: Path) -> None:
    db = open_database(db_path)
    assert current_revision(db.engine) == head_revision() and not db.read_only
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Exercise))
    db.close()
    assert sorted(os.listdir(db_path.parent)) == [db_path.name]  # no half-made file beside


def test_a_start_killed_while_creating_leaves_nothing_the_next_start_refuses(
    db_path: Path,
) -> None:
    killed_while_creating = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "import models.database as database\n"
        "def killed(session):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "database.sync_exercise_library = killed  # after the schema, before the rename\n"
        "database.open_database(Path(sys.argv[1]))\n"
    )
    child = subprocess.run([sys.executable, "-c", killed_while_creating, str(db_path)])
    assert child.returncode == -signal.SIGKILL
    assert not db_path.exists() and db_path.with_name(db_path.name + ".new").exists()
    db = open_database(db_path)
    assert search_patients(db) == []
    db.close()
    assert sorted(os.listdir(db_path.parent)) == [db_path.name]


def test_a_database_another_program_holds_write_locked_still_opens_and_reads(
    db_path: Path,
) -> None:
    healthy(db_path)
    with write_locked(db_path):
        db = open_database(db_path)
        assert len(search_patients(db)) == 5
        db.close()


def test_a_file_that_cannot_be_created_is_refused_in_words(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(UnusableDatabase) as refused:
        open_database(blocker / "holdfast.sqlite3")
    assert refused.value.reason == "cannot-create" and "folder you may write to" in str(
        refused.value
    )
