"""wcfgen.runtime.policy.stream_chunks / astream_chunks: a streamed body cut to the size asked for."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from wcfgen.runtime.policy import astream_chunks, stream_chunks

BODY = bytes(range(256)) * 40  # 10,240 bytes


class Pieces(httpx.SyncByteStream, httpx.AsyncByteStream):
    def __init__(self, data: bytes, step: int) -> None:
        self.parts = [data[i : i + step] for i in range(0, len(data), step)]

    def __iter__(self) -> Iterator[bytes]:
        yield from self.parts

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for part in self.parts:
            yield part


def _response(data: bytes, step: int, coding: str | None = None) -> httpx.Response:
    headers = {"Content-Encoding": coding} if coding else {}
    return httpx.Response(200, headers=headers, stream=Pieces(data, step))


@pytest.mark.parametrize(("size", "step"), [(1000, 333), (4096, 10_240), (7, 1)])
def test_chunks_have_the_size_asked_for_and_the_last_one_the_rest(size: int, step: int) -> None:
    chunks = list(stream_chunks(_response(BODY, step), size))
    assert b"".join(chunks) == BODY
    assert {len(c) for c in chunks[:-1]} == {size} and 0 < len(chunks[-1]) <= size

    async def collect() -> list[bytes]:
        return [c async for c in astream_chunks(_response(BODY, step), size)]

    assert asyncio.run(collect()) == chunks


def test_without_a_size_the_decoded_pieces_pass_as_they_come() -> None:
    chunks = list(stream_chunks(_response(gzip.compress(BODY, mtime=0), 100, "gzip"), None))
    assert b"".join(chunks) == BODY and all(chunks)
