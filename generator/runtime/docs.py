"""The server stubs' OpenAPI document, with the help pages' examples read only when it is built.

A stub's routes name the media types of their bodies (:func:`content`); the examples, which
a large API carries by the megabyte, are package data beside the stub
(``openapi_examples.json``: operation, then ``request`` or ``response``, then media type).
They join the document the first time FastAPI builds it (``/openapi.json``, the docs pages,
``app.openapi()``), so importing a stub or serving requests never reads them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from importlib.resources import files
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

EXAMPLES = "openapi_examples.json"
XML = "application/xml"
JSON = "application/json"

# operation id -> "request" / "response" -> media type -> example
Examples = Mapping[str, Mapping[str, Mapping[str, str]]]


def content(*, xml: bool, json: bool) -> dict[str, Any]:
    """OpenAPI content of a body in the media types its page shows an example of."""
    found: dict[str, Any] = {}
    if xml:
        found[XML] = {"schema": {"type": "string"}}
    if json:
        found[JSON] = {"schema": {}}
    return found


def read_examples(package: str, name: str = EXAMPLES) -> Examples:
    """The examples of a stub's package (its data file ``name``)."""
    data: Examples = json.loads(files(package).joinpath(name).read_bytes())
    return data


def add_examples(document: dict[str, Any], examples: Examples) -> None:
    """Put each example beside its schema, in the document FastAPI built."""
    for item in document.get("paths", {}).values():
        for operation in item.values():
            found = examples.get(operation.get("operationId", ""), {})
            bodies = {
                "request": operation.get("requestBody", {}),
                "response": operation.get("responses", {}).get("200", {}),
            }
            for part, body in bodies.items():
                for media_type, example in found.get(part, {}).items():
                    body["content"][media_type]["example"] = example


def serve_examples(app: FastAPI, module: str, name: str = EXAMPLES) -> None:
    """Have ``app`` build its document with the examples of the stub ``module``.

    ``module`` is the stub's ``__name__``; the data file ``name`` beside it is read the
    first time the document is asked for.
    """
    build: Callable[[], dict[str, Any]] = app.openapi
    package = module.rpartition(".")[0]

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        # FastAPI keeps the document as app.openapi_schema: the examples are read once
        document = build()
        add_examples(document, read_examples(package, name))
        return document

    app.openapi = openapi  # type: ignore[method-assign]
