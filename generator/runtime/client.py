"""The clients' HTTP plumbing: one pooled ``httpx`` client, bounded reads, typed errors.

Imports ``httpx``; the rest of the runtime does not, and nothing in it imports this module.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from enum import Enum
from types import TracebackType
from typing import Any, ClassVar, Generic, Self, TypeVar, cast
from urllib.parse import quote, urlencode
from uuid import UUID

import httpx

from .bodies import Codec, RawBody, RawCodec
from .contentcoding import ACCEPT_ENCODING, aread_bounded, read_bounded
from .dates import format_datetime
from .errors import ApiError, DecodeError
from .numbers import format_double
from .wire import WireFormat, load_json, media_type, wire_format_of
from .xmltext import parse_xml

T = TypeVar("T")

DEFAULT_TIMEOUT = httpx.Timeout(30.0)
MAX_RESPONSE_BYTES = 16 * 1024 * 1024

_FAULT_NAMESPACES = (
    "http://schemas.microsoft.com/ws/2005/05/envelope/none",
    "http://www.w3.org/2003/05/soap-envelope",
)


TemplateValue = str | int | float | Decimal | bool | UUID | datetime | Enum
_PLACEHOLDER = re.compile(r"\{(\*?)(\w+)\}")


@dataclasses.dataclass(frozen=True)
class Operation(Generic[T]):
    """What a client needs to call one operation; ``T`` is the response type."""

    name: str
    method: str
    path: str  # the URI template, its variables named as the method's parameters
    response: Codec[T]
    query: tuple[tuple[str, str], ...] = ()  # (query key, parameter name)


def template_text(value: TemplateValue) -> str:
    """A URI template value as WCF's QueryStringConverter reads it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_double(value)
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def target(
    operation: Operation[Any],
    path: Mapping[str, TemplateValue],
    query: Mapping[str, TemplateValue | None],
) -> str:
    """The operation's relative URL: variables percent-encoded, absent query values left out."""

    def fill(match: re.Match[str]) -> str:
        wildcard, name = match.groups()
        return quote(template_text(path[name]), safe="/" if wildcard else "")

    url = _PLACEHOLDER.sub(fill, operation.path)
    pairs = [
        (key, template_text(value))
        for key, name in operation.query
        if (value := query.get(name)) is not None
    ]
    return f"{url}?{urlencode(pairs, quote_via=quote)}" if pairs else url


