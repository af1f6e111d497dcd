"""API change reports: text for a terminal, Markdown for a changelog, JSON for tools."""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import groupby

from .rules import Change, Level

_COLORS = {Level.ERROR: "\x1b[31m", Level.WARNING: "\x1b[33m", Level.INFO: "\x1b[2m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def summary(changes: Sequence[Change]) -> str:
    """``no API changes``, or e.g. ``3 API changes (client: 1 error; server: compatible)``."""
    if not changes:
        return "no API changes"
    noun = "change" if len(changes) == 1 else "changes"
    client = _side_summary([c.client for c in changes])
    server = _side_summary([c.server for c in changes])
    return f"{len(changes)} API {noun} (client: {client}; server: {server})"


def _side_summary(levels: list[Level]) -> str:
    parts = []
    for level in (Level.ERROR, Level.WARNING):
        count = levels.count(level)
        if count:
            parts.append(f"{count} {level}{'s' if count > 1 else ''}")
    return ", ".join(parts) or "compatible"


def fails(changes: Sequence[Change], threshold: Level, *, client: bool = True, server: bool = True) -> bool:
    """Whether a change reaches ``threshold`` for the sides asked about."""
    levels = [c.client for c in changes if client] + [c.server for c in changes if server]
    return any(level.rank >= threshold.rank for level in levels)


def text_report(changes: Sequence[Change], *, color: bool = False) -> str:
    if not changes:
        return "no API changes\n"
    lines = []
    width = min(max(len(c.subject) for c in changes), 48)
    for api, group in groupby(changes, key=lambda c: c.api):
        items = list(group)
        title = f"{api}: {summary(items)}"
        lines += [f"{_BOLD}{title}{_RESET}" if color else title, "  client   server"]
        for change in items:
            client, server = (_paint(level, f"{level:<8}", color) for level in (change.client, change.server))
            lines.append(f"  {client} {server} {change.subject:<{width}}  {change.message}{_travel(change)}")
    return "\n".join(lines) + "\n"


def _paint(level: Level, text: str, color: bool) -> str:
    return f"{_COLORS[level]}{text}{_RESET}" if color else text


def _travel(change: Change) -> str:
    if not change.directions:
        return ""
    return f" (in {' and '.join(f'{d}s' for d in change.directions)})"


def markdown_report(changes: Sequence[Change]) -> str:
    if not changes:
        return "No API changes.\n"
    blocks = []
    for api, group in groupby(changes, key=lambda c: c.api):
        items = list(group)
        rows = [f"**{api}**: {summary(items)}", "", "| Client | Server | Where | Change |", "|---|---|---|---|"]
        for change in items:
            cells = (_md_level(change.client), _md_level(change.server), f"`{change.subject}`", change.message + _travel(change))
            rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
        blocks.append("\n".join(rows) + "\n")
    return "\n".join(blocks)


def _md_level(level: Level) -> str:
    return f"**{level}**" if level is Level.ERROR else str(level)


def json_report(changes: Sequence[Change]) -> str:
    """One object: ``summary`` (per side, per level, how many) and ``changes``; keys in a fixed order."""
    document = {
        "summary": {
            side: {str(level): sum(1 for c in changes if getattr(c, side) is level) for level in reversed(Level)}
            for side in ("client", "server")
        },
        "changes": [
            {
                "api": c.api,
                "subject": c.subject,
                "kind": c.kind,
                "client": str(c.client),
                "server": str(c.server),
                "directions": [str(d) for d in c.directions],
                "message": c.message,
            }
            for c in changes
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
