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
so there a missing toolchain is a failure.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import socket
import struct
import subprocess
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal, NoReturn, Protocol

import httpx
import pytest

HERE: Final = Path(__file__).resolve().parent

HOST_SOURCES: Final = ("Contract.cs", "CallHistoryHost.cs")
CLIENT_SOURCES: Final = ("Contract.cs", "CallHistoryClient.cs")
MCS_REFERENCES: Final = ("System.ServiceModel", "System.ServiceModel.Web", "System.Runtime.Serialization")

CALL_EVENT_STRING_FIELDS: Final = ("Direction", "Email", "EventName", "From", "Line", "Login", "Reason", "To")

READY_TIMEOUT_S: Final = 20.0
# Generous: the first call of each code path makes Mono JIT-compile a lot of WCF.
REQUEST_TIMEOUT_S: Final = 20.0
CLIENT_TIMEOUT_S: Final = 30.0
STOP_TIMEOUT_S: Final = 5.0

# Loopback only: neither httpx nor Mono's HttpWebRequest may route through a proxy.
PROXY_ENV_VARS: Final = (
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "no_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
)

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
class ReceivedError:
    """An exception the WCF dispatcher turned into a fault (or a 404)."""

    type: str  # e.g. "System.Runtime.Serialization.SerializationException"
    message: str
    inner: str | None  # "Type: message" of the inner exception


@dataclass(frozen=True)
class MonoBuild:
    host_exe: Path
    client_exe: Path
    from_cache: bool
    compile_seconds: float


@dataclass
class HarnessTimings:
    compile_seconds: float | None = None
    compiled_from_cache: bool = False
    startup_seconds: list[float] = field(default_factory=list)  # one entry per host start
    warmup_seconds: list[float] = field(default_factory=list)


_TIMINGS_KEY: Final = pytest.StashKey[HarnessTimings]()


class MonoClientRunner(Protocol):
    def __call__(self, base_url: str, timeout: float = CLIENT_TIMEOUT_S) -> str: ...


def double_from_bits(bits: int) -> float:
    """Inverse of .NET BitConverter.DoubleToInt64Bits (signed 64-bit)."""
    return float(struct.unpack("<d", struct.pack("<q", bits))[0])


def double_to_bits(value: float) -> int:
    return int(struct.unpack("<q", struct.pack("<d", value))[0])


def _b64(value: object) -> str | None:
    if value is None:
        return None
    assert isinstance(value, str), value
    return base64.b64decode(value, validate=True).decode("utf-8")


def _decode_call(raw: dict[str, object]) -> ReceivedCall:
    path = _b64(raw["path"])
    assert path is not None
    raw_event = raw["event"]
    if raw_event is None:
        return ReceivedCall(path, _b64(raw["content_type"]), None, None, None)
    assert isinstance(raw_event, dict)
    event: dict[str, str | float | None] = {name: _b64(raw_event[name]) for name in CALL_EVENT_STRING_FIELDS}
    unique = raw_event["UniqueId"]
    assert isinstance(unique, dict)
    bits = int(unique["bits"])
    event["UniqueId"] = double_from_bits(bits)
    return ReceivedCall(path, _b64(raw["content_type"]), event, _b64(unique["r"]), bits)


def _decode_error(raw: dict[str, object]) -> ReceivedError:
    type_, message = _b64(raw["type"]), _b64(raw["message"])
    assert type_ is not None and message is not None
    return ReceivedError(type_, message, _b64(raw["inner"]))


# --------------------------------------------------------------------------- toolchain


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _missing_toolchain(reason: str) -> NoReturn:
    """Skip locally; in CI Mono is part of the environment, so its absence is a failure."""
    if _in_ci():
        pytest.fail(f"{reason} (CI is set, so Mono must be installed)", pytrace=False)
    pytest.skip(reason)


def _mono_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in PROXY_ENV_VARS}
    # Keep Mono's own console output decodable regardless of the caller's locale.
    env.setdefault("LANG", "C.UTF-8")
    return env


def _build_dir(config: pytest.Config, tmp_path_factory: pytest.TempPathFactory, key: str) -> Path:
    # Reuse builds across sessions when the cache plugin is on; compiling is cheap but not free.
    cache = getattr(config, "cache", None)
    if cache is not None:
        path: Path = cache.mkdir("wcfgen-mono-interop") / key
        path.mkdir(exist_ok=True)
        return path
    return tmp_path_factory.mktemp("mono-interop")


