"""The three documents from the demo data, parsed back: right patient, content, page numbers."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from models.database import Database, open_database
from models.services.demo import load_demo
from models.services.patients import patient_id_for_chart
from models.services.visits import list_visits
from models.settings import Settings, save_settings
from models.version import VERSION
from reports.generate import report_pdf
from resources.library import exercise_by_slug
from tests.conftest import skip_here_fail_in_ci
from tests.pdfs import pdf_pages

pytestmark = pytest.mark.both_engines

MAYA = "Maya Okafor · born 14 May 1991 · R-001"
Cache = dict[tuple[str, str, int], bytes]


def words(text: str) -> str:
    return " ".join(text.split())


def check_page_furniture(pages: list[str], header: str) -> None:
    for number, text in enumerate(pages, start=1):
        assert header in text, f"page {number} lacks the patient header"
        assert f"page {number} of {len(pages)}" in text


def qpdf_check(pdf: bytes, folder: Path) -> None:
    if shutil.which("qpdf") is None:
        skip_here_fail_in_ci("qpdf is not installed (the CI script installs it)")
    path = folder / "checked.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One demo database for the read-only tests: a report with figures takes seconds."""
    database = open_database(tmp_path_factory.mktemp("reports") / "holdfast.sqlite3")
    load_demo(database)
    yield database
    database.close()


@pytest.fixture(scope="module")
def cache() -> Cache:
    return {}


def pdf_for(db: Database, cache: Cache, chart: str, kind: str, index: int = -1) -> bytes:
    """The PDF of one document, built once per module: (chart, kind, visit index)."""
    key = (chart, kind, index)
    if key not in cache:
        patient = patient_id_for_chart(db, chart)
        cache[key] = report_pdf(db, kind, patient, list_visits(db, patient)[index].id)
    return cache[key]


def test_handout_has_each_exercise_with_its_dosage(shared_db, cache, tmp_path):
    pdf = pdf_for(shared_db, cache, "R-001", "handout")
    pages = pdf_pages(pdf)
    text = " ".join(pages)
    check_page_furniture(pages, MAYA)
    plan = list_visits(shared_db, patient_id_for_chart(shared_db, "R-001"))[-1].draft.plan
    assert len(plan) == 6
    for number, entry in enumerate(plan, start=1):
        exercise = exercise_by_slug(entry.exercise)
        assert f"{number}. {exercise.name}" in text
        assert words(exercise.steps[0]) in text
    assert "3 sets, hold 30 seconds" in text  # hip flexor stretch
    assert "3 sets of 12 repetitions" in text and "4 times a week" in text  # glute bridge
    assert "left side only" in text
    assert "Your 4-week tracker" in text and "Week 4" in text
    assert "Your pelvis today" in text and "Before today's treatment" in text
    assert 3 <= len(pages) <= 10
    qpdf_check(pdf, tmp_path)


def test_handout_keeps_each_exercise_on_one_page(shared_db, cache):
    pages = pdf_pages(pdf_for(shared_db, cache, "R-001", "handout"))
    plan = list_visits(shared_db, patient_id_for_chart(shared_db, "R-001"))[-1].draft.plan
    for entry in plan:
        exercise = exercise_by_slug(entry.exercise)
        holding = [n for n, text in enumerate(pages) if words(exercise.steps[0]) in text]
        assert holding and words(exercise.cautions[-1]) in pages[holding[0]], exercise.name


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_handout_fits_two_or_three_exercises_a_page(shared_db, paper):
    """Six exercises on at most three pages after the first, two or three to a page, each
    whole on its page; the tracker kept, whole on one page."""
    from reports.data import handout_data
    from reports.handout import build_handout

    data = handout_data(shared_db, patient_id_for_chart(shared_db, "R-001"))
    pages = pdf_pages(build_handout(data, paper))
    holding: dict[int, list[str]] = {}
    for number, exercise in enumerate(data.exercises, start=1):
        parts = [words(t) for t in (exercise.purpose, exercise.steps[0], exercise.steps[-1])]
        parts.append(words(exercise.cautions[-1]))  # the block's first and last words
        (where,) = {n for n, text in enumerate(pages) for part in parts if part in text}
        assert f"{number}. {exercise.name}" in pages[where]
        holding.setdefault(where, []).append(exercise.name)
    full_pages = sorted(holding)[1:-1] if len(holding) > 2 else sorted(holding)[1:]
    assert len(data.exercises) == 6 and len(pages) <= 4, holding
    assert all(2 <= len(holding[n]) <= 3 for n in full_pages), holding
    (tracker,) = [text for text in pages if "Your 4-week tracker" in text]
    assert "Week 4" in tracker and "6. Dead bug (5× a week)" in tracker  # whole on its page


def test_handout_prints_clinic_practitioner_and_next_visit(demo_db: Database):
    settings = Settings(
        practitioner_name="J. Reyes", credentials="DC",
        clinic_name="Riverside Running Clinic", clinic_phone="555-0100",
    )  # fmt: skip
    save_settings(demo_db.path, settings)
    patient = patient_id_for_chart(demo_db, "R-001")
    visit = list_visits(demo_db, patient)[-2]  # one with a next visit date
    text = " ".join(pdf_pages(report_pdf(demo_db, "handout", patient, visit.id)))
    assert "Riverside Running Clinic" in text and "Phone 555-0100" in text
    assert "J. Reyes, DC" in text
    assert "Monday 20 April 2026" in text  # the next visit


