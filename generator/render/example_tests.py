"""The opt-in ``tests/test_examples.py`` of a package (``[api] example_tests = true``): the help
pages' own examples as pytest tests of the generated client and server stub.

Per operation and wire format with examples: the response example, answered by an
``httpx.MockTransport``, must decode through the client to the type the method returns
(called with the request example's value); the request example, posted to the server stub
(FastAPI's ``TestClient``), must reach the service as the value it decodes to. The examples
are the ones :mod:`wcfgen.conventions` says a binding can read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..conventions import UsableExamples
from ..ir import Api, Body, BodyKind, Operation, Service, TypeKind
from . import layout
from .escape import Code, ident, pystr
from .service import Variables, operation_constant, signature
from .types import IMPORTS, Types

_TESTED = (BodyKind.DATA_CONTRACT, BodyKind.PRIMITIVE)
_BUILTIN_TYPES = {TypeKind.LIST: "list", TypeKind.DICT: "dict", TypeKind.FLAGS: "frozenset"}
_VARIABLE = re.compile(r"\{[^}]*\}")
WIRE_FORMATS = ("xml", "json")


@dataclass(frozen=True)
class _Test:
    """One test function: its parametrized formats, head and body lines, laid out."""

    formats: Code  # the parametrize list: ["xml", "json"]
    head: Code
    body: tuple[Code, ...]
    operation: str
    side: str  # "client" or "server"
    what: Code  # for the docstring


@dataclass
class ExampleTests:
    """What ``tests/test_examples.py`` prints."""

    examples: list[Code] = field(default_factory=list)  # the entries of EXAMPLES, one a line
    std_imports: list[Code] = field(default_factory=list)
    models: set[str] = field(default_factory=set)  # classes the isinstance checks name
    clients: list[Code] = field(default_factory=list)  # service modules whose clients are tested
    servers: list[Code] = field(default_factory=list)  # service modules whose server stubs are tested
    tests: list[_Test] = field(default_factory=list)


def example_tests(api: Api, types: Types) -> ExampleTests:
    usable, found, std = UsableExamples(api), ExampleTests(), set[str]()
    for service in api.services:
        module = ident(service.python_name)
        for op in service.operations:
            examples = _examples(op, usable)
            tests = _tests(service, op, types, examples, found.models, std)
            if not tests:
                continue
            found.tests += tests
            found.examples += [Code(f"    {pystr(f'{op.name} {d} {f}')}: {pystr(text)},") for (d, f), text in sorted(examples.items())]
            if any(test.side == "client" for test in tests) and module not in found.clients:
                found.clients.append(module)
            if any(test.side == "server" for test in tests) and module not in found.servers:
                found.servers.append(module)
    names = {name: IMPORTS[name] for name in std}
    if found.servers:
        names |= {"Callable": "collections.abc", "ModuleType": "types", "Any": "typing"}
    modules = sorted(set(names.values()))
    found.std_imports = [Code(layout.import_from(m, sorted(n for n in names if names[n] == m))) for m in modules]
    return found


def _examples(op: Operation, usable: UsableExamples) -> dict[tuple[str, str], str]:
    """(direction, format) → example, for the bodies a binding decodes (no raw or wrapped ones)."""
    found = {}
    for direction, body in (("request", op.request), ("response", op.response)):
        if body.kind in _TESTED and not body.parts:
            for wire_format, text in zip(WIRE_FORMATS, usable.of(body), strict=True):
                if text is not None:
                    found[direction, wire_format] = text
    return found


def _testable(body: Body) -> bool:
    return body.kind is BodyKind.EMPTY or (body.kind in _TESTED and not body.parts)


def _tests(
    service: Service, op: Operation, types: Types, examples: dict[tuple[str, str], str], models: set[str], std: set[str]
) -> list[_Test]:
    if not (_testable(op.request) and _testable(op.response)):
        return []  # raw bytes: a stream, or a body the page does not describe
    request, response = op.request.kind is not BodyKind.EMPTY, op.response.kind is not BodyKind.EMPTY
    client = [f for f in WIRE_FORMATS if ("response", f) in examples and (not request or ("request", f) in examples)]
    server = [f for f in WIRE_FORMATS if ("request", f) in examples and (not response or ("response", f) in examples)]
    name, variables = ident(op.python_name), Variables.of(op)
    tests = []
    if client:
        head = signature(f"def test_{name}_client_reads_the_response_examples", [("wire_format", "WireFormat")], "None", 0)
        body = _client_body(service, op, request, variables, _isinstance(op.response, types, models, std))
        what = Code("the response examples decode through the client")
        tests.append(_Test(_formats(client), head, body, op.name, "client", what))
    if server:
        fixture = f"_{ident(service.python_name)}_server"
        head = signature(
            f"def test_{name}_server_reads_the_request_examples", [(fixture, "ModuleType"), ("wire_format", "WireFormat")], "None", 0
        )
        body = _server_body(service, op, fixture, response, variables)
        what = Code("the request examples reach the service through the server stub")
        tests.append(_Test(_formats(server), head, body, op.name, "server", what))
    return tests


def _formats(formats: list[str]) -> Code:
    return Code(f"[{', '.join(pystr(f) for f in formats)}]")


def _client_body(service: Service, op: Operation, request: bool, variables: Variables, check: str | None) -> tuple[Code, ...]:
    module, const = f"_{ident(service.python_name)}", operation_constant(op)
    lines = []
    if request:
        lines.append(_assign("request", f"{module}.{const}_REQUEST.decode({_example(op, 'request')}, wire_format)", 4))
        lines.append("    assert request is not None")
    lines.append(_assign("response", _example(op, "response"), 4))
    opening = f"{module}.Client(wire_format=wire_format, transport=_answering(response, wire_format))"
    lines.append("    " + layout.expression(opening, 4, "with ", " as client:"))
    arguments = ['"1"' for _ in variables.required] + (["request"] if request else [])
    lines.append(_assign("result", f"client.{ident(op.python_name)}({', '.join(arguments)})", 8))
    lines.append(_assign("expected", f"{module}.{const}.response.decode(response, wire_format)", 4))
    lines.append("    assert result == expected")
    if check is not None:
        lines.append(_statement("assert ", check, 4))
    return tuple(Code(line) for line in lines)


def _server_body(service: Service, op: Operation, fixture: str, response: bool, variables: Variables) -> tuple[Code, ...]:
    const = operation_constant(op)
    answer = f"{fixture}.{const}_RESPONSE.decode({_example(op, 'response')}, wire_format)" if response else "None"
    target = f"({pystr(op.method)}, {pystr(_route(service, op))})"
    # the service gets the path variables, the body, then the query variables (absent: None)
    arguments = ['"1"' for _ in variables.path] + [f"{fixture}.{const}_REQUEST.decode(request, wire_format)"]
    arguments += ["None" for _ in variables.query]
    lines = [
        _assign("request", _example(op, "request"), 4),
        _assign("answer", answer, 4),
        _assign("calls", f"_send({fixture}, {target}, request, wire_format, answer)", 4),
        _assign("expected", f"[({pystr(op.python_name)}, {_tuple(arguments)})]", 4),
        "    assert calls == expected",
    ]
    return tuple(Code(line) for line in lines)


def _tuple(items: list[str]) -> str:
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def _example(op: Operation, direction: str) -> str:
    return f"_example({pystr(op.name)}, {pystr(direction)}, wire_format)"


def _assign(target: str, value: str, indent: int) -> str:
    return _statement(f"{target} = ", value, indent)


def _statement(prefix: str, value: str, indent: int) -> str:
    return " " * indent + layout.expression(value, indent, prefix, statement=True)


def _isinstance(body: Body, types: Types, models: set[str], std: set[str]) -> str | None:
    """What the method's return type says of ``result`` (None: nothing, for ``object``)."""
    t = body.type
    if body.kind is BodyKind.EMPTY or t is None:
        return "result is None"
    if t.kind in (TypeKind.CONTRACT, TypeKind.ENUM):
        name = str(types.class_of(t))
        models.add(name)
        return f"isinstance(result, {name})"
    if t.kind in _BUILTIN_TYPES:
        return f"isinstance(result, {_BUILTIN_TYPES[t.kind]})"
    if t.kind is TypeKind.PRIMITIVE:
        python = str(types.annotation(t))
        if python in IMPORTS:
            std.add(python)
        return f"isinstance(result, {python})"
    return None


def _route(service: Service, op: Operation) -> str:
    """The operation's URL path on the server stub, each path variable ``1``."""
    prefix = urlsplit(service.base_url).path.rstrip("/")
    return f"{prefix}/{_VARIABLE.sub('1', op.uri_template.split('?', 1)[0])}"
