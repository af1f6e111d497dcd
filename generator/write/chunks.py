"""A module cut into its statements as text, and the statements verified before.

:func:`split_module` cuts at the lines that start a top-level statement (column 0) and cuts a
top-level ``class`` further at the lines that start a member (column 4): its header (decorators
and ``class X(...):``) is a piece of its own. Decorators stay with what they decorate.

Why each piece, parsed on its own, is the module's own statements: pieces are cut only at the
start of a line. If that line is inside a string, brackets or a backslash continuation, the piece
before it is left unterminated, so it fails to parse (a header, parsed with a ``pass`` appended, is
refused if it ends with a backslash, which that ``pass`` would continue). So when every piece
parses, every cut is at the start of a logical line, with nothing open: a line at column 0 there is
a new top-level statement, and one at column 4 inside a class whose header parses with exactly
that ``pass`` for its body (so the body is indented by 4) is a new member. Tokens and indentation
from a cut on are then what the piece gives alone (a member wrapped as ``class _:`` + the
member), and the module's statements are exactly the pieces' statements. Any piece that does not
parse (a spec's docstring with a line at column 0) and the whole module is verified as before.

:class:`Verified` remembers, in wcfgen's cache, the pieces that passed: the sha256 of what kind
of module each was in, how it was wrapped and its text.
"""

from __future__ import annotations
import __future__

import ast
import bisect
import hashlib
import itertools
from dataclasses import dataclass

from ..cache import Cache

VERIFIED = "verified"  # cache namespace: one entry, every piece verified by this generator
_ENTRY = "pieces"
_MAX_PIECES = 100_000  # past this, only the pieces the last generation used are kept
_STATEMENT = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_@")  # starts a top-level statement
_MEMBER = _STATEMENT | {'"', "'"}  # or a member: a class's docstring too
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
    lines = source.split("\n")  # only "\n": other line breaks Python knows only make pieces longer
    starts, members = _starts(lines)
    ends = [*starts[1:], len(lines)]
    return [_chunk(lines, start, end, end == len(lines), members) for start, end in zip(starts, ends, strict=True)]


def _starts(lines: list[str]) -> tuple[list[int], list[int]]:
    """The lines that start a top-level statement (the first line too), and those that start one at column 4."""
    starts, members = [0], []
    decorated = member_decorated = False  # a decorated statement starts at its first decorator
    seen = False  # the first chunk holds the first statement: it alone may be the docstring (``r"""…"""`` too)
    quote = ""  # the triple quote open at the start of the line, as far as :func:`_open_quote` guesses
    for number, line in enumerate(lines):
        if not quote:
            head = line[:1]
            if head in _STATEMENT:
                if seen and not decorated and not line.startswith("from __future__"):
                    starts.append(number)  # __future__ imports stay with the first chunk, where they must be
                decorated, member_decorated, seen = head == "@", False, True
            elif head == " " and line.startswith(_INDENT) and (member := line[4:5]) in _MEMBER:
                if not member_decorated:
                    members.append(number)
                member_decorated = member == "@"
        if '"""' in line or "'''" in line:
            quote = _open_quote(line, quote)
    return starts, members


def _open_quote(line: str, quote: str) -> str:
    """The triple quote still open after ``line`` (``""``: none), knowing the one open before it.
    A guess (a quote in a comment fools it), but a wrong one only makes a piece that does not parse."""
    position = 0
    while True:
        if not quote:
            found = [(at, triple) for triple in ('"""', "'''") if (at := line.find(triple, position)) >= 0]
            if not found:
                return ""
            position, quote = min(found)
            position += 3
            continue
        at = line.find(quote, position)
        if at < 0:
            return quote
        escaped = (at - len(line[:at].rstrip("\\"))) % 2  # an odd number of backslashes before it
        position = at + (1 if escaped else 3)
        quote = quote if escaped else ""


def _chunk(lines: list[str], start: int, end: int, last: bool, members: list[int]) -> Chunk:
    text = _join(lines, start, end, last)
    if lines[start][:1] not in ("@", "c", "d"):
        return Chunk(text)
    header = next((n for n in range(start, end) if lines[n].startswith(("class ", "def "))), None)
    # the body starts after the line that ends the header: a signature's parameters are at column 4 too
    body = (
        next((n for n in range(header, end) if lines[n].rstrip().endswith(":")), None) if header is not None else None
    )
    if header is None or body is None:
        return Chunk(text)
    starts = members[bisect.bisect_right(members, body) : bisect.bisect_left(members, end)]
    if not starts:
        return Chunk(text)
    bounds = [*starts, end]
    pieces = tuple(_join(lines, a, b, last and b == end) for a, b in itertools.pairwise(bounds))
    return Chunk(text, lines[header].split(None, 1)[0], _join(lines, start, starts[0], False), pieces)


def _join(lines: list[str], start: int, end: int, last: bool) -> str:
    text = "\n".join(lines[start:end])
    return text if last else text + "\n"


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

    def get(self, key: str) -> list[str] | None:
        facts = self.pieces.get(key)
        if facts is not None:
            self.used.add(key)
        return facts

    def add(self, key: str, facts: list[str]) -> None:
        self.pieces[key] = facts
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
