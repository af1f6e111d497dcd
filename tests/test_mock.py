"""`wcfgen mock` and `wcfgen.testing`: the generated clients (sync and async, XML and JSON) call a mock
of K2 and of Showcase for every operation and read the pages' examples; bad requests get the real
stub's faults; answers from files; delays and seeded failures; the command line."""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import SCHEMAS, SPECS
from tests.interop.showcase.conftest import showcase_package  # noqa: F401 -- the binding, imported as `showcase`
from wcfgen.index import TypeIndex
from wcfgen.ir import Api, BodyKind, Operation
from wcfgen.mock import FAILURE, page_examples
from wcfgen.pipeline import load
from wcfgen.testing import mock_fixture, running_mock, serving

FORMATS = ("xml", "json")
k2_mock = mock_fixture(SCHEMAS / "k2")  # what a user's conftest.py says


_PART_VALUES = {"string": "x", "int": 7}


def _call(op: Operation, binding: str, service: str, wire_format: str) -> tuple[list[Any], dict[str, Any]]:
    """An operation's arguments: "1" for path variables, the page's request example for the body."""
    path = ["a/b" if v.wildcard else "1" for v in op.variables if v.query_key is None]
    query = {v.python_name: "q" for v in op.variables if v.query_key is not None}
    body = op.request
    if body.kind is BodyKind.EMPTY:
        return path, query
    if body.parts:
        return [*path, *(_PART_VALUES[p.type_name] for p in body.parts)], query
    if body.kind in (BodyKind.STREAM, BodyKind.WRAPPED, BodyKind.UNKNOWN):
        return [*path, importlib.import_module(binding).RawBody(b"data")], query
    codec = getattr(importlib.import_module(f"{binding}.{service}.client"), f"_{op.python_name.upper()}_REQUEST")
    example = body.xml_example if wire_format == "xml" else body.json_example
    assert example is not None
    return [*path, codec.decode(example.encode(), wire_format)], query


def _expected(op: Operation, api: Api, binding: str, service: str, wire_format: str) -> Any:
    """What the client must return: the page's response example in that format, read by the binding."""
    examples = page_examples(op, TypeIndex(api))
    if not examples:
        return None
    codec = getattr(importlib.import_module(f"{binding}.{service}.server"), f"_{op.python_name.upper()}_RESPONSE")
    return codec.decode(examples[wire_format], wire_format)


def _every_call(spec: Path, binding: str) -> Iterator[tuple[str, str, Operation, str, Any, Any]]:
    """(service, its module, operation, format, arguments, expected answer) of every call."""
    (api,) = load(spec)
    for service in api.services:
        for op in service.operations:
            for wire_format in FORMATS:
                args = _call(op, binding, service.python_name, wire_format)
                expected = _expected(op, api, binding, service.python_name, wire_format)
                yield service.name, f"{binding}.{service.python_name}", op, wire_format, args, expected


def _same(answer: Any, expected: Any, raw_body: type[Any]) -> bool:
    if isinstance(answer, raw_body):  # a raw answer: the mock has no example for it
        return bool(answer.content == b"")
    return bool(answer == expected)


@pytest.mark.usefixtures("showcase_package")  # k2 is on the path (generated/); showcase comes from the fixture
@pytest.mark.parametrize(("spec", "binding"), [(SCHEMAS, "k2"), (SPECS / "showcase", "showcase")])
async def test_generated_clients_call_the_mock_for_every_operation(spec: Path, binding: str) -> None:
    package = importlib.import_module(binding)
    calls = list(_every_call(spec, binding))
    with running_mock(spec) as mock:
        for service, module_name, op, wire_format, (args, query), expected in calls:
            module = importlib.import_module(module_name)
            with module.Client(mock.base_url(service), wire_format=wire_format) as client:
                answer = getattr(client, op.python_name)(*args, **query)
            async with module.AsyncClient(mock.base_url(service), wire_format=wire_format) as client:
                async_answer = await getattr(client, op.python_name)(*args, **query)
            assert _same(answer, expected, package.RawBody), (op.name, wire_format, answer, expected)
            assert _same(async_answer, expected, package.RawBody), (op.name, wire_format)
    assert sum(expected is not None for *_, expected in calls) >= (2 if binding == "k2" else 36)


