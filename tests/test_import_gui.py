"""Importing from the GUI reads the file as strictly as `holdfast import` does."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from models.database import Database
from models.services.patients import search_patients
from tests.exchange_gui import click, close, fill_in, open_from_menu, window_for


def test_a_key_given_twice_is_refused_not_read_as_the_last_one(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    """Python's json keeps the last of two equal keys without a word: this file would have
    imported an archived patient."""
    window = window_for(qtbot, db)
    file = tmp_path / "twice.json"
    file.write_text(
        '{"format": "holdfast", "version": 1, "patients": [{"chart_number": "X-1",'
        ' "first_name": "Ida", "last_name": "Lund", "archived": false, "archived": true}]}'
    )
    dialog = open_from_menu(window, "Import…")
    fill_in(qtbot, dialog, "json", file)
    click(qtbot, dialog.start_button)
    seen = dialog.details.toPlainText()
    assert seen.startswith("twice.json: not valid JSON (the key 'archived' appears twice")
    assert seen.endswith("Nothing was imported.")
    close(qtbot, dialog)
    assert search_patients(db, include_archived=True) == []
