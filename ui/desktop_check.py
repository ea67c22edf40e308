"""Can Qt open a window here? Asked before Qt loads, because when it cannot, Qt aborts the
whole process with a core dump and a message a practitioner cannot act on.

On Linux the desktop ("xcb") platform plugin needs X11 libraries that a fresh system may not
have (since Qt 6.5, libxcb-cursor0 among them). The plugin's own list of needed libraries is
read from the file (ui/elf_needs.py), followed through the Qt libraries shipped with PySide6,
and each system library is looked up as the dynamic loader would. A missing one is named
with the packages that provide it and the command that installs them. With no display at
all, that is said too. docs/ARCHITECTURE.md#starting-on-a-desktop has the whole story.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from importlib.util import find_spec
from pathlib import Path

from ui.desktop_packages import install_commands
from ui.elf_needs import NotElf, needed_libraries

XCB_PLUGIN = Path("plugins", "platforms", "libqxcb.so")
WIDGETS = Path("lib", "libQt6Widgets.so.6")  # QtGui's own libraries come with it
NO_DISPLAY = (
    "Holdfast cannot open its window: there is no display to show it on (DISPLAY is not "
    "set). Start Holdfast from your desktop's application menu or a terminal inside the "
    "desktop, or over SSH with X forwarding (ssh -X). Commands such as `holdfast patients` "
    "need no display; scripts and tests that drive the window without a screen can set "
    "QT_QPA_PLATFORM=offscreen."
)


def qt_folder() -> Path | None:
    """PySide6's Qt folder (plugins and libraries), found without importing PySide6."""
    spec = find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)), "Qt")


def chosen_platform(env: Mapping[str, str]) -> str:
    """The platform plugin Qt will try first, as Qt chooses it on Linux."""
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(";")[0].split(":")[0]
    if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland":
        return "wayland"
    return "xcb"


def loadable(soname: str) -> bool:
    """True when the dynamic loader finds `soname` (and what it needs) on this system."""
    try:
        ctypes.CDLL(soname, mode=os.RTLD_LAZY)
    except OSError:
        return False
    return True


def missing_libraries(
    roots: Iterable[Path], shipped: Path, found: Callable[[str], bool] = loadable
) -> list[str]:
    """The system libraries `roots` need, directly or through the libraries in `shipped`
    (Qt's own, followed in turn), that `found` does not find; in the order first needed."""
    missing: list[str] = []
    seen: set[str] = set()
    queue = [root for root in roots if root.exists()]
    while queue:
        for name in needed_libraries(queue.pop(0)):
            if name in seen:
                continue
            seen.add(name)
            if (shipped / name).exists():
                queue.append(shipped / name)
            elif not found(name):
                missing.append(name)
    return missing


def missing_message(missing: list[str]) -> str:
    return (
        "Holdfast cannot open its window: Qt's desktop support needs system libraries that "
        f"are not installed ({', '.join(missing)}). Install them, then start Holdfast again:\n"
        + install_commands(missing)
        + "\nThe command line (`holdfast --help`) works without them."
    )


def window_problem(env: Mapping[str, str] = os.environ) -> str | None:
    """Why a window cannot open here, in words, or None when nothing stands in the way."""
    qt = qt_folder()
    if not sys.platform.startswith("linux") or qt is None or getattr(sys, "frozen", False):
        return None  # elsewhere Qt brings what it needs; the bundle checks its own
    platform = chosen_platform(env)
    roots = [qt / WIDGETS] + ([qt / XCB_PLUGIN] if platform == "xcb" else [])
    try:
        missing = missing_libraries(roots, qt / "lib", loadable)
    except (OSError, NotElf):
        return None  # an unusual installation: let Qt speak for itself
    if missing:
        return missing_message(missing)
    if platform == "xcb" and not env.get("DISPLAY"):
        return NO_DISPLAY
    return None
