"""What every codec shares: wire formats, media types, XML namespaces, JSON text."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

from .errors import DecodeError, EncodeError

WireFormat = Literal["xml", "json"]

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XS = "http://www.w3.org/2001/XMLSchema"
SER = "http://schemas.microsoft.com/2003/10/Serialization/"
SYSTEM = "http://schemas.datacontract.org/2004/07/System"
DATACONTRACT_PREFIX = "http://schemas.datacontract.org/2004/07/"
NIL = f"{{{XSI}}}nil"
TYPE = f"{{{XSI}}}type"
ANY_ROOT = f"{{{SER}}}anyType"
XML_MEDIA_TYPE = "application/xml; charset=utf-8"
JSON_MEDIA_TYPE = "application/json; charset=utf-8"


def wire_format_of(content_type: str | None) -> WireFormat | None:
    """``application/xml``, ``text/xml``, ``*/*+xml`` → xml; ``application/json`` → json."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media in ("application/xml", "text/xml") or media.endswith("+xml"):
        return "xml"
    if media == "application/json" or media.endswith("+json"):
        return "json"
    return None


def media_type(wire_format: WireFormat) -> str:
    return XML_MEDIA_TYPE if wire_format == "xml" else JSON_MEDIA_TYPE


def type_error(where: str, expected: str, value: object) -> EncodeError:
    return EncodeError(f"{where}: expected {expected}, got {type(value).__name__}")


# -- JSON text -----------------------------------------------------------------


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _surrogates(match: re.Match[str]) -> str:
    code = ord(match.group()) - 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


_encode_basestring: Callable[[str], str] = json.encoder.encode_basestring


def json_string(text: str) -> str:
    """A JSON string as WCF writes it: ``/`` as ``\\/``, characters beyond the BMP as
    surrogate pairs, other non-ASCII characters as they are."""
    encoded = _encode_basestring(text)
    if "/" in encoded:
        encoded = encoded.replace("/", "\\/")
    if not encoded.isascii():
        encoded = _ASTRAL.sub(_surrogates, encoded)
    return encoded


_JSON_NAMES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}


def json_name(value: object) -> str:
    """What a JSON value is, for error messages."""
    if value is None:
        return "null"
    return _JSON_NAMES.get(type(value), "a number")


def load_json(data: bytes) -> Any:
    """Parse a JSON body; numbers with a fraction become ``Decimal`` (nothing is lost)."""
    try:
        return json.loads(data, parse_float=Decimal, parse_constant=_refuse_constant)
    except RecursionError:
        raise DecodeError("JSON nested too deeply") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise DecodeError(f"malformed JSON: {exc}") from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
