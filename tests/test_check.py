"""wcfgen check and generate against the manifest: the fast path, drift reports, and tool-proof output."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.core import TyperGroup
from typer.testing import CliRunner

from tests.conftest import ROOT, SCHEMAS, SPECS
from wcfgen import pipeline
from wcfgen.cli import app
from wcfgen.console import shown
from wcfgen.write import MANIFEST_NAME

runner = CliRunner()
EVOLUTION = SPECS / "evolution"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """The K2 binding, freshly generated (so its manifest names this generator)."""
    pipeline.generate(SCHEMAS, tmp_path / "generated")
    return tmp_path / "generated"


def _check(spec: Path, out: Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", str(spec), "-o", str(out)])
    return result.exit_code, result.stdout, result.stderr


def test_an_unchanged_tree_is_answered_from_the_manifest(out: Path) -> None:
    assert pipeline.check(SCHEMAS, out) == pipeline.Checked(fast=True, files=[], changes=[])
    assert _check(SCHEMAS, out) == (0, f"{shown(out)} is up to date with {shown(SCHEMAS)}\n", "")


def test_the_fast_path_imports_neither_xsdata_nor_jinja(out: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from wcfgen import pipeline; "
        f"checked = pipeline.check(Path({str(SCHEMAS)!r}), Path({str(out)!r})); "
        "print(checked.fast, [m for m in ('typer', 'click', 'rich', 'jinja2', 'xsdata', 'lxml', 'httpx') if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout == "True []\n"


def test_a_hand_edited_file_is_caught(out: Path) -> None:
    client = out / "k2" / "pbx" / "client.py"
    client.write_text(client.read_text() + "# my tweak\n")
    checked = pipeline.check(SCHEMAS, out)
    assert (checked.fast, [(f.path, f.state) for f in checked.files], checked.changes) == (False, [("k2/pbx/client.py", "changed")], [])
    code, stdout, stderr = _check(SCHEMAS, out)
    assert code == 1
    assert stdout.startswith(
        "no API changes: the files differ from what this wcfgen makes of the same API\n"
        "\n"
        "1 generated file(s) differ:\n"
        "  changed  k2/pbx/client.py\n"
        "\n"
        "--- generated/k2/pbx/client.py (on disk)\n"
    )
    assert "\n-# my tweak\n" in stdout
    assert stderr == f"{shown(out)} is out of date with {shown(SCHEMAS)}: run 'wcfgen generate'\n"


def test_a_deleted_file_is_missing(out: Path) -> None:
    (out / "k2" / "models.py").unlink()
    code, stdout, _ = _check(SCHEMAS, out)
    assert code == 1 and "  missing  k2/models.py\n" in stdout


def test_a_users_files_in_the_output_are_ignored(out: Path) -> None:
    (out / "k2" / "my_helpers.py").write_text("x = 1\n")
    (out / "notes.md").write_text("mine\n")
    (out / "k2" / "pbx" / "__pycache__").mkdir()
    (out / "k2" / "pbx" / "__pycache__" / "client.cpython-311.pyc").write_bytes(b"\0")
    assert pipeline.check(SCHEMAS, out).fast
    assert _check(SCHEMAS, out)[0] == 0


def test_without_the_cache_check_renders_in_full_then_remembers(out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh machine (or another build of wcfgen) has no cache entry: the full check finds the
    tree in sync and records that, so the next check answers from hashes; the tree is not touched."""
    before = _tree(out)
    monkeypatch.setenv("WCFGEN_CACHE_DIR", str(tmp_path / "empty-cache"))
    assert pipeline.check(SCHEMAS, out) == pipeline.Checked(fast=False, files=[], changes=[])
    assert _check(SCHEMAS, out)[0] == 0
    assert pipeline.check(SCHEMAS, out).fast
    assert _tree(out) == before


