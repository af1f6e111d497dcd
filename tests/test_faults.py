"""Typed WCF faults both ways, on the World spec's fault operations (issue 13 items 4, 8, 9).

The stub's ``WebFault(status, detail)`` must send the bytes Mono writes for the World host's
``WebFaultException<T>`` (its fixtures, tests/interop/world/fixtures); the client must raise
the declared ``ApiError`` subclass with the typed detail. Any other failure of an
implementation is a 500 fault and one log line. Real uvicorn on 127.0.0.1, no Mono (the
Mono side is tests/interop/world/test_world_faults.py).
"""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.conftest import imported_binding, serve, world_faults_spec

FIXTURES = Path(__file__).resolve().parent / "interop" / "world" / "fixtures"
XML = "application/xml; charset=utf-8"
JSON = "application/json; charset=utf-8"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("world-faults")
    with imported_binding(world_faults_spec(root / "spec"), "world", root / "out") as package:
        import world.world.server  # noqa: F401 -- the service and its stub: package.world

        yield package


def _implementation(world: ModuleType) -> Any:
    models, server = world.models, world.world.server

    class Faulty:  # the World host's behaviour, with WebFault for WebFaultException
        def bad_request(self, /) -> str:
            raise server.WebFault(400, detail=models.ErrorInfo(code="E42", message="Count must not be negative"))

        async def not_found(self, id_: str, /) -> str:
            await asyncio.sleep(0)
            raise server.WebFault(404, models.NotFoundInfo(id_=id_, resource="Item"))

        def conflict(self, /) -> str:
            raise server.WebFault(409)

        def fault_exception(self, /) -> str:
            raise server.WebFault(400, detail="just a string", headers={"X-Fault": "1"})

        def unhandled(self, /) -> str:
            raise RuntimeError("secret internals\nsecond line")

        def status_code(self, /, *, context: Any = None) -> Any:
            """The pattern without WebFaultException: set the status, return the detail."""
            assert context is not None
            context.status_code = 400
            context.response_headers["X-Tenant"] = context.headers.get("x-tenant", "none")
            return models.ErrorInfo(code="E1", message="by status")

        def validate(self, item: Any, /, *, context: Any = None) -> Any:
            assert context is not None
            context.response_headers["X-Seen"] = str(item.count)
            if item.count < 0:
                raise server.WebFault(400, models.ErrorInfo(code="E42", message="Count must not be negative"))
            return item

    return Faulty()


@pytest.fixture(scope="module")
def base(world: ModuleType) -> Iterator[str]:
    with serve(world.world.server.create_app(_implementation(world), prefix="/World.svc")) as url:
        yield f"{url}/World.svc"


@pytest.mark.parametrize(("accept", "media", "suffix"), [("application/xml", XML, "xml"), ("application/json", JSON, "json")])
@pytest.mark.parametrize(("path", "status", "fixture"), [("Faults/BadRequest", 400, "error-info"), ("Faults/NotFound/x", 404, "not-found-info")])
def test_a_web_fault_is_what_wcf_sends(base: str, accept: str, media: str, suffix: str, path: str, status: int, fixture: str) -> None:
    response = httpx.get(f"{base}/{path}", headers={"Accept": accept})
    assert (response.status_code, response.headers["content-type"]) == (status, media)
    assert response.content == (FIXTURES / f"{fixture}.{suffix}").read_bytes()  # Mono's bytes


def test_a_web_fault_without_detail_has_no_body(base: str) -> None:
    response = httpx.get(f"{base}/Faults/Conflict")
    assert (response.status_code, response.headers["content-type"], response.content) == (409, XML, b"")
    assert response.headers["content-length"] == "0"


def test_a_primitive_detail_and_fault_headers(base: str) -> None:
    response = httpx.get(f"{base}/Faults/FaultException", headers={"Accept": "application/json"})
    assert (response.status_code, response.content, response.headers["x-fault"]) == (400, b'"just a string"', "1")
    response = httpx.get(f"{base}/Faults/FaultException")
    assert response.content == b'<string xmlns="http://schemas.microsoft.com/2003/10/Serialization/">just a string</string>'


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_any_other_failure_is_a_500_fault_and_one_log_line(base: str) -> None:
    lines = Lines()
    loggers = [logging.getLogger(name) for name in ("world.server", "uvicorn.error", "uvicorn")]
    for logger in loggers:
        logger.addHandler(lines)
    try:
        response = httpx.get(f"{base}/Faults/Unhandled", headers={"Accept": "application/json"})
    finally:
        for logger in loggers:
            logger.removeHandler(lines)
    assert (response.status_code, response.headers["content-type"]) == (500, JSON)
    assert response.json() == {"ExceptionType": "Receiver", "Message": "The server encountered an error processing the request."}
    [line] = lines.records
    assert (line.name, line.levelno, line.exc_info) == ("world.server", logging.ERROR, None)
    assert line.getMessage() == "Unhandled failed: RuntimeError: secret internals second line"


