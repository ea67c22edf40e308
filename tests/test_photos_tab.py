"""The chart's Photos tab, driven by clicks: the visit's before/after, then last visit's."""

from __future__ import annotations

from matplotlib.image import AxesImage
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QRadioButton
from pytestqt.qtbot import QtBot

from charting.photo_geometry import View
from models.database import Database
from tests.photo_charts import photographed_patient
from ui.background import SyncRunner
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.photos_tab import HOW_TO_ADD, PhotosTab

PHOTOS = (
    (0, "pre", View.LEFT, 12.0), (0, "post", View.LEFT, 4.0),
    (1, "pre", View.LEFT, 9.0), (1, "post", View.LEFT, 3.0),
    (1, "pre", View.POSTERIOR, 3.0), (1, "post", View.POSTERIOR, 1.0),
)  # fmt: skip


def image_panels(tab: PhotosTab) -> int:
    figure = tab.canvas.figure
    return sum(1 for axes in figure.axes for i in axes.get_images() if isinstance(i, AxesImage))


def texts(tab: PhotosTab) -> list[str]:
    figure = tab.canvas.figure
    found = [t.get_text() for axes in figure.axes for t in axes.texts]
    return found + [t.get_text() for t in figure.texts] + [a.get_title() for a in figure.axes]


def click_visit(qtbot: QtBot, window: MainWindow, visit_id: int) -> None:
    timeline, model = window.chart.timeline, window.chart.timeline_model
    row = next(r for r in range(model.rowCount()) if model.visit_id(r) == visit_id)
    centre = timeline.visualRect(model.index(row, 0)).center()
    qtbot.mouseClick(timeline.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def choice(tab: PhotosTab, number: int) -> QRadioButton:
    button = tab.choice.button(number)
    assert isinstance(button, QRadioButton)
    return button


def test_photos_tab_switches_by_clicks(qtbot: QtBot, db: Database) -> None:
    patient, visits = photographed_patient(db, photos=PHOTOS)
    window = MainWindow(AppContext(db, SyncRunner()))
    qtbot.addWidget(window)
    window.resize(1200, 900)
    window.show()
    window.chart.show_patient(patient)
    qtbot.waitUntil(lambda: window.chart.patient is not None)
    tab = window.chart.photos
    window.chart.tabs.setCurrentWidget(tab)
    # No visit selected: the latest, with the photo of the back before and after as well.
    assert tab.visit_id == visits[-1]
    assert image_panels(tab) == 0  # the third visit has no photos
    assert any(HOW_TO_ADD in text for text in texts(tab))
    assert tab.view_choice.isHidden()

    click_visit(qtbot, window, visits[1])
    assert tab.visit_id == visits[1]
    assert image_panels(tab) == 2
    assert "Before correction — 12 Nov 2026" in texts(tab)
    assert "Left tilt +9.0° anterior" in texts(tab)
    assert tab.view_choice.isVisible() and tab.view_choice.count() == 2
    tab.view_choice.setCurrentIndex(1)  # the back
    assert "Posterior view" in texts(tab)
    assert "Obliquity +1.0° left higher" in texts(tab)

    qtbot.mouseClick(choice(tab, 1), Qt.MouseButton.LeftButton)
    assert choice(tab, 1).isChecked()
    assert image_panels(tab) == 2
    assert "After correction — 5 Nov 2026" in texts(tab)  # last visit's, then today's before
    assert "Before correction — 12 Nov 2026" in texts(tab)
    assert "Left side" in texts(tab)  # only the side has a photo at the visit before
    assert tab.view_choice.isHidden()

    click_visit(qtbot, window, visits[0])
    assert image_panels(tab) == 0  # nothing earlier than the first visit
    qtbot.mouseClick(choice(tab, 0), Qt.MouseButton.LeftButton)
    assert image_panels(tab) == 2
    assert "Left tilt +12.0° anterior" in texts(tab)
