"""Which of a help page's examples a binding can be tested with, and in what form.

WCF's example generator (``HelpExampleGenerator``) writes two things no serializer reads:

- XML gives every object of an IsReference contract both ``z:Id`` and ``z:Ref``, with the
  placeholder ``NCNameString`` (DataContractSerializer answers "Deserialized object with
  reference id 'NCNameString' not found"): the attributes are removed;
- JSON shows a body that holds an IsReference contract, which DataContractJsonSerializer
  refuses to read or write (.NET Framework and Mono alike): such a JSON example is left out.

:mod:`wcfgen.example_check` decodes what is left; the opt-in generated example tests
(:mod:`wcfgen.render.example_tests`) embed it.
"""

from __future__ import annotations

from lxml import etree

from .ir import SER, Api, Body, TypeKind, TypeRef
from .read.safe_xml import SAFE_OPTIONS

PLACEHOLDER_ID = "NCNameString"  # HelpExampleGenerator's value of an xs:ID or xs:IDREF
_PLACEHOLDER_ATTRIBUTES = (f"{{{SER}}}Id", f"{{{SER}}}Ref")


class UsableExamples:
    """The examples of an API's bodies as a binding can read them."""

    def __init__(self, api: Api) -> None:
        contracts = {contract.qname: contract for contract in api.contracts}
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
        if not self.reached(body.type):
            return body.xml_example, body.json_example
        return _without_placeholder_references(body.xml_example), None

    def reached(self, t: TypeRef | None) -> bool:
        """Whether values of ``t`` may hold an IsReference contract."""
        if t is None:
            return False
        if t.kind in (TypeKind.LIST, TypeKind.DICT):
            return self.reached(t.item) or self.reached(t.key)
        return t.kind is TypeKind.CONTRACT and t.qname in self.holding


def _without_placeholder_references(xml: str | None) -> str | None:
    if xml is None or PLACEHOLDER_ID not in xml:
        return xml
    try:
        root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(**SAFE_OPTIONS))
    except etree.XMLSyntaxError:
        return xml  # the codec will say what is wrong with it
    for element in root.iter():
        for name in _PLACEHOLDER_ATTRIBUTES:
            if element.get(name) == PLACEHOLDER_ID:
                del element.attrib[name]
    text: str = etree.tostring(root, encoding="unicode")
    return text
