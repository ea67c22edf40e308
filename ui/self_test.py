"""`holdfast --self-test`: does this installation work? Run without a display.

Each step goes through the code the app itself runs (a frozen bundle breaks where a file or a
lazily imported module was left out: the migrations, a dialect, a Qt plugin), on demo patients
in a temporary folder, never on the practitioner's database: an error message here can quote
only made-up patients. One line per step; the first failing step says why and ends the test.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from models.database import Database, open_database
from models.services.holds import PatientCourse
from models.version import VERSION

DEMO_CHART = "R-001"  # the seed case of the demo data
PASSPHRASE = "self-test"
SERVER_URL = "postgresql+psycopg://self-test@localhost/self-test"  # never connected to


class SelfTest:
    """The steps, in order, each returning what it proved. A step runs only once every step
    before it passed, so it may use their results."""

    db: Database
    patient_id: int
    course: PatientCourse

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.app: object = None  # the QApplication, kept while the process runs

    def steps(self) -> list[tuple[str, Callable[[], str]]]:
        return [
            ("opening a new database", self.database),
            ("loading the demo patients", self.demo),
            ("computing holds", self.holds),
            ("drawing a chart on a Qt canvas", self.chart),
            ("rendering a PDF report", self.report),
            ("opening an encrypted database", self.encrypted),
            ("loading the PostgreSQL driver", self.server_driver),
        ]

    def database(self) -> str:
        from models.migrate import current_revision, head_revision

        self.db = open_database(self.folder / "self-test.sqlite3")
        revision = current_revision(self.db.engine)
        if revision != head_revision():
            raise RuntimeError(f"schema {revision} after migrating, not {head_revision()}")
        return f"database opened and migrated (schema {revision})"

    def demo(self) -> str:
        from models.services.demo import load_demo

        return f"demo patients loaded ({load_demo(self.db, 'self-test')})"

    def holds(self) -> str:
        from models.services.holds import patient_course
        from models.services.patients import patient_id_for_chart
        from models.settings import load_settings

        self.patient_id = patient_id_for_chart(self.db, DEMO_CHART)
        tolerances = load_settings(self.db.path).tolerances
        self.course = patient_course(self.db, self.patient_id, tolerances)
        return f"holds computed (held {self.course.course.held} of {self.course.course.assessable})"

    def chart(self) -> str:
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtWidgets import QApplication

        from charting.figures.alignment import alignment_figure
        from ui.figure_canvas import FigureView

        self.app = QApplication.instance() or QApplication([])
        alignment = alignment_figure(self.course.readings, self.course.course)
        view = FigureView(alignment.figure)
        view.resize(900, 700)
        view.draw()
        image = view.grab().toImage()
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in (350, 500)}
        view.deleteLater()
        if len(colours) < 3:
            raise RuntimeError("the canvas came out blank")
        size = f"{image.width()}x{image.height()}"
        return f"chart drawn on a Qt canvas ({QGuiApplication.platformName()}, {size})"

    def report(self) -> str:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice
        from PySide6.QtPdf import QPdfDocument

        from reports.generate import report_pdf

        pdf = report_pdf(self.db, "visit", self.patient_id)
        if not pdf.startswith(b"%PDF-"):
            raise RuntimeError("the report does not begin as a PDF")
        buffer = QBuffer()
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument()
        document.load(buffer)
        pages = document.pageCount()
        if document.status() != QPdfDocument.Status.Ready or pages < 1:
            raise RuntimeError(f"Qt could not read the report ({document.error().name})")
        return f"PDF report rendered (visit summary, {pages} pages, {len(pdf) // 1024} KiB)"

    def encrypted(self) -> str:
        from models.connect import is_encrypted

        path = self.folder / "encrypted.sqlite3"
        open_database(path, PASSPHRASE).close()
        open_database(path, PASSPHRASE).close()  # and again, as the next start would
        if not is_encrypted(path):
            raise RuntimeError("the file was written in plaintext")
        return "encrypted database created and reopened (SQLCipher)"

    def server_driver(self) -> str:
        import psycopg

        from models.server import server_engine

        server_engine(SERVER_URL).dispose()  # loads SQLAlchemy's dialect and the driver
        libpq = psycopg.pq.version()
        where = f"libpq {libpq // 10000}.{libpq % 10000}, {psycopg.pq.__impl__}"
        return f"PostgreSQL driver loaded (psycopg {psycopg.__version__}, {where})"

    def close(self) -> None:
        if hasattr(self, "db"):
            self.db.close()


def reason(error: BaseException) -> str:
    """An error in one line: its kind and the first line of its message."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__


def run_self_test() -> int:
    """Run every step, printing one line each; 0 when all passed, 1 at the first failure."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt loads: no display
    with tempfile.TemporaryDirectory(prefix="holdfast-self-test-") as folder:
        test = SelfTest(Path(folder))
        try:
            for doing, step in test.steps():
                try:
                    print(f"ok   {step()}", flush=True)
                except Exception as error:
                    print(f"FAIL {doing}: {reason(error)}", flush=True)
                    return 1
        finally:
            test.close()
    print(f"self-test passed: Holdfast {VERSION} works here")
    return 0
