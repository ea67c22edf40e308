"""Fonts, paragraph styles, colours and the table style every document shares.

DejaVu Sans comes with matplotlib, so fonts embed without a download and the charts use the
same face as the text around them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import matplotlib
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import TableStyle

FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"

INK = colors.HexColor("#222222")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#999999")
SHADE = colors.HexColor("#EEEEEE")
HELD = colors.HexColor("#0072B2")  # the figures' Okabe-Ito blue and vermillion
LOST = colors.HexColor("#D55E00")


@cache
def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold, italic) from matplotlib's bundled fonts."""
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name in (FONT, BOLD, ITALIC, BOLD_ITALIC):
        pdfmetrics.registerFont(TTFont(name, str(folder / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )


def styles(body_size: float = 10.0) -> dict[str, ParagraphStyle]:
    """Paragraph styles scaled from the body size (handouts use a larger body)."""
    register_fonts()
    base = ParagraphStyle(
        "body", fontName=FONT, bulletFontName=FONT, fontSize=body_size,
        leading=body_size * 1.25, textColor=INK, spaceAfter=body_size * 0.4,
    )  # fmt: skip

    def derived(name: str, **changes: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    size = body_size

    def heading(name: str, scale: float, before: float, after: float) -> ParagraphStyle:
        return derived(
            name, fontName=BOLD, fontSize=size * scale, leading=size * scale * 1.27,
            spaceBefore=size * before, spaceAfter=size * after, keepWithNext=1,
        )  # fmt: skip

    return {
        "body": base,
        "title": heading("title", 1.8, 0, 0.3),
        "subtitle": derived("subtitle", textColor=MUTED, spaceAfter=size * 0.8),
        "clinic": heading("clinic", 1.2, 0, 0.15),
        "doc_title": derived("doc_title", fontName=BOLD, fontSize=size * 1.45,
                             leading=size * 1.8, alignment=TA_RIGHT, spaceAfter=size * 0.2),
        "doc_sub": derived("doc_sub", textColor=MUTED, alignment=TA_RIGHT, spaceAfter=0),
        "h1": heading("h1", 1.35, 1.1, 0.45),
        "h2": heading("h2", 1.12, 0.7, 0.3),
        "column_head": heading("column_head", 1.12, 0, 0.2),
        "exercise": heading("exercise", 1.3, 0.3, 0.2),
        "dosage": derived("dosage", keepWithNext=1, spaceAfter=size * 0.45),
        "care_head": heading("care_head", 1.0, 0, 0.15),
        "step": derived("step", leftIndent=size * 1.5, bulletIndent=0, spaceAfter=size * 0.2),
        "caution": derived("caution", leftIndent=size * 1.1, bulletIndent=0,
                           bulletFontName=BOLD, spaceAfter=size * 0.15),
        "small": derived("small", fontSize=size * 0.85, leading=size * 1.15, textColor=MUTED),
        "cell": derived("cell", fontSize=size * 0.9, leading=size * 1.2, spaceAfter=0),
        "cell_bold": derived("cell_bold", fontName=BOLD, fontSize=size * 0.9,
                             leading=size * 1.2, spaceAfter=0),
        "caption": derived("caption", fontSize=size * 0.85, leading=size * 1.15,
                           textColor=MUTED, alignment=TA_CENTER),
        "bullet": derived("bullet", leftIndent=size * 1.4, bulletIndent=size * 0.2),
        "warning": derived("warning", fontName=BOLD, textColor=LOST, borderColor=LOST,
                           borderWidth=0.8, borderPadding=size * 0.5, spaceBefore=size * 0.5,
                           spaceAfter=size * 0.9),
        "mono": derived("mono", fontSize=size * 0.8, leading=size * 1.1, textColor=MUTED),
    }  # fmt: skip


CELL_SIDE_PADDING = 5.0  # points left and right of every table cell's content


def table_style(
    header_rows: int = 1, extra: list[tuple[object, ...]] | None = None, padding: float = 4
) -> TableStyle:
    """The one table look: bold header on a light shade, thin rules, generous padding."""
    register_fonts()
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding + 1),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_SIDE_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_SIDE_PADDING),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    if header_rows:
        commands += [
            ("FONTNAME", (0, 0), (-1, header_rows - 1), BOLD),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.9, INK),
        ]
    return TableStyle(commands + (extra or []))


def layout_style(extra: list[tuple[object, ...]] | None = None) -> TableStyle:
    """For tables that only place things side by side: no rules, no outer padding.

    Every table names the embedded font, or reportlab would reference Helvetica unembedded.
    """
    register_fonts()
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
    return TableStyle(commands + (extra or []))


def drawing(width: float, height: float) -> Drawing:
    """A vector drawing whose default font is the embedded one (not reportlab's Helvetica)."""
    register_fonts()
    canvas = Drawing(width, height)
    canvas.initialFontName = FONT
    return canvas
