"""JSON Schemas of the two wires: DataContractJsonSerializer's JSON and DataContractSerializer's XML.

The two forms share the structure (members in wire order, collections, dictionaries as
Key/Value items) but differ at the leaves: enums are numbers in JSON and names in XML,
``DateTime`` is ``\\/Date(ms±hhmm)\\/`` in JSON and ``xs:dateTime`` in XML, ``byte[]`` an array of
byte values or base64 text, ``char`` a one-character string or its code, and a subtype is named by
``"__type"`` or by ``i:type``. So each contract and enum has two components: ``Name`` (JSON)
and ``Name.xml`` (XML, with OpenAPI XML Objects). Python class names have no dots, so
neither collides with the other or with wcfgen's own ``wcf.`` components.

Schemas are plain JSON-compatible data, built in a fixed order: members in wire order
(base members first), everything else as the model lists it.
"""

from __future__ import annotations

from typing import Any

from ..index import TypeIndex, json_type_name
from ..ir import XSI, Api, DataContract, EnumType, Member, QName, TypeKind, TypeRef

Schema = dict[str, Any]

SYSTEM = "http://schemas.datacontract.org/2004/07/System"
FAULT_NS = "http://schemas.microsoft.com/ws/2005/05/envelope/none"
REF = "#/components/schemas/"
XML_SUFFIX = ".xml"
FAULT = "wcf.Fault"

# DCJS: ``"\/Date(ms±hhmm)\/"``; the pattern applies to the string once JSON has unescaped it.
JSON_DATE_PATTERN = r"^/Date\(-?\d{1,15}([+-]([01]\d|2[0-3])[0-5]\d)?\)/$"  # ms, then the local offset
JSON_DATE_FORMAT = "wcf-date"
# xs:dateTime within System.DateTime: years 0001-9999, an offset within ±14:00 (the days of a month aside)
XML_DATE_PATTERN = (
    r"^(?!0000)\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?"
    r"(Z|[+-](0\d|1[0-4]):[0-5]\d)?$"
)
GUID_PATTERN = r"^[\da-fA-F]{8}-[\da-fA-F]{4}-[\da-fA-F]{4}-[\da-fA-F]{4}-[\da-fA-F]{12}$"  # ser:guid, anchored
# ser:duration's pattern, anchored, as xs:duration requires (a number after P, and after T), and
# no more digits than TimeSpan.MaxValue has in each unit (10675199 days, or 922337203685 seconds)
DURATION_PATTERN = r"^-?P(?=\d|T\d)(\d{1,8}D)?(T(?=\d)(\d{1,9}H)?(\d{1,11}M)?(\d{1,12}(\.\d+)?S)?)?$"
XML_DECIMAL_PATTERN = r"^[+-]?(\d+(\.\d*)?|\.\d+)$"  # xs:decimal: no exponent
CHAR_PATTERN = r"^[\u0000-\uffff]$"  # one UTF-16 code unit: a System.Char
DECIMAL_MAX = 79228162514264337593543950335  # System.Decimal.MaxValue
OFFSET_MINUTES = 14 * 60  # DateTimeOffset's offsets are within ±14 hours

_INTEGERS: dict[str, tuple[int, bool]] = {  # XSD name: (bits, signed)
    "byte": (8, True),
    "short": (16, True),
    "int": (32, True),
    "long": (64, True),
    "unsignedByte": (8, False),
    "unsignedShort": (16, False),
    "unsignedInt": (32, False),
    "unsignedLong": (64, False),
}
_REFERENCE_PRIMITIVES = ("string", "anyURI", "base64Binary")


def integer(name: str) -> Schema:
    bits, signed = _INTEGERS[name]
    low, high = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2**bits - 1)
    return {"type": "integer", "format": f"{'' if signed else 'u'}int{bits}", "minimum": low, "maximum": high}


