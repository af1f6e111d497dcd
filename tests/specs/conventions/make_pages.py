"""Writes Conventions/*.html: help pages of a small "Trips" service as WCF publishes them,
with the examples WCF's HelpExampleGenerator writes (../shared/reference/wcf-help-format.md §6,
checked against the WSDOT and Groundspeak pages): XML repeats every repeated element twice,
JSON shows it once; enums are the first member in XML and 0 in JSON (FareTotalType is
declared from 1, as WSDOT's is); a member of a type with a known subtype shows the subtype
(i:type, with the "Valid elements of type" comment) in XML and the declared type in JSON;
dates are 1999-05-31T11:20:00 in XML and \\/Date(928174800000-0700)\\/ in JSON (a Pacific
server); byte[] is the base64 of "Base 64 Stream" in XML and the character codes of that
base64 text in JSON. Markup and schema layout follow the WSDOT pages (UTF-8 byte order mark,
2-space indented XML, WCF's tab pretty-printing of JSON, the Serialization and XMLSchema
schemas after each operation's own).

Run it to rewrite the pages: python tests/specs/conventions/make_pages.py
"""

from __future__ import annotations

import html
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
NS = "http://example.org/trips/"
XSI = 'xmlns:i="http://www.w3.org/2001/XMLSchema-instance"'
BASE = "http://www.trips.example/Trips/rest"
TEXT, INT, DECIMAL, DATE_XML = "String content", "2147483647", "12678967.543233", "1999-05-31T11:20:00"
DATE_JSON = "\\/Date(928174800000-0700)\\/"
BASE64 = "QmFzZSA2NCBTdHJlYW0="


def pretty_json(compact: str) -> str:
    """WCF's pretty printer (wcf-help-format.md §6.4)."""
    out, depth, in_string, i = list(compact), 0, False, 0
    while i < len(out):
        c = out[i]
        if c == '"':
            in_string = not in_string
        elif c == "{":
            depth += 1
            out[i + 1 : i + 1] = "\n" + "\t" * depth
            i += depth + 1
        elif c == "," and not in_string:
            out[i + 1 : i + 1] = "\n" + "\t" * depth
        elif c == "}" and depth > 0:
            depth -= 1
            out[i:i] = "\n" + "\t" * depth
            i += depth + 1
        i += 1
    return "".join(out)


def enum(name: str, values: list[tuple[str, int | None]], flags: bool = False) -> str:
    """An exported enum: EnumerationValue only where the number is not the default."""
    members = []
    for value, number in values:
        if number is None:
            members.append(f'      <xs:enumeration value="{value}" />')
        else:
            members += [
                f'      <xs:enumeration value="{value}">',
                "        <xs:annotation>",
                "          <xs:appinfo>",
                f'            <EnumerationValue xmlns="http://schemas.microsoft.com/2003/10/Serialization/">{number}</EnumerationValue>',
                "          </xs:appinfo>",
                "        </xs:annotation>",
                "      </xs:enumeration>",
            ]
    if flags:
        body = [f"  <xs:simpleType name=\"{name}\">", "    <xs:list>", "      <xs:simpleType>",
                '        <xs:restriction base="xs:string">', *("    " + m for m in members), "        </xs:restriction>",
                "      </xs:simpleType>", "    </xs:list>", "  </xs:simpleType>"]  # fmt: skip
    else:
        body = [f'  <xs:simpleType name="{name}">', '    <xs:restriction base="xs:string">', *members, "    </xs:restriction>", "  </xs:simpleType>"]
    return "\n".join([*body, f'  <xs:element name="{name}" nillable="true" type="tns:{name}" />'])


def complex_type(name: str, members: list[str], base: str | None = None) -> str:
    elements = [f"      {m}" if base is None else f"          {m}" for m in members]
    if base is None:
        body = [f'  <xs:complexType name="{name}">', "    <xs:sequence>", *elements, "    </xs:sequence>", "  </xs:complexType>"]
    else:
        body = [f'  <xs:complexType name="{name}">', '    <xs:complexContent mixed="false">', f'      <xs:extension base="tns:{base}">',
                "        <xs:sequence>", *elements, "        </xs:sequence>", "      </xs:extension>", "    </xs:complexContent>",
                "  </xs:complexType>"]  # fmt: skip
    return "\n".join([*body, f'  <xs:element name="{name}" nillable="true" type="tns:{name}" />'])


