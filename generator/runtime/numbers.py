""".NET's number, boolean, char and byte-array text forms, written and read exactly.

Every number is checked against the domain of its .NET type, on reading and on writing:
what ``System.Int32`` cannot hold is refused, not wrapped; a double too large for
``System.Double`` is refused, not read as infinity; a decimal is rounded as
``System.Decimal`` rounds it (half to even, at most 28 decimal places and 96 bits of
mantissa). Digits are ASCII only, as in .NET's invariant culture.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import struct
from collections.abc import Callable
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    InvalidOperation,
)

# What XmlConvert trims around a value; Unicode spaces are part of the value.
XML_SPACE = " \t\n\r"
# Longer number texts are refused before any arithmetic (Python refuses longer integers
# too); no serializer writes more than 40 characters for a number.
MAX_NUMBER_LENGTH = 4300


def shown(text: str) -> str:
    """A value for an error message: quoted, and cut when long."""
    return repr(text if len(text) <= 40 else text[:40] + "…")


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


def _as_float(value: float | Decimal) -> float:
    try:
        return float(value)  # an int beyond a double's range raises
    except OverflowError:
        raise ValueError(f"{_number(value)} is out of range for a double") from None


def format_double(value: float) -> str:
    """.NET Framework's round-trip ("R") form of a double: G15 if that reads back exactly, else G17."""
    value = _as_float(value)
    special = _special(value)
    if special is not None:
        return special
    text = _general(value, 15)
    return text if float(text) == value else _general(value, 17)


def _single(value: float) -> float:
    """The nearest System.Single; ValueError when it would be infinite."""
    try:
        return float(struct.unpack("<f", struct.pack("<f", value))[0])
    except OverflowError:
        raise ValueError(f"{value!r} is out of range for a float") from None


def format_single(value: float) -> str:
    """.NET Framework's round-trip form of a float (System.Single): G7 if that reads back exactly, else G9."""
    special = _special(_as_float(value))
    if special is not None:
        return special
    single = _single(value)
    text = _general(single, 7)
    return text if _single(float(text)) == single else _general(single, 9)


_SPECIAL_DOUBLES = {
    "INF": math.inf,
    "-INF": -math.inf,
    "NaN": math.nan,
    "Infinity": math.inf,  # .NET's invariant culture reads these too
    "-Infinity": -math.inf,
}
_DOUBLE = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)")


def _number_text(text: str, pattern: re.Pattern[str], kind: str) -> str:
    if len(text) > MAX_NUMBER_LENGTH or not pattern.fullmatch(text):
        raise ValueError(f"not {kind}: {shown(text)}")
    return text


def parse_double(text: str) -> float:
    special = _SPECIAL_DOUBLES.get(text)
    if special is not None:
        return special
    value = float(_number_text(text, _DOUBLE, "a number"))
    if math.isinf(value):
        raise ValueError(f"{shown(text)} is out of range for a double")
    return value


def parse_single(text: str) -> float:
    value = parse_double(text)
    if math.isfinite(value):
        _single(value)  # refuses what a System.Single cannot hold
    return value


def double_from_json(data: int | Decimal | str) -> float:
    """A JSON number (or a number in a JSON string, as WCF accepts) as a double."""
    if isinstance(data, str):
        return parse_double(data.strip(XML_SPACE))
    value = _as_float(data)
    if math.isinf(value):
        raise ValueError(f"{_number(data)} is out of range for a double")
    return value


def single_from_json(data: int | Decimal | str) -> float:
    value = double_from_json(data)
    if math.isfinite(value):
        _single(value)
    return value


def parse_bool(text: str) -> bool:
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise ValueError(f"not a boolean: {shown(text)}")


def _number(value: float | Decimal) -> str:
    """A number for an error message, without converting a huge int to text."""
    if isinstance(value, int) and value.bit_length() > 128:
        return f"an integer of {value.bit_length()} bits"
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _in_range(value: int | Decimal, low: int, high: int) -> None:
    if not low <= value <= high:
        raise ValueError(f"{_number(value)} is out of range [{low}, {high}]")


def int_parser(low: int, high: int) -> Callable[[str], int]:
    """XML text of an integer type: ``[+-]digits``, in the type's range."""

    def parse(text: str) -> int:
        if not INTEGER.fullmatch(text):
            raise ValueError(f"not an integer: {shown(text)}")
        digits = text.lstrip("+-").lstrip("0") or "0"
        if (
            len(digits) > 20
        ):  # beyond any .NET integer; int() would refuse it less clearly
            raise ValueError(f"{digits[:40]}… is out of range [{low}, {high}]")
        value = -int(digits) if text.startswith("-") else int(digits)
        _in_range(value, low, high)
        return value

    return parse


