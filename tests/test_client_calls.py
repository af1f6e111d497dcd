"""Per-call options, whole responses, one ``except`` for everything, logging, your own httpx
client: the generated K2 client against a real uvicorn on 127.0.0.1."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import logging
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import k2
import pytest
from k2 import ApiError, Error, Response, TransportError
from k2.auth import K2Auth
from k2.models import CallEvent
from k2.pbx import AsyncClient, Client
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response as StarletteResponse
from starlette.routing import Route

from tests.conftest import free_port, serve

EVENT = CallEvent(to="x", unique_id=7.0)
TRUE_XML = b'<boolean xmlns="http://schemas.microsoft.com/2003/10/Serialization/">true</boolean>'
PATH = "/PBX/CallHistory/NewCallEvent"


@dataclass
class Answer:
    status: int = 200
    body: bytes = TRUE_XML
    content_type: str = "application/xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Peer:
    """A server answering each request with the next planned answer (else 200 true), and
    recording what arrived."""

    base: str
    plan: list[Answer] = field(default_factory=list)
    seen: list[dict[str, Any]] = field(default_factory=list)
    raw_headers: list[list[tuple[bytes, bytes]]] = field(default_factory=list)


@pytest.fixture(scope="module")
def running() -> Iterator[Peer]:
    peer = Peer("")

    async def answer(request: Request) -> StarletteResponse:
        peer.seen.append({"headers": dict(request.headers), "body": await request.body(), "url": str(request.url)})
        peer.raw_headers.append(request.headers.raw)
        planned = peer.plan.pop(0) if peer.plan else Answer()
        if planned.delay:
            await asyncio.sleep(planned.delay)
        headers = {"Content-Type": planned.content_type, **planned.headers}
        return StarletteResponse(planned.body, status_code=planned.status, headers=headers)

    with serve(Starlette(routes=[Route(PATH, answer, methods=["POST"])])) as base:
        peer.base = base
        yield peer


@pytest.fixture
def peer(running: Peer) -> Peer:
    running.plan.clear()
    running.seen.clear()
    running.raw_headers.clear()
    return running


def _signature(url: str, password: str) -> str:
    return base64.b64encode(hmac.new(password.encode(), url.upper().encode(), hashlib.md5).digest()).decode()


def test_per_call_headers_and_auth_are_merged_over_the_clients(peer: Peer) -> None:
    with Client(f"{peer.base}/PBX", headers={"X-A": "client", "X-B": "client"}, auth=httpx.BasicAuth("u", "p")) as client:
        assert client.new_call_event(EVENT, headers={"x-b": "call", "X-C": "call"}, auth=K2Auth("pbx", "heslo")) is True
        assert client.new_call_event(EVENT, auth=None) is True
        assert client.new_call_event(EVENT) is True
        assert client.new_call_event(EVENT, headers={"content-type": "text/xml"}) is True
    first, second, third, fourth = (seen["headers"] for seen in peer.seen)
    assert (first["x-a"], first["x-b"], first["x-c"]) == ("client", "call", "call")
    assert first["authorization"] == f"pbx:{_signature(peer.base + PATH, 'heslo')}"
    assert first["content-type"] == "application/xml; charset=utf-8"  # the binding's own headers stay
    assert "authorization" not in second
    assert third["authorization"] == "Basic " + base64.b64encode(b"u:p").decode()
    assert "x-c" not in third
    assert fourth["content-type"] == "text/xml"  # one Content-Type: the call's
    assert [k for k, _ in peer.raw_headers[3] if k == b"content-type"] == [b"content-type"]


def test_a_per_call_timeout_and_deadline(peer: Peer) -> None:
    peer.plan = [Answer(delay=1.0), Answer(delay=1.0), Answer(delay=0.3)]
    with Client(f"{peer.base}/PBX") as client:
        with pytest.raises(TransportError, match="ReadTimeout") as timed_out:
            client.new_call_event(EVENT, timeout=0.3)
        assert isinstance(timed_out.value.__cause__, httpx.ReadTimeout)
        with pytest.raises(TransportError, match=r"no complete answer within the deadline \(0.3 s\)"):
            client.new_call_event(EVENT, deadline=0.3)
        assert client.new_call_event(EVENT, timeout=5.0) is True


def test_unknown_options_are_refused(peer: Peer) -> None:
    with Client(f"{peer.base}/PBX") as client, pytest.raises(TypeError, match="unexpected keyword argument 'timout'"):
        client.new_call_event(EVENT, timout=1.0)  # type: ignore[call-arg]
    assert peer.seen == []


def test_the_detailed_view_answers_the_whole_response(peer: Peer) -> None:
    peer.plan = [Answer(headers={"X-Trace": "t1"}), Answer(500, b"<p>down</p>", "text/html"), Answer(500, b"<p>down</p>", "text/html")]
    with Client(f"{peer.base}/PBX") as client:
        response = client.detailed.new_call_event(EVENT)
        assert isinstance(response, Response)
        assert (response.status_code, response.headers["x-trace"], response.content, response.parsed) == (200, "t1", TRUE_XML, True)
        assert response.is_success
        with pytest.raises(ApiError) as raised:
            client.detailed.new_call_event(EVENT)
        assert raised.value.status_code == 500
        error = client.detailed.new_call_event(EVENT, raise_for_status=False, headers={"X-A": "1"})
        assert (error.status_code, error.content, error.parsed, error.is_success) == (500, b"<p>down</p>", None, False)
    assert peer.seen[2]["headers"]["x-a"] == "1"


async def test_the_async_client_takes_the_same_options(peer: Peer) -> None:
    peer.plan = [Answer(delay=1.0), Answer(headers={"X-Trace": "t2"})]
    async with AsyncClient(f"{peer.base}/PBX", auth=httpx.BasicAuth("u", "p")) as client:
        with pytest.raises(TransportError, match="deadline"):
            await client.new_call_event(EVENT, deadline=0.3)
        response = await client.detailed.new_call_event(EVENT, headers={"X-A": "async"}, auth=None)
    assert (response.parsed, response.headers["x-trace"]) == (True, "t2")
    assert peer.seen[1]["headers"]["x-a"] == "async" and "authorization" not in peer.seen[1]["headers"]


def test_one_except_catches_everything_the_binding_raises(peer: Peer) -> None:
    nobody = f"http://127.0.0.1:{free_port()}/PBX"
    with Client(nobody) as client, pytest.raises(Error) as refused:
        client.new_call_event(EVENT)
    assert isinstance(refused.value, TransportError)
    assert isinstance(refused.value.__cause__, httpx.ConnectError)
    assert str(refused.value).startswith("NewCallEvent: ConnectError: ")
    peer.plan = [Answer(200, b"<html/>", "text/html"), Answer(404, b"", "text/plain")]
    with Client(f"{peer.base}/PBX") as client:
        for expected in (k2.DecodeError, k2.ApiError):
            with pytest.raises(Error) as caught:
                client.new_call_event(EVENT)
            assert type(caught.value) is expected
        with pytest.raises(Error) as unwritable:
            client.new_call_event(CallEvent(to="\x00"))  # XML cannot carry NUL
        assert isinstance(unwritable.value, k2.EncodeError)


def test_a_protocol_error_is_a_transport_error() -> None:
    import socket
    import threading

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]

        def garbage() -> None:
            connection, _ = listener.accept()
            with connection:
                connection.recv(65536)
                connection.sendall(b"NOT HTTP AT ALL\r\n\r\n")

        thread = threading.Thread(target=garbage, daemon=True)
        thread.start()
        with Client(f"http://127.0.0.1:{port}/PBX", timeout=5.0) as client, pytest.raises(TransportError) as broken:
            client.new_call_event(EVENT)
        thread.join(timeout=5)
    assert isinstance(broken.value.__cause__, httpx.RemoteProtocolError)


XML_FAULT = (
    '<Fault xmlns="http://schemas.microsoft.com/ws/2005/05/envelope/none"><Code><Value>a:boom\r\n\u2028</Value>'
    '</Code><Reason><Text xml:lang="en-US">evil\r\nX-Injected: 1\u202e{}</Text></Reason></Fault>'
)
JSON_FAULT = '{{"ExceptionType": "a:\\u001b[2Jboom\\n", "Message": "evil\\r\\nX-Injected: 1\\u001b]0;title\\u0007{}"}}'


@pytest.mark.parametrize(
    ("body", "content_type", "code"),
    [(XML_FAULT, "application/xml", "a:boom"), (JSON_FAULT, "application/json", "a: [2Jboom")],
)
def test_fault_texts_are_one_bounded_printable_line(peer: Peer, body: str, content_type: str, code: str) -> None:
    """A hostile fault's code and reason: CR/LF, terminal escapes, bidi overrides, 15 MB of text."""
    raw = body.format("A" * 15_000_000).encode()
    peer.plan = [Answer(400, raw, content_type)]
    with Client(f"{peer.base}/PBX") as client, pytest.raises(ApiError) as raised:
        client.new_call_event(EVENT)
    message = str(raised.value)
    assert message.isprintable() and "\n" not in message and "\x1b" not in message and "\u202e" not in message
    assert len(message) < 800
    assert message.startswith(f"HTTP 400 ({code}: evil X-Injected: 1 ")
    assert message.endswith("AAA…)")
    assert raised.value.code == code
    assert raised.value.body == raw  # the raw answer stays, bounded by max_response_bytes


