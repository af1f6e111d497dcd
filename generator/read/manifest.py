"""The spec manifest (``wcfgen.toml``) that names an API, its package and its services."""

from __future__ import annotations

import keyword
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .. import spec_files
from ..errors import SpecError
from ..ir import Distribution

MANIFEST = spec_files.MANIFEST
AUTH_SCHEMES = ("k2",)  # "k2": HMAC-MD5 request signing (generates auth.K2Auth)
OPENAPI_FORMATS = ("json", "yaml")  # [api] openapi: the OpenAPI document written beside the package

# What an API's package and a service may be called; `wcfgen fetch` names them by the same rules.
PACKAGE_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")
SERVICE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")
# A distribution's name (PEP 508) and a public version in its canonical form (PEP 440).
DISTRIBUTION_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?")
VERSION = re.compile(r"\d+(?:\.\d+)*(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?")
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


@dataclass(frozen=True)
class OperationDecl:
    """What an operation's help page cannot show, declared in ``[services.<S>.operations.<Op>]``.

    - ``request = { a = "string", b = "int" }``: a wrapped request's parameters, in wire order;
    - ``response = "string"``: a wrapped response's result type;
    - ``namespace``: the service contract's namespace for wrapped bodies (default tempuri.org);
    - ``uri_template = "Files/{*path}"``: the declared template, when the page lost the
      variables' case or a wildcard's star (pages show ``Files/{PATH}``);
    - ``faults = { 400 = "ErrorInfo" }``: the detail types of ``WebFaultException<T>``
      answers by status, over the service's ``faults``.
    """

    namespace: str
    request: tuple[tuple[str, str], ...] | None
    response: str | None
    uri_template: str | None
    faults: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class ServiceEntry:
    name: str
    base_url: str
    operations: dict[str, OperationDecl] = field(default_factory=dict)
    faults: tuple[tuple[int, str], ...] = ()  # for every operation (theirs take precedence)


@dataclass(frozen=True)
class Manifest:
    name: str
    package: str
    title: str
    auth: str | None
    services: tuple[ServiceEntry, ...]
    distribution: Distribution | None = None
    openapi: str | None = None
    schemas: tuple[str, ...] = ()  # more schema files (paths in the spec folder), e.g. of faults
    example_tests: bool = False


def read_manifest(api_dir: Path) -> Manifest:
    file = api_dir / MANIFEST
    path = file.relative_to(api_dir.parent)  # as errors name it (see SpecError)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"cannot read the spec manifest: {exc}", file=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"invalid TOML: {exc}", file=path) from None

    api = _table(data, "api", path)
    name = _text(api, "name", path)
    package = _text(api, "package", path)
    if not PACKAGE_NAME.fullmatch(package) or keyword.iskeyword(package):
        raise SpecError(f"api.package {package!r} must be a lower-case Python package name", file=path)
    title = api.get("title", name)
    if not isinstance(title, str):
        raise SpecError("api.title must be a string", file=path)

    auth = api.get("auth")
    if auth not in (None, *AUTH_SCHEMES):
        raise SpecError(f"api.auth must be one of {', '.join(AUTH_SCHEMES)}", file=path)

    services = []
    for service_name, entry in sorted(_table(data, "services", path).items()):
        if not SERVICE_NAME.fullmatch(service_name):
            raise SpecError(f"service name {service_name!r} must be letters, digits and '_'", file=path)
        if not isinstance(entry, dict):
            raise SpecError(f"[services.{service_name}] must be a table", file=path)
        operations = entry.get("operations", {})
        if not isinstance(operations, dict):
            raise SpecError(f"[services.{service_name}.operations] must be a table", file=path)
        declared = {
            name: _operation(decl, f"services.{service_name}.operations.{name}", path) for name, decl in operations.items()
        }
        unknown = sorted(set(entry) - {"base_url", "operations", "faults"})
        if unknown:
            raise SpecError(f"[services.{service_name}] has unknown keys: {', '.join(unknown)}", file=path)
        faults = _faults(entry.get("faults"), f"services.{service_name}.faults", path)
        base_url = _base_url(_text(entry, "base_url", path), path)
        services.append(ServiceEntry(service_name, base_url, declared, faults))
    if not services:
        raise SpecError("the manifest lists no [services.<name>]", file=path)
    distribution = _distribution(api.get("distribution"), path)
    schemas = _schema_files(api.get("schemas", []), path)
    openapi = api.get("openapi")
    if openapi not in (None, *OPENAPI_FORMATS):
        raise SpecError(f"api.openapi must be one of {', '.join(map(repr, OPENAPI_FORMATS))}", file=path)
    example_tests = api.get("example_tests", False)
    if not isinstance(example_tests, bool):
        raise SpecError("api.example_tests must be true or false", file=path)
    return Manifest(
        name=name,
        package=package,
        title=title,
        auth=auth,
        services=tuple(services),
        distribution=distribution,
        openapi=openapi,
        schemas=schemas,
        example_tests=example_tests,
    )


