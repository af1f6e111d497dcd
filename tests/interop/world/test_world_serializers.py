"""What Mono's DataContractSerializer (XML) and DataContractJsonSerializer (JSON) write, read
and export for the World shapes: README.md's facts, each row checked against Mono.

* WRITES / SCHEMA_FACTS are checked on fixtures/, which test_ground_truth_is_what_mono_writes
  proves to be what Mono writes today;
* what Mono reads is test_world_reads.py's.
"""

from __future__ import annotations

import re

import pytest

from tests.interop.dumpkit import DcsError, DcsTool
from tests.interop.hostkit import Format
from tests.interop.world import harness, make_world
from tests.interop.world.harness import fixture, schema_set

pytestmark = pytest.mark.interop

SER = "http://schemas.microsoft.com/2003/10/Serialization/"
Z = f'xmlns:z="{SER}"'
W = 'xmlns="http://schemas.contoso.com/world"'
ARRAYS = 'xmlns="http://schemas.microsoft.com/2003/10/Serialization/Arrays"'
ERR = "System.Runtime.Serialization.SerializationException"


def test_ground_truth_is_what_mono_writes(world_build: harness.Build) -> None:
    # make_world.py's output is committed; it must still be what Mono makes of the C# sources.
    assert make_world.out_of_date(make_world.generate(world_build)) == []


# --------------------------------------------------------------------------- what they write

