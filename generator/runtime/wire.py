"""What every codec shares: wire formats, media types, XML namespaces, JSON text."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any, Literal

from .errors import DecodeError, EncodeError
from .numbers import json_number

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


# beyond the BMP, or a lone surrogate (a System.String may hold one; UTF-8 cannot)
_UTF16_ESCAPED = re.compile("[\U00010000-\U0010ffff\ud800-\udfff]")


def _utf16_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


_encode_basestring: Callable[[str], str] = json.encoder.encode_basestring


def json_string(text: str) -> str:
    """A JSON string as WCF writes it: ``/`` as ``\\/``, characters beyond the BMP as
    surrogate pairs, a lone surrogate as ``\\udxxx``, other non-ASCII characters as
    they are."""
    encoded = _encode_basestring(text)
    if "/" in encoded:
        encoded = encoded.replace("/", "\\/")
    if not encoded.isascii():
        encoded = _UTF16_ESCAPED.sub(_utf16_escape, encoded)
    return encoded


_JSON_NAMES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}


def json_name(value: object) -> str:
    """What a JSON value is, for error messages."""
    if value is None:
        return "null"
    return _JSON_NAMES.get(type(value), "a number")


MAX_JSON_DEPTH = 64  # as XML's: objects and arrays, the outermost included


class RepeatedKeys(dict[str, Any]):
    """A JSON object in which some keys appear more than once (the first value is kept):
    a serializer refuses repeated members, as DataContractJsonSerializer does."""

    repeated: frozenset[str] = frozenset()


def repeated_key(data: dict[str, Any], names: Iterable[str]) -> str | None:
    """The first of ``names`` that appears more than once in the JSON object ``data``."""
    if type(data) is RepeatedKeys:
        return next((name for name in names if name in data.repeated), None)
    return None


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    first = RepeatedKeys()
    repeated = set()
    for key, value in pairs:
        if key in first:
            repeated.add(key)
        else:
            first[key] = value
    first.repeated = frozenset(repeated)
    return first


def load_json(data: bytes) -> Any:
    """Parse a JSON body: numbers with a fraction or an exponent become ``Decimal`` (nothing
    is lost), nesting is limited to :data:`MAX_JSON_DEPTH`, repeated keys are marked."""
    try:
        document = json.loads(
            data,
            parse_float=json_number,
            parse_constant=_refuse_constant,
            object_pairs_hook=_object,
        )
    except RecursionError:
        raise _too_deep() from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise DecodeError(f"malformed JSON: {exc}") from None
    # Each level needs a "{" or "[" byte (in UTF-8, -16 and -32), so fewer cannot be too deep.
    if data.count(b"{") + data.count(b"[") > MAX_JSON_DEPTH:
        _check_depth(document)
    return document


def _check_depth(document: Any) -> None:
    level = [document] if isinstance(document, (dict, list)) else []
    for _ in range(MAX_JSON_DEPTH):
        level = [
            item
            for value in level
            for item in (value.values() if isinstance(value, dict) else value)
            if isinstance(item, (dict, list))
        ]
        if not level:
            return
    raise _too_deep()


def _too_deep() -> DecodeError:
    return DecodeError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
