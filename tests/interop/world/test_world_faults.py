"""The generated client against the World host's faults on Mono (issue 13 item 4).

The World spec declares ``faults = { 400 = "ErrorInfo", 404 = "NotFoundInfo" }`` for the
service; the client must raise ``ErrorInfoFault`` / ``NotFoundInfoFault`` with the detail
read from Mono's answer in its Content-Type, XML and JSON, and keep a plain ``ApiError`` for
what carries no declared detail (the empty 409, Mono's 500 ``Fault``). Mono 6.8 has no
``WebFaultException``: the host's stand-in answers with .NET 4's rules and Mono's serializer
bytes (README.md, "Faults"), so this proves the client reads what WCF's serializers write
for a fault detail, not that Mono's WCF sends it.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from tests.conftest import imported_binding, world_faults_spec
from tests.interop.hostkit import Format
from tests.interop.world.harness import WorldHost

pytestmark = pytest.mark.interop


@pytest.fixture(scope="module")
def binding(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("world-faults")
    with imported_binding(world_faults_spec(root / "spec"), "world", root / "out") as package:
        import world.world  # noqa: F401 -- the service: package.world

        yield package


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_typed_faults_from_mono(world: WorldHost, binding: ModuleType, fmt: Format) -> None:
    models = binding.models
    with binding.world.Client(world.base_url(fmt), wire_format=fmt) as client:
        with pytest.raises(binding.ErrorInfoFault) as bad:
            client.bad_request()
        with pytest.raises(binding.NotFoundInfoFault) as missing:
            client.not_found("x")
        with pytest.raises(binding.ErrorInfoFault) as invalid:
            client.validate(models.Item(count=-1, name="n"))
        with pytest.raises(binding.ErrorInfoFault) as by_status:  # status set, ErrorInfo returned
            client.status_code()
        with pytest.raises(binding.ApiError) as conflict:
            client.conflict()
        with pytest.raises(binding.ApiError) as unhandled:
            client.unhandled()
        assert client.validate(models.Item(count=1, name="n")) == models.Item(count=1, name="n")
    error_info = models.ErrorInfo(code="E42", message="Count must not be negative")
    assert (bad.value.status_code, bad.value.detail) == (400, error_info)
    assert (missing.value.status_code, missing.value.detail) == (404, models.NotFoundInfo(id_="x", resource="Item"))
    assert invalid.value.detail == error_info
    assert by_status.value.detail.code == "E42"
    assert (type(conflict.value), conflict.value.status_code, conflict.value.body) == (binding.ApiError, 409, b"")
    assert (type(unhandled.value), unhandled.value.status_code) == (binding.ApiError, 500)
    assert unhandled.value.code == "a:InternalServiceFault"  # Mono's one XML Fault, on both endpoints


async def test_the_detailed_async_view_against_mono(world: WorldHost, binding: ModuleType) -> None:
    async with binding.world.AsyncClient(world.base_url("json"), wire_format="json") as client:
        response = await client.detailed.not_found("y", raise_for_status=False)
    assert response.status_code == 404
    assert response.parsed == binding.models.NotFoundInfo(id_="y", resource="Item")
    assert response.headers["content-type"] == "application/json; charset=utf-8"
