"""Writes tests/specs/conventions, the spec folder of a small "Trips" service (wcfgen.toml, Trips/help.html and one
page per operation) with tests.helpsite, WCF's help-site builder reproduced: its examples are
what HelpExampleGenerator writes, every convention wcfgen's example check knows
(wcfgen.example_check) on one page or another. XML repeats each repeated element twice, JSON shows
it once (a list of FareTotal, a dictionary, a list of lists); enums are the first member in
XML and 0 in JSON (FareTotalType is declared from 1, as WSDOT's is; flags too); a member
whose type has a known subtype shows the subtype (i:type) in XML and the declared type in
JSON; dates are local in XML and carry the server's offset in JSON (a Pacific server, as
WSDOT's); byte[] is base64 in XML and the character codes of that base64 text in JSON; a
DateTimeOffset's OffsetMinutes is short's constant 32767, an offset none can have.

The schemas are written in XsdDataContractExporter's layout (as the WSDOT pages show them).
Run it to rewrite tests/specs/conventions: python -m tests.make_conventions
"""

from __future__ import annotations

from pathlib import Path

from tests.helpsite import Operation, QName, Site, body, write_spec_folder

HERE = Path(__file__).resolve().parent / "specs" / "conventions"
NS = "http://example.org/trips/"
BASE = "http://www.trips.example/Trips/rest"


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
SYSTEM_SCHEMA = """<xs:schema xmlns:tns="http://schemas.datacontract.org/2004/07/System" elementFormDefault="qualified" targetNamespace="http://schemas.datacontract.org/2004/07/System" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://schemas.microsoft.com/2003/10/Serialization/" />
  <xs:complexType name="DateTimeOffset">
    <xs:annotation>
      <xs:appinfo>
        <IsValueType xmlns="http://schemas.microsoft.com/2003/10/Serialization/">true</IsValueType>
      </xs:appinfo>
    </xs:annotation>
    <xs:sequence>
      <xs:element name="DateTime" type="xs:dateTime" />
      <xs:element name="OffsetMinutes" type="xs:short" />
    </xs:sequence>
  </xs:complexType>
  <xs:element name="DateTimeOffset" nillable="true" type="tns:DateTimeOffset" />
</xs:schema>"""

TRAVELER = schema(
    complex_type("TravelerResponse", [
        '<xs:element minOccurs="0" name="Boarding" xmlns:q2="http://schemas.datacontract.org/2004/07/System" type="q2:DateTimeOffset" />',
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
NOTES = schema(
    complex_type("Notes", [
        '<xs:element minOccurs="0" name="ByDay" nillable="true" xmlns:q1="http://schemas.microsoft.com/2003/10/Serialization/Arrays" type="q1:ArrayOfKeyValueOfstringstring" />',
        '<xs:element minOccurs="0" name="Seats" nillable="true" xmlns:q2="http://schemas.microsoft.com/2003/10/Serialization/Arrays" type="q2:ArrayOfArrayOfint" />',
        '<xs:element minOccurs="0" name="TotalType" type="tns:FareTotalType" />',
    ]),
    FARE_TOTAL_TYPE,
    arrays=True,
)  # fmt: skip
SITE = Site(
    BASE,
    (
        Operation(
            "GetFareTotals", "GET", "/faretotals/{TripDate}?apiaccesscode={APIAccessCode}",
            "Fare totals of a trip: an enum declared from 1, whose JSON example shows 0.",
            response=body(QName(NS, "ArrayOfFareTotal"), (FARES, SERIALIZATION_SCHEMA, XMLSCHEMA_STUB)),
        ),
        Operation(
            "GetTraveler", "GET", "/travelers/{id}",
            "A traveler: a known subtype in XML, the declared type in JSON; dates, byte[], flags, a DateTimeOffset.",
            response=body(
                QName(NS, "TravelerResponse"), (TRAVELER, ARRAYS_SCHEMA, SERIALIZATION_SCHEMA, SYSTEM_SCHEMA, XMLSCHEMA_STUB)
            ),
        ),
        Operation(
            "SaveNotes", "POST", "/notes", "Notes: a dictionary and a list of lists, each item twice in XML.",
            request=body(QName(NS, "Notes"), (NOTES, ARRAYS_SCHEMA, SERIALIZATION_SCHEMA, XMLSCHEMA_STUB)),
            response=body(QName(NS, "Notes"), (NOTES, ARRAYS_SCHEMA, SERIALIZATION_SCHEMA, XMLSCHEMA_STUB)),
        ),
    ),
    time_zone="America/Los_Angeles",  # \/Date(928174800000-0700)\/, as WSDOT's pages show
)  # fmt: skip


if __name__ == "__main__":
    write_spec_folder(HERE, SITE, api="trips", service="Trips", title="Trips")
