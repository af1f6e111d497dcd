"""The intermediate model of an API: the only thing renderers see.

Reading fills in the API surface (services, operations, bodies, schema texts);
the models stage adds the data contracts and resolves every body to a type.
All classes are frozen so a stage can only hand on a new value.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

XS = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SER = "http://schemas.microsoft.com/2003/10/Serialization/"


class BodyKind(StrEnum):
    EMPTY = "empty"
    DATA_CONTRACT = "data_contract"
    PRIMITIVE = "primitive"
    STREAM = "stream"
    WRAPPED = "wrapped"
    UNKNOWN = "unknown"


class Direction(StrEnum):
    REQUEST = "request"
    RESPONSE = "response"


@dataclass(frozen=True, order=True)
class QName:
    namespace: str
    name: str

    def __str__(self) -> str:
        return f"{{{self.namespace}}}{self.name}"


@dataclass(frozen=True)
class SourceRef:
    """Where something was read: a path relative to the spec folder, and a 1-based line."""

    file: str
    line: int


class TypeKind(StrEnum):
    PRIMITIVE = "primitive"  # by its XSD/Serialization name, plus "dateTimeOffset"
    CONTRACT = "contract"
    ENUM = "enum"
    FLAGS = "flags"
    LIST = "list"
    DICT = "dict"
    ANY = "any"  # xs:anyType, a .NET object


@dataclass(frozen=True)
class TypeRef:
    """A member or body type."""

    kind: TypeKind
    primitive: str | None = None
    qname: QName | None = None  # a contract or an enum; for collections, the collection type
    item: TypeRef | None = None  # a list's items, a dictionary's values
    key: TypeRef | None = None  # a dictionary's keys
    item_name: QName | None = None  # the element of each item (or each key/value pair)
    item_nillable: bool = False

    @staticmethod
    def of_primitive(name: str) -> TypeRef:
        return TypeRef(TypeKind.PRIMITIVE, primitive=name)


@dataclass(frozen=True)
class Body:
    kind: BodyKind
    formats: tuple[str, ...] = ()
    root: QName | None = None
    type: TypeRef | None = None
    xml_example: str | None = None
    json_example: str | None = None
    description: str = ""
    parts: tuple[WrappedPart, ...] = ()  # a wrapped body's parameters (or its one result)
    xml_line: int | None = None  # where the examples start on the page
    json_line: int | None = None


@dataclass(frozen=True)
class WrappedPart:
    """A parameter (or the result) of a wrapped body, as the spec manifest declares it."""

    name: str
    python_name: str
    type_name: str  # as declared: an XSD primitive or a contract/enum of the schemas
    type: TypeRef | None = None  # resolved by the models stage


@dataclass(frozen=True)
class FaultDetail:
    """The detail an operation's ``WebFaultException<T>`` answers carry for a status, as the
    spec manifest declares it (help pages do not show faults)."""

    status: int
    type_name: str  # as declared: a contract of the schemas, or an XSD primitive
    declared: str  # where: the manifest's key, e.g. "services.World.faults.404"
    manifest: str  # the manifest's path, as errors name files
    type: TypeRef | None = None  # resolved by the models stage


@dataclass(frozen=True)
class UriVariable:
    """A variable of a URI template: ``{id}`` in the path, or ``key={var}`` in the query."""

    name: str
    python_name: str
    query_key: str | None = None  # None for a path variable
    wildcard: bool = False  # {*rest}: the rest of the path, slashes included
    default: str | None = None


@dataclass(frozen=True)
class Operation:
    name: str
    python_name: str
    method: str
    uri_template: str
    description: str
    request: Body
    response: Body
    source: SourceRef
    variables: tuple[UriVariable, ...] = ()
    faults: tuple[FaultDetail, ...] = ()  # by status


@dataclass(frozen=True)
class Service:
    name: str
    python_name: str
    base_url: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class SchemaDoc:
    target_namespace: str
    text: str
    source: SourceRef


@dataclass(frozen=True)
class Member:
    wire_name: str
    python_name: str
    namespace: str
    type: TypeRef
    nillable: bool
    required: bool


@dataclass(frozen=True)
class DataContract:
    qname: QName
    python_name: str
    members: tuple[Member, ...]  # its own, in schema order; a base's come first on the wire
    source: SourceRef
    base: QName | None = None
    is_reference: bool = False  # [DataContract(IsReference = true)]: z:Id/z:Ref in XML, no JSON form


@dataclass(frozen=True)
class EnumMember:
    wire_name: str
    python_name: str
    number: int  # what JSON carries: the EnumerationValue annotation, else the declaration order


@dataclass(frozen=True)
class EnumType:
    qname: QName
    python_name: str
    members: tuple[EnumMember, ...]
    flags: bool
    source: SourceRef


@dataclass(frozen=True)
class Distribution:
    """``[api.distribution]`` in the manifest: write an installable project around the package."""

    name: str  # the distribution's name, e.g. "k2-binding"; also the project folder's
    version: str


@dataclass(frozen=True)
class Api:
    name: str
    package: str
    title: str
    spec_hash: str
    services: tuple[Service, ...]
    auth: str | None = None
    schemas: tuple[SchemaDoc, ...] = ()
    contracts: tuple[DataContract, ...] = ()
    enums: tuple[EnumType, ...] = ()
    warnings: tuple[str, ...] = ()
    distribution: Distribution | None = None  # None: a bare package, to vendor
    openapi: str | None = None  # "json" or "yaml": also write the API's OpenAPI document ([api] openapi)
    example_tests: bool = False  # [api] example_tests: the package carries tests/test_examples.py
