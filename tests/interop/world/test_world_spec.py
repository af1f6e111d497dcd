"""The World spec (tests/specs/world/, written by make_world.py from Mono) and what wcfgen makes
of it. Needs no Mono; test_generated_world.py runs the binding against Mono.

Every page generates (issue 9 items 3, 4, 5, 8: the shapes wcfgen refused before), each on its
own and all together, and the generated models say what the shapes became.
"""

from __future__ import annotations

import json
import shutil
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest

from tests.helpsite import EMPTY, Message, Operation, QName, Site, body, write_spec_folder
from tests.interop import mono
from tests.interop.world.make_world import PAGES_DIR, SPEC_DIR
from wcfgen.inmemory import imported
from wcfgen.pipeline import build, generate
from wcfgen.read.text_page import read_text_page

PAGES = sorted(PAGES_DIR.glob("*.txt"))


def _spec_with(pages: list[Path], tmp_path: Path) -> Path:
    api = tmp_path / "world"
    (api / "World").mkdir(parents=True)
    shutil.copy(SPEC_DIR / "wcfgen.toml", api / "wcfgen.toml")
    shutil.copy(SPEC_DIR / "faults.xsd", api / "faults.xsd")  # the manifest's api.schemas
    for page in pages:
        shutil.copy(page, api / "World" / page.name)
    return tmp_path


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_pages_are_text_renderings_wcfgen_can_read(page: Path) -> None:
    raw = read_text_page(page.read_text("utf-8"), str(page))

    assert raw.url.startswith("http://127.0.0.1:8080/World.svc/")
    assert raw.description
    examples = [block.kind for block in raw.blocks if block.kind != "schema"]
    assert examples == [row.format.lower() for row in raw.rows if row.has_example]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_each_page_generates_alone(page: Path, tmp_path: Path) -> None:
    apis, files = build(_spec_with([page], tmp_path))
    assert [api.name for api in apis] == ["world"] and "world/world/client.py" in files


def test_the_whole_spec_generates_the_shapes_it_was_made_for(tmp_path: Path) -> None:
    apis, files = build(_spec_with(PAGES, tmp_path))
    (api,) = apis
    assert api.warnings == ()
    contracts = {c.python_name: c for c in api.contracts}
    assert [name for name, c in contracts.items() if c.is_reference] == ["Node"]
    assert contracts["Leaf"].base == contracts["Derived"].qname and contracts["Derived"].base == contracts["Base"].qname
    with imported(files, "world") as world:
        models = import_module(f"{world.__name__}.models")
        assert models.Settings().level == models.Level.from_number(0)  # .NET's default (Level)0
        assert issubclass(models.Node, import_module(f"{world.__name__}._runtime").WcfReference)
        grid = models.Grids.__dataclass_fields__["grid"].metadata
        assert (grid["item_type"], grid["item_name"], grid["item"]["item_name"]) == ("list", "ArrayOfint", "int")


@pytest.mark.interop
def test_the_examples_wcf_itself_would_show_decode_and_agree(world_build: Any, tmp_path: Path) -> None:
    """The World site as .NET's help builder writes it (tests.helpsite, from the operations and
    schemas Mono exports): every operation's examples decode through the binding and agree under
    the example conventions, IsReference's placeholder z:Id/z:Ref ("NCNameString") included."""
    spec = json.loads(mono.run(world_build.dump_exe, "spec"))
    ser = "http://schemas.microsoft.com/2003/10/Serialization/"
    texts = [text for op in spec for d in ("request", "response") for text in op[d].get("schemas", [])]
    serialization = next(text for text in texts if f'targetNamespace="{ser}"' in text)

    def message(direction: dict[str, Any]) -> Message:
        if direction["kind"] != "body":
            return EMPTY
        # a primitive body's set is the Serialization schema (which its page does not show)
        schemas = tuple(direction["schemas"]) or (serialization,)
        return body(QName(direction["root_namespace"], direction["root_name"]), schemas)

    operations = tuple(
        Operation(op["name"], op["method"], op["template"], op["description"], message(op["request"]), message(op["response"]))
        for op in spec
    )
    write_spec_folder(tmp_path / "world", Site("http://127.0.0.1:8080/World.svc", operations), api="world", service="World")
    reference_pages = [p for p in (tmp_path / "world" / "World").glob("*.html") if "NCNameString" in p.read_text("utf-8")]
    assert len(reference_pages) == 6  # Node, Nodes, Graph: Echo and Get

    assert generate(tmp_path / "world", tmp_path / "out").warnings == ()
