"""Check generated Python before it is written, let alone imported.

Every module must compile and import only from an allow-list (relative imports stay
inside the package). The runtime modules (``_runtime/``: wcfgen's own source, the same
for every spec but for their header) need nothing more. The modules a
spec shapes must also be made only of what their templates produce: module-level
imports, definitions and assignments of literals or codec descriptors; in
``models.py`` dataclasses whose fields are literals. A spec string that escaped its
literal would show up here as a call, a name or an import that no template writes,
and the generation stops.

A module is checked a statement at a time (:mod:`.chunks` says why that is the same check), each
statement that passed remembered by its content: a one-page edit re-checks what it changed, and
no module's whole syntax tree is held. :func:`_verify_module`, the whole-module check, names every
error, and takes over when a piece does not parse alone.
"""

from __future__ import annotations

import ast
from pathlib import PurePosixPath

from ..errors import UnsafeOutputError
from .chunks import FUTURE_FLAGS, Chunk, Verified, digest, parse_piece, split_module

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
_MODULE_STATEMENTS = (ast.Import, ast.ImportFrom, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef, ast.Assign, ast.AnnAssign)  # fmt: skip
_DECLARATIONS = (ast.Global, ast.Nonlocal)


def verify_python(path: str, source: str, verified: Verified | None = None) -> None:
    """Refuse ``source`` unless it passes the checks above. It is verified a statement at a time
    (:mod:`.chunks`), each remembered in ``verified`` once it passes; an error, or a piece that does
    not parse alone, and the whole module is verified at once: an error is always what that gives."""
    kind = _kind(path)
    try:
        whole = not _verify_pieces(path, kind, source, verified if verified is not None else Verified())
    except UnsafeOutputError:
        _verify_module(path, kind, source)  # raises the error, with the line, that the whole module gives
        raise UnsafeOutputError("generated code has a statement that fails verification", file=path) from None
    if whole:
        _verify_module(path, kind, source)


def _kind(path: str) -> str:
    pure = PurePosixPath(path)
    if pure.parent.name == RUNTIME_PACKAGE:
        return "runtime"
    return "models" if pure.name == "models.py" else "spec"


