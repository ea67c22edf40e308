"""A signed visit's photos under the locks, `holdfast check`, backups and restores: the
photo triggers are reported and put back when missing, landmarks changed by hand break the
visit's hash, and a restored backup gives back every image byte for byte."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from models.backup import backup_database
from models.database import Database, open_database
from models.restore import restore_backup
from models.services.photos import photo_image, visit_photos
from models.services.tamper import verify_visit
from models.services.visits import load_visit
from tests.photo_visits import photo_visit
from tests.test_tamper_check import as_attacker, check, line_of


@pytest.mark.both_engines
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE photo SET landmarks = '' WHERE visit_id = :visit",
        "UPDATE photo SET visit_id = visit_id WHERE visit_id = :visit",
        "DELETE FROM photo WHERE visit_id = :visit",
        "INSERT INTO photo (visit_id, phase, view, media_type, width, height, sha256, image,"
        " thumbnail, landmarks, created_at) SELECT visit_id, phase, view, media_type, width,"
        " height, sha256, image, thumbnail, landmarks, created_at FROM photo"
        " WHERE visit_id = :visit",
    ],
)
def test_a_signed_visits_photos_cannot_be_changed_removed_or_added(
    db: Database, statement: str
) -> None:
    visit = photo_visit(db).visit_id
    before = [photo_image(db, info.id) for info in visit_photos(db, visit)]
    with pytest.raises(DBAPIError, match=r"locked|signed"), db.engine.begin() as connection:
        connection.execute(text(statement), {"visit": visit})
    assert [photo_image(db, info.id) for info in visit_photos(db, visit)] == before
    assert verify_visit(load_visit(db, visit))
    if db.engine.dialect.name == "postgresql":  # migration 0010 made the images bytea there
        with db.engine.connect() as connection:
            kinds = connection.execute(
                text(
                    "SELECT column_name, data_type FROM information_schema.columns"
                    " WHERE table_name = 'photo' AND column_name IN ('image', 'thumbnail')"
                )
            ).all()
        assert sorted(kinds) == [("image", "bytea"), ("thumbnail", "bytea")]


def _made(db_path: Path) -> int:
    db = open_database(db_path)
    try:
        return photo_visit(db).visit_id
    finally:
        db.close()


def test_dropped_photo_triggers_are_reported_then_put_back(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _made(db_path)
    as_attacker(db_path, drop=("photo_locked_update", "photo_locked_delete"))
    code, out = check(db_path, capsys)
    assert code == 1
    assert line_of(out, "lock triggers").startswith(
        "lock triggers missing: photo_locked_update, photo_locked_delete"
    )
    open_database(db_path).close()  # opening puts them back (and audits it)
    assert check(db_path, capsys)[0] == 0
    with sqlite3.connect(db_path) as connection, pytest.raises(sqlite3.IntegrityError):
        connection.execute("DELETE FROM photo")
    connection.close()


def test_landmarks_changed_by_hand_on_a_signed_visit_break_its_hash(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    visit = _made(db_path)
    as_attacker(
        db_path,
        "UPDATE photo SET landmarks = replace(landmarks, '\"asis\":[', '\"asis\":[1')"
        f" WHERE id = (SELECT min(id) FROM photo WHERE visit_id = {visit})",
        drop=("photo_locked_update",),
    )
    code, out = check(db_path, capsys)
    assert code == 1
    assert line_of(out, "signed visits") == (
        "signed visits 1 of 1 changed since signing (content does not match its hash): "
        f"visit {visit} (chart P-1)"
    )
    db = open_database(db_path)
    try:
        assert not verify_visit(load_visit(db, visit))
    finally:
        db.close()


def test_a_backup_restores_every_photo_byte_for_byte_and_the_visit_still_verifies(
    db: Database, db_path: Path
) -> None:
    visit = photo_visit(db).visit_id
    before = {info.id: photo_image(db, info.id) for info in visit_photos(db, visit)}
    marks = [info.marks for info in visit_photos(db, visit)]
    backup = backup_database(db.engine, db_path)
    db.close()
    restored = restore_backup(db_path, backup, "tester")
    try:
        infos = visit_photos(restored.db, visit)
        assert {info.id: photo_image(restored.db, info.id) for info in infos} == before
        assert [info.marks for info in infos] == marks
        assert verify_visit(load_visit(restored.db, visit))
    finally:
        restored.db.close()
