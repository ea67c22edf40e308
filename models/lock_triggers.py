"""The triggers the schema defines, by name, exactly as the current schema creates them.

Lock triggers (schema 0007) keep signed visits, addenda and the audit trail as written:

- a signed visit, and the rows of its readings, complaints, findings, plan and scores,
  cannot be changed or deleted; a child row cannot be moved into or out of a signed visit
  (both the old and the new parent are checked); a visit cannot be inserted signed;
- a visit is signed only right after its sign event: the newest audit event must be the
  'sign' (or, in an import, 'import_sign') of this visit carrying this content hash;
- an audit event must link to the chain (`prev_hash` is the newest event's hash);
- an addendum is added to a signed visit only right after its 'addendum' (or
  'import_addendum') event, one event
  per addendum (that the event holds the addendum's text is checked by `holdfast check`:
  SQLite's JSON functions cut text at a NUL character); addenda and audit events are never
  changed.

The full-text index triggers (schema 0005, `visit_search_*`) are included: a missing one
lets the search index fall silently behind the notes, as do the patient search index's
(schema 0008, `patient_search_*`) behind names and chart numbers; so are the triggers that
mark stored hold verdicts out of date (schema 0008, `hold_stale_*`; more in 0011 for course
stages): a missing one lets the dashboard count verdicts of visits since changed. `check`
compares every trigger in the file with this set, and opening a writable database recreates
any that is missing or altered (models/trigger_repair.py).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from sqlalchemy import Connection, text

from models.audit_chain import GENESIS
from models.lock_rules import CHILD_TABLES, PHOTO_TABLES, SIGNED

_SIGNED_VISIT = "(SELECT status FROM visit WHERE id = {}.visit_id) = 'signed'"
_NEWEST_EVENT = "(SELECT max(id) FROM audit_event)"


def _abort(message: str) -> str:
    return f"BEGIN SELECT RAISE(ABORT, '{message}'); END"


def _child_triggers(table: str) -> dict[str, str]:
    new, old = _SIGNED_VISIT.format("NEW"), _SIGNED_VISIT.format("OLD")
    return {
        f"{table}_locked_insert": f"BEFORE INSERT ON {table} WHEN {new} {_abort(SIGNED)}",
        f"{table}_locked_update": (
            f"BEFORE UPDATE ON {table} WHEN {old} OR {new} {_abort(SIGNED)}"
        ),
        f"{table}_locked_delete": f"BEFORE DELETE ON {table} WHEN {old} {_abort(SIGNED)}",
    }


SIGN_EVENT = f"""EXISTS (SELECT 1 FROM audit_event e WHERE e.id = {_NEWEST_EVENT}
    AND e.action IN ('sign', 'import_sign') AND e.entity = 'visit' AND e.entity_id = NEW.id
    AND e.after = '"' || NEW.content_hash || '"')"""
ADDENDUM_EVENT = f"""EXISTS (SELECT 1 FROM audit_event e WHERE e.id = NEW.audit_event_id
    AND e.id = {_NEWEST_EVENT} AND e.action IN ('addendum', 'import_addendum')
    AND e.entity = 'visit'
    AND e.entity_id = NEW.visit_id)"""
LOCK_BODIES = {
    # Signing itself is the one UPDATE allowed: OLD.status is still 'draft' then.
    "visit_locked_update": f"BEFORE UPDATE ON visit WHEN OLD.status = 'signed' {_abort(SIGNED)}",
    "visit_locked_delete": f"BEFORE DELETE ON visit WHEN OLD.status = 'signed' {_abort(SIGNED)}",
    "visit_signed_insert": (
        "BEFORE INSERT ON visit WHEN NEW.status IS NOT 'draft' "
        + _abort("a visit is written as a draft and signed by Holdfast")
    ),
    "visit_sign_audited": (
        "BEFORE UPDATE ON visit WHEN OLD.status IS NOT 'signed' AND NEW.status = 'signed'"
        f" AND NOT {SIGN_EVENT} "
        + _abort("a visit is signed only by Holdfast, with its sign event")
    ),
    "addendum_audited": (
        f"BEFORE INSERT ON addendum WHEN {_SIGNED_VISIT.format('NEW')} IS NOT 1"
        f" OR NOT {ADDENDUM_EVENT} OR EXISTS (SELECT 1 FROM addendum a"
        " WHERE a.audit_event_id = NEW.audit_event_id) "
        + _abort("an addendum is added only by Holdfast, with its audit event")
    ),
    "addendum_no_update": f"BEFORE UPDATE ON addendum {_abort('addenda are permanent')}",
    "addendum_no_delete": f"BEFORE DELETE ON addendum {_abort('addenda are permanent')}",
    "audit_chain_link": (
        "BEFORE INSERT ON audit_event WHEN NEW.prev_hash IS NOT coalesce(("
        "SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1), "
        f"'{GENESIS}') OR length(NEW.hash) IS NOT 64 "
        + _abort("an audit event must link to the last one")
    ),
    "audit_no_update": f"BEFORE UPDATE ON audit_event {_abort('the audit trail is append-only')}",
    "audit_no_delete": f"BEFORE DELETE ON audit_event {_abort('the audit trail is append-only')}",
}
for _table in CHILD_TABLES:
    LOCK_BODIES.update(_child_triggers(_table))
# The photo locks, as schema 0010 creates them (0007 made the ones above, from LOCK_BODIES).
PHOTO_LOCK_BODIES = {name: body for t in PHOTO_TABLES for name, body in _child_triggers(t).items()}

# The full-text index triggers, as migration 0005 created them.
_SEARCH = importlib.import_module("models.migrations.versions.0005_visit_search")
SEARCH_BODIES: dict[str, str] = dict(_SEARCH.TRIGGERS)
# The triggers that mark a patient's stored hold verdicts out of date, as 0008 created them.
_INSTANT = importlib.import_module("models.migrations.versions.0008_instant_at_scale")
HOLD_SUMMARY_BODIES: dict[str, str] = dict(_INSTANT.DASHBOARD_TRIGGERS)
# ... and as 0011 added them: pain, running volume, kind and booked visit decide a stage.
_COURSE = importlib.import_module("models.migrations.versions.0011_course_status")
HOLD_SUMMARY_BODIES.update(_COURSE.COURSE_TRIGGERS)
# The patient search index's triggers (names, chart numbers, birth dates), as 0008 made them.
SEARCH_BODIES.update(_INSTANT.LIST_TRIGGERS)


def create_statement(name: str, body: str) -> str:
    """The CREATE TRIGGER statement, as sqlite_master keeps it."""
    return f"CREATE TRIGGER {name} {body}"


EXPECTED_TRIGGERS: dict[str, str] = {
    name: create_statement(name, body)
    for name, body in {
        **LOCK_BODIES,
        **PHOTO_LOCK_BODIES,
        **SEARCH_BODIES,
        **HOLD_SUMMARY_BODIES,
    }.items()
}


def same_sql(stored: str | None, expected: str) -> bool:
    """Equal up to runs of whitespace (how the statement was laid out is not its meaning)."""
    return stored is not None and stored.split() == expected.split()


@dataclass(frozen=True)
class TriggerState:
    """The triggers of a database file compared with EXPECTED_TRIGGERS."""

    missing: tuple[str, ...] = ()
    altered: tuple[str, ...] = ()
    unexpected: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not (self.missing or self.altered or self.unexpected)


def trigger_state(connection: Connection) -> TriggerState:
    """Which expected triggers are missing or not as the schema defines them, and which
    triggers are there that the schema does not define."""
    if connection.dialect.name != "sqlite":
        return server_trigger_state(connection)
    rows = connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    stored: dict[str, str] = {name: sql for name, sql in rows}
    return TriggerState(
        tuple(name for name in EXPECTED_TRIGGERS if name not in stored),
        tuple(
            name
            for name, sql in EXPECTED_TRIGGERS.items()
            if name in stored and not same_sql(stored[name], sql)
        ),
        tuple(sorted(name for name in stored if name not in EXPECTED_TRIGGERS)),
    )


def server_trigger_state(connection: Connection) -> TriggerState:
    """trigger_state on a clinic server: a trigger counts as altered when it runs another
    function, its function's body differs from the schema's, or it is switched off."""
    from models.server_triggers import SERVER_TRIGGERS, expected_server_triggers

    expected = expected_server_triggers()
    stored = {row[0]: row[1:] for row in connection.execute(text(SERVER_TRIGGERS))}
    altered = []
    for name, (function, body) in expected.items():
        if name not in stored:
            continue
        stored_function, source, enabled = stored[name]
        wanted = f"BEGIN{body}\nEND"  # as server_triggers.function_statement wraps it
        if stored_function != function or not same_sql(source, wanted) or enabled == "D":
            altered.append(name)
    return TriggerState(
        tuple(name for name in expected if name not in stored),
        tuple(altered),
        tuple(sorted(name for name in stored if name not in expected)),
    )
