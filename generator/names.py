"""Python names for spec names: valid, stable identifiers; the wire names stay as they are."""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from collections.abc import Iterable

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_IDENTIFIER = re.compile(r"[^A-Za-z0-9]+")
_MAX_LENGTH = 80
_RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))

# Names the generated modules define or import themselves, per the context a spec name lands in.
CLASS_RESERVED = frozenset(
    {
        "Any", "ApiError", "AsyncClient", "Awaitable", "Client", "DecodeError", "Decimal", "EncodeError",
        "Error", "FastAPI", "Meta", "Protocol", "Request", "Response", "Service", "UUID",
        # the clients' views, the typing names the client modules import, the server's exports
        "AsyncDetailedClient", "AsyncStreamingClient", "DetailedClient", "StreamingClient", "Literal", "Unpack",
        "RequestContext", "TransportError", "WebFault",
    }
)  # fmt: skip
FIELD_RESERVED = frozenset({"dataclass", "field", "self"})
METHOD_RESERVED = frozenset(
    {
        "aclose", "app", "close", "create_app", "default_base_url", "fastapi_options", "max_body_bytes",
        "max_response_bytes", "prefix", "request", "self", "service", "wire_format",
        # the clients' views and per-call options, the server's context, names client modules import
        "detailed", "stream", "options", "raise_for_status", "headers", "timeout", "auth", "deadline", "retries",
        "retry_post", "retry", "context", "cast", "overload", "cached_property",
    }
)  # fmt: skip
MODULE_RESERVED = frozenset({"auth", "errors", "models"})


def _ascii(name: str) -> str:
    """Drop accents (``Částka`` → ``Castka``); other non-ASCII letters become separators."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


def snake_name(name: str, reserved: frozenset[str] = frozenset()) -> str:
    """``UniqueId`` → ``unique_id``, ``From`` → ``from_``, ``PBX`` → ``pbx``."""
    words = _NOT_IDENTIFIER.sub("_", _WORD_BOUNDARY.sub("_", _ascii(name))).strip("_").lower()
    return _safe(words or "field", "n_", reserved)


def class_name(name: str, reserved: frozenset[str] = CLASS_RESERVED) -> str:
    """``CallEvent`` stays ``CallEvent``; ``call-event`` → ``CallEvent``."""
    parts = _NOT_IDENTIFIER.split(_ascii(name))
    joined = "".join(part[:1].upper() + part[1:] for part in parts if part)
    return _safe(joined or "Model", "N", reserved)


def _safe(name: str, digit_prefix: str, reserved: frozenset[str]) -> str:
    name = name[:_MAX_LENGTH]
    if name[0].isdigit():
        name = digit_prefix + name
    if name in _RESERVED or name in reserved or name.startswith("__"):
        name = f"{name}_"
    return name


def unique(names: Iterable[str]) -> list[str]:
    """Make names unique in order: a repeat gets ``_2``, ``_3``, … (stable for a stable input order)."""
    seen: set[str] = set()
    result = []
    for name in names:
        candidate, counter = name, 2
        while candidate in seen:
            candidate = f"{name.rstrip('_')}_{counter}"
            counter += 1
        seen.add(candidate)
        result.append(candidate)
    return result
