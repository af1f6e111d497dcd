"""An outside fuzzer on the server stub: schemathesis, from the exported OpenAPI document, against the
generated Showcase and K2 stubs in-process (ASGI). A bounded number of examples per operation, derandomized
(the same cases every run): no 5xx, and every answer fits the exported document (status, content type, and
for JSON answers the schema: schemathesis reads no XML).
"""

from __future__ import annotations

import dataclasses
import importlib
import json
from collections.abc import Iterator
from enum import Enum
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import SCHEMAS, SPECS
from wcfgen.inmemory import imported
from wcfgen.openapi import export
from wcfgen.pipeline import build

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 12


class Echo:
    """Any stub's implementation: each method answers with its last argument (the body), else what it must."""

    def __init__(self, raw_body: type[Any]) -> None:
        self.raw_body = raw_body

    def __getattr__(self, name: str) -> Any:
        def method(*args: Any) -> Any:
            if name == "upload":
                return str(len(args[0].content))
            if name == "download":
                return self.raw_body(args[0].encode(), "application/octet-stream")
            if name in ("get_item", "get_file"):  # ascii(): no character XML cannot carry
                return ascii(args)
            if name in ("concat", "sum_"):
                return args[0]
            if name == "new_call_event":  # K2's answer: was there an event
                return args[0] is not None
            return _writable(args[-1]) if args else None

        return method


def _writable(value: Any) -> Any:
    """``value`` with every enum number no member declares replaced by the first member. A body that
    leaves out Showcase's Color reads as .NET's default (Color)0, which has no member and so no XML
    form: echoing it is a 500 in WCF as in the stub, which says nothing about the stub."""
    if isinstance(value, list):
        return [_writable(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _writable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    if isinstance(value, Enum) and not getattr(value, "declared", True):
        return next(iter(type(value)))
    return value


def _schema(spec: Any, package: str, service: str) -> Iterator[Any]:
    apis, files = build(spec)
    with imported(files, package) as binding:
        server = importlib.import_module(f"{binding.__name__}.{service}.server")
        document = json.loads(export(apis[0]).text())  # as a reader parses the document
        schema = schemathesis.openapi.from_dict(document)
        schema.app = server.create_app(Echo(binding.RawBody))
        yield schema


@pytest.fixture(scope="module")
def showcase_schema() -> Iterator[Any]:
    yield from _schema(SPECS / "showcase", "showcase", "showcase")


@pytest.fixture(scope="module")
def k2_schema() -> Iterator[Any]:
    yield from _schema(SCHEMAS, "k2", "pbx")


_FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,  # a fixed seed: the same cases on every run
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _fuzz(schema: Any) -> dict[str, str]:
    """Each operation's failures (schemathesis' report), by operation."""
    failures = {}
    for result in schema.get_all_operations():
        operation = result.ok()

        @_FUZZ
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            case.call_and_validate(checks=CHECKS)

        try:
            run()
        except (AssertionError, BaseExceptionGroup) as exc:  # a failed check, or several
            failures[operation.label] = "\n".join(str(e) for e in getattr(exc, "exceptions", [exc]))
    return failures


def test_the_showcase_stub_survives_schemathesis(showcase_schema: Any) -> None:
    assert _fuzz(showcase_schema) == {}


def test_the_k2_stub_survives_schemathesis(k2_schema: Any) -> None:
    assert _fuzz(k2_schema) == {}
