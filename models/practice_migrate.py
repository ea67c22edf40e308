"""`holdfast migrate --from … --to …`: a practice moved between a database file and a clinic
server, either way, verified before it is committed (docs/ARCHITECTURE.md#clinic-server).

The source is read in one snapshot (SQLite: one read transaction; PostgreSQL: REPEATABLE
READ), so a practice being written meanwhile is still copied as it was at one moment. The
target must be empty; it is written in one transaction (models/practice_copy.py) that
commits only once the copy verifies (models/practice_verify.py). Nothing is half moved: a
refusal or failure leaves the target as it was, and a target file this run created is
removed again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from models.database import Database, open_database
from models.dialects import is_sqlite
from models.instance_lock import lock_instance
from models.paths import lock_path
from models.practice_copy import (
    MigrateFailed,
    Progress,
    begin_target,
    copy_tables,
    finish_target,
    refuse_non_empty,
)
from models.practice_verify import Verified, verify_copy
from models.read_only import wal_sidecars
from models.server import open_server_database, safe_url

NOT_AN_ADDRESS = (
    "{option} is not a database Holdfast reads: give a file path, sqlite:///PATH or "
    "postgresql+psycopg://user@host/database"
)


@dataclass(frozen=True)
class Endpoint:
    """Where a practice is: a database file (`path`, opened with `passphrase` when it is
    encrypted) or a clinic server (`url`; this computer's files for it in `home`)."""

    path: Path | None = None
    url: str | None = field(default=None, repr=False)
    passphrase: str | None = field(default=None, repr=False)
    home: Path | None = None

    @classmethod
    def parse(cls, given: str, option: str = "the database") -> Endpoint:
        """A file path, `sqlite:///PATH` or a server URL (the URL is never quoted back: it
        may hold a password)."""
        if "://" not in given:
            return cls(path=Path(given).expanduser())
        try:
            url = make_url(given)
        except ArgumentError:
            raise MigrateFailed(NOT_AN_ADDRESS.format(option=option)) from None
        if url.drivername.split("+")[0] == "sqlite":
            if not url.database or url.database == ":memory:":
                raise MigrateFailed(NOT_AN_ADDRESS.format(option=option))
            return cls(path=Path(url.database).expanduser())
        return cls(url=given)  # opening says in words when it is not a PostgreSQL one

    @property
    def shown(self) -> str:
        """How messages name it: the path, or the URL without its password."""
        return str(self.path) if self.url is None else safe_url(self.url)

    def same_as(self, other: Endpoint) -> bool:
        if self.path is not None and other.path is not None:
            return self.path.resolve() == other.path.resolve()
        return self.url is not None and other.url is not None and self.shown == other.shown


@dataclass(frozen=True)
class MigrateReport:
    """A practice moved: from where, to where, and what was verified equal."""

    source: str
    target: str
    verified: Verified
    source_repaired: tuple[str, ...] = ()  # lock triggers the source's opening put back


def _quiet(line: str, done: bool) -> None:
    pass


def migrate_practice(
    source: Endpoint, target: Endpoint, progress: Progress = _quiet
) -> MigrateReport:
    """Copy the practice at `source` into the empty database at `target`, verify the copy
    and commit it; raises MigrateFailed (or UnusableDatabase, AlreadyOpen) otherwise, with
    the target as it was."""
    if source.same_as(target):
        raise MigrateFailed("--from and --to name the same database: nothing to move")
    if source.path is not None and not source.path.is_file():  # opening would create one
        raise MigrateFailed(f"there is no database at {source.path}")
    new_file = target.path is not None and not target.path.exists()
    try:
        with ExitStack() as stack:  # the source opened first: if it cannot be, nothing is made
            source_db = _opened(stack, source, writable=False)
            target_db = _opened(stack, target, writable=True)
            verified = _move(source_db, target_db, target.shown, progress)
    except BaseException:
        if new_file and target.path is not None:
            _remove_new_file(target.path)
        raise
    return MigrateReport(source.shown, target.shown, verified, source_db.repaired_triggers)


def _opened(stack: ExitStack, endpoint: Endpoint, writable: bool) -> Database:
    """The database at `endpoint`, closed (and a file's lock released) when `stack` ends.
    No window may have a file open meanwhile: it could write after the snapshot was read,
    or into the copy."""
    if endpoint.url is not None:
        db = open_server_database(endpoint.url, endpoint.home)
    else:
        assert endpoint.path is not None
        stack.callback(lock_instance(endpoint.path).release)
        db = open_database(endpoint.path, endpoint.passphrase)
    stack.callback(db.close)
    if writable and db.read_only:
        raise MigrateFailed(f"{endpoint.shown} cannot be written ({db.read_only_reason})")
    return db


def _move(source_db: Database, target_db: Database, shown: str, progress: Progress) -> Verified:
    with target_db.engine.connect() as looking:  # before reading a single row of the source
        refuse_non_empty(looking, shown)
    with (
        _snapshot(source_db) as reading,
        target_db.engine.connect() as writing,
        writing.begin(),  # commits only if the copy verifies
    ):
        begin_target(writing, shown)
        digests = copy_tables(reading, writing, progress)
        finish_target(writing)
        return verify_copy(reading, writing, digests, progress)


@contextmanager
def _snapshot(db: Database) -> Iterator[Connection]:
    """A connection that sees the database as it is now for as long as it is open."""
    with db.engine.connect() as connection:
        if is_sqlite(connection):
            connection.exec_driver_sql("BEGIN")  # one read transaction: one snapshot
            yield connection
        else:
            yield connection.execution_options(isolation_level="REPEATABLE READ")


def _remove_new_file(path: Path) -> None:
    """A target file this run created (empty, or holding a copy rolled back) goes again."""
    for leftover in (path, *wal_sidecars(path), lock_path(path)):
        leftover.unlink(missing_ok=True)
