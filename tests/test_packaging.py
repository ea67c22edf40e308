"""Package hygiene: one version everywhere, and a source distribution PyPI refuses."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.metadata import metadata
from pathlib import Path

from models.version import VERSION

PYPROJECT = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())


def test_the_installed_metadata_carries_the_one_version_and_the_private_classifier() -> None:
    installed = metadata("holdfast-charting")
    assert installed["Version"] == VERSION
    assert "Private :: Do Not Upload" in installed.get_all("Classifier")
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "models.version.VERSION"
    }


def test_holdfast_version_prints_it() -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "holdfast"), "--version"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert done.stdout == f"Holdfast {VERSION}\n"


def test_both_programs_start_through_the_package_check() -> None:
    scripts = PYPROJECT["project"]["scripts"] | PYPROJECT["project"]["gui-scripts"]
    assert scripts == {"holdfast": "ui.launch:main", "holdfast-gui": "ui.launch:main"}
