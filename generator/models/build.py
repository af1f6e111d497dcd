"""The models stage's work: xsdata compiles the merged schemas, the WCF pass reads its class model.

Imported only when :func:`wcfgen.models.build_models` finds nothing remembered: xsdata takes a
tenth of a second to import, which a generation answered from the cache need not pay.
"""

from __future__ import annotations

import dataclasses

from ..errors import SpecError
from ..ir import (
    SER,
    XS,
    Api,
    Body,
    BodyKind,
    DataContract,
    EnumMember,
    EnumType,
    FaultDetail,
    Member,
    Operation,
    QName,
    Service,
    SourceRef,
    TypeKind,
    TypeRef,
)
from ..names import FIELD_RESERVED, class_name, snake_name, unique
from . import wcf
from .merge import merge_schemas
from .wcf import Located, Shape

_SHAPE_KINDS = {Shape.CONTRACT: TypeKind.CONTRACT, Shape.ENUM: TypeKind.ENUM, Shape.FLAGS: TypeKind.FLAGS}


def build(api: Api, max_types: int, max_members: int) -> Api:
    """The API with its data contracts and enums, and every body's, part's and fault's type resolved."""
    merged = merge_schemas(api.schemas, max_types, max_members)
    located, numbers, bases = merged.located, merged.numbers, merged.bases
    located = wcf.drop_builtin_schemas(located)
    types, roots = wcf.split_root_elements(located)
    types = wcf.merge_duplicate_types(types)
    model = _TypeModel(types, numbers, bases)

    services = tuple(
        dataclasses.replace(
            service,
            operations=tuple(
                dataclasses.replace(
                    op,
                    request=_resolve(op.request, roots, model, service, op),
                    response=_resolve(op.response, roots, model, service, op),
                    faults=tuple(_fault(detail, model) for detail in op.faults),
                )
                for op in service.operations
            ),
        )
        for service in api.services
    )
    return dataclasses.replace(api, services=services, contracts=model.contracts(), enums=model.enums())


