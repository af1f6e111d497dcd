"""The World host on the wire, with plain httpx: every fixture both ways, and the faults.

The tables here are README.md's facts about what Mono's WCF sends; each row is checked
against the live host. fixtures/ are Mono's serializer bytes (test_world_serializers.py
proves they are current), so "echoes byte for byte" means the WCF peer and the serializers
agree, in both directions.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from tests.interop import mono
from tests.interop.dumpkit import FixtureCase
from tests.interop.hostkit import JSON_CT, MONO_FAULT, XML_CT, Format, assert_ok, content_type
from tests.interop.world import harness
from tests.interop.world.harness import OPERATIONS, WorldHost, fixture, fixture_cases

pytestmark = pytest.mark.interop

SER_EXC = "System.Runtime.Serialization.SerializationException"
# Mono's JSON path refuses IsReference contracts with one of these, seemingly at random: the
# first attempts in a process check the contract ("Unsupported value for IsReference"), later
# ones write z:Id into its JSON writer ("JSON prefix must be null or empty. 'z' is specified").
JSON_REFERENCE_EXC = {SER_EXC, "System.ArgumentException"}
NIL = 'xmlns:i="http://www.w3.org/2001/XMLSchema-instance"'
WORLD = 'xmlns="http://schemas.contoso.com/world"'


def _other(fmt: Format) -> Format:
    return "json" if fmt == "xml" else "xml"


def _assert_fault(world: WorldHost, response: httpx.Response, exceptions: set[str]) -> None:
    # The harness's fault (Mono's own bytes), XML on both endpoints, connection closed.
    assert (response.status_code, response.reason_phrase) == (500, "Internal Server Error")
    assert (response.headers["content-type"], response.headers["connection"]) == (XML_CT, "close")
    assert response.content == MONO_FAULT
    assert {e.type for e in world.errors()} <= exceptions


def _params() -> list[object]:
    return [
        pytest.param(case, fmt, id=f"{case.name}-{fmt}")
        for case in fixture_cases()
        if case.type in OPERATIONS
        for fmt in ("xml", "json")
        if case.body(fmt) is not None
    ]


# --------------------------------------------------------------------------- fixtures both ways

# Where the host does not send a fixture straight back; everything else echoes byte for byte.
NO_ECHO: dict[tuple[str, Format], set[str]] = {
    # DCJS writes Graph's null Node members, but refuses to read them: the IsReference check
    # fires for any member of a reference type, even null ({} reads fine).
    ("graph-null", "json"): {SER_EXC},
}


@pytest.mark.parametrize(("case", "fmt"), _params())
def test_each_fixture_both_ways(world: WorldHost, case: FixtureCase, fmt: Format) -> None:
    # Posted to both endpoints. The same format comes back byte for byte; the other format is
    # the other fixture (one value, two fixtures), unless that format refuses the value (no
    # fixture: JSON IsReference graphs, XML undeclared enum values): then the operation ran
    # and writing its reply failed.
    body = case.body(fmt)
    assert body is not None
    path, operation, other = f"Echo/{OPERATIONS[case.type]}", f"Echo{OPERATIONS[case.type]}", _other(fmt)

    same_answer = world.post(path, body, content_type(fmt), answers=fmt)
    other_answer = world.post(path, body, content_type(fmt), answers=other)

    received = world.received()
    assert [(r.method, r.path, r.body) for r in received] == [
        ("POST", f"/{world.service(answers)}/{path}", body) for answers in (fmt, other)
    ]
    if (case.name, fmt) in NO_ECHO:
        for response in (same_answer, other_answer):
            _assert_fault(world, response, NO_ECHO[case.name, fmt])
        assert [r.operation for r in received] == [None, None]
        return
    assert_ok(same_answer, fmt, body)
    expected = case.body(other)
    if expected is None:
        _assert_fault(world, other_answer, JSON_REFERENCE_EXC if fmt == "xml" else {SER_EXC})
    else:
        assert_ok(other_answer, other, expected)
        assert world.errors() == []
    assert [r.operation for r in received] == [operation, operation]


@pytest.mark.parametrize("case", [c for c in fixture_cases() if c.type in OPERATIONS], ids=lambda c: c.name)
def test_samples_are_the_fixtures(world: WorldHost, case: FixtureCase) -> None:
    # GET Samples/<Type>/{name} answers the fixture's value: the fixture's bytes, or the fault
    # of a reply the format cannot carry.
    for fmt in ("xml", "json"):
        response = world.get(f"Samples/{OPERATIONS[case.type]}/{case.name}", answers=fmt)

        expected = case.body(fmt)
        if expected is None:
            _assert_fault(world, response, JSON_REFERENCE_EXC if fmt == "json" else {SER_EXC})
        else:
            assert_ok(response, fmt, expected)
    assert [r.note for r in world.received()] == [case.name, case.name]


def test_unknown_sample_is_a_typed_404(world: WorldHost) -> None:
    response = world.get("Samples/Level/grids", answers="json")  # a case, but not a Level

    assert (response.status_code, response.headers["content-type"]) == (404, JSON_CT)
    assert response.content == b'{"Id":"grids","Resource":"Level"}'


def test_accept_is_ignored(world: WorldHost) -> None:
    # Mono answers in the endpoint's format whatever Accept says (.NET with
    # automaticFormatSelectionEnabled would answer JSON): hence the two endpoints.
    level = fixture("level-low")
    response = world.http.post(
        world.url("Echo/Level"), content=level.xml, headers={"Content-Type": XML_CT, "Accept": "application/json"}
    )

    assert_ok(response, "xml", level.xml or b"")


# --------------------------------------------------------------------------- faults


@dataclass(frozen=True)
class Answer:
    status: int
    reason: str  # Mono's reason phrase: empty except for 500
    connection: str  # Mono's listener closes the connection after a 400 or a 500
    body: bytes  # on the endpoint's format's Content-Type, unless XML_FAULT
    exception: str | None  # what the harness recorded as turned into a fault


ERROR_INFO, NOT_FOUND = fixture("error-info"), fixture("not-found-info")
TYPE_LOAD = "System.TypeLoadException"

# (operation path, endpoint) -> what Mono sends. WebFault / WebFault<T> are the harness's
# WebFaultException stand-ins (WorldHost.cs): their answers are .NET's rules, Mono's bytes.
FAULTS: list[tuple[str, Format, Answer]] = [
    *[
        (path, fmt, Answer(400, "", "close", ERROR_INFO.body(fmt) or b"", "World.WebFault`1"))
        for path in ("Faults/BadRequest",)
        for fmt in ("xml", "json")
    ],
    *[
        ("Faults/NotFound/x", fmt, Answer(404, "", "keep-alive", NOT_FOUND.body(fmt) or b"", "World.WebFault`1"))
        for fmt in ("xml", "json")
    ],
    ("Faults/Conflict", "xml", Answer(409, "", "keep-alive", b"", "World.WebFault")),
    ("Faults/Conflict", "json", Answer(409, "", "keep-alive", b"", "World.WebFault")),
    # Setting the status and returning the detail: what services do without WebFaultException.
    ("Faults/StatusCode", "xml", Answer(400, "", "close", ERROR_INFO.xml or b"", None)),
    ("Faults/StatusCode", "json", Answer(400, "", "close", ERROR_INFO.json or b"", None)),
    # Everything else is Mono's one fault, XML on both endpoints: the exception's type and
    # message are not sent, a FaultException<T>'s detail neither, and the real
    # WebFaultException<T> does not even load on Mono.
    *[
        (path, fmt, Answer(500, "Internal Server Error", "close", MONO_FAULT, exception))
        for path, exception in [
            ("Faults/Unhandled", "System.InvalidOperationException"),
            ("Faults/FaultException", "System.ServiceModel.FaultException`1"),
        ]
        for fmt in ("xml", "json")
    ],
    ("Faults/MonoWebFault", "xml", Answer(500, "Internal Server Error", "close", MONO_FAULT, TYPE_LOAD)),
    ("Faults/MonoWebFault", "json", Answer(500, "Internal Server Error", "close", MONO_FAULT, TYPE_LOAD)),
]


@pytest.mark.parametrize(("path", "fmt", "answer"), FAULTS, ids=[f"{p}-{f}" for p, f, _ in FAULTS])
def test_faults(world: WorldHost, path: str, fmt: Format, answer: Answer) -> None:
    response = world.get(path, answers=fmt)

    assert (response.status_code, response.reason_phrase) == (answer.status, answer.reason)
    expected_ct = XML_CT if answer.body == MONO_FAULT else content_type(fmt)
    assert response.headers["content-type"] == expected_ct
    assert response.headers.get("connection", "keep-alive") == answer.connection
    assert response.headers["content-length"] == str(len(answer.body))
    # exactly these headers (Date and Server: Mono-HTTPAPI/1.0 as on every answer)
    persistence = "connection" if answer.connection == "close" else "keep-alive"  # Keep-Alive: timeout=15,max=100
    assert set(response.headers) == {"content-type", "server", "date", "content-length", persistence}
    assert response.content == answer.body
    assert [e.type.split("[")[0] for e in world.errors()] == ([answer.exception] if answer.exception else [])


def test_the_real_web_fault_exception_does_not_load_on_mono(world: WorldHost) -> None:
    world.get("Faults/MonoWebFault")

    [error] = world.errors()
    assert error.type == TYPE_LOAD
    assert "System.ServiceModel.Web.WebFaultException`1" in error.message


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_a_typed_fault_for_a_request_body(world: WorldHost, fmt: Format) -> None:
    item = {"xml": f"<Item {WORLD}><Count>-1</Count><Name>n</Name></Item>".encode(), "json": b'{"Count":-1}'}[fmt]
    good = fixture("item").body(fmt) or b""

    bad = world.post("Faults/Validate", item, content_type(fmt), answers=fmt)
    ok = world.post("Faults/Validate", good, content_type(fmt), answers=fmt)

    assert (bad.status_code, bad.headers["content-type"], bad.content) == (400, content_type(fmt), ERROR_INFO.body(fmt))
    assert_ok(ok, fmt, good)
    assert [r.note for r in world.received()] == ["-1", "1"]


# --------------------------------------------------------------------------- Mono's own client

# WorldClient.exe's call -> the start of its line (see WorldClient.cs). XML works where the
# server's answer is a success (a reference graph included); JSON bodies cannot even be sent.
MONO_CLIENT: dict[str, str] = {
    "xml GetGrids(grids)": f"OK {(fixture('grids').xml or b'').decode()}",
    "xml GetNode(node-cycle)": f"OK {(fixture('node-cycle').xml or b'').decode()}",
    "xml EchoLevel(High)": "OK 2",
    "xml EchoListOfListOfInt([[1]])": "OK <ArrayOfArrayOfint ",
    # a fault answer is read as the result: the message is the reader's complaint about <Fault>
    "xml GetLevel(level-zero)": f"EXC {SER_EXC}: Error in line 1 position 2. Expecting element 'Level'",
    # a subtype argument goes out as its own root (<Derived xmlns="urn:d">), which the server
    # refuses: .NET writes <Base i:type="a:Derived" ...>
    "xml EchoBase(Derived)": f"EXC {SER_EXC}: Error in line 1 position 2. Expecting element 'Base' from namespace 'urn:b'",
    # typed faults lose their detail; a 404 reads as a missing endpoint (with "{0}" unformatted)
    "xml Validate(Count=-1)": "EXC System.Net.WebException: There was an error on processing web request: Status code 400(BadRequest):",
    "xml NotFound(x)": "EXC System.ServiceModel.EndpointNotFoundException: There was no endpoint listening at {0}",
    "json GetLevel(level-zero)": "OK 0",  # JSON answers are read, undeclared enum values too
    "json GetGrids(grids)": f"OK {(fixture('grids').xml or b'').decode()}",
    "json GetNode(node-cycle)": f"EXC {SER_EXC}: Error in line 1 position 2. Expecting element 'Node'",
    "json EchoLevel(High)": "EXC System.ArgumentException: JSON namespace is specified as 'http://schemas.contoso.com/world' but it must be empty.",
    "json EchoListOfListOfInt([[1]])": "EXC System.ArgumentException: JSON namespace is specified as 'http://schemas.microsoft.com/2003/10/Serialization/Arrays' but it must be empty.",
    "json EchoBase(Derived)": "EXC System.ArgumentException: JSON namespace is specified as 'urn:d' but it must be empty.",
    "json Validate(Count=-1)": "EXC System.ArgumentException: JSON namespace is specified as 'http://schemas.contoso.com/world' but it must be empty.",
    "json NotFound(x)": "EXC System.ServiceModel.EndpointNotFoundException: There was no endpoint listening at {0}",
}


def test_what_monos_own_client_does(world: WorldHost, world_build: harness.Build) -> None:
    stdout = mono.run(world_build.client_exe, world.base_url_xml, world.base_url_json).decode()

    lines = {}
    for line in stdout.splitlines():
        call, _, outcome = line.partition(") ")  # "json EchoLevel(High) OK 2"
        lines[call + ")"] = outcome
    assert sorted(lines) == sorted(MONO_CLIENT)
    for call, start in MONO_CLIENT.items():
        assert lines[call].startswith(start), (call, lines[call])
    received = world.received()
    # every request says application/xml, JSON ones (all GETs: no JSON body got out) included
    assert {r.content_type for r in received} == {XML_CT}
    assert not any(r.path.startswith("/WorldJson.svc/Echo") for r in received)
    [base] = [r.body for r in received if r.path == "/World.svc/Echo/Base"]
    assert base is not None and base.startswith(b'<Derived xmlns="urn:d" ')


# --------------------------------------------------------------------------- Mono without the harness


def test_a_reply_mono_cannot_write_is_an_empty_200_then_mono_dies(world: WorldHost) -> None:
    # The bare port lacks HarnessErrorHandler. There a reply Mono cannot serialize (an
    # undeclared enum value in XML, an IsReference graph in JSON) reaches the client as a bare
    # "200 OK" without Content-Type or body, and then the process dies in Mono's fault path
    # ("ArgumentException: The namespace '' is not defined", the K2 harness's crash).
    with httpx.Client(trust_env=False, timeout=10) as client:
        response = client.get(world.bare_url("Samples/Level/level-zero"))

    assert (response.status_code, response.reason_phrase, response.content) == (200, "OK", b"")
    assert "content-type" not in response.headers
    world.wait_for_exit()
    assert "System.ArgumentException: The namespace '' is not defined." in world.log()
    world.stop()  # forget the dead process: a later test gets a fresh one (this one runs last)
