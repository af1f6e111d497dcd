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
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

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
        """Each operation's view; a large API's are made half beside this process."""

        def made(part: Sequence[tuple[Operation, FaultTables]]) -> list[tuple[str, object, OperationView]]:
            return [self._operation(op, faults) for op, faults in part]

        views = []
        for key, found, view in in_halves(made, ops, parallel=len(ops) >= FORK_OPERATIONS):
            self._used[key] = found
            views.append(view)
        return views

    def _operation(self, op: Operation, faults: FaultTables) -> tuple[str, object, OperationView]:
        declared = [[f.status, ir_json.dump(f.type), faults.classes[f.type]] for f in op.faults if f.type is not None]
        table = faults.tables[fault_key(op)] if op.faults else None
        inputs = ["operation", self._types_digest, ir_json.dump(op), declared, table]
        return self._made(OperationView, inputs, lambda: operation_view(self._types, op, faults))

    def contract(self, contract: DataContract) -> ContractView:
        inputs = ["contract", self._types_digest, ir_json.dump(contract)]
        key, found, view = self._made(ContractView, inputs, lambda: ContractView.of(contract, self._types))
        self._used[key] = found
        return view

    def _made(self, kind: type[_View], inputs: list[Any], lay_out: Callable[[], _View]) -> tuple[str, object, _View]:
        """The view's key, its JSON (for the cache) and the view, remembered or laid out."""
        key = _sha256(inputs)
        found = self._known.get(key)
        view = _load(kind, found) if found is not None else None
        if view is None:
            view = lay_out()
            found = ir_json.dump(view)
        return key, found, view

    def save(self) -> None:
        """Remember the views this rendering used (and only those: the cache does not grow with edits)."""
        if self._cache is not None and self._used != self._known:
            self._cache.put(VIEWS, self._api_name, self._used)


def _sha256(value: object) -> str:
    return hashlib.sha256(json.dumps(value).encode()).hexdigest()


def _load(kind: type[_View], data: object) -> _View | None:
    try:
        view: _View = ir_json.load(kind, data)
    except (ValueError, TypeError):  # not a view this wcfgen wrote: lay it out again
        return None
    return view
