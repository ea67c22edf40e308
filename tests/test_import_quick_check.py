"""The import's quick yes-or-no check of a patient's shape (models/exchange_quick_check.py)
says yes exactly when the schema finds no problem, over every hostile variant of a file."""

from __future__ import annotations

from typing import Any

import pytest

from models.database import Database
from models.exchange_quick_check import quick_check
from models.exchange_v1 import DOCUMENT, PATIENT
from tests.hostile_documents import base_document, hostile_variants

pytestmark = pytest.mark.both_engines


def _no_problem(spec: Any, value: Any) -> bool:
    return not list(spec.problems(value, ()))


def test_the_quick_check_agrees_with_the_schema_on_every_hostile_file(demo_db: Database) -> None:
    patient_is_fine, document_is_fine = quick_check(PATIENT), quick_check(DOCUMENT)
    document = base_document(demo_db)
    compared = 0
    for name, variant in [("base", document), *hostile_variants(document)]:
        assert document_is_fine(variant) == _no_problem(DOCUMENT, variant), name
        listed = variant.get("patients") if isinstance(variant, dict) else None
        for patient in listed if isinstance(listed, list) else []:
            assert patient_is_fine(patient) == _no_problem(PATIENT, patient), name
            compared += 1
    assert compared > 100 and patient_is_fine(document["patients"][0])


def test_the_quick_check_refuses_what_the_schema_refuses_beyond_its_shape() -> None:
    patient_is_fine = quick_check(PATIENT)
    fine = {"chart_number": "P-1", "first_name": "A", "last_name": "B"}
    assert patient_is_fine(fine) == _no_problem(PATIENT, fine)
    for bad in (
        {**fine, "first_name": "\ud800"},  # no UTF-8 form
        {**fine, "first_name": "x" * 100_000},  # too long
        {**fine, "visits": [{"date": "2026-02-30"}]},  # no such day
        {**fine, "visits": [{"date": "2026-01-01", "running_km_per_week": float("nan")}]},
        {**fine, "visits": [{"date": "2026-01-01", "carried_over": 1}]},
        {**fine, "visits": [{"date": "2026-01-01", "signed": True}]},
    ):
        assert not patient_is_fine(bad) and not _no_problem(PATIENT, bad), bad
