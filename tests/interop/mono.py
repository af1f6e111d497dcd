"""Mono plumbing shared by the interop harnesses (K2 one folder down, showcase/, world/).

Nothing here knows a service: it compiles C# programs with mcs (cached by a hash of the
compiler, the references and the sources), runs them in one environment (no proxies, a
fixed time zone, UTF-8), starts hosts that print "READY <port>" and exit at stdin EOF,
restarts a host a test killed, talks to line-protocol tools (`serve` modes), and applies
one rule when Mono is missing: skip locally, fail when CI is set (CI installs Mono).

    Program, build_key(), build(), build_dir()    compiling
    env(), run()                                  running a program to completion
    launch() -> MonoProcess, Supervisor           hosts
    Timings, timings(), summary_lines()           what the terminal summary reports
    check_toolchain(), ToolchainMissing, skip_or_fail()
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Generic, NoReturn, Protocol, TypeVar

import pytest

# Loopback only: neither httpx nor Mono may route through a proxy from the environment.
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

# Every Mono process runs in this zone: DataContractJsonSerializer writes the local offset
# into Local/Unspecified dates ("\/Date(928142400000+0200)\/"), and fixtures, spec examples
# and hosts' answers must not depend on the machine's zone. East of UTC with DST on purpose:
# offsets are non-zero and differ between summer and winter.
TIME_ZONE: Final = "Europe/Prague"
ZONEINFO: Final = Path("/usr/share/zoneinfo") / TIME_ZONE

WCF_REFERENCES: Final = ("System.ServiceModel", "System.ServiceModel.Web", "System.Runtime.Serialization")

COMPILE_TIMEOUT_S: Final = 120.0
RUN_TIMEOUT_S: Final = 60.0
READY_TIMEOUT_S: Final = 20.0
STOP_TIMEOUT_S: Final = 5.0

INSTALL_HINT: Final = "apt-get install mono-devel libmono-system-servicemodel-web4.0-cil"


class ToolchainMissing(Exception):
    """Mono, mcs, a WCF assembly or the time-zone data is not installed."""


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_or_fail(reason: str) -> NoReturn:
    """Skip locally; in CI Mono is part of the environment, so its absence is a failure."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so Mono must be installed)", pytrace=False)
    pytest.skip(reason)


def check_toolchain(harness: str, *, zoneinfo: bool = True) -> None:
    missing = [tool for tool in ("mono", "mcs") if shutil.which(tool) is None]
    if missing:
        raise ToolchainMissing(f"the {harness} harness needs {' and '.join(missing)} on PATH ({INSTALL_HINT})")
    if zoneinfo and not ZONEINFO.is_file():
        # Mono silently falls back to UTC without it, which would change every JSON date.
        raise ToolchainMissing(f"time-zone data {ZONEINFO} is missing (apt-get install tzdata)")


def api_reference(assembly: str) -> str:
    """The path of a reference assembly of Mono's 4.5 API (mono-devel), e.g. "System.ServiceModel.Web".

    Mono's reference assemblies declare the whole .NET 4.5 API, including classes its runtime
    assemblies lack (WebFaultException): compiling against one builds what a .NET service
    would be, and shows what Mono makes of it.
    """
    mcs = shutil.which("mcs")
    path = Path(mcs).resolve().parent.parent / "lib" / "mono" / "4.5-api" / f"{assembly}.dll" if mcs else None
    if path is None or not path.is_file():
        raise ToolchainMissing(
            f"Mono's reference assembly {assembly}.dll (4.5-api) is missing (apt-get install mono-devel)"
        )
    return str(path)


def env() -> dict[str, str]:
    result = {key: value for key, value in os.environ.items() if key not in PROXY_ENV_VARS}
    result["LANG"] = "C.UTF-8"  # Mono's console output stays decodable whatever the caller's locale
    result["TZ"] = TIME_ZONE
    return result


# --------------------------------------------------------------------------- compiling


@dataclass(frozen=True)
class Program:
    """One executable: its C# sources (compiled together) and assembly references."""

    name: str  # "ShowcaseHost" -> ShowcaseHost.exe
    sources: tuple[Path, ...]
    references: tuple[str, ...]  # names (-r:System.Xml) or paths of assemblies
    defines: tuple[str, ...] = ()  # conditional-compilation symbols (-define:NO_REFERENCES)


