"""Pytest fixtures for the Mono WCF interop harness.

The harness runs a real WCF WebHttp service (CallHistoryHost.cs) and a real WCF REST client
(CallHistoryClient.cs) on Mono, for K2's `POST PBX/CallHistory/NewCallEvent`.

Fixtures:
    mono_build       (session)  -> MonoBuild: paths of the compiled host/client exes
    mono_host        (function) -> MonoHost: running, warmed-up host with an empty record
    run_mono_client  (session)  -> MonoClientRunner: run CallHistoryClient.exe, return stdout
    mono_client_event (session) -> the CallEvent values CallHistoryClient.exe sends

MonoHost:
    base_url_xml / base_url_json    "http://127.0.0.1:PORT/PBX" / ".../PBXJson" (JSON answers)
    post(base_url, body, content_type) -> httpx.Response   raw POST to NewCallEvent
    received() -> list[ReceivedCall]   calls since the last reset, every field exact
    errors() -> list[ReceivedError]    exceptions Mono turned into faults since the last reset
    reset(), is_running(), log(), http (an httpx.Client that ignores proxy settings)

One host serves the whole session; if a test kills it (Mono dies on some bad requests, see
CallHistoryHost.cs) the next test gets a fresh one, with a warning.

Without `mono`/`mcs` the tests are skipped, unless the CI env var is set: CI installs Mono,
so there a missing toolchain is a failure. The plumbing (compiling, processes, restarts, that
rule) is mono.py's, shared with showcase/ and world/; this conftest's terminal summary reports
all three harnesses.
"""

from __future__ import annotations

import struct
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, Protocol

import httpx
import pytest

from tests.interop import mono
from tests.interop.hostkit import ReceivedError, b64_text, check_control, control_json, received_error

HERE: Final = Path(__file__).resolve().parent

PROGRAMS: Final = (
    mono.Program(
        "CallHistoryHost", (HERE / "Contract.cs", HERE / "CallHistoryHost.cs", HERE / "HostKit.cs"), mono.WCF_REFERENCES
    ),
    mono.Program("CallHistoryClient", (HERE / "Contract.cs", HERE / "CallHistoryClient.cs"), mono.WCF_REFERENCES),
)

CALL_EVENT_STRING_FIELDS: Final = ("Direction", "Email", "EventName", "From", "Line", "Login", "Reason", "To")

# Generous: the first call of each code path makes Mono JIT-compile a lot of WCF.
REQUEST_TIMEOUT_S: Final = 20.0
CLIENT_TIMEOUT_S: Final = 30.0

# What CallHistoryClient.FixedEvent() sends; keep in sync with CallHistoryClient.cs.
MONO_CLIENT_EVENT: Final[dict[str, str | float | None]] = {
    "Direction": "Příchozí",
    "Email": "čeněk.šťastný@example.cz",
    "EventName": "Příchozí hovor – Čeněk Šťastný",
    "From": "+420 777 123 456",
    "Line": "Linka 1",
    "Login": None,
    "Reason": "",
    "To": "Žluťoučký kůň úpěl ďábelské ódy",
    "UniqueId": 1.26743233e15,
}

_WARMUP_XML: Final = (
    b'<CallEvent xmlns="K2.Data" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">'
    b"<Direction>warm-up</Direction><UniqueId>1</UniqueId></CallEvent>"
)
_WARMUP_JSON: Final = b'{"Direction":"warm-up","UniqueId":1}'
_WARMUP_FAULT_XML: Final = b'<Wrong xmlns="K2.Data"/>'


# --------------------------------------------------------------------------- data types


