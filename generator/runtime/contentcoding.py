"""HTTP bodies read under a byte limit, their ``Content-Encoding`` undone step by step.

httpx decompresses a whole network chunk before its caller can count the result, so
a cap on the decoded body triggers too late: ``gzip, gzip`` over a GiB of zeros costs
two GiB first. Here the raw body is decoded with a bounded output per step, through
every coding the header names, and decoding stops as soon as the limit is passed.

Only ``identity`` and the codings a client asks for (:data:`ACCEPT_ENCODING`: gzip
and deflate, which the standard library decodes in bounded steps) are read; any
other (``br``, ``zstd``, ``compress``, …) is refused, never passed on still coded.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterable, Iterable, Iterator

from .errors import DecodeError

ACCEPT_ENCODING = "gzip, deflate"
_STEP = 64 * 1024  # the most a decoder produces at once
_MAX_CODINGS = 3  # servers apply one; a long list only makes work
_GZIP = zlib.MAX_WBITS | 16


def coded_limit(limit: int) -> int:
    """The most the coded form of ``limit`` bytes may take.

    Coding grows incompressible data by a few bytes per 16 KiB block: this is ample
    for real bodies, and bounds the work of the raw body and of any inner coding.
    """
    return limit + limit // 256 + 1024


class _Inflater:
    """One gzip or deflate layer; gzip members may follow one another (RFC 1952)."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._gzip = coding != "deflate"
        self._zlib = zlib.decompressobj(_GZIP) if self._gzip else None
        self._head = b""  # deflate: two bytes tell zlib-wrapped (RFC 9110) from raw
        self._started = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        """The decoded bytes of ``data``, at most :data:`_STEP` at a time."""
        self._started = self._started or bool(data)
        if self._zlib is None:
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            wbits = zlib.MAX_WBITS if _is_zlib_header(data) else -zlib.MAX_WBITS
            self._zlib = zlib.decompressobj(wbits)
        while True:
            try:
                out = self._zlib.decompress(data, _STEP)
            except zlib.error as exc:
                message = f"the {self.coding} body is corrupt ({exc})"
                raise DecodeError(message) from None
            data = self._zlib.unconsumed_tail
            if self._zlib.eof and self._zlib.unused_data:
                if not self._gzip:
                    raise DecodeError(f"data after the end of the {self.coding} body")
                data = self._zlib.unused_data  # the next member
                self._zlib = zlib.decompressobj(_GZIP)
            if out:
                yield out
            if not data and len(out) < _STEP:  # a full step may leave output pending
                return

    def finish(self) -> None:
        if self._started and (self._zlib is None or not self._zlib.eof):
            raise DecodeError(f"the {self.coding} body is truncated")


def _is_zlib_header(data: bytes) -> bool:
    return data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


class BoundedBody:
    """Decodes a raw body as it arrives; :meth:`feed` yields the decoded bytes.

    ``content_encoding`` is the header's value (the codings in the order applied);
    ``what`` names the body in errors ("response body larger than …"). Every step is
    bounded: the raw bytes and each inner coding by :func:`coded_limit`, the decoded
    bytes by ``limit``; past them, or for a coding it cannot read, :class:`DecodeError`
    (the decoded bytes up to ``limit`` are yielded first).
    """

    def __init__(self, content_encoding: str | None, limit: int, what: str) -> None:
        self.limit = limit
        self.what = what
        self.size = 0  # decoded bytes so far
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        codings = [coding for coding in codings if coding and coding != "identity"]
        if len(codings) > _MAX_CODINGS:
            raise DecodeError(f"{what} has {len(codings)} content codings")
        for coding in codings:
            if coding not in ("gzip", "x-gzip", "deflate"):
                raise DecodeError(
                    f"{what} has Content-Encoding {coding!r}, which was not asked for"
                    f" (only {ACCEPT_ENCODING})"
                )
        self._layers = [_Inflater(coding) for coding in reversed(codings)]
        self._sizes = [0] * len(self._layers)  # bytes into each layer

    def feed(self, raw: bytes) -> Iterator[bytes]:
        """The decoded bytes of the next raw chunk."""
        return self._through(0, raw)

    def finish(self) -> None:
        """The body has ended: each coding must have ended with it."""
        for layer in self._layers:
            layer.finish()

    def _through(self, depth: int, data: bytes) -> Iterator[bytes]:
        if depth == len(self._layers):
            room = self.limit - self.size
            self.size += len(data)
            if self.size > self.limit:
                if room:  # what fits first: a caller may keep the body cut there
                    yield data[:room]
                raise DecodeError(f"{self.what} larger than {self.limit} bytes")
            if data:
                yield data
            return
        self._sizes[depth] += len(data)
        if self._sizes[depth] > coded_limit(self.limit):
            raise DecodeError(f"{self.what} larger than {self.limit} bytes (coded)")
        for piece in self._layers[depth].decode(data):
            yield from self._through(depth + 1, piece)


def read_bounded(
    chunks: Iterable[bytes], content_encoding: str | None, limit: int, what: str
) -> bytes:
    """The decoded body of the raw ``chunks``, at most ``limit`` bytes."""
    body = BoundedBody(content_encoding, limit, what)
    decoded = bytearray()
    for chunk in chunks:
        for piece in body.feed(chunk):
            decoded += piece
    body.finish()
    return bytes(decoded)


async def aread_bounded(
    chunks: AsyncIterable[bytes], content_encoding: str | None, limit: int, what: str
) -> bytes:
    """:func:`read_bounded` for an async stream."""
    body = BoundedBody(content_encoding, limit, what)
    decoded = bytearray()
    async for chunk in chunks:
        for piece in body.feed(chunk):
            decoded += piece
    body.finish()
    return bytes(decoded)
