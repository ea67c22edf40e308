"""The visit summary as a SOAP note: each part holds what was recorded for it."""

from __future__ import annotations

import re
from datetime import date

from charting.readings import Reading
from models.records import Finding, PlanEntry, SoapNote, VisitDraft, VisitRecord
from reports.data import Clinic, PatientHeader, VisitSummaryData
from reports.visit_summary import build_visit_summary
from tests.pdfs import pdf_text

CLINIC = Clinic("Harbour Run Clinic", practitioner="A. Lane, PT")
PATIENT = PatientHeader("V-001", "Val Summary", date(1985, 7, 20))


def section(text: str, start: str, end: str) -> str:
    """The text from the heading `start` to the next heading `end`."""
    found = re.search(rf"\b{start}\b(.*?)\b{end}\b", text)
    assert found, f"no {start} ... {end} in {text}"
    return found.group(1)


def summary(note: SoapNote, **draft: object) -> str:
    visit = VisitDraft(
        visit_date=date(2026, 3, 9),
        note=note,
        readings=(
            Reading("pre", "palm", "AL", 16.0, 9.0, 6.0, 1.0),  # left anterior, turned right
            Reading("post", "palm", "AL", 11.0, 10.0, 1.0, 0.0),
        ),
        plan=(PlanEntry("glute_bridge", sets=3, per_week=4, reps=12),),
        **draft,  # type: ignore[arg-type]
    )
    data = VisitSummaryData(CLINIC, PATIENT, VisitRecord(1, 1, visit, "draft"))
    return pdf_text(build_visit_summary(data))


def test_assessment_shows_the_hypothesis_and_the_pattern() -> None:
    text = summary(
        SoapNote("Sore after long runs.", "Standing, PALM.", "", "Review in a week."),
        findings=(Finding("iliopsoas", "left", "short_overactive", "Thomas test positive"),),
        reasoning="Short left hip flexor pulls the innominate forward.",
    )
    assessment = section(text, "Assessment", "Plan")
    assert "Pattern: left innominate anterior with right rotation" in assessment
    assert "Iliopsoas (left): short / overactive" in assessment
    assert "Thomas test positive" in assessment
    assert "Reasoning: Short left hip flexor pulls the innominate forward." in assessment
    assert "—" not in assessment.split("Pattern")[0]  # no dash where a hypothesis exists
    assert "glute bridge" in section(text, "Plan", "Symptoms and outcome scores").lower()


def test_assessment_keeps_the_written_assessment_and_says_when_no_hypothesis() -> None:
    text = summary(SoapNote(assessment="Left anterior innominate, improving."))
    assessment = section(text, "Assessment", "Plan")
    assert "Left anterior innominate, improving." in assessment
    assert "No hypothesis recorded." in assessment
    assert "Pattern: left innominate anterior with right rotation" in assessment
