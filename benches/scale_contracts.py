"""The C# side of the scale corpus: N data contracts in G namespaces and a service with 2N operations.

Deterministic: the same (n, g, seed) gives the same source, byte for byte. Every member kind
wcfgen speaks appears (primitives incl. decimal, DateTime, DateTimeOffset, TimeSpan, Guid,
char, byte[] and Uri; nullable value types; enums with implicit, explicit and EnumMember
values and a [Flags] enum; lists and arrays of primitives and of contracts; dictionaries;
references to contracts of other namespaces; ``object`` members with known types) and
inheritance chains, across namespaces too. Contracts refer only to earlier ones, so the
closure of each grows slowly, as a real API's does; about one in eight bases lists a
derived type as known (polymorphic examples), and every ``object`` member's class lists one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Final

PRIMITIVES: Final = (
    "string", "bool", "byte", "sbyte", "short", "ushort", "int", "uint", "long", "ulong", "float", "double",
    "decimal", "DateTime", "DateTimeOffset", "TimeSpan", "Guid", "char", "byte[]", "Uri",
)  # fmt: skip
NULLABLES: Final = ("int?", "long?", "double?", "decimal?", "bool?", "DateTime?", "Guid?", "TimeSpan?")
PRIMITIVE_LISTS: Final = ("List<string>", "int[]", "List<Guid>", "List<decimal>", "string[]", "List<DateTime>")
DICTIONARIES: Final = ("Dictionary<string, int>", "Dictionary<string, string>")
# kinds that need another contract or an enum: resolved when the member is made
REFERENCING: Final = ("contract", "list-of-contract", "array-of-contract", "dictionary-of-contract", "object")
ENUM_KINDS: Final = ("enum", "nullable-enum", "flags")
ALL_KINDS: Final = PRIMITIVES + NULLABLES + PRIMITIVE_LISTS + DICTIONARIES + REFERENCING + ENUM_KINDS

NOUNS: Final = (
    "Account", "Address", "Invoice", "Order", "Customer", "Product", "Shipment", "Payment", "Ledger", "Contact",
    "Warehouse", "Supplier", "Contract", "Employee", "Project", "Ticket", "Asset", "Budget", "Campaign", "Report",
)  # fmt: skip
GROUPS: Final = ("sales", "finance", "stock", "crm", "hr", "projects", "assets", "service", "billing", "logistics")
WORDS: Final = (
    "Amount", "Code", "Created", "Total", "Label", "Note", "Limit", "Count", "Rate", "Flag", "Due", "Owner",
    "Region", "Score", "Stamp", "Title", "Value", "Weight", "Window", "Key",
)  # fmt: skip


@dataclass
class Enum:
    name: str
    namespace: int
    kind: (
        str  # "plain" (0, 1, 2…), "numbered" (from 1: JSON examples still show 0), "named" (EnumMember values), "flags"
    )
    members: list[str]


@dataclass
class Member:
    name: str
    type: str  # the C# type, fully qualified where it names a contract or an enum
    required: bool = False


@dataclass
class Contract:
    index: int
    name: str
    namespace: int
    base: int | None = None
    members: list[Member] = field(default_factory=list)
    known: list[int] = field(default_factory=list)  # [KnownType]s


@dataclass(frozen=True)
class Corpus:
    n: int
    g: int
    seed: int
    contracts: tuple[Contract, ...]
    enums: tuple[Enum, ...]
    service_known: tuple[int, ...] = ()  # [ServiceKnownType]s of the service: on every page, with their closures

    def clr_namespace(self, namespace: int) -> str:
        return f"Scale.Ns{namespace}"

    def full_name(self, contract: Contract) -> str:
        return f"{self.clr_namespace(contract.namespace)}.{contract.name}"


def data_contract_namespace(namespace: int) -> str | None:
    """Namespace 0 keeps the default (http://schemas.datacontract.org/2004/07/Scale.Ns0), the others are URIs."""
    return None if namespace == 0 else f"http://schemas.example.com/scale/ns{namespace}"


LEVELS: Final = 3  # contract i is on level i % 3 and refers to contracts of lower levels only


def make_corpus(n: int = 200, g: int = 8, seed: int = 1, cross_namespace_bases: bool = True) -> Corpus:
    """``cross_namespace_bases=False`` keeps every base in its derived type's namespace (wcfgen issue 9, item 8)."""
    if n < 6 or g < 1:
        raise ValueError("a corpus needs at least 6 contracts and 1 namespace")
    rng = random.Random(seed)
    enums = tuple(_enum(i, i % g, rng) for i in range(max(4, n // 8)))
    contracts = [Contract(i, f"{NOUNS[i % len(NOUNS)]}{i}", i % g) for i in range(n)]
    for contract in contracts[1:]:
        forced = {2: 1, 5: 2}.get(contract.index) if cross_namespace_bases else None  # 1 <- 2 <- 5, across namespaces
        if forced is not None or rng.random() < 0.3:
            base = (
                contracts[forced]
                if forced is not None
                else _earlier(contracts, contract, rng, True, cross_namespace_bases)
            )
            if base is None:
                continue
            contract.base = base.index
            # A base lists a derived type of its own level: its closure then never leads back to the base,
            # so examples (which show the first derived type in its place) stay finite.
            if forced == 1 or (base.index % LEVELS == contract.index % LEVELS and rng.random() < 0.6):
                base.known.append(contract.index)
    # Every kind at least once, spread over the first contracts that can have it; then random members.
    pending = list(ALL_KINDS)
    for contract in contracts:
        inherited = _member_names(contracts, contract.base)
        count = rng.randint(5, 10)
        leaf = contract.index % LEVELS == 0
        kinds = [k for k in pending if not (leaf and k in REFERENCING)][:count]
        pending = [k for k in pending if k not in kinds]
        kinds += [rng.choice(ALL_KINDS) for _ in range(count - len(kinds))]
        for kind in kinds:
            other = _earlier(contracts, contract, rng) if kind in REFERENCING else None
            if kind in REFERENCING and other is None:
                kind = rng.choice(PRIMITIVES)
            _add_member(contract, kind, other, inherited, enums, rng)
    service_known = tuple(sorted(rng.sample([c.index for c in contracts if c.index % LEVELS < 2], k=min(10, n // 3))))
    return Corpus(n, g, seed, tuple(contracts), enums, service_known)


def _enum(index: int, namespace: int, rng: random.Random) -> Enum:
    kind = ("plain", "numbered", "named", "flags")[index % 4]
    words = rng.sample(("Active", "Closed", "Draft", "Pending", "Archived", "Blocked", "Open", "Paid"), 4)
    return Enum(f"{('Status', 'Level', 'Stage', 'Rights')[index % 4]}{index}", namespace, kind, words)


def _member_names(contracts: list[Contract], index: int | None) -> set[str]:
    """Names a derived contract must not reuse: the schema's content model would be ambiguous."""
    names: set[str] = set()
    while index is not None:
        names.update(m.name for m in contracts[index].members)
        index = contracts[index].base
    return names


def _earlier(
    contracts: list[Contract], contract: Contract, rng: random.Random, base: bool = False, other_namespaces: bool = True
) -> Contract | None:
    """A contract before this one, mostly a near one, on a lower level (on the same or a lower one for a base)."""
    level = contract.index % LEVELS
    candidates = [
        c
        for c in contracts[: contract.index]
        if c.index % LEVELS < level + base and (other_namespaces or c.namespace == contract.namespace)
    ]
    if not candidates:
        return None
    return candidates[max(0, len(candidates) - 1 - int(rng.expovariate(1 / 5)))]


def _add_member(
    contract: Contract,
    kind: str,
    other: Contract | None,
    inherited: set[str],
    enums: tuple[Enum, ...],
    rng: random.Random,
) -> None:
    taken = inherited | {m.name for m in contract.members}
    name = next(
        f"{w}{s}" for s in ("", *range(2, 100)) for w in rng.sample(WORDS, len(WORDS)) if f"{w}{s}" not in taken
    )
    if kind in ENUM_KINDS:
        enum = rng.choice([e for e in enums if (e.kind == "flags") == (kind == "flags")])
        type_ = f"Scale.Ns{enum.namespace}.{enum.name}" + ("?" if kind == "nullable-enum" else "")
    elif other is not None:
        other_name = f"Scale.Ns{other.namespace}.{other.name}"
        type_ = {
            "contract": other_name,
            "list-of-contract": f"List<{other_name}>",
            "array-of-contract": f"{other_name}[]",
            "dictionary-of-contract": f"Dictionary<string, {other_name}>",
            "object": "object",
        }[kind]
        if kind == "object":
            contract.known.append(other.index)
    else:
        type_ = kind
    contract.members.append(Member(name, type_, required=rng.random() < 0.05))


# -- C# -----------------------------------------------------------------------------------------


def csharp(corpus: Corpus) -> str:
    """The contracts and ``Scale.IScaleService``, one C# file."""
    lines = [
        f"// Scale corpus: n={corpus.n}, g={corpus.g}, seed={corpus.seed} (benches/scale_contracts.py; do not edit).",
        "using System;",
        "using System.Collections.Generic;",
        "using System.ComponentModel;",
        "using System.Runtime.Serialization;",
        "using System.ServiceModel;",
        "using System.ServiceModel.Web;",
    ]
    for namespace in range(corpus.g):
        lines += ["", f"namespace {corpus.clr_namespace(namespace)}", "{"]
        for enum in corpus.enums:
            if enum.namespace == namespace:
                lines += _enum_source(enum)
        for contract in corpus.contracts:
            if contract.namespace == namespace:
                lines += _contract_source(corpus, contract)
        lines.append("}")
    lines += ["", "namespace Scale", "{", '    [ServiceContract(Namespace = "http://schemas.example.com/scale")]']
    lines += [f"    [ServiceKnownType(typeof({corpus.full_name(corpus.contracts[k])}))]" for k in corpus.service_known]
    lines += ["    public interface IScaleService", "    {"]
    for contract in corpus.contracts:
        lines += _operations_source(corpus, contract)
    lines += ["    }", "}", ""]
    return "\n".join(lines)


def _contract_attribute(namespace: int) -> str:
    uri = data_contract_namespace(namespace)
    return f'[DataContract(Namespace = "{uri}")]' if uri else "[DataContract]"


def _enum_source(enum: Enum) -> list[str]:
    lines = []
    if enum.kind == "flags":
        lines.append("    [Flags]")
    if enum.kind != "plain":  # a plain enum is a data contract by default, in its CLR namespace
        lines.append(f"    {_contract_attribute(enum.namespace)}")
    lines.append(f"    public enum {enum.name}")
    lines.append("    {")
    for i, member in enumerate(enum.members):
        value = {"plain": "", "numbered": f" = {i + 1}", "named": f" = {i}", "flags": f" = {1 << i >> 1}"}[enum.kind]
        attribute = ""
        if enum.kind == "named":
            attribute = f'[EnumMember(Value = "{member.lower()}-{i}")] ' if i % 2 == 0 else "[EnumMember] "
        elif enum.kind != "plain":
            attribute = "[EnumMember] "
        name = "None" if enum.kind == "flags" and i == 0 else member
        lines.append(f"        {attribute}{name}{value},")
    lines.append("    }")
    return lines


def _contract_source(corpus: Corpus, contract: Contract) -> list[str]:
    lines = [f"    {_contract_attribute(contract.namespace)}"]
    lines += [
        f"    [KnownType(typeof({corpus.full_name(corpus.contracts[k])}))]" for k in dict.fromkeys(contract.known)
    ]
    base = f" : {corpus.full_name(corpus.contracts[contract.base])}" if contract.base is not None else ""
    lines.append(f"    public class {contract.name}{base}")
    lines.append("    {")
    for member in contract.members:
        attribute = "[DataMember(IsRequired = true)]" if member.required else "[DataMember]"
        lines.append(f"        {attribute} public {member.type} {member.name};")
    lines.append("    }")
    return lines


def template(corpus: Corpus, contract: Contract) -> str:
    return f"{GROUPS[contract.namespace % len(GROUPS)]}/{contract.name}"


def _operations_source(corpus: Corpus, contract: Contract) -> list[str]:
    path, name = template(corpus, contract), corpus.full_name(contract)
    lines = [
        "        [OperationContract]",
        f'        [WebGet(UriTemplate = "{path}/{{id}}?filter={{filter}}&top={{top}}")]',
        f'        [Description("Returns the {contract.name} with the given id; filter and top narrow its lists.")]',
        f"        {name} Get{contract.name}(string id, string filter, int top);",
        "        [OperationContract]",
        f'        [WebInvoke(Method = "POST", UriTemplate = "{path}")]',
    ]
    if contract.index % 7:  # some operations have no description: the index says "Service at …"
        lines.append(f'        [Description("Creates a {contract.name} and returns its id.")]')
    lines.append(f"        long Create{contract.name}({name} item);")
    return lines
