"""Archive and restore through the real menus: the entry follows the state, the header and
the list say "archived", and charting an archived patient asks first (pytest-qt, offscreen)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from models.database import Database
from models.orm import AuditEvent
from models.services.patients import patient_id_for_chart, search_patients
from tests.dialogs import click, open_box
from ui.background import SyncRunner
from ui.context import AppContext
from ui.main_window import MainWindow

pytestmark = pytest.mark.both_engines  # the services on SQLite and on a clinic server


@pytest.fixture
def window(qtbot: QtBot, demo_db: Database) -> MainWindow:
    main = MainWindow(AppContext(demo_db, SyncRunner()))
    qtbot.addWidget(main)
    main.show()
    main.open_chart("R-001")
    return main


def menu_entries(window: MainWindow, title: str) -> dict[str, QAction]:
    (menu,) = [a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == title]
    return {a.text().replace("&", "").rstrip("…"): a for a in menu.actions() if a.text()}


def is_archived(db: Database, patient_id: int) -> bool:
    (patient,) = [p for p in search_patients(db, include_archived=True) if p.id == patient_id]
    return patient.archived


def audit_actions(db: Database, patient_id: int) -> list[str]:
    with db.session() as session:
        query = select(AuditEvent.action).where(
            AuditEvent.entity == "patient", AuditEvent.entity_id == patient_id
        )
        return list(session.scalars(query.order_by(AuditEvent.id)))


def test_archive_names_the_patient_and_restore_brings_them_back(
    qtbot: QtBot, window: MainWindow, demo_db: Database
) -> None:
    patient_id = patient_id_for_chart(demo_db, "R-001")
    entries = menu_entries(window, "Patient")
    assert "Restore from archive" not in entries
    entries["Archive patient"].trigger()
    box = open_box(window)
    assert "Maya Okafor (R-001)" in box.text()
    assert box.defaultButton().text() == "Cancel"
    click(qtbot, box, "Cancel")
    assert not is_archived(demo_db, patient_id)

    entries["Archive patient"].trigger()
    click(qtbot, open_box(window), "Archive")
    assert is_archived(demo_db, patient_id)
    assert "archived" in window.chart.header.text().lower()
    assert window.patient_list.model.rowCount() == 4  # hidden from the list
    entries = menu_entries(window, "Patient")
    assert "Archive patient" not in entries

    entries["Restore from archive"].trigger()
    assert not is_archived(demo_db, patient_id)
    assert "archived" not in window.chart.header.text().lower()
    assert window.patient_list.model.rowCount() == 5
    assert "Archive patient" in menu_entries(window, "Patient")
    assert audit_actions(demo_db, patient_id)[-2:] == ["archive", "restore"]
    with demo_db.session() as session:
        restore = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert restore is not None
    assert (json.loads(restore.before), json.loads(restore.after)) == (True, False)


def test_the_list_marks_archived_patients_when_they_are_shown(
    qtbot: QtBot, window: MainWindow, demo_db: Database
) -> None:
    menu_entries(window, "Patient")["Archive patient"].trigger()
    click(qtbot, open_box(window), "Archive")
    menu_entries(window, "View")["Show archived patients"].trigger()
    model = window.patient_list.model
    assert model.rowCount() == 5
    (row,) = [r for r in range(5) if model.data(model.index(r, 0)) == "R-001"]
    assert model.data(model.index(row, 1)) == "Okafor, Maya (archived)"
    assert model.data(model.index(row, 1), Qt.ItemDataRole.ForegroundRole) is not None
    assert "Restore from archive" in model.data(model.index(row, 1), Qt.ItemDataRole.ToolTipRole)
    others = [r for r in range(5) if r != row]
    assert all(
        model.data(model.index(r, 1), Qt.ItemDataRole.ForegroundRole) is None for r in others
    )


def test_a_new_visit_for_an_archived_patient_asks_first(
    qtbot: QtBot, window: MainWindow, demo_db: Database
) -> None:
    patient_id = patient_id_for_chart(demo_db, "R-001")
    menu_entries(window, "Patient")["Archive patient"].trigger()
    click(qtbot, open_box(window), "Archive")

    window.visit_actions["new"].trigger()
    box = open_box(window)
    assert box.text().startswith("Maya Okafor (R-001) is archived.")
    assert box.defaultButton().text() == "Cancel"
    click(qtbot, box, "Cancel")
    assert window.editor.patient_id is None
    assert is_archived(demo_db, patient_id)

    window.visit_actions["new"].trigger()
    click(qtbot, open_box(window), "Restore and start visit")
    assert window.editor.patient_id == patient_id and window.editor.visit_id is None
    assert not is_archived(demo_db, patient_id)
    assert "archived" not in window.chart.header.text().lower()
    assert audit_actions(demo_db, patient_id)[-1] == "restore"


def test_a_new_visit_for_an_active_patient_asks_nothing(
    qtbot: QtBot, window: MainWindow, demo_db: Database
) -> None:
    window.visit_actions["new"].trigger()
    assert not [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert window.editor.patient_id == patient_id_for_chart(demo_db, "R-001")