def nullable(schema: Schema) -> Schema:
    """``schema`` or null: how a nillable element (``i:nil="true"`` in XML) is described."""
    kind = schema.get("type")
    if isinstance(kind, str) and "$ref" not in schema and "enum" not in schema and "const" not in schema:
        return {**schema, "type": [kind, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def is_reference(t: TypeRef) -> bool:
    """Types .NET can leave null: classes, strings, arrays."""
    if t.kind is TypeKind.PRIMITIVE:
        return t.primitive in _REFERENCE_PRIMITIVES
    return t.kind in (TypeKind.CONTRACT, TypeKind.LIST, TypeKind.DICT, TypeKind.ANY)


class Schemas:
    """The JSON and XML schemas of one API's types, and its components."""

    def __init__(self, api: Api) -> None:
        self.index = TypeIndex(api)

    def name(self, qname: QName) -> str:
        """A contract's or an enum's JSON component: its Python class name."""
        return self.index.python_name(qname)

    def typed(self, qname: QName) -> bool:
        """Whether a contract's JSON may carry ``"__type"``: it is in a hierarchy, or ``object`` members exist."""
        contract = self.index.contracts[qname]
        return self.index.has_any or contract.base is not None or bool(self.index.derived[qname])

    # -- JSON (DataContractJsonSerializer) ---------------------------------------------------

    def json(self, t: TypeRef) -> Schema:
        if t.kind is TypeKind.PRIMITIVE:
            return json_primitive(t.primitive or "")
        if t.kind in (TypeKind.ENUM, TypeKind.FLAGS):
            assert t.qname is not None
            return {"$ref": REF + self.name(t.qname)}
        if t.kind is TypeKind.CONTRACT:
            assert t.qname is not None
            return self._json_slot(t.qname)
        if t.kind is TypeKind.ANY:
            return self._json_any()
        assert t.item is not None
        item = self.json(t.item)
        item = nullable(item) if t.item_nillable else item
        if t.kind is TypeKind.LIST:
            return {"type": "array", "items": item}
        assert t.key is not None
        pair = {"type": "object", "properties": {"Key": self.json(t.key), "Value": item}, "required": ["Key", "Value"]}
        return {"type": "array", "items": pair}

    def _json_slot(self, qname: QName) -> Schema:
        """Where a contract is declared: the contract itself, or any of its subtypes named by ``"__type"``."""
        ref = {"$ref": REF + self.name(qname)}
        subtypes = self.index.derived[qname]
        if not subtypes:
            return ref
        choices = [qname, *subtypes]
        return {
            "anyOf": [{"$ref": REF + self.name(q)} for q in choices],
            "discriminator": {
                "propertyName": "__type",
                "mapping": {json_type_name(q): REF + self.name(q) for q in choices},
            },
        }

    def _json_any(self) -> Schema:
        """``object``: a primitive, a byte[] (as numbers), a bare ``System.Object`` (``{}``), or a contract named by
        ``"__type"``; DataContractJsonSerializer writes nothing else there (Mono's fixtures ``anything-*``)."""
        choices: list[Schema] = [
            {"type": ["boolean", "number", "string", "null"]},
            json_primitive("base64Binary"),
            {"type": "object", "maxProperties": 0},
        ]
        names = self.index.known_types(None)
        if names:
            mapping = {json_type_name(q): REF + self.name(q) for q in names}
            choices.append(
                {
                    "oneOf": [{"$ref": REF + self.name(q)} for q in names],
                    "discriminator": {"propertyName": "__type", "mapping": mapping},
                    "required": ["__type"],
                }
            )
        return {"description": "A .NET object.", "anyOf": choices}

    def json_member(self, member: Member) -> Schema:
        schema = self.json(member.type)
        return nullable(schema) if member.nillable else schema

    def json_contract(self, contract: DataContract) -> Schema:
        properties: Schema = {}
        if self.typed(contract.qname):
            properties["__type"] = {"type": "string", "const": json_type_name(contract.qname)}
        members = self.index.members(contract)
        for member in members:
            properties[member.wire_name] = self.json_member(member)
        schema: Schema = {"type": "object", "properties": properties}
        required = [m.wire_name for m in members if m.required]
        if required:
            schema["required"] = required
        return _described(schema, contract, self)

    # -- XML (DataContractSerializer) --------------------------------------------------------

    def xml(self, t: TypeRef) -> Schema:
        """The schema of an element's content; the caller adds the element's XML Object."""
        if t.kind is TypeKind.PRIMITIVE:
            return xml_primitive(t.primitive or "")
        if t.kind in (TypeKind.ENUM, TypeKind.FLAGS, TypeKind.CONTRACT):
            assert t.qname is not None
            subtypes = self.index.derived.get(t.qname, []) if t.kind is TypeKind.CONTRACT else []
            if subtypes:  # a subtype is named by i:type
                return {"anyOf": [{"$ref": REF + self.name(q) + XML_SUFFIX} for q in (t.qname, *subtypes)]}
            return {"$ref": REF + self.name(t.qname) + XML_SUFFIX}
        if t.kind is TypeKind.ANY:
            return {"description": "A .NET object: any data contract or primitive, its type named by i:type."}
        assert t.item is not None and t.item_name is not None
        namespace = t.item_name.namespace
        if t.kind is TypeKind.LIST:
            return {"type": "array", "items": self.xml_element(t.item, t.item_name.name, namespace, t.item_nillable)}
        assert t.key is not None
        pair = {
            "type": "object",
            "xml": {"name": t.item_name.name, "namespace": namespace},
            "properties": {
                "Key": self.xml_element(t.key, "Key", namespace, False),
                "Value": self.xml_element(t.item, "Value", namespace, t.item_nillable),
            },
            "required": ["Key", "Value"],
        }
        return {"type": "array", "items": pair}

    def xml_element(self, t: TypeRef, name: str, namespace: str, nillable: bool) -> Schema:
        """An element named ``name`` in ``namespace`` holding a ``t`` (or ``i:nil`` if ``nillable``)."""
        schema = self.xml(t)
        element: Schema = {"name": name, "namespace": namespace}
        if schema.get("type") == "array":
            element["wrapped"] = True
        return {**(nullable(schema) if nillable else schema), "xml": element}

    def xml_contract(self, contract: DataContract) -> Schema:
        properties: Schema = {}
        if contract.base is not None or self.index.derived[contract.qname]:
            properties["i:type"] = {
                "type": "string",
                "description": "The data contract's name (a QName) when the element holds a subtype of its declared type.",
                "xml": {"name": "type", "namespace": XSI, "prefix": "i", "attribute": True},
            }
        members = self.index.members(contract)
        for m in members:
            properties[m.wire_name] = self.xml_element(m.type, m.wire_name, m.namespace, m.nillable)
        schema: Schema = {
            "type": "object",
            "xml": {"name": contract.qname.name, "namespace": contract.qname.namespace},
            "properties": properties,
        }
        required = [m.wire_name for m in members if m.required]
        if required:
            schema["required"] = required
        return _described(schema, contract, self)

    # -- components ----------------------------------------------------------------------------

    def components(self) -> dict[str, Schema]:
        found: dict[str, Schema] = {}
        for contract in self.index.contracts.values():
            found[contract.python_name] = self.json_contract(contract)
            found[contract.python_name + XML_SUFFIX] = self.xml_contract(contract)
        for enum in self.index.enums.values():
            found[enum.python_name] = json_enum(enum)
            found[enum.python_name + XML_SUFFIX] = xml_enum(enum)
        found[FAULT] = {
            "description": "A WCF fault, as the server stub writes it in JSON.",
            "type": "object",
            "properties": {"ExceptionType": {"type": "string"}, "Message": {"type": "string"}},
            "required": ["ExceptionType", "Message"],
        }
        found[FAULT + XML_SUFFIX] = _xml_fault()
        return dict(sorted(found.items()))


def _described(schema: Schema, contract: DataContract, schemas: Schemas) -> Schema:
    notes = [f"The data contract {contract.qname.name!r} in {contract.qname.namespace!r}."]
    if contract.base is not None:
        notes.append(f"Derived from {schemas.name(contract.base)} (its members come first).")
    return {"description": " ".join(notes), **schema}


def json_primitive(name: str) -> Schema:
    """An XSD/Serialization primitive as DataContractJsonSerializer writes it."""
    if name in _INTEGERS:
        return integer(name)
    schemas: dict[str, Schema] = {
        "string": {"type": "string"},
        "anyURI": {"type": "string", "format": "uri-reference"},
        "boolean": {"type": "boolean"},
        "double": {"type": "number", "format": "double"},
        "float": {"type": "number", "format": "float"},
        "decimal": {"type": "number", "format": "decimal", "minimum": -DECIMAL_MAX, "maximum": DECIMAL_MAX},
        "guid": {"type": "string", "format": "uuid", "pattern": GUID_PATTERN},
        "char": {"type": "string", "minLength": 1, "maxLength": 1, "pattern": CHAR_PATTERN},
        "duration": {"type": "string", "pattern": DURATION_PATTERN, "description": "A TimeSpan, as xs:duration."},
        "base64Binary": {
            "type": "array",
            "items": integer("unsignedByte"),
            "description": "A byte[]: DataContractJsonSerializer writes its bytes as numbers.",
        },
        "dateTime": _json_date("A DateTime: \\/Date(ms since 1970 UTC±hhmm)\\/; no offset for UTC."),
        "dateTimeOffset": {
            "type": "object",
            "description": "A DateTimeOffset: the UTC time and the offset in minutes.",
            "properties": {
                "DateTime": _json_date("The UTC time."),
                "OffsetMinutes": {**integer("short"), "minimum": -OFFSET_MINUTES, "maximum": OFFSET_MINUTES},
            },
            "required": ["DateTime", "OffsetMinutes"],
        },
    }
    return schemas[name]


def _json_date(description: str) -> Schema:
    return {"type": "string", "format": JSON_DATE_FORMAT, "pattern": JSON_DATE_PATTERN, "description": description}


def xml_primitive(name: str) -> Schema:
    """An XSD/Serialization primitive as DataContractSerializer writes it (element text)."""
    if name in ("double", "float"):
        return {"anyOf": [{"type": "number", "format": name}, {"type": "string", "enum": ["INF", "-INF", "NaN"]}]}
    if name == "char":
        return {**integer("unsignedShort"), "description": "A char, as its UTF-16 code."}
    if name == "base64Binary":
        return {"type": "string", "contentEncoding": "base64"}
    if name == "decimal":
        return {
            "type": "string",
            "pattern": XML_DECIMAL_PATTERN,
            "description": "A decimal, within ±79228162514264337593543950335.",
        }
    if name == "dateTime":
        return {
            "type": "string",
            "pattern": XML_DATE_PATTERN,
            "description": "A DateTime: no suffix when unspecified, Z for UTC.",
        }
    if name == "dateTimeOffset":
        return {
            "type": "object",
            "properties": {
                "DateTime": {**xml_primitive("dateTime"), "xml": {"namespace": SYSTEM}},
                "OffsetMinutes": {
                    **integer("short"),
                    "minimum": -OFFSET_MINUTES,
                    "maximum": OFFSET_MINUTES,
                    "xml": {"namespace": SYSTEM},
                },
            },
            "required": ["DateTime", "OffsetMinutes"],
        }
    return json_primitive(name)


def json_enum(enum: EnumType) -> Schema:
    names = [m.wire_name for m in enum.members]
    values = [m.number for m in enum.members]
    where = f"{enum.qname.name!r} in {enum.qname.namespace!r}"
    if enum.flags:
        union = 0
        for value in values:
            union |= value
        return {
            "type": "integer",
            "description": f"The [Flags] enum {where}: the bitwise or of the values x-flags names.",
            "minimum": min(0, *values),
            "maximum": union,
            "x-flags": dict(zip(names, values, strict=True)),
        }
    return {"type": "integer", "description": f"The enum {where}.", "enum": values, "x-enum-varnames": names}


def xml_enum(enum: EnumType) -> Schema:
    names = [m.wire_name for m in enum.members]
    where = f"{enum.qname.name!r} in {enum.qname.namespace!r}"
    if enum.flags:
        one = "(?:" + "|".join(name.replace(".", "\\.") for name in names) + ")"
        return {
            "type": "string",
            "description": f"The [Flags] enum {where}: its member names separated by spaces.",
            "pattern": f"^(?:{one}(?: {one})*)?$",
            "xml": {"name": enum.qname.name, "namespace": enum.qname.namespace},
        }
    return {
        "type": "string",
        "description": f"The enum {where}.",
        "enum": names,
        "xml": {"name": enum.qname.name, "namespace": enum.qname.namespace},
    }


def _xml_fault() -> Schema:
    text = {"type": "string", "xml": {"namespace": FAULT_NS}}
    return {
        "description": "A WCF fault, as the server stub writes it in XML.",
        "type": "object",
        "xml": {"name": "Fault", "namespace": FAULT_NS},
        "properties": {
            "Code": {"type": "object", "xml": {"namespace": FAULT_NS}, "properties": {"Value": text}},
            "Reason": {"type": "object", "xml": {"namespace": FAULT_NS}, "properties": {"Text": text}},
        },
    }
