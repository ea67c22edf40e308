"""The five top-level packages are Holdfast's own: a folder or another distribution with the
same name is said in words before anything of it is imported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.version import VERSION
from ui.own_packages import PACKAGES, overwritten_problem, shadowing_problem

HOLDFAST = Path(sys.executable).parent / "holdfast"


@pytest.fixture
def decoy(tmp_path: Path) -> Path:
    """A folder holding another `models` package, which fails loudly if it is imported."""
    package = tmp_path / "models"
    package.mkdir()
    (package / "__init__.py").write_text("raise SystemExit('the other models was imported')\n")
    return tmp_path


def clean_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return {**env, **extra}


def test_this_installation_is_holdfasts_own() -> None:
    assert shadowing_problem() is None


def test_the_program_ignores_a_models_folder_where_it_is_started(decoy: Path) -> None:
    done = subprocess.run(
        [str(HOLDFAST), "--db", str(decoy / "h.sqlite3"), "patients"],
        cwd=decoy, env=clean_env(), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "No patients yet" in done.stdout


@pytest.mark.parametrize("how", ["python -m ui", "PYTHONPATH"])
def test_a_shadowing_folder_is_named_instead_of_imported(decoy: Path, how: str) -> None:
    if how == "PYTHONPATH":  # the program itself, with the folder put ahead on the path
        command, env = [str(HOLDFAST), "--version"], clean_env(PYTHONPATH=str(decoy))
    else:  # the current folder comes first on the path for `python -m`
        command, env = [sys.executable, "-m", "ui", "--version"], clean_env()
    done = subprocess.run(command, cwd=decoy, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith("holdfast: The package 'models' that Python would load")
    assert str(decoy) in done.stderr
    assert "the other models was imported" not in done.stderr + done.stdout


def test_python_dash_p_keeps_the_current_folder_off_the_path(decoy: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-P", "-m", "ui", "--version"],
        cwd=decoy, env=clean_env(), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert (done.returncode, done.stdout.strip()) == (0, f"Holdfast {VERSION}")


def test_another_distributions_package_in_the_same_folder_is_named(tmp_path: Path) -> None:
    info = tmp_path / "models-0.0.3.dist-info"
    info.mkdir()
    (info / "RECORD").write_text(
        "models/__init__.py,sha256=x,10\nmodels-0.0.3.dist-info/METADATA,,\n"
    )
    neighbour = tmp_path / "modelsplus-1.0.dist-info"  # a name that only begins the same
    neighbour.mkdir()
    (neighbour / "RECORD").write_text("modelsplus/__init__.py,,\nplus/models/x.py,,\n")
    own = tmp_path / "holdfast_charting-0.1.0.dist-info"
    own.mkdir()
    (own / "RECORD").write_text("".join(f"{name}/__init__.py,,\n" for name in PACKAGES))
    problem = overwritten_problem(tmp_path)
    assert problem is not None
    assert problem.startswith(
        "Another distribution, models-0.0.3, installed its own package 'models'"
    )
    (info / "RECORD").unlink()
    assert overwritten_problem(tmp_path) is None
