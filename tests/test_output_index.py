"""``check``'s fast path from stat rows: the output folder's files and manifest, and wcfgen's own hash."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import SPECS, settle
from wcfgen import sources, write
from wcfgen.cache import Cache
from wcfgen.pipeline import check, generate
from wcfgen.spec_files import spec_hash
from wcfgen.write import MANIFEST_NAME, OUTPUT_INDEX, read_record, unchanged_since_record


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A spec and its output, generated, with a cache of their own."""
    monkeypatch.setenv("WCFGEN_CACHE_DIR", str(tmp_path / "cache"))
    spec, out = tmp_path / "spec", tmp_path / "out"
    shutil.copytree(SPECS / "conventions", spec)
    generate(spec, out, examples=False)
    write._READ.clear()
    return spec, out


def _remembered(tree: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Cache]:
    """The tree, settled and checked once: its files' sha256 remembered by their stat."""
    spec, out = tree
    cache = Cache()
    settle(monkeypatch)
    assert _fresh(spec, out, cache)
    return spec, out, cache


def _fresh(spec: Path, out: Path, cache: Cache) -> bool:
    return unchanged_since_record(out, [spec_hash(spec, cache)], cache) is not None


def _edit_keeping_size_and_mtime(path: Path) -> None:
    before = path.stat()
    data = path.read_bytes()
    path.write_bytes(data.replace(b"def ", b"def_", 1) if b"def " in data else data[:-1] + b"!")
    assert path.read_bytes() != data and path.stat().st_size == before.st_size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # only the ctime tells


def test_an_untouched_tree_is_answered_from_stat(
    tree: tuple[Path, Path], reads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec, out, cache = _remembered(tree, monkeypatch)  # every file hashed and remembered
    reads.clear()
    assert _fresh(spec, out, cache)
    assert not [path for path in reads if path.is_relative_to(out)]  # neither a file nor the manifest


def test_a_file_edited_with_its_mtime_set_back_is_seen(
    tree: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec, out, cache = _remembered(tree, monkeypatch)
    models = next(out.rglob("models.py"))
    _edit_keeping_size_and_mtime(models)
    settle(monkeypatch)
    assert not _fresh(spec, out, cache)
    checked = check(spec, out)
    assert not checked.fast and [(f.path, f.state) for f in checked.files] == [
        (models.relative_to(out).as_posix(), "changed")
    ]


def test_a_manifest_edited_with_its_mtime_set_back_is_read_again(
    tree: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec, out, cache = _remembered(tree, monkeypatch)
    manifest = out / MANIFEST_NAME
    before = manifest.stat()
    text = manifest.read_text()
    name = next(iter(json.loads(text)["files"]))
    manifest.write_text(text.replace(f'"{name}"', f'"{name[:-1]}X"', 1))  # another file, same size
    os.utime(manifest, ns=(before.st_atime_ns, before.st_mtime_ns))
    settle(monkeypatch)
    record = read_record(out)
    assert record is not None and f"{name[:-1]}X" in record.files
    assert not _fresh(spec, out, cache)


def test_files_written_in_the_last_seconds_are_not_remembered(tree: tuple[Path, Path], reads: list[Path]) -> None:
    spec, out = tree
    cache = Cache()
    for _ in range(2):  # just generated: every file is hashed every time
        reads.clear()
        assert _fresh(spec, out, cache)
        assert {path for path in reads if path.is_relative_to(out)} == {
            out / MANIFEST_NAME,
            *(p for p in out.rglob("*") if p.is_file()),
        }
    assert not (cache.root / OUTPUT_INDEX).exists()


def test_a_wrong_entry_is_not_served(tree: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    spec, out, cache = _remembered(tree, monkeypatch)
    (entry,) = (cache.root / OUTPUT_INDEX).iterdir()
    index = json.loads(entry.read_text())
    index["head"]["files"] = {"../outside.py": "0" * 64}  # a path outside the output folder: never read
    entry.write_text(json.dumps(index))
    assert _fresh(spec, out, cache)
    entry.write_text('{"rows": [], "head": 3}')
    assert _fresh(spec, out, cache)


def test_the_models_are_read_when_asked_for_and_only_from_the_manifest_hashed(
    tree: tuple[Path, Path], reads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec, out = tree
    cache = Cache()
    settle(monkeypatch)
    full = read_record(out)
    assert full is not None and full.models
    assert _fresh(spec, out, cache)
    reads.clear()
    record = unchanged_since_record(out, [spec_hash(spec, cache)], cache)  # from the index: not parsed
    assert record is not None and record.parsed is None and out / MANIFEST_NAME not in reads
    assert record.models == full.models and out / MANIFEST_NAME in reads
    again = unchanged_since_record(out, [spec_hash(spec, cache)], cache)
    assert again is not None
    (out / MANIFEST_NAME).write_text((out / MANIFEST_NAME).read_text() + " ")
    with pytest.raises(write.OutputError, match="changed while it was read"):
        again.models  # noqa: B018 -- the property reads the manifest


def test_the_generator_hash_is_remembered_by_the_stat_of_wcfgens_files(
    tmp_path: Path, reads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    package = Path(shutil.copytree(sources.PACKAGE, tmp_path / "wcfgen", ignore=shutil.ignore_patterns("__pycache__")))
    templates = Path(shutil.copytree(sources.templates_dir(), tmp_path / "templates"))
    monkeypatch.setattr(sources, "PACKAGE", package)
    monkeypatch.setattr(sources, "templates_dir", lambda: templates)
    monkeypatch.setenv("WCFGEN_CACHE_DIR", str(tmp_path / "cache"))
    roots = [("wcfgen", package, "*.py"), ("templates", templates, "*.jinja")]

    def definition() -> str:
        head = f"wcfgen {sources.__version__}\0" + "".join(
            f"{lib} {sources.library_version(lib)}\0" for lib in sources._LIBRARIES
        )
        return sources.hashlib.sha256(head.encode() + sources.tree_hash(roots).encode()).hexdigest()

    def computed() -> str:
        sources.generator_hash.cache_clear()
        try:
            return sources.generator_hash()
        finally:
            sources.generator_hash.cache_clear()

    assert computed() == definition()  # just copied: not remembered
    assert not (tmp_path / "cache" / sources.SOURCES).exists()
    settle(monkeypatch)
    expected = computed()
    reads.clear()
    assert computed() == expected and not [path for path in reads if path.is_relative_to(package)]
    _edit_keeping_size_and_mtime(package / "names.py")
    settle(monkeypatch)
    assert computed() == definition() != expected


def test_the_index_forgets_files_the_manifest_no_longer_lists(
    tree: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec, out, cache = _remembered(tree, monkeypatch)
    (entry,) = (cache.root / OUTPUT_INDEX).iterdir()
    index = json.loads(entry.read_text())
    assert set(index["rows"]) == {MANIFEST_NAME, *index["head"]["files"]}
    index["rows"]["gone/old.py"] = ["gone/old.py", 0, 0, 0, 0, 0, "0" * 64]
    entry.write_text(json.dumps(index))
    assert _fresh(spec, out, cache)
    assert "gone/old.py" not in json.loads(entry.read_text())["rows"]