@dataclass(frozen=True)
class ReceivedCall:
    """One NewCallEvent invocation as the WCF service saw it."""

    path: str  # request path, e.g. "/PBX/CallHistory/NewCallEvent"
    content_type: str | None  # request Content-Type header
    # Field name -> value; strings exact (None = null/absent), UniqueId as float built from
    # the raw IEEE bits. None when WCF passed a null CallEvent (e.g. empty body).
    event: dict[str, str | float | None] | None
    unique_id_text: str | None  # .NET UniqueId.ToString("R", InvariantCulture)
    unique_id_bits: int | None  # BitConverter.DoubleToInt64Bits(UniqueId), signed

    @property
    def body_format(self) -> Literal["xml", "json", "other"]:
        ct = (self.content_type or "").split(";")[0].strip().lower()
        if ct.endswith("/json"):
            return "json"
        if ct.endswith("/xml"):
            return "xml"
        return "other"


@dataclass(frozen=True)
class MonoBuild:
    host_exe: Path
    client_exe: Path
    from_cache: bool
    compile_seconds: float


class MonoClientRunner(Protocol):
    def __call__(self, base_url: str, timeout: float = CLIENT_TIMEOUT_S) -> str: ...


def double_from_bits(bits: int) -> float:
    """Inverse of .NET BitConverter.DoubleToInt64Bits (signed 64-bit)."""
    return float(struct.unpack("<d", struct.pack("<q", bits))[0])


def double_to_bits(value: float) -> int:
    return int(struct.unpack("<q", struct.pack("<d", value))[0])


def _decode_call(raw: dict[str, object]) -> ReceivedCall:
    path = b64_text(raw["path"])
    assert path is not None
    raw_event = raw["event"]
    if raw_event is None:
        return ReceivedCall(path, b64_text(raw["content_type"]), None, None, None)
    assert isinstance(raw_event, dict)
    event: dict[str, str | float | None] = {name: b64_text(raw_event[name]) for name in CALL_EVENT_STRING_FIELDS}
    unique = raw_event["UniqueId"]
    assert isinstance(unique, dict)
    bits = int(unique["bits"])
    event["UniqueId"] = double_from_bits(bits)
    return ReceivedCall(path, b64_text(raw["content_type"]), event, b64_text(unique["r"]), bits)


# --------------------------------------------------------------------------- host process


class MonoHost:
    """A running CallHistoryHost.exe plus an HTTP client for its test-control endpoint."""

    def __init__(self, mono_process: mono.MonoProcess) -> None:
        self.mono = mono_process
        self.process = mono_process.popen
        self.port = mono_process.port
        self.base_url_xml = f"http://127.0.0.1:{self.port}/PBX"
        self.base_url_json = f"http://127.0.0.1:{self.port}/PBXJson"
        self.control_url = f"http://127.0.0.1:{self.port}/_test"
        # trust_env=False: never route loopback traffic through a proxy from the environment.
        self.http = httpx.Client(trust_env=False, timeout=REQUEST_TIMEOUT_S)

    def received(self) -> list[ReceivedCall]:
        """All NewCallEvent calls since the last reset, in arrival order."""
        return [_decode_call(item) for item in control_json(self.http, f"{self.control_url}/received", self.log())]

    def errors(self) -> list[ReceivedError]:
        """Exceptions the dispatcher turned into faults since the last reset."""
        return [received_error(item) for item in control_json(self.http, f"{self.control_url}/errors", self.log())]

    def reset(self) -> None:
        # Mono answers 411 to a POST without Content-Length, crashes on one without
        # Content-Type, and crashes on an empty JSON body; an empty raw body is safe.
        response = self.http.post(
            f"{self.control_url}/reset", content=b"", headers={"Content-Type": "application/octet-stream"}
        )
        check_control(response, self.log())

    def is_running(self) -> bool:
        return self.mono.running()

    def log(self) -> str:
        """Everything the host printed (stdout+stderr); Mono logs dispatcher exceptions here."""
        return self.mono.log_text()

    def post(self, base_url: str, body: bytes, content_type: str) -> httpx.Response:
        """POST a raw body to NewCallEvent under base_url (either endpoint)."""
        return self.http.post(
            f"{base_url}/CallHistory/NewCallEvent", content=body, headers={"Content-Type": content_type}
        )

    def stop(self) -> None:
        self.http.close()
        self.mono.stop()

    close = stop


