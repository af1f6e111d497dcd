"""Regenerate the World ground truth: fixtures/, fixtures/schemas/ and tests/specs/world/World/.

    python -m tests.interop.world.make_world           # write
    python -m tests.interop.world.make_world --check   # exit 1 if the committed files differ

Everything comes from Mono (WorldDump.exe, see its header): the fixture cases' DCS/DCJS bytes
or errors, what XsdDataContractExporter exports per type set, and per IWorld operation what
its help page shows, laid out as Showcase's pages are (showcase/make_spec.py renders them).
JSON examples DataContractJsonSerializer refuses (IsReference bodies) come from
WorldDumpNoRefs.exe, the same tool built with Node as a plain contract.
wcfgen.toml of the spec is written by hand.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from tests.interop import mono
from tests.interop.dumpkit import FIXTURE_PATTERNS, differences, render_fixtures, write_files
from tests.interop.showcase.make_spec import PAGE_PATTERNS, render_pages
from tests.interop.world import harness

ROOT: Final = harness.HERE.parents[2]
SPEC_DIR: Final = ROOT / "tests" / "specs" / "world"
PAGES_DIR: Final = SPEC_DIR / "World"
SCHEMA_PATTERNS: Final = ("*.xsd", "*.json")


def render_schemas(sets: Sequence[Mapping[str, Any]]) -> dict[str, bytes]:
    """<set>-<n>.xsd per exported schema (main schema first) and schemas.json, the index."""
    files: dict[str, bytes] = {}
    index = []
    for entry in sets:
        items = []
        for number, schema in enumerate(entry["schemas"], 1):
            name = f"{entry['set']}-{number}.xsd"
            files[name] = (schema["text"] + "\n").encode("utf-8")
            items.append({"namespace": schema["namespace"], "file": name})
        index.append({"set": entry["set"], "types": entry["types"], "schemas": items})
    files[harness.SCHEMA_INDEX] = (json.dumps(index, indent=1) + "\n").encode("utf-8")
    return files


def with_reference_free_json(spec: list[dict[str, Any]], norefs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """spec, its missing JSON examples (DCJS refuses IsReference contracts) taken from norefs."""
    by_name = {op["name"]: op for op in norefs}
    for op in spec:
        for direction in ("request", "response"):
            message = op[direction]
            if message["kind"] == "body" and message["json"] is None:
                message["json"] = by_name[op["name"]][direction]["json"]
    return spec


def generate(build: harness.Build) -> dict[Path, dict[str, bytes]]:
    """{folder: {file name: bytes}} for every generated folder, straight from Mono."""
    dump = json.loads(mono.run(build.dump_exe, "all"))
    norefs = json.loads(mono.run(build.dump_norefs_exe, "spec"))
    return {
        harness.FIXTURES: render_fixtures(dump["fixtures"]),
        harness.SCHEMAS: render_schemas(dump["schemas"]),
        PAGES_DIR: render_pages(with_reference_free_json(dump["spec"], norefs)),
    }


PATTERNS: Final = {harness.FIXTURES: FIXTURE_PATTERNS, harness.SCHEMAS: SCHEMA_PATTERNS, PAGES_DIR: PAGE_PATTERNS}


def out_of_date(generated: Mapping[Path, Mapping[str, bytes]]) -> list[Path]:
    return [
        folder / name for folder, files in generated.items() for name in differences(folder, files, PATTERNS[folder])
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when something is out of date")
    args = parser.parse_args(argv)

    generated = generate(harness.build())
    stale = out_of_date(generated)
    if args.check:
        for path in stale:
            print(f"out of date: {path}")
        return 1 if stale else 0
    for folder, files in generated.items():
        write_files(folder, files, PATTERNS[folder])
    print(
        ", ".join(f"{len(files)} files in {folder}" for folder, files in generated.items()) + f" ({len(stale)} changed)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
