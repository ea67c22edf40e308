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


def _upgrade(engine: Engine) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def ensure_schema(engine: Engine, path: Path) -> str:
    """Bring the database to the current schema; returns what was done."""
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return "current"
    if current is None:
        if inspect(engine).get_table_names():
            raise SchemaError(f"{path} is not a Holdfast database (it has no schema version)")
        _upgrade(engine)
        return "created"
    known = {rev.revision for rev in script.walk_revisions()}
    if current not in known:
        raise SchemaError(
            f"{path} was written by a newer Holdfast (schema {current}); this version "
            f"understands schema {head} and older. Update Holdfast to open it."
        )
    backup_database(engine, path, reason=f"before-upgrade-from-{current}")
    _upgrade(engine)
    return "upgraded"
