"""Preferences: the clinic logo chosen in a file dialog and previewed; a path that is not a
printable picture is named beside the field and Preferences is not saved with it."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from models.database import Database
from models.services.demo import load_demo
from models.services.patients import patient_id_for_chart
from models.settings import Settings, load_settings, save_settings
from reports.generate import report_pdf
from tests.dialogs import click_save
from tests.runners import HeldRunner
from ui.background import SyncRunner
from ui.context import AppContext
from ui.preferences import PreferencesDialog


@pytest.fixture
def dialog(qtbot: QtBot, db: Database) -> PreferencesDialog:
    context = AppContext(db, SyncRunner())
    context.save_settings(Settings(clinic_name="Stride Clinic"))
    widget = PreferencesDialog(context)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def picture(path: Path, fmt: str = "PNG") -> Path:
    image = QImage(300, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("#0072b2"))
    assert image.save(str(path), fmt)
    return path


def type_path(qtbot: QtBot, dialog: PreferencesDialog, text: str) -> None:
    box = dialog.logo.path
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Tab)


def test_logo_chosen_in_the_file_dialog_is_previewed_and_saved(
    qtbot: QtBot, dialog: PreferencesDialog, db: Database, tmp_path: Path
) -> None:
    logo = picture(tmp_path / "clinic logo.png")
    qtbot.mouseClick(dialog.logo.choose, Qt.MouseButton.LeftButton)
    chooser = dialog.logo.dialog
    assert chooser is not None and chooser.isVisible()
    qtbot.waitExposed(chooser)
    name = chooser.findChild(QLineEdit, "fileNameEdit")
    assert name is not None
    qtbot.waitUntil(name.hasFocus)
    qtbot.keyClicks(name, str(logo))
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert dialog.logo.path.text() == str(logo)
    shown = dialog.logo.preview.pixmap()
    assert not shown.isNull() and shown.width() == 220 and shown.height() < 80
    assert dialog.logo.message.text() == ""
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    assert load_settings(db.path).logo_path == str(logo)


@pytest.mark.parametrize(
    ("make", "why"),
    [
        (lambda d: d / "missing.png", "There is no file at"),
        (lambda d: d, "is a folder, not a picture"),
        (lambda d: (d / "notes.png").write_text("not a picture") and d / "notes.png",
         "notes.png is not a picture"),
    ],
    ids=["missing", "folder", "text-file"],
)  # fmt: skip
def test_a_logo_that_cannot_be_printed_is_named_and_not_saved(
    qtbot: QtBot, dialog: PreferencesDialog, db: Database, tmp_path: Path, make, why: str
) -> None:  # type: ignore[no-untyped-def]
    type_path(qtbot, dialog, str(make(tmp_path)))
    assert why in dialog.logo.message.text()
    assert "PNG or JPEG" in dialog.logo.message.text()
    assert dialog.logo.message.isVisibleTo(dialog) and not dialog.logo.preview.isVisibleTo(dialog)
    assert dialog.logo.preview.pixmap().isNull()
    click_save(qtbot, dialog)
    assert dialog.isVisible() and dialog.error.text().startswith("Logo file: ")
    assert load_settings(db.path).logo_path == ""


def test_a_truncated_png_is_caught_when_it_is_read(
    qtbot: QtBot, dialog: PreferencesDialog, db: Database, tmp_path: Path
) -> None:
    whole = picture(tmp_path / "whole.png").read_bytes()
    broken = tmp_path / "broken.png"
    broken.write_bytes(whole[: len(whole) // 3])
    type_path(qtbot, dialog, str(broken))
    assert "could not be read" in dialog.logo.message.text()
    click_save(qtbot, dialog)
    assert dialog.isVisible() and load_settings(db.path).logo_path == ""


def test_no_logo_clears_the_field(qtbot: QtBot, dialog: PreferencesDialog, tmp_path: Path) -> None:
    type_path(qtbot, dialog, str(picture(tmp_path / "logo.jpg", "JPEG")))
    assert not dialog.logo.preview.pixmap().isNull()
    qtbot.mouseClick(dialog.logo.clear, Qt.MouseButton.LeftButton)
    assert dialog.logo.path.text() == "" and dialog.logo.preview.text() == "no logo"
    assert dialog.logo.problem() == ""


@pytest.mark.parametrize("fmt", ["BMP", "WEBP"])
def test_every_picture_a_handout_prints_is_taken(
    qtbot: QtBot, dialog: PreferencesDialog, db: Database, tmp_path: Path, fmt: str
) -> None:
    logo = picture(tmp_path / f"logo.{fmt.lower()}", fmt)
    type_path(qtbot, dialog, str(logo))
    assert dialog.logo.message.text() == "" and not dialog.logo.preview.pixmap().isNull()
    click_save(qtbot, dialog)
    assert not dialog.isVisible() and load_settings(db.path).logo_path == str(logo)
    load_demo(db)
    pdf = report_pdf(db, "visit", patient_id_for_chart(db, "R-005"))
    assert len(PdfReader(BytesIO(pdf)).pages[0].images) == 1  # and the letterhead prints it


@pytest.fixture
def held(qtbot: QtBot, db: Database) -> tuple[PreferencesDialog, HeldRunner]:
    runner = HeldRunner()
    context = AppContext(db, runner)
    widget = PreferencesDialog(context)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    while runner.undelivered():  # the check of the empty field the dialog opened with
        runner.deliver()
    return widget, runner


def test_save_waits_for_the_check_of_the_file_on_screen(
    qtbot: QtBot, held: tuple[PreferencesDialog, HeldRunner], db: Database, tmp_path: Path
) -> None:
    dialog, runner = held
    whole = picture(tmp_path / "whole.png").read_bytes()
    broken = tmp_path / "broken.png"
    broken.write_bytes(whole[: len(whole) // 3])  # its header reads as a good PNG
    type_path(qtbot, dialog, str(broken))
    click_save(qtbot, dialog)  # before the file was read to the end
    assert dialog.isVisible() and load_settings(db.path).logo_path == ""
    assert dialog.error.text() == "Checking the logo file…"
    assert len(runner.undelivered()) == 1  # Save asked nothing twice
    runner.deliver()
    assert dialog.isVisible() and load_settings(db.path).logo_path == ""
    assert dialog.error.text().startswith("Logo file: broken.png could not be read")


def test_the_logo_is_read_off_the_gui_thread(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    save_settings(db.path, Settings(logo_path=str(tmp_path / "gone.png")))
    runner = HeldRunner()
    dialog = PreferencesDialog(AppContext(db, runner))
    qtbot.addWidget(dialog)
    assert dialog.logo.message.text() == "" and dialog.logo.preview.text() == "checking…"
    runner.deliver()
    assert dialog.logo.message.text().startswith("There is no file at")
    click_save(qtbot, dialog)  # the answer is in: Save reuses it, nothing is read again
    assert runner.undelivered() == [] and dialog.error.text().startswith("Logo file: There is")


def test_the_photo_tolerances_are_typed_in_and_saved(
    qtbot: QtBot, dialog: PreferencesDialog, db: Database
) -> None:
    """docs/clinical-model.md#photos: photo readings have tolerances of their own."""
    spin = dialog.tolerances["asymmetry_photo_deg"]
    assert spin.value() == 5.0 and dialog.tolerances["obliquity_photo_deg"].value() == 4.0
    form_label = dialog.layout().labelForField(spin)  # type: ignore[attr-defined]
    assert form_label.text() == "Tilt asymmetry, photos by the same practitioner"
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin.lineEdit(), "6.5")
    click_save(qtbot, dialog)
    assert load_settings(db.path).tolerances.asymmetry_photo_deg == 6.5
