"""Stage 4: write the rendered files, owning only what wcfgen wrote.

The output folder keeps a manifest of the files wcfgen wrote and their hashes.
Only those files are ever replaced or deleted; a user's file in the way is an
error. Everything is staged in a temporary folder first, so a failure leaves
the output as it was.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import generator
from generator.errors import OutputError
from generator.write.verify import verify_python

MANIFEST_NAME = ".wcfgen-manifest.json"


@dataclass(frozen=True)
class Changes:
    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int


def with_manifest(files: dict[str, str], specs: dict[str, str]) -> dict[str, bytes]:
    """Verify the Python files, encode everything, and add the manifest that claims them."""
    for path, text in files.items():
        _check_path(path)
        if path.endswith(".py"):
            verify_python(path, text)
    encoded = {path: text.encode("utf-8") for path, text in sorted(files.items())}
    manifest = {
        "generator": f"wcfgen {generator.__version__}",
        "specs": dict(sorted(specs.items())),
        "files": {path: hashlib.sha256(data).hexdigest() for path, data in encoded.items()},
    }
    encoded[MANIFEST_NAME] = (json.dumps(manifest, indent=2) + "\n").encode()
    return encoded


def _check_path(path: str) -> None:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or path == MANIFEST_NAME:
        raise OutputError(f"refusing to write outside the output folder: {path!r}")


def owned_files(out_dir: Path) -> set[str]:
    """The files the last generation wrote, from its manifest."""
    path = out_dir / MANIFEST_NAME
    if not path.exists():
        return set()
    try:
        files = json.loads(path.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OutputError(f"unreadable manifest ({exc}); fix or delete it", file=path) from None
    owned = {name for name in files if isinstance(name, str)}
    for name in owned:
        _check_path(name)
    return owned


def write_output(out_dir: Path, files: dict[str, bytes]) -> Changes:
    owned = owned_files(out_dir)
    for path in files:
        target = out_dir / path
        if path != MANIFEST_NAME and path not in owned and target.exists():
            raise OutputError("a file wcfgen did not write is in the way; move it or delete it", file=target)

    changed = [path for path, data in files.items() if not _same(out_dir / path, data)]
    stale = sorted(owned - set(files))
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".wcfgen-", dir=out_dir))
    try:
        for path in changed:  # stage everything first: an error here changes nothing
            (staging / path).parent.mkdir(parents=True, exist_ok=True)
            (staging / path).write_bytes(files[path])
        for path in sorted(changed, key=lambda p: p == MANIFEST_NAME):  # the manifest last
            (out_dir / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / path, out_dir / path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for path in stale:
        (out_dir / path).unlink(missing_ok=True)
        _remove_empty_parents(out_dir, out_dir / path)
    return Changes(
        written=tuple(p for p in changed if p != MANIFEST_NAME),
        removed=tuple(stale),
        unchanged=len(files) - len(changed),
    )


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _remove_empty_parents(root: Path, path: Path) -> None:
    parent = path.parent
    while parent != root and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


def drift(out_dir: Path, files: dict[str, bytes]) -> list[str]:
    """Unified diffs between what is on disk and what would be generated; empty when in sync."""
    reports = []
    for path in sorted(set(files) | owned_files(out_dir)):
        expected = files.get(path)
        target = out_dir / path
        actual = target.read_bytes() if target.is_file() else None
        if actual == expected:
            continue
        old = _lines(actual)
        new = _lines(expected)
        diff = difflib.unified_diff(old, new, f"{out_dir.name}/{path} (on disk)", f"{out_dir.name}/{path} (from spec)")
        reports.append("".join(diff) or f"{path}: differs\n")
    return reports


def _lines(data: bytes | None) -> list[str]:
    if data is None:
        return []
    return data.decode("utf-8", errors="replace").splitlines(keepends=True)
