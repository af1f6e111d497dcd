"""A scale corpus the way the world makes one: C# contracts, exported by Mono, rendered as WCF's help site.

    python benches/scale_corpus.py -o /tmp/scale                 # n=200 contracts in g=8 namespaces
    python benches/scale_corpus.py -n 400 -o /tmp/scale400 --stats

Writes ``OUT/spec/`` (``wcfgen.toml``, ``Scale/help.html`` and ``Scale/<Operation>.html``: a spec
folder ``wcfgen generate`` reads) and ``OUT/xsd/*.xsd`` (every contract exported into one
schema set, one file per namespace, imports pointing at the files: what xsdata gets).

1. :mod:`scale_contracts` writes the C# source (deterministic in n, g, seed);
2. ``mcs`` compiles it with ``ScaleDump.cs``, and ``mono ScaleDump.exe`` exports, per
   operation, what WCF's help page would show (XsdDataContractExporter's schema set of the
   body type and its known types). Both are cached under ``$TMPDIR/wcfgen-scale-corpus/<hash>``,
   keyed by the compiler version and the sources, so a repeated run never starts Mono;
3. :mod:`tests.helpsite` renders the pages as WCF's HelpHtmlBuilder does.

Every page carries its body type's whole dependency closure, as WCF's pages do.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

HERE: Final = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from scale_contracts import Corpus, csharp, make_corpus

from tests.helpsite import (
    EMPTY,
    KnownType,
    Message,
    Operation,
    QName,
    Site,
    body,
    write_spec_folder,
)
from tests.interop import mono

DUMP_SOURCES: Final = (HERE / "ScaleDump.cs", HERE.parent / "tests" / "interop" / "DumpKit.cs")
REFERENCES: Final = (*mono.WCF_REFERENCES, "System", "System.Core", "System.Xml", "System.Xml.Linq")
SERVICE: Final = "Scale"
BASE_URL: Final = "http://scale.example/Scale.svc"
CACHE: Final = Path(tempfile.gettempdir()) / "wcfgen-scale-corpus"
TIMEOUT_S: Final = 600.0
XS: Final = "http://www.w3.org/2001/XMLSchema"
MonoMissing = mono.ToolchainMissing


@dataclass(frozen=True)
class Built:
    corpus: Corpus
    dump: dict[str, Any]  # ScaleDump.exe's answer
    from_cache: bool


def export(corpus: Corpus) -> Built:
    """Compile and run the exporter for this corpus, or take its answer from the cache.

    The cache folder is keyed by the compiler version and every source (tests/interop/mono.py).
    """
    mono.check_toolchain("scale corpus")
    source = csharp(corpus)
    sources = CACHE / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    contracts = sources / f"Contracts-{hashlib.sha256(source.encode()).hexdigest()[:20]}.cs"
    if not contracts.is_file():
        partial = contracts.with_name(f"{contracts.name}.{os.getpid()}.tmp")
        partial.write_text(source, encoding="utf-8")
        os.replace(partial, contracts)
    program = mono.Program("ScaleDump", (contracts, *DUMP_SOURCES), REFERENCES)
    folder = CACHE / mono.build_key([program])
    answer = folder / "dump.json"
    if answer.is_file():
        return Built(corpus, json.loads(answer.read_text(encoding="utf-8")), True)
    exes, _ = mono.build([program], folder)
    output = mono.run(exes["ScaleDump"], "Scale.IScaleService", timeout=TIMEOUT_S)
    partial = answer.with_name(f"dump.{os.getpid()}.tmp")
    partial.write_bytes(output)
    os.replace(partial, answer)  # atomic: a parallel run never reads half an answer
    return Built(corpus, json.loads(output), False)


def _message(entry: dict[str, Any]) -> Message:
    if entry["kind"] != "body":
        return EMPTY if entry["kind"] == "empty" else Message(entry["kind"])
    known = tuple(KnownType(QName(ns, name), clr_name, clr_ns) for ns, name, clr_name, clr_ns in entry["known_types"])
    return body(QName(entry["root_namespace"], entry["root_name"]), tuple(entry["schemas"]), known)


def site(built: Built) -> Site:
    operations = tuple(
        Operation(
            op["name"],
            op["method"],
            op["template"],
            op["description"],
            _message(op["request"]),
            _message(op["response"]),
        )
        for op in built.dump["operations"]
    )
    return Site(BASE_URL, operations, javascript_callback="callback", time_zone=mono.TIME_ZONE)


def _schema_files(schemas: Sequence[str]) -> dict[str, str]:
    """The merged set, one file per namespace (the XMLSchema stub left out), imports located."""
    named: dict[str, str] = {}
    for text in schemas:
        namespace = re.search(r'targetNamespace="([^"]*)"', text)
        if namespace is None or namespace.group(1) == XS:
            continue
        tail = re.sub(r"[^A-Za-z0-9]+", "_", namespace.group(1).split("//", 1)[-1]).strip("_")
        named[namespace.group(1)] = f"{tail}.xsd"
    files = {}
    for text in schemas:
        match = re.search(r'targetNamespace="([^"]*)"', text)
        if match is None or match.group(1) not in named:
            continue
        located = re.sub(
            r'<xs:import namespace="([^"]*)" />',
            lambda m: (
                f'<xs:import namespace="{m.group(1)}" schemaLocation="{named[m.group(1)]}" />'
                if m.group(1) in named
                else m.group(0)
            ),
            text,
        )
        files[named[match.group(1)]] = '<?xml version="1.0" encoding="utf-8"?>\n' + located + "\n"
    return files


def write(built: Built, out: Path) -> dict[str, str]:
    """``out/spec`` (wcfgen's input) and ``out/xsd`` (xsdata's); returns the pages by file name."""
    for folder in (out / "spec", out / "xsd"):
        if folder.exists():
            shutil.rmtree(folder)
    pages = write_spec_folder(out / "spec", site(built), api="scale", service=SERVICE, title="Scale corpus")
    (out / "xsd").mkdir(parents=True)
    for name, text in _schema_files(built.dump["schemas"]).items():
        (out / "xsd" / name).write_text(text, encoding="utf-8")
    return pages


def build(out: Path, n: int = 200, g: int = 8, seed: int = 1, cross_namespace_bases: bool = True) -> dict[str, str]:
    """The whole corpus into ``out``; returns its pages."""
    return write(export(make_corpus(n, g, seed, cross_namespace_bases)), out)


_TYPE_DEFINITION = re.compile(r'&lt;xs:(?:complexType|simpleType) name="([^"]+)"')
_TARGET = re.compile(r'targetNamespace="([^"]*)"')


def stats(pages: dict[str, str]) -> dict[str, float]:
    """Pages, megabytes, type definitions (named, over every schema block of every page), distinct types."""
    definitions, distinct = 0, set[tuple[str, str]]()
    for text in pages.values():
        for block in text.split('-schema">')[1:]:
            schema = block.split("</pre>", 1)[0]
            target = _TARGET.search(schema)
            names = _TYPE_DEFINITION.findall(schema)
            definitions += len(names)
            distinct.update((target.group(1) if target else "", name) for name in names)
    size = sum(len(text.encode("utf-8")) for text in pages.values())
    return {
        "pages": len(pages),
        "megabytes": size / 1e6,
        "type_definitions": definitions,
        "distinct_types": len(distinct),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "-n", type=int, default=200, help="data contracts (200); the service has 2 operations per contract"
    )
    parser.add_argument("-g", type=int, default=8, help="namespaces (8)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument("-o", "--out", type=Path, required=True, help="output folder (its spec/ and xsd/ are replaced)")
    parser.add_argument(
        "--same-namespace-bases",
        action="store_true",
        help="no base type in another namespace than its derived type (today's wcfgen refuses those: issue 9)",
    )
    parser.add_argument("--stats", action="store_true", help="print the corpus's size")
    args = parser.parse_args(argv)
    try:
        pages = build(args.out, args.n, args.g, args.seed, not args.same_namespace_bases)
    except MonoMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.stats:
        print(", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in stats(pages).items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
