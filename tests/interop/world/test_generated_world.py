"""The generated World binding (tests/specs/world) against Mono, for every shape the World
service exists for (README.md): collections of collections, IsReference graphs, bases in other
namespaces, enum numbers no member declares. Every operation in XML and JSON, both directions:

* Mono's serializer bytes (fixtures/) → the binding's codecs → back to the same bytes (JSON byte
  for byte; XML the same document, and byte for byte where it carries z:Id/z:Ref);
* the generated client → the Mono host (Echo/<Type>: Mono received the fixture's document and
  answers the same value; Samples/<Type>/{name}: every fixture case decodes);
* Mono's bytes → the generated server stub under uvicorn → an answer Mono's serializer reads
  back as exactly the fixture.

Where a format cannot carry a value (XML: an undeclared enum number; JSON: an IsReference
contract), the binding refuses it as Mono's serializers do, with an EncodeError or DecodeError.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.conftest import serve
from tests.interop.dumpkit import DcsError, DcsTool, FixtureCase
from tests.interop.hostkit import Format, content_type
from tests.interop.world.harness import OPERATIONS, WorldHost, fixture, fixture_cases
from tests.xmldoc import same_document
from wcfgen.names import snake_name

pytestmark = pytest.mark.interop

CASES = [case for case in fixture_cases() if case.type in OPERATIONS]
# DataContractJsonSerializer writes Graph's null Node members but refuses to read them (README)
UNREADABLE = {("graph-null", "json")}


def _other(fmt: Format) -> Format:
    return "json" if fmt == "xml" else "xml"


def _params(*, readable: bool = True) -> list[Any]:
    return [
        pytest.param(case, fmt, id=f"{case.name}-{fmt}")
        for case in CASES
        for fmt in ("xml", "json")
        if case.body(fmt) is not None and not (readable and (case.name, fmt) in UNREADABLE)
    ]


def _client_module(world: ModuleType) -> ModuleType:
    return importlib.import_module(f"{world.__name__}.world.client")


def _codec(world: ModuleType, case: FixtureCase) -> Any:
    """The Echo operation's request codec: the body type of the fixture case."""
    return getattr(_client_module(world), f"_{snake_name('Echo' + OPERATIONS[case.type]).upper()}_REQUEST")


def _value(world: ModuleType, case: FixtureCase, fmt: Format) -> Any:
    body = case.body(fmt)
    assert body is not None
    return _codec(world, case).decode(body, fmt)


def _assert_same(ours: bytes, theirs: bytes, fmt: Format) -> None:
    """JSON byte for byte; XML the same document, and byte for byte where it has z:Id/z:Ref
    (their attribute order and xmlns:z placement are DataContractSerializer's)."""
    if fmt == "json" or b"z:Id" in theirs:
        assert ours == theirs
    else:
        assert same_document(ours, theirs), (ours, theirs)


# --------------------------------------------------------------------------- Mono's bytes, no HTTP


@pytest.mark.parametrize(("case", "fmt"), _params(readable=False))
def test_monos_bytes_decode_and_encode_back(world_package: ModuleType, case: FixtureCase, fmt: Format) -> None:
    codec, body = _codec(world_package, case), case.body(fmt)
    assert body is not None
    if (case.name, fmt) in UNREADABLE:
        with pytest.raises(world_package.DecodeError, match="Graph.All|Graph.First"):
            codec.decode(body, fmt)  # as Mono's serializer refuses it
        return
    value = codec.decode(body, fmt)
    _assert_same(codec.encode(value, fmt), body, fmt)
    other, expected = _other(fmt), case.body(_other(fmt))
    if expected is not None:  # one value, two fixtures
        _assert_same(codec.encode(value, other), expected, other)
    else:  # the other format cannot carry it: Mono's serializer refused to write it too
        assert case.error(other)
        with pytest.raises(world_package.EncodeError, match="XML has no form|JSON cannot carry"):
            codec.encode(value, other)


def test_identity_survives_decoding(world_package: ModuleType) -> None:
    graph = _value(world_package, fixture("graph-shared"), "xml")
    assert graph.first is graph.second and graph.all_[0] is graph.first and graph.all_[2] is graph.first
    assert graph.all_[1].parent is graph.first
    family = _value(world_package, fixture("node-family"), "xml")
    left, right = family.children
    assert left.parent is family and right.parent is family and right.children[0] is left.children[0]
    assert left.children[0].parent is left  # the shared leaf's parent is the first one written


# --------------------------------------------------------------------------- the generated client → Mono


