"""View ▸ Recall list as a person uses it: opened from the menu, loaded off the GUI thread,
a double-click or Enter on a patient opens the chart in the main window, and Export CSV…
writes the file chosen (or says which file could not be written, and why)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from models.database import Database
from tests.dialogs import answer_next_box
from tests.runners import HeldRunner
from tests.test_help import menu_action
from tests.test_recall import add_course, weekly
from ui.background import BackgroundRunner
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.recall_dialog import LOADING, NOBODY, RecallDialog

TODAY = date.today()  # the dialog lists as of today: the courses are placed around it


@pytest.fixture
def courses(db: Database) -> dict[str, int]:
    """A missed booking, a holding course unseen for 12 weeks, one booked ahead."""
    seen = TODAY - timedelta(weeks=12)
    return {
        "missed": add_course(
            db, "M-1", weekly(TODAY - timedelta(weeks=6), 3), booked=TODAY - timedelta(days=7),
            name="Okafor", phone="555-0101",
        ),
        "holding": add_course(db, "H-1", weekly(seen - timedelta(weeks=2), 3), name="Berg"),
        "ahead": add_course(
            db, "A-1", weekly(seen - timedelta(weeks=2), 3), booked=TODAY + timedelta(days=3)
        ),
    }  # fmt: skip


@pytest.fixture
def window(qtbot: QtBot, db: Database) -> Iterator[MainWindow]:
    runner = BackgroundRunner()
    main = MainWindow(AppContext(db, runner))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    runner.wait()


def open_from_menu(qtbot: QtBot, window: MainWindow) -> RecallDialog:
    menu_action(window, "View", "Recall list…").trigger()
    (dialog,) = [d for d in window.findChildren(RecallDialog) if d.isVisible()]
    qtbot.waitExposed(dialog)
    return dialog


def row_of(dialog: RecallDialog, chart_number: str) -> int:
    model = dialog.model
    (row,) = [r for r in range(model.rowCount()) if model.index(r, 0).data() == chart_number]
    return row


def test_a_double_click_on_a_patient_opens_their_chart(
    qtbot: QtBot, window: MainWindow, courses: dict[str, int]
) -> None:
    dialog = open_from_menu(qtbot, window)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
    assert "not been seen for 8 weeks or more; change the weeks in Preferences" in (
        dialog.rule.text()
    )
    model = dialog.model
    assert [model.index(r, 0).data() for r in range(2)] == ["M-1", "H-1"]
    assert model.index(1, 4).data() == "holding; last seen 12 weeks ago"
    assert model.index(1, 6).data() == ""  # nothing booked
    index = model.index(row_of(dialog, "H-1"), 1)
    centre = dialog.table.visualRect(index).center()
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: window.chart.patient_id == courses["holding"])
    qtbot.waitUntil(lambda: "Ana Berg" in window.chart.header.text())


def test_enter_on_a_patient_opens_their_chart(
    qtbot: QtBot, window: MainWindow, courses: dict[str, int]
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    (dialog,) = window.findChildren(RecallDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(dialog.model.index(row_of(dialog, "M-1"), 0))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.chart.patient_id == courses["missed"])


def test_a_column_sorts_and_the_list_order_comes_back(
    qtbot: QtBot, window: MainWindow, courses: dict[str, int]
) -> None:
    dialog = open_from_menu(qtbot, window)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
    charts = lambda: [dialog.model.index(r, 0).data() for r in range(2)]  # noqa: E731
    dialog.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)  # last seen, oldest first
    assert charts() == ["H-1", "M-1"]
    dialog.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    assert charts() == ["M-1", "H-1"]


def test_export_writes_the_file_chosen(
    qtbot: QtBot, window: MainWindow, courses: dict[str, int], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    suggested: list[str] = []
    target = tmp_path / "out" / "for-phoning"
    target.parent.mkdir()

    def choose(_parent: object, _title: str, name: str, _filter: str) -> tuple[str, str]:
        suggested.append(name)
        return str(target), "CSV files (*.csv)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    dialog = open_from_menu(qtbot, window)
    qtbot.waitUntil(dialog.export_button.isEnabled)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    written = target.with_name("for-phoning.csv")
    qtbot.waitUntil(lambda: "Exported 2" in dialog.status.text())
    assert suggested == [f"recall-{TODAY.isoformat()}.csv"]
    with written.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert [row[0] for row in rows] == ["chart number", "M-1", "H-1"]
    assert rows[1][1:3] == ["Okafor, Ana", "555-0101"]
    assert rows[1][6] == (TODAY - timedelta(days=7)).isoformat()


def test_a_file_that_cannot_be_written_is_said_in_words(
    qtbot: QtBot, window: MainWindow, courses: dict[str, int], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file, not a folder")
    chosen = (str(not_a_folder / "recall.csv"), "")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: chosen)
    dialog = open_from_menu(qtbot, window)
    qtbot.waitUntil(dialog.export_button.isEnabled)
    said = answer_next_box(qtbot)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(said))
    assert said == [
        "The recall list was not exported.\n\n"
        f"recall.csv could not be written in {not_a_folder} (not a directory). "
        "Choose another folder, or free some space, and try again."
    ]


def test_loading_then_nobody_to_recall(qtbot: QtBot, db: Database) -> None:
    runner = HeldRunner()
    dialog = RecallDialog(AppContext(db, runner))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.status.text() == LOADING and not dialog.export_button.isEnabled()
    runner.deliver()
    assert dialog.status.text() == NOBODY
    assert dialog.table.isHidden() and not dialog.export_button.isEnabled()
