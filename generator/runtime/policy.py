"""How a client call runs, sync or async: its deadline, its retries, its log lines, and
the preparation the sync and async clients share (:class:`ClientBase`).

Only the clients import this module. It imports ``httpx`` when a client is made, not
when it is imported (``httpx`` alone takes longer to import than a large binding's models).
"""

from __future__ import annotations

import dataclasses
import logging
import math
import random
import sys
import time
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from .bodies import RawBody
from .calls import Operation, TemplateValue, check_options, target
from .contentcoding import ACCEPT_ENCODING, BoundedBody
from .errors import DecodeError, Error, TransportError, one_line
from .wire import WireFormat, media_type

if TYPE_CHECKING:
    import httpx

DEFAULT_TIMEOUT = 30.0  # seconds for each connect, read and write
MAX_RESPONSE_BYTES = 16 * 1024 * 1024

# One logger per generated package, named after it ("k2"); wcfgen's own copy logs as itself.
logger = logging.getLogger(__name__.rpartition("._runtime.")[0] or __name__)
_OCTETS = "application/octet-stream"


def loggable_url(url: httpx.URL) -> str:
    """The URL without credentials and without query values (they may be secrets)."""
    keys = "&".join(key for key, _ in url.params.multi_items())
    bare = url.copy_with(username=None, password=None, query=None, fragment=None)
    return f"{bare}?{keys}" if keys else str(bare)


# -- deadlines and retries -----------------------------------------------------

IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})
RETRY_STATUSES = frozenset({429, 502, 503, 504})


def retry_errors() -> tuple[type[httpx.HTTPError], ...]:
    """The ``httpx`` errors a call may be retried after (nothing of it was processed)."""
    import httpx

    return (
        httpx.ConnectError,
        httpx.ConnectTimeout,
        httpx.ReadError,
        httpx.WriteError,
        httpx.RemoteProtocolError,
    )


BACKOFF = 0.5  # seconds before the first retry, doubling for each further one …
MAX_BACKOFF = 8.0  # … up to this; each wait is jittered down to half of it
MAX_RETRY_AFTER = 30.0  # a longer Retry-After is waited this long


def derived_deadline(timeout: httpx.Timeout) -> float:
    """The default deadline of a call: its four timeouts (pool, connect, write, read) added
    up: the longest it could take if each phase waited once in full (none without)."""
    phases = (timeout.pool, timeout.connect, timeout.write, timeout.read)
    return math.inf if any(p is None for p in phases) else sum(p or 0.0 for p in phases)


def may_retry(method: str, options: Mapping[str, Any], retry_post: bool) -> bool:
    return method in IDEMPOTENT or bool(options.get("retry_post", retry_post))


def retry_after(headers: httpx.Headers) -> float | None:
    """``Retry-After`` in seconds (delta seconds or an HTTP date), capped."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    wait = (when - datetime.now(when.tzinfo)).total_seconds()
    return min(max(wait, 0.0), MAX_RETRY_AFTER)


def backoff(attempt: int, response: httpx.Response | None) -> float:
    """Seconds to wait before retry number ``attempt`` (1, 2, …)."""
    if response is not None:
        wait = retry_after(response.headers)
        if wait is not None:
            return wait
    ceiling = min(MAX_BACKOFF, BACKOFF * 2 ** (attempt - 1))
    return random.uniform(ceiling / 2, ceiling)  # jitter, not a secret


def log_retry(call: Call, why: str, attempt: int, wait: float) -> None:
    name = call.operation.name
    logger.info(
        "%s: %s; retry %d of %d in %.2f s", name, why, attempt, call.retries, wait
    )


def log_call(
    operation: Operation[Any], url: httpx.URL, status: object, seconds: float
) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "%s %s %s -> %s in %.1f ms",
            operation.name,
            operation.method,
            loggable_url(url),
            status,
            seconds * 1000,
        )


# -- a prepared call -----------------------------------------------------------


@dataclasses.dataclass(slots=True)
class Call:
    """One call, prepared: what to send, and the limits it runs under."""

    operation: Operation[Any]
    request: dict[str, Any]  # httpx's build_request arguments
    auth: Any  # httpx.Auth, None, or httpx.USE_CLIENT_DEFAULT
    retries: int  # how many retries this call may make
    seconds: float  # its deadline, in seconds from ``at``'s start (math.inf: none)
    at: float | None  # that deadline on the monotonic clock; None: none

    def past_deadline(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at

    def wait_before(
        self, attempt: int, response: httpx.Response | None
    ) -> float | None:
        """Seconds to wait before retry ``attempt``, or None when it may not be made."""
        if attempt > self.retries:
            return None
        wait = backoff(attempt, response)
        if self.at is not None and time.monotonic() + wait >= self.at:
            return None  # retries stay inside the call's deadline
        return wait

    def error(self, exc: httpx.HTTPError) -> Error:
        """The binding's error for an ``httpx`` one."""
        import httpx

        name = self.operation.name
        if isinstance(exc, httpx.DecodingError):
            return DecodeError(f"{name}: {one_line(str(exc), 300)}")
        if self.past_deadline():
            return deadline_error(self)
        detail = one_line(str(exc), 300) or "no details"
        return TransportError(f"{name}: {type(exc).__name__}: {detail}")


