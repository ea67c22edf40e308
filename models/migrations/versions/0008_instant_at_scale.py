"""Instant at 20,000 patients: the indexes and summaries each screen reads.

The patient list (`_list_upgrade`): the list order as one index, so a page is read from
where the last one ended, and a trigram index of what a search finds in a patient (name,
chart number, date of birth in both forms the list accepts), so a word typed anywhere in
them is found without reading every patient. The trigram table is kept in step by
triggers, as the visit text is (0005): whatever writes a patient, the index follows in the
same transaction.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

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


def _list_upgrade() -> None:
    # The list order with `archived` last: a page walks it in order, and the count of
    # active patients reads it without touching the table.
    op.create_index(
        "ix_patient_list_order",
        "patient",
        ["last_name", "first_name", "chart_number", "archived"],
    )
    op.execute("CREATE VIRTUAL TABLE patient_search USING fts5(words, tokenize = 'trigram')")
    op.execute(
        f"INSERT INTO patient_search (rowid, words) SELECT p.id, {PATIENT_WORDS} FROM patient p"
    )
    for name, body in LIST_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def _list_downgrade() -> None:
    for name in LIST_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS patient_search")
    op.drop_index("ix_patient_list_order", table_name="patient")


def upgrade() -> None:
    _list_upgrade()


def downgrade() -> None:
    _list_downgrade()
