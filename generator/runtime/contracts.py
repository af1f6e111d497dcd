"""Data contracts: the wire layout of a generated dataclass, read once from its fields.

A subclass instance travels with ``i:type`` (XML) or ``__type`` (JSON); ``object``
members hold a contract of the package or a primitive value.
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
import xml.etree.ElementTree as ET
from decimal import Decimal
from types import ModuleType
from typing import Any

from .containers import DictNode, ListNode
from .enums import EnumNode, FlagsNode
from .errors import DecodeError, EncodeError
from .nodes import DateTimeOffsetNode, Node, ScalarNode
from .numbers import double_from_json
from .typenames import (
    ANY_READERS,
    find_type,
    json_type_name,
    known_types,
    parse_json_type_name,
    scalar_type_of,
)
from .wire import (
    NIL,
    TYPE,
    json_name,
    json_string,
    repeated_key,
    type_error,
)
from .xmltext import XmlWriter, escape_attribute, escape_text, split_tag


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


_PLANS: dict[type[Any], _Plan] = {}


def _plan(cls: type[Any]) -> _Plan:
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
    """The node for a field from its ``wcf_type`` metadata and its Python type."""
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
        return AnyNode(module)
    if kind == "list":
        (item_hint,) = typing.get_args(hint)
        item = _node(metadata["item_type"], item_hint, metadata, module)
        return ListNode(
            item,
            metadata["item_name"],
            metadata["item_namespace"],
            metadata.get("item_nillable", False),
        )
    if kind == "dict":
        key_hint, value_hint = typing.get_args(hint)
        key = _node(metadata["key_type"], key_hint, metadata, module)
        value = _node(metadata["value_type"], value_hint, metadata, module)
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
        return _plan(type(value))

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
        w.open(tag, ns, parent_ns, extra)
        _write_members(value, plan, w, ns)
        w.parts.append(f"</{tag}>")

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
        return _read_members(element, _plan(cls), where)

    def dump(self, value: Any, where: str) -> str:
        plan = self._plan_of(value, where)
        return _dump_members(value, plan, typed=plan.cls is not self.cls)

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
        plan = _plan(cls)
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
                values[m.attr] = None
            else:
                values[m.attr] = m.node.load(item, m.where)
        return _construct(plan, values)


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


def _dump_members(value: Any, plan: _Plan, typed: bool) -> str:
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


def _read_members(element: ET.Element, plan: _Plan, where: str) -> Any:
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
    return _construct(plan, values)


def _construct(plan: _Plan, values: dict[str, Any]) -> Any:
    missing = [m.name for m in plan.members if m.required and m.attr not in values]
    if missing:
        raise DecodeError(
            f"{plan.name}: missing required member(s) {', '.join(missing)}"
        )
    return plan.cls(**values)


def _check_nillable(m: _Member) -> None:
    if not m.nillable:
        raise DecodeError(f"{m.where}: null is not allowed")


class AnyNode(Node):
    """``object``: a contract of the package (with its type) or a primitive value."""

    complex = True

    def __init__(self, module: ModuleType) -> None:
        self.module = module
        self._contracts: dict[tuple[str, str], type[Any]] | None = None

    @property
    def contracts(self) -> dict[tuple[str, str], type[Any]]:
        if self._contracts is None:
            self._contracts = {
                (value.Meta.namespace, value.Meta.name): value
                for value in vars(self.module).values()
                if dataclasses.is_dataclass(value)
                and isinstance(value, type)
                and hasattr(value, "Meta")
            }
        return self._contracts

    def write(
        self,
        value: Any,
        w: XmlWriter,
        tag: str,
        ns: str,
        parent_ns: str | None,
        where: str,
    ) -> None:
        if dataclasses.is_dataclass(value) and hasattr(value, "Meta"):
            plan = _plan(type(value))
            type_ns, type_name, node = plan.namespace, plan.name, None
        else:
            type_ns, type_name = scalar_type_of(value, where)
            node = ScalarNode(type_name)
        prefix = "" if type_ns == ns else "t:"
        declaration = "" if type_ns == ns else f' xmlns:t="{escape_attribute(type_ns)}"'
        w.open(tag, ns, parent_ns, f'{declaration} i:type="{prefix}{type_name}"')
        if node is None:
            _write_members(value, _plan(type(value)), w, ns)
        else:
            w.parts.append(escape_text(node.text(value, where), where))
        w.parts.append(f"</{tag}>")

    def read(self, element: ET.Element, where: str) -> Any:
        type_name = element.get(TYPE)
        if type_name is None:
            raise DecodeError(f"{where}: an object value needs i:type")
        key = split_tag(type_name)
        cls = self.contracts.get(key)
        if cls is not None:
            return _read_members(element, _plan(cls), where)
        scalar = ANY_READERS.get(key)
        if scalar is None:
            raise DecodeError(f"{where}: {type_name!r} is not a known type")
        return ScalarNode(scalar).read(element, where)

    def dump(self, value: Any, where: str) -> str:
        if dataclasses.is_dataclass(value) and hasattr(value, "Meta"):
            return _dump_members(value, _plan(type(value)), typed=True)
        _, name = scalar_type_of(value, where)
        return ScalarNode(name).dump(value, where)

    def load(self, data: Any, where: str) -> Any:
        if isinstance(data, dict):
            if "__type" not in data:
                raise DecodeError(f"{where}: an object value needs __type")
            cls = find_type(self.contracts, parse_json_type_name(data["__type"], where))
            if cls is None:
                raise DecodeError(f"{where}: {data['__type']!r} is not a known type")
            return ContractNode(cls).load(data, where)  # which reads its __type again
        if isinstance(data, (bool, str)) or (
            isinstance(data, int) and -(2**63) <= data < 2**63
        ):
            return data
        if isinstance(data, (int, Decimal)):  # a double, as WCF reads other numbers
            try:
                return double_from_json(data)
            except ValueError as exc:
                raise DecodeError(f"{where}: {exc}") from None
        raise DecodeError(f"{where}: cannot read {json_name(data)} as an object value")
