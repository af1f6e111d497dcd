"""Same spec, same bytes from a wheel and an sdist as from this checkout, and "up to date"
writes nothing: the README's first command leaves a fresh clone's ``git status`` clean.

wcfgen is built as a user gets it (``python -m build``: the sdist, and the wheel from it;
pip builds the sdist again when installing it), without network and without writing into the
checkout, installed on its own into a target folder, and run on copies of ``schemas/`` and ``generated/``.
The checkout and the editable install are what the rest of the suite runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GENERATED, SCHEMAS, source_tree


def _run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, check=False, cwd=cwd, env=env, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def distributions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Built from a copy of the checkout with this environment's setuptools (no network)."""
    root = tmp_path_factory.mktemp("dist")
    out = root / "dist"
    _run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, source_tree(root / "src"))
    (sdist,) = out.glob("wcfgen-*.tar.gz")
    (wheel,) = out.glob("wcfgen-*.whl")
    return {"sdist": sdist, "wheel": wheel}


def _state(root: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(root).as_posix(): (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_an_installed_wcfgen_finds_the_committed_tree_up_to_date(
    distributions: dict[str, Path], kind: str, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    install = ["install", "--no-deps", "--no-build-isolation", "--no-compile", "--quiet", "--target", site]
    _run(sys.executable, "-m", "pip", *install, distributions[kind])
    assert not (site / "generator").exists()
    project = tmp_path / "project"
    shutil.copytree(SCHEMAS, project / "schemas")
    shutil.copytree(GENERATED, project / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(site), "WCFGEN_CACHE_DIR": str(tmp_path / "cache")}  # a fresh machine
    where = _run(sys.executable, "-c", "import wcfgen; print(wcfgen.__file__)", env=env, cwd=project)
    assert Path(where.strip()).is_relative_to(site)  # the installed copy, not this checkout

    before = _state(project)
    generated = _run(sys.executable, "-m", "wcfgen", "generate", "schemas", "-o", "generated", env=env, cwd=project)
    assert generated.startswith("k2: up to date (")
    assert _state(project) == before  # nothing written, not even the manifest
    checked = _run(sys.executable, "-m", "wcfgen", "check", "schemas", "-o", "generated", env=env, cwd=project)
    assert checked == "generated is up to date with schemas\n"
    assert _state(project) == before
