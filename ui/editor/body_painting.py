"""Painting the body chart: skin, region edges, pain shading, scores, L/R badges, NPRS legend.

Positions are in figure units (see body_outline) mapped to pixels by the widget's transform;
text sizes scale with it but never drop below a readable 9 px.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QTransform

from ui.editor.body_outline import AREAS, VIEW_CENTRES

# NPRS 0-10, light to dark (ColorBrewer YlOrRd): lightness falls with every step, so the
# order survives greyscale print and red-green colour blindness.
PAIN_COLOURS = (
    "#ffe998", "#fedb7b", "#fec45f", "#fea948", "#fd903d", "#fc6631",
    "#f54026", "#e41c1d", "#ca0923", "#a80026", "#800026",
)  # fmt: skip
SKIN = QColor("#f2efeb")
OUTLINE = QColor("#5b5f66")
DIVIDER = QColor("#c9c3bc")
HOVER = QColor(0, 114, 178, 70)  # Okabe-Ito blue, translucent
FOCUS = QColor("#0072B2")
LEGEND_X = 178.0

PainByRegion = Mapping[tuple[str, str], int]


def pain_colour(pain: int) -> QColor:
    """The fill for an NPRS score, clamped to 0-10."""
    return QColor(PAIN_COLOURS[max(0, min(10, pain))])


class DiagramPainter:
    """One paint of the chart: wraps the painter with the widget's transform, font and text
    colour, so each layer is a short method."""

    def __init__(
        self,
        painter: QPainter,
        transform: QTransform,
        scale: float,
        font: QFont,
        text: QColor,
    ) -> None:
        self.painter = painter
        self.transform = transform
        self.scale = scale
        self.base_font = font
        self.text = text

    def shapes(
        self,
        silhouettes: Sequence[QPainterPath],
        dividers: QPainterPath,
        shapes: Sequence[QPainterPath],
        pain: PainByRegion,
        hovered: tuple[str, str] | None,
        focused: QPainterPath | None,
    ) -> None:
        """Skin, region edges, pain fills, the hover tint, outlines, then the focus ring."""
        painter = self.painter
        for silhouette in silhouettes:
            painter.fillPath(silhouette, SKIN)
        painter.strokePath(dividers, QPen(DIVIDER, 0.8))
        for area, shape in zip(AREAS, shapes, strict=True):
            if area.key in pain:
                colour = pain_colour(pain[area.key])
                painter.fillPath(shape, colour)
                painter.strokePath(shape, QPen(colour.darker(140), 1.0))
            if area.key == hovered:
                painter.fillPath(shape, HOVER)
        stroke = max(1.0, self.scale * 0.9)
        for silhouette in silhouettes:
            painter.strokePath(silhouette, QPen(OUTLINE, stroke))
        if focused is not None:
            pen = QPen(FOCUS, max(2.0, self.scale * 1.4))
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.strokePath(focused, pen)

    def _to_widget(self, x: float, y: float) -> QPointF:
        return self.transform.map(QPointF(x, y))

    def _font(self, units: float, bold: bool = False) -> QFont:
        font = QFont(self.base_font)
        font.setPixelSize(max(9, round(units * self.scale)))
        font.setBold(bold)
        return font

    def scores(self, points: Sequence[QPointF], pain: PainByRegion) -> None:
        """Each complained region's score, printed well inside it."""
        self.painter.setFont(self._font(6.5, bold=True))
        for area, point in zip(AREAS, points, strict=True):
            score = pain.get(area.key)
            if score is not None:
                self._score(QRectF(point.x() - 20, point.y() - 20, 40, 40), score)

    def _score(self, box: QRectF, pain: int) -> None:
        self.painter.setPen(QColor("white") if pain >= 5 else QColor("#222222"))
        self.painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(pain))

    def legend(self) -> None:
        """The NPRS scale, 10 at the top, so a shade can be read back as a score."""
        painter, to_widget = self.painter, self._to_widget
        painter.setPen(self.text)
        painter.setFont(self._font(6.5, bold=True))
        title = QRectF(to_widget(LEGEND_X - 14, 44), to_widget(LEGEND_X + 14, 54))
        painter.drawText(title, Qt.AlignmentFlag.AlignCenter, "Pain")
        for pain in range(11):
            top = 56 + (10 - pain) * 10
            box = QRectF(to_widget(LEGEND_X - 7, top), to_widget(LEGEND_X + 7, top + 10))
            painter.fillRect(box, pain_colour(pain))
            if pain % 2 == 0 or box.height() >= 12:  # odd numbers only where they fit
                self._score(box, pain)
        frame = QRectF(to_widget(LEGEND_X - 7, 56), to_widget(LEGEND_X + 7, 166))
        painter.setPen(QPen(DIVIDER, 1.0))
        painter.drawRect(frame)
        painter.setPen(self.text)
        painter.setFont(self._font(5.5))
        note = QRectF(to_widget(LEGEND_X - 16, 168), to_widget(LEGEND_X + 16, 180))
        painter.drawText(note, Qt.AlignmentFlag.AlignCenter, "NPRS")

    def labels(self) -> None:
        """'Front' and 'Back' under the figures, L and R badges beside their heads."""
        for view, centre in VIEW_CENTRES.items():
            self.painter.setPen(self.text)
            self.painter.setFont(self._font(8, bold=True))
            caption = QRectF(self._to_widget(centre - 30, 219), self._to_widget(centre + 30, 233))
            self.painter.drawText(caption, Qt.AlignmentFlag.AlignCenter, view.capitalize())
            left_x = 1 if view == "front" else -1
            for letter, sign in (("L", left_x), ("R", -left_x)):
                self._badge(self._to_widget(centre + sign * 24, 10), letter)

    def _badge(self, at: QPointF, letter: str) -> None:
        painter = self.painter
        radius = max(8.0, 6.0 * self.scale)
        painter.setPen(QPen(OUTLINE, max(1.0, self.scale * 0.6)))
        painter.setBrush(QColor("white"))
        painter.drawEllipse(at, radius, radius)
        painter.setPen(QColor("#222222"))
        painter.setFont(self._font(7.5, bold=True))
        box = QRectF(at.x() - radius, at.y() - radius, 2 * radius, 2 * radius)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, letter)
        painter.setBrush(Qt.BrushStyle.NoBrush)
