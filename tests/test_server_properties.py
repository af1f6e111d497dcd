"""A property-based attack on the generated K2 and Showcase server stubs, in process.

Bodies are built from each operation's own contract (the codecs the stub uses), then mutated:
wrong types, boundary and huge numbers, Unicode digits, odd characters, nil and repeated
members, undeclared or unknown ``i:type``, deep nesting, truncation. The implementation answers
a fixed valid value, so whatever the body, the stub must answer below 500 and never with a
traceback. Bounded: ``WCFGEN_PROPERTY_EXAMPLES`` examples per stub (60 by default; raise it for a
long run) and marked ``property`` (``-m "not property"`` leaves it out).
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from types import ModuleType
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SPECS, generated_package

pytestmark = pytest.mark.property

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XS = "http://www.w3.org/2001/XMLSchema"
EXAMPLES = int(os.environ.get("WCFGEN_PROPERTY_EXAMPLES", "60"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
Text = st.SearchStrategy[str]

# Values that are wrong, at or beyond a boundary, or odd, in either format.
ODD_JSON = [
    "null", "true", "[]", "{}", '"x"', '""', "0", "-0", "1.5", "1E+999999999", "1E+999999999999999999", "1e400",
    "-1e400", "79228162514264337593543950336", "18446744073709551616", "-9223372036854775809", "2147483648",
    '"١٢"', '"１２"', '"\\ud83d"', '"\\ud83d\\ude00"', '"\\u0000"', '"\\u0001"', '"a\\/b"', '"😀"', "1e-400",
    '"\\/Date(١)\\/"', '"\\/Date(99999999999999999999)\\/"', '{"__type":"Nope:urn:x"}', "[" * 70 + "]" * 70,
    '{"a":' * 70 + "1" + "}" * 70, '"P١D"', '"INF"', '"NaN"',
]  # fmt: skip
ODD_TEXT = [
    "", " ", "x", "١٢", "１２", "-0", "+1", " 1 ", "1E+999999999", "1e400", "INF", "-INF", "NaN", "Infinity",
    "79228162514264337593543950336", "79228162514264337593543950335.5", "0.12345678901234567890123456789",
    "18446744073709551616", "-9223372036854775809", "2147483648", "65536", "-1", "P", "PT", "P١D",
    "9999-12-31T23:59:59.9999999+14:00", "0001-01-01T00:00:00-14:00", "{1627aea5-8e0a-4371-9022-9b504344e724}",
    "&lt;", "&#x1;", "&#xD800;", "<b/>", "\u00a0", "\ud7ff", "<a>" * 70 + "</a>" * 70,
    "<a" + "".join(f' xmlns:p{n}="u{n}"' for n in range(40)) + "/>", '<a xmlns:q="v"/>' * 50,
]  # fmt: skip


@dataclass(frozen=True)
class Shapes:
    """Builds body strategies from one generated package's runtime nodes."""

    runtime: ModuleType
    contracts: ModuleType
    typenames: ModuleType

    def json(self, node: Any, depth: int = 0) -> Text:
        odd = st.sampled_from(ODD_JSON)
        return odd if depth > 3 else self._json(node, depth) | odd

    def xml(self, node: Any, tag: str, ns: str, depth: int = 0) -> Text:
        """An element: ``<tag xmlns="ns">…</tag>``, its content built for ``node`` or odd."""
        odd_text = st.sampled_from(ODD_TEXT)
        content = odd_text if depth > 3 else st.one_of(self._xml(node, depth), odd_text)
        attributes = st.sampled_from(
            ["", ' i:nil="true"', ' i:type="q:Nope"', ' i:type="Tag"', ' i:nil="1" i:type="x"', f' xmlns:q="{XS}" i:type="q:int"']
        )
        return st.builds(lambda c, a: f'<{tag} xmlns="{ns}"{a}>{c}</{tag}>', content, st.one_of(st.just(""), attributes))

    def _json(self, node: Any, depth: int) -> Text:
        rt = self.runtime
        if isinstance(node, (rt.EnumNode, rt.FlagsNode)):
            return st.sampled_from([str(m.number) for m in node.cls] + ["-1", "3", "2147483648", '"Red"'])
        if isinstance(node, rt.ScalarNode):
            return _scalar_values(node.scalar.name).map(lambda v: node.dump(v, "x") if _dumpable(node, v) else "null")
        if isinstance(node, rt.DateTimeOffsetNode):
            return st.sampled_from(['{"DateTime":"\\/Date(0)\\/","OffsetMinutes":120}', '{"DateTime":"\\/Date(0)\\/","OffsetMinutes":99999}'])
        if isinstance(node, rt.ListNode):
            return st.lists(self.json(node.item, depth + 1), max_size=3).map(lambda items: "[" + ",".join(items) + "]")
        if isinstance(node, rt.DictNode):
            pair = st.builds(lambda k, v: f'{{"Key":{k},"Value":{v}}}', self.json(node.key, depth + 1), self.json(node.value, depth + 1))
            return st.lists(pair, max_size=3).map(lambda items: "[" + ",".join(items) + "]")
        if isinstance(node, rt.ContractNode):
            return self._json_members(node.cls, depth, typed=False)
        if isinstance(node, rt.AnyNode):
            contract = st.sampled_from(sorted(node.contracts.values(), key=lambda c: c.__name__))
            return contract.flatmap(lambda cls: self._json_members(cls, depth, typed=True)) | st.sampled_from(['"s"', "5", "1.5", "true"])
        raise AssertionError(node)

    def _json_members(self, cls: type[Any], depth: int, *, typed: bool) -> Text:
        plan = self.contracts.contract_plan(cls)
        type_name = self.typenames.json_type_name(plan.name, plan.namespace)
        kind = '"__type":' + self.runtime.wire.json_string(type_name)
        members = [st.builds(lambda v, k=m.name: f'"{k}":{v}', self.json(m.node, depth + 1)) for m in plan.members]
        chosen = st.lists(st.sampled_from(range(len(members))), max_size=4) if members else st.just([])
        return chosen.flatmap(lambda picks: st.tuples(*(members[i] for i in picks))).map(
            lambda parts: "{" + ",".join(([kind] if typed else []) + list(parts)) + "}"
        )

    def _xml(self, node: Any, depth: int) -> Text:
        rt = self.runtime
        if isinstance(node, (rt.EnumNode, rt.FlagsNode)):
            return st.sampled_from([m.value for m in node.cls] + ["Nope", "1"])
        if isinstance(node, rt.ScalarNode):
            return _scalar_values(node.scalar.name).map(lambda v: _text(node, v))
        if isinstance(node, rt.DateTimeOffsetNode):
            system = "http://schemas.datacontract.org/2004/07/System"
            return st.just(f'<DateTime xmlns="{system}">2024-01-02T00:00:00Z</DateTime><OffsetMinutes xmlns="{system}">60</OffsetMinutes>')
        if isinstance(node, rt.ListNode):
            item = self.xml(node.item, node.item_name, node.item_namespace, depth + 1)
            return st.lists(item, max_size=3).map("".join)
        if isinstance(node, rt.DictNode):
            key = self.xml(node.key, "Key", node.namespace, depth + 1)
            value = self.xml(node.value, "Value", node.namespace, depth + 1)
            pair = st.builds(lambda k, v: f'<{node.item_name} xmlns="{node.namespace}">{k}{v}</{node.item_name}>', key, value)
            return st.lists(pair, max_size=3).map("".join)
        if isinstance(node, rt.AnyNode):  # i:type comes with the element's odd attributes
            return st.sampled_from(["5", "s", "<Key>k</Key>", ""])
        if isinstance(node, rt.ContractNode):
            plan = self.contracts.contract_plan(node.cls)
            members = [self.xml(m.node, m.name, m.namespace, depth + 1) for m in plan.members]
            return st.lists(st.sampled_from(range(len(members))), max_size=4).flatmap(
                lambda picks: st.tuples(*(members[i] for i in picks))
            ).map("".join)
        raise AssertionError(node)


