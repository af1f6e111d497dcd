"""The wheel holds what an installed wcfgen needs, under the name wcfgen, and runs from there."""

from __future__ import annotations

import email
import os
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, source_tree

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """wcfgen's wheel, built from a copy of the checkout with the setuptools of this environment (no network)."""
    root = tmp_path_factory.mktemp("wheel")
    sources = source_tree(root / "src")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(root / "dist"), str(sources)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    (built,) = (root / "dist").glob("wcfgen-*.whl")
    yield built


def _names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_every_source_folder_is_a_wcfgen_package(wheel: Path) -> None:
    names = _names(wheel)
    folders = sorted(p.name for p in (ROOT / "generator").iterdir() if p.is_dir() and p.name != "__pycache__")
    assert folders  # diff, fetch, models, read, render, write, …
    for folder in folders:
        assert f"wcfgen/{folder}/__init__.py" in names, f"generator/{folder} is missing from [tool.setuptools] packages"
    sources = sorted(p.relative_to(ROOT / "generator").as_posix() for p in (ROOT / "generator").rglob("*.py"))
    assert sorted(n.removeprefix("wcfgen/") for n in names if n.startswith("wcfgen/") and n.endswith(".py") and not n.startswith("wcfgen/templates/")) == sources


def test_templates_py_typed_and_license_are_in_the_wheel(wheel: Path) -> None:
    names = _names(wheel)
    templates = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "templates").rglob("*.jinja"))
    assert templates and sorted(n.removeprefix("wcfgen/") for n in names if n.startswith("wcfgen/templates/")) == templates
    assert "wcfgen/py.typed" in names
    (license_file,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read(license_file) == (ROOT / "LICENSE").read_bytes()
    assert b"wcfgen contributors" in (ROOT / "LICENSE").read_bytes()


def test_nothing_but_wcfgen_at_the_top(wheel: Path) -> None:
    top = {name.split("/", 1)[0] for name in _names(wheel)}
    assert {t for t in top if not t.endswith(".dist-info")} == {"wcfgen"}
    assert not any(name.startswith(("generator/", "templates/", "tests/")) for name in _names(wheel))


def test_metadata_declares_python_versions_urls_and_the_entry_point(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        info = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = email.message_from_bytes(archive.read(info))
        entry_points = archive.read(info.replace("METADATA", "entry_points.txt")).decode()
    classifiers = metadata.get_all("Classifier") or []
    assert "Programming Language :: Python :: 3.11" in classifiers and "Typing :: Typed" in classifiers
    minimum = PYPROJECT["project"]["requires-python"].removeprefix(">=")
    assert metadata["Requires-Python"] == f">={minimum}"
    assert f"Programming Language :: Python :: {minimum}" in classifiers
    assert metadata["License-Expression"] == "MIT"
    assert {url.split(",")[0] for url in metadata.get_all("Project-URL") or []} >= {"Homepage", "Issues", "Source"}
    assert "[console_scripts]\nwcfgen = wcfgen.entry:main\n" in entry_points


def test_the_installed_wheel_runs_as_wcfgen_and_python_m_wcfgen(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)], check=True, timeout=120)
    assert not (target / "generator").exists()
    env = {**os.environ, "PYTHONPATH": str(target)}  # the wheel's wcfgen before the checkout's
    where = subprocess.run([sys.executable, "-c", "import wcfgen; print(wcfgen.__file__)"], env=env, capture_output=True, text=True, check=True, cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(target)
    out = tmp_path / "out"
    script = [str(target / "bin" / "wcfgen"), "generate", str(ROOT / "schemas"), "-o", str(out)]
    subprocess.run(script, env=env, capture_output=True, check=True, cwd=tmp_path, timeout=120)
    module = [sys.executable, "-m", "wcfgen", "check", str(ROOT / "schemas"), "-o", str(out)]
    checked = subprocess.run(module, env=env, capture_output=True, text=True, check=False, cwd=tmp_path, timeout=120)
    assert checked.returncode == 0, checked.stderr
    assert (out / "k2" / "pbx" / "client.py").is_file()
