"""Fault declarations in the manifest (``faults``, ``api.schemas``): what they make, and the
one message naming the file and the key for each mistake."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import world_faults_spec
from wcfgen.errors import SpecError
from wcfgen.pipeline import build, load


def _spec(tmp_path: Path, manifest_tail: str = "", api_head: str = "") -> Path:
    api = world_faults_spec(tmp_path)
    text = (api / "wcfgen.toml").read_text(encoding="utf-8")
    text = text.replace('schemas = ["faults.xsd"]', api_head or 'schemas = ["faults.xsd"]')
    (api / "wcfgen.toml").write_text(text + manifest_tail, encoding="utf-8")
    return api


def test_service_faults_apply_to_every_operation_and_an_operations_win(tmp_path: Path) -> None:
    spec = _spec(tmp_path, '\n[services.World.operations.NotFound]\nfaults = { 404 = "ErrorInfo", 410 = "string" }\n')
    (api,) = load(spec)
    faults = {op.name: [(f.status, f.type_name, f.declared) for f in op.faults] for op in api.services[0].operations}
    assert faults["BadRequest"] == [
        (400, "ErrorInfo", "services.World.faults.400"),
        (404, "NotFoundInfo", "services.World.faults.404"),
    ]
    assert faults["NotFound"] == [
        (400, "ErrorInfo", "services.World.faults.400"),
        (404, "ErrorInfo", "services.World.operations.NotFound.faults.404"),
        (410, "string", "services.World.operations.NotFound.faults.410"),
    ]
    _, files = build(spec)
    client = files["world/world/client.py"].decode()
    assert '410: _client.Fault(\n        StringFault,\n        _runtime.PrimitiveCodec("string", str, nillable=True),' in client
    assert "    faults=_FAULTS_2,\n" in client  # NotFound's own table
    assert "class StringFault(ApiError):" in files["world/errors.py"].decode()


@pytest.mark.parametrize(
    ("tail", "head", "message", "file"),
    [
        ('\n[services.World.operations.NotFound]\nfaults = { 200 = "ErrorInfo" }\n', "",
         "services.World.operations.NotFound.faults: '200' is not an error status (400 to 599)", "wcfgen.toml"),
        ('\n[services.World.operations.NotFound]\nfaults = { 404 = "Not Found" }\n', "",
         "services.World.operations.NotFound.faults.404 must be a type name", "wcfgen.toml"),
        ('\n[services.World.operations.NotFound]\nfaults = { 404 = "Missing" }\n', "",
         "services.World.operations.NotFound.faults.404: the manifest's type 'Missing' is not a primitive or a type of the schemas",
         "wcfgen.toml"),
        ("", 'schemas = ["../faults.xsd"]', "api.schemas: '../faults.xsd' must be a relative path to an .xsd file", "wcfgen.toml"),
        ("", 'schemas = "faults.xsd"', "api.schemas must be a list of .xsd file names", "wcfgen.toml"),
        ("", 'schemas = ["missing.xsd"]', "the schema file the manifest lists (api.schemas) is missing", "missing.xsd"),
    ],
)  # fmt: skip
def test_mistakes_name_the_file_and_the_key(tmp_path: Path, tail: str, head: str, message: str, file: str) -> None:
    spec = _spec(tmp_path, tail, head)
    with pytest.raises(SpecError) as refused:
        build(spec)
    assert refused.value.message.startswith(message), refused.value.message
    assert refused.value.file is not None and Path(refused.value.file).name == file


def test_without_the_schema_file_the_declared_types_are_unknown(tmp_path: Path) -> None:
    spec = _spec(tmp_path, api_head="schemas = []")
    (spec / "World" / "StatusCode.txt").unlink()  # the only page with ErrorInfo's schema
    with pytest.raises(SpecError, match="services.World.faults.400: the manifest's type 'ErrorInfo' is not"):
        build(spec)


def test_a_schema_file_that_is_not_a_schema_is_refused(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    shutil.copy(spec / "World" / "BadRequest.txt", spec / "faults.xsd")
    with pytest.raises(SpecError, match="malformed XML|not an XML schema"):
        build(spec)
