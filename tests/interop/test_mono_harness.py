"""Proves the Mono WCF harness itself works, using plain httpx (no generated code).

Observed on Mono 6.8.0.105 (Debian 12), recorded here because our generated client and
server stub must match it:

* Success on /PBX (XML):  status line "HTTP/1.1 200 " (empty reason phrase!), headers
    Content-Type: application/xml; charset=utf-8
    Server: Mono-HTTPAPI/1.0
    Date: <RFC 1123>
    Content-Length: 83
    Keep-Alive: timeout=15,max=100      (or "Connection: close" if the request asked for it)
  body (no XML declaration, no BOM, no trailing newline):
    <boolean xmlns="http://schemas.microsoft.com/2003/10/Serialization/">true</boolean>
* Success on /PBXJson: same headers but Content-Type: application/json; charset=utf-8,
  Content-Length: 4, body b"true".
* Mono ignores Accept and the HTTP method (GET/PUT on NewCallEvent are dispatched too), and
  accepts request Content-Type application/xml or application/json (charset optional); text/xml
  is treated as "Raw" and faults.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import httpx
import pytest

from tests.interop.hostkit import MONO_FAULT

if TYPE_CHECKING:
    from tests.interop.conftest import MonoClientRunner, MonoHost, _HostManager

pytestmark = pytest.mark.interop

XML_TRUE = b'<boolean xmlns="http://schemas.microsoft.com/2003/10/Serialization/">true</boolean>'
XML_CT = "application/xml; charset=utf-8"
JSON_CT = "application/json; charset=utf-8"
# Exactly these headers on every normal response (Keep-Alive vs Connection depends on request).
MONO_RESPONSE_HEADERS = {"content-type", "server", "date", "content-length", "keep-alive"}

# One event exercising everything that can go subtly wrong: null via xsi:nil, null via an
# absent element, empty string, XML escapes, LF and TAB, leading/trailing spaces, Czech
# diacritics, a non-BMP character. (No CR: Mono cannot receive one, see test below.)
EXPECTED_EVENT: dict[str, str | float | None] = {
    "Direction": "Příchozí",
    "Email": None,
    "EventName": "Příchozí hovor – Čeněk Šťastný",
    "From": "+420 777 123 456",
    "Line": "",
    "Login": None,
    "Reason": "a < b & \"c\" 'd'\n\t end ",
    "To": "Žluťoučký kůň 😀",
    "UniqueId": 1.26743233e15,
}
# Hand-written the way DataContractSerializer writes it: alphabetical order, K2.Data namespace.
XML_BODY = (
    '<CallEvent xmlns="K2.Data" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">'
    "<Direction>Příchozí</Direction>"
    '<Email i:nil="true"/>'
    "<EventName>Příchozí hovor – Čeněk Šťastný</EventName>"
    "<From>+420 777 123 456</From>"
    "<Line/>"
    "<Reason>a &lt; b &amp; \"c\" 'd'\n\t end </Reason>"
    "<To>Žluťoučký kůň 😀</To>"
    "<UniqueId>1.26743233E+15</UniqueId>"
    "</CallEvent>"
).encode()
JSON_BODY = (
    '{"Direction":"Příchozí","Email":null,"EventName":"Příchozí hovor – Čeněk Šťastný",'
    '"From":"+420 777 123 456","Line":"","Reason":"a < b & \\"c\\" \'d\'\\n\\t end ",'
    '"To":"Žluťoučký kůň \\ud83d\\ude00","UniqueId":1.26743233E+15}'
).encode()

UNIQUE_ID_BITS = 4832928529861171712  # BitConverter.DoubleToInt64Bits(1.26743233E+15)


@pytest.mark.parametrize("body_format", ["xml", "json"])
@pytest.mark.parametrize("endpoint", ["xml", "json"])
def test_call_event_is_received_exactly(mono_host: MonoHost, body_format: str, endpoint: str) -> None:
    body, content_type = (XML_BODY, XML_CT) if body_format == "xml" else (JSON_BODY, JSON_CT)
    base_url = mono_host.base_url_xml if endpoint == "xml" else mono_host.base_url_json

    response = mono_host.post(base_url, body, content_type)

    # The response format follows the endpoint, never the request body format.
    assert response.status_code == 200
    assert response.reason_phrase == ""
    assert set(response.headers.keys()) == MONO_RESPONSE_HEADERS
    assert response.headers["server"] == "Mono-HTTPAPI/1.0"
    if endpoint == "xml":
        assert response.headers["content-type"] == XML_CT
        assert response.content == XML_TRUE
    else:
        assert response.headers["content-type"] == JSON_CT
        assert response.content == b"true"

    [call] = mono_host.received()
    assert call.path == ("/PBX" if endpoint == "xml" else "/PBXJson") + "/CallHistory/NewCallEvent"
    assert call.content_type == content_type
    assert call.body_format == body_format
    assert call.event == EXPECTED_EVENT
    assert call.unique_id_text == "1.26743233E+15"
    assert call.unique_id_bits == UNIQUE_ID_BITS
    assert mono_host.errors() == []


@pytest.mark.parametrize(
    "value",
    [0.1, -0.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 9007199254740993.0, float("inf")],
)
@pytest.mark.parametrize("body_format", ["xml", "json"])
def test_double_is_received_bit_exact(mono_host: MonoHost, value: float, body_format: str) -> None:
    # The raw bits are the ground truth: Mono's "R" text is not always shortest
    # (5e-324 -> "4.94065645841247E-324") and -0.0 prints as "0".
    text = "INF" if value == float("inf") else repr(value)
    if body_format == "xml":
        body, content_type = f'<CallEvent xmlns="K2.Data"><UniqueId>{text}</UniqueId></CallEvent>'.encode(), XML_CT
    else:
        body, content_type = f'{{"UniqueId":{text}}}'.encode(), JSON_CT

    assert mono_host.post(mono_host.base_url_xml, body, content_type).status_code == 200

    [call] = mono_host.received()
    assert call.unique_id_bits == struct.unpack("<q", struct.pack("<d", value))[0]


def test_mono_client_call_is_received(
    mono_host: MonoHost, run_mono_client: MonoClientRunner, mono_client_event: dict[str, str | float | None]
) -> None:
    assert run_mono_client(mono_host.base_url_xml) == "True\n"

    [call] = mono_host.received()
    assert call.path == "/PBX/CallHistory/NewCallEvent"
    assert call.content_type == XML_CT
    assert call.event == mono_client_event
    assert call.unique_id_bits == UNIQUE_ID_BITS


# Exactly what Mono's WebChannelFactory<ICallHistory> client sends (captured below). Note
# Expect: 100-continue (the body follows immediately, without waiting for "100 Continue"),
# <Login i:nil="true"/> for null, <Reason/> for "", no XML declaration, no BOM.
MONO_CLIENT_REQUEST = (
    b"POST /PBX/CallHistory/NewCallEvent HTTP/1.1\r\n"
    b"Content-Type: application/xml; charset=utf-8\r\n"
    b"Content-Length: 398\r\n"
    b"Expect: 100-continue\r\n"
    b"Connection: keep-alive\r\n"
    b"Host: 127.0.0.1:{port}\r\n"
    b"\r\n"
    b'<CallEvent xmlns="K2.Data" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">'
    b"<Direction>P\xc5\x99\xc3\xadchoz\xc3\xad</Direction>"
    b"<Email>\xc4\x8den\xc4\x9bk.\xc5\xa1\xc5\xa5astn\xc3\xbd@example.cz</Email>"
    b"<EventName>P\xc5\x99\xc3\xadchoz\xc3\xad hovor \xe2\x80\x93 \xc4\x8cen\xc4\x9bk \xc5\xa0\xc5\xa5astn\xc3\xbd</EventName>"
    b"<From>+420 777 123 456</From>"
    b"<Line>Linka 1</Line>"
    b'<Login i:nil="true"/>'
    b"<Reason/>"
    b"<To>\xc5\xbdlu\xc5\xa5ou\xc4\x8dk\xc3\xbd k\xc5\xaf\xc5\x88 \xc3\xbap\xc4\x9bl \xc4\x8f\xc3\xa1belsk\xc3\xa9 \xc3\xb3dy</To>"
    b"<UniqueId>1.26743233E+15</UniqueId>"
    b"</CallEvent>"
)


@contextmanager
def _capture_one_request(response: bytes) -> Iterator[tuple[int, list[bytes]]]:
    """A one-shot raw HTTP server on 127.0.0.1 that records the exact request bytes."""
    captured: list[bytes] = []
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(30)

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.settimeout(10)
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            head, _, body = data.partition(b"\r\n\r\n")
            length = next(
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            while len(body) < length:
                body += conn.recv(65536)
            captured.append(head + b"\r\n\r\n" + body)
            conn.sendall(response)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(server.getsockname()[1]), captured
    finally:
        thread.join(timeout=30)
        server.close()


def test_mono_client_request_bytes(run_mono_client: MonoClientRunner) -> None:
    reply = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/xml; charset=utf-8\r\n"
        b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(XML_TRUE), XML_TRUE)
    )
    with _capture_one_request(reply) as (port, captured):
        assert run_mono_client(f"http://127.0.0.1:{port}/PBX") == "True\n"

    assert captured == [MONO_CLIENT_REQUEST.replace(b"{port}", str(port).encode())]


# --- How real Mono WCF reacts to bad input (reference for our fault handling) ------------


def test_malformed_xml_gets_empty_200(mono_host: MonoHost) -> None:
    # Mono drops the request in its channel layer and the listener closes it with a bare
    # "200 OK": no Content-Type, Content-Length: 0, no body. (.NET would answer 400.)
    response = mono_host.post(mono_host.base_url_xml, b'<CallEvent xmlns="K2.Data"><Direction>x</Direction', XML_CT)

    assert (response.status_code, response.reason_phrase, response.content) == (200, "OK", b"")
    assert "content-type" not in response.headers
    assert response.headers["content-length"] == "0"
    assert mono_host.received() == []
    [error] = mono_host.errors()
    assert error.type == "System.Xml.XmlException"


def test_out_of_order_xml_elements_are_silently_dropped(mono_host: MonoHost) -> None:
    # DataContractSerializer reads members in schema order; once it has seen UniqueId (the
    # last member) everything after it is skipped as unknown data. No fault.
    body = (
        b'<CallEvent xmlns="K2.Data" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">'
        b"<UniqueId>7</UniqueId><Direction>Out</Direction><To>200</To></CallEvent>"
    )

    response = mono_host.post(mono_host.base_url_xml, body, XML_CT)

    assert (response.status_code, response.content) == (200, XML_TRUE)
    [call] = mono_host.received()
    assert call.event is not None
    assert call.event["UniqueId"] == 7.0
    assert call.event["Direction"] is None and call.event["To"] is None


@pytest.mark.parametrize(
    ("body", "content_type", "received"),
    [
        # XML: CR is lost whether written raw, as &#xD; or in CDATA (.NET keeps &#xD;).
        (b'<CallEvent xmlns="K2.Data"><Reason>a&#xD;&#xA;b|a&#xD;b</Reason></CallEvent>', XML_CT, "a\nb|a\nb"),
        # JSON: every \r becomes \n, so \r\n arrives as two line feeds.
        (b'{"Reason":"a\\r\\nb|a\\rb"}', JSON_CT, "a\n\nb|a\nb"),
    ],
    ids=["xml", "json"],
)
def test_carriage_return_is_not_preserved(mono_host: MonoHost, body: bytes, content_type: str, received: str) -> None:
    assert mono_host.post(mono_host.base_url_xml, body, content_type).status_code == 200

    [call] = mono_host.received()
    assert call.event is not None and call.event["Reason"] == received


def test_json_string_for_double_is_accepted(mono_host: MonoHost) -> None:
    response = mono_host.post(mono_host.base_url_json, b'{"UniqueId":"42"}', JSON_CT)

    assert (response.status_code, response.content) == (200, b"true")
    [call] = mono_host.received()
    assert call.event is not None and call.event["UniqueId"] == 42.0


@pytest.mark.parametrize(
    ("endpoint", "body", "content_type", "exception"),
    [
        (
            "xml",
            b'<Foo xmlns="K2.Data"><Direction>x</Direction></Foo>',
            XML_CT,
            "System.Runtime.Serialization.SerializationException",
        ),
        (
            "json",
            b'<Foo xmlns="K2.Data"><Direction>x</Direction></Foo>',
            XML_CT,
            "System.Runtime.Serialization.SerializationException",
        ),
        ("xml", b'<CallEvent xmlns="K2.Data"><UniqueId>abc</UniqueId></CallEvent>', XML_CT, "System.Xml.XmlException"),
        # Not touched by the harness workaround: this fault is Mono's own.
        ("json", b'{"UniqueId":"abc"}', JSON_CT, "System.Xml.XmlException"),
    ],
    ids=["xml-wrong-root", "json-endpoint-wrong-root", "xml-bad-double", "json-bad-double"],
)
def test_fault_response(mono_host: MonoHost, endpoint: str, body: bytes, content_type: str, exception: str) -> None:
    base_url = mono_host.base_url_xml if endpoint == "xml" else mono_host.base_url_json

    response = mono_host.post(base_url, body, content_type)

    # Faults are XML even on the JSON endpoint, and Mono closes the connection after them.
    assert (response.status_code, response.reason_phrase) == (500, "Internal Server Error")
    assert response.headers["content-type"] == XML_CT
    assert response.headers["connection"] == "close"
    assert response.content == MONO_FAULT
    assert mono_host.received() == []
    assert [e.type for e in mono_host.errors()] == [exception]


def test_post_without_content_type_kills_mono_and_harness_recovers(
    mono_host: MonoHost, _mono_host_manager: _HostManager
) -> None:
    # Mono's HTTP channel throws ArgumentNullException("contentType") outside any WCF error
    # handling, which terminates the process; the client just sees the connection drop. An
    # empty body with Content-Type application/json does the same, and an empty body with
    # application/xml hangs the request forever. Our clients must never send these.
    with pytest.raises(httpx.TransportError):
        mono_host.http.post(f"{mono_host.base_url_xml}/CallHistory/NewCallEvent", content=b"<x/>")
    mono_host.process.wait(timeout=10)
    assert "FATAL UNHANDLED EXCEPTION: System.ArgumentNullException" in mono_host.log()

    with pytest.warns(UserWarning, match="Mono host had died"):
        fresh = _mono_host_manager.get()
    assert fresh is not mono_host and fresh.is_running()
    assert fresh.post(fresh.base_url_xml, XML_BODY, XML_CT).content == XML_TRUE
    [call] = fresh.received()
    assert call.event == EXPECTED_EVENT
