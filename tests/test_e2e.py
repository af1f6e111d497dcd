"""The generated client and server stub, talking over real HTTP (uvicorn on 127.0.0.1, httpx)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from k2 import ApiError, DecodeError
from k2.auth import K2Auth
from k2.models import CallEvent
from k2.pbx import AsyncClient, Client
from k2.pbx.server import Service, create_app
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.conftest import serve

EVENT = CallEvent(
    direction="Příchozí hovor",
    email=None,
    event_name="Zvoní",
    from_="Čeněk Šťastný <+420 777 123 456>",
    line="",
    login="operátor",
    reason="Žádný & nic",
    to="+420 222 333 444",
    unique_id=1.26743233e15,
)
XML_BODY = (
    '<CallEvent xmlns="K2.Data" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">'
    "<Direction>Příchozí hovor</Direction><Email i:nil=\"true\"/><EventName>Zvoní</EventName>"
    "<From>Čeněk Šťastný &lt;+420 777 123 456&gt;</From><Line></Line><Login>operátor</Login>"
    "<Reason>Žádný &amp; nic</Reason><To>+420 222 333 444</To><UniqueId>1.26743233E+15</UniqueId></CallEvent>"
).encode()
TRUE_XML = b'<boolean xmlns="http://schemas.microsoft.com/2003/10/Serialization/">true</boolean>'


class Recorder:
    """A Service implementation that records what arrives and the raw requests."""

    def __init__(self) -> None:
        self.events: list[CallEvent] = []
        self.answer = True

    def new_call_event(self, call_event: CallEvent, /) -> bool:
        self.events.append(call_event)
        return self.answer


class AsyncRecorder(Recorder):
    async def new_call_event(self, call_event: CallEvent, /) -> bool:  # type: ignore[override]
        await asyncio.sleep(0)
        self.events.append(call_event)
        return self.answer


def _app(service: Service, raw: list[dict[str, Any]]) -> Any:
    app = create_app(service, max_body_bytes=64 * 1024)

    @app.middleware("http")
    async def capture(request: Request, call_next: Any) -> Any:
        body = await request.body()
        raw.append({"method": request.method, "path": request.url.path, "headers": dict(request.headers), "body": body})
        return await call_next(request)

    return app


@pytest.fixture(scope="module")
def stub() -> Iterator[tuple[str, Recorder, list[dict[str, Any]]]]:
    recorder, raw = Recorder(), []
    with serve(_app(recorder, raw)) as base:
        yield base, recorder, raw


@pytest.fixture
def live(stub: tuple[str, Recorder, list[dict[str, Any]]]) -> tuple[str, Recorder, list[dict[str, Any]]]:
    _base, recorder, raw = stub
    recorder.events.clear()
    recorder.answer = True
    raw.clear()
    return stub


def test_sync_client_xml_sends_datacontract_bytes(live: tuple[str, Recorder, list[dict[str, Any]]]) -> None:
    base, recorder, raw = live
    with Client(f"{base}/PBX") as client:
        assert client.new_call_event(EVENT) is True
    assert recorder.events == [EVENT]
    (request,) = raw
    assert (request["method"], request["path"]) == ("POST", "/PBX/CallHistory/NewCallEvent")
    assert request["headers"]["content-type"] == "application/xml; charset=utf-8"
    assert request["body"] == XML_BODY


def test_sync_client_json(live: tuple[str, Recorder, list[dict[str, Any]]]) -> None:
    base, recorder, raw = live
    recorder.answer = False
    with Client(f"{base}/PBX", wire_format="json") as client:
        assert client.new_call_event(EVENT) is False
    assert recorder.events == [EVENT]
    assert raw[0]["headers"]["content-type"] == "application/json; charset=utf-8"
    assert raw[0]["body"] == (
        '{"Direction":"Příchozí hovor","Email":null,"EventName":"Zvoní","From":"Čeněk Šťastný <+420 777 123 456>",'
        '"Line":"","Login":"operátor","Reason":"Žádný & nic","To":"+420 222 333 444","UniqueId":1.26743233E+15}'
    ).encode()


@pytest.mark.parametrize("wire_format", ["xml", "json"])
async def test_async_client(live: tuple[str, Recorder, list[dict[str, Any]]], wire_format: Any) -> None:
    base, recorder, _ = live
    async with AsyncClient(f"{base}/PBX", wire_format=wire_format) as client:
        results = await asyncio.gather(*(client.new_call_event(EVENT) for _ in range(5)))
    assert results == [True] * 5
    assert recorder.events == [EVENT] * 5


async def test_async_implementation_is_awaited() -> None:
    recorder: AsyncRecorder = AsyncRecorder()
    with serve(create_app(recorder)) as base:
        async with AsyncClient(f"{base}/PBX") as client:
            assert await client.new_call_event(EVENT) is True
    assert recorder.events == [EVENT]


@pytest.mark.parametrize(
    ("headers", "expected_type", "expected_body"),
    [
        ({"Content-Type": "application/xml"}, "application/xml; charset=utf-8", TRUE_XML),
        ({"Content-Type": "text/xml; charset=utf-8"}, "application/xml; charset=utf-8", TRUE_XML),
        ({"Content-Type": "application/xml", "Accept": "application/json"}, "application/json; charset=utf-8", b"true"),
    ],
)
def test_server_answers_in_the_request_format_or_by_accept(
    live: tuple[str, Recorder, list[dict[str, Any]]], headers: dict[str, str], expected_type: str, expected_body: bytes
) -> None:
    base, recorder, _ = live
    response = httpx.post(f"{base}/PBX/CallHistory/NewCallEvent", content=XML_BODY, headers=headers)
    assert (response.status_code, response.headers["content-type"], response.content) == (200, expected_type, expected_body)
    assert recorder.events == [EVENT]


def test_server_accepts_json_with_charset(live: tuple[str, Recorder, list[dict[str, Any]]]) -> None:
    base, recorder, _ = live
    response = httpx.post(
        f"{base}/PBX/CallHistory/NewCallEvent",
        content=b'{"To":"x","UniqueId":"7"}',
        headers={"Content-Type": "application/json; charset=UTF-8"},
    )
    assert (response.status_code, response.content) == (200, b"true")
    assert recorder.events == [CallEvent(to="x", unique_id=7.0)]


def _fault(message: str) -> bytes:
    return (
        '<Fault xmlns="http://schemas.microsoft.com/ws/2005/05/envelope/none"><Code><Value>Sender</Value></Code>'
        f'<Reason><Text xml:lang="en-US">{message}</Text></Reason></Fault>'
    ).encode()


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b'<CallEvent xmlns="K2.Data"><To>&lol3;</To></CallEvent>'
)
XXE = b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><CallEvent xmlns="K2.Data"><To>&x;</To></CallEvent>'


@pytest.mark.parametrize(
    ("content", "content_type", "status", "body"),
    [
        (b"<CallEvent xmlns='K2.Data'><UniqueId>x</UniqueId></CallEvent>", "application/xml", 400, _fault("CallEvent.UniqueId: not a number: 'x'")),
        (b"<CallEvent xmlns='K2.Data'>", "application/xml", 400, _fault("malformed XML: no element found: line 1, column 27")),
        (b"<Wrong xmlns='K2.Data'/>", "application/xml", 400, _fault("expected root element 'CallEvent' in namespace 'K2.Data', got '{K2.Data}Wrong'")),
        (BILLION_LAUGHS, "application/xml", 400, _fault("XML with a DOCTYPE is not accepted")),
        (XXE, "text/xml", 400, _fault("XML with a DOCTYPE is not accepted")),
        (b"To=x", "application/x-www-form-urlencoded", 415, _fault("unsupported content type 'application/x-www-form-urlencoded'; send application/xml or application/json")),
        (XML_BODY, "application/xml; charset=iso-8859-2", 415, _fault("unsupported charset 'iso-8859-2'; send UTF-8")),
        (b"<x/>" * 20_000, "application/xml", 413, _fault("request body larger than 65536 bytes")),
    ],
)
def test_server_refuses_client_mistakes_with_a_fault(
    live: tuple[str, Recorder, list[dict[str, Any]]], content: bytes, content_type: str, status: int, body: bytes
) -> None:
    base, recorder, _ = live
    response = httpx.post(f"{base}/PBX/CallHistory/NewCallEvent", content=content, headers={"Content-Type": content_type})
    assert (response.status_code, response.content) == (status, body)
    assert recorder.events == []


def test_json_faults_for_json_requests(live: tuple[str, Recorder, list[dict[str, Any]]]) -> None:
    base, _, _ = live
    response = httpx.post(
        f"{base}/PBX/CallHistory/NewCallEvent", content=b'{"UniqueId": []}', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json() == {"ExceptionType": "Sender", "Message": "CallEvent.UniqueId: expected a number, got an array"}


def test_streamed_body_over_the_limit_is_413(live: tuple[str, Recorder, list[dict[str, Any]]]) -> None:
    base, _, _ = live

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit must hold while streaming
        for _ in range(100):
            yield b"<x/>" * 1000

    response = httpx.post(f"{base}/PBX/CallHistory/NewCallEvent", content=chunks(), headers={"Content-Type": "application/xml"})
    assert response.status_code == 413


def test_unknown_route_and_wrong_method_are_faults(live: tuple[str, Recorder, list[dict[str, Any]]]) -> None:
    base, _, _ = live
    assert httpx.get(f"{base}/PBX/CallHistory/NewCallEvent").status_code == 405
    response = httpx.post(f"{base}/PBX/Nope", content=XML_BODY, headers={"Content-Type": "application/xml"})
    assert (response.status_code, response.content) == (404, _fault("Not Found"))


def test_expect_100_continue(live: tuple[str, Recorder, list[dict[str, Any]]]) -> None:
    base, recorder, _ = live
    port = int(base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(
            b"POST /PBX/CallHistory/NewCallEvent HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\n"
            + f"Content-Length: {len(XML_BODY)}\r\nExpect: 100-continue\r\n\r\n".encode()
        )
        assert sock.recv(4096).startswith(b"HTTP/1.1 100 Continue\r\n")
        sock.sendall(XML_BODY)
        answer = b""
        while not answer.endswith(TRUE_XML):
            chunk = sock.recv(4096)
            assert chunk, answer
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
    assert recorder.events == [EVENT]


def test_implementation_failure_is_a_500_without_details() -> None:
    class Broken:
        def new_call_event(self, call_event: CallEvent, /) -> bool:
            raise RuntimeError("secret internals")

    with serve(create_app(Broken())) as base, Client(f"{base}/PBX") as client, pytest.raises(ApiError) as info:
        client.new_call_event(EVENT)
    error = info.value
    assert (error.status_code, error.code, error.reason) == (500, "Receiver", "The server encountered an error processing the request.")
    assert b"secret" not in error.body


def test_client_raises_api_error_with_fault_code_and_reason(live: tuple[str, Recorder, list[dict[str, Any]]]) -> None:
    base, _, _ = live
    with Client(f"{base}/PBX/Nope") as client, pytest.raises(ApiError) as info:
        client.new_call_event(EVENT)
    assert (info.value.status_code, info.value.code, info.value.reason) == (404, "Sender", "Not Found")
    assert str(info.value) == "HTTP 404 (Sender: Not Found)"


def _transport(status: int, content: bytes, content_type: str) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(status, content=content, headers={"Content-Type": content_type}))


@pytest.mark.parametrize(
    ("status", "content", "content_type", "limit", "message"),
    [
        (200, b"<html/>", "text/html", 1024, "unexpected response content type 'text/html'"),
        (200, b"<boolean xmlns='x'>true</boolean>", "application/xml", 1024, "expected root element 'boolean'"),
        (200, TRUE_XML, "application/xml", 10, "response body larger than 10 bytes"),
        (200, b"yes", "application/json", 1024, "malformed JSON"),
    ],
)
def test_client_refuses_bad_responses(status: int, content: bytes, content_type: str, limit: int, message: str) -> None:
    client = Client(transport=_transport(status, content, content_type), max_response_bytes=limit)
    with client, pytest.raises(DecodeError, match=message):
        client.new_call_event(EVENT)


NIL_BOOLEAN = (
    b'<boolean xmlns="http://schemas.microsoft.com/2003/10/Serialization/" '
    b'xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"/>'
)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (NIL_BOOLEAN, "application/xml"),
        (b"null", "application/json"),
    ],
)  # fmt: skip
def test_a_nil_answer_for_a_bool_is_a_decode_error_never_none(body: bytes, content_type: str) -> None:
    """``new_call_event`` is typed ``-> bool``: the contract says the answer cannot be nil."""

    async def nil(request: Request) -> Response:
        return Response(body, media_type=content_type)

    app = Starlette(routes=[Route("/PBX/CallHistory/NewCallEvent", nil, methods=["POST"])])
    with serve(app) as base, Client(f"{base}/PBX") as client, pytest.raises(DecodeError, match="null is not allowed"):
        client.new_call_event(EVENT)


def test_an_implementation_answering_none_for_a_bool_is_a_500() -> None:
    class Nothing:
        def new_call_event(self, call_event: CallEvent | None, /) -> bool:
            return None  # type: ignore[return-value]

    with serve(create_app(Nothing())) as base, Client(f"{base}/PBX") as client, pytest.raises(ApiError) as info:
        client.new_call_event(EVENT)
    assert info.value.status_code == 500


def test_client_reports_a_non_fault_error_body_raw() -> None:
    client = Client(transport=_transport(503, b"<p>busy</p>", "text/html"))
    with client, pytest.raises(ApiError) as info:
        client.new_call_event(EVENT)
    assert (info.value.status_code, info.value.code, info.value.body) == (503, None, b"<p>busy</p>")


def test_k2_auth_signs_the_full_url(live: tuple[str, Recorder, list[dict[str, Any]]]) -> None:
    base, _, raw = live
    with Client(f"{base}/PBX", auth=K2Auth("pbx", "heslo")) as client:
        client.new_call_event(EVENT)
    url = f"{base}/PBX/CallHistory/NewCallEvent".upper().encode()
    expected = base64.b64encode(hmac.new(b"heslo", url, hashlib.md5).digest()).decode()
    assert raw[0]["headers"]["authorization"] == f"pbx:{expected}"


def test_openapi_documents_the_operation() -> None:
    schema = create_app(Recorder()).openapi()
    operation = schema["paths"]["/PBX/CallHistory/NewCallEvent"]["post"]
    assert operation["operationId"] == "NewCallEvent"
    assert operation["summary"] == "New event to Call Center History"
    assert set(operation["requestBody"]["content"]) == {"application/xml", "application/json"}
    assert operation["responses"]["200"]["content"]["application/xml"]["example"] == TRUE_XML.decode()
