"""A signed visit as DocumentReferences (docs/ARCHITECTURE.md#fhir-r4): the signed note,
with who signed it and when, its content hash and the visit summary PDF (or, without one,
the note's text), and one DocumentReference per addendum, appending to the note."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from typing import Any

from models import fhir_codes as codes
from models.fhir_codes import coding, concept, instant, reference
from models.fhir_export_observations import VisitPlace

TEXT = "text/plain; charset=utf-8"


def attachment(data: bytes, content_type: str, title: str) -> dict[str, Any]:
    """Bytes as an Attachment, with FHIR's own check of them (the SHA-1 of the data); no
    bytes at all have no data (FHIR has no empty value)."""
    found = {"contentType": content_type, "title": title}
    if data:
        found["data"] = base64.b64encode(data).decode("ascii")
        found["hash"] = base64.b64encode(hashlib.sha1(data).digest()).decode("ascii")
    return found


def _note_text(visit: Mapping[str, Any]) -> bytes:
    note = visit.get("note", {})
    parts = [f"{p.capitalize()}\n{note[p]}" for p in codes.SOAP_PARTS if note.get(p)]
    return ("\n\n".join(parts) or "(no note text)").encode("utf-8")


def documents(
    place: VisitPlace, visit: Mapping[str, Any], pdf: bytes | None
) -> list[dict[str, Any]]:
    """A signed visit's note (its signer, time and content hash; the visit summary PDF when
    one was made, else the note's text) and one DocumentReference per addendum, appending
    to it. A draft has none."""
    signed = visit.get("signed")
    if not signed:
        return []
    note_id = f"note-{place.key}"
    content = (
        attachment(pdf, "application/pdf", "Visit summary")
        if pdf
        else attachment(_note_text(visit), TEXT, "Visit note")
    )
    note = _document(place, note_id, signed["by"], signed["at"], content)
    if signed.get("hash"):
        note["identifier"] = [{"system": codes.CONTENT_HASH, "value": signed["hash"]}]
    found = [note]
    for number, addendum in enumerate(visit.get("addenda", [])):
        text = attachment(addendum["text"].encode("utf-8"), TEXT, "Addendum")
        resource_id = f"addendum-{place.key}-{number}"
        added = _document(place, resource_id, addendum["author"], addendum["at"], text)
        if addendum["reason"]:
            added["description"] = addendum["reason"]
        target = reference("DocumentReference", note_id)
        added["relatesTo"] = [{"code": "appends", "target": target}]
        found.append(added)
    return found


def _document(
    place: VisitPlace, resource_id: str, author: str, at: str, content: dict[str, Any]
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "DocumentReference", "id": resource_id, "status": "current",
        "docStatus": "final",
        "type": concept(coding(codes.LOINC, codes.PROGRESS_NOTE_LOINC, "Progress note")),
        "subject": place.patient, "date": instant(at), "content": [{"attachment": content}],
        "context": {"encounter": [place.encounter]},
    }  # fmt: skip
    if author:
        resource["author"] = [{"display": author}]
    return resource