def test_visit_summary_of_signed_visit_with_addendum(shared_db, cache, tmp_path):
    pdf = pdf_for(shared_db, cache, "R-001", "visit", 1)
    pages = pdf_pages(pdf)
    text = " ".join(pages)
    check_page_furniture(pages, MAYA)
    expected = (
        "Subjective", "Objective", "Assessment", "Before correction", "After correction",
        "Iliopsoas (left): short / overactive", "Dead bug", "Signed by J. Reyes, DC",
        "9 March 2026 at 18:00", "Addenda", "9 March 2026 at 20:15", "raced a hilly 21 km",
    )  # fmt: skip
    for phrase in expected:
        assert phrase in text, phrase
    visit = list_visits(shared_db, patient_id_for_chart(shared_db, "R-001"))[1]
    assert visit.content_hash and visit.content_hash in text.replace(" ", "")
    assert "Pain (NPRS) is unchanged since 2 March 2026 (6)." in text
    assert "DRAFT" not in text
    assert text.index("Signed by") < text.index("Addenda")
    assert len(pages) <= 3
    qpdf_check(pdf, tmp_path)


def test_draft_visit_summary_is_watermarked(shared_db, cache):
    patient = patient_id_for_chart(shared_db, "R-004")
    assert not list_visits(shared_db, patient)[-1].signed
    pages = pdf_pages(pdf_for(shared_db, cache, "R-004", "visit"))
    assert "DRAFT, not signed" in pages[0] and "Not signed" in pages[-1]
    assert all("DRAFT" in page for page in pages)  # the watermark, on every page


def test_progress_report_lists_every_interval_with_its_verdict(shared_db, cache, tmp_path):
    pdf = pdf_for(shared_db, cache, "R-001", "progress")
    pages = pdf_pages(pdf)
    text = " ".join(pages)
    check_page_furniture(pages, MAYA)
    assert "2 March 2026 to 20 April 2026, 8 visits" in text
    assert "held until the next visit in 4 of 7 assessable intervals (57%)" in text
    rows = re.findall(r"\b(\d) (\d+ \w{3} 2026) (\d+ \w{3} 2026) (Held|Lost)", text)
    assert [(r[0], r[3]) for r in rows] == [(str(n), "Lost") for n in (1, 2, 3)] + [
        (str(n), "Held") for n in (4, 5, 6, 7)
    ]
    assert "more than the 2 points that matter clinically" in text  # pain against MCID
    assert "LEFS improved by 30 points" in text
    assert "Current plan" in text and "Single-leg bridge" in text
    assert 3 <= len(pages) <= 8
    qpdf_check(pdf, tmp_path)


def test_letter_paper_from_preferences(demo_db: Database):
    save_settings(demo_db.path, Settings(paper_size="Letter"))
    patient = patient_id_for_chart(demo_db, "R-002")
    reader = PdfReader(BytesIO(report_pdf(demo_db, "visit", patient)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


@pytest.mark.parametrize("kind", ["handout", "visit", "progress"])
def test_metadata_and_only_embedded_fonts(shared_db, cache, kind):
    reader = PdfReader(BytesIO(pdf_for(shared_db, cache, "R-001", kind)))
    assert "Maya Okafor" in reader.metadata.title
    assert reader.metadata.creator == f"Holdfast {VERSION}"
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            fonts[font["/BaseFont"]] = bool(descriptor and "/FontFile2" in descriptor)
    assert fonts and all(fonts.values()), fonts


def test_same_data_gives_the_same_bytes(shared_db, cache):
    patient = patient_id_for_chart(shared_db, "R-001")
    for kind in ("handout", "progress"):
        assert report_pdf(shared_db, kind, patient) == pdf_for(shared_db, cache, "R-001", kind)


def test_clinic_logo_in_the_letterhead(demo_db: Database, tmp_path: Path):
    from PIL import Image, ImageDraw

    logo = tmp_path / "logo.png"
    picture = Image.new("RGB", (300, 120), "white")
    ImageDraw.Draw(picture).ellipse((10, 10, 110, 110), fill="black")
    picture.save(logo)
    save_settings(demo_db.path, Settings(clinic_name="Logo Clinic", logo_path=str(logo)))
    patient = patient_id_for_chart(demo_db, "R-005")
    pdf = report_pdf(demo_db, "visit", patient)
    first = PdfReader(BytesIO(pdf)).pages[0]
    assert len(first.images) == 1 and "Logo Clinic" in first.extract_text()
    save_settings(demo_db.path, Settings(clinic_name="Logo Clinic", logo_path=str(tmp_path / "x")))
    assert not PdfReader(BytesIO(report_pdf(demo_db, "visit", patient))).pages[0].images


def test_the_main_window_starts_without_the_pdf_library() -> None:
    """reportlab loads when a document is first made or a logo first checked, not while the
    window opens (Preferences imports the logo check at start-up)."""
    pytest.importorskip("PySide6")
    code = (
        "import sys, ui.main_window; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'reportlab'))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert started.stdout.strip() == "[]"
