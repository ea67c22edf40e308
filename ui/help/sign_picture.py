"""The sign conventions as a picture for the guide, drawn with QPainter (no image files).

Three panels: tilt seen from the patient's left side, rotation seen from above, obliquity
seen from the front. Each shows the + direction with an arrow; left and right are the
patient's own sides (docs/clinical-model.md, "Sign conventions").
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen, QPolygonF

PANEL_W, PANEL_H = 240, 250
BONE, OUTLINE = QColor("#ece6da"), QColor("#6b6357")
INK, PLUS, GUIDE = QColor("#222222"), QColor("#0072b2"), QColor("#777777")
PANELS = ("tilt", "rotation", "obliquity")


def sign_conventions_image(scale: float = 1.0) -> QImage:
    """The three panels side by side, `scale` times 720 x 250 pixels, on white."""
    image = QImage(int(3 * PANEL_W * scale), int(PANEL_H * scale), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(scale, scale)
    for number, draw in enumerate((_tilt, _rotation, _obliquity)):
        painter.save()
        painter.translate(number * PANEL_W, 0)
        if number:
            painter.setPen(QPen(QColor("#dddddd")))
            painter.drawLine(QPointF(0, 12), QPointF(0, PANEL_H - 12))
        draw(painter)
        painter.restore()
    painter.end()
    return image


def _title(painter: QPainter, title: str, seen_from: str) -> None:
    _text(painter, QPointF(PANEL_W / 2, 22), title, INK, 11, bold=True)
    _text(painter, QPointF(PANEL_W / 2, 40), seen_from, GUIDE, 8)


def _text(
    painter: QPainter, centre: QPointF, words: str, colour: QColor, size: int, bold: bool = False
) -> None:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    painter.setFont(font)
    painter.setPen(QPen(colour))
    box = QRectF(centre.x() - PANEL_W / 2 + 4, centre.y() - 10, PANEL_W - 8, 20)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, words)


def _arrow(painter: QPainter, path: QPainterPath, colour: QColor, width: float = 2.5) -> None:
    """`path` stroked, with a head at its end pointing along it."""
    painter.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    tip = path.pointAtPercent(1.0)
    angle = math.radians(path.angleAtPercent(1.0))  # degrees counter-clockwise, y up
    back = QPointF(-math.cos(angle), math.sin(angle))
    side = QPointF(-back.y(), back.x())
    head = QPolygonF([tip, tip + back * 10 + side * 5, tip + back * 10 - side * 5])
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawPolygon(head)


def _bone(painter: QPainter) -> None:
    painter.setPen(QPen(OUTLINE, 1.5))
    painter.setBrush(BONE)


def _dot(painter: QPainter, at: QPointF, label: str, below: bool) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(INK)
    painter.drawEllipse(at, 4, 4)
    _text(painter, at + QPointF(0, 16 if below else -14), label, INK, 8)


def _tilt(painter: QPainter) -> None:
    """One innominate from the left side, front to the left, tipped forward."""
    _title(painter, "Tilt", "seen from the patient's left side")
    centre = QPointF(130, 125)
    painter.save()
    painter.translate(centre)
    painter.rotate(-14)  # the front goes down: anterior tilt
    _bone(painter)
    painter.drawEllipse(QPointF(0, 0), 70, 34)
    painter.restore()
    asis, psis = QPointF(70, 141), QPointF(190, 111)
    painter.setPen(QPen(GUIDE, 1, Qt.PenStyle.DashLine))
    painter.drawLine(QPointF(55, 111), QPointF(205, 111))
    painter.setPen(QPen(INK, 2))
    painter.drawLine(asis, psis)
    _dot(painter, asis, "ASIS", below=True)
    _dot(painter, psis, "PSIS", below=False)
    swing = QPainterPath(QPointF(40, 86))
    swing.quadTo(QPointF(14, 122), QPointF(34, 164))
    _arrow(painter, swing, PLUS)
    _text(painter, QPointF(PANEL_W / 2, 196), "+ anterior: the front tips down", PLUS, 9, True)
    _text(painter, QPointF(PANEL_W / 2, 214), "asymmetry = left tilt − right tilt", INK, 8)
    _text(painter, QPointF(PANEL_W / 2, 230), "+ when the left tips further forward", INK, 8)
    front = QPainterPath(QPointF(84, 60))
    front.lineTo(QPointF(54, 60))
    _arrow(painter, front, GUIDE, 1)
    _text(painter, QPointF(106, 60), "front", GUIDE, 8)


def _rotation(painter: QPainter) -> None:
    """The pelvic ring from above, the front at the bottom, turned to the patient's right."""
    _title(painter, "Rotation", "seen from above, front at the bottom")
    centre = QPointF(PANEL_W / 2, 120)
    painter.save()
    painter.translate(centre)
    painter.rotate(12)  # clockwise: the patient's left (right of the picture) comes forward
    _bone(painter)
    ring = QPainterPath()
    ring.addEllipse(QPointF(0, 0), 78, 46)
    ring.addEllipse(QPointF(0, 4), 40, 24)
    painter.drawPath(ring)
    left_asis, right_asis = QPointF(58, 34), QPointF(-58, 34)
    painter.restore()
    for point, label in ((left_asis, "L"), (right_asis, "R")):
        turned = _turn(point, 12) + centre
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(INK)
        painter.drawEllipse(turned, 4, 4)
        _text(painter, turned + QPointF(0, 16), label, INK, 9, True)
    swing = QPainterPath(QPointF(centre.x() + 96, centre.y() - 30))
    swing.quadTo(QPointF(centre.x() + 112, centre.y() + 20), QPointF(centre.x() + 76, 178))
    _arrow(painter, swing, PLUS)
    _text(painter, QPointF(PANEL_W / 2, 196), "+ turned to the right:", PLUS, 9, True)
    _text(painter, QPointF(PANEL_W / 2, 214), "the left ASIS comes forward", INK, 8)


