"""Shared fixtures: paths, and a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import functools
import gzip
import importlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import uvicorn

from wcfgen.pipeline import generate

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
GENERATED = ROOT / "generated"
K2_PAGE = SCHEMAS / "k2" / "PBX" / "NewCallEvent.txt"
SPECS = Path(__file__).resolve().parent / "specs"

# The suite never reads or fills the user's cache; subprocesses inherit this.
os.environ["WCFGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="wcfgen-test-cache-")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serve(app: Any, port: int | None = None) -> Iterator[str]:
    """Run ``app`` under a real uvicorn on 127.0.0.1 (on ``port``, else a free one); yields its base URL."""
    port = port or free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@functools.cache
def gzip_gzip_zeros(size: int = 1 << 30) -> bytes:
    """``size`` zero bytes, gzip-coded twice (``Content-Encoding: gzip, gzip``): about 2 KB for a GiB."""
    inner = zlib.compressobj(9, wbits=zlib.MAX_WBITS | 16)
    block = bytes(1 << 24)
    coded = b"".join(inner.compress(block) for _ in range(size // len(block))) + inner.flush()
    return gzip.compress(coded, 9)


def forget_package(name: str) -> None:
    for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[module]


@contextmanager
def imported_binding(spec: Path, package: str, out: Path) -> Iterator[ModuleType]:
    """The binding wcfgen generates from ``spec`` (verified before it is written), imported as
    ``package`` from ``out`` for the block; any other ``package`` is dropped first and after."""
    from wcfgen.pipeline import generate

    generate(spec, out)
    forget_package(package)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
        forget_package(package)


WORLD_FAULT_PAGES = ("BadRequest", "Conflict", "FaultException", "NotFound", "StatusCode", "Unhandled", "Validate")


def world_faults_spec(root: Path) -> Path:
    """The World spec's fault operations (which generate today) with its manifest and its
    fault schemas: the spec of the ``world`` binding the fault tests use."""
    api = root / "world"
    (api / "World").mkdir(parents=True)
    for name in ("wcfgen.toml", "faults.xsd"):
        shutil.copy(SPECS / "world" / name, api / name)
    for page in WORLD_FAULT_PAGES:
        shutil.copy(SPECS / "world" / "World" / f"{page}.txt", api / "World" / f"{page}.txt")
    return api


@pytest.fixture
def server() -> Callable[[Any], Any]:
    """``with server(app) as base_url: …``"""
    return serve


@contextmanager
def generated_package(spec: Path, out: Path, name: str) -> Iterator[ModuleType]:
    """The binding wcfgen generates from ``spec`` into ``out`` (verified before it is written),
    imported as ``name``; any module of that name imported before is dropped first and after."""

    def forget() -> None:
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]

    generate(spec, out)
    forget()
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(name)
    finally:
        sys.path.remove(str(out))
        forget()


HTML_SPECS = {  # spec name: (service, base URL, {page in tests/specs/html: file name in the spec})
    "orders": (
        "Orders",
        "http://localhost:8080/OrderService.svc",
        {
            "sample-help/operation-get-uritemplate.html": "GetCustomer.html",
            "sample-help/operation-post-wrapped.html": "CreateOrder.html",
        },
    ),
    "shop": (
        "Shop",
        "http://wcf.example/Shop.svc",
        {f"site/{page.name}": page.name for page in sorted((SPECS / "html" / "site").glob("*.html"))},
    ),
    "variants": (
        "Shop",
        "http://wcf.example/Shop.svc",
        {"variants/CreateOrder-browser-saved.html": "CreateOrder.html"},
    ),
}


def every_spec(root: Path) -> dict[str, Path]:
    """Every spec folder the suite generates, by a unique name: the bundled K2 spec, the test
    specs, the HTML pages laid out as spec folders (under ``root``) and each evolution snapshot."""
    specs = {"k2": SCHEMAS, **{name: SPECS / name for name in ("showcase", "shapes", "english", "long-names", "world", "conventions")}}
    for name, (service, base_url, pages) in HTML_SPECS.items():
        folder = root / name / name / service
        folder.mkdir(parents=True)
        (folder.parent / "wcfgen.toml").write_text(
            f'[api]\nname = "{name}"\npackage = "{name}"\n\n[services.{service}]\nbase_url = "{base_url}"\n'
        )
        for page, target in pages.items():
            (folder / target).write_bytes((SPECS / "html" / page).read_bytes())
        specs[name] = root / name
    for snapshot in sorted(p for p in (SPECS / "evolution").glob("*/*") if p.is_dir()):
        specs[f"evolution-{snapshot.parent.name}-{snapshot.name}"] = snapshot
    return specs


def source_tree(target: Path) -> Path:
    """The files git tracks (and the new ones beside them), copied: building never writes into the checkout."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file() and not name.startswith(("generated/", "tests/", "benches/")):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files whose bytes are read."""
    seen: list[Path] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: seen.append(self) or read_bytes(self))
    return seen


def settle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written so far count as settled (wcfgen.stat_index), as if two seconds had passed."""
    from wcfgen import stat_index

    monkeypatch.setattr(stat_index, "SETTLED_SECONDS", 0.0)
    time.sleep(0.05)  # past the timestamp tick of the last write