def api_error(status_code: int, content_type: str | None, body: bytes) -> ApiError:
    """An :class:`ApiError` for a non-2xx answer, with the WCF fault code and reason when present."""
    code: str | None = None
    reason: str | None = None
    try:
        wire_format = wire_format_of(content_type)
        if wire_format == "xml":
            root = parse_xml(body)
            for ns in _FAULT_NAMESPACES:
                if root.tag == f"{{{ns}}}Fault":
                    code = root.findtext(
                        f"{{{ns}}}Code/{{{ns}}}Subcode/{{{ns}}}Value"
                    ) or root.findtext(f"{{{ns}}}Code/{{{ns}}}Value")
                    reason = root.findtext(f"{{{ns}}}Reason/{{{ns}}}Text")
        elif wire_format == "json":
            document = load_json(body)
            if isinstance(document, dict):
                code = _text(document.get("ExceptionType") or document.get("code"))
                reason = _text(document.get("Message") or document.get("error"))
    except DecodeError:
        pass  # an unreadable error body is still reported, raw
    return ApiError(
        status_code, code=code, reason=reason, body=body, content_type=content_type
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _decode(operation: Operation[T], response: httpx.Response, body: bytes) -> T:
    content_type = response.headers.get("content-type")
    if not response.is_success:
        raise api_error(response.status_code, content_type, body)
    if isinstance(operation.response, RawCodec):
        return cast(T, RawBody(body, content_type or "application/octet-stream"))
    wire_format = wire_format_of(content_type)
    if wire_format is None and not operation.response.empty:
        raise DecodeError(
            f"{operation.name}: unexpected response content type {content_type!r}"
        )
    return operation.response.decode(body, wire_format or "xml")


def _headers(
    wire_format: WireFormat, content: bytes | RawBody | None
) -> dict[str, str]:
    headers = {
        "Accept": media_type(wire_format).split(";", 1)[0],
        "Accept-Encoding": ACCEPT_ENCODING,  # only what the reader decodes in bounded steps
    }
    if isinstance(content, RawBody):
        headers["Content-Type"] = content.content_type
    elif content is not None:
        headers["Content-Type"] = media_type(wire_format)
    return headers


_NONE: Mapping[str, Any] = {}


def _read_already(response: httpx.Response, limit: int) -> bytes:
    """The body of a response made in memory (``httpx.Response(content=...)``, as a
    ``MockTransport`` answers): httpx has decoded it; only its size is left to check."""
    return read_bounded([response.content], None, limit, "response body")


class _Options:
    default_base_url: ClassVar[str]

    def __init__(
        self, base_url: str | None, wire_format: WireFormat, max_response_bytes: int
    ) -> None:
        if wire_format not in ("xml", "json"):
            raise ValueError(
                f"wire_format must be 'xml' or 'json', not {wire_format!r}"
            )
        self.wire_format: WireFormat = wire_format
        self.max_response_bytes = max_response_bytes
        self._base = (base_url or self.default_base_url).rstrip("/") + "/"

    def _request_args(
        self,
        operation: Operation[Any],
        content: bytes | RawBody | None,
        path: Mapping[str, TemplateValue],
        query: Mapping[str, TemplateValue | None],
    ) -> dict[str, Any]:
        url = operation.path if not (path or query) else target(operation, path, query)
        return {
            "method": operation.method,
            "url": self._base + url,  # absolute: httpx need not merge it with base_url
            "content": content.content if isinstance(content, RawBody) else content,
            "headers": _headers(self.wire_format, content),
        }


class SyncClient(_Options):
    """Base of the generated synchronous clients.

    Args:
        base_url: The service's root URL; defaults to the one the spec names.
        wire_format: ``"xml"`` (DataContractSerializer, the default) or ``"json"``.
        timeout: An ``httpx.Timeout`` or seconds; ``None`` waits forever.
        headers: Headers sent with every request.
        auth: An ``httpx.Auth`` (e.g. ``httpx.BasicAuth``, or K2's request signing).
        transport: An ``httpx`` transport (for tests, proxies, retries, …).
        max_response_bytes: Larger responses raise ``DecodeError`` instead of filling memory.

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
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        super().__init__(base_url, wire_format, max_response_bytes)
        self._http = httpx.Client(
            base_url=self._base,
            timeout=timeout,
            headers=headers,
            auth=auth,
            transport=transport,
        )

    def _call(
        self,
        operation: Operation[T],
        content: bytes | RawBody | None,
        path: Mapping[str, TemplateValue] = _NONE,
        query: Mapping[str, TemplateValue | None] = _NONE,
    ) -> T:
        request = self._http.build_request(
            **self._request_args(operation, content, path, query)
        )
        response = self._http.send(request, stream=True)
        try:
            body = self._read(response)
        finally:
            response.close()
        return _decode(operation, response, body)

    def _read(self, response: httpx.Response) -> bytes:
        """The body, decoded here (not by httpx) so that no step can pass the limit."""
        if response.is_stream_consumed:  # read by httpx already: see _read_already
            return _read_already(response, self.max_response_bytes)
        encoding = response.headers.get("content-encoding")
        return read_bounded(
            response.iter_raw(), encoding, self.max_response_bytes, "response body"
        )

    def close(self) -> None:
        """Close the connection pool."""
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


class AsyncClient(_Options):
    """Base of the generated asynchronous clients; the arguments are :class:`SyncClient`'s.

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
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        super().__init__(base_url, wire_format, max_response_bytes)
        self._http = httpx.AsyncClient(
            base_url=self._base,
            timeout=timeout,
            headers=headers,
            auth=auth,
            transport=transport,
        )

    async def _call(
        self,
        operation: Operation[T],
        content: bytes | RawBody | None,
        path: Mapping[str, TemplateValue] = _NONE,
        query: Mapping[str, TemplateValue | None] = _NONE,
    ) -> T:
        request = self._http.build_request(
            **self._request_args(operation, content, path, query)
        )
        response = await self._http.send(request, stream=True)
        try:
            body = await self._read(response)
        finally:
            await response.aclose()
        return _decode(operation, response, body)

    async def _read(self, response: httpx.Response) -> bytes:
        """The body, decoded here (not by httpx) so that no step can pass the limit."""
        if response.is_stream_consumed:  # read by httpx already: see _read_already
            return _read_already(response, self.max_response_bytes)
        encoding = response.headers.get("content-encoding")
        return await aread_bounded(
            response.aiter_raw(), encoding, self.max_response_bytes, "response body"
        )

    async def aclose(self) -> None:
        """Close the connection pool."""
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
