"""Stream bodies both ways without holding them: 200 MB through the generated Showcase client
(sync and async) at flat memory, against a real uvicorn in another process.

The client runs in a subprocess of its own that reports its peak of traced allocations
(tracemalloc) and its peak RSS growth, so nothing else of the test run is counted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SPECS, free_port
from wcfgen.pipeline import generate

SIZE = 200 * 1024 * 1024
SERVER = """\
import hashlib

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

BLOCK = bytes(range(256)) * 256  # 64 KiB


async def download(request: Request) -> StreamingResponse:
    size = int(request.path_params["name"])

    async def body():
        for _ in range(size // len(BLOCK)):
            yield BLOCK

    return StreamingResponse(body(), media_type="application/octet-stream")


async def upload(request: Request) -> Response:
    digest, size = hashlib.sha256(), 0
    async for chunk in request.stream():
        digest.update(chunk)
        size += len(chunk)
    text = f"{size}:{digest.hexdigest()}:{request.headers.get('content-type')}"
    return Response(f'<string xmlns="http://schemas.microsoft.com/2003/10/Serialization/">{text}</string>',
                    media_type="application/xml")


app = Starlette(routes=[
    Route("/Showcase.svc/Download/{name}", download, methods=["GET"]),
    Route("/Showcase.svc/Upload", upload, methods=["POST"]),
])
"""
CLIENT = """\
import asyncio, hashlib, json, resource, sys, time, tracemalloc

from showcase.showcase import AsyncClient, Client

base, size = sys.argv[1], int(sys.argv[2])
BLOCK = bytes(range(256)) * 256
expected = hashlib.sha256()
for _ in range(size // len(BLOCK)):
    expected.update(BLOCK)


def chunks(size):
    for _ in range(size // len(BLOCK)):
        yield BLOCK


async def achunks(size):
    for _ in range(size // len(BLOCK)):
        yield BLOCK


def sync_calls(size):
    with Client(base) as client:
        with client.stream.download(str(size)) as response:
            digest, got = hashlib.sha256(), 0
            for chunk in response.iter_bytes():
                digest.update(chunk)
                got += len(chunk)
            down = (response.status_code, response.headers["content-type"], got, digest.hexdigest())
        up = client.upload(chunks(size))
        with open(sys.argv[3], "rb") as file:
            up_file = client.upload(file, headers={"Content-Type": "application/zip"})
    return down, up, up_file


async def async_calls(size):
    async with AsyncClient(base) as client:
        async with client.stream.download(str(size)) as response:
            digest, got = hashlib.sha256(), 0
            async for chunk in response.aiter_bytes():
                digest.update(chunk)
                got += len(chunk)
            down = (response.status_code, got, digest.hexdigest())
        up = await client.upload(achunks(size))
        with open(sys.argv[3], "rb") as file:
            up_file = await client.upload(file)
    return down, up, up_file


# a small round first: what the calls import and cache once is not what they hold per chunk
sync_calls(4 * len(BLOCK))
asyncio.run(async_calls(4 * len(BLOCK)))
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
started = time.monotonic()
result = {"sync": sync_calls(size), "async": asyncio.run(async_calls(size))}
result["seconds"] = time.monotonic() - started
result["traced_peak"] = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
result["rss_growth_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
result["expected"] = expected.hexdigest()
print(json.dumps(result))
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("streaming")
    generate(SPECS / "showcase", root)
    (root / "server.py").write_text(SERVER, encoding="utf-8")
    (root / "client.py").write_text(CLIENT, encoding="utf-8")
    with (root / "file.bin").open("wb") as file:  # a 16 MiB file to upload as it is read
        file.write((bytes(range(256)) * 256) * 256)
    return root


def test_200_mb_both_ways_at_flat_memory(folder: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "server:app", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    with subprocess.Popen(command, cwd=folder, stderr=subprocess.PIPE, text=True) as server:
        try:
            run = [sys.executable, "client.py", f"http://127.0.0.1:{port}/Showcase.svc", str(SIZE), "file.bin"]
            for _ in range(3):  # the server may still be starting
                client = subprocess.run(run, cwd=folder, capture_output=True, text=True, timeout=240, check=False)
                if "ConnectError" not in client.stderr:
                    break
        finally:
            server.terminate()
            server.wait(timeout=10)
    assert client.returncode == 0, client.stderr
    result = json.loads(client.stdout)
    expected = result["expected"]
    file_digest = _file_digest(folder / "file.bin")
    sync_down, sync_up, sync_file = result["sync"]
    assert sync_down == [200, "application/octet-stream", SIZE, expected]
    assert sync_up == f"{SIZE}:{expected}:application/octet-stream"
    assert sync_file == f"{16 * 1024 * 1024}:{file_digest}:application/zip"
    async_down, async_up, async_file = result["async"]
    assert async_down == [200, SIZE, expected]
    assert async_up == f"{SIZE}:{expected}:application/octet-stream"
    assert async_file == f"{16 * 1024 * 1024}:{file_digest}:application/octet-stream"
    # 800 MB moved (after a small warm-up round); the client never held more than a few chunks at a time
    assert result["traced_peak"] < 4 * 1024 * 1024, result
    assert result["rss_growth_kib"] < 40 * 1024, result
    assert result["seconds"] < 180, result


def _file_digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
