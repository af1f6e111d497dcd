"""Pytest fixtures for the World WCF peer (a real Mono WCF WebHttp service, see README.md).

    world_build  (session)  harness.Build: WorldHost.exe, WorldDump.exe, WorldDumpNoRefs.exe
    world_host   (session)  harness.WorldHost: base_url(fmt), url(), bare_url(), post(), get(),
                            received(), errors(), reset(), http; restarts Mono if a test killed
                            it. Read URLs after reset() (it moves to the next lane).
    world        (function) the same host, alive, with an empty record and a fresh lane
    world_dcs    (session)  dumpkit.DcsTool over WorldDump.exe serve: roundtrip(), convert(),
                            convert_many() through Mono's DataContract(Json)Serializer
    world_package (module)  the binding wcfgen generates from tests/specs/world, imported as
                            the top-level package `world` (needs no Mono)

The fixtures (harness.fixture_cases(), harness.schema_sets()) need no Mono. Without
mono/mcs/tzdata the tests are skipped, unless the CI env var is set (tests/interop/mono.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from tests.conftest import SPECS, generated_package
from tests.interop import mono
from tests.interop.dumpkit import DcsTool, serving_tool
from tests.interop.hostkit import serving
from tests.interop.world import harness
from tests.interop.world.harness import WorldHost


@pytest.fixture(scope="session")
def world_build(pytestconfig: pytest.Config) -> harness.Build:
    return mono.compiled(pytestconfig, "world", harness.build)


@pytest.fixture(scope="session")
def world_host(world_build: harness.Build, pytestconfig: pytest.Config) -> Iterator[WorldHost]:
    """The session's warmed-up World host (records are NOT cleared; use `world` for that)."""
    yield from serving(WorldHost(world_build.host_exe, mono.timings(pytestconfig, "world")))


@pytest.fixture
def world(world_host: WorldHost) -> WorldHost:
    """The session's host, alive, with its record of received requests/errors cleared."""
    world_host.reset()
    return world_host


@pytest.fixture(scope="session")
def world_dcs(world_build: harness.Build) -> Iterator[DcsTool]:
    yield from serving_tool(world_build.dump_exe)


@pytest.fixture(scope="module")
def world_package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The generated World binding (wcfgen verifies it before writing), importable as `world`;
    module-scoped, any other `world` in sys.modules dropped before and after."""
    with generated_package(SPECS / "world", tmp_path_factory.mktemp("world-binding"), "world") as package:
        yield package
