"""`holdfast install-desktop [--uninstall]`: the menu entry and the icons under
$XDG_DATA_HOME, an Exec that starts this installation, and nothing else touched."""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from resources.icon import PNG_SIZES, SVG_FILE, icon_folder, png_file
from tests.conftest import skip_here_fail_in_ci
from tests.faults import read_only_folder
from ui.cli import main
from ui.desktop_entry import data_home, exec_argument, installed_files

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = Path(sys.executable).parent  # the holdfast and holdfast-gui of the test environment


@pytest.fixture
def share(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return folder


def expected_files(share: Path) -> list[Path]:
    theme = share / "icons" / "hicolor"
    return [
        *(theme / f"{n}x{n}" / "apps" / "holdfast.png" for n in PNG_SIZES),
        theme / "scalable" / "apps" / "holdfast.svg",
        share / "applications" / "holdfast.desktop",
    ]


def read_entry(share: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep case
    parser.read(share / "applications" / "holdfast.desktop", encoding="utf-8")
    assert parser.sections() == ["Desktop Entry"]
    return dict(parser["Desktop Entry"])


def run_holdfast(*args: str, share: Path) -> subprocess.CompletedProcess[str]:
    """The installed console script, importing this checkout (a worktree's, too)."""
    env = {**os.environ, "XDG_DATA_HOME": str(share), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [str(SCRIPTS / "holdfast"), *args],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip


def test_install_writes_the_menu_entry_and_every_icon(
    share: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["install-desktop"]) == 0
    files = expected_files(share)
    assert capsys.readouterr().out.splitlines() == [f"Wrote {path}" for path in files]
    assert installed_files(share) == files
    folder = icon_folder()
    for size, path in zip(PNG_SIZES, files, strict=False):
        assert path.read_bytes() == folder.joinpath(png_file(size)).read_bytes()
    assert files[-2].read_bytes() == folder.joinpath(SVG_FILE).read_bytes()
    assert all(path.stat().st_mode & 0o777 == 0o644 for path in files)  # not private data
    entry = read_entry(share)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Holdfast"
    assert entry["Icon"] == "holdfast"
    assert entry["Terminal"] == "false"
    assert entry["StartupWMClass"] == "Holdfast"  # what Qt names the windows' class
    assert {"Office", "MedicalSoftware"} <= set(entry["Categories"].split(";"))
    assert entry["GenericName"] and entry["Comment"] and entry["Keywords"].endswith(";")
    (program,) = shlex.split(entry["Exec"])
    assert Path(program).is_absolute()
    assert os.access(program, os.X_OK)
    assert Path(program) == SCRIPTS / "holdfast-gui"  # this environment's GUI, not another
    assert entry["TryExec"] == program


def test_the_console_script_installs_its_own_gui_and_uninstalls_twice(share: Path) -> None:
    done = run_holdfast("install-desktop", share=share)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"Wrote {path}" for path in expected_files(share)]
    (program,) = shlex.split(read_entry(share)["Exec"])
    assert program == str(SCRIPTS / "holdfast-gui")  # beside the holdfast that ran
    done = run_holdfast("install-desktop", "--uninstall", share=share)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"Removed {path}" for path in expected_files(share)]
    assert not any(path.exists() for path in expected_files(share))
    again = run_holdfast("install-desktop", "--uninstall", share=share)
    assert again.returncode == 0, again.stderr
    assert again.stdout == f"Nothing to remove: no Holdfast menu entry or icon in {share}\n"


def test_desktop_file_validate_accepts_the_entry(share: Path) -> None:
    if shutil.which("desktop-file-validate") is None:
        skip_here_fail_in_ci("desktop-file-validate is not installed (apt: desktop-file-utils)")
    assert main(["install-desktop"]) == 0
    done = subprocess.run(
        ["desktop-file-validate", str(share / "applications" / "holdfast.desktop")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in done.stdout and "warning" not in done.stdout, done.stdout


def test_uninstall_removes_exactly_its_files_and_never_the_records(
    share: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["install-desktop"]) == 0
    records = share / "Holdfast" / "holdfast.sqlite3"  # the default data folder is here too
    neighbours = [
        records,
        share / "applications" / "other.desktop",
        share / "icons" / "hicolor" / "48x48" / "apps" / "other.png",
        share / "icons" / "hicolor" / "scalable" / "apps" / "holdfast-symbolic.svg",
    ]
    for path in neighbours:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("not Holdfast's to remove")
    capsys.readouterr()
    assert main(["install-desktop", "--uninstall"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"Removed {path}" for path in expected_files(share)]
    assert all(path.read_text() == "not Holdfast's to remove" for path in neighbours)
    assert not any(path.exists() for path in expected_files(share))


def test_a_read_only_data_folder_is_named_in_one_line(
    share: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    share.mkdir()
    with read_only_folder(share):
        assert main(["install-desktop"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"Cannot write in {share}:"), err
    assert not any(path.exists() for path in expected_files(share))


def test_a_read_only_menu_folder_leaves_no_icon_behind(
    share: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    applications = share / "applications"
    applications.mkdir(parents=True)
    with read_only_folder(applications):
        assert main(["install-desktop"]) == 1
    assert capsys.readouterr().err.startswith(f"Cannot write in {applications}:")
    assert [p for p in share.rglob("*") if p.is_file()] == []  # the staged icons went again


def test_uninstall_from_a_read_only_folder_is_one_line(
    share: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["install-desktop"]) == 0
    capsys.readouterr()
    with read_only_folder(share / "applications"):
        assert main(["install-desktop", "--uninstall"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(share) in err


def test_a_frozen_bundle_starts_itself_quoted_when_its_path_has_a_space(
    share: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "Hold fast $HOME" / "holdfast"
    bundle.parent.mkdir()
    bundle.write_text("#!/bin/sh\n")
    bundle.chmod(0o755)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle))
    assert main(["install-desktop"]) == 0
    entry = read_entry(share)
    assert entry["Exec"] == f'"{bundle.parent.parent}/Hold fast \\\\$HOME/holdfast"'
    assert entry["TryExec"] == str(bundle)


def test_exec_arguments_are_quoted_and_escaped_as_the_spec_says() -> None:
    assert exec_argument("/opt/holdfast/bin/holdfast-gui") == "/opt/holdfast/bin/holdfast-gui"
    assert exec_argument("/home/a b/holdfast-gui") == '"/home/a b/holdfast-gui"'
    # Quoted: " ` $ \ take a backslash; then the string escapes double every backslash.
    assert exec_argument('/x/"q"/h') == '"/x/\\\\"q\\\\"/h"'
    assert exec_argument("/x/a\\b") == '"/x/a\\\\\\\\b"'
    assert exec_argument("/x/100%/h") == "/x/100%%/h"  # % starts a field code


def test_no_gui_program_is_one_line(
    share: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setattr(sys, "argv", [str(empty / "python")])
    monkeypatch.setattr(sys, "executable", str(empty / "python"))
    monkeypatch.setattr("sysconfig.get_path", lambda _name: str(empty))
    assert main(["install-desktop"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "holdfast-gui" in err
    assert not share.exists()


def test_elsewhere_than_linux_it_says_so_and_exits_1(
    share: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert main(["install-desktop"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Linux" in err
    assert not share.exists()


def test_the_data_folder_is_xdg_data_home_when_absolute() -> None:
    home = Path.home() / ".local" / "share"
    assert data_home({}) == home
    assert data_home({"XDG_DATA_HOME": "relative/share"}) == home  # the spec ignores it
    assert data_home({"XDG_DATA_HOME": "/srv/share"}) == Path("/srv/share")


def test_the_icon_cache_is_renewed_only_where_one_is_kept(share: Path) -> None:
    if shutil.which("gtk-update-icon-cache") is None:
        skip_here_fail_in_ci("gtk-update-icon-cache is not installed (apt: gtk-update-icon-cache)")
    theme = share / "icons" / "hicolor"
    assert main(["install-desktop"]) == 0
    assert not (theme / "icon-theme.cache").exists()  # GTK reads the folders themselves
    (theme / "index.theme").write_text("[Icon Theme]\nName=Hicolor\nDirectories=48x48/apps\n")
    assert main(["install-desktop"]) == 0
    assert (theme / "icon-theme.cache").is_file()


def test_install_desktop_does_not_load_qt(share: Path) -> None:
    code = (
        "import sys; from ui.cli import main; assert main(['install-desktop']) == 0; "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'"
    )
    env = {**os.environ, "XDG_DATA_HOME": str(share), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr


def test_a_path_a_desktop_file_cannot_hold_is_one_line(
    share: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/caf\udce9/holdfast")  # a Latin-1 file name
    assert main(["install-desktop"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "UTF-8" in err
    assert not share.exists()
