"""Python names for spec names: valid, stable identifiers; the wire names stay as they are."""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from collections.abc import Iterable

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_IDENTIFIER = re.compile(r"[^A-Za-z0-9]+")
_MAX_LENGTH = 80
_RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))


def _ascii(name: str) -> str:
    """Drop accents (``Částka`` → ``Castka``); other non-ASCII letters become separators."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


def snake_name(name: str) -> str:
    """``UniqueId`` → ``unique_id``, ``From`` → ``from_``, ``PBX`` → ``pbx``."""
    words = _NOT_IDENTIFIER.sub("_", _WORD_BOUNDARY.sub("_", _ascii(name))).strip("_").lower()
    return _safe(words or "field", "n_")


def class_name(name: str) -> str:
    """``CallEvent`` stays ``CallEvent``; ``call-event`` → ``CallEvent``."""
    parts = _NOT_IDENTIFIER.split(_ascii(name))
    joined = "".join(part[:1].upper() + part[1:] for part in parts if part)
    return _safe(joined or "Model", "N")


def _safe(name: str, digit_prefix: str) -> str:
    name = name[:_MAX_LENGTH]
    if name[0].isdigit():
        name = digit_prefix + name
    if name in _RESERVED or name.startswith("__"):
        name = f"{name}_"
    return name


def unique(names: Iterable[str]) -> list[str]:
    """Make names unique in order: a repeat gets ``_2``, ``_3``, … (stable for a stable input order)."""
    seen: set[str] = set()
    result = []
    for name in names:
        candidate, counter = name, 2
        while candidate in seen:
            candidate = f"{name}_{counter}"
            counter += 1
        seen.add(candidate)
        result.append(candidate)
    return result