def _verify_module(path: str, kind: str, source: str) -> None:
    """The reference: the whole module parsed and checked at once."""
    try:
        tree = ast.parse(source, filename=path)
        compile(tree, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        raise UnsafeOutputError(f"generated code does not compile: {exc}", file=path) from None
    if kind == "runtime":
        _check_imports(path, tree)
        return
    _check_module_body(path, _body(tree))
    _check_imports_and_names(path, tree)
    if kind == "models":
        _check_models(path, _body(tree), set())


def _verify_pieces(path: str, kind: str, source: str, verified: Verified) -> bool:
    """Whether every piece of ``source`` passed (False: one did not parse alone). Facts that span
    pieces are checked here: ``__future__`` imports, and enums defined above the fields that name them."""
    flags, enums = 0, set()
    for index, chunk in enumerate(split_module(source)):
        facts = _verify_chunk(path, kind, chunk, index == 0, flags, verified)
        if facts is None:
            return False
        for fact in facts:
            what, _, name = fact.partition(":")
            if what == "needs" and name not in enums:
                raise UnsafeOutputError(f"generated code names enum {name} above its definition", file=path)
            if what == "enum":
                enums.add(name)
            if what == "future":
                if name not in FUTURE_FLAGS:
                    return False
                flags |= FUTURE_FLAGS[name]  # the rest of the module is compiled under them
    return True


def _verify_chunk(path: str, kind: str, chunk: Chunk, first: bool, flags: int, verified: Verified) -> list[str] | None:
    if chunk.members and (chunk.definition == "class" or kind == "spec"):  # models.py has no function
        facts = _verify_members(path, kind, chunk, flags, verified)
        if facts is not None:
            return facts
        # else a cut that did not parse (a method's docstring with a line at column 4): the definition whole
    return _piece(path, kind, "first" if first else "top", chunk.text, flags, verified)


def _verify_members(path: str, kind: str, chunk: Chunk, flags: int, verified: Verified) -> list[str] | None:
    header = _piece(path, kind, "header" if chunk.definition == "class" else "signature", chunk.header, flags, verified)
    if header is None:
        return None
    role = "enum" if any(fact.startswith("enum:") for fact in header) else "member"
    if chunk.definition == "def":
        role = "statement"
    needs: list[str] = []
    for index, member in enumerate(chunk.members):
        facts = _piece(
            path, kind, role + "/first" if index == 0 and role != "statement" else role, member, flags, verified
        )
        if facts is None:
            return None
        needs += facts
    return needs + header  # an enum is defined after its own members


def _piece(path: str, kind: str, role: str, text: str, flags: int, verified: Verified) -> list[str] | None:
    """The facts of a piece that passed (:func:`_check_piece`), from ``verified`` if it passed before."""
    key = digest(kind, role, flags, text)
    facts = verified.get(key)
    if facts is None:
        facts = _check_piece(path, kind, role, text, flags)
        if facts is not None:
            verified.add(key, facts)
    return facts


def _check_piece(path: str, kind: str, role: str, text: str, flags: int) -> list[str] | None:
    """Check one piece as the whole module is checked; ``None`` if it does not parse or compile alone
    (:func:`.chunks.parse_piece`), or holds what only the whole module can judge. Facts: enums it defines
    (``enum:X``), enums it names that must be defined above it (``needs:X``), ``__future__`` imports (``future:x``)."""
    tree = parse_piece(path, role, text, flags)
    if tree is None:
        return None
    if _check_imports(path, tree) if kind == "runtime" else _check_imports_and_names(path, tree):
        return None  # global or nonlocal: which names they declare spans pieces
    if role in ("first", "top"):
        return _check_top(path, kind, tree, role == "first")
    definition = tree.body[0]
    if kind != "models" or not isinstance(definition, ast.ClassDef):
        return []
    return _check_model_piece(path, role, definition)


def _check_top(path: str, kind: str, tree: ast.Module, first: bool) -> list[str] | None:
    futures = [alias.name for s in tree.body if isinstance(s, ast.ImportFrom) and _is_future(s) for alias in s.names]
    if futures and not first:
        return None  # after other statements: the whole module gives the compile error
    facts = [f"future:{name}" for name in futures]
    statements = _body(tree) if first else tree.body
    if kind != "runtime":
        _check_module_body(path, statements)
    if kind == "models":
        enums = _Needed()
        _check_models(path, statements, enums)
        facts += [f"needs:{name}" for name in sorted(enums.needs)] + [f"enum:{name}" for name in sorted(enums)]
    return facts


def _check_model_piece(path: str, role: str, cls: ast.ClassDef) -> list[str]:
    """A class's header (``cls`` with a ``pass`` for its body) or members (``cls`` is the wrapper ``_``)."""
    if role == "header" and _is_enum(cls):
        _check_enum_header(path, cls)
        return [f"enum:{cls.name}"]
    if role == "header":
        _check_contract_header(path, cls)
        return []
    members = _body(cls) if role.endswith("/first") else cls.body
    if role.startswith("enum"):
        _check_enum_members(path, cls, members)
        return []
    enums = _Needed()
    _check_contract_members(path, cls, members, enums)
    return [f"needs:{name}" for name in sorted(enums.needs)]


def _is_future(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.ImportFrom) and statement.module == "__future__" and statement.level == 0


class _Needed(set[str]):
    """A piece's enums: those it defines, and (``needs``) those it names without defining them first,
    which the module must define above the piece (alone, the piece takes every enum it names as defined)."""

    def __init__(self) -> None:
        super().__init__()
        self.needs: set[str] = set()

    def __contains__(self, name: object) -> bool:
        if not super().__contains__(name):
            self.needs.add(str(name))
        return True


def _fail(path: str, node: ast.AST, what: str) -> UnsafeOutputError:
    return UnsafeOutputError(f"generated code has {what}", file=path, line=getattr(node, "lineno", None))


def _check_imports(path: str, tree: ast.Module) -> bool:
    """Whether ``tree`` has a global or nonlocal statement, as :func:`_check_imports_and_names`."""
    declared = False
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            _check_import(path, node)
        declared = declared or isinstance(node, _DECLARATIONS)
    return declared


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


def _check_imports_and_names(path: str, tree: ast.Module) -> bool:
    """Allowed imports, no forbidden name, no dunder attribute, in one walk; whether ``tree`` has a
    global or nonlocal statement (in a piece, the names they declare span pieces)."""
    imports, name, attribute = (ast.Import, ast.ImportFrom), ast.Name, ast.Attribute
    declared = False
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
        elif kind in _DECLARATIONS:
            declared = True
    return declared


def _body(tree: ast.Module | ast.ClassDef) -> list[ast.stmt]:
    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        return body[1:]  # the docstring
    return body


def _check_module_body(path: str, statements: list[ast.stmt]) -> None:
    for statement in statements:
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
        return all(key is not None and _is_literal(key) for key in node.keys) and all(
            _is_literal(v) for v in node.values
        )
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
        return keywords_ok and all(
            _is_literal(arg) or isinstance(arg, ast.Name) or _is_module_value(arg) for arg in node.args
        )
    return False


def _check_models(path: str, statements: list[ast.stmt], enums: set[str]) -> None:
    """``models.py``: enums of literals, and dataclasses with a ``Meta`` of literals and literal fields;
    ``enums``: those defined above, and then those defined here."""
    for statement in statements:
        if isinstance(statement, ast.ClassDef) and _is_enum(statement):
            _check_enum_header(path, statement)
            _check_enum_members(path, statement, _body(statement))
            enums.add(statement.name)
        elif isinstance(statement, ast.ClassDef):
            _check_contract_header(path, statement)
            _check_contract_members(path, statement, _body(statement), enums)
        elif not isinstance(statement, (ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign)):
            raise _fail(path, statement, "a statement no model template writes")


def _is_enum(cls: ast.ClassDef) -> bool:
    return [ast.unparse(base) for base in cls.bases] == ["WcfEnum"]


def _check_enum_header(path: str, cls: ast.ClassDef) -> None:
    if cls.decorator_list or cls.keywords:
        raise _fail(path, cls, f"an unexpected definition of enum {cls.name}")


def _check_enum_members(path: str, cls: ast.ClassDef, members: list[ast.stmt]) -> None:
    for statement in members:
        value = statement.value if isinstance(statement, ast.Assign) else None
        if not (isinstance(value, ast.Tuple) and _is_literal(value) and len(value.elts) == 2):
            raise _fail(path, statement, f"an enum member of {cls.name} that is not a (name, number) literal")


def _check_contract_header(path: str, cls: ast.ClassDef) -> None:
    bases_ok = all(isinstance(base, ast.Name) for base in cls.bases) and len(cls.bases) <= 1
    if [ast.unparse(d) for d in cls.decorator_list] not in _CONTRACT_DECORATORS or not bases_ok or cls.keywords:
        raise _fail(path, cls, f"an unexpected definition of class {cls.name}")


def _check_contract_members(path: str, cls: ast.ClassDef, members: list[ast.stmt], enums: set[str]) -> None:
    for statement in members:
        if isinstance(statement, ast.ClassDef) and statement.name == "Meta" and not statement.decorator_list:
            if not all(isinstance(s, ast.Assign) and _is_literal(s.value) for s in statement.body):
                raise _fail(path, statement, "a Meta class with more than literals")
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            if not _is_field(statement.value, enums):
                raise _fail(path, statement, f"an unexpected value for field {statement.target.id}")
        else:
            raise _fail(path, statement, f"a statement no model template writes in class {cls.name}")


def _is_field(node: ast.expr | None, enums: set[str]) -> bool:
    if not (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "field" and not node.args
    ):
        return False
    for keyword in node.keywords:
        value = keyword.value
        if keyword.arg == "metadata" and _is_literal(value):
            continue
        if keyword.arg == "default" and (
            _is_literal(value) or _is_default_factory(value) or _is_named_default(value, enums)
        ):
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
