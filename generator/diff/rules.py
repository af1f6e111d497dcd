"""The API-change rules: each kind of change, judged for clients and server stubs (or by role, for a
type's change), and the :class:`Change` that :mod:`.compare` reports."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..ir import Direction


class Level(StrEnum):
    INFO = "info"  # compatible, on the wire and in code
    WARNING = "warning"  # fails for some values only, drops data silently, or code using it breaks on regenerating
    ERROR = "error"  # the old side's messages or calls fail

    @property
    def rank(self) -> int:
        return list(Level).index(self)


@dataclass(frozen=True)
class BySide:
    """A change to the service's surface, judged for each side."""

    client: Level
    server: Level


@dataclass(frozen=True)
class ByRole:
    """A change to a type, judged by what the old side does with it: send it or receive it."""

    sender: Level
    receiver: Level


E, W, I = Level.ERROR, Level.WARNING, Level.INFO

# The rules; README.md ("Keeping up with the API") shows them as a table, and a test keeps the two equal.
RULES: dict[str, BySide | ByRole] = {
    "api-added": BySide(I, I),
    "api-removed": BySide(E, E),
    "service-added": BySide(I, E),  # clients built from the new spec call operations the old stub lacks
    "service-removed": BySide(E, I),
    "base-url-changed": BySide(W, W),  # the binding's default address and route prefix move
    "operation-added": BySide(I, E),
    "operation-removed": BySide(E, I),
    "operation-renamed": BySide(W, W),  # same method and URI: only the generated method's name changes
    "method-changed": BySide(E, E),
    "uri-template-changed": BySide(E, E),
    "path-variable-renamed": BySide(W, I),  # a keyword argument of the client; the stub passes it by position
    "query-variable-added": BySide(I, W),  # a missing query value is null; the stub passes one more argument
    "query-variable-removed": BySide(W, W),
    "body-kind-changed": BySide(E, E),
    "root-element-changed": BySide(E, E),
    "format-added": BySide(I, I),  # the generated stub answers both XML and JSON anyway
    "format-removed": BySide(E, I),
    "wrapped-part-added": BySide(W, W),  # a new parameter of the client method and of the stub's call
    "wrapped-part-removed": BySide(W, W),
    "type-added": BySide(I, I),
    "type-removed": BySide(W, W),  # its generated class disappears
    "member-added": ByRole(I, I),  # unknown members are skipped; missing optional ones stay empty
    "required-member-added": ByRole(E, I),
    "member-removed": ByRole(W, W),
    "required-member-removed": ByRole(W, E),
    "type-widened": ByRole(I, W),  # old values still fit; new ones may not fit the old type
    "type-narrowed": ByRole(W, I),
    "type-changed": ByRole(E, E),
    "now-nillable": ByRole(I, W),
    "no-longer-nillable": ByRole(W, I),
    "now-required": ByRole(E, I),
    "no-longer-required": ByRole(I, W),
    "member-order-changed": ByRole(E, E),  # DataContractSerializer reads members in order (XML)
    "namespace-changed": ByRole(E, E),
    "base-changed": ByRole(E, E),
    "type-kind-changed": ByRole(E, E),
    "known-type-added": ByRole(I, W),  # an old receiver cannot read the new subtype
    "known-type-removed": ByRole(E, W),
    "enum-value-added": ByRole(I, W),  # an old receiver cannot parse the new value
    "enum-value-removed": ByRole(E, W),  # a new receiver cannot parse the old value
    "enum-value-renumbered": ByRole(E, E),  # JSON carries the number
    "enum-now-flags": ByRole(I, W),
    "enum-no-longer-flags": ByRole(W, I),
}


@dataclass(frozen=True)
class Change:
    api: str
    subject: str  # "Service/Operation", "Type", "Type.Member" or "Enum.Value", by wire names
    kind: str  # a key of RULES
    message: str
    client: Level
    server: Level
    directions: tuple[Direction, ...] = ()  # how the changed type travels, for changes judged by role

    @property
    def worst(self) -> Level:
        return max(self.client, self.server, key=lambda level: level.rank)