def _scalar_values(name: str) -> st.SearchStrategy[Any]:
    ranges = {"byte": 8, "short": 16, "int": 32, "long": 64}
    if name in ranges or name.startswith("unsigned"):
        bits = ranges.get(name.removeprefix("unsigned").lower(), 64)
        return st.integers(-(2**bits), 2**bits)
    return {
        "string": st.text(max_size=6), "anyURI": st.text(max_size=6), "boolean": st.booleans(),
        "double": st.floats(), "float": st.floats(width=32), "decimal": st.decimals(allow_nan=False, places=3),
        "guid": st.uuids(), "base64Binary": st.binary(max_size=6), "char": st.characters(),
        "dateTime": st.datetimes(timezones=st.none() | st.just(UTC)), "duration": st.timedeltas(),
    }[name]  # fmt: skip


def _dumpable(node: Any, value: Any) -> bool:
    try:
        node.dump(value, "x")
    except ValueError:  # the codec's own EncodeError: the value is beyond the type
        return False
    return True


def _text(node: Any, value: Any) -> str:
    try:
        return str(node.text(value, "x")).replace("&", "&amp;").replace("<", "&lt;")
    except ValueError:
        return str(value).replace("&", "&amp;").replace("<", "&lt;")


def _body(shapes: Shapes, codec: Any, wire_format: str) -> Text:
    rt = shapes.runtime
    if isinstance(codec, rt.WrappedCodec):
        if wire_format == "json":
            parts = [st.builds(lambda v, n=name: f'"{n}":{v}', shapes.json(node, 1)) for name, node, _ in codec.parts]
            return st.lists(st.sampled_from(range(len(parts))), max_size=3).flatmap(
                lambda picks: st.tuples(*(parts[i] for i in picks))
            ).map(lambda items: "{" + ",".join(items) + "}")
        elements = [shapes.xml(node, name, codec.namespace, 1) for name, node, _ in codec.parts]
        return st.lists(st.sampled_from(range(len(elements))), max_size=3).flatmap(
            lambda picks: st.tuples(*(elements[i] for i in picks))
        ).map(lambda items: f'<{codec.name} xmlns="{codec.namespace}" xmlns:i="{XSI}">{"".join(items)}</{codec.name}>')
    if wire_format == "json":
        return shapes.json(codec.node)
    return shapes.xml(codec.node, codec.name, codec.namespace).map(
        lambda element: element.replace(">", f' xmlns:i="{XSI}">', 1)
    )


