"""What others changed: on a clinic server several practitioners write at once, and each
window must notice what the others wrote (docs/ARCHITECTURE.md#clinic-server).

Every change writes an audit event, and events are numbered in the order they commit
(writers of the trail queue for its lock), so "what changed since I last looked" is the
events after the newest one seen: one index lookup when nothing changed, which is cheap
enough to ask every few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from models.database import Database
from models.orm import AuditEvent

MOST_PATIENTS = 50  # more than this at once (an import): the whole list is read again


@dataclass(frozen=True)
class Changes:
    """The events after `after` up to `newest`: whose charts they touched, or `everyone`
    (too many patients, or an event of the whole practice or database)."""

    newest: int
    patients: frozenset[int] = frozenset()
    everyone: bool = False

    @property
    def any(self) -> bool:
        return bool(self.patients) or self.everyone


def newest_event(db: Database) -> int:
    """The number of the newest audit event (0: none yet)."""
    with db.session() as session:
        return int(session.scalar(select(func.max(AuditEvent.id))) or 0)


def changes_since(db: Database, after: int) -> Changes:
    """What was written after event `after`."""
    with db.session() as session:
        newest = int(session.scalar(select(func.max(AuditEvent.id))) or 0)
        if newest <= after:
            return Changes(after)
        owners = session.scalars(
            select(AuditEvent.patient_id)
            .where(AuditEvent.id > after, AuditEvent.id <= newest)
            .distinct()
            .limit(MOST_PATIENTS + 1)
        ).all()
    patients = frozenset(owner for owner in owners if owner is not None)
    everyone = None in owners or len(owners) > MOST_PATIENTS
    return Changes(newest, frozenset() if everyone else patients, everyone)
