"""The K2 binding's models and codecs on the page's own examples and exact bytes.

The runtime's parts are unit-tested on their own in tests/runtime/."""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from k2 import DecodeError, EncodeError
from k2._runtime import ContractCodec, PrimitiveCodec
from k2.models import CallEvent
from xsdata.formats.dataclass.parsers import XmlParser
from xsdata.formats.dataclass.parsers.handlers import XmlEventHandler

from tests.conftest import SCHEMAS
from wcfgen.read import read_api

CALL_EVENT = ContractCodec(CallEvent)
BOOLEAN = PrimitiveCodec("boolean", bool)
OP = read_api(SCHEMAS / "k2").services[0].operations[0]
EXAMPLE = CallEvent(
    direction="Obsah řetězce",
    email="Obsah řetězce",
    event_name="Obsah řetězce",
    from_="Obsah řetězce",
    line="Obsah řetězce",
    login="Obsah řetězce",
    reason="Obsah řetězce",
    to="Obsah řetězce",
    unique_id=1.26743233e15,
)


def _shape(element: ET.Element) -> tuple[object, ...]:
    return (element.tag, (element.text or "").strip(), sorted(element.attrib.items()), [_shape(child) for child in element])


def test_xml_example_parses_and_reserializes_to_an_equivalent_document() -> None:
    assert OP.request.xml_example is not None
    event = CALL_EVENT.decode(OP.request.xml_example.encode(), "xml")
    assert event == EXAMPLE
    again = CALL_EVENT.encode(event, "xml")
    assert _shape(ET.fromstring(again)) == _shape(ET.fromstring(OP.request.xml_example))


def test_json_example_parses_and_reserializes_to_an_equivalent_document() -> None:
    assert OP.request.json_example is not None
    event = CALL_EVENT.decode(OP.request.json_example.encode(), "json")
    assert event == EXAMPLE
    again = CALL_EVENT.encode(event, "json")
    assert json.loads(again, parse_float=Decimal) == json.loads(OP.request.json_example, parse_float=Decimal)


def test_response_examples_parse() -> None:
    assert OP.response.xml_example is not None and OP.response.json_example is not None
    assert BOOLEAN.decode(OP.response.xml_example.encode(), "xml") is True
    assert BOOLEAN.decode(OP.response.json_example.encode(), "json") is True
    assert BOOLEAN.encode(True, "xml").decode() == OP.response.xml_example
    assert BOOLEAN.encode(True, "json") == b"true"


def test_models_are_xsdata_bindings_too() -> None:
    assert OP.request.xml_example is not None
    parsed = XmlParser(handler=XmlEventHandler).from_string(OP.request.xml_example, CallEvent)
    assert parsed == EXAMPLE


CZECH = CallEvent(direction="Příchozí", email=None, from_="Čeněk <&> \"Šťastný\"", to="", unique_id=1.26743233e15)


def test_xml_bytes_are_what_datacontractserializer_writes() -> None:
    assert CALL_EVENT.encode(CZECH, "xml") == (
        '<CallEvent xmlns="K2.Data" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">'
        "<Direction>Příchozí</Direction><Email i:nil=\"true\"/><EventName i:nil=\"true\"/>"
        '<From>Čeněk &lt;&amp;&gt; "Šťastný"</From><Line i:nil="true"/><Login i:nil="true"/>'
        '<Reason i:nil="true"/><To></To><UniqueId>1.26743233E+15</UniqueId></CallEvent>'
    ).encode()


def test_json_bytes_are_what_datacontractjsonserializer_writes() -> None:
    assert CALL_EVENT.encode(CallEvent(direction="a/b", from_="Čeněk \"x\"", unique_id=0.5), "json") == (
        '{"Direction":"a\\/b","Email":null,"EventName":null,"From":"Čeněk \\"x\\"","Line":null,'
        '"Login":null,"Reason":null,"To":null,"UniqueId":0.5}'
    ).encode()


