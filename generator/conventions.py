"""Which of a help page's examples a binding can be tested with, and in what form.

WCF's example generator (``HelpExampleGenerator``) writes two things no serializer reads:

- XML gives every object of an IsReference contract both ``z:Id`` and ``z:Ref``, with the
  placeholder ``NCNameString`` (DataContractSerializer answers "Deserialized object with
  reference id 'NCNameString' not found"): the attributes are removed;
- JSON shows a body that holds an IsReference contract, which DataContractJsonSerializer
  refuses to read or write (.NET Framework and Mono alike): such a JSON example is left out;
- XML repeats each dictionary item (``KeyValueOf…``) twice, the same key twice, which
  DataContractSerializer and the binding refuse: the second, identical, copy is removed;
- a ``DateTimeOffset`` is ``OffsetMinutes`` 32767 (``short``'s constant, 22 days, an offset no
  DateTimeOffset can have) with XML's local ``DateTime`` and JSON's ``\\/Date(ms±hhmm)\\/``:
  both become the same local time at offset 0;
- a member in another namespace than the default one in scope (``<d1:Amount>``) holding a derived
  type of its own namespace gets an unprefixed ``i:type="Account0"`` (``XmlElementHandler``
  prefixes only a type of another namespace than the element's), which reads as the default
  namespace's: it is qualified with the element's prefix where only that names a known type.

:mod:`wcfgen.example_check` decodes what is left; the opt-in generated example tests
(:mod:`wcfgen.render.example_tests`) embed it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from lxml import etree

from .ir import SER, Api, Body, TypeKind, TypeRef
from .read.safe_xml import SAFE_OPTIONS

PLACEHOLDER_ID = "NCNameString"  # HelpExampleGenerator's value of an xs:ID or xs:IDREF
PLACEHOLDER_SHORT = "32767"  # its value of an xs:short, a DateTimeOffset's OffsetMinutes too
_PLACEHOLDER_ATTRIBUTES = (f"{{{SER}}}Id", f"{{{SER}}}Ref")
_OFFSET_MINUTES = "{http://schemas.datacontract.org/2004/07/System}OffsetMinutes"
_XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
# {"DateTime":"\/Date(ms±hhmm)\/","OffsetMinutes":32767}, as the pretty printer lays it out
_JSON_OFFSET = re.compile(
    r'(?P<head>"DateTime":"\\/Date\()(?P<ms>-?\d+)(?P<offset>[+-]\d{4})?(?P<tail>\)\\/",\s*"OffsetMinutes":)32767\b'
)


class UsableExamples:
    """The examples of an API's bodies as a binding can read them."""

    def __init__(self, api: Api) -> None:
        contracts = {contract.qname: contract for contract in api.contracts}
        self.dictionary_items = {
            f"{{{t.item_name.namespace}}}{t.item_name.name}" for t in _types(api) if t.kind is TypeKind.DICT and t.item_name
        }
        self.contracts = {f"{{{qname.namespace}}}{qname.name}" for qname in contracts}
        self.holding = {qname for qname, contract in contracts.items() if contract.is_reference}
        growing = True
        while growing:  # to a fixed point: a contract holds one if a member or its base does
            growing = False
            for qname, contract in contracts.items():
                holds = contract.base in self.holding or any(self.reached(m.type) for m in contract.members)
                if holds and qname not in self.holding:
                    self.holding.add(qname)
                    growing = True

    def of(self, body: Body) -> tuple[str | None, str | None]:
        """The body's XML and JSON examples to decode (None: there is none, or it is left out)."""
        xml = _without_repeated_items(_offsets_in_xml(body.xml_example), self.dictionary_items)
        xml = _types_in_their_elements_namespace(xml, self.contracts)
        json = _offsets_in_json(body.json_example)
        if not self.reached(body.type):
            return xml, json
        return _without_placeholder_references(xml), None

    def reached(self, t: TypeRef | None) -> bool:
        """Whether values of ``t`` may hold an IsReference contract."""
        if t is None:
            return False
        if t.kind in (TypeKind.LIST, TypeKind.DICT):
            return self.reached(t.item) or self.reached(t.key)
        return t.kind is TypeKind.CONTRACT and t.qname in self.holding


def _types(api: Api) -> Iterator[TypeRef]:
    """Every type the API's members and bodies use, collections' items and keys included."""
    pending = [m.type for c in api.contracts for m in c.members]
    pending += [b.type for s in api.services for op in s.operations for b in (op.request, op.response) if b.type]
    while pending:
        t = pending.pop()
        yield t
        pending += [inner for inner in (t.item, t.key) if inner is not None]


def _without_repeated_items(xml: str | None, items: set[str]) -> str | None:
    def dedupe(root: Any) -> None:
        for element in root.iter():
            seen: set[bytes] = set()
            for child in [c for c in element if c.tag in items]:
                text = etree.tostring(child, with_tail=False)
                if text in seen:
                    element.remove(child)
                seen.add(text)

    if xml is None or not any(tag.partition("}")[2] in xml for tag in items):
        return xml
    return _edited(xml, "", dedupe)


def _without_placeholder_references(xml: str | None) -> str | None:
    def remove(root: Any) -> None:
        for element in root.iter():
            for name in _PLACEHOLDER_ATTRIBUTES:
                if element.get(name) == PLACEHOLDER_ID:
                    del element.attrib[name]

    return _edited(xml, PLACEHOLDER_ID, remove)


def _types_in_their_elements_namespace(xml: str | None, known: set[str]) -> str | None:
    def qualify(root: Any) -> None:
        for element in root.iter():
            value = element.get(_XSI_TYPE)
            if not value or ":" in value or element.prefix is None:
                continue
            namespace = etree.QName(element).namespace
            if f"{{{element.nsmap.get(None, '')}}}{value}" not in known and f"{{{namespace}}}{value}" in known:
                element.set(_XSI_TYPE, f"{element.prefix}:{value}")

    return _edited(xml, "type=", qualify)


def _offsets_in_xml(xml: str | None) -> str | None:
    def zero(root: Any) -> None:
        for element in root.iter(_OFFSET_MINUTES):
            if (element.text or "").strip() == PLACEHOLDER_SHORT:
                element.text = "0"

    return _edited(xml, PLACEHOLDER_SHORT, zero)


def _offsets_in_json(json: str | None) -> str | None:
    if json is None or PLACEHOLDER_SHORT not in json:
        return json

    def local(match: re.Match[str]) -> str:
        offset = match["offset"]
        minutes = 0 if not offset else (-1 if offset[0] == "-" else 1) * (int(offset[1:3]) * 60 + int(offset[3:]))
        return f'{match["head"]}{int(match["ms"]) + minutes * 60_000}{match["tail"]}0'

    return _JSON_OFFSET.sub(local, json)


def _edited(xml: str | None, marker: str, edit: Callable[[Any], None]) -> str | None:
    """The XML example, edited as a tree, when it holds ``marker`` and parses (else as it is:
    the codec will say what is wrong with it)."""
    if xml is None or marker not in xml:
        return xml
    try:
        root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(**SAFE_OPTIONS))
    except etree.XMLSyntaxError:
        return xml
    edit(root)
    text: str = etree.tostring(root, encoding="unicode")
    return text
