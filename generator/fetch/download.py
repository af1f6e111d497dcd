"""Download help pages politely and safely: timeouts, retries with backoff, size cap, redirect policy.

Only ``http(s)`` is followed; a redirect to another host (or from https down to http) is refused
unless the user allows it, and credentials go only to the service's own host.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from ..errors import WcfgenError
from ..read import MAX_PAGE_BYTES
from ..read.error_page import ErrorPage, read_error_page
from ..runtime.contentcoding import ACCEPT_ENCODING, BoundedBody, coded_limit
from ..runtime.errors import DecodeError

_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_MAX_RETRY_AFTER = 30.0  # seconds; a longer Retry-After is cut to this


class FetchError(WcfgenError):
    """A service that cannot be fetched: unreachable, refusing, or not serving WCF help pages."""


def parse_header(text: str) -> tuple[str, str]:
    """``"X-Api-Key: secret"`` → ``("X-Api-Key", "secret")``."""
    name, colon, value = text.partition(":")
    if not colon or not _HEADER_NAME.fullmatch(name.strip()) or any(c in value for c in "\r\n\0"):
        raise FetchError(f"a header must be 'Name: value' on one line, got {text!r}")
    return name.strip(), value.strip()


@dataclass(frozen=True)
class Credentials:
    """What to send the service: K2 request signing or HTTP basic, and raw headers."""

    scheme: Literal["k2", "basic"] | None = None
    user: str = ""
    password: str = ""
    headers: tuple[tuple[str, str], ...] = ()

    def apply(self, url: str, headers: dict[str, str]) -> None:
        headers.update(self.headers)
        if self.scheme == "k2":  # Authorization: user:base64(HMAC-MD5(password, upper(decoded URL)))
            message = unquote(url).upper().encode("utf-8")
            digest = hmac.new(self.password.encode("utf-8"), message, hashlib.md5).digest()
            headers["Authorization"] = f"{self.user}:{base64.b64encode(digest).decode('ascii')}"
        elif self.scheme == "basic":
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
            headers["Authorization"] = f"Basic {token}"


@dataclass(frozen=True)
class Limits:
    timeout: float = 30.0  # per connect / read / write, seconds
    retries: int = 3  # extra attempts after a timeout, a broken connection, a 5xx or a 429
    backoff: float = 0.5  # seconds before the first retry, doubled for each next one
    concurrency: int = 4  # requests in flight at once
    max_bytes: int = MAX_PAGE_BYTES  # a page: what the reader accepts
    max_total_bytes: int = 256 * 1024 * 1024  # every page of the service together
    max_redirects: int = 5


@dataclass(frozen=True)
class Page:
    url: str  # where the bytes came from, after redirects
    file: Path  # the body as served (after content decoding), streamed there
    sha256: str
    etag: str | None
    last_modified: str | None
    status: int = 200

    def read(self) -> bytes:
        return self.file.read_bytes()


class OverBudget(FetchError):
    """The pages of the service add up to more than ``Limits.max_total_bytes``."""


class ServiceErrorPage(FetchError):
    """The service answered with WCF's error page ("Request Error") instead of the page asked for."""

    def __init__(self, page: Page, error: ErrorPage) -> None:
        super().__init__(f"HTTP {page.status}: {error.title}: {error.message}", file=page.url)
        self.page = page
        self.error = error


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None, answer: ServiceErrorPage | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.answer = answer  # the service's error page, if that is what it answered


