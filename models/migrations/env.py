"""Alembic environment: runs on the connection Holdfast hands over (never from a .ini URL)."""

from alembic import context

from models.orm import Base

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic revision --autogenerate` from a developer's shell
    import os
    from pathlib import Path

    from models.connect import database_engine

    dev_db = Path(context.config.get_main_option("dev_db", ""))
    connection = database_engine(dev_db, os.environ.get("HOLDFAST_PASSPHRASE")).connect()

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
