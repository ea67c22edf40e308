"""Help menu: F1 opens the guide from anywhere, the shortcut list is read from the actions,
About names the version, the database file and its schema."""

from __future__ import annotations

from importlib.metadata import version
from importlib.resources import files

import pytest
from PySide6.QtCore import QByteArray, QSize, Qt, QUrl
from PySide6.QtGui import QAction, QImage, QKeySequence, QTextDocument
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from charting.readings import Dimension
from charting.tolerances import Tolerances
from charting.vocabulary import DIMENSION_TERMS, SIGNS, TILT_SIGN
from models.database import Database
from models.migrate import head_revision
from models.settings import Settings
from ui.background import SyncRunner
from ui.context import AppContext
from ui.help.dialogs import (
    ABOUT_ICON,
    PICTURE_WIDTH,
    SIGN_PICTURE,
    AboutDialog,
    GuideDialog,
    ShortcutsDialog,
)
from ui.help.guide_text import PICTURE_URL
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


def test_the_guide_shows_the_packaged_sign_picture(qtbot: QtBot, window: MainWindow) -> None:
    guide = window.help.guide()
    qtbot.addWidget(guide)
    assert f'<img src="{PICTURE_URL}"' in guide.browser.toHtml()
    picture = guide.browser.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl(PICTURE_URL)
    )
    assert isinstance(picture, QImage) and not picture.isNull()
    packaged = QSvgRenderer(QByteArray(files("resources").joinpath(SIGN_PICTURE).read_bytes()))
    assert packaged.isValid()
    wanted = packaged.defaultSize()  # the picture the docs show, at the guide's width
    shown = picture.deviceIndependentSize()
    assert shown.width() == PICTURE_WIDTH
    assert abs(shown.height() - PICTURE_WIDTH * wanted.height() / wanted.width()) < 1
    blue = dark = 0
    for x in range(0, picture.width(), 3):
        for y in range(0, picture.height(), 3):
            colour = picture.pixelColor(x, y)
            dark += colour.lightness() < 100
            blue += colour.blue() > 150 and colour.red() < 60  # the + arrows and their words
    assert dark > 200 and blue > 100


def test_the_guide_spells_signs_and_dimensions_as_the_vocabulary(
    qtbot: QtBot, window: MainWindow
) -> None:
    guide = window.help.guide()
    qtbot.addWidget(guide)
    text = guide.browser.toPlainText()
    assert TILT_SIGN in text
    for dimension in Dimension:
        assert f"{DIMENSION_TERMS[dimension].label}, {SIGNS[dimension]}" in text
    assert "searches names, chart numbers, birth dates and what was written at visits" in text
    assert "last visit's complaints (to be rated again), hypothesis and exercise plan" in text


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
    icon = about.icon.pixmap()  # the application icon beside the first line, 64 px
    assert not icon.isNull()
    assert icon.deviceIndependentSize().toSize() == QSize(ABOUT_ICON, ABOUT_ICON) == QSize(64, 64)
    assert QApplication.activeModalWidget() is None  # a window beside the app, not in its way
