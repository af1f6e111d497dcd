"""Deterministic text of JSON-compatible data: JSON, and YAML that YAML 1.1 and 1.2 readers agree on.

A small emitter instead of a YAML library: the output is a product (diffed by ``wcfgen check``),
so it must not change with a library's version, and the document needs no runtime dependency.
Numbers from the pages are ``Decimal`` and are written as the page wrote them.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
# words YAML 1.1 reads as booleans or null
_SPECIAL = frozenset({"y", "yes", "n", "no", "true", "false", "on", "off", "null"})
# what YAML forbids unescaped in a stream, and what YAML 1.1 reads as line breaks (NEL, LS, PS)
_ESCAPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def to_json(data: Any) -> str:
    """Indented by two spaces, keys in the order given, non-ASCII kept, a final newline."""
    return _json(data, "") + "\n"


def to_compact_json(data: Any) -> str:
    return _json(data, None)


def _json(data: Any, indent: str | None) -> str:
    if isinstance(data, dict):
        if not data:
            return "{}"
        inner = None if indent is None else indent + "  "
        items = [f"{_string(key)}:{'' if inner is None else ' '}{_json(value, inner)}" for key, value in data.items()]
        return _join(items, "{", "}", indent, inner)
    if isinstance(data, list):
        if not data:
            return "[]"
        inner = None if indent is None else indent + "  "
        return _join([_json(item, inner) for item in data], "[", "]", indent, inner)
    return _scalar(data)


def _join(items: list[str], start: str, end: str, indent: str | None, inner: str | None) -> str:
    if indent is None or inner is None:
        return start + ",".join(items) + end
    return f"{start}\n{inner}" + f",\n{inner}".join(items) + f"\n{indent}{end}"


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    raise TypeError(f"not JSON data: {type(value).__name__}")


def to_yaml(data: Any) -> str:
    """Block style; every string double-quoted with JSON's escapes, which YAML's are a superset of."""
    return "\n".join(_yaml(data, "")) + "\n"


def _yaml(data: Any, indent: str) -> list[str]:
    lines: list[str] = []
    if isinstance(data, dict) and data:
        for key, value in data.items():
            head = f"{indent}{_yaml_key(key)}:"
            if isinstance(value, (dict, list)) and value:
                lines.append(head)
                lines.extend(_yaml(value, indent + "  " if isinstance(value, dict) else indent))
            else:
                lines.append(f"{head} {_yaml_scalar(value)}")
        return lines
    if isinstance(data, list) and data:
        for item in data:
            if isinstance(item, (dict, list)) and item:
                nested = _yaml(item, indent + "  ")
                lines.append(f"{indent}- {nested[0][len(indent) + 2 :]}")
                lines.extend(nested[1:])
            else:
                lines.append(f"{indent}- {_yaml_scalar(item)}")
        return lines
    return [indent + _yaml_scalar(data)]


def _yaml_key(key: str) -> str:
    return key if _PLAIN_KEY.fullmatch(key) and key.lower() not in _SPECIAL else _yaml_string(key)


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    if isinstance(value, str):
        return _yaml_string(value)
    if isinstance(value, Decimal):
        return _yaml_float(value)
    return _scalar(value)


def _yaml_string(text: str) -> str:
    return _ESCAPED.sub(lambda match: f"\\u{ord(match.group()):04x}", _string(text))


def _yaml_float(value: Decimal) -> str:
    """YAML 1.1 needs a dot in a float, and a sign in its exponent: ``1E+15`` → ``1.0E+15``."""
    text = str(value)
    mantissa, e, exponent = text.partition("E")
    if "." not in mantissa:
        mantissa += ".0"
    if e and exponent[0] not in "+-":
        exponent = "+" + exponent
    return mantissa + e + exponent
