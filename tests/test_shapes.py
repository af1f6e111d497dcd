"""Operation shapes over real HTTP: URI template variables, void responses and raw (stream) bodies."""

from __future__ import annotations

import hashlib
import importlib
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.conftest import SPECS, serve
from wcfgen.pipeline import generate


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("shapes")
    generate(SPECS / "shapes", out)  # verified before it is written, so it may be imported
    sys.path.insert(0, str(out))
    yield importlib.import_module("shapes")
    sys.path.remove(str(out))


class Impl:
    def __init__(self, raw: type[Any]) -> None:
        self.raw = raw
        self.calls: list[tuple[str, Any]] = []

    def get_item(self, id_: str, filter_: str | None, top: str | None, /) -> str:
        self.calls.append(("get_item", (id_, filter_, top)))
        return f"{id_}|{filter_}|{top}"

    def get_file(self, path: str, /) -> str:
        return path

    def greet(self, punct: str, name: str, /) -> str:
        return f"hello {name}{punct}"

    async def delete_item(self, id_: str, /) -> None:
        self.calls.append(("delete_item", id_))

    def upload(self, body: Any, /) -> str:
        return f"{len(body.content)}:{hashlib.sha256(body.content).hexdigest()}:{body.content_type}"

    def download(self, name: str, /) -> Any:
        return self.raw((name * 2).encode() + bytes(range(256)), "application/x-test")


@pytest.fixture(scope="module")
def live(shapes: ModuleType) -> Iterator[tuple[str, Impl]]:
    server = importlib.import_module("shapes.shapes.server")
    impl = Impl(shapes.RawBody)
    with serve(server.create_app(impl)) as base:
        yield f"{base}/Shapes.svc", impl


def test_path_and_query_variables_are_encoded_and_arrive(shapes: ModuleType, live: tuple[str, Impl]) -> None:
    base, _ = live
    client_module = importlib.import_module("shapes.shapes")
    with client_module.Client(base) as client:
        assert client.get_item("a b%č?#", filter_="x&y=z", top=10) == "a b%č?#|x&y=z|10"
        assert client.get_item("1", top=True) == "1|None|true"
        assert client.get_file("dir/sub dir/file.txt") == "dir/sub dir/file.txt"
        assert client.greet("!") == "hello world!"  # {NAME=world}: a template default
        assert client.greet("?", name="you") == "hello you?"


def test_query_keys_match_without_regard_to_case(live: tuple[str, Impl]) -> None:
    base, _ = live
    response = httpx.get(f"{base}/Items/7", params={"FILTER": "f", "Top": "3"})
    assert response.content == b'<string xmlns="http://schemas.microsoft.com/2003/10/Serialization/">7|f|3</string>'


async def test_void_response(shapes: ModuleType, live: tuple[str, Impl]) -> None:
    base, impl = live
    client_module = importlib.import_module("shapes.shapes")
    async with client_module.AsyncClient(base) as client:
        assert await client.delete_item("42") is None
    assert ("delete_item", "42") in impl.calls
    async with httpx.AsyncClient() as http:
        response = await http.delete(f"{base}/Items/43")
    assert (response.status_code, response.content) == (200, b"")


def test_raw_bodies_keep_bytes_and_content_type(shapes: ModuleType, live: tuple[str, Impl]) -> None:
    base, _ = live
    client_module = importlib.import_module("shapes.shapes")
    data = bytes(range(256)) * 3
    with client_module.Client(base, wire_format="json") as client:
        answer = client.upload(shapes.RawBody(data, "image/png"))
        assert answer == f"768:{hashlib.sha256(data).hexdigest()}:image/png"
        download = client.download("ab")
    assert download == shapes.RawBody(b"abab" + bytes(range(256)), "application/x-test")


def test_generation_warns_about_nothing_here_but_raw_fallbacks_are_typed(shapes: ModuleType) -> None:
    client = importlib.import_module("shapes.shapes.client")
    assert client.Client.upload.__annotations__["body"] == "_client.Content"  # RawBody, bytes, a file or chunks
    assert client.AsyncClient.upload.__annotations__["body"] == "_client.AsyncContent"
