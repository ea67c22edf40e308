"""Matplotlib figures on the page: the very Figure the screen shows (docs/ARCHITECTURE.md#figures).

Rendered so it has 220 pixels to the inch as printed, sharp on paper: a figure printed
smaller than its own size is rendered at fewer pixels, not at 220 dpi of its own inches
and then shrunk (a 9-inch figure printed 6 inches wide took 2.3 times the pixels, all of
them rendered, compressed and embedded for nothing a printer can show). The pixels go straight from
matplotlib's raw buffer to an opaque RGB image (figures are white), so there is no PNG
metadata to make bytes differ, no soft mask for viewers to composite, and no time spent
encoding a PNG only to decode it again.
"""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

DPI = 220  # pixels to the inch on paper
POINTS_PER_INCH = 72.0


def figure_pixels(figure: Figure, dpi: float = DPI) -> Image.Image:
    """The figure rendered at `dpi` as an RGB image.

    Drawn once on an Agg canvas: `savefig` draws a figure with a layout engine twice (once
    without output, to settle the layout, then for the pixels).
    """
    canvas = FigureCanvasAgg(figure)  # a document's figures are its own
    original = figure.dpi
    figure.set_dpi(dpi)
    try:
        canvas.draw()
        width, height = canvas.get_width_height(physical=True)
        raw = bytes(canvas.buffer_rgba())
    finally:
        figure.set_dpi(original)
    return Image.frombuffer("RGBA", (width, height), raw).convert("RGB")


class FigureImage(Flowable):
    """A rendered figure drawn at a fixed size in points."""

    def __init__(
        self, pixels: Image.Image, width: float, height: float, figure: Figure | None = None
    ) -> None:
        super().__init__()
        self.pixels, self.width, self.height = pixels, width, height
        self.figure = figure  # what was rendered: its texts are checked for clipping in tests
        self.hAlign = "CENTER"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(ImageReader(self.pixels), 0, 0, self.width, self.height)


def printed_dpi(figure: Figure, width: float) -> float:
    """The resolution to render `figure` at for DPI pixels to the inch when it is printed
    `width` points wide."""
    return DPI * width / POINTS_PER_INCH / float(figure.get_size_inches()[0])


def figure_flowable(figure: Figure, width: float, max_height: float | None = None) -> FigureImage:
    """The figure `width` points wide (narrower if it would exceed max_height)."""
    fig_width, fig_height = figure.get_size_inches()
    height = width * fig_height / fig_width
    if max_height is not None and height > max_height:
        width, height = max_height * fig_width / fig_height, max_height
    return FigureImage(figure_pixels(figure, printed_dpi(figure, width)), width, height, figure)
