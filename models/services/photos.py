"""Photos of a visit: attach, list, mark landmarks, remove (docs/clinical-model.md#photos).

Each is one audited action in one session. The pixels never enter the audit trail (only
the photo's SHA-256, phase and view) and are read only by `photo_image`/`photo_thumbnail`:
listing a chart's photos reads their descriptions alone. A signed visit's photos are locked
by the database (schema 0010); the messages here only say so first, and in words.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from charting.errors import FieldError
from charting.photo_geometry import Marks, View
from charting.photo_marks import marks_from_json, marks_json
from charting.readings import Phase
from charting.vocabulary import view_title
from models import audit
from models.database import Database
from models.orm import Patient, Photo, Visit
from models.records import photo_described
from models.services.visits import VisitLocked

if TYPE_CHECKING:  # Pillow loads with the first photo, not with the visit editor
    from models.photo_files import PreparedPhoto

NO_CONSENT = (
    "This patient has not agreed to photos. Record their consent in the patient's details"
    " (Edit patient, Photos may be taken) before attaching one."
)
SIGNED_PHOTOS = "This visit is signed: its photos are locked. Attach photos to a draft visit."


class NoPhotoConsent(PermissionError):
    """The patient has not agreed to photos."""


@dataclass(frozen=True)
class PhotoInfo:
    """A photo's description, without its pixels."""

    id: int
    visit_id: int
    visit_date: date
    phase: Phase
    view: View
    width: int
    height: int
    sha256: str
    marks: Marks | None
    signed: bool

    @property
    def label(self) -> str:
        """'pre, left side' as lists and captions name a photo."""
        return f"{self.phase}, {view_title(self.view).lower()}"


def _info(row: Photo, visit: Visit) -> PhotoInfo:
    marks = marks_from_json(row.landmarks) if row.landmarks else None
    return PhotoInfo(
        row.id, row.visit_id, visit.visit_date, Phase(row.phase), View(row.view), row.width,
        row.height, row.sha256, marks, visit.status == "signed",
    )  # fmt: skip


def _checked(phase: str, view: str) -> tuple[Phase, View]:
    try:
        checked_phase = Phase(phase)
    except ValueError:
        raise FieldError("phase", "must be 'pre' or 'post'") from None
    try:
        return checked_phase, View(view)
    except ValueError:
        raise FieldError("view", "must be left, right, posterior or anterior") from None


def _draft_visit(session: Session, visit_id: int) -> Visit:
    visit = session.get_one(Visit, visit_id)
    if visit.status == "signed":
        raise VisitLocked(SIGNED_PHOTOS)
    return visit


def attach_photo(
    db: Database, visit_id: int, phase: str, view: str, data: bytes, actor: str
) -> PhotoInfo:
    """Keep a photo with a draft visit. PhotoRejected (a bad or too large file),
    NoPhotoConsent, or VisitLocked say why not; nothing is written then."""
    checked_phase, checked_view = _checked(phase, view)
    with db.session() as session:  # refuse before the slow decoding
        _consenting_draft(session, visit_id)
    from models.photo_files import prepare_photo

    prepared = prepare_photo(data)
    return _store(db, visit_id, checked_phase, checked_view, prepared, actor)


def _consenting_draft(session: Session, visit_id: int) -> Visit:
    visit = _draft_visit(session, visit_id)
    if not session.get_one(Patient, visit.patient_id).photo_consent:
        raise NoPhotoConsent(NO_CONSENT)
    return visit


def _store(
    db: Database, visit_id: int, phase: Phase, view: View, prepared: PreparedPhoto, actor: str
) -> PhotoInfo:
    """Write a prepared photo into a draft visit, with its audit event; checked again, as
    the visit may have been signed (or consent withdrawn) while the photo was decoded."""
    with db.session() as session:
        visit = _consenting_draft(session, visit_id)
        row = Photo(
            visit_id=visit_id, phase=str(phase), view=str(view), media_type=prepared.media_type,
            width=prepared.width, height=prepared.height, sha256=prepared.sha256,
            image=prepared.image, thumbnail=prepared.thumbnail, landmarks="",
            created_at=datetime.now(),
        )  # fmt: skip
        session.add(row)
        session.flush()
        after = photo_described(visit_id, row.phase, row.view, row.sha256)
        audit.record(
            session, actor, "attach", "photo", row.id, after=after, patient_id=visit.patient_id
        )
        return _info(row, visit)


def visit_photos(db: Database, visit_id: int) -> list[PhotoInfo]:
    """A visit's photos in the order attached."""
    query = select(Photo, Visit).join(Visit).where(Photo.visit_id == visit_id).order_by(Photo.id)
    with db.session() as session:
        return [_info(photo, visit) for photo, visit in session.execute(query)]


def patient_photos(db: Database, patient_id: int) -> list[PhotoInfo]:
    """Every photo of a patient's visits, by visit date then as attached."""
    query = (
        select(Photo, Visit)
        .join(Visit)
        .where(Visit.patient_id == patient_id)
        .order_by(Visit.visit_date, Visit.id, Photo.id)
    )
    with db.session() as session:
        return [_info(photo, visit) for photo, visit in session.execute(query)]


def photo_image(db: Database, photo_id: int) -> bytes:
    """The photo's JPEG bytes, upright and without metadata."""
    return _stored_bytes(db, Photo.image, photo_id)


def photo_thumbnail(db: Database, photo_id: int) -> bytes:
    return _stored_bytes(db, Photo.thumbnail, photo_id)


def _stored_bytes(db: Database, column: InstrumentedAttribute[bytes], photo_id: int) -> bytes:
    """One deferred column of one photo, read alone."""
    with db.session() as session:
        data = session.scalar(select(column).where(Photo.id == photo_id))
    if data is None:
        raise LookupError(f"no photo with id {photo_id}")
    return bytes(data)


def save_marks(db: Database, photo_id: int, marks: Marks | None, actor: str) -> PhotoInfo:
    """Store the landmarks marked on a photo (None clears them), audited before and after."""
    with db.session() as session:
        row = session.get_one(Photo, photo_id)
        visit = _draft_visit(session, row.visit_id)
        if marks is not None and marks.view != View(row.view):
            raise FieldError("landmarks", f"were marked for a {marks.view} view")
        stored = marks_json(marks) if marks is not None else ""
        if stored != row.landmarks:
            before = json.loads(row.landmarks) if row.landmarks else None
            row.landmarks = stored
            after = json.loads(stored) if stored else None  # an object, not JSON in a string
            audit.record(
                session, actor, "landmarks", "photo", photo_id, before, after,
                patient_id=visit.patient_id,
            )  # fmt: skip
        return _info(row, visit)


def remove_photo(db: Database, photo_id: int, actor: str) -> None:
    """Take a photo off a draft visit (a signed visit's stay: the database refuses)."""
    with db.session() as session:
        row = session.get_one(Photo, photo_id)
        visit = _draft_visit(session, row.visit_id)
        before = photo_described(row.visit_id, row.phase, row.view, row.sha256)
        session.delete(row)
        audit.record(
            session, actor, "remove", "photo", photo_id, before, patient_id=visit.patient_id
        )
