"""Stage 1: read a spec folder (manifest + help pages) into the intermediate model."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..background import in_halves
from ..cache import Cache
from ..errors import SpecError
from ..ir import Api, BodyKind, FaultDetail, Operation, QName, SchemaDoc, Service, SourceRef, WrappedPart
from ..names import METHOD_RESERVED, MODULE_RESERVED, snake_name, unique
from ..spec_files import find_api_dirs, spec_files, spec_hash  # apart: check answers from hashes without this package
from .cache import ReadCache, index_key, page_key
from .error_page import ErrorPage, read_error_page
from .html_page import parse_help_html, read_html_page
from .index_page import INDEX_PAGE, IndexEntry, IndexPage, read_index_page
from .manifest import MANIFEST, ServiceEntry, read_manifest
from .page import PageResult, read_operation
from .raw import RawPage
from .safe_xml import parse_xml
from .text_page import read_text_page

__all__ = ["MAX_OPERATIONS", "MAX_PAGE_BYTES", "find_api_dirs", "read_api", "read_operation", "spec_files", "spec_hash"]

MAX_PAGE_BYTES = 8 * 1024 * 1024
MAX_OPERATIONS = 2000
FORK_BYTES = 1024 * 1024  # pages to read smaller than this are read here alone: a fork would cost more
_OPERATION_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def read_api(api_dir: Path, only: str | None = None, cache: Cache | None = None) -> Api:
    """``only``: read that one service of the manifest (``fetch`` checks the snapshot it is about to store).
    ``cache``: remember each page's outcome there, and take the outcomes remembered (:mod:`.cache`)."""
    manifest = read_manifest(api_dir)
    cached = ReadCache(cache, api_dir)
    services: list[Service] = []
    schemas: list[SchemaDoc] = []
    broken: list[str] = []
    for entry in manifest.services:
        if only is not None and entry.name != only:
            continue
        service_dir = api_dir / entry.name
        pages = _operation_pages(service_dir, api_dir)
        if not pages:
            raise SpecError(f"no help pages (*.html, *.txt) for service {entry.name!r}", file=_relative(service_dir, api_dir))
        if len(pages) > MAX_OPERATIONS:  # checked before reading them (fetch checks the index's count)
            raise SpecError(f"more than {MAX_OPERATIONS} operations in one service", file=_relative(service_dir, api_dir))
        index = _index(service_dir, api_dir, pages, cached)
        # page URLs are the service's address (as the index names it) plus the template
        page_base = index.base_url if index is not None and index.base_url else entry.base_url
        listing = {} if index is None else {e.name: e for e in reversed(index.entries)}  # the first of a name, as index.entry
        listed_pages: list[_Page] = []
        for path in pages:
            relative = _relative(path, api_dir)
            if not set(path.stem) <= _OPERATION_NAME_CHARS or path.stem[0].isdigit():
                raise SpecError("a page's file name must be its operation name (letters, digits, '_')", file=relative)
            declared = entry.operations.get(path.stem)
            template = declared.uri_template if declared is not None else None
            listed = "no index" if index is None else listing.get(path.stem, "unlisted")
            listed_pages.append(_Page(path, relative, _page_bytes(path, relative), listed, template, page_base))
        operations, left_out = [], set()
        for page, outcome in zip(listed_pages, _outcomes(listed_pages, cached), strict=True):
            if isinstance(outcome, ErrorPage):
                broken.append(
                    f"{entry.name}/{page.path.stem}: the service could not render this operation's help page "
                    f"({outcome.title}: {outcome.message}); it is left out ({page.relative})"
                )
                left_out.add(page.path.stem)
                continue
            operations.append(outcome.operation)
            schemas.extend(outcome.schemas)
        if not operations:
            raise SpecError(f"every help page of service {entry.name!r} is an error page", file=_relative(service_dir, api_dir))
        operations = _with_wrapped(operations, entry, _relative(service_dir, api_dir), left_out)
        operations = [_with_faults(op, entry, _relative(api_dir / MANIFEST, api_dir)) for op in operations]
        method_names = unique(op.python_name for op in operations)  # GetX and get_x would collide
        operations = [dataclasses.replace(op, python_name=name) for op, name in zip(operations, method_names, strict=True)]
        services.append(Service(entry.name, "", entry.base_url, tuple(operations)))
    if only is None:  # one service's read would forget the others'
        cached.save()
    module_names = unique(snake_name(service.name, MODULE_RESERVED) for service in services)
    warnings = (*broken, *(
        f"{service.name}/{op.name}: the {direction} body is {body.kind.value}; it is passed as raw bytes (RawBody)"
        for service in services
        for op in service.operations
        for direction, body in (("request", op.request), ("response", op.response))
        if body.kind in (BodyKind.WRAPPED, BodyKind.UNKNOWN) and not body.parts
    ))
    return Api(
        name=manifest.name,
        package=manifest.package,
        title=manifest.title,
        auth=manifest.auth,
        warnings=warnings,
        spec_hash=spec_hash(api_dir, cache),  # from the files' stat where the cache can answer
        services=tuple(
            Service(s.name, module, s.base_url, s.operations) for s, module in zip(services, module_names, strict=True)
        ),
        schemas=(*schemas, *(_schema_file(api_dir, name) for name in manifest.schemas)),
        distribution=manifest.distribution,
        openapi=manifest.openapi,
        example_tests=manifest.example_tests,
    )


