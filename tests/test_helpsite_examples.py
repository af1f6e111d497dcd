"""tests.helpsite's example generator, per XSD construct, and the writers under it (HelpExampleGenerator, §6)."""

from __future__ import annotations

import pytest

from tests.helpsite import (
    SER,
    XS,
    NotGenerated,
    QName,
    compile_schemas,
    culture_key,
    filter_query,
    full_uri,
    json_example,
    wcf_pretty,
    xml_example,
)
from tests.helpsite.xmltext import XDocumentWriter, serialize
from tests.test_helpsite_fidelity import CUSTOMER

TNS = "urn:t"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
SER_SCHEMA = CUSTOMER.schemas[1]  # the Serialization schema, as every page prints it
assert f'targetNamespace="{SER}"' in SER_SCHEMA
STUB = (
    f'<tns:schema targetNamespace="{XS}" xmlns:tns="{XS}">\n  <tns:element name="schema">\n'
    "    <tns:complexType />\n  </tns:element>\n</tns:schema>"
)


def schema(content: str, tns: str = TNS) -> str:
    return (
        f'<xs:schema xmlns:ser="{SER}" xmlns:tns="{tns}" elementFormDefault="qualified" targetNamespace="{tns}" '
        f'xmlns:xs="{XS}">\n{content}\n</xs:schema>'
    )


def contract(name: str, members: str, tns: str = TNS) -> str:
    """A data contract's type and global element, as XsdDataContractExporter writes them."""
    return (
        f'<xs:complexType name="{name}"><xs:sequence>{members}</xs:sequence></xs:complexType>'
        f'<xs:element name="{name}" nillable="true" type="tns:{name}" />'
    )


def examples(
    *texts: str, root: str = "R", known: dict[QName, str] | None = None, zone: str = "Europe/Prague"
) -> tuple[str, str]:
    schemas = compile_schemas((*texts, SER_SCHEMA))
    return xml_example(schemas, QName(TNS, root)), json_example(schemas, QName(TNS, root), known, zone)


@pytest.mark.parametrize(
    ("type_", "xml", "json"),
    [
        ("xs:string", "String content", '"String content"'),
        ("xs:int", "2147483647", "2147483647"),
        ("xs:long", "9223372036854775807", "9223372036854775807"),
        ("xs:short", "32767", "32767"),
        ("xs:unsignedShort", "65535", "65535"),
        ("xs:byte", "127", "127"),
        ("xs:unsignedByte", "255", "255"),
        ("xs:unsignedInt", "4294967295", "4294967295"),
        ("xs:unsignedLong", "18446744073709551615", "18446744073709551615"),
        ("xs:decimal", "12678967.543233", "12678967.543233"),
        ("xs:double", "1.26743233E+15", "1.26743233E+15"),
        ("xs:float", "1.26743237E+15", "1.26743237E+15"),
        ("xs:boolean", "true", "true"),
        ("xs:dateTime", "1999-05-31T11:20:00", '"\\/Date(928142400000+0200)\\/"'),
        ("xs:anyURI", "http://www.example.com/", '"http:\\/\\/www.example.com\\/"'),
        ("xs:QName", "namespace:Name", '"namespace:Name"'),
        ("xs:hexBinary", "GpM7", '"GpM7"'),
        ("xs:positiveInteger", "+2147483647", "+2147483647"),  # written raw as a number: not JSON, as WCF
        ("ser:guid", "1627aea5-8e0a-4371-9022-9b504344e724", '"1627aea5-8e0a-4371-9022-9b504344e724"'),
        ("ser:char", "97", '"a"'),
        ("ser:duration", "P428DT10H30M12.3S", '"P428DT10H30M12.3S"'),
    ],
)
def test_a_primitive_member_shows_its_constant(type_: str, xml: str, json: str) -> None:
    got = examples(schema(contract("R", f'<xs:element minOccurs="0" name="V" type="{type_}" />')))
    assert got == (f'<R xmlns="{TNS}">\n  <V>{xml}</V>\n</R>', f'{{\n\t"V":{json}\n}}')


def test_a_type_without_a_constant_is_nil() -> None:
    got = examples(schema(contract("R", '<xs:element name="V" type="xs:anySimpleType" />')))
    assert got == (f'<R xmlns="{TNS}">\n  <V i:nil="true" xmlns:i="{XSI}" />\n</R>', '{\n\t"V":null\n}')


