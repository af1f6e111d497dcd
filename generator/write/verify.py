"""Check generated Python before it is written, let alone imported.

Every module must compile and import only from an allow-list (relative imports stay
inside the package). The runtime modules (``_runtime/``: wcfgen's own source, the same
for every spec but for their header) need nothing more. The modules a
spec shapes must also be made only of what their templates produce: module-level
imports, definitions and assignments of literals or codec descriptors; in
``models.py`` dataclasses whose fields are literals. A spec string that escaped its
literal would show up here as a call, a name or an import that no template writes,
and the generation stops.
"""

from __future__ import annotations

import ast
from pathlib import PurePosixPath

from ..errors import UnsafeOutputError

ALLOWED_IMPORTS = frozenset(
    {
        "__future__", "base64", "binascii", "collections.abc", "contextvars", "dataclasses", "decimal", "hashlib", "hmac",
        "inspect", "json", "logging", "math", "re", "struct", "sys", "types", "typing", "urllib.parse", "uuid", "datetime",
        "enum", "xml.etree.ElementTree", "xml.parsers.expat", "zlib", "httpx", "anyio", "fastapi", "fastapi.responses",
        "starlette.concurrency", "starlette.exceptions", "starlette.requests",
        # the client's and the server's plumbing (httpcore: httpx's own connection pool)
        "asyncio", "contextlib", "email.utils", "functools", "random", "threading", "time",
        "urllib.request", "httpcore", "starlette.datastructures", "starlette.types",
        # the server stub's OpenAPI examples, package data read when the document is built
        "importlib.resources",
        # the opt-in example tests ([api] example_tests)
        "pytest", "fastapi.testclient",
    }
)  # fmt: skip
RUNTIME_PACKAGE = "_runtime"  # <package>/_runtime/*.py: wcfgen's own runtime, copied verbatim
_FORBIDDEN_NAMES = frozenset(
    {
        "__builtins__", "__import__", "breakpoint", "compile", "delattr", "eval", "exec", "exit", "getattr",
        "globals", "input", "locals", "open", "quit", "setattr", "vars",
    }
)  # fmt: skip
_DESCRIPTORS = frozenset(
    {"_client.Operation", "_client.Fault"}
    | {
        f"_runtime.{name}"
        for name in (
            "ContractCodec", "PrimitiveCodec", "EmptyCodec", "RawCodec", "RootCodec", "ScalarNode", "DateTimeOffsetNode",
            "ContractNode", "EnumNode", "FlagsNode", "ListNode", "DictNode", "AnyNode", "WrappedCodec",
        )
    }
)  # fmt: skip
# a data contract, and an IsReference contract (its == and repr are WcfReference's)
_CONTRACT_DECORATORS = (["dataclass(kw_only=True)"], ["dataclass(kw_only=True, eq=False, repr=False)"])
_DEFAULT_FACTORIES = frozenset({"Decimal", "UUID", "datetime", "timedelta", "frozenset"})
_DEFAULT_NAMES = frozenset({"MIN_DATETIME_OFFSET"})
_MODULE_STATEMENTS = (ast.Import, ast.ImportFrom, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef, ast.Assign, ast.AnnAssign)


