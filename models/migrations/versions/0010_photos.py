"""Photos of the pelvis kept with their visit, and each patient's consent to them.

- `photo`: one row per photo, its image (the cleaned JPEG: orientation applied, metadata
  left out, models/photo_files.py), a thumbnail, its SHA-256, and the landmarks marked on it
  (charting/photo_marks.py). Inside the database, so backups, encryption and a clinic
  server's access rules cover photos as they cover notes.
- Locks: a signed visit's photos cannot be added, changed or removed, as its readings
  cannot (the same trigger bodies: models/lock_triggers.py, models/server_triggers.py).
- `patient.photo_consent`: false for every existing patient; no photo is attached without
  it (models/services/photos.py). Added with ADD COLUMN, never by copying the table, which
  would drop the patient's search triggers (0008).
- Photo readings get tolerances of their own (charting/tolerances.py), which changes how an
  interval between two photo readings is judged: the courses holding a photo reading are
  marked stale, as 0008 asks, and the dashboard judges them again at its next opening. No
  other course's verdicts can change, so a large practice is not judged again whole.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27
"""

# Alembic's `op` is imported inside upgrade()/downgrade(), as in 0005 and 0008.

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

WITH_PHOTO_READINGS = """SELECT DISTINCT v.patient_id FROM visit v
    JOIN reading r ON r.visit_id = v.id WHERE r.device = 'photo'"""


def upgrade() -> None:
    import sqlalchemy as sa
    from alembic import op

    from models.dialects import is_sqlite
    from models.lock_triggers import PHOTO_LOCK_BODIES, create_statement
    from models.server_triggers import PHOTO_FUNCTIONS, trigger_statements

    op.create_table(
        "photo",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "visit_id", sa.Integer(), sa.ForeignKey("visit.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("phase", sa.String(4), nullable=False),
        sa.Column("view", sa.String(10), nullable=False),
        sa.Column("media_type", sa.String(20), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("image", sa.LargeBinary(), nullable=False),
        sa.Column("thumbnail", sa.LargeBinary(), nullable=False),
        sa.Column("landmarks", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("phase IN ('pre', 'post')", name="photo_phase"),
        sa.CheckConstraint("view IN ('left', 'right', 'posterior', 'anterior')", name="photo_view"),
    )
    op.create_index("ix_photo_visit_id", "photo", ["visit_id"])
    op.add_column(
        "patient",
        sa.Column("photo_consent", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    if is_sqlite(op.get_bind()):
        for name, body in PHOTO_LOCK_BODIES.items():
            op.execute(create_statement(name, body))
        op.execute(f"INSERT OR IGNORE INTO hold_stale (patient_id) {WITH_PHOTO_READINGS}")
    else:
        for statement in trigger_statements(PHOTO_FUNCTIONS):
            op.execute(statement)
        op.execute(
            f"INSERT INTO hold_stale (patient_id) {WITH_PHOTO_READINGS} ON CONFLICT DO NOTHING"
        )


def downgrade() -> None:
    from alembic import op

    from models.dialects import is_sqlite
    from models.lock_triggers import PHOTO_LOCK_BODIES
    from models.server_triggers import PHOTO_FUNCTIONS

    if is_sqlite(op.get_bind()):
        for name in PHOTO_LOCK_BODIES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for name in PHOTO_FUNCTIONS:
            op.execute(f"DROP FUNCTION {name}() CASCADE")
    op.drop_column("patient", "photo_consent")
    op.drop_index("ix_photo_visit_id", table_name="photo")
    op.drop_table("photo")
