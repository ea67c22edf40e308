"""A front-view pelvis diagram of one visit, before and after the correction.

Front view, as the practitioner faces the patient: the patient's right is on the left of the
picture. Angles are drawn 3 times larger than recorded so that a few degrees can be seen;
the words under each panel give the recorded values. Readings recorded in words only are
drawn with a nominal angle and say "not measured" (in the patient's words on a handout).
"""

from __future__ import annotations

import math

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Polygon
from matplotlib.transforms import ScaledTranslation, Transform

from charting.figures import style
from charting.figures.fitted import FittedLayout
from charting.figures.words import describe_position
from charting.readings import CATEGORIES, Device, Dimension, Phase, Reading
from charting.tolerances import Tolerances
from charting.vocabulary import DEVICE_TERMS, PHASE_TERMS

__all__ = ["describe_position", "pelvis_figure", "pelvis_outline"]

EXAGGERATION = 3.0
NOMINAL_DEG = 4.0  # how far a category recorded in words is drawn
IN_WORDS_NOTE = "(recorded in words: drawn, not measured)"
# For the patient, how a position recorded in words was found: a palpation reading was felt
# by hand; beside any other device (a photo, the PALM's tilt) the position was judged by eye.
BY_EYE = "judged by eye"
IN_WORDS_NOTE_FOR_PATIENT = "({how}, not measured: the drawing shows the direction only)"
HIP_Y = 0.05  # height of the hip joints: the axis each innominate tilts about
# The patient's left innominate as (x, y, z) points; z > 0 is toward the viewer: iliac crest
# from the sacroiliac joint to the ASIS, down past the hip socket to the ischium, along the
# pubic rami to the symphysis and back up the pelvic brim. Mirrored for the right side.
INNOMINATE = (
    (0.35, 0.95, -0.60), (0.55, 1.15, -0.40), (0.85, 1.25, -0.10), (1.15, 1.20, 0.20),
    (1.35, 1.00, 0.50), (1.42, 0.72, 0.90), (1.30, 0.55, 0.80), (1.28, 0.35, 0.60),
    (1.25, 0.10, 0.40), (1.15, -0.15, 0.20), (0.95, -0.55, -0.10), (0.75, -0.65, 0.10),
    (0.45, -0.55, 0.50), (0.08, -0.45, 0.90), (0.08, -0.20, 0.90), (0.40, -0.12, 0.80),
    (0.70, 0.05, 0.50), (0.55, 0.30, 0.30), (0.38, 0.55, 0.00), (0.33, 0.75, -0.60),
)  # fmt: skip
ASIS = 5  # index of the anterior superior iliac spine in INNOMINATE
FORAMEN = ((0.50, -0.25, 0.6), (0.82, -0.20, 0.4), (0.88, -0.45, 0.1), (0.58, -0.45, 0.5))
SACRUM = ((-0.34, 0.92, -0.7), (0.34, 0.92, -0.7), (0.10, -0.05, -0.6), (-0.10, -0.05, -0.6))
HIP = (1.05, -0.02, 0.3)
BOTTOM_Y = -1.0  # under the lowest bone drawn: -0.94 at 20° asymmetry, 15° turn, 8° obliquity
SIDE_X = 0.1  # side labels under each hip, in axes fraction
WIDTH_IN, HEIGHT_IN = 9.0, 5.2  # the handout's size; the editor draws it smaller
# Point sizes by drawn width in inches (narrowest first). At 100 dpi the editor's narrowest
# pane, 360 px, is 3.6 in; nothing is below 8 pt.
TEXT_SIZES = (
    (4.8, {"title": 10, "panel": 9, "description": 8, "note": 8, "side": 8, "message": 10}),
    (6.6, {"title": 12, "panel": 10, "description": 9, "note": 8, "side": 8, "message": 11}),
    (math.inf, {"title": style.TITLE_SIZE, "panel": style.LABEL_SIZE + 1,
                "description": style.LABEL_SIZE, "note": style.NOTE_SIZE,
                "side": style.NOTE_SIZE, "message": style.MESSAGE_SIZE}),
)  # fmt: skip
# Two lines of side label at their largest size, and a gap: where the description starts.
SIDE_ROOM_PT = 2 + 2.6 * max(sizes["side"] for _, sizes in TEXT_SIZES)

