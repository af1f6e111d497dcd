"""Stage 3: render the intermediate model into the files of a Python package.

``templates/package`` holds the package's files and ``templates/service`` a
service sub-package's, file for file. Templates only see the model and the small
views built here, and may only print values through an escaping filter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from .. import __version__
from ..ir import Api, Body, BodyKind, Operation, TypeKind, TypeRef, UriVariable, WrappedPart
from ..names import METHOD_RESERVED, snake_name
from .escape import Code, comment, docstring, finalize, ident, markdown, pystr
from .types import IMPORTS, TEMPLATE_IMPORTS, FieldView, Types

_RAW_BODIES = (BodyKind.STREAM, BodyKind.WRAPPED, BodyKind.UNKNOWN)
_PLACEHOLDER = re.compile(r"\{\*?(?P<name>\w+)(?:=[^}]*)?\}")


def templates_dir() -> Path:
    """Inside the wheel the templates sit in the package; in a checkout, beside it."""
    package = Path(__file__).resolve().parent.parent
    bundled = package / "templates"
    return bundled if bundled.is_dir() else package.parent / "templates"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,
    )
    env.filters.update(
        ident=ident,
        pystr=pystr,
        pystr_or_none=lambda value: Code("None") if value is None else pystr(value),
        docstring=docstring,
        comment=comment,
        markdown=markdown,
    )
    return env


@dataclass(frozen=True)
class OperationView:
    """An operation as the client and server templates print it."""

    name: str
    python_name: str
    method: str
    path: str
    summary: str
    details: str
    const: Code
    client_path: str  # the URI template with Python names for its variables
    route_path: str  # the same, as a FastAPI route (``{rest:path}`` for a wildcard)
    path_params: tuple[str, ...]
    path_defaults: tuple[tuple[str, Code], ...]  # path variables with a template default: keyword-only
    query_params: tuple[tuple[str, str], ...]  # (query key, Python name)
    call_prefix: Code  # "return cast(…, " unless the operation returns nothing
    call_args: Code  # what the client method passes to _call
    call_suffix: Code
    params: tuple[tuple[str, Code], ...]  # the body's parameters: (Python name, annotation)
    server_params: tuple[tuple[str, Code], ...]  # the same as the implementation receives them (null allowed)
    server_args: Code  # what the route passes to the implementation, after ``service.method``
    request_codec: Code | None
    request_raw: bool
    response_type: Code
    response_codec: Code
    request_type_md: Code
    response_type_md: Code
    example_args: Code  # a call's arguments for the README
    example_classes: tuple[str, ...]  # the model classes the README's example names
    request_xml_example: str | None
    request_json_example: str | None
    response_xml_example: str | None
    response_json_example: str | None


def _body_type(types: Types, body: Body, op: Operation, request: bool = False) -> tuple[Code, Code | None]:
    """The Python type of a body and the codec expression that reads and writes it."""
    if body.kind is BodyKind.EMPTY:
        return Code("None"), None
    if body.parts:
        assert body.root is not None
        parts = ", ".join(f"({pystr(p.name)}, {types.node(_part_type(p))})" for p in body.parts)
        codec = f"_runtime.WrappedCodec({pystr(body.root.name)}, {pystr(body.root.namespace)}, ({parts},), {not request})"
        annotation = Code("dict[str, object]") if request else types.optional(_part_type(body.parts[0]))
        return annotation, Code(codec)
    if body.kind in _RAW_BODIES:
        return Code("_runtime.RawBody"), Code("_runtime.RawCodec()")
    assert body.type is not None and body.root is not None
    if body.kind is BodyKind.PRIMITIVE:
        python = types.annotation(body.type)
        annotation = python if request else types.optional(body.type)
        return annotation, Code(f"_runtime.PrimitiveCodec({pystr(body.root.name)}, {python})")
    annotation = types.annotation(body.type) if request else types.optional(body.type)
    if body.type.kind is TypeKind.CONTRACT and body.type.qname == body.root:
        return annotation, Code(f"_runtime.ContractCodec({types.class_of(body.type)})")
    root = f"{pystr(body.root.name)}, {pystr(body.root.namespace)}"
    return annotation, Code(f"_runtime.RootCodec({types.node(body.type)}, {root})")


def _part_type(part: WrappedPart) -> TypeRef:
    assert part.type is not None
    return part.type


def _params(op: Operation, types: Types, request_type: Code) -> tuple[tuple[str, Code], ...]:
    """The body's parameters: one per wrapped part, else one for the whole body."""
    body = op.request
    if body.kind is BodyKind.EMPTY:
        return ()
    if body.parts:
        return tuple((p.python_name, types.optional(_part_type(p))) for p in body.parts)
    if body.kind is BodyKind.DATA_CONTRACT and body.type is not None and body.type.qname in types.classes:
        return ((snake_name(types.classes[body.type.qname], METHOD_RESERVED), request_type),)
    return (("body" if body.kind in _RAW_BODIES else "value", request_type),)


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


