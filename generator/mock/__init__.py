"""``wcfgen mock``: every operation of every service, answered with its help page's example.

The binding is built in memory (:func:`wcfgen.pipeline.build`, imported by
:mod:`wcfgen.inmemory`) and each service is served by its own generated stub
(``create_app``) with a mock implementation, so requests are decoded, and refused with
the stub's 400/413/415 faults, exactly as the real stub does; its router answers 404 and
405. The implementation answers with the page's example for the format the stub
negotiated (``Accept``, else the request's format), as the page writes it (JSON with WCF's
example constants replaced, see :mod:`wcfgen.examples`), or with a file of
``--responses`` (:mod:`.responses`). A stub can only encode values, so those exact bytes
leave it as an :class:`Answer`, which the mock's handler turns into the response.
"""

from __future__ import annotations

import asyncio
import importlib
import random
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

from ..errors import SpecError
from ..examples import BadExample, body_json, parse_json
from ..index import TypeIndex
from ..inmemory import imported
from ..ir import Api, Body, BodyKind, Operation, Service
from ..openapi.emit import to_compact_json
from .responses import Canned, Responses, read_responses

Scope = dict[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]
_REQUEST: ContextVar[Scope] = ContextVar("wcfgen_mock_request")
_RAW = (BodyKind.STREAM, BodyKind.WRAPPED, BodyKind.UNKNOWN)
FAILURE = "mock: an injected failure (--fail-rate)"


@dataclass(frozen=True)
class MockOptions:
    responses: Path | None = None  # answers from files, in place of the examples
    delay: float = 0.0  # seconds before every answer
    fail_rate: float = 0.0  # the share of answers that are a 503 fault instead
    seed: int = 0  # of the random choice of those


@dataclass(frozen=True)
class Mounted:
    api: str
    service: str
    prefix: str  # the path the service is served under: its base_url's
    operations: int


class Answer(Exception):  # not an error: the way exact bytes leave the stub
    """Raised by the mock implementation: answer with ``response`` (the request was decoded by the stub)."""

    def __init__(self, response: Any) -> None:
        super().__init__("mock answer")
        self.response = response


@dataclass(frozen=True)
class Mock:
    app: ASGIApp
    services: tuple[Mounted, ...]


@contextmanager
def mock_app(spec_dir: Path, options: MockOptions | None = None) -> Iterator[Mock]:
    """The ASGI app serving every service of every API in ``spec_dir``, while the block runs."""
    from .. import pipeline  # imported here: the command line starts without xsdata

    options = options or MockOptions()
    apis, files = pipeline.build(spec_dir)
    canned = _canned(options.responses, apis)
    chance = random.Random(options.seed)
    mounts: list[tuple[str, ASGIApp]] = []
    services: list[Mounted] = []
    runtimes: list[ModuleType] = []
    with ExitStack() as stack:
        for api in apis:
            package = stack.enter_context(imported(_package_files(api, files), api.package))
            server = importlib.import_module(f"{package.__name__}._runtime.server")
            runtimes.append(server)
            for service in api.services:
                prefix = urlsplit(service.base_url).path.rstrip("/")
                implementation = _Implementation(api, service, canned.get(api.name, {}), server, options, chance)
                stub = importlib.import_module(f"{package.__name__}.{service.python_name}.server")
                app = stub.create_app(implementation, prefix=prefix)
                app.add_exception_handler(Answer, _answer)
                mounts.append((prefix, app))
                services.append(Mounted(api.name, service.name, prefix, len(service.operations)))
        yield Mock(_Dispatch(mounts, runtimes[0]), tuple(services))


