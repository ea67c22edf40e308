"""The pelvis figure at every size it is drawn at: from a 360-pixel editor pane to the page,
no text runs into another, none leaves the figure, none is below 8 pt."""

from itertools import combinations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from charting.figures.fitted import wrap_words
from charting.figures.pelvis import pelvis_figure
from charting.readings import Device, Phase, Reading

PRE = Reading(Phase.PRE, Device.PALM, "AB", 19, 11, 7, 1)
POST = Reading(Phase.POST, Device.PALM, "AB", 11.5, 11, 0.9, 0.3)
IN_WORDS = Reading(Phase.PRE, Device.PALPATION, "AB", rotation="left", asymmetry="left_anterior")
EXTREME = Reading(Phase.POST, Device.PALM, "AB", 22, 6, -9, -5)
PAIRS = {"measured": (PRE, POST), "in words": (IN_WORDS, EXTREME), "one missing": (None, POST)}
SIZES = [(360, 300), (480, 360), (560, 400), (660, 400), (900, 500), (1200, 600)]


def drawn_at(pre: Reading | None, post: Reading | None, width: int, height: int) -> Figure:
    figure = pelvis_figure(pre, post)
    FigureCanvasAgg(figure)
    figure.set_size_inches(width / figure.dpi, height / figure.dpi)
    figure.canvas.draw()
    return figure


def shown_texts(figure: Figure) -> list[Text]:
    """Titles, descriptions, side labels and notes; not the hidden axes' tick labels."""
    texts = list(figure.texts)
    for axes in figure.axes:
        texts += [axes.title, *axes.texts]
    return [text for text in texts if text.get_visible() and text.get_text()]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("pair", PAIRS.values(), ids=list(PAIRS))
def test_no_text_overlaps_another_or_leaves_the_figure(
    pair: tuple[Reading | None, Reading | None], size: tuple[int, int]
) -> None:
    figure = drawn_at(*pair, *size)
    texts = shown_texts(figure)
    boxes = [(text.get_text(), text.get_window_extent()) for text in texts]
    for (first, box), (second, other) in combinations(boxes, 2):
        assert not box.overlaps(other), (first, second)
    inside = figure.bbox.padded(0.5)
    for words, box in boxes:
        assert inside.contains(box.x0, box.y0) and inside.contains(box.x1, box.y1), words
    assert min(text.get_fontsize() for text in texts) >= 8


def test_side_labels_and_words_sit_under_the_bones() -> None:
    figure = drawn_at(PRE, POST, 360, 300)
    for axes in figure.axes:
        bottom = axes.get_window_extent().y0
        for text in axes.texts:
            assert text.get_window_extent().y1 <= bottom, text.get_text()


def test_small_figures_get_smaller_type_and_wrapped_words() -> None:
    small, page = drawn_at(PRE, POST, 360, 300), drawn_at(PRE, POST, 900, 520)
    (narrow,) = [t for t in small.axes[0].texts if t.get_gid() == "description"]
    (wide,) = [t for t in page.axes[0].texts if t.get_gid() == "description"]
    assert narrow.get_fontsize() < wide.get_fontsize()
    assert narrow.get_text().count("\n") > wide.get_text().count("\n") == 2
    assert narrow.get_text().replace("\n", " ") == wide.get_text().replace("\n", " ")


def test_wrap_words_keeps_breaks_and_long_words() -> None:
    text = Text(text="")
    assert wrap_words("a b\nc", 10, 1000, text) == "a b\nc"
    assert wrap_words("one two three", 10, 30, text) == "one\ntwo\nthree"
    assert wrap_words("unbreakableword", 10, 5, text) == "unbreakableword"
