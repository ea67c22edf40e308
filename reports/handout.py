"""The patient handout: a home exercise programme a runner can follow at home.

Large type (12.5 pt body), black-and-white friendly, each exercise kept on one page.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Paragraph, Table

from charting.figures.pelvis import pelvis_figure
from charting.figures.words import describe_position
from charting.readings import Reading
from reports import page, styles
from reports.data import HandoutData, HandoutExercise
from reports.figure import figure_flowable
from reports.illustration import illustration_drawing
from reports.parts import gap, label_table, letterhead, para, text
from reports.tracker import tracker
from reports.words import amount, day_long, how_often, side_words, weekday_long

BODY_SIZE = 12.0
TITLE = "Home exercise programme"
LEFT_SHARE, GUTTER = 0.44, 12.0  # picture column share of the width; points between columns
PELVIS_HEIGHT = 290  # points: full width, so the diagram's own labels stay readable


def position_sentence(data: HandoutData) -> str:
    """One plain sentence: where the pelvis was before today's correction and after it."""

    def words(reading: Reading | None) -> str:
        return describe_position(reading, data.tolerances)

    if data.pre is None and data.post is None:
        return "Your pelvis was not measured today."
    if data.post is None:
        return f"Today, before treatment: {words(data.pre)}."
    if data.pre is None:
        return f"After today's correction: {words(data.post)}."
    return (
        f"Before today's treatment: {words(data.pre)}. After it: "
        f"{words(data.post)}. The exercises below help your pelvis stay where "
        "the treatment put it."
    )


def exercise_block(
    number: int,
    exercise: HandoutExercise,
    width: float,
    sheet: dict[str, styles.ParagraphStyle],
    lead: Sequence[Flowable] = (),
) -> KeepTogether:
    """Two balanced columns under the name: picture, dosage and cautions on the left; why
    and the numbered steps on the right. `lead` (the section heading) stays on its page."""
    entry = exercise.plan
    dosage = [
        ("How much", amount(entry)),
        ("How often", how_often(entry)),
        ("Side", side_words(entry, exercise.per_side)),
    ]
    left_width = width * LEFT_SHARE - GUTTER
    left: list[Flowable] = []
    if exercise.illustration:
        left += [illustration_drawing(exercise.illustration, left_width), gap(2)]
    left += [label_table(dosage, left_width, sheet, label_share=0.38, padding=2), gap(3)]
    left.append(_care_box(exercise.cautions, left_width, sheet))
    right: list[Flowable] = [Paragraph(f"<b>Why:</b> {text(exercise.purpose)}", sheet["body"])]
    right.append(para("How to do it", "h2", sheet))
    right += [
        Paragraph(text(step), sheet["step"], bulletText=f"{n}.")
        for n, step in enumerate(exercise.steps, start=1)
    ]
    if entry.notes:
        note = f"<b>Note from your practitioner:</b> {text(entry.notes)}"
        right += [gap(1), Paragraph(note, sheet["body"])]
    columns = Table([[left, right]], colWidths=[width * LEFT_SHARE, width * (1 - LEFT_SHARE)])
    columns.setStyle(styles.layout_style([("RIGHTPADDING", (0, 0), (0, 0), GUTTER)]))
    rule = HRFlowable(width="100%", thickness=0.5, color=styles.RULE, spaceBefore=6, spaceAfter=2)
    return KeepTogether(
        [*lead, para(f"{number}. {exercise.name}", "exercise", sheet), columns, rule]
    )


def _care_box(
    cautions: Sequence[str], width: float, sheet: dict[str, styles.ParagraphStyle]
) -> Table:
    """The cautions on a light shade, so they stand out in black and white too."""
    care: list[Flowable] = [para("Take care", "column_head", sheet)]
    care += [Paragraph(text(c), sheet["caution"], bulletText="!") for c in cautions]
    box = Table([[care]], colWidths=[width])
    padding = [(side, (0, 0), (0, 0), 7) for side in ("LEFTPADDING", "RIGHTPADDING")]
    padding += [("TOPPADDING", (0, 0), (0, 0), 5), ("BOTTOMPADDING", (0, 0), (0, 0), 5)]
    box.setStyle(styles.layout_style([("BACKGROUND", (0, 0), (0, 0), styles.SHADE), *padding]))
    return box


def build_handout(data: HandoutData, paper: str = "A4") -> bytes:
    """The home exercise programme as PDF bytes."""
    return page.render(*handout_document(data, paper))


def handout_document(data: HandoutData, paper: str = "A4") -> page.Document:
    """The handout's flowables and page, before layout."""
    sheet = styles.styles(BODY_SIZE)
    width = page.frame_width(paper)
    by = f" by {data.clinic.practitioner}" if data.clinic.practitioner else ""
    story: list[Flowable] = letterhead(
        data.clinic,
        TITLE,
        [f"For {data.patient.name}", f"{day_long(data.visit_date)}{by}"],
        width,
        sheet,
    )
    story.append(para("Your pelvis today", "h1", sheet))
    if data.pre is not None or data.post is not None:
        diagram = pelvis_figure(data.pre, data.post, title="", within_error=data.tolerances)
        story += [figure_flowable(diagram, width, max_height=PELVIS_HEIGHT), gap(2)]
    story.append(para(position_sentence(data), "body", sheet))
    story += _contact(data, width, sheet)  # on the first page, where it is seen first
    heading = para("Your exercises", "h1", sheet)
    if data.exercises:
        intro = (
            f"Do these {len(data.exercises)} exercises as shown below. Move slowly and "
            "stop if anything hurts more than a mild stretch; tell us at your next visit."
        )
        lead = [heading, para(intro, "body", sheet)]
        for number, exercise in enumerate(data.exercises, start=1):
            story.append(exercise_block(number, exercise, width, sheet, lead))
            lead = []
    else:
        reason = data.no_plan_reason or "No home exercises were set at this visit."
        story += [heading, para(reason, "body", sheet)]
    if data.exercises:
        start = data.visit_date + timedelta(days=1)
        story.append(
            KeepTogether(
                [
                    para("Your 4-week tracker", "h1", sheet),
                    para("Tick one box each time you do the exercise.", "body", sheet),
                    tracker(data.exercises, start, width, sheet),
                ]
            )
        )
    setup = page.PageSetup(
        f"{TITLE} for {data.patient.name}",
        data.clinic.practitioner or data.clinic.name,
        f"{TITLE}, {day_long(data.visit_date)}",
        data.patient.running_header,
        data.clinic.name,
        paper,
        heading=TITLE,
    )
    return page.Document(story, setup)


def _contact(data: HandoutData, width: float, sheet: dict[str, styles.ParagraphStyle]) -> list:
    """Who to ask and when to come back; nothing when none of it is known."""
    rows = []
    if data.clinic.practitioner:
        rows.append(("Your practitioner", data.clinic.practitioner))
    if data.next_visit:
        rows.append(("Next visit", weekday_long(data.next_visit)))
    if data.clinic.phone:
        rows.append(("Questions?", f"Call {data.clinic.phone}"))
    return [KeepTogether([gap(4), label_table(rows, width * 0.75, sheet)])] if rows else []