class Downloader:
    """GETs pages of one service over a shared ``httpx.AsyncClient``."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        service_url: str,
        credentials: Credentials,
        limits: Limits,
        *,
        allow_other_hosts: bool = False,
    ) -> None:
        self._client = client
        self._service = urlsplit(service_url)
        self._credentials = credentials
        self._limits = limits
        self._allow_other_hosts = allow_other_hosts
        self._slots = asyncio.Semaphore(limits.concurrency)
        self.downloaded = 0  # bytes, decoded, of every page and attempt so far

    async def get(self, url: str, into: Path) -> Page:
        """GET ``url`` into the file ``into``, streaming: a page is never held whole in memory."""
        attempt = 1
        while True:
            try:
                async with self._slots:
                    # the httpx timeouts are per read; this bounds a server that trickles bytes
                    async with asyncio.timeout(self._limits.timeout * 4):
                        return await self._get_once(url, into)
            except _Retryable as exc:
                failure = exc
            except (httpx.TimeoutException, TimeoutError):
                failure = _Retryable("timed out")
            except httpx.TransportError as exc:
                failure = _Retryable(f"connection failed ({exc.__class__.__name__}: {exc})")
            except httpx.HTTPError as exc:  # e.g. a body that does not decompress: retrying will not help
                raise FetchError(f"{exc.__class__.__name__}: {exc}", file=url) from None
            if attempt > self._limits.retries:
                if failure.answer is not None:
                    raise failure.answer
                tries = f" after {attempt} attempts" if attempt > 1 else ""
                raise FetchError(f"{failure.reason}{tries}", file=url)
            backoff = self._limits.backoff * 2 ** (attempt - 1)
            await asyncio.sleep(backoff if failure.retry_after is None else failure.retry_after)
            attempt += 1

    async def _get_once(self, url: str, into: Path) -> Page:
        for _ in range(self._limits.max_redirects + 1):
            headers = {"Accept": ", ".join(_HTML_TYPES), "Accept-Encoding": ACCEPT_ENCODING}
            if self._is_service_host(url):
                self._credentials.apply(url, headers)
            async with self._client.stream("GET", url, headers=headers) as response:
                if response.is_redirect:
                    url = self._redirect_target(url, response.headers["Location"])
                    continue
                answer = await self._error_page(response, url, into) if response.status_code != 200 else None
                self._check_status(response, url, answer)
                return await self._body(response, url, into)
        raise FetchError(f"more than {self._limits.max_redirects} redirects", file=url)

    def _is_service_host(self, url: str) -> bool:
        parts = urlsplit(url)
        downgraded = self._service.scheme == "https" and parts.scheme != "https"
        return parts.hostname == self._service.hostname and not downgraded

    def _redirect_target(self, url: str, location: str) -> str:
        target = urljoin(url, location)
        try:
            httpx.URL(target)
        except httpx.InvalidURL:
            raise FetchError(f"redirected to an invalid URL {location!r}", file=url) from None
        if urlsplit(target).scheme not in ("http", "https"):
            raise FetchError(f"redirected to a non-HTTP URL {target!r}", file=url)
        if not self._allow_other_hosts and not self._is_service_host(target):
            raise FetchError(
                f"redirected to {target}, another host or plain http; pass --allow-other-hosts to follow it", file=url
            )
        return target

    async def _error_page(self, response: httpx.Response, url: str, into: Path) -> ServiceErrorPage | None:
        """WCF serves its error page with 400 (or a 5xx) when it fails, the help page's request included."""
        if not (response.status_code == 400 or response.status_code >= 500) or _media_type(response) not in _HTML_TYPES:
            return None
        try:
            page = await self._body(response, url, into)
            error = read_error_page(page.read().decode("utf-8-sig"), url)
        except OverBudget:
            raise
        except (FetchError, UnicodeDecodeError):
            return None
        return None if error is None else ServiceErrorPage(page, error)

    @staticmethod
    def _check_status(response: httpx.Response, url: str, answer: ServiceErrorPage | None) -> None:
        status = response.status_code
        if status == 200:
            media_type = _media_type(response)
            if media_type and media_type not in _HTML_TYPES:
                raise FetchError(f"not a WCF help page: Content-Type is {media_type!r}", file=url)
            return
        reason = f"HTTP {status} {response.reason_phrase}".rstrip()
        if status == 429 or status >= 500:
            raise _Retryable(reason, _retry_after(response.headers.get("Retry-After")), answer)
        if answer is not None:
            raise answer
        if status in (401, 403):
            raise FetchError(f"{reason}: the service refused access (see --auth, --user, --header)", file=url)
        if status == 404:
            raise FetchError(f"{reason}: no such page (is the URL the service's address, with help enabled?)", file=url)
        raise FetchError(reason, file=url)

    async def _body(self, response: httpx.Response, url: str, into: Path) -> Page:
        """Stream the body into ``into``, decoded here in bounded steps (see :mod:`wcfgen.runtime.contentcoding`)."""
        limit, encoding = self._limits.max_bytes, response.headers.get("Content-Encoding")
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > (coded_limit(limit) if encoding else limit):
            raise FetchError(f"page larger than {limit} bytes", file=url)
        digest = hashlib.sha256()
        try:
            body = BoundedBody(encoding, limit, "page")
            with into.open("wb") as file:
                async for chunk in response.aiter_raw():
                    for piece in body.feed(chunk):
                        self._spend(len(piece), url)
                        digest.update(piece)
                        file.write(piece)
            body.finish()
        except DecodeError as exc:
            raise FetchError(str(exc), file=url) from None
        headers = response.headers
        return Page(url, into, digest.hexdigest(), headers.get("ETag"), headers.get("Last-Modified"), response.status_code)

    def _spend(self, size: int, url: str) -> None:
        self.downloaded += size
        if self.downloaded > self._limits.max_total_bytes:
            raise OverBudget(
                f"the service's pages add up to more than {self._limits.max_total_bytes} bytes "
                "(see --max-total-mib); nothing was changed",
                file=url,
            )


def _media_type(response: httpx.Response) -> str:
    content_type: str = response.headers.get("Content-Type", "")
    return content_type.partition(";")[0].strip().lower()


def _retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds (the HTTP-date form falls back to the backoff)."""
    if value is None or not value.strip().isdigit():
        return None
    return min(float(value), _MAX_RETRY_AFTER)
