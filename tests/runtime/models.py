"""Data contracts and enums written the way wcfgen generates them, for the runtime's tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from wcfgen.runtime import MIN_DATETIME_OFFSET, WcfEnum

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
