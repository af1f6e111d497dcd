"""How model types become Python: annotations, defaults, field metadata and codec expressions.

Everything returned is :class:`Code`: built from identifiers the model computed and
from string literals made by :func:`pystr`, never from raw spec text.
"""

from __future__ import annotations

from ..ir import Api, EnumType, Member, QName, TypeKind, TypeRef
from .escape import Code, ident, pystr

# Python type and default of each primitive; ``None`` marks a reference type (nullable in .NET).
_PRIMITIVES: dict[str, tuple[str, str | None]] = {
    "string": ("str", None),
    "anyURI": ("str", None),
    "base64Binary": ("bytes", None),
    "boolean": ("bool", "False"),
    "double": ("float", "0.0"),
    "float": ("float", "0.0"),
    "decimal": ("Decimal", "Decimal(0)"),
    "guid": ("UUID", "UUID(int=0)"),
    "dateTime": ("datetime", "datetime(1, 1, 1)"),
    "dateTimeOffset": ("datetime", "MIN_DATETIME_OFFSET"),
    "duration": ("timedelta", "timedelta(0)"),
    "char": ("str", '"\\x00"'),
    **{
        name: ("int", "0")
        for name in ("byte", "short", "int", "long", "unsignedByte", "unsignedShort", "unsignedInt", "unsignedLong")
    },
}
IMPORTS = {"Decimal": "decimal", "UUID": "uuid", "datetime": "datetime", "timedelta": "datetime"}  # name: module
TEMPLATE_IMPORTS = {
    "cast": "typing", "Any": "typing", "Protocol": "typing", "Awaitable": "collections.abc", "Literal": "typing",
    "Unpack": "typing", "overload": "typing", "cached_property": "functools",
}  # fmt: skip
_REFERENCE_KINDS = (TypeKind.CONTRACT, TypeKind.LIST, TypeKind.DICT, TypeKind.ANY)
_COLLECTIONS = (TypeKind.LIST, TypeKind.DICT)
# A metadata entry: key and value, the value a nested description for collections of collections.
Entry = tuple[Code, "Code | list[Entry]"]


