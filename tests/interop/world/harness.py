"""Runtime side of the World harness (see README.md): the programs, the host, the fixtures.

    build(config)       WorldHost.exe, WorldDump.exe, WorldDumpNoRefs.exe, WorldClient.exe (cached
                        by source hash)
    WorldHost           the running WorldHost.exe: IWorld on /World.svc (XML) and /WorldJson.svc
                        (JSON) on several lanes, plus a bare port without the harness's fault handler
    fixture_cases(), fixture(name)      fixtures/index.json and the exact serializer bytes
    schema_sets(), schema_set(name)     fixtures/schemas/: what XsdDataContractExporter exports
    ECHO, SAMPLES       which IWorld operation takes / answers each fixture type

The serializer tool is dumpkit.DcsTool over WorldDump.exe serve; the pytest fixtures are in
conftest.py next to this file.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest

from tests.interop import mono
from tests.interop.dumpkit import FixtureCase, FixtureSet
from tests.interop.hostkit import JSON_CT, LANES, XML_CT, LaneHost

HERE: Final = Path(__file__).resolve().parent
KIT: Final = HERE.parent
FIXTURES: Final = HERE / "fixtures"
SCHEMAS: Final = FIXTURES / "schemas"
SCHEMA_INDEX: Final = "schemas.json"

_REFERENCES: Final = (*mono.WCF_REFERENCES, "System.Xml", "System.Xml.Linq", "System.Core")
_CONTRACT: Final = (HERE / "WorldContract.cs", HERE / "WorldCases.cs")
_DUMP: Final = (*_CONTRACT, HERE / "WorldDump.cs", KIT / "DumpKit.cs")


def programs() -> tuple[mono.Program, ...]:
    """The host is compiled against Mono's 4.5-api System.ServiceModel.Web, which declares
    WebFaultException (the runtime assembly lacks it: Faults/MonoWebFault shows the result)."""
    host_refs = tuple(mono.api_reference(r) if r == "System.ServiceModel.Web" else r for r in _REFERENCES)
    return (
        mono.Program("WorldHost", (*_CONTRACT, HERE / "WorldHost.cs", KIT / "HostKit.cs"), host_refs),
        mono.Program("WorldDump", _DUMP, _REFERENCES),
        mono.Program("WorldDumpNoRefs", _DUMP, _REFERENCES, defines=("NO_REFERENCES",)),
        mono.Program("WorldClient", (*_CONTRACT, HERE / "WorldClient.cs"), _REFERENCES),
    )


@dataclass(frozen=True)
class Build:
    host_exe: Path
    dump_exe: Path
    dump_norefs_exe: Path
    client_exe: Path
    from_cache: bool


def build(config: pytest.Config | None = None) -> Build:
    """Compile the World programs unless cached (mono.ToolchainMissing without Mono)."""
    mono.check_toolchain("World")
    programs_ = programs()
    exes, from_cache = mono.build(programs_, mono.build_dir(config, "world", mono.build_key(programs_)))
    return Build(exes["WorldHost"], exes["WorldDump"], exes["WorldDumpNoRefs"], exes["WorldClient"], from_cache)


# Fixture type -> the IWorld path segment of its Echo/<X> and Samples/<X>/{name} operations.
OPERATIONS: Final = {
    "Grids": "Grids",
    "List<List<int>>": "ListOfListOfInt",
    "int[][]": "Jagged",
    "List<string[]>": "ListOfStringArray",
    "List<List<Item>>": "ListOfListOfItem",
    "Dictionary<string,List<int>>": "ListsByKey",
    "Dictionary<string,Dictionary<string,int>>": "NestedDictionary",
    "Node": "Node",
    "List<Node>": "Nodes",
    "Graph": "Graph",
    "Base": "Base",
    "Derived": "Derived",
    "Leaf": "Leaf",
    "Holder": "Holder",
    "Level": "Level",
    "Rights": "Rights",
    "Settings": "Settings",
}


class WorldHost(LaneHost):
    """WorldHost.exe plus an httpx client for it (see hostkit.LaneHost)."""

    NAME = "World"
    XML_SERVICE = "World.svc"
    JSON_SERVICE = "WorldJson.svc"
    BARE_PORT = True

    def warm_up(self) -> None:
        """Drive every code path once (JIT), on every lane and both endpoints; then reset()."""
        grids, holder = fixture("grids"), fixture("holder")
        assert grids.xml and grids.json and holder.xml and holder.json
        calls = []
        for lane in range(LANES):
            self._lane = lane
            calls += [
                (self.post("Echo/Grids", grids.xml, XML_CT), 200),
                (self.post("Echo/Holder", holder.json, JSON_CT, answers="json"), 200),
            ]
        calls += [
            (self.get("Samples/Node/node-family"), 200),
            (self.get("Samples/Settings/settings", answers="json"), 200),
            (self.get("Faults/BadRequest"), 400),
            (self.get("Faults/NotFound/x", answers="json"), 404),
            (self.get("Faults/Unhandled"), 500),
            (self.post("Echo/Level", b"<Level/>", XML_CT), 500),  # the fault path for unreadable requests
        ]
        self.check_warm_up(calls, errors=4)


_CASES: Final = FixtureSet(FIXTURES)


def fixture_cases() -> tuple[FixtureCase, ...]:
    """All cases of fixtures/index.json (written by make_world.py), in their order."""
    return _CASES.cases


def fixture(name: str) -> FixtureCase:
    return _CASES[name]


@dataclass(frozen=True)
class SchemaSet:
    """What XsdDataContractExporter exported for some types: one schema text per target namespace."""

    name: str
    types: tuple[str, ...]
    schemas: dict[str, str]  # target namespace -> schema text, main schema first

    def schema(self, namespace: str) -> str:
        return self.schemas[namespace]


@functools.cache
def schema_sets() -> tuple[SchemaSet, ...]:
    index = json.loads((SCHEMAS / SCHEMA_INDEX).read_text("utf-8"))
    return tuple(
        SchemaSet(
            entry["set"],
            tuple(entry["types"]),
            {item["namespace"]: (SCHEMAS / item["file"]).read_text("utf-8") for item in entry["schemas"]},
        )
        for entry in index
    )


def schema_set(name: str) -> SchemaSet:
    for item in schema_sets():
        if item.name == name:
            return item
    raise KeyError(name)
