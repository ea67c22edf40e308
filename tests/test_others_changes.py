"""On a clinic server each window follows what other practitioners write: the list gains
their new patients and the open chart their new visits, at the next look (every few
seconds), without anyone pressing anything; a server that stops answering is said in the
status bar and the window goes on."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import sessionmaker

from models.database import Database
from models.records import PatientDraft, VisitDraft
from models.services import changes as changes_module
from models.services.changes import changes_since, newest_event
from models.services.demo import load_demo
from models.services.patients import create_patient
from models.services.visits import save_draft
from tests.test_patient_list_paging import charts, open_window
from ui.change_watch import UNREACHABLE

pytestmark = pytest.mark.both_engines


def test_the_changes_since_a_look_name_whose_charts_they_touched(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = newest_event(db)
    assert changes_since(db, start).any is False
    ana = create_patient(db, PatientDraft("C-1", "Ana", "Silva"), "Dr B")
    save_draft(db, ana, VisitDraft(date(2026, 3, 2)), "Dr B")
    changes = changes_since(db, start)
    assert changes.patients == {ana} and not changes.everyone
    assert changes_since(db, changes.newest).any is False
    load_demo(db)
    demo = changes_since(db, changes.newest)
    assert len(demo.patients) == 5 and not demo.everyone
    monkeypatch.setattr(changes_module, "MOST_PATIENTS", 4)  # too many: read the whole list
    assert changes_since(db, changes.newest).everyone


def test_the_list_and_the_chart_follow_another_practitioner(qtbot: QtBot, db: Database) -> None:
    window = open_window(qtbot, db, page_rows=50)
    if not db.on_server:
        assert window.watcher is None  # one laptop, one practitioner: nobody else writes
        return
    watcher = window.watcher
    assert watcher is not None and watcher.seen == newest_event(db)
    ana = create_patient(db, PatientDraft("C-1", "Ana", "Silva"), "Dr B")  # another laptop
    assert charts(window) == []
    watcher.look()
    assert charts(window) == ["C-1"]
    window.chart.show_patient(ana)
    assert window.chart.timeline_model.rowCount() == 0
    save_draft(db, ana, VisitDraft(date(2026, 3, 2)), "Dr B")
    watcher.look()
    assert window.chart.timeline_model.rowCount() == 1


def test_a_server_that_stops_answering_is_said_and_the_window_goes_on(
    qtbot: QtBot, db: Database
) -> None:
    if not db.on_server:
        pytest.skip("only a clinic server is watched")
    window = open_window(qtbot, db, page_rows=50)
    watcher = window.watcher
    assert watcher is not None
    factory, refusing = db.session_factory, _refusing_engine()
    db.session_factory = sessionmaker(refusing)
    try:
        watcher.look()
        assert window.statusBar().currentMessage() == UNREACHABLE
    finally:
        refusing.dispose()
        db.session_factory = factory
    watcher.look()
    assert window.statusBar().currentMessage() == f"Database: {db.location}"


def _refusing_engine() -> Engine:
    """An engine whose server never answers (nothing listens on port 1)."""
    return create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