def test_an_exception_the_app_has_a_handler_for_goes_to_it(world: ModuleType) -> None:
    from starlette.exceptions import HTTPException
    from starlette.responses import PlainTextResponse

    class Teapot(Exception):
        pass

    class Raising:
        def bad_request(self, /) -> str:
            raise HTTPException(404, "no such thing")

        def conflict(self, /) -> str:
            raise Teapot

    app = world.world.server.create_app(Raising(), prefix="/World.svc")
    app.add_exception_handler(Teapot, lambda request, exc: PlainTextResponse("teapot", status_code=418))
    with serve(app) as url:
        missing = httpx.get(f"{url}/World.svc/Faults/BadRequest")
        teapot = httpx.get(f"{url}/World.svc/Faults/Conflict")
    assert (missing.status_code, b"no such thing" in missing.content) == (404, True)  # the stub's WCF fault
    assert (teapot.status_code, teapot.text) == (418, "teapot")


def test_the_client_raises_the_declared_fault_with_its_typed_detail(world: ModuleType, base: str) -> None:
    models = world.models
    for wire_format in ("xml", "json"):
        with world.world.Client(base, wire_format=wire_format) as client:
            with pytest.raises(world.ErrorInfoFault) as bad:
                client.bad_request()
            assert bad.value.detail == models.ErrorInfo(code="E42", message="Count must not be negative")
            assert (bad.value.status_code, bad.value.code, bad.value.reason) == (400, None, None)
            assert str(bad.value) == "HTTP 400: ErrorInfo(code='E42', message='Count must not be negative')"
            with pytest.raises(world.NotFoundInfoFault) as missing:
                client.not_found("x")
            assert missing.value.detail == models.NotFoundInfo(id_="x", resource="Item")
            with pytest.raises(world.ApiError) as conflict:  # undeclared: today's ApiError
                client.conflict()
            assert type(conflict.value) is world.ApiError and conflict.value.detail is None
            with pytest.raises(world.ApiError) as failed:  # a 500 WCF fault: code and reason
                client.unhandled()
            assert type(failed.value) is world.ApiError and failed.value.code == "Receiver"
            with pytest.raises(world.ApiError) as wrong:  # 400 declared, but the body is no ErrorInfo
                client.fault_exception()
            assert type(wrong.value) is world.ApiError and wrong.value.body


def test_the_detailed_view_returns_the_fault_detail(world: ModuleType, base: str) -> None:
    with world.world.Client(base, wire_format="json") as client:
        response = client.detailed.not_found("y", raise_for_status=False)
        assert (response.status_code, response.parsed) == (404, world.models.NotFoundInfo(id_="y", resource="Item"))
        with pytest.raises(world.NotFoundInfoFault):
            client.detailed.not_found("y")
        assert client.detailed.conflict(raise_for_status=False).parsed is None


async def test_the_async_client_raises_typed_faults(world: ModuleType, base: str) -> None:
    async with world.world.AsyncClient(base) as client:
        with pytest.raises(world.NotFoundInfoFault) as missing:
            await client.not_found("z")
        response = await client.detailed.bad_request(raise_for_status=False)
    assert missing.value.detail.id_ == "z"
    assert response.parsed == world.models.ErrorInfo(code="E42", message="Count must not be negative")


def test_a_context_reads_request_headers_and_sets_the_answer(world: ModuleType, base: str) -> None:
    """World's Faults/StatusCode pattern: status 400 set, the ErrorInfo returned; the client
    reads it as the declared 400 fault."""
    with world.world.Client(base, headers={"X-Tenant": "acme"}) as client:
        response = client.detailed.status_code(raise_for_status=False)
        assert (response.status_code, response.headers["x-tenant"]) == (400, "acme")
        assert response.parsed == world.models.ErrorInfo(code="E1", message="by status")
        item = world.models.Item(count=-1, name="n")
        with pytest.raises(world.ErrorInfoFault):
            client.validate(item)
        good = client.detailed.validate(world.models.Item(count=2, name="n"))
    assert (good.parsed, good.headers["x-seen"]) == (world.models.Item(count=2, name="n"), "2")


TYPED = """\
from world.models import ErrorInfo, Item
from world.world.server import RequestContext, WebFault, create_app


class Others:
    def bad_request(self, /) -> str | None:
        return None

    def conflict(self, /) -> str | None:
        return None

    def fault_exception(self, /) -> str | None:
        return None

    def not_found(self, id_: str, /) -> str | None:
        return id_

    def status_code(self, /) -> ErrorInfo | None:
        return None

    def unhandled(self, /) -> str | None:
        return None


class Plain(Others):
    def validate(self, item: Item | None, /) -> Item | None:
        raise WebFault(400, ErrorInfo(code="E42"))


class WithContext(Others):
    async def validate(self, item: Item | None, /, *, context: RequestContext | None = None) -> Item | None:
        assert context is not None
        context.response_headers["X-A"] = context.headers.get("x-b", "")
        return item


class Wrong(Others):
    def validate(self, item: Item | None, /, *, context: RequestContext | None = None) -> int:
        return 1


create_app(Plain())
create_app(WithContext())
create_app(Wrong())
"""


def test_mypy_checks_both_forms_of_an_implementation(world: ModuleType, tmp_path: Path) -> None:
    out = Path(world.__file__).parent.parent
    (tmp_path / "impl.py").write_text(TYPED, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), "impl.py"],
        cwd=tmp_path, capture_output=True, text=True, env={"MYPYPATH": str(out), "PATH": ""}, check=False,
    )  # fmt: skip
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert errors == [
        'impl.py:44: error: Argument 1 to "create_app" has incompatible type "Wrong"; expected "Service"  [arg-type]'
    ], result.stdout  # both forms of validate pass; a wrong answer type does not
