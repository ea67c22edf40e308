"""The before/after photo figure: photos side by side, landmarks, reference, angles in words."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D

from charting.figures.photo_pair import (
    LEVEL_ASSUMED,
    NOT_MARKED,
    PART_MARKED,
    PhotoPanel,
    angle_words,
    photo_pair_figure,
)
from charting.photo_geometry import Marks, PhotoAngle, Reference, View, frontal_marks


def pixels(height: int = 300, width: int = 200) -> np.ndarray:
    return np.full((height, width, 3), 200, dtype=np.uint8)


def line(figure_axes, gid: str) -> Line2D:
    found = [ln for ln in figure_axes.get_lines() if ln.get_gid() == gid]
    assert len(found) == 1, gid
    return found[0]


def texts(axes) -> list[str]:
    return [t.get_text() for t in axes.texts if t.get_gid() == "angle"]


def test_two_panels_with_marks_reference_and_angles():
    # Side view: ASIS at (60, 160), PSIS 100 px to the right and 21.26 px higher: 12° anterior.
    side = Marks(View.LEFT, (("asis", (60.0, 160.0)), ("psis", (160.0, 138.744))),
                 Reference("plumb", (20.0, 10.0), (20.0, 290.0)))  # fmt: skip
    back = frontal_marks(View.POSTERIOR, (50.0, 100.0), (150.0, 105.2408))  # left 3° higher
    figure = photo_pair_figure(
        [PhotoPanel(pixels(), "Before correction — 12 Nov 2026", side),
         PhotoPanel(pixels(240, 320), "After correction — 12 Nov 2026", back)],
        title="Left side",
    )  # fmt: skip
    FigureCanvasAgg(figure).draw()
    before, after = figure.axes
    assert [len([i for i in a.get_images() if isinstance(i, AxesImage)]) for a in figure.axes] == [
        1,
        1,
    ]
    assert before.get_title() == "Before correction — 12 Nov 2026"
    assert before.get_xticks().size == 0 and before.get_yticks().size == 0
    assert before.get_aspect() == 1.0  # photos keep their shape
    assert texts(before) == ["Left tilt +12.0° anterior"]
    assert texts(after) == [f"Obliquity +3.0° left higher\n{LEVEL_ASSUMED}"]
    joined = line(before, "landmark-line")
    assert np.allclose(joined.get_xdata(), [60, 160]) and np.allclose(
        joined.get_ydata(), [160, 138.744]
    )
    reference = line(before, "reference")
    assert reference.get_linestyle() == "--"
    assert np.allclose(reference.get_xdata(), [20, 20]) and np.allclose(
        reference.get_ydata(), [10, 290]
    )
    assert np.allclose(line(after, "landmark").get_xdata(), [50, 150])  # left, then right
    assert not [ln for ln in after.get_lines() if ln.get_gid() == "reference"]
    assert after.get_ylim() == (239.5, -0.5)  # y down, as the marks are


def test_unmarked_and_half_marked_photos_say_so():
    half = Marks(View.RIGHT, (("asis", (10.0, 10.0)),))
    figure = photo_pair_figure([PhotoPanel(pixels(), "a"), PhotoPanel(pixels(), "b", half)])
    first, second = figure.axes
    assert texts(first) == [NOT_MARKED]
    assert texts(second) == [PART_MARKED]
    assert not [ln for ln in second.get_lines() if ln.get_gid() == "landmark-line"]
    assert len(line(second, "landmark").get_xdata()) == 1


def test_more_than_two_panels():
    figure = photo_pair_figure([PhotoPanel(pixels(), str(n)) for n in range(3)])
    assert len(figure.axes) == 3


def test_no_panels_is_a_message():
    figure = photo_pair_figure([])
    assert [t.get_gid() for t in figure.axes[0].texts] == ["message"]


@pytest.mark.parametrize(
    ("field", "degrees", "words"),
    [
        ("right_tilt_deg", -4.04, "Right tilt -4.0° posterior"),
        ("obliquity_deg", -2.5, "Obliquity -2.5° right higher"),
        ("obliquity_deg", 0.02, "Obliquity 0.0° level"),
    ],
)
def test_angle_words(field: str, degrees: float, words: str):
    assert angle_words(PhotoAngle(field, degrees, False)) == words


def test_a_smaller_copy_is_drawn_over_the_stored_photo_size():
    marks = Marks(View.LEFT, (("asis", (600.0, 1600.0)), ("psis", (1600.0, 1387.44))))
    panel = PhotoPanel(pixels(300, 200), "small copy", marks, size=(2000, 3000))
    figure = photo_pair_figure([panel])
    (axes,) = figure.axes
    assert axes.get_images()[0].get_extent() == [-0.5, 1999.5, 2999.5, -0.5]
    assert axes.get_xlim() == (-0.5, 1999.5)
    assert np.allclose(line(axes, "landmark-line").get_xdata(), [600, 1600])
    assert texts(axes) == [f"Left tilt +12.0° anterior\n{LEVEL_ASSUMED}"]