def int_formatter(low: int, high: int) -> Callable[[int], str]:
    def format_int(value: int) -> str:
        _in_range(value, low, high)
        return str(value)

    return format_int


def int_from_json(low: int, high: int) -> Callable[[int | Decimal | str], int]:
    """A JSON number of an integer type. Like DataContractJsonSerializer this takes
    ``1.0`` and ``1e2`` (integral values in any notation) and numbers in strings."""
    parse_text = int_parser(low, high)

    def load(data: int | Decimal | str) -> int:
        if isinstance(data, str):
            text = data.strip(XML_SPACE)
            if INTEGER.fullmatch(text):
                return parse_text(text)
            data = Decimal(_number_text(text, _DOUBLE, "an integer"))
        if isinstance(data, Decimal):
            _in_range(data, low, high)  # compared before int(), which could be huge
            if data != data.to_integral_value():
                raise ValueError(f"not an integer: {_number(data)}")
            return int(data)
        _in_range(data, low, high)
        return data

    return load


# System.Decimal: a 96-bit mantissa and a scale of 0 to 28 decimal places.
DECIMAL_MAX = Decimal(2**96 - 1)
_CONTEXT = Context(prec=64, rounding=ROUND_HALF_EVEN, Emax=MAX_EMAX, Emin=MIN_EMIN)
_QUANTA = [Decimal(1).scaleb(-scale) for scale in range(29)]
_ZEROS = [Decimal(0).scaleb(-scale) for scale in range(29)]


def dotnet_decimal(value: Decimal) -> Decimal:
    """``value`` as System.Decimal holds it: rounded half to even to at most 28 decimal
    places, and to fewer when the mantissa would not fit in 96 bits; the scale is kept
    (``1.50`` stays ``1.50``), zero has no sign. ValueError when it is too large."""
    if not value.is_finite():
        raise ValueError("a decimal must be finite")
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    scale = min(max(-exponent, 0), 28)
    if value.is_zero():
        return _ZEROS[scale]
    if value.adjusted() > 28:  # at least 1E+29
        raise ValueError(f"{_number(value)} is out of range for a decimal")
    while True:
        rounded = value.quantize(_QUANTA[scale], context=_CONTEXT)
        if rounded.copy_abs().scaleb(scale, _CONTEXT) <= DECIMAL_MAX:
            return rounded if rounded else rounded.copy_abs()
        if scale == 0:
            raise ValueError(f"{_number(value)} is out of range for a decimal")
        scale -= 1


def parse_decimal(text: str) -> Decimal:
    """XML text of a decimal: no exponent, as XmlConvert reads it."""
    return dotnet_decimal(Decimal(_number_text(text, _DECIMAL, "a decimal")))


def decimal_from_json(data: int | Decimal | str) -> Decimal:
    """A JSON number (exponents allowed, as DataContractJsonSerializer reads them) or a
    number in a JSON string."""
    if isinstance(data, str):
        data = Decimal(_number_text(data.strip(XML_SPACE), _DOUBLE, "a decimal"))
    elif isinstance(data, int):
        data = Decimal(data)
    return dotnet_decimal(data)


def format_decimal(value: Decimal) -> str:
    """The text .NET writes for the System.Decimal nearest ``value`` (never an exponent)."""
    return format(dotnet_decimal(value), "f")


def json_number(text: str) -> Decimal:
    """A JSON number with a fraction or an exponent, exactly (``json.loads``' parse_float)."""
    if len(text) > MAX_NUMBER_LENGTH:
        raise ValueError(f"a number of more than {MAX_NUMBER_LENGTH} characters")
    try:
        return Decimal(text)
    except InvalidOperation:  # an exponent beyond what Decimal can hold
        raise ValueError(f"{shown(text)} is out of range") from None


def parse_base64(text: str) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except binascii.Error:
        raise ValueError("not base64") from None


def parse_char(text: str) -> str:
    code = int_parser(0, 0xFFFF)(text)
    return chr(code)


def char_from_json(data: str) -> str:
    """A System.Char in JSON: one UTF-16 code unit (a lone surrogate too)."""
    if len(data) != 1 or ord(data) > 0xFFFF:
        raise ValueError("expected one character of the Basic Multilingual Plane")
    return data


def format_char(value: str) -> str:
    if len(value) != 1 or ord(value) > 0xFFFF:
        raise ValueError("a char is one character of the Basic Multilingual Plane")
    return str(ord(value))