_SCHEMA_FILE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]{0,127}\.xsd")


def _schema_files(value: object, path: Path) -> tuple[str, ...]:
    """``api.schemas = ["faults.xsd", "Shared/types.xsd"]``: files in the spec folder."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise SpecError("api.schemas must be a list of .xsd file names in the spec folder", file=path)
    for item in value:
        *folders, name = item.split("/")
        if not _SCHEMA_FILE.fullmatch(name) or not all(_NAME.fullmatch(folder) for folder in folders):
            raise SpecError(f"api.schemas: {item!r} must be a relative path to an .xsd file in the spec folder", file=path)
    return tuple(value)


def _faults(table: object, where: str, path: Path) -> tuple[tuple[int, str], ...]:
    """``faults = { 400 = "ErrorInfo", 404 = "NotFoundInfo" }``: status -> detail type name."""
    if table is None:
        return ()
    if not isinstance(table, dict):
        raise SpecError(f"{where} must be a table of status = type name", file=path)
    faults = []
    for key, type_name in table.items():
        if not (key.isascii() and key.isdigit() and 400 <= int(key) <= 599):
            raise SpecError(f"{where}: {key!r} is not an error status (400 to 599)", file=path)
        if not (isinstance(type_name, str) and _NAME.fullmatch(type_name)):
            raise SpecError(f"{where}.{key} must be a type name (a data contract of the schemas, or a primitive)", file=path)
        faults.append((int(key), type_name))
    return tuple(sorted(faults))


def _distribution(table: object, path: Path) -> Distribution | None:
    """``[api.distribution]``: ``name`` (required) and ``version`` (default 0.1.0)."""
    if table is None:
        return None
    if not isinstance(table, dict):
        raise SpecError("[api.distribution] must be a table", file=path)
    unknown = sorted(set(table) - {"name", "version"})
    if unknown:
        raise SpecError(f"[api.distribution] has unknown keys: {', '.join(unknown)}", file=path)
    name, version = table.get("name"), table.get("version", "0.1.0")
    if not isinstance(name, str) or not DISTRIBUTION_NAME.fullmatch(name):
        raise SpecError("api.distribution.name must be a distribution name (letters, digits, '.', '_', '-')", file=path)
    if not isinstance(version, str) or not VERSION.fullmatch(version):
        raise SpecError("api.distribution.version must be a version such as 1.0.0 (PEP 440)", file=path)
    return Distribution(name, version)


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}")


_OPERATION_KEYS = frozenset({"request", "response", "namespace", "uri_template", "faults"})


def _operation(decl: object, where: str, path: Path) -> OperationDecl:
    if not isinstance(decl, dict):
        raise SpecError(f"[{where}] must be a table", file=path)
    unknown = set(decl) - _OPERATION_KEYS
    if unknown:
        raise SpecError(f"[{where}] has unknown keys: {', '.join(sorted(unknown))}", file=path)
    template = decl.get("uri_template")
    if template is not None and not (isinstance(template, str) and _URL_CHARS.fullmatch(template.replace("{", "").replace("}", ""))):
        raise SpecError(f"{where}.uri_template must be a URI template", file=path)
    namespace = decl.get("namespace", "http://tempuri.org/")
    request = decl.get("request")
    response = decl.get("response")
    if not isinstance(namespace, str) or not _URL_CHARS.fullmatch(namespace):
        raise SpecError(f"{where}.namespace must be a namespace URI", file=path)
    if request is not None and not (
        isinstance(request, dict) and all(_NAME.fullmatch(k) and isinstance(v, str) and _NAME.fullmatch(v) for k, v in request.items())
    ):
        raise SpecError(f"{where}.request must map parameter names to type names", file=path)
    if response is not None and not (isinstance(response, str) and _NAME.fullmatch(response)):
        raise SpecError(f"{where}.response must be a type name", file=path)
    parts = tuple(request.items()) if isinstance(request, dict) else None
    return OperationDecl(namespace, parts, response, template, _faults(decl.get("faults"), f"{where}.faults", path))


def _table(data: dict[str, object], key: str, path: Path) -> dict[str, object]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise SpecError(f"missing [{key}] table", file=path)
    return value


def _text(table: dict[str, object], key: str, path: Path) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value:
        raise SpecError(f"{key!r} must be a non-empty string", file=path)
    return value


def _base_url(url: str, path: Path) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or not _URL_CHARS.fullmatch(url):
        raise SpecError(f"base_url {url!r} must be an absolute http(s) URL", file=path)
    if parts.query or parts.fragment:
        raise SpecError(f"base_url {url!r} must not have a query or fragment", file=path)
    return url.rstrip("/")
