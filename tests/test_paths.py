"""A path variable's value stays inside its segment, and arrives intact.

Issue 10 item 10: ``delete_item("..")`` sent ``DELETE /Showcase.svc`` and
``get_file("../../Admin/Delete")`` ``GET /Admin/Delete`` (dot segments are removed by the
HTTP stack). Percent-encoding them is not enough: WCF on Mono resolves ``%2E%2E`` too, and
decodes ``%2F`` and ``%5C`` before it does, so ``Items/..%2FPing`` reaches ``Ping``
(tests/interop/showcase/test_generated_showcase.py): the client refuses a dot segment anywhere
between a value's slashes or backslashes.
Item 11: a ``/`` in a value was sent as ``%2F``, which the stub decoded before routing: 404.
The generated Showcase client and stub over a real uvicorn on 127.0.0.1.
"""

from __future__ import annotations

import importlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SPECS, imported_binding, serve


class Echo:
    """The operations the tests call: each answers what it received."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def get_item(self, id_: str, filter_: str | None, top: str | None, /) -> str:
        return f"{id_}|{filter_}|{top}"

    def get_file(self, path: str, /) -> str:
        return path

    def delete_item(self, id_: str, /) -> None:
        self.calls.append(("delete", id_))


@pytest.fixture(scope="module")
def showcase(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with imported_binding(SPECS / "showcase", "showcase", tmp_path_factory.mktemp("paths")) as package:
        importlib.import_module("showcase.showcase.server")
        yield package


@pytest.fixture(scope="module")
def stub(showcase: ModuleType) -> Iterator[tuple[Any, Echo, list[bytes]]]:
    echo = Echo()
    app = showcase.showcase.server.create_app(echo, prefix="/App/Showcase.svc")
    raw_paths: list[bytes] = []

    @app.middleware("http")
    async def record(request: Any, call_next: Any) -> Any:
        raw_paths.append(request.scope["raw_path"])
        return await call_next(request)

    # JSON answers: XML cannot carry every character a path can
    with serve(app) as base, showcase.showcase.Client(f"{base}/App/Showcase.svc", wire_format="json") as client:
        yield client, echo, raw_paths


@pytest.fixture
def live(stub: tuple[Any, Echo, list[bytes]]) -> tuple[Any, Echo, list[bytes]]:
    _, echo, raw_paths = stub
    echo.calls.clear()
    raw_paths.clear()
    return stub


@pytest.mark.parametrize(
    ("value", "raw"),
    [
        ("...", b"/App/Showcase.svc/Items/..."),
        ("..a", b"/App/Showcase.svc/Items/..a"),
        ("a/b", b"/App/Showcase.svc/Items/a%2Fb"),
        ("a/.../b..", b"/App/Showcase.svc/Items/a%2F...%2Fb.."),
        ("%2F", b"/App/Showcase.svc/Items/%252F"),
        ("a\\b?#", b"/App/Showcase.svc/Items/a%5Cb%3F%23"),
    ],
)
def test_a_value_stays_in_its_segment(live: tuple[Any, Echo, list[bytes]], value: str, raw: bytes) -> None:
    client, echo, raw_paths = live
    client.delete_item(value)
    assert raw_paths == [raw]
    assert echo.calls == [("delete", value)]


@pytest.mark.parametrize(
    ("value", "raw"),
    [
        ("a b/ü", b"/App/Showcase.svc/Files/a%20b/%C3%BC"),
        ("a//b/", b"/App/Showcase.svc/Files/a//b/"),
        ("a/.../b", b"/App/Showcase.svc/Files/a/.../b"),
        ("", b"/App/Showcase.svc/Files/"),
        # schemathesis found these: Starlette's {x:path} stops at a line feed; the raw path does not
        ("a\nb", b"/App/Showcase.svc/Files/a%0Ab"),
        ("a\n", b"/App/Showcase.svc/Files/a%0A"),
    ],
)
def test_a_wildcard_keeps_its_slashes_but_no_dot_segments(live: tuple[Any, Echo, list[bytes]], value: str, raw: bytes) -> None:
    client, _, raw_paths = live
    assert client.get_file(value) == value
    assert raw_paths == [raw]


def test_values_that_cannot_name_a_segment_are_refused(live: tuple[Any, Echo, list[bytes]], showcase: ModuleType) -> None:
    client, _, raw_paths = live
    with pytest.raises(showcase.EncodeError, match="id_: a path segment cannot be empty"):
        client.delete_item("")  # would be DELETE Items/, another resource
    with pytest.raises(showcase.EncodeError, match="id_: not valid Unicode"):
        client.delete_item("\ud800")
    for dots in ("..", "."):
        with pytest.raises(showcase.EncodeError, match=f"id_: '{re.escape(dots)}' is or holds a dot segment"):
            client.delete_item(dots)
    for climb in ("../../Admin/Delete", "../Ping", "..\\Ping", "a/./b"):  # Mono decodes %2F and %5C, then climbs
        with pytest.raises(showcase.EncodeError, match="id_: .* is or holds a dot segment"):
            client.delete_item(climb)
    with pytest.raises(showcase.EncodeError, match="path: '..' is or holds a dot segment"):
        client.get_file("../../Admin/Delete")
    with pytest.raises(showcase.EncodeError, match="path: '.' is or holds a dot segment"):
        client.get_file("a/./b")
    with pytest.raises(showcase.EncodeError, match="path: .* is or holds a dot segment"):
        client.get_file("a/..\\b")
    assert raw_paths == []  # nothing was sent


# any text but NUL (which .NET refuses in a URI) and lone surrogates (which UTF-8 cannot carry);
# the client refuses dot segments
TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30)


def _no_dot_segment(text: str) -> bool:
    return not {".", ".."} & set(re.split(r"[/\\]", text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segment=TEXT.filter(lambda t: t != "" and _no_dot_segment(t)), path=TEXT.filter(_no_dot_segment), filter_=TEXT)
def test_every_value_the_client_sends_arrives_intact(
    stub: tuple[Any, Echo, list[bytes]], segment: str, path: str, filter_: str
) -> None:
    client, _, _ = stub
    assert client.get_item(segment, filter_=filter_, top=5) == f"{segment}|{filter_}|5"
    assert client.get_file(path) == path


def test_an_operation_at_the_services_own_address(tmp_path: Path) -> None:
    """An empty UriTemplate (``Url: …/Showcase.svc``): the client calls the base address, the
    stub routes it, and the stub's docstring shows the method alone (not ``GET `` with a space)."""
    spec = tmp_path / "spec"
    shutil.copytree(SPECS / "showcase", spec)
    page = spec / "Showcase" / "Ping.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("Showcase.svc/Ping", "Showcase.svc"), encoding="utf-8")

    class Pinged:
        def ping(self) -> None:
            self.pinged = True

    with imported_binding(spec, "showcase", tmp_path / "out") as package:
        server = importlib.import_module("showcase.showcase.server")
        assert '        ``GET``\n' in Path(server.__file__).read_text(encoding="utf-8")
        impl = Pinged()
        with serve(server.create_app(impl)) as base, package.showcase.Client(f"{base}/Showcase.svc") as client:
            assert client.ping() is None
        assert impl.pinged
