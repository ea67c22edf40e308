"""A patient who agreed to photos, with a signed visit holding marked pre and post photos."""

from __future__ import annotations

from dataclasses import dataclass

from charting.photo_geometry import Marks, Reference, ReferenceKind, View
from models.database import Database
from models.records import PatientDraft
from models.services.patients import create_patient
from models.services.photos import attach_photo, save_marks
from models.services.visits import save_draft, sign_visit
from tests.synthetic_photos import draw_photo
from tests.test_tamper_locks import READY

# (phase, view, true angle): a left side and a back view, before and after treatment.
SHOTS = (("pre", View.LEFT, 12.0), ("pre", View.POSTERIOR, 3.0), ("post", View.LEFT, 9.0),
         ("post", View.POSTERIOR, 1.0))  # fmt: skip


@dataclass(frozen=True)
class PhotoVisit:
    patient_id: int
    visit_id: int
    photo_ids: tuple[int, ...]


def photo_visit(
    db: Database, chart: str = "P-1", signed: bool = True, marked: bool = True
) -> PhotoVisit:
    """A consenting patient's visit with four photos, all but the last marked; signed."""
    patient = create_patient(db, PatientDraft(chart, "Ana", "Silva", photo_consent=True), "tester")
    visit = save_draft(db, patient, READY, "tester")
    ids = []
    for number, (phase, view, angle) in enumerate(SHOTS):
        shot = draw_photo(view, angle, roll_deg=2.0)
        info = attach_photo(db, visit, phase, view, shot.data, "tester")
        ids.append(info.id)
        if marked and number < len(SHOTS) - 1:
            reference = Reference(ReferenceKind.PLUMB, *shot.reference)
            save_marks(db, info.id, Marks(view, tuple(shot.points.items()), reference), "tester")
    if signed:
        sign_visit(db, visit, "Dr Test")
    return PhotoVisit(patient, visit, tuple(ids))
