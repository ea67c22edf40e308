"""Help ▸ Guide, Keyboard shortcuts and About: windows that read, never change, anything."""

from __future__ import annotations

import platform
from importlib.resources import files

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QByteArray, QSize, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QPainter, QTextDocument
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from charting.tolerances import Tolerances
from models.version import VERSION
from ui.app_icon import icon_pixmap
from ui.help.guide_text import PICTURE_URL, guide_html
from ui.shortcuts import ShortcutRow

# The picture docs/clinical-model.md shows, shipped with the package; drawn this many
# logical pixels wide in the guide.
SIGN_PICTURE = "sign-conventions.svg"
PICTURE_WIDTH = 720
ABOUT_ICON = 64  # logical pixels: the application icon beside the About box's first line


def sign_conventions_image(ratio: float = 1.0) -> QImage:
    """The packaged sign-convention picture, rendered for a screen of pixel `ratio`."""
    renderer = QSvgRenderer(QByteArray(files("resources").joinpath(SIGN_PICTURE).read_bytes()))
    size = renderer.defaultSize()
    logical = QSize(PICTURE_WIDTH, round(size.height() * PICTURE_WIDTH / size.width()))
    image = QImage(logical * ratio, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    image.setDevicePixelRatio(ratio)
    return image


def close_button(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    return buttons


class GuideDialog(QDialog):
    """The short guide, with the sign-convention picture drawn sharp for this screen.

    `rows` are the menus' actions: the guide names each by its keys, or its menu if it has none.
    """

    def __init__(
        self, rows: list[ShortcutRow], tolerances: Tolerances, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Holdfast guide")
        self.resize(800, 640)
        keys = {row.action: row.keys or f"{row.menu} ▸ {row.action}" for row in rows}
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(True)
        self.browser.document().addResource(
            QTextDocument.ResourceType.ImageResource,
            QUrl(PICTURE_URL),
            sign_conventions_image(self.devicePixelRatioF()),
        )
        self.browser.setHtml(guide_html(keys, tolerances))
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(close_button(self))


class ShortcutsDialog(QDialog):
    """Every shortcut of the window's menus, read from the actions when it opens."""

    def __init__(self, rows: list[ShortcutRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 600)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Keys", "Does", "Menu"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for number, row in enumerate(rows):
            for column, text in enumerate((row.keys, row.action, row.menu)):
                self.table.setItem(number, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        note = QLabel(
            "They work wherever the focus is, except select all, cut, copy, paste and undo, "
            "which keep their meaning in text fields. In tables, F2 or a double-click edits "
            "a cell; in a date box F4 opens a calendar."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(note)
        layout.addWidget(close_button(self))


class AboutDialog(QDialog):
    """Version, database file and schema version; the schema is filled in when read."""

    def __init__(self, database: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Holdfast")
        self.version = QLabel(VERSION)
        self.database = QLabel(database)
        self.schema = QLabel("reading…")
        self.runtime = QLabel(f"Python {platform.python_version()}, Qt for Python {pyside_version}")
        for label in (self.version, self.database, self.schema, self.runtime):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.database.setWordWrap(True)
        intro = QLabel(
            "<b>Holdfast</b>: offline charting for manual therapists who treat runners. "
            "Did the pelvic correction hold?"
        )
        intro.setWordWrap(True)
        self.icon = QLabel()
        self.icon.setPixmap(icon_pixmap(ABOUT_ICON, self.devicePixelRatioF()))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        heading = QHBoxLayout()
        heading.setSpacing(16)
        heading.addWidget(self.icon)
        heading.addWidget(intro, 1)
        form = QFormLayout()
        form.addRow("Version", self.version)
        form.addRow("Database", self.database)
        form.addRow("Schema version", self.schema)
        form.addRow("Running on", self.runtime)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addLayout(form)
        layout.addWidget(close_button(self))
        self.setMinimumWidth(520)

    def show_schema(self, found: tuple[str | None, str]) -> None:
        current, expected = found
        text = current or "none"
        if current != expected:
            text += f" (this Holdfast expects {expected})"
        self.schema.setText(text)
