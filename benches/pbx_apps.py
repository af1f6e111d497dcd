"""Server side of ``bench_pbx.py``: the ASGI apps under test and a uvicorn entry point.

Run by the benchmark as a subprocess, one per app::

    python benches/pbx_apps.py {echo,baseline,generated,generated-sync} [--profile FILE]

It binds 127.0.0.1 on a free port, prints that port on stdout, and serves until
SIGTERM/SIGINT.  Every app is wrapped in :func:`with_cpu_probe`, which answers
``GET /_bench/cpu`` with the process's CPU time, so the driver can charge CPU
seconds per request to the server.
"""

from __future__ import annotations

import argparse
import cProfile
import signal
import socket
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "generated"))

from k2.models import CallEvent
from k2.pbx.server import create_app

PATH = "/PBX/CallHistory/NewCallEvent"
CPU_PATH = "/_bench/cpu"
XML_MEDIA_TYPE = "application/xml; charset=utf-8"
BOOLEAN_XML = '<boolean xmlns="http://schemas.microsoft.com/2003/10/Serialization/">true</boolean>'
BOOLEAN_XML_BYTES = BOOLEAN_XML.encode()
FALSE_XML_BYTES = BOOLEAN_XML_BYTES.replace(b">true<", b">false<")
KINDS = ("echo", "baseline", "generated", "generated-sync")

EVENT = CallEvent(
    direction="Inbound",
    email="agent@example.com",
    event_name="CallStart",
    from_="+420123456789",
    line="L1",
    login="agent",
    reason="Answered",
    to="+420987654321",
    unique_id=1.26743233e15,
)

_NS = "{K2.Data}"
_ROOT = f"{_NS}CallEvent"
_UNIQUE_ID = f"{_NS}UniqueId"
_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
_STRING_MEMBERS = {
    f"{_NS}Direction": "direction",
    f"{_NS}Email": "email",
    f"{_NS}EventName": "event_name",
    f"{_NS}From": "from_",
    f"{_NS}Line": "line",
    f"{_NS}Login": "login",
    f"{_NS}Reason": "reason",
    f"{_NS}To": "to",
}


def baseline_body(event: CallEvent) -> bytes:
    """What a hand-written client would send: one f-string, no escaping, no type checks.

    Correct only for events whose strings need no XML escaping and are not None,
    and whose ``unique_id`` has at most 9 significant digits (like ``EVENT``).
    """
    return (
        f'<CallEvent xmlns="K2.Data" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">'
        f"<Direction>{event.direction}</Direction><Email>{event.email}</Email>"
        f"<EventName>{event.event_name}</EventName><From>{event.from_}</From>"
        f"<Line>{event.line}</Line><Login>{event.login}</Login><Reason>{event.reason}</Reason>"
        f"<To>{event.to}</To><UniqueId>{event.unique_id:.9G}</UniqueId></CallEvent>"
    ).encode()


def baseline_parse(body: bytes) -> CallEvent:
    """What a hand-written server would do: ``ET.fromstring`` and a loop over the children."""
    root = ET.fromstring(body)
    if root.tag != _ROOT:
        raise ValueError(f"unexpected root {root.tag!r}")
    values: dict[str, Any] = {}
    for child in root:
        if child.tag == _UNIQUE_ID:
            values["unique_id"] = float(child.text or "")
            continue
        attr = _STRING_MEMBERS.get(child.tag)
        if attr is not None:
            values[attr] = None if child.get(_NIL) == "true" else (child.text or "")
    return CallEvent(**values)


class PbxService:
    """The implementation served by the generated app: accepts every event (async, no thread hop)."""

    async def new_call_event(self, call_event: CallEvent, /) -> bool:
        return True


class SyncPbxService:
    """The same as a plain ``def``: the generated stub runs it in Starlette's thread pool."""

    def new_call_event(self, call_event: CallEvent, /) -> bool:
        return True


def echo_app() -> Starlette:
    """The server of the client benchmark: reads the body, answers the boolean XML, nothing else."""

    async def endpoint(request: Request) -> Response:
        await request.body()
        return Response(BOOLEAN_XML_BYTES, media_type=XML_MEDIA_TYPE)

    return Starlette(routes=[Route(PATH, endpoint, methods=["POST"])])


def baseline_app() -> FastAPI:
    """The hand-written FastAPI server the generated stub is compared with."""
    app = FastAPI()
    service = PbxService()

    @app.post(PATH, response_class=Response)
    async def new_call_event(request: Request) -> Response:
        event = baseline_parse(await request.body())
        accepted = await service.new_call_event(event)
        return Response(BOOLEAN_XML_BYTES if accepted else FALSE_XML_BYTES, media_type=XML_MEDIA_TYPE)

    return app


def with_cpu_probe(app: ASGIApp) -> ASGIApp:
    """``app``, plus ``GET /_bench/cpu`` answering this process's CPU seconds (user + system)."""

    async def probed(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == CPU_PATH:
            body = repr(time.process_time()).encode()
            headers = [(b"content-type", b"text/plain"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await app(scope, receive, send)

    return probed


def build(kind: str) -> ASGIApp:
    if kind == "echo":
        return echo_app()
    if kind == "baseline":
        return baseline_app()
    if kind == "generated":
        return create_app(PbxService())
    if kind == "generated-sync":
        return create_app(SyncPbxService())
    raise ValueError(f"unknown app {kind!r}; choose one of {', '.join(KINDS)}")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description="Serve one benchmark app on 127.0.0.1 (port printed on stdout).")
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("--profile", metavar="FILE", help="run under cProfile and dump the stats to FILE on exit")
    args = parser.parse_args(argv)
    app = with_cpu_probe(build(args.kind))
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted sockets only when the listening
    # socket says TCP; without it uvicorn's separate head/body writes meet Nagle + delayed ACK (~40 ms/request).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    print(sock.getsockname()[1], flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    if args.profile is None:
        server.run(sockets=[sock])
        return
    # uvicorn re-raises the SIGTERM it shut down on; a no-op handler lets the stats be written.
    signal.signal(signal.SIGTERM, lambda signum, frame: None)
    with cProfile.Profile() as profile:
        server.run(sockets=[sock])
    profile.dump_stats(args.profile)


if __name__ == "__main__":
    main(sys.argv[1:])
