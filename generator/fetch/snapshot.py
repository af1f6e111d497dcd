"""Store a fetched service in the spec folder: all or nothing, and nothing at all when unchanged.

A service folder (``schemas/<api>/<Service>/``) holds the index ``help.html``, one
``<Operation>.html`` per operation, byte for byte as served (WCF's error page, for an
operation whose help page the service could not render, with ``--skip-broken-pages``),
and ``snapshot.json``, the record of where each page came from. The new folder is built
beside the old one and swapped in by renaming, so a failed fetch leaves the previous
snapshot as it was.
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

from .. import __version__
from ..errors import SpecError
from ..read.index_page import INDEX_PAGE
from ..read.manifest import MANIFEST
from .download import FetchError, Page

SNAPSHOT = "snapshot.json"
_PAGE_SUFFIXES = (".html", ".txt")  # .txt: a text rendering saved by hand, replaced by the fetched page


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


def store(
    api_dir: Path,
    api: str,
    service: str,
    base_url: str,
    service_url: str,
    pages: dict[str, Page],
    old: dict[str, bytes],
    broken: dict[str, str] | None = None,
) -> Stored:
    """``pages``: file name (``help.html``, ``<Operation>.html``) → page; ``old``: :func:`previous_pages`;
    ``broken``: file name → the error the service served instead of that page.

    Writes only what changed.
    """
    service_dir = api_dir / service
    new = {name: page.data for name, page in pages.items()}
    manifest = _updated_manifest(api_dir / MANIFEST, api, service, base_url)  # fails before anything is written
    pages_written = old != new or not (service_dir / SNAPSHOT).is_file()
    if pages_written:
        _replace_folder(service_dir, {**new, SNAPSHOT: _record(service_url, pages, broken or {})})
    if manifest is not None:
        _write_atomically(api_dir / MANIFEST, manifest.encode("utf-8"))
    return Stored(service_dir, _changes(old, new), pages_written, manifest is not None)


def previous_pages(service_dir: Path) -> dict[str, bytes]:
    """The pages of the previous snapshot; anything else in the folder stops the fetch (it would be lost)."""
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
        pages[path.name] = path.read_bytes()
    return pages


def _changes(old: dict[str, bytes], new: dict[str, bytes]) -> Changes:
    def operations(pages: dict[str, bytes]) -> dict[str, bytes]:
        return {Path(name).stem: data for name, data in pages.items() if name != INDEX_PAGE}

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
                "sha256": hashlib.sha256(page.data).hexdigest(),
                **({"status": page.status} if page.status != 200 else {}),
                **({"etag": page.etag} if page.etag else {}),
                **({"last_modified": page.last_modified} if page.last_modified else {}),
                **({"broken": broken[name]} if name in broken else {}),
            }
            for name, page in sorted(pages.items())
        },
    }
    return (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _replace_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Build the new folder beside the old one, then swap them by renaming."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".new", dir=folder.parent))
    retired = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=folder.parent))
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        staging.chmod(0o755)  # mkdtemp makes it private
        if folder.exists():
            os.rename(folder, retired / folder.name)
        try:
            os.rename(staging, folder)
        except OSError:
            if (retired / folder.name).exists():
                os.rename(retired / folder.name, folder)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if folder.exists() or not (retired / folder.name).exists():  # never delete the only copy
            shutil.rmtree(retired, ignore_errors=True)


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.new")
    temporary.write_bytes(data)
    os.replace(temporary, path)


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
