"""Where the course stands, on paper (reports/course_part.py): the progress report says it in
the patient's words and gives the stage with its reason and figures; the handout says it
only when Preferences asks for it. Real PDFs, read back with pypdf."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader

from models.database import Database
from models.settings import Settings, save_settings
from reports.data import handout_data, progress_data
from reports.handout import build_handout
from reports.progress import build_progress_report
from tests.courses import add_course


def pdf_text(pdf: bytes) -> str:
    pages = PdfReader(BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def test_the_progress_report_says_where_the_course_stands(db: Database) -> None:
    patient = add_course(db, "P-1", "LHHH", pain=[6, 5, 4, 3, 3], km=[10, 15, 20, 25, 25])
    text = pdf_text(build_progress_report(progress_data(db, patient)))
    assert "Where the course stands" in text
    assert (
        "Your corrections have held for 3 weeks (3 visits in a row). At your next visit we "
        "plan a 2-week gap before the one after." in text
    )
    assert (
        "Ready to space out. Held 3 times in a row at a 1-week spacing: try a 2-week gap." in text
    )
    assert "pain 3/10 (was 6)" in text


def test_discharge_on_the_report_names_what_it_rests_on_and_promises_nothing(db: Database) -> None:
    patient = add_course(db, "P-2", "HHH", gaps=[7, 14, 21], pain=[5, 3, 2, 1], km=[20, 30, 35, 40])
    text = pdf_text(build_progress_report(progress_data(db, patient)))
    assert "Ready for discharge. Held across a 3-week gap; pain 1/10 (was 5)" in text
    assert "we will talk about whether you still need regular visits" in text
    assert "will stay" not in text and "cured" not in text


def test_the_handout_says_it_only_when_asked(db: Database) -> None:
    patient = add_course(db, "P-3", "LHH", pain=[6, 5, 4, 3])
    sentence = "Your corrections have held for 2 weeks (2 visits in a row)."
    assert sentence not in pdf_text(build_handout(handout_data(db, patient)))
    save_settings(db.path, Settings(handout_says_stage=True))
    assert sentence in pdf_text(build_handout(handout_data(db, patient)))
