"""The API model as JSON, as the output manifest records it, to diff a later spec against.

The wire-level surface is kept; Python names, texts, examples, schemas and source
positions are left out, and so is every field whose value is its default. Loading
fills what was left out with defaults or empty values, ignores keys it does not
know (a newer wcfgen's), and rejects values of the wrong type with :class:`ValueError`.
"""

from __future__ import annotations

from ..ir import Api
from ..ir_json import dump, load

_LEFT_OUT = frozenset(
    {"python_name", "description", "source", "xml_example", "json_example", "xml_line", "json_line", "schemas", "warnings", "title", "auth", "spec_hash", "type_name", "distribution", "example_tests", "openapi"}
)


def dump_api(api: Api) -> object:
    return dump(api, _LEFT_OUT)


def load_api(data: object) -> Api:
    api = load(Api, data, complete=False)
    assert isinstance(api, Api)
    return api
