"""Read a WCF operation help page as served (XHTML 1.0 Transitional) or as saved by a browser.

Everything is located by the classes and hrefs WCF hard-codes (``span.uri-template``,
``pre.response-xml``, ``href="#request-schema"``), never by translated words, so every
localization reads the same. WCF writes well-formed XHTML, so the page is parsed as XML
first; a copy re-saved by a browser may not be XML any more and is parsed by HTML rules,
where ``<pre>`` ends up beside its ``<p>`` instead of inside it (hence: blocks by class,
not by nesting). Neither parser loads the DOCTYPE's DTD, uses the network or expands an
entity; the ``<pre>`` texts are parsed strictly later, by :mod:`wcfgen.read.safe_xml`.
"""

from __future__ import annotations

import re
from typing import Literal

from lxml import etree

from ..errors import SpecError
from .raw import RawBlock, RawPage, RawRow
from .safe_xml import SAFE_OPTIONS

# The ids WCF gives the sample blocks: the <pre> class, the <a name> and the table's href fragment.
BLOCK_KINDS: dict[str, Literal["xml", "json", "schema"]] = {
    "request-xml": "xml",
    "request-json": "json",
    "request-schema": "schema",
    "response-xml": "xml",
    "response-json": "json",
    "response-schema": "schema",
}

_XML_PARSER = etree.XMLParser(
    encoding="utf-8",  # the text was decoded as UTF-8 already; ignore any other declared encoding
    remove_comments=True,
    remove_pis=True,
    **SAFE_OPTIONS,
)
_HTML_PARSER = etree.HTMLParser(
    encoding="utf-8", no_network=True, huge_tree=False, remove_comments=True, remove_pis=True
)
_ENDS_WITH_HTML = re.compile(r"</html\s*>\s*\Z", re.IGNORECASE)


def parse_help_html(text: str, file: str) -> etree._Element:
    """The page's root element, with namespace-free tag names whichever parser was needed."""
    if not _ENDS_WITH_HTML.search(text[-256:]):
        raise SpecError("not a complete HTML page: it does not end with </html> (truncated?)", file=file)
    data = text.encode("utf-8")
    try:
        root = etree.fromstring(data, _XML_PARSER)
    except etree.XMLSyntaxError:
        root = None
    # An entity reference left unexpanded (&nbsp; with an unloaded DTD) would drop text: use HTML rules,
    # which know the HTML entities and leave any other '&name;' as literal text.
    if root is not None and next(root.iter(etree.Entity), None) is None:
        for element in root.iter(etree.Element):
            element.tag = etree.QName(element).localname
        return root
    try:
        root = etree.fromstring(data, _HTML_PARSER)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise SpecError("not an HTML page", file=file)
    return root


def content_of(root: etree._Element) -> etree._Element:
    """``div#content``, where WCF puts everything; the whole page if a saved copy lost it."""
    found = root.xpath('.//div[@id="content"]')
    return found[0] if found else root


def by_class(root: etree._Element, tag: str, name: str) -> list[etree._Element]:
    found: list[etree._Element] = root.xpath(
        f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
    )
    return found


def text_of(element: etree._Element) -> str:
    """The element's text with runs of whitespace made one space, as a browser shows it."""
    return " ".join("".join(element.itertext()).split())


def read_html_page(text: str, file: str, root: etree._Element | None = None) -> RawPage:
    """``root``: the page already parsed by :func:`parse_help_html` (the error-page test parses it too)."""
    content = content_of(root if root is not None else parse_help_html(text, file))
    return RawPage(
        file=file,
        url=_required_span(content, "uri-template", file),
        method=_required_span(content, "method", file),
        description=_description(content),
        rows=_rows(content, file),
        blocks=_blocks(content, file),
        jsonp_callback=next((text_of(span) for span in by_class(content, "span", "javascript-callback")), None),
    )


def _required_span(content: etree._Element, name: str, file: str) -> str:
    spans = by_class(content, "span", name)
    if not spans:
        raise SpecError(f'not a WCF operation help page: no <span class="{name}">', file=file)
    return text_of(spans[0])


def _description(content: etree._Element) -> str:
    """The paragraph right after the heading; WCF writes an empty one when there is no description."""
    headings = by_class(content, "p", "heading1")
    paragraph = headings[0].getnext() if headings else None
    if paragraph is None or paragraph.tag != "p" or by_class(paragraph, "span", "uri-template"):
        return ""
    lines = "".join(paragraph.itertext()).splitlines()
    return "\n".join(line.strip() for line in lines).strip()


def _rows(content: etree._Element, file: str) -> tuple[RawRow, ...]:
    table = content.find(".//table")
    if table is None:
        raise SpecError("not a WCF operation help page: no message table", file=file)
    rows = []
    for row in table.iter("tr"):
        cells = row.findall("td")
        if not cells:  # the header row (th)
            continue
        if len(cells) != 3:
            raise SpecError("a message table row must have three cells", file=file, line=row.sourceline)
        direction, fmt, body = cells
        anchors = tuple(anchor for link in body.iter("a") if (anchor := _fragment(link.get("href", ""))) in BLOCK_KINDS)
        rows.append(
            RawRow(
                direction=text_of(direction),
                format=text_of(fmt),
                body=text_of(body),
                has_example=any(BLOCK_KINDS[anchor] != "schema" for anchor in anchors),
                has_schema=any(BLOCK_KINDS[anchor] == "schema" for anchor in anchors),
                line=row.sourceline,
                anchors=anchors,
            )
        )
    return tuple(rows)


def _fragment(href: str) -> str:
    """``#request-xml``, ``Op.html#request-xml`` (a saved copy) → ``request-xml``."""
    return href.partition("#")[2].lstrip("#")


def _blocks(content: etree._Element, file: str) -> tuple[RawBlock, ...]:
    blocks = []
    for pre in content.iter("pre"):
        anchor = next((name for name in (pre.get("class") or "").split() if name in BLOCK_KINDS), None)
        if anchor is None:
            raise SpecError(
                f"a <pre> block without a sample class ({', '.join(BLOCK_KINDS)})", file=file, line=pre.sourceline
            )
        # The sample text starts right after <pre ...>, on the line of the tag.
        blocks.append(RawBlock(BLOCK_KINDS[anchor], "".join(pre.itertext()), pre.sourceline, anchor))
    return tuple(blocks)
