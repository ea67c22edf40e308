"""Demo data, import and export from the GUI (all off the GUI thread); backups are in
ui/actions/backups.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from models.exchange_format import ImportFailed
from models.services import exchange
from models.services.demo import load_demo
from ui.context import AppContext
from ui.messages import error_text


def _fail(parent: QWidget, title: str) -> Callable[[BaseException], None]:
    def show(error: BaseException) -> None:
        text = (
            "\n".join(error.errors[:20]) if isinstance(error, ImportFailed) else error_text(error)
        )
        if isinstance(error, ImportFailed):
            text += "\n\nNothing was imported."
        QMessageBox.warning(parent, title, text)

    return show


def load_demo_patients(context: AppContext, parent: QWidget) -> None:
    context.runner.run(
        lambda: load_demo(context.db, context.actor),
        lambda _count: context.events.patients_changed.emit(),
        _fail(parent, "Demo patients"),
    )


def import_file(context: AppContext, parent: QWidget, path: str | None = None) -> None:
    if path is None:
        path, _ = QFileDialog.getOpenFileName(parent, "Import", "", "Holdfast exchange (*.json)")
    if not path:
        return
    source = Path(path)

    def run() -> int:
        return exchange.import_file(context.db, source, context.actor)

    def done(count: int) -> None:
        context.events.patients_changed.emit()
        QMessageBox.information(parent, "Import", f"Imported {count} patient(s).")

    context.runner.run(run, done, _fail(parent, "Import failed"))


def export_file(context: AppContext, parent: QWidget) -> None:
    path, _ = QFileDialog.getSaveFileName(parent, "Export", "holdfast-export.json", "*.json")
    if not path:
        return

    def run() -> None:
        # patient by patient, whole or not at all, with its audit event
        exchange.write_export(context.db, Path(path), context.actor)

    context.runner.run(run, lambda _: None, _fail(parent, "Export failed"))
