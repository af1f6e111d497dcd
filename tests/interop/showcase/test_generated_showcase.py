"""The generated Showcase binding against the real WCF peer (Mono): every operation shape and
every data-contract type, in XML and JSON, plus property tests through Mono's serializers.

The binding is generated from tests/specs/showcase (pages in the real help-page format, with
the XSDs Mono's XsdDataContractExporter wrote) into a temporary folder by wcfgen itself, which
verifies it before anything imports it.
"""

from __future__ import annotations

import hashlib
import importlib
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SPECS, serve
from tests.interop.showcase.harness import DcsTool, ShowcaseHost, download_bytes
from wcfgen.pipeline import generate

pytestmark = pytest.mark.interop
FORMATS = ["xml", "json"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("showcase")
    generate(SPECS / "showcase", out)
    return out


@pytest.fixture(scope="module")
def sc(generated: Path) -> Iterator[ModuleType]:
    sys.path.insert(0, str(generated))
    yield importlib.import_module("showcase.models")
    sys.path.remove(str(generated))


def test_generated_showcase_passes_ruff_and_mypy_strict(generated: Path, tmp_path: Path) -> None:
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "--select", "E4,E7,E9,F,I,UP,B,RUF", "showcase"],
        capture_output=True, text=True, check=False, cwd=generated,
    )  # fmt: skip
    assert ruff.returncode == 0, ruff.stdout
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path), "-p", "showcase"],
        capture_output=True, text=True, check=False, cwd=generated,
    )  # fmt: skip
    assert mypy.returncode == 0, mypy.stdout


def _client(host: ShowcaseHost, wire_format: str) -> Any:
    service = importlib.import_module("showcase.showcase")
    # each endpoint answers in one format (Mono ignores Accept), so pick the one that matches
    return service.Client(host.base_url(wire_format), wire_format=wire_format)


def _everything(m: ModuleType, *, aware: bool) -> Any:
    """Every member set to a value that tests its codec; aware datetimes where JSON must carry them."""
    when = datetime(2024, 5, 1, 10, 20, 30, 123000, tzinfo=UTC if aware else None)
    return m.Everything(
        anything=m.Tag(key="any", weight=7),
        blob=bytes([0, 1, 127, 128, 254, 255]),
        color=m.Color.BLUE,
        counts={"x": 1, "": -1},
        duration=timedelta(days=1, hours=2, minutes=3, seconds=4, microseconds=500000),
        f32=1.1,
        f64=0.1,
        flag=True,
        i16=-(2**15),
        i32=-(2**31),
        i64=-(2**63),
        i8=-128,
        id_=UUID("1627aea5-8e0a-4371-9022-9b504344e724"),
        letter="é",
        link="http://www.example.com/a%20b?x=1&y=%C3%A9",
        maybe_color=m.Color.DARK_GREEN,
        maybe_double=-2.5,
        maybe_id=None,
        maybe_int=None,
        maybe_when=datetime(1999, 5, 31, 11, 20, tzinfo=timezone(timedelta(hours=2))),
        money=Decimal("1.10"),
        names=["a", None, ""],
        nested=m.Tag(key="n", weight=-1),
        numbers=[1, -2, 2**31 - 1],
        perms=frozenset({m.Perms.READ, m.Perms.WRITE}),
        shape=m.Circle(name="c", color=m.Color.RED, radius=1.5),
        shapes=[m.Square(name="s", color=m.Color.BLUE, side=2.0), m.Shape(name="b", color=m.Color.DARK_GREEN), None],
        tags=[m.Tag(key="k1", weight=1), None],
        text="Žluťoučký kůň <&> \"'\t\n 😀",
        u16=2**16 - 1,
        u32=2**32 - 1,
        u64=2**64 - 1,
        u8=255,
        when=when,
        when_offset=datetime(2024, 5, 1, 10, 20, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))),
    )


