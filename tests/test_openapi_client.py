"""A client that openapi-python-client generates from the exported Showcase document calls the
wcfgen-generated server stub over real uvicorn; the values arrive exactly, both ways.

openapi-python-client speaks JSON only (it skips the XML media types with a warning), so these
are the JSON operations, plus the raw Upload and Download it reads as octet streams.
"""

from __future__ import annotations

import importlib
import io
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from types import ModuleType
from typing import Any
from uuid import UUID

import pytest

from tests.conftest import SPECS, serve
from wcfgen.inmemory import imported
from wcfgen.openapi import export
from wcfgen.pipeline import build, load

CLIENT = "showcase_openapi_client"  # the package openapi-python-client writes
SHOWCASE = "http://schemas.contoso.com/showcase"


@pytest.fixture(scope="module")
def oa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The generated openapi-python-client package, imported from its folder."""
    root = tmp_path_factory.mktemp("openapi-client")
    (api,) = load(SPECS / "showcase")
    (root / "showcase.json").write_text(export(api).text())
    (root / "config.yaml").write_text("post_hooks: []\n")  # no ruff run: the output must not depend on PATH
    done = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--path", "showcase.json", "--meta", "none",
         "--output-path", CLIENT, "--config", "config.yaml"],
        capture_output=True, text=True, check=False, cwd=root, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    skipped = {line for line in done.stderr.splitlines() if line.startswith("Unsupported content type")}
    assert skipped == {"Unsupported content type application/xml"}  # nothing else was left out
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(CLIENT)
    finally:
        sys.path.remove(str(root))
        for name in [name for name in sys.modules if name == CLIENT or name.startswith(CLIENT + ".")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def binding() -> Iterator[ModuleType]:
    """wcfgen's own Showcase binding, from memory."""
    _, files = build(SPECS / "showcase")
    with imported(files, "showcase") as package:
        yield package


class Recorder:
    """The Showcase implementation: records what each method received, echoes (or computes) an answer."""

    def __init__(self, raw_body: type[Any]) -> None:
        self.received: dict[str, tuple[Any, ...]] = {}
        self.raw_body = raw_body

    def __getattr__(self, name: str) -> Any:
        answers = {
            "get_item": lambda id_, filter_, top: f"{id_}|{filter_}|{top}",
            "concat": lambda a, b: f"{a}{b}",
            "sum_": lambda x, y: x + y,
            "upload": lambda body: f"{len(body.content)}:{body.content_type}",
            "download": lambda name: self.raw_body(name.encode() * 2, "application/octet-stream"),
            "ping": lambda: None,
            "void": lambda tag: None,
            "delete_item": lambda id_: None,
            "put_item": lambda id_, tag: tag,
        }

        def method(*args: Any) -> Any:
            self.received[name] = args
            answer = answers.get(name)
            return answer(*args) if answer is not None else args[-1]

        return method


def _op(oa: ModuleType, name: str) -> Any:
    return importlib.import_module(f"{oa.__name__}.api.showcase.showcase_{name}")


