"""What ``models.py`` prints: its imports, and each enum and data contract laid out as a class."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..ir import Api, DataContract, EnumType, QName
from . import layout
from .escape import Code, ident, pystr
from .types import IMPORTS, TEMPLATE_IMPORTS, Entry, Types


def std_imports(python_types: set[str]) -> list[Code]:
    """``from datetime import datetime, timedelta`` and the like, one line a module, sorted."""
    where = {**IMPORTS, **TEMPLATE_IMPORTS}
    modules = sorted({where[name] for name in python_types})
    return [Code(f"from {m} import {', '.join(sorted(n for n in python_types if where[n] == m))}") for m in modules]


def models_view(api: Api, types: Types, contract_view: Callable[[DataContract], ContractView]) -> dict[str, object]:
    """What models.py prints: enums, then contracts (bases first), with their fields; ``contract_view``
    gives a contract's (:meth:`ContractView.of`, or the cache's)."""
    python_types = {name for c in api.contracts for m in c.members for name in types.python_types_in(m.type)}
    offset = any(m.type.primitive == "dateTimeOffset" and not m.nillable for c in api.contracts for m in c.members)
    runtime_names = (["MIN_DATETIME_OFFSET"] if offset else []) + (["WcfEnum"] if api.enums else [])
    if any(c.is_reference for c in api.contracts):
        runtime_names.append("WcfReference")
    imports = ([Code("from dataclasses import dataclass, field")] if api.contracts else []) + std_imports(python_types)
    if runtime_names:  # a section of its own, after the standard library
        imports.append(Code(f"{chr(10) if imports else ''}from ._runtime import {', '.join(runtime_names)}"))
    return {
        "model_imports": imports,
        "enums": [_EnumView.of(e) for e in api.enums],
        "contracts": [contract_view(c) for c in api.contracts],
        "all_names": sorted([*(e.python_name for e in api.enums), *(c.python_name for c in api.contracts)]),
    }


def _class_head(name: str, base: str | None) -> Code:
    if base is None:
        return Code(f"class {ident(name)}:")
    return Code(layout.expression(f"{ident(name)}({ident(base)})", 0, "class ", ":"))


@dataclass(frozen=True)
class _EnumView:
    python_name: str
    qname: QName
    flags: bool
    head: Code
    members: tuple[Code, ...]

    @classmethod
    def of(cls, enum: EnumType) -> _EnumView:
        members = tuple(
            Code(layout.enum_member(ident(m.python_name), pystr(m.wire_name), m.number, 4)) for m in enum.members
        )
        return cls(enum.python_name, enum.qname, enum.flags, _class_head(enum.python_name, "WcfEnum"), members)


# An IsReference contract's graph may have cycles: its == and repr are WcfReference's.
_DECORATORS = {False: Code("dataclass(kw_only=True)"), True: Code("dataclass(kw_only=True, eq=False, repr=False)")}


@dataclass(frozen=True)
class ContractView:
    qname: QName
    is_reference: bool
    decorator: Code
    head: Code
    meta_name: Code
    meta_namespace: Code
    fields: tuple[Code, ...]  # each ``name: annotation = field(…)``, laid out

    @classmethod
    def of(cls, contract: DataContract, types: Types) -> ContractView:
        fields = []
        for member in contract.members:
            annotation, default = types.field(member)
            default_lines = layout.expression(default, 8, "default=", ",").split("\n")
            body = [
                f"    {default_lines[0]}",
                *(line[4:] for line in default_lines[1:]),  # relative to the field's indentation
                "    metadata={",
                *_entries(types.metadata(member), 8),
                "    },",
                ")",
            ]
            fields.append(Code(layout.annotated_call(ident(member.python_name), annotation, "field", body, 4)))
        base = types.classes[contract.base] if contract.base else "WcfReference" if contract.is_reference else None
        return cls(
            qname=contract.qname,
            is_reference=contract.is_reference,
            decorator=_DECORATORS[contract.is_reference],
            head=_class_head(contract.python_name, base),
            meta_name=Code(layout.assignment("name", pystr(contract.qname.name), 8)),
            meta_namespace=Code(layout.assignment("namespace", pystr(contract.qname.namespace), 8)),
            fields=tuple(fields),
        )


def _entries(entries: list[Entry], indent: int) -> list[str]:
    """A metadata dict's entries, one a line; nested ones (collections of collections) exploded
    too, with magic trailing commas, so both formatters keep them as they are."""
    lines = []
    pad = " " * indent
    for key, value in entries:
        if isinstance(value, list):
            lines += [f"{pad}{key}: {{", *_entries(value, indent + 4), f"{pad}}},"]
        else:
            lines.append(f"{pad}{key}: {value},")
    return lines