@pytest.mark.parametrize("wire_format", FORMATS)
def test_echo_round_trips_every_type(sc: ModuleType, showcase: ShowcaseHost, wire_format: str) -> None:
    value = _everything(sc, aware=wire_format == "json")
    with _client(showcase, wire_format) as client:
        assert client.echo(value) == value
    assert showcase.errors() == []


def test_naive_datetimes_stay_unspecified_in_xml(sc: ModuleType, showcase: ShowcaseHost) -> None:
    # color: .NET's default (Color)0 has no member, so no XML form (DataContractSerializer refuses it)
    value = sc.Everything(when=datetime(2024, 5, 1, 10, 20, 30), maybe_when=datetime(2001, 1, 1), color=sc.Color.RED)
    with _client(showcase, "xml") as client:
        echoed = client.echo(value)
    assert echoed.when == datetime(2024, 5, 1, 10, 20, 30) and echoed.when.tzinfo is None
    assert b"<When>2024-05-01T10:20:30</When>" in showcase.received()[-1].body  # type: ignore[operator]


@pytest.mark.parametrize("wire_format", FORMATS)
def test_primitive_roots(sc: ModuleType, showcase: ShowcaseHost, wire_format: str) -> None:
    aware = datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC)
    with _client(showcase, wire_format) as client:
        assert client.echo_int(-(2**31)) == -(2**31)
        assert client.echo_long(2**63 - 1) == 2**63 - 1
        assert client.echo_string("Příliš žluťoučký") == "Příliš žluťoučký"
        assert client.echo_double(1.26743233e15) == 1.26743233e15
        assert client.echo_decimal(Decimal(79228162514264337593543950335)) == Decimal(79228162514264337593543950335)
        assert client.echo_bool(False) is False
        assert client.echo_date_time(aware) == aware
        assert client.echo_guid(UUID(int=0)) == UUID(int=0)
        assert client.echo_duration(-timedelta(days=3, seconds=1)) == -timedelta(days=3, seconds=1)
        assert client.echo_char("ř") == "ř"


@pytest.mark.parametrize("wire_format", FORMATS)
def test_collection_roots(sc: ModuleType, showcase: ShowcaseHost, wire_format: str) -> None:
    tags = [sc.Tag(key="a", weight=1), None, sc.Tag(key=None, weight=0)]
    with _client(showcase, wire_format) as client:
        assert client.echo_tags(tags) == tags
        assert client.echo_strings(["x", None, ""]) == ["x", None, ""]
        assert client.echo_counts({"a": 1, "ž": -2}) == {"a": 1, "ž": -2}
        # Mono cannot receive control characters in JSON, so not the default char U+0000 either
        # color: .NET's default (Color)0 has no member, and so no XML form
        plain = sc.Everything(letter="x", when=datetime(2000, 1, 1, tzinfo=UTC), color=sc.Color.RED)
        assert client.echo_many([_everything(sc, aware=True), plain]) == [_everything(sc, aware=True), plain]


@pytest.mark.parametrize("wire_format", FORMATS)
def test_uri_templates_reach_wcf(sc: ModuleType, showcase: ShowcaseHost, wire_format: str) -> None:
    with _client(showcase, wire_format) as client:
        assert client.get_item("a b&č", filter_="x y/z", top=3) == "a b&č|x y/z|3"
        assert client.get_item("1") == "1|<null>|0"
        assert client.get_file("dir/sub dir/f.txt") == "dir/sub dir/f.txt"
        assert client.put_item("7", sc.Tag(key="k", weight=1)) == sc.Tag(key="7:k", weight=2)
        assert client.delete_item("9") is None
    assert [r.operation for r in showcase.received()] == ["GetItem", "GetItem", "GetFile", "PutItem", "DeleteItem"]