def test_reading_accepts_any_order_and_ignores_unknown_elements() -> None:
    body = (
        b'<CallEvent xmlns="K2.Data" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">'
        b"<UniqueId>42</UniqueId><Unknown><Deep/></Unknown><To>x</To><Direction i:nil=\"true\"/></CallEvent>"
    )
    assert CALL_EVENT.decode(body, "xml") == CallEvent(to="x", unique_id=42.0)
    assert CALL_EVENT.decode(b'{"UniqueId":"42","Extra":[1],"To":"x"}', "json") == CallEvent(to="x", unique_id=42.0)


@pytest.mark.parametrize(
    ("body", "wire_format", "message"),
    [
        (b"<CallEvent xmlns='K2.Data'><UniqueId>abc</UniqueId></CallEvent>", "xml", "CallEvent.UniqueId: not a number: 'abc'"),
        (b"<CallEvent xmlns='K2.Data'><UniqueId", "xml", "malformed XML"),
        (b"<Other xmlns='K2.Data'/>", "xml", "expected root element 'CallEvent' in namespace 'K2.Data'"),
        (b"<CallEvent/>", "xml", "expected root element 'CallEvent'"),
        (b"<CallEvent xmlns='K2.Data'><UniqueId i:nil='true' xmlns:i='http://www.w3.org/2001/XMLSchema-instance'/></CallEvent>", "xml", "null is not allowed"),
        (b"<CallEvent xmlns='K2.Data'><To><b/></To></CallEvent>", "xml", "CallEvent.To: expected text"),
        (b'<!DOCTYPE x [<!ENTITY a "b">]><CallEvent xmlns="K2.Data"><To>&a;</To></CallEvent>', "xml", "DOCTYPE is not accepted"),
        (b'{"UniqueId": true}', "json", "CallEvent.UniqueId: expected a number, got a boolean"),
        (b'{"To": 5}', "json", "CallEvent.To: expected a string, got a number"),
        (b'{"To": "x"', "json", "malformed JSON"),
        (b"[1]", "json", "expected a JSON object, got an array"),
        (b'{"UniqueId": NaN}', "json", "malformed JSON"),
        (b"[" * 100_000, "json", "JSON nested deeper than 64 levels"),
    ],
)
def test_bad_bodies_raise_decode_errors_naming_the_problem(body: bytes, wire_format: str, message: str) -> None:
    with pytest.raises(DecodeError, match=message.replace("(", r"\(")):
        CALL_EVENT.decode(body, wire_format)  # type: ignore[arg-type]


def test_values_the_wire_cannot_carry_raise_encode_errors() -> None:
    with pytest.raises(EncodeError, match="CallEvent.To: contains a character XML cannot carry"):
        CALL_EVENT.encode(CallEvent(to="a\x00b"), "xml")
    with pytest.raises(EncodeError, match="CallEvent.UniqueId: expected float, got str"):
        CALL_EVENT.encode(CallEvent(unique_id="1"), "xml")  # type: ignore[arg-type]
    with pytest.raises(EncodeError, match="JSON cannot carry nan"):
        CALL_EVENT.encode(CallEvent(unique_id=math.nan), "json")


@given(
    st.builds(
        CallEvent,
        direction=st.none() | st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x0b\x0c\ufffe\uffff" + "".join(map(chr, range(1, 9))) + "".join(map(chr, range(14, 32))))),
        to=st.none() | st.text(max_size=5),
        unique_id=st.floats(allow_nan=False, allow_infinity=False),
    )
)
def test_json_round_trips_any_call_event(event: CallEvent) -> None:
    assert CALL_EVENT.decode(CALL_EVENT.encode(event, "json"), "json") == event


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r")), st.floats(allow_nan=False))
def test_xml_round_trips_any_call_event(text: str, unique_id: float) -> None:
    event = CallEvent(direction=text, login=text or None, unique_id=unique_id)
    assert CALL_EVENT.decode(CALL_EVENT.encode(event, "xml"), "xml") == event
