"""Which database engine a connection talks to: the embedded SQLite file (the default) or
a PostgreSQL clinic server (docs/ARCHITECTURE.md#clinic-server).

The schema is the same on both; what differs is how the database enforces it. SQLite's
triggers, full-text tables and `INSERT OR IGNORE` are created by the migrations that
introduced them; on PostgreSQL, migration 0009 creates their PL/pgSQL counterparts
(models/server_triggers.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, String
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
