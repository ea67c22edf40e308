"""The window on a clinic server: `holdfast --database-url …` starts the real app against a
real PostgreSQL server, and the sign-in asks the practitioner's password in a dialog that
never shows what is typed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from models.database import Database
from models.services.demo import load_demo
from ui.server_start import password_dialog

pytestmark = pytest.mark.both_engines

START = "import sys\nfrom ui.cli import main\nsys.exit(main(['--database-url', sys.argv[1]]))"


def test_the_window_opens_on_a_clinic_server_with_its_patients(
    db: Database, tmp_path: Path
) -> None:
    if not db.on_server:
        pytest.skip("--database-url names a clinic server")
    assert db.url is not None
    load_demo(db)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOLDFAST_EXIT_WHEN_SHOWN": "1",  # print "shown …" once the list is filled, and quit
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    started = subprocess.run(
        [sys.executable, "-c", START, db.url],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("shown ")
    assert list((tmp_path / "data").glob("Holdfast/servers/*"))  # this computer's folder


def test_the_sign_in_asks_the_password_without_showing_it(qtbot: QtBot, engine: str) -> None:
    if engine != "sqlite":
        pytest.skip("the dialog is the same whatever the engine")
    url = "postgresql+psycopg://jreyes:old@server1/clinic"
    dialog = password_dialog(url, "The server did not accept the sign-in.")
    qtbot.addWidget(dialog)
    dialog.open()
    field = dialog.findChild(QLineEdit)
    assert field is not None and field.echoMode() == QLineEdit.EchoMode.Password
    label = dialog.labelText()
    assert "jreyes" in label and "server1/clinic" in label and "old" not in label
    qtbot.keyClicks(field, "s3cret")
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(
            buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
    assert dialog.textValue() == "s3cret"
