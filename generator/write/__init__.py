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

import functools
import hashlib
import json
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .. import __version__
from ..cache import Cache
from ..errors import OutputError
from ..stat_index import is_settled, row, settled_before, stat_or_none
from . import jsontext
from .journal import Journal, commit, pending, recover

if TYPE_CHECKING:
    from ..background import Background
    from .chunks import Verified

MANIFEST_NAME = ".wcfgen-manifest.json"
FORK_BYTES = 256 * 1024  # deferred modules smaller than this are verified here: a fork would cost more
FRESH = "fresh"  # cache namespace: manifests that this generator makes of the specs they name
OUTPUT_INDEX = "output_index"  # cache namespace: an output folder's files by their stat rows (_Index)
_READ: dict[str, tuple[list[object], Record]] = {}  # this process's manifests read, by their stat rows


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
    sha256: str  # of the manifest itself
    path: Path = field(repr=False, compare=False)  # the manifest, for its models
    parsed: Mapping[str, object] | None = field(default=None, repr=False, compare=False)  # the manifest, if read

    @functools.cached_property
    def models(self) -> Mapping[str, object]:
        """API name → model (wcfgen.diff.snapshot); empty before wcfgen recorded them. Nearly all of the
        manifest, so read when asked for: ``check`` answered from hashes never asks."""
        manifest = self.parsed
        if manifest is None:
            data = _read_manifest(self.path)
            if _sha256(data) != self.sha256:
                raise OutputError("the manifest changed while it was read; run again", file=self.path)
            manifest = _parse_manifest(data, self.path)
        models = manifest.get("models", {})
        if not isinstance(models, dict):
            raise OutputError("unreadable manifest (models: not an object); fix or delete it", file=self.path)
        return models


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
    from ..background import Background
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
    """The manifest of the last generation into ``out_dir``, if there is one (remembered in this process
    by its stat row: a generation reads it up to four times)."""
    path = out_dir / MANIFEST_NAME
    stat = stat_or_none(path)
    if stat is None:
        return None if not path.exists() else _read_record(path)  # exists but cannot be stat'ed: its error
    settled = is_settled(stat, settled_before())  # before the read: a later write changes the row
    known = _READ.get(str(path))
    if settled and known is not None and known[0] == row(MANIFEST_NAME, stat):
        return known[1]
    record = _read_record(path)
    if settled:
        _READ.clear()  # the last one only: it holds the parsed models
        _READ[str(path)] = (row(MANIFEST_NAME, stat), record)
    return record


def _read_record(path: Path) -> Record:
    data = _read_manifest(path)
    manifest = _parse_manifest(data, path)
    try:
        return _record(path, manifest["files"], manifest.get("specs", {}), _sha256(data), manifest)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise OutputError(f"unreadable manifest ({exc}); fix or delete it", file=path) from None


def _read_manifest(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise OutputError(f"unreadable manifest ({exc}); fix or delete it", file=path) from None


def _parse_manifest(data: bytes, path: Path) -> dict[str, object]:
    try:
        manifest = json.loads(data)
    except ValueError as exc:
        raise OutputError(f"unreadable manifest ({exc}); fix or delete it", file=path) from None
    if not isinstance(manifest, dict):
        raise OutputError("unreadable manifest (not an object); fix or delete it", file=path)
    return manifest


def _record(path: Path, files: object, specs: object, sha256: str, parsed: dict[str, object] | None) -> Record:
    record = Record(files=_string_map(files), specs=_string_map(specs), sha256=sha256, path=path, parsed=parsed)
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


def unchanged_since_record(out_dir: Path, spec_hashes: Collection[str], cache: Cache) -> Record | None:
    """The manifest's record if it records exactly these specs, this generator is known (from the
    cache) to make this very manifest of them, and no file it lists was touched; else None.

    Then a fresh generation would give the same files, so there is nothing to render. The manifest and
    the files are answered from their stat rows while they did not move (the output folder's index)."""
    index = _Index(out_dir, cache)
    record = index.record()
    if record is None or sorted(record.specs.values()) != sorted(spec_hashes) or interrupted(out_dir):
        return None
    if cache.get(FRESH, record.sha256) is not True:
        return None
    same = all(index.sha256(path) == digest for path, digest in record.files.items())
    index.save(record.files)
    return record if same else None


def remember_fresh(files: Mapping[str, bytes], cache: Cache) -> None:
    """Record that this generator makes ``files`` (their manifest names the specs and every file)."""
    cache.put(FRESH, _sha256(files[MANIFEST_NAME]), True)


class _Index:
    """An output folder's files by their stat rows, as git's index keeps them (:mod:`wcfgen.stat_index`):
    each file's sha256, and the manifest's files and specs. One cache entry an output folder."""

    def __init__(self, out_dir: Path, cache: Cache) -> None:
        self.out_dir, self.cache, self.key = out_dir, cache, str(out_dir.resolve())
        entry = cache.get(OUTPUT_INDEX, self.key)
        valid = isinstance(entry, dict) and isinstance(entry.get("rows"), dict)
        self.rows: dict[str, list[object]] = entry["rows"] if valid else {}
        self.head: object = entry.get("head") if valid else None
        self.before, self.changed = settled_before(), False

    def record(self) -> Record | None:
        path = self.out_dir / MANIFEST_NAME
        stat = stat_or_none(path)
        known = self._known(MANIFEST_NAME, stat)
        head = self.head
        if known is not None and isinstance(head, dict) and head.get("sha256") == known:
            try:
                return _record(path, head["files"], head["specs"], known, None)
            except (ValueError, KeyError, TypeError, OutputError):
                pass  # not an entry this wcfgen wrote: read the manifest
        record = read_record(self.out_dir)
        if record is not None and stat is not None:
            self.head = {"sha256": record.sha256, "files": dict(record.files), "specs": dict(record.specs)}
            self._remember(MANIFEST_NAME, stat, record.sha256)
        return record

    def sha256(self, relative: str) -> str | None:
        """The file's sha256 (None if it cannot be read), from its stat row while it did not move."""
        path = self.out_dir / relative
        stat = stat_or_none(path)
        known = self._known(relative, stat)
        if known is not None:
            return known
        digest = _file_sha256(path)
        if digest is not None and stat is not None:
            self._remember(relative, stat, digest)
        return digest

    def _known(self, relative: str, stat: os.stat_result | None) -> str | None:
        known = self.rows.get(relative)
        if stat is None or not isinstance(known, list) or known[:-1] != row(relative, stat):
            return None
        return known[-1] if isinstance(known[-1], str) else None

    def _remember(self, relative: str, stat: os.stat_result, digest: str) -> None:
        if is_settled(stat, self.before):  # a file this fresh may change again within its timestamp tick
            self.rows[relative], self.changed = [*row(relative, stat), digest], True

    def save(self, listed: Collection[str]) -> None:
        """Store what changed; rows of files the manifest no longer lists are forgotten."""
        kept = {path: known for path, known in self.rows.items() if path in listed or path == MANIFEST_NAME}
        if self.changed or len(kept) < len(self.rows):
            self.cache.put(OUTPUT_INDEX, self.key, {"rows": kept, "head": self.head})


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
