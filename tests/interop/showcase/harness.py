"""Runtime side of the Showcase harness: the WCF host, the ad-hoc serializer tool, the fixtures.

Importable by any test (``from tests.interop.showcase.harness import ...``); the pytest
fixtures that create these objects are in conftest.py next to it.

ShowcaseHost    the running ShowcaseHost.exe (Mono WCF WebHttp), restarted on demand
DcsTool         `ShowcaseDump.exe serve`: what Mono's DataContract(Json)Serializer makes of bytes
fixture_cases() fixtures/index.json + the exact serializer bytes of each case
download_bytes  what GET Download/{name} answers
"""

from __future__ import annotations

import base64
import functools
import json
import select
import socket
import subprocess
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final, Literal

import httpx

from tests.interop.showcase import toolchain

HERE: Final = Path(__file__).resolve().parent
FIXTURES: Final = HERE / "fixtures"

SER_NS: Final = "http://schemas.microsoft.com/2003/10/Serialization/"
XML_CT: Final = "application/xml; charset=utf-8"
JSON_CT: Final = "application/json; charset=utf-8"

# Ports the host serves IShowcase on. Mono's WCF dispatcher pauses 100 ms after every request
# of an endpoint (see ShowcaseHost.cs, TestControl); reset() moves to the next lane, so a
# test rarely waits for the previous test's pause.
LANES: Final = 4

READY_TIMEOUT_S: Final = 20.0
# Generous: the first call of each code path makes Mono JIT-compile a lot of WCF.
REQUEST_TIMEOUT_S: Final = 20.0
STOP_TIMEOUT_S: Final = 5.0
DCS_TIMEOUT_S: Final = 20.0

Format = Literal["xml", "json"]


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Received:
    """One request that reached an IShowcase endpoint, as WCF saw it (see ShowcaseHost.cs)."""

    method: str
    uri: str  # the request URI as Mono's listener rebuilt it (percent-escapes partly decoded)
    path: str  # e.g. "/Showcase.svc/Echo"
    query: str  # undecoded, without "?"; "" when none
    content_type: str | None
    body: bytes | None  # exact bytes off the wire; None when the channel read no body (GET)
    operation: str | None  # the IShowcase method that ran; None when it never ran (fault, 404)
    note: str | None  # what the operation decoded; per operation, see ShowcaseService in ShowcaseHost.cs


@dataclass(frozen=True)
class ReceivedError:
    """An exception the WCF dispatcher turned into a fault (or a 404)."""

    type: str  # e.g. "System.Runtime.Serialization.SerializationException"
    message: str
    inner: str | None  # "Type: message" of the inner exception


def _text(value: object) -> str | None:
    if value is None:
        return None
    assert isinstance(value, str), value
    return base64.b64decode(value, validate=True).decode("utf-8")


def _required(value: object) -> str:
    text = _text(value)
    assert text is not None
    return text


def _received(raw: dict[str, object]) -> Received:
    body = raw["body"]
    assert body is None or isinstance(body, str)
    return Received(
        method=_required(raw["method"]),
        uri=_required(raw["uri"]),
        path=_required(raw["path"]),
        query=_required(raw["query"]),
        content_type=_text(raw["content_type"]),
        body=None if body is None else base64.b64decode(body, validate=True),
        operation=_text(raw["operation"]),
        note=_text(raw["note"]),
    )


def _error(raw: dict[str, object]) -> ReceivedError:
    return ReceivedError(_required(raw["type"]), _required(raw["message"]), _text(raw["inner"]))


def download_bytes(name: str) -> bytes:
    """The body of GET Download/{name}: UTF-8 of the name twice, then bytes 0..255."""
    text = name.encode("utf-8")
    return text + text + bytes(range(256))


# --------------------------------------------------------------------------- host


@dataclass
class HostTimings:
    startup_seconds: list[float] = field(default_factory=list)  # one entry per host start
    warmup_seconds: list[float] = field(default_factory=list)


def _free_loopback_ports(count: int) -> list[int]:
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for sock in sockets:  # all bound at once, so the ports differ
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


