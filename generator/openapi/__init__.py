"""``wcfgen openapi``: an API's model as an OpenAPI 3.1 document that describes the real wire.

One document per API, with all its services: paths are the server stub's routes (each
service's path, then its URI templates), so a client made from the document calls the
stub, and the services are told apart by tags. Operation ids are ``Service.Operation``:
unique by construction, and stable when services are added. JSON bodies follow
DataContractJsonSerializer, XML bodies DataContractSerializer (see :mod:`.schemas`).

The document is built from the model only, in a fixed order (paths and components sorted,
members in wire order), and written by :mod:`.emit`: same spec, same bytes. Like the package's
files it names neither wcfgen's version nor the spec's hash, so it changes only with its content.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..diff.snapshot import dump_api
from ..errors import OutputError
from ..ir import Api
from .emit import to_json, to_yaml
from .paths import Paths, fault_responses
from .schemas import Schemas

OPENAPI_VERSION = "3.1.0"
SUFFIXES = (".json", ".yaml", ".yml")


@dataclass(frozen=True)
class Document:
    api: str
    data: dict[str, Any]
    warnings: tuple[str, ...]  # examples left out

    def text(self, yaml: bool = False) -> str:
        return to_yaml(self.data) if yaml else to_json(self.data)


def document_name(api: Api, yaml: bool | None = None) -> str:
    """``<api>.openapi.json`` (or ``.yaml``: by default as ``[api] openapi`` says)."""
    yaml = api.openapi == "yaml" if yaml is None else yaml
    return f"{api.name}.openapi.{'yaml' if yaml else 'json'}"


def export(api: Api) -> Document:
    schemas = Schemas(api)
    paths = Paths(schemas)
    origins = [_origin(service.base_url) for service in api.services]
    for service, origin in zip(api.services, origins, strict=True):
        for op in service.operations:
            paths.add(service, op, None if origin == origins[0] else [{"url": origin}])
    names = ", ".join(service.name for service in api.services)
    description = (
        f"Exported by wcfgen from the WCF help pages of {names}. JSON bodies are "
        "DataContractJsonSerializer's form, XML bodies DataContractSerializer's (the components named *.xml)."
    )
    data: dict[str, Any] = {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": api.title,
            "version": api.distribution.version if api.distribution else _fingerprint(api),
            "description": description,
        },
        "servers": [{"url": origins[0]}],
        "tags": [
            {"name": service.name, "description": f"The {service.name} service at {service.base_url}"}
            for service in sorted(api.services, key=lambda s: s.name)
        ],
        "paths": paths.result(),
        "components": {"schemas": schemas.components(), "responses": fault_responses()},
    }
    return Document(api.name, data, tuple(paths.warnings))


def _fingerprint(api: Api) -> str:
    """The version of an API without one: a hash of its wire surface, the model ``wcfgen diff`` compares,
    so a re-saved page or a new wcfgen leaves it as it is and any API change moves it."""
    model = json.dumps(dump_api(api), sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(model.encode()).hexdigest()[:16]


def _origin(base_url: str) -> str:
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}"


def targets(apis: list[Api], out: Path) -> list[tuple[Api, Path, bool]]:
    """Where ``wcfgen openapi -o OUT`` writes each API's document, and whether as YAML.

    ``OUT`` ending in .json, .yaml or .yml is the file of the one API; anything else is a
    folder, with ``<api>.openapi.json`` per API.
    """
    if out.suffix.lower() in SUFFIXES:
        if len(apis) != 1:
            names = ", ".join(api.name for api in apis)
            raise OutputError(f"{len(apis)} APIs ({names}) give {len(apis)} documents: name a folder", file=out)
        return [(apis[0], out, out.suffix.lower() != ".json")]
    if out.exists() and not out.is_dir():
        raise OutputError("not a folder (a document's file name ends in .json, .yaml or .yml)", file=out)
    return [(api, out / document_name(api, yaml=False), False) for api in apis]


def write_text(path: Path, text: str) -> bool:
    """Replace ``path`` with ``text`` in one rename; False if it already held exactly that."""
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, staged = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(staged, path)
    except BaseException:
        Path(staged).unlink(missing_ok=True)
        raise
    return True
