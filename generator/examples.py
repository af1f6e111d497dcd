"""A help page's JSON examples as the wire carries them.

WCF's help pages build their examples from the schema (``HelpExampleGenerator``), not with the
serializer, and four of its JSON constants are not what DataContractJsonSerializer sends for the
value the XML example shows (wcf-help-format.md §6):

- ``byte[]`` is the char codes of the XML example's base64 text (``QmFzZSA2NCBTdHJlYW0=``); the wire
  carries the bytes themselves (``Base 64 Stream``);
- an enum is ``0`` even where no member is 0; the XML example shows the first member, whose number
  is what the wire carries (0 would not be read back by DataContractSerializer, nor by the binding);
- a ``DateTimeOffset``'s ``OffsetMinutes`` is 32767 (``short``'s constant, no possible offset); the
  wire carries the example's local time at offset 0;
- ``"__type"`` names the CLR namespace (``"Circle:#MyApp.Shapes"``); the serializer writes the data
  contract's (``"Circle:http://…"``), which is what the binding and the exported schema expect.

:func:`wire_json` replaces exactly those constants and leaves everything else as the page shows it.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from .index import TypeIndex, json_type_name
from .ir import Body, QName, TypeKind, TypeRef

BASE64_EXAMPLE = list(b"QmFzZSA2NCBTdHJlYW0=")  # the page's byte[] in JSON: its base64 text's char codes
BASE64_BYTES = list(b"Base 64 Stream")  # what that base64 text is
OFFSET_EXAMPLE = 32767  # the page's DateTimeOffset.OffsetMinutes: short's constant


class BadExample(ValueError):
    """A page's JSON example that is not JSON."""


def parse_json(text: str) -> Any:
    """A JSON example, numbers kept exactly as written (``1.26743233E+15``, ``18446744073709551615``)."""
    try:
        return json.loads(text, parse_float=Decimal)
    except (ValueError, RecursionError) as exc:
        raise BadExample(str(exc)) from None


def body_json(body: Body, index: TypeIndex) -> Any:
    """A body's JSON example (it must have one), parsed and with the page's constants replaced."""
    assert body.json_example is not None
    value = parse_json(body.json_example)
    if body.parts and isinstance(value, dict):
        types = {part.name: part.type for part in body.parts if part.type is not None}
        return {key: wire_json(item, types[key], index) if key in types else item for key, item in value.items()}
    return wire_json(value, body.type, index) if body.type is not None else value


def wire_json(value: Any, t: TypeRef, index: TypeIndex) -> Any:
    """``value`` (of type ``t``) as DataContractJsonSerializer writes it."""
    if value is None:
        return None
    if t.kind is TypeKind.PRIMITIVE and t.primitive == "dateTimeOffset":
        return _offset(value)
    if t.kind is TypeKind.PRIMITIVE:
        return BASE64_BYTES if t.primitive == "base64Binary" and value == BASE64_EXAMPLE else value
    if t.kind is TypeKind.ENUM:
        assert t.qname is not None
        members = index.enums[t.qname].members
        return members[0].number if value == 0 and all(m.number for m in members) else value
    if t.kind in (TypeKind.CONTRACT, TypeKind.ANY) and isinstance(value, dict):
        return _contract(value, t.qname if t.kind is TypeKind.CONTRACT else None, index)
    if t.kind is TypeKind.LIST and isinstance(value, list):
        assert t.item is not None
        return [wire_json(item, t.item, index) for item in value]
    if t.kind is TypeKind.DICT and isinstance(value, list):
        assert t.key is not None and t.item is not None
        return [_pair(item, t.key, t.item, index) for item in value]
    return value


_JSON_DATE = re.compile(r"/Date\((?P<ms>-?\d+)(?P<offset>[+-]\d{4})?\)/")


def _offset(value: Any) -> Any:
    """A DateTimeOffset's example is ``OffsetMinutes`` 32767, ``short``'s constant and no offset at
    all: the wire carries the example's local time at offset 0 (see :mod:`wcfgen.conventions`)."""
    if not isinstance(value, dict) or value.get("OffsetMinutes") != OFFSET_EXAMPLE:
        return value
    match = _JSON_DATE.fullmatch(str(value.get("DateTime", "")))
    if match is None:
        return value
    offset = match["offset"] or "+0000"
    minutes = (-1 if offset[0] == "-" else 1) * (int(offset[1:3]) * 60 + int(offset[3:]))
    return {**value, "DateTime": f"/Date({int(match['ms']) + minutes * 60_000})/", "OffsetMinutes": 0}


def _contract(value: dict[str, Any], declared: QName | None, index: TypeIndex) -> dict[str, Any]:
    named = value.get("__type")
    found = index.find_type(named, declared) if isinstance(named, str) else None
    qname = found or declared
    if qname is None:
        return value
    members = {m.wire_name: m.type for m in index.members(index.contracts[qname])}
    result = {}
    for key, item in value.items():
        if key == "__type":
            result[key] = json_type_name(found) if found is not None else item
        else:
            result[key] = wire_json(item, members[key], index) if key in members else item
    return result


def _pair(item: Any, key: TypeRef, value: TypeRef, index: TypeIndex) -> Any:
    if not isinstance(item, dict):
        return item
    return {
        k: wire_json(v, key if k == "Key" else value, index) if k in ("Key", "Value") else v for k, v in item.items()
    }
