"""wcfgen.runtime.contracts: data contracts on the wire, with inheritance and object members."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.runtime.models import ARRAYS, Circle, Color, Order, Perms, Shape, Square
from wcfgen.runtime import ContractCodec
from wcfgen.runtime.errors import DecodeError, EncodeError

XSI = "http://www.w3.org/2001/XMLSchema-instance"
SYSTEM = "http://schemas.datacontract.org/2004/07/System"
ORDER = ContractCodec(Order)
FULL = Order(
    id=7, note="a<b", color=Color.GREEN, perms=frozenset({Perms.READ, Perms.WRITE}), tags=["x", None],
    counts={"k": 2}, shape=Circle(label="c", radius=1.5), anything=Square(side=3),
    when=datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2))),
)  # fmt: skip
FULL_XML = (
    f'<Order xmlns="urn:shop" xmlns:i="{XSI}"><Id>7</Id><Note>a&lt;b</Note><Color>Grün</Color>'
    f'<Perms>Read Write</Perms><Tags><string xmlns="{ARRAYS}">x</string><string xmlns="{ARRAYS}" i:nil="true"/>'
    f'</Tags><Counts><KeyValueOfstringint xmlns="{ARRAYS}"><Key>k</Key><Value>2</Value></KeyValueOfstringint>'
    '</Counts><Shape i:type="Circle"><Label>c</Label><Radius>1.5</Radius></Shape>'
    '<Anything xmlns:t="urn:other" i:type="t:Square"><Label i:nil="true"/><Side xmlns="urn:other">3</Side>'
    f'</Anything><When><DateTime xmlns="{SYSTEM}">2024-01-02T01:04:05Z</DateTime>'
    f'<OffsetMinutes xmlns="{SYSTEM}">120</OffsetMinutes></When></Order>'
)
FULL_JSON = (
    '{"Id":7,"Note":"a<b","Color":5,"Perms":3,"Tags":["x",null],"Counts":[{"Key":"k","Value":2}],'
    '"Shape":{"__type":"Circle:urn:shop","Label":"c","Radius":1.5},'
    '"Anything":{"__type":"Square:urn:other","Label":null,"Side":3},'
    '"When":{"DateTime":"\\/Date(1704157445000)\\/","OffsetMinutes":120}}'
)


def test_a_contract_is_written_as_datacontractserializer_writes_it() -> None:
    assert ORDER.encode(FULL, "xml").decode() == FULL_XML
    assert ORDER.decode(FULL_XML.encode(), "xml") == FULL


def test_a_contract_is_written_as_datacontractjsonserializer_writes_it() -> None:
    assert ORDER.encode(FULL, "json").decode() == FULL_JSON
    assert ORDER.decode(FULL_JSON.encode(), "json") == FULL


def test_defaults_are_written_and_null_members_are_nil_or_left_out() -> None:
    assert ORDER.encode(Order(), "json").decode() == (
        '{"Id":0,"Note":null,"Color":0,"Perms":0,"Tags":null,"Counts":null,"Shape":null,"Anything":null,'
        '"When":{"DateTime":"\\/Date(-62135596800000)\\/","OffsetMinutes":0}}'
    )


def test_reading_takes_any_order_ignores_unknown_members_and_checks_required_ones() -> None:
    body = f'<Order xmlns="urn:shop" xmlns:i="{XSI}"><Note>n</Note><Extra><Deep/></Extra><Id>3</Id></Order>'
    assert ORDER.decode(body.encode(), "xml") == Order(id=3, note="n")
    assert ORDER.decode(b'{"Unknown":[1],"Id":"3"}', "json") == Order(id=3)
    with pytest.raises(DecodeError, match="Order: missing required member"):
        ORDER.decode(b'{"Note":"n"}', "json")
    with pytest.raises(DecodeError, match="Order.Color: null is not allowed"):
        ORDER.decode(b'{"Id":1,"Color":null}', "json")
    with pytest.raises(DecodeError, match="Order.Id: null is not allowed"):
        ORDER.decode(f'<Order xmlns="urn:shop" xmlns:i="{XSI}"><Id i:nil="true"/></Order>'.encode(), "xml")


def test_subtypes_travel_with_their_type_and_unknown_ones_are_refused() -> None:
    shape = ContractCodec(Shape)
    assert shape.encode(Square(side=2), "xml").decode() == (
        f'<Shape xmlns="urn:shop" xmlns:i="{XSI}" xmlns:t="urn:other" i:type="t:Square">'
        '<Label i:nil="true"/><Side xmlns="urn:other">2</Side></Shape>'
    )
    assert shape.decode(b'{"__type":"Circle:#Shop","Radius":2}', "json") == Circle(radius=2.0)  # by name
    with pytest.raises(DecodeError, match="'Triangle:urn:shop' is not a known Shape"):
        shape.decode(b'{"__type":"Triangle:urn:shop"}', "json")
    with pytest.raises(EncodeError, match="Order.Shape: expected Shape, got Order"):
        ORDER.encode(Order(shape=Order()), "xml")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "xml", "json"),
    [
        (5, '<Anything xmlns:t="http://www.w3.org/2001/XMLSchema" i:type="t:int">5</Anything>', "5"),
        (2**40, '<Anything xmlns:t="http://www.w3.org/2001/XMLSchema" i:type="t:long">1099511627776</Anything>', "1099511627776"),
        ("s", '<Anything xmlns:t="http://www.w3.org/2001/XMLSchema" i:type="t:string">s</Anything>', '"s"'),
        (True, '<Anything xmlns:t="http://www.w3.org/2001/XMLSchema" i:type="t:boolean">true</Anything>', "true"),
    ],
)
def test_object_members_carry_their_xsd_type(value: object, xml: str, json: str) -> None:
    order = Order(id=1, anything=value)
    assert xml in ORDER.encode(order, "xml").decode()
    assert ORDER.decode(ORDER.encode(order, "xml"), "xml") == order
    assert f'"Anything":{json}' in ORDER.encode(order, "json").decode()


def test_object_members_need_a_type_and_refuse_what_is_not_a_known_type() -> None:
    with pytest.raises(DecodeError, match="Order.Anything: an object value needs i:type"):
        ORDER.decode(b'<Order xmlns="urn:shop"><Anything>1</Anything></Order>', "xml")
    with pytest.raises(EncodeError, match="expected a data contract or a primitive value, got list"):
        ORDER.encode(Order(anything=[1]), "xml")
    assert ORDER.decode(b'{"Id":1,"Anything":{"__type":"Circle:urn:shop","Radius":1}}', "json") == Order(
        id=1, anything=Circle(radius=1.0)
    )
