"""XML documents compared as DataContractSerializer's readers see them: names by namespace,
attribute values that are QNames (``i:type``) by the namespace their prefix names, text as is;
prefixes, namespace declarations, attribute order and ``<a/>`` vs ``<a></a>`` do not count
(Mono's writers already differ in them: tests/interop/world/README.md, "Prefixes")."""

from __future__ import annotations

from lxml import etree

XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def shape(data: bytes) -> tuple[object, ...]:
    return _shape(etree.fromstring(data, _PARSER))


def _shape(element: etree._Element) -> tuple[object, ...]:
    attributes = dict(element.attrib)
    if XSI_TYPE in attributes:
        prefix, _, name = attributes[XSI_TYPE].rpartition(":")
        attributes[XSI_TYPE] = f"{{{element.nsmap.get(prefix or None, '')}}}{name}"
    return (element.tag, sorted(attributes.items()), element.text or "", [_shape(child) for child in element])


def same_document(ours: bytes, theirs: bytes) -> bool:
    return shape(ours) == shape(theirs)
