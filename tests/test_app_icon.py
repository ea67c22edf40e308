"""The application icon: the committed SVG is what the code draws, each PNG is a render of it
at its size, and the application's windows carry it."""

from __future__ import annotations

import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from models.instance_lock import AlreadyOpen
from resources.icon import ICON_NAME, PNG_SIZES, SVG_FILE, icon_folder, png_file
from resources.icon.design import BAR, OUTPUT, SIZE, icon_svg
from ui.app_icon import app_icon, show_app_icon
from ui.desktop_entry import APP_ID, WM_CLASS
from ui.icon_render import render_icon

ROOT = Path(__file__).resolve().parent.parent
SVG_NS = "{http://www.w3.org/2000/svg}"
MID_X = SIZE / 2


def test_committed_svg_is_what_the_code_draws() -> None:
    assert OUTPUT.read_text(encoding="utf-8") == icon_svg(), (
        f"{OUTPUT.name} is stale: run `make icons`"
    )


def test_svg_is_a_square_standalone_document_without_text() -> None:
    root = ET.fromstring(icon_svg().encode("utf-8"))
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") == f"0 0 {SIZE} {SIZE}"
    assert root.find(f"{SVG_NS}title") is not None
    assert not list(root.iter(f"{SVG_NS}text"))  # nothing to read: an icon is seen, not read


def test_icon_files_are_in_the_package() -> None:
    assert (ROOT / "resources" / "icon" / "__init__.py").is_file()  # a package: it ships
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert {"*.svg", "*.png"} <= set(data["package-data"]["*"])
    folder = icon_folder()
    names = {SVG_FILE, *(png_file(size) for size in PNG_SIZES)}
    assert all(folder.joinpath(name).is_file() for name in names)
    assert {p.name for p in (ROOT / "resources" / "icon").glob("*.png")} == names - {SVG_FILE}


def _pixels(image: QImage) -> bytes:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return bytes(image.constBits())[: image.sizeInBytes()]


def _packaged(size: int) -> QImage:
    image = QImage()
    assert image.loadFromData(icon_folder().joinpath(png_file(size)).read_bytes(), "PNG")
    return image


@pytest.mark.parametrize("size", PNG_SIZES)
def test_png_has_its_size_and_shows_the_tile_the_pelvis_and_the_bar(
    qapp: QApplication, size: int
) -> None:
    image = _packaged(size)
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()

    def at(x: float, y: float) -> QColor:  # a point of the 256-unit drawing
        return image.pixelColor(int(x * size / SIZE), int(y * size / SIZE))

    assert at(0, 0).alpha() == 0  # rounded corners: transparent outside the tile
    tile = at(MID_X, 236)
    assert tile.alpha() == 255 and tile.blue() > tile.red() + 40  # deep teal
    bone = at(72, 104)  # inside the left iliac wing
    assert min(bone.red(), bone.green(), bone.blue()) > 235
    _x, bar_y, _w, bar_h = BAR
    level = at(MID_X, bar_y + bar_h / 2)
    assert level.red() > 200 and level.blue() < 120  # amber
    alpha = _pixels(image)[3::4]
    cover = sum(alpha) / 255 / len(alpha)
    assert 0.8 < cover < 0.88  # the tile: 84 % of the square, less at its rounded corners


@pytest.mark.parametrize("size", PNG_SIZES)
def test_png_is_a_fresh_render_of_the_svg(qapp: QApplication, size: int) -> None:
    fresh = _pixels(render_icon(OUTPUT.read_bytes(), size))
    committed = _pixels(_packaged(size))
    assert len(fresh) == len(committed)
    differences = [abs(a - b) for a, b in zip(fresh, committed, strict=True)]
    # Another Qt may smooth edges a little differently; a changed drawing moves far more.
    assert sum(differences) / len(differences) < 1.0, f"{png_file(size)} is stale: `make icons`"
    assert sum(1 for d in differences if d > 48) <= len(differences) // 100


def test_the_icon_offers_every_png_and_scales_the_svg_between(qapp: QApplication) -> None:
    icon = app_icon()
    assert not icon.isNull()
    for size in PNG_SIZES:
        shown = _pixels(icon.pixmap(QSize(size, size)).toImage())
        packaged = _pixels(_packaged(size))
        assert len(shown) == len(packaged)
        # A pixmap is premultiplied: turning a half-transparent edge pixel back can round by
        # one, differently on another CPU. Opaque pixels come back exactly as in the PNG.
        for at in range(0, len(packaged), 4):
            was, now = packaged[at : at + 4], shown[at : at + 4]
            if was[3] == 255:
                assert now == was, f"{png_file(size)}: pixel {at // 4} changed"
            else:
                assert max(abs(a - b) for a, b in zip(was, now, strict=True)) <= 1
    between = icon.pixmap(QSize(40, 40))
    assert (between.width(), between.height()) == (40, 40)


def test_every_window_of_the_app_gets_the_icon_before_the_first_one_opens(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ui import app as app_module

    shown: list[str] = []

    def already_open(_path: Path) -> None:
        shown.append(qapp.desktopFileName())
        raise AlreadyOpen("open elsewhere")

    monkeypatch.setattr(app_module, "lock_instance", already_open)
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: None)
    qapp.setWindowIcon(QIcon())
    qapp.setDesktopFileName("")
    assert app_module.run_app(tmp_path / "h.sqlite3") == 1
    assert shown == [APP_ID]  # set before the refusal's window
    assert _pixels(qapp.windowIcon().pixmap(QSize(48, 48)).toImage()) == _pixels(_packaged(48))
    # Qt names the X11 window class after the application: the .desktop file's
    # StartupWMClass must be the same for docks to group the windows under the menu entry.
    assert qapp.applicationName() == WM_CLASS


def test_show_app_icon_names_the_desktop_file(qapp: QApplication) -> None:
    show_app_icon(qapp)
    assert qapp.desktopFileName() == APP_ID == ICON_NAME
    assert not qapp.windowIcon().isNull()
