"""``[tool.wcfgen]`` in pyproject.toml: found from any folder of the project, overridden by arguments, strict about keys."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT, SCHEMAS, SPECS
from wcfgen.cli import app
from wcfgen.config import DEFAULT_OUTPUT, DEFAULT_SPEC_DIR, Settings, find_settings

runner = CliRunner()
SAMPLES = SPECS / "html" / "sample-help"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose specs live in contracts/ and whose bindings go to src/app/bindings/."""
    shutil.copytree(SCHEMAS, tmp_path / "contracts")
    (tmp_path / "src" / "app").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "app"\n\n[tool.wcfgen]\nspec-dir = "contracts"\noutput = "src/app/bindings"\n'
    )
    monkeypatch.chdir(tmp_path / "src" / "app")
    return tmp_path


def test_the_nearest_table_upwards_configures_paths_relative_to_its_file(project: Path) -> None:
    settings = find_settings()
    assert settings == Settings(project / "contracts", project / "src" / "app" / "bindings", False, project / "pyproject.toml")


def test_a_pyproject_without_the_table_is_passed_over(project: Path) -> None:
    (project / "src" / "pyproject.toml").write_text('[project]\nname = "inner"\n')
    assert find_settings().source == project / "pyproject.toml"


def test_no_table_anywhere_gives_the_defaults(tmp_path: Path) -> None:
    assert find_settings(tmp_path) == Settings(DEFAULT_SPEC_DIR, DEFAULT_OUTPUT)


def test_generate_and_check_without_arguments_use_it(project: Path) -> None:
    generated = runner.invoke(app, ["generate"])
    assert generated.exit_code == 0, generated.output
    assert generated.stdout.startswith("k2: new binding; ")
    assert generated.stdout.splitlines()[0].endswith(" unchanged in bindings")  # shown from the working directory
    assert (project / "src" / "app" / "bindings" / "k2" / "pbx" / "client.py").is_file()
    checked = runner.invoke(app, ["check"])
    assert (checked.exit_code, checked.stdout) == (0, f"bindings is up to date with {project / 'contracts'}\n")


def test_arguments_override_it(project: Path) -> None:
    result = runner.invoke(app, ["generate", "-o", "elsewhere"])
    assert result.exit_code == 0, result.output
    assert (project / "src" / "app" / "elsewhere" / "k2").is_dir() and not (project / "src" / "app" / "bindings").exists()
    assert runner.invoke(app, ["check", str(project / "contracts"), "-o", "elsewhere"]).exit_code == 0
    assert runner.invoke(app, ["check", "nowhere"]).exit_code == 2


def test_diff_since_defaults_to_the_configured_spec_folder(project: Path) -> None:
    result = runner.invoke(app, ["diff", "--since", "HEAD"])
    assert result.exit_code == 2
    assert "not a git repository" in result.stderr and str(project / "contracts") in result.stderr


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('spec_dir = "x"', "unknown key tool.wcfgen.spec_dir (known: output, spec-dir, strict)"),
        ('colour = true\nspec-dir = "x"', "unknown key tool.wcfgen.colour (known: output, spec-dir, strict)"),
        ("output = 3", "tool.wcfgen.output must be a path (a non-empty string)"),
        ('spec-dir = ""', "tool.wcfgen.spec-dir must be a path (a non-empty string)"),
        ('strict = "yes"', "tool.wcfgen.strict must be true or false"),
    ],
)
def test_a_bad_table_exits_2_with_one_line_naming_the_file_and_key(project: Path, table: str, message: str) -> None:
    (project / "pyproject.toml").write_text(f'[project]\nname = "app"\n\n[tool.wcfgen]\n{table}\n')
    for command in (["generate"], ["check"], ["check", str(project / "contracts"), "-o", "x"]):
        result = runner.invoke(app, command)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: {project / 'pyproject.toml'}: {message}\n")


def test_a_broken_pyproject_is_named(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.wcfgen\n")
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 2 and result.stderr.startswith(f"error: {project / 'pyproject.toml'}: invalid TOML")
    assert len(result.stderr.splitlines()) == 1


def _wrapped_spec(root: Path) -> Path:
    """An API whose wrapped request has no declaration: generate warns."""
    (root / "orders" / "Orders").mkdir(parents=True)
    (root / "orders" / "wcfgen.toml").write_text(
        '[api]\nname = "orders"\npackage = "orders"\n\n[services.Orders]\nbase_url = "http://localhost:8080/OrderService.svc"\n'
    )
    shutil.copy(SAMPLES / "operation-post-wrapped.html", root / "orders" / "Orders" / "CreateOrder.html")
    return root


def test_strict_makes_a_warning_an_error(project: Path) -> None:
    spec = _wrapped_spec(project / "wrapped")
    lenient = runner.invoke(app, ["generate", str(spec), "-o", "lenient"])
    assert lenient.exit_code == 0 and "warning: Orders/CreateOrder: the request body is wrapped" in lenient.stderr
    strict = runner.invoke(app, ["generate", "--strict", str(spec), "-o", "strict"])
    assert strict.exit_code == 1 and not (project / "src" / "app" / "strict").exists()  # 2 is for bad input
    assert strict.stderr == (
        "warning: Orders/CreateOrder: the request body is wrapped; it is passed as raw bytes (RawBody)\n"
        "error: 1 warning(s), and with --strict a warning is an error; nothing written\n"
    )
    (project / "pyproject.toml").write_text('[tool.wcfgen]\nstrict = true\n')
    assert runner.invoke(app, ["generate", str(spec), "-o", "strict"]).exit_code == 1
    assert runner.invoke(app, ["generate", "--no-strict", str(spec), "-o", "strict"]).exit_code == 0


def test_this_repository_declares_its_own_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    assert find_settings(ROOT / "tests" / "specs") == Settings(ROOT / "schemas", ROOT / "generated", False, ROOT / "pyproject.toml")
    monkeypatch.chdir(ROOT / "generator")
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{ROOT / 'generated'} is up to date with {ROOT / 'schemas'}\n"  # outside: absolute
