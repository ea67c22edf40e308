"""Importing from the GUI reads the file as strictly as `holdfast import` does."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from models.database import Database
from models.services.patients import search_patients
from tests.dialogs import answer_next_box
from ui.actions.data import import_file
from ui.background import SyncRunner
from ui.context import AppContext
from ui.main_window import MainWindow


def test_a_key_given_twice_is_refused_not_read_as_the_last_one(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    """Python's json keeps the last of two equal keys without a word: this file would have
    imported an archived patient."""
    window = MainWindow(AppContext(db, SyncRunner()))
    qtbot.addWidget(window)
    window.show()
    file = tmp_path / "twice.json"
    file.write_text(
        '{"format": "holdfast", "version": 1, "patients": [{"chart_number": "X-1",'
        ' "first_name": "Ida", "last_name": "Lund", "archived": false, "archived": true}]}'
    )
    seen = answer_next_box(qtbot)
    import_file(window.context, window, str(file))
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0].startswith("twice.json: not valid JSON (the key 'archived' appears twice")
    assert seen[0].endswith("Nothing was imported.")
    assert search_patients(db, include_archived=True) == []
