"""Start-up that explains itself: a missing Qt system library or a missing display is said in
words, with the packages and the command, before Qt loads (and aborts the process)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import skip_here_fail_in_ci
from ui.desktop_check import (
    NO_DISPLAY,
    XCB_PLUGIN,
    chosen_platform,
    missing_libraries,
    qt_folder,
    window_problem,
)
from ui.elf_needs import NotElf, needed_libraries

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's loader")
ROOT = Path(__file__).parent.parent
QT = qt_folder()
assert QT is not None
HIDDEN, STAND_IN = b"libxcb-cursor.so.0", b"libxcb-cursor.so.9"  # same length: a valid file


def test_the_plugins_own_list_is_read_from_the_file() -> None:
    needed = needed_libraries(QT / XCB_PLUGIN)
    assert {"libxcb-cursor.so.0", "libxcb.so.1", "libQt6XcbQpa.so.6"} <= set(needed)
    if shutil.which("readelf") is None:
        skip_here_fail_in_ci("readelf (binutils) is not installed")
    printed = subprocess.run(
        ["readelf", "-d", str(QT / XCB_PLUGIN)], capture_output=True, text=True, check=True
    ).stdout
    assert needed == [
        line.split("[")[1].rstrip("]") for line in printed.splitlines() if "NEEDED" in line
    ]


def test_a_file_that_is_not_a_library_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "libqxcb.so"
    text.write_text("not a library")
    with pytest.raises(NotElf):
        needed_libraries(text)


def test_a_hidden_library_is_named_with_its_packages_and_the_command() -> None:
    def found(name: str) -> bool:  # this machine, with libxcb-cursor0 taken away
        return name != "libxcb-cursor.so.0"

    missing = missing_libraries([QT / XCB_PLUGIN], QT / "lib", found)
    assert missing == ["libxcb-cursor.so.0"]


def test_libraries_needed_through_qts_own_are_followed() -> None:
    def found(name: str) -> bool:  # fontconfig is needed by libQt6Gui, not by the plugin
        return name != "libfontconfig.so.1"

    assert "libfontconfig.so.1" not in needed_libraries(QT / XCB_PLUGIN)
    assert missing_libraries([QT / XCB_PLUGIN], QT / "lib", found) == ["libfontconfig.so.1"]


def test_the_message_names_the_packages_and_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ui.desktop_check.loadable", lambda name: "cursor" not in name)
    problem = window_problem({"DISPLAY": ":0"})
    assert problem is not None
    assert "libxcb-cursor.so.0" in problem
    assert "sudo apt-get install libxcb-cursor0\n" in problem
    assert "sudo dnf install xcb-util-cursor\n" in problem


def test_this_machine_has_what_a_window_needs() -> None:
    assert window_problem({"DISPLAY": ":0"}) is None  # .ci/run installs every library


def test_no_display_is_said_and_offscreen_is_offered() -> None:
    assert window_problem({}) == NO_DISPLAY
    assert window_problem({"QT_QPA_PLATFORM": "xcb"}) == NO_DISPLAY
    assert "QT_QPA_PLATFORM=offscreen" in NO_DISPLAY
    assert window_problem({"QT_QPA_PLATFORM": "offscreen"}) is None


@pytest.mark.parametrize(
    ("env", "platform"),
    [
        ({}, "xcb"),
        ({"DISPLAY": ":0"}, "xcb"),
        ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "wayland"),
        ({"XDG_SESSION_TYPE": "wayland"}, "wayland"),
        ({"QT_QPA_PLATFORM": "offscreen"}, "offscreen"),
        ({"QT_QPA_PLATFORM": "xcb:dpi=96;wayland", "WAYLAND_DISPLAY": "w"}, "xcb"),
    ],
)
def test_the_platform_is_the_one_qt_tries_first(env: dict[str, str], platform: str) -> None:
    assert chosen_platform(env) == platform


def pyside_without_a_library(folder: Path) -> Path:
    """A PySide6 whose desktop plugin needs a library no system has, ahead on PYTHONPATH; its
    __init__ fails loudly, so importing Qt at all would show in the output."""
    package = folder / "PySide6"
    plugin = package / "Qt" / XCB_PLUGIN
    plugin.parent.mkdir(parents=True)
    (package / "__init__.py").write_text("raise SystemExit('Qt was imported')\n")
    (package / "Qt" / "lib").symlink_to(QT / "lib")
    plugin.write_bytes((QT / XCB_PLUGIN).read_bytes().replace(HIDDEN, STAND_IN))
    return folder


def starting_env(folder: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    return {**env, "PYTHONPATH": str(folder), "DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}


def test_holdfast_says_what_is_missing_instead_of_aborting(tmp_path: Path) -> None:
    env = starting_env(pyside_without_a_library(tmp_path / "site"))
    holdfast = Path(sys.executable).parent / "holdfast"
    done = subprocess.run(
        [str(holdfast), "--db", str(tmp_path / "h.sqlite3")], env=env,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("holdfast: Holdfast cannot open its window")
    assert "libxcb-cursor.so.9" in done.stderr and "Qt was imported" not in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "h.sqlite3").exists()  # nothing was opened or created


def test_make_run_says_it_too(tmp_path: Path) -> None:
    if not (ROOT / ".venv" / ".installed").exists() or shutil.which("make") is None:
        skip_here_fail_in_ci("make run needs the venv `make` builds")
    env = starting_env(pyside_without_a_library(tmp_path / "site"))
    env["HOLDFAST_DB"] = str(tmp_path / "h.sqlite3")
    done = subprocess.run(
        ["make", "-s", "-q", ".venv/.installed"], cwd=ROOT, env=env, check=False
    )  # up to date: `make run` below starts Holdfast at once, installing nothing
    if done.returncode != 0:
        skip_here_fail_in_ci("the venv is older than pyproject.toml: run make first")
    done = subprocess.run(
        ["make", "-s", "run"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "Holdfast cannot open its window" in done.stderr
    assert "apt-file search libxcb-cursor.so.9" in done.stderr
    assert "core dumped" not in done.stderr and "Aborted" not in done.stderr
