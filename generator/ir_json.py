"""Frozen dataclasses (the model of :mod:`wcfgen.ir`, and the readers' records) as JSON, and back.

A field whose value is its default is left out, and so is every field named in ``left_out``.
Loading fills a left-out field with its default; a left-out field without one is an error
(``complete``) or an empty value of its type (the manifest's snapshot, which leaves out fields
on purpose). Keys it does not know are ignored; values of the wrong type are a :class:`ValueError`.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from enum import StrEnum
from typing import Any


def dump(value: object, left_out: frozenset[str] = frozenset()) -> object:
    if type(value) in _SCALARS:  # most values: the first test
        return value
    if isinstance(value, tuple):
        return [dump(item, left_out) for item in value]
    if isinstance(value, StrEnum):
        return value.value
    fields = _fields(type(value))
    if fields is None:
        return value
    return {
        name: dump(item, left_out)
        for name, default in fields
        if name not in left_out and (item := getattr(value, name)) != default
    }


_SCALARS = frozenset({str, int, bool, type(None)})


def load(kind: Any, data: object, *, complete: bool = True) -> Any:
    """``data`` as a value of ``kind`` (a dataclass, ``tuple[X, ...]``, ``X | None``, a StrEnum, str or a
    subclass, int, bool)."""
    return _loader(kind, complete)(data)


_FIELDS: dict[type, tuple[tuple[str, object], ...] | None] = {}


def _fields(kind: type) -> tuple[tuple[str, object], ...] | None:
    """A dataclass's fields and their defaults, or None for any other type."""
    if kind not in _FIELDS:
        is_dataclass = dataclasses.is_dataclass(kind)
        _FIELDS[kind] = tuple((f.name, f.default) for f in dataclasses.fields(kind)) if is_dataclass else None
    return _FIELDS[kind]


@functools.cache
def _loader(kind: Any, complete: bool) -> Callable[[object], Any]:
    """The function that loads ``kind``: made once per type, as a large model has many values of few types."""
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass_loader(kind, complete)
    origin = typing.get_origin(kind)
    if origin is tuple:
        return _tuple_loader(kind, complete)
    if origin is types.UnionType:  # X | None
        (inner,) = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        load_inner = _loader(inner, complete)
        return lambda data: None if data is None else load_inner(data)
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        return functools.partial(_enum, kind)
    if kind in (str, int, bool):
        return functools.partial(_plain, kind)
    if isinstance(kind, type) and issubclass(kind, str):  # a text type (the renderers' Code)
        return functools.partial(_text, kind)
    raise TypeError(f"not a model type: {kind}")


def _dataclass_loader(kind: type, complete: bool) -> Callable[[object], Any]:
    hints = _hints(kind)
    fields = [(field.name, _required(field), hints[field.name]) for field in dataclasses.fields(kind)]

    def load_dataclass(data: object) -> Any:
        if not isinstance(data, dict):
            raise ValueError(f"{kind.__name__}: expected an object")  # noqa: TRY004 -- the one error of a value that does not load
        values = {}
        for name, required, hint in fields:
            if name in data:
                values[name] = _loader(hint, complete)(data[name])
            elif required:
                if complete:
                    raise ValueError(f"{kind.__name__}: {name} is missing")
                values[name] = _empty(hint)
        return kind(**values)

    return load_dataclass


def _tuple_loader(kind: Any, complete: bool) -> Callable[[object], Any]:
    item_kind = typing.get_args(kind)[0]

    def load_tuple(data: object) -> tuple[Any, ...]:
        if not isinstance(data, list):
            raise ValueError("expected a list")  # noqa: TRY004
        load_item = _loader(item_kind, complete)
        return tuple(load_item(item) for item in data)

    return load_tuple


def _enum(kind: type[StrEnum], data: object) -> StrEnum:
    if not isinstance(data, str):
        raise ValueError(f"expected {kind}, got {type(data).__name__}")  # noqa: TRY004
    return kind(data)


def _plain(kind: type, data: object) -> object:
    if type(data) is not kind:
        raise ValueError(f"expected {kind}, got {type(data).__name__}")
    return data


def _text(kind: type[str], data: object) -> str:
    if type(data) is not str:
        raise ValueError(f"expected {kind.__name__}, got {type(data).__name__}")
    return kind(data)


def _required(field: dataclasses.Field[Any]) -> bool:
    return field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING


def _empty(kind: Any) -> object:
    """What a left-out field without a default becomes: an empty value of its type."""
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{f.name: _empty(hints[f.name]) for f in dataclasses.fields(kind) if _required(f)})
    if typing.get_origin(kind) is tuple:
        return ()
    if typing.get_origin(kind) is types.UnionType:
        return None
    if kind in (str, int, bool):
        return kind()
    raise ValueError(f"missing value of type {kind}")


@functools.cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)
