"""The opt-in example tests (``[api] example_tests = true``): the generated package carries
``tests/test_examples.py``, and running it with pytest passes, for K2, Showcase, World and the
conventions spec (tests/specs/conventions, which opts in: tests/test_generated_quality.py
checks its module with ruff, black and mypy like every generated file)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SCHEMAS, SPECS
from wcfgen.errors import SpecError
from wcfgen.pipeline import build, generate

# spec, package, the tests it must run (client and server tests, each per wire format)
SPECS_WITH_TESTS = [
    (SCHEMAS / "k2", "k2", 4),
    (SPECS / "showcase", "showcase", 70),
    (SPECS / "world", "world", 111),
    (SPECS / "conventions", "trips", 8),
]


def _opted_in(spec: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "spec" / spec.name
    shutil.copytree(spec, copy)
    manifest = copy / "wcfgen.toml"
    text = manifest.read_text("utf-8")
    if "example_tests" not in text:
        manifest.write_text(text.replace("[api]\n", "[api]\nexample_tests = true\n", 1), "utf-8")
    return copy


@pytest.mark.parametrize(("spec", "package", "count"), SPECS_WITH_TESTS, ids=lambda v: getattr(v, "name", None))
def test_the_generated_example_tests_pass(spec: Path, package: str, count: int, tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate(_opted_in(spec, tmp_path), out)
    assert (out / package / "tests" / "__init__.py").is_file()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "ignore::DeprecationWarning", str(out / package / "tests")],
        capture_output=True, text=True, check=False, cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(rf"\b{count} passed\b", run.stdout), run.stdout


def test_without_the_option_there_are_no_tests_and_a_bad_value_is_refused(tmp_path: Path) -> None:
    _, files = build(SCHEMAS)
    assert not [path for path in files if "/tests/" in path]
    copy = _opted_in(SCHEMAS / "k2", tmp_path)
    manifest = copy / "wcfgen.toml"
    manifest.write_text(manifest.read_text("utf-8").replace("example_tests = true", 'example_tests = "yes"'), "utf-8")
    with pytest.raises(SpecError, match="api.example_tests must be true or false"):
        build(copy.parent)
