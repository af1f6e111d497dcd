"""Incremental generation is clean generation: after every edit of a sequence, ``generate`` onto
the previous output gives the same file set, byte for byte, as ``generate`` into an empty folder;
and what the per-user cache remembers (a no-op generation, answered from hashes) is never
served to another generator.

The spec is the scale corpus (benches/scale_corpus.py) at a small N: its pages repeat their
types' whole dependency closures, so an edit of one shared schema block touches every page.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from tests.interop import mono
from wcfgen import pipeline, render
from wcfgen.cache import Cache
from wcfgen.cli import app
from wcfgen.ir import Api

sys.path.insert(0, str(ROOT / "benches"))
import scale_corpus

pytestmark = pytest.mark.interop  # Mono exports the corpus (once: it is cached in $TMPDIR)
N, G = 8, 2
runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    try:
        mono.check_toolchain("scale corpus")
    except mono.ToolchainMissing as exc:
        mono.skip_or_fail(str(exc))
    out = tmp_path_factory.mktemp("incremental")
    scale_corpus.build(out, N, G)
    yield out / "spec"


def _tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def _generate(spec: Path, out: Path) -> str:
    result = runner.invoke(app, ["generate", str(spec), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return result.stdout


def _warnings(spec: Path, out: Path, cache: Path | None = None) -> list[str]:
    result = runner.invoke(app, ["generate", str(spec), "-o", str(out)], env={"WCFGEN_CACHE_DIR": str(cache)} if cache else None)
    assert result.exit_code == 0, result.output
    return [line for line in result.stderr.splitlines() if line.startswith("warning:")]


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _description(spec: Path) -> None:
    _edit(spec / "Scale/GetAccount0.html", "<p>Returns the Account0 with the given id;", "<p>Returns one Account0 by its id;")


def _operation_added(spec: Path) -> None:
    page = (spec / "Scale/GetShipment6.html").read_text(encoding="utf-8")
    (spec / "Scale/GetShipmentAgain.html").write_text(page.replace("Shipment6/{ID}", "Shipment6/again/{ID}"), encoding="utf-8")
    index = spec / "Scale/help.html"
    text = index.read_text(encoding="utf-8")
    start = text.index("<tr>", text.index("<td>sales/Shipment6/{id}</td>") - 40)
    row = text[start : text.index("</tr>", start) + len("</tr>")]
    copy = row.replace("Shipment6/{", "Shipment6/again/{").replace("operations/GetShipment6", "operations/GetShipmentAgain")
    index.write_text(text.replace(row, f"{row}\n        {copy}"), encoding="utf-8")


def _operation_removed(spec: Path) -> None:
    (spec / "Scale/CreatePayment7.html").unlink()
    index = spec / "Scale/help.html"
    text = index.read_text(encoding="utf-8")
    link = text.index('href="help/operations/CreatePayment7"')
    start, end = text.rindex("<tr>", 0, link), text.index("</tr>", link) + len("</tr>")
    index.write_text(text[:start] + text[end:], encoding="utf-8")


MEMBER = '&lt;xs:element minOccurs="0" name="Added" type="xs:int" /&gt;\n      '


def _type_changed_in_its_pages(spec: Path) -> None:
    """Shipment6 is on its own operations' pages only: they change, no other page does."""
    pages = [page for page in sorted((spec / "Scale").glob("*.html")) if 'complexType name="Shipment6"' in page.read_text()]
    assert [page.stem for page in pages] == ["CreateShipment6", "GetShipment6", "GetShipmentAgain"]
    for page in pages:
        _edit(page, '&lt;xs:complexType name="Shipment6"&gt;\n    &lt;xs:sequence&gt;\n      ',
              '&lt;xs:complexType name="Shipment6"&gt;\n    &lt;xs:sequence&gt;\n      ' + MEMBER)  # fmt: skip


def _shared_block_changed(spec: Path) -> None:
    """Account0 is in every page's closure: every page's block changes the same way."""
    for page in sorted((spec / "Scale").glob("*.html")):
        if page.name != "help.html":
            _edit(page, '&lt;xs:complexType name="Account0"&gt;\n    &lt;xs:sequence&gt;\n      ',
                  '&lt;xs:complexType name="Account0"&gt;\n    &lt;xs:sequence&gt;\n      ' + MEMBER)  # fmt: skip


def _index_path_case(spec: Path) -> None:
    """The index alone: one page's declared path (its variable's case) changes, not its page."""
    _edit(spec / "Scale/help.html", "<td>finance/Address1/{id}</td>", "<td>finance/Address1/{Id}</td>")


def _page_renamed(spec: Path) -> None:
    """A page's file name is its operation's name: the same bytes, another page."""
    (spec / "Scale/GetAddress1.html").rename(spec / "Scale/FetchAddress1.html")
    _edit(spec / "Scale/help.html", 'href="help/operations/GetAddress1"', 'href="help/operations/FetchAddress1"')


def _example_edited(spec: Path) -> None:
    """An example's value, in both formats: the page is read again, the models stage is not (examples are not its input)."""
    _edit(spec / "Scale/FetchAddress1.html", "&lt;Rate&gt;65535&lt;/Rate&gt;", "&lt;Rate&gt;7&lt;/Rate&gt;")
    _edit(spec / "Scale/FetchAddress1.html", '"Rate":65535,', '"Rate":7,')


