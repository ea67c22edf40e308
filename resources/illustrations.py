"""Exercise illustrations drawn from geometry: a slug becomes shapes, and shapes become SVG.

The shapes (`Line`, `Circle`, `Polyline`, `Arrow`, `Label`) live on a 480 x 200 canvas with
(0, 0) at the top-left and y pointing down; the start pose is in the left half, the finish
(or hold) pose in the right half. The same list can be drawn by any renderer; see
`resources.art.shapes` for the units of each field. Run `python -m resources.illustrations`
to regenerate the committed SVG files in `resources/illustrations/`.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from resources.art import EXERCISES
from resources.art.draw import CANVAS, exercise_shapes
from resources.art.shapes import Arrow, Circle, Label, Line, Polyline, Shape

__all__ = [
    "CANVAS",
    "SLUGS",
    "Arrow",
    "Circle",
    "Label",
    "Line",
    "Polyline",
    "Shape",
    "illustration_shapes",
    "illustration_svg",
    "main",
]

SLUGS: tuple[str, ...] = tuple(EXERCISES)
OUTPUT_DIR = Path(__file__).resolve().parent / "illustrations"
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"


def illustration_shapes(slug: str) -> tuple[Shape, ...]:
    """The shapes of the illustration for `slug`, in drawing order."""
    try:
        exercise = EXERCISES[slug]
    except KeyError:
        raise KeyError(f"no illustration for exercise slug {slug!r}") from None
    return exercise_shapes(exercise)


def _num(v: float) -> str:
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _grey(g: float) -> str:
    level = round(max(0.0, min(1.0, g)) * 255)
    return f"#{level:02x}{level:02x}{level:02x}"


def _points(points: tuple[tuple[float, float], ...]) -> str:
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in points)


def _svg_element(shape: Shape) -> list[str]:
    if isinstance(shape, Line):
        return [
            f'<line x1="{_num(shape.x1)}" y1="{_num(shape.y1)}" x2="{_num(shape.x2)}" '
            f'y2="{_num(shape.y2)}" stroke="{_grey(shape.grey)}" '
            f'stroke-width="{_num(shape.width)}"/>'
        ]
    if isinstance(shape, Circle):
        fill = _grey(shape.grey) if shape.filled else "none"
        stroke = f'stroke="#000000" stroke-width="{_num(shape.width)}"' if shape.width else ""
        return [
            f'<circle cx="{_num(shape.cx)}" cy="{_num(shape.cy)}" r="{_num(shape.r)}" '
            f'fill="{fill}" {stroke}/>'.replace(" />", "/>")
        ]
    if isinstance(shape, Polyline):
        tag = "polygon" if shape.closed else "polyline"
        fill = "none" if shape.fill is None or not shape.closed else _grey(shape.fill)
        return [
            f'<{tag} points="{_points(shape.points)}" fill="{fill}" '
            f'stroke="{_grey(shape.grey)}" stroke-width="{_num(shape.width)}"/>'
        ]
    if isinstance(shape, Arrow):
        return [line for part in shape.parts() for line in _svg_element(part)]
    anchor = shape.anchor if shape.anchor in ("start", "middle", "end") else "start"
    return [
        f'<text x="{_num(shape.x)}" y="{_num(shape.y)}" font-size="{_num(shape.size)}" '
        f'text-anchor="{anchor}" fill="#000000">{escape(shape.text)}</text>'
    ]


def illustration_svg(slug: str) -> str:
    """A standalone SVG 1.1 document (viewBox 0 0 480 200) of the illustration for `slug`."""
    shapes = illustration_shapes(slug)
    w, h = CANVAS
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}">',
        f"<title>{escape(slug.replace('_', ' '))}</title>",
        f'<rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>',
        f'<g stroke-linecap="round" stroke-linejoin="round" font-family="{FONT}">',
    ]
    for shape in shapes:
        lines += _svg_element(shape)
    lines += ["</g>", "</svg>", ""]
    return "\n".join(lines)


def main() -> None:
    """Write `resources/illustrations/<slug>.svg` for every exercise."""
    OUTPUT_DIR.mkdir(exist_ok=True)
    for slug in SLUGS:
        (OUTPUT_DIR / f"{slug}.svg").write_text(illustration_svg(slug), encoding="utf-8")
    print(f"wrote {len(SLUGS)} illustrations to {OUTPUT_DIR.name}/")


if __name__ == "__main__":
    main()
