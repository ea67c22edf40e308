"""Instant at 20,000 patients: what each screen reads is stored or indexed.

Dashboard (`_dashboard_upgrade`): each course's hold verdicts, counted once and stored, so
the practice dashboard adds up a few rows per patient with GROUP BY instead of judging
200,000 visits again at every opening (charting/course_summary.py says what is counted,
models/services/hold_summary.py keeps it).

- `hold_course`: one row per course: the presenting pattern, how many intervals, how many
  held and were assessable, and the verdict of the latest assessable interval.
- `hold_exercise`, `hold_weeks`: a course's held and assessable intervals per exercise of
  the plan followed, and per weeks-in-plan bucket (its label, as WEEK_BUCKETS spells it).
  A later change to how intervals are judged, grouped or bucketed must mark every course
  stale (`INSERT OR IGNORE INTO hold_stale SELECT id FROM patient`) in its migration.
- `hold_stale`: the patients whose stored rows are out of date. Triggers put a patient here
  whenever one of their visits, readings or plan items is written, in the same transaction
  as the change, so no path (the editor, signing, deleting a draft, an import, a hand edit
  in sqlite3) can leave a stored verdict behind the visits; opening the dashboard judges
  these again (a few patients after a day's work).
- `hold_tolerances`: the tolerances the stored verdicts were judged with; a dashboard opened
  with other tolerances (Preferences) judges every course again.

Patient list (`_list_upgrade`): the list order as one index, so a page is read from where
the last one ended, and a trigram index of what a search finds in a patient (name, chart
number, date of birth in both forms the list accepts), so a word typed anywhere in them is
found without reading every patient. The trigram table is kept in step by triggers, as the
visit text is (0005): whatever writes a patient, the index follows in the same transaction.

Existing courses are judged at the first opening of the dashboard, in the background with
its progress shown, not here: the upgrade runs at start-up and must stay quick. Every
patient starts out stale.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

# Alembic's `op` is imported inside the functions that run it: models/lock_triggers.py reads
# this module's triggers at every start, and Alembic is imported only for a migration.

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

DASHBOARD_TABLES = (
    """CREATE TABLE hold_course (
    patient_id INTEGER NOT NULL PRIMARY KEY,
    pattern VARCHAR(60),
    intervals INTEGER NOT NULL,
    held INTEGER NOT NULL,
    assessable INTEGER NOT NULL,
    latest_assessed VARCHAR(14)
)""",
    """CREATE TABLE hold_exercise (
    patient_id INTEGER NOT NULL,
    slug VARCHAR(60) NOT NULL,
    held INTEGER NOT NULL,
    assessable INTEGER NOT NULL,
    PRIMARY KEY (patient_id, slug)
) WITHOUT ROWID""",
    # The dashboard adds these up label by label, reading the index in its order.
    "CREATE INDEX ix_hold_exercise_slug ON hold_exercise (slug, held, assessable)",
    """CREATE TABLE hold_weeks (
    patient_id INTEGER NOT NULL,
    bucket VARCHAR(20) NOT NULL,
    held INTEGER NOT NULL,
    assessable INTEGER NOT NULL,
    PRIMARY KEY (patient_id, bucket)
) WITHOUT ROWID""",
    "CREATE INDEX ix_hold_weeks_bucket ON hold_weeks (bucket, held, assessable)",
    "CREATE TABLE hold_stale (patient_id INTEGER NOT NULL PRIMARY KEY)",
    """CREATE TABLE hold_tolerances (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    tolerances TEXT NOT NULL
)""",
)
DASHBOARD_TABLE_NAMES = (
    "hold_course", "hold_exercise", "hold_weeks", "hold_stale", "hold_tolerances",
)  # fmt: skip

_MARK = "INSERT OR IGNORE INTO hold_stale (patient_id)"


def _mark_visit_patient(visit: str) -> str:
    return f"{_MARK} SELECT patient_id FROM visit WHERE id = {visit};"


DASHBOARD_TRIGGERS = {
    "hold_stale_visit_insert": (
        f"AFTER INSERT ON visit BEGIN {_MARK} VALUES (NEW.patient_id); END"
    ),
    # The date orders the course; signing ends "in progress"; a visit may change patient.
    "hold_stale_visit_update": (
        "AFTER UPDATE OF patient_id, visit_date, status ON visit "
        f"BEGIN {_MARK} VALUES (OLD.patient_id), (NEW.patient_id); END"
    ),
    "hold_stale_visit_delete": (
        f"AFTER DELETE ON visit BEGIN {_MARK} VALUES (OLD.patient_id); END"
    ),
    # A deleted patient's rows go at the next refresh (its id could be given again).
    "hold_stale_patient_delete": (f"AFTER DELETE ON patient BEGIN {_MARK} VALUES (OLD.id); END"),
}
for _child in ("reading", "plan_item"):
    DASHBOARD_TRIGGERS[f"hold_stale_{_child}_insert"] = (
        f"AFTER INSERT ON {_child} BEGIN {_mark_visit_patient('NEW.visit_id')} END"
    )
    DASHBOARD_TRIGGERS[f"hold_stale_{_child}_update"] = (
        f"AFTER UPDATE ON {_child} BEGIN {_mark_visit_patient('OLD.visit_id')} "
        f"{_mark_visit_patient('NEW.visit_id')} END"
    )
    DASHBOARD_TRIGGERS[f"hold_stale_{_child}_delete"] = (
        f"AFTER DELETE ON {_child} BEGIN {_mark_visit_patient('OLD.visit_id')} END"
    )


def _dashboard_upgrade(sqlite: bool) -> None:
    from alembic import op

    for statement in DASHBOARD_TABLES:
        # A server has no rowid to leave out; its triggers come with 0009.
        op.execute(statement if sqlite else statement.replace(" WITHOUT ROWID", ""))
    if sqlite:
        for name, body in DASHBOARD_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
        op.execute(f"{_MARK} SELECT id FROM patient")


def _dashboard_downgrade(sqlite: bool) -> None:
    from alembic import op

    for name in DASHBOARD_TRIGGERS if sqlite else ():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table in DASHBOARD_TABLE_NAMES:
        op.execute(f"DROP TABLE {table}")


NEWLINE = "char(10)"
# A search word never holds a line break, so it never matches across two fields.
PATIENT_WORDS = (
    f"p.first_name || ' ' || p.last_name || {NEWLINE} || p.chart_number || {NEWLINE}"
    f" || coalesce(p.date_of_birth, '') || {NEWLINE}"
    " || coalesce(strftime('%d.%m.%Y', p.date_of_birth), '')"
)


def _patient_row(patient: str) -> str:
    return (
        f"INSERT INTO patient_search (rowid, words) SELECT p.id, {PATIENT_WORDS} "
        f"FROM patient p WHERE p.id = {patient};"
    )


LIST_TRIGGERS = {
    "patient_search_insert": f"AFTER INSERT ON patient BEGIN {_patient_row('NEW.id')} END",
    "patient_search_update": (
        "AFTER UPDATE OF first_name, last_name, chart_number, date_of_birth ON patient BEGIN "
        f"DELETE FROM patient_search WHERE rowid = OLD.id; {_patient_row('NEW.id')} END"
    ),
    "patient_search_delete": (
        "AFTER DELETE ON patient BEGIN DELETE FROM patient_search WHERE rowid = OLD.id; END"
    ),
}


def _list_upgrade(sqlite: bool) -> None:
    from alembic import op

    # The list order with `archived` last: a page walks it in order, and the count of
    # active patients reads it without touching the table.
    op.create_index(
        "ix_patient_list_order",
        "patient",
        ["last_name", "first_name", "chart_number", "archived"],
    )
    if not sqlite:
        return  # a server's patient search index is made by 0009
    op.execute("CREATE VIRTUAL TABLE patient_search USING fts5(words, tokenize = 'trigram')")
    op.execute(
        f"INSERT INTO patient_search (rowid, words) SELECT p.id, {PATIENT_WORDS} FROM patient p"
    )
    for name, body in LIST_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def _list_downgrade(sqlite: bool) -> None:
    from alembic import op

    if sqlite:
        for name in LIST_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS patient_search")
    op.drop_index("ix_patient_list_order", table_name="patient")


def upgrade() -> None:
    from alembic import op

    from models.dialects import is_sqlite

    sqlite = is_sqlite(op.get_bind())
    _dashboard_upgrade(sqlite)
    _list_upgrade(sqlite)


def downgrade() -> None:
    from alembic import op

    from models.dialects import is_sqlite

    sqlite = is_sqlite(op.get_bind())
    _list_downgrade(sqlite)
    _dashboard_downgrade(sqlite)
