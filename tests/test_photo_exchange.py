"""Photos and photo consent in the JSON exchange format: a lossless round trip that keeps
signed visits verifiable, refusals that name where a photo is wrong, and older files."""

from __future__ import annotations

import base64
import copy
import json
from pathlib import Path
from typing import Any

import pytest

from models.database import Database, open_database
from models.exchange_format import ImportFailed
from models.services.exchange import export_document, import_document, import_file, write_export
from models.services.patients import load_patient, patient_id_for_chart, search_patients
from models.services.photos import patient_photos, photo_image, photo_thumbnail
from models.services.tamper import tamper_report, verify_visit
from models.services.visits import list_visits
from tests.photo_visits import photo_visit

pytestmark = pytest.mark.both_engines


@pytest.fixture
def other(tmp_path: Path) -> Any:
    database = open_database(tmp_path / "other.sqlite3")
    yield database
    database.close()


def _photos(db: Database, chart: str) -> list[tuple[Any, bytes]]:
    return [
        (info, photo_image(db, info.id))
        for info in patient_photos(db, patient_id_for_chart(db, chart))
    ]


def test_a_signed_visit_with_marked_photos_round_trips_byte_for_byte(
    db: Database, other: Database, tmp_path: Path
) -> None:
    photo_visit(db)
    file = tmp_path / "export.json"
    write_export(db, file, "tester")
    assert import_file(other, file, "tester") == 1
    before, after = _photos(db, "P-1"), _photos(other, "P-1")
    assert [image for _, image in after] == [image for _, image in before]
    assert [(i.phase, i.view, i.width, i.height, i.sha256, i.marks) for i, _ in after] == [
        (i.phase, i.view, i.width, i.height, i.sha256, i.marks) for i, _ in before
    ]
    assert sum(info.marks is not None for info, _ in after) == 3
    assert all(photo_thumbnail(other, info.id) for info, _ in after)
    assert load_patient(other, patient_id_for_chart(other, "P-1")).draft.photo_consent
    (visit,) = list_visits(other, patient_id_for_chart(other, "P-1"))
    (original,) = list_visits(db, patient_id_for_chart(db, "P-1"))
    assert visit.signed and visit.content_hash == original.content_hash and verify_visit(visit)
    with other.engine.connect() as connection:
        assert tamper_report(connection).ok
        events = connection.exec_driver_sql(
            "SELECT action, entity FROM audit_event WHERE entity = 'photo'"
        ).all()
    assert events == [("import", "photo")] * 4
    assert export_document(other) == export_document(db)
    again = tmp_path / "again.json"
    write_export(other, again, "tester")
    assert again.read_bytes() == file.read_bytes()


def test_the_written_export_is_the_document_in_memory(db: Database, tmp_path: Path) -> None:
    photo_visit(db)
    file = tmp_path / "export.json"
    write_export(db, file, "tester")
    document = export_document(db)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert file.read_text(encoding="utf-8") == text
    photos = document["patients"][0]["visits"][0]["photos"]
    assert [p["phase"] for p in photos] == ["pre", "pre", "post", "post"]
    assert photos[-1]["landmarks"] is None and photos[0]["landmarks"]["view"] == "left"
    assert base64.b64decode(photos[0]["image"]).startswith(b"\xff\xd8")


