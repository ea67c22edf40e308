"""Index patient names: the patient list searches and sorts by them on every keystroke.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_patient_name", "patient", ["last_name", "first_name"])


def downgrade() -> None:
    op.drop_index("ix_patient_name", table_name="patient")
