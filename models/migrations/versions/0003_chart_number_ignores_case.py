"""Chart numbers are unique whatever their case ("r-001" next to "R-001" is refused).

A database that already holds such a pair is not changed: the upgrade stops, names the
chart numbers and says how to rename one (`holdfast rename-chart`). Renaming a patient's
chart number on their behalf would silently change an identifier printed on their papers.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from alembic import op

from models.chart_numbers import NOCASE_INDEX, case_twins, twins_message
from models.dialects import is_sqlite
from models.migrate import SchemaError

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    twins = case_twins(op.get_bind())
    if twins:
        raise SchemaError(twins_message(twins))
    # PostgreSQL has no NOCASE collation: the same rule as an index of the lower case.
    key = "chart_number COLLATE NOCASE" if is_sqlite(op.get_bind()) else "lower(chart_number)"
    op.execute(f"CREATE UNIQUE INDEX {NOCASE_INDEX} ON patient ({key})")


def downgrade() -> None:
    op.drop_index(NOCASE_INDEX, table_name="patient")
