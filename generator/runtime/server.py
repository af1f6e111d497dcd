"""Request handling of the FastAPI server stubs: content negotiation, limits, WCF-style faults.

Imports ``fastapi``; nothing else in the runtime imports this module. A client's
mistake is always a 4xx with a message naming the problem, in the
request's format; an implementation's :class:`WebFault` is the answer WCF sends for a
``WebFaultException``; any other failure of the implementation is a 500 and one log line.
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar
from urllib.parse import unquote

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Receive, Scope, Send

from .bodies import Codec, ContractCodec, PrimitiveCodec, RawBody, RawCodec
from .deadline import deadline
from .errors import DecodeError, EncodeError, one_line
from .wire import WireFormat, media_type, wire_format_of

# One logger per generated package, named after it with ".server" ("k2.server").
logger = logging.getLogger(f"{__name__.rpartition('._runtime.')[0] or __name__}.server")

T = TypeVar("T")
R = TypeVar("R")

MAX_BODY_BYTES = 4 * 1024 * 1024
# Seconds a request body may take to arrive, whole: a sender that trickles it holds a
# connection no longer (uvicorn has no body timeout of its own).
BODY_TIMEOUT = 60.0
# Larger bodies are decoded in a worker thread, so that decoding one (linear in its size,
# but up to ~1 s per MiB of tiny elements) never holds up the other requests.
INLINE_DECODE_BYTES = 64 * 1024
_SERVER_ERROR = "The server encountered an error processing the request."
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
        with deadline(BODY_TIMEOUT):
            async for chunk in request.stream():
                body += chunk
                if len(body) > max_body_bytes:
                    raise too_large
    except TimeoutError:
        message = f"the request body did not arrive within {BODY_TIMEOUT:g} seconds"
        raise ClientMistake(408, message, wire_format) from None
    except ClientDisconnect:  # one line in the log, not a traceback
        logger.warning(
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


class WebFault(Exception):  # named after WCF's WebFaultException
    """Raised by an implementation: the answer WCF sends for ``WebFaultException<T>``.

    ``WebFault(404, detail=NotFoundInfo(id="x"))`` answers 404 with the detail serialized
    in the request's format (DataContractSerializer XML or JSON: the same bytes WCF
    writes); without a detail, as ``WebFaultException(status)``, the body is empty.
    ``headers`` are added to the answer.
    """

    def __init__(
        self,
        status_code: int,
        detail: object = None,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(f"HTTP {status_code}")
        self.status_code = status_code
        self.detail = detail
        self.headers = dict(headers or {})


_PRIMITIVES: dict[type, tuple[str, type]] = {
    str: ("string", str),
    bool: ("boolean", bool),
    int: ("int", int),
    float: ("double", float),
    Decimal: ("decimal", Decimal),
}


_DETAIL_CODECS: dict[type[Any], Codec[Any]] = {}


def _detail_codec(kind: type[Any]) -> Codec[Any]:
    """How a fault detail of this type is written: a data contract, or a primitive."""
    codec = _DETAIL_CODECS.get(kind)
    if codec is None:
        if kind in _PRIMITIVES:
            name, python_type = _PRIMITIVES[kind]
            codec = PrimitiveCodec(name, python_type)
        elif hasattr(kind, "Meta"):
            codec = ContractCodec(kind)
        else:
            raise TypeError(
                f"a WebFault detail must be a data contract, not {kind.__name__}"
            )
        _DETAIL_CODECS[kind] = codec
    return codec


def web_fault(fault: WebFault, wire_format: WireFormat) -> Response:
    """The answer WCF (.NET 4's WebErrorHandler) sends for a WebFaultException: the
    status, the detail serialized in the answer's format, no body without one."""
    if fault.detail is None:
        body = b""
    else:
        body = _detail_codec(type(fault.detail)).encode(fault.detail, wire_format)
    return Response(
        body,
        status_code=fault.status_code,
        media_type=media_type(wire_format),
        headers=fault.headers,
    )


class RequestContext:
    """The call an implementation is answering, for a method that asks for it::

        def get_item(self, id_: str, /, *, context: RequestContext | None = None) -> str:
            assert context is not None  # given on every request; None in a direct call
            context.response_headers["ETag"] = '"1"'

    A keyword-only parameter named ``context`` is found by ``create_app``; methods
    without one are called as before.
    """

    def __init__(self, request: Request) -> None:
        self.request = request  # the Starlette request, for anything else
        self.headers: Headers = request.headers  # the request's, case-insensitive
        self.response_headers: dict[str, str] = {}  # added to the answer, faults too
        self.status_code: int | None = (
            None  # a status for a returned value instead of 200
        )


@functools.cache
def _shape(function: Callable[..., Any]) -> tuple[bool, bool]:
    """Whether an implementation is ``async def``, and whether it takes ``context``."""
    try:
        parameter = inspect.signature(function).parameters.get("context")
    except (TypeError, ValueError):
        parameter = None
    wants = parameter is not None and parameter.kind is inspect.Parameter.KEYWORD_ONLY
    return inspect.iscoroutinefunction(function), wants


async def invoke(
    method: Callable[..., R | Awaitable[R]], *args: Any, **kwargs: Any
) -> R:
    """Call the user's implementation, sync (in a worker thread) or async."""
    is_async, _ = _shape(getattr(method, "__func__", method))
    if is_async:
        result = await method(*args, **kwargs)  # type: ignore[misc]
    else:
        result = await run_in_threadpool(method, *args, **kwargs)
        if inspect.isawaitable(result):
            result = await result
    return result  # type: ignore[no-any-return]


async def call(
    method: Callable[..., Any],
    operation: str,
    codec: Codec[Any],
    request: Request,
    wire_format: WireFormat,
    *args: Any,
) -> Response:
    """Run one operation's implementation and answer: its value, its :class:`WebFault`, or
    for anything else it raises a 500 fault and one log line (never a traceback)."""
    answer = response_format(request, wire_format)
    _, wants_context = _shape(getattr(method, "__func__", method))
    context = RequestContext(request) if wants_context else None
    try:
        if context is None:
            result = await invoke(method, *args)
        else:
            result = await invoke(method, *args, context=context)
        response = respond(codec, result, answer)
        if context is not None and context.status_code is not None:
            response.status_code = context.status_code
    except WebFault as exc:
        try:
            response = web_fault(exc, answer)
        except Exception as error:  # noqa: BLE001, RUF100 -- the implementation's failure
            response = _failed(operation, error, answer)
    except Exception as exc:  # noqa: BLE001, RUF100 -- the implementation's, answered as WCF does
        if _handled(request, exc):
            raise  # the app has a handler for it (HTTPException, or one of yours)
        response = _failed(operation, exc, answer)
    if context is not None:
        response.headers.update(context.response_headers)
    return response


def _handled(request: Request, exc: Exception) -> bool:
    """Whether the app has a handler for this exception, other than the one for any."""
    handlers: Mapping[Any, Any] = getattr(request.app, "exception_handlers", {})
    kinds = type(exc).__mro__
    return any(
        kind in handlers
        for kind in kinds
        if kind not in (Exception, BaseException, object)
    )


def _failed(operation: str, exc: Exception, wire_format: WireFormat) -> Response:
    logger.error(
        "%s failed: %s: %s", operation, type(exc).__name__, one_line(str(exc), 500)
    )
    return fault(500, _SERVER_ERROR, wire_format)


def path_value(value: str) -> str:
    """A path variable's value as the client sent it (see :class:`RawPathRouting`)."""
    return unquote(value) if "%" in value else value


_KEPT = re.compile(r"(%(?:2[fF]|25|[01][0-9a-fA-F]|7[fF]))")


def routing_path(raw_path: bytes) -> str:
    """The request path with its percent-escapes decoded, except ``%2F`` (so a ``/`` in a
    path variable's value does not split its segment), ``%25`` and control characters
    (which routes' patterns do not match)."""
    parts = _KEPT.split(raw_path.decode("latin-1"))
    return "".join(
        part.upper() if index % 2 else unquote(part) for index, part in enumerate(parts)
    )


class RawPathRouting:
    """ASGI middleware: routes match the raw path, so ``Items/a%2Fb`` reaches ``Items/{id}``
    as ``id`` = ``a/b`` (servers decode the path, ``%2F`` too, before routing)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw = scope.get("raw_path") if scope["type"] == "http" else None
        if raw and b"%" in raw:
            decoded = unquote(raw.decode("latin-1"))
            path: str = scope["path"]
            if path.endswith(
                decoded
            ):  # the server's path: a root path, then the decoded raw one
                scope = {
                    **scope,
                    "path": path[: len(path) - len(decoded)] + routing_path(raw),
                }
        await self.app(scope, receive, send)


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
        logger.error("%s: the answer cannot be sent: %s", operation, exc)
        asked = wire_format_of(request.headers.get("content-type")) or "xml"
        return fault(500, _SERVER_ERROR, response_format(request, asked))

    async def server_error(request: Request, exc: Exception) -> Response:
        return fault(500, _SERVER_ERROR, response_format(request, "xml"))

    app.add_exception_handler(ClientMistake, client_mistake)
    app.add_exception_handler(EncodeError, unencodable)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, server_error)
