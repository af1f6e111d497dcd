"""A real `wcfgen generate` killed (SIGKILL) at each step of its write leaves the old tree or a
committed journal; `check` tells which, and the next `generate` ends with exactly the new tree.

The generation changes four files and the manifest and removes two (K2 without request signing,
reworded); a file of the user's lives inside a generated package all along. The process stops at a
named step (``WCFGEN_TEST_PAUSE_AT``, see wcfgen.pausepoint) and is killed there.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import GENERATED, ROOT, SCHEMAS
from wcfgen.cli import app
from wcfgen.pausepoint import PAUSE_VARIABLE
from wcfgen.write import MANIFEST_NAME
from wcfgen.write.journal import JOURNAL_NAME, STAGING_NAME

runner = CliRunner()
USERS = "k2/pbx/my_impl.py"
WRITTEN = ["k2.openapi.json", "k2/README.md", "k2/pbx/client.py", "k2/pbx/server.py", MANIFEST_NAME]
REMOVED = ["k2/_runtime/k2auth.py", "k2/auth.py"]
BEFORE_COMMIT = ["staged"]
AFTER_COMMIT = ["journaled", "replaced k2/README.md", f"replaced {MANIFEST_NAME}", "removed k2/_runtime/k2auth.py"]


def _tree(root: Path) -> dict[str, bytes]:
    """The files a user sees: wcfgen's staging folder and journal left out."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and STAGING_NAME not in path.parts and path.name != JOURNAL_NAME
    }


def _new_spec(schemas: Path) -> None:
    manifest, page = schemas / "k2" / "wcfgen.toml", schemas / "k2" / "PBX" / "NewCallEvent.txt"
    manifest.write_text(manifest.read_text().replace('auth = "k2"', ""))
    page.write_text(page.read_text(encoding="utf-8").replace("New event to Call Center History", "A call centre event"))


def _project(root: Path) -> tuple[Path, Path]:
    """The bundled spec and the committed tree (with a file of the user's), the spec then changed."""
    shutil.copytree(SCHEMAS, root / "schemas")
    shutil.copytree(GENERATED, root / "generated", ignore=shutil.ignore_patterns("__pycache__", ".*_cache"))
    (root / "generated" / USERS).write_text("# mine\n")
    _new_spec(root / "schemas")
    return root / "schemas", root / "generated"


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The output folder before and after the generation, as an uninterrupted run leaves them."""
    schemas, out = _project(tmp_path_factory.mktemp("reference"))
    old = _tree(out)
    result = runner.invoke(app, ["generate", str(schemas), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert [line.split()[1] for line in result.stdout.splitlines()[1:]] == WRITTEN + REMOVED
    return old, _tree(out)


def _killed_at(step: str, schemas: Path, out: Path) -> None:
    """Run `wcfgen generate` in a process of its own until it reaches ``step``, then kill -9 it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "wcfgen", "-q", "generate", str(schemas), "-o", str(out)],
        stderr=subprocess.PIPE,
        env={**os.environ, PAUSE_VARIABLE: step},
        cwd=ROOT,
    )
    try:
        assert process.stderr is not None
        assert process.stderr.readline().decode() == f"paused at {step}\n"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    return _project(tmp_path)


@pytest.mark.parametrize("step", BEFORE_COMMIT)
def test_killed_before_the_journal_it_leaves_the_old_tree(
    project: tuple[Path, Path], trees: tuple[dict[str, bytes], dict[str, bytes]], step: str
) -> None:
    schemas, out = project
    old, new = trees
    _killed_at(step, schemas, out)
    assert _tree(out) == old and not (out / JOURNAL_NAME).exists()

    checked = runner.invoke(app, ["check", str(schemas), "-o", str(out)])  # the old tree, and the spec moved on
    assert checked.exit_code == 1
    listed = {
        tuple(line.split()) for line in checked.stdout.splitlines() if line.startswith(("  changed ", "  stale "))
    }
    assert listed == {("changed", path) for path in WRITTEN} | {("stale", path) for path in REMOVED}
    assert "interrupted" not in checked.stderr

    result = runner.invoke(app, ["generate", str(schemas), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "interrupted" not in result.stderr
    assert _tree(out) == new
    assert sorted(path.name for path in out.iterdir() if path.name.startswith(".wcfgen-")) == [MANIFEST_NAME]


@pytest.mark.parametrize("step", AFTER_COMMIT)
def test_killed_after_the_journal_check_reports_it_and_the_next_generate_finishes_it(
    project: tuple[Path, Path], trees: tuple[dict[str, bytes], dict[str, bytes]], step: str
) -> None:
    schemas, out = project
    old, new = trees
    _killed_at(step, schemas, out)
    on_disk = _tree(out)
    assert (out / JOURNAL_NAME).is_file() and on_disk[USERS] == b"# mine\n"
    pending = {path for path in old.keys() | new.keys() if on_disk.get(path) != new.get(path)}

    checked = runner.invoke(app, ["check", str(schemas), "-o", str(out)])
    assert checked.exit_code == 1
    listed = {line.split()[1] for line in checked.stdout.splitlines() if line.startswith(("  changed ", "  stale "))}
    assert listed == pending  # every file not yet as the committed generation left it, the orphans included
    assert checked.stderr.splitlines() == [
        f"a generation into {out} was interrupted halfway; 'wcfgen generate' finishes it",
        f"{out} is out of date with {schemas}: run 'wcfgen generate'",
    ]

    result = runner.invoke(app, ["generate", str(schemas), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"k2: up to date ({len(new) - 1} files) in {out}\n"  # the journal wrote them
    assert result.stderr == f"note: finished the generation into {out} that was interrupted\n"
    assert _tree(out) == new
    assert sorted(path.name for path in out.iterdir() if path.name.startswith(".wcfgen-")) == [MANIFEST_NAME]
    assert runner.invoke(app, ["check", str(schemas), "-o", str(out)]).exit_code == 0


def test_staging_folders_of_earlier_wcfgens_are_cleaned_up(project: tuple[Path, Path]) -> None:
    schemas, out = project
    (out / ".wcfgen-k3j_x9a2" / "k2").mkdir(parents=True)  # what a generation killed before the journal left
    (out / ".wcfgen-k3j_x9a2" / "k2" / "models.py").write_text("# staged\n")
    (out / ".wcfgen-notes").mkdir()  # not a name wcfgen staged in: kept
    assert runner.invoke(app, ["generate", str(schemas), "-o", str(out)]).exit_code == 0
    assert sorted(path.name for path in out.iterdir() if path.name.startswith(".wcfgen-")) == [
        MANIFEST_NAME,
        ".wcfgen-notes",
    ]


def test_a_tampered_journal_cannot_reach_outside_the_output_folder(project: tuple[Path, Path]) -> None:
    schemas, out = project
    (out / JOURNAL_NAME).write_text('{"replace": [], "remove": ["../schemas/k2/wcfgen.toml"]}\n')
    result = runner.invoke(app, ["generate", str(schemas), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {out / JOURNAL_NAME}: unreadable journal of an interrupted generation")
    assert (schemas / "k2" / "wcfgen.toml").exists()