def schema(*types: str, arrays: bool = False) -> str:
    imports = ['  <xs:import namespace="http://schemas.microsoft.com/2003/10/Serialization/Arrays" />'] if arrays else []
    return "\n".join(
        [
            f'<xs:schema xmlns:tns="{NS}" elementFormDefault="qualified" targetNamespace="{NS}" xmlns:xs="http://www.w3.org/2001/XMLSchema">',
            *imports,
            '  <xs:import namespace="http://schemas.microsoft.com/2003/10/Serialization/" />',
            *types,
            "</xs:schema>",
        ]
    )


ARRAYS_SCHEMA = """<xs:schema xmlns:tns="http://schemas.microsoft.com/2003/10/Serialization/Arrays" elementFormDefault="qualified" targetNamespace="http://schemas.microsoft.com/2003/10/Serialization/Arrays" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:complexType name="ArrayOfstring">
    <xs:sequence>
      <xs:element minOccurs="0" maxOccurs="unbounded" name="string" nillable="true" type="xs:string" />
    </xs:sequence>
  </xs:complexType>
  <xs:element name="ArrayOfstring" nillable="true" type="tns:ArrayOfstring" />
  <xs:complexType name="ArrayOfKeyValueOfstringstring">
    <xs:annotation>
      <xs:appinfo>
        <IsDictionary xmlns="http://schemas.microsoft.com/2003/10/Serialization/">true</IsDictionary>
      </xs:appinfo>
    </xs:annotation>
    <xs:sequence>
      <xs:element minOccurs="0" maxOccurs="unbounded" name="KeyValueOfstringstring">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="Key" nillable="true" type="xs:string" />
            <xs:element name="Value" nillable="true" type="xs:string" />
          </xs:sequence>
        </xs:complexType>
      </xs:element>
    </xs:sequence>
  </xs:complexType>
  <xs:element name="ArrayOfKeyValueOfstringstring" nillable="true" type="tns:ArrayOfKeyValueOfstringstring" />
  <xs:complexType name="ArrayOfArrayOfint">
    <xs:sequence>
      <xs:element minOccurs="0" maxOccurs="unbounded" name="ArrayOfint" nillable="true" type="tns:ArrayOfint" />
    </xs:sequence>
  </xs:complexType>
  <xs:element name="ArrayOfArrayOfint" nillable="true" type="tns:ArrayOfArrayOfint" />
  <xs:complexType name="ArrayOfint">
    <xs:sequence>
      <xs:element minOccurs="0" maxOccurs="unbounded" name="int" type="xs:int" />
    </xs:sequence>
  </xs:complexType>
  <xs:element name="ArrayOfint" nillable="true" type="tns:ArrayOfint" />
</xs:schema>"""

