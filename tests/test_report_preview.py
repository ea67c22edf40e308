"""The report preview: built through the runner, shown with the right pages, saved, printed."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QCheckBox, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from models.database import Database
from models.services.patients import patient_id_for_chart
from models.services.visits import list_visits
from ui.background import SyncRunner
from ui.context import AppContext
from ui.report_preview import ReportPreviewDialog, open_report


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def shown(parent: QWidget) -> ReportPreviewDialog:
    dialogs = parent.findChildren(ReportPreviewDialog)
    assert len(dialogs) == 1
    return dialogs[0]


def test_visit_summary_opens_with_its_pages(demo_db: Database, parent: QWidget, qtbot: QtBot):
    patient = patient_id_for_chart(demo_db, "R-001")
    visit = list_visits(demo_db, patient)[1]
    open_report(AppContext(demo_db, SyncRunner()), parent, "visit", patient, visit.id)
    dialog = shown(parent)
    pages = len(PdfReader(BytesIO(dialog.report.pdf)).pages)
    qtbot.waitUntil(lambda: dialog.page_count() == pages)
    assert pages >= 2
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Visit summary: Maya Okafor, 2026-03-09"
    assert dialog.report.filename == "R-001 visit 2026-03-09.pdf"
    dialog.close()


def test_save_as_writes_the_pdf(demo_db: Database, parent: QWidget, tmp_path: Path, monkeypatch):
    patient = patient_id_for_chart(demo_db, "R-002")
    open_report(AppContext(demo_db, SyncRunner()), parent, "handout", patient, None)
    dialog = shown(parent)
    target = tmp_path / "out" / "handout"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), "PDF"))
    saved = dialog.save_as()
    assert saved == target.with_suffix(".pdf")
    assert saved.read_bytes() == dialog.report.pdf
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: ("", ""))
    assert dialog.save_as() is None


def test_print_renders_every_page(demo_db: Database, parent: QWidget, tmp_path: Path):
    patient = patient_id_for_chart(demo_db, "R-003")
    open_report(AppContext(demo_db, SyncRunner()), parent, "visit", patient, None)
    dialog = shown(parent)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_to(printer) == dialog.page_count()
    printed = PdfReader(tmp_path / "printed.pdf")
    assert len(printed.pages) == dialog.page_count()


def test_failure_is_shown_not_raised(demo_db: Database, parent: QWidget, monkeypatch):
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: messages.append(text))
    patient = patient_id_for_chart(demo_db, "R-001")
    open_report(AppContext(demo_db, SyncRunner()), parent, "visit", patient, 99999)
    assert not parent.findChildren(ReportPreviewDialog)
    assert len(messages) == 1 and "visit 99999 does not belong to this patient" in messages[0]


def click_box(qtbot: QtBot, box: QCheckBox) -> None:
    """A click on the box itself (a wide checkbox's middle is past its label)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def test_photos_option_remakes_the_handout(db: Database, parent: QWidget, qtbot: QtBot):
    from tests.photo_charts import photographed_patient
    from tests.test_reports_photos import images_per_page

    patient, visits = photographed_patient(db)
    open_report(AppContext(db, SyncRunner()), parent, "handout", patient, visits[1])
    dialog = shown(parent)
    plain = dialog.report.pdf
    assert dialog.photos.isVisibleTo(dialog) and dialog.photos.isEnabled()
    assert not dialog.photos.isChecked()  # off unless asked for
    click_box(qtbot, dialog.photos)
    assert dialog.report.photos and dialog.photos.isChecked()
    assert sum(images_per_page(dialog.report.pdf)) == 1
    qtbot.waitUntil(lambda: dialog.page_count() == 1)
    click_box(qtbot, dialog.photos)
    assert dialog.report.pdf == plain
    assert dialog.save_button.isEnabled()
    dialog.close()


def test_photos_option_is_off_without_photos_and_absent_from_the_visit_summary(
    demo_db: Database, parent: QWidget
):
    patient = patient_id_for_chart(demo_db, "R-001")
    context = AppContext(demo_db, SyncRunner())
    open_report(context, parent, "progress", patient, None)
    dialog = shown(parent)
    assert dialog.photos.isVisibleTo(dialog) and not dialog.photos.isEnabled()
    assert dialog.photos.toolTip()
    dialog.close()
    dialog.deleteLater()
    open_report(context, parent, "visit", patient, None)
    visit = [d for d in parent.findChildren(ReportPreviewDialog) if d.report.title.startswith("V")]
    assert not visit[-1].photos.isVisibleTo(visit[-1])


def test_a_preview_closed_while_its_photos_are_remade_drops_the_late_document(
    qtbot: QtBot, demo_db: Database
) -> None:
    """Closed mid-remake, the preview is deleted and the late document dropped. (Holding the
    parent widget in a slot of the preview made Qt crash when it was deleted:
    tests/test_file_modes.py, which closes a handout's preview, found it.)"""
    from ui.background import BackgroundRunner

    runner = BackgroundRunner()
    context = AppContext(demo_db, runner)
    parent = QWidget()
    qtbot.addWidget(parent)
    for kind in ("handout", "progress"):
        open_report(context, parent, kind, patient_id_for_chart(demo_db, "R-002"), None)
        qtbot.waitUntil(lambda: bool(parent.findChildren(ReportPreviewDialog)))
        (preview,) = parent.findChildren(ReportPreviewDialog)
        preview.photos.setEnabled(True)  # the demo has no photos: ask as if it had
        qtbot.mouseClick(preview.photos, Qt.MouseButton.LeftButton)
        preview.close()
        assert runner.wait()
        qtbot.waitUntil(lambda: not parent.findChildren(ReportPreviewDialog))
