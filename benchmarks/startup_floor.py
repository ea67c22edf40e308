"""The cold-start floor: a bare PySide6 window and a table filled from raw sqlite3's first
page of patients, nothing of Holdfast. Run as `python -m benchmarks.startup_floor DB`; it
prints "shown <peak RSS in kB>" once the table is on screen, as Holdfast does with
HOLDFAST_EXIT_WHEN_SHOWN=1 (benchmarks/figures_startup.py times both)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem

FIRST_PAGE = 100  # rows read: about what a list shows and scrolls into at first
PAGE_SQL = (
    "SELECT chart_number, last_name || ', ' || first_name, date_of_birth FROM patient "
    "WHERE NOT archived ORDER BY last_name, first_name LIMIT ?"
)


def peak_rss_kb() -> int:
    """Linux's VmHWM: the peak of this program alone (as ui/app.py `peak_rss_kb`)."""
    lines = Path("/proc/self/status").read_text().splitlines()
    return next(int(line.split()[1]) for line in lines if line.startswith("VmHWM:"))


def main(db_path: str) -> int:
    """Show the window, then fill its table from the database's first page of patients."""
    app = QApplication(sys.argv)
    window = QMainWindow()
    table = QTableWidget(0, 3)
    window.setCentralWidget(table)
    window.resize(1400, 860)
    window.show()

    def fill() -> None:
        connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        rows = connection.execute(PAGE_SQL, (FIRST_PAGE,)).fetchall()
        connection.close()
        table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            for column, value in enumerate(row):
                table.setItem(number, column, QTableWidgetItem(str(value)))
        print(f"shown {peak_rss_kb()}", flush=True)
        app.exit(0)

    QTimer.singleShot(0, fill)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
