"""Outcome scores in the documents: each with its instrument's precision, and one rule for a
measure scored only once, shared by the symptoms figure and the progress report."""

from __future__ import annotations

from datetime import date

from charting.figures.symptoms import symptoms_figure
from charting.outcomes import SCORED_ONCE
from models.records import Complaint, Outcome, VisitDraft, VisitRecord
from models.services.charts import symptom_history
from reports.data import Clinic, PatientHeader, ProgressData, VisitSummaryData
from reports.progress import build_progress_report
from reports.trends import trends
from reports.visit_summary import build_visit_summary
from tests.pdfs import pdf_text

CLINIC = Clinic("Harbour Run Clinic", practitioner="A. Lane, PT")
PATIENT = PatientHeader("S-001", "Sam Score", date(1988, 5, 1))
ONCE = "PSFS scored once so far (4.3): a later score will show any change."


def visits() -> tuple[VisitRecord, ...]:
    """Two visits; PSFS (mean 13/3) only at the second, LEFS at both."""
    first = VisitDraft(
        visit_date=date(2026, 3, 2),
        complaints=(Complaint("knee", "right", 5),),
        outcomes=(Outcome("lefs", 40.0),),
    )
    second = VisitDraft(
        visit_date=date(2026, 3, 9),
        complaints=(Complaint("knee", "right", 3),),
        outcomes=(Outcome("lefs", 52.0), Outcome("psfs", 13 / 3), Outcome("grc", 3.0)),
    )
    return VisitRecord(1, 1, first, "draft"), VisitRecord(2, 1, second, "draft")


def test_visit_summary_prints_psfs_to_one_decimal() -> None:
    data = VisitSummaryData(CLINIC, PATIENT, visits()[1])
    text = pdf_text(build_visit_summary(data))
    assert "PSFS 4.3 / 10" in text and "LEFS 52 / 80" in text and "+3" in text
    assert "4.33" not in text and "52.0" not in text


def test_progress_report_and_symptoms_figure_share_the_scored_once_rule() -> None:
    records = visits()
    rows = {trend.name: trend for trend in trends(records)}
    assert rows["PSFS"].first == rows["PSFS"].latest == "4.3 / 10 (9 Mar 2026)"
    assert rows["PSFS"].change == ONCE
    figure = symptoms_figure(symptom_history(records))
    titles = [axes.get_title(loc="left") for axes in figure.axes]
    assert ONCE in titles
    assert not any("PSFS is unchanged" in title for title in titles)
    text = pdf_text(build_progress_report(ProgressData(CLINIC, PATIENT, records)))
    assert "scored once so far (4.3)" in text and "4.33" not in text
    assert "LEFS improved by 12 points since 2 March 2026" in text


def test_visit_form_lists_an_imported_psfs_score_to_one_decimal(qtbot) -> None:
    """A score imported without its label is worded on screen as on paper."""
    from ui.editor.outcomes import OutcomesSection

    section = OutcomesSection()
    qtbot.addWidget(section)
    section.load(VisitDraft(visit_date=date(2026, 3, 9), outcomes=(Outcome("psfs", 13 / 3),)))
    assert [section.list.item(row).text() for row in range(section.list.count())] == ["PSFS 4.3/10"]


def test_a_rating_of_no_change_reads_the_same_on_screen_and_on_paper(qtbot) -> None:
    """GRC 0 was '+0' on the visit form but '0' in the documents' score column."""
    from ui.editor.outcomes import OutcomesSection

    draft = VisitDraft(visit_date=date(2026, 3, 9), outcomes=(Outcome("grc", 0.0),))
    section = OutcomesSection()
    qtbot.addWidget(section)
    section.load(draft)
    assert section.list.item(0).text() == "Global rating of change 0 (about the same)"
    text = pdf_text(
        build_visit_summary(VisitSummaryData(CLINIC, PATIENT, VisitRecord(1, 1, draft, "draft")))
    )
    assert "Global rating of change 0 (about the same)" in text and "+0" not in text


def test_visit_summary_words_a_first_score_as_the_progress_report_does(demo_db) -> None:
    """The visit summary's change column follows the one 'scored once' rule too."""
    from models.services.patients import patient_id_for_chart
    from models.services.visits import list_visits
    from reports.data import visit_summary_data

    patient = patient_id_for_chart(demo_db, "R-001")
    first = list_visits(demo_db, patient)[0]
    data = visit_summary_data(demo_db, patient, first.id)
    lefs = [o for o in first.draft.outcomes if o.measure == "lefs"]
    assert lefs, "the demo's first visit scores the LEFS"
    notes = dict(zip([o.measure for o in first.draft.outcomes], data.outcome_notes, strict=True))
    assert notes["lefs"] == f"LEFS scored once so far ({lefs[0].score:g}): {SCORED_ONCE}"
    assert data.pain_notes[0].startswith("Pain (NPRS) scored once so far (")


def test_the_chart_view_states_a_first_score_as_the_documents_do() -> None:
    from models.services.charts import change_statements

    statements = change_statements(symptom_history(visits()))
    assert ONCE in statements  # PSFS, scored at the second visit only: not left out
    assert any(s.startswith("LEFS improved by 12 points") for s in statements)
