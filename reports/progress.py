"""The progress report over a course of care: whether the corrections held, how symptoms
and function changed against clinically important change, and the current plan."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Paragraph

from charting.explain import explain_interval
from charting.figures.alignment import alignment_figure
from charting.figures.retention import interval_retention, retention_figure
from charting.figures.style import SECOND_VISIT_MESSAGE
from charting.figures.symptoms import symptoms_figure
from charting.holds import CourseHold
from charting.muscles import finding_line
from charting.vocabulary import VERDICT_TERMS, count
from models.services.charts import symptom_history
from models.services.holds import PatientCourse, course_of
from reports import page, styles
from reports.course_part import course_stage_part
from reports.data import ProgressData
from reports.figure import figure_flowable
from reports.parts import gap, grid, label_table, letterhead, para, plan_table, text
from reports.trends import summary, trends
from reports.words import DASH, day_long, day_short

Sheet = dict[str, styles.ParagraphStyle]
TITLE = "Progress report"
ALIGNMENT_HEIGHT = 380  # points: fits under the summary on page 1
PHOTOS_HEADING = "Photos: first and latest"
PHOTOS_INTRO = (
    "Each view photographed at two visits or more: the first photo against the latest, "
    "before the correction where there is one (how the pelvis was on arrival)."
)
RETENTION_WINDOW = 10  # intervals per retention chart: more would shrink its labels unreadably


def details(data: ProgressData, course: PatientCourse, width: float, sheet: Sheet) -> Flowable:
    visits = course.visits
    first, last = visits[0].draft.visit_date, visits[-1].draft.visit_date
    born = data.patient.date_of_birth
    rows = [
        ("Patient", data.patient.name),
        ("Chart number", data.patient.chart_number),
        ("Date of birth", day_long(born) if born else DASH),
        ("Running", data.patient.running_profile),
        ("Dates of care", f"{day_long(first)} to {day_long(last)}, {count(len(visits), 'visit')}"),
        ("Practitioner", data.clinic.practitioner),
    ]
    return label_table(rows, width, sheet, label_share=0.22)


def holds_part(course: PatientCourse, data: ProgressData, width: float, sheet: Sheet) -> list:
    hold = course.course
    parts: list[Flowable] = [para("Did the correction hold?", "h1", sheet)]
    if not hold.intervals:  # an empty chart would only repeat this, at half a page
        return [*parts, para(SECOND_VISIT_MESSAGE, "body", sheet)]
    figure = alignment_figure(course.readings, hold, data.tolerances).figure
    parts.append(figure_flowable(figure, width, max_height=ALIGNMENT_HEIGHT))
    shown = CourseHold(hold.intervals[-RETENTION_WINDOW:])
    retention = [figure_flowable(retention_figure(shown), width * 0.9, max_height=width * 0.6)]
    if len(hold.intervals) > RETENTION_WINDOW:
        note = (
            f"The last {RETENTION_WINDOW} of {len(hold.intervals)} intervals are shown; the "
            "hold rate line counts from the first interval shown. Every interval is in the "
            "table below."
        )
        retention.append(para(note, "caption", sheet))
    parts += [gap(3), KeepTogether(retention)]
    return parts


def intervals_part(hold: CourseHold, width: float, sheet: Sheet) -> list[Flowable]:
    parts: list[Flowable] = [para("Every interval between visits", "h1", sheet)]
    if not hold.intervals:
        return [*parts, para("Only one visit so far: nothing to compare yet.", "body", sheet)]
    rows = []
    for number, interval in enumerate(hold.intervals, start=1):
        retention = interval_retention(interval)
        verdict = VERDICT_TERMS[interval.verdict].label
        if not interval.comparable:
            verdict += " (other device or examiner)"
        rows.append(
            (
                str(number),
                day_short(interval.from_date),
                day_short(interval.to_date),
                verdict,
                DASH if retention is None else f"{retention:.0%}",
                explain_interval(interval),
            )
        )
    header = ("#", "From", "To", "Verdict", "Retained", "What happened")
    share = (0.05, 0.115, 0.115, 0.13, 0.11, 0.48)
    parts.append(grid(header, rows, [width * s for s in share], sheet))
    return parts


def symptoms_part(course: PatientCourse, width: float, sheet: Sheet) -> list[Flowable]:
    parts: list[Flowable] = [para("Symptoms and function", "h1", sheet)]
    history = symptom_history(course.visits)
    if len(history.dates()) > 1:
        figure = symptoms_figure(history)
        parts.append(figure_flowable(figure, width, max_height=width * 1.1))
    rows = [(t.name, t.first, t.latest, t.change) for t in trends(course.visits)]
    if rows:
        header = ("Measure", "First", "Latest", "Against clinically important change")
        share = (0.2, 0.17, 0.17, 0.46)
        parts += [gap(3), grid(header, rows, [width * s for s in share], sheet)]
    else:
        parts.append(para("No pain ratings, running volume or outcome scores yet.", "body", sheet))
    return parts


def plan_part(data: ProgressData, course: PatientCourse, width: float, sheet: Sheet) -> list:
    latest = course.visits[-1].draft
    parts: list[Flowable] = [para(f"Current plan ({day_long(latest.visit_date)})", "h1", sheet)]
    for finding in latest.findings:
        line = finding_line(finding.muscle, finding.side, finding.state)
        parts.append(Paragraph(text(line), sheet["bullet"], bulletText="•"))
    if latest.reasoning:
        parts.append(Paragraph(f"<b>Reasoning:</b> {text(latest.reasoning)}", sheet["body"]))
    if latest.plan:
        parts += [gap(2), plan_table(latest.plan, dict(data.exercise_names), width, sheet)]
    else:
        parts.append(para(latest.no_plan_reason or "No home exercises set.", "body", sheet))
    return parts


def build_progress_report(data: ProgressData, paper: str = "A4") -> bytes:
    """The course-of-care report as PDF bytes."""
    return page.render(*progress_document(data, paper))


def progress_document(data: ProgressData, paper: str = "A4") -> page.Document:
    """The progress report's flowables and page, before layout."""
    sheet = styles.styles(10.0)
    width = page.frame_width(paper)
    course = course_of(data.visits, data.tolerances)
    first, last = course.visits[0].draft.visit_date, course.visits[-1].draft.visit_date
    lines = [f"Course of care, {day_long(first)} to {day_long(last)}"]
    story = letterhead(data.clinic, TITLE, lines, width, sheet)
    story.append(details(data, course, width, sheet))
    paragraph = summary(data.patient.name, course.visits, course.course, trends(course.visits))
    story += [para("Summary", "h1", sheet), para(paragraph, "body", sheet)]
    story += holds_part(course, data, width, sheet)  # its figure fits under the summary
    story += course_stage_part(course.visits, data.tolerances, data.stages, data.goal_km, sheet)
    if data.photos:  # asked for when printing (off by default)
        from reports.photos import photo_pairs_part

        story += photo_pairs_part(data.photos, PHOTOS_HEADING, PHOTOS_INTRO, width, sheet,
                                  max_height=width * 0.62)  # fmt: skip
    story += intervals_part(course.course, width, sheet)
    story += symptoms_part(course, width, sheet)
    story += plan_part(data, course, width, sheet)
    setup = page.PageSetup(
        f"{TITLE}: {data.patient.name}",
        data.clinic.practitioner or data.clinic.name,
        f"Course of care, {day_long(first)} to {day_long(last)}",
        data.patient.running_header,
        data.clinic.name,
        paper,
        heading=TITLE,
    )
    return page.Document(story, setup)
