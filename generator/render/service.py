"""What the client and server templates print for each operation, laid out line by line.

Every statement is built flat from escaped parts and handed to :mod:`.layout`, so the
templates only place finished lines.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..ir import SER, Body, BodyKind, Operation, QName, Service, TypeKind, TypeRef, UriVariable, WrappedPart
from ..names import METHOD_RESERVED, snake_name
from . import layout
from .clients import ClientMethods, FaultView, MethodSpec, Param, client_methods
from .escape import Code, ident, pystr
from .types import Types

RAW_BODIES = (BodyKind.STREAM, BodyKind.WRAPPED, BodyKind.UNKNOWN)
# beside each service's stub: the OpenAPI examples (the runtime's docs.EXAMPLES reads it)
EXAMPLES_FILE = "openapi_examples.json"
_PLACEHOLDER = re.compile(r"\{\*?(?P<name>\w+)(?:=[^}]*)?\}")


@dataclass(frozen=True)
class OperationView:
    """An operation as the client, server and README templates print it."""

    name: str
    python_name: str
    method: str
    path: str
    summary: str
    details: str
    route_path: str  # the URI template as a FastAPI route (``{rest:path}`` for a wildcard)
    client_statements: tuple[Code, ...]  # the Operation and the request codec
    client: ClientMethods
    server_statements: tuple[Code, ...]  # the request and response codecs
    protocol_params: tuple[Code, ...]  # after ``self``, before ``/``
    protocol_returns: Code
    request_content: Code | None  # the route's OpenAPI request body
    response_content: Code
    route_def: Code
    route_body: tuple[Code, ...]
    request_type_md: Code
    response_type_md: Code
    casts: bool  # the client method casts the answer (its codec is not typed)
    faults: tuple[FaultView, ...]


@dataclass(frozen=True)
class BodyView:
    annotation: Code  # the Python type
    codec: Code | None  # the codec expression that reads and writes it
    typed: bool  # whether the codec's static type is the annotation (else the client casts)


def body_view(types: Types, body: Body, request: bool = False) -> BodyView:
    if body.kind is BodyKind.EMPTY:
        return BodyView(Code("None"), None, True)
    if body.parts:
        assert body.root is not None
        parts = ", ".join(
            f"({pystr(p.name)}, {types.node(_part_type(p))}, {types.is_reference(_part_type(p))})" for p in body.parts
        )
        root = f"{pystr(body.root.name)}, {pystr(body.root.namespace)}"
        codec = f"_runtime.WrappedCodec({root}, ({parts},), {not request})"
        annotation = Code("dict[str, object]") if request else types.optional(_part_type(body.parts[0]))
        return BodyView(annotation, Code(codec), False)
    if body.kind in RAW_BODIES:
        return BodyView(Code("_runtime.RawBody"), Code("_runtime.RawCodec()"), True)
    assert body.type is not None and body.root is not None
    annotation = types.annotation(body.type) if request else types.optional(body.type)
    nillable = ", nillable=True" if types.is_reference(body.type) else ""
    if body.kind is BodyKind.PRIMITIVE:
        codec = f"_runtime.PrimitiveCodec({pystr(body.root.name)}, {types.annotation(body.type)}{nillable})"
        return BodyView(annotation, Code(codec), True)
    if body.type.kind is TypeKind.CONTRACT and body.type.qname == body.root:
        return BodyView(annotation, Code(f"_runtime.ContractCodec({types.class_of(body.type)})"), True)
    root = f"{pystr(body.root.name)}, {pystr(body.root.namespace)}"
    return BodyView(annotation, Code(f"_runtime.RootCodec({types.node(body.type)}, {root}{nillable})"), False)


def _part_type(part: WrappedPart) -> TypeRef:
    assert part.type is not None
    return part.type


def body_params(op: Operation, types: Types, request_type: Code) -> tuple[tuple[str, Code], ...]:
    """The body's parameters: one per wrapped part, else one for the whole body."""
    body = op.request
    if body.kind is BodyKind.EMPTY:
        return ()
    if body.parts:
        return tuple((p.python_name, types.optional(_part_type(p))) for p in body.parts)
    if body.kind is BodyKind.DATA_CONTRACT and body.type is not None and body.type.qname in types.classes:
        return ((snake_name(types.classes[body.type.qname], METHOD_RESERVED), request_type),)
    return (("body" if body.kind in RAW_BODIES else "value", request_type),)