def _compile(exe: Path, sources: tuple[str, ...]) -> None:
    tmp = exe.with_name(f"{exe.name}.{os.getpid()}.tmp")
    cmd = [
        "mcs",
        "-nologo",
        "-codepage:utf8",
        "-target:exe",
        *(f"-r:{ref}" for ref in MCS_REFERENCES),
        f"-out:{tmp}",
        *(str(HERE / src) for src in sources),
    ]
    result = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=120, env=_mono_env())
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        tmp.unlink(missing_ok=True)
        if "CS0006" in output:  # referenced assembly missing: incomplete Mono install
            _missing_toolchain(
                f"mcs cannot find a WCF assembly (install libmono-system-servicemodel-web4.0-cil): {output}"
            )
        raise RuntimeError(f"mcs failed for {exe.name}:\n{output}")
    os.replace(tmp, exe)  # atomic, so parallel sessions never see a half-written exe


# --------------------------------------------------------------------------- host process


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class MonoHost:
    """A running CallHistoryHost.exe plus an HTTP client for its test-control endpoint."""

    def __init__(self, process: subprocess.Popen[str], port: int, log: list[str]) -> None:
        self.process = process
        self.port = port
        self.base_url_xml = f"http://127.0.0.1:{port}/PBX"
        self.base_url_json = f"http://127.0.0.1:{port}/PBXJson"
        self.control_url = f"http://127.0.0.1:{port}/_test"
        self._log = log
        # trust_env=False: never route loopback traffic through a proxy from the environment.
        self.http = httpx.Client(trust_env=False, timeout=REQUEST_TIMEOUT_S)

    def received(self) -> list[ReceivedCall]:
        """All NewCallEvent calls since the last reset, in arrival order."""
        return [_decode_call(item) for item in self._get_json("received")]

    def errors(self) -> list[ReceivedError]:
        """Exceptions the dispatcher turned into faults since the last reset."""
        return [_decode_error(item) for item in self._get_json("errors")]

    def reset(self) -> None:
        # Mono answers 411 to a POST without Content-Length, crashes on one without
        # Content-Type, and crashes on an empty JSON body; an empty raw body is safe.
        response = self.http.post(
            f"{self.control_url}/reset", content=b"", headers={"Content-Type": "application/octet-stream"}
        )
        self._check(response)

    def is_running(self) -> bool:
        return self.process.poll() is None

    def log(self) -> str:
        """Everything the host printed (stdout+stderr); Mono logs dispatcher exceptions here."""
        return "\n".join(self._log)

    def post(self, base_url: str, body: bytes, content_type: str) -> httpx.Response:
        """POST a raw body to NewCallEvent under base_url (either endpoint)."""
        return self.http.post(
            f"{base_url}/CallHistory/NewCallEvent", content=body, headers={"Content-Type": content_type}
        )

    def stop(self) -> None:
        self.http.close()
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()  # --exit-on-stdin-eof: polite shutdown
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT_S)

    def _get_json(self, name: str) -> list[dict[str, object]]:
        response = self.http.get(f"{self.control_url}/{name}")
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


