"""The asynchronous side of :mod:`.client` (which names everything here too).

A call runs under ``asyncio.timeout`` until its deadline, so however slowly an answer
arrives, the call ends then. Uses ``httpx`` and ``asyncio``, imported when a client is made
or a call runs (see :mod:`.policy`); only :mod:`.client` imports this module.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterable, AsyncIterator, Mapping
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, Self, TypeVar

from .bodies import RawBody
from .calls import (
    Operation,
    Response,
    TemplateValue,
    error_of,
    response_of,
    value_of,
)
from .contentcoding import BoundedBody
from .errors import DecodeError
from .policy import (
    DEFAULT_TIMEOUT,
    MAX_RESPONSE_BYTES,
    RETRY_STATUSES,
    Call,
    ClientBase,
    araw_body,
    astream_chunks,
    deadline_error,
    log_call,
    log_retry,
    retry_errors,
)
from .wire import WireFormat

if TYPE_CHECKING:
    import httpx

T = TypeVar("T")

# A Stream (raw) request body: bytes, a binary file (read in a worker thread), or chunks.
AsyncContent = RawBody | bytes | IO[bytes] | AsyncIterable[bytes]

_NONE: Mapping[str, Any] = {}
CHUNK_BYTES = 64 * 1024


async def _file_chunks(file: IO[bytes]) -> AsyncIterator[bytes]:
    import asyncio

    while chunk := await asyncio.to_thread(file.read, CHUNK_BYTES):
        yield chunk


class AsyncClient(ClientBase):
    """Base of the generated asynchronous clients; the arguments are
    :class:`~.client.SyncClient`'s (``http_client`` an ``httpx.AsyncClient``). It runs
    on ``asyncio``.

    Close it with ``await aclose()`` or use it as an async context manager.
    """

    def __init__(
        self,
        base_url: str | None = None,
        *,
        wire_format: WireFormat = "xml",
        timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        auth: httpx.Auth | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        deadline: float | None = None,
        retries: int = 0,
        retry_post: bool = False,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        import httpx

        super().__init__(base_url, wire_format, max_response_bytes, retries, retry_post)
        auth = self._own_settings(http_client, timeout, headers, auth, transport)
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(
            timeout=timeout, headers=headers, auth=auth, transport=transport
        )
        self._set_deadline(deadline, self._http.timeout)

    def _stream_content(self, content: Any) -> Any:
        if hasattr(content, "read"):
            return _file_chunks(content)
        return content

    async def _call(
        self,
        operation: Operation[T],
        content: AsyncContent | None,
        path: Mapping[str, TemplateValue] = _NONE,
        query: Mapping[str, TemplateValue | None] = _NONE,
        options: Mapping[str, Any] = _NONE,
    ) -> T:
        call = self._prepare(operation, content, path, query, options)
        response, body = await self._exchange(call)
        if not response.is_success:
            raise error_of(operation, response, body)
        return value_of(operation, response, body)

    async def _exchange(self, call: Call) -> tuple[httpx.Response, bytes]:
        started = time.perf_counter()
        async with _Limit(call):
            response = await self._send(call)
            try:
                body = await self._read(call, response)
            finally:
                await response.aclose()
        elapsed = time.perf_counter() - started
        log_call(call.operation, response.request.url, response.status_code, elapsed)
        return response, body

    async def _send(self, call: Call) -> httpx.Response:
        """Send (again, as the retry policy allows) until an answer's headers arrive."""
        import asyncio

        import httpx

        attempt = 0
        while True:
            attempt += 1
            request = self._http.build_request(**call.request)
            try:
                response = await self._http.send(request, stream=True, auth=call.auth)
            except retry_errors() as exc:
                wait = call.wait_before(attempt, None)
                if wait is None:
                    raise call.error(exc) from exc
                log_retry(call, type(exc).__name__, attempt, wait)
            except httpx.HTTPError as exc:
                raise call.error(exc) from exc
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response
                wait = call.wait_before(attempt, response)
                if wait is None:
                    return response
                await response.aclose()
                log_retry(call, f"HTTP {response.status_code}", attempt, wait)
            await asyncio.sleep(wait)

    async def _read(self, call: Call, response: httpx.Response) -> bytes:
        """The whole body, at most ``max_response_bytes`` (an error's is cut there),
        decoded here, not by httpx, so that no step of decoding can pass the limit."""
        import httpx

        chunks, coding = araw_body(response)
        decoder = BoundedBody(coding, self.max_response_bytes, "response body")
        body = bytearray()
        try:
            async for chunk in chunks:
                for piece in decoder.feed(chunk):
                    body += piece
            decoder.finish()
        except DecodeError:
            if response.is_success or decoder.size <= decoder.limit:
                raise
        except httpx.HTTPError as exc:
            raise call.error(exc) from exc
        return bytes(body)

    async def aclose(self) -> None:
        """Close the connection pool (not an ``http_client`` you passed in)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


def _loop_time(at: float | None) -> float | None:
    """A monotonic deadline on the running loop's clock."""
    if at is None:
        return None
    import asyncio

    return asyncio.get_running_loop().time() + (at - time.monotonic())


