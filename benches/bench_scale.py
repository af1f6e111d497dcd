"""wcfgen at scale vs. ``xsdata generate`` on the same contracts (issue 11), paired and alternating.

    python benches/bench_scale.py                       # N=200 and N=400, 3 pairs per scenario
    python benches/bench_scale.py --pairs 5 --scales 200
    python benches/bench_scale.py --keep-going --strict # failures become rows; exit 1 if a target is missed

The corpus is ``scale_corpus.py``'s (C# contracts exported by Mono, rendered as WCF's help
site): wcfgen reads the pages, xsdata the merged per-namespace XSDs of the same contracts.
Every measured run is a fresh subprocess; peak RSS is that child's ``ru_maxrss``
(``os.wait4``). Each pair runs both contenders back to back, alternating who goes first;
a ratio is the median of the per-pair ratios, so a machine that drifts cancels out.

Scenarios, each against xsdata's full generation of the same N:
  full       ``wcfgen generate SPEC -o <empty folder>``
  no-op      ``wcfgen generate`` again on its own unchanged output
  one-page   one operation page's description edited, then ``wcfgen generate`` on the old output
  check      ``wcfgen check`` on an unchanged tree
  N ratio    wcfgen's full time at the largest N / at the smallest

A contender that fails stops the benchmark, or with ``--keep-going`` (or
``WCFGEN_BENCH_KEEP_GOING=1``) becomes a "failed" row. Each full generation starts from an
empty output folder and an empty cache folder of its own (``WCFGEN_CACHE_DIR``), so nothing an
earlier run remembered (the example check's results, say) answers for it; the no-op, one-page
and ``check`` runs share one cache folder (removed afterwards) and may answer from it, as they do
for a user. The no-op and ``check`` rows start once the tree has settled (:func:`settle`), as a tree
a user checks has; the one-page edit is generated at once, as a user does.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

HERE: Final = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import scale_corpus

from wcfgen.stat_index import SETTLED_SECONDS

BIN: Final = Path(sys.executable).parent
# issue 11's targets: (scenario, ratio it must not exceed)
TARGETS: Final = {"full": 1.0, "full memory": 1.0, "no-op": 0.2, "one-page": 0.2, "check": 0.1, "N ratio": 2.2}


class Failed(Exception):
    """A contender exited non-zero; the message is its last line of output."""


@dataclass
class Run:
    seconds: float
    peak_mib: float


@dataclass
class Row:
    scenario: str
    wcfgen: list[Run] = field(default_factory=list)
    xsdata: list[Run] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    failure: str | None = None
    kind: str = "time"  # "time" (vs xsdata), "memory" (peak RSS vs xsdata), "scale" (wcfgen vs itself)


# The measured command is started by a small launcher, not by this process: Linux keeps a
# process's peak RSS across fork and exec, so a child forked from the benchmark (which has
# rendered the corpus) would report the benchmark's peak as its own.
LAUNCHER: Final = """
import os, sys, time
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {time.perf_counter() - start} {usage.ru_maxrss}")
"""


def measure(cmd: Sequence[str], cwd: Path, timeout: float, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` in a fresh process: its wall time and its own peak RSS (``wait4`` in the launcher)."""
    with tempfile.NamedTemporaryFile("r", suffix=".rusage") as result, tempfile.TemporaryFile() as stderr:
        launcher = [sys.executable, "-S", "-c", LAUNCHER, result.name, shutil.which(cmd[0]) or cmd[0], *cmd[1:]]
        process = subprocess.Popen(
            launcher, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True
        )
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the launcher and the measured command
            process.wait()
            raise Failed(f"killed after {timeout:.0f} s") from None
        if process.returncode != 0:
            raise Failed(f"the launcher failed ({process.returncode})")
        code, seconds, peak_kib = result.read().split()
        stderr.seek(0)
        output = stderr.read().decode("utf-8", "replace")
    if int(code) != 0:
        lines = [line for line in output.splitlines() if line.strip()]
        raise Failed(lines[-1] if lines else f"exit status {code}")
    return Run(float(seconds), int(peak_kib) / 1024)  # Linux: KiB


@dataclass(frozen=True)
class Corpus:
    n: int
    spec: Path
    xsd: Path
    out: Path  # wcfgen's output for the incremental scenarios


