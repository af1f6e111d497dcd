"""benches/scale_corpus.py at a small N: Mono exports it, today's readers read it, the output is deterministic."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from tests.conftest import ROOT
from tests.interop import mono
from wcfgen.cli import app
from wcfgen.read.html_page import read_html_page
from wcfgen.read.index_page import read_index_page

sys.path.insert(0, str(ROOT / "benches"))
import scale_contracts
import scale_corpus

pytestmark = pytest.mark.interop
N, G = 6, 2


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    try:
        mono.check_toolchain("scale corpus")
    except mono.ToolchainMissing as exc:
        mono.skip_or_fail(str(exc))
    out = tmp_path_factory.mktemp("scale")
    yield out, scale_corpus.build(out, N, G)


def test_the_contracts_use_every_member_kind() -> None:
    source = scale_contracts.csharp(scale_contracts.make_corpus(N, G))
    members = set(re.findall(r"\[DataMember(?:\(IsRequired = true\))?\] public (.+) \w+;", source))
    for kind in scale_contracts.PRIMITIVES + scale_contracts.NULLABLES + scale_contracts.PRIMITIVE_LISTS:
        assert kind in members, kind
    assert {"object", "Dictionary<string, int>"} <= members
    for pattern in (r"^List<Scale\.", r"^Scale\.Ns\d\.\w+\[\]$", r"^Dictionary<string, Scale\.", r"^Scale\.Ns\d\.Status\d+$",
                    r"^Scale\.Ns\d\.\w+\?$"):  # fmt: skip
        assert any(re.search(pattern, m) for m in members), pattern
    assert "[Flags]" in source and '[EnumMember(Value = "' in source and "[KnownType(typeof(" in source
    assert re.search(r"class Invoice2 : Scale\.Ns1\.Address1", source), "a base in another namespace"
    assert re.search(r"class Product5 : Scale\.Ns0\.Invoice2", source), "a chain of three"


def test_generation_is_deterministic(corpus: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    out, pages = corpus
    again = scale_corpus.build(tmp_path, N, G)
    assert again == pages
    for folder in ("spec", "xsd"):
        first = {p.relative_to(out): p.read_bytes() for p in sorted((out / folder).rglob("*")) if p.is_file()}
        second = {
            p.relative_to(tmp_path): p.read_bytes() for p in sorted((tmp_path / folder).rglob("*")) if p.is_file()
        }
        assert first == second
    assert scale_corpus.export(scale_contracts.make_corpus(N, G)).from_cache


def test_todays_readers_read_every_page(corpus: tuple[Path, dict[str, str]]) -> None:
    _, pages = corpus
    index = read_index_page(pages["help.html"], "help.html")
    assert sorted(e.name for e in index.entries) == sorted(name[:-5] for name in pages if name != "help.html")
    assert len(index.entries) == 2 * N
    for name, text in pages.items():
        if name != "help.html":
            page = read_html_page(text, name)
            get = name.startswith("Get")
            assert page.method == ("GET" if get else "POST")
            # GET: the contract comes back; POST: it is sent, and a long comes back
            assert [b.kind for b in page.blocks if b.kind != "schema"] == ["xml", "json"] * (1 if get else 2)
    stats = scale_corpus.stats(pages)
    assert stats["pages"] == 2 * N + 1 and stats["type_definitions"] > stats["distinct_types"] > N


def test_the_merged_xsds_locate_their_imports(corpus: tuple[Path, dict[str, str]]) -> None:
    out, _ = corpus
    files = {p.name: etree.parse(str(p)) for p in (out / "xsd").glob("*.xsd")}
    assert len(files) >= G + 2  # the contract namespaces, Serialization, its Arrays
    for tree in files.values():
        for imported in tree.getroot().iter("{http://www.w3.org/2001/XMLSchema}import"):
            assert imported.get("schemaLocation") in files


def test_wcfgen_generates_the_corpus(corpus: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    out, _ = corpus
    result = CliRunner().invoke(app, ["generate", str(out / "spec"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output


def test_wcfgen_generates_the_corpus_without_cross_namespace_bases(
    tmp_path: Path, corpus: tuple[Path, dict[str, str]]
) -> None:
    scale_corpus.build(tmp_path, N, G, cross_namespace_bases=False)
    result = CliRunner().invoke(app, ["generate", str(tmp_path / "spec"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output


def test_the_type_limit_counts_each_repeated_closure_once(
    corpus: tuple[Path, dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, pages = corpus
    stats = scale_corpus.stats(pages)
    monkeypatch.setattr("wcfgen.models.MAX_TYPES", int(stats["type_definitions"]) // 2)  # fewer than the repeats
    result = CliRunner().invoke(app, ["generate", str(out / "spec"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    monkeypatch.setattr("wcfgen.models.MAX_TYPES", int(stats["distinct_types"]) // 2)  # fewer than the types
    result = CliRunner().invoke(app, ["generate", str(out / "spec"), "-o", str(tmp_path / "refused")])
    assert result.exit_code == 2
    assert re.fullmatch(r"error: \S+/Scale/\w+\.html:\d+: schemas larger than \d+ types or 1000 members per type\n", result.stderr)
    assert not (tmp_path / "refused").exists()
