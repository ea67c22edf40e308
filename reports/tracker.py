"""The 4-week tick-box tracker: one row per exercise, one box per session each week."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.platypus import Paragraph, Table

from charting.figures.words import short_day
from reports import styles
from reports.data import HandoutExercise
from reports.parts import text

WEEKS = 4
BOX, GAP, PER_ROW = 9.0, 2.5, 7  # points; a row of seven is a week of daily sessions
PADDING = 3.0  # points around each cell's content
# A week's column is as wide as a row of seven boxes; the exercise names get the rest.
WEEK_WIDTH = PER_ROW * (BOX + GAP) + 2 * styles.CELL_SIDE_PADDING


def boxes(times: int) -> Drawing:
    """`times` empty tick boxes, seven to a row, drawn (not glyphs) so they print crisply."""
    rows = (times + PER_ROW - 1) // PER_ROW
    drawing = styles.drawing(PER_ROW * (BOX + GAP), rows * (BOX + GAP) + 1)
    for n in range(times):
        row, column = divmod(n, PER_ROW)
        y = (rows - 1 - row) * (BOX + GAP) + 1
        drawing.add(
            Rect(
                column * (BOX + GAP),
                y,
                BOX,
                BOX,
                fillColor=None,
                strokeColor=styles.INK,
                strokeWidth=0.8,
            )
        )
    return drawing


def tracker(
    exercises: Sequence[HandoutExercise],
    start: date,
    width: float,
    sheet: dict[str, styles.ParagraphStyle],
) -> Table:
    """Weeks across, exercises down; each cell holds that week's sessions as boxes.

    The year is left out of the week dates: the handout's date gives it, and a third line in
    every header cell made the tracker too tall to share the first page.
    """
    header = [Paragraph("<b>Exercise</b>", sheet["cell"])]
    for week in range(WEEKS):
        first = start + timedelta(days=7 * week)
        label = f"<b>Week {week + 1}</b><br/>from {short_day(first)}"
        header.append(Paragraph(label, sheet["cell"]))
    rows: list[list[Paragraph | Drawing]] = [header]
    for number, exercise in enumerate(exercises, start=1):
        times = f"{exercise.plan.per_week}× a week"
        name = f"{number}. {text(exercise.name)} <font size='9'>({times})</font>"
        cells: list[Paragraph | Drawing] = [Paragraph(name, sheet["cell"])]
        cells += [boxes(exercise.plan.per_week) for _ in range(WEEKS)]
        rows.append(cells)
    first_column = width - WEEKS * WEEK_WIDTH
    table = Table(rows, colWidths=[first_column] + [WEEK_WIDTH] * WEEKS, repeatRows=1)
    grid_lines = [
        ("GRID", (0, 0), (-1, -1), 0.5, styles.RULE),
        ("VALIGN", (1, 1), (-1, -1), "MIDDLE"),
    ]
    table.setStyle(styles.table_style(extra=grid_lines, padding=PADDING))
    return table
