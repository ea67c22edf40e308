"""Holdfast's storage: SQLAlchemy ORM, SQLite set-up, migrations, backups and services."""
