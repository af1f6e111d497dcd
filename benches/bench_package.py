"""The generated package at scale (issue 11): import times against xsdata's generated module, sizes.

    python benches/bench_package.py                   # N=200 corpus, 7 rounds
    python benches/bench_package.py -n 400 --rounds 9
    python benches/bench_package.py --corpus /tmp/c   # reuse a scale_corpus.py output folder
    python benches/bench_package.py --importtime      # also: where the client's import goes
    python benches/bench_package.py --strict          # exit 1 if a target is missed
    python benches/bench_package.py --corpus C --generated OUT  # an older wcfgen's output of C
    python benches/bench_package.py --corpus C --compare OLD    # this wcfgen's and OLD, paired

The corpus is ``scale_corpus.py``'s. wcfgen generates the package from its pages, xsdata
(``--structure-style single-package``) a module from its merged XSDs. Both trees are then
compiled to bytecode (``compileall``, as ``pip install`` does), so an import measures what a
user's import costs, not the compiler; ``--source`` measures imports from source instead.

Every import is timed in a fresh interpreter (``perf_counter`` around the ``import``
statement, so interpreter start-up is left out). A round runs every contender once, in an
order that is reversed every other round; a ratio is the median of the per-round ratios, so a
machine that drifts cancels out. Contenders:

  client         ``import <pkg>.<service>.client``: the models, the runtime, the typed clients
  client ready   the same, then ``Client()`` made and closed (this is when ``httpx`` loads)
  xsdata         ``import scalemodels``: xsdata's generated dataclasses
  xsdata ready   the same, plus xsdata's XML and JSON parsers and serializers
  server         ``import <pkg>.<service>.server`` (``fastapi`` included)
  server docs    the same, then ``create_app(...)`` and its OpenAPI document, examples read
  httpx, fastapi the third-party imports alone, for scale

Targets: ``client`` <= 1.2 x ``xsdata``; no Python literal above 64 KiB in the package.
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

HERE: Final = Path(__file__).resolve().parent
BIN: Final = Path(sys.executable).parent
CLIENT_TARGET: Final = 1.2
LITERAL_LIMIT: Final = 64 * 1024
# wcfgen with the hostile-spec limits lifted in the measured process, as bench_scale.py does
# (until they count distinct definitions, a corpus this size passes them otherwise)
LIFT_LIMITS: Final = (
    "import sys, wcfgen.models as m\n"
    "m.MAX_TYPES = m.MAX_MEMBERS = 10**9\n"
    "from wcfgen.cli import app\n"
    "app(sys.argv[1:], prog_name='wcfgen')\n"
)
XSDATA_READY: Final = (
    "from xsdata.formats.dataclass.parsers import JsonParser, XmlParser\n"
    "from xsdata.formats.dataclass.serializers import JsonSerializer, XmlSerializer\n"
)
TIMED: Final = "import time\n{setup}\nstarted = time.perf_counter()\n{code}\nprint(time.perf_counter() - started)\n"


@dataclass(frozen=True)
class Contender:
    name: str
    folder: Path  # the working directory: the import finds the package there
    code: str
    setup: str = ""


def run(cmd: list[str], cwd: Path, timeout: float = 1800) -> None:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        raise SystemExit(f"bench: {' '.join(cmd[:3])}… failed: {lines[-1] if lines else done.returncode}")


def timed(contender: Contender, env: dict[str, str]) -> float:
    script = TIMED.format(setup=contender.setup, code=contender.code)
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=contender.folder, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"bench: {contender.name} failed: {done.stderr.strip().splitlines()[-1]}")
    return float(done.stdout.strip().splitlines()[-1])


def longest_literal(path: Path) -> int:
    """The longest str or bytes constant of a module, in characters (implicit concatenations are one)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    sizes = [len(n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str | bytes)]
    return max(sizes, default=0)


def sizes(root: Path) -> list[tuple[str, int, int, int]]:
    """(path, bytes, longest line, longest literal) of every file of a generated tree, largest first."""
    rows = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.name.startswith("."):
            continue
        data = path.read_bytes()
        longest = max((len(line) for line in data.decode("utf-8", "replace").splitlines()), default=0)
        literal = longest_literal(path) if path.suffix == ".py" else 0
        rows.append((str(path.relative_to(root)), len(data), longest, literal))
    return sorted(rows, key=lambda row: -row[1])