def test_the_fixture_gives_a_running_mock_in_one_line(k2_mock: Any) -> None:
    from k2.models import CallEvent
    from k2.pbx import Client

    with Client(k2_mock.base_url("PBX"), wire_format="json") as client:
        assert client.new_call_event(CallEvent(direction="in")) is True
    with pytest.raises(KeyError, match="'Nope' is not one service of the mock \\(k2/PBX\\)"):
        k2_mock.base_url("Nope")


_BAD_REQUESTS = [
    ("POST", "/PBX/CallHistory/NewCallEvent", {"content-type": "application/xml"}, b"<x/>"),
    ("POST", "/PBX/CallHistory/NewCallEvent", {"content-type": "application/json"}, b'{"UniqueId": "many"}'),
    ("POST", "/PBX/CallHistory/NewCallEvent", {"content-type": "text/plain"}, b"hello"),
    ("POST", "/PBX/CallHistory/NewCallEvent", {"content-type": "application/xml; charset=latin-1"}, b"<x/>"),
    ("POST", "/PBX/CallHistory/NewCallEvent", {"content-type": "application/json"}, b" " * (4 * 1024 * 1024 + 1)),
    ("GET", "/PBX/CallHistory/NewCallEvent", {"accept": "application/json"}, b""),
    ("POST", "/PBX/CallHistory/Unknown", {"content-type": "application/xml"}, b"<x/>"),
]


def test_bad_requests_get_the_faults_the_real_stub_gives(k2_mock: Any) -> None:
    from k2.pbx.server import create_app

    class Service:
        def new_call_event(self, call_event: Any, /) -> bool:
            return True

    statuses = []
    with serving(create_app(Service())) as stub, httpx.Client(timeout=10) as http:
        for method, path, headers, body in _BAD_REQUESTS:
            real = http.request(method, stub + path, headers=headers, content=body)
            mocked = http.request(method, k2_mock.url + path, headers=headers, content=body)
            assert (mocked.status_code, mocked.headers["content-type"], mocked.content) == (
                real.status_code, real.headers["content-type"], real.content
            ), path  # fmt: skip
            statuses.append(real.status_code)
        elsewhere = http.get(k2_mock.url + "/Other.svc/x", headers={"accept": "application/json"})
    assert statuses == [400, 400, 415, 415, 413, 405, 404]
    assert (elsewhere.status_code, elsewhere.json()) == (
        404,
        {"ExceptionType": "Sender", "Message": "no service at /Other.svc/x"},
    )


