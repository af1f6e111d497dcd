"""Enums: the XML name on the wire in XML, the number in JSON; ``[Flags]`` as frozensets."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from enum import Enum
from typing import Any, Self

from .errors import DecodeError
from .nodes import ScalarNode
from .numbers import INTEGER
from .wire import json_name, type_error


class WcfEnum(Enum):
    """Base of generated enums: the value is the XML name; ``number`` is what JSON carries."""

    _value_: str
    number: int

    def __new__(cls, wire: str, number: int) -> Self:
        member = object.__new__(cls)
        member._value_ = wire
        member.number = number
        return member


_BY_NUMBER: dict[type[WcfEnum], dict[int, WcfEnum]] = {}
_BY_NAME: dict[type[WcfEnum], dict[str, WcfEnum]] = {}


def _by_name(cls: type[WcfEnum]) -> dict[str, WcfEnum]:
    table = _BY_NAME.get(cls)
    if table is None:
        table = _BY_NAME[cls] = {member.value: member for member in cls}
    return table


def _by_number(cls: type[WcfEnum]) -> dict[int, WcfEnum]:
    table = _BY_NUMBER.get(cls)
    if table is None:
        table = _BY_NUMBER[cls] = {member.number: member for member in cls}
    return table


class EnumNode(ScalarNode):
    def __init__(self, cls: type[WcfEnum]) -> None:
        self.cls = cls

    def default(self) -> Any:
        """The member numbered 0, else the first (as the generated models default)."""
        return _by_number(self.cls).get(0) or next(iter(self.cls))

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, self.cls):
            raise type_error(where, self.cls.__name__, value)
        return str(value.value)

    def read(self, element: ET.Element, where: str) -> Any:
        if len(element):
            raise DecodeError(f"{where}: expected text, got child elements")
        return self._from_name((element.text or "").strip(), where)

    def _from_name(self, name: str, where: str) -> WcfEnum:
        member = _by_name(self.cls).get(name)
        if member is None:
            raise DecodeError(f"{where}: {name!r} is not a {self.cls.__name__}")
        return member

    def dump(self, value: Any, where: str) -> str:
        self.text(value, where)
        return str(value.number)

    def load(self, data: Any, where: str) -> Any:
        number = _json_integer(data, where)
        member = _by_number(self.cls).get(number)
        if member is None:
            raise DecodeError(f"{where}: {number} is not a {self.cls.__name__}")
        return member


def _json_integer(data: Any, where: str) -> int:
    if isinstance(data, str) and INTEGER.fullmatch(data.strip()):
        return int(data)
    if isinstance(data, bool) or not isinstance(data, int):
        raise DecodeError(f"{where}: expected an integer, got {json_name(data)}")
    return data


class FlagsNode(EnumNode):
    """A ``[Flags]`` enum: a frozenset of members; XML names separated by spaces, JSON the bitwise or."""

    def default(self) -> Any:
        return frozenset()

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, frozenset) or not all(
            isinstance(m, self.cls) for m in value
        ):
            raise type_error(where, f"frozenset[{self.cls.__name__}]", value)
        names = [m.value for m in self.cls if m in value and m.number]
        zero = _by_number(self.cls).get(0)
        return " ".join(names) if names or zero is None else zero.value

    def read(self, element: ET.Element, where: str) -> Any:
        if len(element):
            raise DecodeError(f"{where}: expected text, got child elements")
        members = (
            self._from_name(name, where) for name in (element.text or "").split()
        )
        return frozenset(m for m in members if m.number)

    def dump(self, value: Any, where: str) -> str:
        self.text(value, where)
        number = 0
        for member in value:
            number |= member.number
        return str(number)

    def load(self, data: Any, where: str) -> Any:
        number = _json_integer(data, where)
        members = frozenset(
            m for m in self.cls if m.number and m.number & number == m.number
        )
        rest = number
        for member in members:
            rest &= ~member.number
        if rest:
            raise DecodeError(
                f"{where}: {number} has bits no {self.cls.__name__} member names"
            )
        return members