# (fixture, format, a regular expression the bytes match). A row per README fact.
WRITES: list[tuple[str, Format, str]] = [
    # collections of collections: ArrayOfArrayOfX, inner lists named by their contract, in the
    # Arrays namespace for primitives (a member declares a:), the item's for contracts
    ("list-list-int", "xml", rf"^<ArrayOfArrayOfint {ARRAYS} xmlns:i=\S+><ArrayOfint><int>1</int>"),
    ("list-list-int", "xml", r"<ArrayOfint/><ArrayOfint i:nil=\"true\"/></ArrayOfArrayOfint>$"),
    ("jagged", "xml", re.escape((fixture("list-list-int").xml or b"").decode())),  # int[][] is List<List<int>>
    ("list-list-list-int", "xml", r"^<ArrayOfArrayOfArrayOfint .*<ArrayOfArrayOfint><ArrayOfint><int>1</int>"),
    ("list-list-item", "xml", rf"^<ArrayOfArrayOfItem {W} .*><ArrayOfItem><Item><Count>1</Count>"),
    (
        "grids",
        "xml",
        r"<Grid xmlns:a=\"http://schemas.microsoft.com/2003/10/Serialization/Arrays\"><a:ArrayOfint><a:int>1",
    ),
    ("grids", "xml", r"<Items><ArrayOfItem><Item>"),  # contracts' lists stay in the member's namespace
    ("lists-by-key", "xml", r"^<ArrayOfKeyValueOfstringArrayOfintty7Ep6D1 .*<Key>k</Key><Value><int>1</int>"),
    ("nested-dictionary", "xml", r"<Value><KeyValueOfstringint><Key>i</Key><Value>2</Value></KeyValueOfstringint>"),
    ("grids", "json", r'"Grid":\[\[1,2\],\[\],null\]'),
    (
        "lists-by-key",
        "json",
        r'^\[\{"Key":"k","Value":\[1,2\]\},\{"Key":"e","Value":\[\]\},\{"Key":"n","Value":null\}\]$',
    ),
    ("nested-dictionary", "json", r'"Value":\[\{"Key":"i","Value":2\}\]'),
    # IsReference: z:Id="iN" first in the element's attributes, numbered in document order;
    # a repeat is an empty element with z:Ref only; xmlns:z on the root when the root is a
    # reference contract, else on every element that needs it
    ("node-cycle", "xml", rf'^<Node z:Id="i1" {W} xmlns:i="[^"]+" {Z}><Children><Node z:Id="i2">'),
    ("node-cycle", "xml", r'<Parent z:Ref="i1"/></Node></Children><Name>parent</Name><Parent i:nil="true"/></Node>$'),
    ("node-self", "xml", r'<Parent z:Ref="i1"/>'),
    ("node", "xml", r'^<Node z:Id="i1" '),  # written even when nothing refers to it
    ("node-family", "xml", r'<Children><Node z:Ref="i3"/><Node i:nil="true"/></Children>'),
    ("nodes-shared", "xml", rf'<Node z:Id="i1" {Z}>.*<Node z:Ref="i1" {Z}/><Node z:Id="i2" {Z}>'),
    ("graph-shared", "xml", rf'^<Graph {W} xmlns:i="[^"]+"><All><Node z:Id="i1" {Z}>'),
    ("graph-shared", "xml", rf'<First z:Ref="i1" {Z}/><Missing i:nil="true"/><Second z:Ref="i1" {Z}/></Graph>$'),
    ("graph-cycle", "xml", rf'<First z:Id="i1" {Z}><Children i:nil="true"/><Name>child</Name><Parent z:Id="i2">'),
    # bases in other namespaces: members in their declaring type's namespace; the root's
    # namespace is the default, others get xmlns="…" on the member or a prefix (a:, b:)
    ("derived", "xml", r'^<Derived xmlns="urn:d" xmlns:i=\S+><Name xmlns="urn:b">d</Name><Size>2</Size></Derived>$'),
    ("leaf", "xml", r'<Name xmlns="urn:b">l</Name><Size xmlns="urn:d">3</Size><Last>true</Last>'),
    (
        "base-derived",
        "xml",
        r'^<Base i:type="a:Derived" xmlns="urn:b" xmlns:i=\S+ xmlns:a="urn:d"><Name>d</Name><a:Size>2',
    ),
    (
        "holder",
        "xml",
        r'<Item i:type="b:Derived" xmlns:a="urn:b" xmlns:b="urn:d"><a:Name>d</a:Name><b:Size>2</b:Size></Item>',
    ),
    (
        "holder",
        "xml",
        r'<Items xmlns:a="urn:b"><a:Base><a:Name>b</a:Name></a:Base><a:Base i:type="b:Derived" xmlns:b="urn:d">',
    ),
    ("base-derived", "json", r'^\{"__type":"Derived:urn:d","Name":"d","Size":2\}$'),  # __type first, full namespace
    ("holder", "json", r'"Exact":\{"__type":"Leaf:urn:l",'),  # a subtype of the declared Derived
    ("derived", "json", r'^\{"Name":"d","Size":2\}$'),  # the declared type: no __type
    # enums: XML the EnumMember value, flags space-separated in declaration order; JSON the number
    ("mood-very-good", "xml", r">Very Good</Mood>$"),
    ("rights-read-delete", "xml", r">Read Remove</Rights>$"),
    ("settings", "json", r'^\{"Level":2,"Levels":\[1,2\],"MaybeLevel":1,"Mood":7,"Rights":9\}$'),
    ("settings-default", "json", r'^\{"Level":0,"Levels":null,"MaybeLevel":null,"Mood":0,"Rights":0\}$'),
    ("settings-undeclared", "json", r'"Levels":\[0,2\],"MaybeLevel":0,"Mood":1,"Rights":5'),
    ("rights-high-bits", "json", r"^41$"),
    ("level-negative", "json", r"^-1$"),
]


@pytest.mark.parametrize(("name", "fmt", "pattern"), WRITES, ids=[f"{n}-{f}-{i}" for i, (n, f, _) in enumerate(WRITES)])
def test_what_mono_writes(name: str, fmt: Format, pattern: str) -> None:
    body = fixture(name).body(fmt)
    assert body is not None
    assert re.search(pattern, body.decode()), body


# (fixture, node name, its id, how many references to it)
SHARED: list[tuple[str, str, str, int]] = [
    ("graph-shared", "a", "i1", 4),  # All[2], First, Second, b.Parent
    ("nodes-shared", "a", "i1", 2),  # the second item, b.Parent
    ("node-family", "leaf", "i3", 1),  # in right.Children after left.Children
]


@pytest.mark.parametrize(("name", "node", "node_id", "refs"), SHARED)
def test_a_shared_node_is_written_once(name: str, node: str, node_id: str, refs: int) -> None:
    # Once, in full, where depth-first document order meets it first; every other occurrence
    # (a member, a list item, a Parent back-reference) is an empty element with a z:Ref.
    body = (fixture(name).xml or b"").decode()
    assert body.count(f"<Name>{node}</Name>") == 1 and body.count(f'z:Id="{node_id}"') == 1
    assert body.count(f'z:Ref="{node_id}"') == refs
    assert len(re.findall(rf'<\w+ z:Ref="{node_id}"(?: xmlns:z="[^"]+")?/>', body)) == refs


