"""What a page reader extracts from one operation page, before any interpretation.

Both renderings of a page (text now, XHTML later) produce a :class:`RawPage`;
:mod:`generator.read.page` turns it into an :class:`~generator.ir.Operation`.
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


@dataclass(frozen=True)
class RawBlock:
    """A sample block: an XML example, a JSON example, or an XML schema."""

    kind: Literal["xml", "json", "schema"]
    text: str
    line: int


@dataclass(frozen=True)
class RawPage:
    file: str
    url: str
    method: str
    description: str
    rows: tuple[RawRow, ...]
    blocks: tuple[RawBlock, ...]