def _exported(db: Database) -> dict[str, Any]:
    photo_visit(db)
    return export_document(db)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda p: p.update(image=base64.b64encode(b"\xff\xd8" + b"0" * 500).decode()),
            "f.json:patients[0]:visits[0]:photos[1].image: is not a photo Holdfast kept: its "
            "bytes do not match its SHA-256",
        ),
        (
            lambda p: p.update(image="not base64!"),
            "f.json:patients[0]:visits[0]:photos[1].image: must be a JPEG as base64 text",
        ),
        (
            lambda p: p.update(view="sideways"),
            "f.json:patients[0]:visits[0]:photos[1].view: must be left, right, posterior or "
            "anterior (got 'sideways')",
        ),
        (
            lambda p: p.update(width=99),
            "f.json:patients[0]:visits[0]:photos[1]: the image is 1600 x 2000 pixels",
        ),
        (
            lambda p: p["landmarks"].update(view="anterior"),
            "f.json:patients[0]:visits[0]:photos[1].landmarks.view: are marks of the anterior "
            "view, and the photo is of the posterior view",
        ),
        (
            lambda p: p["landmarks"]["points"].update(left=[1]),
            "f.json:patients[0]:visits[0]:photos[1].landmarks: landmark left: must be a point",
        ),
        (
            lambda p: p.update(extra=1),
            "f.json:patients[0]:visits[0]:photos[1].extra: is not a field of the exchange format",
        ),
    ],
)
def test_a_bad_photo_is_refused_where_it_is_and_nothing_is_written(
    db: Database, other: Database, mutate: Any, expected: str
) -> None:
    document = _exported(db)
    mutate(document["patients"][0]["visits"][0]["photos"][1])
    with pytest.raises(ImportFailed) as refused:
        import_document(other, document, "f.json", "tester")
    assert any(e.startswith(expected) for e in refused.value.errors), refused.value.errors
    assert all("Ana" not in e and "Silva" not in e for e in refused.value.errors)
    assert search_patients(other, include_archived=True) == []
    with other.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM photo").scalar_one() == 0


def test_a_tampered_image_with_its_hash_changed_too_breaks_the_signature(
    db: Database, other: Database, tmp_path: Path
) -> None:
    """Another kept JPEG with its own SHA-256 is a fine photo, but not the signed one."""
    document = _exported(db)
    photos = document["patients"][0]["visits"][0]["photos"]
    photos[0]["image"], photos[0]["sha256"] = photos[2]["image"], photos[2]["sha256"]
    file = tmp_path / "forged.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ImportFailed) as refused:
        import_file(other, file, "tester")
    assert refused.value.errors[0].startswith("forged.json:patients[0]:visits[0]:signed.hash:")
    assert search_patients(other, include_archived=True) == []
    with other.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM photo").scalar_one() == 0


def test_changed_landmarks_of_a_signed_visit_are_refused_by_its_hash(
    db: Database, other: Database
) -> None:
    document = _exported(db)
    point = document["patients"][0]["visits"][0]["photos"][0]["landmarks"]["points"]["asis"]
    point[1] += 5
    with pytest.raises(ImportFailed, match=r"visits\[0\]:signed.hash: does not match"):
        import_document(other, document, "f.json", "tester")


def test_consent_is_imported_as_given_and_a_file_without_it_means_none(
    db: Database, other: Database
) -> None:
    document = _exported(db)
    patient = document["patients"][0]
    patient["photo_consent"] = False  # photos in the file, consent withdrawn since: kept so
    older = copy.deepcopy(patient)
    older["chart_number"] = "OLD-1"
    del older["photo_consent"]
    for visit in older["visits"]:
        visit.pop("photos")
        visit["signed"] = False
    document["patients"].append(older)
    assert import_document(other, document, "f.json", "tester") == 2
    for chart in ("P-1", "OLD-1"):
        assert not load_patient(other, patient_id_for_chart(other, chart)).draft.photo_consent
    assert len(_photos(other, "P-1")) == 4 and _photos(other, "OLD-1") == []


def test_a_file_from_before_photos_imports_and_exports_as_it_was(other: Database) -> None:
    from models.services.demo import demo_document

    document = demo_document()
    for patient in document["patients"]:
        patient.pop("photo_consent", None)
    import_document(other, document, "old.json", "tester")
    exported = export_document(other)
    assert all(p["photo_consent"] is False for p in exported["patients"])
    assert all("photos" not in v for p in exported["patients"] for v in p["visits"])
