"""Pytest fixtures for the Showcase WCF peer (a real Mono WCF WebHttp service, see README.md).

    showcase_build  (session)  compiled ShowcaseHost.exe / ShowcaseDump.exe / ShowcaseClient.exe
                               (cached by source hash)
    showcase_host   (session)  harness.ShowcaseHost: base_url_xml, base_url_json, url(), post(),
                               get(), received(), errors(), reset(), http; restarts Mono if a test
                               killed it. The base URLs change with every reset() (the host
                               serves several ports, "lanes"): read them after it.
    showcase        (function) the same host, alive, with an empty record and a fresh lane
    showcase_dcs    (session)  dumpkit.DcsTool: roundtrip(type, "xml"|"json", body) or
                               convert(type, from, to, body) through Mono's
                               DataContract(Json)Serializer, no HTTP
    showcase_package (module)  the binding wcfgen generates from tests/specs/showcase, imported as
                               the top-level package `showcase` (needs no Mono)

The wire fixtures need no Mono: harness.fixture_cases() / harness.fixture(name).

Without mono/mcs/tzdata the tests are skipped, unless the CI env var is set: CI installs
Mono, so there a missing toolchain is a failure (tests/interop/mono.py, for every harness).
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from tests.conftest import SPECS, generated_package
from tests.interop import mono
from tests.interop.dumpkit import DcsTool, serving_tool
from tests.interop.hostkit import serving
from tests.interop.showcase import toolchain
from tests.interop.showcase.harness import ShowcaseHost


@pytest.fixture(scope="session")
def showcase_build(pytestconfig: pytest.Config) -> toolchain.Build:
    """ShowcaseHost.exe, ShowcaseDump.exe and ShowcaseClient.exe, compiled once per source state."""
    return mono.compiled(pytestconfig, "showcase", toolchain.build)


@pytest.fixture(scope="session")
def showcase_host(showcase_build: toolchain.Build, pytestconfig: pytest.Config) -> Iterator[ShowcaseHost]:
    """The session's warmed-up Showcase host (records are NOT cleared; use `showcase` for that)."""
    yield from serving(ShowcaseHost(showcase_build.host_exe, mono.timings(pytestconfig, "showcase")))


@pytest.fixture
def showcase(showcase_host: ShowcaseHost) -> ShowcaseHost:
    """The session's host, alive, with its record of received requests/errors cleared."""
    showcase_host.reset()
    return showcase_host


@pytest.fixture(scope="session")
def showcase_dcs(showcase_build: toolchain.Build) -> Iterator[DcsTool]:
    yield from serving_tool(showcase_build.dump_exe)


@pytest.fixture(scope="module")
def showcase_package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The generated Showcase binding (wcfgen verifies it before writing), importable as `showcase`.

    Module-scoped, and any `showcase` another test module imported is dropped first and after:
    each module gets the binding of the current generator, never a stale one from sys.modules.
    """
    with generated_package(SPECS / "showcase", tmp_path_factory.mktemp("showcase-binding"), "showcase") as package:
        yield package
