"""Generated packages are a product: fixed points of the formatters, lint-clean, typed, self-contained.

Every package the suite generates is checked, not only the committed K2 one: the test specs, the
HTML pages, each evolution snapshot and ``tests/specs/long-names`` (names at the 80-character
limit, quotes in titles, descriptions, namespaces and examples).
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import GENERATED, every_spec
from wcfgen.pipeline import generate

PACKAGE = GENERATED / "k2"
SELECTION = "E4,E7,E9,F,I,UP,B,RUF"  # the defaults of older ruff plus import order, upgrades, bugbear


def _tool(name: str) -> str:
    path = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed; install the dev extras: pip install -e '.[dev]'")
    return path


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=False, cwd=cwd)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every spec's package, each in its own folder under the returned one."""
    root = tmp_path_factory.mktemp("every-package")
    for name, spec in every_spec(root / "specs").items():
        generate(spec, root / "out" / name)
    yield root / "out"


def test_every_package_is_a_fixed_point_of_ruff_format(generated: Path) -> None:
    result = _run(_tool("ruff"), "format", "--isolated", "--no-cache", "--check", generated)
    assert result.returncode == 0, result.stdout + result.stderr  # README.md code blocks included


def _black_sources(root: Path) -> list[Path]:
    """Every generated module, with one copy of the runtime: every package carries the same
    ``_runtime`` after a one-line header (test_the_runtime_is_copied_verbatim_after_the_header), and
    black on its 30 copies was three quarters of the run."""
    modules = sorted(root.rglob("*.py"))
    runtime = next(p.parent for p in modules if p.parent.name == "_runtime")
    return [p for p in modules if "_runtime" not in p.parts or p.parent == runtime]


def test_black_changes_nothing_ruff_format_would_keep(generated: Path, tmp_path: Path) -> None:
    """Black with default settings leaves every file as it is, except where black and ruff
    disagree (then ruff's layout is kept): whatever black changes, ruff changes back."""
    config = tmp_path / "pyproject.toml"
    config.write_text("")  # black's defaults, whatever the repository configures
    copy = tmp_path / "black"
    shutil.copytree(generated, copy)
    sources = _black_sources(copy)
    assert _run(_tool("black"), "--quiet", "--config", config, *sources).returncode == 0
    assert _run(_tool("ruff"), "format", "--isolated", "--no-cache", "--quiet", *sources).returncode == 0
    changed = [p for p in sources if p.read_bytes() != (generated / p.relative_to(copy)).read_bytes()]
    assert changed == []


def test_ruff_check_passes_with_defaults_and_the_usual_selection(generated: Path) -> None:
    for selection in ((), ("--select", SELECTION)):
        result = _run(_tool("ruff"), "check", "--isolated", "--no-cache", *selection, generated)
        assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean(generated: Path, tmp_path: Path) -> None:
    """One run over the packages with distinct names (the evolution snapshots reuse theirs)."""
    folder = tmp_path / "packages"
    folder.mkdir()
    names = ["k2", "showcase", "shapes", "long-names", "orders", "shop", "world", "conventions"]
    packages = []
    for name in names:
        for package in (generated / name).iterdir():
            if package.is_dir():
                shutil.copytree(package, folder / package.name)
                packages += ["-p", package.name]
    result = _run(
        sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", tmp_path / "cache", *packages,
        cwd=folder,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_committed_binding_is_what_the_spec_makes(generated: Path) -> None:
    """So the checks above hold for generated/ too."""

    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    committed = {path: data for path, data in tree(GENERATED).items() if "__pycache__" not in path}
    assert committed == tree(generated / "k2")


def test_package_is_self_contained() -> None:
    """Only the standard library, httpx (and httpcore, its connection pool, which the sync
    client's deadline transport wraps) and (for the server) fastapi/starlette and starlette's
    anyio (the body deadline: any async backend), or itself."""
    allowed = {"httpx", "httpcore", "fastapi", "starlette", "anyio"}
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


def test_client_imports_without_fastapi() -> None:
    code = "import sys; sys.modules['fastapi'] = None; import k2.pbx, k2.auth; print('ok')"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=GENERATED, check=False)
    assert result.stdout.strip() == "ok", result.stderr


def test_the_runtime_is_copied_verbatim_after_the_header() -> None:
    from wcfgen import runtime

    sources = sorted(Path(runtime.__file__).parent.glob("*.py"))
    assert [p.name for p in sorted((PACKAGE / "_runtime").glob("*.py"))] == [p.name for p in sources]
    for source in sources:
        header, rest = (PACKAGE / "_runtime" / source.name).read_text().split("\n", 1)
        assert header == "# Generated by wcfgen from the 'k2' spec. Do not edit."
        assert rest == source.read_text()


def test_generated_code_uses_only_the_runtimes_documented_surface(generated: Path) -> None:
    """``_runtime.X`` and ``from ._runtime import X`` name only ``wcfgen.runtime.__all__`` (or
    its client, server and docs modules), and those modules only their public names."""
    from wcfgen import runtime
    from wcfgen.runtime import client, docs, server

    modules = {"client", "server", "docs"}
    surface = {
        "_runtime": {*runtime.__all__, *modules},
        "_client": set(dir(client)),
        "_server": set(dir(server)),
        "_docs": set(dir(docs)),
    }
    used: dict[str, set[str]] = {name: set() for name in surface}
    for path in generated.rglob("*.py"):
        if "_runtime" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in used:
                used[node.value.id].add(node.attr)
            elif isinstance(node, ast.ImportFrom) and node.module == "_runtime" and node.level:
                used["_runtime"] |= {alias.name for alias in node.names}
    for name, names in used.items():
        assert names <= surface[name], (name, names - surface[name])
        assert not any(n.startswith("_") for n in names), name


def test_no_module_holds_bulk_data_every_stub_has_its_examples_beside_it(generated: Path) -> None:
    """No literal above 64 KiB in any module (issue 11): a stub's OpenAPI examples are the
    package data beside it, valid JSON, and name only the service's operations."""
    limit = 64 * 1024
    for path in generated.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str | bytes):
                assert len(node.value) <= limit, f"{path}:{node.lineno}"
    stubs = [p for p in generated.rglob("server.py") if p.parent.name != "_runtime"]
    assert stubs
    for stub in stubs:
        examples = json.loads((stub.parent / "openapi_examples.json").read_text(encoding="utf-8"))
        operations = set(re.findall(r'operation_id="([^"]+)"', stub.read_text(encoding="utf-8")))
        assert set(examples) <= operations, stub
        assert all(set(parts) <= {"request", "response"} for parts in examples.values()), stub
