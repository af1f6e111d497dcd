"""The JSON example: ``HelpExampleGenerator.GenerateJsonSample`` (see :mod:`.walk`).

The generator writes the XML form of JSON (elements with ``type="object|array|number|…"``
and a ``__type`` attribute); :func:`json_text` prints it as ``XmlJsonWriter`` does, compact
with ``/`` escaped as ``\\/``, and :func:`wcf_pretty` lays it out as the page shows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from .strings import ENGLISH, Strings
from .walk import NUMBERS, SAMPLE_DATE, NotGenerated, Walk, constant, derived_elements, is_object
from .xsd import ComplexType, ElementDecl, Particle, QName, SchemaSet, SimpleType

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class JsonNode:
    """An element of the XML form of JSON."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.attributes: dict[str, str] = {}
        self.children: list[JsonNode] = []
        self.text = ""


def json_date(time_zone: str) -> str:
    """1999-05-31T11:20:00 (Unspecified) as DataContractJsonSerializer writes it on a server in ``time_zone``."""
    zone = ZoneInfo(time_zone)
    milliseconds = (SAMPLE_DATE.replace(tzinfo=zone) - _EPOCH) // timedelta(milliseconds=1)
    # The offset is the one at ToLocalTime() of the value read as UTC, as WCF computes it.
    offset = SAMPLE_DATE.replace(tzinfo=UTC).astimezone(zone).utcoffset() or timedelta()
    minutes = int(abs(offset) // timedelta(minutes=1))
    sign = "-" if offset < timedelta() else "+"
    return f"/Date({milliseconds}{sign}{minutes // 60:02d}{minutes % 60:02d})/"


class JsonExample(Walk):
    def __init__(self, schemas: SchemaSet, strings: Strings, known_types: Mapping[QName, str], time_zone: str) -> None:
        super().__init__(schemas, strings)
        self.known_types = known_types
        self.date = json_date(time_zone)
        self.override: str | None = "root"  # the next element's name, instead of its own
        self.stack: list[JsonNode] = []
        self.root: JsonNode | None = None

    def _start(self, name: str) -> None:
        node = JsonNode(name)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def _name(self, name: str) -> str:
        override, self.override = self.override, None
        return override if override is not None else name

    def element(self, element: ElementDecl) -> None:
        """``JsonElementHandler``."""
        derived = derived_elements(self.schemas, element)
        content = derived[0] if derived else element
        self._start(self._name(element.qname.name))
        node = self.stack[-1]
        if _is_array(element):
            node.attributes["type"] = "array"
            self.override = "item"
        elif is_object(element):
            if content is not element and content.qname in self.known_types:
                node.attributes["__type"] = self.known_types[content.qname]
            node.attributes["type"] = "object"
        type_ = content.type
        self.invoke(self.complex if isinstance(type_, ComplexType) else self.simple, type_)
        self.override = None
        self.stack.pop()

    def complex(self, type_: ComplexType) -> None:
        if type_.derivation:
            self.invoke(self.content_model, type_)
        self.invoke(self.particle, type_.content)

    def sequence(self, items: list[Particle]) -> None:
        """``JsonSequenceHandler``: every item once; an element's third nesting is null."""
        for item in items:
            if isinstance(item, ElementDecl) and is_object(item):
                self.nested(item)
            else:
                self.invoke(self.particle, item)

    def nil(self, element: ElementDecl) -> None:
        self._start(self._name(element.qname.name))
        self.stack[-1].attributes["type"] = "null"
        self.stack.pop()

    def simple(self, type_: SimpleType) -> None:
        """``JsonSimpleTypeHandler``."""
        node = self.stack[-1]
        if type_.variety == "atomic" and type_.enumerations:
            node.attributes["type"] = "number"
            node.text += "0"
            return
        if type_.variety == "list" and type_.item is not None:
            self.invoke(self.invoke, self.simple, type_.item)  # the list's handler, then its item type's
        name = type_.qname.name
        value = constant(name, self.strings)
        if name == "base64Binary" and value is not None:
            node.attributes["type"] = "array"
            for char in value:
                child = JsonNode("item")
                child.attributes["type"] = "number"
                child.text = str(ord(char))
                node.children.append(child)
        elif name == "dateTime":
            node.text += self.date
        elif name == "char":
            node.text += "a"
        elif value:
            if name in NUMBERS:
                node.attributes["type"] = "number"
            elif name == "boolean":
                node.attributes["type"] = "boolean"
            node.text += value
        elif type_.variety != "list":
            node.attributes["type"] = "null"


def _is_array(element: ElementDecl) -> bool:
    """``IsArrayElementType``: a complex type whose first sequence item may repeat."""
    type_ = element.type
    if not isinstance(type_, ComplexType) or not isinstance(type_.content, list) or not type_.content:
        return False
    first = type_.content[0]
    return isinstance(first, ElementDecl) and first.max_occurs > 1


def _json_string(value: str) -> str:
    out = ['"']
    for char in value:
        if char in '"\\/':
            out.append("\\" + char)
        elif char < " " or "\ud800" <= char <= "\udfff" or char >= "\ufffe":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out) + '"'


def json_text(node: JsonNode) -> str:
    """``XmlJsonWriter``'s compact text."""
    kind = node.attributes.get("type", "string")
    if kind == "object":
        members = [f'"__type":{_json_string(node.attributes["__type"])}'] if "__type" in node.attributes else []
        members += [f"{_json_string(child.name)}:{json_text(child)}" for child in node.children]
        return "{" + ",".join(members) + "}"
    if kind == "array":
        return "[" + ",".join(json_text(child) for child in node.children) + "]"
    if kind in ("number", "boolean"):
        return node.text
    if kind == "null":
        return "null"
    return _json_string(node.text)


def wcf_pretty(compact: str) -> str:
    """HelpHtmlBuilder.AddSampleJson's pretty printer, verbatim (wcf-help-format.md §6.4).

    It toggles "in a string" on every ``"`` (escaped ones too) and breaks lines after ``{``
    and before ``}`` even inside strings: fine for the examples, not for arbitrary JSON.
    """
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


def json_example(
    schemas: SchemaSet,
    root: QName,
    known_types: Mapping[QName, str] | None = None,
    time_zone: str = "Europe/Prague",
    strings: Strings = ENGLISH,
) -> str:
    """The JSON example of the global element ``root``, pretty-printed as the page shows it.

    ``known_types`` maps a known type's QName to its ``__type`` value (``"Name:#ClrNamespace"``).
    """
    walk = JsonExample(schemas, strings, known_types or {}, time_zone)
    walk.invoke(walk.element, schemas.element(root))
    if walk.root is None:
        raise NotGenerated("no root element was written")
    return wcf_pretty(json_text(walk.root))
