"""How a type reference changed, for the API-change rules: the same, wider (every old value still
fits), narrower, or otherwise different."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum


class Compat(Enum):
    SAME = "same"
    WIDER = "wider"
    NARROWER = "narrower"
    OTHER = "other"


# Primitive types whose every value the other type can carry, in XML and in JSON.
_WIDER_THAN = {
    "byte": {"short"},
    "unsignedByte": {"short", "unsignedShort"},
    "short": {"int"},
    "unsignedShort": {"int", "unsignedInt"},
    "int": {"long", "double"},
    "unsignedInt": {"long", "unsignedLong"},
    "long": {"decimal"},
    "unsignedLong": {"decimal"},
    "float": {"double"},
}


def _widenings() -> frozenset[tuple[str, str]]:
    pairs = {(narrow, wide) for narrow, wides in _WIDER_THAN.items() for wide in wides}
    while True:
        more = {(a, d) for a, b in pairs for c, d in pairs if b == c} - pairs
        if not more:
            return frozenset(pairs)
        pairs |= more


_WIDENINGS = _widenings()


def primitive_compat(old: str | None, new: str | None) -> Compat:
    if old == new:
        return Compat.SAME
    if (old, new) in _WIDENINGS:
        return Compat.WIDER
    return Compat.NARROWER if (new, old) in _WIDENINGS else Compat.OTHER


def flag_compat(old: bool, new: bool) -> Compat:
    """For a nillable flag: allowing null widens a type."""
    if old == new:
        return Compat.SAME
    return Compat.WIDER if new else Compat.NARROWER


def combine(results: Iterable[Compat]) -> Compat:
    found = set(results) - {Compat.SAME}
    if not found:
        return Compat.SAME
    return found.pop() if len(found) == 1 else Compat.OTHER
