"""Store a fetched service in the spec folder: all or nothing, and nothing at all when unchanged.

A service folder (``schemas/<api>/<Service>/``) holds the index ``help.html``, one
``<Operation>.html`` per operation, byte for byte as served (WCF's error page, for an
operation whose help page the service could not render, with ``--skip-broken-pages``),
and ``snapshot.json``, the record of where each page came from.

A fetch builds the API folder as it will be in a staging folder beside it
(``schemas/.<api>.<Service>.*.fetch/``: the manifest and the service's pages, streamed
there as they arrive), generates it in memory as ``generate`` would, and only then swaps
it in by renaming. A failed fetch, or a snapshot that ``generate`` would refuse, leaves
the previous one as it was; a fetch killed halfway is undone by the next.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

from .. import __version__
from ..errors import SpecError, WcfgenError
from ..pausepoint import pause_point
from ..read.index_page import INDEX_PAGE
from ..read.manifest import MANIFEST
from .download import FetchError, Page

SNAPSHOT = "snapshot.json"
_PAGE_SUFFIXES = (".html", ".txt")  # .txt: a text rendering saved by hand, replaced by the fetched page
_RETIRED = ".old"  # in the staging folder: the previous service folder, between the two renames


@dataclass(frozen=True)
class Changes:
    """Operations added, removed and changed since the previous snapshot (by page bytes)."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    index_changed: bool
    operations: int  # in the new snapshot


@dataclass(frozen=True)
class Stored:
    service_dir: Path
    changes: Changes
    pages_written: bool
    manifest_written: bool


class Staging:
    """The API folder as the fetch will leave it, built beside it; removed on exit, whatever happened."""

    def __init__(self, api_dir: Path, service: str) -> None:
        self.api_dir = api_dir
        self.service = service
        self.folder: Path  # made on entering

    def __enter__(self) -> Self:
        spec_dir = self.api_dir.parent
        self._made_spec_dir = not spec_dir.exists()
        recover(self.api_dir, self.service)
        spec_dir.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{self.api_dir.name}.{self.service}.", suffix=".fetch", dir=spec_dir))
        (self.folder / self.service).mkdir()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        spec_dir = self.api_dir.parent
        if self._made_spec_dir and not any(spec_dir.iterdir()):
            spec_dir.rmdir()

    def page(self, name: str) -> Path:
        """Where the page stored as ``name`` (``help.html``, ``<Operation>.html``) is downloaded to."""
        return self.folder / self.service / name


def recover(api_dir: Path, service: str) -> None:
    """Undo what a fetch of this service killed halfway left: put back a service folder it had
    moved aside (between the two renames of the swap), and remove its staging folders."""
    service_dir = api_dir / service
    for folder in sorted(api_dir.parent.glob(f".{api_dir.name}.{service}.*.fetch")):
        if (folder / _RETIRED).is_dir() and not service_dir.exists():
            os.rename(folder / _RETIRED, service_dir)
        shutil.rmtree(folder, ignore_errors=True)


def store(
    staging: Staging,
    base_url: str,
    service_url: str,
    pages: dict[str, Page],
    old: dict[str, str],
    broken: dict[str, str] | None = None,
) -> Stored:
    """``pages``: file name (``help.html``, ``<Operation>.html``) → page, downloaded into ``staging``;
    ``old``: :func:`previous_pages`; ``broken``: file name → the error the service served instead of that page.

    Writes only what changed, and only a snapshot that wcfgen can generate.
    """
    api_dir, service = staging.api_dir, staging.service
    service_dir = api_dir / service
    new = {name: page.sha256 for name, page in pages.items()}
    manifest = _updated_manifest(api_dir / MANIFEST, api_dir.name, service, base_url)  # fails before anything is written
    pages_written = old != new or not (service_dir / SNAPSHOT).is_file()
    changes = _changes(old, new)
    if not pages_written and manifest is None:
        return Stored(service_dir, changes, False, False)
    staging.page(SNAPSHOT).write_bytes(_record(service_url, pages, broken or {}))
    staged_manifest = staging.folder / MANIFEST
    if manifest is not None:
        staged_manifest.write_text(manifest, encoding="utf-8")
    else:
        shutil.copyfile(api_dir / MANIFEST, staged_manifest)
    _check_generates(staging, pages)
    api_dir.mkdir(parents=True, exist_ok=True)
    if pages_written:
        _swap_folder(staging.folder / service, service_dir, staging.folder / _RETIRED)
    if manifest is not None:
        os.replace(staged_manifest, api_dir / MANIFEST)
    return Stored(service_dir, changes, pages_written, manifest is not None)


def _check_generates(staging: Staging, pages: dict[str, Page]) -> None:
    """Generate the staged service in memory (read, models, render, verify), then drop it; errors name the pages' URLs.

    The API's other services are not read: they may not be fetched yet.
    """
    from ..models import build_models  # imported here: xsdata and jinja2 are slow to import
    from ..read import read_api
    from ..render import render_api
    from ..write import with_manifest

    api_dir = staging.api_dir
    try:
        with_manifest(render_api(build_models(read_api(staging.folder, only=staging.service))), {}, {})
    except WcfgenError as exc:
        file = exc.file or ""
        staged = file.removeprefix(f"{staging.folder.name}/")  # as the API folder will name it
        page = pages.get(staged.removeprefix(f"{staging.service}/"))
        where: str | Path | None = file or None
        if page is not None:
            where = page.url
        elif staged != file:
            where = api_dir / staged
        message = f"the fetched pages cannot be generated: {exc.message}; nothing was changed"
        raise FetchError(message, file=where, line=exc.line) from None


