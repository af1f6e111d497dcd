"""A spec folder's hash, remembered by the stat of its files (``check`` and a no-op answer from it)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import SPECS
from wcfgen import spec_files
from wcfgen.cache import Cache
from wcfgen.spec_files import SPEC_HASHES, spec_hash


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SPECS / "conventions", tmp_path / "spec"))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files whose bytes are read."""
    seen: list[Path] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: seen.append(self) or read_bytes(self))
    return seen


def _settled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spec_files, "SETTLED_SECONDS", 0.0)
    time.sleep(0.05)  # past the timestamp tick of the last write


def test_a_settled_spec_is_hashed_once_and_answered_from_its_stat(
    spec: Path, tmp_path: Path, reads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path / "cache", "this-generator")
    _settled(monkeypatch)
    expected = spec_hash(spec)
    reads.clear()
    assert spec_hash(spec, cache) == expected and len([r for r in reads if r.is_relative_to(spec)]) == 5  # hashed
    reads.clear()
    assert spec_hash(spec, cache) == expected and not [r for r in reads if r.is_relative_to(spec)]


def test_an_edit_of_the_same_size_is_seen(spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(tmp_path / "cache", "this-generator")
    _settled(monkeypatch)
    before = spec_hash(spec, cache)
    page = spec / "Trips" / "GetTraveler.html"
    page.write_text(page.read_text("utf-8").replace("A traveler:", "A Traveler:"), "utf-8")
    _settled(monkeypatch)
    after = spec_hash(spec, cache)
    assert after != before and after == spec_hash(spec)


def test_files_written_in_the_last_seconds_are_hashed_every_time(spec: Path, tmp_path: Path, reads: list[Path]) -> None:
    cache = Cache(tmp_path / "cache", "this-generator")
    assert spec_hash(spec, cache) == spec_hash(spec)
    reads.clear()
    spec_hash(spec, cache)
    assert len([r for r in reads if r.is_relative_to(spec)]) == 5
    assert not (cache.root / SPEC_HASHES).exists()  # nothing remembered


def test_a_wrong_entry_is_not_served(spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(tmp_path / "cache", "this-generator")
    _settled(monkeypatch)
    expected = spec_hash(spec, cache)
    (entry,) = (cache.root / SPEC_HASHES).iterdir()
    entry.write_text('"not a hash"')
    assert spec_hash(spec, cache) == expected
