"""``wcfgen fetch``: snapshot a live service's help pages into the spec folder.

Downloads ``<service>/help`` and every operation page it lists (streamed to disk, within a
total byte budget; an index listing more operations than ``generate`` accepts is refused
before any of them is downloaded), checks each is a WCF help page, and only then stores
them (see :mod:`wcfgen.fetch.snapshot`), with the service's base URL in ``wcfgen.toml``,
so that ``generate`` and ``check`` work from the snapshot.
The base URL is the address fetched: pages name whatever host they were requested through
(a proxy's internal name, say), so the index's may be another.
"""

from __future__ import annotations

import asyncio
import keyword
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import httpx

from .. import __version__
from ..errors import WcfgenError
from ..names import snake_name
from ..read import MAX_OPERATIONS
from ..read.error_page import read_error_page
from ..read.html_page import read_html_page
from ..read.index_page import INDEX_PAGE, IndexPage, read_index_page
from ..read.manifest import PACKAGE_NAME, SERVICE_NAME
from .download import Credentials, Downloader, FetchError, Limits, Page, ServiceErrorPage, parse_header
from .snapshot import Staging, Stored, previous_pages, store

__all__ = [
    "Credentials",
    "FetchError",
    "FetchOptions",
    "Fetched",
    "Limits",
    "fetch_service",
    "parse_header",
    "service_address",
]

Progress = Callable[[int, int, str], None]  # (pages done, pages known, what was just fetched)

_Read = TypeVar("_Read")
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/\[\]@!$&'()*+,;=%]+")


@dataclass(frozen=True)
class FetchOptions:
    service_url: str
    spec_dir: Path = Path("schemas")
    api: str | None = None  # the API folder and package; default: from the service name
    service: str | None = None  # default: the URL's last segment without ".svc"
    credentials: Credentials = field(default_factory=Credentials)
    limits: Limits = field(default_factory=Limits)
    allow_other_hosts: bool = False
    skip_broken_pages: bool = False  # store WCF's error pages in place of the help pages they replace


@dataclass(frozen=True)
class Fetched:
    api: str
    service: str
    base_url: str  # the address fetched (after redirects)
    stored: Stored
    index_names: str | None = None  # the address the index names, when it is another one
    broken: dict[str, str] = field(default_factory=dict)  # operation → the error the service served instead


