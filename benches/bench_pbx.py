"""Throughput of the generated K2 PBX client and server stub against hand-written baselines.

    python benches/bench_pbx.py                  # defaults: about 30 s on 2 cores
    python benches/bench_pbx.py -n 200 -r 5      # quicker, noisier
    python benches/bench_pbx.py --profile        # cProfile of the generated client and server
    python benches/bench_pbx.py --help

Every server is a real uvicorn in its own subprocess on 127.0.0.1 (see ``pbx_apps.py``),
so client and server never share a GIL.  Each round runs the contenders back to back,
alternating which goes first; the report gives medians over rounds, and each ratio is
the median of the per-round ratios (so drift of the machine cancels out).

1. Client: sequential ``new_call_event`` calls of the generated ``k2.pbx.Client`` vs. an
   ``httpx.Client`` posting an f-string body, both against the same minimal Starlette
   endpoint.  Requests are byte-identical on the wire, so the server's cost is too.
2. Server: ``create_app(impl)`` vs. a hand-written FastAPI endpoint (``ET.fromstring`` into
   a ``CallEvent``), both loaded by the same generator: ``--concurrency`` threads, each with
   one keep-alive connection, posting the same fixed body.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import os
import platform
import pstats
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from importlib.metadata import version
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "generated"))

from k2.pbx import Client
from pbx_apps import (
    BOOLEAN_XML,
    BOOLEAN_XML_BYTES,
    CPU_PATH,
    EVENT,
    PATH,
    XML_MEDIA_TYPE,
    baseline_body,
    baseline_parse,
)

TARGET_RATIO = 0.8
REQUEST_HEADERS = {"Accept": "application/xml", "Content-Type": XML_MEDIA_TYPE}  # what the generated client sends
TIMEOUT = 10.0  # seconds, for every connect and read: a stuck server fails the run instead of hanging it
SERVER_CPU = 1  # with --pin: servers on this CPU, this process (client / load generator) on CPU 0


# -- servers -------------------------------------------------------------------------------------


class Server:
    """One ``pbx_apps.py`` subprocess serving one app on 127.0.0.1."""

    def __init__(self, kind: str, *, pin: bool = False, profile: Path | None = None) -> None:
        command = [sys.executable, str(HERE / "pbx_apps.py"), kind]
        if profile is not None:
            command += ["--profile", str(profile)]
        self.kind = kind
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        self._probe: httpx.Client | None = None
        try:
            if pin:
                os.sched_setaffinity(self.process.pid, {SERVER_CPU})
            self.port = self._read_port()
            self.base_url = f"http://127.0.0.1:{self.port}"
            self._probe = httpx.Client(base_url=self.base_url, timeout=TIMEOUT)
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _read_port(self) -> int:
        watchdog = threading.Timer(30, self.process.kill)  # a child that never prints its port is killed
        watchdog.start()
        try:
            assert self.process.stdout is not None
            line = self.process.stdout.readline()
        finally:
            watchdog.cancel()
        if not line.strip().isdigit():
            raise RuntimeError(f"{self.kind} server did not start")
        return int(line)

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                self.cpu_seconds()
                return
            except httpx.TransportError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"{self.kind} server is not answering") from None
                time.sleep(0.05)

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server process has used so far."""
        assert self._probe is not None
        response = self._probe.get(CPU_PATH)
        response.raise_for_status()
        return float(response.text)

    def stop(self) -> None:
        if self._probe is not None:
            self._probe.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


@contextmanager
def serving(kind: str, *, pin: bool = False, profile: Path | None = None) -> Iterator[Server]:
    server = Server(kind, pin=pin, profile=profile)
    try:
        yield server
    finally:
        server.stop()


# -- measurement ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Sample:
    """One round of one contender."""

    requests: int
    wall: float
    local_cpu: float  # this process: the client, or the load generator
    server_cpu: float

    @property
    def rate(self) -> float:
        return self.requests / self.wall


@dataclasses.dataclass
class Contender:
    """Something measured round after round: ``run(n)`` performs ``n`` checked requests."""

    label: str
    server: Server
    run: Callable[[int], None]
    samples: list[Sample] = dataclasses.field(default_factory=list)

    def measure(self, requests: int) -> None:
        server_before = self.server.cpu_seconds()
        cpu_before = time.process_time()
        start = time.perf_counter()
        self.run(requests)
        wall = time.perf_counter() - start
        local_cpu = time.process_time() - cpu_before
        server_cpu = self.server.cpu_seconds() - server_before
        self.samples.append(Sample(requests, wall, local_cpu, server_cpu))

    def rate(self) -> float:
        return statistics.median(s.rate for s in self.samples)

    def spread(self) -> float:
        """(max - min) / median of the per-round rates: a rough noise figure."""
        rates = [s.rate for s in self.samples]
        return (max(rates) - min(rates)) / statistics.median(rates)

    def local_us(self) -> float:
        return statistics.median(s.local_cpu / s.requests for s in self.samples) * 1e6

    def server_us(self) -> float:
        return statistics.median(s.server_cpu / s.requests for s in self.samples) * 1e6

    def server_busy(self) -> float:
        """Server CPU seconds per wall second: ~100 % means the (single-threaded) server was the bottleneck."""
        return statistics.median(s.server_cpu / s.wall for s in self.samples)


