"""wcfgen.runtime.numbers: .NET's text forms of numbers, booleans, chars and byte arrays."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wcfgen.runtime.numbers import (
    char_from_json,
    decimal_from_json,
    double_from_json,
    format_char,
    format_decimal,
    format_double,
    format_single,
    int_formatter,
    int_from_json,
    int_parser,
    json_number,
    parse_base64,
    parse_bool,
    parse_char,
    parse_decimal,
    parse_double,
    parse_single,
    single_from_json,
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


# -- .NET's value domains (measured with Mono's DataContract(Json)Serializer, see
# tests/interop/showcase/test_value_domains.py) --------------------------------------------

MAX = "79228162514264337593543950335"


@pytest.mark.parametrize(
    ("text", "held"),
    [
        (MAX, MAX),
        ("-" + MAX, "-" + MAX),
        (MAX + ".4", MAX),  # 29 digits fill the 96-bit mantissa: the fraction is rounded away
        ("7922816251426433759354395033.5", "7922816251426433759354395033.5"),
        ("7922816251426433759354395033.56", "7922816251426433759354395034"),  # .6 would not fit
        ("7922816251426433759354395033.45", "7922816251426433759354395033.4"),  # half to even
        ("0.12345678901234567890123456789", "0.1234567890123456789012345679"),  # at most 28 places
        ("0.00000000000000000000000000005", "0.0000000000000000000000000000"),
        ("0.00000000000000000000000000015", "0.0000000000000000000000000002"),
        ("0.00000000000000000000000000025", "0.0000000000000000000000000002"),
        ("0.000000000000000000000000000251", "0.0000000000000000000000000003"),
        ("1.50000000000000000000000000000000000000000", "1.5000000000000000000000000000"),
        ("00000000000000000000000000000000000000000001.5", "1.5"),
        ("1.50", "1.50"),  # the scale is kept
        ("-0", "0"),
        ("-0.0", "0.0"),
        (".5", "0.5"),
        ("5.", "5"),
    ],
)
def test_decimals_are_what_system_decimal_holds(text: str, held: str) -> None:
    assert format_decimal(parse_decimal(text)) == held
    assert format_decimal(Decimal(text)) == held  # writing rounds as the peer would read


@pytest.mark.parametrize(
    "text", [MAX[:-1] + "6", MAX + ".5", "-" + MAX + ".5", "1" + "0" * 29, "1E3", "1e0", "1.5E-30", "١", "１", "0x1"]
)
def test_decimals_beyond_system_decimal_or_in_another_form_are_refused_in_xml(text: str) -> None:
    with pytest.raises(ValueError, match="out of range for a decimal|not a decimal"):
        parse_decimal(text)


@pytest.mark.parametrize(
    ("data", "held"),
    [
        (Decimal("1E3"), "1000"),
        (Decimal("1e28"), "10000000000000000000000000000"),
        (Decimal("100e-2"), "1.00"),
        (Decimal("1E-30"), "0.0000000000000000000000000000"),
        (Decimal("2.5e-28"), "0.0000000000000000000000000002"),
        (Decimal("-0"), "0"),
        (10**28, "10000000000000000000000000000"),
        ("1E3", "1000"),  # a JSON string
        (" 12 ", "12"),
    ],
)
def test_json_decimals_may_have_exponents(data: Decimal | int | str, held: str) -> None:
    assert format_decimal(decimal_from_json(data)) == held


@pytest.mark.parametrize(
    "data", [Decimal("1e29"), Decimal("1E+999999999"), Decimal("1E+999999999999999999"), 10**29, "١٢"]
)
def test_json_decimals_beyond_system_decimal_are_refused_without_allocating(data: Decimal | int | str) -> None:
    with pytest.raises(ValueError, match="out of range for a decimal|not a decimal"):
        decimal_from_json(data)


def test_writing_a_decimal_refuses_what_system_decimal_cannot_hold_without_allocating() -> None:
    for value in (Decimal("1E+999999999"), Decimal("1E+999999999999999999"), Decimal(MAX) + 1, Decimal("Infinity")):
        with pytest.raises(ValueError, match="out of range for a decimal|finite"):
            format_decimal(value)


@pytest.mark.parametrize("text", ["1e400", "-1e400", "1.8e308", "1E400"])
def test_doubles_beyond_system_double_are_refused_not_infinite(text: str) -> None:
    with pytest.raises(ValueError, match="out of range for a double"):
        parse_double(text)
    with pytest.raises(ValueError, match="out of range for a double"):
        double_from_json(Decimal(text))


def test_doubles_underflow_to_zero_and_read_dotnet_infinity_names() -> None:
    assert (parse_double("1e-400"), double_from_json(Decimal("1e-400"))) == (0.0, 0.0)
    assert (parse_double("Infinity"), parse_double("-Infinity"), double_from_json("INF")) == (
        math.inf,
        -math.inf,
        math.inf,
    )
    for text in ("+INF", "inf", "nan", "١٢", "１２", "1,5", "1_0", "\u00a01.5"):
        with pytest.raises(ValueError, match="not a number"):
            parse_double(text)
    with pytest.raises(ValueError, match="out of range for a double"):
        format_double(10**400)  # type: ignore[arg-type]  # an int the model may hold


def test_floats_are_checked_against_system_single() -> None:
    assert parse_single("3.4028235e38") == 3.4028235e38  # rounds to float.MaxValue
    assert format_single(3.4028235e38) == "3.40282347E+38"
    assert parse_single("1e-50") == 1e-50  # underflows to 0 in .NET; written as 0
    assert format_single(1e-50) == "0"
    for text in ("3.4028236e38", "1e39", "-3.5e38"):
        with pytest.raises(ValueError, match="out of range for a float"):
            parse_single(text)
        with pytest.raises(ValueError, match="out of range for a float"):
            single_from_json(Decimal(text))
    with pytest.raises(ValueError, match="out of range for a float"):
        format_single(1e39)


def test_integers_are_ascii_and_in_range_on_reading_and_on_writing() -> None:
    parse_int = int_parser(-(2**31), 2**31 - 1)
    assert (parse_int("0012"), parse_int("+12"), parse_int("0" * 5000 + "7")) == (12, 12, 7)
    for text in ("١٢", "１２", "12\u00a0", "1_2"):
        with pytest.raises(ValueError, match="not an integer"):
            parse_int(text)
    with pytest.raises(ValueError, match="out of range"):
        parse_int("9" * 5000)  # refused before int(), which would refuse it less clearly
    write_int = int_formatter(-(2**31), 2**31 - 1)
    assert write_int(-(2**31)) == "-2147483648"
    with pytest.raises(ValueError, match=r"2147483648 is out of range \[-2147483648, 2147483647\]"):
        write_int(2**31)
    with pytest.raises(ValueError, match="an integer of 13288 bits is out of range"):
        write_int(10**4000)


@pytest.mark.parametrize(
    ("data", "value"),
    [
        (12, 12),
        (Decimal("1.0"), 1),
        (Decimal("1e2"), 100),
        (Decimal("2.147483647e9"), 2**31 - 1),
        ("1e2", 100),
        ("1.0", 1),
        (" 12 ", 12),
    ],
)
def test_json_integers_take_integral_values_in_any_notation_as_wcf_does(data: int | Decimal | str, value: int) -> None:
    assert int_from_json(-(2**31), 2**31 - 1)(data) == value


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (Decimal("12.5"), "not an integer"),
        (Decimal("1e-2"), "not an integer"),
        (Decimal("2147483647.5"), "out of range|not an integer"),
        (2**31, "out of range"),
        (Decimal("1E+999999999"), "out of range"),
        (Decimal("1E+999999999999999999"), "out of range"),
        ("١٢", "not an integer"),
        ("１２", "not an integer"),
    ],
)
def test_json_integers_outside_the_type_are_refused_without_allocating(data: int | Decimal | str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        int_from_json(-(2**31), 2**31 - 1)(data)


def test_json_number_texts_are_bounded_and_exponents_never_allocate() -> None:
    assert json_number("1E+999999999") == Decimal("1E+999999999")  # held as digits and exponent
    with pytest.raises(ValueError, match="out of range"):
        json_number("1E+9999999999999999999999")  # beyond what Decimal can hold
    with pytest.raises(ValueError, match="more than 4300 characters"):
        json_number("0." + "0" * 5000 + "1")


def test_chars_are_one_utf16_code_unit() -> None:
    assert (char_from_json("\ud83d"), char_from_json("\x00"), parse_char("55357")) == ("\ud83d", "\x00", "\ud83d")
    for data in ("😀", "", "AB"):
        with pytest.raises(ValueError, match="Basic Multilingual Plane"):
            char_from_json(data)
    with pytest.raises(ValueError, match="not an integer"):
        parse_char("١")
