"""Before/after photos in the handout and the progress report: only when asked for."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader

from charting.photo_geometry import Marks, View
from models.database import Database
from reports.generate import make_report, report_pdf
from tests.pdfs import pdf_pages, pdf_text
from tests.photo_charts import photographed_patient


def images_per_page(pdf: bytes) -> list[int]:
    return [len(page.images) for page in PdfReader(BytesIO(pdf)).pages]


def test_handout_photos_only_when_asked(db: Database):
    patient, visits = photographed_patient(db)
    plain = report_pdf(db, "handout", patient, visits[1])
    assert report_pdf(db, "handout", patient, visits[1], photos=False) == plain
    assert sum(images_per_page(plain)) == 0  # no readings: no pelvis diagram either
    assert "Your photos today" not in pdf_text(plain)
    with_photos = report_pdf(db, "handout", patient, visits[1], photos=True)
    assert images_per_page(with_photos)[0] == 1  # the pair, on the first page
    first = pdf_pages(with_photos)[0]
    assert "Your photos today" in first
    assert (
        "Left side. Before correction — 12 Nov 2026: Left tilt +9.0° anterior. "
        "After correction — 12 Nov 2026: Left tilt +3.0° anterior." in first
    )


def test_handout_of_a_visit_without_a_pair_has_no_photo_section(db: Database):
    photos = ((0, "pre", View.LEFT, 5.0),)
    patient, visits = photographed_patient(db, photos=photos)
    pdf = report_pdf(db, "handout", patient, visits[0], photos=True)
    assert pdf == report_pdf(db, "handout", patient, visits[0])
    report = make_report(db, "handout", patient, visits[0], photos=True)
    assert (report.photos, report.photos_available) == (False, False)


def test_progress_report_first_against_latest_per_view(db: Database):
    patient, _ = photographed_patient(db)
    plain = make_report(db, "progress", patient)
    assert (plain.photos, plain.photos_available) == (False, True)
    assert "Photos: first and latest" not in pdf_text(plain.pdf)
    report = make_report(db, "progress", patient, photos=True)
    assert report.photos
    text = pdf_text(report.pdf)
    assert "Photos: first and latest" in text
    assert (
        "Left side. Before correction — 5 Nov 2026: Left tilt +12.0° anterior. "
        "Before correction — 19 Nov 2026: Left tilt +6.0° anterior." in text
    )
    assert (
        "Posterior view. Before correction — 5 Nov 2026: Obliquity +3.0° left higher. "
        "Before correction — 19 Nov 2026: Obliquity +1.0° left higher." in text
    )
    assert sum(images_per_page(report.pdf)) == sum(images_per_page(plain.pdf)) + 2


def test_visit_summary_ignores_the_option(db: Database):
    patient, visits = photographed_patient(db)
    report = make_report(db, "visit", patient, visits[0], photos=True)
    assert (report.photos, report.photos_available) == (False, False)


def test_the_visit_summary_lists_each_photo_with_its_angle_and_its_reference(
    db: Database,
) -> None:
    """docs/clinical-model.md#photos: an angle measured without a plumb or level line is
    flagged wherever it is printed."""
    from models.services.photos import save_marks
    from tests.photo_visits import photo_visit

    made = photo_visit(db, signed=False)
    unreferenced = Marks(View.POSTERIOR, (("left", (500.0, 990.0)), ("right", (1100.0, 1000.0))))
    save_marks(db, made.photo_ids[1], unreferenced, "tester")
    words = " ".join(pdf_text(report_pdf(db, "visit", made.patient_id, made.visit_id)).split())
    assert "Photos:" in words
    assert "Before correction, left side: left tilt +12.0° (plumb line)" in words
    assert "Before correction, back: obliquity +1.0° (camera assumed level" in words
    assert "After correction, left side: left tilt +9.0° (plumb line)" in words
    assert "After correction, back: not measured" in words