class Bench:
    def __init__(self, args: argparse.Namespace, root: Path) -> None:
        self.args = args
        self.root = root
        self.rows: list[Row] = []

    def wcfgen(self, *arguments: str) -> list[str]:
        return [str(BIN / "wcfgen"), *arguments]

    def xsdata_run(self, corpus: Corpus) -> Run:
        folder = Path(tempfile.mkdtemp(dir=self.root))
        try:
            cmd = [str(BIN / "xsdata"), "generate", str(corpus.xsd), "--package", "scalemodels"]
            return measure([*cmd, "--structure-style", "single-package"], folder, self.args.timeout)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def pairs(self, row: Row, corpus: Corpus, wcfgen_run: Callable[[], Run]) -> None:
        for pair in range(self.args.pairs):
            contenders: list[tuple[str, Callable[[], Run]]] = [
                ("wcfgen", wcfgen_run),
                ("xsdata", lambda: self.xsdata_run(corpus)),
            ]
            if pair % 2:
                contenders.reverse()
            runs = {}
            for name, run in contenders:
                try:
                    runs[name] = run()
                except Failed as exc:
                    if not self.args.keep_going:
                        raise
                    row.failure = f"{name}: {exc}"
                    return
            row.wcfgen.append(runs["wcfgen"])
            row.xsdata.append(runs["xsdata"])
            row.ratios.append(runs["wcfgen"].seconds / runs["xsdata"].seconds)
            self.progress(
                f"{row.scenario} pair {pair + 1}: wcfgen {runs['wcfgen'].seconds:.2f} s, xsdata {runs['xsdata'].seconds:.2f} s"
            )

    def progress(self, text: str) -> None:
        if not self.args.quiet:
            print(f"  {text}", file=sys.stderr, flush=True)

    def full(self, corpus: Corpus) -> Row:
        row = Row(f"full, N={corpus.n}")
        self.rows.append(row)

        def run() -> Run:
            out = Path(tempfile.mkdtemp(dir=self.root))
            cold = {**os.environ, "WCFGEN_CACHE_DIR": str(out / "cache")}  # nothing remembered from another run
            try:
                return measure(
                    self.wcfgen("generate", str(corpus.spec), "-o", str(out / "out")), self.root, self.args.timeout, cold
                )
            finally:
                shutil.rmtree(out, ignore_errors=True)

        self.pairs(row, corpus, run)
        return row

    def incremental(self, corpus: Corpus) -> None:
        """no-op, one-page and check: on a tree wcfgen generated first (not measured)."""
        names = ("no-op", "one-page", "check")
        try:
            measure(self.wcfgen("generate", str(corpus.spec), "-o", str(corpus.out)), self.root, self.args.timeout)
        except Failed as exc:
            if not self.args.keep_going:
                raise
            self.rows += [
                Row(f"{name}, N={corpus.n}", failure=f"wcfgen: needs a generated tree: {exc}") for name in names
            ]
            return
        page = next(p for p in sorted((corpus.spec / scale_corpus.SERVICE).glob("Get*.html")))
        original = page.read_text(encoding="utf-8")
        edits = iter(range(10**6))

        def generate() -> Run:
            return measure(
                self.wcfgen("generate", str(corpus.spec), "-o", str(corpus.out)), self.root, self.args.timeout
            )

        def edit_and_generate() -> Run:
            marker = "</p>\n      <p xmlns="
            page.write_text(original.replace(marker, f" Edit {next(edits)}.{marker}", 1), encoding="utf-8")
            return generate()

        def check() -> Run:
            return measure(self.wcfgen("check", str(corpus.spec), "-o", str(corpus.out)), self.root, self.args.timeout)

        for name, run in zip(names, (generate, edit_and_generate, check), strict=True):
            row = Row(f"{name}, N={corpus.n}")
            self.rows.append(row)
            if name != "one-page":  # an unchanged tree, as a user leaves it: see settle()
                settle()
            self.pairs(row, corpus, run)


def settle() -> None:
    """Wait until the files just written are older than ``SETTLED_SECONDS``: wcfgen trusts a file's
    stat only then (a write within the same timestamp tick would leave it as it was), and hashes
    younger files, so a tree checked at once after its generation measures those hashes instead."""
    time.sleep(SETTLED_SECONDS + 0.1)


def _corpus(root: Path, n: int, g: int) -> Corpus:
    folder = root / f"n{n}"
    scale_corpus.build(folder, n, g)
    return Corpus(n, folder / "spec", folder / "xsd", folder / "out")


def _median(runs: list[Run], key: Callable[[Run], float]) -> float:
    return statistics.median(key(run) for run in runs)