def service_address(url: str) -> str:
    """The service URL without a trailing ``/`` or ``/help``; only plain absolute http(s) URLs."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"not an http(s) URL: {url!r}")
    if parts.query or parts.fragment or parts.username or parts.password or not _URL_CHARS.fullmatch(url.strip()):
        raise FetchError(f"the service URL must have no query, fragment or user name: {url!r} (see --auth)")
    address = url.strip().rstrip("/")
    if address.lower().endswith("/help"):
        address = address[: -len("/help")]
    return address


async def fetch_service(options: FetchOptions, progress: Progress | None = None) -> Fetched:
    report = progress or (lambda done, total, what: None)
    service_url = service_address(options.service_url)
    service = options.service or _default_service(service_url)
    if not SERVICE_NAME.fullmatch(service):
        raise FetchError(f"service name {service!r} must be letters, digits and '_' (see --service)")
    api = options.api or snake_name(service)
    if not PACKAGE_NAME.fullmatch(api) or keyword.iskeyword(api):
        raise FetchError(f"API name {api!r} must be a lower-case Python package name (see --api)")
    api_dir = options.spec_dir / api
    with Staging(api_dir, service) as staging:  # undoes a fetch killed halfway, before looking at the folder
        previous = previous_pages(api_dir / service)  # refuse early, before any download
        user_agent = f"wcfgen/{__version__}"
        async with httpx.AsyncClient(timeout=options.limits.timeout, headers={"User-Agent": user_agent}) as client:
            downloader = Downloader(
                client, service_url, options.credentials, options.limits, allow_other_hosts=options.allow_other_hosts
            )
            try:
                help_page = await downloader.get(f"{service_url}/help", staging.page(INDEX_PAGE))
                index = _checked(help_page, read_index_page)
            except ServiceErrorPage as answer:
                raise FetchError(f"the service could not render its help index ({answer.message})", file=answer.file) from None
            # the index may have been redirected (http → https): its pages live beside it
            root = help_page.url[: -len("/help")] if help_page.url.endswith("/help") else service_url
            names = _operation_names(index, help_page.url)
            report(1, len(names) + 1, INDEX_PAGE)
            pages, broken = await _operation_pages(
                downloader, staging, root, names, report, skip_broken=options.skip_broken_pages
            )

        if not _is_plain_address(root):
            raise FetchError(f"the help index was found at an unusable address {root!r}", file=help_page.url)
        records = {INDEX_PAGE: help_page, **pages}
        stored = store(staging, root, service_url, records, previous, {f"{n}.html": m for n, m in broken.items()})
    named = index.base_url.rstrip("/") if index.base_url else None
    return Fetched(api, service, root, stored, named if named and not _same_address(named, root) else None, broken)


def _is_plain_address(url: str) -> bool:
    try:
        return service_address(url) == url
    except FetchError:
        return False


def _same_address(a: str, b: str) -> bool:
    """Scheme and host compare without case; the path as written, but for a trailing ``/``."""
    first, second = urlsplit(a), urlsplit(b)
    return (first.scheme.lower(), first.netloc.lower(), first.path.rstrip("/")) == (
        second.scheme.lower(), second.netloc.lower(), second.path.rstrip("/"),
    )  # fmt: skip


def _default_service(service_url: str) -> str:
    segment = urlsplit(service_url).path.rstrip("/").rpartition("/")[2]
    return segment[: -len(".svc")] if segment.lower().endswith(".svc") else segment


def _checked(page: Page, read: Callable[[str, str], _Read]) -> _Read:
    """Read a downloaded page as the help page it must be; errors name its URL."""
    try:
        text = page.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FetchError(f"page is not UTF-8 (byte {exc.start})", file=page.url) from None
    error = read_error_page(text, page.url)  # served with 200 (by a proxy, say) rather than WCF's 400
    if error is not None:
        raise ServiceErrorPage(page, error)
    return read(text, page.url)


def _operation_names(index: IndexPage, url: str) -> list[str]:
    names = [entry.name for entry in index.entries]
    if len(names) > MAX_OPERATIONS:  # generate would refuse the snapshot: download none of it
        raise FetchError(
            f"the index lists {len(names)} operations; generate reads at most {MAX_OPERATIONS} a service; "
            "nothing was changed",
            file=url,
        )
    taken = {INDEX_PAGE.removesuffix(".html")}  # file names must not clash, on case-insensitive disks too
    for name in names:
        if name.lower() in taken:
            raise FetchError(f"operation {name!r} cannot be stored beside the others (file name clash)", file=url)
        taken.add(name.lower())
    return names


async def _operation_pages(
    downloader: Downloader, staging: Staging, root: str, names: list[str], report: Progress, *, skip_broken: bool
) -> tuple[dict[str, Page], dict[str, str]]:
    done = 1
    broken: dict[str, str] = {}

    async def one(name: str) -> Page:
        nonlocal done
        try:
            page = await downloader.get(f"{root}/help/operations/{name}", staging.page(f"{name}.html"))
            _checked(page, read_html_page)
        except ServiceErrorPage as answer:
            if not skip_broken:
                raise FetchError(
                    f"the service could not render the help page of operation {name!r} ({answer.message}); "
                    "nothing was changed (--skip-broken-pages fetches the other operations)",
                    file=answer.file,
                ) from None
            page, broken[name] = answer.page, answer.message
        done += 1
        report(done, len(names) + 1, name)
        return page

    try:
        async with asyncio.TaskGroup() as group:  # the first failure cancels the other downloads
            tasks = {name: group.create_task(one(name)) for name in names}
    except ExceptionGroup as failures:
        first = failures.exceptions[0]
        if isinstance(first, WcfgenError):  # a user-facing error: one message, not a group
            raise first from None
        raise
    return {f"{name}.html": task.result() for name, task in tasks.items()}, dict(sorted(broken.items()))
