"""A WCF help site on 127.0.0.1 for the fetch tests: it serves ``tests/specs/html/site/`` the way
WCF does (``/Shop.svc/help``, ``/Shop.svc/help/operations/<Name>``, pages naming the address they
were requested at), and can be told to misbehave: per path, a queue of faults served before the
real page.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from tests.conftest import SPECS
from wcfgen.cli import app

SITE = SPECS / "html" / "site"
FERRIES = SPECS / "html" / "ferries"
PLACEHOLDER = b"http://wcf.example"
runner = CliRunner()

Fault = Callable[[BaseHTTPRequestHandler, bytes], None]  # (handler, the real page) → writes a response


@dataclass
class HelpSite:
    base: str = ""
    pages: dict[str, bytes] = field(default_factory=dict)  # path → body
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # path → extra response headers
    status: dict[str, int] = field(default_factory=dict)  # path → a status other than 200
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)  # (host, path, headers)

    def load(self, folder: Path = SITE, service: str = "/Shop.svc", *, as_saved: bool = False) -> None:
        """(Re)load the pages from the fixtures, naming this server's address like WCF does (unless as saved)."""
        self.pages = {
            (f"{service}/help" if page.name == "help.html" else f"{service}/help/operations/{page.stem}"): (
                page.read_bytes() if as_saved else page.read_bytes().replace(PLACEHOLDER, self.base.encode())
            )
            for page in folder.iterdir()
        }

    def edit(self, name: str, old: str, new: str) -> None:
        path = "/Shop.svc/help" if name == "help" else f"/Shop.svc/help/operations/{name}"
        assert old.encode() in self.pages[path], old
        self.pages[path] = self.pages[path].replace(old.encode(), new.encode())

    def hits(self, path: str) -> int:
        return sum(1 for _, seen, _ in self.requests if seen == path)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        site = self.server.site
        site.requests.append((self.headers.get("Host", ""), self.path, dict(self.headers)))
        page = site.pages.get(self.path)
        queue = site.faults.get(self.path)
        try:
            if queue:
                queue.pop(0)(self, page or b"")
            elif page is None:
                respond(404, b"<html><body>Endpoint not found.</body></html>")(self, b"")
            else:
                respond(site.status.get(self.path, 200), page, site.headers.get(self.path, {}))(self, page)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            pass

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests assert on what was requested instead."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: HelpSite

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: a client that hung up (timeouts, cancelled downloads) is expected here."""


def respond(
    status: int, body: bytes, headers: dict[str, str] | None = None, content_type: str = "text/html; charset=utf-8"
) -> Fault:
    def fault(handler: BaseHTTPRequestHandler, _page: bytes) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    return fault


def stall(seconds: float) -> Fault:
    def fault(handler: BaseHTTPRequestHandler, page: bytes) -> None:
        time.sleep(seconds)
        respond(200, page)(handler, page)

    return fault


def cut_transfer(handler: BaseHTTPRequestHandler, page: bytes) -> None:
    """Promise the whole page, send half, hang up."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(len(page)))
    handler.end_headers()
    handler.wfile.write(page[: len(page) // 2])
    handler.close_connection = True


def unsized(body: bytes) -> Fault:
    """No Content-Length: the body ends when the connection closes."""

    def fault(handler: BaseHTTPRequestHandler, _page: bytes) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(body)
        handler.close_connection = True

    return fault


def redirect(location: str) -> Fault:
    return respond(302, b"", {"Location": location})


@contextmanager
def running_site() -> Iterator[HelpSite]:
    """A help site on 127.0.0.1 serving the Shop fixture; stopped on exit."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.site = HelpSite(base=f"http://127.0.0.1:{server.server_address[1]}")
    server.site.load()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield server.site
    finally:
        server.shutdown()
        server.server_close()


def fetch_shop(site: HelpSite, spec: Path, *extra: str) -> Any:
    """``wcfgen fetch`` of the site's Shop service into the spec folder ``spec``, as API ``demo``."""
    return runner.invoke(app, ["fetch", f"{site.base}/Shop.svc", "--api", "demo", "-s", str(spec), *extra])


def tree(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``root``: its bytes and modification time."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
