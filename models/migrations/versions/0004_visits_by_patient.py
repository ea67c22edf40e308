"""Index visits by patient: the patient list, the search and every chart read a patient's
visits, and without this index each of those reads scanned every visit of the practice.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_visit_patient_date", "visit", ["patient_id", "visit_date", "id"])


def downgrade() -> None:
    op.drop_index("ix_visit_patient_date", table_name="visit")