SERIALIZATION_SCHEMA = """<xs:schema xmlns:tns="http://schemas.microsoft.com/2003/10/Serialization/" attributeFormDefault="qualified" elementFormDefault="qualified" targetNamespace="http://schemas.microsoft.com/2003/10/Serialization/" xmlns:xs="http://www.w3.org/2001/XMLSchema">
""" + "\n".join(
    f'  <xs:element name="{name}" nillable="true" type="xs:{name}" />'
    for name in ("anyType", "anyURI", "base64Binary", "boolean", "byte", "dateTime", "decimal", "double", "float", "int", "long",
                 "QName", "short", "string", "unsignedByte", "unsignedInt", "unsignedLong", "unsignedShort")
) + """
  <xs:element name="char" nillable="true" type="tns:char" />
  <xs:simpleType name="char">
    <xs:restriction base="xs:int" />
  </xs:simpleType>
  <xs:element name="duration" nillable="true" type="tns:duration" />
  <xs:simpleType name="duration">
    <xs:restriction base="xs:duration">
      <xs:pattern value="\\-?P(\\d*D)?(T(\\d*H)?(\\d*M)?(\\d*(\\.\\d*)?S)?)?" />
      <xs:minInclusive value="-P10675199DT2H48M5.4775808S" />
      <xs:maxInclusive value="P10675199DT2H48M5.4775807S" />
    </xs:restriction>
  </xs:simpleType>
  <xs:element name="guid" nillable="true" type="tns:guid" />
  <xs:simpleType name="guid">
    <xs:restriction base="xs:string">
      <xs:pattern value="[\\da-fA-F]{8}-[\\da-fA-F]{4}-[\\da-fA-F]{4}-[\\da-fA-F]{4}-[\\da-fA-F]{12}" />
    </xs:restriction>
  </xs:simpleType>
  <xs:attribute name="FactoryType" type="xs:QName" />
  <xs:attribute name="Id" type="xs:ID" />
  <xs:attribute name="Ref" type="xs:IDREF" />
</xs:schema>"""  # fmt: skip

XMLSCHEMA_STUB = """<tns:schema targetNamespace="http://www.w3.org/2001/XMLSchema" xmlns:tns="http://www.w3.org/2001/XMLSchema">
  <tns:element name="schema">
    <tns:complexType />
  </tns:element>
</tns:schema>"""

FARE_TOTAL_TYPE = enum("FareTotalType", [("Depart", 1), ("Return", 2), ("Either", 3), ("Total", 4)])
RIGHTS = enum("TravelerRights", [("Read", None), ("Write", None), ("Board", None)], flags=True)

FARES = schema(
    complex_type("ArrayOfFareTotal", ['<xs:element minOccurs="0" maxOccurs="unbounded" name="FareTotal" nillable="true" type="tns:FareTotal" />']),
    complex_type("FareTotal", [
        '<xs:element minOccurs="0" name="TotalType" type="tns:FareTotalType" />',
        '<xs:element minOccurs="0" name="Description" nillable="true" type="xs:string" />',
        '<xs:element minOccurs="0" name="Amount" type="xs:decimal" />',
    ]),
    FARE_TOTAL_TYPE,
)  # fmt: skip
FARE = ("<FareTotal>\n    <TotalType>Depart</TotalType>\n    <Description>String content</Description>\n"
        f"    <Amount>{DECIMAL}</Amount>\n  </FareTotal>")  # fmt: skip
FARES_XML = f'<ArrayOfFareTotal xmlns="{NS}">\n  {FARE}\n  {FARE}\n</ArrayOfFareTotal>'
FARES_JSON = f'[{{"TotalType":0,"Description":"String content","Amount":{DECIMAL}}}]'

TRAVELER = schema(
    complex_type("TravelerResponse", [
        '<xs:element minOccurs="0" name="Nicknames" nillable="true" xmlns:q1="http://schemas.microsoft.com/2003/10/Serialization/Arrays" type="q1:ArrayOfstring" />',
        '<xs:element minOccurs="0" name="Photo" nillable="true" type="xs:base64Binary" />',
        '<xs:element minOccurs="0" name="Profile" nillable="true" type="tns:Traveler" />',
        '<xs:element minOccurs="0" name="Registered" type="xs:dateTime" />',
        '<xs:element minOccurs="0" name="Rights" type="tns:TravelerRights" />',
    ]),
    complex_type("Traveler", [
        '<xs:element minOccurs="0" name="Name" nillable="true" type="xs:string" />',
        '<xs:element minOccurs="0" name="Trips" type="xs:int" />',
    ]),
    complex_type("FrequentTraveler", ['<xs:element minOccurs="0" name="Miles" type="xs:long" />'], base="Traveler"),
    RIGHTS,
    arrays=True,
)  # fmt: skip
ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
TRAVELER_XML = "\n".join([
    f'<TravelerResponse xmlns="{NS}">',
    "  <Nicknames>",
    f'    <string xmlns="{ARRAYS}">String content</string>',
    f'    <string xmlns="{ARRAYS}">String content</string>',
    "  </Nicknames>",
    f"  <Photo>{BASE64}</Photo>",
    "  <!--Valid elements of type: FrequentTraveler-->",
    f'  <Profile i:type="FrequentTraveler" {XSI}>',
    "    <Name>String content</Name>",
    f"    <Trips>{INT}</Trips>",
    "    <Miles>9223372036854775807</Miles>",
    "  </Profile>",
    f"  <Registered>{DATE_XML}</Registered>",
    "  <Rights>Read</Rights>",
    "</TravelerResponse>",
])  # fmt: skip
TRAVELER_JSON = (
    '{"Nicknames":["String content"],"Photo":' + json.dumps([ord(c) for c in BASE64], separators=(",", ":"))
    + f',"Profile":{{"Name":"String content","Trips":{INT}}},"Registered":"{DATE_JSON}","Rights":0}}'
)  # fmt: skip

