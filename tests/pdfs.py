"""PDFs parsed back to text, as the document tests read them."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, whitespace collapsed."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    """The whole document's text on one line, whitespace collapsed."""
    return " ".join(pdf_pages(pdf))