def _turn(point: QPointF, degrees: float) -> QPointF:
    t = math.radians(degrees)
    return QPointF(
        point.x() * math.cos(t) - point.y() * math.sin(t),
        point.x() * math.sin(t) + point.y() * math.cos(t),
    )


def _obliquity(painter: QPainter) -> None:
    """The pelvis from the front (patient's right on the left), the left crest higher."""
    _title(painter, "Obliquity", "seen from the front")
    left_crest, right_crest = QPointF(170, 78), QPointF(70, 96)
    _bone(painter)
    for crest, lean in ((right_crest, -1), (left_crest, 1)):
        wing = QPainterPath(crest + QPointF(-34 * lean, 14))
        wing.quadTo(crest + QPointF(0, -12), crest + QPointF(34 * lean, 10))
        wing.quadTo(crest + QPointF(30 * lean, 50), crest + QPointF(2 * lean, 70))
        wing.quadTo(crest + QPointF(-20 * lean, 50), crest + QPointF(-34 * lean, 14))
        painter.drawPath(wing)
    painter.drawRect(QRectF(104, 92, 32, 56))  # the sacrum between the wings
    painter.setPen(QPen(INK, 2, Qt.PenStyle.DashLine))
    painter.drawLine(right_crest, left_crest)
    painter.setPen(QPen(GUIDE, 1, Qt.PenStyle.DotLine))
    painter.drawLine(QPointF(40, 96), QPointF(212, 96))
    lift = QPainterPath(QPointF(222, 112))
    lift.lineTo(QPointF(222, 70))
    _arrow(painter, lift, PLUS)
    _text(painter, QPointF(70, 182), "R", INK, 9, True)
    _text(painter, QPointF(170, 182), "L", INK, 9, True)
    _text(painter, QPointF(PANEL_W / 2, 196), "+ left iliac crest higher", PLUS, 9, True)
    _text(painter, QPointF(PANEL_W / 2, 214), "the picture's right is the patient's left", INK, 8)
