"""Request bodies that never arrive whole, sent to the generated K2 stub over raw sockets.

A client that hangs up halfway through its upload costs one log line (it used to cost a
60-line ``ClientDisconnect`` traceback in uvicorn's log); a client that trickles its body
is answered 408 once ``BODY_TIMEOUT`` has passed, instead of holding the connection.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from k2._runtime import server as runtime_server
from k2.pbx.server import create_app

from tests.conftest import GENERATED, free_port, serve
from tests.test_e2e import Recorder

HEADERS = (
    b"POST /PBX/CallHistory/NewCallEvent HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Type: application/xml\r\nContent-Length: 1000\r\n\r\n"
)
APP = """\
from k2.pbx.server import create_app


class Calls:
    def new_call_event(self, call_event, /):
        return True


app = create_app(Calls())
"""


def _wait_for(lines: list[str], wanted: str, timeout: float = 20.0) -> None:
    """Wait until a line of the log contains ``wanted``."""
    deadline = time.monotonic() + timeout
    while not any(wanted in line for line in lines):
        if time.monotonic() > deadline:
            raise AssertionError(f"{wanted!r} not logged; got {lines}")
        time.sleep(0.05)


@pytest.fixture
def uvicorn_process(tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen[str], list[str]]]:
    """The stub under a real `uvicorn` process, as an operator runs it: its log on stderr."""
    (tmp_path / "calls.py").write_text(APP)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "calls:app", "--host", "127.0.0.1", "--port", str(port), "--no-access-log"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": f"{GENERATED}{os.pathsep}{tmp_path}"},
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(line.rstrip("\n") for line in process.stderr or ()))
    reader.start()  # the log, line by line, until the process ends
    try:
        _wait_for(lines, "Uvicorn running on")
        yield port, process, lines
    finally:
        process.terminate()
        process.wait(timeout=10)
        reader.join(timeout=10)


def test_an_aborted_upload_is_one_log_line(uvicorn_process: tuple[int, subprocess.Popen[str], list[str]]) -> None:
    port, process, lines = uvicorn_process
    started = len(lines)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(HEADERS + b'<CallEvent xmlns="K2.Data">')  # 1000 bytes promised, 27 sent
        time.sleep(0.2)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:  # then a request of its own
        sock.sendall(HEADERS.replace(b"1000", b"3") + b"<x>")
        assert sock.recv(65536).startswith(b"HTTP/1.1 400 Bad Request\r\n")
    time.sleep(0.5)  # for the log to catch up
    process.terminate()
    process.wait(timeout=10)
    time.sleep(0.2)
    logged = [line for line in lines[started:] if not line.startswith("INFO:")]
    assert logged == [
        "POST '/PBX/CallHistory/NewCallEvent': the client disconnected after 27 bytes of its request body"
    ]


@pytest.fixture
def short_deadline(monkeypatch: pytest.MonkeyPatch) -> float:
    monkeypatch.setattr(runtime_server, "BODY_TIMEOUT", 1.0)
    return 1.0


def test_a_body_that_trickles_in_is_answered_408_at_the_deadline(short_deadline: float) -> None:
    recorder = Recorder()
    with serve(create_app(recorder)) as base:
        port = int(base.rpartition(":")[2])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            started = time.monotonic()
            sock.sendall(HEADERS)
            sock.settimeout(0.25)
            answer = b""
            for _ in range(40):  # a byte every 0.25 s: the body would take 250 s
                try:
                    sock.sendall(b" ")
                    answer += sock.recv(65536)
                except TimeoutError:
                    continue
                except (BrokenPipeError, ConnectionResetError):
                    break
                if b"</Fault>" in answer:
                    break
            elapsed = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 408 Request Timeout\r\n"), answer
    assert answer.endswith(
        b'<Reason><Text xml:lang="en-US">the request body did not arrive within 1 seconds</Text></Reason></Fault>'
    )
    assert short_deadline <= elapsed < short_deadline + 2
    assert recorder.events == []
