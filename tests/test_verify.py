"""The check of generated Python (wcfgen.write.verify): every refusal names what the whole-module
check names, line included, whether the module was verified a statement at a time or whole; the
cut into statements (wcfgen.write.chunks) never lets a piece pass that the whole module would not;
and a statement verified once is remembered by its content, never parsed again."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import GENERATED
from wcfgen.cache import Cache
from wcfgen.errors import UnsafeOutputError
from wcfgen.write import chunks, verify, with_manifest
from wcfgen.write.chunks import Verified, split_module

SPEC = "pkg/client.py"  # a spec-shaped module
MODELS = "pkg/models.py"
RUNTIME = "pkg/_runtime/wire.py"
HEAD = '"""A module.\n\nIts docstring has a paragraph at column 0.\n"""\n\nfrom __future__ import annotations\n\n'
# a string continued at column 0 by a backslash: the piece before "b" does not parse, so the
# module is verified whole
WHOLE = 'X = "a\\\nb"\n\n'
CONTRACT = "@dataclass(kw_only=True)\nclass Item:\n"


def route(path: str, source: str) -> str:
    """How verify_python takes ``source``: "pieces" (all passed), "refused" (a piece failed a check,
    the whole module then names the error) or "whole" (a piece did not parse alone)."""
    try:
        return "pieces" if verify._verify_pieces(path, verify._kind(path), source, Verified()) else "whole"
    except UnsafeOutputError:
        return "refused"


def refusal(path: str, source: str) -> tuple[str, int | None]:
    with pytest.raises(UnsafeOutputError) as caught:
        verify.verify_python(path, source)
    with pytest.raises(UnsafeOutputError) as reference:
        verify._verify_module(path, verify._kind(path), source)
    assert (caught.value.message, caught.value.line, caught.value.file) == (
        reference.value.message,
        reference.value.line,
        reference.value.file,
    )
    return caught.value.message, caught.value.line


REFUSALS = [  # path, the module after HEAD, the message, its line in the module after HEAD
    (SPEC, "import json\n\n\ndef f():\n    return eval('1')\n", "generated code has a reference to eval", 5),
    (SPEC, "class C:\n    def f(self):\n        return open\n", "generated code has a reference to open", 3),
    (SPEC, "def f(o):\n    return o.__class__\n", "generated code has an access to __class__", 2),
    (SPEC, "class C:\n    x = 1\n    y = C.__dict__\n", "generated code has an access to __dict__", 3),
    (SPEC, "import os\n", "generated code has an import of 'os', which is not allowed", 1),
    (SPEC, "class C:\n    def f(self):\n        import subprocess\n", "generated code has an import of 'subprocess', which is not allowed", 3),
    (RUNTIME, "def f():\n    import socket\n", "generated code has an import of 'socket', which is not allowed", 2),
    (SPEC, "X = 1\nY = f()\n", "generated code has a module-level assignment of something other than a literal or a codec", 2),
    (SPEC, "X: int = f()\n", "generated code has a module-level annotated assignment of something other than a literal", 1),
    (SPEC, "X = 1\nprint(X)\n", "generated code has an unexpected Expr statement at module level", 2),
    (SPEC, "X = 1\n'not a docstring'\n", "generated code has an unexpected Expr statement at module level", 2),
    (SPEC, "for x in []:\n    pass\n", "generated code has an unexpected For statement at module level", 1),
    (MODELS, CONTRACT + "    x: int = field(default=f())\n", "generated code has an unexpected value for field x", 3),
    (MODELS, CONTRACT + "    x: int = field(default=0)\n\n    class Meta:\n        name = f()\n", "generated code has a Meta class with more than literals", 5),
    (MODELS, CONTRACT + '    """Doc."""\n\n    "a second string"\n', "generated code has a statement no model template writes in class Item", 5),
    (MODELS, "@dataclass\nclass Item:\n    x: int = field(default=0)\n", "generated code has an unexpected definition of class Item", 2),
    (MODELS, 'class Color(WcfEnum):\n    """Doc."""\n\n    RED = "Red", 0\n    BLUE = f()\n', "generated code has an enum member of Color that is not a (name, number) literal", 5),
    (MODELS, "@dataclass\nclass Color(WcfEnum):\n    RED = 'Red', 0\n", "generated code has an unexpected definition of enum Color", 2),
    (MODELS, "def f():\n    pass\n", "generated code has a statement no model template writes", 1),
    # an enum named as a default must be defined above the contract: the order spans pieces
    (MODELS, CONTRACT + "    c: Color = field(default=Color.RED)\n\n\nclass Color(WcfEnum):\n    RED = 'Red', 0\n", "generated code has an unexpected value for field c", 3),
]  # fmt: skip


@pytest.mark.parametrize(("path", "body", "message", "line"), REFUSALS)
def test_each_refusal_names_what_the_whole_module_check_names(path: str, body: str, message: str, line: int) -> None:
    head_lines = HEAD.count("\n")
    assert route(path, HEAD + body) == "refused"
    assert refusal(path, HEAD + body) == (message, head_lines + line)
    # the same where a piece does not parse alone and the whole module is verified
    assert route(path, HEAD + WHOLE + body) == "whole"
    assert refusal(path, HEAD + WHOLE + body) == (message, head_lines + WHOLE.count("\n") + line)


def test_an_enum_defined_above_the_contract_that_names_it_passes_in_pieces() -> None:
    source = (
        HEAD
        + "class Color(WcfEnum):\n    RED = 'Red', 0\n\n\n"
        + CONTRACT
        + "    c: Color = field(default=Color.RED)\n"
    )
    source += "    d: Color = field(default=Color.from_number(7))\n"
    assert route(MODELS, source) == "pieces"
    verify.verify_python(MODELS, source)


COMPILE_ERRORS = [  # what only compiling finds, or what only the whole module can judge
    "X = 1\nreturn X\n",  # 'return' outside function
    "class C:\n    x = 1\n    return x\n",  # a member that is no statement of a class
    "X = 1\nfrom  __future__ import annotations\n",  # a __future__ import after other statements
    "X = 1\nglobal X\n",  # a declaration after the name is assigned: it spans pieces
    "class C:\n    x = 1\n    global x\n",
    "class C: \\\n    x = 1\n    y = 2\n",  # a header continued by a backslash: the module does not parse
]


@pytest.mark.parametrize("body", COMPILE_ERRORS)
def test_what_does_not_compile_is_refused_with_the_compilers_message(body: str) -> None:
    assert route(SPEC, HEAD + body) == "whole"
    message, line = refusal(SPEC, HEAD + body)
    assert message.startswith("generated code does not compile: ") and line is None


def test_a_module_verified_whole_that_passes_is_accepted() -> None:
    source = HEAD + WHOLE + "class C:\n    x = 1\n"
    assert route(SPEC, source) == "whole"
    verify.verify_python(SPEC, source)


DOCSTRINGS = [  # a docstring (escaped as docstring() escapes: \" and \\) with lines that look like cuts
    'def f():\n    """Text\nclass X:\ndef g():\n\\"\\"\\"\nimport os\nends with a backslash \\\\\n    """\n    return 1\n',
    'class C:\n    def f(self):\n        """Text\n    import os\n    class X:\n    \\"\\"\\"\n    """\n        return 1\n',
    'X = """\nclass Y:\n    import os\n"""\n',  # a triple-quoted string spanning would-be cuts
    'X = (\n    1,\n)\nY = [\n    "a",\n]\n',
]


