"""Recognise WCF's error page, served in place of a help page when the service fails.

``HelpHtmlBuilder.CreateServerErrorPage`` writes the same XHTML frame as a help page
(saved with an XML declaration) whose ``div#content`` holds only paragraphs: the
heading (``Request Error``, localized), the message (with the exception's when the
service includes exception details, and a ``rel="help-page"`` link when help is on),
then the stack trace. Recognised by that structure, never by its words; the message
is kept for the user, as data: one line, printable characters only, bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from ..errors import SpecError
from .html_page import by_class, content_of, parse_help_html, text_of

_MAX_MESSAGE = 300
# English only, and only to shorten the message to the exception's: the page is recognised without it.
_EXCEPTION_MESSAGE = re.compile(r"The exception message is '(?P<message>.*)'\. See server logs", re.DOTALL)


@dataclass(frozen=True)
class ErrorPage:
    title: str  # the heading, e.g. "Request Error"
    message: str  # the exception's message when the page gives it in English, else the page's message


def read_error_page(text: str, file: str, root: etree._Element | None = None) -> ErrorPage | None:
    """The page as WCF's error page, or ``None`` when it is anything else (a help page, say).
    ``root``: the page already parsed by :func:`parse_help_html` (it is read as a help page next)."""
    try:
        content = content_of(root if root is not None else parse_help_html(text, file))
    except SpecError:
        return None
    headings = by_class(content, "p", "heading1")
    paragraphs = [child for child in content if isinstance(child.tag, str)]
    if len(headings) != 1 or not paragraphs or paragraphs[0] is not headings[0] or len(paragraphs) < 2:
        return None
    if any(child.tag != "p" for child in paragraphs) or content.find(".//table") is not None:
        return None
    if by_class(content, "span", "uri-template") or content.xpath('.//a[@rel="operation"]'):
        return None
    if len(paragraphs) > 3 or any(_has_markup_besides_help_link(p) for p in paragraphs[1:]):
        return None
    message = text_of(paragraphs[1])
    found = _EXCEPTION_MESSAGE.search(message)
    return ErrorPage(_clean(text_of(headings[0])), _clean(found["message"] if found else message))


def _has_markup_besides_help_link(paragraph: etree._Element) -> bool:
    return any(child.tag != "a" or child.get("rel") != "help-page" for child in paragraph if isinstance(child.tag, str))


def _clean(text: str) -> str:
    """One line of printable characters, bounded: it ends up in a terminal."""
    line = "".join(c if c.isprintable() else " " for c in text)
    return line if len(line) <= _MAX_MESSAGE else line[: _MAX_MESSAGE - 1] + "…"
