"""Figures of the patient list (issue 11): the empty search (the refresh after every save of
a patient), a search keystroke, and the one row read again after a visit is saved.

Each is timed on the real widget, `PatientListView` with a synchronous runner (the work
the background thread does, then the model taking the rows), against raw sqlite3 doing the
same reads through the same indexes. The debounce (150 ms after the last key, so a word
typed fast is searched once) is not in the keystroke figure: it waits for the typing to
pause, it is no work; the figure is what a keystroke costs once its search starts.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from typing import Any

from benchmarks.suite import Figure, Practice
from models.database import open_database
from models.services.search import match_expression

# What people type, each sequence key by key: chart-number starts, single letters, names,
# a chart number, note words (the generated notes hold these clinical words), two words.
SEQUENCES = ("P-", "e", "a", "okafor", "whitfield", "{chart}", "hamstring", "calf",
             "thomas test", "{unique}")  # fmt: skip

RAW_PAGE = """SELECT id, chart_number, first_name, last_name, date_of_birth, archived
FROM patient WHERE archived = 0 {where}
ORDER BY last_name, first_name, chart_number LIMIT 50"""
RAW_TEXT = """SELECT DISTINCT v.patient_id FROM visit_search s JOIN visit v ON v.id = s.rowid
WHERE visit_search MATCH ?"""
RAW_ROW = """SELECT p.id, p.chart_number, p.first_name, p.last_name,
 (SELECT max(visit_date) FROM visit WHERE patient_id = p.id),
 (SELECT count(*) FROM visit WHERE patient_id = p.id),
 (SELECT count(*) FROM visit WHERE patient_id = p.id AND status = 'draft')
FROM patient p WHERE p.id = ?"""
RAW_LAST_TWO = """SELECT r.* FROM reading r WHERE r.visit_id IN (SELECT id FROM visit
WHERE patient_id = ? ORDER BY visit_date DESC, id DESC LIMIT 2)"""


def typed_keys(practice: Practice) -> list[str]:
    """Every text the search box holds while the sequences are typed, key by key."""
    middle, third = practice.patients // 2, practice.patients // 3
    values = {"chart": f"P{middle:06d}", "unique": f"qx{third:06d}"}
    texts = []
    for sequence in SEQUENCES:
        word = sequence.format(**values)
        texts += [word[:end] for end in range(1, len(word) + 1)]
    return texts


def p95(samples: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def _raw_search(connection: sqlite3.Connection, typed: str) -> list[Any]:
    """The floor of one keystroke: the first page by name, chart number or birth date
    (trigram index; a word under 3 characters tested while walking the list order) or by
    visit text (FTS5), in list order, and the count, in plain SQL."""
    words, clauses, values = typed.split(), [], []
    long_words = [word for word in words if len(word) >= 3]
    if long_words:
        phrases = " ".join('"' + word.replace('"', '""') + '"' for word in long_words)
        clauses.append("id IN (SELECT rowid FROM patient_search WHERE patient_search MATCH ?)")
        values.append(phrases)
    for word in words:
        if len(word) < 3:
            clauses.append("(first_name || ' ' || last_name LIKE ? OR chart_number LIKE ?)")
            values += [f"%{word}%"] * 2
    by_fields = " AND ".join(clauses) or "1"
    expression = match_expression(typed)
    if expression is not None:
        by_fields = f"({by_fields}) OR id IN ({RAW_TEXT})"
        values.append(expression)
    where = f"AND ({by_fields})"
    rows = connection.execute(RAW_PAGE.format(where=where), values).fetchall()
    count = f"SELECT count(*) FROM patient WHERE archived = 0 {where}"
    connection.execute(count, values).fetchone()
    return rows


def figures(practice: Practice) -> list[Figure]:
    """The empty search, the keystroke p95 and the refresh after a save."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui.background import SyncRunner
    from ui.context import AppContext
    from ui.patient_list import PatientListView

    QApplication.instance() or QApplication([])
    db = open_database(practice.path)
    view = PatientListView(AppContext(db, SyncRunner()))
    view.resize(430, 700)
    raw = sqlite3.connect(practice.path)
    keys = typed_keys(practice)

    def search(typed: str) -> None:
        view.search.setText(typed)  # starts the debounce: refresh() stops it and searches now
        view.refresh()

    def empty_search() -> None:
        search("")
        assert view.model.rowCount() > 0

    def raw_empty() -> None:
        raw.execute(RAW_PAGE.format(where=""), ()).fetchall()
        raw.execute("SELECT count(*) FROM patient WHERE archived = 0").fetchone()

    def keystrokes(one: Callable[[str], object]) -> float:
        samples = []
        for typed in keys:
            started = time.perf_counter()
            one(typed)
            samples.append(time.perf_counter() - started)
        return p95(samples)

    saved: list[int] = []  # the patient whose visit was saved: the sixth row of the list

    def show_saved() -> None:  # the list as it stands when the visit is saved
        search("")
        saved[:] = [view.model.rows[5].summary.id]
        view.select_patient(saved[0])

    def after_save() -> None:
        view.refresh_patient(saved[0])

    def raw_row() -> None:
        raw.execute(RAW_ROW, saved).fetchall()
        raw.execute(RAW_LAST_TWO, saved).fetchall()

    return [
        Figure(
            "empty_search", "empty search: the list's first page, count, verdicts", "<= 100 ms",
            work=empty_search, floor=raw_empty, meets=lambda value, _floor: value <= 0.100,
        ),
        Figure(
            "keystroke_p95",
            f"search keystroke to rows in the model, p95 of {len(keys)} keys",
            "<= 50 ms", work=lambda: keystrokes(search),
            floor=lambda: keystrokes(lambda typed: _raw_search(raw, typed)),
            meets=lambda value, _floor: value <= 0.050, measured=True, repeat=3,
        ),
        Figure(
            "after_save_refresh", "after a visit is saved: its row read again", "<= 50 ms",
            work=after_save, floor=raw_row, setup=show_saved,
            meets=lambda value, _floor: value <= 0.050,
        ),
    ]  # fmt: skip
