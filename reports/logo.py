"""The clinic logo on the letterhead, and the one check of whether a picture prints there.

Preferences imports this module at start-up for the file kinds and the check, so reportlab
loads only inside the functions, when a logo is first checked or drawn (as every document
module loads it only when a document is made).
"""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

import PIL.Image

if TYPE_CHECKING:
    from reportlab.platypus import Image

LOGO_HEIGHT = 16 * (72.0 / 2.54 * 0.1)  # 16 mm in points, counted as reportlab.lib.units does
# Any picture Pillow reads prints; these are the kinds a clinic's logo usually comes in.
LOGO_SUFFIXES = ("png", "jpg", "jpeg", "bmp", "gif", "tif", "tiff", "webp")
LOGO_HINT = (
    "Choose a picture (PNG or JPEG, or BMP, GIF, TIFF or WEBP), or leave the field empty "
    "for no logo."
)


def logo(path: str, max_width: float) -> Image | None:
    """The clinic logo at the letterhead height (narrower when wide); None when it would not
    print (`logo_problem` says why): a broken picture never stops a handout."""
    if not path or logo_problem(path):
        return None
    return _logo_image(path, max_width)


def _logo_image(path: str, max_width: float) -> Image:
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    width, height = ImageReader(path).getSize()
    scale = min(LOGO_HEIGHT / height, max_width / width)
    image = Image(path, width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return image


def logo_problem(path: str) -> str:
    """What keeps the picture at `path` off the letterhead, in words; empty when it prints
    (or when there is no logo). The one check of a logo: Preferences asks it too.

    The picture is drawn on a scratch page exactly as the letterhead draws it, so every
    kind of picture the PDF can print passes and a damaged one is caught, however far in.
    Reads the whole file: call it off the GUI thread.
    """
    if not path:
        return ""
    file = Path(path)
    if not file.exists():
        return f"There is no file at {file}. {LOGO_HINT}"
    if file.is_dir():
        return f"{file} is a folder, not a picture. {LOGO_HINT}"
    if not os.access(file, os.R_OK):
        return f"{file.name} cannot be opened (no permission to read it). {LOGO_HINT}"
    try:
        from reportlab.pdfgen.canvas import Canvas

        page = Canvas(BytesIO())
        _logo_image(path, LOGO_HEIGHT * 10).drawOn(page, 0, 0)
        page.save()
    except Exception:  # the library's words quote its internals: ours are enough
        if _picture_kind(file) is None:
            return f"{file.name} is not a picture handouts can print. {LOGO_HINT}"
        return (
            f"{file.name} could not be read to the end: the picture is damaged or incomplete. "
            f"{LOGO_HINT}"
        )
    return ""


def _picture_kind(file: Path) -> str | None:
    """'PNG', 'JPEG', …: what the file's first bytes say it is; None when not a picture."""
    try:
        with PIL.Image.open(file) as picture:
            return str(picture.format)
    except Exception:
        return None
