"""Stage 3: render the intermediate model into the files of a Python package.

``templates/package`` holds the package's files and ``templates/service`` a
service sub-package's, file for file. Templates only see the model and the small
views built here, and may only print values through an escaping filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

import generator
from generator.errors import SpecError
from generator.ir import Api, Body, BodyKind, Member, Operation
from generator.names import METHOD_RESERVED, snake_name
from generator.render.escape import Code, comment, docstring, finalize, ident, markdown, pystr

# Python type and default of each primitive; ``None`` marks a reference type (nullable in .NET).
_PY_TYPES: dict[str, tuple[str, str | None]] = {
    "string": ("str", None),
    "anyURI": ("str", None),
    "base64Binary": ("bytes", None),
    "boolean": ("bool", "False"),
    "double": ("float", "0.0"),
    "float": ("float", "0.0"),
    "decimal": ("Decimal", 'Decimal("0")'),
    "guid": ("UUID", "UUID(int=0)"),
    **{name: ("int", "0") for name in ("byte", "short", "int", "long", "unsignedByte", "unsignedShort", "unsignedInt", "unsignedLong")},
}
_IMPORTS = {"Decimal": "from decimal import Decimal", "UUID": "from uuid import UUID"}
_SUPPORTED_BODIES = (BodyKind.EMPTY, BodyKind.DATA_CONTRACT, BodyKind.PRIMITIVE)


def templates_dir() -> Path:
    """Inside the wheel the templates sit in the package; in a checkout, beside it."""
    bundled = Path(generator.__file__).parent / "templates"
    return bundled if bundled.is_dir() else Path(generator.__file__).parent.parent / "templates"


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
class PyType:
    annotation: Code
    default: Code


def py_type(member: Member) -> PyType:
    assert member.type.primitive is not None
    name, default = _PY_TYPES[member.type.primitive]
    if default is None or member.nillable:
        return PyType(Code(f"{name} | None"), Code("None"))
    return PyType(Code(name), Code(default))


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
    request_arg: str | None
    request_type: Code
    request_codec: Code | None
    response_type: Code
    response_codec: Code
    request_type_md: Code
    response_type_md: Code
    request_xml_example: str | None
    request_json_example: str | None
    response_xml_example: str | None
    response_json_example: str | None


def _body_type(api: Api, body: Body, op: Operation) -> tuple[Code, Code | None]:
    """The Python type of a body and the codec expression that reads and writes it."""
    if body.kind not in _SUPPORTED_BODIES:
        raise SpecError(f"operation {op.name}: {body.kind} bodies are not supported yet", file=op.source.file, line=op.source.line)
    if body.kind is BodyKind.EMPTY:
        return Code("None"), None
    assert body.type is not None
    if body.type.primitive is not None:
        name, _ = _PY_TYPES[body.type.primitive]
        return Code(name), Code(f"_runtime.PrimitiveCodec({pystr(body.type.primitive)}, {name})")
    contract = next(c for c in api.contracts if c.qname == body.type.contract)
    return ident(contract.python_name), Code(f"_runtime.ContractCodec({ident(contract.python_name)})")


def _request_arg(op: Operation, request_type: str) -> str:
    return snake_name(request_type, METHOD_RESERVED) if op.request.kind is BodyKind.DATA_CONTRACT else "value"


def _operation_view(api: Api, op: Operation) -> OperationView:
    request_type, request_codec = _body_type(api, op.request, op)
    response_type, response_codec = _body_type(api, op.response, op)
    if response_codec is None:
        response_codec = Code("_runtime.EmptyCodec()")
    summary, _, details = op.description.strip().partition("\n")
    return OperationView(
        name=op.name,
        python_name=op.python_name,
        method=op.method,
        path=op.uri_template,
        summary=summary.strip() or f"Call the {op.name} operation.",
        details=details.strip(),
        const=Code("_" + op.python_name.upper()),
        request_arg=_request_arg(op, request_type) if request_codec else None,
        request_type=request_type,
        request_codec=request_codec,
        response_type=response_type,
        response_codec=response_codec,
        request_type_md=Code(f"`{request_type}`" if request_codec else "—"),
        response_type_md=Code(f"`{response_type}`"),
        request_xml_example=op.request.xml_example,
        request_json_example=op.request.json_example,
        response_xml_example=op.response.xml_example,
        response_json_example=op.response.json_example,
    )


def header(api: Api, *, line_comment: str = "# ") -> Code:
    return Code(
        f"{line_comment}Generated by wcfgen {generator.__version__} from the {comment(api.name)!r} spec "
        f"(sha256 {api.spec_hash}). Do not edit."
    )


def render_api(api: Api) -> dict[str, str]:
    """All files of the API's package, by path relative to the output folder."""
    env = _environment()
    package = ident(api.package)
    api_has_auth = api.auth == "k2"
    services = [(service, [_operation_view(api, op) for op in service.operations]) for service in api.services]
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
    for name in package_templates:
        files[f"{package}/{name}"] = env.get_template(f"package/{name}.jinja").render(
            **common, model_imports=_model_imports(api), py_type=py_type
        )
    files[f"{package}/py.typed"] = ""
    for service, ops in services:
        imports = sorted({str(op.request_type) for op in ops if op.request_arg and op.request_arg != "value"} | {
            str(op.response_type) for op in ops if _is_contract(api, op.response_type)
        })
        context = {
            **common,
            "service": service,
            "operations": ops,
            "contract_imports": [Code(name) for name in imports],
            "prefix": _path_of(service.base_url),
            "variants": _CLIENT_VARIANTS,
        }
        for name in ("__init__.py", "client.py", "server.py"):
            files[f"{package}/{ident(service.python_name)}/{name}"] = env.get_template(f"service/{name}.jinja").render(**context)
    return files


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


def _is_contract(api: Api, type_name: str) -> bool:
    return any(c.python_name == type_name for c in api.contracts)


def _model_imports(api: Api) -> list[Code]:
    names = {py_type(m).annotation.split(" ")[0] for c in api.contracts for m in c.members}
    return [Code(_IMPORTS[name]) for name in sorted(names) if name in _IMPORTS]


def _path_of(base_url: str) -> str:
    return urlsplit(base_url).path.rstrip("/")

