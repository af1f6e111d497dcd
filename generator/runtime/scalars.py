"""The XSD primitives DataContractSerializer uses: their Python type, text forms and
.NET default."""

from __future__ import annotations

import base64
import dataclasses
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar
from uuid import UUID

from .dates import (
    MIN_DATETIME,
    format_datetime,
    format_duration,
    parse_datetime,
    parse_duration,
)
from .numbers import (
    decimal_from_json,
    double_from_json,
    format_char,
    format_decimal,
    format_double,
    format_single,
    int_formatter,
    int_from_json,
    int_parser,
    parse_base64,
    parse_bool,
    parse_char,
    parse_decimal,
    parse_double,
    parse_single,
    shown,
    single_from_json,
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
    default: T | None = (
        None  # what .NET gives a value type left out; None: a reference type
    )
    from_json: Callable[[Any], T] | None = None  # a JSON number (kind "number")


def _integer(name: str, bits: int, signed: bool) -> Scalar[int]:
    low, high = (
        (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2**bits - 1)
    )
    return Scalar(
        name,
        int,
        int_formatter(low, high),
        int_parser(low, high),
        "number",
        0,
        int_from_json(low, high),
    )


_HYPHENS = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_GUID = re.compile(f"{_HYPHENS}|\\{{{_HYPHENS}\\}}|\\({_HYPHENS}\\)|[0-9a-fA-F]{{32}}")


def parse_guid(text: str) -> UUID:
    """The forms System.Guid reads: ``D`` (hyphens), ``B`` ({D}), ``P`` ((D)), ``N`` (32 digits)."""
    if not _GUID.fullmatch(text):
        raise ValueError(f"not a guid: {shown(text)}")
    return UUID(text.strip("{}()"))


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
            False,
        ),
        Scalar(
            "double",
            float,
            format_double,
            parse_double,
            "number",
            0.0,
            double_from_json,
        ),
        Scalar(
            "float", float, format_single, parse_single, "number", 0.0, single_from_json
        ),
        Scalar(
            "decimal",
            Decimal,
            format_decimal,
            parse_decimal,
            "number",
            Decimal(0),
            decimal_from_json,
        ),
        Scalar("guid", UUID, str, parse_guid, default=UUID(int=0)),
        Scalar(
            "base64Binary",
            bytes,
            lambda value: base64.b64encode(value).decode("ascii"),
            parse_base64,
            "bytes",
        ),
        Scalar(
            "dateTime", datetime, format_datetime, parse_datetime, "date", MIN_DATETIME
        ),
        Scalar(
            "duration", timedelta, format_duration, parse_duration, default=timedelta(0)
        ),
        Scalar("char", str, format_char, parse_char, "char", "\x00"),
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
