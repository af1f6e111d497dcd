"""Read a WCF service's help index (``<service>/help``): which operations exist, and their declared paths.

The index is a table of Uri / Method / Description. Its Uri column is the only place the
declared path template keeps its variables' original case (operation pages upper-case
them); operations sharing a path share one ``rowspan`` Uri cell, so the rows after the
first of a group have two cells. Each Method cell links to the operation page with
``<a rel="operation" href="help/operations/<Name>">`` and carries the full URL in its
``title``. Like operation pages, the index is read by structure, never by translated words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from lxml import etree

from ..errors import SpecError
from .html_page import by_class, content_of, parse_help_html, text_of

INDEX_PAGE = "help.html"  # the file a service folder keeps its index in

_URL_AT_END = re.compile(r"(?P<url>https?://\S+)\s*$")
_OPERATION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}")
_OPERATION_LINK = re.compile(r"(?:^|/)operations/(?P<name>[^/]+?)(?:\.html?)?$")
_DEFAULT_DESCRIPTION_PREFIX = 40  # "Service at {url}", localized: a few words before the URL


@dataclass(frozen=True)
class IndexEntry:
    name: str  # the operation name, from the link
    method: str
    path: str  # the Uri column: the declared template as written ("/a/{Id}"), its query removed unless it starts with "?"
    url: str | None  # the full URL (title attribute): base + template, variables upper-cased
    description: str  # "" when WCF printed its default "Service at <url>"
    line: int


@dataclass(frozen=True)
class IndexPage:
    file: str
    base_url: str | None  # from the heading "Operations at <base>"
    entries: tuple[IndexEntry, ...]

    def entry(self, name: str) -> IndexEntry | None:
        return next((entry for entry in self.entries if entry.name == name), None)


def read_index_page(text: str, file: str) -> IndexPage:
    content = content_of(parse_help_html(text, file))
    links = content.xpath('.//a[@rel="operation"]')
    if not links:
        raise SpecError('not a WCF help index: no operation links (<a rel="operation">)', file=file)
    table = next((ancestor for ancestor in links[0].iterancestors() if ancestor.tag == "table"), None)
    if table is None:
        raise SpecError("not a WCF help index: the operation links are not in a table", file=file)
    entries = _entries(table, file)
    seen: set[str] = set()
    for entry in entries:
        if entry.name in seen:
            raise SpecError(f"operation {entry.name!r} is listed twice", file=file, line=entry.line)
        seen.add(entry.name)
    headings = by_class(content, "p", "heading1")
    match = _URL_AT_END.search(text_of(headings[0])) if headings else None
    return IndexPage(file, match.group("url") if match else None, tuple(entries))


def _entries(table: etree._Element, file: str) -> list[IndexEntry]:
    entries = []
    path, shared_rows = "", 0  # the current rowspan Uri cell, and how many more rows it covers
    for row in table.iter("tr"):
        cells = row.findall("td")
        if not cells:  # the header row (th)
            continue
        if len(cells) == 3 and shared_rows == 0:
            uri_cell, *cells = cells
            path, shared_rows = text_of(uri_cell), _rowspan(uri_cell, file) - 1
        elif len(cells) == 2 and shared_rows > 0:
            shared_rows -= 1
        else:
            raise SpecError("an index row must have Uri, Method and Description cells", file=file, line=row.sourceline)
        method_cell, description_cell = cells
        links = method_cell.xpath('.//a[@rel="operation"]')
        if len(links) != 1:
            raise SpecError(
                'an index row must link to one operation (<a rel="operation">)', file=file, line=row.sourceline
            )
        url = method_cell.get("title")
        description = text_of(description_cell)
        entries.append(
            IndexEntry(
                name=_operation_name(links[0].get("href", ""), file, row.sourceline),
                method=text_of(links[0]),
                path=path,
                url=url,
                description="" if _is_default_description(description, url) else description,
                line=row.sourceline,
            )
        )
    if shared_rows:
        raise SpecError("a rowspan Uri cell spans more rows than the table has", file=file)
    return entries


def _rowspan(cell: etree._Element, file: str) -> int:
    value = cell.get("rowspan", "1")
    if not value.isdigit() or not 1 <= int(value) <= 10_000:
        raise SpecError(f"invalid rowspan {value!r}", file=file, line=cell.sourceline)
    return int(value)


def _operation_name(href: str, file: str, line: int) -> str:
    """``help/operations/Ping``, or ``help/operations/Ping.html`` in a saved copy → ``Ping``."""
    match = _OPERATION_LINK.search(urlsplit(href).path)
    name = unquote(match.group("name")) if match else ""
    if not _OPERATION_NAME.fullmatch(name):
        raise SpecError(
            f"operation link {href!r} must end in operations/<Name> (letters, digits, '_')", file=file, line=line
        )
    return name


def _is_default_description(description: str, url: str | None) -> bool:
    """WCF's ``Service at {url}`` (localized) stands for "no description"; its URL is the row's title."""
    if not url or not description.endswith(url):
        return False
    prefix = description[: -len(url)]
    return len(prefix) <= _DEFAULT_DESCRIPTION_PREFIX and "." not in prefix