def _warm_up(host: MonoHost) -> None:
    """Drive every code path once so tests don't pay Mono's JIT cost or hit timeouts."""
    expect = b'<boolean xmlns="http://schemas.microsoft.com/2003/10/Serialization/">true</boolean>'
    checks = [
        (host.post(host.base_url_xml, _WARMUP_XML, "application/xml; charset=utf-8"), 200, expect),
        (host.post(host.base_url_json, _WARMUP_JSON, "application/json; charset=utf-8"), 200, b"true"),
        (host.post(host.base_url_xml, _WARMUP_FAULT_XML, "application/xml; charset=utf-8"), 500, None),
    ]
    for response, status, body in checks:
        if response.status_code != status or (body is not None and response.content != body):
            raise RuntimeError(
                f"warm-up got {response.status_code} {response.content!r} for {response.request.url}\n"
                f"host log:\n{host.log()}"
            )
    if len(host.received()) != 2 or len(host.errors()) != 1:
        raise RuntimeError(f"warm-up calls were not recorded as expected\nhost log:\n{host.log()}")
    host.reset()


class _HostManager(mono.Supervisor[MonoHost]):
    """Owns the session's host; restarts it if a test managed to kill it."""

    def __init__(self, build: MonoBuild, timings: mono.Timings) -> None:
        super().__init__("Mono", lambda: MonoHost(mono.launch(build.host_exe)), _warm_up, timings)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def mono_build(pytestconfig: pytest.Config) -> MonoBuild:
    """Compile CallHistoryHost.exe and CallHistoryClient.exe once (cached by source hash)."""
    started = time.monotonic()
    try:
        mono.check_toolchain("Mono interop", zoneinfo=False)
        key = mono.build_key(PROGRAMS)
        exes, from_cache = mono.build(PROGRAMS, mono.build_dir(pytestconfig, "mono-interop", key))
    except mono.ToolchainMissing as missing:
        mono.skip_or_fail(str(missing))
    elapsed = time.monotonic() - started
    timings = mono.timings(pytestconfig, "mono")
    timings.compile_seconds, timings.from_cache = elapsed, from_cache
    return MonoBuild(exes["CallHistoryHost"], exes["CallHistoryClient"], from_cache, elapsed)


@pytest.fixture(scope="session")
def _mono_host_manager(mono_build: MonoBuild, pytestconfig: pytest.Config) -> Iterator[_HostManager]:
    manager = _HostManager(mono_build, mono.timings(pytestconfig, "mono"))
    yield manager
    manager.stop()


@pytest.fixture
def mono_host(_mono_host_manager: _HostManager) -> MonoHost:
    """The session's warmed-up host, with its record of received calls/errors cleared."""
    host = _mono_host_manager.get()
    host.reset()
    return host


@pytest.fixture(scope="session")
def run_mono_client(mono_build: MonoBuild) -> MonoClientRunner:
    """run_mono_client(base_url, timeout=30.0) -> stdout of CallHistoryClient.exe ("True\\n").

    base_url is the service base, e.g. mono_host.base_url_xml or any server of yours
    ("http://127.0.0.1:PORT/PBX"); the client posts to base_url + "/CallHistory/NewCallEvent".
    """

    def run(base_url: str, timeout: float = CLIENT_TIMEOUT_S) -> str:
        try:
            stdout = mono.run(mono_build.client_exe, base_url, timeout=timeout)
        except RuntimeError as failed:
            raise AssertionError(str(failed)) from None
        return stdout.decode("utf-8", "replace")

    return run


@pytest.fixture(scope="session")
def mono_client_event() -> dict[str, str | float | None]:
    """The CallEvent values CallHistoryClient.exe sends (fresh copy)."""
    return dict(MONO_CLIENT_EVENT)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    # One line per harness that compiled this session (K2 "mono", "showcase", "world").
    for line in mono.summary_lines(config):
        terminalreporter.write_line(line)
