"""The committed generated package is a product: ruff-clean, mypy --strict clean, self-contained."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GENERATED

PACKAGE = GENERATED / "k2"


def _tool(name: str) -> str:
    path = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed; install the dev extras: pip install -e '.[dev]'")
    return path


def test_ruff_check_is_clean() -> None:
    # the defaults plus import order, upgrades and bugbear: what a user's project likely runs
    result = subprocess.run(
        [_tool("ruff"), "check", "--no-cache", "--isolated", "--select", "E4,E7,E9,F,I,UP,B,RUF", str(PACKAGE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path), "-p", "k2"],
        capture_output=True,
        text=True,
        check=False,
        cwd=GENERATED,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_is_self_contained() -> None:
    """Only the standard library, httpx and (for the server) fastapi/starlette, or itself."""
    allowed = {"httpx", "fastapi", "starlette"}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                top = node.module.split(".")[0]
            elif isinstance(node, ast.Import):
                top = node.names[0].name.split(".")[0]
            else:
                continue
            assert top in allowed or top in sys.stdlib_module_names, f"{path}: imports {top}"
    assert (PACKAGE / "py.typed").exists()
    assert "from k2.pbx.server import Service, create_app" in (PACKAGE / "README.md").read_text()


def test_client_imports_without_fastapi() -> None:
    code = "import sys; sys.modules['fastapi'] = None; import k2.pbx, k2.auth; print('ok')"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=GENERATED, check=False)
    assert result.stdout.strip() == "ok", result.stderr
