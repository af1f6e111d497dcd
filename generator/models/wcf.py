"""The WCF clean-up pass over xsdata's class model, one small named step each.

DataContract schemas follow a fixed pattern that xsdata's generic handlers turn
into awkward code (a wrapper class per global element, ``Status1`` renames,
``ser:guid`` wrapper types). These steps rewrite the pattern before mapping.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xsdata.codegen.models import Attr, Class
from xsdata.models.enums import Tag

from generator.errors import SpecError
from generator.ir import SER, XS, QName, SourceRef

# XSD and Serialization-namespace types the wire codecs carry; the value is the codec name.
SUPPORTED_PRIMITIVES: dict[QName, str] = {
    **{
        QName(XS, name): name
        for name in (
            "string", "anyURI", "boolean", "byte", "short", "int", "long", "unsignedByte", "unsignedShort",
            "unsignedInt", "unsignedLong", "double", "float", "decimal", "base64Binary",
        )
    },
    QName(SER, "guid"): "guid",
}  # fmt: skip


@dataclass(frozen=True)
class Located:
    """An xsdata class and the page position of the schema it came from."""

    cls: Class
    source: SourceRef


def qname_of(value: str) -> QName:
    namespace, _, name = value[1:].partition("}") if value.startswith("{") else ("", "", value)
    return QName(namespace, name)


def drop_builtin_schemas(classes: Sequence[Located]) -> list[Located]:
    """The Serialization schema is built in and the XMLSchema stub means nothing."""
    return [item for item in classes if qname_of(item.cls.qname).namespace not in (SER, XS)]


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
            raise SpecError(f"global element {qname_of(cls.qname).name!r} must name a type (type=\"…\")", file=item.source.file, line=item.source.line)
        roots[qname_of(cls.qname)] = qname_of(cls.extensions[0].type.qname)
    return types, roots


def merge_duplicate_types(classes: Sequence[Located]) -> list[Located]:
    """Every page repeats the types it uses; identical repeats collapse, different ones are an error."""
    kept: dict[str, Located] = {}
    for item in classes:
        first = kept.setdefault(item.cls.qname, item)
        if first is not item and _shape(first.cls) != _shape(item.cls):
            raise SpecError(
                f"type {qname_of(item.cls.qname).name!r} in {qname_of(item.cls.qname).namespace!r} differs from its definition "
                f"at {first.source.file}:{first.source.line}",
                file=item.source.file,
                line=item.source.line,
            )
    return sorted(kept.values(), key=lambda item: qname_of(item.cls.qname))


def _shape(cls: Class) -> tuple[object, ...]:
    return (
        cls.tag,
        tuple(ext.type.qname for ext in cls.extensions),
        tuple(
            (a.tag, a.local_name, a.namespace, tuple(t.qname for t in a.types), a.restrictions.min_occurs,
             a.restrictions.max_occurs, a.restrictions.nillable)
            for a in cls.attrs
        ),
    )  # fmt: skip


def check_supported(classes: Sequence[Located]) -> None:
    """Only sequences of single-valued elements of known types are generated (for now)."""
    known = {qname_of(item.cls.qname) for item in classes}
    for item in classes:
        cls = item.cls
        if cls.tag != Tag.COMPLEX_TYPE:
            raise _unsupported(item, f"{qname_of(cls.qname).name!r}: {cls.tag} types are not supported yet")
        if cls.extensions:
            raise _unsupported(item, f"{qname_of(cls.qname).name!r}: derived data contracts are not supported yet")
        for attr in cls.attrs:
            _check_member(item, attr, known)


def _check_member(item: Located, attr: Attr, known: set[QName]) -> None:
    member = f"{qname_of(item.cls.qname).name}.{attr.local_name}"
    if attr.tag != Tag.ELEMENT:
        raise _unsupported(item, f"{member}: only elements are supported as members (got {attr.tag})")
    if attr.restrictions.max_occurs not in (None, 1):
        raise _unsupported(item, f"{member}: repeated elements are not supported yet")
    if len(attr.types) != 1:
        raise _unsupported(item, f"{member}: a member must have exactly one type")
    qname = qname_of(attr.types[0].qname)
    if qname in known:
        raise _unsupported(item, f"{member}: members of data contract type are not supported yet ({qname.name})")
    if qname not in SUPPORTED_PRIMITIVES:
        raise _unsupported(item, f"{member}: type {qname.name!r} in {qname.namespace!r} is not supported yet")


def _unsupported(item: Located, message: str) -> SpecError:
    return SpecError(message, file=item.source.file, line=item.source.line)
