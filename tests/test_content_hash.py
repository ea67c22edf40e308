"""The canonical content hash of a signed visit: reproducible, recomputed on import, and
old hashes carried forward by the upgrade (issue 10, finding 3)."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import math
import sqlite3
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from charting.readings import Device, Phase, Reading
from models.audit import to_json
from models.canonical import SCHEME, visit_hash, visit_text
from models.database import Database, open_database
from models.exchange_format import ImportFailed
from models.records import Outcome
from models.services.exchange import export_document, import_document
from models.services.patients import search_patients
from models.services.tamper import tamper_report, verify_visit
from models.services.visits import list_visits, load_visit
from tests.schemas import downgrade_to
from tests.test_tamper_locks import READY, signed_and_draft

pytestmark = pytest.mark.both_engines

AT = datetime(2026, 3, 2, 18, 0)


def all_visits(db: Database) -> list:  # type: ignore[type-arg]
    patients = search_patients(db, "", include_archived=True)
    return [visit for p in patients for visit in list_visits(db, p.id)]


def test_every_signed_visit_of_a_fresh_demo_database_verifies(demo_db: Database) -> None:
    signed = [visit for visit in all_visits(demo_db) if visit.signed]
    assert len(signed) > 30
    assert [visit.id for visit in signed if not verify_visit(visit)] == []
    with demo_db.engine.connect() as connection:
        report = tamper_report(connection)
    assert report.ok, report


def test_the_canonical_text_normalises_numbers_and_leaves_working_state_out() -> None:
    negative = replace(READY, readings=(Reading(Phase.PRE, Device.PALM, "AB", 15, 8, -0.0, 0),))
    positive = replace(READY, readings=(Reading(Phase.PRE, Device.PALM, "AB", 15.0, 8, 0.0, 0),))
    assert visit_hash(negative, "Dr", AT) == visit_hash(positive, "Dr", AT)
    carried = replace(
        READY, carried_over=True, complaints=(replace(READY.complaints[0], carried_over=True),)
    )
    assert visit_hash(carried, "Dr", AT) == visit_hash(READY, "Dr", AT)
    text = visit_text(positive, "Dr", AT)
    assert f'"scheme":"{SCHEME}"' in text and '"left_tilt_deg":15.0' in text
    assert ", " not in text and "carried_over" not in text and "-0.0" not in text
    assert visit_hash(READY, "Dr", AT) != visit_hash(READY, "Dr B", AT)  # signer is bound
    with pytest.raises(ValueError):
        visit_hash(replace(READY, outcomes=(Outcome("nprs", 3.0, items=(math.nan,)),)), "Dr", AT)


def _export_of_one_signed_visit(db: Database) -> dict:  # type: ignore[type-arg]
    signed, _draft = signed_and_draft(db)
    document = export_document(db)
    (patient,) = document["patients"]
    patient["chart_number"] = "T-2"
    assert patient["visits"][0]["signed"]["hash"] == load_visit(db, signed).content_hash
    return document


def test_an_import_refuses_a_hash_that_does_not_match_naming_the_visit(db: Database) -> None:
    document = _export_of_one_signed_visit(db)
    document["patients"][0]["visits"][0]["signed"]["hash"] = "0" * 64
    before = len(all_visits(db))
    with pytest.raises(ImportFailed) as refused:
        import_document(db, document, "forged.json", "tester")
    assert refused.value.errors[0].startswith("forged.json:patients[0]:visits[0]:signed.hash:")
    assert len(all_visits(db)) == before  # all or nothing


def test_an_imported_signature_keeps_signer_and_time_and_is_marked_imported(db: Database) -> None:
    document = _export_of_one_signed_visit(db)
    import_document(db, document, "copy.json", "Importer")
    original, imported = (v for v in all_visits(db) if v.signed)
    assert (imported.signed_by, imported.signed_at) == (original.signed_by, original.signed_at)
    assert imported.content_hash == original.content_hash and verify_visit(imported)
    assert imported.signature_imported_at and original.signature_imported_at is None
    with db.engine.connect() as connection:
        marked = connection.exec_driver_sql(
            "SELECT id FROM visit WHERE signature_imported_at IS NOT NULL"
        ).all()
        assert tamper_report(connection).ok
    assert marked == [(imported.id,)]


def legacy_hash(visit_content: dict, complaint_flags: bool = True) -> str:  # type: ignore[type-arg]
    """The hash as Holdfast wrote it before schema 0007 (JSON of the whole draft)."""
    content = copy.deepcopy(visit_content)
    if not complaint_flags:  # before 0006 complaints had no carried_over
        for complaint in content["complaints"]:
            del complaint["carried_over"]
    return hashlib.sha256(to_json(content).encode()).hexdigest()


@pytest.mark.sqlite_only  # the file itself: sqlite3 by hand, its query plans or upgrade
def test_the_upgrade_rehashes_honest_old_hashes_and_keeps_a_false_one(
    db: Database, db_path: Path
) -> None:
    honest, _draft = signed_and_draft(db)
    zero = replace(READY, readings=(Reading(Phase.PRE, Device.PALM, "AB", 15, 8, -0.0, 0),))
    imported_zero = _second_signed(db, zero)
    forged = _second_signed(db, READY)
    record = load_visit(db, honest)
    old_hashes = {
        honest: legacy_hash(dataclasses.asdict(record.draft)),
        imported_zero: legacy_hash(dataclasses.asdict(zero), complaint_flags=False),
        forged: "0" * 64,
    }
    downgrade_to(db.engine, "0006")
    db.close()
    with sqlite3.connect(db_path) as old:  # the hashes as an older Holdfast stored them
        (unlock,) = old.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'visit_locked_update'"
        ).fetchone()
        old.execute("DROP TRIGGER visit_locked_update")
        for visit, old_hash in old_hashes.items():
            old.execute("UPDATE visit SET content_hash = ? WHERE id = ?", (old_hash, visit))
        old.execute(unlock)
    old.close()

    upgraded = open_database(db_path)
    try:
        for visit in (honest, imported_zero):
            assert verify_visit(load_visit(upgraded, visit)), visit
        assert load_visit(upgraded, forged).content_hash == "0" * 64  # kept, not certified
        with upgraded.engine.connect() as connection:
            report = tamper_report(connection)
            rehashed = connection.exec_driver_sql(
                "SELECT entity_id, before, after FROM audit_event WHERE action = 'rehash'"
            ).all()
    finally:
        upgraded.close()
    assert {row[0]: json.loads(row[1]) for row in rehashed} == {
        honest: old_hashes[honest],
        imported_zero: old_hashes[imported_zero],
    }
    assert [name.split()[1] for name in report.hash_mismatches] == [str(forged)]
    assert report.chain_break is None and report.triggers.ok


def _second_signed(db: Database, content) -> int:  # type: ignore[no-untyped-def]
    from models.services.visits import save_draft, sign_visit

    visit = save_draft(db, 1, content, "tester")
    sign_visit(db, visit, "Dr Test")
    return visit


def test_the_upgrade_links_imported_and_local_addenda_to_their_own_events(
    db: Database, db_path: Path
) -> None:
    """An imported addendum is older than one added here; the upgrade must give the visit's
    `addendum` event to the local one, and the import's event to the imported one."""
    from models.services.visits import add_addendum

    import_document(db, _export_of_one_signed_visit(db), "copy.json", "tester")
    imported = max(v.id for v in all_visits(db) if v.signed)
    add_addendum(db, imported, "Added here.", "After the import", "Dr Test")
    downgrade_to(db.engine, "0006")
    db.close()
    upgraded = open_database(db_path)
    try:
        with upgraded.engine.connect() as connection:
            report = tamper_report(connection)
    finally:
        upgraded.close()
    assert report.unrecorded_addenda == () and report.ok


def _as_dataclasses_would(value: object) -> object:
    """`dataclasses.asdict` with lists for tuples, over any value (the reference form)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _as_dataclasses_would(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
    if isinstance(value, list | tuple):
        return [_as_dataclasses_would(item) for item in value]
    return value


def test_the_audited_and_hashed_forms_of_every_demo_visit_are_the_reference_ones(
    demo_db: Database,
) -> None:
    from models.canonical import plain

    drafts = [load_visit(demo_db, v.id).draft for v in list_visits(demo_db, 1)]
    drafts += [
        replace(drafts[0], running_km_per_week=12, adherence_pct=80)
    ]  # an int in a float field
    for draft in drafts:
        reference = _as_dataclasses_would(draft)
        assert plain(draft) == reference and json.dumps(reference, default=str) == json.dumps(
            plain(draft), default=str
        )
        text = visit_text(draft, "me", datetime(2026, 3, 1, 9, 30))
        content = json.loads(text)
        assert content["running_km_per_week"] in (None, float(draft.running_km_per_week or 0))
        assert "carried_over" not in content
