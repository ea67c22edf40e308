"""The locks of models/lock_triggers.py on a PostgreSQL clinic server, in PL/pgSQL (schema
0009, docs/ARCHITECTURE.md#clinic-server).

The rules are the SQLite ones, rule for rule: a signed visit and its child rows cannot be
changed, deleted or moved (old and new parent checked); a visit is inserted as a draft and
signed only right after its sign event; an addendum only right after its own event; the
audit trail links and is never changed. A refusal is raised as an integrity violation
(SQLSTATE 23000), as SQLite's RAISE(ABORT) is, with the same words.

On a server several practitioners write at once, so the audit chain is a queue: whoever
appends an event takes a lock that only other writers of the trail wait for
(models/audit_chain.py), and the link trigger takes it too, so a hand-typed INSERT in psql
cannot fork the chain either.
"""

from __future__ import annotations

from models.audit_chain import AUDIT_WRITE_LOCK, GENESIS
from models.lock_rules import CHILD_TABLES, PHOTO_TABLES, SIGNED

NEWEST_EVENT = "(SELECT max(id) FROM audit_event)"


def _refuse(message: str) -> str:
    return f"RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';"


def _parent_signed(row: str) -> str:
    return f"(SELECT status FROM visit WHERE id = {row}.visit_id) = 'signed'"


CHILD_LOCK = f"""
IF TG_OP IN ('UPDATE', 'DELETE') AND {_parent_signed("OLD")} THEN {_refuse(SIGNED)} END IF;
IF TG_OP IN ('INSERT', 'UPDATE') AND {_parent_signed("NEW")} THEN {_refuse(SIGNED)} END IF;
IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
RETURN NEW;"""

VISIT_LOCK = f"""
IF TG_OP = 'INSERT' THEN
  IF NEW.status IS DISTINCT FROM 'draft' THEN
    {_refuse("a visit is written as a draft and signed by Holdfast")}
  END IF;
  RETURN NEW;
END IF;
IF OLD.status = 'signed' THEN {_refuse(SIGNED)} END IF;
IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
IF NEW.status = 'signed' AND NOT EXISTS (SELECT 1 FROM audit_event e
    WHERE e.id = {NEWEST_EVENT} AND e.action IN ('sign', 'import_sign')
    AND e.entity = 'visit' AND e.entity_id = NEW.id
    AND e.after = '"' || NEW.content_hash || '"') THEN
  {_refuse("a visit is signed only by Holdfast, with its sign event")}
END IF;
RETURN NEW;"""

ADDENDUM_LOCK = f"""
IF TG_OP <> 'INSERT' THEN {_refuse("addenda are permanent")} END IF;
IF {_parent_signed("NEW")} IS NOT TRUE OR NOT EXISTS (SELECT 1 FROM audit_event e
    WHERE e.id = NEW.audit_event_id AND e.id = {NEWEST_EVENT}
    AND e.action IN ('addendum', 'import_addendum') AND e.entity = 'visit'
    AND e.entity_id = NEW.visit_id)
    OR EXISTS (SELECT 1 FROM addendum a WHERE a.audit_event_id = NEW.audit_event_id) THEN
  {_refuse("an addendum is added only by Holdfast, with its audit event")}
END IF;
RETURN NEW;"""

AUDIT_LOCK = f"""
IF TG_OP <> 'INSERT' THEN {_refuse("the audit trail is append-only")} END IF;
NEW.account := session_user;  -- who signed in, in the server's own words
{AUDIT_WRITE_LOCK};
IF NEW.prev_hash IS DISTINCT FROM coalesce(
    (SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1), '{GENESIS}')
    OR length(NEW.hash) IS DISTINCT FROM 64 THEN
  {_refuse("an audit event must link to the last one")}
END IF;
RETURN NEW;"""

# function name -> (body, [(trigger name, timing and events, table)])
LOCK_FUNCTIONS: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "holdfast_child_lock": (
        CHILD_LOCK,
        [(f"{t}_locked", "BEFORE INSERT OR UPDATE OR DELETE", t) for t in CHILD_TABLES],
    ),
    "holdfast_visit_lock": (
        VISIT_LOCK,
        [("visit_locked", "BEFORE INSERT OR UPDATE OR DELETE", "visit")],
    ),
    "holdfast_addendum_lock": (
        ADDENDUM_LOCK,
        [("addendum_locked", "BEFORE INSERT OR UPDATE OR DELETE", "addendum")],
    ),
    "holdfast_audit_lock": (
        AUDIT_LOCK,
        [("audit_locked", "BEFORE INSERT OR UPDATE OR DELETE", "audit_event")],
    ),
}

# Photos are locked like the other rows of a visit; schema 0010 adds this (0009 the rest).
PHOTO_FUNCTIONS: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "holdfast_photo_lock": (
        CHILD_LOCK,
        [(f"{t}_locked", "BEFORE INSERT OR UPDATE OR DELETE", t) for t in PHOTO_TABLES],
    ),
}


def function_statement(name: str, body: str) -> str:
    """CREATE OR REPLACE of a trigger function running `body` (PL/pgSQL)."""
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$\n"
        f"BEGIN{body}\nEND\n$body$"
    )


def trigger_statements(functions: dict[str, tuple[str, list[tuple[str, str, str]]]]) -> list[str]:
    """Every function, then every row trigger that runs it."""
    statements = [function_statement(name, body) for name, (body, _) in functions.items()]
    for name, (_, triggers) in functions.items():
        statements.extend(
            f"CREATE TRIGGER {trigger} {when} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()"
            for trigger, when, table in triggers
        )
    return statements


def trigger_names(functions: dict[str, tuple[str, list[tuple[str, str, str]]]]) -> list[str]:
    return [trigger for _, triggers in functions.values() for trigger, _, _ in triggers]


# Every trigger a server's schema defines, by name, with the function it runs (both modules).
def expected_server_triggers() -> dict[str, tuple[str, str]]:
    """Trigger name -> (function name, function body) as schemas 0009-0011 create them."""
    from models.server_search import COURSE_STALE_FUNCTIONS, SEARCH_FUNCTIONS

    # Not merged into one dict: 0011's triggers run functions 0009 made.
    every = (LOCK_FUNCTIONS, PHOTO_FUNCTIONS, SEARCH_FUNCTIONS, COURSE_STALE_FUNCTIONS)
    return {
        trigger: (function, body)
        for functions in every
        for function, (body, triggers) in functions.items()
        for trigger, _, _ in triggers
    }


SERVER_TRIGGERS = """SELECT t.tgname, p.proname, p.prosrc, t.tgenabled
FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_class c ON c.oid = t.tgrelid
WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace"""
