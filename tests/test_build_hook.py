"""The hatchling build-hook recipe (docs/build-hook/) generates the binding into the wheel it builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT, SCHEMAS

RECIPE = ROOT / "docs" / "build-hook"


def test_the_recipe_builds_a_wheel_with_the_generated_package(tmp_path: Path) -> None:
    project = tmp_path / "myapp"
    shutil.copytree(RECIPE, project)  # the recipe as documented: hatch_build.py, pyproject.toml, .gitignore
    shutil.copytree(SCHEMAS, project / "schemas")
    (project / "src" / "myapp").mkdir(parents=True)
    (project / "src" / "myapp" / "__init__.py").write_text('"""My app, with its K2 binding generated at build time."""\n')
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path / "dist"), str(project)]
    built = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("myapp-1.0.0-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {"myapp/__init__.py", "myapp/bindings/k2/__init__.py", "myapp/bindings/k2/pbx/client.py", "myapp/bindings/k2/py.typed"} <= names
    assert not any(name.startswith(("schemas/", "hatch_build")) for name in names)

    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)], check=True, timeout=120)
    script = "from myapp.bindings.k2.models import CallEvent; from myapp.bindings.k2.pbx import Client; print(Client.__name__, CallEvent.__name__)"
    run = subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(site)}, capture_output=True, text=True, check=True, cwd=tmp_path)
    assert run.stdout == "Client CallEvent\n"
