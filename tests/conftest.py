"""Shared fixtures: a real SQLite file per test, in tmp_path; in the tests marked
`both_engines`, a real PostgreSQL database on a test server as well (tests/servers.py)."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from models.database import Database, open_database
from tests.servers import URL_ENV, ServerForTests, server_database
from ui.collector import collect_due

ENGINES = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--pg-url",
        default=os.environ.get(URL_ENV),
        help=f"a PostgreSQL server for the both_engines tests (or ${URL_ENV}); "
        "its user must be allowed to create databases",
    )


def pytest_configure(config: pytest.Config) -> None:
    # As while the GUI runs (ui/collector.py): no collection at a moment a test happens to
    # allocate, on whichever thread; between tests instead (collected_between_tests).
    gc.disable()
    config.addinivalue_line(
        "markers", "both_engines: run on SQLite and on the PostgreSQL test server"
    )
    config.addinivalue_line(
        "markers", "sqlite_only: in a both_engines module, a test for SQLite alone"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marked = metafunc.definition.get_closest_marker
    if "engine" in metafunc.fixturenames and marked("both_engines"):
        # Searching visit text and names is SQLite's FTS5 so far (docs/ARCHITECTURE.md).
        engines = ENGINES[:1] if marked("sqlite_only") else ENGINES
        metafunc.parametrize("engine", engines, indirect=True)


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
def engine(request: pytest.FixtureRequest) -> str:
    """Which engine `db` is on: SQLite, unless the test is marked both_engines."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def test_server(pytestconfig: pytest.Config) -> Iterator[ServerForTests | None]:
    url = pytestconfig.getoption("--pg-url")
    server = ServerForTests(url) if url else None
    yield server
    if server is not None:
        server.close()


@pytest.fixture
def db(
    engine: str, db_path: Path, test_server: ServerForTests | None, tmp_path: Path
) -> Iterator[Database]:
    if engine == "sqlite":
        database = open_database(db_path)
        yield database
        database.close()
        return
    if test_server is None:
        skip_here_fail_in_ci(
            f"no PostgreSQL server given (--pg-url or ${URL_ENV}; `make test-pg` starts one)"
        )
    yield from server_database(test_server, tmp_path / "server-home")


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
def collected_between_tests() -> Iterator[None]:
    """What the GUI's timer would collect, collected once the test is over."""
    yield
    collect_due()


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
