"""wcfgen.runtime.wire and .xmltext: content types, JSON text, and XML that is safe to read."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wcfgen.runtime.errors import DecodeError, EncodeError
from wcfgen.runtime.wire import json_name, json_string, load_json, media_type, wire_format_of
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
    with pytest.raises(DecodeError, match="nested too deeply"):
        load_json(b"[" * 100_000)


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
