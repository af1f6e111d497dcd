"""Views remembered across runs: a one-page edit lays out one operation again, not all of them.

An operation's view (:class:`~.service.OperationView`) is a pure function of the operation, the
API's type names (:class:`~.types.Types`) and the names its faults get; a contract's
(:class:`~.models_view.ContractView`) of the contract and the type names. The cache
(:mod:`wcfgen.cache`: one folder per generator hash, so another wcfgen's layout is never read)
keeps each view under the sha256 of exactly those, one entry per API holding the views its last
rendering used.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TypeVar

from .. import ir_json
from ..background import in_halves
from ..cache import Cache
from ..ir import Api, DataContract, Operation
from .models_view import ContractView
from .service import FaultTables, OperationView, fault_key, operation_view
from .types import Types

VIEWS = "views"  # cache namespace: by API name, {view key: view as JSON}
_View = TypeVar("_View", OperationView, ContractView)
FORK_OPERATIONS = 64  # fewer operations are laid out here alone: a fork would cost more


class Views:
    """The views of one API's operations and contracts, answered from ``cache`` where it can."""

    def __init__(self, api: Api, types: Types, cache: Cache | None) -> None:
        self._api_name, self._types, self._cache = api.name, types, cache
        known = cache.get(VIEWS, api.name) if cache is not None else None
        self._known: dict[str, object] = known if isinstance(known, dict) else {}
        self._used: dict[str, object] = {}
        # what Types answers from: the classes' names and the enums (their values name the members)
        names = sorted([str(qname), name] for qname, name in types.classes.items())
        self._types_digest = _sha256([names, ir_json.dump(tuple(types.enums.values()))])

    def operations(self, ops: Sequence[tuple[Operation, FaultTables]]) -> list[OperationView]:
        """Each operation's view; when many are not remembered, half of those are laid out beside this process."""
        keys = [self._operation_key(op, faults) for op, faults in ops]
        views = [self._remembered(OperationView, key) for key in keys]
        todo = [(op, faults) for (op, faults), view in zip(ops, views, strict=True) if view is None]

        def lay_out(part: Sequence[tuple[Operation, FaultTables]]) -> list[tuple[OperationView, object]]:
            return [_with_json(operation_view(self._types, op, faults)) for op, faults in part]

        made = iter(in_halves(lay_out, todo, parallel=len(todo) >= FORK_OPERATIONS))
        found = []
        for key, view in zip(keys, views, strict=True):
            if view is None:
                view, dumped = next(made)
                self._used[key] = dumped
            found.append(view)
        return found

    def _operation_key(self, op: Operation, faults: FaultTables) -> str:
        declared = [[f.status, ir_json.dump(f.type), faults.classes[f.type]] for f in op.faults if f.type is not None]
        table = faults.tables[fault_key(op)] if op.faults else None
        return _sha256(["operation", self._types_digest, ir_json.dump(op), declared, table])

    def contract(self, contract: DataContract) -> ContractView:
        key = _sha256(["contract", self._types_digest, ir_json.dump(contract)])
        view = self._remembered(ContractView, key)
        if view is None:
            view, dumped = _with_json(ContractView.of(contract, self._types))
            self._used[key] = dumped
        return view

    def _remembered(self, kind: type[_View], key: str) -> _View | None:
        """The view remembered under ``key`` (then this rendering used it), or None."""
        found = self._known.get(key)
        view = _load(kind, found) if found is not None else None
        if view is not None:
            self._used[key] = found
        return view

    def save(self) -> None:
        """Remember the views this rendering used (and only those: the cache does not grow with edits)."""
        if self._cache is not None and self._used != self._known:
            self._cache.put(VIEWS, self._api_name, self._used)


def _with_json(view: _View) -> tuple[_View, object]:
    return view, ir_json.dump(view)  # as the cache keeps it


def _sha256(value: object) -> str:
    return hashlib.sha256(json.dumps(value).encode()).hexdigest()


def _load(kind: type[_View], data: object) -> _View | None:
    try:
        view: _View = ir_json.load(kind, data)
    except (ValueError, TypeError):  # not a view this wcfgen wrote: lay it out again
        return None
    return view
