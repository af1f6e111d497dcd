"""wcfgen.runtime.nodes, .enums and .containers: one type's XML content and JSON value."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from tests.runtime.models import ARRAYS, Color, Perms
from wcfgen.runtime import DateTimeOffsetNode, DictNode, EnumNode, FlagsNode, ListNode, ScalarNode
from wcfgen.runtime.errors import DecodeError, EncodeError
from wcfgen.runtime.nodes import Node
from wcfgen.runtime.wire import load_json
from wcfgen.runtime.xmltext import XmlWriter


def _xml(node: Node, value: Any, tag: str = "V", ns: str = "urn:x") -> str:
    w = XmlWriter()
    w.root = False  # inside a body: no xmlns:i here
    node.write(value, w, tag, ns, ns, "V")
    return "".join(w.parts)


def _read(node: Node, text: str) -> Any:
    return node.read(ET.fromstring(text), "V")


@pytest.mark.parametrize(
    ("name", "value", "xml", "json"),
    [
        ("string", "a&b", "a&amp;b", '"a&b"'),
        ("boolean", True, "true", "true"),
        ("int", -5, "-5", "-5"),
        ("unsignedLong", 2**64 - 1, "18446744073709551615", "18446744073709551615"),
        ("double", 0.1, "0.1", "0.1"),
        ("float", 0.1, "0.1", "0.1"),
        ("decimal", Decimal("1.50"), "1.50", "1.50"),
        ("guid", UUID(int=1), "00000000-0000-0000-0000-000000000001", '"00000000-0000-0000-0000-000000000001"'),
        ("base64Binary", b"\x00\xff", "AP8=", "[0,255]"),
        ("dateTime", datetime(2024, 1, 2, tzinfo=UTC), "2024-01-02T00:00:00Z", '"\\/Date(1704153600000)\\/"'),
        ("duration", timedelta(minutes=90), "PT1H30M", '"PT1H30M"'),
        ("char", "A", "65", '"A"'),
        ("anyURI", "http://x/", "http://x/", '"http:\\/\\/x\\/"'),
    ],
)
def test_scalars_travel_as_wcf_writes_them(name: str, value: object, xml: str, json: str) -> None:
    node = ScalarNode(name)
    assert _xml(node, value) == f"<V>{xml}</V>"
    padded = f"<V> {xml} </V>" if node.scalar.python_type is not str else f"<V>{xml}</V>"  # text is kept as is
    assert _read(node, padded) == value
    assert node.dump(value, "V") == json
    assert node.load(load_json(json.encode()), "V") == value


def test_scalars_refuse_values_of_another_type_or_out_of_range() -> None:
    with pytest.raises(EncodeError, match="V: expected int, got bool"):
        ScalarNode("int").text(True, "V")
    with pytest.raises(EncodeError, match="JSON cannot carry inf"):
        ScalarNode("double").dump(float("inf"), "V")
    with pytest.raises(DecodeError, match="V: 300 is out of range"):
        _read(ScalarNode("unsignedByte"), "<V>300</V>")
    with pytest.raises(DecodeError, match="V: expected text, got child elements"):
        _read(ScalarNode("string"), "<V><b/></V>")
    with pytest.raises(DecodeError, match="V: expected a number, got a boolean"):
        ScalarNode("int").load(True, "V")
    assert ScalarNode("int").load("42", "V") == 42  # numbers as JSON strings, as WCF accepts them
    assert ScalarNode("boolean").load("false", "V") is False


def test_a_datetimeoffset_is_a_utc_datetime_and_its_offset() -> None:
    node = DateTimeOffsetNode()
    value = datetime(2024, 7, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    system = "http://schemas.datacontract.org/2004/07/System"
    xml = (
        f'<V><DateTime xmlns="{system}">2024-07-01T10:00:00Z</DateTime>'
        f'<OffsetMinutes xmlns="{system}">120</OffsetMinutes></V>'
    )
    assert _xml(node, value) == xml
    assert _read(node, xml) == value and _read(node, xml).utcoffset() == timedelta(hours=2)
    assert node.dump(value, "V") == '{"DateTime":"\\/Date(1719828000000)\\/","OffsetMinutes":120}'
    with pytest.raises(EncodeError, match="expected an aware datetime"):
        node.dump(datetime(2024, 1, 1), "V")


def test_enums_are_names_in_xml_and_numbers_in_json() -> None:
    node = EnumNode(Color)
    assert (_xml(node, Color.GREEN), node.dump(Color.GREEN, "V")) == ("<V>Grün</V>", "5")
    assert (_read(node, "<V> Grün </V>"), node.load(5, "V"), node.load("5", "V")) == (Color.GREEN,) * 3
    assert Color.GREEN.value == "Grün" and Color.GREEN.number == 5
    with pytest.raises(DecodeError, match="V: 'Blue' is not a Color"):
        _read(node, "<V>Blue</V>")
    assert node.load(7, "V") == Color.from_number(7)  # tests/runtime/test_enums.py: numbers no member declares


def test_flags_are_space_separated_names_in_xml_and_the_bitwise_or_in_json() -> None:
    node = FlagsNode(Perms)
    both = frozenset({Perms.WRITE, Perms.READ})
    assert (_xml(node, both), node.dump(both, "V")) == ("<V>Read Write</V>", "3")
    assert (_xml(node, frozenset()), node.dump(frozenset(), "V")) == ("<V>None</V>", "0")
    assert _read(node, "<V>Write Read</V>") == both and node.load(3, "V") == both
    assert _read(node, "<V>None</V>") == frozenset()
    assert node.load(4, "V") == frozenset({Perms.from_number(4)})


def test_lists_are_item_elements_in_xml_and_arrays_in_json() -> None:
    node = ListNode(ScalarNode("string"), "string", ARRAYS, True)
    assert _xml(node, ["a", None]) == (
        f'<V><string xmlns="{ARRAYS}">a</string><string xmlns="{ARRAYS}" i:nil="true"/></V>'
    )
    assert node.dump(["a", None], "V") == '["a",null]'
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    xml = f'<V xmlns:a="{ARRAYS}" xmlns:i="{xsi}"><a:string>a</a:string><other/><a:string i:nil="true"/></V>'
    assert _read(node, xml) == ["a", None]
    strict = ListNode(ScalarNode("int"), "int", ARRAYS, False)
    with pytest.raises(EncodeError, match=r"V\[1\]: null is not allowed"):
        strict.dump([1, None], "V")
    with pytest.raises(DecodeError, match=r"V\[0\]: null is not allowed"):
        strict.load([None], "V")


def test_dictionaries_are_key_value_items() -> None:
    node = DictNode(ScalarNode("string"), ScalarNode("int"), "KeyValueOfstringint", ARRAYS, False)
    assert _xml(node, {"k": 2}) == (
        f'<V><KeyValueOfstringint xmlns="{ARRAYS}"><Key>k</Key><Value>2</Value></KeyValueOfstringint></V>'
    )
    assert node.dump({"k": 2}, "V") == '[{"Key":"k","Value":2}]'
    assert node.load([{"Key": "k", "Value": 2}], "V") == {"k": 2}
    with pytest.raises(DecodeError, match=r"V\['k'\]: null is not allowed"):
        node.load([{"Key": "k", "Value": None}], "V")
    with pytest.raises(DecodeError, match="expected an object with Key and Value"):
        node.load([{"Value": 1}], "V")


def test_every_node_knows_the_default_dotnet_gives_a_value_left_out() -> None:
    defaults = {
        name: ScalarNode(name).default() for name in ("int", "unsignedLong", "boolean", "double", "decimal", "char")
    }
    assert defaults == {
        "int": 0,
        "unsignedLong": 0,
        "boolean": False,
        "double": 0.0,
        "decimal": Decimal(0),
        "char": "\x00",
    }
    assert ScalarNode("guid").default() == UUID(int=0)
    assert (ScalarNode("dateTime").default(), ScalarNode("duration").default()) == (datetime(1, 1, 1), timedelta(0))
    assert DateTimeOffsetNode().default() == datetime(1, 1, 1, tzinfo=UTC)
    assert (EnumNode(Color).default(), FlagsNode(Perms).default()) == (Color.RED, frozenset())  # the member numbered 0
    for reference in (
        ScalarNode("string"),
        ScalarNode("base64Binary"),
        ScalarNode("anyURI"),
        ListNode(ScalarNode("int"), "int", ARRAYS, False),
    ):
        assert reference.default() is None


@pytest.mark.parametrize(
    ("name", "text"),
    [("int", "١٢"), ("int", "１２"), ("long", "\u00a012"), ("double", "١.٥"), ("decimal", "１"), ("guid", "١" * 32),
     ("dateTime", "２024-01-02T03:04:05"), ("duration", "P１D"), ("char", "٦٥"), ("unsignedByte", "1\u2003")],
)  # fmt: skip
def test_only_ascii_digits_and_xml_spaces_are_read_as_dotnet_invariant_parsing_does(name: str, text: str) -> None:
    with pytest.raises(DecodeError, match="^V: "):
        _read(ScalarNode(name), f"<V>{text}</V>")
    with pytest.raises(DecodeError, match="^V: "):
        ScalarNode(name).load(text, "V")  # the same text in a JSON string


def test_json_dates_read_ascii_digits_only() -> None:
    assert ScalarNode("dateTime").load("/Date(0)/", "V") == datetime(1970, 1, 1, tzinfo=UTC)
    for text in ("/Date(١)/", "/Date(0+０100)/"):
        with pytest.raises(DecodeError, match="not a JSON date"):
            ScalarNode("dateTime").load(text, "V")


def test_chars_and_strings_the_encoder_cannot_write_are_refused_or_escaped() -> None:
    char = ScalarNode("char")
    with pytest.raises(DecodeError, match="V: expected one character of the Basic Multilingual Plane"):
        char.load("😀", "V")  # a System.Char cannot hold it: the JSON pair "\ud83d\ude00"
    assert char.load("\ud83d", "V") == "\ud83d"  # a lone surrogate: a System.Char holds it
    assert (char.dump("\ud83d", "V"), _xml(char, "\ud83d")) == ('"\\ud83d"', "<V>55357</V>")
    string = ScalarNode("string")
    assert string.dump("a\ud83d\x00", "V") == '"a\\ud83d\\u0000"'
    with pytest.raises(EncodeError, match="V: contains a character XML cannot carry"):
        _xml(string, "a\x00")
