"""Tamper evidence: the audit hash chain, addenda tied to their audit event, the lock
triggers of models/lock_triggers.py, and signed visits re-hashed in the canonical form.

Columns are added with ADD COLUMN, never by copying a table (batch mode), which would drop
the triggers. Inside the upgrade's one transaction every lock trigger is dropped, the new
columns are filled, and the triggers are created as models/lock_triggers.py defines them,
so no other connection ever sees the tables unlocked.

- `audit_event.prev_hash`, `audit_event.hash`: existing events are chained in id order.
- `addendum.audit_event_id`: each existing addendum is tied to the n-th 'addendum' event of
  its visit; an imported one (which had no event of its own) to its visit's 'import' event.
- `visit.signature_imported_at`: when an imported signature came in (signer and time stay
  the original ones); existing imports cannot be told apart and stay NULL.
- Each signed visit whose stored hash is the old hash of its content (models/legacy_hash.py)
  gets the canonical hash (models/canonical.py) and a 'rehash' audit event holding the old
  and the new hash. A hash that does not verify is kept as it is: `holdfast check` reports
  it (re-hashing it would certify content nobody signed).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

import importlib
from datetime import datetime

import sqlalchemy as sa
from alembic import op

from models.audit_chain import GENESIS, append_event, event_hash
from models.canonical import canonical_json, visit_hash
from models.dialects import is_sqlite
from models.legacy_hash import matches_legacy
from models.lock_triggers import EXPECTED_TRIGGERS, LOCK_BODIES
from models.visit_rows import signed_visits, stored_datetime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

MIGRATION_ACTOR = "Holdfast (upgrade to schema 0007)"
PATIENT_OF_VISIT = "SELECT patient_id FROM visit WHERE id = :id"
EVENTS = "SELECT * FROM audit_event ORDER BY id"
VISIT_EVENTS = """SELECT id, action FROM audit_event
WHERE entity = 'visit' AND entity_id = :visit AND action IN ('addendum', 'import') ORDER BY id"""


def _existing_triggers() -> list[str]:
    rows = op.get_bind().exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name NOT LIKE 'visit_search_%'"
    )
    return [str(row[0]) for row in rows]


def _chain_existing_events() -> None:
    bind = op.get_bind()
    prev_hash = GENESIS
    for row in list(bind.execute(sa.text(EVENTS)).mappings()):
        linked = event_hash(prev_hash, dict(row))
        bind.execute(
            sa.text("UPDATE audit_event SET prev_hash = :prev, hash = :hash WHERE id = :id"),
            {"prev": prev_hash, "hash": linked, "id": row["id"]},
        )
        prev_hash = linked


def _link_addenda() -> None:
    bind = op.get_bind()
    addenda = bind.execute(sa.text("SELECT id, visit_id FROM addendum ORDER BY id")).all()
    for visit_id in sorted({row.visit_id for row in addenda}):
        events = bind.execute(sa.text(VISIT_EVENTS), {"visit": visit_id}).all()
        own = [e.id for e in events if e.action == "addendum"]
        imports = [e.id for e in events if e.action == "import"]
        rows = [r for r in addenda if r.visit_id == visit_id]
        # Imported addenda came in with the visit, before any added here: the visit's own
        # `addendum` events belong to its newest addenda, the import's event to the rest.
        imported = len(rows) - len(own)
        for number, row in enumerate(rows):
            if number >= imported:
                event = own[number - imported]
            else:
                event = imports[0] if imports else None
            bind.execute(
                sa.text("UPDATE addendum SET audit_event_id = :event WHERE id = :id"),
                {"event": event, "id": row.id},
            )


def _rehash_signed_visits() -> None:
    bind = op.get_bind()
    for visit_id, row, draft in signed_visits(bind):
        if draft is None or not row.content_hash:
            continue
        new = visit_hash(draft, row.signed_by, stored_datetime(row.signed_at))
        if row.content_hash == new or not matches_legacy(draft, row.content_hash):
            continue  # canonical already (a file taken back to an older schema), or not ours
        patient = bind.execute(sa.text(PATIENT_OF_VISIT), {"id": visit_id})
        event = {
            "at": datetime.now(), "actor": MIGRATION_ACTOR, "action": "rehash",
            "entity": "visit", "entity_id": visit_id, "patient_id": patient.scalar_one(),
            "before": canonical_json(row.content_hash), "after": canonical_json(new),
        }  # fmt: skip
        append_event(bind, event)
        bind.execute(
            sa.text("UPDATE visit SET content_hash = :hash WHERE id = :id"),
            {"hash": new, "id": visit_id},
        )


def upgrade() -> None:
    sqlite = is_sqlite(op.get_bind())
    for name in _existing_triggers() if sqlite else ():
        op.execute(f"DROP TRIGGER {name}")
    op.add_column("audit_event", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_event", sa.Column("hash", sa.String(length=64), nullable=True))
    op.add_column("addendum", sa.Column("audit_event_id", sa.Integer(), nullable=True))
    op.add_column("visit", sa.Column("signature_imported_at", sa.DateTime(), nullable=True))
    if not sqlite:  # a server starts empty; its locks are PL/pgSQL, made by 0009
        return
    _chain_existing_events()
    _link_addenda()
    _rehash_signed_visits()
    for name in LOCK_BODIES:
        op.execute(EXPECTED_TRIGGERS[name])


def downgrade() -> None:
    sqlite = is_sqlite(op.get_bind())
    for name in LOCK_BODIES if sqlite else ():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_column("visit", "signature_imported_at")
    op.drop_column("addendum", "audit_event_id")
    op.drop_column("audit_event", "hash")
    op.drop_column("audit_event", "prev_hash")
    initial = importlib.import_module("models.migrations.versions.0001_initial_schema")
    for statement in initial.LOCK_TRIGGERS if sqlite else ():
        op.execute(statement)
