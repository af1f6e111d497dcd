"""What the models stage made of an API's schemas, remembered by the sha256 of everything it reads.

The stage reads the schema blocks (their texts and places: the types' places are theirs, and
errors name them), of each operation its service's and its own name, its page, its bodies and
fault details without their texts, examples and lines, and its limits (:func:`models_key`);
nothing else of the API. What it adds is remembered (the contracts, the enums, and each body's,
part's and fault detail's type) and laid over the API read (:func:`with_types`): a description
or an example edited is a hit, a schema block edited a miss. The code is the generator's, whose
hash names the cache's folder. A stage that fails is not remembered.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from ..ir import Api, Body, DataContract, EnumType, TypeRef
from ..ir_json import dump, load

NAMESPACE = "models"
_FORMAT = 1
_NOT_READ = frozenset({"description", "xml_example", "json_example", "xml_line", "json_line"})


def models_key(api: Api, limits: tuple[int, int]) -> str:
    """``limits``: the stage's (types, members per type), which decide whether it fails."""
    digest = hashlib.sha256(json.dumps(["models", _FORMAT, limits]).encode())
    texts: dict[str, int] = {}
    places = []
    for doc in api.schemas:  # each distinct text hashed once: every page repeats its closure's blocks
        index = texts.get(doc.text)
        if index is None:
            index = texts[doc.text] = len(texts)
            digest.update(f"\0text {len(doc.text)}\0".encode())
            digest.update(doc.text.encode())
        places.append(f"{index}\0{doc.source.line}\0{doc.target_namespace}\0{doc.source.file}\0")  # no NUL in either
    operations = [
        [
            service.name,
            op.name,
            dump(op.source),
            dump(op.request, _NOT_READ),
            dump(op.response, _NOT_READ),
            dump(op.faults),
        ]
        for service in api.services
        for op in service.operations
    ]
    digest.update(b"\0places\0" + "".join(places).encode())
    digest.update(b"\0operations\0" + json.dumps(operations).encode())
    return digest.hexdigest()


def types_of(api: Api) -> dict[str, Any]:
    """What the stage added to ``api``, as JSON."""
    return {
        "contracts": dump(api.contracts),
        "enums": dump(api.enums),
        "operations": [
            [*_body_types(op.request), *_body_types(op.response), [dump(f.type) for f in op.faults]]
            for service in api.services
            for op in service.operations
        ],
    }


def with_types(api: Api, known: object) -> Api | None:
    """``api`` with the types ``known`` (:func:`types_of`), or None if they do not decode or fit it."""
    try:
        return _with_types(api, known)
    except (ValueError, TypeError, KeyError):
        return None


def _with_types(api: Api, known: object) -> Api:
    if not isinstance(known, dict) or not isinstance(known["operations"], list):
        raise TypeError("expected an object")
    contracts = load(tuple[DataContract, ...], known["contracts"])
    enums = load(tuple[EnumType, ...], known["enums"])
    if len(known["operations"]) != sum(len(service.operations) for service in api.services):
        raise ValueError("not the API's operations")
    types = iter(known["operations"])
    services = []
    for service in api.services:
        operations = []
        for op in service.operations:
            request_type, request_parts, response_type, response_parts, faults = next(types)
            operations.append(
                dataclasses.replace(
                    op,
                    request=_typed(op.request, request_type, request_parts),
                    response=_typed(op.response, response_type, response_parts),
                    faults=tuple(
                        dataclasses.replace(f, type=_type(t))
                        for f, t in zip(op.faults, _list(faults, len(op.faults)), strict=True)
                    ),
                )
            )
        services.append(dataclasses.replace(service, operations=tuple(operations)))
    return dataclasses.replace(api, services=tuple(services), contracts=contracts, enums=enums)


def _body_types(body: Body) -> list[object]:
    return [dump(body.type), [dump(part.type) for part in body.parts]]


def _typed(body: Body, type_ref: object, parts: object) -> Body:
    part_types = _list(parts, len(body.parts))
    typed = tuple(dataclasses.replace(p, type=_type(t)) for p, t in zip(body.parts, part_types, strict=True))
    return dataclasses.replace(body, type=_type(type_ref), parts=typed)


def _type(data: object) -> TypeRef | None:
    return None if data is None else load(TypeRef, data)


def _list(value: object, length: int) -> list[Any]:
    if not isinstance(value, list) or len(value) != length:
        raise ValueError("expected a list of one type per part")
    return value
