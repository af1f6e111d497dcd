"""An API's spec folder: where its APIs are, its files, and their hash (what the manifest records).

Imports nothing heavy: ``check`` and a no-op ``generate`` answer from these hashes.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import SpecError

if TYPE_CHECKING:
    from .cache import Cache

MANIFEST = "wcfgen.toml"
SPEC_HASHES = "spec_hashes"  # cache namespace: spec hashes by the stat of every file, as git's index keeps them
SETTLED_SECONDS = 2.0  # a file changed this recently may change again within one timestamp tick: not remembered


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
    return sorted(path for path in api_dir.rglob("*") if path.is_file())


def spec_hash(api_dir: Path, cache: Cache | None = None) -> str:
    """sha256 over every file of the API's spec folder (relative path and bytes).

    With ``cache``, the hash is remembered by every file's inode, size, mtime and ctime, and answered
    from them while none moved (a write changes the ctime, which no tool can set back). Files written
    in the last ``SETTLED_SECONDS`` are hashed but not remembered: another write within the same
    timestamp tick would leave their stat as it was."""
    files = spec_files(api_dir)
    signature = _signature(api_dir, files) if cache is not None else None
    if cache is not None and signature is not None:
        known = cache.get(SPEC_HASHES, signature)
        if isinstance(known, str) and len(known) == 64:
            return known
    digest = hashlib.sha256()
    for path in files:
        data = path.read_bytes()
        digest.update(f"{path.relative_to(api_dir).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    if cache is not None and signature is not None:
        cache.put(SPEC_HASHES, signature, digest.hexdigest())
    return digest.hexdigest()


def _signature(api_dir: Path, files: list[Path]) -> str | None:
    """The stat of every file (None if one changed too recently to be trusted, or cannot be read)."""
    settled = time.time_ns() - int(SETTLED_SECONDS * 1e9)
    rows = []
    for path in files:
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if max(stat.st_mtime_ns, stat.st_ctime_ns) > settled:
            return None
        rows.append([path.relative_to(api_dir).as_posix(), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns])
    return json.dumps([str(api_dir.resolve()), rows])
