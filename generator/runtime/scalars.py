"""The XSD primitives DataContractSerializer uses: their Python type and text forms."""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar
from uuid import UUID

from .dates import format_datetime, format_duration, parse_datetime, parse_duration
from .numbers import (
    format_char,
    format_decimal,
    format_double,
    format_single,
    int_parser,
    parse_base64,
    parse_bool,
    parse_char,
    parse_decimal,
    parse_double,
)
from .wire import type_error

T = TypeVar("T")
JsonKind = Literal["string", "number", "boolean", "bytes", "date", "char"]


@dataclasses.dataclass(frozen=True)
class Scalar(Generic[T]):
    """How one XSD primitive is written in XML text and in JSON."""

    name: str
    python_type: type[T]
    to_text: Callable[[T], str]
    from_text: Callable[[str], T]
    json_kind: JsonKind = "string"


def _integer(name: str, bits: int, signed: bool) -> Scalar[int]:
    low, high = (
        (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2**bits - 1)
    )
    return Scalar(name, int, str, int_parser(low, high), "number")


SCALARS: dict[str, Scalar[Any]] = {
    scalar.name: scalar
    for scalar in (
        Scalar("string", str, str, str),
        Scalar("anyURI", str, str, str),
        Scalar(
            "boolean",
            bool,
            lambda value: "true" if value else "false",
            parse_bool,
            "boolean",
        ),
        Scalar("double", float, format_double, parse_double, "number"),
        Scalar("float", float, format_single, parse_double, "number"),
        Scalar("decimal", Decimal, format_decimal, parse_decimal, "number"),
        Scalar("guid", UUID, str, UUID),
        Scalar(
            "base64Binary",
            bytes,
            lambda value: base64.b64encode(value).decode("ascii"),
            parse_base64,
            "bytes",
        ),
        Scalar("dateTime", datetime, format_datetime, parse_datetime, "date"),
        Scalar("duration", timedelta, format_duration, parse_duration),
        Scalar("char", str, format_char, parse_char, "char"),
        _integer("byte", 8, True),
        _integer("short", 16, True),
        _integer("int", 32, True),
        _integer("long", 64, True),
        _integer("unsignedByte", 8, False),
        _integer("unsignedShort", 16, False),
        _integer("unsignedInt", 32, False),
        _integer("unsignedLong", 64, False),
    )
}


def check_scalar(scalar: Scalar[Any], value: object, where: str) -> None:
    expected = scalar.python_type
    if expected is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    else:
        ok = isinstance(value, expected) and not (
            expected is int and isinstance(value, bool)
        )
    if not ok:
        raise type_error(where, expected.__name__, value)
