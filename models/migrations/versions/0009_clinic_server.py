"""A clinic server: the same schema on PostgreSQL, and drafts that notice a second editor.

- Every visit gets a `version`, counted up by each save of its draft. A save names the
  version it started from and changes nothing when another save came first, so two
  practitioners typing in the same draft are told, never silently overwritten
  (models/services/draft_rows.py).
- Every audit event gets an `account`: on a server, the PostgreSQL role that wrote it,
  filled in by the server itself (a practitioner signs in as their own role, so who did
  what is the server's word, not the app's). On SQLite it stays empty: one laptop, one
  practitioner, named in `actor`.
- On PostgreSQL: every VARCHAR(n) column becomes text of any length, as SQLite keeps it;
  then the locks, search indexes and out-of-date marks that SQLite has from
  schemas 0001-0008, as PL/pgSQL (models/server_triggers.py, models/server_search.py).
  Those migrations created only the tables there: a server database starts empty at this
  schema, so nothing written before it needs carrying over.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27
"""

# Alembic's `op` is imported inside upgrade()/downgrade(), as in 0005 and 0008.

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _has_trigram(bind: object) -> bool:
    from sqlalchemy import text

    query = text(
        "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm')"
        " AND has_database_privilege(current_database(), 'CREATE')"
    )
    return bool(bind.execute(query).scalar())  # type: ignore[attr-defined]


LIMITED_COLUMNS = """SELECT table_name, column_name FROM information_schema.columns
WHERE table_schema = current_schema() AND data_type = 'character varying'
AND table_name <> 'alembic_version'"""


def _server_upgrade() -> None:
    import sqlalchemy as sa
    from alembic import op

    from models.server_search import FILL, SEARCH_FUNCTIONS, TABLES, TRIGRAM_INDEX
    from models.server_triggers import LOCK_FUNCTIONS, trigger_statements

    bind = op.get_bind()
    # SQLite stores any length of text whatever VARCHAR(n) says; a server would refuse the
    # 21st character of a 20-character column. Text as long as the file takes, so a
    # practice moves between the two unchanged (lengths are the records' to check).
    for table, column in bind.execute(sa.text(LIMITED_COLUMNS)).all():
        op.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE text')
    for statement in (*TABLES, *trigger_statements(LOCK_FUNCTIONS)):
        op.execute(statement)
    for statement in trigger_statements(SEARCH_FUNCTIONS):
        op.execute(statement)
    if _has_trigram(op.get_bind()):
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(TRIGRAM_INDEX)
    for statement in FILL:
        op.execute(statement)


def upgrade() -> None:
    import sqlalchemy as sa
    from alembic import op

    from models.dialects import is_sqlite

    op.add_column(
        "visit", sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
    )
    op.add_column("audit_event", sa.Column("account", sa.String(length=200), nullable=True))
    if not is_sqlite(op.get_bind()):
        _server_upgrade()


def downgrade() -> None:
    from alembic import op

    from models.dialects import is_sqlite
    from models.server_search import SEARCH_FUNCTIONS
    from models.server_triggers import LOCK_FUNCTIONS

    if not is_sqlite(op.get_bind()):
        for name in (*LOCK_FUNCTIONS, *SEARCH_FUNCTIONS):
            op.execute(f"DROP FUNCTION {name}() CASCADE")
        for function in ("holdfast_reindex_visit", "holdfast_mark_stale"):
            op.execute(f"DROP FUNCTION {function}(integer)")
        op.execute("DROP TABLE visit_search")
        op.execute("DROP TABLE patient_search")
    op.drop_column("audit_event", "account")
    op.drop_column("visit", "version")
