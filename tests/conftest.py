"""Shared fixtures: a real SQLite file per test, in tmp_path."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from models.database import Database, open_database


def skip_here_fail_in_ci(reason: str) -> NoReturn:
    """Skip a check that cannot run on this machine, but fail it in CI (HOLDFAST_CI=1, set
    by .ci/run), which installs and pins what it needs: there a skip would switch the check
    off unnoticed."""
    if os.environ.get("HOLDFAST_CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "holdfast.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def demo_db(db: Database) -> Database:
    from models.services.demo import load_demo

    load_demo(db)
    return db


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Window layout goes to the test's own folder, never the user's settings."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    qt_core = sys.modules.get("PySide6.QtCore")  # the domain tests run without Qt
    if qt_core is not None:
        settings = qt_core.QSettings
        settings.setPath(settings.Format.NativeFormat, settings.Scope.UserScope, str(tmp_path))


@pytest.fixture(autouse=True)
def no_failure_left_on_screen() -> Iterator[None]:
    """A background failure nobody handled is shown to the user: in a test, that is an error
    (unless the test looked at the box and closed it)."""
    yield
    background = sys.modules.get("ui.background")  # not imported by the domain tests
    if background is not None:
        assert background.dismiss_failures() == []


@pytest.fixture(autouse=True)
def umask_kept() -> Iterator[None]:
    """`holdfast` narrows the process umask at start (models/private_files.py); a test that
    runs it must not change the umask the tests after it run under."""
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The common default, under which a plain open() makes files every account can read."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)
