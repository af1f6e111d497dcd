"""Operations as OpenAPI path items: the routes of the server stub, parameters, bodies, responses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..examples import BadExample, body_json
from ..ir import Body, BodyKind, Operation, Service, UriVariable
from .schemas import FAULT, REF, XML_SUFFIX, Schema, Schemas, is_reference, nullable

XML = "application/xml"
JSON = "application/json"
RAW = "application/octet-stream"
EXAMPLE = "helpPage"
_PLACEHOLDER = re.compile(r"\{\*?(?P<name>\w+)(?:=[^}]*)?\}")
RESPONSES = "#/components/responses/"
FAULTS = {  # status: (component, description)
    "400": ("wcf.BadBody", "The body cannot be read as the contract says."),
    "413": ("wcf.TooLarge", "The body is larger than the server accepts."),
    "415": ("wcf.UnsupportedMediaType", "The content type is neither XML nor JSON, or its charset is not UTF-8."),
    "500": ("wcf.ServerError", "The service implementation failed."),
}
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass
class Paths:
    """The path items of an API, built one operation at a time."""

    schemas: Schemas
    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    names: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # shape → (path, variable names)
    warnings: list[str] = field(default_factory=list)

    def add(self, service: Service, op: Operation, servers: list[dict[str, str]] | None) -> None:
        path, names = self._path(service, op)
        item = self.items.setdefault(path, {})
        if servers is not None:
            item["servers"] = servers
        item[op.method.lower()] = self._operation(service, op, names)  # the reader admits OpenAPI's methods only

    def result(self) -> dict[str, Any]:
        def ordered(item: dict[str, Any]) -> dict[str, Any]:
            keys = ["servers", *_METHODS]
            return {key: item[key] for key in keys if key in item}

        return {path: ordered(self.items[path]) for path in sorted(self.items)}

    def _path(self, service: Service, op: Operation) -> tuple[str, list[str]]:
        """The stub's route (the service's path, then the template's), and its variables' names.

        WCF tells templates apart by their literal segments only (``Items/{id}`` and ``Items/{key}``
        are one route), and so does OpenAPI: such paths share the names of the first one seen.
        """
        prefix = urlsplit(service.base_url).path.rstrip("/")
        template = op.uri_template.split("?", 1)[0]
        names = [match["name"] for match in _PLACEHOLDER.finditer(template)]
        shape = prefix + "/" + _PLACEHOLDER.sub("{}", template)
        known = self.names.get(shape)
        if known is not None and len(known[1]) == len(names):
            return known
        path = prefix + "/" + _PLACEHOLDER.sub(lambda match: "{" + match["name"] + "}", template)
        self.names[shape] = (path, names)
        return path, names

    def _operation(self, service: Service, op: Operation, names: list[str]) -> dict[str, Any]:
        summary, _, details = op.description.strip().partition("\n")
        result: dict[str, Any] = {"tags": [service.name]}
        if summary.strip():
            result["summary"] = summary.strip()
        if details.strip():
            result["description"] = details.strip()
        result["operationId"] = f"{service.name}.{op.name}"
        result["x-wcf-uri-template"] = op.uri_template
        path_vars = [v for v in op.variables if v.query_key is None]
        parameters = [_path_parameter(v, name) for v, name in zip(path_vars, names, strict=True)]
        parameters += [_query_parameter(v) for v in op.variables if v.query_key is not None]
        if parameters:
            result["parameters"] = parameters
        where = f"{service.name}/{op.name}"
        request = self._content(op.request, where, "request")
        if request is not None:
            result["requestBody"] = {"required": True, "content": request}
            if op.request.description:
                result["requestBody"]["description"] = op.request.description
        result["responses"] = self._responses(op, where)
        return result

    def _responses(self, op: Operation, where: str) -> dict[str, Any]:
        response = self._content(op.response, where, "response")
        success: dict[str, Any] = {"description": "Success." if response is not None else "Success; no body."}
        if response is not None:
            success["content"] = response
        responses: dict[str, Any] = {"200": success}
        typed = op.request.kind in (BodyKind.DATA_CONTRACT, BodyKind.PRIMITIVE) or bool(op.request.parts)
        faults = (("400", typed), ("413", op.request.kind is not BodyKind.EMPTY), ("415", typed), ("500", True))
        for status, applies in faults:
            if applies:
                responses[status] = {"$ref": RESPONSES + FAULTS[status][0]}
        return responses

    def _content(self, body: Body, where: str, direction: str) -> dict[str, Any] | None:
        if body.kind is BodyKind.EMPTY:
            return None
        if body.kind is BodyKind.STREAM:
            return {RAW: {"schema": {"type": "string", "format": "binary"}}}
        json_schema, xml_schema = self._body_schemas(body)
        if json_schema is None or xml_schema is None:
            undescribed = {
                "description": f"The {direction} body is {body.kind.value}: the help page does not describe it."
            }
            return {XML: {"schema": undescribed}, JSON: {"schema": undescribed}}
        xml: dict[str, Any] = {"schema": xml_schema}
        if body.xml_example is not None:
            xml["examples"] = {EXAMPLE: {"summary": "The help page's example.", "value": body.xml_example}}
        content: dict[str, Any] = {JSON: {"schema": json_schema}, XML: xml}
        if body.json_example is not None:
            try:
                value = body_json(body, self.schemas.index)
            except BadExample as exc:
                self.warnings.append(f"{where}: the {direction}'s JSON example is not JSON ({exc}); it is left out")
            else:
                summary = "The help page's example, as the wire carries it."
                content[JSON]["examples"] = {EXAMPLE: {"summary": summary, "value": value}}
        return dict(sorted(content.items()))

    def _body_schemas(self, body: Body) -> tuple[Schema | None, Schema | None]:
        """A body's JSON and XML schemas: its root element or wrapper, and what it holds."""
        schemas = self.schemas
        if body.parts:  # values are required, references may be left out or null
            assert body.root is not None
            parts = [(p.name, p.type) for p in body.parts if p.type is not None]
            json_properties = {
                name: nullable(schemas.json(t)) if is_reference(t) else schemas.json(t) for name, t in parts
            }
            xml_properties = {
                name: schemas.xml_element(t, name, body.root.namespace, is_reference(t)) for name, t in parts
            }
            required = [name for name, t in parts if not is_reference(t)]
            json_schema: Schema = {"type": "object", "properties": json_properties}
            xml_schema: Schema = {
                "type": "object",
                "xml": {"name": body.root.name, "namespace": body.root.namespace},
                "properties": xml_properties,
            }
            if required:
                json_schema["required"] = xml_schema["required"] = required
            return json_schema, xml_schema
        if body.type is None or body.root is None:
            return None, None
        reference = is_reference(body.type)
        json_schema = schemas.json(body.type)
        return (
            nullable(json_schema) if reference else json_schema,
            schemas.xml_element(body.type, body.root.name, body.root.namespace, reference),
        )


def _path_parameter(variable: UriVariable, name: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    if variable.default is not None:
        schema["default"] = variable.default
    parameter: dict[str, Any] = {"name": name, "in": "path", "required": True}
    if variable.wildcard:
        parameter["description"] = "The rest of the path ({*wildcard}), slashes included."
        parameter["x-wcf-wildcard"] = True
    elif variable.default is not None:
        parameter["description"] = f"WCF takes {variable.default!r} when the segment is left out."
    parameter["schema"] = schema
    return parameter


def _query_parameter(variable: UriVariable) -> dict[str, Any]:
    return {
        "name": variable.query_key,
        "in": "query",
        "required": False,
        "description": "Matched without regard to case; a missing value is null.",
        "schema": {"type": "string"},
    }


def fault_responses() -> dict[str, Any]:
    """The faults the server stub answers with, for ``components.responses``."""
    content = {JSON: {"schema": {"$ref": REF + FAULT}}, XML: {"schema": {"$ref": REF + FAULT + XML_SUFFIX}}}
    return {name: {"description": description, "content": content} for name, description in sorted(FAULTS.values())}