def test_the_openapi_python_client_calls_the_generated_server_and_values_arrive_exactly(
    oa: ModuleType, binding: ModuleType
) -> None:
    models = importlib.import_module(f"{oa.__name__}.models")
    sc = importlib.import_module(f"{binding.__name__}.models")
    server = importlib.import_module(f"{binding.__name__}.showcase.server")
    recorder = Recorder(binding.RawBody)
    everything = models.Everything(
        text="Příliš 😀 \u2028", flag=True, i8=-128, i16=-32768, i32=-(2**31), i64=2**63 - 1,
        u8=255, u16=65535, u32=2**32 - 1, u64=2**64 - 1, f64=0.1, money=12678967.543233,
        when="/Date(1714551630123+0200)/", maybe_when=None, duration="P1DT2H3M4.5S",
        id=UUID("1627aea5-8e0a-4371-9022-9b504344e724"), letter="é", blob=[0, 1, 255],
        color=models.Color.DARK_GREEN, maybe_color=None, perms=3, names=["a", None, ""],
        counts=[models.EverythingCountsType0Item(key="ž", value=-2)],
        nested=models.Tag(key="k", weight=1), tags=[models.Tag(key=None, weight=0), None],
        shape=models.Circle(field_type_=f"Circle:{SHOWCASE}", color=models.Color.BLUE, name="c", radius=2.5),
        shapes=[
            models.Square(field_type_=f"Square:{SHOWCASE}", color=models.Color.RED, name=None, side=1.5),
            models.Shape(color=models.Color.RED, name="plain"),
        ],
        when_offset=models.EverythingWhenOffset(date_time="/Date(1714564230000)/", offset_minutes=-90),
        anything={"__type": f"Tag:{SHOWCASE}/extra", "Key": "any", "Weight": 7},
        link="http://www.example.com/a%20b",
    )  # fmt: skip
    with serve(server.create_app(recorder)) as base:
        client = oa.Client(base_url=base, headers={"Accept": "application/json"}, raise_on_unexpected_status=True)
        with client:
            returned = _op(oa, "echo").sync(client=client, body=everything)
            (got,) = recorder.received["echo"]
            assert got == sc.Everything(
                text="Příliš 😀 \u2028", flag=True, i8=-128, i16=-32768, i32=-(2**31), i64=2**63 - 1,
                u8=255, u16=65535, u32=2**32 - 1, u64=2**64 - 1, f64=0.1, money=Decimal("12678967.543233"),
                when=datetime(2024, 5, 1, 10, 20, 30, 123000, tzinfo=timezone(timedelta(hours=2))),
                duration=timedelta(days=1, hours=2, minutes=3, seconds=4, microseconds=500000),
                id_=UUID("1627aea5-8e0a-4371-9022-9b504344e724"), letter="é", blob=bytes([0, 1, 255]),
                color=sc.Color.DARK_GREEN, perms=frozenset({sc.Perms.READ, sc.Perms.WRITE}), names=["a", None, ""],
                counts={"ž": -2}, nested=sc.Tag(key="k", weight=1), tags=[sc.Tag(key=None, weight=0), None],
                shape=sc.Circle(color=sc.Color.BLUE, name="c", radius=2.5),
                shapes=[sc.Square(side=1.5, color=sc.Color.RED), sc.Shape(name="plain", color=sc.Color.RED)],
                when_offset=datetime(2024, 5, 1, 10, 20, 30, tzinfo=timezone(timedelta(minutes=-90))),
                anything=sc.Tag(key="any", weight=7), link="http://www.example.com/a%20b",
            )  # fmt: skip
            sent = everything.to_dict()
            assert {key: value for key, value in returned.to_dict().items() if key in sent} == sent
            assert isinstance(returned.shape, models.Circle) and isinstance(returned.shapes[1], models.Shape)

            many = _op(oa, "echo_many").sync(client=client, body=[everything, None])
            assert [item.to_dict() if item else item for item in many] == [returned.to_dict(), None]
            scalars: list[tuple[str, Any, Any]] = [
                ("echo_bool", False, False),
                ("echo_char", "\uffff", "\uffff"),
                ("echo_date_time", "/Date(-62135596800000)/", datetime(1, 1, 1, tzinfo=UTC)),
                ("echo_decimal", 0.1, Decimal("0.1")),
                ("echo_double", 1.26743233e15, 1.26743233e15),
                ("echo_duration", "-PT1.25S", -timedelta(seconds=1.25)),
                ("echo_guid", UUID(int=0), UUID(int=0)),
                ("echo_int", -(2**31), -(2**31)),
                ("echo_long", 2**63 - 1, 2**63 - 1),
                ("echo_string", "<&>\"'/\\", "<&>\"'/\\"),
                ("echo_strings", ["a", None, ""], ["a", None, ""]),
            ]
            for name, value, python in scalars:
                assert _op(oa, name).sync(client=client, body=value) == value, name
                assert recorder.received[name] == (python,), name
            tags = [models.Tag(key="a", weight=1), None]
            assert [t.to_dict() if t else t for t in _op(oa, "echo_tags").sync(client=client, body=tags)] == [
                {"Key": "a", "Weight": 1}, None
            ]  # fmt: skip
            assert recorder.received["echo_tags"] == ([sc.Tag(key="a", weight=1), None],)
            counts = [models.ShowcaseEchoCountsJsonBodyType0Item(key="x", value=2**31 - 1)]
            echoed = _op(oa, "echo_counts").sync(client=client, body=counts)
            assert [item.to_dict() for item in echoed] == [{"Key": "x", "Value": 2**31 - 1}]
            assert recorder.received["echo_counts"] == ({"x": 2**31 - 1},)

            assert _op(oa, "get_item").sync("a b", client=client, filter_="x y", top="2") == "a b|x y|2"
            assert recorder.received["get_item"] == ("a b", "x y", "2")
            assert _op(oa, "get_file").sync("d/e f", client=client) == "d/e f"
            concat = _op(oa, "concat").sync(client=client, body=models.ShowcaseConcatJsonBody(a="a", b=5))
            assert concat.concat_result == "a5" and recorder.received["concat"] == ("a", 5)
            assert _op(oa, "sum").sync(client=client, body=models.ShowcaseSumJsonBody(x=2, y=40)) == 42
            tag = _op(oa, "put_item").sync("7", client=client, body=models.Tag(key="k", weight=3))
            assert tag.to_dict() == {"Key": "k", "Weight": 3} and recorder.received["put_item"] == (
                "7",
                sc.Tag(key="k", weight=3),
            )
            for name, args in (("void", {"body": models.Tag(key="v")}), ("ping", {}), ("delete_item", {"id": "9"})):
                response = _op(oa, name).sync_detailed(client=client, **args)
                assert response.status_code == 200 and response.content == b"", name
            assert recorder.received["void"] == (sc.Tag(key="v", weight=0),) and recorder.received["delete_item"] == (
                "9",
            )
            File = importlib.import_module(f"{oa.__name__}.types").File
            upload = File(payload=io.BytesIO(b"\x00\xff"), mime_type="application/octet-stream")
            assert _op(oa, "upload").sync(client=client, body=upload) == "2:application/octet-stream"
            assert _op(oa, "download").sync("x", client=client).payload.read() == b"xx"
