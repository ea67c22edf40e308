"""A patient whose visits have photos with their landmarks marked, for the pair tests."""

from __future__ import annotations

from datetime import date
from functools import cache

from charting.photo_geometry import Marks, Reference, View
from models.database import Database
from models.records import PatientDraft, VisitDraft
from models.services.patients import create_patient
from models.services.photos import attach_photo, save_marks
from models.services.visits import save_draft
from tests.synthetic_photos import SyntheticPhoto, draw_photo

DAYS = (date(2026, 11, 5), date(2026, 11, 12), date(2026, 11, 19))
# (visit number, phase, view, angle): the left side at every visit, before and after;
# the back at the first visit before only (nothing to pair it with at that visit).
PHOTOS = (
    (0, "pre", View.LEFT, 12.0), (0, "post", View.LEFT, 4.0),
    (0, "pre", View.POSTERIOR, 3.0),
    (1, "pre", View.LEFT, 9.0), (1, "post", View.LEFT, 3.0),
    (2, "pre", View.LEFT, 6.0), (2, "post", View.LEFT, 2.0),
    (2, "pre", View.POSTERIOR, 1.0),
)  # fmt: skip


@cache
def photo(view: View, angle: float) -> SyntheticPhoto:
    return draw_photo(view, angle, roll_deg=2.0)


def marks_of(shot: SyntheticPhoto) -> Marks:
    return Marks(shot.view, tuple(shot.points.items()), Reference("plumb", *shot.reference))


def photographed_patient(
    db: Database, chart: str = "P-100", photos: tuple = PHOTOS
) -> tuple[int, list[int]]:
    """A consenting patient with three draft visits and `photos` marked; (patient, visits)."""
    patient = create_patient(db, PatientDraft(chart, "Pia", "Camera", photo_consent=True), "tester")
    visits = [save_draft(db, patient, VisitDraft(day), "tester") for day in DAYS]
    for number, phase, view, angle in photos:
        shot = photo(view, angle)
        info = attach_photo(db, visits[number], phase, str(view), shot.data, "tester")
        save_marks(db, info.id, marks_of(shot), "tester")
    return patient, visits
