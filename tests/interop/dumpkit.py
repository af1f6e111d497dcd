"""The Python side of DumpKit.cs: the ground truth Mono's serializers write, and ask on demand.

Ground-truth files are written by a dump tool and committed (showcase/fixtures/, world/fixtures/,
spec pages). A fixture folder holds, per case, the exact bytes DataContractSerializer (`<case>.xml`) and
DataContractJsonSerializer (`<case>.json`) wrote, and `index.json`: per case its name, the
C# type, a description, and the file or the serializer's error text for each format. The
make-scripts regenerate them from Mono (`--check` compares instead of writing).

    FixtureCase, load_cases(folder)          reading (needs no Mono); FixtureSet caches a folder
    render_fixtures(cases)                   the dump tool's JSON -> {file name: bytes}
    differences(folder, files, patterns)     what regenerating would change
    write_files(folder, files, patterns)     regenerate (removes stale files of those patterns)
    DcsTool, DcsError                        a dump tool's `serve` mode: ad-hoc round trips
    LineTool                                 a long-running stdin/stdout process (DcsTool's)
"""

from __future__ import annotations

import base64
import json
import os
import select
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final, Literal, NoReturn

from tests.interop import mono
from tests.interop.hostkit import Format

INDEX: Final = "index.json"
TOOL_TIMEOUT_S: Final = 20.0
Target = Literal["xml", "json", "xml-writer"]
FIXTURE_PATTERNS: Final = ("*.xml", "*.json")


@dataclass(frozen=True)
class FixtureCase:
    """One value serialized by Mono's DataContractSerializer (xml) and DataContractJsonSerializer (json).

    xml/json are the exact bytes (what WCF sends for that value as a bare body), or None when
    the serializer refused the value; then xml_error/json_error say why ("Type: message").
    """

    name: str
    type: str  # the dump tool's type name: "Everything", "List<Tag>", "Node", ...
    description: str  # the C# value, in words
    xml: bytes | None
    json: bytes | None
    xml_error: str | None
    json_error: str | None

    def body(self, fmt: Format) -> bytes | None:
        return self.xml if fmt == "xml" else self.json

    def error(self, fmt: Format) -> str | None:
        return self.xml_error if fmt == "xml" else self.json_error


def load_cases(folder: Path) -> tuple[FixtureCase, ...]:
    """All cases of folder/index.json, in their order."""
    index = json.loads((folder / INDEX).read_text("utf-8"))
    cases = []
    for entry in index:
        files = {fmt: (folder / entry[fmt]).read_bytes() if entry[fmt] else None for fmt in ("xml", "json")}
        cases.append(
            FixtureCase(
                name=entry["name"],
                type=entry["type"],
                description=entry["description"],
                xml=files["xml"],
                json=files["json"],
                xml_error=entry["xml_error"],
                json_error=entry["json_error"],
            )
        )
    return tuple(cases)