def test_base64_is_the_text_in_xml_and_its_character_codes_in_json() -> None:
    xml, json = examples(schema(contract("R", '<xs:element name="V" nillable="true" type="xs:base64Binary" />')))
    assert xml == f'<R xmlns="{TNS}">\n  <V>QmFzZSA2NCBTdHJlYW0=</V>\n</R>'
    assert json == '{\n\t"V":[' + ",\n\t".join(str(ord(c)) for c in "QmFzZSA2NCBTdHJlYW0=") + "]\n}"


@pytest.mark.parametrize(
    ("zone", "date"),
    [
        ("America/Los_Angeles", "928174800000-0700"),  # as WSDOT's pages show it
        ("Europe/Prague", "928142400000+0200"),
        ("UTC", "928149600000+0000"),
        ("Asia/Kolkata", "928129800000+0530"),
        ("America/St_Johns", "928158600000-0230"),
    ],
)
def test_json_dates_are_local_time_of_the_server(zone: str, date: str) -> None:
    _, json = examples(schema(contract("R", '<xs:element name="V" type="xs:dateTime" />')), zone=zone)
    assert json == f'{{\n\t"V":"\\/Date({date})\\/"\n}}'


ENUM = (
    '<xs:simpleType name="E"><xs:restriction base="xs:string">'
    '<xs:enumeration value="Second"><xs:annotation><xs:appinfo>'
    f'<EnumerationValue xmlns="{SER}">2</EnumerationValue></xs:appinfo></xs:annotation></xs:enumeration>'
    '<xs:enumeration value="First" /></xs:restriction></xs:simpleType><xs:element name="E" nillable="true" type="tns:E" />'
)
FLAGS = (
    '<xs:simpleType name="F"><xs:list><xs:simpleType><xs:restriction base="xs:string">'
    '<xs:enumeration value="None" /><xs:enumeration value="Read" /></xs:restriction></xs:simpleType></xs:list>'
    '</xs:simpleType><xs:element name="F" nillable="true" type="tns:F" />'
)


def test_enums_show_their_first_member_in_xml_and_0_in_json() -> None:
    members = '<xs:element name="E" type="tns:E" /><xs:element name="N" nillable="true" type="tns:E" /><xs:element name="F" type="tns:F" />'
    got = examples(schema(contract("R", members) + ENUM + FLAGS))
    assert got == (
        f'<R xmlns="{TNS}">\n  <E>Second</E>\n  <N>Second</N>\n  <F>None</F>\n</R>',
        '{\n\t"E":0,\n\t"N":0,\n\t"F":0\n}',
    )


def test_xml_repeats_list_items_twice_and_json_once() -> None:
    arrays = schema(
        '<xs:complexType name="ArrayOfstring"><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="string" '
        'nillable="true" type="xs:string" /></xs:sequence></xs:complexType>'
        '<xs:element name="ArrayOfstring" nillable="true" type="tns:ArrayOfstring" />',
        ARRAYS,
    )
    members = f'<xs:element minOccurs="0" name="Tags" nillable="true" xmlns:q1="{ARRAYS}" type="q1:ArrayOfstring" />'
    lists = contract(
        "ArrayOfR", '<xs:element minOccurs="0" maxOccurs="unbounded" name="R" nillable="true" type="tns:R" />'
    )
    xml, json = examples(schema(contract("R", members) + lists), arrays)
    item = f'<string xmlns="{ARRAYS}">String content</string>'
    assert xml == f'<R xmlns="{TNS}">\n  <Tags>\n    {item}\n    {item}\n  </Tags>\n</R>'
    assert json == '{\n\t"Tags":["String content"]\n}'
    xml, json = examples(schema(contract("R", members) + lists), arrays, root="ArrayOfR")
    assert xml.count("<R>") == 2 and xml.startswith(f'<ArrayOfR xmlns="{TNS}">\n  <R>\n    <Tags>')
    assert json == '[{\n\t"Tags":["String content"]\n}]'


