"""The Python side of HostKit.cs: a Mono WCF host serving one contract on an XML and a JSON
endpoint, on several ports ("lanes"), with the inspection endpoint /_test.

LaneHost is what showcase/harness.py's ShowcaseHost and world/harness.py's WorldHost are:
base URLs per lane and format, plain HTTP helpers, the record of received requests and of the
exceptions WCF turned into faults, and a restart (with a warning) when a test killed Mono.
Subclasses name their endpoints and drive their warm-up.

Speed: Mono's WCF dispatcher closes its channel after every request and sleeps 100 ms before
accepting the next, so one endpoint serves at most ~10 requests/s. The host therefore serves
both endpoints on LANES ports; reset() moves to the next lane.
"""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, TypeVar

import httpx

from tests.interop import mono

XML_CT: Final = "application/xml; charset=utf-8"
JSON_CT: Final = "application/json; charset=utf-8"
LANES: Final = 4

# Mono's fault body for any request it could not deserialize and for any exception an
# operation throws (HarnessErrorHandler sends these same bytes where Mono would crash).
MONO_FAULT: Final = (
    b'<Fault xmlns="http://schemas.microsoft.com/ws/2005/05/envelope/none"><Code>'
    b'<Value xmlns:a="http://schemas.microsoft.com/ws/2005/05/addressing/none">a:InternalServiceFault</Value>'
    b'</Code><Reason><Text xml:lang="">The server was unable to process the request due to an internal error.'
    b"  The server may be able to return exception details (it depends on the server settings).</Text>"
    b"</Reason></Fault>"
)
# Generous: the first call of each code path makes Mono JIT-compile a lot of WCF.
REQUEST_TIMEOUT_S: Final = 20.0

Format = Literal["xml", "json"]


def content_type(fmt: Format) -> str:
    return XML_CT if fmt == "xml" else JSON_CT


def assert_ok(response: httpx.Response, fmt: Format, body: bytes) -> None:
    """A success as Mono sends it: status line "HTTP/1.1 200 " (empty reason), the format's type, body."""
    assert (response.status_code, response.reason_phrase) == (200, "")
    assert response.headers["content-type"] == content_type(fmt)
    assert response.content == body


@dataclass(frozen=True)
class Received:
    """One request that reached a service endpoint, as WCF saw it (see HostKit.cs, Entry)."""

    method: str
    uri: str  # the request URI as Mono's listener rebuilt it (percent-escapes partly decoded)
    path: str  # e.g. "/Showcase.svc/Echo"
    query: str  # undecoded, without "?"; "" when none
    content_type: str | None
    body: bytes | None  # exact bytes off the wire; None when the channel read no body (GET)
    operation: str | None  # the method that ran; None when it never ran (fault, 404)
    note: str | None  # what the operation decoded; per operation, see the service


@dataclass(frozen=True)
class ReceivedError:
    """An exception the WCF dispatcher turned into a fault (or a 404)."""

    type: str  # e.g. "System.Runtime.Serialization.SerializationException"
    message: str
    inner: str | None  # "Type: message" of the inner exception


def b64_text(value: object) -> str | None:
    """A field of the /_test protocol: base64 of UTF-8, or null."""
    if value is None:
        return None
    assert isinstance(value, str), value
    return base64.b64decode(value, validate=True).decode("utf-8")


def _required(value: object) -> str:
    text = b64_text(value)
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
        content_type=b64_text(raw["content_type"]),
        body=None if body is None else base64.b64decode(body, validate=True),
        operation=b64_text(raw["operation"]),
        note=b64_text(raw["note"]),
    )


def received_error(raw: dict[str, object]) -> ReceivedError:
    return ReceivedError(_required(raw["type"]), _required(raw["message"]), b64_text(raw["inner"]))


def control_json(http: httpx.Client, url: str, log: str) -> list[dict[str, object]]:
    """GET a /_test record (a JSON array); RuntimeError with the host's log when it fails."""
    response = http.get(url)
    check_control(response, log)
    data = json.loads(response.content)
    assert isinstance(data, list)
    return data


def check_control(response: httpx.Response, log: str) -> None:
    if response.status_code != 200:
        raise RuntimeError(
            f"test-control call {response.request.url} failed: {response.status_code} {response.text!r}\n"
            f"host log:\n{log}"
        )


L = TypeVar("L", bound="LaneHost")


def serving(host: L) -> Iterator[L]:
    """For a session fixture: the host started, then closed (`yield from serving(Host(exe))`)."""
    with contextlib.closing(host):
        host.start()
        yield host


class _Lanes:
    """The Supervisor's host object: one process, its lanes."""

    def __init__(self, process: mono.MonoProcess) -> None:
        self.mono = process

    def close(self) -> None:
        self.mono.stop()


