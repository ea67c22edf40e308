"""The application icon in Qt: windows, the taskbar and the About box all show it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication

from resources.icon import PNG_SIZES, SVG_FILE, icon_folder, png_file
from ui.desktop_entry import APP_ID


def app_icon() -> QIcon:
    """The SVG for any size, with the exact PNG at each size there is one for."""
    icon = QIcon()
    folder = icon_folder()
    svg = folder.joinpath(SVG_FILE)
    if isinstance(svg, Path):  # first, so the SVG icon engine holds the PNGs too
        icon.addFile(str(svg))
    for size in PNG_SIZES:
        pixmap = QPixmap()
        if pixmap.loadFromData(folder.joinpath(png_file(size)).read_bytes(), "PNG"):
            icon.addPixmap(pixmap)
    return icon


def icon_pixmap(size: int, ratio: float = 1.0) -> QPixmap:
    """The icon `size` logical pixels square, sharp on a screen of pixel `ratio`."""
    return app_icon().pixmap(QSize(size, size), ratio)


def show_app_icon(app: QApplication) -> None:
    """Every window's icon, and the .desktop file Wayland and GNOME match the windows to."""
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(APP_ID)