def _seconds(run: Run) -> float:
    return run.seconds


def _peak(run: Run) -> float:
    return run.peak_mib


def report(rows: list[Row]) -> bool:
    """Print the table; True when every target is met."""
    print(f"{'scenario':<20} {'wcfgen':>10} {'baseline':>10} {'ratio':>7} {'spread':>11} {'target':>7}  note")
    met = True
    for row in rows:
        target = TARGETS[row.scenario.split(",")[0]]
        if row.failure:
            print(f"{row.scenario:<20} {'failed':>10} {'':>10} {'':>7} {'':>11} {f'≤{target:g}×':>7}  {row.failure}")
            met = False
            continue
        ratio = statistics.median(row.ratios)
        met &= ratio <= target
        if row.kind == "memory":
            ours, theirs = f"{_median(row.wcfgen, _peak):.0f} MiB", f"{_median(row.xsdata, _peak):.0f} MiB"
            note = "peak RSS of the full generation"
        else:
            ours, theirs = f"{_median(row.wcfgen, _seconds):.2f} s", f"{_median(row.xsdata, _seconds):.2f} s"
            note = (
                "wcfgen's full time, large N / small N" if row.kind == "scale" else "baseline: xsdata generate (full)"
            )
        spread = f"{min(row.ratios):.2f}–{max(row.ratios):.2f}"
        verdict = "" if ratio <= target else "MISSED: "
        print(
            f"{row.scenario:<20} {ours:>10} {theirs:>10} {ratio:>6.2f}× {spread:>11} {f'≤{target:g}×':>7}  {verdict}{note}"
        )
    return met


def _memory_rows(rows: list[Row]) -> list[Row]:
    memory = []
    for row in rows:
        if row.scenario.startswith("full,"):
            mem = Row(
                row.scenario.replace("full", "full memory"), row.wcfgen, row.xsdata, failure=row.failure, kind="memory"
            )
            mem.ratios = [w.peak_mib / x.peak_mib for w, x in zip(row.wcfgen, row.xsdata, strict=True)]
            memory.append(mem)
    return memory


def _scale_row(full_rows: list[Row], scales: Sequence[int]) -> Row:
    row = Row(f"N ratio, {scales[-1]}/{scales[0]}", kind="scale")
    small, large = full_rows[0], full_rows[-1]
    if small.failure or large.failure:
        row.failure = small.failure or large.failure
        return row
    row.wcfgen, row.xsdata = large.wcfgen, small.wcfgen  # the baseline column: wcfgen at the small N
    row.ratios = [_median(large.wcfgen, _seconds) / _median(small.wcfgen, _seconds)]
    return row


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=3, help="paired runs per scenario, at least 3 (3)")
    parser.add_argument("--scales", default="200,400", help="corpus sizes N, comma-separated (200,400)")
    parser.add_argument("-g", type=int, default=8, help="namespaces of the corpus (8)")
    parser.add_argument("--keep-going", action="store_true", default=os.environ.get("WCFGEN_BENCH_KEEP_GOING") == "1",
                        help="a failing contender becomes a 'failed' row (also WCFGEN_BENCH_KEEP_GOING=1)")  # fmt: skip
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed (or a scenario failed)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per run (1800)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    if args.pairs < 3:
        parser.error("--pairs must be at least 3")
    args.scale_list = sorted(int(n) for n in args.scales.split(","))
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    load = os.getloadavg()[0]
    root = Path(tempfile.mkdtemp(prefix="wcfgen-bench-scale-"))
    os.environ["WCFGEN_CACHE_DIR"] = str(root / "cache")  # the children's, not the user's
    bench = Bench(args, root)
    try:
        corpora = [_corpus(root, n, args.g) for n in args.scale_list]
        full_rows = [bench.full(corpus) for corpus in corpora]
        bench.incremental(corpora[0])
    except Failed as exc:
        print(f"error: {exc} (--keep-going reports it as a row)", file=sys.stderr)
        return 2
    except scale_corpus.MonoMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(root, ignore_errors=True)
    rows = bench.rows + _memory_rows(full_rows)
    if len(args.scale_list) > 1:
        rows.append(_scale_row(full_rows, args.scale_list))
    print(f"\nwcfgen vs xsdata {_version('xsdata')}, {args.pairs} pairs, {os.cpu_count()} CPUs, load {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
    met = report(rows)
    return 1 if args.strict and not met else 0


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crashing contender leaves no core file behind
    sys.exit(main())
