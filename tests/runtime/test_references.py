"""wcfgen.runtime.references: IsReference contracts as DataContractSerializer writes and reads
them (tests/interop/world/README.md, "IsReference object graphs"), and graph-safe == and repr."""

from __future__ import annotations

import time

import pytest

from tests.runtime.models import NS, Chain, Graph, Node
from wcfgen.runtime import ContractCodec, ListNode, RootCodec
from wcfgen.runtime.contracts import ContractNode
from wcfgen.runtime.errors import DecodeError, EncodeError

XSI = "http://www.w3.org/2001/XMLSchema-instance"
SER = "http://schemas.microsoft.com/2003/10/Serialization/"
Z = f'xmlns:z="{SER}"'
NODE, GRAPH, CHAIN = ContractCodec(Node), ContractCodec(Graph), ContractCodec(Chain)
NODES = RootCodec(ListNode(ContractNode(Node), "Node", NS, True), "ArrayOfNode", NS)


def _cycle() -> Node:
    parent = Node(name="parent")
    parent.children = [Node(name="child", parent=parent)]
    return parent


def test_a_cycle_is_written_with_z_id_first_and_z_ref_in_an_empty_element() -> None:
    """Mono's node-cycle fixture, byte for byte: xmlns:z on the root, which is a reference contract."""
    xml = (
        f'<Node z:Id="i1" xmlns="{NS}" xmlns:i="{XSI}" {Z}><Children><Node z:Id="i2"><Children i:nil="true"/>'
        '<Name>child</Name><Parent z:Ref="i1"/></Node></Children><Name>parent</Name><Parent i:nil="true"/></Node>'
    )
    assert NODE.encode(_cycle(), "xml").decode() == xml
    read = NODE.decode(xml.encode(), "xml")
    assert read.children is not None and read.children[0] is not None
    assert read.children[0].parent is read and read == _cycle()


def test_shared_objects_are_written_once_and_read_back_as_one_object() -> None:
    """Mono's graph-shared fixture: xmlns:z again on every element that needs it."""
    a = Node(name="a")
    b = Node(name="b", parent=a)
    xml = (
        f'<Graph xmlns="{NS}" xmlns:i="{XSI}"><First z:Id="i1" {Z}><Children i:nil="true"/><Name>a</Name>'
        f'<Parent i:nil="true"/></First><Second z:Ref="i1" {Z}/><All><Node z:Ref="i1" {Z}/><Node z:Id="i2" {Z}>'
        f'<Children i:nil="true"/><Name>b</Name><Parent z:Ref="i1"/></Node><Node i:nil="true"/></All></Graph>'
    )
    value = Graph(first=a, second=a, all_=[a, b, None])
    assert GRAPH.encode(value, "xml").decode() == xml
    read = GRAPH.decode(xml.encode(), "xml")
    assert read.first is read.second and read.all_ is not None and read.all_[0] is read.first
    assert read.all_[1] is not None and read.all_[1].parent is read.first


def test_reading_takes_any_id_any_prefix_and_no_id_at_all() -> None:
    body = f'<Node q:Id="x7" xmlns="{NS}" xmlns:q="{SER}"><Name>a</Name><Parent q:Ref="x7"/></Node>'
    read = NODE.decode(body.encode(), "xml")
    assert read.parent is read
    assert NODE.decode(f'<Node xmlns="{NS}"><Name>a</Name></Node>'.encode(), "xml") == Node(name="a")
    # unqualified Id/Ref are no references: Parent is a new, empty Node, as DataContractSerializer reads it
    plain = NODE.decode(f'<Node xmlns="{NS}"><Name>a</Name><Parent Ref="i1"/></Node>'.encode(), "xml")
    assert plain.parent == Node() and plain.parent is not plain


@pytest.mark.parametrize(
    ("items", "error"),
    [
        ('<Node z:Ref="i1"/><Node z:Id="i1"/>', "z:Ref 'i1' names no object read before it"),  # forward
        ('<Node z:Id="i1"/><Node z:Ref="i2"/>', "z:Ref 'i2' names no object read before it"),  # unknown
        ('<Node z:Id="i1"/><Node z:Id="i1"/>', "z:Id 'i1' is defined more than once"),
    ],
)
def test_forward_unknown_and_repeated_ids_are_refused(items: str, error: str) -> None:
    with pytest.raises(DecodeError, match=error):
        NODES.decode(f'<ArrayOfNode xmlns="{NS}" {Z}>{items}</ArrayOfNode>'.encode(), "xml")


