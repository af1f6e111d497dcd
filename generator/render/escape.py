"""Context escaping for everything a template prints.

A template may only print values that went through one of these filters: the
environment's ``finalize`` refuses a plain ``str``, so a spec string can never
reach generated code unescaped by accident.
"""

from __future__ import annotations

import keyword
import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_NOT_PRINTABLE_ASCII = re.compile(r"[^ -~]")
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]+")


class Code(str):
    """Text that is safe to print in the context its filter was made for."""


def ident(value: str) -> Code:
    """A Python identifier computed by :mod:`wcfgen.names`; anything else is a bug."""
    if not value.isidentifier() or not value.isascii() or keyword.iskeyword(value):
        raise ValueError(f"not a safe identifier: {value!r}")
    return Code(value)


def pystr(value: str) -> Code:
    """A Python string literal: closed, inert, every unprintable character escaped.

    Quoted as ruff and black write it: double quotes, unless the text holds more double
    than single quotes (then single quotes need fewer escapes).
    """
    text = str(value)
    quote = "'" if text.count('"') > text.count("'") else '"'
    text = text.replace("\\", "\\\\").replace(quote, "\\" + quote)
    if not text.isprintable():  # only what is not printable ASCII is looked at, one character at a time
        text = _NOT_PRINTABLE_ASCII.sub(_escape_unprintable, text)
    return Code(quote + text + quote)


def _escape_unprintable(match: re.Match[str]) -> str:
    char = match.group()
    return char if char.isprintable() else repr(char)[1:-1]


def docstring(value: str, indent: int = 0) -> Code:
    """Text inside a triple-quoted docstring: no escapes, no closing quotes, no control characters.

    Continuation lines get ``indent`` spaces, so a multi-line text stays in its block. The
    text is laid out as the formatters leave a docstring: whitespace other than line
    breaks is a plain space, trailing spaces go, the continuation lines' common indentation
    is removed.
    """
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    text = "".join(" " if char.isspace() and char != "\n" else char for char in text)
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    first, *rest = [line.rstrip() for line in text.strip().split("\n")]
    rest = _dedent(rest)
    return Code("\n".join([first, *((" " * indent + line) if line else "" for line in rest)]))


def _dedent(lines: list[str]) -> list[str]:
    margin = min((len(line) - len(line.lstrip(" ")) for line in lines if line), default=0)
    return [line[margin:] for line in lines]


def comment(value: str) -> Code:
    """Text on one comment line."""
    return Code(_LINE_BREAKS.sub(" ", _CONTROL.sub(" ", str(value))).strip())


def markdown(value: str) -> Code:
    """Prose in the generated README: one paragraph, no HTML, no Markdown markup."""
    text = comment(value)
    for char in "\\`*_[]<>#|":
        text = Code(text.replace(char, "\\" + char))
    return text


def finalize(value: object) -> object:
    if isinstance(value, Code) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise TypeError(f"template printed an unescaped value {value!r}; use a context filter")
