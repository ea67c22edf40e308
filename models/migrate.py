"""Schema versions: create and stamp a new database, upgrade an older one after a backup,
refuse one written by a newer Holdfast."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from models.backup import backup_database


class SchemaError(RuntimeError):
    """The database cannot be used by this version of Holdfast."""


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "models:migrations")
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _upgrade(engine: Engine) -> None:
    """Every step up to head in one transaction: a step that refuses leaves no step done.

    Python's sqlite3 opens a transaction only before INSERT/UPDATE/DELETE, so a CREATE
    INDEX would otherwise commit at once and a later refusal would leave a half-upgraded
    file that the next attempt cannot upgrade. An explicit BEGIN covers the DDL too.
    """
    config = alembic_config()
    with engine.begin() as connection:
        connection.exec_driver_sql("BEGIN")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


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
    backup_database(engine, path, reason=f"before-upgrade-from-{current}")
    try:
        _upgrade(engine)
    except SchemaError as refused:  # a step found data it cannot carry forward
        raise SchemaError(f"{path} cannot be upgraded yet: {refused}") from None
    return "upgraded"
