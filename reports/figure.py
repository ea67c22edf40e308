"""Matplotlib figures on the page: the very Figure the screen shows (docs/ARCHITECTURE.md#figures).

Rendered at 220 dpi, sharp on paper at the printed size. The pixels go straight from
matplotlib's raw buffer to an opaque RGB image (figures are white), so there is no PNG
metadata to make bytes differ, no soft mask for viewers to composite, and no time spent
encoding a PNG only to decode it again.
"""

from __future__ import annotations

from io import BytesIO

from matplotlib.figure import Figure
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

DPI = 220


def figure_pixels(figure: Figure, dpi: int = DPI) -> Image.Image:
    """The figure rendered at `dpi` as an RGB image."""
    buffer = BytesIO()
    figure.savefig(buffer, format="rgba", dpi=dpi)
    width, height = (int(size * dpi) for size in figure.get_size_inches())
    return Image.frombuffer("RGBA", (width, height), buffer.getvalue()).convert("RGB")


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


def figure_flowable(figure: Figure, width: float, max_height: float | None = None) -> FigureImage:
    """The figure `width` points wide (narrower if it would exceed max_height)."""
    fig_width, fig_height = figure.get_size_inches()
    height = width * fig_height / fig_width
    if max_height is not None and height > max_height:
        width, height = max_height * fig_width / fig_height, max_height
    return FigureImage(figure_pixels(figure), width, height, figure)