NOTES = schema(
    complex_type("Notes", [
        '<xs:element minOccurs="0" name="ByDay" nillable="true" xmlns:q1="http://schemas.microsoft.com/2003/10/Serialization/Arrays" type="q1:ArrayOfKeyValueOfstringstring" />',
        '<xs:element minOccurs="0" name="Seats" nillable="true" xmlns:q2="http://schemas.microsoft.com/2003/10/Serialization/Arrays" type="q2:ArrayOfArrayOfint" />',
        '<xs:element minOccurs="0" name="TotalType" type="tns:FareTotalType" />',
    ]),
    FARE_TOTAL_TYPE,
    arrays=True,
)  # fmt: skip
ROW = f"    <a:ArrayOfint>\n      <a:int>{INT}</a:int>\n      <a:int>{INT}</a:int>\n    </a:ArrayOfint>"
PAIR = "    <a:KeyValueOfstringstring>\n      <a:Key>String content</a:Key>\n      <a:Value>String content</a:Value>\n    </a:KeyValueOfstringstring>"
NOTES_XML = "\n".join([
    f'<Notes xmlns="{NS}">',
    f'  <ByDay xmlns:a="{ARRAYS}">', PAIR, PAIR, "  </ByDay>",
    f'  <Seats xmlns:a="{ARRAYS}">', ROW, ROW, "  </Seats>",
    "  <TotalType>Depart</TotalType>",
    "</Notes>",
])  # fmt: skip
NOTES_JSON = f'{{"ByDay":[{{"Key":"String content","Value":"String content"}}],"Seats":[[{INT}]],"TotalType":0}}'


def _escaped(text: str) -> str:
    return html.escape(text, quote=False)


def _rows(direction: str, formats: list[tuple[str, bool]]) -> list[str]:
    rows = []
    lower = direction.lower()
    for fmt, with_schema in formats:
        links = f'<a href="#{lower}-{fmt.lower()}">Example</a>'
        if with_schema:
            rows += ["        <tr>", f"          <td>{direction}</td>", f"          <td>{fmt}</td>", "          <td>",
                     f'            {links},<a href="#{lower}-schema">Schema</a></td>', "        </tr>"]  # fmt: skip
        else:
            rows += ["        <tr>", f"          <td>{direction}</td>", f"          <td>{fmt}</td>", "          <td>",
                     f"            {links}", "          </td>", "        </tr>"]  # fmt: skip
    return rows


