"""The visit summary's signature: who signed and when, and the content hash, printed only
over a note whose content still recomputes to the hash stored when it was signed.

A signed note edited behind Holdfast's back (docs/ARCHITECTURE.md#signed-visits) must never
be printed as signed: the page would then vouch for words nobody signed. Such a note gets a
warning in place of the signature and both hashes, so the printout says what broke.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Paragraph

from models.canonical import visit_hash
from models.records import VisitRecord
from models.services.tamper import verify_visit
from reports.parts import gap, label_table, para
from reports.styles import ParagraphStyle
from reports.words import DASH, moment

Sheet = dict[str, ParagraphStyle]
HEADING = "Signature"
PROOF = (
    "The hash is computed from the note as signed; any later change to the note would "
    "change it. Corrections are added as dated addenda."
)
BROKEN = (
    "This note does not match its signature: its content was changed after it was signed, "
    "outside Holdfast. Do not rely on this printout as the signed record. Run "
    "holdfast check, and restore the database from a backup made before the change."
)


def signature_part(visit: VisitRecord, width: float, sheet: Sheet, unsigned: str) -> Flowable:
    """The signature section; `unsigned` is what a draft says instead."""
    if not visit.signed:
        return KeepTogether([para(HEADING, "h1", sheet), para(unsigned, "body", sheet)])
    if not verify_visit(visit):
        return _broken(visit, sheet)
    rows = [
        ("Signed by", visit.signed_by or DASH),
        ("Signed", moment(visit.signed_at) if visit.signed_at else DASH),
    ]
    if visit.signature_imported_at is not None:
        rows.append(("Imported", f"{moment(visit.signature_imported_at)}, signed elsewhere"))
    table = label_table(rows, width, sheet, label_share=0.22)
    digest = Paragraph(f"<b>Content hash (SHA-256):</b> {visit.content_hash}", sheet["mono"])
    return KeepTogether(
        [para(HEADING, "h1", sheet), table, gap(2), digest, para(PROOF, "small", sheet)]
    )


def _broken(visit: VisitRecord, sheet: Sheet) -> Flowable:
    stored = visit.content_hash or DASH
    now = visit_hash(visit.draft, visit.signed_by, visit.signed_at, visit.photos)
    return KeepTogether(
        [
            para(HEADING, "h1", sheet),
            para(BROKEN, "warning", sheet),
            Paragraph(f"<b>Hash stored at signing:</b> {stored}", sheet["mono"]),
            Paragraph(f"<b>Hash of the note as printed:</b> {now}", sheet["mono"]),
        ]
    )
