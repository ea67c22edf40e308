"""Exercise illustrations: every slug is drawn, inside the canvas, and the SVGs are fresh."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from resources.art import EXERCISES
from resources.art.figure import FOREARM, SHANK, THIGH, UPPER_ARM, joints
from resources.art.inset import clip_polygon, clip_segment
from resources.art.posing import lowest
from resources.illustrations import (
    CANVAS,
    OUTPUT_DIR,
    Arrow,
    Circle,
    Label,
    Line,
    Polyline,
    Shape,
    illustration_shapes,
    illustration_svg,
)
from resources.library import load_exercises

# Every exercise in the library needs a picture (tests/test_library.py pins the 30 slugs).
SLUGS = [exercise.slug for exercise in load_exercises()]
SVG_NS = "{http://www.w3.org/2000/svg}"


def test_every_exercise_has_an_illustration() -> None:
    assert sorted(EXERCISES) == sorted(SLUGS)


@pytest.mark.parametrize("slug", SLUGS)
def test_svg_is_a_standalone_document(slug: str) -> None:
    shapes = illustration_shapes(slug)
    assert shapes
    root = ET.fromstring(illustration_svg(slug).encode("utf-8"))
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") == f"0 0 {CANVAS[0]} {CANVAS[1]}"
    assert root.get("version") == "1.1"
    texts = {t.text for t in root.iter(f"{SVG_NS}text")}
    assert "Start" in texts
    assert texts & {"Finish", "Hold"}


@pytest.mark.parametrize("slug", SLUGS)
def test_committed_svg_matches_generator(slug: str) -> None:
    committed = OUTPUT_DIR / f"{slug}.svg"
    assert committed.read_text(encoding="utf-8") == illustration_svg(slug), (
        f"{committed.name} is stale: run python -m resources.illustrations"
    )


def test_no_stray_svg_files() -> None:
    assert sorted(p.stem for p in Path(OUTPUT_DIR).glob("*.svg")) == sorted(SLUGS)


def _extent(shape: Shape) -> tuple[float, float, float, float]:
    """x0, y0, x1, y1 of everything the shape paints."""
    if isinstance(shape, Line):
        h = shape.width / 2
        return (
            min(shape.x1, shape.x2) - h,
            min(shape.y1, shape.y2) - h,
            max(shape.x1, shape.x2) + h,
            max(shape.y1, shape.y2) + h,
        )
    if isinstance(shape, Circle):
        r = shape.r + shape.width / 2
        return shape.cx - r, shape.cy - r, shape.cx + r, shape.cy + r
    if isinstance(shape, Polyline):
        h = shape.width / 2
        xs = [p[0] for p in shape.points]
        ys = [p[1] for p in shape.points]
        return min(xs) - h, min(ys) - h, max(xs) + h, max(ys) + h
    if isinstance(shape, Arrow):
        boxes = [_extent(part) for part in shape.parts()]
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
    assert isinstance(shape, Label)
    width = len(shape.text) * shape.size * 0.6
    return shape.x, shape.y - shape.size, shape.x + width, shape.y + shape.size * 0.25


@pytest.mark.parametrize("slug", SLUGS)
def test_every_shape_stays_inside_the_canvas(slug: str) -> None:
    for shape in illustration_shapes(slug):
        x0, y0, x1, y1 = _extent(shape)
        assert x0 >= 0 and y0 >= 0, (slug, shape)
        assert x1 <= CANVAS[0] and y1 <= CANVAS[1], (slug, shape)


@pytest.mark.parametrize("slug", SLUGS)
def test_figures_rest_on_or_above_the_floor(slug: str) -> None:
    ex = EXERCISES[slug]
    for scene in (ex.start, ex.end):
        assert lowest(scene.pose) > -0.5, (slug, scene.label)


IN_PLANE = [
    "glute_bridge",
    "bird_dog",
    "dead_bug",
    "prone_hip_extension",
    "quadruped_hip_extension",
    "single_leg_romanian_deadlift",
    "a_skip",
    "couch_stretch",
]
SEGMENTS = {
    ("hip", "knee"): THIGH,
    ("knee", "ankle"): SHANK,
    ("shoulder", "elbow"): UPPER_ARM,
    ("elbow", "wrist"): FOREARM,
}


@pytest.mark.parametrize("slug", IN_PLANE)
def test_limb_lengths_are_the_same_in_start_and_finish(slug: str) -> None:
    ex = EXERCISES[slug]
    for pose in (ex.start.pose, ex.end.pose):
        at = joints(pose)
        for side in ("near", "far"):
            for (a, b), length in SEGMENTS.items():
                got = math.dist(at[f"{side}_{a}"], at[f"{side}_{b}"])
                assert got == pytest.approx(length), (slug, side, a, b)


def test_both_panels_share_one_scale() -> None:
    # The two heads of one exercise are drawn the same size.
    heads = [s for s in illustration_shapes("glute_bridge") if isinstance(s, Circle)]
    assert len(heads) == 2
    assert heads[0].r == pytest.approx(heads[1].r)


def test_unknown_slug_raises_key_error() -> None:
    with pytest.raises(KeyError, match="no_such_exercise"):
        illustration_shapes("no_such_exercise")
    with pytest.raises(KeyError):
        illustration_svg("no_such_exercise")


def test_arrow_parts_end_at_the_tip() -> None:
    arrow = Arrow(((10.0, 10.0), (40.0, 10.0)), width=2.0, head=8.0)
    shaft, head = arrow.parts()
    assert head.closed and head.points[0] == (40.0, 10.0)
    assert shaft.points[-1][0] < 40.0


def test_detail_box_clipping() -> None:
    rect = (0.0, 0.0, 10.0, 10.0)
    assert clip_segment((-5.0, 5.0), (15.0, 5.0), rect) == ((0.0, 5.0), (10.0, 5.0))
    assert clip_segment((-5.0, -5.0), (-1.0, 20.0), rect) is None
    square = ((5.0, 5.0), (15.0, 5.0), (15.0, 15.0), (5.0, 15.0))
    assert sorted(clip_polygon(square, rect)) == [
        (5.0, 5.0),
        (5.0, 10.0),
        (10.0, 5.0),
        (10.0, 10.0),
    ]