def paired_ratio(generated: Contender, baseline: Contender, metric: Callable[[Sample], float]) -> float:
    """Median over rounds of ``metric(generated) / metric(baseline)``, each pair measured back to back."""
    return statistics.median(metric(g) / metric(b) for g, b in zip(generated.samples, baseline.samples, strict=True))


def run_rounds(contenders: Sequence[Contender], args: argparse.Namespace, deadline: float) -> None:
    for contender in contenders:
        contender.run(args.warmup)
    for index in range(args.rounds):
        order = contenders if index % 2 == 0 else list(reversed(contenders))
        for contender in order:
            contender.measure(args.requests)
        if time.monotonic() > deadline and index + 1 < args.rounds:
            print(f"  time limit reached: stopping after {index + 1} of {args.rounds} rounds", flush=True)
            return


def check(ok: bool, what: str) -> None:
    if not ok:
        raise RuntimeError(f"unexpected response: {what}")


# -- 1. client -----------------------------------------------------------------------------------


def generated_client(server: Server, stack: ExitStack) -> Callable[[int], None]:
    client = stack.enter_context(Client(server.base_url + "/PBX", timeout=TIMEOUT))

    def run(n: int) -> None:
        for _ in range(n):
            check(client.new_call_event(EVENT) is True, "the generated client did not return True")

    return run


def baseline_client(server: Server, stack: ExitStack) -> Callable[[int], None]:
    http = stack.enter_context(httpx.Client(timeout=TIMEOUT))
    url = server.base_url + PATH

    def run(n: int) -> None:
        for _ in range(n):
            response = http.post(url, content=baseline_body(EVENT), headers=REQUEST_HEADERS)
            check(response.text == BOOLEAN_XML, response.text)

    return run


# -- 2. server load generators -------------------------------------------------------------------


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def _parallel(worker: Callable[[int, int], None], concurrency: int, stack: ExitStack) -> Callable[[int], None]:
    """``run(total)``: ``worker(i, n)`` on ``concurrency`` threads sharing ``total`` requests; errors propagate."""
    pool = stack.enter_context(ThreadPoolExecutor(concurrency, thread_name_prefix="load"))

    def run(total: int) -> None:
        futures = [pool.submit(worker, i, n) for i, n in enumerate(_split(total, concurrency))]
        for future in futures:
            future.result()

    return run


def httpx_load(server: Server, body: bytes, concurrency: int, stack: ExitStack) -> Callable[[int], None]:
    """``concurrency`` threads, each posting ``body`` through its own ``httpx.Client``."""
    clients = [stack.enter_context(httpx.Client(base_url=server.base_url, timeout=TIMEOUT)) for _ in range(concurrency)]

    def worker(i: int, n: int) -> None:
        http = clients[i]
        for _ in range(n):
            response = http.post(PATH, content=body, headers=REQUEST_HEADERS)
            check(response.status_code == 200 and response.content == BOOLEAN_XML_BYTES, response.text)

    return _parallel(worker, concurrency, stack)


