"""Reading the audit trail of one patient: their record and every visit of theirs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select

from models.database import Database
from models.orm import AuditEvent, Visit


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    before: str
    after: str


def audit_trail(db: Database, patient_id: int) -> list[AuditEntry]:
    """Newest first: every audited change to the patient and to their visits."""
    visit_ids = select(Visit.id).where(Visit.patient_id == patient_id).scalar_subquery()
    query = (
        select(AuditEvent)
        .where(
            or_(
                and_(AuditEvent.entity == "patient", AuditEvent.entity_id == patient_id),
                and_(AuditEvent.entity == "visit", AuditEvent.entity_id.in_(visit_ids)),
            )
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    with db.session() as session:
        return [
            AuditEntry(e.at, e.actor, e.action, e.entity, e.entity_id, e.before, e.after)
            for e in session.scalars(query)
        ]
