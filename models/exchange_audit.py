"""The audit event of a whole export or import: who, what, how many (issue 12).

An import also records each patient and visit it writes (models/exchange_write.py); this
one event says the practice was exported or imported, in which format and how much of it,
so an export, which changes no record, is in the audit trail too.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from models.audit import record

EXCHANGE_ENTITY = "practice"  # the event is about the practice's records, no one patient's


def record_exchange(
    session: Session, actor: str, action: str, format: str, patients: int, visits: int
) -> int:
    """Write the audit event of an export or import (`action`) in `format`, with the number
    of patients and visits it held; returns the event's id."""
    after = {"format": format, "patients": patients, "visits": visits}
    return record(session, actor, action, EXCHANGE_ENTITY, None, after=after, patient_id=None)
