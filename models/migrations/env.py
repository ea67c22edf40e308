"""Alembic environment: runs on the connection Holdfast hands over (never from a .ini URL)."""

from alembic import context

from models.orm import Base

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic revision --autogenerate` from a developer's shell
    from sqlalchemy import create_engine

    connection = create_engine(
        "sqlite:///" + context.config.get_main_option("dev_db", "")
    ).connect()

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
