"""The layout helper: generated lines as ruff format (and black) leave them, whatever the lengths."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wcfgen.render import layout
from wcfgen.render.escape import pystr

LONG = "X" * 80  # a class name at wcfgen's limit


def _ruff() -> str:
    return shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"


def _formatted(source: str, tmp_path: Path) -> str:
    path = tmp_path / "snippet.py"
    path.write_text(source, encoding="utf-8")
    subprocess.run([_ruff(), "format", "--isolated", "--no-cache", "--quiet", str(path)], check=True)
    return path.read_text(encoding="utf-8")


def test_width_counts_wide_characters_twice() -> None:
    assert (layout.width("abc"), layout.width("čau"), layout.width("数量"), layout.width("e\u0301")) == (3, 3, 4, 1)
    assert layout.fits("x" * 88) and not layout.fits("x" * 89) and not layout.fits("数" * 45)


def test_a_call_is_flat_when_it_fits_else_exploded_with_magic_trailing_commas() -> None:
    assert layout.expression('f("a", g(1))', 4, "x = ") == 'x = f("a", g(1))'
    name = LONG[:50]
    long = f'_runtime.ListNode(_runtime.ContractNode({name}), "Order", "urn:x", False)'
    assert layout.expression(long, 0, "codec = ") == (
        "codec = _runtime.ListNode(\n"
        f"    _runtime.ContractNode({name}),\n"
        '    "Order",\n'
        '    "urn:x",\n'
        "    False,\n"
        ")"
    )
    assert layout.expression(f"_runtime.ContractNode({LONG})", 4, "", ",") == (
        f"_runtime.ContractNode(\n        {LONG},\n    ),"
    )  # an item that does not fit explodes too
    assert layout.expression(f"await self._call({LONG}, path={{'a': 1}})", 8, "return ") == (
        "return await self._call(\n"
        f"            {LONG},\n"
        "            path={'a': 1},\n"
        "        )"
    )


def test_a_statements_value_is_parenthesized_when_only_that_makes_its_first_line_fit() -> None:
    target = "_" + "O" * 60 + "_REQUEST"
    assert layout.assignment(target, "_runtime.ContractCodec(Foo)") == f"{target} = (\n    _runtime.ContractCodec(Foo)\n)"
    call = f"self._call(_{'O' * 66}, None)"
    assert layout.expression(call, 8, "return ", statement=True) == (
        f"return self._call(\n            _{'O' * 66},\n            None,\n        )"
    )  # the head fits: the call's own parentheses split


def test_a_lone_literal_is_parenthesized_only_when_that_makes_it_fit() -> None:
    assert layout.assignment("URL", '"short"') == 'URL = "short"'
    fits_alone = pystr("h" * 80)
    assert layout.assignment("DEFAULT_BASE_URL", fits_alone) == f"DEFAULT_BASE_URL = (\n    {fits_alone}\n)"
    too_long = pystr("h" * 90)
    assert layout.assignment("DEFAULT_BASE_URL", too_long) == f"DEFAULT_BASE_URL = {too_long}"


def test_long_annotations_follow_the_formatters_rules() -> None:
    assert layout.annotated("x", "int | None", 8, ",") == "x: int | None,"
    name = LONG[:68]
    assert layout.annotated("value", f"{name} | None", 8, ",") == f"value: (\n            {name} | None\n        ),"
    assert layout.annotated("value", f"{LONG} | None", 8, ",") == (
        f"value: (\n            {LONG}\n            | None\n        ),"
    )
    assert layout.annotated("value", f"list[{LONG}]", 8, ",") == f"value: list[\n            {LONG}\n        ],"
    assert layout.annotated("v", LONG, 8, " = field(") == f"v: {LONG} = field("  # an atom stays (ruff)
    assert layout.returns("bool", 4) == ") -> bool:"
    assert layout.returns(LONG, 4) == f") -> (\n        {LONG}\n    ):"
    assert layout.returns(f"Awaitable[{LONG} | None] | {LONG} | None", 4) == (
        ") -> (\n"
        "        Awaitable[\n"
        f"            {LONG}\n"
        "            | None\n"
        "        ]\n"
        f"        | {LONG}\n"
        "        | None\n"
        "    ):"
    )


def test_a_field_whose_first_line_is_too_long_is_parenthesized_when_that_fits() -> None:
    body = ["    default=0,", ")"]
    assert layout.annotated_call("n" * 66, "str | None", "field", body, 4) == (
        f"{'n' * 66}: str | None = (\n        field(\n            default=0,\n        )\n    )"
    )
    assert layout.annotated_call("n", "int", "field", body, 4) == "n: int = field(\n        default=0,\n    )"


def test_statements_the_templates_write() -> None:
    assert layout.enum_member("RED", '"Red"', 0, 4) == 'RED = "Red", 0'
    assert layout.enum_member("R" * 70, pystr("r" * 70), 1, 4) == f'{"R" * 70} = (\n        "{"r" * 70}",\n        1,\n    )'
    assert layout.import_from("k2.pbx", ["AsyncClient", "Client"]) == "from k2.pbx import AsyncClient, Client"
    assert layout.import_from("k" * 80, ["A", "B"]) == f"from {'k' * 80} import (\n    A,\n    B,\n)"


@pytest.mark.parametrize("indent", [0, 4])
def test_every_layout_is_a_fixed_point_of_ruff_format(tmp_path: Path, indent: int) -> None:
    names = ["x", "value_" * 12, LONG[:40]]
    types = ["int", f"{LONG} | None", f"list[{LONG}] | None", f"dict[str, {LONG}] | None", f"frozenset[{LONG}]", LONG]
    lines = ["from collections.abc import Awaitable", "from dataclasses import dataclass, field", "", ""]
    lines += ["@dataclass", "class C:"]
    pad = " " * 4
    for index, (name, annotation) in enumerate((n, t) for n in names for t in types):
        lines.append(pad + layout.annotated_call(f"{name}{index}", annotation, "field", ["    default=None,", ")"], 4))
    lines += ["", "", "class P:"]
    for index, annotation in enumerate(types):
        lines.append(f"{pad}def m{index}(")
        lines.append(f"{pad * 2}self,")
        lines.append(f"{pad * 2}" + layout.annotated("p" * 60, annotation, 8, ","))
        lines.append(pad + layout.returns(f"Awaitable[{annotation}] | {annotation}", 4))
        lines.append(f"{pad * 2}" + layout.expression(f'f(g("{"s" * 70}"), {{"k": [1, 2]}})', 8, "return "))
        lines.append(f"{pad * 2}" + layout.assignment("v" * 60, f"f{index}(g({'a' * 30}))", 8))
        lines.append("")
    source = "\n".join(lines).rstrip() + "\n"
    assert _formatted(source, tmp_path) == source


@settings(max_examples=1, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12), min_size=200, max_size=200))
def test_string_literals_are_quoted_as_ruff_quotes_them(tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> None:
    tricky = ['"', "'", "\"'", "'\"\"", "\\", "\\\"", 'a"b\'c"', "\u2028", "\x85", "\t", "é", "😀", "\x00", "{x}"]
    source = "".join(f"x{i} = {pystr(t)}\n" for i, t in enumerate(tricky + texts))
    assert all(ast.literal_eval(pystr(t)) == t for t in tricky + texts)
    assert _formatted(source, tmp_path_factory.mktemp("quotes")) == source
