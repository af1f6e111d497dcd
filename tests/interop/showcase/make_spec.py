"""Regenerate the Showcase help pages (tests/specs/showcase/) and wire fixtures (./fixtures/).

    python -m tests.interop.showcase.make_spec           # write
    python -m tests.interop.showcase.make_spec --check   # exit 1 if the committed files differ

Everything comes from Mono: ShowcaseDump.exe exports each operation's schemas with
XsdDataContractExporter, serializes sample instances with DataContractSerializer /
DataContractJsonSerializer, and serializes the fixture cases. This script only lays the
results out: pages in the *text rendering* of a WCF help page (what "save as text" gives, as
schemas/k2/PBX/NewCallEvent.txt), English strings, one file per operation.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from tests.helpsite import wcf_pretty
from tests.interop.dumpkit import FIXTURE_PATTERNS, differences, render_fixtures, write_files
from tests.interop.showcase import toolchain

HERE: Final = Path(__file__).resolve().parent
ROOT: Final = HERE.parents[2]
SPEC_DIR: Final = ROOT / "tests" / "specs" / "showcase"
PAGES_DIR: Final = SPEC_DIR / "Showcase"
FIXTURES_DIR: Final = HERE / "fixtures"

# English help-page strings (wcf-help-format.md §5). "The {0} body is a stream." is inferred:
# only the Czech text ("Tělo {0} představuje proud bajtů.") has been seen on a real page.
EMPTY: Final = "The {0} body is empty."
WRAPPED: Final = "The {0} body is wrapped."
STREAM: Final = "The {0} body is a stream."
TITLES: Final = {
    ("Request", "xml"): "The following is an example request Xml body:",
    ("Request", "json"): "The following is an example request Json body:",
    ("Response", "xml"): "The following is an example response Xml body:",
    ("Response", "json"): "The following is an example response Json body:",
    ("Request", "schema"): "The following is the request Xml Schema:",
    ("Request", "more"): "Additional request Xml Schemas:",
    ("Response", "schema"): "The following is the response Xml Schema:",
    ("Response", "more"): "Additional response Xml Schemas:",
}


# The text rendering: indentation is gone, XML examples collapse onto one line (as on the
# K2 page), schemas and JSON keep their lines.
def _xml_example_text(indented: str) -> str:
    return " ".join(line.strip() for line in indented.splitlines() if line.strip())


def _lines_text(text: str) -> str:
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _rows(direction: str, message: Mapping[str, Any]) -> list[str]:
    kind = message["kind"]
    if kind == "empty":
        return [f"| {direction} | N/A | {EMPTY.format(direction)} |"]
    if kind == "wrapped":
        return [f"| {direction} | Unknown | {WRAPPED.format(direction)} |"]
    if kind == "stream":
        return [f"| {direction} | Unknown | {STREAM.format(direction)} |"]
    links = "Example,Schema" if message["schemas"] else "Example"
    return [f"| {direction} | Xml | {links} |", f"| {direction} | Json | Example |"]


def render_page(op: Mapping[str, Any]) -> str:
    """One operation's help page, text rendering, English."""
    request, response = op["request"], op["response"]
    lines = [
        f"Reference for  {op['url']}",  # two spaces: HelpPageReferenceFor
        op["description"],
        f"Url: {op['url']}",
        f"HTTP Method: {op['method']}",
        "| Message direction | Format | Body |",
        "|---|---|---|",
        *_rows("Request", request),
        *_rows("Response", response),
    ]
    for direction, message in (("Request", request), ("Response", response)):
        if message["kind"] == "body":
            lines += [TITLES[direction, "xml"], _xml_example_text(message["xml"])]
            lines += [TITLES[direction, "json"], _lines_text(wcf_pretty(message["json"]))]
    for direction, message in (("Request", request), ("Response", response)):
        schemas: Sequence[str] = message.get("schemas", ())
        for index, schema in enumerate(schemas):
            # Only the main schema and the first additional one have a title.
            if index == 0:
                lines.append(TITLES[direction, "schema"])
            elif index == 1:
                lines.append(TITLES[direction, "more"])
            lines.append(_lines_text(schema))
    return "\n".join(lines)  # no final newline, like the K2 pages


def render_pages(spec: Sequence[Mapping[str, Any]]) -> dict[str, bytes]:
    return {f"{op['name']}.txt": render_page(op).encode("utf-8") for op in spec}


def generate(dump_exe: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """(pages by file name, fixtures by file name), straight from Mono."""
    spec = json.loads(toolchain.run_dump(dump_exe, "spec"))
    cases = json.loads(toolchain.run_dump(dump_exe, "fixtures"))
    return render_pages(spec), render_fixtures(cases)


PAGE_PATTERNS: Final = ("*.txt",)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when something is out of date")
    args = parser.parse_args(argv)

    dump_exe = toolchain.build().dump_exe
    pages, fixtures = generate(dump_exe)
    stale = [f"{PAGES_DIR / n}" for n in differences(PAGES_DIR, pages, PAGE_PATTERNS)]
    stale += [f"{FIXTURES_DIR / n}" for n in differences(FIXTURES_DIR, fixtures, FIXTURE_PATTERNS)]
    if args.check:
        for name in stale:
            print(f"out of date: {name}")
        return 1 if stale else 0
    write_files(PAGES_DIR, pages, PAGE_PATTERNS)
    write_files(FIXTURES_DIR, fixtures, FIXTURE_PATTERNS)
    print(f"{len(pages)} pages in {PAGES_DIR}, {len(fixtures)} fixture files in {FIXTURES_DIR} ({len(stale)} changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
