"""Where each course of care stands, kept with the stored hold verdicts, and each patient's
running goal.

- `course_status`: one row per course, the facts its stage is decided from
  (charting/course_stage.py CourseFacts): the judged visits' days after the first, one
  letter per interval (held, lost, not assessable), the worst pain and the running volume at
  the first and the latest visit, the latest visit and the one booked there, whether it was
  a discharge, and the first plan's exercises. Kept by models/services/hold_summary.py with
  the other `hold_*` tables, in the same chunk, so the patient list, the chart header and
  the time-to-holding curves read it without judging any course again.
- Pain, running volume, the visit kind and the booked next visit now decide a stage, so
  their changes mark the patient stale too (`hold_stale_complaint_*`, `hold_stale_visit_course`;
  on a clinic server the same functions as 0009's `hold_stale_*` triggers).
- `patient.running_goal_km`: the weekly running volume the patient wants back (empty: none
  recorded); discharge waits for it when there is one.
- Every course is marked stale, so the rows are filled at the next refresh: in chunks on the
  background worker after the main window shows.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28
"""

# Alembic's `op` is imported inside upgrade()/downgrade(), as in 0005 and 0008.

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

COURSE_TABLE = """CREATE TABLE course_status (
    patient_id INTEGER NOT NULL PRIMARY KEY,
    first_visit DATE NOT NULL,
    days TEXT NOT NULL,
    verdicts VARCHAR(2000) NOT NULL,
    first_pain INTEGER,
    latest_pain INTEGER,
    first_km FLOAT,
    latest_km FLOAT,
    last_seen DATE,
    next_visit DATE,
    discharged BOOLEAN NOT NULL,
    first_plan TEXT NOT NULL
)"""

_MARK = "INSERT OR IGNORE INTO hold_stale (patient_id)"
_OF_VISIT = "SELECT patient_id FROM visit WHERE id = {}.visit_id;"
COURSE_COLUMNS = "kind, running_km_per_week, next_visit_date"
COURSE_TRIGGERS = {
    "hold_stale_visit_course": (
        f"AFTER UPDATE OF {COURSE_COLUMNS} ON visit "
        f"BEGIN {_MARK} VALUES (OLD.patient_id), (NEW.patient_id); END"
    ),
    "hold_stale_complaint_insert": (
        f"AFTER INSERT ON complaint BEGIN {_MARK} {_OF_VISIT.format('NEW')} END"
    ),
    "hold_stale_complaint_update": (
        f"AFTER UPDATE ON complaint BEGIN {_MARK} {_OF_VISIT.format('OLD')} "
        f"{_MARK} {_OF_VISIT.format('NEW')} END"
    ),
    "hold_stale_complaint_delete": (
        f"AFTER DELETE ON complaint BEGIN {_MARK} {_OF_VISIT.format('OLD')} END"
    ),
}


def upgrade() -> None:
    import sqlalchemy as sa
    from alembic import op

    from models.dialects import is_sqlite
    from models.lock_triggers import create_statement
    from models.server_search import COURSE_STALE_FUNCTIONS
    from models.server_triggers import trigger_statements

    op.execute(COURSE_TABLE)
    op.add_column("patient", sa.Column("running_goal_km", sa.Float(), nullable=True))
    if is_sqlite(op.get_bind()):
        for name, body in COURSE_TRIGGERS.items():
            op.execute(create_statement(name, body))
        op.execute(f"{_MARK} SELECT id FROM patient")
    else:
        for statement in trigger_statements(COURSE_STALE_FUNCTIONS):
            op.execute(statement)
        op.execute(
            "INSERT INTO hold_stale (patient_id) SELECT id FROM patient ON CONFLICT DO NOTHING"
        )


def downgrade() -> None:
    from alembic import op

    from models.dialects import is_sqlite
    from models.server_search import COURSE_STALE_FUNCTIONS
    from models.server_triggers import trigger_names

    sqlite = is_sqlite(op.get_bind())
    for name in COURSE_TRIGGERS if sqlite else trigger_names(COURSE_STALE_FUNCTIONS):
        table = "visit" if name == "hold_stale_visit_course" else "complaint"
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + ("" if sqlite else f" ON {table}"))
    op.drop_column("patient", "running_goal_km")
    op.execute("DROP TABLE course_status")
