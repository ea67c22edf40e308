"""The page every document shares: running header, "page X of Y" footer, paper size,
metadata, an optional DRAFT watermark, and byte-stable output (reportlab `invariant`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any, NamedTuple

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from models.version import VERSION
from reports import styles

PAPER_SIZES = {"A4": A4, "Letter": LETTER}
# Binary image streams: ASCII85 only makes a PDF 25% larger, and reportlab's pure-Python
# encoder was the slowest step of a report with figures.
rl_config.useA85 = 0
MARGIN = 15 * mm
HEADER_GAP = 9 * mm  # between the running header and the top of the text frame
FURNITURE_SIZE = 8.5  # points: running header and footer
CHAIN_HEAD_SIZE = 6.0  # points: small, it is for checking, not reading
SMALLEST_HEADER = 6.0  # a long name shrinks the running header down to this, never further
HEADER_SPACE = 4 * mm  # at least this much between the patient and the document's name


@dataclass(frozen=True)
class PageSetup:
    """What the page furniture prints and the PDF metadata says."""

    title: str
    author: str
    subject: str
    running_header: str  # patient name and date of birth: on every page
    footer_left: str = ""  # usually the clinic name
    paper: str = "A4"
    watermark: str = ""  # e.g. "DRAFT"
    heading: str = ""  # short title for the running header; the title when empty
    # The audit chain head when printed ("audit 1,234 · 3f2a9c1b4e5d"), in small type under
    # the footer: a later rewrite of the whole chain shows against any printout
    # (`holdfast check --against`, docs/ARCHITECTURE.md#the-audit-chain).
    chain_head: str = ""


class Document(NamedTuple):
    """A document before layout: its flowables and its page. `render(*document)` prints it;
    tests read the text it means to print from it and compare with what was drawn."""

    story: list[Flowable]
    setup: PageSetup


def page_size(paper: str) -> tuple[float, float]:
    """A4 or Letter; anything else is a ValueError naming the choices."""
    try:
        return PAPER_SIZES[paper]
    except KeyError:
        raise ValueError(f"paper size must be A4 or Letter (got {paper!r})") from None


def _header(canvas: Canvas, setup: PageSetup, width: float, height: float) -> None:
    canvas.saveState()
    if setup.watermark:
        canvas.setFillColor(styles.SHADE)
        canvas.setFont(styles.BOLD, 120)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(45)
        canvas.drawCentredString(0, -40, setup.watermark)
        canvas.rotate(-45)
        canvas.translate(-width / 2, -height / 2)
    top, room = height - MARGIN + 2 * mm, width - 2 * MARGIN
    heading = setup.heading or setup.title
    size = header_size(setup.running_header, heading, room)
    canvas.setFont(styles.FONT, size)
    canvas.setFillColor(styles.MUTED)
    canvas.drawString(MARGIN, top, setup.running_header)
    if _header_width(setup.running_header, heading, size) <= room + 0.5:
        canvas.drawRightString(width - MARGIN, top, heading)
    canvas.setStrokeColor(styles.RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, top - 2.5 * mm, width - MARGIN, top - 2.5 * mm)
    canvas.restoreState()


def _header_width(patient: str, heading: str, size: float) -> float:
    return (
        stringWidth(patient, styles.FONT, size)
        + HEADER_SPACE
        + stringWidth(heading, styles.FONT, size)
    )


def header_size(patient: str, heading: str, room: float) -> float:
    """The running header's font size: smaller for a long name, so the patient and the
    document's name never print over each other. Past the smallest size the document's name
    gives way: who the page is about matters more, and the first page names the document."""
    text = _header_width(patient, heading, FURNITURE_SIZE) - HEADER_SPACE
    return max(SMALLEST_HEADER, min(FURNITURE_SIZE, FURNITURE_SIZE * (room - HEADER_SPACE) / text))


class _NumberedCanvas(Canvas):
    """Holds every page until the end, so each footer can say "page X of Y"."""

    setup: PageSetup

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self._footer(number, total)
            super().showPage()
        super().save()

    def _footer(self, number: int, total: int) -> None:
        width, _ = self._pagesize
        bottom = MARGIN - 8 * mm
        self.saveState()
        self.setFont(styles.FONT, FURNITURE_SIZE)
        self.setFillColor(styles.MUTED)
        self.drawString(MARGIN, bottom, self.setup.footer_left)
        self.drawRightString(width - MARGIN, bottom, f"page {number} of {total}")
        if self.setup.chain_head:
            self.setFont(styles.FONT, CHAIN_HEAD_SIZE)
            head = f"Audit chain when printed: {self.setup.chain_head}"
            self.drawString(MARGIN, bottom - 3 * mm, head)
        self.restoreState()


def render(story: Sequence[Flowable], setup: PageSetup) -> bytes:
    """Lay out `story` on the shared page and return the PDF bytes (same input, same bytes)."""
    styles.register_fonts()
    size = page_size(setup.paper)
    buffer = BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_GAP,
        bottomMargin=MARGIN,
        title=setup.title,
        author=setup.author,
        subject=setup.subject,
        creator=f"Holdfast {VERSION}",
        invariant=1,
        initialFontName=styles.FONT,  # reportlab's default Helvetica is never embedded
    )
    # No frame padding: text, tables and rules all line up with the running header.
    frame = Frame(
        MARGIN,
        MARGIN,
        size[0] - 2 * MARGIN,
        size[1] - 2 * MARGIN - HEADER_GAP,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )

    def on_page(canvas: Canvas, _document: Any) -> None:
        _header(canvas, setup, *size)

    document.addPageTemplates([PageTemplate("page", [frame], onPage=on_page)])
    canvas_class = type("PageCanvas", (_NumberedCanvas,), {"setup": setup})
    document.build(list(story), canvasmaker=canvas_class)
    return buffer.getvalue()


def frame_width(paper: str) -> float:
    """Width of the text column in points."""
    return page_size(paper)[0] - 2 * MARGIN


def frame_height(paper: str) -> float:
    """Height of the text column in points, under the running header."""
    return page_size(paper)[1] - 2 * MARGIN - HEADER_GAP