def test_an_error_body_is_cut_at_the_response_limit(peer: Peer) -> None:
    peer.plan = [Answer(503, b"x" * 5000, "text/plain")]
    with Client(f"{peer.base}/PBX", max_response_bytes=1000) as client, pytest.raises(ApiError) as raised:
        client.new_call_event(EVENT)
    assert (raised.value.status_code, raised.value.body) == (503, b"x" * 1000)


def test_the_log_has_a_line_per_call_and_never_a_credential(peer: Peer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: ours, httpx's, httpcore's
    peer.plan = [Answer(), Answer(503, b"busy", "text/plain")]
    port = peer.base.rsplit(":", 1)[1]
    with Client(f"http://user:url-secret@127.0.0.1:{port}/PBX") as client:
        client.new_call_event(EVENT)
    with Client(f"{peer.base}/PBX", auth=K2Auth("pbx", "k2-secret")) as client, pytest.raises(ApiError):
        client.new_call_event(EVENT)
    assert peer.seen[0]["headers"]["authorization"] == "Basic " + base64.b64encode(b"user:url-secret").decode()
    signature = peer.seen[1]["headers"]["authorization"]
    ours = [r.getMessage() for r in caplog.records if r.name == "k2"]
    assert len(ours) == 2
    assert ours[0].startswith(f"NewCallEvent POST http://127.0.0.1:{port}{PATH} -> 200 in ")
    assert ours[1].startswith(f"NewCallEvent POST http://127.0.0.1:{port}{PATH} -> 503 in ")
    everything = "\n".join(r.getMessage() for r in caplog.records)
    for secret in ("url-secret", "k2-secret", signature, base64.b64encode(b"user:url-secret").decode()):
        assert secret not in everything


def test_the_logger_hides_query_values() -> None:
    from k2._runtime.policy import loggable_url

    url = httpx.URL("http://u:p@h/Items/1?token=s3cret&top=5#frag")
    assert loggable_url(url) == "http://h/Items/1?token&top"


def test_your_own_httpx_client_with_its_hooks(peer: Peer) -> None:
    events: list[str] = []
    hooks = {"request": [lambda r: events.append(f"request {r.method}")], "response": [lambda r: events.append("response")]}
    with httpx.Client(event_hooks=hooks, headers={"X-Own": "1"}, timeout=5.0) as http:
        with Client(f"{peer.base}/PBX", http_client=http) as client:
            assert client.new_call_event(EVENT) is True
        assert not http.is_closed  # yours: closing the binding's client leaves it open
    assert events == ["request POST", "response"]
    assert peer.seen[0]["headers"]["x-own"] == "1"
    with httpx.Client() as http, pytest.raises(TypeError, match="give timeout, auth to your own http_client"):
        Client(http_client=http, timeout=1.0, auth=httpx.BasicAuth("u", "p"))


async def test_your_own_async_httpx_client(peer: Peer) -> None:
    async with httpx.AsyncClient(headers={"X-Own": "async"}) as http:
        async with AsyncClient(f"{peer.base}/PBX", http_client=http) as client:
            assert await client.new_call_event(EVENT) is True
        assert not http.is_closed
    assert peer.seen[0]["headers"]["x-own"] == "async"


def test_deadlines_follow_the_timeout_unless_given() -> None:
    from k2._runtime.policy import derived_deadline

    assert derived_deadline(httpx.Timeout(30.0)) == 120.0
    assert derived_deadline(httpx.Timeout(2.0)) == 8.0
    assert derived_deadline(httpx.Timeout(5.0, connect=1.0)) == 16.0
    assert derived_deadline(httpx.Timeout(None)) == math.inf
    with pytest.raises(ValueError, match="deadline must be a positive number"):
        Client(deadline=0)
