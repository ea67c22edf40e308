"""Photos drawn by code with markers at known places, for the photo measurement tests.

A standing figure on a plain wall with a plumb line hanging beside it, skin markers (red
discs) on the landmarks of one view placed at a known angle, the whole picture then rolled
by a known angle (a camera held crooked) and saved as a phone would: a JPEG whose pixels
lie sideways with an EXIF orientation saying how to turn them, and a GPS position in its
metadata. `points` and `reference` are where the markers and the plumb line are once the
photo is turned upright, which is how Holdfast keeps it.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from PIL import Image, ImageDraw

from charting.photo_geometry import Point, View

WIDTH, HEIGHT = 1600, 2000  # portrait, as a phone takes a standing patient
WALL, SKIN, MARKER, CORD = (228, 224, 214), (196, 160, 134), (200, 20, 30), (40, 40, 40)
MARKER_RADIUS = 9
SPAN = 420.0  # px between the two markers
ORIENTATIONS = {1: None, 3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90,
                8: Image.Transpose.ROTATE_270}  # fmt: skip
GPS_IFD = 0x8825


@dataclass(frozen=True)
class SyntheticPhoto:
    data: bytes  # the JPEG file as a camera would write it
    view: View
    angle_deg: float  # the true tilt (side view) or obliquity (back and front views)
    roll_deg: float
    points: dict[str, Point]  # landmark -> where its marker is in the upright photo
    reference: tuple[Point, Point]  # two points on the plumb line, upright photo


def _rolled(p: Point, roll_deg: float) -> Point:
    """Where a point goes when the picture turns `roll_deg` counter-clockwise about its
    centre (as Pillow's `rotate` turns it)."""
    cx, cy = WIDTH / 2, HEIGHT / 2
    turn = math.radians(roll_deg)
    dx, dy = p[0] - cx, p[1] - cy
    return cx + dx * math.cos(turn) + dy * math.sin(turn), cy - dx * math.sin(turn) + dy * math.cos(
        turn
    )


def _landmarks(view: View, angle_deg: float) -> dict[str, Point]:
    """The markers before any roll, at `angle_deg` as the domain's signs define it."""
    centre = (WIDTH / 2, HEIGHT * 0.5)
    half = SPAN / 2
    dx, dy = half * math.cos(math.radians(angle_deg)), half * math.sin(math.radians(angle_deg))
    if view.is_side:  # patient faces the image's left: ASIS left; anterior tilt: ASIS lower
        return {"asis": (centre[0] - dx, centre[1] + dy), "psis": (centre[0] + dx, centre[1] - dy)}
    low, high = (centre[0] + dx, centre[1] + dy), (centre[0] - dx, centre[1] - dy)
    # + obliquity: the patient's left higher. From behind their left is the image's left.
    if view is View.POSTERIOR:
        return {"left": high, "right": low}
    return {"left": (WIDTH - high[0], high[1]), "right": (WIDTH - low[0], low[1])}


def draw_photo(
    view: View, angle_deg: float, roll_deg: float = 0.0, orientation: int = 6, quality: int = 88
) -> SyntheticPhoto:
    picture = Image.new("RGB", (WIDTH, HEIGHT), WALL)
    pen = ImageDraw.Draw(picture)
    pen.ellipse((WIDTH * 0.33, HEIGHT * 0.12, WIDTH * 0.67, HEIGHT * 0.92), fill=SKIN)
    plumb = ((WIDTH * 0.12, HEIGHT * 0.05), (WIDTH * 0.12, HEIGHT * 0.95))
    pen.line((*plumb[0], *plumb[1]), fill=CORD, width=5)
    points = _landmarks(view, angle_deg)
    for x, y in points.values():
        r = MARKER_RADIUS
        pen.ellipse((x - r, y - r, x + r, y + r), fill=MARKER)
    if roll_deg:
        picture = picture.rotate(roll_deg, resample=Image.Resampling.BICUBIC, fillcolor=WALL)
    upright_points = {name: _rolled(p, roll_deg) for name, p in points.items()}
    reference = (_rolled(plumb[0], roll_deg), _rolled(plumb[1], roll_deg))
    turn = ORIENTATIONS[orientation]
    stored = picture if turn is None else picture.transpose(turn)
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"  # make
    exif[0x0110] = "Model 7"  # model
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 22.0, 7.5), 3: "E", 4: (4.0, 53.0, 2.1)})
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=quality, exif=exif.tobytes())
    return SyntheticPhoto(out.getvalue(), view, angle_deg, roll_deg, upright_points, reference)
