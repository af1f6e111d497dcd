"""``object`` members: a contract of the package (with its ``i:type`` / ``__type``) or a
primitive value (with the XSD type it travels as)."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from decimal import Decimal
from types import ModuleType
from typing import Any

from .contracts import (
    ContractNode,
    contract_plan,
    dump_members,
    read_contract,
    write_contract,
)
from .errors import DecodeError
from .nodes import Node, ScalarNode
from .numbers import double_from_json
from .typenames import ANY_READERS, find_type, parse_json_type_name, scalar_type_of
from .wire import TYPE, json_name
from .xmltext import XmlWriter, escape_attribute, escape_text, split_tag


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
            plan = contract_plan(type(value))
            type_ns, type_name, node = plan.namespace, plan.name, None
        else:
            type_ns, type_name = scalar_type_of(value, where)
            node = ScalarNode(type_name)
        prefix = "" if type_ns == ns else "t:"
        declaration = "" if type_ns == ns else f' xmlns:t="{escape_attribute(type_ns)}"'
        extra = f'{declaration} i:type="{prefix}{type_name}"'
        if node is None:
            write_contract(
                value, contract_plan(type(value)), w, tag, ns, parent_ns, extra
            )
            return
        w.open(tag, ns, parent_ns, extra)
        w.parts.append(escape_text(node.text(value, where), where))
        w.parts.append(f"</{tag}>")

    def read(self, element: ET.Element, where: str) -> Any:
        type_name = element.get(TYPE)
        if type_name is None:
            raise DecodeError(f"{where}: an object value needs i:type")
        key = split_tag(type_name)
        cls = self.contracts.get(key)
        if cls is not None:
            return read_contract(element, contract_plan(cls), cls, where)
        scalar = ANY_READERS.get(key)
        if scalar is None:
            raise DecodeError(f"{where}: {type_name!r} is not a known type")
        return ScalarNode(scalar).read(element, where)

    def dump(self, value: Any, where: str) -> str:
        if dataclasses.is_dataclass(value) and hasattr(value, "Meta"):
            return dump_members(
                value, contract_plan(type(value)), typed=True, where=where
            )
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
