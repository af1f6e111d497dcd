"""The render stage's cache: each operation's and contract's view, by what decides it.

A rendering that answers from the cache gives the very files a rendering without it gives; a
change of anything a view depends on lays that view out again; a broken entry is a miss."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import SCHEMAS, SPECS
from wcfgen.cache import Cache
from wcfgen.diff import diff_apis
from wcfgen.diff.snapshot import dump_api, load_api
from wcfgen.ir import Api, DataContract, Operation
from wcfgen.models import build_models
from wcfgen.read import read_api
from wcfgen.render import _fault_classes, _fault_tables, cached, render_api
from wcfgen.render.escape import Code
from wcfgen.render.models_view import ContractView
from wcfgen.render.service import FaultTables, OperationView, operation_view
from wcfgen.render.types import Types

SPECS_BY_NAME = {"world": SPECS / "world", "showcase": SPECS / "showcase", "k2": SCHEMAS / "k2"}


@pytest.fixture
def laid_out(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """The operations and contracts whose view was laid out (not answered from the cache), by name."""
    counted: Counter[str] = Counter()
    real_operation, real_contract = cached.operation_view, ContractView.of

    def operation(types: Types, op: Operation, faults: FaultTables) -> OperationView:
        counted[op.name] += 1
        return real_operation(types, op, faults)

    def contract(contract: DataContract, types: Types) -> ContractView:
        counted[f"contract {contract.qname.name}"] += 1
        return real_contract(contract, types)

    monkeypatch.setattr(cached, "operation_view", operation)
    monkeypatch.setattr(ContractView, "of", contract)
    return counted


def _views(api: Api) -> int:
    """How many views a rendering lays out without a cache: one per operation and per contract."""
    return sum(len(s.operations) for s in api.services) + len(api.contracts)


def _api(name: str) -> Api:
    return build_models(read_api(SPECS_BY_NAME[name]))


def _cache(tmp_path: Path) -> Cache:
    return Cache(tmp_path / "cache", "test-generator")


def _with_op(api: Api, index: int, **changes: object) -> Api:
    """``api`` with its first service's operation ``index`` changed."""
    service = api.services[0]
    ops = list(service.operations)
    ops[index] = dataclasses.replace(ops[index], **changes)
    return dataclasses.replace(api, services=(dataclasses.replace(service, operations=tuple(ops)), *api.services[1:]))


@pytest.mark.parametrize("name", sorted(SPECS_BY_NAME))
def test_a_rendering_from_the_cache_is_the_rendering_without_it(
    name: str, tmp_path: Path, laid_out: Counter[str]
) -> None:
    api, cache = _api(name), _cache(tmp_path)
    clean = render_api(api)
    assert render_api(api, cache) == clean and sum(laid_out.values()) == 2 * _views(api)
    laid_out.clear()
    assert render_api(api, cache) == clean
    assert not laid_out  # every view answered from the cache


def test_an_edited_operation_alone_is_laid_out_again(tmp_path: Path, laid_out: Counter[str]) -> None:
    api, cache = _api("world"), _cache(tmp_path)
    render_api(api, cache)
    first, second = api.services[0].operations[:2]
    for changes in ({"description": "Edited.\n\nWith details."}, {"uri_template": f"{first.uri_template}/v2"}):
        edited = _with_op(api, 0, **changes)
        laid_out.clear()
        assert render_api(edited, cache) == render_api(edited)
        assert laid_out[first.name] == 2 and laid_out[second.name] == 1  # the cached rendering: the edited one only


def test_an_edited_contract_alone_is_laid_out_again(tmp_path: Path, laid_out: Counter[str]) -> None:
    api, cache = _api("world"), _cache(tmp_path)
    render_api(api, cache)
    first, *others = api.contracts
    member = dataclasses.replace(first.members[0], wire_name=f"{first.members[0].wire_name}2")
    edited = dataclasses.replace(
        api, contracts=(dataclasses.replace(first, members=(member, *first.members[1:])), *others)
    )
    laid_out.clear()
    assert render_api(edited, cache) == render_api(edited)
    assert laid_out[f"contract {first.qname.name}"] == 2
    assert all(laid_out[f"contract {c.qname.name}"] == 1 for c in others)


def test_a_renamed_class_lays_out_every_view_again(tmp_path: Path, laid_out: Counter[str]) -> None:
    api, cache = _api("world"), _cache(tmp_path)
    render_api(api, cache)
    contract = api.contracts[0]
    renamed = dataclasses.replace(
        api, contracts=(dataclasses.replace(contract, python_name="Renamed"), *api.contracts[1:])
    )
    laid_out.clear()
    assert render_api(renamed, cache) == render_api(renamed)
    assert sum(laid_out.values()) == 2 * _views(api)


@pytest.mark.parametrize("broken", [[], {"key": "not a view"}, {"key": {"name": 1}}])
def test_a_broken_entry_is_a_miss(broken: object, tmp_path: Path, laid_out: Counter[str]) -> None:
    api, cache = _api("showcase"), _cache(tmp_path)
    clean = render_api(api, cache)
    entry = cache.get(cached.VIEWS, api.name)
    assert isinstance(entry, dict) and entry
    cache.put(cached.VIEWS, api.name, broken if not isinstance(broken, dict) else dict.fromkeys(entry, broken["key"]))
    laid_out.clear()
    assert render_api(api, cache) == clean and sum(laid_out.values()) == _views(api)


def test_a_view_answered_from_the_cache_is_the_view_with_its_code_types(tmp_path: Path, laid_out: Counter[str]) -> None:
    api, cache = _api("world"), _cache(tmp_path)
    render_api(api, cache)
    laid_out.clear()
    types = Types(api)
    views = cached.Views(api, types, cache)
    service = api.services[0]
    faults = FaultTables(_fault_classes(api, types), _fault_tables(service))
    for op in service.operations:
        (again,) = views.operations([(op, faults)])
        assert again == operation_view(types, op, faults)
        assert isinstance(again.route_def, Code) and all(isinstance(line, Code) for line in again.client.plain)
    assert not laid_out


@pytest.mark.parametrize("name", sorted(SPECS_BY_NAME))
def test_a_model_recorded_as_it_is_has_no_changes(name: str) -> None:
    """generate reports no API changes, without a diff, when the recorded model is the current one:
    that shortcut holds only if the diff of such models is empty."""
    api = _api(name)
    assert diff_apis([load_api(dump_api(api))], [api]) == []
