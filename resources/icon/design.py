"""The application icon drawn from geometry: a teal tile, a white pelvis, a level bar.

The pelvis is seen from the front, as a practitioner stands before a patient: two hip bones
(iliac wing, hip socket, the ring round the obturator foramen) and the sacrum between them;
the amber bar above the iliac crests is the level a correction aims for. Shapes are bold and
few so that the tile, the white pelvis and the bar still read at 16 pixels.

Run `python -m resources.icon.design` to regenerate the committed `holdfast.svg`; the PNGs
are rendered from it by `python -m ui.icon_render` (`make icons` runs both).
"""

from __future__ import annotations

from pathlib import Path

from resources.icon import SVG_FILE

SIZE = 256  # the viewBox is SIZE x SIZE
MID = SIZE / 2
OUTPUT = Path(__file__).resolve().parent / SVG_FILE

Point = tuple[float, float]
Curve = tuple[Point, Point, Point]  # a cubic Bézier: control, control, end

TILE = (8.0, 240.0, 52.0)  # corner, side and corner radius of the rounded square
TILE_TOP = "#17808a"
TILE_BOTTOM = "#0b4d57"
BONE = "#ffffff"
LEVEL = "#f6b73c"

# x, y, width, height. 16 units are one pixel at 16 px: the bar's edges fall on pixel rows
# there (and at 32 and 48 px), so the smallest icons show a sharp line, not a smear.
BAR = (32.0, 48.0, 192.0, 16.0)

# The hip bone on the viewer's left (the patient's right), from the top of the sacroiliac
# joint: iliac crest, outer edge of the wing, hip socket, ischium, pubic arch, symphysis,
# then back up the rim of the pelvic inlet. The other one is its mirror image.
HIP_START: Point = (104, 90)
HIP: tuple[Curve, ...] = (
    ((96, 84), (84, 80), (70, 82)),  # the crest, to its highest point
    ((54, 84), (38, 92), (34, 104)),  # the wing's outer lip
    ((32, 116), (46, 130), (56, 140)),  # down the wing to the front of the hip
    ((50, 152), (50, 168), (58, 180)),  # round the hip socket
    ((62, 190), (70, 200), (82, 200)),  # the ischium
    ((98, 200), (112, 192), (123, 184)),  # the pubic arch
    ((123, 178), (123, 172), (123, 166)),  # the symphysis
    ((110, 164), (96, 158), (92, 146)),  # the rim of the pelvic inlet
    ((88, 134), (98, 122), (103, 116)),
    ((105, 108), (105, 98), (104, 90)),  # the sacroiliac joint
)
FORAMEN = (86.0, 177.0, 12.0, 10.0)  # the hole in the hip bone: centre, half-axes
# The sacrum's left half, from its tip up to the middle of its base.
SACRUM_START: Point = (MID, 152)
SACRUM: tuple[Curve, ...] = (
    ((121, 152), (112, 116), (110, 98)),  # beside the sacroiliac joint
    ((109, 90), (116, 86), (122, 87)),  # the base
    ((126, 88), (MID - 2, 88), (MID, 88)),
)


def _num(v: float) -> str:
    text = f"{v:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _mirror(p: Point) -> Point:
    return (SIZE - p[0], p[1])


def _same(p: Point) -> Point:
    return p


def _path(start: Point, curves: tuple[Curve, ...] | list[Curve]) -> str:
    """A closed path from `start` along `curves`."""
    parts = [f"M{_num(start[0])},{_num(start[1])}"]
    for curve in curves:
        parts.append("C" + " ".join(f"{_num(x)},{_num(y)}" for x, y in curve))
    return "".join(parts) + "Z"


def _ellipse(cx: float, cy: float, rx: float, ry: float) -> str:
    """An ellipse as four cubic Béziers (the usual 0.5523 handle length)."""
    k = 0.5523
    return _path(
        (cx + rx, cy),
        [
            ((cx + rx, cy + k * ry), (cx + k * rx, cy + ry), (cx, cy + ry)),
            ((cx - k * rx, cy + ry), (cx - rx, cy + k * ry), (cx - rx, cy)),
            ((cx - rx, cy - k * ry), (cx - k * rx, cy - ry), (cx, cy - ry)),
            ((cx + k * rx, cy - ry), (cx + rx, cy - k * ry), (cx + rx, cy)),
        ],
    )


def _hip_bone(mirrored: bool) -> str:
    """One hip bone, its foramen a hole (the path is filled with fill-rule evenodd)."""
    m = _mirror if mirrored else _same
    outline = _path(m(HIP_START), [(m(a), m(b), m(c)) for a, b, c in HIP])
    cx, cy, rx, ry = FORAMEN
    return outline + _ellipse(m((cx, cy))[0], cy, rx, ry)


def _sacrum() -> str:
    """The sacrum: the left half, then the right half traced back down to the tip."""
    points = [SACRUM_START] + [p for curve in SACRUM for p in curve]
    back = [_mirror(p) for p in reversed(points)]
    right = [(back[i], back[i + 1], back[i + 2]) for i in range(1, len(back) - 1, 3)]
    return _path(SACRUM_START, [*SACRUM, *right])


def icon_svg() -> str:
    """The icon as a standalone SVG document, viewBox 0 0 256 256."""
    corner, side, radius = TILE
    x, y, w, h = BAR
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{SIZE}" '
        f'height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}">',
        "<title>Holdfast</title>",
        "<desc>A white pelvis seen from the front under a level bar, on a teal tile.</desc>",
        "<defs>",
        '<linearGradient id="tile" x1="0" y1="0" x2="0" y2="1">',
        f'<stop offset="0" stop-color="{TILE_TOP}"/>',
        f'<stop offset="1" stop-color="{TILE_BOTTOM}"/>',
        "</linearGradient>",
        "</defs>",
        f'<rect x="{_num(corner)}" y="{_num(corner)}" width="{_num(side)}" '
        f'height="{_num(side)}" rx="{_num(radius)}" fill="url(#tile)"/>',
        f'<path d="{_hip_bone(False)}" fill="{BONE}" fill-rule="evenodd"/>',
        f'<path d="{_hip_bone(True)}" fill="{BONE}" fill-rule="evenodd"/>',
        f'<path d="{_sacrum()}" fill="{BONE}"/>',
        f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" '
        f'rx="{_num(h / 2)}" fill="{LEVEL}"/>',
        "</svg>",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    """Write `resources/icon/holdfast.svg`."""
    OUTPUT.write_text(icon_svg(), encoding="utf-8")
    print(f"wrote {OUTPUT.name}")


if __name__ == "__main__":
    main()
