"""The full-text index after an import filled once at the end (models/exchange_index.py):
the same text the schema's triggers build, the triggers set aside only inside the import's
transaction, and back, as the schema defines them, whatever happens."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from models.database import Database, open_database
from models.exchange_format import ImportFailed
from models.exchange_import import BATCH
from models.exchange_index import SET_ASIDE
from models.exchange_write import BulkWriter
from models.lock_triggers import trigger_state
from models.services.exchange import import_file
from models.services.patients import search_patients
from tests.test_exchange_streaming import bad_last_patient_file, practice_file

SEARCH = importlib.import_module("models.migrations.versions.0005_visit_search")
INDEXED = "SELECT rowid, notes, hypothesis, complaints, addenda FROM visit_search ORDER BY rowid"


def _triggers(connection: Any) -> set[str]:
    rows = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
    return {name for (name,) in rows}


def test_the_index_after_an_import_is_what_the_triggers_build(
    demo_db: Database, tmp_path: Path
) -> None:
    file = practice_file(demo_db, BATCH + 3, tmp_path, visits=2)
    document = json.loads(file.read_text())
    visit = document["patients"][-1]["visits"][0]
    visit["note"]["subjective"] = "zwiebelturm knee"
    del visit["signed"]["hash"]  # signed anew with this text (nothing to contradict)
    file.write_text(json.dumps(document))
    import_file(demo_db, file, "tester")
    with demo_db.engine.connect() as connection:
        indexed = connection.execute(text(INDEXED)).all()
        built = connection.execute(text(f"{SEARCH.DOCUMENT} ORDER BY v.id")).all()
    # Every visit's row, the demo's and the imported ones (signed, with addenda, complaints
    # and findings), equals the text the schema's trigger builds from what is stored.
    assert indexed == built
    assert [p.chart_number for p in search_patients(demo_db, "zwiebel")] == [f"S-{BATCH + 2:05d}"]


def test_the_index_triggers_are_set_aside_only_while_the_import_writes(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen_inside: list[set[str]] = []
    write = BulkWriter.write

    def write_and_look(self: BulkWriter, batch: Any) -> None:
        write(self, batch)
        names = self._cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        seen_inside.append({name for (name,) in names})
        with demo_db.engine.connect() as other:  # what every other connection sees
            assert set(SET_ASIDE) <= _triggers(other)

    monkeypatch.setattr(BulkWriter, "write", write_and_look)
    import_file(demo_db, practice_file(demo_db, BATCH + 3, tmp_path), "tester")
    # Inside the import's transaction the per-row index triggers did not run...
    assert seen_inside and all(not (set(SET_ASIDE) & names) for names in seen_inside)
    with demo_db.engine.connect() as connection:  # ...and they were back before the commit
        assert trigger_state(connection).ok
    # A small import keeps them: a few milliseconds of triggers, the schema left as it is.
    seen_inside.clear()
    small = practice_file(demo_db, 3, tmp_path, visits=2)
    small.write_text(small.read_text().replace('"S-', '"T-'))  # chart numbers not yet taken
    import_file(demo_db, small, "tester")
    assert seen_inside and all(set(SET_ASIDE) <= names for names in seen_inside)


def test_a_refused_import_leaves_every_trigger_and_the_index_as_they_were(
    demo_db: Database, tmp_path: Path
) -> None:
    file = bad_last_patient_file(demo_db, tmp_path)
    with demo_db.engine.connect() as connection:
        before = connection.execute(text(INDEXED)).all()
    with pytest.raises(ImportFailed):
        import_file(demo_db, file, "tester")  # refused after two batches were written
    demo_db.close()
    reopened = open_database(demo_db.path)
    with reopened.engine.connect() as connection:
        assert trigger_state(connection).ok
        assert connection.execute(text(INDEXED)).all() == before
    reopened.close()
