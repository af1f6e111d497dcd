"""Line layout of generated Python: what ``ruff format`` (and black) would write.

Generated files must be fixed points of the formatters a user runs with default settings
(line length 88), yet wcfgen runs no external tool. So the renderer builds each statement
flat, as code text, and this module lays it out:

- a call, tuple, list or dict that fits stays on one line; one that does not is exploded,
  one item a line with a magic trailing comma, which both formatters keep as it is;
- annotations follow the formatters' rules for long type hints (parenthesized, split at
  ``|``, subscripts broken inside their brackets), and an assignment's lone literal is
  parenthesized when that makes it fit.

Only the width arithmetic lives here; the input is code text the renderer made
(parsed back with :mod:`ast`, never from a spec), so the layout cannot change what it says.
"""

from __future__ import annotations

import ast
import functools
import unicodedata
from collections.abc import Sequence

LINE_LENGTH = 88
_INDENT = 4


def width(text: str) -> int:
    """Columns a line takes, as the formatters count them (East Asian wide characters: 2)."""
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def fits(line: str) -> bool:
    return width(line) <= LINE_LENGTH


class _Source:
    """Code text and its flat rendering, node by node."""

    def __init__(self, text: str) -> None:
        self.text = text
        # one ASCII line: the nodes' offsets (UTF-8 bytes) are string indexes, no need to split lines per node
        self._sliceable = text.isascii() and "\n" not in text and "\r" not in text

    def flat(self, node: ast.AST) -> str:
        if self._sliceable and getattr(node, "end_lineno", None) == 1 == getattr(node, "lineno", None):
            return self.text[node.col_offset : node.end_col_offset]  # type: ignore[attr-defined]
        segment = ast.get_source_segment(self.text, node)
        assert segment is not None and "\n" not in segment, self.text
        return segment

    def parse(self) -> ast.expr:
        return ast.parse(self.text, mode="eval").body


def _pad(indent: int) -> str:
    return " " * indent


def _join(lines: Sequence[str]) -> str:
    """Lines for a template: the first one without its indentation (the template has it)."""
    return "\n".join([lines[0].lstrip(" "), *lines[1:]])


# -- expressions ---------------------------------------------------------------


@functools.lru_cache(maxsize=16384)  # pure, and a large API repeats its signatures
def expression(code: str, indent: int, prefix: str = "", suffix: str = "", *, statement: bool = False) -> str:
    """``prefix + code + suffix`` at ``indent``: flat if it fits, else exploded.

    ``statement``: the prefix is ``return `` or an assignment's ``target = ``, whose value
    the formatters parenthesize when its first line is too long and the whole value fits
    on one line inside the parentheses.
    """
    source = _Source(code)
    node = source.parse()
    if statement:
        return _join(_statement(source, node, indent, prefix, suffix))
    return _join(_lines(source, node, indent, prefix, suffix))


def _statement(source: _Source, node: ast.expr, indent: int, prefix: str, suffix: str) -> list[str]:
    lines = _lines(source, node, indent, prefix, suffix)
    inner = f"{_pad(indent + _INDENT)}{source.flat(node)}"
    if fits(lines[0]) or not fits(f"{_pad(indent)}{prefix}(") or not fits(inner):
        return lines  # an exploded value keeps its magic trailing commas and needs no parentheses
    return [f"{_pad(indent)}{prefix}(", inner, f"{_pad(indent)}){suffix}"]


@functools.lru_cache(maxsize=16384)  # pure, and a large API repeats its signatures
def assignment(target: str, code: str, indent: int = 0) -> str:
    """``target = code``; a lone literal that only fits in parentheses gets them."""
    source = _Source(code)
    node = source.parse()
    flat = f"{_pad(indent)}{target} = {source.flat(node)}"
    if _splittable(source, node) or fits(flat):
        return _join(_statement(source, node, indent, f"{target} = ", ""))
    inner = _pad(indent + _INDENT) + source.flat(node)
    if not fits(inner):
        return _join([flat])
    return _join([f"{_pad(indent)}{target} = (", inner, f"{_pad(indent)})"])


def _items(source: _Source, node: ast.expr) -> tuple[str, str, list[tuple[str, ast.expr]]] | None:
    """A bracketed node's opening and closing text, and its items with their prefixes."""
    if isinstance(node, ast.Call) and (node.args or node.keywords):
        items = [("", arg) for arg in node.args]
        items += [(f"{k.arg}=", k.value) for k in node.keywords if k.arg is not None]
        return f"{source.flat(node.func)}(", ")", items
    if isinstance(node, ast.Tuple) and node.elts:
        return "(", ")", [("", item) for item in node.elts]
    if isinstance(node, ast.List) and node.elts:
        return "[", "]", [("", item) for item in node.elts]
    if isinstance(node, ast.Dict) and node.keys:
        pairs = zip(node.keys, node.values, strict=True)
        return "{", "}", [(f"{source.flat(key)}: " if key else "**", value) for key, value in pairs]
    return None


def _splittable(source: _Source, node: ast.expr) -> bool:
    if isinstance(node, ast.Await):
        return _splittable(source, node.value)
    return _items(source, node) is not None