@pytest.mark.parametrize("wire_format", FORMATS)
def test_void_and_streams(sc: ModuleType, showcase: ShowcaseHost, wire_format: str) -> None:
    raw_body = importlib.import_module("showcase").RawBody
    data = bytes(range(256)) * 4
    with _client(showcase, wire_format) as client:
        assert client.void(sc.Tag(key="v", weight=0)) is None
        assert client.ping() is None
        assert client.upload(raw_body(data, "application/octet-stream")) == f"{len(data)}:{hashlib.sha256(data).hexdigest()}"
        download = client.download("čau")
    assert download.content == download_bytes("čau")
    assert download.content_type == "application/octet-stream"


@pytest.mark.parametrize("wire_format", FORMATS)
def test_wrapped_operations_from_the_manifest(sc: ModuleType, showcase: ShowcaseHost, wire_format: str) -> None:
    with _client(showcase, wire_format) as client:
        assert client.concat("a", 5) == "a5"
        assert client.sum_(2, 40) == 42


class EchoService:
    """The Showcase contract implemented in Python, echoing like the Mono peer."""

    def __init__(self, m: ModuleType, raw_body: type[Any]) -> None:
        self.m, self.raw_body = m, raw_body

    async def echo(self, value: Any, /) -> Any:
        return value

    def echo_many(self, values: Any, /) -> Any:
        return values

    def echo_tags(self, tags: Any, /) -> Any:
        return tags

    def echo_counts(self, counts: Any, /) -> Any:
        return counts

    def get_item(self, id_: str, filter_: str | None, top: str | None, /) -> str:
        return f"{id_}|{filter_ if filter_ is not None else '<null>'}|{top or 0}"

    def get_file(self, path: str, /) -> str:
        return path

    def concat(self, a: str | None, b: int | None, /) -> str:
        return f"{a}{b}"

    def sum_(self, x: int | None, y: int | None, /) -> int:
        return (x or 0) + (y or 0)

    def upload(self, body: Any, /) -> str:
        return f"{len(body.content)}:{hashlib.sha256(body.content).hexdigest()}"

    def download(self, name: str, /) -> Any:
        return self.raw_body(download_bytes(name), "application/octet-stream")


@pytest.mark.parametrize("wire_format", FORMATS)
def test_generated_client_and_server_agree_on_every_type(sc: ModuleType, wire_format: str) -> None:
    package = importlib.import_module("showcase")
    server = importlib.import_module("showcase.showcase.server")
    value = _everything(sc, aware=wire_format == "json")
    with serve(server.create_app(EchoService(sc, package.RawBody))) as base:
        client = importlib.import_module("showcase.showcase").Client(f"{base}/Showcase.svc", wire_format=wire_format)
        with client:
            assert client.echo(value) == value
            assert client.echo_many([value, None]) == [value, None]
            assert client.echo_tags([sc.Tag(key="a", weight=1), None]) == [sc.Tag(key="a", weight=1), None]
            assert client.echo_counts({"ž": 2}) == {"ž": 2}
            assert client.get_item("a b", filter_="x", top=2) == "a b|x|2"
            assert client.get_file("d/e f") == "d/e f"
            assert client.concat("a", 5) == "a5"
            assert client.sum_(2, 40) == 42
            data = bytes([0, 255])
            assert client.upload(package.RawBody(data)) == f"2:{hashlib.sha256(data).hexdigest()}"
            assert client.download("x").content == download_bytes("x")


# -- property tests through Mono's own serializers (no HTTP, one process for all examples) ----

_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
# Mono reads -0 as 0, and its "R" writer (like .NET Framework's) loses doubles that need 17 digits
_mono_doubles = st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: float(f"{x:.15g}") == x and str(x) != "-0.0")