def _passing(names: Iterable[str]) -> Code:
    return Code("{" + ", ".join(f"{pystr(name)}: {ident(name)}" for name in names) + "}")


def _call_args(
    op: Operation, path_vars: list[UriVariable], query_vars: list[UriVariable], params: tuple[tuple[str, Code], ...]
) -> Code:
    const = "_" + op.python_name.upper()
    if not params:
        content = "None"
    elif op.request.parts:
        values = "{" + ", ".join(f"{pystr(p.name)}: {ident(p.python_name)}" for p in op.request.parts) + "}"
        content = f"{const}_REQUEST.encode({values}, self.wire_format)"
    elif op.request.kind in _RAW_BODIES:
        content = ident(params[0][0])
    else:
        content = f"{const}_REQUEST.encode({ident(params[0][0])}, self.wire_format)"
    args = [const, content]
    if path_vars:
        args.append(f"path={_passing(v.python_name for v in path_vars)}")
    if query_vars:
        args.append(f"query={_passing(v.python_name for v in query_vars)}")
    return Code(", ".join(args))


def _server_args(
    op: Operation, path_vars: list[UriVariable], query_vars: list[UriVariable], params: tuple[tuple[str, Code], ...]
) -> Code:
    ordered = sorted(path_vars, key=lambda v: v.default is not None)  # as the Protocol lists them
    args: list[str] = [ident(v.python_name) for v in ordered]
    if op.request.parts:
        args += [f"body[{pystr(p.name)}]" for p in op.request.parts]
    elif params:
        args.append("body")
    args += [f"_server.query(request, {pystr(v.query_key or '')})" for v in query_vars]
    return Code("".join(f", {arg}" for arg in args))


def _types_of(body: Body) -> list[TypeRef]:
    return [t for t in (body.type, *(p.type for p in body.parts)) if t is not None]


def _example_args(op: Operation, types: Types, path_vars: list[UriVariable], params: tuple[tuple[str, Code], ...]) -> Code:
    args: list[str] = [pystr("1") for _ in path_vars]
    body = op.request
    if body.kind is BodyKind.DATA_CONTRACT and not body.parts and body.type is not None and body.type.kind is TypeKind.CONTRACT:
        args.append(f"{types.class_of(body.type)}()")
    elif body.kind in _RAW_BODIES and not body.parts:
        args.append('RawBody(b"data")')
    else:
        args += ["..." for _ in params]
    return Code(", ".join(args))


def _operation_view(types: Types, op: Operation) -> OperationView:
    request_type, request_codec = _body_type(types, op.request, op, request=True)
    response_type, response_codec = _body_type(types, op.response, op)
    if response_codec is None:
        response_codec = Code("_runtime.EmptyCodec()")
    summary, _, details = op.description.strip().partition("\n")
    client_path, route_path = _paths(op)
    params = _params(op, types, request_type)
    path_vars = [v for v in op.variables if v.query_key is None]
    query_vars = [v for v in op.variables if v.query_key is not None]
    return OperationView(
        name=op.name,
        python_name=op.python_name,
        method=op.method,
        path=op.uri_template,
        summary=summary.strip() or f"Call the {op.name} operation.",
        details=details.strip(),
        const=Code("_" + op.python_name.upper()),
        client_path=client_path,
        route_path=route_path,
        path_params=tuple(v.python_name for v in path_vars if v.default is None),
        path_defaults=tuple((v.python_name, pystr(v.default)) for v in path_vars if v.default is not None),
        query_params=tuple((v.query_key, v.python_name) for v in query_vars if v.query_key is not None),
        call_prefix=Code(f"return cast({pystr(response_type)}, ") if op.response.kind is not BodyKind.EMPTY else Code(""),
        call_args=_call_args(op, path_vars, query_vars, params),
        call_suffix=Code(")") if op.response.kind is not BodyKind.EMPTY else Code(""),
        params=params,
        server_params=_params(op, types, types.optional(op.request.type) if op.request.type else request_type),
        server_args=_server_args(op, path_vars, query_vars, params),
        request_codec=request_codec,
        request_raw=op.request.kind in _RAW_BODIES and not op.request.parts,
        response_type=response_type,
        response_codec=response_codec,
        request_type_md=Code(", ".join(f"`{annotation}`" for _, annotation in params) or "—"),
        example_args=_example_args(op, types, path_vars, params),
        example_classes=tuple(sorted({n for b in (op.request, op.response) for t in _types_of(b) for n in types.classes_in(t)})),
        response_type_md=Code(f"`{response_type}`"),
        request_xml_example=op.request.xml_example,
        request_json_example=op.request.json_example,
        response_xml_example=op.response.xml_example,
        response_json_example=op.response.json_example,
    )


