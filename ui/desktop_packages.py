"""Which package provides each system library Qt's desktop support needs, on Debian/Ubuntu
and on Fedora, to name the exact command that installs what is missing."""

from __future__ import annotations

# soname: (Debian and Ubuntu package, Fedora package)
PROVIDERS = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libz.so.1": ("zlib1g", "zlib"),
}
# The lines of README "System libraries" are these packages: keep both in step.
DEBIAN, FEDORA = 0, 1


def providers(missing: list[str], system: int) -> list[str]:
    """The packages to install on `system`, each once, in the order first needed."""
    names: list[str] = []
    for soname in missing:
        name = PROVIDERS[soname][system] if soname in PROVIDERS else None
        if name and name not in names:
            names.append(name)
    return names


def install_commands(missing: list[str]) -> str:
    """The commands, and for a library this table does not know, how to find its package."""
    lines = []
    if debian := providers(missing, DEBIAN):
        lines.append(f"  Debian, Ubuntu:  sudo apt-get install {' '.join(debian)}")
    if fedora := providers(missing, FEDORA):
        lines.append(f"  Fedora:          sudo dnf install {' '.join(fedora)}")
    for soname in (name for name in missing if name not in PROVIDERS):
        lines.append(
            f"  {soname}: find its package with `apt-file search {soname}` "
            f"or `dnf provides '*/{soname}'`"
        )
    return "\n".join(lines)
