"""The menu entry and icon `holdfast install-desktop` puts into this user's desktop (Linux).

A freedesktop.org Desktop Entry (`applications/holdfast.desktop`) and the icon in the
hicolor theme (`icons/hicolor/<N>x<N>/apps/holdfast.png` and `scalable/apps/holdfast.svg`),
all under `$XDG_DATA_HOME` (default `~/.local/share`). No Qt here: the command line loads
this without the GUI.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from resources.icon import ICON_NAME, PNG_SIZES, SVG_FILE, icon_folder, png_file

APP_ID = "holdfast"  # holdfast.desktop; the GUI names it with QGuiApplication.setDesktopFileName
GUI_SCRIPT = "holdfast-gui"  # pyproject's gui-scripts entry
WM_CLASS = "Holdfast"  # Qt's window class on X11: QApplication.applicationName (ui/app.py)

# Desktop Entry Specification 1.4 (1.5 adds nothing Holdfast uses, and older
# desktop-file-validate refuses it). MedicalSoftware is an additional category: it goes
# with a main one, here Office.
TEMPLATE = """\
[Desktop Entry]
Type=Application
Version=1.4
Name=Holdfast
GenericName=Manual Therapy Charting
Comment=Chart pelvic corrections for runners and see whether each one held
Icon={icon}
TryExec={try_exec}
Exec={exec}
Terminal=false
StartupNotify=true
StartupWMClass={wm_class}
Categories=Office;MedicalSoftware;
Keywords=chart;patient;visit;pelvis;runner;chiropractic;physiotherapy;osteopathy;
"""

# Characters that make the spec quote an Exec argument, and those escaped inside the quotes.
RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
ESCAPED_IN_QUOTES = set('"`$\\')


class DesktopError(Exception):
    """Why the menu entry could not be written or removed, in one line for the terminal."""


def data_home(environ: dict[str, str] | os._Environ[str] = os.environ) -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset or not absolute (as the spec says)."""
    value = environ.get("XDG_DATA_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path.home() / ".local" / "share"


def _runnable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def gui_command() -> Path:
    """The program that opens this very installation's main window.

    Frozen (PyInstaller), the bundle's own executable. Installed with pip or pipx, the
    `holdfast-gui` script beside the running `holdfast` script, else in the scripts folder of
    the running interpreter (`python -m ui.cli` in a virtual environment).
    """
    if getattr(sys, "frozen", False):
        return Path(sys.executable).absolute()
    folders = []
    running = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if running is not None and running.name.startswith("holdfast"):
        folders.append(running.absolute().parent)
    folders += [Path(sysconfig.get_path("scripts")), Path(sys.executable).parent]
    for folder in folders:
        if _runnable(folder / GUI_SCRIPT):
            return (folder / GUI_SCRIPT).absolute()
    raise DesktopError(
        f"No {GUI_SCRIPT} program next to {sys.executable}: install Holdfast with pip or "
        "pipx first, then run holdfast install-desktop again."
    )


def _escape(value: str) -> str:
    """The spec's escapes for a string value: backslash, newline, tab, carriage return."""
    return (
        value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    )


def exec_argument(argument: str) -> str:
    """`argument` as one argument of an Exec key: quoted when it holds a reserved character,
    % doubled (field codes), then escaped as any string value."""
    if any(c in RESERVED for c in argument):
        inner = "".join("\\" + c if c in ESCAPED_IN_QUOTES else c for c in argument)
        argument = f'"{inner}"'
    return _escape(argument.replace("%", "%%"))


def desktop_entry(command: Path) -> str:
    """The text of holdfast.desktop for a GUI started by the executable `command`."""
    return TEMPLATE.format(
        icon=ICON_NAME,
        try_exec=_escape(str(command)),
        exec=exec_argument(str(command)),
        wm_class=WM_CLASS,
    )


def desktop_file(home: Path) -> Path:
    return home / "applications" / f"{APP_ID}.desktop"


def icon_targets(home: Path) -> dict[Path, str]:
    """Where each packaged icon file goes in the hicolor theme: target -> packaged name."""
    theme = home / "icons" / "hicolor"
    targets = {theme / f"{n}x{n}" / "apps" / f"{ICON_NAME}.png": png_file(n) for n in PNG_SIZES}
    targets[theme / "scalable" / "apps" / f"{ICON_NAME}.svg"] = SVG_FILE
    return targets


def installed_files(home: Path) -> list[Path]:
    """Every file install writes, the menu entry last; exactly what uninstall removes."""
    return [*icon_targets(home), desktop_file(home)]


def _cannot(action: str, error: OSError) -> DesktopError:
    where = Path(error.filename).parent if error.filename else None
    reason = error.strerror or str(error)
    return DesktopError(f"Cannot {action} in {where}: {reason}." if where else f"{reason}.")


def install(home: Path, command: Path) -> list[Path]:
    """Write the icons, then the menu entry (so it never names a missing icon); the paths."""
    folder = icon_folder()
    contents = {
        target: folder.joinpath(name).read_bytes() for target, name in icon_targets(home).items()
    }
    try:
        contents[desktop_file(home)] = desktop_entry(command).encode("utf-8")
    except UnicodeEncodeError:
        raise DesktopError(
            f"The path {str(command)!a} is not UTF-8, which a .desktop file must be."
        ) from None
    # The command line makes every file private (restrict_umask); a menu entry and an icon
    # are not patient data, and other programs of the desktop read them.
    previous = os.umask(0o022)
    try:
        _write_all(contents)
    finally:
        os.umask(previous)
    refresh_caches(home)
    return list(contents)


def _write_all(contents: dict[Path, bytes]) -> None:
    """Each file is first written beside its target under a temporary name, and all are
    moved into place only when every one is written: a folder that refuses writes leaves
    nothing half done."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in contents.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            staged.append((temporary, target))
            temporary.write_bytes(data)
        for temporary, target in staged:
            temporary.replace(target)
    except OSError as error:
        for temporary, _target in staged:
            with contextlib.suppress(OSError):  # never written, or its folder refuses
                temporary.unlink()
        raise _cannot("write", error) from None


def uninstall(home: Path) -> list[Path]:
    """Remove exactly the files install writes, where present; the paths removed."""
    removed = []
    try:
        for path in installed_files(home):
            if path.is_file() or path.is_symlink():
                path.unlink()
                removed.append(path)
    except OSError as error:
        raise _cannot("remove a file", error) from None
    if removed:
        refresh_caches(home)
    return removed


def _quietly(*command: str) -> None:
    """Run a desktop helper if it is installed; whatever it says or does, go on."""
    if shutil.which(command[0]) is None:
        return
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(command, capture_output=True, timeout=60, check=False)


def refresh_caches(home: Path) -> None:
    """Tell the desktop about the change: the menu's cache, and the icon cache if the user's
    hicolor folder keeps one (without one, GTK reads the folders themselves; a cache made
    here would hide icons other programs add later without renewing it)."""
    applications = desktop_file(home).parent
    if applications.is_dir():
        _quietly("update-desktop-database", "-q", str(applications))
    theme = home / "icons" / "hicolor"
    if (theme / "icon-theme.cache").exists() or (theme / "index.theme").exists():
        _quietly("gtk-update-icon-cache", "-q", "-f", "-t", str(theme))