def test_answers_from_files_replace_the_examples(tmp_path: Path) -> None:
    folder = tmp_path / "responses" / "PBX"
    folder.mkdir(parents=True)
    (folder / "NewCallEvent.json").write_bytes(b"false")
    (folder / "NewCallEvent.503.xml").write_bytes(b"<Fault>busy</Fault>")
    from k2.models import CallEvent
    from k2.pbx import Client

    with running_mock(SCHEMAS, responses=tmp_path / "responses") as mock:
        with Client(mock.base_url("PBX"), wire_format="json") as client:
            assert client.new_call_event(CallEvent()) is False
        answer = httpx.post(
            mock.url + "/PBX/CallHistory/NewCallEvent", content=b'<CallEvent xmlns="K2.Data"/>',
            headers={"content-type": "application/xml"}, timeout=10,
        )  # fmt: skip
        assert (answer.status_code, answer.headers["content-type"], answer.content) == (
            503, "application/xml; charset=utf-8", b"<Fault>busy</Fault>"
        )  # fmt: skip
        refused = httpx.post(
            mock.url + "/PBX/CallHistory/NewCallEvent", content=b"[]", headers={"content-type": "application/json"}
        )
        assert refused.status_code == 400  # the request is still decoded through the binding first


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("PBX/Missing.json", "k2 has no operation PBX/Missing"),
        ("PBX/NewCallEvent.txt", "expected <Service>/<Operation>[.<status>].xml, .json or .bin"),
        ("PBX/NewCallEvent.99.json", "expected <Service>/<Operation>[.<status>].xml, .json or .bin"),
        ("NewCallEvent.json", "expected <Service>/<Operation>[.<status>].xml, .json or .bin"),
    ],
)
def test_a_bad_responses_folder_is_one_error_line(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text("x")
    done = subprocess.run(
        [sys.executable, "-m", "wcfgen", "mock", str(SCHEMAS), "--responses", str(tmp_path), "--port", "0"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (2, f"error: {tmp_path / name}: {message}\n")


def test_two_answers_for_one_format_are_an_error(tmp_path: Path) -> None:
    (tmp_path / "PBX").mkdir()
    (tmp_path / "PBX" / "NewCallEvent.json").write_text("true")
    (tmp_path / "PBX" / "NewCallEvent.500.json").write_text("{}")
    with (
        pytest.raises(Exception, match="a second json answer for NewCallEvent"),
        running_mock(SCHEMAS, responses=tmp_path),
    ):
        pass


def test_delay_makes_a_client_time_out(tmp_path: Path) -> None:
    from k2.models import CallEvent
    from k2.pbx import Client

    with running_mock(SCHEMAS, delay=0.4) as mock:
        started = time.monotonic()
        with Client(mock.base_url("PBX")) as client:
            assert client.new_call_event(CallEvent()) is True
        assert time.monotonic() - started >= 0.4
        with pytest.raises(httpx.TimeoutException), httpx.Client(timeout=0.1) as http:
            http.post(mock.url + "/PBX/CallHistory/NewCallEvent", json={})


def _outcomes(seed: int, rate: float, count: int = 24) -> list[int]:
    with running_mock(SCHEMAS, fail_rate=rate, seed=seed) as mock, httpx.Client(timeout=10) as http:
        answers = [http.post(mock.url + "/PBX/CallHistory/NewCallEvent", json={}) for _ in range(count)]
    for answer in answers:
        if answer.status_code == 503:
            assert answer.json() == {"ExceptionType": "Receiver", "Message": FAILURE}
    return [answer.status_code for answer in answers]


def test_failures_are_seeded() -> None:
    first = _outcomes(seed=7, rate=0.5)
    assert first == _outcomes(seed=7, rate=0.5) != _outcomes(seed=8, rate=0.5)
    assert {200, 503} == set(first)
    assert set(_outcomes(seed=1, rate=1.0, count=3)) == {503}


def test_the_command_serves_until_interrupted(tmp_path: Path) -> None:
    process = subprocess.Popen(  # the one process this test starts; it is ended by its id
        [sys.executable, "-m", "wcfgen", "mock", str(SPECS / "showcase"), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("showcase: Showcase at http://127.0.0.1:") and line.endswith(" (25 operations)\n")
        base = line.split(" at ", 1)[1].split(" ", 1)[0]
        answer = httpx.get(base + "/Ping", timeout=10)
        assert (answer.status_code, answer.content) == (200, b"")
        assert httpx.post(base + "/Echo/Int", json=5, timeout=10).json() == 2147483647  # the page's example
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
    assert process.returncode == 130  # stopped by SIGINT, as uvicorn reports it


def test_without_the_server_extra_the_command_says_so() -> None:
    code = "import sys; sys.modules['uvicorn'] = None; from wcfgen.cli import app; app(['mock'])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert (
        done.stderr == "error: wcfgen mock needs the server extra (uvicorn is missing): pip install 'wcfgen[server]'\n"
    )
