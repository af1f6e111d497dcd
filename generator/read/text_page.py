"""Read the text rendering of a WCF operation help page (what a browser's "save as text" gives).

The rendering loses the page's classes and anchors, so this reader anchors on shape,
never on translated words: the heading and ``Url`` lines end in the operation URL,
the method line ends in an HTTP method, the table is the ``|`` lines, and the sample
blocks are XML fragments and JSON values in the fixed order WCF prints them.
"""

from __future__ import annotations

import json
import re

from lxml import etree

from ..errors import SpecError
from ..ir import XS
from .raw import RawBlock, RawPage, RawRow
from .safe_xml import parse_xml

_URL_AT_END = re.compile(r"(?P<url>https?://\S+)\s*$")
_LABELLED_URL = re.compile(r"^[^:<>{}|]{1,60}:\s*(?P<url>https?://\S+)\s*$")
_LABELLED_METHOD = re.compile(r"^[^:<>{}|]{1,60}:\s*(?P<method>[A-Z]{3,10})\s*$")
_JSON_START = re.compile(r'^\s*(?:[\[{"\-0-9]|true\b|false\b|null\b)')
_XML_ROOT = re.compile(r"^\s*<(?P<tag>[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)")
_LINK_CELL = re.compile(r"^\s*[^\s,.]+(?:\s*,\s*[^\s,.]+)?\s*$")
_MAX_BLOCK_LINES = 20_000


def read_text_page(text: str, file: str) -> RawPage:
    lines = text.splitlines()
    if not lines or not _URL_AT_END.search(lines[0]):
        raise SpecError("not a WCF help page: the first line must end with the operation URL", file=file, line=1)

    url_index = _find(lines, 1, _LABELLED_URL, file, "the 'Url:' line")
    url = _LABELLED_URL.match(lines[url_index]).group("url")  # type: ignore[union-attr]
    description = "\n".join(line.strip() for line in lines[1:url_index]).strip()

    method_index = _find(lines, url_index + 1, _LABELLED_METHOD, file, "the 'HTTP Method:' line")
    method = _LABELLED_METHOD.match(lines[method_index]).group("method")  # type: ignore[union-attr]

    table_start = next((i for i in range(method_index + 1, len(lines)) if lines[i].lstrip().startswith("|")), None)
    if table_start is None:
        raise SpecError("not a WCF help page: no message table ('|' rows) after the method line", file=file)
    table_end = table_start
    while table_end < len(lines) and lines[table_end].lstrip().startswith("|"):
        table_end += 1
    rows = _rows(lines, table_start, table_end, file)

    return RawPage(
        file=file,
        url=url,
        method=method,
        description=description,
        rows=rows,
        blocks=_blocks(lines, table_end, file),
    )


def _find(lines: list[str], start: int, pattern: re.Pattern[str], file: str, what: str) -> int:
    for index in range(start, len(lines)):
        if pattern.match(lines[index]):
            return index
    raise SpecError(f"not a WCF help page: {what} is missing", file=file)


def _rows(lines: list[str], start: int, end: int, file: str) -> tuple[RawRow, ...]:
    table = [(index, [cell.strip() for cell in lines[index].strip().strip("|").split("|")]) for index in range(start, end)]
    if len(table) < 3 or any(len(cells) != 3 for _, cells in table):
        raise SpecError("the message table must have a header, a rule and rows of three cells", file=file, line=start + 1)
    rows = []
    for index, (label, fmt, body) in table[2:]:
        links = fmt in ("Xml", "Json") and bool(_LINK_CELL.match(body))
        rows.append(
            RawRow(
                direction=label,
                format=fmt,
                body=body,
                has_example=links,
                has_schema=links and "," in body,
                line=index + 1,
            )
        )
    return tuple(rows)


def _blocks(lines: list[str], start: int, file: str) -> tuple[RawBlock, ...]:
    blocks: list[RawBlock] = []
    index = start
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
        elif line.lstrip().startswith("<"):
            end, root = _xml_block(lines, index, file)
            text = "\n".join(lines[index:end])
            is_schema = root.tag == f"{{{XS}}}schema"
            blocks.append(RawBlock("schema" if is_schema else "xml", text, index + 1))
            index = end
        elif _JSON_START.match(line):
            end = _json_block(lines, index, file)
            blocks.append(RawBlock("json", "\n".join(lines[index:end]), index + 1))
            index = end
        else:  # a sample title, localized: its position is all that matters
            index += 1
    return tuple(blocks)


def _xml_block(lines: list[str], start: int, file: str) -> tuple[int, etree._Element]:
    """Find the end of the XML fragment starting at ``start``: the line closing its root."""
    match = _XML_ROOT.match(lines[start])
    if match is None:
        raise SpecError("malformed XML: expected an element", file=file, line=start + 1)
    close = f"</{match.group('tag')}>"
    end = start
    limit = min(len(lines), start + _MAX_BLOCK_LINES)
    while end < limit:
        stripped = lines[end].rstrip()
        end += 1
        if stripped.endswith(close) or (end - 1 == start and stripped.endswith("/>") and stripped.count("<") == 1):
            root = parse_xml("\n".join(lines[start:end]), file=file, line=start + 1)
            return end, root
    raise SpecError(f"malformed XML: {close} not found", file=file, line=start + 1)


_JSON = json.JSONDecoder()


def _json_block(lines: list[str], start: int, file: str) -> int:
    """Find the end of the JSON value starting at ``start``: one parse, then count its lines."""
    text = "\n".join(lines[start : start + _MAX_BLOCK_LINES]).lstrip()
    try:
        _, end = _JSON.raw_decode(text)
    except (ValueError, RecursionError):
        raise SpecError("malformed JSON example", file=file, line=start + 1) from None
    if text[end:].split("\n", 1)[0].strip():
        raise SpecError("malformed JSON example: text after the value", file=file, line=start + 1)
    return start + text.count("\n", 0, end) + 1
