"""Strict XML parsing for spec content: no DTD, no entities, no network, no recovery."""

from __future__ import annotations

from lxml import etree

from ..errors import SpecError

# What makes a parse safe for spec content; every XML parser of a page uses these.
SAFE_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False, "recover": False}
_PARSER = etree.XMLParser(**SAFE_OPTIONS)


def parse_xml(text: str, *, file: str, line: int) -> etree._Element:
    """Parse one XML fragment from a page; ``line`` is where the fragment starts."""
    try:
        root = etree.fromstring(text.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise SpecError(f"malformed XML: {exc.msg}", file=file, line=line + max(exc.lineno, 1) - 1) from None
    if root.getroottree().docinfo.doctype:
        raise SpecError("XML with a DOCTYPE is not accepted in a spec", file=file, line=line)
    return root
