"""The command line behaves as a newcomer expects: help, version, completion, verbosity, errors that say where."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tests.conftest import GENERATED, ROOT, SCHEMAS, SPECS
from wcfgen import __version__, pipeline
from wcfgen.cli import app
from wcfgen.write import MANIFEST_NAME

runner = CliRunner()
COMMANDS = ("generate", "check", "diff", "fetch", "openapi", "mock")
EVOLUTION = SPECS / "evolution"


def _wcfgen(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    """A real ``wcfgen`` process (``python -m wcfgen``), for exit codes as a shell sees them."""
    return subprocess.run(
        [sys.executable, "-m", "wcfgen", *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **env},
        timeout=60,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with a copy of the K2 spec and its committed output."""
    shutil.copytree(SCHEMAS, tmp_path / "schemas")
    shutil.copytree(GENERATED, tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__", ".*_cache"))
    return tmp_path


# --- help, version, completion


@pytest.mark.parametrize("flag", ["-h", "--help"])
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_has_help(command: str | None, flag: str) -> None:
    result = runner.invoke(app, [*([command] if command else []), flag])
    assert result.exit_code == 0, result.output
    assert f"Usage: wcfgen {command or ''}".rstrip() in result.stdout.replace("  ", " ")
    assert "<bool>" not in result.stdout  # a flag is shown as a flag


def test_help_lists_the_commands_and_global_options_and_flags_take_no_value() -> None:
    top = runner.invoke(app, ["-h"]).stdout
    for name in (*COMMANDS, "--quiet", "--verbose", "--version", "--install-completion", "--show-completion"):
        assert name in top
    assert "version" not in top.split("Commands", 1)[1]  # the old subcommand is a hidden alias
    fetch = runner.invoke(app, ["fetch", "-h"]).stdout
    assert re.search(r"--allow-other-hosts\s+Follow redirects", fetch)
    assert re.search(r"--strict\s*/\s*--no-strict|--strict\s+--no-strict", runner.invoke(app, ["generate", "-h"]).stdout)


def test_help_and_version_in_a_real_process() -> None:
    for args in (["-h"], ["check", "-h"], ["diff", "--help"]):
        done = _wcfgen(*args)
        assert (done.returncode, done.stderr) == (0, ""), args
        assert "Usage: wcfgen" in done.stdout
    assert _wcfgen("--version").stdout == f"wcfgen {__version__}\n"
    assert _wcfgen("version").stdout == f"{__version__}\n"  # kept for scripts that call it
    unknown = _wcfgen("check", "--frobnicate")
    assert unknown.returncode == 2 and "--frobnicate" in unknown.stderr


def test_shell_completion() -> None:
    script = _wcfgen("--show-completion", "bash")
    assert script.returncode == 0 and "_wcfgen_completion" in script.stdout and "_WCFGEN_COMPLETE" in script.stdout
    commands = _wcfgen(_WCFGEN_COMPLETE="complete_bash", COMP_WORDS="wcfgen ch", COMP_CWORD="1")
    assert commands.stdout.split() == ["check"]
    options = _wcfgen(_WCFGEN_COMPLETE="complete_bash", COMP_WORDS="wcfgen diff --fo", COMP_CWORD="2")
    assert options.stdout.split() == ["--format"]
    choices = _wcfgen(_WCFGEN_COMPLETE="complete_bash", COMP_WORDS="wcfgen diff --format ", COMP_CWORD="3")
    assert choices.stdout.split() == ["text", "markdown", "json"]


# --- quiet and verbose


def test_quiet_prints_nothing_on_success_and_only_errors(project: Path) -> None:
    out = project / "fresh"
    result = runner.invoke(app, ["-q", "generate", str(project / "schemas"), "-o", str(out)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert runner.invoke(app, ["--quiet", "check", str(project / "schemas"), "-o", str(out)]).output == ""
    (out / "k2" / "models.py").write_text("# edited\n")
    stale = runner.invoke(app, ["-q", "check", str(project / "schemas"), "-o", str(out)])
    assert stale.exit_code == 1 and stale.stdout == "" and stale.stderr.endswith("run 'wcfgen generate'\n")
    broken = runner.invoke(app, ["-q", "check", str(project / "nowhere"), "-o", str(out)])
    assert broken.exit_code == 2 and broken.stderr.startswith("error: ")


def test_verbose_adds_each_file_and_the_time(project: Path) -> None:
    out = project / "fresh"
    first = runner.invoke(app, ["-v", "generate", str(project / "schemas"), "-o", str(out)])
    assert first.exit_code == 0 and "  wrote   k2/models.py\n" in first.stdout
    assert re.search(r"^generate in \d+\.\d{3} s$", first.stderr, re.MULTILINE)
    again = runner.invoke(app, ["--verbose", "generate", str(project / "schemas"), "-o", str(out)])
    assert "  same    k2/models.py\n" in again.stderr
    checked = runner.invoke(app, ["-v", "check", str(project / "schemas"), "-o", str(out)])
    assert checked.exit_code == 0
    assert "  same     k2/pbx/client.py\n" in checked.stderr
    assert re.search(r"^answered from the manifest's hashes in \d+\.\d{3} s$", checked.stderr, re.MULTILINE)
    assert checked.stdout.endswith("is up to date with " + str(project / "schemas") + "\n")


def test_quiet_and_verbose_exclude_each_other() -> None:
    assert _wcfgen("-q", "-v", "check").returncode == 2
    assert _wcfgen("-q", "check", "-v").returncode == 2


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_quiet_and_verbose_also_follow_the_command_name(command: str, project: Path) -> None:
    help_text = runner.invoke(app, [command, "-h"]).stdout
    assert "--quiet" in help_text and "--verbose" in help_text
    if command == "generate":
        quiet = runner.invoke(app, ["generate", str(project / "schemas"), "-o", str(project / "fresh"), "-q"])
        assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
        verbose = runner.invoke(app, ["generate", "-v", str(project / "schemas"), "-o", str(project / "fresh")])
        assert "  same    k2/models.py\n" in verbose.stderr


# --- errors: one line, exit 2, a path a terminal can open


def test_check_a_missing_output_folder_is_one_error(project: Path) -> None:
    done = _wcfgen("check", "schemas", "-o", "no-such-folder", cwd=project)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "error: no-such-folder: output folder not found (run 'wcfgen generate' to create it)\n"


def test_generate_into_a_file_is_one_error(project: Path) -> None:
    (project / "a-file").write_text("mine\n")
    done = _wcfgen("generate", "schemas", "-o", "a-file", cwd=project)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", "error: a-file: the output folder is a file\n")
    assert (project / "a-file").read_text() == "mine\n"
    assert _wcfgen("check", "schemas", "-o", "a-file", cwd=project).stderr == "error: a-file: the output folder is a file\n"


def _break(project: Path) -> None:
    page = project / "schemas" / "k2" / "PBX" / "NewCallEvent.txt"
    page.write_bytes(page.read_bytes().replace(b"Metoda HTTP: POST", b"Metoda HTTP: BREW"))


def test_error_paths_are_relative_to_the_working_directory_inside_it(project: Path) -> None:
    _break(project)
    for cwd, spec in ((project, "schemas"), (project / "schemas", "."), (project / "schemas" / "k2", ".")):
        done = _wcfgen("generate", spec, "-o", str(project / "generated"), cwd=cwd)
        page = (project / "schemas" / "k2" / "PBX" / "NewCallEvent.txt").relative_to(cwd)
        assert (done.returncode, done.stderr) == (2, f"error: {page}: unsupported HTTP method 'BREW'\n"), cwd


def test_error_paths_are_absolute_outside_the_working_directory(project: Path) -> None:
    _break(project)
    (project / "elsewhere").mkdir()
    done = _wcfgen("check", "../schemas", "-o", "../generated", cwd=project / "elsewhere")
    page = project / "schemas" / "k2" / "PBX" / "NewCallEvent.txt"
    assert (done.returncode, done.stderr) == (2, f"error: {page}: unsupported HTTP method 'BREW'\n")


def test_diff_names_the_broken_side(project: Path, tmp_path: Path) -> None:
    _break(project)
    good = str(SCHEMAS)
    broken = str(project / "schemas")
    page = project / "schemas" / "k2" / "PBX" / "NewCallEvent.txt"
    old = runner.invoke(app, ["diff", broken, good])
    assert (old.exit_code, old.stderr) == (2, f"error: OLD: {page}: unsupported HTTP method 'BREW'\n")
    new = runner.invoke(app, ["diff", good, broken])
    assert (new.exit_code, new.stderr) == (2, f"error: NEW: {page}: unsupported HTTP method 'BREW'\n")
    missing = runner.invoke(app, ["diff", good, str(tmp_path / "none")])
    assert missing.stderr == f"error: NEW: {tmp_path / 'none'}: spec folder not found\n"


def test_diff_since_names_the_working_tree(project: Path) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "schemas"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "v1"], cwd=project, check=True)
    _break(project)
    done = _wcfgen("diff", "--since", "HEAD", cwd=project)
    assert (done.returncode, done.stderr) == (
        2,
        "error: working tree: schemas/k2/PBX/NewCallEvent.txt: unsupported HTTP method 'BREW'\n",
    )


def test_the_readme_lists_every_command_and_option() -> None:
    """The README's command table and the command line agree, option for option, both ways."""
    readme = (ROOT / "README.md").read_text()
    group = typer.main.get_command(app)
    section = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    for name in COMMANDS:
        command = group.commands[name]  # type: ignore[attr-defined]
        known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts) if opt.startswith("-")}
        rows = " ".join(line for line in section.splitlines() if line.startswith(f"| `wcfgen {name}"))
        assert set(_options(rows)) <= known, name  # what the table shows exists
        assert known <= set(_options(section)), name  # and every option is in the section
    top = {opt for param in group.params for opt in param.opts if opt.startswith("-")}
    assert top - {"--help", "-h"} <= set(_options(section))


def _options(text: str) -> list[str]:
    return re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", text)


def test_without_arguments_the_defaults_are_schemas_and_generated(project: Path) -> None:
    pipeline.generate(project / "schemas", project / "generated")  # so that its manifest names this generator
    assert (project / "generated" / MANIFEST_NAME).is_file()
    done = _wcfgen("check", cwd=project)
    assert (done.returncode, done.stdout) == (0, "generated is up to date with schemas\n")