def _lines(source: _Source, node: ast.expr, indent: int, prefix: str, suffix: str) -> list[str]:
    flat = f"{_pad(indent)}{prefix}{source.flat(node)}{suffix}"
    if isinstance(node, ast.Await) and not fits(flat):
        return _lines(source, node.value, indent, f"{prefix}await ", suffix)
    found = _items(source, node)
    if fits(flat) or found is None:
        return [flat]
    opening, closing, items = found
    lines = [f"{_pad(indent)}{prefix}{opening}"]
    for item_prefix, item in items:
        lines += _lines(source, item, indent + _INDENT, item_prefix, ",")
    lines.append(f"{_pad(indent)}{closing}{suffix}")
    return lines


# -- annotations ---------------------------------------------------------------


@functools.lru_cache(maxsize=16384)  # pure, and a large API repeats its signatures
def annotated(name: str, annotation: str, indent: int, suffix: str) -> str:
    """``name: annotation`` and ``suffix``: a parameter (``,`` or `` = None,``) or a
    dataclass field (`` = field(``)."""
    return _join(_annotation(annotation, indent, f"{name}: ", suffix, atoms_in_parens=False))


def annotated_call(name: str, annotation: str, call: str, body: Sequence[str], indent: int) -> str:
    """``name: annotation = call(`` and the call's exploded ``body`` (lines relative to the
    call, its closing parenthesis last). When only the first line is too long, and
    ``name: annotation = (`` fits, the formatters parenthesize the call instead."""
    head = f"{_pad(indent)}{name}: {annotation} = "
    if not fits(f"{head}{call}(") and fits(f"{head}("):
        inner = _pad(indent + _INDENT)
        lines = [f"{head}(", f"{inner}{call}(", *(f"{inner}{line}" for line in body), f"{_pad(indent)})"]
    else:
        first = _annotation(annotation, indent, f"{name}: ", f" = {call}(", atoms_in_parens=False)
        lines = [*first, *(f"{_pad(indent)}{line}" for line in body)]
    return _join(lines)


@functools.lru_cache(maxsize=16384)  # pure, and a large API repeats its signatures
def returns(annotation: str, indent: int, suffix: str = ":") -> str:
    """The end of a signature: ``) -> annotation:`` (an overload's: ``suffix=": ..."``)."""
    return _join(_annotation(annotation, indent, ") -> ", suffix, atoms_in_parens=True))


def _annotation(code: str, indent: int, prefix: str, suffix: str, *, atoms_in_parens: bool) -> list[str]:
    source = _Source(code)
    node = source.parse()
    flat = f"{_pad(indent)}{prefix}{source.flat(node)}{suffix}"
    if fits(flat):
        return [flat]
    if _is_union(node):
        body = _union(source, node, indent + _INDENT, "")
        return [f"{_pad(indent)}{prefix}(", *body, f"{_pad(indent)}){suffix}"]
    if isinstance(node, ast.Subscript):
        return _subscript(source, node, indent, prefix, suffix)
    if atoms_in_parens:
        inner = _pad(indent + _INDENT) + source.flat(node)
        return [f"{_pad(indent)}{prefix}(", inner, f"{_pad(indent)}){suffix}"]
    return [flat]


def _is_union(node: ast.expr) -> bool:
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr)


def _terms(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return [*_terms(node.left), *_terms(node.right)]
    return [node]


def _union(source: _Source, node: ast.expr, indent: int, suffix: str) -> list[str]:
    """A type expression inside brackets: one line, else one ``|`` term a line."""
    flat = f"{_pad(indent)}{source.flat(node)}{suffix}"
    if fits(flat):
        return [flat]
    terms = _terms(node)
    lines: list[str] = []
    for index, term in enumerate(terms):
        prefix = "| " if index else ""
        end = suffix if index == len(terms) - 1 else ""
        line = f"{_pad(indent)}{prefix}{source.flat(term)}{end}"
        if fits(line) or not isinstance(term, ast.Subscript):
            lines.append(line)
        else:
            lines += _subscript(source, term, indent, prefix, end)
    return lines


def _subscript(source: _Source, node: ast.Subscript, indent: int, prefix: str, suffix: str) -> list[str]:
    head = f"{_pad(indent)}{prefix}{source.flat(node.value)}["
    inner = node.slice
    if isinstance(inner, ast.Tuple):
        body = [line for item in inner.elts for line in _union(source, item, indent + _INDENT, ",")]
    else:
        body = _union(source, inner, indent + _INDENT, "")
    return [head, *body, f"{_pad(indent)}]{suffix}"]


# -- statements the templates write --------------------------------------------


def enum_member(name: str, wire: str, number: int, indent: int) -> str:
    """``NAME = "wire", number``, parenthesized and exploded when too long."""
    flat = f"{_pad(indent)}{name} = {wire}, {number}"
    if fits(flat):
        return _join([flat])
    inner = _pad(indent + _INDENT)
    return _join([f"{_pad(indent)}{name} = (", f"{inner}{wire},", f"{inner}{number},", f"{_pad(indent)})"])


def import_from(module: str, names: Sequence[str]) -> str:
    """``from module import a, b``; exploded, one name a line, when too long."""
    flat = f"from {module} import {', '.join(names)}"
    if fits(flat):
        return flat
    return "\n".join([f"from {module} import (", *(f"{_pad(_INDENT)}{name}," for name in names), ")"])