def _mutate(text: str, data: st.DataObject) -> bytes:
    """Sometimes a last edit: cut the body short, or insert an odd character."""
    edit = data.draw(st.sampled_from(["none", "none", "none", "cut", "insert", "utf16"]))
    if edit == "cut" and text:
        text = text[: data.draw(st.integers(0, len(text) - 1))]
    elif edit == "insert":
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(st.sampled_from(["<", "&", '"', "\x00", "\ufffe", "é", "{", "]"])) + text[at:]
    elif edit == "utf16":
        return text.encode("utf-16", "surrogatepass")
    return text.encode("utf-8", "surrogatepass")


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    codec: Any  # None: no body


def _operations(routes: list[Any]) -> Iterator[Any]:
    """The stub's operation routes (FastAPI's own pages have no operation_id); newer FastAPI
    keeps an included router as one route of its own."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _operations(included.routes)
        elif getattr(route, "operation_id", None):
            yield route


def _routes(app: Any, server: ModuleType) -> list[Route]:
    """Each operation's method, path and request codec (``_<NAME>_REQUEST`` of the stub module)."""
    routes = [
        Route(min(route.methods), route.path, getattr(server, f"_{route.name.upper()}_REQUEST", None))
        for route in _operations(app.routes)
    ]
    return sorted(routes, key=lambda r: (r.path, r.method))


