"""Runtime side of the Showcase harness: the WCF host, the ad-hoc serializer tool, the fixtures.

Importable by any test (``from tests.interop.showcase.harness import ...``); the pytest
fixtures that create these objects are in conftest.py next to it.

ShowcaseHost    the running ShowcaseHost.exe (Mono WCF WebHttp), restarted on demand
DcsTool         `ShowcaseDump.exe serve`: what Mono's DataContract(Json)Serializer makes of bytes
fixture_cases() fixtures/index.json + the exact serializer bytes of each case
download_bytes  what GET Download/{name} answers
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from tests.interop.dumpkit import DcsError, DcsTool, FixtureCase, FixtureSet
from tests.interop.hostkit import JSON_CT, LANES, XML_CT, Format, LaneHost, Received, ReceivedError

__all__ = [
    "FIXTURES",
    "JSON_CT",
    "SER_NS",
    "XML_CT",
    "DcsError",
    "DcsTool",
    "FixtureCase",
    "Format",
    "Received",
    "ReceivedError",
    "ShowcaseHost",
    "download_bytes",
    "fixture",
    "fixture_cases",
]

HERE: Final = Path(__file__).resolve().parent
FIXTURES: Final = HERE / "fixtures"

SER_NS: Final = "http://schemas.microsoft.com/2003/10/Serialization/"


def download_bytes(name: str) -> bytes:
    """The body of GET Download/{name}: UTF-8 of the name twice, then bytes 0..255."""
    text = name.encode("utf-8")
    return text + text + bytes(range(256))


# --------------------------------------------------------------------------- host


class ShowcaseHost(LaneHost):
    """ShowcaseHost.exe (IShowcase on /Showcase.svc and /ShowcaseJson.svc) plus an httpx client for it."""

    NAME = "Showcase"
    XML_SERVICE = "Showcase.svc"
    JSON_SERVICE = "ShowcaseJson.svc"

    def warm_up(self) -> None:
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
        self.check_warm_up(calls, errors=1)


# --------------------------------------------------------------------------- fixtures


_CASES: Final = FixtureSet(FIXTURES)


def fixture_cases() -> tuple[FixtureCase, ...]:
    """All cases of fixtures/index.json (written by make_spec.py), in their order."""
    return _CASES.cases


def fixture(name: str) -> FixtureCase:
    return _CASES[name]
