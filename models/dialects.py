"""Which database engine a connection talks to: the embedded SQLite file (the default) or
a PostgreSQL clinic server (docs/ARCHITECTURE.md#clinic-server).

The schema is the same on both; what differs is how the database enforces it. SQLite's
triggers, full-text tables and `INSERT OR IGNORE` are created by the migrations that
introduced them; on PostgreSQL, migration 0009 creates their PL/pgSQL counterparts
(models/server_triggers.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Boolean, Connection, Engine, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

SQLITE, POSTGRESQL = "sqlite", "postgresql"


def engine_name(bind: Connection | Engine) -> str:
    """ "sqlite" or "postgresql"."""
    return bind.dialect.name


def is_sqlite(bind: Connection | Engine) -> bool:
    return engine_name(bind) == SQLITE


def insert_ignoring_duplicates(bind: Connection | Engine) -> str:
    """The start of an INSERT that skips rows whose key is already there: SQLite spells it
    `INSERT OR IGNORE`, PostgreSQL with `ON CONFLICT DO NOTHING` at the end (see
    `ignoring_duplicates_end`)."""
    return "INSERT OR IGNORE INTO" if is_sqlite(bind) else "INSERT INTO"


def ignoring_duplicates_end(bind: Connection | Engine) -> str:
    return "" if is_sqlite(bind) else " ON CONFLICT DO NOTHING"


class folded(FunctionElement[str]):
    """A text compared ignoring case as the unique chart-number index does (schema 0003):
    `x COLLATE NOCASE` in SQLite, `lower(x)` on PostgreSQL."""

    type = String()
    inherit_cache = True
    name = "folded"


@compiles(folded)
def _folded_sqlite(element: folded, compiler: SQLCompiler, **kw: Any) -> str:
    return f"{compiler.process(element.clauses, **kw)} COLLATE NOCASE"


@compiles(folded, "postgresql")
def _folded_server(element: folded, compiler: SQLCompiler, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


class DriverCursor:
    """The driver's own cursor for statements written with `?` placeholders, as sqlite3
    takes them; on PostgreSQL they become psycopg's `%s`. The bulk writes (an import, a
    draft's parts) go through it: executemany without SQLAlchemy's per-row work."""

    def __init__(self, connection: Connection) -> None:
        driver = connection.connection.driver_connection
        assert driver is not None
        self.sqlite = is_sqlite(connection)
        self._cursor = driver.cursor()

    def _statement(self, sql: str) -> str:
        return sql if self.sqlite else sql.replace("?", "%s")

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        return self._cursor.execute(self._statement(sql), parameters)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._cursor.executemany(self._statement(sql), list(rows) if not self.sqlite else rows)

    def fetchall(self) -> list[Any]:
        return list(self._cursor.fetchall())


def listed_ids(bind: Connection | Engine, parameter: str = "ids") -> str:
    """A subquery of the integers in the JSON list bound as `:parameter` (one statement
    for any number of ids, never SQLite's limit on bound values)."""
    if is_sqlite(bind):
        return f"SELECT value FROM json_each(:{parameter})"
    return f"SELECT value::integer FROM json_array_elements_text(CAST(:{parameter} AS json))"


class among_ids(FunctionElement[bool]):
    """`among_ids(column, json_list)`: the column is one of the integers of a JSON list
    bound as one value (any number of ids, where a plain IN list would hit SQLite's limit
    on bound variables in a big practice)."""

    type = Boolean()
    inherit_cache = True
    name = "among_ids"


@compiles(among_ids)
def _among_sqlite(element: among_ids, compiler: SQLCompiler, **kw: Any) -> str:
    column, ids = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"{column} IN (SELECT value FROM json_each({ids}))"


@compiles(among_ids, "postgresql")
def _among_server(element: among_ids, compiler: SQLCompiler, **kw: Any) -> str:
    column, ids = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"{column} IN (SELECT value::integer FROM json_array_elements_text(CAST({ids} AS json)))"


class either(FunctionElement[bool]):
    """`either(on_sqlite, on_server)`: a condition written once per engine where their SQL
    differs too much for one spelling (the search indexes: FTS5 tables in SQLite, plain
    tables with a tsvector and trigrams on a server). Only the engine's own half is sent."""

    type = Boolean()
    inherit_cache = True
    name = "either"


@compiles(either)
def _either_sqlite(element: either, compiler: SQLCompiler, **kw: Any) -> str:
    on_sqlite, _ = element.clauses
    return str(compiler.process(on_sqlite, **kw))


@compiles(either, "postgresql")
def _either_server(element: either, compiler: SQLCompiler, **kw: Any) -> str:
    _, on_server = element.clauses
    return str(compiler.process(on_server, **kw))


class iso_day(FunctionElement[str]):
    """A stored date as the text a search types: 2026-03-14."""

    type = String()
    inherit_cache = True
    name = "iso_day"


class dotted_day(FunctionElement[str]):
    """A stored date as the text a search types: 14.03.2026."""

    type = String()
    inherit_cache = True
    name = "dotted_day"


@compiles(iso_day)
def _iso_sqlite(element: iso_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"strftime('%Y-%m-%d', {compiler.process(element.clauses, **kw)})"


@compiles(iso_day, "postgresql")
def _iso_server(element: iso_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM-DD')"


@compiles(dotted_day)
def _dotted_sqlite(element: dotted_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"strftime('%d.%m.%Y', {compiler.process(element.clauses, **kw)})"


@compiles(dotted_day, "postgresql")
def _dotted_server(element: dotted_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'DD.MM.YYYY')"
