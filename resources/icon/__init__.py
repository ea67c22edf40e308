"""The application icon: `holdfast.svg`, drawn by `resources.icon.design`, and PNGs of it.

The PNGs are rendered from the SVG by Qt (`python -m ui.icon_render`; `make icons` redraws
both), so that a desktop without an SVG renderer, and the smallest sizes, get exact pixels.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

ICON_NAME = "holdfast"  # its name in the icon theme: the .desktop file's Icon=
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SVG_FILE = f"{ICON_NAME}.svg"


def png_file(size: int) -> str:
    """The name of the packaged PNG of `size` x `size` pixels."""
    return f"{ICON_NAME}-{size}.png"


def icon_folder() -> Traversable:
    """Where the SVG and the PNGs are installed with the package."""
    return files(__name__)
