""".NET's number, boolean, char and byte-array text forms, written and read exactly."""

from __future__ import annotations

import base64
import binascii
import math
import re
import struct
from collections.abc import Callable
from decimal import Decimal


def _general(value: float, precision: int) -> str:
    """.NET's ``G<precision>`` format: ``1.26743233E+15``, ``0.1``, ``1E-05``."""
    mantissa, _, exponent_text = f"{value:.{precision - 1}e}".partition("e")
    sign = "-" if mantissa.startswith("-") else ""
    digits = mantissa.lstrip("-").replace(".", "").rstrip("0") or "0"
    exponent = int(exponent_text)
    if exponent >= precision or exponent < -4:
        fraction = f".{digits[1:]}" if len(digits) > 1 else ""
        return f"{sign}{digits[0]}{fraction}E{'+' if exponent >= 0 else '-'}{abs(exponent):02d}"
    if exponent < 0:
        return f"{sign}0.{'0' * (-exponent - 1)}{digits}"
    whole = exponent + 1
    if len(digits) <= whole:
        return sign + digits + "0" * (whole - len(digits))
    return f"{sign}{digits[:whole]}.{digits[whole:]}"


def _special(value: float) -> str | None:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    return None


def format_double(value: float) -> str:
    """.NET Framework's round-trip ("R") form of a double: G15 if that reads back exactly, else G17."""
    special = _special(value)
    if special is not None:
        return special
    text = _general(value, 15)
    return text if float(text) == value else _general(value, 17)


def _single(value: float) -> float:
    return float(struct.unpack("<f", struct.pack("<f", value))[0])


def format_single(value: float) -> str:
    """.NET Framework's round-trip form of a float (System.Single): G7 if that reads back exactly, else G9."""
    special = _special(value)
    if special is not None:
        return special
    single = _single(value)
    text = _general(single, 7)
    return text if _single(float(text)) == single else _general(single, 9)


_SPECIAL_DOUBLES = {"INF": math.inf, "-INF": -math.inf, "NaN": math.nan}
_DOUBLE = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")


def parse_double(text: str) -> float:
    special = _SPECIAL_DOUBLES.get(text)
    if special is not None:
        return special
    if not _DOUBLE.fullmatch(text):
        raise ValueError(f"not a number: {text!r}")
    return float(text)


def parse_bool(text: str) -> bool:
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise ValueError(f"not a boolean: {text!r}")


def int_parser(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if not INTEGER.fullmatch(text):
            raise ValueError(f"not an integer: {text!r}")
        value = int(text)
        if not low <= value <= high:
            raise ValueError(f"{value} is out of range [{low}, {high}]")
        return value

    return parse


def parse_decimal(text: str) -> Decimal:
    if not _DECIMAL.fullmatch(text):
        raise ValueError(f"not a decimal: {text!r}")
    return Decimal(text)


def format_decimal(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError("a decimal must be finite")
    return format(value, "f")


def parse_base64(text: str) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except binascii.Error:
        raise ValueError("not base64") from None


def parse_char(text: str) -> str:
    code = int_parser(0, 0xFFFF)(text)
    return chr(code)


def format_char(value: str) -> str:
    if len(value) != 1 or ord(value) > 0xFFFF:
        raise ValueError("a char is one character of the Basic Multilingual Plane")
    return str(ord(value))
