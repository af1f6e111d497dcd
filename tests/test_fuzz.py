"""Fuzzing: mutated pages and schemas never crash the generator; random bodies never make the server fail."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from k2.models import CallEvent
from k2.pbx.server import create_app

from tests.conftest import K2_PAGE, SCHEMAS, serve
from wcfgen.errors import SpecError
from wcfgen.pipeline import build

PAGE = K2_PAGE.read_text(encoding="utf-8")
SCHEMA_START = PAGE.index('<xs:schema xmlns:tns="K2.Data"')
SCHEMA_END = PAGE.index("</xs:schema>") + len("</xs:schema>")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """A few random edits: delete, duplicate or swap lines, change, insert or cut characters."""
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split("\n")
        index = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["delete", "duplicate", "swap", "char", "insert", "truncate"]))
        if edit == "delete":
            del lines[index]
        elif edit == "duplicate":
            lines.insert(index, lines[index])
        elif edit == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif edit == "char" and lines[index]:
            at = draw(st.integers(0, len(lines[index]) - 1))
            lines[index] = lines[index][:at] + draw(st.sampled_from('<>/"\'=&;:{}[]|, x\t\\')) + lines[index][at + 1 :]
        elif edit == "insert":
            lines.insert(index, draw(st.text(alphabet='<>/"=&;:{}[]|,abcxs \\', max_size=30)))
        elif edit == "truncate":
            lines = lines[: index + 1]
        text = "\n".join(lines)
    return text


@pytest.fixture(scope="module")
def spec_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(SCHEMAS / "k2", root / "k2")
    return root


def _generate_or_refuse(spec_dir: Path, page: str) -> None:
    (spec_dir / "k2" / "PBX" / "NewCallEvent.txt").write_text(page, encoding="utf-8")
    try:
        build(spec_dir)
    except SpecError:
        pass  # a clear refusal is fine; anything else (a crash, unsafe output) fails the test


@FUZZ
@given(page=mutated(PAGE))
def test_mutated_pages_generate_or_give_a_spec_error(spec_dir: Path, page: str) -> None:
    _generate_or_refuse(spec_dir, page)


@FUZZ
@given(schema=mutated(PAGE[SCHEMA_START:SCHEMA_END]))
def test_mutated_schemas_generate_or_give_a_spec_error(spec_dir: Path, schema: str) -> None:
    _generate_or_refuse(spec_dir, PAGE[:SCHEMA_START] + schema + PAGE[SCHEMA_END:])


class Accepting:
    def new_call_event(self, call_event: CallEvent, /) -> bool:
        return True


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with serve(create_app(Accepting(), max_body_bytes=4096)) as base, httpx.Client(base_url=base) as client:
        yield client


VALID_XML = (
    b'<CallEvent xmlns="K2.Data" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">'
    b'<Direction>in</Direction><Email i:nil="true"/><UniqueId>1.5</UniqueId></CallEvent>'
)
VALID_JSON = b'{"Direction":"in","Email":null,"UniqueId":1.5}'
bodies = st.one_of(
    st.binary(max_size=300),
    mutated(VALID_XML.decode()).map(str.encode),
    mutated(VALID_JSON.decode()).map(str.encode),
    st.recursive(st.none() | st.booleans() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=5), lambda c: st.lists(c) | st.dictionaries(st.sampled_from(["To", "UniqueId", "x"]), c), max_leaves=10).map(lambda v: httpx.Request("POST", "/", json=v).content),
)
content_types = st.sampled_from(
    ["application/xml", "text/xml; charset=utf-8", "application/json", "application/json; charset=utf-16", "text/plain", "", "application/xml; charset=\"", "application/soap+xml"]
)


@FUZZ
@given(body=bodies, content_type=content_types, accept=st.sampled_from(["", "application/json", "*/*", "text/html"]))
def test_random_bodies_never_make_the_server_fail(http: httpx.Client, body: bytes, content_type: str, accept: str) -> None:
    headers = {"Content-Type": content_type, "Accept": accept}
    response = http.post("/PBX/CallHistory/NewCallEvent", content=body, headers=headers)
    assert response.status_code in (200, 400, 413, 415), response.content
    assert response.headers["content-type"] in ("application/xml; charset=utf-8", "application/json; charset=utf-8")
    if response.status_code != 200:
        assert b"Traceback" not in response.content and b"Sender" in response.content
