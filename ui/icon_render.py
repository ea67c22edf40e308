"""Render the icon's PNGs from `holdfast.svg` with Qt's SVG renderer.

`python -m ui.icon_render` (or `make icons`, which first redraws the SVG) writes
`resources/icon/holdfast-<N>.png` for every size in `PNG_SIZES`; the tests render again
and compare.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

import resources.icon
from resources.icon import PNG_SIZES, SVG_FILE, png_file

SOURCE = Path(resources.icon.__file__).resolve().parent  # the checkout's resources/icon


def render_icon(svg: bytes, size: int) -> QImage:
    """`svg` drawn into a transparent `size` x `size` image, antialiased."""
    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise ValueError("the icon's SVG does not parse")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def main() -> int:
    """Write every PNG size next to the SVG in the source tree."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window: runs over ssh and in CI
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = (SOURCE / SVG_FILE).read_bytes()
    for size in PNG_SIZES:
        if not render_icon(svg, size).save(str(SOURCE / png_file(size))):
            print(f"could not write {png_file(size)}", file=sys.stderr)
            return 1
    print(f"wrote {len(PNG_SIZES)} PNGs ({', '.join(map(str, PNG_SIZES))} px) to icon/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
