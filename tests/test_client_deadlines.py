"""Every call ends by its deadline, however slowly the answer drips in; retries, within it.

Issue 10 item 5: a server that drips one byte every 0.5 s held ``Client(timeout=2.0)`` forever,
because httpx timeouts bound each read, not the call. Issue 13 item 3: retries on connection
errors and 429/502/503/504, idempotent methods only unless opted in, ``Retry-After``
honoured, each retry logged. Real uvicorn (and, for a peer that drips its headers, a raw
socket server) on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from k2 import ApiError, TransportError
from k2.models import CallEvent
from k2.pbx import AsyncClient, Client
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from tests.conftest import SPECS, free_port, imported_binding, serve

EVENT = CallEvent(to="x")
TRUE_XML = b'<boolean xmlns="http://schemas.microsoft.com/2003/10/Serialization/">true</boolean>'
PATH = "/PBX/CallHistory/NewCallEvent"


async def _drip(request: Request) -> StreamingResponse:
    """A 200 whose body comes one byte every 0.5 s (for at most a minute)."""
    await request.body()

    async def body() -> AsyncIterator[bytes]:
        for _ in range(120):
            yield b" "
            await asyncio.sleep(0.5)

    return StreamingResponse(body(), media_type="application/xml")


@pytest.fixture(scope="module")
def dripping() -> Iterator[str]:
    with serve(Starlette(routes=[Route(PATH, _drip, methods=["POST"])])) as base:
        yield f"{base}/PBX"


def test_a_dripping_body_ends_at_the_default_deadline(dripping: str) -> None:
    """The attack as reported: Client(timeout=2.0), a byte every 0.5 s. The deadline is the
    four timeouts added up: 8 s."""
    with Client(dripping, timeout=2.0) as client:
        started = time.monotonic()
        with pytest.raises(TransportError, match=r"no complete answer within the deadline \(8 s\)"):
            client.new_call_event(EVENT)
    assert 7.9 < time.monotonic() - started < 9.5


async def test_a_dripping_body_ends_at_the_deadline_async(dripping: str) -> None:
    async with AsyncClient(dripping, timeout=2.0, deadline=1.5) as client:
        started = time.monotonic()
        with pytest.raises(TransportError, match=r"within the deadline \(1.5 s\)"):
            await client.new_call_event(EVENT)
    assert 1.4 < time.monotonic() - started < 2.5


class HeaderDrip:
    """A raw socket server that reads a request, then sends its status line and headers one
    byte every 0.1 s: no read ever waits long, so no httpx timeout fires."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._drip, args=(connection,), daemon=True).start()

    def _drip(self, connection: socket.socket) -> None:
        with connection:
            connection.recv(65536)
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n" + b"X-Slow: " + b"x" * 600
            for byte in head:
                if self.stop.wait(0.1):
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return  # the client gave up: as it should

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.listener.close()


@pytest.fixture
def header_drip() -> Iterator[str]:
    server = HeaderDrip()
    try:
        yield f"http://127.0.0.1:{server.port}/PBX"
    finally:
        server.close()


def test_dripping_headers_end_at_the_deadline(header_drip: str) -> None:
    """httpx never returns from send() here; the binding's transport bounds every socket read."""
    with Client(header_drip, timeout=0.5) as client:
        started = time.monotonic()
        with pytest.raises(TransportError, match=r"within the deadline \(2 s\)"):
            client.new_call_event(EVENT)
        assert 1.9 < time.monotonic() - started < 3.0
        started = time.monotonic()
        with pytest.raises(TransportError, match=r"within the deadline \(0.7 s\)"):
            client.new_call_event(EVENT, deadline=0.7)
        assert 0.6 < time.monotonic() - started < 1.5


async def test_dripping_headers_end_at_the_deadline_async(header_drip: str) -> None:
    async with AsyncClient(header_drip, timeout=0.5) as client:
        started = time.monotonic()
        with pytest.raises(TransportError, match=r"within the deadline \(2 s\)"):
            await client.new_call_event(EVENT)
    assert 1.9 < time.monotonic() - started < 3.0


# -- retries -------------------------------------------------------------------------------


class Flaky:
    """Answers the first ``failures`` requests with ``status`` (and ``headers``), then true."""

    def __init__(self) -> None:
        self.failures = 0
        self.status = 503
        self.headers: dict[str, str] = {}
        self.times: list[float] = []

    async def answer(self, request: Request) -> Response:
        await request.body()
        self.times.append(time.monotonic())
        if len(self.times) <= self.failures:
            return Response(b"busy", status_code=self.status, headers=self.headers, media_type="text/plain")
        if request.method == "GET":
            return Response(b'<string xmlns="http://schemas.microsoft.com/2003/10/Serialization/">ok</string>', media_type="application/xml")
        return Response(TRUE_XML, media_type="application/xml")


@pytest.fixture(scope="module")
def flaky_server() -> Iterator[tuple[str, Flaky]]:
    flaky = Flaky()
    routes = [Route(PATH, flaky.answer, methods=["POST"]), Route("/Showcase.svc/Items/{id}", flaky.answer, methods=["GET"])]
    with serve(Starlette(routes=routes)) as base:
        yield base, flaky


@pytest.fixture
def flaky(flaky_server: tuple[str, Flaky]) -> tuple[str, Flaky]:
    base, server = flaky_server
    server.failures, server.status, server.headers = 0, 503, {}
    server.times.clear()
    return base, server


