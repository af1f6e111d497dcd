"""The generated README's examples: a client and a server that run as pasted.

Both call or implement the first operation with real values of its types, import exactly
what they name, and are laid out as ``ruff format`` leaves them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..ir import Api, BodyKind, Operation, Service, TypeKind, TypeRef
from . import layout
from .escape import Code, ident
from .service import RAW_BODIES, Variables, body_params, body_view, signature
from .types import Types

_VALUES = {
    "str": '"text"', "bytes": 'b"data"', "bool": "True", "int": "1", "float": "1.5", "object": '"text"',
    "Decimal": 'Decimal("1.5")', "UUID": "UUID(int=1)", "datetime": "datetime(2024, 1, 1)",
    "timedelta": "timedelta(seconds=1)",
}  # fmt: skip
_MODULES = {"Decimal": "decimal", "UUID": "uuid", "datetime": "datetime", "timedelta": "datetime"}


@dataclass
class Imports:
    """What an example names: standard-library types, the package's models and its root names."""

    std: set[str] = field(default_factory=set)
    models: set[str] = field(default_factory=set)
    package: set[str] = field(default_factory=set)
    asyncio: bool = False
    modules: set[str] = field(default_factory=set)  # ``import logging``, ``import httpx``

    def lines(self, api: Api, *extra: tuple[str, str]) -> list[str]:
        """The import block, sorted as isort does: ``import x`` first, then ``from``
        imports; ``extra``: more (module, name) pairs from the package (a third-party
        section, with ``httpx``: where the snippet is pasted, the package is not known)."""
        modules = sorted({_MODULES[name] for name in self.std})
        std = [f"import {m}" for m in sorted(self.modules - {"httpx"} | ({"asyncio"} if self.asyncio else set()))]
        std += [layout.import_from(m, sorted(n for n in self.std if _MODULES[n] == m)) for m in modules]
        package = ident(api.package)
        own: dict[str, list[str]] = {}
        if self.package:
            own[package] = sorted(self.package)
        for module, name in extra:
            own.setdefault(module, []).append(name)
        if self.models:
            own[f"{package}.models"] = sorted(self.models)
        own_lines = ["import httpx"] if "httpx" in self.modules else []
        own_lines += [layout.import_from(module, own[module]) for module in sorted(own)]
        return [*std, *([""] if std and own_lines else []), *own_lines]

    def annotation(self, types: Types, t: TypeRef | None) -> None:
        if t is not None:
            self.models |= types.classes_in(t)
            self.std |= types.python_types_in(t)


def _value(types: Types, t: TypeRef | None, imports: Imports) -> str:
    """A value of type ``t`` (a ``RawBody`` when there is none)."""
    if t is None:
        imports.package.add("RawBody")
        return 'RawBody(b"data")'
    if t.kind is TypeKind.PRIMITIVE:
        python = str(types.annotation(t))
        if python in _MODULES:
            imports.std.add(python)
        return _VALUES[python]
    if t.kind is TypeKind.CONTRACT:
        imports.models.add(types.class_of(t))
        return f"{types.class_of(t)}()"
    if t.kind is TypeKind.ENUM:
        assert t.qname is not None
        enum = types.enums[t.qname]
        imports.models.add(enum.python_name)
        return f"{ident(enum.python_name)}.{ident(enum.members[0].python_name)}"
    return {TypeKind.FLAGS: "frozenset()", TypeKind.LIST: "[]", TypeKind.DICT: "{}"}.get(t.kind, '"text"')


def arguments(types: Types, op: Operation, imports: Imports) -> list[str]:
    args = ['"1"' for _ in Variables.of(op).required]
    body = op.request
    if body.parts:
        args += [_value(types, part.type, imports) for part in body.parts]
    elif body.kind in RAW_BODIES:
        args.append(_value(types, None, imports))
    elif body.kind is not BodyKind.EMPTY:
        args.append(_value(types, body.type, imports))
    return args


def client_example(api: Api, types: Types, service: Service) -> Code:
    op = service.operations[0]
    imports = Imports()
    call = f"client.{ident(op.python_name)}({', '.join(arguments(types, op, imports))})"
    options = 'auth=K2Auth("user", "password")' if api.auth == "k2" else ""
    imports.asyncio = True
    module = f"{ident(api.package)}.{ident(service.python_name)}"
    extra = [(module, "AsyncClient"), (module, "Client")]
    if api.auth == "k2":
        extra.append((f"{ident(api.package)}.auth", "K2Auth"))
    lines = [
        *imports.lines(api, *extra),
        "",
        '# XML by default; Client(wire_format="json") speaks JSON',
        layout.expression(f"Client({options})", 0, "with ", " as client:"),
        "    " + layout.expression(call, 4, "result = ", statement=True),
        "    print(result)",
        "",
        "",
        "async def main() -> None:",
        "    " + layout.expression(f"AsyncClient({options})", 4, "async with ", " as client:"),
        "        " + layout.expression(f"await {call}", 8, "result = ", statement=True),
        "        print(result)",
        "",
        "",
        "asyncio.run(main())",
    ]
    return Code("\n".join(lines))