@dataclasses.dataclass(frozen=True)
class _Page:
    """An operation's page and what its outcome depends on (:func:`page_key`'s inputs)."""

    path: Path
    relative: str
    data: bytes
    listed: IndexEntry | str  # its index entry, "unlisted", or "no index"
    template: str | None  # the URI template the manifest declares for it
    page_base: str

    @property
    def key(self) -> str:
        return page_key(self.data, self.relative, self.listed, self.template, self.page_base)


def _outcomes(pages: list[_Page], cached: ReadCache) -> list[PageResult | ErrorPage]:
    """Each page's outcome, remembered or read; a spec's worth of pages is read half beside this process."""
    keys = [page.key for page in pages]
    known = [cached.page(key) for key in keys]
    missing = [page for page, outcome in zip(pages, known, strict=True) if outcome is None]
    read = iter(in_halves(_read_pages, missing, parallel=sum(len(page.data) for page in missing) >= FORK_BYTES))
    outcomes = []
    for key, outcome in zip(keys, known, strict=True):
        if outcome is None:
            outcome = next(read)
            cached.put_page(key, outcome)
        outcomes.append(outcome)
    return outcomes


def _read_pages(pages: Sequence[_Page]) -> list[PageResult | ErrorPage]:
    return [_read_page(page) for page in pages]


def _read_page(page: _Page) -> PageResult | ErrorPage:
    """What one page says: the :func:`page_key` inputs, and nothing else."""
    text, relative, html = _decoded(page.data, page.relative), page.relative, page.path.suffix == ".html"
    root = _help_html(text, relative) if html else None  # parsed once for both readers
    error = read_error_page(text, relative, root) if root is not None else None
    if error is not None:
        return error
    raw = read_html_page(text, relative, root) if html else read_text_page(text, relative)
    if page.listed != "no index":
        raw = _with_index(raw, page.listed if isinstance(page.listed, IndexEntry) else None, page.path.stem)
    if page.template is not None:
        raw = dataclasses.replace(raw, declared_path=page.template)
    return read_operation(raw, page.path.stem, page.page_base)


def _help_html(text: str, relative: str) -> Any:
    """The page parsed as HTML, or None if it does not parse (then the page reader says why)."""
    try:
        return parse_help_html(text, relative)
    except SpecError:
        return None


def _operation_pages(service_dir: Path, api_dir: Path) -> list[Path]:
    """One page per operation, ``<Operation>.html`` as served or ``<Operation>.txt`` as saved as text."""
    pages = sorted(
        path
        for path in service_dir.glob("*")
        if path.suffix in (".html", ".txt") and path.name != INDEX_PAGE and path.is_file()
    )
    seen: set[str] = set()
    for path in pages:
        if path.stem in seen:
            relative = _relative(path, api_dir)
            raise SpecError(f"two pages for operation {path.stem!r}: keep one of .html and .txt", file=relative)
        seen.add(path.stem)
    return pages


def _index(service_dir: Path, api_dir: Path, pages: list[Path], cached: ReadCache) -> IndexPage | None:
    """The service's help index, if the folder has one; then it must list exactly the pages present."""
    path = service_dir / INDEX_PAGE
    if not path.is_file():
        return None
    relative = _relative(path, api_dir)
    data = _page_bytes(path, relative)
    key = index_key(data, relative)
    index = cached.index(key)
    if index is None:
        index = read_index_page(_decoded(data, relative), relative)
        cached.put_index(key, index)
    missing = sorted({entry.name for entry in index.entries} - {page.stem for page in pages})
    if missing:
        raise SpecError(f"the index lists operations without a page: {', '.join(missing)}", file=relative)
    return index


