"""The built wheel works wherever it is installed: its data ships inside it.

What this proves: a wheel built from the project's files, installed (without its
dependencies) into a new virtual environment, reads its own copy of the data and writes the
map from a folder outside the checkout, with the checkout nowhere on ``sys.path``; and its
``geo --version`` names the distribution's version.

What it does not prove: that ``pip install`` resolves the dependencies on a fresh machine.
To stay quick and offline, the new environment borrows the project environment's installed
dependencies through a ``.pth`` line, and the wheel is built with the project environment's
setuptools (``--no-build-isolation``), not a freshly downloaded one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A new virtual environment with the wheel installed; returns its ``bin`` folder."""
    work = tmp_path_factory.mktemp("package")
    source = work / "source"  # a copy, so building writes nothing into the checkout
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "geo", source / "geo", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "data", source / "data", ignore=shutil.ignore_patterns("__pycache__"))
    wheels = work / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    built = _run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", wheels, source], work)
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("*.whl")

    venv = work / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", venv], work)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    site = Path(
        _run([python, "-c", "import site; print(site.getsitepackages()[0])"], work).stdout.strip()
    )
    (site / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    added = _run([*pip, "--python", python, "install", "--no-deps", "--no-index", wheel], work)
    assert added.returncode == 0, added.stderr
    return venv / "bin"


def test_installed_geo_reads_its_own_data_not_the_checkout(installed, tmp_path):
    where = _run(
        [
            installed / "python",
            "-c",
            "import geo, geo.settings as s; print(geo.__file__); print(s.DATA_DIR)",
        ],
        tmp_path,
    )
    assert where.returncode == 0, where.stderr
    module, data = (Path(line) for line in where.stdout.splitlines())
    venv = installed.parent
    assert module.is_relative_to(venv) and data.is_relative_to(venv)
    assert not module.is_relative_to(ROOT) and (data / "relations.csv").is_file()


def test_installed_geo_builds_the_map_from_another_folder(installed, tmp_path):
    built = _run([installed / "geo", "build"], tmp_path)
    assert built.returncode == 0, built.stderr
    out = tmp_path / "output" / "russia-asia-pacific.html"
    assert out.stat().st_size > 100_000
    assert "wrote output/russia-asia-pacific.html" in built.stdout
    checked = _run([installed / "geo", "check", "--data", ROOT / "data"], tmp_path)
    assert checked.returncode == 0 and "OK (" in checked.stdout, checked.stderr


def test_installed_version_names_the_distribution(installed, tmp_path):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    shown = _run([installed / "geo", "--version"], tmp_path)
    assert shown.stdout.strip() == f"geo {version['version']}"
    assert version["name"] != "geo"  # taken on PyPI by an unrelated project