Point = tuple[float, float, float]


def _angles(reading: Reading) -> dict[Dimension, float]:
    """Recorded angle per dimension in degrees; categories get a nominal angle."""
    angles = {}
    for dimension in Dimension:
        value = reading.numeric(dimension)
        if value is None and (category := reading.stated_category(dimension)) is not None:
            _, positive, negative = CATEGORIES[dimension]
            value = {positive: NOMINAL_DEG, negative: -NOMINAL_DEG}.get(category, 0.0)
        angles[dimension] = value or 0.0
    return angles


def _tilt(point: Point, degrees: float) -> Point:
    """Sagittal rotation about the hip axis; + anterior: the front of the bone goes down."""
    t = math.radians(degrees)
    x, y, z = point
    return (
        x,
        HIP_Y + (y - HIP_Y) * math.cos(t) - z * math.sin(t),
        z * math.cos(t) + (y - HIP_Y) * math.sin(t),
    )


def _turn_and_lean(point: Point, rotation: float, obliquity: float) -> tuple[float, float]:
    """Transverse rotation (+ = turned right: left side forward), then frontal obliquity
    (+ = left crest higher), projected onto the picture plane."""
    r, o = math.radians(rotation), math.radians(obliquity)
    x, y, z = point
    # Picture x: + is the patient's left (the viewer's right).
    x = x * math.cos(r) - z * math.sin(r)
    return x * math.cos(o) - y * math.sin(o), x * math.sin(o) + y * math.cos(o)


def pelvis_outline(reading: Reading | None) -> dict[str, list[tuple[float, float]]]:
    """Picture coordinates of each part, angles exaggerated 3x; neutral when None."""
    angles = _angles(reading) if reading is not None else dict.fromkeys(Dimension, 0.0)
    half = EXAGGERATION * angles[Dimension.ASYMMETRY] / 2  # + = left more anterior
    turn = EXAGGERATION * angles[Dimension.ROTATION]
    lean = EXAGGERATION * angles[Dimension.OBLIQUITY]
    parts: dict[str, list[tuple[float, float]]] = {}
    for name, sign, tilt in (("left", 1, half), ("right", -1, -half)):
        bone = [_tilt((sign * x, y, z), tilt) for x, y, z in (*INNOMINATE, HIP, *FORAMEN)]
        flat = [_turn_and_lean(p, turn, lean) for p in bone]
        count = len(INNOMINATE)
        parts[name], parts[f"{name}_hip"] = flat[:count], [flat[count]]
        parts[f"{name}_foramen"], parts[f"{name}_asis"] = flat[count + 1 :], [flat[ASIS]]
    parts["sacrum"] = [_turn_and_lean(p, turn, lean) for p in SACRUM]
    return parts


def _draw_pelvis(axes: Axes, reading: Reading | None, colour: str, ghost: bool) -> None:
    parts = pelvis_outline(reading)
    look = {"fill": not ghost, "lw": 1.2 if ghost else 1.8, "ls": ":" if ghost else "-"}
    face = "white" if ghost else colour + "33"  # 20% opaque fill
    gid = "neutral" if ghost else "pelvis"
    for side in ("sacrum", "left", "right"):  # the sacrum lies behind the hip bones
        axes.add_patch(Polygon(parts[side], closed=True, ec=colour, fc=face, gid=gid, **look))
    if ghost:
        return
    for side in ("left", "right"):
        axes.add_patch(Polygon(parts[f"{side}_foramen"], closed=True, ec=colour, fc="white"))
        axes.add_patch(Circle(parts[f"{side}_hip"][0], 0.16, fc="white", ec=colour, lw=1.5))
    (lx, ly), (rx, ry) = parts["left_asis"][0], parts["right_asis"][0]
    axes.plot([rx, lx], [ry, ly], color=style.LOST, lw=1.5, marker="o", ms=6, gid="asis-line")