def build_key(programs: Iterable[Program]) -> str:
    digest = hashlib.sha256()
    version = subprocess.run(["mcs", "--version"], check=False, capture_output=True, timeout=COMPILE_TIMEOUT_S)
    digest.update(version.stdout)
    for program in sorted(programs, key=lambda p: p.name):
        digest.update(program.name.encode() + b"\0" + " ".join(program.references + program.defines).encode() + b"\0")
        for source in program.sources:
            digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def build(programs: Iterable[Program], out_dir: Path) -> tuple[dict[str, Path], bool]:
    """Compile each program into out_dir unless its exe is there: ({name: exe}, all were cached)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    exes = {program.name: out_dir / f"{program.name}.exe" for program in programs}
    from_cache = all(exe.is_file() for exe in exes.values())
    for program in programs:
        if not exes[program.name].is_file():
            _compile(exes[program.name], program)
    return exes, from_cache


def build_dir(config: pytest.Config | None, harness: str, key: str) -> Path:
    """Where a harness's exes live: the pytest cache (reused across sessions), else a temp folder."""
    cache = getattr(config, "cache", None) if config is not None else None
    if cache is not None:
        return Path(cache.mkdir(f"wcfgen-{harness}")) / key
    return Path(tempfile.gettempdir()) / f"wcfgen-{harness}-build" / key


def _compile(exe: Path, program: Program) -> None:
    tmp = exe.with_name(f"{exe.name}.{os.getpid()}.tmp")
    cmd = [
        "mcs",
        "-nologo",
        "-codepage:utf8",
        "-target:exe",
        *(f"-r:{ref}" for ref in program.references),
        *(f"-define:{symbol}" for symbol in program.defines),
        f"-out:{tmp}",
        *(str(source) for source in program.sources),
    ]
    result = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=COMPILE_TIMEOUT_S, env=env())
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        tmp.unlink(missing_ok=True)
        if "CS0006" in output:  # a referenced assembly is missing: incomplete Mono install
            raise ToolchainMissing(
                f"mcs cannot find a WCF assembly (install libmono-system-servicemodel-web4.0-cil): {output}"
            )
        raise RuntimeError(f"mcs failed for {exe.name}:\n{output}")
    os.replace(tmp, exe)  # atomic: parallel sessions never run a half-written exe


def run(exe: Path, *args: str, timeout: float = RUN_TIMEOUT_S) -> bytes:
    """stdout of `mono <exe> <args>`; RuntimeError with its stderr when it exits non-zero."""
    result = subprocess.run(["mono", str(exe), *args], check=False, capture_output=True, timeout=timeout, env=env())
    if result.returncode != 0:
        raise RuntimeError(
            f"{exe.name} {' '.join(args)} exited with {result.returncode}:\n"
            + result.stdout.decode("utf-8", "replace")[-2000:]
            + result.stderr.decode("utf-8", "replace")
        )
    return result.stdout


# --------------------------------------------------------------------------- hosts


def free_loopback_ports(count: int) -> list[int]:
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for sock in sockets:  # all bound at once, so the ports differ
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


class MonoProcess:
    """`mono <exe> <port>[,<port>...] --exit-on-stdin-eof [args]`, its output drained into `log`."""

    def __init__(self, exe: Path, ports: list[int], args: tuple[str, ...] = ()) -> None:
        self.ports = ports
        self.port = ports[0]
        self.log: list[str] = []
        self.popen = subprocess.Popen(
            ["mono", str(exe), ",".join(map(str, ports)), "--exit-on-stdin-eof", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=env(),
            cwd=exe.parent,
        )
        self.ready = threading.Event()
        # Drain stdout continuously: Mono prints stack traces there and a full pipe would
        # block the host.
        threading.Thread(target=self._pump, name=f"mono-{exe.stem}-{self.port}", daemon=True).start()

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

    def log_text(self) -> str:
        """Everything the host printed (stdout+stderr); Mono logs dispatcher exceptions here."""
        return "\n".join(self.log)

    def stop(self) -> None:
        if self.popen.poll() is None:
            assert self.popen.stdin is not None
            self.popen.stdin.close()  # --exit-on-stdin-eof: polite shutdown
            try:
                self.popen.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=STOP_TIMEOUT_S)


