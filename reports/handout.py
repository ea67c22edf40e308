"""The patient handout: a home exercise programme a runner can follow at home.

Large type (11 pt body, larger headings), black-and-white friendly. The first page shows the
pelvis today and, when it fits there, the 4-week tracker (the page that is used every day);
then the exercises follow, two or three to a page, each whole on its page.
"""

from __future__ import annotations

from datetime import timedelta

from reportlab.platypus import Flowable, KeepTogether

from charting.figures.pelvis import pelvis_figure
from charting.figures.words import describe_position
from charting.readings import Reading
from reports import page, styles
from reports.data import HandoutData
from reports.exercise_block import TALL, exercise_block
from reports.figure import figure_flowable
from reports.parts import gap, label_table, letterhead, para
from reports.tracker import tracker
from reports.words import day_long, weekday_long

BODY_SIZE = 11.0
TITLE = "Home exercise programme"
# Full width, so the diagram's own labels stay readable; flatter than the figure's own size,
# which leaves room above the pelvis for the editor's title (none on the handout).
PELVIS_INCHES = (9.0, 4.0)
PHOTOS_HEADING = "Your photos today"
PHOTOS_INTRO = (
    "Taken before and after today's treatment. The circles mark the bony points we measure "
    "from; the line between them shows the angle written on each photo."
)
PHOTOS_MAX_HEIGHT = 300  # points: a pair and its words fit under the pelvis on page 1 or 2


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


def build_handout(data: HandoutData, paper: str = "A4") -> bytes:
    """The home exercise programme as PDF bytes."""
    return page.render(*handout_document(data, paper))


def handout_document(data: HandoutData, paper: str = "A4") -> page.Document:
    """The handout's flowables and page, before layout."""
    sheet = styles.styles(BODY_SIZE)
    width = page.frame_width(paper)
    setup = page.PageSetup(
        f"{TITLE} for {data.patient.name}",
        data.clinic.practitioner or data.clinic.name,
        f"{TITLE}, {day_long(data.visit_date)}",
        data.patient.running_header,
        data.clinic.name,
        paper,
        heading=TITLE,
    )
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
        diagram.set_size_inches(*PELVIS_INCHES)
        story += [figure_flowable(diagram, width), gap(2)]
    story.append(para(position_sentence(data), "body", sheet))
    if data.course_words:  # asked for in Preferences (off by default)
        story.append(para(data.course_words, "body", sheet))
    if data.photos:  # asked for when printing (off by default): reportlab-free otherwise
        from reports.photos import photo_pairs_part

        story += photo_pairs_part(data.photos, PHOTOS_HEADING, PHOTOS_INTRO, width, sheet,
                                  max_height=PHOTOS_MAX_HEIGHT)  # fmt: skip
    contact = _contact(data, width, sheet)  # on the first page, where it is seen first
    heading = para("Your exercises", "h1", sheet)
    if not data.exercises:
        reason = data.no_plan_reason or "No home exercises were set at this visit."
        return page.Document([*story, *contact, heading, para(reason, "body", sheet)], setup)
    start = data.visit_date + timedelta(days=1)
    chart = [
        para("Your 4-week tracker", "h1", sheet),
        para("Tick one box each time you do the exercise.", "body", sheet),
        tracker(data.exercises, start, width, sheet),
    ]
    # The tracker goes on the first page when it fits there, rather than leave half of it
    # blank; otherwise it closes the handout.
    first_page = _height([*story, *contact, *chart], width) <= page.frame_height(paper)
    story += [KeepTogether(contact)] if contact else []
    story += [KeepTogether(chart)] if first_page else []
    intro = (
        f"Do these {len(data.exercises)} exercises as shown below. Move slowly and "
        "stop if anything hurts more than a mild stretch; tell us at your next visit."
    )
    lead = [heading, para(intro, "body", sheet)]
    for number, exercise in enumerate(data.exercises, start=1):
        story.append(exercise_block(number, exercise, width, sheet, lead))
        lead = []
    story += [] if first_page else [KeepTogether(chart)]
    return page.Document(story, setup)


def _height(flowables: list[Flowable], width: float) -> float:
    """The height of flowables stacked in a column `width` wide, spacing included."""
    return sum(f.wrap(width, TALL)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)


def _contact(
    data: HandoutData, width: float, sheet: dict[str, styles.ParagraphStyle]
) -> list[Flowable]:
    """Who to ask and when to come back; nothing when none of it is known."""
    rows = []
    if data.clinic.practitioner:
        rows.append(("Your practitioner", data.clinic.practitioner))
    if data.next_visit:
        rows.append(("Next visit", weekday_long(data.next_visit)))
    if data.clinic.phone:
        rows.append(("Questions?", f"Call {data.clinic.phone}"))
    return [gap(4), label_table(rows, width * 0.75, sheet)] if rows else []
