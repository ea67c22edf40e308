"""Are the five top-level packages Holdfast's own? Checked before any of them is imported.

Holdfast installs packages with plain names (charting, models, reports, resources, ui), and
so can other distributions: one installed into the same folder overwrites Holdfast's files,
and a folder of that name earlier on the import path (the current folder under `python -m`,
PYTHONPATH) hides them. Either fails later as an obscure ImportError; this says it in words.
The desktop bundle imports only its own copies, so it has nothing to check.
"""

from __future__ import annotations

import sys
from importlib.util import find_spec
from pathlib import Path

PACKAGES = ("charting", "models", "reports", "resources", "ui")
DISTRIBUTION = "holdfast_charting"  # as its .dist-info folder spells it
FIX = (
    "Install Holdfast in an environment of its own (the desktop bundle, or `pipx install`), "
    "or remove the other package, then start Holdfast again."
)


def package_folder(name: str) -> Path | None:
    """The folder that holds package `name` as the import system would find it now."""
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))).resolve().parent


def others_in(folder: Path) -> list[tuple[str, str]]:
    """(distribution, package) for other distributions installed in `folder` that list one
    of the five packages among their files."""
    found = []
    for info in folder.glob("*.dist-info"):
        if info.name.startswith(DISTRIBUTION + "-"):
            continue
        try:
            record = "\n" + (info / "RECORD").read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for name in PACKAGES:
            if f"\n{name}/" in record:
                found.append((info.name.removesuffix(".dist-info"), name))
    return found


def shadowing_problem() -> str | None:
    """One paragraph when a package is not Holdfast's, else None."""
    if getattr(sys, "frozen", False):
        return None
    home = Path(__file__).resolve().parent.parent  # where this copy of Holdfast lives
    for name in PACKAGES:
        folder = package_folder(name)
        if folder != home:
            where = f"in {folder}" if folder else "nowhere"
            return (
                f"The package '{name}' that Python would load is not Holdfast's: it is found "
                f"{where}, while Holdfast is installed in {home}. Start Holdfast from another "
                f"folder (a folder named '{name}' in the current one, or on PYTHONPATH, hides "
                f"Holdfast's). {FIX}"
            )
    return overwritten_problem(home)


def overwritten_problem(home: Path) -> str | None:
    for distribution, name in others_in(home):
        return (
            f"Another distribution, {distribution}, installed its own package '{name}' in "
            f"{home}, where Holdfast's is: it may have replaced Holdfast's files. {FIX}"
        )
    return None
