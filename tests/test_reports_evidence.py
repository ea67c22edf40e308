"""What the PDFs prove (issue 10): every page carries the audit chain head when printed, so a
later rewrite of the whole chain shows against the printout; a signed note edited behind
Holdfast's back is never printed under "Signed by"."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from models.database import Database
from models.services.chain import chain_head
from models.services.patients import patient_id_for_chart
from models.services.visits import list_visits
from reports.generate import KINDS, report_pdf
from tests.pdfs import pdf_pages, pdf_text
from tests.test_tamper_check import rewrite_whole_chain
from ui.background import SyncRunner
from ui.cli import main
from ui.context import AppContext
from ui.main_window import MainWindow

PRINTED_HEAD = re.compile(r"Audit chain when printed: (audit [\d,]+ · [0-9a-f]{12})")


def first_signed(db: Database) -> tuple[int, int]:
    """(patient id, visit id) of the demo's first patient's first signed visit."""
    patient = patient_id_for_chart(db, "R-001")
    return patient, next(v.id for v in list_visits(db, patient) if v.signed)


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_of_every_document_prints_the_chain_head(demo_db: Database, kind: str) -> None:
    patient, visit = first_signed(demo_db)
    pages = pdf_pages(report_pdf(demo_db, kind, patient, visit))
    expected = str(chain_head(demo_db))
    assert pages
    for page in pages:
        found = PRINTED_HEAD.search(page)
        assert found is not None and found.group(1) == expected


def test_a_printout_catches_a_later_rewrite_of_the_whole_chain(
    demo_db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    patient, visit = first_signed(demo_db)
    printed = PRINTED_HEAD.search(pdf_text(report_pdf(demo_db, "visit", patient, visit)))
    assert printed is not None
    demo_db.close()
    check = ["--db", str(db_path), "check", "--against", printed.group(1)]
    assert main(check) == 0
    capsys.readouterr()

    rewrite_whole_chain(db_path)
    assert main(check) == 1
    assert "the chain was rewritten since it was printed" in capsys.readouterr().out


def edit_signed_note_behind_holdfasts_back(db_path: Path, visit_id: int) -> None:
    """What someone with the file and the sqlite3 shell could do: lift the lock, edit."""
    with sqlite3.connect(db_path) as connection:
        connection.execute("DROP TRIGGER visit_locked_update")
        connection.execute(
            "UPDATE visit SET subjective = 'No pain at all.' WHERE id = ?", (visit_id,)
        )
    connection.close()


def test_an_edited_signed_note_is_not_printed_as_signed(demo_db: Database, db_path: Path) -> None:
    patient, visit = first_signed(demo_db)
    honest = pdf_text(report_pdf(demo_db, "visit", patient, visit))
    assert "Signed by" in honest and "any later change to the note" in honest

    edit_signed_note_behind_holdfasts_back(db_path, visit)
    text = pdf_text(report_pdf(demo_db, "visit", patient, visit))
    assert "No pain at all." in text  # the page shows what the file holds now...
    assert "Signed by" not in text  # ...but never vouches for it
    assert "any later change to the note" not in text
    assert "does not match its signature" in " ".join(text.split())
    stored = list_visits(demo_db, patient)
    signed = next(v for v in stored if v.id == visit)
    assert signed.content_hash and signed.content_hash in text.replace(" ", "").replace("\n", "")


def opened_banner(qtbot: QtBot, db: Database, patient: int, visit: int) -> str:
    """The signed-visit banner of a freshly started window with the visit opened."""
    window = MainWindow(AppContext(db, SyncRunner()))
    qtbot.addWidget(window)
    window.chart.open_visit(patient, visit)
    banner = window.editor.ui.signed
    qtbot.waitUntil(lambda: banner.isVisibleTo(window) and bool(banner.text()))
    return banner.text()


def test_the_editor_warns_over_an_edited_signed_note(
    qtbot: QtBot, demo_db: Database, db_path: Path
) -> None:
    patient, visit = first_signed(demo_db)
    assert opened_banner(qtbot, demo_db, patient, visit).startswith("Signed by")

    edit_signed_note_behind_holdfasts_back(db_path, visit)
    banner = opened_banner(qtbot, demo_db, patient, visit)
    assert "does not match its signature" in banner and "Signed by" not in banner
