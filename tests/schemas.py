"""A database file at an older schema, as an older Holdfast left it, for upgrade tests."""

from __future__ import annotations

from collections.abc import Callable

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from models.migrate import alembic_config


def _step(engine: Engine, step: Callable[[Config, str], None], revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        step(config, revision)


def upgrade_to(engine: Engine, revision: str) -> None:
    """Bring the file's schema up to `revision` (an empty file gets that schema)."""
    _step(engine, command.upgrade, revision)


def downgrade_to(engine: Engine, revision: str) -> None:
    """Take the file's schema back to `revision`, keeping its rows."""
    _step(engine, command.downgrade, revision)
