"""Data contracts: the wire layout of a generated dataclass, read once from its fields.

A subclass instance travels with ``i:type`` (XML) or ``__type`` (JSON); ``object``
members hold a contract of the package or a primitive value. IsReference contracts
(:class:`~.references.WcfReference`) carry ``z:Id``/``z:Ref`` in XML and no JSON.
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
import xml.etree.ElementTree as ET
from types import ModuleType
from typing import Any

from .containers import DictNode, ListNode
from .enums import EnumNode, FlagsNode
from .errors import DecodeError, EncodeError
from .nodes import DateTimeOffsetNode, Node, ScalarNode
from .references import ID, REF, Z_DECLARATION, Reading, WcfReference
from .typenames import (
    find_type,
    json_type_name,
    known_types,
    parse_json_type_name,
)
from .wire import (
    NIL,
    TYPE,
    json_name,
    json_string,
    repeated_key,
    type_error,
)
from .xmltext import XmlWriter, escape_attribute, split_tag


@dataclasses.dataclass(frozen=True)
class _Member:
    attr: str
    name: str
    namespace: str
    node: Node
    nillable: bool
    required: bool
    where: str  # "Contract.Member", for error messages
    json_key: str  # '"Member":'


@dataclasses.dataclass(frozen=True)
class _Plan:
    cls: type[Any]
    name: str
    namespace: str
    members: tuple[_Member, ...]
    by_tag: dict[str, _Member]
    by_name: dict[str, _Member]
    is_reference: bool


_PLANS: dict[type[Any], _Plan] = {}


def contract_plan(cls: type[Any]) -> _Plan:
    """The wire layout of a generated data contract, read once from its fields."""
    plan = _PLANS.get(cls)
    if plan is None:
        hints = typing.get_type_hints(cls)
        module = sys.modules[cls.__module__]
        members = tuple(
            _Member(
                attr=f.name,
                name=f.metadata["name"],
                namespace=f.metadata["namespace"],
                node=_node(f.metadata["wcf_type"], hints[f.name], f.metadata, module),
                nillable=f.metadata.get("nillable", False),
                required=f.metadata.get("required", False),
                where=f"{cls.Meta.name}.{f.metadata['name']}",
                json_key=json_string(f.metadata["name"]) + ":",
            )
            for f in dataclasses.fields(cls)
        )
        plan = _Plan(
            cls=cls,
            name=cls.Meta.name,
            namespace=cls.Meta.namespace,
            members=members,
            by_tag={f"{{{m.namespace}}}{m.name}": m for m in members},
            by_name={m.name: m for m in members},
            is_reference=issubclass(cls, WcfReference),
        )
        _PLANS[cls] = plan
    return plan


def _unwrap(hint: Any) -> Any:
    """``X | None`` → ``X``."""
    args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(args) == 1:
        return args[0]
    return hint


def _node(
    kind: str, hint: Any, metadata: typing.Mapping[str, Any], module: ModuleType
) -> Node:
    """The node for a field from its ``wcf_type`` metadata and its Python type; a collection's
    items are described by ``item_*`` entries, an item that is a collection itself by the
    entries nested under ``item`` (a dictionary's: ``key`` and ``value``)."""
    hint = _unwrap(hint)
    if kind == "contract":
        return ContractNode(hint)
    if kind == "enum":
        return EnumNode(hint)
    if kind == "flags":
        return FlagsNode(typing.get_args(hint)[0])
    if kind == "dateTimeOffset":
        return DateTimeOffsetNode()
    if kind == "any":
        from .objects import AnyNode  # which builds on this module

        return AnyNode(module)
    if kind == "list":
        (item_hint,) = typing.get_args(hint)
        item = _node(metadata["item_type"], item_hint, metadata.get("item", {}), module)
        return ListNode(
            item,
            metadata["item_name"],
            metadata["item_namespace"],
            metadata.get("item_nillable", False),
        )
    if kind == "dict":
        key_hint, value_hint = typing.get_args(hint)
        key = _node(metadata["key_type"], key_hint, metadata.get("key", {}), module)
        value = _node(
            metadata["value_type"], value_hint, metadata.get("value", {}), module
        )
        return DictNode(
            key,
            value,
            metadata["item_name"],
            metadata["item_namespace"],
            metadata.get("item_nillable", False),
        )
    return ScalarNode(kind)


class ContractNode(Node):
    """A data contract; a subclass instance travels with ``i:type`` (XML) or ``__type`` (JSON)."""

    complex = True

    def __init__(self, cls: type[Any]) -> None:
        self.cls = cls
        self._known: dict[tuple[str, str], type[Any]] | None = None

    @property
    def known(self) -> dict[tuple[str, str], type[Any]]:
        if self._known is None:
            self._known = known_types(self.cls)
        return self._known

    def _plan_of(self, value: Any, where: str) -> _Plan:
        if not isinstance(value, self.cls):
            raise type_error(where, self.cls.__name__, value)
        return contract_plan(type(value))

    def write(
        self,
        value: Any,
        w: XmlWriter,
        tag: str,
        ns: str,
        parent_ns: str | None,
        where: str,
    ) -> None:
        plan = self._plan_of(value, where)
        extra = ""
        if plan.cls is not self.cls:
            if plan.namespace == ns:
                extra = f' i:type="{plan.name}"'
            else:
                extra = f' xmlns:t="{escape_attribute(plan.namespace)}" i:type="t:{plan.name}"'
        write_contract(value, plan, w, tag, ns, parent_ns, extra)

    def read(self, element: ET.Element, where: str) -> Any:
        cls = self.cls
        type_name = element.get(TYPE)
        if type_name is not None:
            found = self.known.get(split_tag(type_name))
            if found is None:
                raise DecodeError(
                    f"{where}: {type_name!r} is not a known {self.cls.__name__}"
                )
            cls = found
        return read_contract(element, contract_plan(cls), self.cls, where)

    def dump(self, value: Any, where: str) -> str:
        plan = self._plan_of(value, where)
        return dump_members(value, plan, typed=plan.cls is not self.cls, where=where)

    def load(self, data: Any, where: str) -> Any:
        if not isinstance(data, dict):
            raise DecodeError(f"{where}: expected a JSON object, got {json_name(data)}")
        cls = self.cls
        if "__type" in data:
            found = find_type(self.known, parse_json_type_name(data["__type"], where))
            if found is None:
                raise DecodeError(
                    f"{where}: {data['__type']!r} is not a known {self.cls.__name__}"
                )
            cls = found
        plan = contract_plan(cls)
        if plan.is_reference:
            raise DecodeError(_no_json(where, plan))
        repeated = repeated_key(data, plan.by_name)
        if repeated is not None:  # refused as DataContractJsonSerializer refuses it
            raise DecodeError(f"{plan.by_name[repeated].where}: appears more than once")
        values: dict[str, Any] = {}
        for key, item in data.items():
            m = plan.by_name.get(key)
            if m is None:  # unknown keys are ignored, as WCF does
                continue
            if item is None:
                _check_nillable(m)
                node = m.node
                if isinstance(node, ContractNode) and issubclass(
                    node.cls, WcfReference
                ):
                    # DataContractJsonSerializer refuses the member even when it is null
                    raise DecodeError(_no_json(m.where, contract_plan(node.cls)))
                values[m.attr] = None
            else:
                values[m.attr] = m.node.load(item, m.where)
        return _construct(plan, values)


def _no_json(where: str, plan: _Plan) -> str:
    return (
        f"{where}: {plan.name} is an IsReference data contract, which JSON cannot carry"
        " (DataContractJsonSerializer refuses it); use XML"
    )


def write_contract(
    value: Any,
    plan: _Plan,
    w: XmlWriter,
    tag: str,
    ns: str,
    parent_ns: str | None,
    extra: str,
) -> None:
    """The element of one contract value: its members, or for an IsReference contract met
    before only ``z:Ref``; the first occurrence gets ``z:Id``. ``xmlns:z`` goes on every
    element that needs it and has no ancestor declaring it (the root, when it can)."""
    if not plan.is_reference:
        w.open(tag, ns, parent_ns, extra)
        _write_members(value, plan, w, ns)
        w.parts.append(f"</{tag}>")
        return
    declare = not w.z_in_scope
    z = Z_DECLARATION if declare else ""
    known = w.ids.get(id(value))
    if known is not None:
        w.open(tag, ns, parent_ns, z, first=f' z:Ref="{known}"', empty=True)
        return
    number = w.ids[id(value)] = f"i{len(w.ids) + 1}"
    w.open(tag, ns, parent_ns, extra + z, first=f' z:Id="{number}"')
    w.z_in_scope = True
    _write_members(value, plan, w, ns)
    w.z_in_scope = not declare
    w.parts.append(f"</{tag}>")


def read_contract(
    element: ET.Element, plan: _Plan, declared: type[Any], where: str
) -> Any:
    """A contract's element; ``z:Ref`` is the object read before under that ``z:Id``
    (an ancestor still being read, for a cycle), which is why an identified object exists
    before its members are read."""
    if not element.attrib or (ID not in element.attrib and REF not in element.attrib):
        return _construct(plan, _read_members(element, plan))
    with Reading() as table:
        ref = element.get(REF)
        if ref is not None:
            if not plan.is_reference:
                raise DecodeError(
                    f"{where}: z:Ref in {plan.name}, which is not an IsReference contract"
                )
            found = table.get(ref)
            if found is None:
                raise DecodeError(
                    f"{where}: z:Ref {ref!r} names no object read before it"
                )
            if not isinstance(found, declared):
                raise DecodeError(
                    f"{where}: z:Ref {ref!r} is a {type(found).__name__}, "
                    f"not a {declared.__name__}"
                )
            return found
        number = element.get(ID)
        if not plan.is_reference or number is None:  # z:Id alone identifies nothing
            return _construct(plan, _read_members(element, plan))
        if number in table:
            raise DecodeError(f"{where}: z:Id {number!r} is defined more than once")
        value = table[number] = object.__new__(plan.cls)
        values = _read_members(element, plan)
        _check_required(plan, values)
        value.__init__(**values)
        return value


def _write_members(value: Any, plan: _Plan, w: XmlWriter, ns: str) -> None:
    for m in plan.members:
        item = getattr(value, m.attr)
        if item is None:
            if m.nillable:
                w.nil(m.name, m.namespace, ns)
            elif m.required:
                raise EncodeError(f"{m.where}: a value is required")
            continue
        m.node.write(item, w, m.name, m.namespace, ns, m.where)


def dump_members(value: Any, plan: _Plan, typed: bool, where: str) -> str:
    if plan.is_reference:
        raise EncodeError(_no_json(where, plan))
    parts = []
    if typed:  # "__type" must come first
        parts.append(
            '"__type":' + json_string(json_type_name(plan.name, plan.namespace))
        )
    for m in plan.members:
        item = getattr(value, m.attr)
        if item is None and not m.nillable:
            continue
        parts.append(
            m.json_key + ("null" if item is None else m.node.dump(item, m.where))
        )
    return "{" + ",".join(parts) + "}"


def _read_members(element: ET.Element, plan: _Plan) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for child in element:
        m = plan.by_tag.get(child.tag)
        # unknown elements are ignored; known ones are read in any order, and the first
        # of repeated ones counts, as DataContractSerializer reads them
        if m is None or m.attr in values:
            continue
        if child.get(NIL) in ("true", "1"):
            _check_nillable(m)
            values[m.attr] = None
        else:
            values[m.attr] = m.node.read(child, m.where)
    return values


def _check_required(plan: _Plan, values: dict[str, Any]) -> None:
    missing = [m.name for m in plan.members if m.required and m.attr not in values]
    if missing:
        raise DecodeError(
            f"{plan.name}: missing required member(s) {', '.join(missing)}"
        )


def _construct(plan: _Plan, values: dict[str, Any]) -> Any:
    _check_required(plan, values)
    return plan.cls(**values)


def _check_nillable(m: _Member) -> None:
    if not m.nillable:
        raise DecodeError(f"{m.where}: null is not allowed")