def test_a_dictionary_is_a_list_of_key_value_pairs() -> None:
    members = (
        '<xs:element name="D"><xs:complexType><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" '
        'name="KeyValueOfstringint"><xs:complexType><xs:sequence><xs:element name="Key" nillable="true" type="xs:string" />'
        '<xs:element name="Value" type="xs:int" /></xs:sequence></xs:complexType></xs:element></xs:sequence>'
        "</xs:complexType></xs:element>"
    )
    xml, json = examples(schema(contract("R", members)))
    pair = "    <KeyValueOfstringint>\n      <Key>String content</Key>\n      <Value>2147483647</Value>\n    </KeyValueOfstringint>"
    assert xml == f'<R xmlns="{TNS}">\n  <D>\n{pair}\n{pair}\n  </D>\n</R>'
    assert json == '{\n\t"D":[{\n\t\t"Key":"String content",\n\t\t"Value":2147483647\n\t}]\n}'


def test_a_base_in_another_namespace_comes_first_in_its_own_namespace() -> None:
    base = schema(contract("Base", '<xs:element name="B" type="xs:int" />', "urn:b"), "urn:b")
    derived = (
        '<xs:complexType name="R"><xs:complexContent mixed="false"><xs:extension xmlns:q1="urn:b" base="q1:Base">'
        '<xs:sequence><xs:element name="D" type="xs:string" /></xs:sequence></xs:extension></xs:complexContent>'
        '</xs:complexType><xs:element name="R" nillable="true" type="tns:R" />'
    )
    assert examples(schema(derived), base) == (
        f'<R xmlns="{TNS}">\n  <B xmlns="urn:b">2147483647</B>\n  <D>String content</D>\n</R>',
        '{\n\t"B":2147483647,\n\t"D":"String content"\n}',
    )


def _derived(name: str, base: str, member: str, tns: str = TNS) -> str:
    return (
        f'<xs:complexType name="{name}"><xs:complexContent mixed="false"><xs:extension xmlns:q9="{TNS}" base="q9:{base}">'
        f'<xs:sequence><xs:element name="{member}" type="xs:double" /></xs:sequence></xs:extension></xs:complexContent>'
        f'</xs:complexType><xs:element name="{name}" nillable="true" type="tns:{name}" />'
    )


SHAPES = contract("Shape", '<xs:element name="Name" type="xs:string" />') + _derived("Square", "Shape", "Side")


def test_a_member_shows_the_first_derived_type_in_culture_order() -> None:
    text = schema(
        contract("R", '<xs:element name="P" nillable="true" type="tns:Shape" />')
        + SHAPES
        + _derived("circle", "Shape", "Radius")
    )
    xml, json = examples(text)
    assert xml == (
        f'<R xmlns="{TNS}">\n  <!--Valid elements of type: circle, Square-->\n'
        f'  <P i:type="circle" xmlns:i="{XSI}">\n    <Name>String content</Name>\n    <Radius>1.26743233E+15</Radius>\n  </P>\n</R>'
    )
    assert json == '{\n\t"P":{\n\t\t"Name":"String content",\n\t\t"Radius":1.26743233E+15\n\t}\n}'  # not a known type
    _, json = examples(text, known={QName(TNS, "circle"): "Circle:#Demo.Shapes"})
    assert json.startswith('{\n\t"P":{\n\t\t"__type":"Circle:#Demo.Shapes",\n\t\t"Name"')


def test_a_derived_type_in_another_namespace_gets_a_depth_prefix() -> None:
    other = schema(_derived("Circle", "Shape", "Radius", "urn:x"), "urn:x")
    xml, _ = examples(schema(contract("R", '<xs:element name="P" type="tns:Shape" />') + SHAPES), other)
    assert xml.split("\n")[2:6] == [
        f'  <P xmlns:d4="urn:x" i:type="d4:Circle" xmlns:i="{XSI}">',
        "    <Name>String content</Name>",
        "    <d4:Radius>1.26743233E+15</d4:Radius>",
        "  </P>",
    ]


def test_object_members_take_the_first_global_complex_element_even_the_stub() -> None:
    text = schema(contract("Zed", '<xs:element name="V" nillable="true" type="xs:anyType" />') + contract("Tag", ""))
    schemas = compile_schemas((text, SER_SCHEMA, STUB))
    assert xml_example(schemas, QName(TNS, "Zed")) == (
        f'<Zed xmlns="{TNS}">\n  <!--Valid elements of type: schema, Tag, Zed-->\n'
        f'  <V xmlns:d4="{XS}" i:type="d4:schema" xmlns:i="{XSI}" />\n</Zed>'
    )
    assert json_example(schemas, QName(TNS, "Zed")) == '{\n\t"V":{\n\t\t\n\t}\n}'


