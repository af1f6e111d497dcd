"""Type names on the wire: known subtypes, ``__type`` names, and the XSD types an
``object`` member may carry."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from .errors import DecodeError
from .wire import DATACONTRACT_PREFIX, SER, XS, type_error


def known_types(cls: type[Any]) -> dict[tuple[str, str], type[Any]]:
    """``cls`` and its subclasses by data contract name: what ``i:type``/``__type`` may name."""
    found: dict[tuple[str, str], type[Any]] = {}
    stack = [cls]
    while stack:
        current = stack.pop()
        found[(current.Meta.namespace, current.Meta.name)] = current
        stack.extend(current.__subclasses__())
    return found


def json_type_name(name: str, namespace: str) -> str:
    if namespace.startswith(DATACONTRACT_PREFIX):
        namespace = "#" + namespace[len(DATACONTRACT_PREFIX) :]
    return f"{name}:{namespace}"


def parse_json_type_name(text: Any, where: str) -> tuple[str, str]:
    if not isinstance(text, str) or ":" not in text:
        raise DecodeError(f"{where}: bad __type {text!r}")
    name, _, namespace = text.partition(":")
    if namespace.startswith("#"):
        namespace = DATACONTRACT_PREFIX + namespace[1:]
    return namespace, name


def find_type(
    known: dict[tuple[str, str], type[Any]], key: tuple[str, str]
) -> type[Any] | None:
    """By namespace and name; else by name alone when that is unambiguous, because WCF's help
    pages (not its serializer) write the CLR namespace into ``__type``."""
    found = known.get(key)
    if found is None:
        by_name = [cls for (_, name), cls in known.items() if name == key[1]]
        found = by_name[0] if len(by_name) == 1 else None
    return found


# What an ``object`` member may hold besides contracts: Python type → XSD type.
_ANY_SCALARS: tuple[tuple[type[Any], str, str], ...] = (
    (bool, XS, "boolean"),
    (int, XS, "long"),
    (float, XS, "double"),
    (Decimal, XS, "decimal"),
    (str, XS, "string"),
    (bytes, XS, "base64Binary"),
    (datetime, XS, "dateTime"),
    (timedelta, SER, "duration"),
    (UUID, SER, "guid"),
)
ANY_READERS = {
    (XS, "int"): "int",
    (XS, "short"): "short",
    (XS, "byte"): "byte",
    (XS, "float"): "float",
} | {(ns, name): name for _, ns, name in _ANY_SCALARS}


def scalar_type_of(value: Any, where: str) -> tuple[str, str]:
    """The XSD type an ``object`` member writes for a primitive value."""
    for python_type, ns, name in _ANY_SCALARS:
        if isinstance(value, python_type):
            if python_type is int and -(2**31) <= value < 2**31:
                return XS, "int"
            return ns, name
    raise type_error(where, "a data contract or a primitive value", value)
