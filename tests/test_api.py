"""The Python API for build scripts: wcfgen.generate, check and diff_specs, imported lazily."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import wcfgen
from tests.conftest import ROOT, SCHEMAS, SPECS
from wcfgen import pipeline

EVOLUTION = SPECS / "evolution"


def test_import_wcfgen_loads_no_pipeline_and_no_library() -> None:
    script = (
        "import sys, wcfgen; "
        "print(sorted(m for m in sys.modules if m.startswith('wcfgen')), "
        "[m for m in ('xsdata', 'jinja2', 'typer', 'httpx', 'lxml') if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout == "['wcfgen', 'wcfgen.errors'] []\n"


def test_generate_then_check_return_the_pipeline_results(tmp_path: Path) -> None:
    out = tmp_path / "bindings"
    result = wcfgen.generate(str(SCHEMAS), out)  # str or PathLike
    assert isinstance(result, wcfgen.Generated) and isinstance(result, pipeline.Generated)
    assert [api.package for api in result.apis] == ["k2"] and "k2/pbx/client.py" in result.files.written
    assert wcfgen.check(SCHEMAS, out) == wcfgen.Checked(fast=True, files=[], changes=[])
    (out / "k2" / "models.py").write_text("# edited\n")
    checked = wcfgen.check(SCHEMAS, out)
    assert [(f.path, f.state) for f in checked.files] == [("k2/models.py", "changed")]
    assert wcfgen.generate(SCHEMAS, out).files.written == ("k2/models.py",)


def test_diff_specs_returns_the_changes() -> None:
    changes = wcfgen.diff_specs(EVOLUTION / "member-removed" / "old", EVOLUTION / "member-removed" / "new")
    assert all(isinstance(change, wcfgen.Change) for change in changes)
    assert sorted((c.subject, c.kind) for c in changes) == [("NewOrder.Customer", "required-member-removed"), ("Order.Total", "member-removed")]


def test_failures_are_wcfgen_errors_naming_the_file(tmp_path: Path) -> None:
    shutil.copytree(SCHEMAS, tmp_path / "schemas")
    page = tmp_path / "schemas" / "k2" / "PBX" / "NewCallEvent.txt"
    page.write_bytes(page.read_bytes().replace(b"Metoda HTTP: POST", b"Metoda HTTP: BREW"))
    with pytest.raises(wcfgen.SpecError) as spec_error:
        wcfgen.generate(tmp_path / "schemas", tmp_path / "out")
    assert (spec_error.value.file, spec_error.value.message) == (str(page), "unsupported HTTP method 'BREW'")
    assert not (tmp_path / "out").exists()
    with pytest.raises(wcfgen.OutputError, match="output folder not found"):
        wcfgen.check(SCHEMAS, tmp_path / "missing")
    (tmp_path / "file").write_text("")
    with pytest.raises(wcfgen.OutputError, match="the output folder is a file"):
        wcfgen.generate(SCHEMAS, tmp_path / "file")
    with pytest.raises(wcfgen.WcfgenError, match="spec folder not found"):
        wcfgen.diff_specs(tmp_path / "none", SCHEMAS)


def test_an_os_error_is_a_wcfgen_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(wcfgen.WcfgenError) as error:
        wcfgen.generate(SCHEMAS, tmp_path / "file" / "out")  # a file where a folder must be made
    assert isinstance(error.value.__cause__, OSError)
    assert error.value.file is not None and error.value.file.startswith(str(tmp_path / "file"))


def test_the_api_is_typed_and_documented() -> None:
    for name in ("generate", "check", "diff_specs"):
        function = getattr(wcfgen, name)
        assert function.__doc__ and function.__annotations__["return"]
    assert (ROOT / "generator" / "py.typed").is_file()
    assert set(wcfgen.__all__) >= {"generate", "check", "diff_specs", "WcfgenError", "SpecError", "OutputError"}
    with pytest.raises(AttributeError):
        wcfgen.nothing  # noqa: B018