def test_the_third_nesting_of_an_element_is_nil() -> None:
    xml, json = examples(schema(contract("R", '<xs:element name="Next" nillable="true" type="tns:R" />')))
    assert xml == (
        f'<R xmlns="{TNS}">\n  <Next>\n    <Next>\n      <Next i:nil="true" xmlns:i="{XSI}" />\n    </Next>\n  </Next>\n</R>'
    )
    assert json == '{\n\t"Next":{\n\t\t"Next":{\n\t\t\t"Next":null\n\t\t}\n\t}\n}'


def test_is_reference_attributes_get_a_generated_prefix_in_xml_and_vanish_in_json() -> None:
    node = (
        '<xs:complexType name="R"><xs:sequence><xs:element name="V" type="xs:int" /></xs:sequence>'
        '<xs:attribute ref="ser:Id" /><xs:attribute ref="ser:Ref" /></xs:complexType><xs:element name="R" type="tns:R" />'
    )
    assert examples(schema(node)) == (
        f'<R p1:Id="NCNameString" p1:Ref="NCNameString" xmlns:p1="{SER}" xmlns="{TNS}">\n  <V>2147483647</V>\n</R>',
        '{\n\t"V":2147483647\n}',
    )


def test_a_choice_shows_its_first_item_but_xml_skips_one_inside_a_sequence() -> None:
    choice = '<xs:choice><xs:element name="A" type="xs:int" /><xs:element name="B" type="xs:string" /></xs:choice>'
    top = f'<xs:complexType name="R">{choice}</xs:complexType><xs:element name="R" type="tns:R" />'
    assert examples(schema(top)) == (f'<R xmlns="{TNS}">\n  <A>2147483647</A>\n</R>', '{\n\t"A":2147483647\n}')
    inner = contract("R", f'<xs:element name="X" type="xs:boolean" />{choice}')
    assert examples(schema(inner)) == (f'<R xmlns="{TNS}">\n  <X>true</X>\n</R>', '{\n\t"X":true,\n\t"A":2147483647\n}')


def test_an_unqualified_local_element_leaves_the_namespace() -> None:
    text = schema(contract("R", '<xs:element form="unqualified" name="V" type="xs:int" />'))
    assert examples(text)[0] == f'<R xmlns="{TNS}">\n  <V xmlns="">2147483647</V>\n</R>'


def test_a_primitive_root_in_the_serialization_namespace() -> None:
    schemas = compile_schemas((SER_SCHEMA,))
    assert xml_example(schemas, QName(SER, "boolean")) == f'<boolean xmlns="{SER}">true</boolean>'
    assert (
        json_example(schemas, QName(SER, "dateTime"), time_zone="America/Los_Angeles")
        == '"\\/Date(928174800000-0700)\\/"'
    )


@pytest.mark.parametrize(
    "construct",
    [
        contract("R", '<xs:element name="V" type="tns:Code" />')
        + '<xs:simpleType name="Code"><xs:restriction base="xs:string"><xs:pattern value="[A-Z]+" /></xs:restriction></xs:simpleType>',
        contract("R", '<xs:element name="V" type="tns:U" />')
        + '<xs:simpleType name="U"><xs:union memberTypes="xs:int xs:string" /></xs:simpleType>',
        '<xs:complexType name="R"><xs:all><xs:element name="A" type="xs:int" /></xs:all></xs:complexType><xs:element name="R" type="tns:R" />',
        (
            '<xs:complexType name="R"><xs:complexContent><xs:restriction base="xs:anyType"><xs:sequence /></xs:restriction>'
            '</xs:complexContent></xs:complexType><xs:element name="R" type="tns:R" />'
        ),
    ],
    ids=["pattern-facet", "union", "all", "complex-restriction"],
)
def test_constructs_wcf_refuses_are_refused(construct: str) -> None:
    with pytest.raises(NotGenerated):
        examples(schema(construct))