def raw_load(server: Server, body: bytes, concurrency: int, stack: ExitStack) -> Callable[[int], None]:
    """``concurrency`` threads, each writing prebuilt HTTP/1.1 requests on its own keep-alive socket.

    ~15x cheaper per request than httpx, so the server, not the load generator, is the bottleneck.
    Each response is checked: status 200, ``content-length`` and the boolean XML body.
    """
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nAccept: {REQUEST_HEADERS['Accept']}\r\n"
        f"Content-Type: {XML_MEDIA_TYPE}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    request = head.encode() + body
    expected_length = f"\r\ncontent-length: {len(BOOLEAN_XML_BYTES)}\r\n".encode()
    sockets: list[socket.socket] = []
    for _ in range(concurrency):
        sock = stack.enter_context(socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sockets.append(sock)

    def worker(i: int, n: int) -> None:
        sock = sockets[i]
        buffer = b""
        for _ in range(n):
            sock.sendall(request)
            while b"\r\n\r\n" not in buffer:
                buffer += _recv(sock)
            header, _, buffer = buffer.partition(b"\r\n\r\n")
            check(header.startswith(b"HTTP/1.1 200 ") and expected_length in header.lower() + b"\r\n", header.decode())
            while len(buffer) < len(BOOLEAN_XML_BYTES):
                buffer += _recv(sock)
            check(buffer.startswith(BOOLEAN_XML_BYTES), buffer.decode())
            buffer = buffer[len(BOOLEAN_XML_BYTES) :]

    return _parallel(worker, concurrency, stack)


def _recv(sock: socket.socket) -> bytes:
    chunk = sock.recv(65536)
    if not chunk:
        raise RuntimeError("the server closed the connection")
    return chunk


# -- the two benchmarks --------------------------------------------------------------------------


def print_rounds(contenders: Sequence[Contender], cpu: Callable[[Sample], float]) -> None:
    print("  every round (rate/s, CPU µs per request of the side under test):")
    for c in contenders:
        print(f"    {c.label:<26}" + "  ".join(f"{s.rate:.0f}/{cpu(s) / s.requests * 1e6:.0f}" for s in c.samples))


def print_ratios(
    unit: str, cpu_name: str, generated: Contender, baseline: Contender, cpu: Callable[[Sample], float]
) -> float:
    """Print and return the throughput ratio generated/baseline, and the CPU ratio baseline-relative."""
    ratio = paired_ratio(generated, baseline, lambda s: s.rate)
    cpu_ratio = paired_ratio(generated, baseline, lambda s: cpu(s) / s.requests)
    verdict = "ok" if ratio >= TARGET_RATIO else f"BELOW TARGET {TARGET_RATIO}"
    print(f"  {unit} generated/baseline: {ratio:.3f}  ({verdict}, target >= {TARGET_RATIO})")
    print(f"  {cpu_name} generated/baseline: {cpu_ratio:.2f}")
    return ratio


def bench_client(args: argparse.Namespace, deadline: float) -> float:
    print(
        f"\n1. Client: {args.rounds} rounds x {args.requests} sequential calls on one keep-alive connection;\n"
        "   both clients call the same minimal Starlette endpoint (one uvicorn subprocess)",
        flush=True,
    )
    with ExitStack() as stack:
        server = stack.enter_context(serving("echo", pin=args.pin))
        generated = Contender("generated k2.pbx.Client", server, generated_client(server, stack))
        baseline = Contender("httpx.Client + f-string", server, baseline_client(server, stack))
        run_rounds([generated, baseline], args, deadline)
    print(f"  {'':<26}{'calls/s':>9}{'spread':>8}{'client CPU µs/call':>20}{'server CPU µs/call':>20}")
    for c in (generated, baseline):
        print(f"  {c.label:<26}{c.rate():>9.0f}{c.spread():>8.0%}{c.local_us():>20.0f}{c.server_us():>20.0f}")
    if args.verbose:
        print_rounds([generated, baseline], lambda s: s.local_cpu)
    return print_ratios("calls/s", "client CPU per call", generated, baseline, lambda s: s.local_cpu)


def bench_server(args: argparse.Namespace, deadline: float) -> float:
    load = httpx_load if args.load == "httpx" else raw_load
    print(
        f"\n2. Server: {args.rounds} rounds x {args.requests} requests; load generator: {args.load}, "
        f"{args.concurrency} keep-alive connections\n   (one thread each), same fixed body for every server",
        flush=True,
    )
    apps = [("generated create_app", "generated"), ("hand-written FastAPI", "baseline")]
    if args.sync_impl:
        apps.append(("generated, sync def impl", "generated-sync"))
    body = baseline_body(EVENT)
    with ExitStack() as stack:
        contenders = []
        for label, kind in apps:
            server = stack.enter_context(serving(kind, pin=args.pin))
            contenders.append(Contender(label, server, load(server, body, args.concurrency, stack)))
        run_rounds(contenders, args, deadline)
    print(f"  {'':<26}{'req/s':>9}{'spread':>8}{'server CPU µs/req':>19}{'server busy':>13}{'loadgen CPU µs/req':>20}")
    for c in contenders:
        print(
            f"  {c.label:<26}{c.rate():>9.0f}{c.spread():>8.0%}{c.server_us():>19.0f}"
            f"{c.server_busy():>13.0%}{c.local_us():>20.0f}"
        )
    if args.verbose:
        print_rounds(contenders, lambda s: s.server_cpu)
    ratio = print_ratios("req/s", "server CPU per request", contenders[0], contenders[1], lambda s: s.server_cpu)
    if min(c.server_busy() for c in contenders) < 0.9:
        print("  note: a server was busy < 90 % of the time, so the load generator, not the server, set the pace")
    return ratio


def sanity_check() -> None:
    """Both sides of each comparison must see the same request and values, or the comparison means nothing."""
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, headers={"content-type": XML_MEDIA_TYPE}, content=BOOLEAN_XML_BYTES)

    with Client("http://127.0.0.1/PBX", transport=httpx.MockTransport(answer)) as client:
        check(client.new_call_event(EVENT) is True, "the generated client did not return True")
    (request,) = sent
    body = baseline_body(EVENT)
    if request.content != body:
        raise SystemExit(f"the baseline body differs from the generated one:\n{body!r}\n{request.content!r}")
    if request.url.path != PATH or any(request.headers.get(k) != v for k, v in REQUEST_HEADERS.items()):
        raise SystemExit(f"the generated client no longer sends POST {PATH} with {REQUEST_HEADERS}: {request!r}")
    if baseline_parse(body) != EVENT:
        raise SystemExit("the baseline server does not parse the body back into the same CallEvent")


