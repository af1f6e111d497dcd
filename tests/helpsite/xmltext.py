"""System.Xml's writers as the help page uses them, reproduced character for character.

Two layers, as in WCF:

* :class:`XDocumentWriter` is ``XmlWriter.Create(new XDocument().CreateWriter(), settings)``:
  the well-formed writer that chooses prefixes and namespace declarations while
  ``HelpExampleGenerator`` (or ``XmlSchema.Write``) writes into an ``XDocument``. It keeps
  .NET's namespace stack: an element without a prefix takes the innermost prefix bound to
  its namespace (``<d4:Key>`` under ``xmlns:d4``), an attribute in an unbound namespace gets
  a generated ``p{n}`` prefix, explicit ``xmlns:*`` attributes stay where they were written,
  and the declarations the writer adds itself follow the attributes, the last added first
  (``<Child i:nil="true" xmlns:i="…" xmlns="urn:b" />``: checked on Mono 6.8).
* :func:`serialize` is ``XElement.WriteTo(XmlWriter.Create(sb, new XmlWriterSettings {
  Indent = true }))`` (and ``XDocument.ToString()``): two-space indentation, a new line
  before every element and comment unless its parent already holds text (mixed content:
  ``<a>Example</a>,<a>Schema</a></td>`` stays on one line), ``<x />`` for empty elements,
  ``<x></x>`` for elements whose content is the empty string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

XMLNS_NS: Final = "http://www.w3.org/2000/xmlns/"
XML_NS: Final = "http://www.w3.org/XML/1998/namespace"


@dataclass
class Text:
    value: str


@dataclass
class Comment:
    value: str


@dataclass
class Element:
    """An element as written: qualified names (``d4:Key``), attributes in document order."""

    name: str
    attributes: list[tuple[str, str]] = field(default_factory=list)
    children: list[Element | Text | Comment] = field(default_factory=list)
    full_end: bool = False  # content is the empty string: <p></p>, not <p />

    def add(self, *children: Element | Text | Comment | str) -> Element:
        for child in children:
            self.children.append(Text(child) if isinstance(child, str) else child)
        return self


Node = Element | Text | Comment


@dataclass
class _Binding:
    prefix: str
    uri: str
    kind: str  # "special", "implied" (in scope already), "need" (to be declared), "written" (explicit)


class XDocumentWriter:
    """The calls WCF makes on its ``XmlWriter``; :attr:`root` is ``XDocument.Root`` afterwards."""

    def __init__(self) -> None:
        self._bindings = [_Binding("xmlns", XMLNS_NS, "special"), _Binding("xml", XML_NS, "special")]
        self._bindings.append(_Binding("", "", "implied"))
        self._scopes: list[tuple[Element, int]] = []  # open elements and the binding count before each
        self._pending: Element | None = None  # start tag still open for attributes
        self.root: Element | None = None

    # -- namespace stack (XmlWellFormedWriter) ------------------------------------------------

    def lookup_prefix(self, uri: str) -> str | None:
        for i in range(len(self._bindings) - 1, -1, -1):
            if self._bindings[i].uri == uri:
                prefix = self._bindings[i].prefix
                redefined = any(b.prefix == prefix for b in self._bindings[i + 1 :])
                return None if redefined else prefix
        return None

    def _lookup_namespace(self, prefix: str) -> str | None:
        index = self._index_of(prefix)
        return None if index < 0 else self._bindings[index].uri

    def _index_of(self, prefix: str) -> int:
        return next((i for i in range(len(self._bindings) - 1, -1, -1) if self._bindings[i].prefix == prefix), -1)

    def _scope_start(self) -> int:
        return self._scopes[-1][1] if self._scopes else len(self._bindings)

    def _push_implicit(self, prefix: str, uri: str) -> None:
        index = self._index_of(prefix)
        if index >= self._scope_start():
            return  # declared on this element already
        kind = "implied" if index >= 0 and self._bindings[index].uri == uri else "need"
        self._bindings.append(_Binding(prefix, uri, kind))

    def _push_explicit(self, prefix: str, uri: str) -> None:
        index = self._index_of(prefix)
        if index >= self._scope_start():
            self._bindings[index].kind = "written"
        else:
            self._bindings.append(_Binding(prefix, uri, "written"))

    def _generate_prefix(self) -> str:
        candidate = f"p{len(self._bindings) - 3}"
        if self._lookup_namespace(candidate) is None:
            return candidate
        suffix = 0
        while self._lookup_namespace(f"{candidate}{suffix}") is not None:
            suffix += 1
        return f"{candidate}{suffix}"

    # -- writing -------------------------------------------------------------------------------

    def start_element(self, local: str, uri: str) -> None:
        """``WriteStartElement(localName, ns)``: no prefix given."""
        self._content()
        prefix = self.lookup_prefix(uri) or ""
        element = Element(f"{prefix}:{local}" if prefix else local)
        if self._scopes:
            self._scopes[-1][0].children.append(element)
        elif self.root is None:
            self.root = element
        self._scopes.append((element, len(self._bindings)))
        self._push_implicit(prefix, uri)
        self._pending = element

    def attribute(self, prefix: str | None, local: str, uri: str, value: str) -> None:
        """``WriteAttributeString(prefix, localName, ns, value)``; prefix ``xmlns`` declares ``local``."""
        element = self._pending
        if element is None:
            raise ValueError("an attribute outside a start tag")
        if prefix == "xmlns":
            self._push_explicit(local, value)
            element.attributes.append((f"xmlns:{local}", value))
            return
        if prefix is None:
            prefix = self.lookup_prefix(uri) if uri else ""
            if not prefix and uri:
                prefix = self._generate_prefix()
        elif not uri:
            prefix = ""
        else:
            index = self._index_of(prefix)
            if index >= self._scope_start() and self._bindings[index].uri != uri:
                prefix = self._generate_prefix()
        if prefix:
            self._push_implicit(prefix, uri)
        element.attributes.append((f"{prefix}:{local}" if prefix else local, value))

    def text(self, value: str) -> None:
        self._content()
        children = self._scopes[-1][0].children
        if children and isinstance(children[-1], Text):
            children[-1].value += value  # XNodeBuilder merges adjacent strings
        else:
            children.append(Text(value))

    def comment(self, value: str) -> None:
        self._content()
        if self._scopes:  # a comment before the root element is not part of XDocument.Root
            self._scopes[-1][0].children.append(Comment(value))

    def end_element(self) -> None:
        self._content()
        _, start = self._scopes.pop()
        del self._bindings[start:]

    def _content(self) -> None:
        """StartElementContent: the declarations the writer added, last added first."""
        element, self._pending = self._pending, None
        if element is None:
            return
        for binding in reversed(self._bindings[self._scope_start() :]):
            if binding.kind == "need":
                element.attributes.append((f"xmlns:{binding.prefix}" if binding.prefix else "xmlns", binding.uri))


# -- XmlWriter(Indent = true) -----------------------------------------------------------------


def escape_text(value: str) -> str:
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("\r\n", "\n").replace("\r", "\n")  # NewLineHandling.Replace, NewLineChars "\n"


def escape_attribute(value: str) -> str:
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return value.replace("\t", "&#x9;").replace("\n", "&#xA;").replace("\r", "&#xD;")


class _IndentWriter:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.text_pos = 0  # position right after the last text written
        self.level = 0
        self.mixed = False
        self.mixed_stack: list[bool] = []

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.pos += len(text)

    def indent(self) -> None:
        self.write("\n" + "  " * self.level)

    def node(self, node: Node) -> None:
        if isinstance(node, Text):
            self.mixed = True
            self.write(escape_text(node.value))
            self.text_pos = self.pos
        elif isinstance(node, Comment):
            if not self.mixed and self.text_pos != self.pos:
                self.indent()
            self.write(f"<!--{node.value}-->")
        else:
            self.element(node)

    def element(self, element: Element) -> None:
        if not self.mixed and self.text_pos != self.pos:
            self.indent()
        self.level += 1
        self.mixed_stack.append(self.mixed)
        attributes = "".join(f' {name}="{escape_attribute(value)}"' for name, value in element.attributes)
        self.write(f"<{element.name}{attributes}")
        self.mixed = False if self.level == 1 else self.mixed_stack[-1]
        children = [c for c in element.children if not (isinstance(c, Text) and not c.value)]
        if not children:
            self.level -= 1
            self.mixed = self.mixed_stack.pop()
            self.write(f"></{element.name}>" if element.full_end or element.children else " />")
            return
        self.write(">")
        for child in children:
            self.node(child)
        self.level -= 1
        if not self.mixed and self.text_pos != self.pos:
            self.indent()
        self.mixed = self.mixed_stack.pop()
        self.write(f"</{element.name}>")


def serialize(root: Element, doctype: str | None = None) -> str:
    """The text ``XmlWriter(Indent = true, OmitXmlDeclaration = true)`` writes for ``root``."""
    writer = _IndentWriter()
    if doctype is not None:
        writer.write(doctype)
    writer.element(root)
    return "".join(writer.parts)
