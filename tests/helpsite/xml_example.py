"""The XML example: ``HelpExampleGenerator.GenerateXmlSample`` (see :mod:`.walk`)."""

from __future__ import annotations

from .strings import ENGLISH, Strings
from .walk import SAMPLE_DATE, XSI, NotGenerated, Walk, constant, derived_elements, is_object
from .xmltext import XDocumentWriter, serialize
from .xsd import (
    SER,
    XS,
    AttributeDecl,
    ComplexType,
    ElementDecl,
    Particle,
    QName,
    SchemaSet,
    SimpleType,
)


class XmlExample(Walk):
    def __init__(self, schemas: SchemaSet, strings: Strings) -> None:
        super().__init__(schemas, strings)
        self.writer = XDocumentWriter()

    def element(self, element: ElementDecl) -> None:
        """``XmlElementHandler``."""
        content = self._valid_elements_comment(element)
        self.writer.start_element(element.qname.name, element.qname.namespace)
        if content is not element:
            value, namespace = content.qname.name, content.qname.namespace
            if namespace != element.qname.namespace and namespace:
                prefix = self.writer.lookup_prefix(namespace)
                if prefix is None:
                    prefix = f"d{self.depth}"
                    self.writer.attribute("xmlns", prefix, "", namespace)
                value = f"{prefix}:{value}"
            self.writer.attribute("i", "type", XSI, value)
        if content.constraints:
            raise NotGenerated("identity constraints")
        self.type(content.type)
        self.writer.end_element()

    def _valid_elements_comment(self, element: ElementDecl) -> ElementDecl:
        derived = derived_elements(self.schemas, element)
        if derived:
            self.writer.comment(self.strings.valid_elements_of_type.format(", ".join(e.qname.name for e in derived)))
        return derived[0] if derived else element

    def type(self, type_: SimpleType | ComplexType) -> None:
        if isinstance(type_, ComplexType):
            self.invoke(self.complex, type_)
        else:
            self.invoke(self.simple, type_)

    def complex(self, type_: ComplexType) -> None:
        """``XmlComplexTypeHandler``: attributes, the content model, the content, mixed text."""
        for attribute in type_.attributes:
            self.invoke(self.attribute, attribute)
        if type_.derivation:
            self.invoke(self.content_model, type_)
        self.invoke(self.particle, type_.content)
        if type_.mixed:
            raise NotGenerated("mixed content (the English example text is not known)")

    def sequence(self, items: list[Particle]) -> None:
        """``XmlSequenceHandler``: elements only, each at most twice."""
        for item in items:
            count = 0
            while isinstance(item, ElementDecl) and count < 2 and item.max_occurs > count:
                if is_object(item):
                    self.nested(item)
                else:
                    self.invoke(self.element, item)
                count += 1

    def nil(self, element: ElementDecl) -> None:
        self.writer.start_element(element.qname.name, element.qname.namespace)
        self.writer.attribute("i", "nil", XSI, "true")
        self.writer.end_element()

    def attribute(self, attribute: AttributeDecl) -> None:
        content = self.content_of(attribute.type)
        if not content:
            self.writer.attribute("i", "nil", XSI, "true")
        else:
            self.writer.attribute(None, attribute.qname.name, attribute.qname.namespace, content)

    def simple(self, type_: SimpleType) -> None:
        """``XmlSimpleTypeHandler``: user types are checked (facets, unions) before their value."""
        if type_.qname.namespace not in (SER, XS) and type_.qname.name != "guid":
            self.invoke(self._simple_content, type_)
        content = self.content_of(type_)
        if content:
            self.writer.text(content)
        elif type_.variety != "list":
            self.writer.attribute("i", "nil", XSI, "true")

    def _simple_content(self, type_: SimpleType) -> None:
        if type_.variety == "union":
            raise NotGenerated("xs:union")
        if type_.variety == "list" and type_.item is not None:
            self.invoke(self.simple, type_.item)
        elif type_.other_facets:
            raise NotGenerated(f"the facet xs:{type_.other_facets[0]}")

    def content_of(self, type_: SimpleType) -> str | None:
        """``GenerateContentForXmlSimpleType``."""
        if type_.variety == "atomic" and type_.enumerations:
            return type_.enumerations[0]
        if type_.qname.name == "dateTime":
            return SAMPLE_DATE.isoformat()
        if type_.qname.name == "char":
            return "97"
        return constant(type_.qname.name, self.strings)


def xml_example(schemas: SchemaSet, root: QName, strings: Strings = ENGLISH) -> str:
    """The XML example of the global element ``root``, as the help page prints it.

    Only ``XDocument.Root`` is kept, so a comment before the root (a root type with derived
    types) is not printed; the root still gets ``i:type``.
    """
    walk = XmlExample(schemas, strings)
    walk.invoke(walk.element, schemas.element(root))
    if walk.writer.root is None:
        raise NotGenerated("no root element was written")
    return serialize(walk.writer.root)
