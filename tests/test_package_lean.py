"""The generated package stays lean at scale (issue 11): no large literal in any module, the
OpenAPI examples are package data read only when the document is built, and importing the
client leaves ``httpx`` for the first client. (``benches/bench_package.py`` measures it at N=200.)"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GENERATED, SCHEMAS
from wcfgen.pipeline import generate

LITERAL_LIMIT = 64 * 1024
BIG = 100_000  # characters of one string member in the page's examples: more than the limit
PAGE = "PBX/NewCallEvent.txt"

SERVE = """\
import json, sys

opened = []


def hook(event, args):
    if event == "open" and str(args[0]).endswith("openapi_examples.json"):
        opened.append(str(args[0]))


sys.addaudithook(hook)
import httpx
from wcfgen.mock.serve import serving
from k2.pbx import server


class Service:
    async def new_call_event(self, call_event, /):
        return call_event is not None


app = server.create_app(Service())
seen = {"import": len(opened)}
with serving(app) as base:
    body = '<CallEvent xmlns="K2.Data"><Direction>in</Direction></CallEvent>'
    answer = httpx.post(f"{base}/PBX/CallHistory/NewCallEvent", content=body, headers={"Content-Type": "application/xml"})
    seen["call"] = len(opened)
    first = httpx.get(f"{base}/openapi.json").json()
    seen["document"] = len(opened)
    again = httpx.get(f"{base}/openapi.json").json()
    docs = httpx.get(f"{base}/docs")
seen["again"] = len(opened)
operation = first["paths"]["/PBX/CallHistory/NewCallEvent"]["post"]
print(json.dumps({
    "seen": seen, "answer": answer.status_code, "same": first == again, "docs": docs.status_code,
    "request": operation["requestBody"]["content"], "response": operation["responses"]["200"]["content"],
}))
"""


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The K2 spec with one string member of its page's examples (XML and JSON) 100,000 characters long."""
    root = tmp_path_factory.mktemp("lean")
    spec = root / "spec"
    shutil.copytree(SCHEMAS, spec)
    page = spec / "k2" / PAGE
    text = page.read_text(encoding="utf-8")
    long = "x" * BIG
    text = text.replace("<Direction>Obsah řetězce</Direction>", f"<Direction>{long}</Direction>", 1)
    text = text.replace('"Direction":"Obsah řetězce"', f'"Direction":"{long}"', 1)
    assert text.count(long) == 2
    page.write_text(text, encoding="utf-8")
    generate(spec, root / "out")
    return root / "out"


def _longest_literal(path: Path) -> int:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [len(n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str | bytes)]
    return max(found, default=0)


def test_no_module_carries_a_literal_above_the_limit_the_examples_are_package_data(big: Path) -> None:
    modules = sorted(big.rglob("*.py"))
    assert modules and all(_longest_literal(path) <= LITERAL_LIMIT for path in modules)
    assert max(path.stat().st_size for path in modules) < 64 * 1024  # nothing of the examples is code
    examples = json.loads((big / "k2" / "pbx" / "openapi_examples.json").read_text(encoding="utf-8"))
    request = examples["NewCallEvent"]["request"]
    assert set(request) == {"application/xml", "application/json"}
    assert all(f"{'x' * BIG}" in example for example in request.values())
    manifest = json.loads((big / ".wcfgen-manifest.json").read_text(encoding="utf-8"))
    assert "k2/pbx/openapi_examples.json" in manifest["files"]
    from wcfgen.render.service import EXAMPLES_FILE
    from wcfgen.runtime.docs import EXAMPLES

    assert EXAMPLES_FILE == EXAMPLES  # what the generator writes is what the runtime reads


def test_the_examples_are_read_when_uvicorn_serves_the_document_not_before(big: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SERVE], cwd=big, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    # not on import, create_app or a call; once for the document; not again for the docs page
    assert result["seen"] == {"import": 0, "call": 0, "document": 1, "again": 1}
    assert (result["answer"], result["same"], result["docs"]) == (200, True, 200)
    long = "x" * BIG
    xml = result["request"]["application/xml"]
    assert xml["schema"] == {"type": "string"} and f"<Direction>{long}</Direction>" in xml["example"]
    assert result["request"]["application/json"]["schema"] == {}
    assert f'"Direction":"{long}"' in result["request"]["application/json"]["example"]
    assert result["response"] == {
        "application/xml": {
            "schema": {"type": "string"},
            "example": '<boolean xmlns="http://schemas.microsoft.com/2003/10/Serialization/">true</boolean>',
        },
        "application/json": {"schema": {}, "example": "true"},
    }


def test_importing_the_client_leaves_httpx_for_the_first_client() -> None:
    code = (
        "import sys, k2, k2.pbx, k2.models\n"
        "lazy = ('httpx', 'httpcore', 'asyncio', 'urllib.request', 'fastapi')\n"
        "print(sorted(m for m in lazy if m in sys.modules))\n"
        "k2.pbx.Client().close()\n"
        "print(sorted(m for m in lazy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=GENERATED, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[]", "['httpcore', 'httpx', 'urllib.request']"]


def test_a_stub_imported_from_memory_reads_its_examples_from_memory() -> None:
    """``wcfgen mock`` imports the rendered package from memory (wcfgen.inmemory): its finder
    serves the package data that ``importlib.resources`` asks for."""
    from wcfgen.mock import mock_app

    with mock_app(SCHEMAS) as mock:
        ((_, app),) = mock.app.mounts
        operation = app.openapi()["paths"]["/PBX/CallHistory/NewCallEvent"]["post"]
    assert operation["responses"]["200"]["content"]["application/json"] == {"schema": {}, "example": "true"}
    assert "<Direction>Obsah řetězce</Direction>" in operation["requestBody"]["content"]["application/xml"]["example"]
