"""The visit session under real faults: a database locked by another connection, a database
that cannot grow (disk full), a recovery file that cannot be written. What was typed is kept,
the failure is said in words, and both writes are tried again on a backoff until they land,
independently of each other (issue 9, findings 2 and 4). Fake clock, real SQLite file."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from models.database import Database
from tests.faults import impatient, limit_pages, unlimit_pages, write_locked
from tests.test_visit_session import Setup
from ui.background import SyncRunner
from ui.editor.recovery import read_recovery
from ui.editor.retry import RETRY_DELAYS
from ui.editor.session import Leftover

TYPED = "Pain since the marathon"
LONG = " and more" * 2000


@pytest.fixture
def sync(db: Database) -> Iterator[Setup]:
    with impatient(db.engine):
        yield Setup(db, SyncRunner())


@pytest.fixture
def full(db: Database) -> Iterator[Callable[[], None]]:
    """The database may not grow by a single page: SQLite's own disk full (SQLITE_FULL).
    Yields `make_room`, which lifts the limit."""
    with db.engine.connect() as connection:
        pages = int(connection.exec_driver_sql("PRAGMA page_count").scalar_one())
    caps = [limit_pages(pages)]
    db.engine.dispose()

    def make_room() -> None:
        unlimit_pages(caps.pop())
        db.engine.dispose()  # the pooled connections carry the limit

    yield make_room
    if caps:
        make_room()


def assert_in_words(text: str) -> None:
    assert text.startswith("Not saved: ")
    for word in ("INSERT", "UPDATE", "SELECT", "[SQL", "parameters", TYPED, "Falk"):
        assert word not in text


def test_a_locked_database_is_tried_again_until_the_save_lands(sync: Setup) -> None:
    sync.type(TYPED)
    with write_locked(sync.db.path):
        sync.at(1.5)  # the pause: the save is tried, and refused
        message = sync.form.failures[-1]
        assert_in_words(message)
        assert "locked by another program" in message and "tries again" in message
        assert sync.session.dirty and sync.wakes[-1] == pytest.approx(101.5 + RETRY_DELAYS[0])
        assert sync.session.left_behind() is Leftover.KEPT  # in the recovery file meanwhile
        sync.at(1.5 + RETRY_DELAYS[0])  # still locked: refused again, the next try later
        assert sync.stored_notes() == []
        assert sync.wakes[-1] == pytest.approx(103.5 + RETRY_DELAYS[1])
    sync.at(1.5 + RETRY_DELAYS[0] + RETRY_DELAYS[1] - 0.01)
    assert sync.stored_notes() == []  # not before its time
    sync.at(1.5 + RETRY_DELAYS[0] + RETRY_DELAYS[1])  # released: stored, nobody typed again
    assert sync.stored_notes() == [TYPED] and not sync.session.dirty
    assert sync.form.failures[-1] == ""  # the message goes once the save landed
    assert not sync.new_visit_file().exists() and sync.wakes[-1] is None


def test_a_full_database_keeps_the_typing_and_saves_once_there_is_room(
    sync: Setup, full: Callable[[], None]
) -> None:
    sync.type(TYPED + LONG)  # more than the free room left in the file's pages
    sync.at(1.5)
    message = sync.form.failures[-1]
    assert_in_words(message)
    assert "disk is full" in message and "Free some space" in message
    recovered = read_recovery(sync.new_visit_file())
    assert recovered is not None and recovered["raw"] == {"typed": TYPED + LONG}
    sync.type("!")  # typing goes on meanwhile, and is kept as it goes
    sync.at(1.8)
    recovered = read_recovery(sync.new_visit_file())
    assert recovered is not None and recovered["raw"] == {"typed": TYPED + LONG + "!"}
    assert sync.session.left_behind() is Leftover.KEPT and sync.stored_notes() == []
    full()  # room again
    sync.at(3.3)  # the pause after "!" comes before the retry; either would do
    assert sync.stored_notes() == [TYPED + LONG + "!"] and sync.form.failures[-1] == ""


def test_a_recovery_file_that_cannot_be_written_does_not_stop_the_save(
    sync: Setup, tmp_path: Path
) -> None:
    """Its temporary file leads to /dev/full: every write of it fails with ENOSPC."""
    temporary = sync.new_visit_file().with_suffix(".tmp")
    temporary.parent.mkdir(parents=True)
    os.symlink("/dev/full", temporary)
    sync.type(TYPED)
    sync.at(0.3)
    message = sync.form.failures[-1]
    assert "safety copy" in message and "disk is full" in message and TYPED not in message
    assert sync.session.left_behind() is Leftover.AT_RISK  # on screen only, for now
    sync.at(1.5)
    assert sync.stored_notes() == [TYPED]  # the save went ahead regardless
    assert sync.session.left_behind() is Leftover.NOTHING and sync.form.failures[-1] == ""
    assert sync.session.next_deadline() is None  # nothing left to try again


def test_a_refusal_of_the_content_is_not_tried_again(sync: Setup) -> None:
    """No such patient: trying again cannot help, so the message says nothing of it."""
    sync.save_for_a_missing_patient()
    assert sync.form.failures[-1].startswith("Not saved: ")
    assert "tries again" not in sync.form.failures[-1]
    assert sync.session.save_retry.due is None
