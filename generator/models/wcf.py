"""The WCF clean-up pass over xsdata's class model, one small named step each.

DataContract schemas follow a fixed pattern that xsdata's generic handlers turn
into awkward code (a wrapper class per global element, ``Status1`` renames,
``ser:guid`` wrapper types, ``ArrayOfstring`` classes). These steps read the
pattern instead: global elements become a root map, ``ArrayOf…`` types become
lists and dictionaries, enumerations become enums, and the Serialization types
become plain Python types.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from xsdata.codegen.models import Attr, Class
from xsdata.models.enums import Tag

from ..errors import SpecError
from ..ir import SER, XS, QName, SourceRef, TypeKind, TypeRef

SYSTEM = "http://schemas.datacontract.org/2004/07/System"
DATETIME_OFFSET = QName(SYSTEM, "DateTimeOffset")

# XSD and Serialization-namespace types the wire codecs carry; the value is the codec name.
PRIMITIVES: dict[QName, str] = {
    **{
        QName(XS, name): name
        for name in (
            "string", "anyURI", "boolean", "byte", "short", "int", "long", "unsignedByte", "unsignedShort",
            "unsignedInt", "unsignedLong", "double", "float", "decimal", "base64Binary", "dateTime",
        )
    },
    QName(SER, "guid"): "guid",
    QName(SER, "char"): "char",
    QName(SER, "duration"): "duration",
    DATETIME_OFFSET: "dateTimeOffset",
}  # fmt: skip
ANY_TYPE = QName(XS, "anyType")


@dataclass(frozen=True)
class Located:
    """An xsdata class and the page position of the schema it came from."""

    cls: Class
    source: SourceRef

    @property
    def qname(self) -> QName:
        return qname_of(self.cls.qname)

    def error(self, message: str) -> SpecError:
        return SpecError(message, file=self.source.file, line=self.source.line)


class Shape(Enum):
    CONTRACT = "contract"
    ENUM = "enum"
    FLAGS = "flags"
    LIST = "list"
    DICT = "dict"


def qname_of(value: str) -> QName:
    namespace, _, name = value[1:].partition("}") if value.startswith("{") else ("", "", value)
    return QName(namespace, name)


def drop_builtin_schemas(classes: Sequence[Located]) -> list[Located]:
    """The Serialization schema and DateTimeOffset are built in; the XMLSchema stub means nothing."""
    return [item for item in classes if item.qname.namespace not in (SER, XS) and item.qname != DATETIME_OFFSET]


def split_root_elements(classes: Sequence[Located]) -> tuple[list[Located], dict[QName, QName]]:
    """WCF declares ``<xs:element name="X" type="tns:X"/>`` for every type: keep those as a root map.

    Returns the types, and a map from each global element to the type it carries.
    """
    types, roots = [], {}
    for item in classes:
        cls = item.cls
        if cls.tag != Tag.ELEMENT:
            types.append(item)
            continue
        if cls.attrs or len(cls.extensions) != 1:
            raise item.error(f"global element {item.qname.name!r} must name a type (type=\"…\")")
        roots[item.qname] = qname_of(cls.extensions[0].type.qname)
    return types, roots


def merge_duplicate_types(classes: Sequence[Located]) -> list[Located]:
    """Every page repeats the types it uses; identical repeats collapse, different ones are an error."""
    kept: dict[QName, Located] = {}
    for item in classes:
        first = kept.setdefault(item.qname, item)
        if first is not item and fingerprint(first.cls) != fingerprint(item.cls):
            raise item.error(
                f"type {item.qname.name!r} in {item.qname.namespace!r} differs from its definition "
                f"at {first.source.file}:{first.source.line}"
            )
    return sorted(kept.values(), key=lambda item: item.qname)


def fingerprint(cls: Class) -> tuple[object, ...]:
    return (
        cls.tag,
        tuple(ext.type.qname for ext in cls.extensions),
        tuple(
            (a.tag, a.local_name, a.namespace, tuple(t.qname for t in a.types), a.restrictions.min_occurs,
             a.restrictions.max_occurs, a.restrictions.nillable, a.default)
            for a in cls.attrs
        ),
        tuple(fingerprint(inner) for inner in cls.inner),
    )  # fmt: skip


def _is_repeated(attr: Attr) -> bool:
    return (attr.restrictions.max_occurs or 1) > 1


def _enumerations(cls: Class) -> list[str] | None:
    if cls.attrs and all(attr.tag == Tag.ENUMERATION for attr in cls.attrs):
        return [str(attr.default) for attr in cls.attrs]
    return None


def shape_of(item: Located) -> Shape:
    """What a named schema type is, in WCF's patterns; anything else is not supported."""
    cls = item.cls
    if cls.tag == Tag.SIMPLE_TYPE:
        if _enumerations(cls) is not None:
            return Shape.ENUM
        if flag_names(cls) is not None:
            return Shape.FLAGS
        raise item.error(f"{item.qname.name!r}: simple types other than enumerations are not supported yet")
    if cls.tag != Tag.COMPLEX_TYPE:
        raise item.error(f"{item.qname.name!r}: {cls.tag} types are not supported")
    elements = [attr for attr in cls.attrs if attr.tag == Tag.ELEMENT]
    if len(cls.attrs) == 1 and len(elements) == 1 and _is_repeated(elements[0]) and not cls.extensions:
        return Shape.DICT if key_value_of(cls) is not None else Shape.LIST
    return Shape.CONTRACT


