"""``wcfgen mock --responses DIR``: answers from files, in place of the pages' examples.

The folder is laid out like the spec folder: ``DIR/<Service>/<Operation>.<ext>`` for one API,
``DIR/<api>/<Service>/<Operation>.<ext>`` for a folder of APIs. A file is the answer's body,
byte for byte; its name says the format and, optionally, the status:

- ``NewCallEvent.json``, ``NewCallEvent.xml``: the answer in that format (status 200);
- ``NewCallEvent.404.json``: with that status (100-599);
- ``Download.bin`` (or ``Download.503.bin``): ``application/octet-stream``, whatever the format.

A request answered in a format without a file gets the page's example. One file per operation and
format: ``Op.json`` beside ``Op.500.json`` is an error, as is a file naming no operation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import SpecError
from ..ir import Api

MAX_FILE_BYTES = 8 * 1024 * 1024
FORMATS = ("xml", "json", "bin")
_NAME = re.compile(r"(?P<operation>[A-Za-z_][A-Za-z0-9_]*)(?:\.(?P<status>[1-5]\d\d))?\.(?P<format>xml|json|bin)")


@dataclass(frozen=True)
class Canned:
    """A file's answer."""

    status: int
    body: bytes
    format: str  # "xml", "json" or "bin"
    file: Path


Responses = dict[tuple[str, str], dict[str, Canned]]  # (service, operation) → format → answer


def read_responses(folder: Path, api: Api) -> Responses:
    """The answers under ``folder`` (this API's part of ``--responses``); an error names the file."""
    services = {s.name: {op.name for op in s.operations} for s in api.services}
    found: Responses = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(folder)
        match = _NAME.fullmatch(path.name)
        if len(relative.parts) != 2 or match is None:
            raise SpecError("expected <Service>/<Operation>[.<status>].xml, .json or .bin", file=path)
        service, operation = relative.parts[0], match["operation"]
        if operation not in services.get(service, set()):
            raise SpecError(f"{api.name} has no operation {service}/{operation}", file=path)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise SpecError(f"larger than {MAX_FILE_BYTES} bytes", file=path)
        answers = found.setdefault((service, operation), {})
        if match["format"] in answers:
            raise SpecError(f"a second {match['format']} answer for {operation} (keep one)", file=path)
        status = int(match["status"] or 200)
        answers[match["format"]] = Canned(status, path.read_bytes(), match["format"], path)
    return found
