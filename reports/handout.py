"""The patient handout: a home exercise programme a runner can follow at home.

Large type (12.5 pt body), black-and-white friendly, each exercise kept on one page.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Paragraph, Table

from charting.figures.pelvis import pelvis_figure
from charting.figures.words import describe_position
from reports import page, styles
from reports.data import HandoutData, HandoutExercise
from reports.figure import figure_flowable
from reports.illustration import illustration_drawing
from reports.parts import gap, label_table, letterhead, para, text
from reports.tracker import tracker
from reports.words import amount, day_long, how_often, side_words, weekday_long

BODY_SIZE = 12.0
TITLE = "Home exercise programme"
PELVIS_HEIGHT = 290  # points: full width, so the diagram's own labels stay readable


def position_sentence(data: HandoutData) -> str:
    """One plain sentence: where the pelvis was before today's correction and after it."""
    if data.pre is None and data.post is None:
        return "Your pelvis was not measured today."
    if data.post is None:
        return f"Today, before treatment: {describe_position(data.pre)}."
    if data.pre is None:
        return f"After today's correction: {describe_position(data.post)}."
    return (
        f"Before today's treatment: {describe_position(data.pre)}. After it: "
        f"{describe_position(data.post)}. The exercises below help your pelvis stay where "
        "the treatment put it."
    )


def exercise_block(
    number: int,
    exercise: HandoutExercise,
    width: float,
    sheet: dict[str, styles.ParagraphStyle],
    lead: Sequence[Flowable] = (),
) -> KeepTogether:
    """Heading; picture beside the dosage; purpose; numbered steps beside the cautions.

    `lead` (the section heading, before the first exercise) is kept on the same page.
    """
    entry = exercise.plan
    dosage = [
        ("How much", amount(entry)),
        ("How often", how_often(entry)),
        ("Side", side_words(entry, exercise.per_side)),
    ]
    parts: list[Flowable] = [*lead, para(f"{number}. {exercise.name}", "exercise", sheet)]
    if exercise.illustration:
        picture = illustration_drawing(exercise.illustration, width * 0.46)
        dosage_table = label_table(dosage, width * 0.45, sheet, label_share=0.36)
        parts.append(_columns([picture], [dosage_table], width, 0.5))
    else:
        parts.append(label_table(dosage, width * 0.7, sheet, label_share=0.3))
    parts += [gap(1.5), Paragraph(f"<b>Why:</b> {text(exercise.purpose)}", sheet["body"])]
    steps: list[Flowable] = [para("How to do it", "column_head", sheet)]
    steps += [
        Paragraph(text(step), sheet["step"], bulletText=f"{n}.")
        for n, step in enumerate(exercise.steps, start=1)
    ]
    care: list[Flowable] = [para("Take care", "column_head", sheet)]
    care += [Paragraph(text(c), sheet["caution"], bulletText="!") for c in exercise.cautions]
    parts.append(_columns(steps, care, width, 0.62, shade_right=True))
    if entry.notes:
        parts.append(
            Paragraph(f"<b>Note from your practitioner:</b> {text(entry.notes)}", sheet["body"])
        )
    parts.append(
        HRFlowable(width="100%", thickness=0.5, color=styles.RULE, spaceBefore=6, spaceAfter=4)
    )
    return KeepTogether(parts)


def _columns(
    left: list[Flowable],
    right: list[Flowable],
    width: float,
    share: float,
    shade_right: bool = False,
) -> Table:
    table = Table([[left, right]], colWidths=[width * share, width * (1 - share)])
    commands: list[tuple[object, ...]] = [("RIGHTPADDING", (0, 0), (0, 0), 8)]
    if shade_right:
        commands += [
            ("BACKGROUND", (1, 0), (1, 0), styles.SHADE),
            ("LEFTPADDING", (1, 0), (1, 0), 8),
            ("RIGHTPADDING", (1, 0), (1, 0), 8),
            ("TOPPADDING", (1, 0), (1, 0), 4),
            ("BOTTOMPADDING", (1, 0), (1, 0), 6),
        ]
    table.setStyle(styles.layout_style(commands))
    return table


def build_handout(data: HandoutData, paper: str = "A4") -> bytes:
    """The home exercise programme as PDF bytes."""
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
        diagram = pelvis_figure(data.pre, data.post, title="")
        story += [figure_flowable(diagram, width, max_height=PELVIS_HEIGHT), gap(2)]
    story.append(para(position_sentence(data), "body", sheet))
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
    story += _closing(data, width, sheet)
    setup = page.PageSetup(
        f"{TITLE} for {data.patient.name}",
        data.clinic.practitioner or data.clinic.name,
        f"{TITLE}, {day_long(data.visit_date)}",
        data.patient.running_header,
        data.clinic.name,
        paper,
        heading=TITLE,
    )
    return page.render(story, setup)


def _closing(data: HandoutData, width: float, sheet: dict[str, styles.ParagraphStyle]) -> list:
    """Who to ask and when to come back; nothing when none of it is known."""
    rows = []
    if data.clinic.practitioner:
        rows.append(("Your practitioner", data.clinic.practitioner))
    if data.next_visit:
        rows.append(("Next visit", weekday_long(data.next_visit)))
    if data.clinic.phone:
        rows.append(("Questions?", f"Call {data.clinic.phone}"))
    return [KeepTogether([gap(6), label_table(rows, width * 0.8, sheet)])] if rows else []
