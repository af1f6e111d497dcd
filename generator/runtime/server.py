"""Request handling of the FastAPI server stubs: content negotiation, limits, WCF-style faults.

Imports ``fastapi``; nothing else in the runtime imports this module. A client's
mistake is always a 4xx with a message naming the problem, in the
request's format; only a failure of the service implementation is a 500.
"""

from __future__ import annotations

import inspect
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from .bodies import Codec, RawBody, RawCodec
from .errors import DecodeError, EncodeError
from .wire import WireFormat, media_type, wire_format_of

T = TypeVar("T")
R = TypeVar("R")

MAX_BODY_BYTES = 4 * 1024 * 1024
# Seconds a request body may take to arrive, whole: a sender that trickles it holds a
# connection no longer (uvicorn has no body timeout of its own).
BODY_TIMEOUT = 60.0
# Larger bodies are decoded in a worker thread, so that decoding one (linear in its size,
# but up to ~1 s per MiB of tiny elements) never holds up the other requests.
INLINE_DECODE_BYTES = 64 * 1024
_IMPLEMENTATION_FAILED = "The server encountered an error processing the request."
_log = logging.getLogger(__name__)
_FAULT_NS = "http://schemas.microsoft.com/ws/2005/05/envelope/none"
_CHARSETS = ("utf-8", "utf8")


class ClientMistake(Exception):
    """A request the stub refuses, answered as a fault with this status."""

    def __init__(
        self, status_code: int, message: str, wire_format: WireFormat = "xml"
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message
        self.wire_format = wire_format


def fault(status_code: int, message: str, wire_format: WireFormat) -> Response:
    """A fault as WCF writes it, so WCF clients and our own clients read code and reason."""
    code = "Sender" if status_code < 500 else "Receiver"
    if wire_format == "json":
        body = json.dumps(
            {"ExceptionType": code, "Message": message}, ensure_ascii=False
        ).encode()
    else:
        text = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        body = (
            f'<Fault xmlns="{_FAULT_NS}"><Code><Value>{code}</Value></Code>'
            f'<Reason><Text xml:lang="en-US">{text}</Text></Reason></Fault>'
        ).encode()
    return Response(body, status_code=status_code, media_type=media_type(wire_format))


def response_format(request: Request, default: WireFormat) -> WireFormat:
    """The first of XML or JSON the ``Accept`` header names, else the request's own format."""
    for part in request.headers.get("accept", "").split(","):
        wire_format = wire_format_of(part)
        if wire_format is not None:
            return wire_format
    return default


async def read_body(
    request: Request, codec: Codec[T], max_body_bytes: int
) -> tuple[WireFormat, T]:
    content_type = request.headers.get("content-type")
    wire_format = wire_format_of(content_type)
    if wire_format is None:
        raise ClientMistake(
            415,
            f"unsupported content type {content_type!r}; send application/xml or application/json",
        )
    charset = _charset(content_type or "")
    if charset is not None and charset not in _CHARSETS:
        raise ClientMistake(
            415, f"unsupported charset {charset!r}; send UTF-8", wire_format
        )
    body = await _read(request, max_body_bytes, wire_format)
    try:
        if len(body) > INLINE_DECODE_BYTES:
            return wire_format, await run_in_threadpool(codec.decode, body, wire_format)
        return wire_format, codec.decode(body, wire_format)
    except DecodeError as exc:
        raise ClientMistake(400, str(exc), wire_format) from None


async def read_raw(request: Request, max_body_bytes: int) -> RawBody:
    """A raw (stream) body, with the content type the caller gave it."""
    body = await _read(request, max_body_bytes, "xml")
    return RawBody(
        body, request.headers.get("content-type", "application/octet-stream")
    )


async def _read(
    request: Request, max_body_bytes: int, wire_format: WireFormat
) -> bytes:
    """The whole body: at most ``max_body_bytes`` (413), within ``BODY_TIMEOUT`` (408)."""
    too_large = ClientMistake(
        413, f"request body larger than {max_body_bytes} bytes", wire_format
    )
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_body_bytes:
        raise too_large
    body = bytearray()
    try:
        with anyio.fail_after(BODY_TIMEOUT):
            async for chunk in request.stream():
                body += chunk
                if len(body) > max_body_bytes:
                    raise too_large
    except TimeoutError:
        message = f"the request body did not arrive within {BODY_TIMEOUT:g} seconds"
        raise ClientMistake(408, message, wire_format) from None
    except ClientDisconnect:  # one line in the log, not a traceback
        _log.warning(
            "%s %r: the client disconnected after %d bytes of its request body",
            request.method,
            request.url.path,
            len(body),
        )
        raise ClientMistake(400, "the request body was cut off", wire_format) from None
    return bytes(body)


def query(request: Request, key: str) -> str | None:
    """A query value; WCF matches query keys without regard to case."""
    value = request.query_params.get(key)
    if value is not None:
        return value
    lowered = key.lower()
    return next(
        (v for k, v in request.query_params.multi_items() if k.lower() == lowered), None
    )


def _charset(content_type: str) -> str | None:
    for parameter in content_type.split(";")[1:]:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


async def invoke(method: Callable[..., R | Awaitable[R]], *args: Any) -> R:
    """Call the user's implementation, sync (in a worker thread) or async."""
    if inspect.iscoroutinefunction(method):
        result = await method(*args)
    else:
        result = await run_in_threadpool(method, *args)
        if inspect.isawaitable(result):
            result = await result
    return result  # type: ignore[no-any-return]


def respond(codec: Codec[T], value: T, wire_format: WireFormat) -> Response:
    if isinstance(codec, RawCodec):
        if not isinstance(value, RawBody):
            raise TypeError(
                f"the implementation must return a RawBody, not {type(value).__name__}"
            )
        return Response(value.content, media_type=value.content_type)
    if codec.empty:
        return Response(b"")
    return Response(
        codec.encode(value, wire_format), media_type=media_type(wire_format)
    )


def install_error_handlers(app: FastAPI) -> None:
    async def client_mistake(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ClientMistake)
        return fault(
            exc.status_code, exc.message, response_format(request, exc.wire_format)
        )

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return fault(exc.status_code, str(exc.detail), response_format(request, "xml"))

    async def unencodable(request: Request, exc: Exception) -> Response:
        # the implementation answered what the wire cannot carry: one line, no traceback
        route = request.scope.get("route")
        operation = getattr(route, "operation_id", None) or request.url.path
        _log.error("%s: the answer cannot be sent: %s", operation, exc)
        asked = wire_format_of(request.headers.get("content-type")) or "xml"
        return fault(500, _IMPLEMENTATION_FAILED, response_format(request, asked))

    async def server_error(request: Request, exc: Exception) -> Response:
        return fault(500, _IMPLEMENTATION_FAILED, response_format(request, "xml"))

    app.add_exception_handler(ClientMistake, client_mistake)
    app.add_exception_handler(EncodeError, unencodable)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, server_error)


def openapi_body(xml_example: str | None, json_example: str | None) -> dict[str, Any]:
    """OpenAPI content for a body, with the examples the help page shows."""
    content: dict[str, Any] = {}
    if xml_example is not None:
        content["application/xml"] = {
            "schema": {"type": "string"},
            "example": xml_example,
        }
    if json_example is not None:
        content["application/json"] = {"schema": {}, "example": json_example}
    return content
