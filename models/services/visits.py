"""Visits: save a draft, sign it, add addenda, copy forward. Signed visits never change."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from charting.errors import check_text
from models import audit
from models.canonical import visit_hash
from models.database import Database
from models.mapping import fill_visit, photo_seals, visit_draft, visit_record
from models.orm import Addendum, Exercise, Patient, PlanItem, Visit
from models.records import AddendumRecord, PhotoSeal, VisitDraft, VisitRecord
from models.services.draft_rows import DraftConflict, overwrite_draft, status_now, stored_draft


@dataclass(frozen=True)
class SavedDraft:
    """Where a draft was saved: its visit id and the version now stored."""

    visit_id: int
    version: int


SIGNED_MEANWHILE = "This visit was signed while you were editing it; add an addendum instead."
DISCARDED_MEANWHILE = "This draft was discarded while you were editing it; your typing is kept."


class VisitLocked(RuntimeError):
    """The visit is signed: corrections go into an addendum."""


class NotReadyToSign(ValueError):
    """Signing needs fields the draft does not have yet."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("Cannot sign yet; still needed: " + "; ".join(missing) + ".")
        self.missing = missing


def exercise_ids(session: Session) -> dict[str, int]:
    return {slug: id_ for slug, id_ in session.execute(select(Exercise.slug, Exercise.id))}


def content_hash(
    draft: VisitDraft, signed_by: str, signed_at: datetime, photos: tuple[PhotoSeal, ...] = ()
) -> str:
    """SHA-256 of the signed visit's canonical text (models/canonical.py): printed on
    summaries to prove integrity."""
    return visit_hash(draft, signed_by, signed_at, photos)


def mark_signed(
    session: Session, row: Visit, actor: str, signer: str, at: datetime, hash_: str,
    imported_at: datetime | None = None,
) -> None:  # fmt: skip
    """Sign a draft row: its sign event first (carrying the hash), then the row itself,
    which the database accepts only right after that event (models/lock_triggers.py).
    `imported_at` marks a signature that came in an import (`signer` and `at` its own)."""
    action = "sign" if imported_at is None else "import_sign"
    audit.record(session, actor, action, "visit", row.id, after=hash_, patient_id=row.patient_id)
    row.status, row.signed_by, row.signed_at, row.content_hash = "signed", signer, at, hash_
    row.signature_imported_at = imported_at
    session.flush()


def save_draft(
    db: Database, patient_id: int, draft: VisitDraft, actor: str, visit_id: int | None = None
) -> int:
    """Create or overwrite a draft visit; returns its id. Unknown exercises are rejected."""
    return save_draft_version(db, patient_id, draft, actor, visit_id).visit_id


def save_draft_version(
    db: Database, patient_id: int, draft: VisitDraft, actor: str, visit_id: int | None = None,
    version: int | None = None,
) -> SavedDraft:  # fmt: skip
    """`save_draft`, for an editor that knows which `version` of the draft it has: the
    save is refused (DraftConflict, nothing written) when the stored draft is another
    version. Returns the id and the version now stored."""
    now = datetime.now()
    with db.session() as session:
        ids = exercise_ids(session)
        unknown = [p.exercise for p in draft.plan if p.exercise not in ids]
        if unknown:
            raise ValueError(f"plan: unknown exercise {', '.join(unknown)}")
        if visit_id is not None:  # the autosave: plain SQL (models/services/draft_rows.py)
            connection = session.connection()
            stored = stored_draft(connection, visit_id)
            if stored.status == "signed":
                raise VisitLocked("This visit is signed; add an addendum instead.")
            if version is not None and stored.version != version:
                raise DraftConflict()
            if stored.draft == draft:
                return SavedDraft(visit_id, stored.version)
            stored_version = overwrite_draft(connection, visit_id, stored, draft, ids, now)
            if stored_version is None:  # changed since it was read: by whom, and how?
                now_status = status_now(connection, visit_id)
                if now_status == "signed":
                    raise VisitLocked(SIGNED_MEANWHILE)
                raise DraftConflict() if now_status else LookupError(DISCARDED_MEANWHILE)
            before, owner = stored.draft, stored.patient_id
            audit.record(
                session, actor, "update", "visit", visit_id, before, draft, patient_id=owner
            )
            return SavedDraft(visit_id, stored_version)
        session.get_one(Patient, patient_id)
        row = Visit(patient_id=patient_id, status="draft", created_at=now)
        session.add(row)
        fill_visit(row, draft, ids)
        row.updated_at = now
        session.flush()
        audit.record(session, actor, "create", "visit", row.id, None, draft, patient_id=patient_id)
        return SavedDraft(row.id, row.version)


