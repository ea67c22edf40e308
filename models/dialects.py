"""Which database engine a connection talks to: the embedded SQLite file (the default) or
a PostgreSQL clinic server (docs/ARCHITECTURE.md#clinic-server), and the few pieces of SQL
the two spell differently, each spelled here once.

The schema is the same on both; what differs is how the database enforces it. SQLite's
triggers and full-text tables are created by the migrations that introduced them; on
PostgreSQL, migration 0009 creates their PL/pgSQL counterparts (models/server_triggers.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Boolean, Connection, Engine, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

SQLITE = "sqlite"
# The integers of a JSON list bound as one value: any number of ids in one statement, where
# a plain IN list would hit SQLite's limit on bound variables in a big practice.
LISTED_IDS = {
    SQLITE: "SELECT value FROM json_each({})",
    "postgresql": "SELECT value::integer FROM json_array_elements_text(CAST({} AS json))",
}


def is_sqlite(bind: Connection | Engine) -> bool:
    return bind.dialect.name == SQLITE


def listed_ids(bind: Connection | Engine, parameter: str = "ids") -> str:
    """A subquery of the integers in the JSON list bound as `:parameter`."""
    return LISTED_IDS[bind.dialect.name].format(f":{parameter}")


def _spelled(
    element: type[FunctionElement[Any]],
    on_sqlite: Callable[..., str],
    on_server: Callable[..., str],
) -> None:
    """Compile `element` with its arguments, each already compiled, given to `on_sqlite` or
    `on_server`."""

    def compiled(spelling: Callable[..., str]) -> Callable[..., str]:
        def compile_(node: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
            return spelling(*(compiler.process(clause, **kw) for clause in node.clauses))

        return compile_

    compiles(element)(compiled(on_sqlite))
    compiles(element, "postgresql")(compiled(on_server))


class folded(FunctionElement[str]):
    """A text compared ignoring case as the unique chart-number index does (schema 0003)."""

    type, inherit_cache, name = String(), True, "folded"


class among_ids(FunctionElement[bool]):
    """`among_ids(column, json_list)`: the column is one of the list's integers."""

    type, inherit_cache, name = Boolean(), True, "among_ids"
    # A condition already: without this SQLite gets `(x IN (...)) = 1`, which no index can
    # serve, and reading one stale patient's course scanned every reading, plan item and
    # complaint (0.43 s at 20,000 patients, 5 ms with it).
    _is_implicitly_boolean = True


class either(FunctionElement[bool]):
    """`either(on_sqlite, on_server)`: a condition written once per engine where their SQL
    differs too much for one spelling (the search indexes: FTS5 tables in SQLite, plain
    tables with a tsvector and trigrams on a server). Only the engine's own half is sent."""

    type, inherit_cache, name = Boolean(), True, "either"


class iso_day(FunctionElement[str]):
    """A stored date as the text a search types: 2026-03-14."""

    type, inherit_cache, name = String(), True, "iso_day"


class dotted_day(FunctionElement[str]):
    """A stored date as the text a search types: 14.03.2026."""

    type, inherit_cache, name = String(), True, "dotted_day"


_spelled(folded, lambda text: f"{text} COLLATE NOCASE", lambda text: f"lower({text})")
_spelled(
    among_ids,
    lambda column, ids: f"{column} IN ({LISTED_IDS[SQLITE].format(ids)})",
    lambda column, ids: f"{column} IN ({LISTED_IDS['postgresql'].format(ids)})",
)


# Not through _spelled: only the engine's own half may be compiled, or the other half's
# bound values would be counted among the statement's.
@compiles(either)
def _either_sqlite(element: either, compiler: SQLCompiler, **kw: Any) -> str:
    on_sqlite, _ = element.clauses
    return str(compiler.process(on_sqlite, **kw))


@compiles(either, "postgresql")
def _either_server(element: either, compiler: SQLCompiler, **kw: Any) -> str:
    _, on_server = element.clauses
    return str(compiler.process(on_server, **kw))


_spelled(
    iso_day, lambda day: f"strftime('%Y-%m-%d', {day})", lambda day: f"to_char({day}, 'YYYY-MM-DD')"
)
_spelled(
    dotted_day,
    lambda day: f"strftime('%d.%m.%Y', {day})",
    lambda day: f"to_char({day}, 'DD.MM.YYYY')",
)


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
