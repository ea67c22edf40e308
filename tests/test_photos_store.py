"""Photos kept with a visit (models/services/photos.py, schema 0010): consent first, locked
and hashed with the signed visit, audited without their pixels, and the upgrade to 0010."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from charting.photo_geometry import Marks, Reference, ReferenceKind, View
from charting.photo_marks import marks_from_json, marks_json
from charting.readings import Reading
from models.database import Database, open_database
from models.photo_files import PhotoRejected
from models.records import PatientDraft, VisitDraft
from models.services.audit_trail import audit_trail
from models.services.patients import create_patient, load_patient, update_patient
from models.services.photos import (
    NoPhotoConsent,
    attach_photo,
    patient_photos,
    photo_image,
    remove_photo,
    save_marks,
    visit_photos,
)
from models.services.tamper import verify_visit
from models.services.visits import VisitLocked, delete_draft, list_visits, save_draft, sign_visit
from tests.schemas import downgrade_to, upgrade_to
from tests.synthetic_photos import draw_photo

READY = VisitDraft(
    date(2026, 11, 2),
    readings=(Reading("pre", "palm", left_tilt_deg=9.0, right_tilt_deg=4.0),),
    reasoning="Short left hip flexors.",
    no_plan_reason="Settle first.",
)


def patient(db: Database, consent: bool = True) -> int:
    return create_patient(db, PatientDraft("P-7", "Ida", "Berg", photo_consent=consent), "jo")


def side_marks(view: View = View.LEFT) -> Marks:
    photo = draw_photo(view, 8.0, 3.0, 1)
    return Marks(
        view, tuple(photo.points.items()), Reference(ReferenceKind.PLUMB, *photo.reference)
    )


def test_no_photo_is_attached_without_the_patients_consent(db: Database) -> None:
    patient_id = patient(db, consent=False)
    visit = save_draft(db, patient_id, READY, "jo")
    with pytest.raises(NoPhotoConsent, match="has not agreed to photos"):
        attach_photo(db, visit, "pre", "left", draw_photo(View.LEFT, 5.0).data, "jo")
    assert visit_photos(db, visit) == []
    record = load_patient(db, patient_id)
    update_patient(db, patient_id, PatientDraft("P-7", "Ida", "Berg", photo_consent=True), "jo")
    assert not record.draft.photo_consent and load_patient(db, patient_id).draft.photo_consent
    (photo,) = [attach_photo(db, visit, "pre", "left", draw_photo(View.LEFT, 5.0).data, "jo")]
    assert photo.label == "pre, left side" and photo.marks is None


def test_a_bad_file_or_a_wrong_view_writes_nothing(db: Database) -> None:
    visit = save_draft(db, patient(db), READY, "jo")
    with pytest.raises(PhotoRejected):
        attach_photo(db, visit, "pre", "left", b"not a photo", "jo")
    with pytest.raises(ValueError, match="view: must be left, right, posterior or anterior"):
        attach_photo(db, visit, "pre", "top", draw_photo(View.LEFT, 5.0).data, "jo")
    assert visit_photos(db, visit) == []


def test_the_audit_trail_names_photos_and_their_marks_but_never_holds_pixels(db: Database) -> None:
    patient_id = patient(db)
    visit = save_draft(db, patient_id, READY, "jo")
    photo = attach_photo(db, visit, "pre", "left", draw_photo(View.LEFT, 5.0).data, "jo")
    marked = save_marks(db, photo.id, side_marks(), "jo")
    assert marked.marks == marks_from_json(marks_json(side_marks()))  # to 0.01 px
    remove_photo(db, photo.id, "jo")
    with db.session() as session:
        events = session.execute(
            text("SELECT action, entity, before, after FROM audit_event WHERE entity = 'photo'")
        ).all()
    assert [e.action for e in events] == ["attach", "landmarks", "remove"]
    assert photo.sha256 in events[0].after and '"asis"' in events[1].after
    assert all(len(e.before) + len(e.after) < 2000 for e in events)  # no image in the trail
    entries = audit_trail(db, patient_id).entries  # as the trail dialog reads it
    words = {(e.record, c.label, c.before, c.after) for e in entries for c in e.changes}
    attached = f"before the correction, left side (fingerprint {photo.sha256[:12]}…)"
    assert ("Photo", "Photo", "—", attached) in words and ("Photo", "Photo", attached, "—") in words
    (landmarks,) = [w for w in words if w[1] == "Landmarks"]
    assert landmarks[2] == "—" and "plumb line: left tilt +8.0°" in landmarks[3]


def test_a_signed_visits_photos_are_locked_and_in_its_content_hash(
    db: Database, db_path: Path
) -> None:
    patient_id = patient(db)
    visit = save_draft(db, patient_id, READY, "jo")
    photo = attach_photo(db, visit, "pre", "left", draw_photo(View.LEFT, 5.0).data, "jo")
    save_marks(db, photo.id, side_marks(), "jo")
    signed = sign_visit(db, visit, "Jo Reyes, DO")
    assert signed.photos[0].sha256 == photo.sha256 and signed.photos[0].landmarks
    (record,) = list_visits(db, patient_id)
    assert verify_visit(record)
    for attempt in (
        lambda: save_marks(db, photo.id, None, "jo"),
        lambda: remove_photo(db, photo.id, "jo"),
        lambda: attach_photo(db, visit, "post", "left", draw_photo(View.LEFT, 1.0).data, "jo"),
    ):
        with pytest.raises(VisitLocked, match="signed"):
            attempt()
    with pytest.raises(VisitLocked):
        delete_draft(db, visit, "jo")
    db.close()
    # Even by hand the database refuses; with the lock dropped the hash tells.
    with sqlite3.connect(db_path) as raw:
        for statement in (
            "UPDATE photo SET landmarks = ''",
            "DELETE FROM photo",
            "INSERT INTO photo (visit_id, phase, view, media_type, width, height, sha256, image,"
            " thumbnail, landmarks, created_at) SELECT visit_id, 'post', view, media_type, width,"
            " height, sha256, image, thumbnail, '', created_at FROM photo",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="signed visit is locked"):
                raw.execute(statement)
        raw.execute("DROP TRIGGER photo_locked_update")
        raw.execute("UPDATE photo SET landmarks = replace(landmarks, '\"asis\":[', '\"asis\":[1')")
    raw.close()
    reopened = open_database(db_path)  # recreates the missing trigger
    try:
        (changed,) = list_visits(reopened, patient_id)
        assert not verify_visit(changed)
        with reopened.session() as session, pytest.raises(IntegrityError):
            session.execute(text("UPDATE photo SET landmarks = ''"))
    finally:
        reopened.close()


def test_a_visit_without_photos_keeps_the_hash_it_was_signed_with(db: Database) -> None:
    """Scheme 1 is unchanged: hashes stored before photos existed still recompute."""
    from models.canonical import SCHEME, visit_text

    visit = save_draft(db, patient(db), READY, "jo")
    signed = sign_visit(db, visit, "Jo Reyes, DO")
    assert f'"scheme":"{SCHEME}"' in visit_text(signed.draft, signed.signed_by, signed.signed_at)
    assert '"photos"' not in visit_text(signed.draft, signed.signed_by, signed.signed_at)
    assert verify_visit(signed)


def test_photos_are_listed_by_visit_without_reading_pixels_and_go_with_a_discarded_draft(
    db: Database,
) -> None:
    patient_id = patient(db)
    first = save_draft(db, patient_id, READY, "jo")
    later = save_draft(db, patient_id, VisitDraft(date(2026, 11, 16)), "jo")
    data = draw_photo(View.POSTERIOR, 2.0).data
    a = attach_photo(db, later, "pre", "posterior", data, "jo")
    b = attach_photo(db, first, "post", "posterior", data, "jo")
    assert [p.id for p in patient_photos(db, patient_id)] == [b.id, a.id]  # by visit date
    assert photo_image(db, a.id)[:3] == b"\xff\xd8\xff"
    delete_draft(db, later, "jo")
    assert [p.id for p in patient_photos(db, patient_id)] == [b.id]
    with pytest.raises(LookupError):
        photo_image(db, a.id)


def test_the_upgrade_to_0010_adds_photos_without_consent_and_judges_courses_again(
    db: Database, db_path: Path
) -> None:
    patient_id = patient(db, consent=True)
    photo_reading = Reading("post", "photo", left_tilt_deg=5.0, right_tilt_deg=3.0)
    save_draft(db, patient_id, replace(READY, readings=(*READY.readings, photo_reading)), "jo")
    # Only a course with a photo reading can be judged differently: no other is judged again.
    other = create_patient(db, PatientDraft("P-8", "Ola", "Nor"), "jo")
    save_draft(db, other, READY, "jo")
    downgrade_to(db.engine, "0009")
    with db.engine.begin() as connection:
        names = {r[0] for r in connection.exec_driver_sql("SELECT name FROM sqlite_master")}
        assert "photo" not in names
        connection.exec_driver_sql("DELETE FROM hold_stale")
    upgrade_to(db.engine, "0010")  # 0011 marks every course stale, for reasons of its own
    with db.engine.connect() as connection:
        consent = connection.exec_driver_sql("SELECT photo_consent FROM patient").scalars()
        assert not any(consent.all())
        stale = connection.exec_driver_sql("SELECT patient_id FROM hold_stale").scalars().all()
    assert stale == [patient_id]
