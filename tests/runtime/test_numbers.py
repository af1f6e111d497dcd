"""wcfgen.runtime.numbers: .NET's text forms of numbers, booleans, chars and byte arrays."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wcfgen.runtime.numbers import (
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


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.26743233e15, "1.26743233E+15"),
        (1e15, "1E+15"),
        (123456789012345.6, "123456789012345.59"),  # G15 loses it, so G17
        (0.1 + 0.2, "0.30000000000000004"),
        (100.0, "100"),
        (0.1, "0.1"),
        (0.0001, "0.0001"),
        (0.00001, "1E-05"),
        (-2.5e-10, "-2.5E-10"),
        (1.7976931348623157e308, "1.7976931348623157E+308"),
        (0.0, "0"),
        (-0.0, "-0"),
        (math.inf, "INF"),
        (-math.inf, "-INF"),
        (math.nan, "NaN"),
    ],
)
def test_doubles_use_the_dotnet_round_trip_form(value: float, text: str) -> None:
    assert format_double(value) == text


def test_singles_use_float32_digits() -> None:
    assert format_single(1.26743237e15) == "1.26743237E+15"
    assert format_single(0.1) == "0.1"
    assert format_single(16777217.0) == "16777216"  # a float32 cannot hold it


@given(st.floats(allow_nan=False))
def test_double_text_round_trips(value: float) -> None:
    assert parse_double(format_double(value)) == value


@pytest.mark.parametrize("text", ["", "1e", "0x10", "1_000", " 1", "inf", "nan", "1.2.3"])
def test_what_is_not_an_xml_double_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_double(text)


def test_special_doubles_and_exponents_parse() -> None:
    assert (parse_double("INF"), parse_double("-INF"), parse_double("1E-05"), parse_double(".5")) == (
        math.inf, -math.inf, 1e-05, 0.5,
    )  # fmt: skip
    assert math.isnan(parse_double("NaN"))


def test_integers_are_checked_against_their_dotnet_range() -> None:
    parse_byte = int_parser(-128, 127)
    assert (parse_byte("-128"), parse_byte("+127"), parse_byte("007")) == (-128, 127, 7)
    with pytest.raises(ValueError, match=r"128 is out of range \[-128, 127\]"):
        parse_byte("128")
    with pytest.raises(ValueError, match="not an integer: '1.0'"):
        parse_byte("1.0")


def test_decimals_keep_their_scale_and_refuse_what_dotnet_cannot_hold() -> None:
    assert str(parse_decimal("1.50")) == "1.50"
    assert format_decimal(Decimal("1.50")) == "1.50"
    assert format_decimal(Decimal("1E+3")) == "1000"  # no exponent on the wire
    with pytest.raises(ValueError, match="not a decimal"):
        parse_decimal("1E3")
    with pytest.raises(ValueError, match="finite"):
        format_decimal(Decimal("NaN"))


def test_booleans_base64_and_chars() -> None:
    assert [parse_bool(t) for t in ("true", "1", "false", "0")] == [True, True, False, False]
    with pytest.raises(ValueError, match="not a boolean: 'True'"):
        parse_bool("True")
    assert parse_base64("QmFz\nZSA2NA==") == b"Base 64"
    with pytest.raises(ValueError, match="not base64"):
        parse_base64("Q!==")
    assert (format_char("A"), parse_char("382")) == ("65", "ž")
    with pytest.raises(ValueError, match="Basic Multilingual Plane"):
        format_char("😀")
    with pytest.raises(ValueError, match="out of range"):
        parse_char("65536")
