"""A module cut into its statements as text, and the statements verified before.

:func:`split_module` cuts at the lines that start a top-level statement (column 0), and a
top-level ``class`` or ``def`` further at the lines that start a statement of its body (column 4):
its header (decorators and ``class X(...):``, or the signature) is a piece of its own. Decorators
stay with what they decorate, ``__future__`` imports and the first statement (the docstring) with
the first chunk. The cut guesses from triple quotes which lines are inside strings; a wrong guess
only makes a piece that does not parse, or a longer one.

Why the pieces, each parsed alone, are the module's statements: a piece ends where the next one
starts, at the start of a line. Were that line inside a string, brackets or a backslash
continuation, the piece before it would be left unterminated and would not parse (a header,
parsed with ``pass`` appended, is refused if it ends with a backslash, which would join that
``pass`` to it). So when every piece parses, every cut is at the start of a logical line with
nothing open: one at column 0 starts a top-level statement, and one at column 4 a statement of a
body whose header parsed with exactly that ``pass``, at column 4, for its body. From each cut on,
tokens and indentation are what the piece gives alone (a member wrapped as ``class _:``, a
function's statement as ``def _():``), so the module's statements are exactly the pieces'.
What spans pieces is checked across them (:mod:`.verify`): ``__future__`` imports (pieces after the
first are compiled under them), ``global`` and ``nonlocal`` (never in a piece), enums defined above
the fields that name them, a docstring only first. Any piece that does not parse alone, and the
whole module is verified at once.

:class:`Verified` remembers in wcfgen's cache (per generator hash) the pieces that passed, by the
sha256 of the module's kind, the piece's role, the ``__future__`` flags and its text.
"""

from __future__ import annotations
import __future__

import ast
import bisect
import hashlib
import itertools
import re
from dataclasses import dataclass

from ..cache import Cache

VERIFIED = "verified"  # cache namespace: one entry, every piece verified by this generator
_ENTRY = "pieces"
_MAX_PIECES = 100_000  # past this, only the pieces the last generation used are kept
# where a piece may start: a line with a statement at column 0 or 4 (a class's docstring too); and
# triple quotes, from which the cut guesses which lines are in strings (a wrong guess: a piece that does not parse)
_TOP = re.compile(r"\n(?=[A-Za-z_@])")
_MEMBER = re.compile(r"\n    (?=[A-Za-z_@\"'])")
_QUOTES = (re.compile('"""'), re.compile("'''"))
_FIRST = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_@")  # the module's first line
_HEADER = re.compile(r"^(?:class|def) ", re.MULTILINE)
_HEADER_END = re.compile(r":[ \t]*$", re.MULTILINE)  # a signature's parameters are at column 4 too
_INDENT = "    "
_WRAPPERS = {"statement": "def _():\n"}  # a statement of a function's body; else a class's member
# what a piece after the first is compiled under (barry_as_FLUFL would change how it parses: the whole module)
FUTURE_FLAGS = {
    name: getattr(__future__, name).compiler_flag for name in __future__.all_feature_names if name != "barry_as_FLUFL"
}


@dataclass(frozen=True)
class Chunk:
    """One or more top-level statements; a class or function cut at its members (its body's statements)
    also has ``header`` and ``members``, and ``definition`` says which (``"class"``, ``"def"``)."""

    text: str
    definition: str = ""
    header: str = ""
    members: tuple[str, ...] = ()


def split_module(source: str) -> list[Chunk]:
    """``source`` cut into chunks; their texts, joined, are ``source``."""
    starts, members = _starts(source)
    ends = [*starts[1:], len(source)]
    return [_chunk(source, start, end, members) for start, end in zip(starts, ends, strict=True)]


def _starts(source: str) -> tuple[list[int], list[int]]:
    """Where top-level statements start (``0`` too), and where statements at column 4 do."""
    starts, members = [0], []
    decorated = member_decorated = False  # a decorated statement starts at its first decorator
    seen = False  # the first chunk holds the first statement: it alone may be the docstring (``r"""…"""`` too)
    quote = ""  # the triple quote open, as far as the cut can tell
    position = 0  # quotes before it are inside one already seen
    for at, kind in _events(source):
        if kind in ('"""', "'''"):
            if at < position:
                continue
            if not quote:
                quote, position = kind, at + 3
            elif kind == quote and not _escaped(source, at):
                quote, position = "", at + 3
        elif quote:
            continue
        elif kind == "top":
            if seen and not decorated and not source.startswith("from __future__", at):
                starts.append(at)  # __future__ imports stay with the first chunk, where they must be
            decorated, member_decorated, seen = source[at] == "@", False, True
        else:
            if not member_decorated:
                members.append(at)
            member_decorated = source[at + 4] == "@"
    return starts, members