def _package_files(api: Api, files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The package's files, by path from the folder that holds it (a distribution nests it one deeper)."""
    if api.distribution is None:
        return {path: data for path, data in files.items() if path.startswith(api.package + "/")}
    folder = api.distribution.name + "/"
    return {path[len(folder) :]: data for path, data in files.items() if path.startswith(folder + api.package + "/")}


def _canned(responses: Path | None, apis: list[Api]) -> dict[str, Responses]:
    """``--responses``: by API; the folder is laid out like the spec folder (one API, or ``<api>/`` each)."""
    if responses is None:
        return {}
    if not responses.is_dir():
        raise SpecError("responses folder not found", file=responses)
    if len(apis) == 1:
        return {apis[0].name: read_responses(responses, apis[0])}
    names = {api.name for api in apis}
    stray = sorted(p.name for p in responses.iterdir() if p.name not in names)
    if stray:
        raise SpecError(f"{stray[0]!r} is not an API of the spec folder ({', '.join(sorted(names))})", file=responses)
    return {api.name: read_responses(responses / api.name, api) for api in apis if (responses / api.name).is_dir()}


async def _answer(request: Any, exc: Exception) -> Any:
    assert isinstance(exc, Answer)
    return exc.response


class _Implementation:
    """A service's mock: one async method per operation, by the stub's Python names."""

    def __init__(
        self,
        api: Api,
        service: Service,
        canned: Responses,
        server: ModuleType,
        options: MockOptions,
        chance: random.Random,
    ) -> None:
        index = TypeIndex(api)
        self._methods = {
            op.python_name: _answerer(
                op, page_examples(op, index), canned.get((service.name, op.name), {}), server, options, chance
            )
            for op in service.operations
        }

    def __getattr__(self, name: str) -> Any:
        try:
            return self._methods[name]
        except KeyError:
            raise AttributeError(name) from None


def page_examples(op: Operation, index: TypeIndex) -> dict[str, bytes]:
    """The response's example per format: XML as the page shows it, JSON with WCF's constants replaced."""
    body: Body = op.response
    found: dict[str, bytes] = {}
    if body.xml_example is not None:
        found["xml"] = body.xml_example.encode()
    if body.json_example is not None:
        try:
            value = body_json(body, index)
            same = value == parse_json(body.json_example)
        except BadExample:  # served as the page shows it: a client sees what the page promises
            same = True
        found["json"] = (body.json_example if same else to_compact_json(value)).encode()
    return found


def _answerer(
    op: Operation,
    examples: dict[str, bytes],
    canned: dict[str, Canned],
    server: ModuleType,
    options: MockOptions,
    chance: random.Random,
) -> Callable[..., Awaitable[Any]]:
    from starlette.requests import Request
    from starlette.responses import Response

    typed_request = op.request.kind in (BodyKind.DATA_CONTRACT, BodyKind.PRIMITIVE) or bool(op.request.parts)
    default = (
        server.RawBody(b"", "application/octet-stream") if op.response.kind in _RAW and not op.response.parts else None
    )

    async def answer(*args: Any) -> Any:
        if options.delay:
            await asyncio.sleep(options.delay)
        request = Request(_REQUEST.get())
        sent = server.wire_format_of(request.headers.get("content-type")) if typed_request else None
        wire_format = server.response_format(request, sent or "xml")  # as the stub negotiates it
        if options.fail_rate and chance.random() < options.fail_rate:
            raise Answer(server.fault(503, FAILURE, wire_format))
        file = canned.get(wire_format) or canned.get("bin")
        if file is not None:
            media = "application/octet-stream" if file.format == "bin" else server.media_type(file.format)
            raise Answer(Response(file.body, status_code=file.status, media_type=media))
        example_format = wire_format if wire_format in examples else next(iter(examples), None)
        if example_format is not None:  # a page that shows one format answers in that one
            raise Answer(Response(examples[example_format], media_type=server.media_type(example_format)))
        return default

    return answer


class _Dispatch:
    """Routes a request to the stub of the service whose path it is under (the longest first)."""

    def __init__(self, mounts: list[tuple[str, ASGIApp]], server: ModuleType) -> None:
        self.mounts = sorted(mounts, key=lambda mount: len(mount[0]), reverse=True)
        self.server = server

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        path = scope.get("path", "")
        for prefix, app in self.mounts:
            if not prefix or path == prefix or path.startswith(prefix + "/"):
                token = _REQUEST.set(scope)
                try:
                    await app(scope, receive, send)
                finally:
                    _REQUEST.reset(token)
                return
        from starlette.requests import Request

        wire_format = self.server.response_format(Request(scope), "xml")
        await self.server.fault(404, f"no service at {path}", wire_format)(scope, receive, send)
