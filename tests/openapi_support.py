"""Spec folders for the OpenAPI and mock tests: the committed ones, and two built from bare pages."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import jsonschema

from tests.conftest import SCHEMAS, SPECS

SITE = SPECS / "html" / "site"
SAMPLES = SPECS / "html" / "sample-help"


def spec_folders(root: Path) -> dict[str, Path]:
    """Every fixture spec, by a short name: K2, Showcase, the shapes, the fetch fixtures, the samples."""
    folders = {
        "k2": SCHEMAS / "k2",
        "english": SPECS / "english",
        "showcase": SPECS / "showcase",
        "shapes": SPECS / "shapes",
        "long-names": SPECS / "long-names",
        "ferries": SPECS / "html" / "ferries",
        "site": _site(root / "site"),
        "samples": _samples(root / "samples"),
    }
    for evolution in sorted((SPECS / "evolution").glob("*/*/wcfgen.toml")):
        folders[f"{evolution.parent.parent.name}-{evolution.parent.name}"] = evolution.parent
    return folders


def _site(root: Path) -> Path:
    """The help site `wcfgen fetch` reads in its tests, as fetch stores it."""
    shutil.copytree(SITE, root / "Shop")
    (root / "wcfgen.toml").write_text(
        '[api]\nname = "shop"\npackage = "shop"\n\n[services.Shop]\nbase_url = "http://wcf.example/Shop.svc"\n'
    )
    return root


def _samples(root: Path) -> Path:
    """The reconstructed English pages: WCF's own example constants (byte[] char codes, enum 0, CLR __type)."""
    (root / "Orders").mkdir(parents=True)
    (root / "wcfgen.toml").write_text(
        '[api]\nname = "orders"\npackage = "orders"\n\n[services.Orders]\nbase_url = "http://localhost:8080/OrderService.svc"\n'
    )
    shutil.copy(SAMPLES / "operation-get-uritemplate.html", root / "Orders" / "GetCustomer.html")
    shutil.copy(SAMPLES / "operation-post-wrapped.html", root / "Orders" / "CreateOrder.html")
    return root


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
