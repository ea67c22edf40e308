"""Pieces every document uses: the letterhead, label/value tables, the plan table."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, Paragraph, Spacer, Table

from models.records import PlanEntry
from reports import styles
from reports.data import Clinic
from reports.logo import logo
from reports.words import DASH, dosage_line


def text(value: str) -> str:
    """Escape user text for a Paragraph and keep its line breaks."""
    return escape(value).replace("\n", "<br/>")


def para(value: str, style: str, sheet: dict[str, styles.ParagraphStyle]) -> Paragraph:
    return Paragraph(text(value), sheet[style])


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