def _launch(exe: Path) -> MonoHost:
    """Start the host on a free port; retry on the (rare) race for the port."""
    last_error = ""
    for _ in range(3):
        port = _free_loopback_port()
        process = subprocess.Popen(
            ["mono", str(exe), str(port), "--exit-on-stdin-eof"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=_mono_env(),
            cwd=exe.parent,
        )
        log: list[str] = []
        ready = threading.Event()

        # Drain stdout continuously: Mono prints stack traces there and a full pipe would
        # block the host.
        def pump(
            process: subprocess.Popen[str] = process,
            log: list[str] = log,
            ready: threading.Event = ready,
            port: int = port,
        ) -> None:
            assert process.stdout is not None
            for line in process.stdout:
                line = line.rstrip("\r\n")
                log.append(line)
                if line == f"READY {port}":
                    ready.set()
            ready.set()  # EOF: wake the waiter, which then sees the exit

        threading.Thread(target=pump, name=f"mono-host-{port}", daemon=True).start()
        host = MonoHost(process, port, log)
        if ready.wait(READY_TIMEOUT_S) and host.is_running():
            return host
        host.stop()
        last_error = f"host on port {port} did not become ready (exit code {process.returncode}):\n{host.log()}"
    raise RuntimeError(last_error)


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


class _HostManager:
    """Owns the session's host; restarts it if a test managed to kill it."""

    def __init__(self, build: MonoBuild, timings: HarnessTimings) -> None:
        self._build = build
        self._timings = timings
        self._host: MonoHost | None = None
        self.crash_logs: list[str] = []

    def get(self) -> MonoHost:
        if self._host is not None and not self._host.is_running():
            log = self._host.log()
            self.crash_logs.append(log)
            fatal = [line for line in log.splitlines() if "FATAL" in line or "Unhandled Exception" in line]
            warnings.warn(f"Mono host had died, restarting it: {fatal[:1] or log[-500:]}", stacklevel=2)
            self._host.stop()
            self._host = None
        if self._host is None:
            started = time.monotonic()
            host = _launch(self._build.host_exe)
            ready_at = time.monotonic()
            try:
                _warm_up(host)
            except BaseException:
                host.stop()
                raise
            self._timings.startup_seconds.append(ready_at - started)
            self._timings.warmup_seconds.append(time.monotonic() - ready_at)
            self._host = host
        return self._host

    def stop(self) -> None:
        if self._host is not None:
            self._host.stop()
            self._host = None


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def _harness_timings(pytestconfig: pytest.Config) -> HarnessTimings:
    timings = HarnessTimings()
    pytestconfig.stash[_TIMINGS_KEY] = timings
    return timings


@pytest.fixture(scope="session")
def mono_build(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory, _harness_timings: HarnessTimings
) -> MonoBuild:
    """Compile CallHistoryHost.exe and CallHistoryClient.exe once (cached by source hash)."""
    missing = [tool for tool in ("mono", "mcs") if shutil.which(tool) is None]
    if missing:
        _missing_toolchain(
            f"Mono interop harness needs {' and '.join(missing)} on PATH "
            "(apt-get install mono-devel libmono-system-servicemodel-web4.0-cil)"
        )
    digest = hashlib.sha256()
    digest.update(subprocess.run(["mcs", "--version"], check=False, capture_output=True, timeout=60).stdout)
    digest.update(" ".join(MCS_REFERENCES).encode())
    for name in sorted(set(HOST_SOURCES + CLIENT_SOURCES)):
        digest.update(name.encode() + b"\0" + (HERE / name).read_bytes() + b"\0")
    out_dir = _build_dir(pytestconfig, tmp_path_factory, digest.hexdigest()[:20])
    host_exe, client_exe = out_dir / "CallHistoryHost.exe", out_dir / "CallHistoryClient.exe"

    started = time.monotonic()
    from_cache = host_exe.is_file() and client_exe.is_file()
    if not from_cache:
        _compile(host_exe, HOST_SOURCES)
        _compile(client_exe, CLIENT_SOURCES)
    elapsed = time.monotonic() - started
    _harness_timings.compile_seconds = elapsed
    _harness_timings.compiled_from_cache = from_cache
    return MonoBuild(host_exe, client_exe, from_cache, elapsed)


@pytest.fixture(scope="session")
def _mono_host_manager(mono_build: MonoBuild, _harness_timings: HarnessTimings) -> Iterator[_HostManager]:
    manager = _HostManager(mono_build, _harness_timings)
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
        result = subprocess.run(
            ["mono", str(mono_build.client_exe), base_url],
            check=False,
            capture_output=True,
            timeout=timeout,
            env=_mono_env(),
        )
        stdout = result.stdout.decode("utf-8", "replace")
        if result.returncode != 0:
            raise AssertionError(
                f"CallHistoryClient.exe exited with {result.returncode}\nstdout:\n{stdout}\n"
                f"stderr:\n{result.stderr.decode('utf-8', 'replace')}"
            )
        return stdout

    return run


@pytest.fixture(scope="session")
def mono_client_event() -> dict[str, str | float | None]:
    """The CallEvent values CallHistoryClient.exe sends (fresh copy)."""
    return dict(MONO_CLIENT_EVENT)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    timings = config.stash.get(_TIMINGS_KEY, None)
    if timings is None or timings.compile_seconds is None:
        return
    parts = [f"compile {timings.compile_seconds:.2f}s{' (cached)' if timings.compiled_from_cache else ''}"]
    if timings.startup_seconds:
        parts.append("startup " + ", ".join(f"{s:.2f}s" for s in timings.startup_seconds))
    if timings.warmup_seconds:
        parts.append("warm-up " + ", ".join(f"{s:.2f}s" for s in timings.warmup_seconds))
    terminalreporter.write_line("mono interop harness: " + "; ".join(parts))
