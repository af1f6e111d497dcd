"""An API's spec folder: where its APIs are, its files, and their hash (what the manifest records).

Imports nothing heavy: ``check`` and a no-op ``generate`` answer from these hashes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import SpecError

MANIFEST = "wcfgen.toml"


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


def spec_hash(api_dir: Path) -> str:
    """sha256 over every file of the API's spec folder (relative path and bytes)."""
    digest = hashlib.sha256()
    for path in spec_files(api_dir):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(api_dir).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()
