"""An API's spec folder: where its APIs are, its files, and their hash (what the manifest records).

Imports nothing heavy: ``check`` and a no-op ``generate`` answer from these hashes.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import SpecError
from .stat_index import settled_rows, walk

if TYPE_CHECKING:
    from .cache import Cache

MANIFEST = "wcfgen.toml"
SPEC_HASHES = "spec_hashes"  # cache namespace: a spec folder's hash by the stat of its files, one entry a folder
_KNOWN: dict[str, str] = {}  # this process's spec hashes by the same signature: entry.py, typer and the build ask alike


def find_api_dirs(spec_dir: Path) -> list[Path]:
    """``spec_dir`` is one API (it has ``wcfgen.toml``) or a folder of APIs."""
    if (spec_dir / MANIFEST).is_file():
        return [spec_dir]
    if not spec_dir.is_dir():
        raise SpecError("spec folder not found", file=spec_dir)
    found = sorted(path.parent for path in spec_dir.glob(f"*/{MANIFEST}"))
    if not found:
        raise SpecError(f"no {MANIFEST} here or in its sub-folders", file=spec_dir)
    return found


def spec_files(api_dir: Path) -> list[Path]:
    return [api_dir / relative for relative, _ in _listed(api_dir)]


def _listed(api_dir: Path) -> list[tuple[str, os.DirEntry[str]]]:
    """The files of ``spec_files`` by their '/'-separated paths in the folder, with their entries, in the
    order of their paths (compared part by part, case-folded on Windows, as ``Path`` compares)."""
    fold = str.lower if os.name == "nt" else str
    return sorted(walk(api_dir), key=lambda item: fold(item[0]).split("/"))


def spec_hash(api_dir: Path, cache: Cache | None = None) -> str:
    """sha256 over every file of the API's spec folder (relative path and bytes).

    The hash is remembered, in this process and (with ``cache``) in the cache, by every file's stat row
    (:mod:`wcfgen.stat_index`), and answered from them while none moved; while a file is too fresh to be
    trusted, the folder is hashed every time. The cache keeps one entry a folder, the latest."""
    listed = _listed(api_dir)
    folder = str(api_dir.resolve())
    signature = _signature(folder, listed)
    if signature is not None:
        known = _KNOWN.get(signature)
        if known is None and cache is not None:
            entry = cache.get(SPEC_HASHES, folder)
            if isinstance(entry, list) and len(entry) == 2 and entry[0] == _sha256(signature):
                known = entry[1] if isinstance(entry[1], str) and len(entry[1]) == 64 else None
        if known is not None:
            _KNOWN[signature] = known
            return known
    hashed = _folder_hash(api_dir, listed)
    if signature is not None:
        if len(_KNOWN) >= 64:  # a process generating many specs (a test suite): forget the older ones
            _KNOWN.clear()
        _KNOWN[signature] = hashed
        if cache is not None:
            cache.put(SPEC_HASHES, folder, [_sha256(signature), hashed])
    return hashed


def _folder_hash(api_dir: Path, listed: list[tuple[str, os.DirEntry[str]]]) -> str:
    """One sha256 over the files in order, each as its path, its length and its bytes (what manifests
    record): a stream, so a folder's hash cannot be made of its files' own hashes."""
    digest = hashlib.sha256()
    for relative, _ in listed:
        data = (api_dir / relative).read_bytes()
        digest.update(f"{relative}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _signature(folder: str, listed: list[tuple[str, os.DirEntry[str]]]) -> str | None:
    """The stat row of every file (None if one changed too recently to be trusted, or cannot be read)."""
    rows = settled_rows(listed)
    return None if rows is None else json.dumps([folder, rows])


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
