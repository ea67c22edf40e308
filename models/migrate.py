"""Schema versions: create and stamp a new database, upgrade an older one after a backup,
refuse one written by a newer Holdfast.

Alembic is imported only when a migration is due: the stored revision is read with plain
SQL and the known ones from the migration files' own `revision = "…"` lines, so an
everyday start (schema current) never pays for importing it (docs/ARCHITECTURE.md#opening).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from models.backup import backup_database
from models.dialects import is_sqlite
from models.read_only import stored_revision, table_names

if TYPE_CHECKING:
    from alembic.config import Config

VERSIONS = Path(__file__).parent / "migrations" / "versions"
# `revision = "0008"`, `down_revision: str | None = "0007"` (Alembic's templates write both)
_REVISION_LINE = re.compile(
    r"^(down_revision|revision)\s*(?::[^=\n]*)?=\s*(?:[\"']([^\"']+)[\"']|None)", re.M
)


DATABASE_OWNER = (
    "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"
)
IS_MEMBER = "SELECT pg_has_role(session_user, :owner, 'MEMBER')"


class SchemaError(RuntimeError):
    """The database cannot be used by this version of Holdfast."""


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "models:migrations")
    return config


@cache
def _revision_links() -> dict[str, str | None]:
    """Each migration's revision and the one it follows, read from the files' text."""
    links: dict[str, str | None] = {}
    for script in VERSIONS.glob("[0-9]*.py"):
        found = dict((m[1], m[2] or None) for m in _REVISION_LINE.finditer(script.read_text()))
        links[str(found["revision"])] = found.get("down_revision")
    return links


def head_revision() -> str:
    """The newest schema revision this Holdfast knows (the one no migration follows)."""
    links = _revision_links()
    heads = set(links) - set(links.values())
    assert len(heads) == 1, f"the migrations must form one line, not {sorted(heads)}"
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    """The revision stored in the database (None: no version table or no row in it)."""
    if not is_sqlite(engine):
        if "alembic_version" not in inspect(engine).get_table_names():
            return None
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    with engine.connect() as connection:
        plain = connection.connection.driver_connection  # sqlite3's, or SQLCipher's alike
        assert plain is not None
        return stored_revision(plain, table_names(plain))


def known_revisions() -> set[str]:
    """Every schema revision this Holdfast can open or upgrade from."""
    return set(_revision_links())


def _upgrade(engine: Engine) -> None:
    """Every step up to head in one transaction: a step that refuses leaves no step done.

    Python's sqlite3 opens a transaction only before INSERT/UPDATE/DELETE, so a CREATE
    INDEX would otherwise commit at once and a later refusal would leave a half-upgraded
    file that the next attempt cannot upgrade. An explicit BEGIN covers the DDL too.
    """
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        if is_sqlite(engine):  # PostgreSQL's DDL is transactional as it is
            connection.exec_driver_sql("BEGIN")
        else:
            act_as_owner(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def act_as_owner(connection: Connection) -> None:
    """On a clinic server, create the schema as the role that owns the database, when the
    practitioner signed in is a member of it: the tables then belong to the practice, not
    to whoever happened to start Holdfast first, and every member may use them."""
    owner = connection.execute(text(DATABASE_OWNER)).scalar()
    if owner and connection.execute(text(IS_MEMBER), {"owner": owner}).scalar():
        quoted = connection.dialect.identifier_preparer.quote(str(owner))
        connection.exec_driver_sql(f"SET LOCAL ROLE {quoted}")


def refuse_unknown(engine: Engine, path: Path) -> str:
    """The database's schema revision, or SchemaError if it is foreign or newer than us."""
    current = current_revision(engine)
    if current is None:
        raise SchemaError(f"{path} is not a Holdfast database (it has no schema version)")
    refuse_newer(current, path)
    return current


def refuse_newer(revision: str, path: Path) -> None:
    """SchemaError if `revision` is not one this Holdfast knows (a newer one wrote it)."""
    if revision not in known_revisions():
        raise SchemaError(
            f"{path} was written by a newer Holdfast (schema {revision}); this version "
            f"understands schema {head_revision()} and older. Update Holdfast to open it."
        )


def ensure_schema(engine: Engine, path: Path) -> str:
    """Bring the database to the current schema; returns what was done."""
    current = current_revision(engine)
    if current == head_revision():
        return "current"
    if current is None and not inspect(engine).get_table_names():
        _upgrade(engine)
        return "created"
    current = refuse_unknown(engine, path)
    if is_sqlite(engine):  # a clinic server is backed up by its own schedule (pg_dump)
        backup_database(engine, path, reason=f"before-upgrade-from-{current}")
    try:
        _upgrade(engine)
    except SchemaError as refused:  # a step found data it cannot carry forward
        raise SchemaError(f"{path} cannot be upgraded yet: {refused}") from None
    return "upgraded"
