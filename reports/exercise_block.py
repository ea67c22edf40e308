"""One exercise on the handout: its name, dosage, picture, why, steps and cautions.

Each block is kept whole on one page and takes about a third of it, so two or three share a
page: the two columns are split where they come out shortest for that exercise.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Paragraph, Table

from reports import styles
from reports.data import HandoutExercise
from reports.illustration import illustration_drawing
from reports.parts import gap, para, text
from reports.words import amount, how_often, side_words

PICTURE_SHARES = (0.36, 0.40, 0.44)  # widths tried for the picture column
GUTTER = 12.0  # points between the columns
TALL = 10_000.0  # points: room enough to measure a block's natural height
Sheet = dict[str, styles.ParagraphStyle]


def exercise_block(
    number: int,
    exercise: HandoutExercise,
    width: float,
    sheet: Sheet,
    lead: Sequence[Flowable] = (),
) -> KeepTogether:
    """The name, one line of dosage, then the picture, why, the numbered steps and the
    cautions in two columns. Kept whole on one page, with `lead` (the section heading)
    before the first."""
    entry = exercise.plan
    dosage = (
        f"<b>{text(amount(entry))}</b> · {text(how_often(entry))} · "
        f"{text(side_words(entry, exercise.per_side))}"
    )
    rule = HRFlowable(width="100%", thickness=0.5, color=styles.RULE, spaceBefore=5, spaceAfter=4)
    name = para(f"{number}. {exercise.name}", "exercise", sheet)
    columns = _shortest_columns(exercise, width, sheet)
    return KeepTogether([*lead, name, Paragraph(dosage, sheet["dosage"]), columns, rule])


def _shortest_columns(exercise: HandoutExercise, width: float, sheet: Sheet) -> Table:
    """The two columns, split where they come out shortest.

    Exercises differ in how much they say, so one fixed split leaves a tall gap beside the
    shorter column; trying a few picture widths, with the cautions under the picture or
    under the steps, keeps each exercise near a third of a page. The split found is kept
    for the process (laying out six tables to measure them was most of a handout's time,
    and the same exercises are handed out again and again).
    """
    key = (exercise, width, _sheet_key(sheet))
    split = _splits.get(key)
    if split is None:
        best: tuple[float, tuple[float, bool], Table] | None = None
        for share in PICTURE_SHARES:
            for cautions_left in (True, False):
                table = _columns(exercise, width, share, cautions_left, sheet)
                height = table.wrap(width, TALL)[1]
                if best is None or height < best[0]:
                    best = (height, (share, cautions_left), table)
        assert best is not None
        if len(_splits) < MAX_SPLITS_KEPT:
            _splits[key] = best[1]
        return best[2]
    return _columns(exercise, width, *split, sheet)


MAX_SPLITS_KEPT = 512  # (exercise as worded, width, type sizes) -> (picture share, cautions left)
_splits: dict[tuple[object, ...], tuple[float, bool]] = {}


SIZING = ("fontName", "fontSize", "leading", "spaceBefore", "spaceAfter", "leftIndent",
          "rightIndent", "firstLineIndent", "bulletIndent", "bulletFontSize")  # fmt: skip


def _sheet_key(sheet: Sheet) -> tuple[tuple[object, ...], ...]:
    """What of the styles decides a block's height: each style's fonts, sizes and indents."""
    return tuple(
        (name, *(getattr(style, attribute, None) for attribute in SIZING))
        for name, style in sorted(sheet.items())
    )


def _columns(
    exercise: HandoutExercise,
    width: float,
    share: float,
    cautions_left: bool,
    sheet: Sheet,
) -> Table:
    """Picture on the left; why, the steps and the practitioner's note on the right; the
    cautions under the picture (`cautions_left`) or under the steps, with why on the left."""
    left_width, right_width = width * share - GUTTER, width * (1 - share)
    left: list[Flowable] = []
    if exercise.illustration:
        left += [illustration_drawing(exercise.illustration, left_width), gap(2)]
    why = Paragraph(f"<b>Why:</b> {text(exercise.purpose)}", sheet["body"])
    steps = [
        Paragraph(text(step), sheet["step"], bulletText=f"{n}.")
        for n, step in enumerate(exercise.steps, start=1)
    ]
    if exercise.plan.notes:
        note = f"<b>Note from your practitioner:</b> {text(exercise.plan.notes)}"
        steps += [gap(1), Paragraph(note, sheet["body"])]
    if cautions_left:
        left.append(_care_box(exercise.cautions, left_width, sheet))
        right = [why, *steps]
    else:
        left.append(why)
        right = [*steps, gap(2), _care_box(exercise.cautions, right_width, sheet)]
    table = Table([[left, right]], colWidths=[width * share, right_width])
    table.setStyle(styles.layout_style([("RIGHTPADDING", (0, 0), (0, 0), GUTTER)]))
    return table


def _care_box(cautions: Sequence[str], width: float, sheet: Sheet) -> Table:
    """The cautions on a light shade, so they stand out in black and white too."""
    care: list[Flowable] = [para("Take care", "care_head", sheet)]
    care += [Paragraph(text(c), sheet["caution"], bulletText="!") for c in cautions]
    box = Table([[care]], colWidths=[width])
    padding = [(side, (0, 0), (0, 0), 6) for side in ("LEFTPADDING", "RIGHTPADDING")]
    padding += [("TOPPADDING", (0, 0), (0, 0), 4), ("BOTTOMPADDING", (0, 0), (0, 0), 4)]
    box.setStyle(styles.layout_style([("BACKGROUND", (0, 0), (0, 0), styles.SHADE), *padding]))
    return box
