"""``wcfgen fetch``: snapshot a live service's help pages into the spec folder.

Downloads ``<service>/help`` and every operation page it lists, checks each is a WCF help
page, and only then stores them (see :mod:`wcfgen.fetch.snapshot`), with the service's
base URL in ``wcfgen.toml``, so that ``generate`` and ``check`` work from the snapshot.
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
from ..read.html_page import read_html_page
from ..read.index_page import INDEX_PAGE, IndexPage, read_index_page
from ..read.manifest import PACKAGE_NAME, SERVICE_NAME
from .download import Credentials, Downloader, FetchError, Limits, Page, parse_header
from .snapshot import Stored, previous_pages, store

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


@dataclass(frozen=True)
class Fetched:
    api: str
    service: str
    base_url: str
    stored: Stored


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
    previous = previous_pages(api_dir / service)  # refuse early, before any download

    user_agent = f"wcfgen/{__version__}"
    async with httpx.AsyncClient(timeout=options.limits.timeout, headers={"User-Agent": user_agent}) as client:
        downloader = Downloader(
            client, service_url, options.credentials, options.limits, allow_other_hosts=options.allow_other_hosts
        )
        help_page = await downloader.get(f"{service_url}/help")
        index = _checked(help_page, read_index_page)
        # the index may have been redirected (http → https): its pages live beside it
        root = help_page.url[: -len("/help")] if help_page.url.endswith("/help") else service_url
        names = _operation_names(index, help_page.url)
        report(1, len(names) + 1, INDEX_PAGE)
        pages = await _operation_pages(downloader, root, names, report)

    base_url = index.base_url or root
    if not _is_plain_address(base_url):
        raise FetchError(f"the index names an unusable base URL {base_url!r}", file=help_page.url)
    stored = store(api_dir, api, service, base_url, service_url, {INDEX_PAGE: help_page, **pages}, previous)
    return Fetched(api, service, base_url, stored)


def _is_plain_address(url: str) -> bool:
    try:
        return service_address(url) == url
    except FetchError:
        return False


def _default_service(service_url: str) -> str:
    segment = urlsplit(service_url).path.rstrip("/").rpartition("/")[2]
    return segment[: -len(".svc")] if segment.lower().endswith(".svc") else segment


def _checked(page: Page, read: Callable[[str, str], _Read]) -> _Read:
    """Read a downloaded page as the help page it must be; errors name its URL."""
    try:
        text = page.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FetchError(f"page is not UTF-8 (byte {exc.start})", file=page.url) from None
    return read(text, page.url)


def _operation_names(index: IndexPage, url: str) -> list[str]:
    names = [entry.name for entry in index.entries]
    taken = {INDEX_PAGE.removesuffix(".html")}  # file names must not clash, on case-insensitive disks too
    for name in names:
        if name.lower() in taken:
            raise FetchError(f"operation {name!r} cannot be stored beside the others (file name clash)", file=url)
        taken.add(name.lower())
    return names


async def _operation_pages(downloader: Downloader, root: str, names: list[str], report: Progress) -> dict[str, Page]:
    done = 1

    async def one(name: str) -> Page:
        nonlocal done
        page = await downloader.get(f"{root}/help/operations/{name}")
        _checked(page, read_html_page)
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
    return {f"{name}.html": task.result() for name, task in tasks.items()}