def test_a_spec_change_prints_the_api_changes_then_the_files(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    pipeline.generate(EVOLUTION / "member-removed" / "old", out)
    code, stdout, _ = _check(EVOLUTION / "member-removed" / "new", out)
    assert code == 1
    report, files = stdout.split("\n\n", 1)
    assert report == (
        "orders: 2 API changes (client: 2 warnings; server: 1 error, 1 warning)\n"
        "  client   server\n"
        "  warning  error    NewOrder.Customer  member removed (was required, string) (in requests)\n"
        "  warning  warning  Order.Total        member removed (was optional, decimal) (in responses)"
    )
    listed = files.split("\n\n", 1)[0].splitlines()
    assert listed[0] == f"{len(listed) - 1} generated file(s) differ:"
    assert {"  changed  .wcfgen-manifest.json", "  changed  orders/models.py"} <= set(listed[1:])
    assert "\n+++ generated/orders/models.py (from spec)\n" in stdout


def test_a_manifest_without_a_model_still_checks(out: Path) -> None:
    manifest = out / MANIFEST_NAME
    recorded = json.loads(manifest.read_text())
    del recorded["models"]  # as wcfgen 0.1.0 wrote it before models were recorded
    manifest.write_text(json.dumps(recorded, indent=2) + "\n")
    code, stdout, _ = _check(SCHEMAS, out)
    assert code == 1
    assert stdout.startswith("API changes unknown: the manifest records no model (an older wcfgen wrote it)\n\n")
    assert "  changed  .wcfgen-manifest.json\n" in stdout


def test_an_empty_output_reports_the_api_as_added(tmp_path: Path) -> None:
    (tmp_path / "nothing").mkdir()
    code, stdout, _ = _check(SCHEMAS, tmp_path / "nothing")
    assert code == 1
    assert stdout.startswith("k2: 1 API change (client: compatible; server: compatible)\n")


def test_generate_prints_what_changed_in_one_line(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    first = runner.invoke(app, ["generate", str(EVOLUTION / "member-added" / "old"), "-o", str(out)])
    assert first.stdout.splitlines()[0].startswith("orders: new binding; ")
    second = runner.invoke(app, ["generate", str(EVOLUTION / "member-added" / "new"), "-o", str(out)])
    line = second.stdout.splitlines()[0]
    assert line.startswith("orders: 3 API changes (client: 1 error; server: 1 error); ")
    assert line.endswith(f" unchanged in {out}")
    again = runner.invoke(app, ["generate", str(EVOLUTION / "member-added" / "new"), "-o", str(out)])
    assert again.stdout.startswith("orders: up to date (")


# --- the output does not depend on the tools installed


FAKE_TOOL = """#!/bin/sh
# stands in for a formatter: it records the call and rewrites every file it is given
echo "$0 $*" >> "{log}"
for arg in "$@"; do [ -f "$arg" ] && echo "# reformatted" >> "$arg"; done
echo "{name} 0.0.1"
"""


def _hostile_environment(root: Path) -> dict[str, str]:
    """PATH and PYTHONPATH with a ruff, black and xsdata that would change any file they touch."""
    bin_dir, site = root / "bin", root / "site"
    bin_dir.mkdir()
    for name in ("ruff", "black", "xsdata"):
        tool = bin_dir / name
        tool.write_text(FAKE_TOOL.format(log=root / "calls.log", name=name))
        tool.chmod(0o755)
    for name in ("ruff", "black"):  # xsdata is a library wcfgen uses in-process; only its command is faked
        (site / name).mkdir(parents=True)
        (site / name / "__init__.py").write_text(f"raise ImportError('{name} must not be imported')\n")
        (site / name / "__main__.py").write_text("raise SystemExit('must not run')\n")
    return {"PATH": f"{bin_dir}:/usr/bin:/bin", "PYTHONPATH": str(site)}


@pytest.mark.parametrize("spec", [SCHEMAS, SPECS / "shapes"])
def test_output_is_the_same_with_other_formatters_or_none(tmp_path: Path, spec: Path) -> None:
    bare = {"PATH": "/usr/bin:/bin"}
    assert shutil.which("ruff", path=bare["PATH"]) is None and shutil.which("black", path=bare["PATH"]) is None
    hostile = _hostile_environment(tmp_path)
    trees = []
    for name, env in (("bare", bare), ("hostile", hostile)):
        out = tmp_path / name
        command = [sys.executable, "-m", "wcfgen", "generate", str(spec), "-o", str(out)]
        env = {**env, "PYTHONHASHSEED": "0", "WCFGEN_CACHE_DIR": str(tmp_path / "cache")}
        subprocess.run(command, check=True, capture_output=True, env=env, cwd=ROOT)
        trees.append(_tree(out))
    assert trees[0] == trees[1]
    for out in ("bare", "hostile"):  # each checks the other's output, in the other environment
        command = [sys.executable, "-m", "wcfgen", "check", str(spec), "-o", str(tmp_path / out)]
        env = {**(hostile if out == "bare" else bare), "WCFGEN_CACHE_DIR": str(tmp_path / "cache")}
        subprocess.run(command, check=True, capture_output=True, env=env, cwd=ROOT)
    assert not (tmp_path / "calls.log").exists()


# --- the ready-made CI jobs and the pre-commit hook


CI_FILES = [ROOT / "docs" / "ci" / "wcfgen-check.yml", ROOT / "docs" / "ci" / "wcfgen-update.yml", ROOT / ".pre-commit-hooks.yaml"]


def _wcfgen_commands(path: Path) -> list[list[str]]:
    """Every wcfgen command line of a file, as arguments (shell redirections cut off)."""
    commands = []
    for line in path.read_text().splitlines():
        match = re.fullmatch(r"\s*(?:(?:- )?(?:run|entry): )?wcfgen ([^>|#]+).*", line)
        if match:
            commands.append(shlex.split(match.group(1)))
    return commands


@pytest.mark.parametrize("path", CI_FILES, ids=lambda p: p.name)
def test_the_ci_recipes_call_wcfgen_as_it_parses(path: Path) -> None:
    commands = _wcfgen_commands(path)
    assert commands
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    for args in commands:
        name, *rest = args
        group.commands[name].make_context(name, rest)  # raises on an unknown option or a bad value


def test_the_ci_recipes_are_well_formed() -> None:
    import yaml  # the dev extra has it: this test must run, not skip
    check, update, hooks = (yaml.safe_load(path.read_text()) for path in CI_FILES)
    for workflow in (check, update):
        assert workflow[True] is not None  # "on:" (YAML 1.1 reads the key as true)
        for job in workflow["jobs"].values():
            assert job["runs-on"] == "ubuntu-latest"
            assert all(re.fullmatch(r"[\w./-]+@v\d+", step["uses"]) for step in job["steps"] if "uses" in step)
    assert set(check[True]) == {"pull_request", "push"} and "schedule" in update[True]
    assert [step["run"] for step in check["jobs"]["check"]["steps"] if "run" in step][-1] == "wcfgen check schemas -o generated"
    (hook,) = hooks
    assert hook | {"description": ""} == {
        "id": "wcfgen-check", "name": "wcfgen check", "description": "", "entry": "wcfgen check",
        "language": "python", "pass_filenames": False, "files": "^(schemas|generated)/",
    }  # fmt: skip
