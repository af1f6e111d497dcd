"""The clients' HTTP plumbing: one pooled ``httpx`` client, per-call options, a deadline
for every call, retries, bounded reads, streaming, typed errors.

Uses ``httpx``, imported when a client is made (not with the binding: see :mod:`.policy`);
the rest of the runtime does not, and nothing in it imports this module.
Generated clients subclass :class:`SyncClient` and :class:`AsyncClient` (from
:mod:`.aclient`, named here too); their ``detailed`` and ``stream`` views subclass
the views of each.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, Self, TypeVar

from .aclient import (
    AsyncClient,
    AsyncContent,
    AsyncDetailedView,
    AsyncStreamingView,
    AsyncStreamResponse,
)
from .bodies import RawBody
from .calls import (
    CallOptions,
    Fault,
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
    deadline_error,
    log_call,
    log_retry,
    raw_body,
    retry_errors,
    stream_chunks,
)
from .wire import WireFormat

if TYPE_CHECKING:
    import httpx

__all__ = [
    "DEFAULT_TIMEOUT",
    "MAX_RESPONSE_BYTES",
    "AsyncClient",
    "AsyncContent",
    "AsyncDetailedView",
    "AsyncStreamResponse",
    "AsyncStreamingView",
    "CallOptions",
    "Content",
    "DetailedView",
    "Fault",
    "Operation",
    "Response",
    "StreamResponse",
    "StreamingView",
    "SyncClient",
    "TemplateValue",
]

T = TypeVar("T")

# A Stream (raw) request body: bytes, a binary file, or its chunks.
Content = RawBody | bytes | IO[bytes] | Iterable[bytes]

_NONE: Mapping[str, Any] = {}


def _own_transport(given: httpx.BaseTransport | None) -> httpx.BaseTransport | None:
    """Ours (a deadline on every socket call) unless one is given or proxies are
    configured: then ``httpx`` picks the transports, and the deadline is checked
    between reads."""
    from urllib.request import getproxies

    from .transport import DeadlineTransport

    proxies = {scheme for scheme in getproxies() if scheme != "no"}
    if given is not None or proxies:
        return given
    return DeadlineTransport()


class SyncClient(ClientBase):
    """Base of the generated synchronous clients.

    Args:
        base_url: The service's root URL; defaults to the one the spec names.
        wire_format: ``"xml"`` (DataContractSerializer, the default) or ``"json"``.
        timeout: An ``httpx.Timeout`` or seconds for each connect, read and write;
            ``None`` waits forever.
        headers: Headers sent with every request.
        auth: An ``httpx.Auth`` (e.g. ``httpx.BasicAuth``, or K2's request signing).
        transport: An ``httpx`` transport (for tests, proxies, …).
        http_client: Your own ``httpx.Client`` (its transport, event hooks, limits,
            TLS settings); give it ``timeout``, ``headers``, ``auth`` and
            ``transport`` instead of this client. It is not closed with this client.
        deadline: Seconds a whole call may take, retries included, however slowly
            the answer arrives; by default the sum of the four timeouts (pool,
            connect, write, read: 120 s for the default 30 s); ``math.inf``: none.
            Each call may pass its own.
        retries: How many times a call is retried after a connection error or a 429,
            502, 503 or 504 answer (default 0), waiting 0.5 s, 1 s, 2 s … (at most
            8 s, with jitter) or as long as ``Retry-After`` says (at most 30 s);
            only GET, HEAD, PUT and DELETE calls, unless ``retry_post``, and only
            calls whose body can be sent again (not a file or an iterator).
        retry_post: Retry calls of other methods (POST …) too: only when the
            service's operations are safe to repeat.
        max_response_bytes: Larger answers raise ``DecodeError`` instead of filling
            memory (an error answer's body is cut there; ``stream`` reads any size).

    One connection pool is kept for the client's lifetime; close it with ``close()``
    or use the client as a context manager.
    """

    def __init__(
        self,
        base_url: str | None = None,
        *,
        wire_format: WireFormat = "xml",
        timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        auth: httpx.Auth | None = None,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
        deadline: float | None = None,
        retries: int = 0,
        retry_post: bool = False,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        import httpx

        super().__init__(base_url, wire_format, max_response_bytes, retries, retry_post)
        auth = self._own_settings(http_client, timeout, headers, auth, transport)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(
            timeout=timeout,
            headers=headers,
            auth=auth,
            transport=_own_transport(transport),
        )
        self._set_deadline(deadline, self._http.timeout)

    def _call(
        self,
        operation: Operation[T],
        content: Content | None,
        path: Mapping[str, TemplateValue] = _NONE,
        query: Mapping[str, TemplateValue | None] = _NONE,
        options: Mapping[str, Any] = _NONE,
    ) -> T:
        call = self._prepare(operation, content, path, query, options)
        response, body = self._exchange(call)
        if not response.is_success:
            raise error_of(operation, response, body)
        return value_of(operation, response, body)

    def _exchange(self, call: Call) -> tuple[httpx.Response, bytes]:
        from . import transport

        started = time.perf_counter()
        with transport.deadline(call.at):
            response = self._send(call)
            try:
                body = self._read(call, response)
            finally:
                response.close()
        elapsed = time.perf_counter() - started
        log_call(call.operation, response.request.url, response.status_code, elapsed)
        return response, body

    def _send(self, call: Call) -> httpx.Response:
        """Send (again, as the retry policy allows) until an answer's headers arrive."""
        import httpx

        attempt = 0
        while True:
            attempt += 1
            request = self._http.build_request(**call.request)
            try:
                response = self._http.send(request, stream=True, auth=call.auth)
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
                response.close()
                log_retry(call, f"HTTP {response.status_code}", attempt, wait)
            time.sleep(wait)

    def _read(self, call: Call, response: httpx.Response) -> bytes:
        """The whole body, at most ``max_response_bytes`` (an error's is cut there),
        decoded here, not by httpx, so that no step of decoding can pass the limit."""
        import httpx

        chunks, coding = raw_body(response)
        decoder = BoundedBody(coding, self.max_response_bytes, "response body")
        body = bytearray()
        try:
            for chunk in chunks:
                for piece in decoder.feed(chunk):
                    body += piece
                if call.past_deadline():
                    raise deadline_error(call)
            decoder.finish()
        except DecodeError:
            if response.is_success or decoder.size <= decoder.limit:
                raise
        except httpx.HTTPError as exc:
            raise call.error(exc) from exc
        return bytes(body)

    def close(self) -> None:
        """Close the connection pool (not an ``http_client`` you passed in)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class _View:
    def __init__(self, client: SyncClient) -> None:
        self._client = client

    @property
    def wire_format(self) -> WireFormat:
        return self._client.wire_format


class DetailedView(_View):
    """Base of a generated client's ``detailed`` view: each call answers a :class:`Response`."""

    def _call(
        self,
        operation: Operation[Any],
        content: Content | None,
        path: Mapping[str, TemplateValue] = _NONE,
        query: Mapping[str, TemplateValue | None] = _NONE,
        *,
        raise_for_status: bool,
        options: Mapping[str, Any],
    ) -> Response[Any]:
        client = self._client
        call = client._prepare(operation, content, path, query, options)
        response, body = client._exchange(call)
        return response_of(operation, response, body, raise_for_status)


class StreamingView(_View):
    """Base of a generated client's ``stream`` view: each call answers a :class:`StreamResponse`."""

    def _call(
        self,
        operation: Operation[Any],
        content: Content | None,
        path: Mapping[str, TemplateValue] = _NONE,
        query: Mapping[str, TemplateValue | None] = _NONE,
        *,
        options: Mapping[str, Any],
    ) -> StreamResponse:
        call = self._client._prepare(operation, content, path, query, options)
        return StreamResponse(self._client, call)


class StreamResponse:
    """An answer read as it arrives, never held in memory as a whole::

        with client.stream.download("file") as response:
            for chunk in response.iter_bytes():
                ...

    The request is sent on entering the block; a non-2xx answer raises there, as the
    plain method would. The call's deadline covers reading the body too
    (``deadline=math.inf`` for long downloads).
    """

    def __init__(self, client: SyncClient, call: Call) -> None:
        self._client = client
        self._call = call
        self._response: httpx.Response | None = None
        self._started = time.perf_counter()

    @property
    def response(self) -> httpx.Response:
        if self._response is None:
            raise RuntimeError("use the stream response in a 'with' block")
        return self._response

    @property
    def status_code(self) -> int:
        return self.response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.response.headers

    def __enter__(self) -> Self:
        from . import transport

        call = self._call
        with transport.deadline(call.at):
            self._response = response = self._client._send(call)
            if not response.is_success:
                try:
                    body = self._client._read(call, response)
                finally:
                    self.close()
                raise error_of(call.operation, response, body)
        return self

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body's bytes, in chunks as they arrive (or of ``chunk_size``)."""
        import httpx

        from . import transport

        call = self._call
        chunks = stream_chunks(self.response, chunk_size)  # decoded in bounded steps
        while True:
            with transport.deadline(call.at):
                try:
                    chunk = next(chunks, None)
                except httpx.HTTPError as exc:
                    raise call.error(exc) from exc
            if chunk is None:
                return
            if call.past_deadline():
                raise deadline_error(call)
            yield chunk

    def close(self) -> None:
        if self._response is not None and not self._response.is_closed:
            self._response.close()
            elapsed = time.perf_counter() - self._started
            url = self._response.request.url
            log_call(self._call.operation, url, self._response.status_code, elapsed)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
