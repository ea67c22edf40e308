"""Help menu: F1 opens the guide from anywhere, the shortcut list is read from the actions,
About names the version, the database file and its schema."""

from __future__ import annotations

from importlib.metadata import version

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QImage, QKeySequence, QTextDocument
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from charting.tolerances import Tolerances
from models.database import Database
from models.migrate import head_revision
from models.settings import Settings
from ui.background import SyncRunner
from ui.context import AppContext
from ui.help.dialogs import AboutDialog, GuideDialog, ShortcutsDialog
from ui.help.guide_text import PICTURE_URL
from ui.help.sign_picture import PANEL_W, PANELS
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, db: Database) -> MainWindow:
    context = AppContext(db, SyncRunner())
    context.save_settings(Settings(tolerances=Tolerances(asymmetry_deg=3.5)))
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    return main


def menu_action(window: MainWindow, menu: str, text: str) -> QAction:
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == menu and (sub := action.menu()) is not None:
            for item in sub.actions():
                if item.text().replace("&", "") == text:
                    return item
    raise AssertionError(f"no {menu} ▸ {text}")


def test_f1_opens_the_guide_from_the_search_box(qtbot: QtBot, window: MainWindow) -> None:
    search = window.patient_list.search
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    qtbot.keyClick(search, Qt.Key.Key_F1)
    guide = window.help.open.get("guide")
    assert isinstance(guide, GuideDialog) and guide.isVisible()
    qtbot.addWidget(guide)
    text = guide.browser.toPlainText()
    for heading in ("Charting a visit", "Did the correction hold?", "Sign conventions"):
        assert heading in text
    assert "drift = before (next visit) − after (this visit)" in text
    assert "+ when the pelvis is turned to the patient's right" in text
    assert "asymmetry 3.5°" in text  # the practice's own tolerance, not a copy of the default
    new_visit = menu_action(window, "Visit", "New visit").shortcut().toString()
    assert f"Start the visit with {new_visit}." in text
    assert "written to the audit trail (Patient ▸ Audit trail)" in text  # no keys: its menu
    qtbot.keyClick(guide.browser, Qt.Key.Key_F1)  # asked again: the same window, in front
    assert window.help.open["guide"] is guide


def test_the_guide_shows_keys_as_the_actions_have_them(qtbot: QtBot, window: MainWindow) -> None:
    menu_action(window, "Visit", "Sign visit…").setShortcut(QKeySequence("Ctrl+Alt+S"))
    guide = window.help.guide()
    qtbot.addWidget(guide)
    assert "Sign with Ctrl+Alt+S when the visit is complete" in guide.browser.toPlainText()


def test_the_sign_convention_picture_is_drawn_in_every_panel(
    qtbot: QtBot, window: MainWindow
) -> None:
    guide = window.help.guide()
    qtbot.addWidget(guide)
    picture = guide.browser.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl(PICTURE_URL)
    )
    assert isinstance(picture, QImage) and not picture.isNull()
    scale = picture.width() / (PANEL_W * len(PANELS))
    for number in range(len(PANELS)):
        dark = blue = 0
        for x in range(int(number * PANEL_W * scale), int((number + 1) * PANEL_W * scale), 2):
            for y in range(0, picture.height(), 2):
                colour = picture.pixelColor(x, y)
                dark += colour.lightness() < 100
                blue += colour.blue() > 150 and colour.red() < 60  # the + arrow and its words
        assert dark > 100 and blue > 50, f"{PANELS[number]}: {dark} dark, {blue} blue pixels"


def test_shortcut_list_is_read_from_the_actions(qtbot: QtBot, window: MainWindow) -> None:
    find = menu_action(window, "Patient", "Find patient")
    find.setShortcut(QKeySequence("Ctrl+K"))
    shortcuts = window.help.shortcuts()
    qtbot.addWidget(shortcuts)
    assert isinstance(shortcuts, ShortcutsDialog)
    table = shortcuts.table
    listed = {(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())}
    assert ("Ctrl+K", "Find patient") in listed and ("Ctrl+F", "Find patient") not in listed
    assert ("F1", "Guide") in listed
    in_menus = {a for menu in window.findChildren(QMenu) for a in menu.actions()}
    with_keys = [a for a in in_menus if not a.shortcut().isEmpty()]
    assert table.rowCount() == len(with_keys)


def test_about_names_version_database_and_schema(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    menu_action(window, "Help", "About Holdfast").trigger()
    about = window.help.open["about"]
    qtbot.addWidget(about)
    assert isinstance(about, AboutDialog)
    assert about.version.text() == version("holdfast-charting")
    assert about.database.text() == str(db.path)
    assert about.schema.text() == head_revision()
    assert QApplication.activeModalWidget() is None  # a window beside the app, not in its way
