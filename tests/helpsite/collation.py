"""The culture-sensitive string order of .NET's default comparer (``OrderBy(s => s)``).

WCF sorts the help index (``OrderBy(o => FilterQueryVariables(o.UriTemplate))``) and the
derived types of an example (``OrderBy(e => e.Name)``) with it, not ordinally: letters compare
without case first (``GetAnotherUsersProfile`` before ``GetAPILimits``), symbols sort before
digits before letters, ``'`` and ``-`` are ignored but for ties. Measured on Mono 6.8 (en-US
and invariant culture alike) for every printable ASCII character:

    SP ! " # $ % & ( ) * , . / : ; ? @ [ \\ ] ^ _ ` { | } ~ + < = > 0 … 9 a A b B … z Z

Levels, most significant first: the characters' primary weights, accents, case (lower before
upper), then the ignored characters. Non-ASCII letters take their base letter's weight and an
accent; other non-ASCII characters sort after ``>`` by code point (an approximation).
"""

from __future__ import annotations

import unicodedata

_SYMBOLS = ' !"#$%&()*,./:;?@[\\]^_`{|}~+<=>'
_IGNORED = "'-"
_SYMBOL_RANK = {c: i for i, c in enumerate(_SYMBOLS)}

CollationKey = tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...], tuple[tuple[int, int], ...]]


def culture_key(text: str) -> CollationKey:
    """A sort key that orders strings as ``string.Compare(a, b, StringComparison.CurrentCulture)``."""
    primary: list[tuple[int, int]] = []
    accents: list[int] = []
    cases: list[int] = []
    ignored: list[tuple[int, int]] = []
    for position, char in enumerate(text):
        if char in _IGNORED:
            ignored.append((position, ord(char)))
            continue
        base, accent = _decompose(char)
        if base in _SYMBOL_RANK:
            primary.append((0, _SYMBOL_RANK[base]))
        elif base.isdigit() and base.isascii():
            primary.append((2, ord(base)))
        elif base.isalpha():
            primary.append((3, ord(base.lower())))
        else:
            primary.append((1, ord(base)))
        accents.append(accent)
        cases.append(1 if base.isupper() else 0)
    return tuple(primary), tuple(accents), tuple(cases), tuple(ignored)


def _decompose(char: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", char)
    return decomposed[0], sum(ord(mark) for mark in decomposed[1:])