def _paths(op: Operation) -> tuple[str, str]:
    """The URI template with Python names: for the client, and as a FastAPI route."""
    path = op.uri_template.split("?", 1)[0]
    by_name = {v.name: v for v in op.variables if v.query_key is None}

    def client(match: re.Match[str]) -> str:
        variable = by_name[match["name"]]
        return f"{{{'*' if variable.wildcard else ''}{variable.python_name}}}"

    def route(match: re.Match[str]) -> str:
        variable = by_name[match["name"]]
        return f"{{{variable.python_name}{':path' if variable.wildcard else ''}}}"

    return _PLACEHOLDER.sub(client, path), _PLACEHOLDER.sub(route, path)


def _passing(names: Iterable[str]) -> str:
    return "{" + ", ".join(f"{pystr(name)}: {ident(name)}" for name in names) + "}"


def _call_args(op: Operation, variables: Variables, params: tuple[tuple[str, Code], ...]) -> str:
    const = operation_constant(op)
    if not params:
        content = "None"
    elif op.request.parts:
        values = "{" + ", ".join(f"{pystr(p.name)}: {ident(p.python_name)}" for p in op.request.parts) + "}"
        content = f"{const}_REQUEST.encode({values}, self.wire_format)"
    elif op.request.kind in RAW_BODIES:
        content = ident(params[0][0])
    else:
        content = f"{const}_REQUEST.encode({ident(params[0][0])}, self.wire_format)"
    args = [const, content]
    if variables.path:
        args.append(f"path={_passing(v.python_name for v in variables.path)}")
    if variables.query:
        args.append(f"query={_passing(v.python_name for v in variables.query)}")
    return ", ".join(args)


def _server_args(op: Operation, variables: Variables, params: tuple[tuple[str, Code], ...]) -> str:
    ordered = sorted(variables.path, key=lambda v: v.default is not None)  # as the Protocol lists them
    args: list[str] = [f"_server.path_value({ident(v.python_name)})" for v in ordered]
    if op.request.parts:
        args += [f"body[{pystr(p.name)}]" for p in op.request.parts]
    elif params:
        args.append("body")
    args += [f"_server.query(request, {pystr(v.query_key or '')})" for v in variables.query]
    return "".join(f", {arg}" for arg in args)


@dataclass(frozen=True)
class Variables:
    path: list[UriVariable]
    query: list[UriVariable]

    @classmethod
    def of(cls, op: Operation) -> Variables:
        return cls([v for v in op.variables if v.query_key is None], [v for v in op.variables if v.query_key is not None])

    @property
    def required(self) -> list[UriVariable]:
        return [v for v in self.path if v.default is None]

    @property
    def defaulted(self) -> list[UriVariable]:
        return [v for v in self.path if v.default is not None]


def _tuple(items: Iterable[str]) -> Code:
    texts = list(items)
    return Code(f"({texts[0]},)" if len(texts) == 1 else f"({', '.join(texts)})")


def operation_constant(op: Operation) -> str:
    """The client module's name of the operation's ``Operation`` (``_NEW_CALL_EVENT``); its
    request codec is that name with ``_REQUEST``."""
    return "_" + op.python_name.upper()


def _codes(*lines: str) -> tuple[Code, ...]:
    return tuple(Code(line) for line in lines)


@dataclass(frozen=True)
class FaultTables:
    """What client modules name for faults: the package's error class per detail type, and
    a service's fault tables (``_FAULTS``: status -> error class and codec)."""

    classes: dict[TypeRef, str]
    tables: dict[tuple[tuple[int, TypeRef], ...], str]


def fault_key(op: Operation) -> tuple[tuple[int, TypeRef], ...]:
    return tuple((f.status, f.type) for f in op.faults if f.type is not None)