class LaneHost:
    """A HostKit host plus an httpx client for it.

    The base URLs change: reset() moves to the next lane (port), and some requests kill Mono
    (a POST without Content-Type, an empty JSON body, see the K2 harness), after which the
    next accessor starts a fresh host on new ports (with a warning). So read base_url_xml /
    base_url_json / url() after reset() and after provoking a crash, not before.
    """

    NAME: str = "Mono"  # in the restart warning: "<NAME> host had died"
    XML_SERVICE: str = ""  # e.g. "Showcase.svc"
    JSON_SERVICE: str = ""  # e.g. "ShowcaseJson.svc"
    # --bare-last: one more port, served without HarnessErrorHandler (Mono's own fault path).
    BARE_PORT: bool = False

    def __init__(self, exe: Path, timings: mono.Timings | None = None) -> None:
        ports, args = (LANES + 1, ("--bare-last",)) if self.BARE_PORT else (LANES, ())
        self._supervisor = mono.Supervisor(
            self.NAME, lambda: _Lanes(mono.launch(exe, ports, args)), lambda _: self._warm_up_lanes(), timings
        )
        self.timings = self._supervisor.timings
        self._lane = 0
        # trust_env=False: never route loopback traffic through a proxy from the environment.
        self.http = httpx.Client(trust_env=False, timeout=REQUEST_TIMEOUT_S)

    @property
    def restarts(self) -> int:
        return self._supervisor.restarts

    @property
    def crash_logs(self) -> list[str]:
        return self._supervisor.crash_logs

    # --- addresses

    @property
    def port(self) -> int:
        """The current lane's port."""
        return self._running().ports[self._lane % LANES]

    def bare_url(self, path: str, answers: Format = "xml") -> str:
        """An operation on the port without the harness's fault handler (BARE_PORT hosts only).

        Requests Mono cannot read kill the process there; use it for what happens after the
        operation ran.
        """
        assert self.BARE_PORT, "this host has no bare port"
        return f"http://127.0.0.1:{self._running().ports[LANES]}/{self.service(answers)}/{path}"

    @property
    def base_url_xml(self) -> str:
        """The service answering XML, e.g. http://127.0.0.1:PORT/Showcase.svc."""
        return f"http://127.0.0.1:{self.port}/{self.XML_SERVICE}"

    @property
    def base_url_json(self) -> str:
        """The service answering JSON (Mono ignores Accept, hence a second endpoint)."""
        return f"http://127.0.0.1:{self.port}/{self.JSON_SERVICE}"

    def base_url(self, answers: Format) -> str:
        return self.base_url_xml if answers == "xml" else self.base_url_json

    def service(self, answers: Format) -> str:
        """The endpoint's path segment, e.g. "Showcase.svc" or "ShowcaseJson.svc"."""
        return self.XML_SERVICE if answers == "xml" else self.JSON_SERVICE

    def url(self, path: str, answers: Format = "xml") -> str:
        """Full URL of an operation path ("Echo", "Items/a?top=1") on either endpoint."""
        return f"{self.base_url(answers)}/{path}"

    # --- inspection endpoint

    def received(self) -> list[Received]:
        """Requests that reached the service since the last reset, in arrival order."""
        return [_received(item) for item in control_json(self.http, f"{self._control_url()}/received", self.log())]

    def errors(self) -> list[ReceivedError]:
        """Exceptions the dispatcher turned into faults since the last reset."""
        return [received_error(item) for item in control_json(self.http, f"{self._control_url()}/errors", self.log())]

    def reset(self) -> None:
        """Clear the record of received requests and errors, and move to the next lane."""
        check_control(self.http.post(f"{self._control_url()}/reset", content=b""), self.log())
        self._lane += 1

    # --- plain HTTP helpers

    def post(self, path: str, body: bytes, content_type: str, answers: Format = "xml") -> httpx.Response:
        return self.http.post(self.url(path, answers), content=body, headers={"Content-Type": content_type})

    def get(self, path: str, answers: Format = "xml") -> httpx.Response:
        return self.http.get(self.url(path, answers))

    # --- process

    def is_running(self) -> bool:
        host = self._supervisor.current()
        return host is not None and host.mono.running()

    def log(self) -> str:
        """Everything the host printed (stdout+stderr); Mono logs dispatcher exceptions here."""
        host = self._supervisor.current()
        return host.mono.log_text() if host is not None else ""

    def start(self) -> None:
        self._running()

    def wait_for_exit(self, timeout: float = mono.STOP_TIMEOUT_S) -> None:
        """Wait until the current process has exited (after a request that kills Mono)."""
        host = self._supervisor.current()
        if host is not None:
            host.mono.popen.wait(timeout=timeout)

    def stop(self) -> None:
        self._supervisor.stop()

    def close(self) -> None:
        self.stop()
        self.http.close()

    def warm_up(self) -> None:
        """Drive every code path once (each lane, both endpoints), then reset(); per subclass."""
        raise NotImplementedError

    def check_warm_up(self, calls: list[tuple[httpx.Response, int]], errors: int) -> None:
        """Each warm-up response had its status, all were recorded, `errors` became faults; then reset()."""
        for response, status in calls:
            if response.status_code != status:
                raise RuntimeError(
                    f"warm-up got {response.status_code} {response.content[:500]!r} for {response.request.url}\n"
                    f"host log:\n{self.log()}"
                )
        if len(self.received()) != len(calls) or len(self.errors()) != errors:
            raise RuntimeError(f"warm-up calls were not recorded as expected\nhost log:\n{self.log()}")
        self.reset()

    def _warm_up_lanes(self) -> None:
        self._lane = 0
        self.warm_up()

    def _running(self) -> mono.MonoProcess:
        return self._supervisor.get().mono

    def _control_url(self) -> str:
        return f"http://127.0.0.1:{self._running().port}/_test"
