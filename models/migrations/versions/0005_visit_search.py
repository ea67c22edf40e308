"""Full-text search over what was written at each visit (SQLite FTS5), kept in step by
triggers.

One row per visit in `visit_search` (rowid = visit id), with four columns: the notes
(SOAP text, correction, reason for no plan), the hypothesis (reasoning, and each finding's
muscle and evidence), the complaints (region and side) and the addenda.

Why triggers and not the services: every way a visit changes (the editor's autosave,
signing, an addendum, an import, deleting a draft, even a hand edit in sqlite3) runs
them, in the same transaction as the change, so the index cannot fall behind or miss a
path someone adds later. The index lives in its own table, never in the visit rows, so
the triggers that lock signed visits are not touched: a signed visit's words are indexed
when it is written and stay as they are, and an addendum adds its own words.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

# Alembic's `op` is imported inside upgrade()/downgrade(): models/lock_triggers.py reads
# TRIGGERS at every start, and Alembic is imported only when a migration runs.

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

NEWLINE = "char(10)"
# Codes such as 'rectus_femoris' or 'low_back' are indexed as the words they are made of.
DOCUMENT = f"""
SELECT v.id,
  v.subjective || {NEWLINE} || v.objective || {NEWLINE} || v.assessment || {NEWLINE}
    || v.plan_text || {NEWLINE} || v.correction || {NEWLINE} || v.no_plan_reason,
  v.hypothesis_reasoning || {NEWLINE} || coalesce((
    SELECT group_concat(replace(f.muscle, '_', ' ') || ' ' || f.evidence, {NEWLINE})
    FROM muscle_finding f WHERE f.visit_id = v.id), ''),
  coalesce((
    SELECT group_concat(replace(c.region, '_', ' ') || ' (' || c.side || ')', {NEWLINE})
    FROM complaint c WHERE c.visit_id = v.id), ''),
  coalesce((
    SELECT group_concat(a.text || {NEWLINE} || a.reason, {NEWLINE})
    FROM addendum a WHERE a.visit_id = v.id), '')
FROM visit v"""
COLUMNS = "rowid, notes, hypothesis, complaints, addenda"
NOTE_COLUMNS = (
    "subjective, objective, assessment, plan_text, correction, no_plan_reason, hypothesis_reasoning"
)


def _reindex(visit: str) -> str:
    """Statements that rebuild one visit's row (inside a trigger body)."""
    return (
        f"DELETE FROM visit_search WHERE rowid = {visit}; "
        f"INSERT INTO visit_search ({COLUMNS}) {DOCUMENT} WHERE v.id = {visit};"
    )


TRIGGERS = {
    "visit_search_visit_insert": f"AFTER INSERT ON visit BEGIN {_reindex('NEW.id')} END",
    "visit_search_visit_update": (
        f"AFTER UPDATE OF {NOTE_COLUMNS} ON visit BEGIN {_reindex('NEW.id')} END"
    ),
    "visit_search_visit_delete": (
        "AFTER DELETE ON visit BEGIN DELETE FROM visit_search WHERE rowid = OLD.id; END"
    ),
    "visit_search_addendum_insert": (
        f"AFTER INSERT ON addendum BEGIN {_reindex('NEW.visit_id')} END"
    ),
}
for _child in ("complaint", "muscle_finding"):
    TRIGGERS[f"visit_search_{_child}_insert"] = (
        f"AFTER INSERT ON {_child} BEGIN {_reindex('NEW.visit_id')} END"
    )
    TRIGGERS[f"visit_search_{_child}_update"] = (
        f"AFTER UPDATE ON {_child} BEGIN {_reindex('OLD.visit_id')} {_reindex('NEW.visit_id')} END"
    )
    TRIGGERS[f"visit_search_{_child}_delete"] = (
        f"AFTER DELETE ON {_child} BEGIN {_reindex('OLD.visit_id')} END"
    )


def upgrade() -> None:
    from alembic import op

    from models.dialects import is_sqlite

    if not is_sqlite(op.get_bind()):
        return  # a server's search index is made by 0009 (models/server_search.py)

    # unicode61 folds case and (with remove_diacritics 2) accents: "Ödem" finds "odem".
    op.execute(
        "CREATE VIRTUAL TABLE visit_search USING fts5("
        "notes, hypothesis, complaints, addenda, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    op.execute(f"INSERT INTO visit_search ({COLUMNS}) {DOCUMENT}")
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    from alembic import op

    from models.dialects import is_sqlite

    if not is_sqlite(op.get_bind()):
        return

    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE visit_search")