def header(api: Api, *, line_comment: str = "# ") -> Code:
    return Code(
        f"{line_comment}Generated by wcfgen {__version__} from the {comment(api.name)!r} spec "
        f"(sha256 {api.spec_hash}). Do not edit."
    )


def render_api(api: Api) -> dict[str, str]:
    """All files of the API's package, by path relative to the output folder."""
    env = _environment()
    types = Types(api)
    package = ident(api.package)
    api_has_auth = api.auth == "k2"
    services = [(service, [_operation_view(types, op) for op in service.operations]) for service in api.services]
    service_views = [_ServiceView(s.name, s.python_name, s.base_url, tuple(ops)) for s, ops in services]
    common = {
        "api": api,
        "header": header(api),
        "header_text": Code(header(api, line_comment="")),
        "services": service_views,
        "api_has_auth": api_has_auth,
    }
    files: dict[str, str] = {}
    package_templates = ["__init__.py", "_runtime.py", "_http.py", "_server.py", "errors.py", "models.py", "README.md"]
    if api_has_auth:
        package_templates.append("auth.py")
    models = _models_view(api, types)
    for name in package_templates:
        files[f"{package}/{name}"] = env.get_template(f"package/{name}.jinja").render(**common, **models)
    files[f"{package}/py.typed"] = ""
    for service, ops in services:
        bodies = [b.type for op in service.operations for b in (op.request, op.response) if b.type is not None]
        bodies += [p.type for op in service.operations for b in (op.request, op.response) for p in b.parts if p.type]
        imports = sorted({name for t in bodies for name in types.classes_in(t)})
        context = {
            **common,
            "service": service,
            "operations": ops,
            "contract_imports": [Code(name) for name in imports],
            "client_imports": _std_imports({n for t in bodies for n in types.python_types_in(t)} | {"cast"}),
            "server_imports_std": _std_imports(
                {n for t in bodies for n in types.python_types_in(t)} | {"Any", "Protocol", "Awaitable"}
            ),
            "runtime_imports": Code("_http, _runtime, models" if any(_mentions_any(t) for t in bodies) else "_http, _runtime"),
            "server_imports": Code("_runtime, _server, models" if any(_mentions_any(t) for t in bodies) else "_runtime, _server"),
            "prefix": _path_of(service.base_url),
            "variants": _CLIENT_VARIANTS,
        }
        for name in ("__init__.py", "client.py", "server.py"):
            files[f"{package}/{ident(service.python_name)}/{name}"] = env.get_template(f"service/{name}.jinja").render(**context)
    return files


def _std_imports(python_types: set[str]) -> list[Code]:
    """``from datetime import datetime, timedelta`` and the like, one line a module, sorted."""
    where = {**IMPORTS, **TEMPLATE_IMPORTS}
    modules = sorted({where[name] for name in python_types})
    return [Code(f"from {m} import {', '.join(sorted(n for n in python_types if where[n] == m))}") for m in modules]


def _mentions_any(t: TypeRef) -> bool:
    return t.kind is TypeKind.ANY or any(_mentions_any(inner) for inner in (t.item, t.key) if inner is not None)


def _models_view(api: Api, types: Types) -> dict[str, object]:
    """What models.py prints: enums, then contracts (bases first), with their fields."""
    fields = {
        c.qname: [FieldView(m.python_name, *types.field(m), types.metadata(m)) for m in c.members] for c in api.contracts
    }
    python_types = {name for c in api.contracts for m in c.members for name in types.python_types_in(m.type)}
    offset = any(m.type.primitive == "dateTimeOffset" and not m.nillable for c in api.contracts for m in c.members)
    runtime_names = (["MIN_DATETIME_OFFSET"] if offset else []) + (["WcfEnum"] if api.enums else [])
    imports = _std_imports(python_types)
    if runtime_names:  # a section of its own, after the standard library
        imports.append(Code(f"{chr(10) if imports else ''}from ._runtime import {', '.join(runtime_names)}"))
    return {
        "model_imports": imports,
        "fields": fields,
        "bases": {c.qname: types.classes[c.base] if c.base else None for c in api.contracts},
        "all_names": sorted([*(e.python_name for e in api.enums), *(c.python_name for c in api.contracts)]),
    }


@dataclass(frozen=True)
class _ClientVariant:
    name: Code
    base: Code
    adjective: Code
    async_: Code
    await_: Code


_CLIENT_VARIANTS = (
    _ClientVariant(*map(Code, ("Client", "SyncClient", "Synchronous", "", ""))),
    _ClientVariant(*map(Code, ("AsyncClient", "AsyncClient", "Asynchronous", "async ", "await "))),
)


@dataclass(frozen=True)
class _ServiceView:
    name: str
    python_name: str
    base_url: str
    operations: tuple[OperationView, ...]


def _path_of(base_url: str) -> str:
    return urlsplit(base_url).path.rstrip("/")

