"""Patient-facing words agree with the chart, and units are printed as '°'.

A handout never says a pelvis is "not turned" when the chart shows a turn the instrument
cannot tell from none: it says the turn is within what we can measure. No charting jargon
reaches the patient, and no document spells degrees as "deg".
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from charting.figures.words import describe_position
from charting.readings import Device, Phase, Reading
from charting.tolerances import DEFAULT_TOLERANCES
from models.database import Database
from models.services.patients import patient_id_for_chart
from reports import page
from reports.data import Clinic, HandoutData, PatientHeader
from reports.figure import FigureImage
from reports.generate import report_document
from reports.handout import handout_document
from tests.pdfs import pdf_text

pytestmark = pytest.mark.both_engines

CLINIC = Clinic("Harbour Run Clinic", practitioner="A. Lane, PT")
PATIENT = PatientHeader("W-001", "Wren Words", date(1992, 2, 29))
PRE = Reading(Phase.PRE, Device.PALM, "AL", 16.0, 9.0, 6.0, 2.0)
POST = Reading(Phase.POST, Device.PALM, "AL", 12.0, 10.6, -2.2, 0.0)  # 1.4 and 2.2: within error


def figure_texts(document: page.Document) -> list[str]:
    """Every text of the document's figures, as drawn (a draw sets the wrapped lines)."""
    found = []
    for flowable in document.story:
        if isinstance(flowable, FigureImage) and isinstance(flowable.figure, Figure):
            flowable.figure.draw_without_rendering()
            found += [t.get_text() for t in flowable.figure.findobj(Text) if t.get_text()]
    return found


def handout(pre: Reading | None, post: Reading | None) -> tuple[str, str]:
    """The handout's printed text and its pelvis diagram's words (one line each)."""
    data = HandoutData(CLINIC, PATIENT, date(2026, 3, 9), pre, post, ())
    document = handout_document(data)
    words = " ".join(" ".join(t.split()) for t in figure_texts(document))
    return pdf_text(page.render(*document)), words


def test_within_measurement_error_is_said_as_such_not_as_level() -> None:
    assert describe_position(POST, DEFAULT_TOLERANCES) == (
        "left side tipped forward 1° more than right and pelvis turned left 2°, both within "
        "what we can measure; crests level"
    )
    assert describe_position(PRE, DEFAULT_TOLERANCES) == (
        "left side tipped forward 7° more than right; pelvis turned right 6°; left crest "
        "higher 2°, within what we can measure"
    )
    text, diagram = handout(PRE, POST)
    sentence = "pelvis turned left 2°, both within what we can measure"
    assert sentence in text and sentence in diagram
    assert "not turned" not in text and "not turned" not in diagram
    assert "both sides tipped equally" not in text + diagram


def test_the_handout_has_no_charting_jargon_for_a_reading_in_words() -> None:
    felt = Reading(Phase.PRE, Device.PALPATION, "AL", asymmetry="left_anterior", rotation="right")
    text, diagram = handout(felt, None)
    assert "left side tipped forward" in diagram
    assert "felt by hand, not measured" in diagram
    for jargon in ("recorded in words", "drawn, not measured"):
        assert jargon not in text and jargon not in diagram


@pytest.mark.parametrize("kind", ["handout", "visit", "progress"])
def test_degrees_are_printed_as_the_degree_sign(demo_db: Database, kind: str) -> None:
    document = report_document(demo_db, kind, patient_id_for_chart(demo_db, "R-001"))
    words = figure_texts(document)
    printed = pdf_text(page.render(*document))
    assert "°" in printed + " ".join(words)
    assert not re.search(r"\bdeg\b", printed), re.findall(r".{40}\bdeg\b.{10}", printed)
    assert not [w for w in words if re.search(r"\bdeg\b", w)]


def test_a_complaint_is_named_alike_in_every_document() -> None:
    """'Pain, right buttock / sciatic' in the visit summary and the progress report (they
    printed 'Pain, buttock sciatic (right)'), as the body diagram names the place."""
    from models.records import Complaint, VisitDraft, VisitRecord
    from reports.data import VisitSummaryData
    from reports.trends import trends
    from reports.visit_summary import build_visit_summary

    complaints = (Complaint("buttock_sciatic", "right", 5), Complaint("knee", "both", 2))
    visit = VisitRecord(1, 1, VisitDraft(date(2026, 3, 9), complaints=complaints), "draft")
    names = [trend.name for trend in trends([visit])]
    assert names == ["Pain, right buttock / sciatic", "Pain, left and right knee"]
    text = pdf_text(build_visit_summary(VisitSummaryData(CLINIC, PATIENT, visit)))
    assert "Pain, right buttock / sciatic" in text and "Pain, left and right knee" in text
    assert "buttock sciatic" not in text


def test_a_reading_partly_in_words_is_not_said_to_be_felt_by_hand() -> None:
    """A photo measured the tilt but the turn was judged by eye: the handout must not tell
    the patient it was felt by hand (only a palpation reading is)."""
    photo = Reading(Phase.PRE, Device.PHOTO, "AL", 14.0, 9.0, rotation="right")
    text, diagram = handout(photo, None)
    assert "pelvis turned right" in diagram and "tipped forward 5°" in diagram
    assert "judged by eye, not measured" in diagram
    assert "felt by hand" not in text + diagram