# (fixture, format, the start of the serializer's refusal)
REFUSES: list[tuple[str, Format, str]] = [
    *[
        (name, "json", f"{ERR}: Unsupported value for IsReference for type 'World.Node', IsReference value is True.")
        for name in ("node", "node-self", "node-cycle", "node-family", "nodes-shared", "graph-shared", "graph-cycle")
    ],
    # a plain contract cannot be written with a cycle, in either format
    *[
        (name, fmt, f"{ERR}: Object graph for type 'World.Chain' contains cycles")
        for name in ("chain-cycle",)
        for fmt in ("xml", "json")
    ],
    # XML has no form for an enum value without a member: 0, undeclared numbers and bits alike
    *[
        (name, "xml", f"{ERR}: Enum value '{value}' is invalid for type 'World.{kind}' and cannot be serialized.")
        for name, value, kind in [
            ("level-zero", "0", "Level"),
            ("level-undeclared", "3", "Level"),
            ("level-negative", "-1", "Level"),
            ("rights-undeclared", "4", "Rights"),
            ("rights-read-undeclared", "5", "Rights"),
            ("rights-high-bits", "41", "Rights"),
            ("settings-default", "0", "Level"),
            ("settings-level-zero", "0", "Level"),
            ("settings-undeclared", "3", "Level"),
            ("settings-flags-undeclared", "41", "Rights"),
        ]
    ],
]


@pytest.mark.parametrize(("name", "fmt", "error"), REFUSES, ids=[f"{n}-{f}" for n, f, _ in REFUSES])
def test_what_mono_refuses_to_write(name: str, fmt: Format, error: str) -> None:
    case = fixture(name)
    assert case.body(fmt) is None
    assert (case.error(fmt) or "").startswith(error)


def test_every_fixture_refusal_is_listed() -> None:
    refused = {
        (case.name, fmt) for case in harness.fixture_cases() for fmt in ("xml", "json") if case.body(fmt) is None
    }
    assert refused == {(name, fmt) for name, fmt, _ in REFUSES}


# Prefixes belong to the XML writer, not to the serializer: through WCF's dictionary writer
# (every fixture) DCS declares a:, b:, ...; through System.Xml's XmlWriter (how .NET code and
# documentation often show DCS output) the same value declares d<depth>p<n>:, with xmlns first.
# Readers must take any prefix: Mono reads each form back into the fixture's value.
XML_WRITER: list[tuple[str, str, str]] = [
    (
        "base-derived",
        "Base",
        r'^<Base xmlns:i=\S+ xmlns:d1p1="urn:d" i:type="d1p1:Derived" xmlns="urn:b"><Name>d</Name><d1p1:Size>2',
    ),
    ("holder", "Holder", r'<d2p1:Base xmlns:d3p1="urn:d" i:type="d3p1:Derived"><d2p1:Name>d</d2p1:Name><d3p1:Size>2'),
    (
        "grids",
        "Grids",
        r'<Grid xmlns:d2p1="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><d2p1:ArrayOfint>',
    ),
    ("graph-shared", "Graph", rf'<All><Node z:Id="i1" {Z}><Children i:nil="true" />'),
]


@pytest.fixture(scope="module")
def xml_writer_forms(world_dcs: DcsTool) -> list[bytes | DcsError]:
    return world_dcs.convert_many([(t, "xml", "xml-writer", fixture(n).xml or b"") for n, t, _ in XML_WRITER])


@pytest.mark.parametrize("row", range(len(XML_WRITER)), ids=[n for n, _, _ in XML_WRITER])
def test_prefixes_are_the_writers(world_dcs: DcsTool, xml_writer_forms: list[bytes | DcsError], row: int) -> None:
    name, type_name, pattern = XML_WRITER[row]
    form = xml_writer_forms[row]
    assert isinstance(form, bytes) and re.search(pattern, form.decode()), form

    assert world_dcs.roundtrip(type_name, "xml", form) == fixture(name).xml


# --------------------------------------------------------------------------- what the exporter exports

