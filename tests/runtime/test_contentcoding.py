"""wcfgen.runtime.contentcoding: every coding undone in bounded steps, exact bytes, typed errors.

Over real HTTP: tests/test_bounded_bodies.py (the client) and tests/test_fetch_limits.py (fetch).
"""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import httpx
import pytest

from tests.conftest import gzip_gzip_zeros
from wcfgen.runtime.contentcoding import BoundedBody, coded_limit, read_bounded
from wcfgen.runtime.errors import DecodeError
from wcfgen.runtime.policy import stream_chunks

TEXT = "Příchozí hovor, Čeněk Šťastný. ".encode() * 2000  # 70 KB: more than one decoding step
MiB = 1024 * 1024


def _chunks(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def _raw_deflate(data: bytes) -> bytes:
    coder = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return coder.compress(data) + coder.flush()


@pytest.mark.parametrize(
    ("coding", "coded"),
    [
        (None, TEXT),
        ("identity", TEXT),
        ("gzip", gzip.compress(TEXT)),
        ("X-GZip", gzip.compress(TEXT)),
        ("gzip", gzip.compress(TEXT[:10]) + gzip.compress(TEXT[10:])),  # two members (RFC 1952)
        ("deflate", zlib.compress(TEXT)),
        ("deflate", _raw_deflate(TEXT)),
        ("deflate, gzip", gzip.compress(zlib.compress(TEXT))),  # in the order applied
        ("gzip,identity, gzip", gzip.compress(gzip.compress(TEXT))),
    ],
    ids=["none", "identity", "gzip", "x-gzip", "two members", "zlib deflate", "raw deflate", "stacked", "spaced"],
)
@pytest.mark.parametrize("chunk", [1, 7, 65536])
def test_every_coding_decodes_to_the_exact_bytes_whatever_the_chunks(
    coding: str | None, coded: bytes, chunk: int
) -> None:
    assert read_bounded(_chunks(coded, chunk), coding, len(TEXT), "body") == TEXT


def test_the_limit_is_the_decoded_size_exactly() -> None:
    coded = gzip.compress(TEXT)
    assert read_bounded([coded], "gzip", len(TEXT), "body") == TEXT
    with pytest.raises(DecodeError, match=f"^response body larger than {len(TEXT) - 1} bytes$"):
        read_bounded([coded], "gzip", len(TEXT) - 1, "response body")


def test_the_bytes_up_to_the_limit_come_out_before_the_error() -> None:
    body, kept = BoundedBody("gzip", 1000, "body"), bytearray()
    with pytest.raises(DecodeError, match="^body larger than 1000 bytes$"):
        for piece in body.feed(gzip.compress(TEXT)):
            kept += piece
    assert kept == TEXT[:1000]  # a caller may keep an error's body cut at the limit


def test_each_step_produces_at_most_64_kib() -> None:
    body = BoundedBody("gzip", 10 * MiB, "body")
    pieces = list(body.feed(gzip.compress(bytes(5 * MiB))))
    assert max(map(len, pieces)) == 64 * 1024 and sum(map(len, pieces)) == 5 * MiB
    body.finish()


def test_gzip_gzip_over_a_gib_stops_at_the_limit_without_decoding_the_rest() -> None:
    bomb = gzip_gzip_zeros()
    tracemalloc.start()
    try:
        with pytest.raises(DecodeError, match=f"^response body larger than {16 * MiB} bytes$"):
            read_bounded(_chunks(bomb, 65536), "gzip, gzip", 16 * MiB, "response body")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * MiB + 4 * MiB  # the body up to the limit, and one step


def test_coded_bytes_that_decode_to_little_are_bounded_too() -> None:
    empty_members = gzip.compress(b"") * 200  # 4 KB of coding, nothing decoded: work with no output
    assert coded_limit(1000) == 2027
    with pytest.raises(DecodeError, match="^body larger than 1000 bytes \\(coded\\)$"):
        read_bounded([empty_members], "gzip", 1000, "body")
    assert read_bounded([empty_members[:2000]], "gzip", 1000, "body") == b""


@pytest.mark.parametrize(
    ("coding", "coded", "message"),
    [
        ("br", b"\x0b\x02\x80hello\x03", "body has Content-Encoding 'br', which was not asked for (only gzip, deflate)"),
        ("zstd", b"", "body has Content-Encoding 'zstd', which was not asked for (only gzip, deflate)"),
        ("compress", b"", "body has Content-Encoding 'compress', which was not asked for (only gzip, deflate)"),
        ("gzip, gzip, gzip, gzip", b"", "body has 4 content codings"),
        ("gzip", gzip.compress(TEXT)[:-1], "the gzip body is truncated"),
        ("deflate", zlib.compress(TEXT)[:100], "the deflate body is truncated"),
        ("deflate", b"x", "the deflate body is truncated"),
        ("gzip", b"<html/>", "the gzip body is corrupt (Error -3 while decompressing data: incorrect header check)"),
        ("gzip", gzip.compress(TEXT) + b"trailing", "the gzip body is corrupt (Error -3 while decompressing data: incorrect header check)"),
        ("deflate", zlib.compress(TEXT) + b"trailing", "data after the end of the deflate body"),
    ],
    ids=["br", "zstd", "compress", "four codings", "truncated gzip", "truncated deflate", "one byte", "not gzip",
         "gzip then garbage", "deflate then more"],
)  # fmt: skip
def test_what_cannot_be_read_in_bounded_steps_is_a_decode_error(coding: str, coded: bytes, message: str) -> None:
    with pytest.raises(DecodeError) as info:
        read_bounded([coded], coding, 10 * MiB, "body")
    assert str(info.value) == message


def test_an_empty_coded_body_is_empty() -> None:
    assert read_bounded([], "gzip", 10, "body") == b""  # a 204, or a HEAD answer, names its coding too
    assert read_bounded([b""], "deflate", 10, "body") == b""


def test_a_streamed_answer_is_decoded_in_bounded_steps_too() -> None:
    """``client.stream`` views have no total limit, but no chunk of a bomb is decoded whole."""
    bomb = gzip_gzip_zeros()
    response = httpx.Response(200, headers={"Content-Encoding": "gzip, gzip"}, stream=httpx.ByteStream(bomb))
    tracemalloc.start()
    try:
        chunks = stream_chunks(response, None)
        sizes = [len(next(chunks)) for _ in range(100)]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert max(sizes) <= 64 * 1024 and peak < 4 * MiB  # httpx's decoder made one GiB of the first chunk
    sized = httpx.Response(200, headers={"Content-Encoding": "gzip"}, stream=httpx.ByteStream(gzip.compress(TEXT)))
    assert [len(chunk) for chunk in stream_chunks(sized, 30_000)] == [30_000, 30_000, len(TEXT) - 60_000]