def _with_index(raw: RawPage, entry: IndexEntry | None, name: str) -> RawPage:
    """Add what only the index knows (its ``entry`` for the page): the declared path template, in its original case."""
    if entry is None:
        raise SpecError(f"operation {name!r} is not listed in the service's index ({INDEX_PAGE})", file=raw.file)
    if entry.method != raw.method:
        raise SpecError(f"the index lists {name!r} as {entry.method}, its page as {raw.method}", file=raw.file)
    return dataclasses.replace(raw, declared_path=entry.path)


def _with_wrapped(
    operations: list[Operation], entry: ServiceEntry, service_dir: str, left_out: set[str]
) -> list[Operation]:
    """Give wrapped bodies the parameters the manifest declares for them."""
    unknown = set(entry.operations) - {op.name for op in operations} - left_out
    if unknown:
        raise SpecError(f"the manifest declares operations that have no page: {', '.join(sorted(unknown))}", file=service_dir)
    result = []
    for op in operations:
        decl = entry.operations.get(op.name)
        if decl is None:
            result.append(op)
            continue
        request, response = op.request, op.response
        if decl.request is not None:
            if request.kind is not BodyKind.WRAPPED:
                raise SpecError(f"{op.name}: the manifest declares a wrapped request, but the page's request is {request.kind}", file=op.source.file)
            names = unique(snake_name(name, METHOD_RESERVED) for name, _ in decl.request)
            parts = tuple(WrappedPart(name, python, type_name) for (name, type_name), python in zip(decl.request, names, strict=True))
            request = dataclasses.replace(request, root=QName(decl.namespace, op.name), parts=parts)
        if decl.response is not None:
            if response.kind is not BodyKind.WRAPPED:
                raise SpecError(f"{op.name}: the manifest declares a wrapped response, but the page's response is {response.kind}", file=op.source.file)
            part = WrappedPart(f"{op.name}Result", "result", decl.response)
            response = dataclasses.replace(response, root=QName(decl.namespace, f"{op.name}Response"), parts=(part,))
        result.append(dataclasses.replace(op, request=request, response=response))
    return result


def _with_faults(op: Operation, entry: ServiceEntry, manifest: str) -> Operation:
    """The fault details the manifest declares for the service, and over them the operation's."""
    service_key = f"services.{entry.name}"
    faults = {status: (name, f"{service_key}.faults.{status}") for status, name in entry.faults}
    decl = entry.operations.get(op.name)
    for status, name in decl.faults if decl is not None else ():
        faults[status] = (name, f"{service_key}.operations.{op.name}.faults.{status}")
    details = tuple(FaultDetail(status, name, key, manifest) for status, (name, key) in sorted(faults.items()))
    return dataclasses.replace(op, faults=details) if details else op


def _schema_file(api_dir: Path, name: str) -> SchemaDoc:
    """A schema file the manifest lists (``api.schemas``), e.g. the fault details' types."""
    path = api_dir / name
    relative = _relative(path, api_dir)
    if not path.resolve().is_relative_to(api_dir.resolve()):
        raise SpecError("the schema file the manifest lists (api.schemas) is outside the spec folder", file=relative)
    if not path.is_file():
        raise SpecError("the schema file the manifest lists (api.schemas) is missing", file=relative)
    text = _decoded(_page_bytes(path, relative), relative)
    root = parse_xml(text, file=relative, line=1)
    if root.tag != "{http://www.w3.org/2001/XMLSchema}schema":
        raise SpecError("not an XML schema (the root is not xs:schema)", file=relative)
    return SchemaDoc(root.get("targetNamespace", ""), text, SourceRef(relative, 1))


def _relative(path: Path, api_dir: Path) -> str:
    """How errors and the model name a file of the API: from the folder that holds the API's folder."""
    return path.relative_to(api_dir.parent).as_posix()


def _page_bytes(path: Path, relative: str) -> bytes:
    if path.stat().st_size > MAX_PAGE_BYTES:
        raise SpecError(f"page larger than {MAX_PAGE_BYTES} bytes", file=relative)
    return path.read_bytes()


def _decoded(data: bytes, relative: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError(f"page is not UTF-8 (byte {exc.start})", file=relative) from None
