"""What the models read from a schema block's XML (lxml) beside xsdata's classes."""

from __future__ import annotations

import re
from typing import Any

from ..errors import SpecError
from ..ir import SER, XS, QName, SchemaDoc

_NCNAME = re.compile(r"[^\W\d][\w.\-]*")
_NUMBER = re.compile(r"-?\d{1,20}")


def check_names(schema: Any, doc: SchemaDoc) -> None:
    """Names become wire names and Python names; xsdata would silently cut ``a:b`` to ``b``."""
    for element in schema.iter():
        name = element.get("name")
        if name is not None and not _NCNAME.fullmatch(name):
            line = doc.source.line + (element.sourceline or 1) - 1
            raise SpecError(f"{name!r} is not a valid XML name", file=doc.source.file, line=line)


def enumeration_values(namespace: str, definition: Any) -> dict[QName, dict[str, int]]:
    """A top-level named ``xs:simpleType``'s ``EnumerationValue`` annotations (explicit enum
    numbers), which xsdata does not keep."""
    if definition.tag != f"{{{XS}}}simpleType" or definition.get("name") is None:
        return {}
    values = {}
    for enumeration in definition.iter(f"{{{XS}}}enumeration"):
        text = enumeration.findtext(f".//{{{SER}}}EnumerationValue")
        if text is not None and _NUMBER.fullmatch(text.strip()):
            values[enumeration.get("value", "")] = int(text)
    return {QName(namespace, definition.get("name")): values}


def extension_bases(namespace: str, definition: Any) -> dict[QName, QName]:
    """A top-level named complex type's ``xs:extension`` base, its prefix resolved where the
    extension element declares it (lxml's ``nsmap`` holds every prefix in scope on the element)."""
    if definition.tag != f"{{{XS}}}complexType" or definition.get("name") is None:
        return {}
    found = {}
    for extension in definition.iterfind(f"{{{XS}}}complexContent/{{{XS}}}extension[@base]"):
        prefix, _, name = extension.get("base").rpartition(":")
        base_namespace = extension.nsmap.get(prefix or None, "")
        found[QName(namespace, definition.get("name"))] = QName(base_namespace, name)
    return found
