"""The audit trail: who did what, when, with the values before and after.

Every event is written through `record` (or `models.audit_chain.append_event`), which links
it into the hash chain; the database refuses an event that does not link.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy.orm import Session

from models.audit_chain import append_event
from models.canonical import plain
from models.practitioner import computer_account


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot audit {type(value).__name__}")


def to_json(value: Any) -> str:
    """Stable JSON (sorted keys) so equal content audits identically."""
    if value is None:
        return ""
    return json.dumps(plain(value), default=_default, sort_keys=True, ensure_ascii=False)


def record(
    session: Session,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    before: Any = None,
    after: Any = None,
    *,
    patient_id: int | None,
) -> int:
    """Write an audit event in the session's transaction (committed with the change),
    linked into the chain after what the session has written so far; returns its id.

    `patient_id` is whose chart the change belongs to: the patient's own id for a patient,
    the visit's patient for a visit (the patient's trail is read by it).
    """
    event = event_values(actor, action, entity, entity_id, before, after, patient_id=patient_id)
    session.flush()  # the change it records is written first (and any earlier event)
    return append_event(session.connection(), event)


def event_values(
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    before: Any = None,
    after: Any = None,
    *,
    patient_id: int | None,
) -> dict[str, Any]:
    """The columns of an audit event, as `record` writes them."""
    return {
        "at": datetime.now(), "actor": actor or computer_account(), "action": action,
        "entity": entity, "entity_id": entity_id, "patient_id": patient_id,
        "before": to_json(before), "after": to_json(after),
    }  # fmt: skip
