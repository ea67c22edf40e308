"""The body diagram, driven through real mouse and key events (pytest-qt, offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from models.records import BODY_REGIONS, Complaint
from ui.editor.body_diagram import AREAS, BodyDiagram, pain_colour, region_label


@pytest.fixture
def diagram(qtbot: QtBot) -> BodyDiagram:
    widget = BodyDiagram()
    qtbot.addWidget(widget)
    widget.resize(widget.sizeHint())
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def centre(diagram: BodyDiagram, region: str, side: str, view: str | None = None) -> QPoint:
    point = diagram.region_centre(region, side, view)
    assert point is not None, (region, side, view)
    return point.toPoint()


def test_clicking_the_left_knee_emits_it(qtbot: QtBot, diagram: BodyDiagram) -> None:
    with qtbot.waitSignal(diagram.region_clicked, timeout=1000) as blocker:
        qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=centre(diagram, "knee", "left"))
    assert blocker.args == ["knee", "left"]


def test_the_patients_left_is_on_the_viewers_right_only_on_the_front(
    diagram: BodyDiagram,
) -> None:
    for region in ("knee", "foot"):
        left, right = (centre(diagram, region, side, "front") for side in ("left", "right"))
        assert left.x() > right.x()
        left, right = (centre(diagram, region, side, "back") for side in ("left", "right"))
        assert left.x() < right.x()
    front_knee, back_knee = (centre(diagram, "knee", "left", view) for view in ("front", "back"))
    assert front_knee.x() < back_knee.x()  # the front view is drawn on the left


def test_every_region_is_offered_and_clicks_back_to_itself(
    qtbot: QtBot, diagram: BodyDiagram
) -> None:
    offered = diagram.regions()
    assert {region for region, _ in offered} == set(BODY_REGIONS)
    for region in BODY_REGIONS:
        assert {(region, "left"), (region, "right")} <= set(offered)
    for region in ("low_back", "mid_back", "neck"):
        assert (region, "central") in offered
    for area in AREAS:
        point = centre(diagram, area.region, area.side, area.view)
        assert diagram.region_at(QPointF(point)) == area.key
        with qtbot.waitSignal(diagram.region_clicked, timeout=1000) as blocker:
            qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=point)
        assert tuple(blocker.args) == area.key


def test_outside_the_body_is_no_region(diagram: BodyDiagram) -> None:
    assert diagram.region_at(QPointF(2, 2)) is None
    head = centre(diagram, "neck", "central") - QPoint(0, 30)
    assert diagram.region_at(QPointF(head)) is None


def test_regions_follow_the_widget_size(diagram: BodyDiagram) -> None:
    small = centre(diagram, "calf", "right")
    diagram.resize(720, 660)
    large = centre(diagram, "calf", "right")
    assert large.y() > small.y() * 1.5
    assert diagram.region_at(QPointF(large)) == ("calf", "right")
    assert diagram.minimumSizeHint().width() >= 260


def test_complaints_fill_regions_darker_with_more_pain(diagram: BodyDiagram) -> None:
    diagram.set_complaints(
        [
            Complaint("thigh", "left", 2),
            Complaint("low_back", "central", 7),
            Complaint("neck", "both", 4),
            Complaint("knee", "central", 5),
        ]
    )
    assert diagram.fill_colour("thigh", "left") == pain_colour(2)
    assert diagram.fill_colour("thigh", "right") is None
    assert diagram.fill_colour("low_back", "central") == pain_colour(7)
    assert diagram.fill_colour("low_back", "left") is None
    assert diagram.fill_colour("neck", "left") == diagram.fill_colour("neck", "right")
    assert diagram.fill_colour("neck", "central") is None
    # A region drawn only by side shades both sides for a central complaint.
    assert diagram.fill_colour("knee", "left") == diagram.fill_colour("knee", "right")
    greys = [pain_colour(pain).lightnessF() for pain in range(11)]
    assert greys == sorted(greys, reverse=True) and len(set(greys)) == 11

    # The pixels agree: below the printed score, inside the front left thigh.
    image = diagram.grab().toImage()
    ratio = image.devicePixelRatio()
    point = centre(diagram, "thigh", "left", "front") + QPoint(0, 12)
    assert diagram.region_at(QPointF(point)) == ("thigh", "left")
    pixel = image.pixelColor(int(point.x() * ratio), int(point.y() * ratio))
    assert pixel.name() == pain_colour(2).name()
    unshaded = centre(diagram, "thigh", "right", "front") + QPoint(0, 12)
    assert image.pixelColor(int(unshaded.x() * ratio), int(unshaded.y() * ratio)) != QColor(
        pain_colour(2)
    )

    diagram.set_complaints([])
    assert diagram.fill_colour("thigh", "left") is None


def test_tooltip_names_the_region_and_its_pain(diagram: BodyDiagram) -> None:
    assert region_label("buttock_sciatic", "right") == "Right buttock / sciatic"
    diagram.set_complaints([Complaint("knee", "left", 6)])
    point = centre(diagram, "knee", "left")
    event = QHelpEvent(QHelpEvent.Type.ToolTip, point, diagram.mapToGlobal(point))
    QApplication.sendEvent(diagram, event)
    assert QToolTip.text() == "Left knee: pain 6/10"
    QToolTip.hideText()


def test_read_only_ignores_clicks_and_keys(qtbot: QtBot, diagram: BodyDiagram) -> None:
    diagram.set_read_only(True)
    assert diagram.is_read_only()
    with qtbot.assertNotEmitted(diagram.region_clicked):
        qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=centre(diagram, "knee", "left"))
        qtbot.keyClick(diagram, Qt.Key.Key_Down)
        qtbot.keyClick(diagram, Qt.Key.Key_Return)
    diagram.set_read_only(False)
    with qtbot.waitSignal(diagram.region_clicked, timeout=1000):
        qtbot.keyClick(diagram, Qt.Key.Key_Space)


def test_arrow_keys_walk_the_regions_and_enter_picks_one(
    qtbot: QtBot, diagram: BodyDiagram
) -> None:
    assert diagram.focusPolicy() == Qt.FocusPolicy.StrongFocus
    diagram.setFocus()
    qtbot.waitUntil(diagram.hasFocus)
    assert diagram.selected_region() == ("hip", "right")  # focus lands on the first region
    qtbot.keyClick(diagram, Qt.Key.Key_Down)
    qtbot.keyClick(diagram, Qt.Key.Key_Down)
    assert diagram.selected_region() == ("knee", "right")
    qtbot.keyClick(diagram, Qt.Key.Key_Right)
    assert diagram.selected_region() == ("knee", "left")
    with qtbot.waitSignal(diagram.region_clicked, timeout=1000) as blocker:
        qtbot.keyClick(diagram, Qt.Key.Key_Return)
    assert blocker.args == ["knee", "left"]
    for _ in range(8):
        qtbot.keyClick(diagram, Qt.Key.Key_Up)
    assert diagram.selected_region()[0] in ("hip", "groin")  # nothing above on the front
    qtbot.keyClick(diagram, Qt.Key.Key_Right)  # across to the back view
    for _ in range(8):
        qtbot.keyClick(diagram, Qt.Key.Key_Up)
    assert diagram.selected_region()[0] == "neck"
    with qtbot.waitSignal(diagram.region_clicked, timeout=1000) as blocker:
        qtbot.keyClick(diagram, Qt.Key.Key_Space)
    assert blocker.args[0] == "neck"
