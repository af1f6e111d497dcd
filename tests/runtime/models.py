"""Data contracts and enums written the way wcfgen generates them, for the runtime's tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from wcfgen.runtime import MIN_DATETIME_OFFSET, WcfEnum, WcfReference

NS = "urn:shop"
OTHER = "urn:other"


def meta(name: str, wcf_type: str, namespace: str = NS, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": "Element", "namespace": namespace, **extra, "wcf_type": wcf_type}


class Color(WcfEnum):
    RED = "Red", 0
    GREEN = "Grün", 5


class Perms(WcfEnum):
    NONE = "None", 0
    READ = "Read", 1
    WRITE = "Write", 2


@dataclass(kw_only=True)
class Shape:
    class Meta:
        name = "Shape"
        namespace = NS

    label: str | None = field(default=None, metadata=meta("Label", "string", nillable=True))


@dataclass(kw_only=True)
class Circle(Shape):
    class Meta:
        name = "Circle"
        namespace = NS

    radius: float = field(default=0.0, metadata=meta("Radius", "double"))


@dataclass(kw_only=True)
class Square(Shape):
    class Meta:
        name = "Square"
        namespace = OTHER

    side: int = field(default=0, metadata=meta("Side", "int", OTHER))


ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"


@dataclass(kw_only=True)
class Order:
    class Meta:
        name = "Order"
        namespace = NS

    id: int = field(default=0, metadata=meta("Id", "int", required=True))
    note: str | None = field(default=None, metadata=meta("Note", "string", nillable=True))
    color: Color = field(default=Color.RED, metadata=meta("Color", "enum"))
    perms: frozenset[Perms] = field(default=frozenset(), metadata=meta("Perms", "flags"))
    tags: list[str | None] | None = field(
        default=None,
        metadata=meta(
            "Tags", "list", nillable=True, item_type="string", item_name="string", item_namespace=ARRAYS,
            item_nillable=True,
        ),
    )  # fmt: skip
    counts: dict[str, int] | None = field(
        default=None,
        metadata=meta(
            "Counts", "dict", nillable=True, key_type="string", value_type="int",
            item_name="KeyValueOfstringint", item_namespace=ARRAYS, item_nillable=False,
        ),
    )  # fmt: skip
    shape: Shape | None = field(default=None, metadata=meta("Shape", "contract", nillable=True))
    anything: object | None = field(default=None, metadata=meta("Anything", "any", nillable=True))
    when: datetime = field(default=MIN_DATETIME_OFFSET, metadata=meta("When", "dateTimeOffset"))


def collection(item_type: str, item_name: str, item_nillable: bool, **nested: Any) -> dict[str, Any]:
    """A collection's metadata entries, as wcfgen writes them (``nested``: ``item=…``)."""
    return {"item_type": item_type, "item_name": item_name, "item_namespace": ARRAYS, "item_nillable": item_nillable, **nested}


def dictionary(key_type: str, value_type: str, item_name: str, item_nillable: bool, **nested: Any) -> dict[str, Any]:
    return {
        "key_type": key_type, "value_type": value_type, "item_name": item_name, "item_namespace": ARRAYS,
        "item_nillable": item_nillable, **nested,
    }  # fmt: skip


@dataclass(kw_only=True)
class Grids:
    """Collections of collections as members: the metadata nests under item/key/value."""

    class Meta:
        name = "Grids"
        namespace = NS

    grid: list[list[int] | None] | None = field(
        default=None,
        metadata=meta("Grid", "list", nillable=True, **collection("list", "ArrayOfint", True, item=collection("int", "int", False))),
    )
    by_key: dict[str, list[int] | None] | None = field(
        default=None,
        metadata=meta(
            "ByKey", "dict", nillable=True,
            **dictionary("string", "list", "KeyValueOfstringArrayOfintty7Ep6D1", True, value=collection("int", "int", False)),
        ),
    )  # fmt: skip
    nested: dict[str, dict[str, int] | None] | None = field(
        default=None,
        metadata=meta(
            "Nested", "dict", nillable=True,
            **dictionary(
                "string", "dict", "KeyValueOfstringArrayOfKeyValueOfstringintty7Ep6D1", True,
                value=dictionary("string", "int", "KeyValueOfstringint", False),
            ),
        ),
    )  # fmt: skip


@dataclass(kw_only=True, eq=False, repr=False)
class Node(WcfReference):
    """An IsReference contract, as wcfgen writes one (World's Node)."""

    class Meta:
        name = "Node"
        namespace = NS

    children: list[Node | None] | None = field(
        default=None,
        metadata=meta("Children", "list", nillable=True, item_type="contract", item_name="Node", item_namespace=NS, item_nillable=True),
    )
    name: str | None = field(default=None, metadata=meta("Name", "string", nillable=True))
    parent: Node | None = field(default=None, metadata=meta("Parent", "contract", nillable=True))


@dataclass(kw_only=True)
class Graph:
    """A plain contract holding reference contracts."""

    class Meta:
        name = "Graph"
        namespace = NS

    first: Node | None = field(default=None, metadata=meta("First", "contract", nillable=True))
    second: Node | None = field(default=None, metadata=meta("Second", "contract", nillable=True))
    all_: list[Node | None] | None = field(
        default=None,
        metadata=meta("All", "list", nillable=True, item_type="contract", item_name="Node", item_namespace=NS, item_nillable=True),
    )


@dataclass(kw_only=True)
class Chain:
    """A plain contract that can form a cycle in Python, which no serializer can write."""

    class Meta:
        name = "Chain"
        namespace = NS

    name: str | None = field(default=None, metadata=meta("Name", "string", nillable=True))
    next: Chain | None = field(default=None, metadata=meta("Next", "contract", nillable=True))