def _in_words_only(reading: Reading) -> bool:
    return any(
        reading.numeric(d) is None and reading.stated_category(d) is not None for d in Dimension
    )


def _in_words_note(reading: Reading, for_patient: bool) -> str:
    """What a drawing from a position recorded in words shows, for the chart or the patient."""
    if not for_patient:
        return IN_WORDS_NOTE
    palpation = reading.device is Device.PALPATION
    return IN_WORDS_NOTE_FOR_PATIENT.format(
        how=DEVICE_TERMS[reading.device].plain if palpation else BY_EYE
    )


def _under_axes(axes: Axes, points: float) -> Transform:
    """Axes fraction, moved down by `points`: text that far under the axes at any size."""
    return axes.transAxes + ScaledTranslation(0, -points / 72, axes.figure.dpi_scale_trans)


def _panel(
    axes: Axes,
    title: str,
    reading: Reading | None,
    layout: FittedLayout,
    within_error: Tolerances | None = None,
) -> None:
    style.no_axis(axes)
    layout.add(axes.set_title(title, color=style.INK), "panel")
    axes.set_xlim(-1.9, 1.9)
    axes.set_ylim(BOTTOM_Y, 1.6)
    axes.set_aspect("equal")  # same box with or without a reading, so the titles line up
    if reading is None:
        layout.add(axes.text(0.5, 0.5, "not recorded", ha="center", va="center",
                             transform=axes.transAxes, color=style.MUTED, gid="not-recorded"),
                   "message")  # fmt: skip
        return
    _draw_pelvis(axes, None, style.MUTED, ghost=True)
    _draw_pelvis(axes, reading, style.HELD, ghost=False)
    axes.axhline(INNOMINATE[ASIS][1], color=style.MUTED, lw=0.8, ls="--")  # level ASIS
    # Under the axes, then the description under them: their room is counted in points, so
    # the bones can never run into either at any size.
    below = _under_axes(axes, 2)
    for x, words in ((SIDE_X, "patient's\nright"), (1 - SIDE_X, "patient's\nleft")):
        layout.add(axes.text(x, 0, words, ha="center", va="top", transform=below,
                             color=style.MUTED, gid="side"), "side")  # fmt: skip
    description = describe_position(reading, within_error).replace("; ", "\n")
    if _in_words_only(reading):
        description += f"\n{_in_words_note(reading, for_patient=within_error is not None)}"
    text = axes.text(0.5, 0, description, ha="center", va="top",
                     transform=_under_axes(axes, SIDE_ROOM_PT),
                     color=style.INK, gid="description")  # fmt: skip
    layout.add(text, "description", width_share=0.47)  # its half, less a gap


def pelvis_figure(
    pre: Reading | None,
    post: Reading | None,
    title: str = "Pelvic position at this visit",
    within_error: Tolerances | None = None,
) -> Figure:
    """'Before' and 'After' panels side by side; a missing reading says 'not recorded'.

    With `within_error` (handouts), the words are the patient's: differences inside
    measurement error are said to be within what we can measure, without charting jargon.

    Text sizes and line breaks are redone at every size it is drawn at (FittedLayout), so it
    reads from a 360-pixel-wide editor pane to the page.
    """
    figure = style.new_figure(WIDTH_IN, HEIGHT_IN)
    layout = FittedLayout(TEXT_SIZES, aspect=WIDTH_IN / HEIGHT_IN)
    figure.set_layout_engine(layout)
    before, after = figure.subplots(1, 2)
    _panel(before, PHASE_TERMS[Phase.PRE].label, pre, layout, within_error)
    _panel(after, PHASE_TERMS[Phase.POST].label, post, layout, within_error)
    layout.add(figure.suptitle(title, color=style.INK), "title")
    note = figure.supxlabel(
        "Front view, facing the patient. Angles drawn 3 times larger than recorded; the red "
        "line joins the two ASIS, the dashed line is level.",
        color=style.MUTED,
    )  # fmt: skip
    layout.add(note, "note", width_share=0.95)
    return figure
