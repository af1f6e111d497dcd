"""``[DataContract(IsReference = true)]``: object graphs, shared objects and cycles.

In XML, DataContractSerializer writes each object of such a contract once, in full, with
``z:Id="iN"`` (numbered in document order), and every later occurrence as an empty element
carrying only ``z:Ref="iN"``. Reading resolves each ``z:Ref`` to the object read before
under that id, so identity (sharing) and cycles survive a round trip. JSON cannot carry
these contracts: DataContractJsonSerializer refuses them (.NET Framework and Mono), so the
codecs refuse them too, naming the type.

Generated reference contracts derive from :class:`WcfReference`, whose ``==`` and
``repr`` are safe on graphs: ``==`` compares values and shapes, cycles included, without
recursion; ``repr`` shows each object once and stops at a bounded depth.
"""

from __future__ import annotations

import dataclasses
from contextvars import ContextVar, Token
from typing import Any

from .wire import SER

ID = f"{{{SER}}}Id"
REF = f"{{{SER}}}Ref"
Z_DECLARATION = f' xmlns:z="{SER}"'
REPR_DEPTH = 8  # nested reference objects a repr expands before it writes Name(...)

# The objects read so far by id, for the document being decoded (see Reading()).
_READ: ContextVar[dict[str, Any] | None] = ContextVar(
    "wcf_references_read", default=None
)
# The reference objects shown so far by the repr being built, and its depth.
_SHOWN: ContextVar[tuple[set[int], list[int]] | None] = ContextVar(
    "wcf_references_shown", default=None
)


class Reading:
    """One document's table of ``z:Id`` → object (``with Reading() as table``); a nested
    one shares the outer table."""

    __slots__ = ("_token",)

    def __enter__(self) -> dict[str, Any]:
        table = _READ.get()
        self._token: Token[dict[str, Any] | None] | None = None
        if table is None:
            table = {}
            self._token = _READ.set(table)
        return table

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _READ.reset(self._token)


class WcfReference:
    """Base of generated IsReference contracts (dataclasses with ``eq=False, repr=False``).

    Two graphs are equal when their values and shapes are: objects are compared member by
    member, cycles included, and sharing is not compared (a graph whose ``first`` is its
    ``second`` equals one holding two equal copies; test sharing with ``is``). Like every
    dataclass that compares by value, instances are not hashable.
    """

    def __eq__(
        self, other: object
    ) -> bool:  # and, as for any class that defines it, no hash
        if self is other:
            return True
        if type(other) is not type(self):
            return NotImplemented
        return graph_equal(self, other)

    def __repr__(self) -> str:
        state = _SHOWN.get()
        if state is None:  # the outermost repr: a fresh record of what was shown
            token = _SHOWN.set((set(), [0]))
            try:
                return repr(self)
            finally:
                _SHOWN.reset(token)
        shown, depth = state
        name = type(self).__qualname__
        if id(self) in shown or depth[0] >= REPR_DEPTH:
            return f"{name}(...)"
        shown.add(id(self))
        depth[0] += 1
        try:
            members = ", ".join(
                f"{f.name}={getattr(self, f.name)!r}"
                for f in dataclasses.fields(self)  # type: ignore[arg-type]
                if f.repr
            )
        finally:
            depth[0] -= 1
        return f"{name}({members})"


def graph_equal(left: Any, right: Any) -> bool:
    """Whether two values are equal, looking through contracts, lists and dictionaries with
    an explicit stack: a pair of objects being compared is assumed equal when met again,
    so cycles end and no graph, however deep, recurses."""
    pending = [(left, right)]
    assumed: set[tuple[int, int]] = set()
    while pending:
        a, b = pending.pop()
        if a is b:
            continue
        if dataclasses.is_dataclass(a) and not isinstance(a, type):
            if type(a) is not type(b):
                return False
            pair = (id(a), id(b))
            if pair in assumed:
                continue
            assumed.add(pair)
            pending.extend(
                (getattr(a, f.name), getattr(b, f.name))
                for f in dataclasses.fields(a)
                if f.compare
            )
        elif type(a) is list:
            if type(b) is not list or len(a) != len(b):
                return False
            pending.extend(zip(a, b, strict=True))
        elif type(a) is dict:
            if type(b) is not dict or a.keys() != b.keys():
                return False
            pending.extend((a[key], b[key]) for key in a)
        elif a != b:
            return False
    return True