class Types:
    """Type rendering for one API: knows its contracts' and enums' Python names."""

    def __init__(self, api: Api) -> None:
        self.classes: dict[QName, str] = {c.qname: c.python_name for c in api.contracts}
        self.classes.update({e.qname: e.python_name for e in api.enums})
        self.enums: dict[QName, EnumType] = {e.qname: e for e in api.enums}

    def annotation(self, t: TypeRef) -> Code:
        if t.kind is TypeKind.PRIMITIVE:
            assert t.primitive is not None
            return Code(_PRIMITIVES[t.primitive][0])
        if t.kind in (TypeKind.CONTRACT, TypeKind.ENUM):
            return self.class_of(t)
        if t.kind is TypeKind.FLAGS:
            return Code(f"frozenset[{self.class_of(t)}]")
        if t.kind is TypeKind.ANY:
            return Code("object")
        assert t.item is not None
        item = self.annotation(t.item) + (" | None" if t.item_nillable else "")
        if t.kind is TypeKind.LIST:
            return Code(f"list[{item}]")
        assert t.key is not None
        return Code(f"dict[{self.annotation(t.key)}, {item}]")

    def class_of(self, t: TypeRef) -> Code:
        assert t.qname is not None
        return ident(self.classes[t.qname])

    def is_reference(self, t: TypeRef) -> bool:
        """Types .NET can leave null: classes, strings, byte arrays."""
        return t.kind in _REFERENCE_KINDS or (t.kind is TypeKind.PRIMITIVE and _PRIMITIVES[t.primitive or ""][1] is None)

    def optional(self, t: TypeRef) -> Code:
        """The annotation of a body or member that may be null."""
        return Code(f"{self.annotation(t)} | None") if self.is_reference(t) else self.annotation(t)

    def field(self, member: Member) -> tuple[Code, Code]:
        """A dataclass field's annotation and default."""
        t = member.type
        if member.nillable or self.is_reference(t):
            return Code(f"{self.annotation(t)} | None"), Code("None")
        if t.kind is TypeKind.ENUM:
            assert t.qname is not None
            enum = self.enums[t.qname]
            # .NET's default is 0, a member or not (Level declared from 1 defaults to (Level)0)
            zero = next((m for m in enum.members if m.number == 0), None)
            default = "from_number(0)" if zero is None else ident(zero.python_name)
            return self.annotation(t), Code(f"{ident(enum.python_name)}.{default}")
        if t.kind is TypeKind.FLAGS:
            return self.annotation(t), Code("frozenset()")
        assert t.primitive is not None
        return self.annotation(t), Code(str(_PRIMITIVES[t.primitive][1]))

    def metadata(self, member: Member) -> list[Entry]:
        """The field's metadata entries: wire name, namespace, and how the runtime reads the type."""
        t = member.type
        entries: list[Entry] = [
            (pystr("name"), pystr(member.wire_name)),
            (pystr("type"), pystr("Element")),
            (pystr("namespace"), pystr(member.namespace)),
        ]
        if member.nillable:
            entries.append((pystr("nillable"), Code("True")))
        if member.required:
            entries.append((pystr("required"), Code("True")))
        entries.append((pystr("wcf_type"), pystr(self._kind_name(t))))
        return entries + self._collection(t)

    def _collection(self, t: TypeRef) -> list[Entry]:
        """How a collection's items (a dictionary's keys and values) travel; an item that is a
        collection itself is described the same way, nested under ``item``, ``key`` or ``value``."""
        if t.kind not in _COLLECTIONS:
            return []
        assert t.item is not None and t.item_name is not None
        if t.kind is TypeKind.LIST:
            entries: list[Entry] = [(pystr("item_type"), pystr(self._kind_name(t.item)))]
        else:
            assert t.key is not None
            entries = [
                (pystr("key_type"), pystr(self._kind_name(t.key))),
                (pystr("value_type"), pystr(self._kind_name(t.item))),
            ]
        entries += [
            (pystr("item_name"), pystr(t.item_name.name)),
            (pystr("item_namespace"), pystr(t.item_name.namespace)),
            (pystr("item_nillable"), Code(str(t.item_nillable))),
        ]
        inner = [("key", t.key), ("value", t.item)] if t.kind is TypeKind.DICT else [("item", t.item)]
        entries += [(pystr(name), self._collection(x)) for name, x in inner if x is not None and x.kind in _COLLECTIONS]
        return entries

    @staticmethod
    def _kind_name(t: TypeRef) -> str:
        return t.primitive or "" if t.kind is TypeKind.PRIMITIVE else t.kind.value

    def node(self, t: TypeRef) -> Code:
        """An expression building the runtime node for ``t``."""
        if t.kind is TypeKind.PRIMITIVE:
            if t.primitive == "dateTimeOffset":
                return Code("_runtime.DateTimeOffsetNode()")
            return Code(f"_runtime.ScalarNode({pystr(t.primitive or '')})")
        if t.kind is TypeKind.CONTRACT:
            return Code(f"_runtime.ContractNode({self.class_of(t)})")
        if t.kind is TypeKind.ENUM:
            return Code(f"_runtime.EnumNode({self.class_of(t)})")
        if t.kind is TypeKind.FLAGS:
            return Code(f"_runtime.FlagsNode({self.class_of(t)})")
        if t.kind is TypeKind.ANY:
            return Code("_runtime.AnyNode(models)")
        assert t.item is not None and t.item_name is not None
        name, namespace = pystr(t.item_name.name), pystr(t.item_name.namespace)
        if t.kind is TypeKind.LIST:
            return Code(f"_runtime.ListNode({self.node(t.item)}, {name}, {namespace}, {t.item_nillable})")
        assert t.key is not None
        return Code(f"_runtime.DictNode({self.node(t.key)}, {self.node(t.item)}, {name}, {namespace}, {t.item_nillable})")

    def classes_in(self, t: TypeRef) -> set[str]:
        """The generated classes a type expression names (for imports)."""
        found = {self.classes[t.qname]} if t.qname is not None and t.qname in self.classes else set()
        for inner in (t.item, t.key):
            if inner is not None:
                found |= self.classes_in(inner)
        return found

    def python_types_in(self, t: TypeRef) -> set[str]:
        """The standard-library types an annotation of ``t`` names (for imports)."""
        found = {_PRIMITIVES[t.primitive][0]} if t.kind is TypeKind.PRIMITIVE and t.primitive else set()
        for inner in (t.item, t.key):
            if inner is not None:
                found |= self.python_types_in(inner)
        return found & set(IMPORTS)
