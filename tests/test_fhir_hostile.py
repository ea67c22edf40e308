"""Every hostile variant of a small FHIR export (each value replaced by null, true, 5, a
4,000-digit number, infinity, "NaN", "", 100,000 characters, a list, an object; each key
dropped; a key added; wrong top levels) is imported whole or refused in located lines,
never with another error, and a refused one leaves the database as it was."""

from __future__ import annotations

import json
import re
from typing import Any

from models.database import Database, open_database
from models.exchange_export import patient_batches
from models.exchange_format import ImportFailed
from models.fhir_export import bundle_document
from models.services.exchange import import_document
from models.services.fhir import import_fhir_document
from tests.fhir_checks import counts
from tests.hostile_documents import base_document, hostile_variants

SOURCE = "hostile.json"
# file:place: message, one line, where the place is the bundle or a resource, never a line
# of the exchange form the bundle was turned into.
LINE = re.compile(r"hostile\.json:(Bundle|[A-Za-z]+/[A-Za-z0-9.\-]+)[^\n]*: [^\n]+")


def _renamed(document: Any, number: int) -> Any:
    """The variant with chart numbers no earlier variant took (where they still are text)."""
    entries = document.get("entry") if isinstance(document, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict) or resource.get("resourceType") != "Patient":
            continue
        identifiers = resource.get("identifier")
        if isinstance(identifiers, list):
            for identifier in identifiers:
                if isinstance(identifier, dict) and isinstance(identifier.get("value"), str):
                    identifier["value"] = f"H{number}-{identifier['value']}"
    return document


def test_every_hostile_variant_is_imported_whole_or_refused_in_located_lines(
    demo_db: Database, tmp_path: Any
) -> None:
    small = open_database(tmp_path / "small" / "holdfast.sqlite3")
    try:
        import_document(small, base_document(demo_db), "base.json", "tester")
        with small.engine.connect() as connection:
            bundle = bundle_document(patient_batches(connection))
    finally:
        small.close()
    target = open_database(tmp_path / "target" / "holdfast.sqlite3")
    imported = refused = 0
    try:
        for number, (name, variant) in enumerate(hostile_variants(bundle)):
            try:
                json.dumps(variant, allow_nan=False)
            except ValueError:
                continue  # infinity is no JSON: no file can hold this variant
            before = counts(target)
            try:
                written = import_fhir_document(target, _renamed(variant, number), SOURCE, "t")
            except ImportFailed as failure:
                refused += 1
                assert failure.errors, name
                for line in failure.errors:
                    assert LINE.fullmatch(line) and len(line) <= 400, (name, line)
                assert counts(target) == before, name
                continue
            imported += 1
            assert counts(target)["patient"] - before["patient"] == written.patients, name
    finally:
        target.close()
    assert refused > imported > 20, (refused, imported)  # both outcomes are exercised
