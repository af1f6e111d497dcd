"""Look-ups over one API's types: contracts and enums by QName, subtypes, members as they travel."""

from __future__ import annotations

from .ir import Api, DataContract, EnumType, Member, QName, TypeKind, TypeRef

DATACONTRACT_PREFIX = "http://schemas.datacontract.org/2004/07/"


class TypeIndex:
    def __init__(self, api: Api) -> None:
        self.contracts: dict[QName, DataContract] = {c.qname: c for c in api.contracts}
        self.enums: dict[QName, EnumType] = {e.qname: e for e in api.enums}
        self.derived: dict[QName, list[QName]] = {c.qname: [] for c in api.contracts}  # transitively
        for contract in api.contracts:  # bases come before the contracts derived from them
            base = contract.base
            while base is not None:
                self.derived[base].append(contract.qname)
                base = self.contracts[base].base
        bodies = [b for s in api.services for op in s.operations for b in (op.request, op.response)]
        types = [m.type for c in api.contracts for m in c.members]
        types += [t for b in bodies for t in (b.type, *(p.type for p in b.parts)) if t is not None]
        self.has_any = any(mentions_any(t) for t in types)  # then any contract may travel in an `object`

    def python_name(self, qname: QName) -> str:
        found = self.contracts.get(qname) or self.enums.get(qname)
        assert found is not None
        return found.python_name

    def members(self, contract: DataContract) -> list[Member]:
        """All members on the wire, base members first."""
        chain = [contract]
        while chain[-1].base is not None:
            chain.append(self.contracts[chain[-1].base])
        return [m for c in reversed(chain) for m in c.members]

    def known_types(self, declared: QName | None) -> list[QName]:
        """What a ``"__type"``/``i:type`` may name where ``declared`` is expected (None: an ``object``)."""
        return sorted(self.contracts) if declared is None else [declared, *self.derived[declared]]

    def find_type(self, type_name: str, declared: QName | None) -> QName | None:
        """The contract a ``"__type"`` names: exactly, else by name alone when that is unambiguous,
        because help pages (not the serializer) write the CLR namespace there."""
        known = self.known_types(declared)
        exact = [q for q in known if json_type_name(q) == type_name]
        by_name = [q for q in known if q.name == type_name.partition(":")[0]]
        found = exact or by_name
        return found[0] if len(found) == 1 else None


def json_type_name(qname: QName) -> str:
    """``"__type"`` as DataContractJsonSerializer writes it: ``Name:Namespace``, the data contract prefix as ``#``."""
    namespace = qname.namespace
    if namespace.startswith(DATACONTRACT_PREFIX):
        namespace = "#" + namespace[len(DATACONTRACT_PREFIX) :]
    return f"{qname.name}:{namespace}"


def mentions_any(t: TypeRef) -> bool:
    return t.kind is TypeKind.ANY or any(mentions_any(inner) for inner in (t.item, t.key) if inner is not None)