def sign_visit(db: Database, visit_id: int, signer: str) -> VisitRecord:
    """Check what signing needs, then lock the visit (the database enforces the lock)."""
    if not check_text("signer", signer).strip():
        raise ValueError("Set your name in Preferences before signing.")
    with db.session() as session:
        # On a clinic server the row is locked as it is read: a save of the draft by someone
        # else either lands before (and is what gets signed) or waits and finds it signed.
        row = session.get_one(Visit, visit_id, with_for_update=True)
        if row.status == "signed":
            raise VisitLocked("This visit is already signed.")
        draft = visit_draft(row)
        missing = draft.missing_for_signing()
        if missing:
            raise NotReadyToSign(missing)
        now = datetime.now()
        row.version += 1  # a save from an editor still open on the draft is now stale
        seal = content_hash(draft, signer, now, photo_seals(row))
        mark_signed(session, row, signer, signer, now, seal)
        return visit_record(row)


def add_addendum(db: Database, visit_id: int, text: str, reason: str, author: str) -> None:
    """A dated correction or addition to a signed visit; the original stays as it was."""
    for name, value in (("text", text), ("reason", reason), ("author", author)):
        check_text(f"addendum {name}", value)
    if not text.strip():
        raise ValueError("addendum text: write what is added or corrected")
    if not reason.strip():
        raise ValueError("addendum reason: say why the addendum is needed")
    with db.session() as session:
        row = session.get_one(Visit, visit_id)
        if row.status != "signed":
            raise ValueError("Addenda are for signed visits; edit the draft instead.")
        addendum = AddendumRecord(text.strip(), reason.strip(), author, datetime.now())
        write_addendum(session, row, author, addendum)


def write_addendum(
    session: Session, visit: Visit, actor: str, addendum: AddendumRecord, action: str = "addendum"
) -> None:
    """The addendum's audit event first, then the addendum tied to it: the database accepts
    an addendum only right after the event that records its text (models/lock_triggers.py).
    `action` is 'import_addendum' for one that came in an import."""
    after = {"text": addendum.text, "reason": addendum.reason}
    event = audit.record(
        session, actor, action, "visit", visit.id, after=after, patient_id=visit.patient_id
    )
    session.add(Addendum(visit_id=visit.id, **vars(addendum), audit_event_id=event))
    session.flush()


def delete_draft(db: Database, visit_id: int, actor: str) -> None:
    """Discard an unsigned draft (signed visits are refused by the database too)."""
    with db.session() as session:
        row = session.get_one(Visit, visit_id)
        if row.status == "signed":
            raise VisitLocked("A signed visit cannot be deleted.")
        before = visit_draft(row)
        session.delete(row)
        audit.record(
            session, actor, "delete", "visit", visit_id, before=before, patient_id=row.patient_id
        )


def load_visit(db: Database, visit_id: int) -> VisitRecord:
    with db.session() as session:
        row = session.get(Visit, visit_id)
        if row is None:
            raise LookupError(f"no visit with id {visit_id}")
        return visit_record(row)


# Load a visit's children in one query per table, not one per visit (a 100-visit chart).
VISIT_CHILDREN = (
    selectinload(Visit.readings),
    selectinload(Visit.complaints),
    selectinload(Visit.findings),
    selectinload(Visit.plan_items).selectinload(PlanItem.exercise),
    selectinload(Visit.outcomes),
    selectinload(Visit.addenda),
    selectinload(Visit.photos),  # what the content hash covers; the pixels stay unread
)


def list_visits(db: Database, patient_id: int) -> list[VisitRecord]:
    """A patient's visits in date order."""
    query = (
        select(Visit)
        .where(Visit.patient_id == patient_id)
        .order_by(Visit.visit_date, Visit.id)
        .options(*VISIT_CHILDREN)
    )
    with db.session() as session:
        return [visit_record(row) for row in session.scalars(query)]


def copy_forward(db: Database, patient_id: int, visit_date: date | None = None) -> VisitDraft:
    """A new visit's starting point: the last visit's complaints (to be re-rated), hypothesis
    and plan, marked as carried over; never its readings, which are measured afresh."""
    visit_date = visit_date or date.today()
    visits = list_visits(db, patient_id)
    if not visits:
        return VisitDraft(visit_date=visit_date, kind="initial")
    last = visits[-1].draft
    return replace(
        VisitDraft(visit_date=visit_date, kind="follow_up"),
        complaints=tuple(replace(c, carried_over=True) for c in last.complaints),
        findings=last.findings,
        reasoning=last.reasoning,
        plan=last.plan,
        no_plan_reason=last.no_plan_reason,
        carried_over=True,
    )
