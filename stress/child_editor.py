"""The editor child: the real app (`ui.app.run_app`, offscreen, its background runner), a new
visit for one patient, and keys typed into the real note box at a human rhythm.

    python -m stress.child_editor DB PATIENT_ID REPORT MODE SEED [COUNT]

MODE "kill": type until killed. "close": type COUNT keys, then close the window as a person
does and let the app end. "pause": type for COUNT seconds, then wait (a fault run: the harness
frees the fault, waits for the save, then kills). Each key, each commit (the note as stored
once `saved` is emitted) and each message shown under the editor's header is reported.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from models.services.visits import load_visit
from stress.protocol import SEQUENCE, Report
from ui.app import run_app
from ui.main_window import MainWindow


def gap_ms(rng: random.Random) -> int:
    """Mostly steady typing (never the 0.3 s pause), now and then a pause to think."""
    if rng.random() < 0.85:
        return rng.randint(40, 280)
    return rng.randint(400, 2500)


class Typist:
    def __init__(self, window: MainWindow, patient_id: int, report: Report, args: list[str]):
        self.window, self.editor, self.report = window, window.editor, report
        self.mode, self.rng = args[0], random.Random(int(args[1]))
        self.count = float(args[2]) if len(args) > 2 else 0.0
        self.typed, self.started, self.message = 0, 0.0, ""
        db = window.context.db
        self.editor.saved.connect(
            lambda visit_id: report.event(
                "commit", visit=visit_id, n=len(load_visit(db, visit_id).draft.note.subjective)
            )
        )
        window.chart.show_patient(patient_id)
        window.visit_actions["new"].trigger()  # as Ctrl+Shift+N: the editor tab comes forward
        self.watch = QTimer(window, interval=100)
        self.watch.timeout.connect(self.report_message)
        self.watch.start()
        self.begin()

    def begin(self) -> None:
        if self.editor.patient_id is None:  # the new visit is still being set up
            QTimer.singleShot(50, self.begin)
            return
        self.report.event("ready")
        self.started = time.monotonic()
        self.type_next()

    def type_next(self) -> None:
        if self.mode == "close" and self.typed >= self.count:
            self.report.event("closing")
            self.window.close()
            return
        if self.mode == "pause" and time.monotonic() - self.started >= self.count:
            self.report.event("paused", n=self.typed)
            return
        QTest.keyClicks(self.editor.subjective.text, SEQUENCE[self.typed])
        self.typed += 1
        self.report.event("key", n=self.typed)
        QTimer.singleShot(gap_ms(self.rng), self.type_next)

    def report_message(self) -> None:
        message = self.editor.ui.message
        text = "" if message.isHidden() else message.text()
        if text != self.message:
            self.message = text
            self.report.event("message", text=text)


def main(argv: list[str]) -> int:
    db_path, patient_id, report = Path(argv[0]), int(argv[1]), Report(Path(argv[2]))
    app = QApplication([])
    typists: list[Typist] = []

    def find_window() -> None:
        shown = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not shown:
            QTimer.singleShot(50, find_window)
            return
        typists.append(Typist(shown[0], patient_id, report, argv[3:]))

    QTimer.singleShot(0, find_window)
    code = run_app(db_path)
    report.event("ended", code=code)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
