"""Check generated Python before it is written, let alone imported.

Every module must parse and compile, import only from an allow-list, and have a
module body made of the statements the templates produce. A spec string that
escaped its literal would show up here as a statement or import that no template
writes, and the generation stops.
"""

from __future__ import annotations

import ast

from generator.errors import UnsafeOutputError

ALLOWED_IMPORTS = frozenset(
    {
        "__future__", "base64", "binascii", "collections.abc", "dataclasses", "decimal", "hashlib", "hmac",
        "inspect", "json", "math", "re", "struct", "types", "typing", "urllib.parse", "uuid",
        "xml.etree.ElementTree", "httpx", "fastapi", "fastapi.responses", "starlette.concurrency",
        "starlette.exceptions",
    }
)  # fmt: skip
_MODULE_STATEMENTS = (ast.Import, ast.ImportFrom, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef, ast.Assign, ast.AnnAssign)


def verify_python(path: str, source: str) -> None:
    try:
        tree = ast.parse(source, filename=path)
        compile(tree, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        raise UnsafeOutputError(f"generated code does not compile: {exc}", file=path) from None
    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the module docstring
    for statement in body:
        if not isinstance(statement, _MODULE_STATEMENTS):
            raise UnsafeOutputError(
                f"unexpected {type(statement).__name__} statement at module level", file=path, line=statement.lineno
            )
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules = [node.module or ""]
        else:
            continue
        for module in modules:
            if module not in ALLOWED_IMPORTS:
                raise UnsafeOutputError(f"generated code imports {module!r}, which is not allowed", file=path, line=node.lineno)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("eval", "exec", "__import__", "compile"):
            raise UnsafeOutputError(f"generated code calls {node.func.id}()", file=path, line=node.lineno)
