"""What a client call sends and receives, sync or async: the operation, its URL, the
per-call options, the answer and the errors it becomes.

Only the clients import this module (``httpx`` only for its types).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, Generic, TypedDict, TypeVar
from urllib.parse import quote, urlencode
from uuid import UUID

from .bodies import Codec, RawBody, RawCodec
from .dates import format_datetime
from .errors import ApiError, DecodeError, EncodeError
from .numbers import format_double
from .wire import load_json, wire_format_of
from .xmltext import parse_xml

if TYPE_CHECKING:
    import httpx

T = TypeVar("T")

TemplateValue = str | int | float | Decimal | bool | UUID | datetime | Enum
_PLACEHOLDER = re.compile(r"\{(\*?)(\w+)\}")
_FAULT_NAMESPACES = (
    "http://schemas.microsoft.com/ws/2005/05/envelope/none",
    "http://www.w3.org/2003/05/soap-envelope",
)


@dataclasses.dataclass(frozen=True)
class Fault:
    """A fault detail an operation declares for a status: the error raised, and its codec."""

    error: type[ApiError]
    codec: Codec[Any]


@dataclasses.dataclass(frozen=True)
class Operation(Generic[T]):
    """What a client needs to call one operation; ``T`` is the response type."""

    name: str
    method: str
    path: str  # the URI template, its variables named as the method's parameters
    response: Codec[T]
    query: tuple[tuple[str, str], ...] = ()  # (query key, parameter name)
    faults: Mapping[int, Fault] = dataclasses.field(default_factory=dict)
    raw_request: bool = (
        False  # a Stream body: bytes, a file or chunks, sent as they are
    )


class CallOptions(TypedDict, total=False):
    """Keyword arguments every generated method takes; each one given replaces the
    client's own for this call.

    - ``headers``: more request headers, merged over the client's;
    - ``timeout``: an ``httpx.Timeout`` or seconds (``None``: wait forever), for each
      connect, read and write of this call;
    - ``auth``: an ``httpx.Auth`` for this call (``None``: none);
    - ``deadline``: seconds for the whole call, retries included (``math.inf``: none);
      by default the client's, else derived from the call's timeout (see the client);
    - ``retries``: how many times to retry this call (see the client);
    - ``retry_post``: retry this call even if its method is not idempotent.
    """

    headers: Mapping[str, str]
    timeout: httpx.Timeout | float | None
    auth: httpx.Auth | None
    deadline: float
    retries: int
    retry_post: bool


OPTION_NAMES = frozenset(CallOptions.__annotations__)


def check_options(options: Mapping[str, object]) -> None:
    unknown = options.keys() - OPTION_NAMES
    if unknown:
        raise TypeError(f"unexpected keyword argument {min(unknown)!r}")


@dataclasses.dataclass(frozen=True, slots=True)
class Response(Generic[T]):
    """The whole answer to a call: ``client.detailed.<method>(…)``.

    ``parsed`` is the typed value; for an error answer (only returned with
    ``raise_for_status=False``) it is the typed fault detail where the operation
    declares one for the status, else ``None``.
    """

    status_code: int
    headers: httpx.Headers
    content: bytes
    parsed: T

    @property
    def is_success(self) -> bool:
        return 200 <= self.status_code < 300


# -- URLs ----------------------------------------------------------------------


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


_SEPARATORS = re.compile(r"[/\\]")


def _segment(name: str, text: str) -> str:
    """One path segment, percent-encoded (``/`` too). Dot segments are refused, even between
    slashes of the value: servers resolve them to another resource even when percent-encoded
    (WCF on Mono turns ``Items/%2E%2E`` into the service's root, and decodes ``%2F`` before
    matching, so ``..%2F..`` climbs as ``../..`` would; .NET reads ``\\`` as ``/``)."""
    if any(part in (".", "..") for part in _SEPARATORS.split(text)):
        raise EncodeError(
            f"{name}: {text!r} is or holds a dot segment, which servers resolve to another path"
        )
    return quote(text, safe="")


def _path_value(name: str, value: TemplateValue, wildcard: bool) -> str:
    """A path variable's value, kept inside its segment (or, for ``{*name}``, its segments)."""
    try:
        text = template_text(value)
        if wildcard:
            return "/".join(
                "" if not part else _segment(name, part) for part in text.split("/")
            )
        if not text:
            raise EncodeError(f"{name}: a path segment cannot be empty")
        return _segment(name, text)
    except UnicodeEncodeError:
        raise EncodeError(f"{name}: not valid Unicode (a lone surrogate)") from None


def target(
    operation: Operation[Any],
    path: Mapping[str, TemplateValue],
    query: Mapping[str, TemplateValue | None],
) -> str:
    """The operation's relative URL: variables percent-encoded, absent query values left out."""

    def fill(match: re.Match[str]) -> str:
        wildcard, name = match.groups()
        return _path_value(name, path[name], bool(wildcard))

    url = _PLACEHOLDER.sub(fill, operation.path)
    pairs = [
        (key, template_text(value))
        for key, name in operation.query
        if (value := query.get(name)) is not None
    ]
    if not pairs:
        return url
    try:
        return f"{url}?{urlencode(pairs, quote_via=quote)}"
    except UnicodeEncodeError:
        raise EncodeError("a query value is not valid Unicode") from None


# -- answers -------------------------------------------------------------------


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


def error_of(
    operation: Operation[Any], response: httpx.Response, body: bytes
) -> ApiError:
    """The error for a non-2xx answer: the declared fault's, its detail decoded in the
    answer's format, or a plain :class:`ApiError` when the body is not that detail."""
    content_type = response.headers.get("content-type")
    fault = operation.faults.get(response.status_code)
    wire_format = wire_format_of(content_type)
    if (
        fault is not None
        and wire_format is not None
        and body
        and not _is_json_fault(body, wire_format)
    ):
        try:
            detail = fault.codec.decode(body, wire_format)
        except DecodeError:
            pass  # not the declared detail (a WCF fault, a proxy's page): reported as it is
        else:
            if detail is not None:
                return fault.error(
                    response.status_code,
                    body=body,
                    content_type=content_type,
                    detail=detail,
                )
    return api_error(response.status_code, content_type, body)


def _is_json_fault(body: bytes, wire_format: str) -> bool:
    """A WCF fault in JSON, which any contract's reader would take for a detail."""
    if wire_format != "json" or b"ExceptionType" not in body:
        return False
    try:
        document = load_json(body)
    except DecodeError:
        return False
    return isinstance(document, dict) and "ExceptionType" in document


def value_of(operation: Operation[T], response: httpx.Response, body: bytes) -> T:
    """The typed value of a 2xx answer."""
    content_type = response.headers.get("content-type")
    if isinstance(operation.response, RawCodec):
        media = content_type or "application/octet-stream"
        return RawBody(body, media)  # type: ignore[return-value]
    wire_format = wire_format_of(content_type)
    if wire_format is None and not operation.response.empty:
        raise DecodeError(
            f"{operation.name}: unexpected response content type {content_type!r}"
        )
    return operation.response.decode(body, wire_format or "xml")


def response_of(
    operation: Operation[Any], response: httpx.Response, body: bytes, raising: bool
) -> Response[Any]:
    """The :class:`Response` of ``client.detailed``; an error one only if not ``raising``."""
    if response.is_success:
        parsed = value_of(operation, response, body)
    else:
        error = error_of(operation, response, body)
        if raising:
            raise error
        parsed = error.detail
    return Response(response.status_code, response.headers, body, parsed)
