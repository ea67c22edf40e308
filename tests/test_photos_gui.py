"""Photos in the GUI, driven as a person does: consent ticked in the patient form, photos
attached through the editor's panel (only the OS file dialog is stood in for), landmarks
clicked on the measuring view, a handle dragged, the reading used and the visit saved."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QListWidget
from pytestqt.qtbot import QtBot

from charting.photo_geometry import View, landmarks_of
from charting.readings import Device, Phase
from models.database import Database
from models.records import PatientDraft
from models.services.patients import create_patient, load_patient, search_patients
from models.services.photos import NO_CONSENT, visit_photos
from models.services.visits import list_visits, load_visit
from models.settings import Settings
from tests.dialogs import answer_next_box, click, click_save, open_box
from tests.synthetic_photos import SyntheticPhoto, draw_photo
from ui.actions.patients import new_patient
from ui.background import SyncRunner
from ui.context import AppContext
from ui.editor.editor import VisitEditor
from ui.main_window import MainWindow
from ui.photos.marking import LEVEL_ASSUMED
from ui.photos.measure_view import MeasureDialog
from ui.photos.panel import PhotosPanel

LEFT = Qt.MouseButton.LeftButton
# The true angles of the pre photos, each taken with the camera rolled and turned sideways.
PRE_PHOTOS = {
    View.LEFT: (12.0, 4.0, 6),
    View.RIGHT: (5.0, -3.0, 1),
    View.POSTERIOR: (3.0, 2.5, 8),
}


def open_draft(qtbot: QtBot, db: Database, consent: bool = True) -> tuple[MainWindow, int]:
    """A main window showing a new visit of a patient, stored as a draft."""
    context = AppContext(db, SyncRunner())
    context.save_settings(Settings(practitioner_name="Jo Reyes", credentials="DO"))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    draft = PatientDraft("G-1", "Mia", "Holt", photo_consent=consent)
    patient_id = create_patient(db, draft, "test")
    window.chart.show_patient(patient_id)
    window.visit_actions["new"].trigger()
    qtbot.keyClicks(window.editor.objective.text, "Gait: overstriding.")
    qtbot.mouseClick(window.editor.ui.save_button, LEFT)
    assert window.editor.visit_id is not None
    return window, patient_id


def choose(qtbot: QtBot, combo: QComboBox, value: object) -> None:
    """Arrow to the item holding `value` (Home first), as the keyboard does."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == value:
            break
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == value


