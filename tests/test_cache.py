"""wcfgen.cache and the generator hash: a private, atomic JSON cache keyed by content hashes."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from wcfgen import sources
from wcfgen.cache import Cache, cache_dir
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