def generate(corpus: Path, work: Path, given: Path | None, quiet: bool) -> tuple[Path, Path]:
    """wcfgen's package (or a copy of the ``given`` output) and xsdata's module, of ``corpus``."""
    out, xsd = work / "wcfgen", work / "xsdata"
    xsd.mkdir()
    if given is not None:
        shutil.copytree(given, out, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        if not quiet:
            print("bench: wcfgen generate …", file=sys.stderr)
        run([sys.executable, "-c", LIFT_LIMITS, "-q", "generate", str(corpus / "spec"), "-o", str(out)], work)
    if not quiet:
        print("bench: xsdata generate …", file=sys.stderr)
    cmd = [str(BIN / "xsdata"), "generate", str(corpus / "xsd"), "--package", "scalemodels"]
    run([*cmd, "--structure-style", "single-package"], xsd)
    return out, xsd


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=200, help="data contracts of the corpus (200)")
    parser.add_argument("--corpus", type=Path, help="a scale_corpus.py output folder to use (default: build one)")
    parser.add_argument("--rounds", type=int, default=7, help="rounds, at least 5 (7)")
    parser.add_argument("--source", action="store_true", help="import from source (no compiled bytecode)")
    parser.add_argument("--importtime", action="store_true", help="print the client's largest imports (-X importtime)")
    parser.add_argument("--generated", type=Path, help="measure this wcfgen output folder instead of generating one")
    parser.add_argument("--compare", type=Path, help="also import the client and server of this (older) wcfgen output")
    parser.add_argument("--keep", type=Path, help="keep the generated trees in this folder")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    if args.rounds < 5:
        parser.error("--rounds must be at least 5")
    work = Path(tempfile.mkdtemp(prefix="bench-package-"))
    try:
        corpus = args.corpus
        if corpus is None:
            corpus = work / "corpus"
            if not args.quiet:
                print(f"bench: scale corpus N={args.n} …", file=sys.stderr)
            run([sys.executable, str(HERE / "scale_corpus.py"), "-n", str(args.n), "-o", str(corpus)], work)
        out, xsd = generate(corpus, work, args.generated, args.quiet)
        return report(args, out, xsd)
    finally:
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
        shutil.rmtree(work, ignore_errors=True)


def report(args: argparse.Namespace, out: Path, xsd: Path) -> int:
    (package,) = [p.name for p in out.iterdir() if (p / "_runtime").is_dir()]
    services = sorted(p.parent.name for p in (out / package).glob("*/openapi_examples.json"))
    services = services or sorted(p.parent.name for p in (out / package).glob("*/server.py") if p.parent.name != "_runtime")
    service = f"{package}.{services[0]}"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if not args.source:
        for tree in (out, xsd):
            run([sys.executable, "-m", "compileall", "-q", str(tree)], tree)
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # measured runs write nothing
    contenders = [
        Contender("client", out, f"import {service}.client"),
        Contender("client ready", out, f"from {service}.client import Client\nClient().close()"),
        Contender("xsdata", xsd, "import scalemodels"),
        Contender("xsdata ready", xsd, f"import scalemodels\n{XSDATA_READY}"),
        Contender("server", out, f"import {service}.server"),
        Contender(
            "server docs",
            out,
            f"from {service}.server import create_app\ncreate_app(Impl()).openapi()",
            "class Impl:\n    def __getattr__(self, name): return None",
        ),
        Contender("httpx", out, "import httpx"),
        Contender("fastapi", out, "import fastapi"),
    ]
    if args.compare:
        old = out.parent / "compare"
        shutil.copytree(args.compare, old, ignore=shutil.ignore_patterns("__pycache__"))
        if not args.source:
            run([sys.executable, "-m", "compileall", "-q", str(old)], old)
        contenders.append(Contender("client (compare)", old, f"import {service}.client"))
        contenders.append(Contender("server (compare)", old, f"import {service}.server"))
    times: dict[str, list[float]] = {c.name: [] for c in contenders}
    for index in range(args.rounds):
        for contender in contenders if index % 2 == 0 else contenders[::-1]:
            times[contender.name].append(timed(contender, env))
        if not args.quiet:
            print(f"bench: round {index + 1}/{args.rounds}", file=sys.stderr)
    mode = "from source" if args.source else "bytecode compiled"
    print(f"Imports, fresh interpreter each, {args.rounds} alternating rounds ({mode}):")
    print(f"  {'contender':16} {'median s':>9} {'spread':>7}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:16} {median:9.3f} {(max(values) - min(values)) / median:7.0%}")

    def ratio(a: str, b: str) -> float:
        return statistics.median(x / y for x, y in zip(times[a], times[b], strict=True))

    client = ratio("client", "xsdata")
    verdict = "ok" if client <= CLIENT_TARGET else "MISSED"
    print(f"  client / xsdata: {client:.2f}  ({verdict}, target <= {CLIENT_TARGET})")
    print(f"  client ready / xsdata ready: {ratio('client ready', 'xsdata ready'):.2f}")
    print(f"  server / fastapi alone: {ratio('server', 'fastapi'):.2f}")
    if args.compare:
        print(f"  compared: client / xsdata {ratio('client (compare)', 'xsdata'):.2f}", end="")
        print(f", client {ratio('client', 'client (compare)'):.2f}x, server {ratio('server', 'server (compare)'):.2f}x")
    rows = sizes(out / package) + [(f"(xsdata) {path}", size, line, lit) for path, size, line, lit in sizes(xsd)]
    print("\nFiles (largest first): bytes, longest line, longest Python literal")
    for path, size, line, literal in rows[:12]:
        print(f"  {path:40} {size:>10,} {line:>8,} {literal:>8,}")
    literal = max(row[3] for row in rows if not row[0].startswith("(xsdata)"))
    print(f"  longest literal of the package: {literal:,} characters (limit {LITERAL_LIMIT:,})")
    if args.importtime:
        importtime(out, service, env)
    return 1 if args.strict and (client > CLIENT_TARGET or literal > LITERAL_LIMIT) else 0


def importtime(folder: Path, service: str, env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {service}.client"],
        cwd=folder, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    rows = []
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[0].strip().isdigit():
            rows.append((int(parts[0]), int(parts[1]), parts[2].rstrip()))
    print("\nThe client's import (-X importtime, one run): largest self times, µs")
    for own, cumulative, name in sorted(rows, reverse=True)[:12]:
        print(f"  {own:>8,} {cumulative:>9,}  {name.strip()}")


if __name__ == "__main__":
    sys.exit(main())