# (type set, target namespace, a substring of the exported schema)
SCHEMA_FACTS: list[tuple[str, str, str]] = [
    # a base in another namespace: the prefix is declared on the extension element itself
    ("derived", "urn:d", '<xs:extension xmlns:q1="urn:b" base="q1:Base">'),
    ("derived", "urn:d", '<xs:import namespace="urn:b" />'),
    ("leaf", "urn:l", '<xs:extension xmlns:q1="urn:d" base="q1:Derived">'),
    (
        "namespaces",
        "http://schemas.contoso.com/world",
        '<xs:element minOccurs="0" name="Item" nillable="true" xmlns:q2="urn:b" type="q2:Base" />',
    ),
    ("namespaces", "urn:b", '<xs:complexType name="ArrayOfBase">'),  # a list lives in its item's namespace
    # collections of collections: ArrayOfArrayOfX in the Arrays namespace (primitives) or the item's
    (
        "collections",
        "http://schemas.microsoft.com/2003/10/Serialization/Arrays",
        '<xs:complexType name="ArrayOfArrayOfint">\n    <xs:sequence>\n      <xs:element minOccurs="0" maxOccurs="unbounded" name="ArrayOfint" nillable="true" type="tns:ArrayOfint" />',
    ),
    (
        "collections",
        "http://schemas.microsoft.com/2003/10/Serialization/Arrays",
        '<xs:complexType name="ArrayOfArrayOfArrayOfint">',
    ),
    ("collections", "http://schemas.contoso.com/world", '<xs:complexType name="ArrayOfArrayOfItem">'),
    (
        "collections",
        "http://schemas.microsoft.com/2003/10/Serialization/Arrays",
        '<xs:element name="Value" nillable="true" type="tns:ArrayOfKeyValueOfstringint" />',
    ),
    (
        "collections",
        "http://schemas.microsoft.com/2003/10/Serialization/Arrays",
        '<IsDictionary xmlns="http://schemas.microsoft.com/2003/10/Serialization/">true</IsDictionary>',
    ),
    # IsReference: two attribute references, no annotation
    (
        "references",
        "http://schemas.contoso.com/world",
        '</xs:sequence>\n    <xs:attribute ref="ser:Id" />\n    <xs:attribute ref="ser:Ref" />\n  </xs:complexType>\n  <xs:element name="Node"',
    ),
    (
        "references",
        "http://schemas.microsoft.com/2003/10/Serialization/",
        '<xs:attribute name="Id" type="xs:ID" />\n  <xs:attribute name="Ref" type="xs:IDREF" />',
    ),
    # enums: EnumMember values as enumeration values, numbers in EnumerationValue; flags as xs:list
    (
        "enums",
        "http://schemas.contoso.com/world",
        '<xs:enumeration value="Very Good">\n        <xs:annotation>\n          <xs:appinfo>\n            <EnumerationValue xmlns="http://schemas.microsoft.com/2003/10/Serialization/">7</EnumerationValue>',
    ),
    (
        "enums",
        "http://schemas.contoso.com/world",
        '<xs:simpleType name="Rights">\n    <xs:list>\n      <xs:simpleType>',
    ),
    # ... only where the number is not the default: a flags member's default is 2**index (8 for
    # Remove, the 4th), any other member's its index (Low = 1 is annotated, being the 1st)
    ("enums", "http://schemas.contoso.com/world", '<xs:enumeration value="Remove" />'),
    # the exporter itself adds the XMLSchema "schema" stub every help page carries (§7)
    ("faults", "http://www.w3.org/2001/XMLSchema", '<tns:element name="schema">'),
]


@pytest.mark.parametrize(
    ("name", "namespace", "text"), SCHEMA_FACTS, ids=[f"{s}-{i}" for i, (s, _, _) in enumerate(SCHEMA_FACTS)]
)
def test_what_the_exporter_exports(name: str, namespace: str, text: str) -> None:
    assert text in schema_set(name).schema(namespace)


def test_not_refused_by_the_exporter() -> None:
    # IsReference graphs and collections of collections export without a word; a known type is
    # exported with the type that declares it (Derived alone brings urn:l's Leaf).
    assert "IsReference" not in schema_set("references").schema("http://schemas.contoso.com/world")
    assert list(schema_set("derived").schemas)[:4] == ["urn:d", SER, "urn:b", "urn:l"]
