"""The API model as JSON, as the output manifest records it, to diff a later spec against.

The wire-level surface is kept; Python names, texts, examples, schemas and source
positions are left out, and so is every field whose value is its default. Loading
fills what was left out with defaults or empty values, ignores keys it does not
know (a newer wcfgen's), and rejects values of the wrong type with :class:`ValueError`.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from enum import StrEnum
from typing import Any

from ..ir import Api

_LEFT_OUT = frozenset(
    {"python_name", "description", "source", "xml_example", "json_example", "xml_line", "json_line", "schemas", "warnings", "title", "auth", "spec_hash", "type_name", "distribution", "example_tests", "openapi"}
)


def dump_api(api: Api) -> object:
    return _dump(api)


def _dump(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: _dump(item)
            for field in dataclasses.fields(value)
            if field.name not in _LEFT_OUT and (item := getattr(value, field.name)) != field.default
        }
    if isinstance(value, tuple):
        return [_dump(item) for item in value]
    if isinstance(value, StrEnum):
        return value.value
    return value


def load_api(data: object) -> Api:
    api = _load(Api, data)
    assert isinstance(api, Api)
    return api


def _load(kind: Any, data: object) -> object:
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        if not isinstance(data, dict):
            raise ValueError(f"{kind.__name__}: expected an object")
        hints = _hints(kind)
        values = {
            field.name: _load(hints[field.name], data[field.name]) if field.name in data else _empty(hints[field.name])
            for field in dataclasses.fields(kind)
            if field.name in data or _required(field)
        }
        return kind(**values)
    origin = typing.get_origin(kind)
    if origin is tuple:
        if not isinstance(data, list):
            raise ValueError("expected a list")
        item_kind = typing.get_args(kind)[0]
        return tuple(_load(item_kind, item) for item in data)
    if origin is types.UnionType:  # X | None
        if data is None:
            return None
        (inner,) = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return _load(inner, data)
    if isinstance(kind, type) and issubclass(kind, StrEnum) and isinstance(data, str):
        return kind(data)
    if kind in (str, int, bool) and type(data) is kind:
        return data
    raise ValueError(f"expected {kind}, got {type(data).__name__}")


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
