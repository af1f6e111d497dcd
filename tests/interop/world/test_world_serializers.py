"""What Mono's DataContractSerializer (XML) and DataContractJsonSerializer (JSON) write, read
and export for the World shapes: README.md's facts, each row checked against Mono.

* WRITES / SCHEMA_FACTS are checked on fixtures/, which test_ground_truth_is_what_mono_writes
  proves to be what Mono writes today;
* READS go through WorldDump.exe serve in one batch (no HTTP).
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


# --------------------------------------------------------------------------- what they read

N = 'xmlns="http://schemas.contoso.com/world"'
NODE_A = f'<Node z:Id="i1" {N} xmlns:i="http://www.w3.org/2001/XMLSchema-instance" {Z}><Children i:nil="true"/><Name>a</Name>'


def _x(tag: str, body: str, ns: str = N) -> bytes:
    return f"<{tag} {ns}>{body}</{tag}>".encode()


# (type, format, input, what Mono writes back after reading it | the read error's message start)
READS: list[tuple[str, Format, bytes, bytes | str]] = [
    # references: z:Id is optional, any id string and any prefix of the namespace work (ids are
    # renumbered); a reference to an unknown or later id is refused, a repeated id too
    ("Node", "xml", _x("Node", "<Name>a</Name>"), f'{NODE_A}<Parent i:nil="true"/></Node>'.encode()),
    (
        "Node",
        "xml",
        f'<Node z:Id="x7" {N} {Z}><Name>a</Name><Parent z:Ref="x7"/></Node>'.encode(),
        f'{NODE_A}<Parent z:Ref="i1"/></Node>'.encode(),
    ),
    (
        "Node",
        "xml",
        f'<Node q:Id="a" {N} xmlns:q="{SER}"><Name>a</Name><Parent q:Ref="a"/></Node>'.encode(),
        f'{NODE_A}<Parent z:Ref="i1"/></Node>'.encode(),
    ),
    (
        "Node",
        "xml",
        f'<Node z:Id="i1" {N} {Z}><Parent z:Ref="i2"/></Node>'.encode(),
        f"{ERR}: Deserialized object with reference id 'i2' not found in stream.",
    ),
    (
        "List<Node>",
        "xml",
        _x("ArrayOfNode", '<Node z:Ref="i1"/><Node z:Id="i1"/>', f"{N} {Z}"),
        f"{ERR}: Deserialized object with reference id 'i1' not found in stream.",
    ),
    (
        "List<Node>",
        "xml",
        _x("ArrayOfNode", '<Node z:Id="i1"/><Node z:Id="i1"/>', f"{N} {Z}"),
        f"{ERR}: Invalid XML encountered. The same Id value 'i1' is defined more than once.",
    ),
    # a z:Ref element's content and i:nil are ignored: it is the referenced object
    (
        "List<Node>",
        "xml",
        _x("ArrayOfNode", '<Node z:Id="i1"><Name>a</Name></Node><Node z:Ref="i1"><Name>b</Name></Node>', f"{N} {Z}"),
        b"<ArrayOfNode "
        + N.encode()
        + b' xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Node z:Id="i1" '
        + Z.encode()
        + b'><Children i:nil="true"/><Name>a</Name><Parent i:nil="true"/></Node><Node z:Ref="i1" '
        + Z.encode()
        + b"/></ArrayOfNode>",
    ),
    # unqualified Id/Ref are no references: Parent becomes a new, empty Node
    (
        "Node",
        "xml",
        _x("Node", '<Name>a</Name><Parent Ref="i1"/>'),
        f'{NODE_A}<Parent z:Id="i2"><Children i:nil="true"/><Name i:nil="true"/><Parent i:nil="true"/></Parent></Node>'.encode(),
    ),
    # DCS resolves z:Ref in a plain contract too, building a cycle it then cannot write
    ("Chain", "xml", f'<Chain z:Id="i1" {N} {Z}><Name>a</Name><Next z:Ref="i1"/></Chain>'.encode(), "write"),
    # JSON: a reference contract is refused wherever it appears, even as a null member
    (
        "Node",
        "json",
        b'{"Name":"a"}',
        f"{ERR}: Unsupported value for IsReference for type 'World.Node', IsReference value is True.",
    ),
    ("Graph", "json", b'{"First":null}', f"{ERR}: Unsupported value for IsReference"),
    ("Graph", "json", b"{}", b'{"All":null,"First":null,"Missing":null,"Second":null}'),
    ("List<Node>", "json", b"[]", b"[]"),
    # bases in other namespaces: XML member namespaces and order are exact (a wrong one is
    # dropped silently); i:type needs the subtype's namespace; JSON __type only when first,
    # with the data-contract namespace (not "#World")
    (
        "Derived",
        "xml",
        b'<Derived xmlns="urn:d"><Name>d</Name><Size>2</Size></Derived>',
        b'<Derived xmlns="urn:d" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Name i:nil="true" xmlns="urn:b"/><Size>2</Size></Derived>',
    ),
    (
        "Derived",
        "xml",
        b'<Derived xmlns="urn:d"><Size>2</Size><Name xmlns="urn:b">d</Name></Derived>',
        b'<Derived xmlns="urn:d" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Name i:nil="true" xmlns="urn:b"/><Size>2</Size></Derived>',
    ),
    (
        "Leaf",
        "xml",
        b'<Leaf xmlns="urn:l"><Name xmlns="urn:b">l</Name><Size>3</Size></Leaf>',
        b'<Leaf xmlns="urn:l" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Name xmlns="urn:b">l</Name><Size xmlns="urn:d">0</Size><Last>false</Last></Leaf>',
    ),
    (
        "Base",
        "xml",
        b'<Base i:type="Derived" xmlns="urn:b" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"/>',
        f"{ERR}: Error in line 1 position 91. Element 'urn:b:Base' contains data of the 'urn:b:Derived' data contract.",
    ),
    ("Base", "json", b'{"Name":"d","__type":"Derived:urn:d","Size":2}', b'{"Name":"d"}'),
    (
        "Base",
        "json",
        b'{"__type":"Derived:#World","Name":"d"}',
        f"{ERR}: Element ':root' contains data of the 'http://schemas.datacontract.org/2004/07/World:Derived' data contract.",
    ),
    (
        "Base",
        "json",
        b'{"__type":"Leaf:urn:l","Name":"l"}',
        b'{"__type":"Leaf:urn:l","Name":"l","Size":0,"Last":false}',
    ),
    (
        "Derived",
        "json",
        b'{"__type":"Base:urn:b","Name":"b"}',
        f"{ERR}: Element ':root' contains data of the 'urn:b:Base' data contract.",
    ),
    # enums, XML: only EnumMember values, case-sensitive; no numbers, no C# names, no empty value
    ("Level", "xml", _x("Level", "Low"), _x("Level", "Low")),
    *[
        (
            "Level",
            "xml",
            _x("Level", text),
            f"{ERR}: Invalid enum value '{text}' cannot be deserialized into type 'World.Level'.",
        )
        for text in ("0", "1", "low", "")
    ],
    (
        "Settings",
        "xml",
        _x("Settings", "<Mood>SoSo</Mood>"),
        f"{ERR}: Invalid enum value 'SoSo' cannot be deserialized into type 'World.Mood'.",
    ),
    # a Settings without Level reads (Level = 0) but cannot be written back
    ("Settings", "xml", _x("Settings", "<Mood>so-so</Mood>"), "write"),
    ("Rights", "xml", _x("Rights", "Remove Read Read"), _x("Rights", "Read Remove")),
    ("Rights", "xml", _x("Rights", "None Read"), _x("Rights", "Read")),
    (
        "Rights",
        "xml",
        _x("Rights", "Read Delete"),
        f"{ERR}: Invalid enum value 'Delete' cannot be deserialized into type 'World.Rights'.",
    ),
    (
        "Rights",
        "xml",
        _x("Rights", "5"),
        f"{ERR}: Invalid enum value '5' cannot be deserialized into type 'World.Rights'.",
    ),
    # enums, JSON: any integer, also as a string; it wraps silently past Int32; no names, no fractions
    ("Level", "json", b"0", b"0"),
    ("Level", "json", b'"3"', b"3"),
    ("Level", "json", b"2147483648", b"-2147483648"),
    ("Rights", "json", b"-1", b"-1"),
    (
        "Level",
        "json",
        b'"Low"',
        f"{ERR}: There was an error deserializing the object of type World.Level. The value 'Low' cannot be parsed as the type 'Int64'.",
    ),
    (
        "Level",
        "json",
        b"1.5",
        f"{ERR}: There was an error deserializing the object of type World.Level. The value '1.5' cannot be parsed as the type 'Int64'.",
    ),
    # collections of collections
    (
        "List<List<int>>",
        "json",
        b"[1,2]",
        f"{ERR}: Expecting state 'Element'.. Encountered 'Text'  with name '', namespace ''.",
    ),
    ("List<List<int>>", "json", b'{"a":1}', b"[]"),  # an object for an array: empty, silently
    (
        "Dictionary<string,Dictionary<string,int>>",
        "json",
        b'[{"Key":"o","Value":{"i":1}}]',
        b'[{"Key":"o","Value":[]}]',
    ),
    ("Dictionary<string,List<int>>", "json", b'[{"Value":[1],"Key":"a"}]', b'[{"Key":"a","Value":[1]}]'),
    (
        "Dictionary<string,List<int>>",
        "json",
        b'[{"Key":"a","Value":[1]},{"Key":"a","Value":[2]}]',
        "System.ArgumentException: An item with the same key has already been added. Key: a",
    ),
    (
        "Dictionary<string,List<int>>",
        "json",
        b'[{"Key":null,"Value":[1]}]',
        "System.ArgumentNullException: Value cannot be null.",
    ),
    # XML items are matched by name and namespace; others are skipped silently
    (
        "List<List<int>>",
        "xml",
        _x("ArrayOfArrayOfint", "<ArrayOfint><int>1</int></ArrayOfint><ArrayOfstring/><int>2</int>", ARRAYS),
        _x(
            "ArrayOfArrayOfint",
            "<ArrayOfint><int>1</int></ArrayOfint>",
            ARRAYS + ' xmlns:i="http://www.w3.org/2001/XMLSchema-instance"',
        ),
    ),
    ("Grids", "xml", _x("Grids", "<Grid><ArrayOfint><int>1</int></ArrayOfint></Grid>"), "Grid-empty"),
]


@pytest.fixture(scope="module")
def read_answers(world_dcs: DcsTool) -> list[bytes | DcsError]:
    """Every READS row through Mono in one exchange."""
    return world_dcs.convert_many([(type_name, fmt, fmt, body) for type_name, fmt, body, _ in READS])


@pytest.mark.parametrize("row", range(len(READS)), ids=[f"{t}-{f}-{i}" for i, (t, f, _, _) in enumerate(READS)])
def test_what_mono_reads(read_answers: list[bytes | DcsError], row: int) -> None:
    expected, answer = READS[row][3], read_answers[row]
    if expected == "write":  # read, but not writable back
        assert isinstance(answer, DcsError) and answer.phase == "write", answer
    elif expected == "Grid-empty":  # the inner list in the member's namespace, not Arrays: skipped
        assert (
            isinstance(answer, bytes)
            and b'<Grid xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays"/>' in answer
        )
    elif isinstance(expected, str):
        assert isinstance(answer, DcsError) and answer.phase == "read", answer
        assert answer.description.startswith(expected), answer.description
    else:
        assert answer == expected


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
