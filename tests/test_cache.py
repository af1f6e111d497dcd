"""wcfgen.cache and the generator hash: a private, atomic JSON cache keyed by content hashes."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from wcfgen import sources
from wcfgen.cache import KEEP_GENERATORS, Cache, cache_dir
from wcfgen.sources import templates_dir, tree_hash


def test_values_round_trip_by_namespace_key_and_generator(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "gen1")
    assert cache.get("fresh", "k") is None
    cache.put("fresh", "k", {"a": [1, "č"]})
    assert cache.get("fresh", "k") == {"a": [1, "č"]}
    assert cache.get("schemas", "k") is None  # another namespace
    assert Cache(tmp_path, "gen2").get("fresh", "k") is None  # another generator never reads it
    with pytest.raises(ValueError, match="not a cache namespace"):
        cache.get("../x", "k")


def test_folders_are_private_and_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    root = tmp_path / "deep" / "cache"
    Cache(root, "gen").put("fresh", "k", True)
    for folder in (root, root / "gen", root / "gen" / "fresh"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    (entry,) = (root / "gen" / "fresh").iterdir()
    assert entry.suffix == ".json" and entry.read_text() == "true"


def _generator(n: int) -> str:
    return f"{n:064x}"  # named as a generator hash


def test_a_new_generator_keeps_the_folders_of_the_generators_used_last_and_nothing_else_is_touched(
    tmp_path: Path,
) -> None:
    Cache(tmp_path, _generator(0)).put("fresh", "k", True)
    for n in range(1, 6):  # as earlier wcfgens left them, used in that order
        shutil.copytree(tmp_path / _generator(0), tmp_path / _generator(n))
    for n in range(6):
        os.utime(tmp_path / _generator(n), ns=(n * 10**9, n * 10**9))
    others = [tmp_path / "sources", tmp_path / "test-generator", tmp_path / "notes.txt", tmp_path / ("f" * 64)]
    Cache(tmp_path, "sources").put("fresh", "k", True)
    (tmp_path / "test-generator").mkdir()
    (tmp_path / "notes.txt").write_text("a user's file")
    (tmp_path / ("f" * 64)).write_text("a file named as a hash")

    Cache(tmp_path, _generator(2)).put("fresh", "again", True)  # a generator used again: its folder exists
    assert len(list(tmp_path.iterdir())) == 10  # nothing pruned: no generator started
    newest = Cache(tmp_path, _generator(99))
    newest.put("fresh", "k", True)
    kept = {path.name for path in tmp_path.iterdir()}
    # the new one, the one used again (its last use is now), and the two used last before
    assert kept == {_generator(99), _generator(2), _generator(5), _generator(4), *(p.name for p in others)}
    assert len(kept & {_generator(n) for n in (*range(6), 99)}) == KEEP_GENERATORS
    assert newest.get("fresh", "k") is True and Cache(tmp_path, _generator(5)).get("fresh", "k") is True


def test_a_broken_or_unwritable_cache_is_only_a_miss(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "gen")
    cache.put("fresh", "k", True)
    (entry,) = (tmp_path / "gen" / "fresh").iterdir()
    entry.write_text("{not json")
    assert cache.get("fresh", "k") is None
    blocked = tmp_path / "file"
    blocked.write_text("")
    Cache(blocked / "cache", "gen").put("fresh", "k", True)  # cannot create it: skipped silently


def test_the_cache_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WCFGEN_CACHE_DIR", str(tmp_path / "explicit"))
    assert cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv("WCFGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "wcfgen"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "wcfgen"


def test_the_generator_hash_does_not_depend_on_where_wcfgen_is_installed(tmp_path: Path) -> None:
    """A checkout (templates beside the package) and a wheel (templates inside it) hash alike."""
    checkout, wheel = tmp_path / "checkout", tmp_path / "site"
    shutil.copytree(sources.PACKAGE, checkout / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(templates_dir(), checkout / "templates")
    shutil.copytree(sources.PACKAGE, wheel / "wcfgen", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(templates_dir(), wheel / "wcfgen" / "templates")

    def hashed(package: Path, templates: Path) -> str:
        return tree_hash([("wcfgen", package, "*.py"), ("templates", templates, "*.jinja")])

    expected = hashed(checkout / "generator", checkout / "templates")
    assert hashed(wheel / "wcfgen", wheel / "wcfgen" / "templates") == expected
    (wheel / "wcfgen" / "templates" / "package" / "models.py.jinja").write_text("changed")
    assert hashed(wheel / "wcfgen", wheel / "wcfgen" / "templates") != expected
