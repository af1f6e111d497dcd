"""The generated client reads coded responses in bounded steps, over real HTTP (uvicorn on 127.0.0.1).

A service that stacks ``Content-Encoding: gzip, gzip`` over a GiB of zeros costs the client no
more than its ``max_response_bytes`` (16 MiB) and ends in ``DecodeError``, sync and async; a real
gzip answer (Starlette's GZipMiddleware in front of the stub) reads as the plain one.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from k2 import DecodeError
from k2.pbx import AsyncClient, Client
from k2.pbx.server import create_app
from starlette.applications import Starlette
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.conftest import gzip_gzip_zeros, serve
from tests.test_e2e import EVENT, Recorder

MiB = 1024 * 1024
TOO_LARGE = f"^response body larger than {16 * MiB} bytes$"
seen: list[dict[str, str]] = []  # the request headers the hostile service saw


async def _answer(request: Request) -> Response:
    seen.append(dict(request.headers))
    coding = "br" if request.url.path.startswith("/Br/") else "gzip, gzip"
    body = b"\x0b\x02\x80true\x03" if coding == "br" else gzip_gzip_zeros()
    return Response(body, headers={"Content-Type": "application/xml", "Content-Encoding": coding})


@pytest.fixture(scope="module")
def hostile() -> Iterator[str]:
    gzip_gzip_zeros()  # made once, before any memory is measured
    app = Starlette(
        routes=[Route(f"/{root}/CallHistory/NewCallEvent", _answer, methods=["POST"]) for root in ("PBX", "Br")]
    )
    with serve(app) as base:
        yield base


def _peak(call: Any) -> int:
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_gzip_gzip_over_a_gib_costs_the_sync_client_no_more_than_its_limit(hostile: str) -> None:
    with Client(f"{hostile}/PBX") as client:
        with pytest.raises(DecodeError, match=TOO_LARGE):
            client.new_call_event(EVENT)  # warm: connection and imports

        def call() -> None:
            with pytest.raises(DecodeError, match=TOO_LARGE):
                client.new_call_event(EVENT)

        peak = _peak(call)
    assert peak < 16 * MiB + 8 * MiB  # the body up to the limit, one decoding step, the server's answer
    assert seen[-1]["accept-encoding"] == "gzip, deflate"


async def test_gzip_gzip_over_a_gib_costs_the_async_client_no_more_than_its_limit(hostile: str) -> None:
    async with AsyncClient(f"{hostile}/PBX") as client:
        with pytest.raises(DecodeError, match=TOO_LARGE):
            await client.new_call_event(EVENT)
        tracemalloc.start()
        try:
            with pytest.raises(DecodeError, match=TOO_LARGE):
                await client.new_call_event(EVENT)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < 16 * MiB + 8 * MiB


def test_a_coding_the_client_did_not_ask_for_is_a_decode_error(hostile: str) -> None:
    with Client(f"{hostile}/Br") as client, pytest.raises(DecodeError) as info:
        client.new_call_event(EVENT)
    assert str(info.value) == "response body has Content-Encoding 'br', which was not asked for (only gzip, deflate)"


def test_a_gzip_answer_reads_as_the_plain_one() -> None:
    recorder = Recorder()
    app = create_app(recorder)
    app.add_middleware(GZipMiddleware, minimum_size=0)
    with serve(app) as base, Client(f"{base}/PBX") as client:
        assert client.new_call_event(EVENT) is True
    assert recorder.events == [EVENT]
