"""The visit summary: the SOAP note with its readings, hypothesis, plan, outcome scores,
addenda and signature; an unsigned draft is watermarked DRAFT on every page.

Each SOAP part holds what was recorded for it: Objective the pelvic readings, Assessment the
pelvic pattern and the muscle-imbalance hypothesis, Plan the exercises and the next visit.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Paragraph

from charting.figures.words import describe_position
from charting.muscles import finding_line
from charting.outcomes import measure_name
from charting.patterns import describe_pattern, pattern_key
from charting.readings import Dimension, Phase
from charting.vocabulary import (
    DEVICE_TERMS,
    DIMENSION_TERMS,
    PHASE_TERMS,
    SIGNS,
    TILT_SIGN,
    VISIT_KIND_TERMS,
    VISIT_STATE_TERMS,
    complaint_label,
)
from models.records import VisitRecord
from models.services.holds import visit_readings
from reports import page, styles
from reports.data import VisitSummaryData
from reports.parts import gap, grid, label_table, letterhead, para, plan_table, text
from reports.photo_lines import photo_lines
from reports.signature import signature_part
from reports.words import (
    DASH,
    day_long,
    dimension_cell,
    moment,
    score_text,
    weekday_long,
)

Sheet = dict[str, styles.ParagraphStyle]
TITLE = "Visit summary"
DRAFT = VISIT_STATE_TERMS["draft"].label.upper()  # the status line and the watermark
UNSIGNED = (
    f"Not signed. This is a {DRAFT} and may still change; it is not part of the record until "
    "it is signed."
)
BEFORE = PHASE_TERMS[Phase.PRE].plain


def note_part(heading: str, written: str, rest: list[Flowable], sheet: Sheet) -> list[Flowable]:
    """One SOAP part: what was written in the note, then what was recorded for it; a dash
    only when there is neither."""
    parts: list[Flowable] = [para(heading, "h1", sheet)]
    if written.strip():
        parts.append(para(written, "body", sheet))
    elif not rest:
        parts.append(para(DASH, "body", sheet))
    return parts + rest


def readings_part(visit: VisitRecord, width: float, sheet: Sheet) -> list[Flowable]:
    draft = visit.draft
    parts: list[Flowable] = [para("Pelvic position", "h2", sheet)]
    if not draft.readings:
        return [*parts, para("No readings recorded.", "body", sheet), *photos_part(visit, sheet)]
    header = (
        "Reading",
        "Device, examiner",
        "Left tilt",
        "Right tilt",
        *(DIMENSION_TERMS[dimension].label for dimension in Dimension),
    )
    rows = []
    for reading in draft.readings:
        setup = DEVICE_TERMS[reading.device].short
        setup += f", {reading.rater}" if reading.rater else ""
        tilts = [
            f"{v:.1f}°" if v is not None else DASH
            for v in (reading.left_tilt_deg, reading.right_tilt_deg)
        ]
        cells = [dimension_cell(reading, d) for d in Dimension]
        rows.append((PHASE_TERMS[reading.phase].label, setup, *tilts, *cells))
    share = (0.17, 0.19, 0.11, 0.11, 0.15, 0.13, 0.14)
    parts.append(grid(header, rows, [width * s for s in share], sheet))
    signs = [f"tilt {TILT_SIGN}"]
    signs += [f"{DIMENSION_TERMS[d].label.lower()} {SIGNS[d]}" for d in Dimension]
    parts.append(para(f"Signs: {'; '.join(signs)}.", "small", sheet))
    for reading in draft.readings:
        words = f"{PHASE_TERMS[reading.phase].label}: {describe_position(reading)}."
        parts.append(para(words, "body", sheet))
    parts += photos_part(visit, sheet)
    if draft.correction:
        parts.append(Paragraph(f"<b>Correction:</b> {text(draft.correction)}", sheet["body"]))
    return parts


def photos_part(visit: VisitRecord, sheet: Sheet) -> list[Flowable]:
    """One line per photo of the visit, with the angle its landmarks give."""
    if not visit.photos:
        return []
    lines = "<br/>".join(text(line) for line in photo_lines(visit.photos))
    return [Paragraph(f"<b>Photos:</b><br/>{lines}", sheet["body"])]


def pattern_line(data: VisitSummaryData, sheet: Sheet) -> Paragraph:
    """The pelvic pattern of the reading before correction, the key of the pattern library."""
    pre = visit_readings(data.visit).pre
    if pre is None:
        words = f"no reading {BEFORE} to name it from"
    else:
        words = f"{describe_pattern(pattern_key(pre, data.tolerances))} ({BEFORE})"
    return Paragraph(f"<b>Pattern:</b> {text(words)}", sheet["body"])


def hypothesis_part(data: VisitSummaryData, width: float, sheet: Sheet) -> list[Flowable]:
    draft = data.visit.draft
    parts: list[Flowable] = [pattern_line(data, sheet)]
    parts.append(para("Muscle-imbalance hypothesis", "h2", sheet))
    if draft.findings:
        rows = [(finding_line(f.muscle, f.side, f.state), f.evidence) for f in draft.findings]
        parts.append(grid(("Finding", "Evidence"), rows, (width * 0.5, width * 0.5), sheet))
    if draft.reasoning:
        parts += [gap(2), Paragraph(f"<b>Reasoning:</b> {text(draft.reasoning)}", sheet["body"])]
    if not draft.findings and not draft.reasoning:
        parts.append(para("No hypothesis recorded.", "body", sheet))
    return parts


def plan_part(data: VisitSummaryData, width: float, sheet: Sheet) -> list[Flowable]:
    draft = data.visit.draft
    parts: list[Flowable] = [para("Exercise plan", "h2", sheet)]
    names = dict(data.exercise_names)
    parts.append(
        plan_table(draft.plan, names, width, sheet)
        if draft.plan
        else para(draft.no_plan_reason or "No exercises set.", "body", sheet)
    )
    if draft.next_visit_date:
        parts += [gap(2), para(f"Next visit: {weekday_long(draft.next_visit_date)}", "body", sheet)]
    return parts


def outcomes_part(data: VisitSummaryData, width: float, sheet: Sheet) -> list[Flowable]:
    draft = data.visit.draft
    parts: list[Flowable] = [para("Symptoms and outcome scores", "h1", sheet)]
    pain = list(data.pain_notes) + [""] * len(draft.complaints)
    rows = [
        (complaint_label(c.region, c.side), score_text("nprs", c.pain), note)
        for c, note in zip(draft.complaints, pain, strict=False)
    ]
    notes = list(data.outcome_notes) + [""] * len(draft.outcomes)
    rows += [
        (measure_name(o.measure), score_text(o.measure, o.score), note)
        for o, note in zip(draft.outcomes, notes, strict=False)
    ]
    if draft.running_km_per_week is not None:
        rows.append(("Running volume", f"{draft.running_km_per_week:g} km/week", ""))
    if draft.adherence_pct is not None:
        rows.append(("Home programme done", f"{draft.adherence_pct}%", "as the patient reports"))
    if not rows:
        return [*parts, para("None recorded.", "body", sheet)]
    widths = (width * 0.28, width * 0.17, width * 0.55)
    return [*parts, grid(("Measure", "Score", "Change since first scored"), rows, widths, sheet)]


def addenda_part(visit: VisitRecord, sheet: Sheet) -> list[Flowable]:
    if not visit.addenda:
        return []
    parts: list[Flowable] = [para("Addenda", "h1", sheet)]
    for addendum in sorted(visit.addenda, key=lambda a: a.created_at):
        heading = f"{moment(addendum.created_at)}, by {addendum.author}"
        parts.append(
            KeepTogether(
                [
                    para(heading, "h2", sheet),
                    Paragraph(f"<b>Reason:</b> {text(addendum.reason)}", sheet["body"]),
                    para(addendum.text, "body", sheet),
                ]
            )
        )
    return parts


def build_visit_summary(data: VisitSummaryData, paper: str = "A4") -> bytes:
    """The visit summary as PDF bytes; drafts carry a DRAFT watermark."""
    return page.render(*visit_summary_document(data, paper))


def visit_summary_document(data: VisitSummaryData, paper: str = "A4") -> page.Document:
    """The visit summary's flowables and page, before layout."""
    sheet = styles.styles(10.0)
    width = page.frame_width(paper)
    visit, draft = data.visit, data.visit.draft
    status = VISIT_STATE_TERMS["signed"].label if visit.signed else f"{DRAFT}, not signed"
    kind = VISIT_KIND_TERMS[draft.kind].label
    lines = [f"{kind}, {weekday_long(draft.visit_date)}", status]
    story = letterhead(data.clinic, TITLE, lines, width, sheet)
    story.append(
        label_table(
            [
                ("Patient", data.patient.name),
                ("Chart number", data.patient.chart_number),
                (
                    "Date of birth",
                    day_long(data.patient.date_of_birth) if data.patient.date_of_birth else DASH,
                ),
                ("Running", data.patient.running_profile),
            ],
            width,
            sheet,
            label_share=0.22,
        )
    )
    note = draft.note
    story += note_part("Subjective", note.subjective, [], sheet)
    story += note_part("Objective", note.objective, readings_part(visit, width, sheet), sheet)
    story += note_part("Assessment", note.assessment, hypothesis_part(data, width, sheet), sheet)
    story += note_part("Plan", note.plan, plan_part(data, width, sheet), sheet)
    signature = signature_part(visit, width, sheet, UNSIGNED)
    story += [*outcomes_part(data, width, sheet), gap(3), signature]
    story += addenda_part(visit, sheet)  # after the signature: the signed note stays as it was
    setup = page.PageSetup(
        f"{TITLE}: {data.patient.name}, {day_long(draft.visit_date)}",
        visit.signed_by or data.clinic.practitioner or data.clinic.name,
        f"{TITLE}, {day_long(draft.visit_date)}",
        data.patient.running_header,
        data.clinic.name,
        paper,
        watermark="" if visit.signed else DRAFT,
        heading=TITLE,
    )
    return page.Document(story, setup)
