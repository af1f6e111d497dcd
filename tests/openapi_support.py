"""Spec folders and JSON Schema validation for the OpenAPI and mock tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema

from tests.conftest import SPECS, every_spec


def spec_folders(root: Path) -> dict[str, Path]:
    """Every spec the suite generates (K2, Showcase, the shapes, the HTML pages, the evolution snapshots)
    and the ferry service `wcfgen fetch`'s tests read, by name."""
    return {**every_spec(root), "ferries": SPECS / "html" / "ferries"}


def validator(document: dict[str, Any], schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """A JSON Schema 2020-12 validator of ``schema``, with the document's components for its references."""
    rooted = {**schema, "components": document["components"]}
    return jsonschema.Draft202012Validator(rooted, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def media(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every body's media types in the document: (operation id and direction, media type, media type object)."""
    found = []
    for item in document["paths"].values():
        for method, operation in item.items():
            if method == "servers":
                continue
            bodies = [("request", operation.get("requestBody", {}))]
            bodies += [(f"response {status}", r) for status, r in operation["responses"].items() if "content" in r]
            for where, body in bodies:
                for media_type, content in body.get("content", {}).items():
                    found.append((f"{operation['operationId']} {where}", media_type, content))
    return found