@pytest.mark.parametrize("body", DOCSTRINGS)
def test_text_that_looks_like_statements_inside_a_string_is_not_cut(body: str) -> None:
    source = HEAD + body
    assert "".join(chunk.text for chunk in split_module(source)) == source
    assert route(SPEC, source) == "pieces"
    verify.verify_python(SPEC, source)


HIDDEN = [  # a forbidden statement where a guess at strings goes wrong: it still reaches a check
    "X = '\"\"\"'\nY = eval('1')\nZ = '\"\"\"'\n",  # a triple quote in a plain string: no cut till the next
    'X = 1  # """\nimport os\nY = 2  # """\n',  # in a comment
    "X = '\"\"\"'\ndef f():\n    '''doc\nimport os\n'''\nimport os\n",  # the guess inverted: cuts inside a docstring
    "X = 1 + \\\neval('1')\n",  # a backslash continuation at column 0
    "class C:\n    '''doc\n    x = 1\n'''\nimport os\n",  # a class's docstring with a column-0 line
    "class C:\n    def f(self):\n        '''doc\n    import os\n        '''\n        return eval\n",
]


@pytest.mark.parametrize("body", HIDDEN)
def test_a_payload_hidden_behind_a_wrong_cut_is_still_refused(body: str) -> None:
    source = HEAD + body
    assert "".join(chunk.text for chunk in split_module(source)) == source
    message, line = refusal(SPEC, source)
    assert message in (
        "generated code has a reference to eval",
        "generated code has an import of 'os', which is not allowed",
        "generated code has a module-level assignment of something other than a literal or a codec",
    )
    assert line is not None and line > HEAD.count("\n")


