"""XML text: escaping, a safe parser, and a writer that declares namespaces as WCF does.

Bodies are parsed without DTDs, so entity tricks (billion laughs, XXE) are refused.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .errors import DecodeError, EncodeError
from .wire import TYPE, XSI

MAX_DEPTH = 64

# Characters XML 1.0 cannot carry at all; DataContractSerializer refuses them too.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape_text(text: str, where: str) -> str:
    if _XML_INVALID.search(text):
        raise EncodeError(f"{where}: contains a character XML cannot carry")
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", "&#xD;")
    )


def escape_attribute(text: str) -> str:
    return escape_text(text, "namespace").replace('"', "&quot;")


class _Builder(ET.TreeBuilder):
    """Refuses DTDs, limits depth, and resolves ``i:type`` QNames while prefixes are in scope."""

    def __init__(self) -> None:
        super().__init__()
        self._scopes: list[dict[str, str]] = [{}]
        self._declared: dict[str, str] = {}

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise DecodeError("XML with a DOCTYPE is not accepted")

    def start_ns(self, prefix: str, uri: str) -> None:
        self._declared[prefix] = uri

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        scope = self._scopes[-1]
        if self._declared:
            scope = {**scope, **self._declared}
            self._declared = {}
        self._scopes.append(scope)
        if len(self._scopes) > MAX_DEPTH + 1:  # the first scope is outside the root
            raise DecodeError(f"XML nested deeper than {MAX_DEPTH} levels")
        type_name = attrs.get(TYPE)
        if type_name is not None:
            prefix, _, local = type_name.rpartition(":")
            attrs = {**attrs, TYPE: f"{{{scope.get(prefix, '')}}}{local}"}
        return super().start(tag, attrs)

    def end(self, tag: str) -> ET.Element:
        self._scopes.pop()
        return super().end(tag)


class _PlainBuilder(ET.TreeBuilder):
    """Refuses DTDs; elements are built in C, which matters on a server's hot path."""

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise DecodeError("XML with a DOCTYPE is not accepted")


def parse_xml(data: bytes) -> ET.Element:
    """Parse a body: no DTD (so no entities, no external resources), nothing recovered."""
    # only a document that may carry i:type needs prefixes resolved while they are in scope
    scoped = b"type" in data
    parser = ET.XMLParser(target=_Builder() if scoped else _PlainBuilder())
    try:
        parser.feed(data)
        root: ET.Element = parser.close()
    except ET.ParseError as exc:
        raise DecodeError(f"malformed XML: {exc}") from None
    if not scoped:
        _check_depth(root)
    return root


def _check_depth(root: ET.Element) -> None:
    level, depth = [root], 1
    while level:
        if depth > MAX_DEPTH:
            raise DecodeError(f"XML nested deeper than {MAX_DEPTH} levels")
        level = [child for element in level for child in element]
        depth += 1


def split_tag(tag: str) -> tuple[str, str]:
    namespace, _, local = (
        tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    )
    return namespace, local


# -- writing -----------------------------------------------------------------


class XmlWriter:
    """XML output; the ``i`` prefix is declared once on the root."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.root = True

    def open(
        self, tag: str, namespace: str, parent_namespace: str | None, extra: str = ""
    ) -> None:
        declarations = (
            ""
            if namespace == parent_namespace
            else f' xmlns="{escape_attribute(namespace)}"'
        )
        if self.root:
            declarations += f' xmlns:i="{XSI}"'
            self.root = False
        self.parts.append(f"<{tag}{declarations}{extra}>")

    def nil(self, tag: str, namespace: str, parent_namespace: str | None) -> None:
        declarations = (
            ""
            if namespace == parent_namespace
            else f' xmlns="{escape_attribute(namespace)}"'
        )
        if self.root:
            declarations += f' xmlns:i="{XSI}"'
            self.root = False
        self.parts.append(f'<{tag}{declarations} i:nil="true"/>')
