"""wcfgen.runtime.bodies: message bodies, and nil only where the type can be nil."""

from __future__ import annotations

import pytest

from tests.runtime.models import Color, Shape
from wcfgen.runtime import (
    ContractCodec,
    EmptyCodec,
    EnumNode,
    PrimitiveCodec,
    RawBody,
    RawCodec,
    RootCodec,
    ScalarNode,
    WrappedCodec,
)
from wcfgen.runtime.errors import DecodeError, EncodeError

XSI = "http://www.w3.org/2001/XMLSchema-instance"
SER = "http://schemas.microsoft.com/2003/10/Serialization/"
NIL_BOOLEAN = f'<boolean xmlns="{SER}" xmlns:i="{XSI}" i:nil="true"/>'.encode()


def test_a_primitive_root_is_written_as_wcf_writes_it() -> None:
    codec = PrimitiveCodec("boolean", bool)
    assert codec.encode(True, "xml") == f'<boolean xmlns="{SER}">true</boolean>'.encode()
    assert (codec.encode(False, "json"), codec.decode(b"true", "json")) == (b"false", True)


def test_nil_for_a_type_that_cannot_be_nil_is_a_decode_error() -> None:
    """A method typed ``-> bool`` never returns None: the contract says the value cannot be nil."""
    codec = PrimitiveCodec("boolean", bool)
    for body, wire_format in ((NIL_BOOLEAN, "xml"), (b"null", "json")):
        with pytest.raises(DecodeError, match="boolean: null is not allowed"):
            codec.decode(body, wire_format)  # type: ignore[arg-type]
    with pytest.raises(EncodeError, match="boolean: a value is required"):
        codec.encode(None, "xml")  # type: ignore[arg-type]
    enum = RootCodec(EnumNode(Color), "Color", "urn:shop")
    with pytest.raises(DecodeError, match="Color: null is not allowed"):
        enum.decode(b"null", "json")


def test_nil_for_a_reference_type_is_none() -> None:
    text = PrimitiveCodec("string", str, nillable=True)
    assert text.decode(f'<string xmlns="{SER}" xmlns:i="{XSI}" i:nil="true"/>'.encode(), "xml") is None
    assert text.decode(b"null", "json") is None
    assert text.encode(None, "xml") == f'<string xmlns="{SER}" xmlns:i="{XSI}" i:nil="true"/>'.encode()
    shape = ContractCodec(Shape)
    assert shape.decode(b"null", "json") is None
    anytype = f'<z:anyType xmlns:z="{SER}" xmlns:i="{XSI}" i:nil="true"/>'.encode()  # what WCF's client sends
    assert shape.decode(anytype, "xml") is None


def test_a_body_with_another_root_is_refused() -> None:
    with pytest.raises(DecodeError, match="expected root element 'boolean' in namespace"):
        PrimitiveCodec("boolean", bool).decode(b"<int>1</int>", "xml")


def test_wrapped_bodies_carry_parts_default_missing_ones_and_refuse_nil_for_value_types() -> None:
    request = WrappedCodec("Concat", "http://tempuri.org/", (("a", ScalarNode("string"), True), ("b", ScalarNode("int"), False)))
    xml = b'<Concat xmlns="http://tempuri.org/" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><a>x</a><b>5</b></Concat>'
    assert request.encode({"a": "x", "b": 5}, "xml") == xml
    assert request.encode({"a": None, "b": 5}, "json") == b'{"a":null,"b":5}'
    assert request.decode(xml, "xml") == {"a": "x", "b": 5}
    assert request.decode(b'{"b":5}', "json") == {"a": None, "b": 5}
    # left out: the .NET default, as WCF passes it; nil for an int: refused
    assert request.decode(b'<Concat xmlns="http://tempuri.org/"><a>x</a></Concat>', "xml") == {"a": "x", "b": 0}
    assert request.decode(b"{}", "json") == {"a": None, "b": 0}
    with pytest.raises(DecodeError, match="Concat.b: null is not allowed"):
        request.decode(b'{"a":"x","b":null}', "json")
    nil = f'<Concat xmlns="http://tempuri.org/" xmlns:i="{XSI}"><b i:nil="true"/></Concat>'
    with pytest.raises(DecodeError, match="Concat.b: null is not allowed"):
        request.decode(nil.encode(), "xml")
    # repeated: the first element counts (DataContractSerializer), a repeated JSON key is refused
    repeated = b'<Concat xmlns="http://tempuri.org/"><b>1</b><b>2</b></Concat>'
    assert request.decode(repeated, "xml") == {"a": None, "b": 1}
    with pytest.raises(DecodeError, match="Concat.b: appears more than once"):
        request.decode(b'{"b":1,"b":2}', "json")
    with pytest.raises(EncodeError, match="Concat.b: a value is required"):
        request.encode({"a": "x"}, "json")
    response = WrappedCodec("SumResponse", "http://tempuri.org/", (("SumResult", ScalarNode("int"), False),), True)
    assert response.decode(b'<SumResponse xmlns="http://tempuri.org/"><SumResult>42</SumResult></SumResponse>', "xml") == 42
    assert response.encode(42, "json") == b'{"SumResult":42}'


def test_raw_and_empty_bodies() -> None:
    assert RawCodec().encode(RawBody(b"\x00", "image/png"), "xml") == b"\x00"
    assert RawCodec().decode(b"abc", "json") == RawBody(b"abc")
    with pytest.raises(EncodeError, match="body: expected RawBody, got bytes"):
        RawCodec().encode(b"x", "xml")  # type: ignore[arg-type]
    assert (EmptyCodec().encode(None, "xml"), EmptyCodec().decode(b"anything", "json"), EmptyCodec.empty) == (b"", None, True)
