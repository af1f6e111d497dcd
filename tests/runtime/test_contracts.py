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


def test_a_repeated_member_counts_once_in_xml_and_is_refused_in_json_as_wcf_does() -> None:
    """DataContractSerializer reads the first of repeated elements (it has moved past the member);
    DataContractJsonSerializer refuses a repeated member ("Duplicate member"), ignores other keys."""
    body = b'<Order xmlns="urn:shop"><Id>1</Id><Note>first</Note><Note>second</Note><Id>2</Id></Order>'
    assert ORDER.decode(body, "xml") == Order(id=1, note="first")
    with pytest.raises(DecodeError, match="Order.Note: appears more than once"):
        ORDER.decode(b'{"Id":1,"Note":"a","Note":"b"}', "json")
    assert ORDER.decode(b'{"Id":1,"x":1,"x":2}', "json") == Order(id=1)  # not a member: ignored
    with pytest.raises(DecodeError, match=r"Order.Counts: the key 'k' appears more than once"):
        ORDER.decode(b'{"Id":1,"Counts":[{"Key":"k","Value":1},{"Key":"k","Value":2}]}', "json")
    with pytest.raises(DecodeError, match="Order.Counts: Value appears more than once"):
        ORDER.decode(b'{"Id":1,"Counts":[{"Key":"k","Value":1,"Value":2}]}', "json")
    item = f'<KeyValueOfstringint xmlns="{ARRAYS}"><Key>k</Key><Value>1</Value></KeyValueOfstringint>'
    with pytest.raises(DecodeError, match=r"Order.Counts: the key 'k' appears more than once"):
        ORDER.decode(f'<Order xmlns="urn:shop"><Id>1</Id><Counts>{item}{item}</Counts></Order>'.encode(), "xml")


def _nested_json(depth: int) -> bytes:
    """An Order whose object member holds an Order whose object member holds … (depth + 1 objects)"""
    return b'{"Id":1' + b',"Anything":{"__type":"Order:urn:shop","Id":1' * depth + b"}" * (depth + 1)


def _nested_xml(depth: int) -> bytes:
    """The same in XML: depth + 2 levels of elements (the innermost <Id> is one)."""
    opening = f'<Order xmlns="urn:shop" xmlns:i="{XSI}"><Id>1</Id>' + '<Anything i:type="Order"><Id>1</Id>' * depth
    return (opening + "</Anything>" * depth + "</Order>").encode()


def test_nesting_through_object_members_is_limited_alike_in_both_formats() -> None:
    assert ORDER.decode(_nested_json(63), "json").anything.anything.id == 1  # 64 levels
    assert ORDER.decode(_nested_xml(62), "xml").anything.anything.id == 1  # 64 levels
    with pytest.raises(DecodeError, match="JSON nested deeper than 64 levels"):
        ORDER.decode(_nested_json(64), "json")
    with pytest.raises(DecodeError, match="XML nested deeper than 64 levels"):
        ORDER.decode(_nested_xml(63), "xml")
    for depth in (300, 2000):  # deep enough for a RecursionError before the limit held
        with pytest.raises(DecodeError, match="nested deeper than 64 levels"):
            ORDER.decode(_nested_json(depth), "json")


def test_object_members_hold_json_numbers_as_wcf_reads_them() -> None:
    assert ORDER.decode(b'{"Id":1,"Anything":12}', "json").anything == 12
    assert ORDER.decode(b'{"Id":1,"Anything":1.5}', "json").anything == 1.5
    assert ORDER.decode(b'{"Id":1,"Anything":18446744073709551616}', "json").anything == 2.0**64
    with pytest.raises(DecodeError, match="Order.Anything: 1E.400 is out of range for a double"):
        ORDER.decode(b'{"Id":1,"Anything":1e400}', "json")


def test_out_of_range_members_are_refused_naming_the_member() -> None:
    with pytest.raises(DecodeError, match=r"Order.Id: 2147483648 is out of range"):
        ORDER.decode(b'<Order xmlns="urn:shop"><Id>2147483648</Id></Order>', "xml")
    with pytest.raises(DecodeError, match=r"Order.Id: 1E\+999999999 is out of range"):
        ORDER.decode(b'{"Id":1E+999999999}', "json")
    with pytest.raises(EncodeError, match=r"Order.Id: 2147483648 is out of range"):
        ORDER.encode(Order(id=2**31), "json")
