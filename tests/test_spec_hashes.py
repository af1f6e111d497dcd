"""A spec folder's hash, remembered by the stat of its files (``check`` and a no-op answer from it)."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import SPECS, settle
from wcfgen import entry, pipeline, spec_files
from wcfgen.cache import Cache
from wcfgen.spec_files import SPEC_HASHES, spec_hash


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    spec_files._KNOWN.clear()  # this process's hashes: each test starts as a new process would
    return Path(shutil.copytree(SPECS / "conventions", tmp_path / "spec"))


def _old_definition(api_dir: Path) -> str:
    """The hash as manifests have always recorded it (wcfgen 0.1's code)."""
    digest = hashlib.sha256()
    for path in sorted(path for path in api_dir.rglob("*") if path.is_file()):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(api_dir).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _edit_keeping_size_and_mtime(page: Path) -> None:
    before = page.stat()
    text = page.read_text("utf-8")
    page.write_text(text.replace("A traveler:", "A Traveler:"), "utf-8")
    assert page.read_text("utf-8") != text and page.stat().st_size == before.st_size
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # only the ctime tells


def test_the_hash_is_the_one_manifests_record_whatever_the_folder_holds(spec: Path, tmp_path: Path) -> None:
    (spec / ".hidden").write_text("dot files count")
    (spec / "Trips" / "deep" / "er").mkdir(parents=True)
    (spec / "Trips" / "deep" / "er" / "notes.txt").write_text("nested")
    (spec / "Trips-x.html").write_text("sorted by parts, not by text: 'Trips-x.html' after 'Trips/…'")
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "folder" / "x.html").write_text("not entered")
    (outside / "file.html").write_text("a symlink to a file counts")
    (spec / "linked.html").symlink_to(outside / "file.html")
    (spec / "linked-folder").symlink_to(outside / "folder")
    (spec / "dangling").symlink_to(tmp_path / "nowhere")
    assert spec_files.spec_files(spec) == sorted(path for path in spec.rglob("*") if path.is_file())
    assert spec_hash(spec) == spec_hash(spec, Cache(tmp_path / "cache", "this-generator")) == _old_definition(spec)
    assert spec_hash(SPECS / "conventions") == _old_definition(SPECS / "conventions")


def test_a_settled_spec_is_hashed_once_and_answered_from_its_stat(
    spec: Path, tmp_path: Path, reads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path / "cache", "this-generator")
    settle(monkeypatch)
    expected = _old_definition(spec)
    reads.clear()
    assert spec_hash(spec, cache) == expected and len([r for r in reads if r.is_relative_to(spec)]) == 5  # hashed
    reads.clear()
    assert spec_hash(spec) == expected and not reads  # this process remembers it
    spec_files._KNOWN.clear()  # another process: the cache remembers it
    assert spec_hash(spec, cache) == expected and not [r for r in reads if r.is_relative_to(spec)]
    assert len(list((cache.root / SPEC_HASHES).iterdir())) == 1


def test_an_edit_is_seen_even_of_the_same_size_with_the_mtime_set_back(
    spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path / "cache", "this-generator")
    settle(monkeypatch)
    before = spec_hash(spec, cache)
    _edit_keeping_size_and_mtime(spec / "Trips" / "GetTraveler.html")
    settle(monkeypatch)
    after = spec_hash(spec, cache)
    assert after != before and after == _old_definition(spec)
    spec_files._KNOWN.clear()
    assert spec_hash(spec, cache) == after
    assert len(list((cache.root / SPEC_HASHES).iterdir())) == 1  # one entry a folder, however often it moves


def test_files_written_in_the_last_seconds_are_hashed_every_time(spec: Path, tmp_path: Path, reads: list[Path]) -> None:
    cache = Cache(tmp_path / "cache", "this-generator")
    assert spec_hash(spec, cache) == _old_definition(spec)
    for _ in range(2):  # neither this process nor the cache remembers it
        reads.clear()
        spec_hash(spec, cache)
        assert len([r for r in reads if r.is_relative_to(spec)]) == 5
    assert not (cache.root / SPEC_HASHES).exists()


def test_a_wrong_entry_is_not_served(spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(tmp_path / "cache", "this-generator")
    settle(monkeypatch)
    expected = spec_hash(spec, cache)
    (entry_file,) = (cache.root / SPEC_HASHES).iterdir()
    spec_files._KNOWN.clear()
    entry_file.write_text(entry_file.read_text().replace(expected, "f" * 64))  # the stat matches, the hash is wrong
    assert spec_hash(spec, cache) == "f" * 64  # what a planted entry can do (SECURITY.md says so)
    spec_files._KNOWN.clear()
    entry_file.write_text('["not a signature", "not a hash"]')
    assert spec_hash(spec, cache) == expected


def test_a_one_page_edit_hashes_the_folder_once_per_generation(
    spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    pipeline.generate(spec, out, examples=False)
    page = spec / "Trips" / "GetTraveler.html"
    page.write_text(page.read_text("utf-8").replace("A traveler:", "A traveller:"), "utf-8")
    settle(monkeypatch)
    spec_files._KNOWN.clear()
    hashed: list[int] = []
    folder_hash = spec_files._folder_hash
    monkeypatch.setattr(spec_files, "_folder_hash", lambda *args: hashed.append(1) or folder_hash(*args))
    assert not entry.answer("generate", "quiet", spec, out)  # the console script's try, then typer's generate
    result = pipeline.generate(spec, out, fast=True)
    assert not result.fast and result.apis[0].spec_hash == _old_definition(spec) and hashed == [1]
