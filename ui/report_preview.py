"""Preview a report in the app, then print it or save it (the PDF is built off the GUI thread).

`open_report` asks the background runner for the PDF (reports.generate, no widget touched
there) and shows a `ReportPreviewDialog` when it arrives, or a message when it fails.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QGuiApplication, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from models.private_files import write_private
from reports.generate import PHOTO_KINDS, TITLES, Report, make_report
from ui.context import AppContext
from ui.messages import error_text
from ui.runner import Runner

MAX_PRINT_DPI = 300  # pages go to the printer as images: 300 dpi is sharp, 1200 is 16x the memory
PHOTOS_OPTION = "Include before/after &photos"
NO_PHOTOS = "This patient has no photos of the same view to pair for this document."


def _fitting_size(parent: QWidget | None) -> QSize:
    """A page-shaped window that still fits on the screen (laptops are often 768-900 px tall),
    so the Print and Save buttons are never below its edge."""
    screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
    available = screen.availableGeometry()
    height = min(1000, available.height() - 60)
    return QSize(min(820, available.width() - 40), max(400, height))


class ReportPreviewDialog(QDialog):
    """The PDF in a scrolling page view, with Print… and Save as…; for a handout or progress
    report, with `remake` (photos: bool -> the document, run by `runner`), a checkbox to
    include the before/after photos (off by default: photos of the body go on paper only
    when the practitioner asks).

    `remake` must hold no widget: a slot or attribute of the dialog that keeps its parent
    widget alive made deleting the dialog crash inside Qt (PySide6 6.11, seen under test)."""

    def __init__(
        self,
        report: Report,
        parent: QWidget | None = None,
        remake: Callable[[bool], Report] | None = None,
        runner: Runner | None = None,
    ) -> None:
        super().__init__(parent)
        self.report = report
        self.resize(_fitting_size(parent))
        self.buffer = QBuffer(self)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = QPushButton("&Print…")
        self.save_button = QPushButton("&Save as…")
        for button in (self.print_button, self.save_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.print_report)
        self.save_button.clicked.connect(self.save_as)
        buttons.rejected.connect(self.reject)
        self.photos = QCheckBox(PHOTOS_OPTION)
        self.remake, self.runner = remake, runner
        self.photos.setVisible(remake is not None and runner is not None)
        self.photos.toggled.connect(self._remake)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(self.photos)
        layout.addWidget(buttons)
        self.show_report(report)

    def show_report(self, report: Report) -> None:
        """Show `report` (again, after the photos option changed)."""
        self.report = report
        self.setWindowTitle(report.title)
        # QPdfDocument reads from the buffer while pages are shown: both must outlive the view.
        self.document.close()
        self.buffer.close()
        self.buffer.setData(QByteArray(report.pdf))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self.buffer)
        self.photos.blockSignals(True)  # says what the document shows: no new request
        self.photos.setChecked(report.photos)
        self.photos.blockSignals(False)
        self.photos.setEnabled(report.photos_available)
        self.photos.setToolTip("" if report.photos_available else NO_PHOTOS)
        for button in (self.print_button, self.save_button):
            button.setEnabled(True)

    def _remake(self, photos: bool) -> None:
        """Ask for the document again; nothing is printed or saved from the old one meanwhile."""
        remake, runner = self.remake, self.runner
        if remake is None or runner is None:
            return
        self.photos.setEnabled(False)
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)
        runner.run(lambda: remake(photos), self._arrived, self._failed)

    def _arrived(self, report: Report) -> None:
        if isValid(self):  # not closed (and deleted) meanwhile
            self.show_report(report)

    def _failed(self, error: BaseException) -> None:
        if not isValid(self):
            return
        self.show_report(self.report)  # the document shown stays, and usable
        title = self.report.title
        QMessageBox.warning(
            self, title, f"The {title.lower()} could not be made.\n\n{error_text(error)}"
        )

    def page_count(self) -> int:
        return self.document.pageCount()

    def save_as(self) -> Path | None:
        """Ask where, then write the PDF; None when the user cancels."""
        name, _ = QFileDialog.getSaveFileName(
            self, "Save report as", self.report.filename, "PDF documents (*.pdf)"
        )
        if not name:
            return None
        path = Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")
        try:
            write_private(path, self.report.pdf)
        except OSError as error:
            QMessageBox.warning(self, "Save as", f"Could not save {path.name}: {error}")
            return None
        return path

    def print_report(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.report.title)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(1, self.page_count()))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Render each page (or the chosen range) into the printer; returns pages printed."""
        first, last = printer.fromPage(), printer.toPage()
        pages = range(first - 1, last) if first > 0 else range(self.page_count())
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        printer.setFullPage(True)  # the PDF pages carry their own margins
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("the printer could not be started")
        try:
            for count, index in enumerate(pages):
                if count:
                    printer.newPage()
                points = self.document.pagePointSize(index)
                size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
                image = self.document.render(index, size)
                target = painter.viewport()
                scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                target.setSize(scaled)
                painter.setViewport(target)
                painter.setWindow(image.rect())
                painter.drawImage(0, 0, image)
        finally:
            painter.end()
        return len(pages)


def open_report(
    context: AppContext, parent: QWidget, kind: str, patient_id: int, visit_id: int | None
) -> None:
    """Build the report off the GUI thread, then show it; a failure is shown in words. A
    handout or progress report can be made again with or without photos from its preview."""
    db = context.db

    def remake(photos: bool) -> Report:  # holds no widget (see ReportPreviewDialog)
        return make_report(db, kind, patient_id, visit_id, photos)

    def show(report: Report) -> None:
        again = remake if kind in PHOTO_KINDS else None
        dialog = ReportPreviewDialog(report, parent, again, context.runner)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def failed(error: BaseException) -> None:
        title = TITLES.get(kind, "Report")
        QMessageBox.warning(
            parent, title, f"The {title.lower()} could not be made.\n\n{error_text(error)}"
        )

    context.runner.run(lambda: remake(False), show, failed)