def launch(exe: Path, lanes: int = 1, args: tuple[str, ...] = ()) -> MonoProcess:
    """A host listening on `lanes` free loopback ports, once it printed READY; retries the port race."""
    last_error = ""
    for _ in range(3):
        process = MonoProcess(exe, free_loopback_ports(lanes), args)
        if process.ready.wait(READY_TIMEOUT_S) and process.running():
            return process
        process.stop()
        last_error = (
            f"host on port {process.port} did not become ready (exit code {process.popen.returncode}):\n"
            + process.log_text()
        )
    raise RuntimeError(last_error)


@dataclass
class Timings:
    """What a harness reports in the terminal summary."""

    compile_seconds: float | None = None
    from_cache: bool = False
    startup_seconds: list[float] = field(default_factory=list)  # one entry per host start
    warmup_seconds: list[float] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"compile {self.compile_seconds or 0:.2f}s{' (cached)' if self.from_cache else ''}"]
        if self.startup_seconds:
            parts.append("startup " + ", ".join(f"{s:.2f}s" for s in self.startup_seconds))
        if self.warmup_seconds:
            parts.append("warm-up " + ", ".join(f"{s:.2f}s" for s in self.warmup_seconds))
        return "; ".join(parts)


_TIMINGS: Final = pytest.StashKey[dict[str, Timings]]()


def timings(config: pytest.Config, harness: str) -> Timings:
    """The session's Timings of one harness ("mono", "showcase", "world"), created on first use."""
    registry = config.stash.setdefault(_TIMINGS, {})
    return registry.setdefault(harness, Timings())


def summary_lines(config: pytest.Config) -> list[str]:
    registry = config.stash.get(_TIMINGS, {})
    return [
        f"{name} interop harness: {t.summary()}"
        for name, t in sorted(registry.items())
        if t.compile_seconds is not None
    ]


class Built(Protocol):
    @property
    def from_cache(self) -> bool: ...


B = TypeVar("B", bound=Built)


def compiled(config: pytest.Config, harness: str, build: Callable[[pytest.Config], B]) -> B:
    """For a session fixture: build(config), timed for the summary; skip_or_fail without Mono."""
    started = time.monotonic()
    try:
        result = build(config)
    except ToolchainMissing as missing:
        skip_or_fail(str(missing))
    record = timings(config, harness)
    record.compile_seconds, record.from_cache = time.monotonic() - started, result.from_cache
    return result


class Hosted(Protocol):
    """What a Supervisor runs: an object around one MonoProcess."""

    @property
    def mono(self) -> MonoProcess: ...

    def close(self) -> None: ...


H = TypeVar("H", bound=Hosted)


class Supervisor(Generic[H]):
    """Owns a session's host; starts it on first use and again (with a warning) after a test killed it.

    start() launches and wraps the process; warm_up(host) then drives every code path once, so
    tests neither pay Mono's JIT cost nor time out. Calls to get() during the warm-up return the
    host being warmed (and raise if it died).
    """

    def __init__(
        self, name: str, start: Callable[[], H], warm_up: Callable[[H], None], timings: Timings | None = None
    ) -> None:
        self._name = name
        self._start = start
        self._warm_up = warm_up
        self.timings = timings if timings is not None else Timings()
        self._host: H | None = None
        self._warming = False
        self.restarts = 0
        self.crash_logs: list[str] = []

    def get(self) -> H:
        host = self._host
        if host is not None and not host.mono.running():
            if self._warming:
                raise RuntimeError(f"the {self._name} host died during its warm-up:\n{host.mono.log_text()}")
            log = host.mono.log_text()
            self.crash_logs.append(log)
            fatal = [line for line in log.splitlines() if "FATAL" in line or "Unhandled Exception" in line]
            warnings.warn(f"{self._name} host had died, restarting it: {fatal[:1] or log[-500:]}", stacklevel=3)
            host.close()
            self._host = host = None
            self.restarts += 1
        if host is None:
            host = self._launch()
        return host

    def current(self) -> H | None:
        return self._host

    def stop(self) -> None:
        if self._host is not None:
            self._host.close()
            self._host = None

    def _launch(self) -> H:
        started = time.monotonic()
        host = self._start()
        ready_at = time.monotonic()
        self._host, self._warming = host, True
        try:
            self._warm_up(host)
        except BaseException:
            self._host = None
            host.close()
            raise
        finally:
            self._warming = False
        self.timings.startup_seconds.append(ready_at - started)
        self.timings.warmup_seconds.append(time.monotonic() - ready_at)
        return host