def _fill(path: str, data: st.DataObject) -> str:
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        value = data.draw(st.sampled_from(["x", "%00", "..", "%2F", "١٢", "%F0%9F%98%80", "%ED%A0%BD", quote("a b")]))
        path = path[:start] + value + path[end + 1 :]
    return path


class Answering:
    """Every operation answers a fixed valid value: a 5xx can only be the stub's fault."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self._answers = answers

    def __getattr__(self, name: str) -> Callable[..., Any]:
        answer = self._answers.get(name)
        return lambda *args: answer


def _attack(app: Any, server: ModuleType, shapes: Shapes) -> None:
    routes = _routes(app, server)
    assert routes
    loop = asyncio.new_event_loop()
    # in process: the app's exceptions would propagate, so a crash fails the example too
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://stub")

    @PROPERTY
    @given(route=st.sampled_from(routes), wire_format=st.sampled_from(["xml", "json"]), data=st.data())
    def attack(route: Route, wire_format: str, data: st.DataObject) -> None:
        path = _fill(route.path, data)
        body = b""
        if route.codec is not None and not isinstance(route.codec, shapes.runtime.RawCodec):
            body = _mutate(data.draw(_body(shapes, route.codec, wire_format)), data)
        content_type = data.draw(st.sampled_from([f"application/{wire_format}", f"application/{wire_format}; charset=utf-8", "text/xml"]))
        accept = data.draw(st.sampled_from(["", "application/json", "application/xml", "*/*"]))
        headers = {"Content-Type": content_type, "Accept": accept}
        response = loop.run_until_complete(client.request(route.method, path, content=body, headers=headers))
        assert response.status_code < 500, (route, body, response.content)
        assert b"Traceback" not in response.content

    try:
        attack()
    finally:
        loop.run_until_complete(client.aclose())
        loop.close()


def test_random_bodies_from_the_k2_contract_never_make_the_stub_fail() -> None:
    server = importlib.import_module("k2.pbx.server")
    runtime = importlib.import_module("k2._runtime")
    shapes = Shapes(runtime, importlib.import_module("k2._runtime.contracts"), importlib.import_module("k2._runtime.typenames"))
    _attack(server.create_app(Answering({"new_call_event": True})), server, shapes)


@pytest.fixture(scope="module")
def showcase(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(SPECS / "showcase", tmp_path_factory.mktemp("showcase"), "showcase") as package:
        importlib.import_module("showcase.showcase.server")
        yield package


def test_random_bodies_from_the_showcase_contracts_never_make_the_stub_fail(showcase: ModuleType) -> None:
    m = showcase.models
    answers = {
        # Color: .NET's default 0 has no member, and so no XML form; RED is a valid answer
        "echo": m.Everything(color=m.Color.RED), "echo_many": [], "echo_bool": True, "echo_char": "A", "echo_counts": {},
        "echo_date_time": datetime(2024, 1, 2, tzinfo=UTC), "echo_decimal": Decimal("1.5"), "echo_double": 0.5,
        "echo_duration": timedelta(seconds=1), "echo_guid": m.Everything().id_, "echo_int": 1, "echo_long": 2,
        "echo_string": "s", "echo_strings": ["s"], "echo_tags": [m.Tag(key="k")], "concat": "c", "sum_": 3,
        "get_item": "i", "get_file": "f", "put_item": m.Tag(key="k"), "upload": "u",
        "download": showcase._runtime.RawBody(base64.b64decode("AAE=")),
    }  # fmt: skip
    server = showcase.showcase.server
    runtime = "showcase._runtime"
    shapes = Shapes(showcase._runtime, importlib.import_module(f"{runtime}.contracts"), importlib.import_module(f"{runtime}.typenames"))
    _attack(server.create_app(Answering(answers)), server, shapes)
