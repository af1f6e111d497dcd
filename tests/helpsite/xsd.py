"""A compiled XML schema set: the part of ``XmlSchemaSet.Compile()`` that the example generator reads.

What DataContract exports contain is modelled (global elements, named and anonymous complex
and simple types, sequences, ``complexContent`` extensions, enumerations, lists, attributes);
constructs that ``HelpExampleGenerator`` refuses are kept as markers, so the generator can
refuse them the same way (the page then says it could not generate the schema).

Compilation rules that matter for the examples, as in ``SchemaSetCompiler``:

* the content of a type derived by extension is one flat sequence: the base type's items,
  then its own (``CannonicalizeSequence`` inlines sequences that occur exactly once);
* an element without a type is ``xs:anyType``; every complex type without a base derives
  from ``xs:anyType``;
* global elements keep the order of the schemas in the set, then of their declarations.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final, NamedTuple

from lxml import etree

XS: Final = "http://www.w3.org/2001/XMLSchema"
SER: Final = "http://schemas.microsoft.com/2003/10/Serialization/"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, huge_tree=True)


class QName(NamedTuple):
    namespace: str
    name: str


class SchemaError(ValueError):
    """A schema text that cannot be compiled."""


@dataclass(eq=False)
class SimpleType:
    qname: QName  # ("", "") when anonymous
    variety: str = "atomic"  # "atomic" (a restriction or a built-in), "list", "union"
    enumerations: tuple[str, ...] = ()
    other_facets: tuple[str, ...] = ()  # facet kinds other than enumeration: the XML generator refuses them
    item: SimpleType | None = None  # of a list
    builtin: bool = False


@dataclass(eq=False)
class ElementDecl:
    qname: QName
    declared_type: SimpleType | ComplexType | None  # None: a reference, typed by its global element
    min_occurs: int = 1
    max_occurs: float = 1
    abstract: bool = False
    constraints: int = 0  # identity constraints (key, unique, keyref): refused
    ref: ElementDecl | None = None

    @property
    def type(self) -> SimpleType | ComplexType:
        if self.ref is not None:
            return self.ref.type
        return self.declared_type if self.declared_type is not None else ANY_TYPE


@dataclass(eq=False)
class AttributeDecl:
    qname: QName
    type: SimpleType


@dataclass(eq=False)
class Choice:
    items: list[Particle]


@dataclass(eq=False)
class Sequence_:
    """A nested sequence; one that occurs exactly once is inlined when the content is compiled."""

    items: list[Particle]
    once: bool = True


@dataclass(eq=False)
class Unsupported:
    kind: str  # "all", "group", … : refused by the generator when it meets them


Particle = ElementDecl | Choice | Sequence_ | Unsupported | None  # None: xs:any (nothing to write)


@dataclass(eq=False)
class ComplexType:
    qname: QName
    base: ComplexType | SimpleType | None = None  # None only for xs:anyType
    content: list[Particle] | Choice | Unsupported | None = None  # None: the empty particle
    attributes: list[AttributeDecl] = field(default_factory=list)
    mixed: bool = False
    derivation: str = ""  # "", "extension", or a refused form ("restriction", "simple-restriction")


ANY_TYPE: Final = ComplexType(QName(XS, "anyType"))


class SchemaSet:
    """The compiled set; build it with :func:`compile_schemas` (cached by the schema texts)."""

    def __init__(self, roots: Sequence[etree._Element]) -> None:
        self._types: dict[QName, etree._Element] = {}
        self._attributes: dict[QName, etree._Element] = {}
        self._compiled: dict[QName, SimpleType | ComplexType] = {}
        nodes: dict[QName, etree._Element] = {}
        tables = {
            "complexType": self._types,
            "simpleType": self._types,
            "element": nodes,
            "attribute": self._attributes,
        }
        for root in roots:
            target = root.get("targetNamespace", "")
            for child in root:
                table = tables.get(etree.QName(child).localname)
                if table is not None and child.get("name") is not None:
                    table.setdefault(QName(target, child.get("name", "")), child)
        # Declared first, typed second: a type may refer to any global element.
        self._globals = {
            qname: ElementDecl(qname, None, abstract=node.get("abstract") == "true") for qname, node in nodes.items()
        }
        for qname, node in nodes.items():
            self._globals[qname].declared_type = self._type_of(node)
            self._globals[qname].constraints = _constraints(node)
        self.global_elements: list[ElementDecl] = list(self._globals.values())
        self.derived: dict[int, list[ElementDecl]] = {}  # GetDerivedTypes by id of the base type, a cache

    def element(self, qname: QName) -> ElementDecl:
        try:
            return self._globals[qname]
        except KeyError:
            raise SchemaError(f"no global element {{{qname.namespace}}}{qname.name} in the schema set") from None

    def type(self, qname: QName) -> SimpleType | ComplexType:
        if qname in self._compiled:
            return self._compiled[qname]
        node = self._types.get(qname)
        if node is None:
            if qname.namespace != XS:
                raise SchemaError(f"unknown type {{{qname.namespace}}}{qname.name}")
            builtin: SimpleType | ComplexType = ANY_TYPE if qname.name == "anyType" else SimpleType(qname, builtin=True)
            self._compiled[qname] = builtin
            return builtin
        compiled: SimpleType | ComplexType
        if etree.QName(node).localname == "simpleType":
            compiled = self._compiled[qname] = SimpleType(qname)  # before its content: types refer to themselves
            self._fill_simple(compiled, node)
        else:
            compiled = self._compiled[qname] = ComplexType(qname)
            self._fill_complex(compiled, node)
        return compiled

    # -- components ---------------------------------------------------------------------------

    def _type_of(self, node: etree._Element) -> SimpleType | ComplexType:
        """The type of an element or attribute: its ``type``, an anonymous one, or xs:anyType."""
        if node.get("type") is not None:
            return self.type(_resolve(node, node.get("type", "")))
        for child in node:
            kind = etree.QName(child).localname
            if kind == "complexType":
                anonymous = ComplexType(QName("", ""))
                self._fill_complex(anonymous, child)
                return anonymous
            if kind == "simpleType":
                simple = SimpleType(QName("", ""))
                self._fill_simple(simple, child)
                return simple
        return ANY_TYPE

    def _fill_simple(self, simple: SimpleType, node: etree._Element) -> None:
        content = next((c for c in node if etree.QName(c).localname in ("restriction", "list", "union")), None)
        if content is None:
            raise SchemaError(f"simple type {simple.qname.name!r} has no content")
        kind = etree.QName(content).localname
        if kind == "union":
            simple.variety = "union"
        elif kind == "list":
            simple.variety = "list"
            item_type = content.get("itemType")
            item = self.type(_resolve(content, item_type)) if item_type is not None else self._type_of(content)
            if not isinstance(item, SimpleType):
                raise SchemaError("a list of a complex type")
            simple.item = item
        else:
            facets = [f for f in content if etree.QName(f).localname not in ("annotation", "simpleType")]
            simple.enumerations = tuple(f.get("value", "") for f in facets if etree.QName(f).localname == "enumeration")
            simple.other_facets = tuple(
                etree.QName(f).localname for f in facets if etree.QName(f).localname != "enumeration"
            )

    def _fill_complex(self, complex_: ComplexType, node: etree._Element) -> None:
        complex_.mixed = node.get("mixed") == "true"
        own: etree._Element = node
        base: SimpleType | ComplexType = ANY_TYPE
        model = next((c for c in node if etree.QName(c).localname in ("complexContent", "simpleContent")), None)
        if model is not None:
            derivation = next((c for c in model if etree.QName(c).localname in ("extension", "restriction")), None)
            if derivation is None:
                raise SchemaError(f"{etree.QName(model).localname} without an extension or restriction")
            complex_.mixed = complex_.mixed or model.get("mixed") == "true"
            base = self.type(_resolve(derivation, derivation.get("base", "")))
            prefix = "simple-" if etree.QName(model).localname == "simpleContent" else ""
            complex_.derivation = prefix + etree.QName(derivation).localname
            own = derivation
        complex_.base = base
        # Compiled attribute uses: the type's own, then those it inherits.
        complex_.attributes = [self._attribute(a) for a in own if etree.QName(a).localname == "attribute"]
        if isinstance(base, ComplexType):
            names = {a.qname for a in complex_.attributes}
            complex_.attributes += [a for a in base.attributes if a.qname not in names]
        own_content = self._content_of(own)
        if complex_.derivation == "extension" and isinstance(base, ComplexType):
            complex_.content = _flatten([base.content, own_content])
        elif complex_.derivation in ("", "restriction"):
            complex_.content = _flatten([own_content]) if isinstance(own_content, list) else own_content

    def _content_of(self, node: etree._Element) -> list[Particle] | Choice | Unsupported | None:
        for child in node:
            kind = etree.QName(child).localname
            if kind == "sequence":
                return self._particles(child)
            if kind == "choice":
                return Choice(self._particles(child))
            if kind in ("all", "group"):
                return Unsupported(kind)
        return None

    def _particles(self, node: etree._Element) -> list[Particle]:
        return [self._particle(c) for c in node if etree.QName(c).localname != "annotation"]

    def _particle(self, node: etree._Element) -> Particle:
        kind = etree.QName(node).localname
        if kind == "element":
            return self._local_element(node)
        if kind == "any":
            return None
        if kind == "choice":
            return Choice(self._particles(node))
        if kind == "sequence":
            return Sequence_(self._particles(node), node.get("minOccurs", "1") == node.get("maxOccurs", "1") == "1")
        return Unsupported(kind)

    def _local_element(self, node: etree._Element) -> ElementDecl:
        if node.get("ref") is not None:
            referenced = self.element(_resolve(node, node.get("ref", "")))
            decl = ElementDecl(referenced.qname, None, abstract=referenced.abstract, ref=referenced)
        else:
            root = node.getroottree().getroot()
            default_form = "qualified" if root.get("elementFormDefault") == "qualified" else "unqualified"
            namespace = root.get("targetNamespace", "") if node.get("form", default_form) == "qualified" else ""
            decl = ElementDecl(
                QName(namespace, node.get("name", "")), self._type_of(node), constraints=_constraints(node)
            )
        decl.min_occurs = int(node.get("minOccurs", "1"))
        maximum = node.get("maxOccurs", "1")
        decl.max_occurs = math.inf if maximum == "unbounded" else int(maximum)
        return decl

    def _attribute(self, node: etree._Element) -> AttributeDecl:
        if node.get("ref") is not None:
            qname = _resolve(node, node.get("ref", ""))
            target = self._attributes.get(qname)
            if target is None:
                raise SchemaError(f"unknown attribute {{{qname.namespace}}}{qname.name}")
            node = target
        else:
            root = node.getroottree().getroot()
            qualified = node.get("form", root.get("attributeFormDefault", "unqualified")) == "qualified"
            qname = QName(root.get("targetNamespace", "") if qualified else "", node.get("name", ""))
        type_ = (
            self._type_of(node) if node.get("type") is not None or len(node) else self.type(QName(XS, "anySimpleType"))
        )
        if not isinstance(type_, SimpleType):
            raise SchemaError("an attribute of a complex type")
        return AttributeDecl(qname, type_)


def _resolve(node: etree._Element, value: str) -> QName:
    """A QName attribute value, resolved with the namespaces in scope at ``node`` (incl. its own)."""
    prefix, _, local = value.rpartition(":")
    namespace = node.nsmap.get(prefix or None)
    if namespace is None:
        if prefix:
            raise SchemaError(f"undeclared prefix in {value!r}")
        namespace = ""
    return QName(namespace, local)


def _constraints(node: etree._Element) -> int:
    return sum(1 for c in node if etree.QName(c).localname in ("key", "keyref", "unique"))


def _flatten(parts: Iterable[list[Particle] | Choice | Unsupported | None]) -> list[Particle]:
    """CannonicalizeSequence: sequences occurring once are inlined, elements that never occur dropped."""
    items: list[Particle] = []
    for part in parts:
        if part is None:
            continue
        if isinstance(part, (Choice, Unsupported)):
            items.append(part)
            continue
        for item in part:
            if isinstance(item, Sequence_) and item.once:
                items.extend(_flatten([item.items]))
            elif not (isinstance(item, ElementDecl) and item.max_occurs == 0):
                items.append(item)
    return items


@lru_cache(maxsize=4096)
def target_namespace(text: str) -> str:
    return str(etree.fromstring(text.encode("utf-8"), _PARSER).get("targetNamespace", ""))


@lru_cache(maxsize=1024)
def compile_schemas(texts: tuple[str, ...]) -> SchemaSet:
    """The schema set of these schema texts, in set order (cached: pages repeat their schemas)."""
    try:
        return SchemaSet([etree.fromstring(text.encode("utf-8"), _PARSER) for text in texts])
    except etree.XMLSyntaxError as exc:
        raise SchemaError(f"not a schema: {exc}") from None