def _events(source: str) -> list[tuple[int, str]]:
    """Lines that start a statement at column 0 (``top``) or 4 (``member``), and every triple quote,
    overlapping ones too (after an escaped quote, a string ends at the next one), in order."""
    events = [(match.start() + 1, "top") for match in _TOP.finditer(source)]
    events += [(match.start() + 1, "member") for match in _MEMBER.finditer(source)]
    if source[:1] in _FIRST:
        events.append((0, "top"))
    for pattern in _QUOTES:
        for match in pattern.finditer(source):
            at, quote = match.start(), match.group()
            events.append((at, quote))
            while source.startswith(quote[0], at + 3):  # """" holds two
                at += 1
                events.append((at, quote))
    events.sort()
    return events


def _escaped(source: str, at: int) -> bool:
    """Whether an odd number of backslashes comes before ``at``."""
    start = at
    while at and source[at - 1] == "\\":
        at -= 1
    return (start - at) % 2 == 1


def _chunk(source: str, start: int, end: int, members: list[int]) -> Chunk:
    text = source[start:end]
    if text[:1] not in ("@", "c", "d"):
        return Chunk(text)
    header = _HEADER.search(source, start, end)
    body = _HEADER_END.search(source, header.start(), end) if header is not None else None
    if header is None or body is None:
        return Chunk(text)
    cuts = members[bisect.bisect_right(members, body.end()) : bisect.bisect_left(members, end)]
    if not cuts:
        return Chunk(text)
    pieces = tuple(source[a:b] for a, b in itertools.pairwise([*cuts, end]))
    return Chunk(text, header.group().strip(), source[start : cuts[0]], pieces)


def parse_piece(path: str, role: str, text: str, flags: int) -> ast.Module | None:
    """A piece parsed and compiled alone (``flags``: the module's ``__future__`` imports), as its role
    says: top-level statements (``first``, ``top``), a class's ``header`` or a function's ``signature``
    with a ``pass`` appended, a class's ``member`` (``enum``; ``/first``) wrapped as ``class _:``, a
    function's ``statement`` as ``def _():``. ``None`` if it does not parse or is not that role."""
    if role in ("header", "signature"):
        if text.endswith("\\\n"):
            return None  # the ``pass`` appended would continue its last line
        source = text + _INDENT + "pass\n"
    else:
        source = text if role in ("first", "top") else _WRAPPERS.get(role, "class _:\n") + text
    try:
        tree = ast.parse(source, filename=path)
        compile(tree, path, "exec", flags=flags, dont_inherit=True)
    except (SyntaxError, ValueError):
        return None
    if role in ("first", "top"):
        return tree
    definition = tree.body[0]
    expected = ast.FunctionDef if role in ("signature", "statement") else ast.ClassDef
    if len(tree.body) > 1 or type(definition) is not expected:
        return None  # a top-level statement that did not start a chunk (``(a) = 1``): the definition whole
    assert isinstance(definition, (ast.FunctionDef, ast.ClassDef))
    body = definition.body
    if role in ("header", "signature") and not (len(body) == 1 and _is_appended(body[0], source)):
        return None  # not a definition whose body is that ``pass``, at column 4
    return tree


def _is_appended(statement: ast.stmt, source: str) -> bool:
    return isinstance(statement, ast.Pass) and statement.lineno == source.count("\n") and statement.col_offset == 4


def digest(kind: str, role: str, flags: int, text: str) -> str:
    """What a piece's verification depends on: the module's kind, the piece's role and future flags, its text."""
    key = f"{kind}\0{role}\0{flags}\0{text}".encode(errors="surrogatepass")  # a lone surrogate: refused, later
    return hashlib.sha256(key).hexdigest()


class Verified:
    """Pieces verified before (sha256 → the facts they carry), read from the cache once and written once."""

    def __init__(self, cache: Cache | None = None) -> None:
        self.cache = cache
        self.pieces = _load(cache)
        self.used: set[str] = set()
        self.added = False
        self.new: dict[str, list[str]] = {}  # added since it was read: what a forked verifier sends back

    def get(self, key: str) -> list[str] | None:
        facts = self.pieces.get(key)
        if facts is not None:
            self.used.add(key)
        return facts

    def add(self, key: str, facts: list[str]) -> None:
        self.pieces[key] = facts
        self.new[key] = facts
        self.used.add(key)
        self.added = True

    def save(self) -> None:
        """Write what was added, once; a cache that cannot be written only means verifying again."""
        if self.cache is None or not self.added:
            return
        pieces = self.pieces
        if len(pieces) > _MAX_PIECES:
            pieces = {key: pieces[key] for key in self.used}
        self.cache.put(VERIFIED, _ENTRY, pieces)


def _load(cache: Cache | None) -> dict[str, list[str]]:
    stored = cache.get(VERIFIED, _ENTRY) if cache is not None else None
    if not isinstance(stored, dict):
        return {}
    return {
        key: facts
        for key, facts in stored.items()
        if isinstance(key, str) and isinstance(facts, list) and all(isinstance(fact, str) for fact in facts)
    }