def previous_pages(service_dir: Path) -> dict[str, str]:
    """The sha256 of each page of the previous snapshot; anything else in the folder stops the fetch (it would be lost)."""
    if not service_dir.exists():
        return {}
    pages = {}
    for path in sorted(service_dir.iterdir()):
        if path.name == SNAPSHOT:
            continue
        if not path.is_file() or path.suffix not in _PAGE_SUFFIXES:
            raise FetchError(
                "is not a help page; fetch replaces the service folder, so move it elsewhere first", file=path
            )
        with path.open("rb") as file:
            pages[path.name] = hashlib.file_digest(file, "sha256").hexdigest()
    return pages


def _changes(old: dict[str, str], new: dict[str, str]) -> Changes:
    def operations(pages: dict[str, str]) -> dict[str, str]:
        return {Path(name).stem: digest for name, digest in pages.items() if name != INDEX_PAGE}

    before, after = operations(old), operations(new)
    return Changes(
        added=tuple(sorted(after.keys() - before.keys())),
        removed=tuple(sorted(before.keys() - after.keys())),
        changed=tuple(sorted(name for name in after.keys() & before.keys() if after[name] != before[name])),
        index_changed=INDEX_PAGE in old and old[INDEX_PAGE] != new.get(INDEX_PAGE),
        operations=len(after),
    )


def _record(service_url: str, pages: dict[str, Page], broken: dict[str, str]) -> bytes:
    """Where each page came from; no timestamps, so the same service gives the same bytes."""
    record = {
        "generator": f"wcfgen {__version__}",
        "service_url": service_url,
        "pages": {
            name: {
                "url": page.url,
                "sha256": page.sha256,
                **({"status": page.status} if page.status != 200 else {}),
                **({"etag": page.etag} if page.etag else {}),
                **({"last_modified": page.last_modified} if page.last_modified else {}),
                **({"broken": broken[name]} if name in broken else {}),
            }
            for name, page in sorted(pages.items())
        },
    }
    return (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _swap_folder(new: Path, folder: Path, retired: Path) -> None:
    """Put ``new`` in place of ``folder`` by renaming; ``folder`` waits in ``retired`` between the two renames."""
    if folder.exists():
        os.rename(folder, retired)
        pause_point("fetch: old snapshot moved aside")
    try:
        os.rename(new, folder)
    except OSError:
        if retired.exists():
            os.rename(retired, folder)
        raise


_NEW_MANIFEST = """\
# wcfgen spec manifest, written by `wcfgen fetch`: which API these help pages describe and
# where it lives. Edit freely; fetch only sets [services.<Name>] base_url.

[api]
name = {api}
package = {api}

[services.{service}]
base_url = {base_url}
"""


def _updated_manifest(path: Path, api: str, service: str, base_url: str) -> str | None:
    """The manifest with ``[services.<service>] base_url`` set; ``None`` if it needs no change.

    tomllib cannot write, so the line is edited in place (keeping comments and layout) and
    the result is checked to differ from the old manifest in exactly that value.
    """
    if not path.exists():
        return _NEW_MANIFEST.format(api=_toml_string(api), service=service, base_url=_toml_string(base_url))
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SpecError(f"cannot read the spec manifest: {exc}", file=path) from None
    services = data.get("services", {})
    entry = services.get(service, {}) if isinstance(services, dict) else None
    if not isinstance(entry, dict):
        raise SpecError(f"[services.{service}] must be a table", file=path)
    if entry.get("base_url") == base_url:
        return None
    updated = _set_base_url(text, service, base_url)
    expected = {**data, "services": {**services, service: {**entry, "base_url": base_url}}}
    try:
        if tomllib.loads(updated) == expected:
            return updated
    except tomllib.TOMLDecodeError:
        pass
    raise SpecError(f"cannot update it automatically: set [services.{service}] base_url = {base_url!r}", file=path)


def _set_base_url(text: str, service: str, base_url: str) -> str:
    lines = text.splitlines(keepends=True)
    header = re.compile(rf'\s*\[\s*services\s*\.\s*(?:{service}|"{service}")\s*\]\s*(?:#.*)?')
    start = next((i for i, line in enumerate(lines) if header.fullmatch(line.rstrip("\r\n"))), None)
    setting = f"base_url = {_toml_string(base_url)}\n"
    if start is None:
        separator = "" if not text or text.endswith("\n") else "\n"
        return f"{text}{separator}\n[services.{service}]\n{setting}"
    end = next((i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines))
    for i in range(start + 1, end):
        if re.match(r"\s*base_url\s*=", lines[i]):
            lines[i] = setting
            return "".join(lines)
    lines.insert(start + 1, setting)
    return "".join(lines)


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