def detail_codec(types: Types, t: TypeRef) -> Code:
    """The codec of a fault detail: the detail is the body, its data contract name the root."""
    if t.kind is TypeKind.PRIMITIVE:
        body = Body(BodyKind.PRIMITIVE, root=QName(SER, t.primitive or ""), type=t)
    else:
        assert t.qname is not None
        body = Body(BodyKind.DATA_CONTRACT, root=t.qname, type=t)
    codec = body_view(types, body).codec
    assert codec is not None
    return codec


def operation_view(types: Types, op: Operation, faults: FaultTables) -> OperationView:
    request = body_view(types, op.request, request=True)
    response = body_view(types, op.response)
    response_codec = response.codec or Code("_runtime.EmptyCodec()")
    summary, _, details = op.description.strip().partition("\n")
    client_path, route_path = _paths(op)
    params = body_params(op, types, request.annotation)
    server_request = types.optional(op.request.type) if op.request.type else request.annotation
    server_params = body_params(op, types, server_request)
    variables = Variables.of(op)
    const = operation_constant(op)
    returns = response.annotation
    operation: list[str] = [pystr(op.name), pystr(op.method), pystr(client_path), response_codec]
    if variables.query:
        operation.append(_tuple(f"({pystr(v.query_key or '')}, {pystr(v.python_name)})" for v in variables.query))
    if op.faults:
        operation.append(f"faults={faults.tables[fault_key(op)]}")
    if op.request.kind in RAW_BODIES and not op.request.parts:
        operation.append("raw_request=True")
    client_statements = [layout.assignment(const, f"_client.Operation({', '.join(operation)})")]
    server_statements = []
    if request.codec is not None:
        client_statements.append(layout.assignment(f"{const}_REQUEST", request.codec))
        server_statements.append(layout.assignment(f"{const}_REQUEST", request.codec))
    server_statements.append(layout.assignment(f"{const}_RESPONSE", response_codec))
    fault_views = tuple(
        FaultView(f.status, faults.classes[f.type], types.annotation(f.type), f.type_name) for f in op.faults if f.type
    )
    casts = op.response.kind is not BodyKind.EMPTY and not response.typed
    spec = MethodSpec(
        op=op,
        params=(_client_params(op, variables, params, 0), _client_params(op, variables, params, 1)),
        returns=returns,
        call_args=_call_args(op, variables, params),
        casts=casts,
        faults=fault_views,
        streams=op.response.kind in RAW_BODIES and not op.response.parts,
        summary=summary.strip() or f"Call the {op.name} operation.",
        details=details.strip(),
    )
    return OperationView(
        name=op.name,
        python_name=op.python_name,
        method=op.method,
        path=op.uri_template,
        summary=spec.summary,
        details=spec.details,
        route_path=route_path,
        client_statements=_codes(*client_statements),
        client=client_methods(spec),
        server_statements=_codes(*server_statements),
        protocol_params=_protocol_params(variables, server_params),
        protocol_returns=Code(layout.returns(f"Awaitable[{returns}] | {returns}", 4)),
        request_content=_content(op.request, 16) if request.codec is not None else None,
        response_content=_content(op.response, 20),
        route_def=_route_def(op, variables),
        route_body=_route_body(op, variables, params, request),
        request_type_md=Code(", ".join(f"`{annotation}`" for _, annotation in params) or "—"),
        response_type_md=Code(f"`{returns}`"),
        casts=casts,
        faults=fault_views,
    )


def _client_params(
    op: Operation, variables: Variables, params: tuple[tuple[str, Code], ...], variant: int
) -> tuple[Param, ...]:
    """After ``self``: the path variables, the body, then keyword-only defaulted and query
    variables; a Stream body takes what ``httpx`` can send (bytes, a file, chunks)."""
    raw = op.request.kind in RAW_BODIES and not op.request.parts
    content = "_client.AsyncContent" if variant else "_client.Content"
    found = [Param(v.python_name, "_client.TemplateValue") for v in variables.required]
    found += [Param(name, content if raw else annotation) for name, annotation in params]
    found += [Param(v.python_name, "_client.TemplateValue", pystr(v.default or ""), True) for v in variables.defaulted]
    found += [Param(v.python_name, "_client.TemplateValue | None", "None", True) for v in variables.query]
    return tuple(found)