def attach(qtbot: QtBot, panel: PhotosPanel, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Click "Attach photo…"; the OS file dialog answers `path`."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))
    qtbot.mouseClick(panel.ui.attach, LEFT)


def photo_file(tmp_path: Path, view: View, angle: float, roll: float, turn: int) -> SyntheticPhoto:
    photo = draw_photo(view, angle, roll, turn)
    (tmp_path / f"{view}.jpg").write_bytes(photo.data)
    return photo


def select(qtbot: QtBot, listing: QListWidget, row: int) -> None:
    rect = listing.visualItemRect(listing.item(row))
    qtbot.mouseClick(listing.viewport(), LEFT, pos=rect.center())


def open_measure(qtbot: QtBot, panel: PhotosPanel, phase: Phase, row: int) -> MeasureDialog:
    select(qtbot, panel.ui.lists[phase], row)
    qtbot.mouseClick(panel.ui.measure, LEFT)
    dialog = panel.measure_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.resize(1200, 1500)  # a tall window: a click's pixel is under a pixel of the photo
    qtbot.waitUntil(lambda: dialog.canvas.transform().m11() > 0.5)
    return dialog


def on_screen(dialog: MeasureDialog, point: tuple[float, float]) -> QPoint:
    return dialog.canvas.mapFromScene(QPointF(*point))


def click_at(qtbot: QtBot, dialog: MeasureDialog, point: tuple[float, float]) -> None:
    qtbot.mouseClick(dialog.canvas.viewport(), LEFT, pos=on_screen(dialog, point))


def drag(qtbot: QtBot, dialog: MeasureDialog, start: QPoint, end: QPoint) -> None:
    viewport = dialog.canvas.viewport()
    qtbot.mousePress(viewport, LEFT, pos=start)
    qtbot.mouseMove(viewport, pos=(start + end) / 2)
    qtbot.mouseMove(viewport, pos=end)
    qtbot.mouseRelease(viewport, LEFT, pos=end)


def shown(dialog: MeasureDialog) -> tuple[str, float, str]:
    """The live label as (name, degrees, words): clicks land on whole screen pixels, so
    the degrees are compared within a few tenths."""
    match = re.fullmatch(r"(.+): ([+-]\d+\.\d)° \((.+)\)", dialog.angle.text())
    assert match is not None, dialog.angle.text()
    return match[1], float(match[2]), match[3]


def mark(qtbot: QtBot, dialog: MeasureDialog, photo: SyntheticPhoto) -> None:
    """Click the landmarks in the order asked, then the plumb line's two points."""
    for name in landmarks_of(photo.view):
        click_at(qtbot, dialog, photo.points[name])
    for point in photo.reference:
        click_at(qtbot, dialog, point)


def test_consent_is_ticked_in_the_patient_form(qtbot: QtBot, db: Database) -> None:
    window = MainWindow(AppContext(db, SyncRunner()))
    qtbot.addWidget(window)
    window.show()
    dialog = new_patient(window.context, window)
    for box, text in ((dialog.chart_number, "P-1"), (dialog.first_name, "Ada"),
                      (dialog.last_name, "Moss")):  # fmt: skip
        qtbot.keyClicks(box, text)
    assert not dialog.photo_consent.isChecked()
    qtbot.mouseClick(dialog.photo_consent, LEFT, pos=QPoint(6, dialog.photo_consent.height() // 2))
    assert dialog.photo_consent.isChecked()
    click_save(qtbot, dialog)
    (found,) = search_patients(db, "Moss")
    assert load_patient(db, found.id).draft.photo_consent is True


def test_attach_measure_and_use_the_photos_for_the_pre_reading(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, patient_id = open_draft(qtbot, db)
    editor: VisitEditor = window.editor
    panel = editor.photos
    photos = {}
    for view, (angle, roll, turn) in PRE_PHOTOS.items():
        photos[view] = photo_file(tmp_path, view, angle, roll, turn)
        choose(qtbot, panel.ui.view, view)
        attach(qtbot, panel, monkeypatch, tmp_path / f"{view}.jpg")
        assert panel.ui.message.text().startswith(f"Attached {view}.jpg"), panel.ui.message.text()
    stored = visit_photos(db, editor.visit_id or 0)
    assert [(p.phase, p.view) for p in stored] == [(Phase.PRE, v) for v in PRE_PHOTOS]
    assert panel.ui.lists[Phase.PRE].count() == 3 and panel.ui.lists[Phase.POST].count() == 0

    # The left side: landmarks and plumb line clicked, the label follows, a handle dragged.
    dialog = open_measure(qtbot, panel, Phase.PRE, 0)
    assert dialog.prompt.text() == "Click the ASIS marker (front of the pelvis)."
    left = photos[View.LEFT]
    click_at(qtbot, dialog, left.points["asis"])
    assert dialog.prompt.text().startswith("Click the PSIS marker")
    click_at(qtbot, dialog, left.points["psis"])
    assert dialog.angle.text().startswith("Left innominate tilt: +")
    assert dialog.warning.isVisible() and dialog.warning.text() == LEVEL_ASSUMED
    for point in left.reference:
        click_at(qtbot, dialog, point)
    assert not dialog.warning.isVisible()
    assert shown(dialog) == ("Left innominate tilt", pytest.approx(12.0, abs=0.3), "anterior")
    asis = on_screen(dialog, left.points["asis"])
    drag(qtbot, dialog, asis, asis + QPoint(0, -60))
    assert shown(dialog)[1] < 9.0  # the ASIS higher: less anterior
    drag(qtbot, dialog, asis + QPoint(0, -60), asis)  # back within a fraction of a pixel
    assert shown(dialog)[1] == pytest.approx(12.0, abs=0.3)
    qtbot.mouseClick(dialog.buttons["save"], LEFT)
    assert dialog.message.text() == "Marks saved."
    dialog.grab().save(str(tmp_path / "measure.png"))
    qtbot.mouseClick(dialog.buttons["close"], LEFT)

    # The back view alone first: obliquity is filled, the tilts need both sides.
    dialog = open_measure(qtbot, panel, Phase.PRE, 2)
    assert "patient's left iliac crest" in dialog.prompt.text()
    mark(qtbot, dialog, photos[View.POSTERIOR])
    assert shown(dialog) == ("Obliquity", pytest.approx(3.0, abs=0.3), "left crest higher")
    qtbot.mouseClick(dialog.buttons["use"], LEFT)
    assert "need both side views" in dialog.message.text()
    pre = editor.objective.pre
    assert pre.device.currentData() == Device.PHOTO
    assert pre.numbers["obliquity_deg"].value() == pytest.approx(3.0, abs=0.5)
    assert pre.numbers["left_tilt_deg"].text() == ""
    qtbot.mouseClick(dialog.buttons["close"], LEFT)

    dialog = open_measure(qtbot, panel, Phase.PRE, 1)
    mark(qtbot, dialog, photos[View.RIGHT])
    qtbot.mouseClick(dialog.buttons["use"], LEFT)
    assert dialog.message.text().startswith("Left tilt, right tilt and obliquity filled")
    qtbot.mouseClick(dialog.buttons["close"], LEFT)

    qtbot.mouseClick(editor.ui.save_button, LEFT)
    (visit,) = list_visits(db, patient_id)
    (reading,) = [r for r in load_visit(db, visit.id).draft.readings if r.phase is Phase.PRE]
    assert reading.device is Device.PHOTO and reading.rater == "Jo Reyes"
    assert reading.left_tilt_deg == pytest.approx(12.0, abs=0.5)
    assert reading.right_tilt_deg == pytest.approx(5.0, abs=0.5)
    assert reading.obliquity_deg == pytest.approx(3.0, abs=0.5)
    assert panel.ui.lists[Phase.PRE].item(0).text().endswith("°")  # the measured angle shows


def test_without_consent_nothing_is_attached(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _patient_id = open_draft(qtbot, db, consent=False)
    photo_file(tmp_path, View.LEFT, 10.0, 0.0, 1)
    attach(qtbot, window.editor.photos, monkeypatch, tmp_path / "left.jpg")
    message = window.editor.photos.ui.message
    assert message.isVisible() and message.text() == f"left.jpg was not attached. {NO_CONSENT}"
    assert visit_photos(db, window.editor.visit_id or 0) == []


def test_a_file_that_is_no_photo_is_named_and_refused(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _patient_id = open_draft(qtbot, db)
    panel = window.editor.photos
    (tmp_path / "notes.txt").write_text("not a photo")
    attach(qtbot, panel, monkeypatch, tmp_path / "notes.txt")
    assert panel.ui.message.text().startswith("notes.txt was not attached. This file is not a")
    attach(qtbot, panel, monkeypatch, tmp_path / "gone.jpg")
    assert panel.ui.message.text().startswith("gone.jpg was not attached. gone.jpg could not")
    assert visit_photos(db, window.editor.visit_id or 0) == []


def test_dropped_files_are_attached(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    window, _patient_id = open_draft(qtbot, db)
    panel = window.editor.photos
    for view in (View.LEFT, View.RIGHT):
        photo_file(tmp_path, view, 8.0, 0.0, 1)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(tmp_path / f"{v}.jpg")) for v in ("left", "right")])
    spot, copy, keys = QPoint(20, 20), Qt.DropAction.CopyAction, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(spot, copy, data, Qt.MouseButton.NoButton, keys)
    QApplication.sendEvent(panel, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(panel, QDropEvent(QPointF(spot), copy, data, LEFT, keys))
    stored = visit_photos(db, window.editor.visit_id or 0)
    assert [p.view for p in stored] == [View.LEFT, View.RIGHT]  # the view moves on by itself


def test_a_signed_visit_shows_its_photos_read_only(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _patient_id = open_draft(qtbot, db)
    editor = window.editor
    panel = editor.photos
    photo = photo_file(tmp_path, View.LEFT, 10.0, 0.0, 1)
    attach(qtbot, panel, monkeypatch, tmp_path / "left.jpg")
    dialog = open_measure(qtbot, panel, Phase.PRE, 0)
    mark(qtbot, dialog, photo)
    qtbot.mouseClick(dialog.buttons["save"], LEFT)
    qtbot.mouseClick(dialog.buttons["close"], LEFT)
    visit_id = editor.visit_id or 0
    qtbot.keyClicks(editor.objective.pre.numbers["left_tilt_deg"].edit, "10")
    qtbot.keyClicks(editor.objective.pre.numbers["right_tilt_deg"].edit, "4")
    qtbot.keyClicks(editor.assessment.reasoning, "Short left hip flexors.")
    qtbot.keyClicks(editor.plan.no_plan_reason, "Acute flare: rest first")
    asked = answer_next_box(qtbot, button="Sign")
    window.visit_actions["sign"].trigger()
    qtbot.waitUntil(lambda: bool(asked))
    assert editor.read_only and editor.visit_id == visit_id
    for button in (panel.ui.attach, panel.ui.camera):
        assert not button.isEnabled()
    select(qtbot, panel.ui.lists[Phase.PRE], 0)
    assert panel.ui.measure.isEnabled() and not panel.ui.remove.isEnabled()
    dialog = open_measure(qtbot, panel, Phase.PRE, 0)
    assert not any(dialog.buttons[name].isEnabled() for name in ("clear", "save", "use"))
    assert shown(dialog) == ("Left innominate tilt", pytest.approx(10.0, abs=0.3), "anterior")
    before = dict(dialog.marking.points)
    start = on_screen(dialog, photo.points["asis"])
    drag(qtbot, dialog, start, start + QPoint(0, 40))
    click_at(qtbot, dialog, (100.0, 100.0))
    assert dialog.marking.points == before
    qtbot.mouseClick(dialog.buttons["close"], LEFT)
    assert len(visit_photos(db, visit_id)) == 1


def test_remove_asks_first(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _patient_id = open_draft(qtbot, db)
    panel = window.editor.photos
    photo_file(tmp_path, View.LEFT, 10.0, 0.0, 1)
    attach(qtbot, panel, monkeypatch, tmp_path / "left.jpg")
    select(qtbot, panel.ui.lists[Phase.PRE], 0)
    qtbot.mouseClick(panel.ui.remove, LEFT)
    box = open_box(panel)
    assert box.text().startswith("Remove the photo pre, left side")
    click(qtbot, box, "Remove")
    assert visit_photos(db, window.editor.visit_id or 0) == []
    assert panel.ui.lists[Phase.PRE].count() == 0


def test_photo_angles_replace_the_numbers_of_another_device_and_say_so(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reading has one device: PALM numbers the back photo did not measure are cleared
    (a PALM tilt judged with photo tolerances would be judged wrongly), and the view names
    them."""
    window, patient_id = open_draft(qtbot, db)
    editor: VisitEditor = window.editor
    pre = editor.objective.pre
    assert pre.device.currentData() == Device.PALM
    for name, value in (("left_tilt_deg", "10"), ("right_tilt_deg", "4"), ("rotation_deg", "2")):
        qtbot.keyClicks(pre.numbers[name].edit, value)
    back = photo_file(tmp_path, View.POSTERIOR, 3.0, 2.5, 8)
    choose(qtbot, editor.photos.ui.view, View.POSTERIOR)
    attach(qtbot, editor.photos, monkeypatch, tmp_path / "posterior.jpg")
    dialog = open_measure(qtbot, editor.photos, Phase.PRE, 0)
    mark(qtbot, dialog, back)
    qtbot.mouseClick(dialog.buttons["use"], LEFT)
    assert "Cleared, as typed with another device: Left tilt" in dialog.message.text()
    assert "Rotation" in dialog.message.text()
    qtbot.mouseClick(dialog.buttons["close"], LEFT)
    assert [pre.numbers[n].text() for n in ("left_tilt_deg", "right_tilt_deg", "rotation_deg")] == [
        "", "", ""
    ]  # fmt: skip
    qtbot.mouseClick(editor.ui.save_button, LEFT)
    (visit,) = list_visits(db, patient_id)
    (reading,) = load_visit(db, visit.id).draft.readings
    assert reading.device is Device.PHOTO and reading.left_tilt_deg is None
    assert reading.rotation_deg is None
    assert reading.obliquity_deg == pytest.approx(3.0, abs=0.5)


def test_measuring_again_keeps_no_closed_view_and_its_full_size_photo(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _patient_id = open_draft(qtbot, db)
    panel = window.editor.photos
    photo_file(tmp_path, View.LEFT, 8.0, 0.0, 1)
    attach(qtbot, panel, monkeypatch, tmp_path / "left.jpg")
    for _ in range(4):
        dialog = open_measure(qtbot, panel, Phase.PRE, 0)
        qtbot.mouseClick(dialog.buttons["close"], LEFT)
    qtbot.waitUntil(lambda: len(panel.findChildren(MeasureDialog)) == 1)