def print_profile(title: str, stats: pstats.Stats) -> None:
    print(f"\n--- cProfile: {title}: top 25 by cumulative time ---")
    stats.sort_stats("cumulative").print_stats(25)
    print(f"--- cProfile: {title}: the generated code (k2/) by own time ---")
    stats.sort_stats("tottime").print_stats(r"k2[/\\]", 20)


def profile(args: argparse.Namespace) -> None:
    """cProfile of the generated client (in this process) and of the generated server (in its subprocess)."""
    with serving("echo", pin=args.pin) as echo, Client(echo.base_url + "/PBX") as client:
        client.new_call_event(EVENT)
        with cProfile.Profile() as client_profile:
            for _ in range(args.requests):
                client.new_call_event(EVENT)
    print_profile(f"generated client, {args.requests} calls", pstats.Stats(client_profile))
    with tempfile.TemporaryDirectory() as tmp:
        stats_file = Path(tmp) / "server.prof"
        with serving("generated", pin=args.pin, profile=stats_file) as server, ExitStack() as stack:
            raw_load(server, baseline_body(EVENT), args.concurrency, stack)(args.requests)
        print_profile(f"generated server, {args.requests} requests", pstats.Stats(str(stats_file)))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--requests", type=int, default=300, help="requests per contender per round (300)")
    parser.add_argument("-r", "--rounds", type=int, default=15, help="measured rounds; medians are reported (15)")
    parser.add_argument("-w", "--warmup", type=int, default=200, help="unmeasured requests per contender first (200)")
    parser.add_argument("-c", "--concurrency", type=int, default=4, help="connections of the server load (4)")
    parser.add_argument(
        "--load", choices=["raw", "httpx"], default="raw", help="server load generator: raw sockets or httpx (raw)"
    )
    parser.add_argument("--only", choices=["client", "server"], help="run one of the two benchmarks")
    parser.add_argument("--no-sync-impl", dest="sync_impl", action="store_false", help="skip the sync-impl server")
    parser.add_argument("--pin", action="store_true", help=f"Linux: servers on CPU {SERVER_CPU}, clients on CPU 0")
    parser.add_argument("--time-limit", type=float, default=60, help="start no round after this many seconds (60)")
    parser.add_argument("-v", "--verbose", action="store_true", help="also print every round's figures")
    parser.add_argument("--strict", action="store_true", help=f"exit 1 if a ratio is below {TARGET_RATIO}")
    parser.add_argument("--profile", action="store_true", help="print cProfile reports of the generated code instead")
    args = parser.parse_args(argv)
    for name in ("requests", "rounds", "concurrency"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.warmup < 0:
        parser.error("--warmup must not be negative")
    if args.pin and not (hasattr(os, "sched_setaffinity") and SERVER_CPU in os.sched_getaffinity(0)):
        parser.error(f"--pin needs Linux and CPUs 0 and {SERVER_CPU}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sanity_check()
    versions = ", ".join(f"{name} {version(name)}" for name in ("httpx", "fastapi", "starlette", "uvicorn", "h11"))
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; {versions}")
    if args.pin:
        os.sched_setaffinity(0, {0})
    if args.profile:
        profile(args)
        return 0
    deadline = time.monotonic() + args.time_limit
    ratios: list[float] = []
    if args.only in (None, "client"):
        ratios.append(bench_client(args, deadline))
    if args.only in (None, "server"):
        ratios.append(bench_server(args, deadline))
    return 1 if args.strict and min(ratios) < TARGET_RATIO else 0


if __name__ == "__main__":
    sys.exit(main())
