"""Pieces every document uses: the letterhead, label/value tables, the plan table."""

from __future__ import annotations

import os
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

import PIL.Image
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, HRFlowable, Image, Paragraph, Spacer, Table

from models.records import PlanEntry
from reports import styles
from reports.data import Clinic
from reports.words import DASH, dosage_line

LOGO_HEIGHT = 16 * mm
# Any picture Pillow reads prints; these are the kinds a clinic's logo usually comes in.
LOGO_SUFFIXES = ("png", "jpg", "jpeg", "bmp", "gif", "tif", "tiff", "webp")
LOGO_HINT = (
    "Choose a picture (PNG or JPEG, or BMP, GIF, TIFF or WEBP), or leave the field empty "
    "for no logo."
)


def text(value: str) -> str:
    """Escape user text for a Paragraph and keep its line breaks."""
    return escape(value).replace("\n", "<br/>")


def para(value: str, style: str, sheet: dict[str, styles.ParagraphStyle]) -> Paragraph:
    return Paragraph(text(value), sheet[style])


def logo(path: str, max_width: float) -> Image | None:
    """The clinic logo at the letterhead height (narrower when wide); None when it would not
    print (`logo_problem` says why): a broken picture never stops a handout."""
    if not path or logo_problem(path):
        return None
    return _logo_image(path, max_width)


def _logo_image(path: str, max_width: float) -> Image:
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


def letterhead(
    clinic: Clinic,
    title: str,
    lines: Sequence[str],
    width: float,
    sheet: dict[str, styles.ParagraphStyle],
) -> list[Flowable]:
    """Clinic name, address and phone (and logo) on the left; the document title right."""
    contact = [clinic.address.replace("\n", ", "), clinic.phone and f"Phone {clinic.phone}"]
    left = [para(clinic.name or clinic.practitioner, "clinic", sheet)]
    left += [para(line, "small", sheet) for line in contact if line]
    right = [para(title, "doc_title", sheet), *(para(line, "doc_sub", sheet) for line in lines)]
    image = logo(clinic.logo_path, width * 0.42)
    if image is not None:  # above the name, so the name keeps the column's width
        left = [image, gap(2), *left]
    table = Table([[left, right]], colWidths=[width * 0.45, width * 0.55])
    table.setStyle(styles.layout_style())
    return [
        table,
        HRFlowable(width="100%", thickness=1, color=styles.INK, spaceBefore=4, spaceAfter=10),
    ]


def label_table(
    rows: Sequence[tuple[str, str]],
    width: float,
    sheet: dict[str, styles.ParagraphStyle],
    label_share: float = 0.3,
    padding: float = 4,
) -> Table:
    """Two columns, bold labels on the left: patient details, dosage, signature."""
    data = [
        [para(label, "cell_bold", sheet), para(value or DASH, "cell", sheet)]
        for label, value in rows
    ]
    table = Table(data, colWidths=[width * label_share, width * (1 - label_share)], hAlign="LEFT")
    table.setStyle(styles.table_style(header_rows=0, padding=padding))
    return table


def grid(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    sheet: dict[str, styles.ParagraphStyle],
) -> Table:
    """A table in the shared style with a repeated header row; cells wrap."""
    data = [[para(h, "cell_bold", sheet) for h in header]]
    data += [[para(cell or DASH, "cell", sheet) for cell in row] for row in rows]
    table = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(styles.table_style())
    return table


def plan_table(
    plan: Sequence[PlanEntry],
    names: dict[str, str],
    width: float,
    sheet: dict[str, styles.ParagraphStyle],
) -> Table:
    """Exercise, dosage and notes: the same table in the visit summary and progress report."""
    rows = [
        (
            names.get(entry.exercise, entry.exercise.replace("_", " ")),
            dosage_line(entry),
            entry.notes,
        )
        for entry in plan
    ]
    return grid(
        ("Exercise", "Dosage", "Notes"), rows, (width * 0.33, width * 0.45, width * 0.22), sheet
    )


def gap(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)
