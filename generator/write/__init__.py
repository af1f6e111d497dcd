"""Stage 4: write the rendered files, owning only what wcfgen wrote.

The output folder keeps a manifest of the files wcfgen wrote and their hashes.
Only those files are ever replaced or deleted; a user's file in the way is an
error. Everything is staged first and replaced through a journal
(:mod:`wcfgen.write.journal`), so a failure leaves the output as it was, and a
generation killed halfway is finished by the next one.

The manifest also records what the files were made from: each API's spec hash
and model (for ``wcfgen diff``-style summaries of later changes) and wcfgen's
version. Nothing in it depends on where or how wcfgen is installed: the hash of the
generator, which lets ``check`` answer from hashes alone when nothing moved, is kept
in the user's cache (:mod:`wcfgen.cache`), not in the committed tree.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .. import __version__
from ..cache import Cache
from ..errors import OutputError
from . import jsontext
from .journal import Journal, commit, pending, recover

if TYPE_CHECKING:
    from .background import Background
    from .chunks import Verified

MANIFEST_NAME = ".wcfgen-manifest.json"
FORK_BYTES = 256 * 1024  # deferred modules smaller than this are verified here: a fork would cost more
FRESH = "fresh"  # cache namespace: manifests that this generator makes of the specs they name


@dataclass(frozen=True)
class Changes:
    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int


@dataclass(frozen=True)
class Record:
    """What the last generation recorded in the manifest."""

    files: Mapping[str, str]  # path → sha256
    specs: Mapping[str, str]  # API name → spec hash
    models: Mapping[str, object]  # API name → model (wcfgen.diff.snapshot); empty before wcfgen recorded them
    sha256: str  # of the manifest itself


def with_manifest(
    files: dict[str, str], specs: Mapping[str, str], models: Mapping[str, object], cache: Cache | None = None
) -> dict[str, bytes]:
    """Verify the Python files, encode everything, and add the manifest that claims them. The statements
    verified are remembered in ``cache`` (by default the user's): an edit re-verifies only what it changed."""
    encoded, pending = prepare_output(files, specs, models, cache)
    pending.wait()
    return encoded


class Pending:
    """The verification of the deferred modules, perhaps running beside this process: nothing may be
    written (or those modules imported) before :meth:`wait` returned."""

    def __init__(self, work: Background[dict[str, list[str]]] | None, verified: Verified) -> None:
        self._work, self._verified = work, verified

    def wait(self) -> None:
        """Raise the deferred modules' :class:`~wcfgen.errors.UnsafeOutputError`, if any; remember what passed."""
        if self._work is not None:
            work, self._work = self._work, None
            for key, facts in work.result().items():
                self._verified.add(key, facts)
        self._verified.save()


def prepare_output(
    files: dict[str, str],
    specs: Mapping[str, str],
    models: Mapping[str, object],
    cache: Cache | None = None,
    *,
    deferred: Collection[str] = (),
) -> tuple[dict[str, bytes], Pending]:
    """:func:`with_manifest`, the ``deferred`` modules verified beside this process (on a second core,
    when they are large enough to pay for it) until :meth:`Pending.wait`; the rest before it returns."""
    from .background import Background
    from .chunks import Verified
    from .verify import verify_python  # here, as difflib below: check answered from hashes needs neither

    for path in files:
        _check_path(path)
    verified = Verified(cache if cache is not None else Cache())
    later = {path: files[path] for path in sorted(deferred) if path in files and path.endswith(".py")}

    def verify_later() -> dict[str, list[str]]:
        for path, text in later.items():
            verify_python(path, text, verified)
        return verified.new  # forked: only what the child added

    work = Background(verify_later, parallel=sum(map(len, later.values())) >= FORK_BYTES) if later else None
    for path, text in files.items():
        if path.endswith(".py") and path not in later:
            verify_python(path, text, verified)
    encoded = {path: text.encode("utf-8") for path, text in sorted(files.items())}
    manifest = {
        "generator": f"wcfgen {__version__}",
        "specs": dict(sorted(specs.items())),
        "files": {path: _sha256(data) for path, data in encoded.items()},
        "models": dict(sorted(models.items())),
    }
    encoded[MANIFEST_NAME] = (jsontext.dumps(manifest) + "\n").encode()  # json.dumps(indent=2), faster
    return encoded, Pending(work, verified)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_path(path: str) -> None:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or path == MANIFEST_NAME:
        raise OutputError(f"refusing to write outside the output folder: {path!r}")


def read_record(out_dir: Path) -> Record | None:
    """The manifest of the last generation into ``out_dir``, if there is one."""
    path = out_dir / MANIFEST_NAME
    if not path.exists():
        return None
    try:
        data = path.read_bytes()
        manifest = json.loads(data)
        record = Record(
            files=_string_map(manifest["files"]),
            specs=_string_map(manifest.get("specs", {})),
            models=dict(manifest.get("models", {})),
            sha256=_sha256(data),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise OutputError(f"unreadable manifest ({exc}); fix or delete it", file=path) from None
    for name in record.files:
        _check_path(name)
    return record


def _string_map(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ValueError("expected an object of strings")
    return value


def owned_files(out_dir: Path) -> set[str]:
    """The files the last generation wrote, from its manifest (and an interrupted one's journal)."""
    record = read_record(out_dir)
    owned = set(record.files) if record is not None else set()
    journal = pending(out_dir)
    if journal is not None:
        owned |= (set(journal.replace) | set(journal.remove)) - {MANIFEST_NAME}
    return owned


def interrupted(out_dir: Path) -> bool:
    """Whether a generation was killed halfway; the next ``generate`` finishes it."""
    return pending(out_dir) is not None


def unchanged_since_record(
    out_dir: Path, spec_hashes: Collection[str], cache: Cache, record: Record | None = None
) -> bool:
    """Whether the manifest records exactly these specs, this generator is known (from the
    cache) to make this very manifest of them, and no file it lists was touched.

    Then a fresh generation would give the same files, so there is nothing to render.
    ``record``: the manifest, when the caller has read it already.
    """
    if record is None:
        record = read_record(out_dir)
    if record is None or sorted(record.specs.values()) != sorted(spec_hashes) or interrupted(out_dir):
        return False
    if cache.get(FRESH, record.sha256) is not True:
        return False
    return all(_file_sha256(out_dir / path) == digest for path, digest in record.files.items())


def remember_fresh(files: Mapping[str, bytes], cache: Cache) -> None:
    """Record that this generator makes ``files`` (their manifest names the specs and every file)."""
    cache.put(FRESH, _sha256(files[MANIFEST_NAME]), True)


def _file_sha256(path: Path) -> str | None:
    try:
        return _sha256(path.read_bytes())
    except OSError:
        return None


def write_output(out_dir: Path, files: dict[str, bytes]) -> Changes:
    recover(out_dir)
    owned = owned_files(out_dir)
    for path in files:
        target = out_dir / path
        if path != MANIFEST_NAME and path not in owned and target.exists():
            raise OutputError("a file wcfgen did not write is in the way; move it or delete it", file=target)

    changed = sorted(
        (path for path in files if not _same(out_dir / path, files[path])), key=lambda p: p == MANIFEST_NAME
    )
    stale = sorted(owned - set(files))
    if changed or stale:
        out_dir.mkdir(parents=True, exist_ok=True)
        commit(out_dir, files, Journal(tuple(changed), tuple(stale)))
    return Changes(written=tuple(changed), removed=tuple(stale), unchanged=len(files) - len(changed))


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


@dataclass(frozen=True)
class FileDrift:
    path: str
    state: str  # "changed", "missing" (would be generated) or "stale" (wcfgen wrote it, but no longer generates it)
    diff: str  # unified, on-disk → from the spec


def drift(out_dir: Path, files: dict[str, bytes]) -> list[FileDrift]:
    """The files on disk that differ from what would be generated; empty when in sync."""
    found = []
    for path in sorted(set(files) | owned_files(out_dir)):
        expected = files.get(path)
        target = out_dir / path
        actual = target.read_bytes() if target.is_file() else None
        if actual == expected:
            continue
        state = "missing" if actual is None else "stale" if expected is None else "changed"
        old, new = _lines(actual), _lines(expected)
        import difflib

        diff = difflib.unified_diff(old, new, f"{out_dir.name}/{path} (on disk)", f"{out_dir.name}/{path} (from spec)")
        found.append(FileDrift(path, state, "".join(diff) or f"{path}: differs\n"))
    return found


def _lines(data: bytes | None) -> list[str]:
    if data is None:
        return []
    return data.decode("utf-8", errors="replace").splitlines(keepends=True)