def _protocol_params(variables: Variables, params: tuple[tuple[str, Code], ...]) -> tuple[Code, ...]:
    lines = [layout.annotated(ident(v.python_name), "str", 8, ",") for v in variables.required + variables.defaulted]
    lines += [layout.annotated(ident(name), annotation, 8, ",") for name, annotation in params]
    lines += [layout.annotated(ident(v.python_name), "str | None", 8, ",") for v in variables.query]
    return _codes(*lines)


def _content(body: Body, indent: int) -> Code:
    """The route's OpenAPI content: its media types; the examples are package data (:func:`openapi_examples`)."""
    media = f"xml={body.xml_example is not None}, json={body.json_example is not None}"
    return Code(layout.expression(f"_docs.content({media})", indent, '"content": ', ","))


def openapi_examples(service: Service) -> str:
    """``openapi_examples.json`` beside a service's stub: the help pages' examples for its OpenAPI
    document, read only when the document is built (``_runtime.docs``), so the stub stays small.

    Operation, then ``request`` / ``response``, then media type, in the service's order:
    same spec, same bytes."""
    data: dict[str, dict[str, dict[str, str]]] = {}
    for op in service.operations:
        bodies = {"request": op.request, "response": op.response}
        if op.request.kind is BodyKind.EMPTY:  # the route has no request body to show one in
            del bodies["request"]
        found = {part: media for part, body in bodies.items() if (media := _examples(body))}
        if found:
            data[op.name] = found
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _examples(body: Body) -> dict[str, str]:
    pairs = (("application/xml", body.xml_example), ("application/json", body.json_example))
    return {media: example for media, example in pairs if example is not None}


def _route_def(op: Operation, variables: Variables) -> Code:
    params = [("request", "Request"), *((ident(v.python_name), "str") for v in variables.required + variables.defaulted)]
    return signature(f"async def {ident(op.python_name)}", params, "Response", 4)


def _route_body(
    op: Operation, variables: Variables, params: tuple[tuple[str, Code], ...], request: BodyView
) -> tuple[Code, ...]:
    const = operation_constant(op)
    if op.request.kind in RAW_BODIES and not op.request.parts:
        lines = ["body = await _server.read_raw(request, max_body_bytes)", 'wire_format: _runtime.WireFormat = "xml"']
    elif request.codec is not None:
        read = f"await _server.read_body(request, {const}_REQUEST, max_body_bytes)"
        lines = [layout.expression(read, 8, "wire_format, body = ", statement=True)]
    else:
        lines = ['wire_format: _runtime.WireFormat = "xml"']
    head = f"service.{ident(op.python_name)}, {pystr(op.name)}, {const}_RESPONSE, request, wire_format"
    call = f"await _server.call({head}{_server_args(op, variables, params)})"
    lines.append(layout.expression(call, 8, "return ", statement=True))
    return _codes(*lines)


def signature(
    head: str, params: Sequence[tuple[str, str | None]], returns: str, indent: int, defaults: Mapping[str, str] | None = None
) -> Code:
    """``head(params) -> returns:`` on one line, else one parameter a line (a ``None``
    annotation: ``self``, ``/``, ``*``); ``defaults``: default values by parameter name."""

    def end(name: str) -> str:
        return f" = {defaults[name]}" if defaults and name in defaults else ""

    texts = [name if annotation is None else f"{name}: {annotation}{end(name)}" for name, annotation in params]
    flat = f"{' ' * indent}{head}({', '.join(texts)}) -> {returns}:"
    if layout.fits(flat):
        return Code(flat.lstrip())
    pad = " " * (indent + 4)
    lines = [f"{head}("]
    for name, annotation in params:
        if annotation is None:
            lines.append(f"{pad}{name},")
        else:
            lines.append(pad + layout.annotated(name, annotation, indent + 4, f"{end(name)},"))
    lines.append(" " * indent + layout.returns(returns, indent))
    return Code("\n".join(lines))
