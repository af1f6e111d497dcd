"""Enums: the XML name on the wire in XML, the number in JSON; ``[Flags]`` as frozensets.

.NET enums are integers, and JSON carries any of them: a field's default ``0`` when no member
declares it, or a number the service added later. Such a number decodes to a pseudo-member
(``Level.from_number(0)``): typed as the enum, ``declared`` false, re-encoded as the same
number. XML has no form for it, as DataContractSerializer has none: writing it is an
``EncodeError``, reading a number from XML a ``DecodeError``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from enum import Enum
from typing import Any, Self

from .errors import DecodeError, EncodeError
from .nodes import ScalarNode
from .numbers import INTEGER
from .wire import json_name, type_error

_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)


class WcfEnum(Enum):
    """Base of generated enums: the value is the XML name; ``number`` is what JSON carries.

    ``from_number(n)`` is the member whose number is ``n``, else a pseudo-member for it
    (``declared`` false; its ``name`` and ``value`` are the number's decimal text). Declared
    members are singletons, compared by identity; pseudo-members of one enum compare equal
    when their numbers are.
    """

    _value_: str
    number: int
    declared: bool

    def __new__(cls, wire: str, number: int) -> Self:
        member = object.__new__(cls)
        member._value_ = wire
        member.number = number
        member.declared = True
        return member

    @classmethod
    def from_number(cls, number: int) -> Self:
        """The member numbered ``number``, else a pseudo-member (``ValueError`` outside
        the enum's integer range: ``Int32``, or ``Int64`` when a member needs it)."""
        low, high = _range(cls)
        if (
            isinstance(number, bool)
            or not isinstance(number, int)
            or not low <= number <= high
        ):
            raise ValueError(
                f"{number!r} is not a {cls.__name__} number ({low} to {high})"
            )
        member = _by_number(cls).get(number)
        if member is not None:
            return member  # type: ignore[return-value]  # the table holds cls's members
        pseudo = object.__new__(cls)
        pseudo._value_ = pseudo._name_ = str(number)
        pseudo.number = number
        pseudo.declared = False
        return pseudo

    def __repr__(self) -> str:
        if self.declared:
            return super().__repr__()
        return f"{type(self).__name__}.from_number({self.number})"

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(other) is not type(self) or self.declared:
            return False
        assert isinstance(other, WcfEnum)
        return not other.declared and self.number == other.number

    def __hash__(self) -> int:
        return super().__hash__() if self.declared else hash(self.number)

    def __reduce_ex__(self, protocol: Any) -> Any:
        if self.declared:
            return super().__reduce_ex__(protocol)
        return type(self).from_number, (self.number,)


_BY_NUMBER: dict[type[WcfEnum], dict[int, WcfEnum]] = {}
_BY_NAME: dict[type[WcfEnum], dict[str, WcfEnum]] = {}
_RANGES: dict[type[WcfEnum], tuple[int, int]] = {}


def _by_name(cls: type[WcfEnum]) -> dict[str, WcfEnum]:
    table = _BY_NAME.get(cls)
    if table is None:
        table = _BY_NAME[cls] = {member.value: member for member in cls}
    return table


def _by_number(cls: type[WcfEnum]) -> dict[int, WcfEnum]:
    table = _BY_NUMBER.get(cls)
    if table is None:
        table = _BY_NUMBER[cls] = {}
        for member in cls:  # the first of members sharing a number, as .NET names it
            table.setdefault(member.number, member)
    return table


def _range(cls: type[WcfEnum]) -> tuple[int, int]:
    """The schema does not say an enum's underlying type: ``Int32`` unless a member needs more."""
    found = _RANGES.get(cls)
    if found is None:
        low, high = _INT32
        wide = any(not low <= member.number <= high for member in cls)
        found = _RANGES[cls] = _INT64 if wide else _INT32
    return found


class EnumNode(ScalarNode):
    def __init__(self, cls: type[WcfEnum]) -> None:
        self.cls = cls

    def default(self) -> Any:
        """.NET's default, 0: its member, else the pseudo-member (as the models default)."""
        return self.cls.from_number(0)

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, self.cls):
            raise type_error(where, self.cls.__name__, value)
        if not value.declared:
            raise _no_xml_form(where, self.cls, value.number)
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
        if not isinstance(value, self.cls):
            raise type_error(where, self.cls.__name__, value)
        return str(value.number)

    def load(self, data: Any, where: str) -> Any:
        return _from_number(self.cls, _json_integer(data, where), where)


def _no_xml_form(where: str, cls: type[WcfEnum], number: int) -> EncodeError:
    return EncodeError(
        f"{where}: {number} is not a declared {cls.__name__}; XML has no form for it "
        "(DataContractSerializer refuses it too)"
    )


def _from_number(cls: type[WcfEnum], number: int, where: str) -> WcfEnum:
    try:
        return cls.from_number(number)
    except ValueError as exc:
        raise DecodeError(f"{where}: {exc}") from None


def _json_integer(data: Any, where: str) -> int:
    """Any JSON integer, also as a string, as DataContractJsonSerializer reads it."""
    if isinstance(data, str) and len(data) < 40 and INTEGER.fullmatch(data.strip()):
        return int(data)
    if isinstance(data, bool) or not isinstance(data, int):
        raise DecodeError(f"{where}: expected an integer, got {json_name(data)}")
    return data


class FlagsNode(EnumNode):
    """A ``[Flags]`` enum: a frozenset of members; XML names separated by spaces, JSON the
    bitwise or. JSON bits no member names decode to one pseudo-member per bit."""

    def default(self) -> Any:
        return frozenset()

    def _members(self, value: Any, where: str) -> frozenset[WcfEnum]:
        if not isinstance(value, frozenset) or not all(
            isinstance(m, self.cls) for m in value
        ):
            raise type_error(where, f"frozenset[{self.cls.__name__}]", value)
        return value

    def text(self, value: Any, where: str) -> str:
        members = self._members(value, where)
        undeclared = [m.number for m in members if not m.declared]
        if undeclared:
            raise _no_xml_form(where, self.cls, _or(undeclared))
        names = [m.value for m in self.cls if m in members and m.number]
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
        return str(_or(m.number for m in self._members(value, where)))

    def load(self, data: Any, where: str) -> Any:
        number = _from_number(self.cls, _json_integer(data, where), where).number
        members = {m for m in self.cls if m.number and m.number & number == m.number}
        rest = number & ~_or(m.number for m in members)
        low, high = _range(self.cls)
        for bit in range(high.bit_length()):
            if rest & (1 << bit):
                members.add(self.cls.from_number(1 << bit))
        if rest < 0:  # the sign bit of the underlying integer
            members.add(self.cls.from_number(low))
        return frozenset(members)


def _or(numbers: Any) -> int:
    result = 0
    for number in numbers:
        result |= number
    return result