def raw_body(response: httpx.Response) -> tuple[Iterable[bytes], str | None]:
    """The body as served, and its ``Content-Encoding``, for :class:`BoundedBody`.

    A response made in memory (``httpx.Response(content=...)``, as a ``MockTransport``
    answers) was read and decoded by httpx already: its content, with no coding left.
    """
    if response.is_stream_consumed:
        return [response.content], None
    return response.iter_raw(), response.headers.get("content-encoding")


def araw_body(response: httpx.Response) -> tuple[AsyncIterable[bytes], str | None]:
    """:func:`raw_body` of an async response."""
    if response.is_stream_consumed:
        return _once(response.content), None
    return response.aiter_raw(), response.headers.get("content-encoding")


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data


_STREAMED = (
    sys.maxsize
)  # a stream has no total limit; each step of decoding still has one


def stream_chunks(response: httpx.Response, size: int | None) -> Iterator[bytes]:
    """A streamed body, decoded in bounded steps (at most 64 KiB, or ``size`` bytes, each)."""
    chunks, coding = raw_body(response)
    decoder = BoundedBody(coding, _STREAMED, "response body")
    buffer = bytearray()
    for chunk in chunks:
        yield from _sized(decoder.feed(chunk), buffer, size)
    decoder.finish()
    if buffer:
        yield bytes(buffer)


async def astream_chunks(
    response: httpx.Response, size: int | None
) -> AsyncIterator[bytes]:
    """:func:`stream_chunks` of an async response."""
    chunks, coding = araw_body(response)
    decoder = BoundedBody(coding, _STREAMED, "response body")
    buffer = bytearray()
    async for chunk in chunks:
        for piece in _sized(decoder.feed(chunk), buffer, size):
            yield piece
    decoder.finish()
    if buffer:
        yield bytes(buffer)


def _sized(
    pieces: Iterable[bytes], buffer: bytearray, size: int | None
) -> Iterator[bytes]:
    """``pieces`` as they come, or cut to ``size`` bytes (the rest kept in ``buffer``)."""
    for piece in pieces:
        if size is None:
            yield piece
            continue
        buffer += piece
        while len(buffer) >= size:
            yield bytes(buffer[:size])
            del buffer[:size]


def deadline_error(call: Call) -> TransportError:
    name = call.operation.name
    return TransportError(
        f"{name}: no complete answer within the deadline ({call.seconds:g} s)"
    )