@pytest.fixture(scope="module")
def showcase(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out: Path = tmp_path_factory.mktemp("showcase-binding")
    with imported_binding(SPECS / "showcase", "showcase", out) as package:
        importlib.import_module("showcase.showcase")  # the service: package.showcase
        yield package


def _retries(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name in ("k2", "showcase") and r.levelno == logging.INFO]


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_get_calls_are_retried_after_a_busy_answer(
    flaky: tuple[str, Flaky], showcase: ModuleType, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    base, server = flaky
    server.failures, server.status = 2, status
    with showcase.showcase.Client(f"{base}/Showcase.svc", retries=2) as client:
        assert client.get_item("1") == "ok"
    assert len(server.times) == 3
    first, second = (b - a for a, b in zip(server.times, server.times[1:], strict=False))
    assert 0.25 <= first < 0.7 and 0.5 <= second < 1.2  # 0.5 s, then 1 s, jittered down to half
    assert [m.split(" in ")[0] for m in _retries(caplog)] == [
        f"GetItem: HTTP {status}; retry 1 of 2",
        f"GetItem: HTTP {status}; retry 2 of 2",
    ]


def test_retries_give_up_with_the_last_answer(flaky: tuple[str, Flaky], showcase: ModuleType) -> None:
    base, server = flaky
    server.failures = 5
    with showcase.showcase.Client(f"{base}/Showcase.svc", retries=1) as client, pytest.raises(showcase.ApiError) as raised:
        client.get_item("1")
    assert (raised.value.status_code, len(server.times)) == (503, 2)
    server.times.clear()
    server.status = 500  # not a "try again" status
    with showcase.showcase.Client(f"{base}/Showcase.svc", retries=3) as client, pytest.raises(showcase.ApiError):
        client.get_item("1")
    assert len(server.times) == 1


def test_post_is_retried_only_when_opted_in(flaky: tuple[str, Flaky]) -> None:
    base, server = flaky
    server.failures = 1
    with Client(f"{base}/PBX", retries=3) as client:
        with pytest.raises(ApiError, match="HTTP 503"):
            client.new_call_event(EVENT)
        assert len(server.times) == 1
        server.times.clear()
        assert client.new_call_event(EVENT, retry_post=True) is True  # per call
    assert len(server.times) == 2
    server.times.clear()
    with Client(f"{base}/PBX", retries=3, retry_post=True) as client:  # per client
        assert client.new_call_event(EVENT) is True
    assert len(server.times) == 2
    server.times.clear()
    with Client(f"{base}/PBX", retry_post=True) as client:  # retries default to none
        with pytest.raises(ApiError):
            client.new_call_event(EVENT)
        server.times.clear()
        assert client.new_call_event(EVENT, retries=1) is True
    assert len(server.times) == 2


def test_retry_after_is_honoured_and_capped_by_the_deadline(flaky: tuple[str, Flaky]) -> None:
    base, server = flaky
    server.failures, server.headers = 1, {"Retry-After": "1"}
    with Client(f"{base}/PBX", retries=1, retry_post=True) as client:
        assert client.new_call_event(EVENT) is True
        assert 1.0 <= server.times[1] - server.times[0] < 1.5
        server.times.clear()
        server.failures, server.headers = 1, {"Retry-After": "5"}
        started = time.monotonic()
        with pytest.raises(ApiError, match="HTTP 503"):  # waiting 5 s would pass the 2 s deadline
            client.new_call_event(EVENT, deadline=2.0)
    assert time.monotonic() - started < 1.0 and len(server.times) == 1


def test_connection_errors_are_retried(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    nobody = f"http://127.0.0.1:{free_port()}/PBX"
    with Client(nobody, retries=2, retry_post=True) as client, pytest.raises(TransportError, match="ConnectError"):
        client.new_call_event(EVENT)
    assert [m.split(" in ")[0] for m in _retries(caplog)] == [
        "NewCallEvent: ConnectError; retry 1 of 2",
        "NewCallEvent: ConnectError; retry 2 of 2",
    ]


def test_a_server_that_comes_up_is_reached_by_a_retry(showcase: ModuleType) -> None:
    port = free_port()
    flaky = Flaky()
    app = Starlette(routes=[Route("/Showcase.svc/Items/{id}", flaky.answer, methods=["GET"])])
    result: list[str] = []

    def call() -> None:
        with showcase.showcase.Client(f"http://127.0.0.1:{port}/Showcase.svc", retries=4) as client:
            result.append(client.get_item("1"))

    thread = threading.Thread(target=call)
    thread.start()
    time.sleep(0.3)  # refused at first
    with serve(app, port):
        thread.join(timeout=15)
    assert result == ["ok"]


async def test_the_async_client_retries_too(flaky: tuple[str, Flaky]) -> None:
    base, server = flaky
    server.failures = 2
    async with AsyncClient(f"{base}/PBX", retries=2, retry_post=True) as client:
        assert await client.new_call_event(EVENT) is True
    assert len(server.times) == 3


def test_a_body_that_cannot_be_sent_again_is_not_retried(showcase: ModuleType) -> None:
    bodies: list[bytes] = []

    async def upload(request: Request) -> Response:
        bodies.append(await request.body())
        return Response(b"busy", status_code=503)

    app = Starlette(routes=[Route("/Showcase.svc/Upload", upload, methods=["POST"])])
    with serve(app) as base, showcase.showcase.Client(f"{base}/Showcase.svc", retries=3, retry_post=True) as client:
        with pytest.raises(showcase.ApiError, match="HTTP 503"):
            client.upload(iter([b"chunk"]))  # an iterator is read once
        assert bodies == [b"chunk"]
        with pytest.raises(showcase.ApiError, match="HTTP 503"):
            client.upload(b"again")  # bytes can be sent again
    assert bodies == [b"chunk", *[b"again"] * 4]