class FixtureSet:
    """A fixture folder, read once: .cases in index order, [name] for one case."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._cases: tuple[FixtureCase, ...] | None = None

    @property
    def cases(self) -> tuple[FixtureCase, ...]:
        if self._cases is None:
            self._cases = load_cases(self.folder)
        return self._cases

    def __getitem__(self, name: str) -> FixtureCase:
        for case in self.cases:
            if case.name == name:
                return case
        raise KeyError(name)


def render_fixtures(cases: Sequence[Mapping[str, Any]]) -> dict[str, bytes]:
    """<case>.xml|.json (exact serializer bytes) plus index.json, from the dump tool's `fixtures` JSON."""
    files: dict[str, bytes] = {}
    index = []
    for case in cases:
        entry: dict[str, Any] = {"name": case["name"], "type": case["type"], "description": case["description"]}
        for fmt in ("xml", "json"):
            data = case[fmt]
            if data is None:
                entry[fmt] = None
                entry[f"{fmt}_error"] = case[f"{fmt}_error"]
            else:
                file = f"{case['name']}.{fmt}"
                files[file] = base64.b64decode(data)
                entry[fmt] = file
                entry[f"{fmt}_error"] = None
        index.append(entry)
    files[INDEX] = (json.dumps(index, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    return files


def _generated_kind(folder: Path, patterns: Sequence[str]) -> list[Path]:
    return [path for pattern in patterns for path in folder.glob(pattern)] if folder.is_dir() else []


def differences(folder: Path, files: Mapping[str, bytes], patterns: Sequence[str]) -> list[str]:
    """Files that would change: differing, missing, or stale (of a generated kind, not generated now)."""
    changed = [
        name for name, data in files.items() if not (folder / name).is_file() or (folder / name).read_bytes() != data
    ]
    stale = [path.name for path in _generated_kind(folder, patterns) if path.name not in files]
    return sorted(changed + stale)


def write_files(folder: Path, files: Mapping[str, bytes], patterns: Sequence[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for path in _generated_kind(folder, patterns):
        if path.name not in files:
            path.unlink()
    for name, data in files.items():
        (folder / name).write_bytes(data)


# --------------------------------------------------------------------------- the serve process


class LineTool:
    """A long-running `mono <exe> <args>` answering one stdout line per stdin line (a `serve` mode).

    One process per session keeps Mono's start-up and JIT cost out of every call; ask_many()
    pipelines a batch (all requests written, then all answers read).
    """

    def __init__(self, exe: Path, *args: str) -> None:
        self._name = f"{exe.name} {' '.join(args)}"
        self._lock = threading.Lock()
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the tool; close()
        self._buffer = bytearray()
        self._popen = subprocess.Popen(
            ["mono", str(exe), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=mono.env(),
            bufsize=0,
        )

    def ask(self, line: str) -> str:
        [answer] = self.ask_many([line])
        return answer

    def ask_many(self, lines: list[str]) -> list[str]:
        if any("\n" in line for line in lines):
            raise ValueError("requests are single lines")
        with self._lock:
            # A writer thread, so that neither pipe can fill up while the other waits.
            failed: list[BaseException] = []
            writer = threading.Thread(target=self._write, args=(lines, failed), daemon=True)
            writer.start()
            try:
                answers = [self._read_line() for _ in lines]
            finally:
                writer.join(mono.STOP_TIMEOUT_S)
            if failed:
                self._died()
        return answers

    def _write(self, lines: list[str], failed: list[BaseException]) -> None:
        stdin = self._popen.stdin
        assert stdin is not None
        try:
            stdin.write("".join(f"{line}\n" for line in lines).encode())
            stdin.flush()
        except (BrokenPipeError, ValueError) as error:
            failed.append(error)

    def _read_line(self) -> str:
        # Our own buffer over the raw pipe: a buffered reader could hold answers select() cannot see.
        assert self._popen.stdout is not None
        fd = self._popen.stdout.fileno()
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([fd], [], [], TOOL_TIMEOUT_S)
            if not ready:
                raise TimeoutError(f"{self._name} did not answer within {TOOL_TIMEOUT_S}s")
            data = os.read(fd, 1 << 16)
            if not data:
                self._died()
            self._buffer += data
        line, _, rest = bytes(self._buffer).partition(b"\n")
        self._buffer = bytearray(rest)
        return line.decode("utf-8")

    def close(self) -> None:
        if self._popen.poll() is None:
            assert self._popen.stdin is not None
            self._popen.stdin.close()
            try:
                self._popen.wait(timeout=mono.STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self._popen.kill()
                self._popen.wait(timeout=mono.STOP_TIMEOUT_S)
        self._stderr.close()

    def _died(self) -> NoReturn:
        self._popen.wait(timeout=mono.STOP_TIMEOUT_S)
        self._stderr.seek(0)
        raise RuntimeError(
            f"{self._name} exited with {self._popen.returncode}:\n" + self._stderr.read().decode("utf-8", "replace")
        )


# --------------------------------------------------------------------------- serializer tool


class DcsError(Exception):
    """Mono's serializer rejected the input ("read"), or could not write what it read ("write")."""

    def __init__(self, phase: str, description: str) -> None:
        super().__init__(f"{phase}: {description}")
        self.phase = phase
        self.description = description  # "<exception type>: <message>[ ---> <inner type>: <message>]"
        self.type = description.split(":", 1)[0]


class DcsTool:
    """A long-running `<Dump>.exe serve` (DumpKit.LineServer): ask Mono's serializers directly, without HTTP.

    roundtrip("Everything", "xml", body) is what new DataContractSerializer(typeof(Everything))
    writes after reading body, i.e. how Mono understood it, in its own canonical form;
    convert(type, "xml", "json", body) reads one format and writes the other. Type names: the
    dump tool's TypeNames (Everything, Tag, List<Tag>, int, DateTime, ...).
    """

    def __init__(self, dump_exe: Path) -> None:
        self._tool = LineTool(dump_exe, "serve")

    def roundtrip(self, type_name: str, fmt: Format, body: bytes) -> bytes:
        """Mono reads body as type_name in fmt and writes it back in fmt; DcsError if it can't."""
        return self.convert(type_name, fmt, fmt, body)

    def convert(self, type_name: str, source: Format, target: Target, body: bytes) -> bytes:
        """Mono reads body as type_name in source and writes it in target; DcsError if it can't.

        target "xml-writer" is DataContractSerializer writing through System.Xml's XmlWriter
        (prefixes d2p1:, ...) instead of WCF's dictionary writer (a:, ...).
        """
        [answer] = self.convert_many([(type_name, source, target, body)])
        if isinstance(answer, DcsError):
            raise answer
        return answer

    def convert_many(self, requests: list[tuple[str, Format, Target, bytes]]) -> list[bytes | DcsError]:
        """A batch of convert() calls in one exchange with Mono: each answer or its DcsError."""
        lines = []
        for type_name, source, target, body in requests:
            if " " in type_name:
                raise ValueError(f"type names have no spaces: {type_name!r}")
            lines.append(f"convert {type_name} {source} {target} {base64.b64encode(body).decode()}")
        return [_answer(line) for line in self._tool.ask_many(lines)]

    def close(self) -> None:
        self._tool.close()


def serving_tool(dump_exe: Path) -> Iterator[DcsTool]:
    """For a session fixture: `yield from serving_tool(exe)` (the tool is closed after the session)."""
    tool = DcsTool(dump_exe)
    try:
        yield tool
    finally:
        tool.close()


def _answer(line: str) -> bytes | DcsError:
    status, _, payload = line.partition(" ")
    if status == "OK":
        return base64.b64decode(payload, validate=True)
    phase, _, payload = payload.partition(" ")
    return DcsError(phase, base64.b64decode(payload, validate=True).decode("utf-8"))