def test_a_reference_resolves_across_the_whole_document_and_only_to_its_type() -> None:
    body = f'<ArrayOfNode xmlns="{NS}" {Z}><Node z:Id="i1"><Name>a</Name></Node><Node z:Ref="i1"><Name>b</Name></Node></ArrayOfNode>'
    first, second = NODES.decode(body.encode(), "xml")
    assert first is second and first.name == "a"  # a z:Ref element's content is ignored


def test_z_ref_in_a_plain_contract_is_refused() -> None:
    """DataContractSerializer resolves it, building a cycle it then cannot write; refusing loses nothing silently."""
    body = f'<Chain z:Id="i1" xmlns="{NS}" {Z}><Name>a</Name><Next z:Ref="i1"/></Chain>'
    with pytest.raises(DecodeError, match="Chain.Next: z:Ref in Chain, which is not an IsReference contract"):
        CHAIN.decode(body.encode(), "xml")
    assert CHAIN.decode(f'<Chain z:Id="i1" xmlns="{NS}" {Z}><Name>a</Name></Chain>'.encode(), "xml") == Chain(name="a")


@pytest.mark.parametrize("wire_format", ["xml", "json"])
def test_a_cycle_of_plain_contracts_is_an_encode_error(wire_format: str) -> None:
    chain = Chain(name="a")
    chain.next = chain
    with pytest.raises(EncodeError, match="Chain: the value contains a cycle"):
        CHAIN.encode(chain, wire_format)  # type: ignore[arg-type]


def test_json_cannot_carry_reference_contracts_as_datacontractjsonserializer_cannot() -> None:
    refused = "Node is an IsReference data contract, which JSON cannot carry"
    with pytest.raises(EncodeError, match=f"Node: {refused}"):
        NODE.encode(Node(name="a"), "json")
    with pytest.raises(EncodeError, match=f"Graph.First: {refused}"):
        GRAPH.encode(Graph(first=Node()), "json")
    with pytest.raises(DecodeError, match=f"Node: {refused}"):
        NODE.decode(b'{"Name":"a"}', "json")
    with pytest.raises(DecodeError, match=f"Graph.First: {refused}"):
        GRAPH.decode(b'{"First":null}', "json")  # refused even as null, as Mono refuses it
    assert GRAPH.encode(Graph(), "json") == b'{"First":null,"Second":null,"All":null}'  # no Node present: written
    assert GRAPH.decode(b"{}", "json") == Graph() and NODES.decode(b"[]", "json") == []


def _bomb(levels: int) -> Node:
    node = Node(name="leaf")
    for level in range(levels):
        node = Node(name=str(level), children=[node, node])
    return node


def test_a_reference_bomb_costs_its_size_not_its_expansion() -> None:
    """2**25 paths through 26 objects: writing, reading, == and repr each visit every object once."""
    bomb = _bomb(25)
    started = time.perf_counter()
    xml = NODE.encode(bomb, "xml")
    assert len(xml) < 6000 and xml.count(b"z:Ref") == 25
    assert NODE.decode(xml, "xml") == bomb and NODE.decode(xml, "xml") != _bomb(24)
    assert len(repr(bomb)) < 2000 and "Node(...)" in repr(bomb)
    assert time.perf_counter() - started < 1


def test_equality_and_repr_are_safe_on_cycles_and_long_chains() -> None:
    assert _cycle() == _cycle() and _cycle() != Node(name="parent")
    one, other = Node(name="x"), Node(name="x")
    one.parent, other.parent = one, other
    assert one == other  # self-loops, compared without recursion
    chain = Node(name="0")
    for index in range(1, 50_000):
        chain = Node(name=str(index), parent=chain)
    twin = Node(name="0")
    for index in range(1, 50_000):
        twin = Node(name=str(index), parent=twin)
    assert chain == twin  # no RecursionError
    assert repr(chain).count("Node(") == 9 and repr(chain).endswith("parent=Node(...)" + ")" * 8)
    assert repr(_cycle()) == "Node(children=[Node(children=None, name='child', parent=Node(...))], name='parent', parent=None)"
    with pytest.raises(TypeError, match="unhashable"):
        hash(Node())
