"""Every Python block of README.md and of each generated README runs as pasted.

Each block compiles and passes ``ruff check``; the client blocks and the server example run
the way a user runs them: from a folder holding the vendored package, the server under a real
uvicorn on 127.0.0.1 and each client block calling it (its default address pointed there).
The other blocks (the Python API) run in a project folder with the spec folders they name.
"""

from __future__ import annotations

import ast
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import GENERATED, ROOT, SCHEMAS, every_spec, free_port
from wcfgen.pipeline import generate

SELECTION = "E4,E7,E9,F,I,UP,B,RUF"
RUN = """\
import importlib, runpy, sys

service = importlib.import_module(sys.argv[1])  # the README's client, pointed at the local server
service.Client.default_base_url = service.AsyncClient.default_base_url = sys.argv[2]
runpy.run_path(sys.argv[3], run_name="__main__")
"""


def python_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```$", markdown, re.DOTALL | re.MULTILINE)


@pytest.fixture(scope="module")
def readmes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[str, Path]]]:
    """README text and the output folder holding its package, by name."""
    root = tmp_path_factory.mktemp("readmes")
    found = {"README.md": ((ROOT / "README.md").read_text(encoding="utf-8"), GENERATED)}
    specs = every_spec(root / "specs")
    for name in ("k2", "showcase", "shapes", "orders", "shop", "long-names"):
        out = root / "out" / name
        generate(specs[name], out)
        (readme,) = out.glob("*/README.md")
        found[name] = (readme.read_text(encoding="utf-8"), out)
    yield found


def _examples(text: str) -> tuple[list[str], str, list[str]]:
    """The client blocks (the client example first), the server example, and the other blocks."""
    blocks = python_blocks(text)
    clients = [b for b in blocks if "Client(" in b and "create_app(" not in b]
    servers = [b for b in blocks if "create_app(" in b]
    assert clients and len(servers) == 1, blocks
    return clients, servers[0], [b for b in blocks if b not in (*clients, servers[0])]


def test_the_readmes_have_a_client_and_a_server_example(readmes: dict[str, tuple[str, Path]]) -> None:
    for name, (text, _) in readmes.items():
        clients, _server, others = _examples(text)
        assert python_blocks(text)[0] == clients[0], name  # the client example first
        assert name == "README.md" or not others, name
    generated = _examples(readmes["k2"][0])[0]
    assert len(generated) == 4  # the client; options; errors; logging and http_client


def test_the_other_readme_blocks_run_in_a_project(readmes: dict[str, tuple[str, Path]], tmp_path: Path) -> None:
    """The Python API example, in a project with its spec folders (``schemas``, ``old/schemas``)."""
    *_, others = _examples(readmes["README.md"][0])
    assert others
    shutil.copytree(SCHEMAS, tmp_path / "schemas")
    shutil.copytree(SCHEMAS, tmp_path / "old" / "schemas")
    for index, block in enumerate(others):
        (tmp_path / f"block{index}.py").write_text(block, encoding="utf-8")
        result = subprocess.run(
            [sys.executable, f"block{index}.py"], capture_output=True, text=True, timeout=120, cwd=tmp_path, check=False
        )
        assert result.returncode == 0, block + result.stderr


def test_every_block_compiles_and_passes_ruff(readmes: dict[str, tuple[str, Path]], tmp_path: Path) -> None:
    for name, (text, _) in readmes.items():
        for index, block in enumerate(python_blocks(text)):
            compile(block, f"{name}[{index}]", "exec", dont_inherit=True)
            stem = re.sub(r"\W", "_", name)
            path = tmp_path / f"{stem}_{index}.py"
            path.write_text(block, encoding="utf-8")
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"
    for selection in ((), ("--select", SELECTION)):
        result = subprocess.run(
            [ruff, "check", "--isolated", "--no-cache", *selection, str(tmp_path)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout


def _wait_for(port: int, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise AssertionError(f"the README's server did not start: {server.communicate()[1]}")


def _run_client(folder: Path, module: str, base: str, script: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "run_client.py", module, base, script]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=folder, check=False)


@pytest.mark.parametrize("name", ["README.md", "k2", "showcase", "shapes", "orders", "shop", "long-names"])
def test_the_examples_run_as_pasted(readmes: dict[str, tuple[str, Path]], name: str, tmp_path: Path) -> None:
    text, out = readmes[name]
    clients, server, _ = _examples(text)
    client = clients[0]
    for package in out.iterdir():  # vendored: the package sits beside the user's files
        if package.is_dir():
            shutil.copytree(package, tmp_path / package.name)
    for index, block in enumerate(clients):
        (tmp_path / f"client{index}.py").write_text(block, encoding="utf-8")
    (tmp_path / "server.py").write_text(server, encoding="utf-8")
    (tmp_path / "run_client.py").write_text(RUN, encoding="utf-8")
    module = next(
        node.module
        for node in ast.walk(ast.parse(client))
        if isinstance(node, ast.ImportFrom) and node.module and "Client" in {a.name for a in node.names}
    )
    default = subprocess.run(
        [sys.executable, "-c", f"import {module} as s; print(s.Client.default_base_url)"],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    ).stdout.strip()  # fmt: skip
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "server:app", "--host", "127.0.0.1", "--port", str(port)]
    with subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) as server_process:
        try:
            _wait_for(port, server_process)
            base = f"http://127.0.0.1:{port}{urlsplit(default).path}"
            results = [_run_client(tmp_path, module, base, f"client{index}.py") for index in range(len(clients))]
        finally:
            server_process.terminate()
            server_process.wait(timeout=10)
    for block, ran in zip(clients, results, strict=True):
        assert ran.returncode == 0, block + ran.stderr
    result = results[0]
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and lines[0] == lines[1], result.stdout  # the sync and the async call
    if name in ("README.md", "k2"):
        assert lines == ["True", "True"]

