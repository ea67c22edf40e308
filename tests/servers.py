"""A PostgreSQL clinic server for the tests: each test gets a database of its own, copied
from one migrated at the start of the run (CREATE DATABASE … TEMPLATE is a file copy).

The server is given by `--pg-url` or HOLDFAST_TEST_PG_URL (`.ci/run` and `make test-pg`
start one with .ci/postgres-start); without it the PostgreSQL half of a test skips, and
fails in CI.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from models.database import Database
from models.server import open_server_database

URL_ENV = "HOLDFAST_TEST_PG_URL"
TEMPLATE = "holdfast_template"
_numbers = itertools.count()


def with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


class ServerForTests:
    """The server the tests use, and the migrated template their databases copy."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.admin = create_engine(with_database(url, "postgres"), isolation_level="AUTOCOMMIT")
        self._template_ready = False

    def run(self, statement: str) -> None:
        """One statement as the server's superuser, outside any database of the tests."""
        with self.admin.connect() as connection:
            connection.execute(text(statement))

    def _make_template(self, home: Path) -> None:
        self.run(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
        self.run(f"CREATE DATABASE {TEMPLATE}")
        open_server_database(with_database(self.url, TEMPLATE), home).close()
        self._template_ready = True

    def fresh_url(self, home: Path) -> str:
        """A new, empty Holdfast database at the current schema; its URL."""
        if not self._template_ready:
            self._make_template(home)
        name = f"holdfast_t{os.getpid()}_{next(_numbers)}"
        self.run(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return with_database(self.url, name)

    def drop(self, url: str) -> None:
        self.run(f"DROP DATABASE IF EXISTS {make_url(url).database} WITH (FORCE)")

    def close(self) -> None:
        self.admin.dispose()


def server_database(server: ServerForTests, home: Path) -> Iterator[Database]:
    """A fresh practice on the test server, dropped afterwards."""
    url = server.fresh_url(home)
    database = open_server_database(url, home)
    try:
        yield database
    finally:
        database.close()
        server.drop(url)


def cli_target(db: Database) -> list[str]:
    """The command line's arguments naming `db`: its file, or its clinic server."""
    return ["--database-url", db.url] if db.url else ["--db", str(db.path)]
