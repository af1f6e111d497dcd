"""The Showcase C# programs and how to build and run them (the plumbing is tests/interop/mono.py).

Used by conftest.py (the test harness), test_mono_client_to_generated_server.py (runs
ShowcaseClient.exe) and make_spec.py (regenerates the spec pages and the fixtures).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest

from tests.interop import mono

HERE: Final = Path(__file__).resolve().parent
KIT: Final = HERE.parent

REFERENCES: Final = (*mono.WCF_REFERENCES, "System.Xml", "System.Xml.Linq", "System.Core")
PROGRAMS: Final = (
    mono.Program(
        "ShowcaseHost", (HERE / "ShowcaseContract.cs", HERE / "ShowcaseHost.cs", KIT / "HostKit.cs"), REFERENCES
    ),
    mono.Program(
        "ShowcaseDump", (HERE / "ShowcaseContract.cs", HERE / "ShowcaseDump.cs", KIT / "DumpKit.cs"), REFERENCES
    ),
    mono.Program("ShowcaseClient", (HERE / "ShowcaseContract.cs", HERE / "ShowcaseClient.cs"), REFERENCES),
)


@dataclass(frozen=True)
class Build:
    host_exe: Path
    dump_exe: Path
    client_exe: Path
    from_cache: bool


def build(config: pytest.Config | None = None) -> Build:
    """ShowcaseHost.exe, ShowcaseDump.exe and ShowcaseClient.exe, compiled unless cached (ToolchainMissing)."""
    mono.check_toolchain("Showcase")
    exes, from_cache = mono.build(PROGRAMS, mono.build_dir(config, "showcase", mono.build_key(PROGRAMS)))
    return Build(exes["ShowcaseHost"], exes["ShowcaseDump"], exes["ShowcaseClient"], from_cache)


def run_client(client_exe: Path, base_url: str) -> bytes:
    """stdout of `mono ShowcaseClient.exe <base_url>`: one JSON line per call (see ShowcaseClient.cs)."""
    return mono.run(client_exe, base_url)


def run_dump(dump_exe: Path, mode: str) -> bytes:
    """stdout of `mono ShowcaseDump.exe <mode>` (fixtures|spec)."""
    return mono.run(dump_exe, mode)