@pytest.mark.parametrize(("case", "fmt"), _params())
def test_the_client_echoes_every_fixture_through_mono(
    world: WorldHost, world_package: ModuleType, case: FixtureCase, fmt: Format
) -> None:
    value = _value(world_package, case, fmt)
    method = snake_name("Echo" + OPERATIONS[case.type])
    with _client_module(world_package).Client(world.base_url(fmt), wire_format=fmt) as client:
        answer = getattr(client, method)(value)

    [call] = world.received()
    body = case.body(fmt)
    assert call.body is not None and body is not None
    _assert_same(call.body, body, fmt)  # Mono got the fixture's document...
    assert world.errors() == []
    assert answer == value  # ...and its answer, the fixture's bytes again, decodes to the same value


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_client_reads_every_sample_mono_answers(world: WorldHost, world_package: ModuleType, case: FixtureCase) -> None:
    method = snake_name("Get" + OPERATIONS[case.type])
    for fmt in ("xml", "json"):
        with _client_module(world_package).Client(world.base_url(fmt), wire_format=fmt) as client:
            if case.body(fmt) is None:  # Mono cannot write this value in this format: its 500 fault
                with pytest.raises(world_package.ApiError) as error:
                    getattr(client, method)(case.name)
                assert error.value.status_code == 500
                continue
            if (case.name, fmt) in UNREADABLE:  # Mono writes graph-null's JSON but cannot read it
                with pytest.raises(world_package.DecodeError, match="IsReference"):
                    getattr(client, method)(case.name)
                continue
            answer = getattr(client, method)(case.name)
        assert answer == _value(world_package, case, fmt)


# --------------------------------------------------------------------------- Mono's bytes → the generated server


class _Echo:
    """Every Echo operation sends its body back; Samples answer nothing here."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("echo_"):
            return lambda body: body
        raise AttributeError(name)


@pytest.fixture(scope="module")
def stub(world_package: ModuleType) -> Iterator[str]:
    server = importlib.import_module(f"{world_package.__name__}.world.server")
    with serve(server.create_app(_Echo())) as base_url:
        yield f"{base_url}/World.svc"


@pytest.fixture(scope="module")
def stub_answers(stub: str) -> dict[tuple[str, Format, Format], httpx.Response]:
    """Each fixture posted to the stub's Echo operation, answered in each format (Accept)."""
    answers = {}
    with httpx.Client(timeout=10) as http:
        for case, fmt in (p.values for p in _params(readable=False)):
            for answer in ("xml", "json"):
                headers = {"Content-Type": content_type(fmt), "Accept": content_type(answer)}
                # a new connection each time: after a 500, uvicorn closes the connection
                headers["Connection"] = "close"
                url = f"{stub}/Echo/{OPERATIONS[case.type]}"
                answers[case.name, fmt, answer] = http.post(url, content=case.body(fmt), headers=headers)
    return answers


@pytest.fixture(scope="module")
def mono_reads(
    stub_answers: dict[tuple[str, Format, Format], httpx.Response], world_dcs: DcsTool
) -> dict[tuple[str, Format, Format], bytes | DcsError]:
    """What Mono's serializers write back after reading each successful stub answer (one batch)."""
    keys = [key for key, response in stub_answers.items() if response.status_code == 200]
    types = {case.name: case.type for case in CASES}
    requests = [(types[name], answer, answer, stub_answers[name, fmt, answer].content) for name, fmt, answer in keys]
    return dict(zip(keys, world_dcs.convert_many(requests), strict=True))


@pytest.mark.parametrize(("case", "fmt"), _params(readable=False))
def test_the_server_stub_reads_monos_bytes_and_answers_what_mono_reads_back(
    stub_answers: dict[tuple[str, Format, Format], httpx.Response],
    mono_reads: dict[tuple[str, Format, Format], bytes | DcsError],
    case: FixtureCase,
    fmt: Format,
) -> None:
    for answer in ("xml", "json"):
        response = stub_answers[case.name, fmt, answer]
        expected = case.body(answer)
        if (case.name, fmt) in UNREADABLE:  # refused as Mono refuses it (Mono: 500; .NET and the stub: 400)
            assert response.status_code == 400 and b"IsReference" in response.content
        elif expected is None:  # the answer's format cannot carry the value: a 500, as from Mono
            assert response.status_code == 500, response.content
        else:
            assert response.status_code == 200 and response.headers["content-type"] == content_type(answer)
            _assert_same(response.content, expected, answer)
            if (case.name, answer) not in UNREADABLE:  # what Mono writes but cannot read, it cannot read here
                assert mono_reads[case.name, fmt, answer] == expected  # Mono reads exactly the fixture's value


def test_a_json_request_with_a_reference_contract_is_refused_naming_the_type(stub: str) -> None:
    """Mono answers 500 (its fault path); the stub answers 400 with the reason, as for any
    body that does not decode."""
    response = httpx.post(
        f"{stub}/Echo/Node", content=b'{"Name":"a"}', headers={"Content-Type": content_type("json")}, timeout=10
    )
    assert response.status_code == 400
    assert b"Node is an IsReference data contract, which JSON cannot carry" in response.content
