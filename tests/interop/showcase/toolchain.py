"""Building and running the Showcase C# programs on Mono (no pytest, no HTTP here).

Used by conftest.py (the test harness), test_mono_client_to_generated_server.py (runs
ShowcaseClient.exe) and make_spec.py (regenerates the spec pages and the fixtures).
Executables are compiled with mcs into a directory keyed by a hash of the compiler
version, the references and the sources, so an unchanged tree never recompiles.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Final

HERE: Final = Path(__file__).resolve().parent

HOST_SOURCES: Final = ("ShowcaseContract.cs", "ShowcaseHost.cs")
DUMP_SOURCES: Final = ("ShowcaseContract.cs", "ShowcaseDump.cs")
CLIENT_SOURCES: Final = ("ShowcaseContract.cs", "ShowcaseClient.cs")
REFERENCES: Final = (
    "System.ServiceModel",
    "System.ServiceModel.Web",
    "System.Runtime.Serialization",
    "System.Xml",
    "System.Xml.Linq",
    "System.Core",
)

# Every Mono process runs in this zone: DataContractJsonSerializer writes the local offset
# into Local/Unspecified dates ("\/Date(928142400000+0200)\/"), and the fixtures, the spec
# examples and the host's answers must not depend on the machine's zone. A zone east of UTC
# with DST on purpose: offsets are non-zero and differ between summer and winter.
TIME_ZONE: Final = "Europe/Prague"
ZONEINFO: Final = Path("/usr/share/zoneinfo") / TIME_ZONE

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

COMPILE_TIMEOUT_S: Final = 120.0
RUN_TIMEOUT_S: Final = 60.0


class ToolchainMissing(Exception):
    """Mono, mcs, a WCF assembly or the time-zone data is not installed."""


@dataclass(frozen=True)
class Build:
    host_exe: Path
    dump_exe: Path
    client_exe: Path
    from_cache: bool


def check_toolchain() -> None:
    missing = [tool for tool in ("mono", "mcs") if shutil.which(tool) is None]
    if missing:
        raise ToolchainMissing(
            f"the Showcase harness needs {' and '.join(missing)} on PATH "
            "(apt-get install mono-devel libmono-system-servicemodel-web4.0-cil)"
        )
    if not ZONEINFO.is_file():
        # Mono silently falls back to UTC without it, which would change every JSON date.
        raise ToolchainMissing(f"time-zone data {ZONEINFO} is missing (apt-get install tzdata)")


def mono_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in PROXY_ENV_VARS}
    env["LANG"] = "C.UTF-8"  # Mono's console output stays decodable whatever the caller's locale
    env["TZ"] = TIME_ZONE
    return env


def build_key() -> str:
    digest = hashlib.sha256()
    version = subprocess.run(["mcs", "--version"], check=False, capture_output=True, timeout=COMPILE_TIMEOUT_S)
    digest.update(version.stdout)
    digest.update(" ".join(REFERENCES).encode())
    for name in sorted(set(HOST_SOURCES + DUMP_SOURCES + CLIENT_SOURCES)):
        digest.update(name.encode() + b"\0" + (HERE / name).read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def build(out_dir: Path) -> Build:
    """Compile ShowcaseHost.exe, ShowcaseDump.exe and ShowcaseClient.exe into out_dir unless they are there."""
    check_toolchain()
    out_dir.mkdir(parents=True, exist_ok=True)
    exes = {
        out_dir / "ShowcaseHost.exe": HOST_SOURCES,
        out_dir / "ShowcaseDump.exe": DUMP_SOURCES,
        out_dir / "ShowcaseClient.exe": CLIENT_SOURCES,
    }
    from_cache = all(exe.is_file() for exe in exes)
    for exe, sources in exes.items():
        if not exe.is_file():
            _compile(exe, sources)
    host_exe, dump_exe, client_exe = exes
    return Build(host_exe, dump_exe, client_exe, from_cache)


def _compile(exe: Path, sources: tuple[str, ...]) -> None:
    tmp = exe.with_name(f"{exe.name}.{os.getpid()}.tmp")
    cmd = [
        "mcs",
        "-nologo",
        "-codepage:utf8",
        "-target:exe",
        *(f"-r:{ref}" for ref in REFERENCES),
        f"-out:{tmp}",
        *(str(HERE / src) for src in sources),
    ]
    result = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=COMPILE_TIMEOUT_S, env=mono_env())
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        tmp.unlink(missing_ok=True)
        if "CS0006" in output:  # a referenced assembly is missing: incomplete Mono install
            raise ToolchainMissing(
                f"mcs cannot find a WCF assembly (install libmono-system-servicemodel-web4.0-cil): {output}"
            )
        raise RuntimeError(f"mcs failed for {exe.name}:\n{output}")
    os.replace(tmp, exe)  # atomic: parallel sessions never run a half-written exe


def run_client(client_exe: Path, base_url: str) -> bytes:
    """stdout of `mono ShowcaseClient.exe <base_url>`: one JSON line per call (see ShowcaseClient.cs)."""
    result = subprocess.run(
        ["mono", str(client_exe), base_url], check=False, capture_output=True, timeout=RUN_TIMEOUT_S, env=mono_env()
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"ShowcaseClient.exe exited with {result.returncode}:\n{result.stderr.decode('utf-8', 'replace')}"
        )
    return result.stdout


def run_dump(dump_exe: Path, mode: str) -> bytes:
    """stdout of `mono ShowcaseDump.exe <mode>` (fixtures|spec)."""
    result = subprocess.run(
        ["mono", str(dump_exe), mode], check=False, capture_output=True, timeout=RUN_TIMEOUT_S, env=mono_env()
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"ShowcaseDump.exe {mode} exited with {result.returncode}:\n{result.stderr.decode('utf-8', 'replace')}"
        )
    return result.stdout
