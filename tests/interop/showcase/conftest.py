"""Pytest fixtures for the Showcase WCF peer (a real Mono WCF WebHttp service, see README.md).

    showcase_build  (session)  compiled ShowcaseHost.exe / ShowcaseDump.exe / ShowcaseClient.exe
                               (cached by source hash)
    showcase_host   (session)  harness.ShowcaseHost: base_url_xml, base_url_json, url(), post(),
                               get(), received(), errors(), reset(), http; restarts Mono if a test
                               killed it. The base URLs change with every reset() (the host
                               serves several ports, "lanes"): read them after it.
    showcase        (function) the same host, alive, with an empty record and a fresh lane
    showcase_dcs    (session)  harness.DcsTool: roundtrip(type, "xml"|"json", body) through Mono's
                               DataContract(Json)Serializer, no HTTP
    showcase_package (module)  the binding wcfgen generates from tests/specs/showcase, imported as
                               the top-level package `showcase` (needs no Mono)

The wire fixtures need no Mono: harness.fixture_cases() / harness.fixture(name).

Without mono/mcs/tzdata the tests are skipped, unless the CI env var is set: CI installs
Mono, so there a missing toolchain is a failure (same rule as the K2 harness).
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Final, NoReturn

import pytest

from tests.conftest import SPECS
from tests.interop.showcase import toolchain
from tests.interop.showcase.harness import DcsTool, HostTimings, ShowcaseHost
from wcfgen.pipeline import generate


class _Timings:
    def __init__(self) -> None:
        self.compile_seconds: float | None = None
        self.from_cache = False
        self.host = HostTimings()


_TIMINGS: Final = pytest.StashKey[_Timings]()


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _missing_toolchain(reason: str) -> NoReturn:
    """Skip locally; in CI Mono is part of the environment, so its absence is a failure."""
    if _in_ci():
        pytest.fail(f"{reason} (CI is set, so Mono must be installed)", pytrace=False)
    pytest.skip(reason)


def _timings(config: pytest.Config) -> _Timings:
    timings = config.stash.get(_TIMINGS, None)
    if timings is None:
        timings = config.stash[_TIMINGS] = _Timings()
    return timings


@pytest.fixture(scope="session")
def showcase_build(pytestconfig: pytest.Config) -> toolchain.Build:
    """ShowcaseHost.exe and ShowcaseDump.exe, compiled once per source state."""
    try:
        toolchain.check_toolchain()
        key = toolchain.build_key()
        # Reuse builds across sessions when the cache plugin is on; mcs takes seconds.
        cache = getattr(pytestconfig, "cache", None)
        out_dir = cache.mkdir("wcfgen-showcase") / key if cache is not None else Path(tempfile.mkdtemp()) / key
        started = time.monotonic()
        build = toolchain.build(out_dir)
    except toolchain.ToolchainMissing as missing:
        _missing_toolchain(str(missing))
    timings = _timings(pytestconfig)
    timings.compile_seconds, timings.from_cache = time.monotonic() - started, build.from_cache
    return build


@pytest.fixture(scope="session")
def showcase_host(showcase_build: toolchain.Build, pytestconfig: pytest.Config) -> Iterator[ShowcaseHost]:
    """The session's warmed-up Showcase host (records are NOT cleared; use `showcase` for that)."""
    host = ShowcaseHost(showcase_build.host_exe, _timings(pytestconfig).host)
    try:
        host.start()
        yield host
    finally:
        host.close()


@pytest.fixture
def showcase(showcase_host: ShowcaseHost) -> ShowcaseHost:
    """The session's host, alive, with its record of received requests/errors cleared."""
    showcase_host.reset()
    return showcase_host


@pytest.fixture(scope="session")
def showcase_dcs(showcase_build: toolchain.Build) -> Iterator[DcsTool]:
    tool = DcsTool(showcase_build.dump_exe)
    try:
        yield tool
    finally:
        tool.close()


def _forget_package(name: str) -> None:
    for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[module]


@pytest.fixture(scope="module")
def showcase_package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The generated Showcase binding (wcfgen verifies it before writing), importable as `showcase`.

    Module-scoped, and any `showcase` another test module imported is dropped first and after:
    each module gets the binding of the current generator, never a stale one from sys.modules.
    """
    out = tmp_path_factory.mktemp("showcase-binding")
    generate(SPECS / "showcase", out)
    _forget_package("showcase")
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("showcase")
    finally:
        sys.path.remove(str(out))
        _forget_package("showcase")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    timings = config.stash.get(_TIMINGS, None)
    if timings is None or timings.compile_seconds is None:
        return
    parts = [f"compile {timings.compile_seconds:.2f}s{' (cached)' if timings.from_cache else ''}"]
    if timings.host.startup_seconds:
        parts.append("startup " + ", ".join(f"{s:.2f}s" for s in timings.host.startup_seconds))
    if timings.host.warmup_seconds:
        parts.append("warm-up " + ", ".join(f"{s:.2f}s" for s in timings.host.warmup_seconds))
    terminalreporter.write_line("showcase interop harness: " + "; ".join(parts))