class _View:
    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    @property
    def wire_format(self) -> WireFormat:
        return self._client.wire_format


class AsyncDetailedView(_View):
    """Base of a generated async client's ``detailed`` view: each call answers a ``Response``."""

    async def _call(
        self,
        operation: Operation[Any],
        content: AsyncContent | None,
        path: Mapping[str, TemplateValue] = _NONE,
        query: Mapping[str, TemplateValue | None] = _NONE,
        *,
        raise_for_status: bool,
        options: Mapping[str, Any],
    ) -> Response[Any]:
        client = self._client
        call = client._prepare(operation, content, path, query, options)
        response, body = await client._exchange(call)
        return response_of(operation, response, body, raise_for_status)


class AsyncStreamingView(_View):
    """Base of a generated async client's ``stream`` view: each call answers an
    :class:`AsyncStreamResponse`."""

    def _call(
        self,
        operation: Operation[Any],
        content: AsyncContent | None,
        path: Mapping[str, TemplateValue] = _NONE,
        query: Mapping[str, TemplateValue | None] = _NONE,
        *,
        options: Mapping[str, Any],
    ) -> AsyncStreamResponse:
        call = self._client._prepare(operation, content, path, query, options)
        return AsyncStreamResponse(self._client, call)


class AsyncStreamResponse:
    """An answer read as it arrives::

        async with client.stream.download("file") as response:
            async for chunk in response.aiter_bytes():
                ...

    The request is sent on entering the block; a non-2xx answer raises there. The
    call's deadline covers reading the body too (``deadline=math.inf`` for long ones).
    """

    def __init__(self, client: AsyncClient, call: Call) -> None:
        self._client = client
        self._call = call
        self._response: httpx.Response | None = None
        self._started = time.perf_counter()

    @property
    def response(self) -> httpx.Response:
        if self._response is None:
            raise RuntimeError("use the stream response in an 'async with' block")
        return self._response

    @property
    def status_code(self) -> int:
        return self.response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.response.headers

    async def __aenter__(self) -> Self:
        call = self._call
        async with _Limit(call):
            self._response = response = await self._client._send(call)
            if not response.is_success:
                try:
                    body = await self._client._read(call, response)
                finally:
                    await self.aclose()
                raise error_of(call.operation, response, body)
        return self

    async def aiter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body's bytes, in chunks as they arrive (or of ``chunk_size``)."""
        import httpx

        chunks = astream_chunks(self.response, chunk_size)  # decoded in bounded steps
        while True:
            async with _Limit(self._call):
                try:
                    chunk = await anext(chunks, None)
                except httpx.HTTPError as exc:
                    raise self._call.error(exc) from exc
            if chunk is None:
                return
            yield chunk

    async def aclose(self) -> None:
        if self._response is not None and not self._response.is_closed:
            await self._response.aclose()
            elapsed = time.perf_counter() - self._started
            url = self._response.request.url
            log_call(self._call.operation, url, self._response.status_code, elapsed)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


class _Limit:
    """``asyncio.timeout`` at the call's deadline, ending in the binding's error."""

    def __init__(self, call: Call) -> None:
        import asyncio

        self._call = call
        self._timeout = asyncio.timeout_at(_loop_time(call.at))

    async def __aenter__(self) -> None:
        await self._timeout.__aenter__()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self._timeout.__aexit__(exc_type, exc, tb)
        except TimeoutError:
            raise deadline_error(self._call) from None
