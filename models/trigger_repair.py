"""Recreating the lock triggers at open: a trigger that is missing or not as the schema
defines it (models/lock_triggers.py) is put back before anything is saved, in one
transaction with an audit event naming it, and the opening reports it (the GUI at start,
the command line in one line): someone changed the database outside Holdfast.
"""

from __future__ import annotations

from sqlalchemy import Engine

from models.audit import event_values
from models.audit_chain import append_event
from models.lock_triggers import EXPECTED_TRIGGERS, trigger_state

REPAIR_ACTOR = "Holdfast (opening the database)"
REPAIR_ACTION, REPAIR_ENTITY = "restore_triggers", "database"  # as a restore's event


def repair_triggers(engine: Engine) -> tuple[str, ...]:
    """Recreate missing or altered triggers of a database at the current schema; returns
    their names (empty when all were as they should be)."""
    with engine.connect() as connection:
        if trigger_state(connection).ok:
            return ()
    with engine.begin() as connection:
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # read and repair under one lock
        state = trigger_state(connection)
        repaired = (*state.missing, *state.altered)
        for name in state.altered:
            connection.exec_driver_sql(f"DROP TRIGGER {name}")
        for name in repaired:
            connection.exec_driver_sql(EXPECTED_TRIGGERS[name])
        if repaired:
            before = {"missing": list(state.missing), "altered": list(state.altered)}
            event = event_values(
                REPAIR_ACTOR, REPAIR_ACTION, REPAIR_ENTITY, None, before, sorted(repaired),
                patient_id=None,
            )  # fmt: skip
            append_event(connection, event)
    return repaired


def repair_message(names: tuple[str, ...]) -> str:
    """What the user reads after a repair: what happened and what to do."""
    listed = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    return (
        f"{len(names)} protection(s) of signed visits and the audit trail were missing or "
        f"changed ({listed}) and have been put back. Something changed the database outside "
        "Holdfast: run `holdfast check` to see whether signed visits or the audit trail were "
        "altered, and compare with a backup."
    )