def enum_names(cls: Class) -> list[str]:
    names = _enumerations(cls)
    return names if names is not None else flag_names(cls) or []


def flag_names(cls: Class) -> list[str] | None:
    """``[Flags]`` enums are an ``xs:list`` of an anonymous enumeration."""
    if len(cls.attrs) == 1 and cls.attrs[0].restrictions.tokens and len(cls.inner) == 1:
        return _enumerations(cls.inner[0])
    return None


def key_value_of(cls: Class) -> Class | None:
    """The inner ``KeyValueOfKV`` of an ``ArrayOfKeyValueOfKV`` dictionary type, if it is one."""
    for inner in cls.inner:
        if [attr.local_name for attr in inner.attrs] == ["Key", "Value"]:
            return inner
    return None


REFERENCE_ATTRIBUTES = [(SER, "Id"), (SER, "Ref")]


def split_reference_attributes(item: Located) -> tuple[list[Attr], bool]:
    """``[DataContract(IsReference = true)]`` is exported as ``<xs:attribute ref="ser:Id"/>``
    and ``<xs:attribute ref="ser:Ref"/>`` after the members, and nothing else: the other
    attributes (the members, checked later), and whether the pair was there."""
    attrs = [attr for attr in item.cls.attrs if attr.tag != Tag.EXTENSION]
    references = [attr for attr in attrs if attr.tag == Tag.ATTRIBUTE and (attr.namespace, attr.local_name) in REFERENCE_ATTRIBUTES]
    if not references:
        return attrs, False
    if sorted((attr.namespace, attr.local_name) for attr in references) != REFERENCE_ATTRIBUTES:
        raise item.error(f"{item.qname.name}: z:Id and z:Ref come together (IsReference contracts)")
    return [attr for attr in attrs if attr not in references], True


def member_type(item: Located, attr: Attr) -> QName:
    member = f"{item.qname.name}.{attr.local_name}"
    if attr.tag != Tag.ELEMENT:
        raise item.error(f"{member}: only elements are supported as members (got {attr.tag})")
    if len(attr.types) != 1:
        raise item.error(f"{member}: a member must have exactly one type")
    return qname_of(attr.types[0].qname)


def primitive_or_any(qname: QName) -> TypeRef | None:
    if qname in PRIMITIVES:
        return TypeRef.of_primitive(PRIMITIVES[qname])
    if qname == ANY_TYPE:
        return TypeRef(TypeKind.ANY)
    return None