def _example_broken(spec: Path) -> None:
    _edit(spec / "Scale/GetAccount0.html", "&lt;Code&gt;32767&lt;/Code&gt;", "&lt;Code&gt;many&lt;/Code&gt;")


def _manifest_option(spec: Path) -> None:
    _edit(spec / "wcfgen.toml", 'title = "Scale corpus"', 'title = "Scale corpus, renamed"\nopenapi = "json"')


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("description changed", _description),
    ("operation added", _operation_added),
    ("operation removed", _operation_removed),
    ("a type changed in its own pages", _type_changed_in_its_pages),
    ("a schema block shared by every page changed", _shared_block_changed),
    ("a declared path changed in the index", _index_path_case),
    ("a page renamed", _page_renamed),
    ("an example edited", _example_edited),
    ("an example that does not decode", _example_broken),
    ("manifest option changed", _manifest_option),
]
BROKEN_FROM = [what for what, _ in EDITS].index("an example that does not decode")
ALL = -1
# what each edit makes the incremental generation do again: pages read (the rest are the read
# cache's), and whether the models stage runs (or its cache answers)
AGAIN = {
    "description changed": (1, False),
    "operation added": (1, True),
    "operation removed": (0, True),
    "a type changed in its own pages": (3, True),
    "a schema block shared by every page changed": (ALL, True),
    "a declared path changed in the index": (1, False),
    "a page renamed": (1, True),
    "an example edited": (1, False),
    "an example that does not decode": (1, False),
    "manifest option changed": (0, False),
}


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many pages are read and how many times the models stage merges schemas."""
    import wcfgen.models.build
    import wcfgen.read

    done = {"pages": 0, "models": 0}

    def counted(name: str, real: Callable[..., object]) -> Callable[..., object]:
        def count(*args: object) -> object:
            done[name] += 1
            return real(*args)

        return count

    monkeypatch.setattr(wcfgen.read, "read_operation", counted("pages", wcfgen.read.read_operation))
    monkeypatch.setattr(wcfgen.models.build, "merge_schemas", counted("models", wcfgen.models.build.merge_schemas))
    return done


def test_incremental_generation_equals_clean_generation_after_every_edit(
    corpus: Path, tmp_path: Path, work: dict[str, int]
) -> None:
    spec, out = tmp_path / "spec", tmp_path / "out"
    shutil.copytree(corpus, spec)
    _generate(spec, out)
    original = _tree(out)
    assert "up to date" in _generate(spec, out)  # the no-op, answered from hashes
    assert _tree(out) == original
    for step, (what, edit) in enumerate(EDITS):
        edit(spec)
        work.update(pages=0, models=0)
        warnings = _warnings(spec, out)
        pages, models = AGAIN[what]
        pages = len(list((spec / "Scale").glob("*.html"))) - 1 if pages == ALL else pages
        assert (work["pages"], work["models"]) == (pages, int(models)), what  # the caches answer the rest
        clean = tmp_path / f"clean{step}"
        assert _warnings(spec, clean, tmp_path / f"cache{step}") == warnings, what  # the example check's cache
        broken = any("GetAccount0: the response XML example does not decode" in warning for warning in warnings)
        assert broken == (step >= BROKEN_FROM), what
        assert _tree(out) == _tree(clean), what
        assert _tree(out) != original, f"{what}: nothing changed"
        assert "up to date" in _generate(spec, out), what
        assert _tree(out) == _tree(clean), f"{what}, then a no-op"
    shutil.rmtree(spec)
    shutil.copytree(corpus, spec)  # and back to the start
    _generate(spec, out)
    assert _tree(out) == original
    assert not any("GetAccount0" in warning for warning in _warnings(spec, out))


def test_a_no_op_is_answered_from_hashes_and_says_what_the_generation_said(corpus: Path, tmp_path: Path) -> None:
    spec, out = tmp_path / "spec", tmp_path / "out"
    shutil.copytree(corpus, spec)
    first = pipeline.generate(spec, out, fast=True)
    again = pipeline.generate(spec, out, fast=True)
    assert not first.fast and again.fast and again.files.written == again.files.removed == ()
    assert again.warnings == first.warnings and [api.package for api in again.apis] == ["scale"]
    (out / "scale/models.py").write_text("# touched\n", encoding="utf-8")  # the output moved: build again
    touched = pipeline.generate(spec, out, fast=True)
    assert not touched.fast and touched.files.written == ("scale/models.py",)
    assert not pipeline.generate(spec, out).fast  # the library's generate builds unless asked


def test_what_the_cache_remembers_is_never_served_to_another_generator(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec, out = tmp_path / "spec", tmp_path / "out"
    shutil.copytree(corpus, spec)
    _generate(spec, out)
    assert pipeline.generate(spec, out, fast=True).fast
    # another wcfgen: another generator hash, and (here) another README
    monkeypatch.setattr("wcfgen.cache.generator_hash", lambda: "another-generator")
    render_api = render.render_api

    def other_render(api: Api, cache: Cache | None = None) -> dict[str, str]:
        files = render_api(api, cache)
        return {**files, "scale/README.md": files["scale/README.md"] + "\nAnother generator.\n"}

    monkeypatch.setattr(render, "render_api", other_render)
    result = pipeline.generate(spec, out, fast=True)
    assert not result.fast and "scale/README.md" in result.files.written
    assert (out / "scale/README.md").read_bytes().endswith(b"\nAnother generator.\n")
    assert pipeline.generate(spec, out, fast=True).fast  # remembered for that generator
