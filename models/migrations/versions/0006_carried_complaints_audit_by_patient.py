"""Complaints carried over from the last visit, and the audit trail indexed by patient.

`complaint.carried_over`: a new visit brings the last visit's complaints forward to be
re-rated (models/services/visits.py `copy_forward`); the flag says which are still as they
were brought. Existing complaints were all rated at their own visit: 0.

Issue 10 defines the canonical serialisation of a signed visit for its content hash. It must
decide whether working-state flags such as `carried_over` (of the visit and of each
complaint) belong to what is hashed. Today's hash is the JSON of the whole draft, so every
complaint now carries `"carried_over": false` or true into it, and hashes stored before this
revision were computed without that key: recomputing one must leave a false flag out.

`audit_event.patient_id`: whose chart each change belongs to, so a patient's trail is one
index seek instead of a join of every event with its visit, and a discarded draft's events
stay in its patient's trail (its visit row is gone, the join found no patient). Filled from
the existing rows: a patient's events are their own; a visit's events belong to the visit's
patient while the visit exists. A discarded draft's events stay NULL (shown under all
patients, as before): no Holdfast wrote the patient into an event's JSON (a visit's before
and after hold its content only), so nothing else names them. From now on `audit.record`
fills it for every event.

Both columns are added with ADD COLUMN, never by copying the table (batch mode), which would
drop the triggers that lock signed visits and keep the audit append-only. The trigger that
refuses UPDATE on `audit_event` is lifted for the backfill and put back as it was, inside
the upgrade's one transaction, so no other connection ever sees the audit writable.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from models.dialects import is_sqlite

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

APPEND_ONLY = "audit_no_update"  # created by 0001
PATIENT_INDEX = "ix_audit_event_patient_id"
OWNER_OF_EVENT = """
UPDATE audit_event SET patient_id = CASE entity
    WHEN 'patient' THEN entity_id
    ELSE (SELECT visit.patient_id FROM visit WHERE visit.id = audit_event.entity_id)
  END
WHERE entity IN ('patient', 'visit')"""


def upgrade() -> None:
    op.add_column(
        "complaint",
        sa.Column("carried_over", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("audit_event", sa.Column("patient_id", sa.Integer(), nullable=True))
    if not is_sqlite(op.get_bind()):  # a server starts empty at 0009: nothing to fill in
        op.create_index(PATIENT_INDEX, "audit_event", ["patient_id"])
        return
    trigger = "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?"
    append_only = op.get_bind().exec_driver_sql(trigger, (APPEND_ONLY,)).scalar_one()
    op.execute(f"DROP TRIGGER {APPEND_ONLY}")
    op.execute(OWNER_OF_EVENT)
    op.execute(append_only)
    op.create_index(PATIENT_INDEX, "audit_event", ["patient_id"])


def downgrade() -> None:
    op.drop_index(PATIENT_INDEX, table_name="audit_event")
    op.drop_column("audit_event", "patient_id")
    op.drop_column("complaint", "carried_over")
