"""The audit trail: who did what, when, with the values before and after."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy.orm import Session

from models.orm import AuditEvent
from models.practitioner import computer_account


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"cannot audit {type(value).__name__}")


def to_json(value: Any) -> str:
    """Stable JSON (sorted keys) so equal content audits identically."""
    if value is None:
        return ""
    return json.dumps(value, default=_default, sort_keys=True, ensure_ascii=False)


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
) -> None:
    """Add an audit event to the session's unit of work (committed with the change).

    `patient_id` is whose chart the change belongs to: the patient's own id for a patient,
    the visit's patient for a visit (the patient's trail is read by it).
    """
    event = event_values(actor, action, entity, entity_id, before, after, patient_id=patient_id)
    session.add(AuditEvent(**event))


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