class _TypeModel:
    """The named schema types, by shape, and the type references between them."""

    def __init__(self, types: list[Located], numbers: dict[QName, dict[str, int]], bases: dict[QName, QName]) -> None:
        self.types = {item.qname: item for item in types}
        self.shapes = {item.qname: wcf.shape_of(item) for item in types}
        self.numbers = numbers
        self.bases = bases
        named = [q for q in sorted(self.types) if self.shapes[q] in (Shape.CONTRACT, Shape.ENUM, Shape.FLAGS)]
        self.class_names = dict(zip(named, unique(class_name(q.name) for q in named), strict=True))

    def ref(self, qname: QName, where: SourceRef, visiting: frozenset[QName] = frozenset()) -> TypeRef:
        builtin = wcf.primitive_or_any(qname)
        if builtin is not None:
            return builtin
        shape = self.shapes.get(qname)
        if shape is None:
            message = f"type {qname.name!r} in {qname.namespace!r} is not declared by the page's schemas"
            if qname.namespace in (XS, SER):
                message = f"the schema type {qname.name!r} is not supported"
            raise SpecError(message, file=where.file, line=where.line)
        if shape in _SHAPE_KINDS:
            return TypeRef(_SHAPE_KINDS[shape], qname=qname)
        if qname in visiting:
            raise SpecError(f"collection type {qname.name!r} contains itself", file=where.file, line=where.line)
        collection = self.types[qname]
        (attr,) = collection.cls.attrs
        inside = visiting | {qname}
        item_name = QName(attr.namespace or "", attr.local_name)
        if shape is Shape.DICT:
            pair = wcf.key_value_of(collection.cls)
            assert pair is not None
            key_attr, value_attr = pair.attrs
            return TypeRef(
                TypeKind.DICT,
                qname=qname,
                key=self.ref(wcf.member_type(collection, key_attr), collection.source, inside),
                item=self.ref(wcf.member_type(collection, value_attr), collection.source, inside),
                item_name=item_name,
                item_nillable=bool(value_attr.restrictions.nillable),
            )
        return TypeRef(
            TypeKind.LIST,
            qname=qname,
            item=self.ref(wcf.member_type(collection, attr), collection.source, inside),
            item_name=item_name,
            item_nillable=bool(attr.restrictions.nillable),
        )

    def by_name(self, name: str, where: SourceRef) -> TypeRef:
        """A type the manifest names: an XSD/Serialization primitive, or a schema type by its local name."""
        primitive = next((p for p in wcf.PRIMITIVES.values() if p == name), None)
        if primitive is not None:
            return TypeRef.of_primitive(primitive)
        matches = [q for q in self.types if q.name == name]
        if len(matches) != 1:
            problem = "is not a primitive or a type of the schemas" if not matches else "names several schema types"
            raise SpecError(f"the manifest's type {name!r} {problem}", file=where.file, line=where.line)
        return self.ref(matches[0], where)

    def _ordered_contracts(self) -> list[Located]:
        """Bases before the contracts derived from them, otherwise by name."""
        ordered: list[Located] = []
        done: set[QName] = set()

        def visit(item: Located, chain: frozenset[QName]) -> None:
            if item.qname in done:
                return
            if item.qname in chain:
                raise item.error(f"{item.qname.name!r} derives from itself")
            base = self.base_of(item)
            if base is not None:
                visit(self.types[base], chain | {item.qname})
            done.add(item.qname)
            ordered.append(item)

        for qname in sorted(self.types):
            if self.shapes[qname] is Shape.CONTRACT:
                visit(self.types[qname], frozenset())
        return ordered

    def base_of(self, item: Located) -> QName | None:
        if not item.cls.extensions:
            return None
        # xsdata resolves the base's prefix against the complex type, not the extension element
        # that declares it (.NET's exporter: <xs:extension xmlns:q1="urn:b" base="q1:Base">)
        base = self.bases.get(item.qname) or wcf.qname_of(item.cls.extensions[0].type.qname)
        if self.shapes.get(base) is not Shape.CONTRACT:
            raise item.error(f"{item.qname.name!r} derives from {base.name!r}, which is not a data contract")
        return base

    def contracts(self) -> tuple[DataContract, ...]:
        contracts: list[DataContract] = []
        inherited: dict[QName, set[str]] = {}
        references: dict[QName, bool] = {}
        for item in self._ordered_contracts():
            base = self.base_of(item)
            taken = set(inherited[base]) if base is not None else set()
            elements, is_reference = wcf.split_reference_attributes(item)
            # XSD attributes are inherited, and .NET requires a subtype's IsReference to be its base's
            is_reference = references[item.qname] = is_reference or (base is not None and references[base])
            names = unique(
                [*sorted(taken), *(snake_name(attr.local_name, FIELD_RESERVED) for attr in elements)]
            )[len(taken) :]
            members = []
            for attr, python_name in zip(elements, names, strict=True):
                type_qname = wcf.member_type(item, attr)
                if attr.restrictions.max_occurs not in (None, 1):
                    raise item.error(f"{item.qname.name}.{attr.local_name}: repeated elements outside a collection type are not supported")
                members.append(
                    Member(
                        wire_name=attr.local_name,
                        python_name=python_name,
                        namespace=attr.namespace or "",
                        type=self.ref(type_qname, item.source),
                        nillable=bool(attr.restrictions.nillable),
                        required=(attr.restrictions.min_occurs or 0) >= 1,
                    )
                )
            inherited[item.qname] = taken | set(names)
            python_name = self.class_names[item.qname]
            contracts.append(DataContract(item.qname, python_name, tuple(members), item.source, base, is_reference))
        return tuple(contracts)

    def enums(self) -> tuple[EnumType, ...]:
        enums = []
        for qname in sorted(self.types):
            shape = self.shapes[qname]
            if shape not in (Shape.ENUM, Shape.FLAGS):
                continue
            item = self.types[qname]
            flags = shape is Shape.FLAGS
            wire_names = wcf.enum_names(item.cls)
            declared = self.numbers.get(qname, {})
            python_names = unique(_member_name(name) for name in wire_names)
            members = tuple(
                EnumMember(wire, python, declared.get(wire, (1 << index) if flags else index))
                for index, (wire, python) in enumerate(zip(wire_names, python_names, strict=True))
            )
            enums.append(EnumType(qname, self.class_names[qname], members, flags, item.source))
        return tuple(enums)


def _member_name(wire_name: str) -> str:
    name = snake_name(wire_name).rstrip("_").upper() or "MEMBER"
    return name if not name[0].isdigit() else f"N_{name}"


def _fault(detail: FaultDetail, model: _TypeModel) -> FaultDetail:
    """A declared fault detail's type; a type the schemas lack is the manifest's mistake."""
    try:
        resolved = model.by_name(detail.type_name, SourceRef(detail.manifest, 1))
    except SpecError as exc:
        raise SpecError(f"{detail.declared}: {exc.message}", file=detail.manifest) from None
    return dataclasses.replace(detail, type=resolved)


def _resolve(body: Body, roots: dict[QName, QName], model: _TypeModel, service: Service, op: Operation) -> Body:
    if body.parts:
        parts = tuple(dataclasses.replace(p, type=model.by_name(p.type_name, op.source)) for p in body.parts)
        return dataclasses.replace(body, parts=parts)
    if body.kind is not BodyKind.DATA_CONTRACT or body.root is None:
        return body
    type_qname = roots.get(body.root)
    if type_qname is None:
        raise SpecError(
            f"{service.name}/{op.name}: the example's root element {body.root.name!r} in {body.root.namespace!r} "
            "is not declared by the page's schemas",
            file=op.source.file,
        )
    source = op.source
    return dataclasses.replace(body, type=model.ref(type_qname, source))