def _blocks(direction: str, xml: str, compact_json: str, own_schema: str, arrays: bool) -> list[str]:
    lower = direction.lower()
    lines = [
        "      <p>",
        f'        <a name="{lower}-xml">The following is an example {lower} Xml body:</a>',
        f'        <pre class="{lower}-xml">{_escaped(xml)}</pre>',
        "      </p>",
        "      <p>",
        f'        <a name="{lower}-json">The following is an example {lower} Json body:</a>',
        f'        <pre class="{lower}-json">{_escaped(pretty_json(compact_json))}</pre>',
        "      </p>",
        "      <p>",
        f'        <a name="{lower}-schema">The following is the {lower} Xml Schema:</a>',
        f'        <pre class="{lower}-schema">{_escaped(own_schema)}</pre>',
        "      </p>",
        "      <p>",
        f'        <a name="{lower}-schema">Additional {lower} Xml Schemas:</a>',
    ]
    extra = [ARRAYS_SCHEMA] if arrays else []
    extra += [SERIALIZATION_SCHEMA]
    lines.append(f'        <pre class="{lower}-schema">{_escaped(extra[0])}</pre>')
    lines.append("      </p>")
    for text in [*extra[1:], XMLSCHEMA_STUB]:
        lines += ["      <p>", f'        <pre class="{lower}-schema">{_escaped(text)}</pre>', "      </p>"]
    return lines


def page(url: str, description: str, method: str, request: tuple[str, str, str, bool] | None, response: tuple[str, str, str, bool]) -> str:
    rows = ["        <tr>", "          <td>Request</td>", "          <td>N/A</td>", "          <td>The Request body is empty.</td>", "        </tr>"]
    blocks = []
    if request is not None:
        rows = _rows("Request", [("Xml", True), ("Json", False)])
        blocks += _blocks("Request", *request)
    rows += _rows("Response", [("Xml", True), ("Json", False)])
    blocks += _blocks("Response", *response)
    title = f"Reference for  {url}"
    return "\n".join([
        '\ufeff<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
        '<html xmlns="http://www.w3.org/1999/xhtml">',
        "  <head>",
        f"    <title>{_escaped(title)}</title>",
        "    <style>BODY { color: #000000; background-color: white; font-family: Verdana; margin-left: 0px; margin-top: 0px; } #content { margin-left: 30px; font-size: .70em; padding-bottom: 2em; } pre { font-size:small; background-color: #e5e5cc; padding: 5px; font-family: Courier New; margin-top: 0px; border: 1px #f0f0e0 solid; white-space: pre-wrap; white-space: -pre-wrap; word-wrap: break-word; }</style>",
        "  </head>",
        "  <body>",
        '    <div id="content">',
        f'      <p class="heading1">{_escaped(title)}</p>',
        f"      <p>{_escaped(description)}</p>",
        '      <p xmlns="http://www.w3.org/1999/xhtml">',
        "        <b>Url: </b>",
        f'        <span class="uri-template">{_escaped(url)}</span>',
        "      </p>",
        '      <p xmlns="http://www.w3.org/1999/xhtml">',
        "        <b>HTTP Method: </b>",
        f'        <span class="method">{method}</span>',
        "      </p>",
        "      <table>",
        "        <tr>",
        "          <th>Message direction</th>",
        "          <th>Format</th>",
        "          <th>Body</th>",
        "        </tr>",
        *rows,
        "      </table>",
        *blocks,
        "    </div>",
        "  </body>",
        "</html>",
    ])  # fmt: skip


PAGES = {
    "GetFareTotals": page(
        f"{BASE}/faretotals/{{TRIPDATE}}?apiaccesscode={{APIACCESSCODE}}",
        "Fare totals of a trip: an enum declared from 1, whose JSON example shows 0.",
        "GET", None, (FARES_XML, FARES_JSON, FARES, False),
    ),
    "GetTraveler": page(
        f"{BASE}/travelers/{{ID}}",
        "A traveler: a known subtype in XML, the declared type in JSON; dates, byte[], flags.",
        "GET", None, (TRAVELER_XML, TRAVELER_JSON, TRAVELER, True),
    ),
    "SaveNotes": page(
        f"{BASE}/notes",
        "Notes: a dictionary and a list of lists, each item twice in XML.",
        "POST", (NOTES_XML, NOTES_JSON, NOTES, True), (NOTES_XML, NOTES_JSON, NOTES, True),
    ),
}  # fmt: skip


if __name__ == "__main__":
    folder = HERE / "Trips"
    folder.mkdir(exist_ok=True)
    for name, text in PAGES.items():
        (folder / f"{name}.html").write_bytes(text.encode("utf-8"))
