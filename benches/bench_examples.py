"""What the example check (wcfgen.example_check) adds to `wcfgen generate`, in-process.

For each spec, alternating rounds time `pipeline.build` (read, models, render, verify: what
generate did before the check) and `pipeline.check_examples` on its output (import the verified
binding from memory, decode every example, compare), and report medians and their ratio.
Writing to disk is left out of both: it is the same with or without the check.

    python benches/bench_examples.py            # K2 and Showcase, 9 rounds each
    python benches/bench_examples.py -r 21 --spec tests/specs/world
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from wcfgen.pipeline import build, check_examples

ROOT = Path(__file__).resolve().parent.parent
SPECS = [ROOT / "schemas", ROOT / "tests" / "specs" / "showcase"]


def measure(spec: Path, rounds: int) -> tuple[float, float, int]:
    """Median seconds of build and of the check, and the number of examples checked."""
    apis, files = build(spec)  # warm up: imports, template compilation
    check_examples(apis, spec, files)
    builds, checks = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        apis, files = build(spec)
        builds.append(time.perf_counter() - started)
        started = time.perf_counter()
        check_examples(apis, spec, files)
        checks.append(time.perf_counter() - started)
    examples = sum(
        (body.xml_example is not None) + (body.json_example is not None)
        for api in apis
        for service in api.services
        for op in service.operations
        for body in (op.request, op.response)
    )
    return statistics.median(builds), statistics.median(checks), examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-r", "--rounds", type=int, default=9)
    parser.add_argument("--spec", type=Path, action="append", help="a spec folder (repeatable; default K2 and Showcase)")
    args = parser.parse_args()
    print(f"{'spec':<40} {'examples':>8} {'build ms':>9} {'check ms':>9} {'check/build':>11}")
    for spec in args.spec or SPECS:
        built, checked, examples = measure(spec, args.rounds)
        print(f"{spec.name:<40} {examples:>8} {built * 1000:>9.1f} {checked * 1000:>9.1f} {checked / built:>11.2f}")


if __name__ == "__main__":
    main()
