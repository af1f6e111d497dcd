"""wcfgen.runtime.wire and .xmltext: content types, JSON text, and XML that is safe to read."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from wcfgen.runtime.errors import DecodeError, EncodeError
from wcfgen.runtime.wire import json_name, json_string, load_json, media_type, repeated_key, wire_format_of
from wcfgen.runtime.xmltext import XmlWriter, escape_attribute, escape_text, parse_xml, split_tag

XSI = "http://www.w3.org/2001/XMLSchema-instance"


@pytest.mark.parametrize(
    ("content_type", "wire_format"),
    [
        ("application/xml; charset=utf-8", "xml"),
        ("TEXT/XML", "xml"),
        ("application/soap+xml", "xml"),
        ("application/json", "json"),
        ("application/problem+json", "json"),
        ("text/plain", None),
        (None, None),
    ],
)
def test_wire_format_of_a_content_type(content_type: str | None, wire_format: str | None) -> None:
    assert wire_format_of(content_type) == wire_format


def test_media_types_name_utf8() -> None:
    assert (media_type("xml"), media_type("json")) == ("application/xml; charset=utf-8", "application/json; charset=utf-8")


def test_json_strings_are_escaped_as_wcf_escapes_them() -> None:
    assert json_string('a/b "č"\n') == '"a\\/b \\"č\\"\\n"'
    assert json_string("😀") == '"\\ud83d\\ude00"'  # beyond the BMP: a surrogate pair
    assert [json_name(v) for v in (None, {}, [], "", True, 1, Decimal(1))] == [
        "null", "an object", "an array", "a string", "a boolean", "a number", "a number",
    ]  # fmt: skip


def test_json_bodies_keep_decimals_and_refuse_what_is_not_json() -> None:
    assert load_json(b'{"a": 0.10, "b": 1}') == {"a": Decimal("0.10"), "b": 1}
    for body, message in [(b"NaN", "NaN is not JSON"), (b"[1,", "malformed JSON"), (b"\xff", "malformed JSON")]:
        with pytest.raises(DecodeError, match=message):
            load_json(body)
    with pytest.raises(DecodeError, match="JSON nested deeper than 64 levels"):
        load_json(b"[" * 100_000)  # Python's own recursion limit, as a DecodeError too


def test_xml_text_is_escaped_and_characters_xml_cannot_carry_are_refused() -> None:
    assert escape_text("a<b>&c\r\n", "X.Y") == "a&lt;b&gt;&amp;c&#xD;\n"
    assert escape_attribute('urn:"x"') == "urn:&quot;x&quot;"
    with pytest.raises(EncodeError, match="X.Y: contains a character XML cannot carry"):
        escape_text("a\x01", "X.Y")


@pytest.mark.parametrize("extra", ["", f' xmlns:i="{XSI}" i:type="x"'])  # both parsing paths
def test_xml_with_a_doctype_or_too_deep_is_refused(extra: str) -> None:
    with pytest.raises(DecodeError, match="DOCTYPE is not accepted"):
        parse_xml(f'<!DOCTYPE r [<!ENTITY e "x">]><r{extra}>&e;</r>'.encode())
    with pytest.raises(DecodeError, match="nested deeper than 64 levels"):
        parse_xml(f"<r{extra}>".encode() + b"<a>" * 64 + b"</a>" * 64 + b"</r>")
    assert parse_xml(f"<r{extra}>".encode() + b"<a>" * 63 + b"</a>" * 63 + b"</r>").tag == "r"
    with pytest.raises(DecodeError, match="malformed XML"):
        parse_xml(b"<r>")


def test_type_attributes_are_resolved_while_their_prefix_is_in_scope() -> None:
    root = parse_xml(
        f'<r xmlns:i="{XSI}"><a xmlns:t="urn:t" i:type="t:Square"/><b i:type="Circle"/></r>'.encode()
    )
    assert [child.get(f"{{{XSI}}}type") for child in root] == ["{urn:t}Square", "{}Circle"]
    assert split_tag("{urn:t}Square") == ("urn:t", "Square") and split_tag("Circle") == ("", "Circle")


def test_the_writer_declares_the_instance_namespace_once_on_the_root() -> None:
    w = XmlWriter()
    w.open("Order", "urn:shop", None)
    w.nil("Note", "urn:shop", "urn:shop")
    w.nil("Side", "urn:other", "urn:shop")
    w.parts.append("</Order>")
    assert "".join(w.parts) == (
        f'<Order xmlns="urn:shop" xmlns:i="{XSI}"><Note i:nil="true"/><Side xmlns="urn:other" i:nil="true"/></Order>'
    )


def test_lone_surrogates_travel_escaped_in_json_and_are_refused_in_xml() -> None:
    assert json_string("a\ud83db") == '"a\\ud83db"'  # as DataContractJsonSerializer writes it
    assert json_string("\udc00😀") == '"\\udc00\\ud83d\\ude00"'
    with pytest.raises(EncodeError, match="contains a character XML cannot carry"):
        escape_text("a\ud83db", "X.Y")  # DataContractSerializer would write U+FFFD: data lost


def _declaring(count: int, prefix: str = "p") -> str:
    return "".join(f' xmlns:{prefix}{n}="urn:{n}"' for n in range(count))


def test_namespace_declarations_are_bounded_per_element_and_per_document() -> None:
    assert parse_xml(f"<r{_declaring(32)}/>".encode()).tag == "r"
    with pytest.raises(DecodeError, match="more than 32 namespace declarations on one element"):
        parse_xml(f"<r{_declaring(33)}/>".encode())
    many = "".join(f'<x xmlns:q="urn:{n}"/>' for n in range(1024))
    assert len(parse_xml(f"<r>{many}</r>".encode())) == 1024
    with pytest.raises(DecodeError, match="more than 1024 distinct namespace bindings"):
        parse_xml(f'<r>{many}<x xmlns:q="urn:one more"/></r>'.encode())
    same = '<x xmlns:q="v"/>' * 50_000  # the same binding again and again: one
    assert len(parse_xml(f"<r>{same}</r>".encode())) == 50_000


def test_the_namespace_blowup_of_issue_10_is_refused_in_linear_time() -> None:
    body = (
        '<CallEvent xmlns="K2.Data"'
        + _declaring(40_000)
        + "><!--type-->"
        + '<x xmlns:q="v"/>' * 150_000
        + "</CallEvent>"
    ).encode()
    assert len(body) > 3_200_000
    started = time.monotonic()
    with pytest.raises(DecodeError, match="more than 1024 distinct namespace bindings"):
        parse_xml(body)
    assert time.monotonic() - started < 2  # was 76 s
    within_limits = ('<r xmlns="K2.Data"' + _declaring(30) + ">" + '<x xmlns:q="v"/>' * 150_000 + "</r>").encode()
    started = time.monotonic()
    assert len(parse_xml(within_limits)) == 150_000
    assert time.monotonic() - started < 5  # linear: a few hundred ms for 2.4 MB


@pytest.mark.parametrize(
    ("name", "codec"),
    [("utf-16", "utf-16"), ("UTF-16BE", "utf-16-be"), ("utf-8", "utf-8-sig"), ("iso-8859-2", "iso-8859-2")],
)
def test_every_encoding_takes_the_same_path(name: str, codec: str) -> None:
    """i:type is resolved and a DOCTYPE refused whatever the encoding (ASCII "type" or "DOCTYPE"
    need not appear in a UTF-16 body)."""
    declaration = f'<?xml version="1.0" encoding="{name}"?>'
    text = f'{declaration}<r xmlns:i="{XSI}"><a xmlns:t="urn:ž" i:type="t:Čtverec"/></r>'
    root = parse_xml(text.encode(codec))
    assert root[0].get(f"{{{XSI}}}type") == "{urn:ž}Čtverec"
    with pytest.raises(DecodeError, match="^XML with a DOCTYPE is not accepted$"):
        parse_xml(f'{declaration}<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>'.encode(codec))


def test_an_encoding_expat_cannot_read_is_malformed_xml() -> None:
    with pytest.raises(DecodeError, match="malformed XML: multi-byte encodings are not supported"):
        parse_xml('<?xml version="1.0" encoding="utf-16-be"?><r/>'.encode("utf-16-be"))
    with pytest.raises(DecodeError, match="malformed XML: unknown encoding"):
        parse_xml(b'<?xml version="1.0" encoding="x-nothing"?><r/>')


def test_json_nesting_is_limited_as_xml_nesting_is() -> None:
    nested: list[object] = []
    for _ in range(63):
        nested = [nested]
    assert load_json(b"[" * 64 + b"]" * 64) == nested
    deep_objects = b'{"a":' * 63 + b"1" + b"}" * 63
    assert load_json(deep_objects)["a"]["a"]["a"] is not None
    for body in (b"[" * 65 + b"]" * 65, b'{"a":' * 65 + b"1" + b"}" * 65, b"[" * 500 + b"]" * 500):
        with pytest.raises(DecodeError, match="JSON nested deeper than 64 levels"):
            load_json(body)
    assert load_json(b"[" + b"[]," * 1000 + b"[]]") == [[]] * 1001  # wide, not deep


def test_repeated_json_keys_are_marked_and_the_first_value_kept() -> None:
    document = load_json(b'{"a":1,"b":2,"a":3}')
    assert document == {"a": 1, "b": 2}
    assert repeated_key(document, ["b", "a"]) == "a"
    assert repeated_key(load_json(b'{"a":1}'), ["a"]) is None


def test_json_numbers_too_large_for_decimal_are_a_decode_error() -> None:
    for body in (b"[1E+9999999999999999999999]", b"[0." + b"0" * 5000 + b"1]"):
        with pytest.raises(DecodeError, match="malformed JSON"):
            load_json(body)