def verify_python(path: str, source: str) -> None:
    try:
        tree = ast.parse(source, filename=path)
        compile(tree, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        raise UnsafeOutputError(f"generated code does not compile: {exc}", file=path) from None
    if PurePosixPath(path).parent.name == RUNTIME_PACKAGE:
        _check_imports(path, tree)
        return
    _check_module_body(path, tree)
    _check_imports_and_names(path, tree)
    if PurePosixPath(path).name == "models.py":
        _check_models(path, tree)


def _fail(path: str, node: ast.AST, what: str) -> UnsafeOutputError:
    return UnsafeOutputError(f"generated code has {what}", file=path, line=getattr(node, "lineno", None))


def _check_imports(path: str, tree: ast.Module) -> None:
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            _check_import(path, node)


def _check_import(path: str, node: ast.Import | ast.ImportFrom) -> None:
    if isinstance(node, ast.Import):
        modules = [alias.name for alias in node.names]
    elif node.level == 0:
        modules = [node.module or ""]
    else:
        return
    for module in modules:
        if module not in ALLOWED_IMPORTS:
            raise _fail(path, node, f"an import of {module!r}, which is not allowed")


def _check_imports_and_names(path: str, tree: ast.Module) -> None:
    """:func:`_check_imports` and :func:`_check_names` in one walk (a spec-shaped module can be megabytes)."""
    imports, name, attribute = (ast.Import, ast.ImportFrom), ast.Name, ast.Attribute
    for node in ast.walk(tree):
        kind = type(node)
        if kind is name:
            if node.id in _FORBIDDEN_NAMES:  # type: ignore[attr-defined]
                raise _fail(path, node, f"a reference to {node.id}")  # type: ignore[attr-defined]
        elif kind is attribute:
            attr = node.attr  # type: ignore[attr-defined]
            if attr.startswith("__") and attr.endswith("__"):
                raise _fail(path, node, f"an access to {attr}")
        elif kind in imports:
            _check_import(path, node)  # type: ignore[arg-type]


def _body(tree: ast.Module | ast.ClassDef) -> list[ast.stmt]:
    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        return body[1:]  # the docstring
    return body


def _check_module_body(path: str, tree: ast.Module) -> None:
    for statement in _body(tree):
        if not isinstance(statement, _MODULE_STATEMENTS):
            raise _fail(path, statement, f"an unexpected {type(statement).__name__} statement at module level")
        if isinstance(statement, ast.Assign) and not _is_module_value(statement.value):
            raise _fail(path, statement, "a module-level assignment of something other than a literal or a codec")
        if isinstance(statement, ast.AnnAssign) and not (statement.value is not None and _is_literal(statement.value)):
            raise _fail(path, statement, "a module-level annotated assignment of something other than a literal")


def _is_literal(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, (ast.List, ast.Tuple)):
        return all(_is_literal(item) for item in node.elts)
    if isinstance(node, ast.Dict):
        return all(key is not None and _is_literal(key) for key in node.keys) and all(_is_literal(v) for v in node.values)
    return False


def _is_module_value(node: ast.expr) -> bool:
    if _is_literal(node):
        return True
    if isinstance(node, (ast.Tuple, ast.List)):
        return all(_is_module_value(item) for item in node.elts)
    if isinstance(node, ast.Dict):  # a fault table: status -> descriptor
        return all(isinstance(key, ast.Constant) for key in node.keys) and all(_is_module_value(v) for v in node.values)
    if isinstance(node, ast.Call) and ast.unparse(node.func) in _DESCRIPTORS:
        keywords_ok = all(k.arg is not None and isinstance(k.value, (ast.Constant, ast.Name)) for k in node.keywords)
        return keywords_ok and all(_is_literal(arg) or isinstance(arg, ast.Name) or _is_module_value(arg) for arg in node.args)
    return False


def _check_names(path: str, tree: ast.Module) -> None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in _FORBIDDEN_NAMES:
            raise _fail(path, node, f"a reference to {node.id}")
        if isinstance(node, ast.Attribute) and node.attr.startswith("__") and node.attr.endswith("__"):
            raise _fail(path, node, f"an access to {node.attr}")


def _check_models(path: str, tree: ast.Module) -> None:
    """``models.py``: enums of literals, and dataclasses with a ``Meta`` of literals and literal fields."""
    enums: set[str] = set()
    for statement in _body(tree):
        if isinstance(statement, ast.ClassDef) and [ast.unparse(b) for b in statement.bases] == ["WcfEnum"]:
            _check_enum(path, statement)
            enums.add(statement.name)
        elif isinstance(statement, ast.ClassDef):
            _check_contract(path, statement, enums)
        elif not isinstance(statement, (ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign)):
            raise _fail(path, statement, "a statement no model template writes")


def _check_enum(path: str, cls: ast.ClassDef) -> None:
    if cls.decorator_list or cls.keywords:
        raise _fail(path, cls, f"an unexpected definition of enum {cls.name}")
    for statement in _body(cls):
        value = statement.value if isinstance(statement, ast.Assign) else None
        if not (isinstance(value, ast.Tuple) and _is_literal(value) and len(value.elts) == 2):
            raise _fail(path, statement, f"an enum member of {cls.name} that is not a (name, number) literal")


def _check_contract(path: str, cls: ast.ClassDef, enums: set[str]) -> None:
    bases_ok = all(isinstance(base, ast.Name) for base in cls.bases) and len(cls.bases) <= 1
    if [ast.unparse(d) for d in cls.decorator_list] not in _CONTRACT_DECORATORS or not bases_ok or cls.keywords:
        raise _fail(path, cls, f"an unexpected definition of class {cls.name}")
    for statement in _body(cls):
        if isinstance(statement, ast.ClassDef) and statement.name == "Meta" and not statement.decorator_list:
            if not all(isinstance(s, ast.Assign) and _is_literal(s.value) for s in statement.body):
                raise _fail(path, statement, "a Meta class with more than literals")
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            if not _is_field(statement.value, enums):
                raise _fail(path, statement, f"an unexpected value for field {statement.target.id}")
        else:
            raise _fail(path, statement, f"a statement no model template writes in class {cls.name}")


def _is_field(node: ast.expr | None, enums: set[str]) -> bool:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "field" and not node.args):
        return False
    for keyword in node.keywords:
        value = keyword.value
        if keyword.arg == "metadata" and _is_literal(value):
            continue
        if keyword.arg == "default" and (_is_literal(value) or _is_default_factory(value) or _is_named_default(value, enums)):
            continue
        return False
    return True


def _is_named_default(node: ast.expr, enums: set[str]) -> bool:
    """``MIN_DATETIME_OFFSET``, a member of an enum defined above (``Color.RED``), or its
    pseudo-member for a number (``Level.from_number(0)``)."""
    if isinstance(node, ast.Name):
        return node.id in _DEFAULT_NAMES
    if isinstance(node, ast.Call) and not node.keywords and len(node.args) == 1:
        number = node.args[0]
        if not (isinstance(number, ast.Constant) and type(number.value) is int):
            return False
        node = node.func
        if not (isinstance(node, ast.Attribute) and node.attr == "from_number"):
            return False
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in enums


def _is_default_factory(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _DEFAULT_FACTORIES
        and all(_is_literal(arg) for arg in node.args)
        and all(_is_literal(k.value) for k in node.keywords)
    )