def _statements(path: str, source: str) -> list[str]:
    """The module's statements as its pieces give them, each parsed alone (dumped without positions)."""
    statements = []
    for chunk in split_module(source):
        if not chunk.members or (chunk.definition == "def" and verify._kind(path) != "spec"):
            statements += [ast.dump(s) for s in ast.parse(chunk.text).body]
            continue
        header = ast.parse(chunk.header + "    pass\n").body[0]
        assert isinstance(header, (ast.ClassDef, ast.FunctionDef))
        wrapper = "class _:\n" if chunk.definition == "class" else "def _():\n"
        header.body = [s for member in chunk.members for s in ast.parse(wrapper + member).body[0].body]  # type: ignore[attr-defined]
        statements.append(ast.dump(header))
    return statements


def test_the_pieces_of_a_real_package_are_its_statements_and_pass() -> None:
    modules = sorted(GENERATED.rglob("*.py"))
    assert len(modules) > 20
    for module in modules:
        path, source = module.relative_to(GENERATED).as_posix(), module.read_text(encoding="utf-8")
        assert "".join(chunk.text for chunk in split_module(source)) == source
        assert route(path, source) == "pieces", path
        assert _statements(path, source) == [ast.dump(s) for s in ast.parse(source).body], path


def test_a_class_is_cut_at_its_members_and_its_header_is_a_piece() -> None:
    source = (
        HEAD + CONTRACT + '    """Doc."""\n\n    @property\n    def x(self) -> int:\n        return 1\n\n    y = 2\n'
    )
    (*_, item) = split_module(source)
    assert item.definition == "class"
    assert item.header == CONTRACT
    assert item.members == (
        '    """Doc."""\n\n',
        "    @property\n    def x(self) -> int:\n        return 1\n\n",
        "    y = 2\n",
    )


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text ast.parse is given."""
    texts: list[str] = []
    parse = ast.parse

    def counted(source: str, *args: Any, **kwargs: Any) -> Any:
        texts.append(source)
        return parse(source, *args, **kwargs)

    monkeypatch.setattr(verify.ast, "parse", counted)
    return texts


MODULE = HEAD + "\n".join(
    f"class C{n}:\n    def f(self) -> int:\n        return {n}\n\n    y = {n}\n\n" for n in range(5)
)


def test_a_module_verified_again_is_not_parsed_again(tmp_path: Path, parses: list[str]) -> None:
    cache = Cache(tmp_path, "v")
    verified = Verified(cache)
    verify.verify_python(SPEC, MODULE, verified)
    assert len(parses) == 1 + 5 * 3  # the head, and each class's header and two members
    verify.verify_python(SPEC, MODULE, verified)  # the same run
    verify.verify_python("other/client.py", MODULE, verified)  # a module of the same kind, elsewhere
    assert len(parses) == 16
    verified.save()
    verify.verify_python(SPEC, MODULE, Verified(cache))  # the next run
    assert len(parses) == 16
    verify.verify_python(RUNTIME, MODULE, Verified(cache))
    assert len(parses) == 32  # another kind of module: checked otherwise


def test_only_the_piece_that_changed_is_parsed_again(tmp_path: Path, parses: list[str]) -> None:
    verified = Verified(Cache(tmp_path, "v"))
    verify.verify_python(SPEC, MODULE, verified)
    parses.clear()
    verify.verify_python(SPEC, MODULE.replace("return 3", "return 33"), verified)
    assert parses == ["class _:\n    def f(self) -> int:\n        return 33\n\n"]


def test_a_piece_that_fails_is_never_remembered(parses: list[str]) -> None:
    verified = Verified()
    source = HEAD + "class C:\n    x = eval('1')\n"
    for _ in range(2):
        with pytest.raises(UnsafeOutputError, match="a reference to eval"):
            verify.verify_python(SPEC, source, verified)
    assert sum(text == "class _:\n    x = eval('1')\n" for text in parses) == 2


@pytest.mark.parametrize("stored", [b"{not json", b"[1, 2]", b'{"abc": "not a list"}', b'{"abc": [1]}'])
def test_a_corrupt_cache_is_ignored(tmp_path: Path, parses: list[str], stored: bytes) -> None:
    cache = Cache(tmp_path, "v")
    verified = Verified(cache)
    verify.verify_python(SPEC, MODULE, verified)
    verified.save()
    entry = cache._path(chunks.VERIFIED, "pieces")
    assert len(json.loads(entry.read_bytes())) == 16
    entry.write_bytes(stored)
    parses.clear()
    again = Verified(cache)
    assert again.pieces == {}
    verify.verify_python(SPEC, MODULE, again)
    assert len(parses) == 16


def test_a_corrupt_entry_among_good_ones_is_dropped(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "v")
    cache.put(chunks.VERIFIED, "pieces", {"a" * 64: [], "b" * 64: "x", "c" * 64: [1], "d" * 64: ["enum:X"]})
    assert Verified(cache).pieces == {"a" * 64: [], "d" * 64: ["enum:X"]}


def test_with_manifest_remembers_the_pieces_in_the_cache_once(tmp_path: Path, parses: list[str]) -> None:
    cache = Cache(tmp_path, "v")
    files = {SPEC: MODULE, "pkg/README.md": "text\n"}
    first = with_manifest(files, {}, {}, cache)
    assert len(parses) == 16 and len(list(cache.root.rglob("*.json"))) == 1
    assert with_manifest(files, {}, {}, cache) == first
    assert len(parses) == 16


def test_the_cache_keeps_the_pieces_a_generation_used_when_it_grows_too_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chunks, "_MAX_PIECES", 20)
    cache = Cache(tmp_path, "v")
    verified = Verified(cache)
    verify.verify_python(SPEC, MODULE, verified)
    verified.save()
    later = Verified(cache)
    verify.verify_python(SPEC, MODULE.replace("y = ", "z = "), later)  # 5 new members: 21 pieces
    later.save()
    assert len(Verified(cache).pieces) == 16


@pytest.mark.parametrize("docstring", ['r"""A raw docstring."""', "None", "'''Doc'''"])
def test_a_docstring_after_comments_is_the_first_statement(docstring: str) -> None:
    source = f"# Generated.\n# Do not edit.\n{docstring}\n\nimport json\n\nX = 1\n"
    assert route(SPEC, source) == "pieces"
    verify.verify_python(SPEC, source)
    assert route(SPEC, source + f"{docstring}\n") == "refused"  # once, and first


def test_a_lone_surrogate_is_refused_as_the_whole_module_refuses_it() -> None:
    source = HEAD + "X = '\ud800'\n"
    assert refusal(SPEC, source)[0].startswith("generated code does not compile: ")


LINES = [  # lines that cut, or fool the cut, in every way: classes, strings, brackets, continuations
    "class C:", "class E(WcfEnum):", "@dataclass(kw_only=True)", "def f():", "def g(", "    x,", "):", "async def h():",
    "    x = 1", "    y: int = field(default=0)", "    RED = 'Red', 0", "    c: E = field(default=E.RED)", "    @property",
    "    def m(self):", "        return 1", "    return eval('1')", "        import os", "import json", "X = (", ")",
    "Y = 1 + \\", "    z = 2 + \\", '"""', '    """', "'''", 'X = \'"""\'', '# """', '    """doc"""', 'r"""doc"""',
    "from __future__ import annotations", "from  __future__ import annotations", "global X", "    global x",
    "    nonlocal q", "    class Meta:", "        name = 'n'", "b", "    b", "", "    ", "\\", "X = 1", "print(X)",
    'X = """a\\""""', '    """a\\"""', "Y = '''", "@property", "class D(C): pass", "        '''",
]  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(LINES), max_size=14), st.sampled_from([SPEC, MODELS, RUNTIME]))
def test_pieces_or_whole_the_outcome_is_the_whole_modules(lines: list[str], path: str) -> None:
    source = "\n".join(lines) + "\n"
    assert "".join(chunk.text for chunk in split_module(source)) == source
    try:
        verify._verify_module(path, verify._kind(path), source)
        expected = None
    except UnsafeOutputError as error:
        expected = (error.message, error.line)
    try:
        verify.verify_python(path, source)
        outcome = None
    except UnsafeOutputError as error:
        outcome = (error.message, error.line)
    assert outcome == expected