class ClientBase:
    """What the sync and async clients share: options, and preparing a call."""

    default_base_url: ClassVar[str]

    def __init__(
        self,
        base_url: str | None,
        wire_format: WireFormat,
        max_response_bytes: int,
        retries: int,
        retry_post: bool,
    ) -> None:
        if wire_format not in ("xml", "json"):
            raise ValueError(
                f"wire_format must be 'xml' or 'json', not {wire_format!r}"
            )
        if retries < 0:
            raise ValueError("retries must not be negative")
        self.wire_format: WireFormat = wire_format
        self.max_response_bytes = max_response_bytes
        self.retries = retries
        self.retry_post = retry_post
        import httpx  # here, not when the binding is imported: see the module's docstring

        url = httpx.URL((base_url or self.default_base_url).rstrip("/") + "/")
        # credentials in the URL become Basic auth, so no URL (logged by httpx too) has them
        self._url_auth = (
            httpx.BasicAuth(url.username, url.password) if url.userinfo else None
        )
        self._base = str(url.copy_with(username=None, password=None))
        accept = {
            "Accept": media_type(wire_format).split(";", 1)[0],
            "Accept-Encoding": ACCEPT_ENCODING,  # what _read decodes in bounded steps
        }
        self._accept = accept
        self._typed = {**accept, "Content-Type": media_type(wire_format)}
        self._deadline: float | None = None  # as given
        self._seconds = math.inf  # the deadline of a call without options

    def _own_settings(
        self,
        http_client: object,
        timeout: object,
        headers: object,
        auth: httpx.Auth | None,
        transport: object,
    ) -> httpx.Auth | None:
        """The auth for our own ``httpx`` client (URL credentials unless given); its
        settings cannot go beside the user's ``http_client``."""
        auth = auth or self._url_auth
        given = {
            "timeout": None if timeout is DEFAULT_TIMEOUT else timeout,
            "headers": headers,
            "auth": auth,
            "transport": transport,
        }
        passed = [name for name, value in given.items() if value is not None]
        if http_client is not None and passed:
            names = ", ".join(passed)
            raise TypeError(f"give {names} to your own http_client, not beside it")
        return auth

    def _set_deadline(self, deadline: float | None, timeout: httpx.Timeout) -> None:
        if deadline is not None and not deadline > 0:
            raise ValueError("deadline must be a positive number of seconds")
        self._deadline = deadline
        self._seconds = derived_deadline(timeout) if deadline is None else deadline

    def _prepare(
        self,
        operation: Operation[Any],
        content: Any,
        path: Mapping[str, TemplateValue],
        query: Mapping[str, TemplateValue | None],
        options: Mapping[str, Any],
    ) -> Call:
        import httpx

        url = operation.path if not (path or query) else target(operation, path, query)
        if content is None:
            headers = self._accept
        elif isinstance(content, RawBody):
            headers = {**self._accept, "Content-Type": content.content_type}
            content = content.content
        elif operation.raw_request:
            headers = {**self._accept, "Content-Type": _OCTETS}
            content = self._stream_content(content)
        else:
            headers = self._typed
        # an absolute URL: httpx need not merge it with a base URL
        request = {
            "method": operation.method,
            "url": self._base + url,
            "content": content,
            "headers": headers,
        }
        auth: Any = httpx.USE_CLIENT_DEFAULT
        seconds = self._seconds
        retries = self.retries
        if options:
            check_options(options)
            if "headers" in options:
                merged = httpx.Headers(headers)  # case-insensitively, the call's win
                merged.update(options["headers"])
                request["headers"] = merged
            if "timeout" in options:
                request["timeout"] = options["timeout"]
                if self._deadline is None:
                    seconds = derived_deadline(httpx.Timeout(options["timeout"]))
            auth = options.get("auth", auth)
            seconds = options.get("deadline", seconds)
            retries = options.get("retries", retries)
        if retries and not (
            (content is None or isinstance(content, bytes))  # can be sent again
            and may_retry(operation.method, options, self.retry_post)
        ):
            retries = 0
        at = None if math.isinf(seconds) else time.monotonic() + seconds
        return Call(operation, request, auth, retries, seconds, at)

    def _stream_content(self, content: Any) -> Any:
        """A Stream body as ``httpx`` sends it (bytes, a file or chunks)."""
        return content
