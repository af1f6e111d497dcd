"""wcfgen.runtime.containers: collections of collections, and what reading forgives and refuses.

The XML is what the runtime writes (DataContractSerializer's document, with default-namespace
declarations where Mono's writer uses prefixes; tests/interop/world compares with Mono's bytes)."""

from __future__ import annotations

import pytest

from tests.runtime.models import ARRAYS, NS, Grids
from wcfgen.runtime import ContractCodec, DictNode, ListNode, RootCodec, ScalarNode
from wcfgen.runtime.errors import DecodeError

XSI = "http://www.w3.org/2001/XMLSchema-instance"
GRIDS = ContractCodec(Grids)
VALUE = Grids(grid=[[1, 2], [], None], by_key={"k": [1], "n": None}, nested={"o": {"i": 2}, "e": {}})
XML = (
    f'<Grids xmlns="{NS}" xmlns:i="{XSI}"><Grid><ArrayOfint xmlns="{ARRAYS}"><int>1</int><int>2</int></ArrayOfint>'
    f'<ArrayOfint xmlns="{ARRAYS}"></ArrayOfint><ArrayOfint xmlns="{ARRAYS}" i:nil="true"/></Grid>'
    f'<ByKey><KeyValueOfstringArrayOfintty7Ep6D1 xmlns="{ARRAYS}"><Key>k</Key><Value><int>1</int></Value>'
    f'</KeyValueOfstringArrayOfintty7Ep6D1><KeyValueOfstringArrayOfintty7Ep6D1 xmlns="{ARRAYS}"><Key>n</Key>'
    '<Value i:nil="true"/></KeyValueOfstringArrayOfintty7Ep6D1></ByKey>'
    f'<Nested><KeyValueOfstringArrayOfKeyValueOfstringintty7Ep6D1 xmlns="{ARRAYS}"><Key>o</Key><Value>'
    "<KeyValueOfstringint><Key>i</Key><Value>2</Value></KeyValueOfstringint></Value>"
    f'</KeyValueOfstringArrayOfKeyValueOfstringintty7Ep6D1><KeyValueOfstringArrayOfKeyValueOfstringintty7Ep6D1 xmlns="{ARRAYS}">'
    "<Key>e</Key><Value></Value></KeyValueOfstringArrayOfKeyValueOfstringintty7Ep6D1></Nested></Grids>"
)
JSON = (
    '{"Grid":[[1,2],[],null],"ByKey":[{"Key":"k","Value":[1]},{"Key":"n","Value":null}],'
    '"Nested":[{"Key":"o","Value":[{"Key":"i","Value":2}]},{"Key":"e","Value":[]}]}'
)
LIST_OF_LISTS = RootCodec(
    ListNode(ListNode(ScalarNode("int"), "int", ARRAYS, False), "ArrayOfint", ARRAYS, True), "ArrayOfArrayOfint", ARRAYS
)


def test_collections_of_collections_as_members_in_both_formats() -> None:
    assert GRIDS.encode(VALUE, "xml").decode() == XML
    assert GRIDS.decode(XML.encode(), "xml") == VALUE
    assert GRIDS.encode(VALUE, "json").decode() == JSON
    assert GRIDS.decode(JSON.encode(), "json") == VALUE


def test_three_levels_as_a_body() -> None:
    three = RootCodec(
        ListNode(LIST_OF_LISTS.node, "ArrayOfArrayOfint", ARRAYS, True), "ArrayOfArrayOfArrayOfint", ARRAYS
    )
    value = [[[1], None], None]
    xml = (
        f'<ArrayOfArrayOfArrayOfint xmlns="{ARRAYS}" xmlns:i="{XSI}"><ArrayOfArrayOfint><ArrayOfint><int>1</int>'
        '</ArrayOfint><ArrayOfint i:nil="true"/></ArrayOfArrayOfint><ArrayOfArrayOfint i:nil="true"/></ArrayOfArrayOfArrayOfint>'
    )
    assert three.encode(value, "xml").decode() == xml and three.decode(xml.encode(), "xml") == value
    assert three.encode(value, "json") == b"[[[1],null],null]" and three.decode(b"[[[1],null],null]", "json") == value


def test_foreign_inner_elements_are_skipped_as_datacontractserializer_skips_them() -> None:
    body = (
        f'<ArrayOfArrayOfint xmlns="{ARRAYS}"><ArrayOfint><int>1</int></ArrayOfint><ArrayOfstring/><int>2</int>'
        '<ArrayOfint xmlns="urn:elsewhere"><int>3</int></ArrayOfint></ArrayOfArrayOfint>'
    )
    assert LIST_OF_LISTS.decode(body.encode(), "xml") == [[1]]


def test_json_refuses_a_flat_list_and_reads_only_an_empty_object_as_empty() -> None:
    with pytest.raises(DecodeError, match=r"ArrayOfArrayOfint\[0\]: expected an array, got a number"):
        LIST_OF_LISTS.decode(b"[1,2]", "json")
    assert LIST_OF_LISTS.decode(b"{}", "json") == []  # DataContractJsonSerializer: empty, and nothing is lost
    with pytest.raises(DecodeError, match="expected an array, got an object"):
        LIST_OF_LISTS.decode(b'{"a":1}', "json")  # DataContractJsonSerializer drops it silently
    assert GRIDS.decode(b'{"Nested":[{"Key":"o","Value":{}}]}', "json") == Grids(nested={"o": {}})


def test_a_null_key_is_refused_in_both_formats() -> None:
    """(A repeated key is refused too: tests/runtime/test_contracts.py; the help pages' XML
    examples, which repeat each item, are de-duplicated by wcfgen.conventions before decoding.)"""
    node = DictNode(ScalarNode("string"), ScalarNode("int"), "KeyValueOfstringint", ARRAYS, False)
    with pytest.raises(DecodeError, match="V: a null Key"):
        node.load([{"Key": None, "Value": 1}], "V")
    body = f'<Grids xmlns="{NS}" xmlns:i="{XSI}"><ByKey xmlns:a="{ARRAYS}"><a:KeyValueOfstringArrayOfintty7Ep6D1>'
    with pytest.raises(DecodeError, match="Grids.ByKey: a null Key"):
        GRIDS.decode(
            f'{body}<a:Key i:nil="true"/><a:Value/></a:KeyValueOfstringArrayOfintty7Ep6D1></ByKey></Grids>'.encode(), "xml"
        )