class _Process:
    """One ShowcaseHost.exe process listening on 127.0.0.1, on LANES ports."""

    def __init__(self, exe: Path) -> None:
        self.ports = _free_loopback_ports(LANES)
        self.port = self.ports[0]  # also serves /_test
        self.log: list[str] = []
        self.popen = subprocess.Popen(
            ["mono", str(exe), ",".join(map(str, self.ports)), "--exit-on-stdin-eof"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=toolchain.mono_env(),
            cwd=exe.parent,
        )
        self.ready = threading.Event()
        # Drain stdout continuously: Mono prints stack traces there and a full pipe would
        # block the host.
        threading.Thread(target=self._pump, name=f"showcase-host-{self.port}", daemon=True).start()

    def _pump(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            line = line.rstrip("\r\n")
            self.log.append(line)
            if line == f"READY {self.port}":
                self.ready.set()
        self.ready.set()  # EOF: wake the waiter, which then sees the exit

    def running(self) -> bool:
        return self.popen.poll() is None

    def stop(self) -> None:
        if self.popen.poll() is None:
            assert self.popen.stdin is not None
            self.popen.stdin.close()  # --exit-on-stdin-eof: polite shutdown
            try:
                self.popen.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=STOP_TIMEOUT_S)


class ShowcaseHost:
    """ShowcaseHost.exe plus an httpx client for it.

    The base URLs change: reset() moves to the next lane (port), and some requests kill Mono
    (a POST without Content-Type, an empty JSON body, see the K2 harness), after which the
    next accessor starts a fresh host on new ports (with a warning). So read base_url_xml /
    base_url_json / url() after reset() and after provoking a crash, not before.
    """

    def __init__(self, exe: Path, timings: HostTimings | None = None) -> None:
        self._exe = exe
        self._process: _Process | None = None
        self.timings = timings if timings is not None else HostTimings()
        self.restarts = 0
        self.crash_logs: list[str] = []
        self._warming = False
        self._lane = 0
        # trust_env=False: never route loopback traffic through a proxy from the environment.
        self.http = httpx.Client(trust_env=False, timeout=REQUEST_TIMEOUT_S)

    # --- addresses

    @property
    def port(self) -> int:
        """The current lane's port."""
        process = self._running()
        return process.ports[self._lane % len(process.ports)]

    @property
    def base_url_xml(self) -> str:
        """IShowcase answering XML, e.g. http://127.0.0.1:PORT/Showcase.svc."""
        return f"http://127.0.0.1:{self.port}/Showcase.svc"

    @property
    def base_url_json(self) -> str:
        """IShowcase answering JSON (Mono ignores Accept, hence a second endpoint)."""
        return f"http://127.0.0.1:{self.port}/ShowcaseJson.svc"

    def base_url(self, answers: Format) -> str:
        return self.base_url_xml if answers == "xml" else self.base_url_json

    def url(self, path: str, answers: Format = "xml") -> str:
        """Full URL of an operation path ("Echo/Int", "Items/a?top=1") on either endpoint."""
        return f"{self.base_url(answers)}/{path}"

    # --- inspection endpoint

    def received(self) -> list[Received]:
        """Requests that reached IShowcase since the last reset, in arrival order."""
        return [_received(item) for item in self._control_json("received")]

    def errors(self) -> list[ReceivedError]:
        """Exceptions the dispatcher turned into faults since the last reset."""
        return [_error(item) for item in self._control_json("errors")]

    def reset(self) -> None:
        """Clear the record of received requests and errors, and move to the next lane."""
        response = self.http.post(f"{self._control_url()}/reset", content=b"")
        self._check(response)
        self._lane += 1

    # --- plain HTTP helpers

    def post(self, path: str, body: bytes, content_type: str, answers: Format = "xml") -> httpx.Response:
        return self.http.post(self.url(path, answers), content=body, headers={"Content-Type": content_type})

    def get(self, path: str, answers: Format = "xml") -> httpx.Response:
        return self.http.get(self.url(path, answers))

    # --- process

    def is_running(self) -> bool:
        return self._process is not None and self._process.running()

    def log(self) -> str:
        """Everything the host printed (stdout+stderr); Mono logs dispatcher exceptions here."""
        return "\n".join(self._process.log) if self._process is not None else ""

    def start(self) -> None:
        self._running()

    def stop(self) -> None:
        if self._process is not None:
            self._process.stop()
            self._process = None

    def close(self) -> None:
        self.stop()
        self.http.close()

    def _running(self) -> _Process:
        if self._warming and self._process is not None and not self._process.running():
            raise RuntimeError(f"the Showcase host died during its warm-up:\n{self.log()}")
        if self._process is not None and not self._process.running():
            log = "\n".join(self._process.log)
            self.crash_logs.append(log)
            fatal = [line for line in log.splitlines() if "FATAL" in line or "Unhandled Exception" in line]
            warnings.warn(f"Showcase host had died, restarting it: {fatal[:1] or log[-500:]}", stacklevel=3)
            self._process.stop()
            self._process = None
            self.restarts += 1
        if self._process is None:
            self._process = self._launch()
        return self._process

    def _launch(self) -> _Process:
        last_error = ""
        for _ in range(3):  # retry the (rare) race for the free port
            started = time.monotonic()
            process = _Process(self._exe)
            if process.ready.wait(READY_TIMEOUT_S) and process.running():
                ready_at = time.monotonic()
                self._process, self._warming = process, True
                try:
                    self._warm_up()
                except BaseException:
                    self._process = None
                    process.stop()
                    raise
                finally:
                    self._warming = False
                self.timings.startup_seconds.append(ready_at - started)
                self.timings.warmup_seconds.append(time.monotonic() - ready_at)
                return process
            process.stop()
            last_error = (
                f"host on port {process.port} did not become ready (exit code {process.popen.returncode}):\n"
                + "\n".join(process.log)
            )
        raise RuntimeError(last_error)

    def _warm_up(self) -> None:
        """Drive every code path once, so tests neither pay Mono's JIT cost nor time out."""
        everything = fixture("everything")
        assert everything.xml is not None and everything.json is not None
        calls = []
        for lane in range(LANES):
            self._lane = lane
            calls += [
                (self.post("Echo", everything.xml, XML_CT), 200),
                (self.post("Echo", everything.json, JSON_CT, answers="json"), 200),
            ]
        calls += [
            (self.get("Items/warm?filter=up&top=1"), 200),
            (self.post("Concat", b'{"a":"warm","b":1}', JSON_CT, answers="json"), 200),
            (self.post("Upload", b"warm-up", "application/octet-stream"), 200),
            (self.get("Download/warm"), 200),
            (self.post("Echo/Int", b"<int/>", XML_CT), 500),  # the fault path
        ]
        for response, status in calls:
            if response.status_code != status:
                raise RuntimeError(
                    f"warm-up got {response.status_code} {response.content[:500]!r} for {response.request.url}\n"
                    f"host log:\n{self.log()}"
                )
        if len(self.received()) != len(calls) or len(self.errors()) != 1:
            raise RuntimeError(f"warm-up calls were not recorded as expected\nhost log:\n{self.log()}")
        self.reset()

    def _control_url(self) -> str:
        return f"http://127.0.0.1:{self._running().port}/_test"

    def _control_json(self, name: str) -> list[dict[str, object]]:
        response = self.http.get(f"{self._control_url()}/{name}")
        self._check(response)
        data = json.loads(response.content)
        assert isinstance(data, list)
        return data

    def _check(self, response: httpx.Response) -> None:
        if response.status_code != 200:
            raise RuntimeError(
                f"test-control call {response.request.url} failed: {response.status_code} {response.text!r}\n"
                f"host log:\n{self.log()}"
            )


# --------------------------------------------------------------------------- DCS tool


class DcsError(Exception):
    """Mono's serializer rejected the input ("read"), or could not write what it read ("write")."""

    def __init__(self, phase: str, description: str) -> None:
        super().__init__(f"{phase}: {description}")
        self.phase = phase
        self.description = description  # "<exception type>: <message>[ ---> <inner type>: <message>]"
        self.type = description.split(":", 1)[0]


class DcsTool:
    """A long-running `ShowcaseDump.exe serve`: ask Mono's serializers directly, without HTTP.

    roundtrip("Everything", "xml", body) is what new DataContractSerializer(typeof(Everything))
    writes after reading body, i.e. how Mono understood it, in its own canonical form. Type
    names: see ShowcaseDump.TypeNames (Everything, Tag, List<Tag>, int, DateTime, ...).
    """

    def __init__(self, dump_exe: Path) -> None:
        self._lock = threading.Lock()
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the tool; close()
        self._popen = subprocess.Popen(
            ["mono", str(dump_exe), "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=toolchain.mono_env(),
        )

    def roundtrip(self, type_name: str, fmt: Format, body: bytes) -> bytes:
        """Mono reads body as type_name in fmt and writes it back in fmt; DcsError if it can't."""
        if " " in type_name:
            raise ValueError(f"type names have no spaces: {type_name!r}")
        line = f"roundtrip {type_name} {fmt} {base64.b64encode(body).decode()}\n".encode()
        with self._lock:
            stdin, stdout = self._popen.stdin, self._popen.stdout
            assert stdin is not None and stdout is not None
            try:
                stdin.write(line)
                stdin.flush()
            except BrokenPipeError:
                self._died()
            # One request, one answer line: nothing can be buffered beyond it.
            ready, _, _ = select.select([stdout], [], [], DCS_TIMEOUT_S)
            if not ready:
                raise TimeoutError(f"ShowcaseDump.exe serve did not answer within {DCS_TIMEOUT_S}s")
            answer = stdout.readline().decode("ascii").rstrip("\n")
        if not answer:
            self._died()
        status, _, payload = answer.partition(" ")
        if status == "OK":
            return base64.b64decode(payload, validate=True)
        phase, _, payload = payload.partition(" ")
        raise DcsError(phase, base64.b64decode(payload, validate=True).decode("utf-8"))

    def close(self) -> None:
        if self._popen.poll() is None:
            assert self._popen.stdin is not None
            self._popen.stdin.close()
            try:
                self._popen.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self._popen.kill()
                self._popen.wait(timeout=STOP_TIMEOUT_S)
        self._stderr.close()

    def _died(self) -> None:
        self._popen.wait(timeout=STOP_TIMEOUT_S)
        self._stderr.seek(0)
        raise RuntimeError(
            f"ShowcaseDump.exe serve exited with {self._popen.returncode}:\n"
            + self._stderr.read().decode("utf-8", "replace")
        )


# --------------------------------------------------------------------------- fixtures


@dataclass(frozen=True)
class FixtureCase:
    """One value serialized by Mono's DataContractSerializer (xml) and DataContractJsonSerializer (json).

    xml/json are the exact bytes (what WCF sends for that value as a bare body), or None when
    the serializer refused the value; then xml_error/json_error say why ("Type: message").
    """

    name: str
    type: str  # ShowcaseDump.TypeNames key: "Everything", "DateTime", "List<Tag>", ...
    description: str  # the C# value, in words
    xml: bytes | None
    json: bytes | None
    xml_error: str | None
    json_error: str | None

    def body(self, fmt: Format) -> bytes | None:
        return self.xml if fmt == "xml" else self.json


@functools.cache
def fixture_cases() -> tuple[FixtureCase, ...]:
    """All cases of fixtures/index.json (written by make_spec.py), in their order."""
    index = json.loads((FIXTURES / "index.json").read_text("utf-8"))
    cases = []
    for entry in index:
        files = {fmt: (FIXTURES / entry[fmt]).read_bytes() if entry[fmt] else None for fmt in ("xml", "json")}
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


def fixture(name: str) -> FixtureCase:
    for case in fixture_cases():
        if case.name == name:
            return case
    raise KeyError(name)