def test_nesting_deeper_than_256_handlers_is_refused() -> None:
    chain = "".join(contract(f"T{i}", f'<xs:element name="N" type="tns:T{i + 1}" />') for i in range(90)) + contract(
        "T90", ""
    )
    schemas = compile_schemas((schema(chain), SER_SCHEMA))
    with pytest.raises(NotGenerated, match="256"):
        xml_example(schemas, QName(TNS, "T0"))
    shallower = xml_example(schemas, QName(TNS, "T10"))  # 80 levels: 1 + 3 * 80 handlers deep
    assert shallower.count("<N>") == 79 and shallower.count("<N />") == 1


def test_the_writer_orders_declarations_as_dotnet_does() -> None:
    # The same calls on Mono 6.8's XmlWriter (into an XDocument, then Indent = true) give exactly this.
    writer = XDocumentWriter()
    writer.start_element("Root", "urn:a")
    writer.start_element("Child", "urn:b")
    writer.attribute("i", "nil", XSI, "true")
    writer.end_element()
    writer.start_element("Obj", "urn:a")
    writer.attribute("xmlns", "d4", "", "urn:c")
    writer.attribute("i", "type", XSI, "d4:X")
    writer.start_element("K", "urn:c")
    writer.text("v")
    writer.end_element()
    writer.start_element("Att", "urn:a")
    writer.attribute(None, "Id", SER, "NCNameString")
    writer.end_element()
    writer.end_element()
    writer.end_element()
    assert writer.root is not None
    assert serialize(writer.root) == (
        '<Root xmlns="urn:a">\n'
        f'  <Child i:nil="true" xmlns:i="{XSI}" xmlns="urn:b" />\n'
        f'  <Obj xmlns:d4="urn:c" i:type="d4:X" xmlns:i="{XSI}">\n'
        "    <d4:K>v</d4:K>\n"
        f'    <Att p5:Id="NCNameString" xmlns:p5="{SER}" />\n'
        "  </Obj>\n"
        "</Root>"
    )


def test_the_culture_order_is_the_one_measured_on_mono() -> None:
    measured = [
        "",
        "!",
        '"',
        "#",
        "$",
        "%",
        "&",
        "(",
        ")",
        "*",
        ",",
        ".",
        "/",
        ":",
        ";",
        "?",
        "@",
        "[",
        "\\",
        "]",
        "^",
        "_",
        "`",
        "{",
        "|",
        "}",
        "~",
        "+",
        "<",
        "=",
        ">",
        "0",
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
        "a",
        "A",
        "b",
        "B",
    ]
    chars = [" ", *measured[1:]]
    assert sorted(chars, key=lambda c: culture_key(f"x{c}y")) == chars
    words = ["a/b", "a_b", "a{b", "a1", "ab", "a-b", "aB", "Ab", "c10", "C10", "c1a", "c9", "ea", "Ea", "éa", "eb"]
    assert sorted(sorted(words), key=culture_key) == words  # from ordinal order, which differs everywhere
    assert sorted(["GetAPILimits", "GetAnotherUsersProfile"], key=culture_key) == [
        "GetAnotherUsersProfile",
        "GetAPILimits",
    ]


@pytest.mark.parametrize(
    ("template", "url", "path"),
    [
        ("Customers/{id}?fields={fields}", "http://h/S.svc/Customers/{ID}?fields={FIELDS}", "Customers/{id}"),
        (
            "/orders/{OrderDate}/{CustomerID}?key={key}",
            "http://h/S.svc/orders/{ORDERDATE}/{CUSTOMERID}?key={KEY}",
            "/orders/{OrderDate}/{CustomerID}",
        ),
        ("Files/{*path}", "http://h/S.svc/Files/{PATH}", "Files/{*path}"),
        ("Items/{id=5}?mode=full&top={top}", "http://h/S.svc/Items/{ID}?mode=full&top={TOP}", "Items/{id=5}"),
        ("?q={q}", "http://h/S.svc?q={Q}", "?q={q}"),
    ],
)
def test_urls_bind_variables_upper_cased_and_the_index_keeps_the_declared_path(
    template: str, url: str, path: str
) -> None:
    assert full_uri("http://h/S.svc", template) == url
    assert filter_query(template) == path


def test_the_json_pretty_printer() -> None:
    assert wcf_pretty('{"a":[1,2],"b":{"c":"x,{y}"},"d":{}}') == (
        '{\n\t"a":[1,\n\t2],\n\t"b":{\n\t\t"c":"x,{\n\t\t\ty\n\t\t}"\n\t},\n\t"d":{\n\t\t\n\t}\n}'
    )
