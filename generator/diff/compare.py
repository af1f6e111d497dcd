"""Compare two versions of an API's model; classify each change for clients and for server stubs.

Things are matched by their wire identity (service and operation names, contract and
enum QNames, member and enum value wire names), never by Python names. A change to a
type is judged by role, from how the type travels: in requests the client sends and
the server receives, in responses the other way round. The judgement always takes the
old side's point of view: its binding is from the old spec while its peer (the service,
or clients built from the new spec) has moved on, and it will regenerate eventually.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from ..ir import Api, Body, DataContract, Direction, EnumType, Operation, QName, Service, TypeKind, TypeRef
from .compat import Compat, combine, flag_compat, primitive_compat
from .rules import RULES, BySide, Change, Level

BOTH = (Direction.REQUEST, Direction.RESPONSE)


def diff_apis(old: Sequence[Api], new: Sequence[Api]) -> list[Change]:
    """Every semantic change from ``old`` to ``new``, most severe first within each API."""
    olds, news = {api.name: api for api in old}, {api.name: api for api in new}
    changes: list[Change] = []
    for name in sorted(olds.keys() | news.keys()):
        if name not in news:
            changes.append(_side_change(name, name, "api-removed", "API removed"))
        elif name not in olds:
            changes.append(_side_change(name, name, "api-added", "API added"))
        else:
            changes.extend(_ApiDiff(olds[name], news[name]).changes)
    return sorted(changes, key=lambda c: (c.api, -c.worst.rank, c.subject, c.kind, c.message))


def _side_change(api: str, subject: str, kind: str, message: str) -> Change:
    rule = RULES[kind]
    assert isinstance(rule, BySide)
    return Change(api, subject, kind, message, rule.client, rule.server)


_TYPE_CHANGE_KINDS = {Compat.WIDER: "type-widened", Compat.NARROWER: "type-narrowed", Compat.OTHER: "type-changed"}
_NAMED = (TypeKind.CONTRACT, TypeKind.ENUM, TypeKind.FLAGS)
_PLACEHOLDER = re.compile(r"\{(\*?)[^}]*\}")

NamedType = DataContract | EnumType


class _ApiDiff:
    def __init__(self, old: Api, new: Api) -> None:
        self.api = new.name
        self.old_types, self.new_types = _named_types(old), _named_types(new)
        self.moved = _moves(self.old_types, self.new_types)
        self.old_reach, self.new_reach = _reach(old, self.old_types), _reach(new, self.new_types)
        self.labels = _labels(self.old_types, self.new_types, self.moved)
        self.changes: list[Change] = []
        self._services(old.services, new.services)
        self._types()

    def _emit(self, kind: str, subject: str, message: str, directions: tuple[Direction, ...] = ()) -> None:
        rule = RULES[kind]
        if isinstance(rule, BySide):
            client, server = rule.client, rule.server
        else:
            client = _worst(rule.sender if d is Direction.REQUEST else rule.receiver for d in directions)
            server = _worst(rule.receiver if d is Direction.REQUEST else rule.sender for d in directions)
        self.changes.append(Change(self.api, subject, kind, message, client, server, directions))

    # --- services and operations

    def _services(self, old: Sequence[Service], new: Sequence[Service]) -> None:
        olds, news = {s.name: s for s in old}, {s.name: s for s in new}
        for name in sorted(olds.keys() | news.keys()):
            if name not in news:
                self._emit("service-removed", name, f"service removed ({len(olds[name].operations)} operations)")
            elif name not in olds:
                self._emit("service-added", name, f"service added ({len(news[name].operations)} operations)")
            else:
                self._service(olds[name], news[name])

    def _service(self, old: Service, new: Service) -> None:
        if old.base_url != new.base_url:
            self._emit("base-url-changed", old.name, f"base URL {old.base_url} → {new.base_url}")
        olds, news = {op.name: op for op in old.operations}, {op.name: op for op in new.operations}
        pairs = [(olds[name], news[name]) for name in sorted(olds.keys() & news.keys())]
        removed = [olds[name] for name in sorted(olds.keys() - news.keys())]
        added = [news[name] for name in sorted(news.keys() - olds.keys())]
        for was, now in _renames(removed, added):
            self._emit("operation-renamed", f"{new.name}/{now.name}", f"renamed from {was.name} (same URI: {_route(now)})")
            removed.remove(was)
            added.remove(now)
            pairs.append((was, now))
        for op in removed:
            self._emit("operation-removed", f"{old.name}/{op.name}", f"operation removed: {_route(op)}")
        for op in added:
            self._emit("operation-added", f"{new.name}/{op.name}", f"operation added: {_route(op)}")
        for was, now in pairs:
            self._operation(f"{new.name}/{now.name}", was, now)

    def _operation(self, subject: str, old: Operation, new: Operation) -> None:
        if old.method != new.method:
            self._emit("method-changed", subject, f"HTTP method {old.method} → {new.method}")
        if _skeleton(old.uri_template) != _skeleton(new.uri_template):
            self._emit("uri-template-changed", subject, f"URI template {old.uri_template} → {new.uri_template}")
        else:  # same path, so the same number of path variables, in the same places
            old_path = [v for v in old.variables if v.query_key is None]
            new_path = [v for v in new.variables if v.query_key is None]
            for was, now in zip(old_path, new_path, strict=True):
                if was.name.upper() != now.name.upper():
                    self._emit("path-variable-renamed", subject, f"path variable {{{was.name}}} renamed to {{{now.name}}}")
        old_keys = {v.query_key.lower() for v in old.variables if v.query_key is not None}
        new_keys = {v.query_key.lower() for v in new.variables if v.query_key is not None}
        for key in sorted(new_keys - old_keys):
            self._emit("query-variable-added", subject, f"query parameter {key!r} added")
        for key in sorted(old_keys - new_keys):
            self._emit("query-variable-removed", subject, f"query parameter {key!r} removed")
        self._body(subject, Direction.REQUEST, old.request, new.request)
        self._body(subject, Direction.RESPONSE, old.response, new.response)

    def _body(self, subject: str, direction: Direction, old: Body, new: Body) -> None:
        if old.kind is not new.kind:
            self._emit("body-kind-changed", subject, f"{direction} body {old.kind} → {new.kind}")
            return
        for fmt in sorted(set(new.formats) - set(old.formats)):
            self._emit("format-added", subject, f"{direction} also in {fmt.upper()}")
        for fmt in sorted(set(old.formats) - set(new.formats)):
            self._emit("format-removed", subject, f"{direction} no longer in {fmt.upper()}")
        if not self._same_type(old.root, new.root):
            self._emit("root-element-changed", subject, f"{direction} root element {_roots(old.root, new.root)}")
            return
        if old.type is not None and new.type is not None:
            self._type_change(subject, f"{direction} type", old.type, new.type, (direction,))
        olds, news = {p.name: p for p in old.parts}, {p.name: p for p in new.parts}
        for name in [p.name for p in new.parts if p.name not in olds]:
            self._emit("wrapped-part-added", subject, f"{direction} parameter {name} added")
        for name in [p.name for p in old.parts if p.name not in news]:
            self._emit("wrapped-part-removed", subject, f"{direction} parameter {name} removed")
        for part in old.parts:
            now_type = news[part.name].type if part.name in news else None
            if part.type is not None and now_type is not None:
                self._type_change(subject, f"{direction} parameter {part.name}", part.type, now_type, (direction,))

    # --- data contracts and enums

    def _types(self) -> None:
        targets = set(self.moved.values())
        for qname in sorted(self.old_types.keys() - self.new_types.keys() - self.moved.keys()):
            self._type_gone(self.old_types[qname])
        for qname in sorted(self.new_types.keys() - self.old_types.keys() - targets):
            self._type_new(self.new_types[qname])
        pairs = [(q, q) for q in sorted(self.old_types.keys() & self.new_types.keys())] + sorted(self.moved.items())
        for old_qname, new_qname in pairs:
            old, new = self.old_types[old_qname], self.new_types[new_qname]
            directions = self._directions(old_qname, new_qname)
            label = self.labels[new_qname]
            if old_qname != new_qname:
                message = f"namespace {old_qname.namespace} → {new_qname.namespace}"
                self._emit("namespace-changed", label, message, directions)
            if isinstance(old, DataContract) and isinstance(new, DataContract):
                self._contract(label, old, new, directions)
            elif isinstance(old, EnumType) and isinstance(new, EnumType):
                self._enum(label, old, new, directions)
            else:
                self._emit("type-kind-changed", label, f"{_kind_name(old)} → {_kind_name(new)}", directions)

    def _type_gone(self, old: NamedType) -> None:
        label = self.labels[old.qname]
        if isinstance(old, DataContract) and old.base is not None and self._base_survives(old.base):
            directions = self._directions(old.qname, None)
            self._emit("known-type-removed", label, f"no longer a known type of {self.labels[old.base]}", directions)
        else:
            self._emit("type-removed", label, f"{_kind_name(old)} removed")

    def _type_new(self, new: NamedType) -> None:
        label = self.labels[new.qname]
        if isinstance(new, DataContract) and new.base is not None and self._base_existed(new.base):
            directions = self._directions(None, new.qname)
            self._emit("known-type-added", label, f"new known type of {self.labels[new.base]}", directions)
        else:
            self._emit("type-added", label, f"{_kind_name(new)} added")

    def _base_survives(self, base: QName) -> bool:
        return self.moved.get(base, base) in self.new_types

    def _base_existed(self, base: QName) -> bool:
        return base in self.old_types or base in self.moved.values()

    def _contract(self, label: str, old: DataContract, new: DataContract, directions: tuple[Direction, ...]) -> None:
        if not self._same_type(old.base, new.base):
            message = f"base {self._label(old.base)} → {self._label(new.base)}"
            self._emit("base-changed", label, message, directions)
        olds, news = {m.wire_name: m for m in old.members}, {m.wire_name: m for m in new.members}
        for member in old.members:
            if member.wire_name not in news:
                required = "required" if member.required else "optional"
                kind = "required-member-removed" if member.required else "member-removed"
                message = f"member removed (was {required}, {self._describe(member.type)})"
                self._emit(kind, f"{label}.{member.wire_name}", message, directions)
        for member in new.members:
            subject = f"{label}.{member.wire_name}"
            was = olds.get(member.wire_name)
            if was is None:
                required = "required" if member.required else "optional"
                kind = "required-member-added" if member.required else "member-added"
                self._emit(kind, subject, f"member added ({required}, {self._describe(member.type)})", directions)
                continue
            self._type_change(subject, "type", was.type, member.type, directions)
            if was.nillable != member.nillable:
                kind = "now-nillable" if member.nillable else "no-longer-nillable"
                self._emit(kind, subject, "now nillable" if member.nillable else "no longer nillable", directions)
            if was.required != member.required:
                kind = "now-required" if member.required else "no-longer-required"
                self._emit(kind, subject, "now required" if member.required else "no longer required", directions)
        old_order = [m.wire_name for m in old.members if m.wire_name in news]
        new_order = [m.wire_name for m in new.members if m.wire_name in olds]
        if old_order != new_order:
            message = f"member order {', '.join(old_order)} → {', '.join(new_order)}"
            self._emit("member-order-changed", label, message, directions)

    def _enum(self, label: str, old: EnumType, new: EnumType, directions: tuple[Direction, ...]) -> None:
        if old.flags != new.flags:
            kind = "enum-now-flags" if new.flags else "enum-no-longer-flags"
            self._emit(kind, label, "now a [Flags] enum" if new.flags else "no longer a [Flags] enum", directions)
        olds, news = {m.wire_name: m for m in old.members}, {m.wire_name: m for m in new.members}
        for value in old.members:
            if value.wire_name not in news:
                self._emit("enum-value-removed", f"{label}.{value.wire_name}", f"value removed (was number {value.number})", directions)
        for value in new.members:
            was = olds.get(value.wire_name)
            subject = f"{label}.{value.wire_name}"
            if was is None:
                self._emit("enum-value-added", subject, f"value added (number {value.number})", directions)
            elif was.number != value.number:
                self._emit("enum-value-renumbered", subject, f"number {was.number} → {value.number}", directions)

    # --- types

    def _type_change(self, subject: str, what: str, old: TypeRef, new: TypeRef, directions: tuple[Direction, ...]) -> None:
        compat = self._compat(old, new)
        if compat is not Compat.SAME:
            message = f"{what} {self._describe(old)} → {self._describe(new)}"
            self._emit(_TYPE_CHANGE_KINDS[compat], subject, message, directions)

    def _compat(self, old: TypeRef, new: TypeRef) -> Compat:
        if TypeKind.ANY in (old.kind, new.kind):
            if old.kind is new.kind:
                return Compat.SAME
            return Compat.WIDER if new.kind is TypeKind.ANY else Compat.NARROWER
        if old.kind in _NAMED and new.kind in _NAMED:  # an enum that became [Flags] is reported on the enum
            return Compat.SAME if self._same_type(old.qname, new.qname) else Compat.OTHER
        if old.kind is not new.kind:
            return Compat.OTHER
        if old.kind is TypeKind.PRIMITIVE:
            return primitive_compat(old.primitive, new.primitive)
        # a list or a dictionary: its contract name, its item element, and what it holds
        if not self._same_type(old.qname, new.qname) or old.item_name != new.item_name:
            return Compat.OTHER
        return combine(
            [self._optional_compat(old.item, new.item), self._optional_compat(old.key, new.key), flag_compat(old.item_nillable, new.item_nillable)]
        )

    def _optional_compat(self, old: TypeRef | None, new: TypeRef | None) -> Compat:
        if old is None or new is None:
            return Compat.SAME if old is new else Compat.OTHER
        return self._compat(old, new)

    def _same_type(self, old: QName | None, new: QName | None) -> bool:
        return old == new or (old in self.moved and self.moved[old] == new)

    def _directions(self, old: QName | None, new: QName | None) -> tuple[Direction, ...]:
        """How a type travels, in either version; a type no operation reaches counts as both ways."""
        found = self.old_reach.get(old, frozenset()) if old is not None else frozenset()
        found |= self.new_reach.get(new, frozenset()) if new is not None else frozenset()
        return tuple(d for d in BOTH if d in found) or BOTH

    def _label(self, qname: QName | None) -> str:
        if qname is None:
            return "none"
        return self.labels.get(qname, str(qname))

    def _describe(self, ref: TypeRef) -> str:
        if ref.kind is TypeKind.PRIMITIVE:
            return str(ref.primitive)
        if ref.kind is TypeKind.ANY:
            return "object"
        if ref.kind is TypeKind.LIST and ref.item is not None:
            return f"list of {self._describe(ref.item)}"
        if ref.kind is TypeKind.DICT and ref.key is not None and ref.item is not None:
            return f"dictionary of {self._describe(ref.key)} to {self._describe(ref.item)}"
        return self._label(ref.qname)


def _named_types(api: Api) -> dict[QName, NamedType]:
    named: dict[QName, NamedType] = {c.qname: c for c in api.contracts}
    named.update((e.qname, e) for e in api.enums)
    return named


def _kind_name(named: NamedType) -> str:
    return "data contract" if isinstance(named, DataContract) else "enum"


def _moves(old: dict[QName, NamedType], new: dict[QName, NamedType]) -> dict[QName, QName]:
    """Types that only changed namespace: one of a local name and kind gone, one of them new."""
    gone: dict[tuple[str, type], list[QName]] = defaultdict(list)
    came: dict[tuple[str, type], list[QName]] = defaultdict(list)
    for qname in sorted(old.keys() - new.keys()):
        gone[qname.name, type(old[qname])].append(qname)
    for qname in sorted(new.keys() - old.keys()):
        came[qname.name, type(new[qname])].append(qname)
    return {gone[key][0]: came[key][0] for key in gone if len(gone[key]) == 1 and len(came.get(key, ())) == 1}


def _labels(old: dict[QName, NamedType], new: dict[QName, NamedType], moved: dict[QName, QName]) -> dict[QName, str]:
    """Local names, or the full QName where two types share one."""
    by_name: dict[str, set[QName]] = defaultdict(set)
    for qname in new:
        by_name[qname.name].add(qname)
    for qname in old:
        by_name[qname.name].add(moved.get(qname, qname))
    return {q: q.name if len(by_name[q.name]) == 1 else str(q) for q in (*old, *new)}


def _reach(api: Api, types: dict[QName, NamedType]) -> dict[QName, frozenset[Direction]]:
    """Which types travel in requests, responses or both: through members, bases, known types and ``object``."""
    derived: dict[QName, list[QName]] = defaultdict(list)
    for contract in api.contracts:
        if contract.base is not None:
            derived[contract.base].append(contract.qname)
    reached: dict[QName, set[Direction]] = defaultdict(set)
    for service in api.services:
        for op in service.operations:
            for direction, body in ((Direction.REQUEST, op.request), (Direction.RESPONSE, op.response)):
                pending: list[TypeRef | QName] = [t for t in (body.type, *(p.type for p in body.parts)) if t is not None]
                while pending:
                    item = pending.pop()
                    if isinstance(item, TypeRef):
                        if item.kind is TypeKind.ANY:  # an object member may carry any type of the schemas
                            pending.extend(types)
                        elif item.kind in _NAMED and item.qname is not None:
                            pending.append(item.qname)
                        pending.extend(t for t in (item.item, item.key) if t is not None)
                    elif direction not in reached[item]:
                        reached[item].add(direction)
                        named = types.get(item)
                        if isinstance(named, DataContract):
                            pending.extend(m.type for m in named.members)
                            pending.extend([named.base] if named.base is not None else [])
                            pending.extend(derived[item])
    return {qname: frozenset(found) for qname, found in reached.items()}


def _renames(removed: list[Operation], added: list[Operation]) -> list[tuple[Operation, Operation]]:
    """A removed and an added operation with the same method and URI, each the other's only match."""
    pairs = []
    for was in removed:
        matches = [now for now in added if _same_route(was, now)]
        if len(matches) == 1 and [w for w in removed if _same_route(w, matches[0])] == [was]:
            pairs.append((was, matches[0]))
    return pairs


def _same_route(a: Operation, b: Operation) -> bool:
    keys_a = sorted(v.query_key.lower() for v in a.variables if v.query_key is not None)
    keys_b = sorted(v.query_key.lower() for v in b.variables if v.query_key is not None)
    return a.method == b.method and _skeleton(a.uri_template) == _skeleton(b.uri_template) and keys_a == keys_b


def _roots(old: QName | None, new: QName | None) -> str:
    """``int → long``, or with namespaces when they differ."""
    if old is not None and new is not None and old.namespace == new.namespace:
        return f"{old.name} → {new.name}"
    return f"{old or 'none'} → {new or 'none'}"


def _route(op: Operation) -> str:
    return f"{op.method} {op.uri_template}"


def _skeleton(template: str) -> str:
    """The path as WCF matches it: case-insensitive, whatever its variables are called."""
    return _PLACEHOLDER.sub(lambda m: "{" + m[1] + "}", template.partition("?")[0]).lower()


def _worst(levels: Iterable[Level]) -> Level:
    return max(levels, key=lambda level: level.rank)
