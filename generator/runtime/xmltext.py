"""XML text: escaping, a safe parser, and a writer that declares namespaces as WCF does.

Every body takes the same path, whatever its encoding: a DOCTYPE is refused (so entity
tricks such as billion laughs or XXE are refused), and the work is linear in the body,
with nesting and namespace declarations bounded far above what WCF writes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any, Final, NoReturn, cast
from xml.parsers.expat import ExpatError, ParserCreate

from .errors import DecodeError, EncodeError
from .wire import TYPE, XSI

MAX_DEPTH = 64
# WCF declares at most a handful of namespaces on one element (xmlns, i, a, b, t) and a few
# dozen distinct prefix bindings in a whole message.
MAX_DECLARATIONS_PER_ELEMENT = 32
MAX_BINDINGS = 1024  # distinct (prefix, namespace) pairs in one document
_CHUNK = 64 * 1024
_EVENTS: Final = ("start-ns", "start", "end")

# Characters XML 1.0 cannot carry at all (DataContractSerializer writes them as invalid
# character references or replaces a lone surrogate with U+FFFD; we refuse both).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


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


class _RootReached(Exception):
    pass


def _refuse_doctype(*args: Any) -> NoReturn:
    raise DecodeError("XML with a DOCTYPE is not accepted")


def _root_reached(*args: Any) -> NoReturn:
    raise _RootReached


def _refuse_dtd(data: bytes) -> None:
    """Read the prolog (up to the root's start tag) with expat, which decodes it exactly
    as the tree parser will, and refuse a DOCTYPE there."""
    if data[:1] == b"<" and data[1:2].isalpha():
        return  # the root's start tag comes first (as WCF writes it): there is no prolog
    prolog = ParserCreate()
    prolog.StartDoctypeDeclHandler = _refuse_doctype
    prolog.StartElementHandler = _root_reached
    try:
        prolog.Parse(data, True)
    except _RootReached:
        pass
    except (
        DecodeError
    ):  # the DOCTYPE; a ValueError, which the next clause must not take
        raise
    except (ExpatError, ValueError, LookupError) as exc:  # an encoding expat cannot use
        raise DecodeError(f"malformed XML: {exc}") from None


def parse_xml(data: bytes) -> ET.Element:
    """Parse a body: no DTD (so no entities, no external resources), nothing recovered;
    ``i:type`` values become ``{namespace}name``, resolved while their prefix is in
    scope."""
    _refuse_dtd(data)
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(_EVENTS)
    in_scope: dict[str, list[str]] = {}  # prefix: its namespaces, innermost last
    # per open element, the prefixes it declared
    opened: list[list[str] | tuple[()]] = []
    declared: list[str] = []  # the prefixes of the element that starts next
    bindings: set[tuple[str, str]] = set()
    root: ET.Element | None = None
    try:
        for at in range(0, len(data), _CHUNK):  # a limit stops the parse early
            parser.feed(data[at : at + _CHUNK])
            events = cast(Iterator[tuple[str, Any]], parser.read_events())
            # one loop, no calls per event: this is every server request's hot path
            for event, item in events:
                if event == "start":
                    if declared:
                        if len(declared) > MAX_DECLARATIONS_PER_ELEMENT:
                            _too_many(
                                MAX_DECLARATIONS_PER_ELEMENT,
                                "namespace declarations on one element",
                            )
                        opened.append(declared)
                        declared = []
                    else:
                        opened.append(())
                    if len(opened) > MAX_DEPTH:
                        raise DecodeError(f"XML nested deeper than {MAX_DEPTH} levels")
                    if root is None:
                        root = item
                    type_name = item.get(TYPE)
                    if type_name is not None:
                        item.set(TYPE, _resolve(type_name, in_scope))
                elif event == "end":
                    for prefix in opened.pop():
                        in_scope[prefix].pop()
                else:  # start-ns: (prefix, namespace)
                    in_scope.setdefault(item[0], []).append(item[1])
                    declared.append(item[0])
                    if item not in bindings:
                        bindings.add(item)
                        if len(bindings) > MAX_BINDINGS:
                            _too_many(MAX_BINDINGS, "distinct namespace bindings")
        parser.close()
    except ET.ParseError as exc:
        raise DecodeError(f"malformed XML: {exc}") from None
    assert root is not None  # else close() raised "no element found"
    return root


def _resolve(qname: str, in_scope: dict[str, list[str]]) -> str:
    """``t:Square`` as ``{namespace of t}Square``; an unbound prefix has no namespace."""
    prefix, _, local = qname.rpartition(":")
    namespaces = in_scope.get(prefix)
    return f"{{{namespaces[-1] if namespaces else ''}}}{local}"


def _too_many(limit: int, what: str) -> NoReturn:
    raise DecodeError(f"XML with more than {limit} {what} is not accepted")


def split_tag(tag: str) -> tuple[str, str]:
    namespace, _, local = (
        tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    )
    return namespace, local


# -- writing -----------------------------------------------------------------


class XmlWriter:
    """XML output; the ``i`` prefix is declared once on the root.

    For IsReference contracts (:mod:`.references`) it keeps the ``z:Id`` given to each
    object written (by identity) and whether an open element declares the ``z`` prefix.
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.root = True
        self.ids: dict[int, str] = {}
        self.z_in_scope = False

    def open(
        self,
        tag: str,
        namespace: str,
        parent_namespace: str | None,
        extra: str = "",
        *,
        first: str = "",
        empty: bool = False,
    ) -> None:
        """``<tag first xmlns… extra>``: ``first`` is an attribute WCF's writer puts before
        the declarations (``z:Id``); ``empty`` closes the element at once."""
        declarations = (
            ""
            if namespace == parent_namespace
            else f' xmlns="{escape_attribute(namespace)}"'
        )
        if self.root:
            declarations += f' xmlns:i="{XSI}"'
            self.root = False
        end = "/>" if empty else ">"
        self.parts.append(f"<{tag}{first}{declarations}{extra}{end}")

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