@st.composite
def everything(draw: st.DrawFn, m: ModuleType) -> Any:
    tags = st.builds(m.Tag, key=st.none() | _text, weight=st.integers(-(2**31), 2**31 - 1))
    colors = st.sampled_from(list(m.Color))
    aware = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC))
    return m.Everything(
        text=draw(st.none() | _text),
        flag=draw(st.booleans()),
        i32=draw(st.integers(-(2**31), 2**31 - 1)),
        u64=draw(st.integers(0, 2**64 - 1)),
        f64=draw(_mono_doubles),
        letter=draw(st.characters(blacklist_categories=("Cs", "Cc"), max_codepoint=0xFFFF)),
        money=draw(st.decimals(min_value=-(10**15), max_value=10**15, places=4)),
        when=draw(aware).replace(microsecond=draw(st.integers(0, 999)) * 1000),
        duration=timedelta(milliseconds=draw(st.integers(-(10**12), 10**12))),
        id_=draw(st.uuids()),
        color=draw(colors),
        maybe_color=draw(st.none() | colors),
        perms=frozenset(draw(st.sets(st.sampled_from([p for p in m.Perms if p.number])))),
        names=draw(st.none() | st.lists(st.none() | _text, max_size=3)),
        tags=draw(st.none() | st.lists(st.none() | tags, max_size=3)),
        counts=draw(st.none() | st.dictionaries(_text, st.integers(-5, 5), max_size=3)),
        shape=draw(st.none() | st.builds(m.Circle, name=_text, color=colors, radius=_mono_doubles)),
        anything=draw(st.none() | tags | _text | st.integers(-(2**31), 2**31 - 1)),
        nested=draw(st.none() | tags),
    )


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("wire_format", FORMATS)
def test_any_instance_round_trips_through_mono_serializers(sc: ModuleType, showcase_dcs: DcsTool, wire_format: str) -> None:
    codec = importlib.import_module("showcase._runtime").ContractCodec(sc.Everything)

    @PROPERTY
    @given(value=everything(sc))
    def check(value: Any) -> None:
        ours = codec.encode(value, wire_format)
        assert codec.decode(ours, wire_format) == value  # our codec alone
        theirs = showcase_dcs.roundtrip("Everything", wire_format, ours)  # what Mono understood
        assert codec.decode(theirs, wire_format) == value

    check()


@pytest.mark.parametrize("wire_format", FORMATS)
def test_mono_serializer_fixtures_decode_and_reencode(sc: ModuleType, wire_format: str) -> None:
    """Bytes Mono's serializers wrote (tests/interop/showcase/fixtures) read into the models and
    write back to the same document (JSON byte for byte, XML up to namespace prefixes)."""
    codec = importlib.import_module("showcase._runtime").ContractCodec(sc.Everything)
    fixtures = Path(__file__).parent / "fixtures"
    for name in ("everything", "everything-minimal", "everything-base"):
        data = (fixtures / f"{name}.{wire_format}").read_bytes()
        value = codec.decode(data, wire_format)
        again = codec.encode(value, wire_format)
        if wire_format == "json":
            assert again == data, name
        else:
            assert codec.decode(again, "xml") == value, name



def test_what_wcf_makes_of_dot_segments_and_slashes_in_values(sc: ModuleType, showcase: ShowcaseHost) -> None:
    """Why the client refuses dot segments (issue 10 item 10): Mono resolves them even
    percent-encoded, so `DELETE Items/%2E%2E` reaches the service's root. A `/` in a value
    (%2F) is decoded before matching too: 404 on Mono (.NET 4.5 and later keep %2F), and a
    value `../Ping` sent as `Items/..%2FPing` reaches `Ping`, and `..\\Ping` (%5C) likewise: the
    client refuses a dot segment anywhere between a value's slashes or backslashes."""
    traversal = showcase.http.delete(showcase.url("Items/%2E%2E"))
    slash = showcase.http.get(showcase.url("Items/a%2Fb"))
    climb = showcase.http.get(showcase.url("Items/..%2FPing"))
    backslash = showcase.http.get(showcase.url("Items/..%5CPing"))
    assert (traversal.status_code, slash.status_code, climb.status_code, backslash.status_code) == (404, 404, 200, 200)
    paths = ["/Showcase.svc/", "/Showcase.svc/Items/a/b", "/Showcase.svc/Ping", "/Showcase.svc/Ping"]
    assert [r.path for r in showcase.received()] == paths
