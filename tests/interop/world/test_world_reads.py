"""What Mono's DataContractSerializer (XML) and DataContractJsonSerializer (JSON) read, for the
World shapes: README.md's facts, each READS row checked against Mono in one batch through
WorldDump.exe serve (no HTTP).
"""

from __future__ import annotations

import pytest

from tests.interop.dumpkit import DcsError, DcsTool
from tests.interop.hostkit import Format

pytestmark = pytest.mark.interop

SER = "http://schemas.microsoft.com/2003/10/Serialization/"
Z = f'xmlns:z="{SER}"'
ARRAYS = 'xmlns="http://schemas.microsoft.com/2003/10/Serialization/Arrays"'
ERR = "System.Runtime.Serialization.SerializationException"

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
