"""The World spec (tests/specs/world/, written by make_world.py from Mono) and what wcfgen makes
of it today. Needs no Mono.

REFUSED is today's state, pinned: per operation page, the one message wcfgen refuses it
with. Later codec work (README.md, "What the codecs must meet") removes rows from it; every
page not in it must generate, together, today.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.interop.world.make_world import PAGES_DIR, SPEC_DIR
from wcfgen.errors import SpecError
from wcfgen.pipeline import build
from wcfgen.read.text_page import read_text_page

PAGES = sorted(PAGES_DIR.glob("*.txt"))

CROSS_NAMESPACE_BASE = "'Derived' derives from 'Base', which is not a data contract"
IS_REFERENCE = (
    "Node.Id: only elements are supported as members (got Attribute; IsReference contracts are not supported)"
)
NESTED_MEMBER = "member 'Grid': collections of collections are not supported yet"

# operation page -> the message; the file it names is the page, except for the render stage's
# refusal, which names none (NESTED_MEMBER)
REFUSED = {
    "EchoBase": CROSS_NAMESPACE_BASE,
    "GetBase": CROSS_NAMESPACE_BASE,
    "EchoDerived": CROSS_NAMESPACE_BASE,
    "GetDerived": CROSS_NAMESPACE_BASE,
    "EchoLeaf": CROSS_NAMESPACE_BASE,
    "GetLeaf": CROSS_NAMESPACE_BASE,
    "EchoHolder": CROSS_NAMESPACE_BASE,
    "GetHolder": CROSS_NAMESPACE_BASE,
    "EchoNode": IS_REFERENCE,
    "GetNode": IS_REFERENCE,
    "EchoNodes": IS_REFERENCE,
    "GetNodes": IS_REFERENCE,
    "EchoGraph": IS_REFERENCE,
    "GetGraph": IS_REFERENCE,
    # collections of collections as bodies (ArrayOfArrayOfint, ...) generate; as members not yet
    "EchoGrids": NESTED_MEMBER,
    "GetGrids": NESTED_MEMBER,
}


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


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_wcfgen_refuses_today(name: str, tmp_path: Path) -> None:
    with pytest.raises(SpecError) as refused:
        build(_spec_with([PAGES_DIR / f"{name}.txt"], tmp_path))

    assert refused.value.message == REFUSED[name]
    where = refused.value.file
    assert (Path(where).parts[-2:] if where else None) == (
        None if REFUSED[name] == NESTED_MEMBER else ("World", f"{name}.txt")
    )


def test_every_other_page_generates_today(tmp_path: Path) -> None:
    others = [page for page in PAGES if page.stem not in REFUSED]
    assert len(others) == len(PAGES) - len(REFUSED) > 0

    apis, files = build(_spec_with(others, tmp_path))

    assert [api.name for api in apis] == ["world"] and "world/world/client.py" in files
