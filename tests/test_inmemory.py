"""Importing a rendered package from memory: verified files only, under a private name, gone afterwards."""

from __future__ import annotations

import json
import sys
from importlib import import_module

from tests.conftest import SCHEMAS
from wcfgen.inmemory import imported
from wcfgen.pipeline import build
from wcfgen.read import read_api


def _loaded(root: str) -> list[str]:
    return [name for name in sys.modules if name == root or name.startswith(root + ".")]


def test_the_k2_binding_decodes_its_pages_examples_from_memory() -> None:
    _, files = build(SCHEMAS)
    request = read_api(SCHEMAS / "k2").services[0].operations[0].request
    assert request.xml_example is not None and request.json_example is not None
    with imported(files, "k2") as k2:
        codec = import_module(f"{k2.__name__}.pbx.client")._NEW_CALL_EVENT_REQUEST
        from_xml = codec.decode(request.xml_example.encode(), "xml")
        from_json = codec.decode(request.json_example.encode(), "json")
        root = k2.__name__.partition(".")[0]
        assert _loaded(root)
    assert type(from_xml).__name__ == "CallEvent" and from_xml == from_json
    assert from_xml.unique_id == 1.26743233e15 and from_xml.direction == "Obsah řetězce"
    assert not _loaded(root)


def test_a_package_named_like_an_installed_module_does_not_shadow_it() -> None:
    files = {"json/__init__.py": b"VALUE = 1\n", "json/sub.py": b"from . import VALUE\nDOUBLE = VALUE * 2\n"}
    with imported(files, "json") as package:
        assert import_module(f"{package.__name__}.sub").DOUBLE == 2
        assert package.__name__.startswith("_wcfgen_")
    assert sys.modules["json"] is json and json.dumps(1) == "1"
