"""What a page reader extracts from one operation page, before any interpretation.

Both renderings of a page (text and XHTML) produce a :class:`RawPage`;
:mod:`wcfgen.read.page` turns it into an :class:`~wcfgen.ir.Operation`.
Fields with defaults are known only from an XHTML page or the service's index;
text renderings leave them unset.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class RawRow:
    """One row of the message table: direction label, Format cell, Body cell."""

    direction: str
    format: str
    body: str
    has_example: bool
    has_schema: bool
    line: int
    anchors: tuple[str, ...] = ()  # the blocks the Body cell links to, e.g. ("response-xml", "response-schema")


@dataclass(frozen=True)
class RawBlock:
    """A sample block: an XML example, a JSON example, or an XML schema."""

    kind: Literal["xml", "json", "schema"]
    text: str
    line: int
    anchor: str | None = None  # the block's class on an XHTML page, e.g. "request-schema"


@dataclass(frozen=True)
class RawPage:
    file: str
    url: str
    method: str
    description: str
    rows: tuple[RawRow, ...]
    blocks: tuple[RawBlock, ...]
    jsonp_callback: str | None = None  # the JSONP callback query parameter, when the page offers JSONP
    declared_path: str | None = None  # the index's Uri column: the path template with its variables' original case
