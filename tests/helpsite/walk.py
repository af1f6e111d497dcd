"""``HelpExampleGenerator``: the XML and JSON example bodies WCF synthesizes from a schema set.

The walk is WCF's own (System.ServiceModel.Web, .NET Framework 4.x), handler for handler:

* values are fixed constants chosen by the XSD type's local name (``String content``,
  ``2147483647``, ``1999-05-31T11:20:00``, …); an enumeration shows its first member in XML
  and ``0`` in JSON; a type without a constant is ``i:nil="true"`` / ``null``;
* XML writes every element of a sequence, an element that may repeat twice; JSON once;
  only elements are written from an XML sequence (a nested choice is skipped, as in WCF);
* an element whose type other global elements derive from is written as the first of them
  in culture order (``i:type``, after a ``<!--Valid elements of type: A, B-->`` comment in
  XML; in JSON with ``"__type":"Name:#ClrNamespace"`` if the type is a known type of the
  operation); for ``xs:anyType`` members that is every global complex element, the
  ``schema`` element of the XMLSchema stub included;
* the third nested occurrence of the same element declaration is written as nil;
* dates in JSON are ``\\/Date(ms±hhmm)\\/`` of 1999-05-31T11:20:00 in the server's time zone;
  ``base64Binary`` is an array of the character codes of ``QmFzZSA2NCBTdHJlYW0=``;
* what WCF refuses (facets other than enumerations on a user type, ``xs:all``, groups,
  unions, complexContent restrictions, more than 256 nested handlers) raises
  :class:`NotGenerated`, and the page says it could not generate the schema.

This module holds what both walks share; :mod:`.xml_example` writes XML through
:class:`~.xmltext.XDocumentWriter` (prefixes and declarations as .NET chooses them),
:mod:`.json_example` the XML form of JSON that ``XmlJsonWriter`` prints, which
``HelpHtmlBuilder.AddSampleJson``'s pretty printer then lays out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Final

from .collation import culture_key
from .strings import ENGLISH, Strings
from .xsd import Choice, ComplexType, ElementDecl, Particle, SchemaSet, Sequence_, SimpleType, Unsupported

XSI: Final = "http://www.w3.org/2001/XMLSchema-instance"
MAX_DEPTH: Final = 256
NUMBERS: Final = frozenset(
    {
        "integer", "int", "long", "unsignedLong", "unsignedInt", "short", "unsignedShort", "byte", "unsignedByte",
        "decimal", "float", "double", "negativeInteger", "nonPositiveInteger", "positiveInteger", "nonNegativeInteger",
    }
)  # fmt: skip
_CONSTANTS: Final = {
    "base64Binary": "QmFzZSA2NCBTdHJlYW0=", "hexBinary": "GpM7", "integer": "2147483647", "int": "2147483647",
    "positiveInteger": "+2147483647", "nonNegativeInteger": "+2147483647", "long": "9223372036854775807",
    "unsignedLong": "18446744073709551615", "unsignedInt": "4294967295", "short": "32767",
    "unsignedShort": "65535", "byte": "127", "unsignedByte": "255", "decimal": "12678967.543233",
    "float": "1.26743237E+15", "double": "1.26743233E+15", "negativeInteger": "-12678967543233",
    "nonPositiveInteger": "-12678967543233", "boolean": "true", "duration": "P428DT10H30M12.3S",
    "date": "1999-05-31", "time": "13:20:00.000, 13:20:00.000-05:00", "gYear": "1999", "gYearMonth": "1999-02",
    "gMonth": "--05", "gMonthDay": "--05-31", "gDay": "---31", "Name": "Name", "QName": "namespace:Name",
    "NOTATION": "namespace:Name", "NCName": "NCNameString", "ID": "NCNameString", "IDREF": "NCNameString",
    "IDREFS": "NCNameString", "ENTITY": "NCNameString", "anyURI": "http://www.example.com/",
    "guid": "1627aea5-8e0a-4371-9022-9b504344e724",
}  # fmt: skip
_STRINGS: Final = frozenset({"string", "normalizedString", "token", "NMTOKEN", "NMTOKENS"})
SAMPLE_DATE: Final = datetime(1999, 5, 31, 11, 20)


class NotGenerated(Exception):
    """A schema construct WCF's example generator refuses (the page shows "could not generate")."""


def constant(type_name: str, strings: Strings = ENGLISH) -> str | None:
    """``GetConstantValue``: the example value of a type, by its local name."""
    if type_name in _STRINGS:
        return strings.string_content
    if type_name == "language":
        raise NotGenerated("the English example for xs:language is not known")
    return _CONSTANTS.get(type_name)


def derived_elements(schemas: SchemaSet, element: ElementDecl) -> list[ElementDecl]:
    """``GetDerivedTypes``: global elements of complex types derived from the element's, by name."""
    base = element.type
    if not isinstance(base, ComplexType):
        return []
    cached = schemas.derived.get(id(base))
    if cached is None:
        found = [
            e
            for e in schemas.global_elements
            if not e.abstract and e.type is not base and isinstance(e.type, ComplexType) and _derives_from(base, e.type)
        ]
        cached = schemas.derived[id(base)] = sorted(found, key=lambda e: culture_key(e.qname.name))
    return cached


def _derives_from(parent: ComplexType, child: ComplexType) -> bool:
    current: ComplexType | SimpleType | None = child
    while isinstance(current, ComplexType):
        if current is parent:
            return True
        current = current.base
    return False


def is_object(element: ElementDecl) -> bool:
    return isinstance(element.type, ComplexType)


class Walk:
    """What both generators share: the handler depth and the nesting count per element declaration."""

    def __init__(self, schemas: SchemaSet, strings: Strings) -> None:
        self.schemas = schemas
        self.strings = strings
        self.depth = 0
        self.open: dict[int, int] = {}

    def invoke(self, handler: Callable[..., None], *args: Any) -> None:
        """``InvokeHandler``: every handler call counts towards the depth limit (and ``d{depth}`` prefixes)."""
        self.depth += 1
        if self.depth >= MAX_DEPTH:
            raise NotGenerated("the example is nested deeper than 256 handlers")
        handler(*args)
        self.depth -= 1

    def nested(self, element: ElementDecl) -> None:
        """An element of complex type in a sequence: written at most twice inside itself, then as nil."""
        count = self.open.get(id(element), 0) + 1
        self.open[id(element)] = count
        if count < 3:
            self.invoke(self.element, element)
        else:
            self.nil(element)
        self.open[id(element)] -= 1

    def particle(self, particle: list[Particle] | Particle) -> None:
        """A type's content: a (flattened) sequence, a choice's first item, or what WCF refuses."""
        if isinstance(particle, list):
            self.sequence(particle)
        elif isinstance(particle, Sequence_):
            self.sequence(particle.items)
        elif isinstance(particle, Choice):
            self.invoke(self.particle, particle.items[0])
        elif isinstance(particle, ElementDecl):
            self.element(particle)
        elif isinstance(particle, Unsupported):
            raise NotGenerated(f"xs:{particle.kind}")

    def sequence(self, items: list[Particle]) -> None:
        raise NotImplementedError

    def element(self, element: ElementDecl) -> None:
        raise NotImplementedError

    def nil(self, element: ElementDecl) -> None:
        raise NotImplementedError

    def content_model(self, type_: ComplexType) -> None:
        """``ContentHandler``: an extension is resolved by compilation, a restriction refused."""
        if type_.derivation in ("restriction", "simple-restriction"):
            raise NotGenerated(f"a {type_.derivation} of a complex type")