def server_example(api: Api, types: Types, service: Service) -> Code:
    """``MyService`` with the first operation (reading and setting headers through its
    context, raising a ``WebFault`` when asked to) and the first with a Stream answer."""
    imports = Imports()
    first = service.operations[0]
    methods = _server_method(types, first, imports, context=True)
    for op in dict.fromkeys(o for o in (streaming_operation(service), upload_operation(service)) if o):
        if op is not first:
            methods += ["", *_server_method(types, op, imports, context=False)]
    server = f"{ident(api.package)}.{ident(service.python_name)}.server"
    lines = [
        *imports.lines(api, (server, "RequestContext"), (server, "WebFault"), (server, "create_app")),
        "",
        "",
        "class MyService:  # satisfies the Service protocol; methods may be async",
        *methods,
        "",
        "",
        "app = create_app(MyService())  # run with: uvicorn module:app",
    ]
    return Code("\n".join(lines))


def streaming_operation(service: Service) -> Operation | None:
    """The first operation answering a Stream: the README's streaming example calls it."""
    return next((op for op in service.operations if op.response.kind in RAW_BODIES and not op.response.parts), None)


def upload_operation(service: Service) -> Operation | None:
    """The first operation taking a Stream body: the README's streaming example calls it."""
    return next((op for op in service.operations if op.request.kind in RAW_BODIES and not op.request.parts), None)


def _server_method(types: Types, op: Operation, imports: Imports, *, context: bool) -> list[str]:
    variables = Variables.of(op)
    request = body_view(types, op.request, request=True)
    server_request = types.optional(op.request.type) if op.request.type else request.annotation
    params: list[tuple[str, str | None]] = [("self", None)]
    params += [(ident(v.python_name), "str") for v in variables.required + variables.defaulted]
    for name, annotation in body_params(op, types, server_request):
        params.append((ident(name), annotation))
    params += [(ident(v.python_name), "str | None") for v in variables.query]
    params.append(("/", None))
    if context:
        params += [("*", None), ("context", "RequestContext | None")]
    for t in (op.request.type, *(p.type for p in op.request.parts), op.response.type):
        imports.annotation(types, t)
    returns = body_view(types, op.response).annotation
    if op.response.kind is BodyKind.EMPTY:
        value = "None"
    elif op.response.parts:
        value = _value(types, op.response.parts[0].type, imports)
    elif op.response.kind in RAW_BODIES:
        imports.package.add("RawBody")
        value = 'RawBody(b"data" * 1000)'
    else:
        value = _value(types, op.response.type, imports)
    if "_runtime.RawBody" in (returns, *(a for _, a in params)):
        imports.package.add("RawBody")
    params = [(name, a.replace("_runtime.RawBody", "RawBody") if a else a) for name, a in params]
    returns = Code(returns.replace("_runtime.RawBody", "RawBody"))
    head = signature(f"def {ident(op.python_name)}", params, returns, 4, {"context": "None"})
    lines = ["    " + head]
    if context:
        fault = _fault_value(types, op, imports)
        lines += [
            "        # optional: the request's headers; the answer's headers and status",
            "        if context is not None:",
            '            request_id = context.headers.get("x-request-id", "-")',
            '            context.response_headers["X-Request-Id"] = request_id',
            '            if "x-fail" in context.headers:',
            "                # what WCF sends for a WebFaultException<T>",
            "                " + layout.expression(fault, 16, "raise ", statement=True),
        ]
    if not (context and value == "None"):  # a void method needs no return after the context's lines
        lines.append("        " + layout.expression(value, 8, "return ", statement=True))
    return lines


def _fault_value(types: Types, op: Operation, imports: Imports) -> str:
    """``WebFault(400)``, or with a value of the first fault detail the operation declares."""
    declared = next((f for f in op.faults if f.type is not None), None)
    if declared is None:
        return "WebFault(400)"
    return f"WebFault({declared.status}, {_value(types, declared.type, imports)})"
