"""Stage 2: compile the schemas with xsdata and add the data contracts to the model.

xsdata parses each schema and maps it to its class model, in-process; the WCF
pass (:mod:`generator.models.wcf`) then reshapes that model, and the result is
converted to :class:`~generator.ir.DataContract` values with Python names.
xsdata's own code writer is not used: it formats with a ``ruff`` from PATH and
imports what it wrote, and spec strings reach its templates unescaped.
"""

from __future__ import annotations

import dataclasses
import re

from xsdata.codegen.mappers import SchemaMapper
from xsdata.codegen.parsers.schema import SchemaParser
from xsdata.exceptions import XmlContextError
from xsdata.formats.dataclass.parsers.handlers import XmlEventHandler
from xsdata.models.xsd import Schema

from generator.errors import SpecError
from generator.ir import Api, Body, BodyKind, DataContract, Member, QName, Service, TypeRef
from generator.models import wcf
from generator.names import class_name, snake_name, unique
from generator.read.safe_xml import parse_xml

_NCNAME = re.compile(r"[A-Za-z_][\w.\-]*")


def build_models(api: Api) -> Api:
    located: list[wcf.Located] = []
    for doc in api.schemas:
        # parse strictly first (no DTD, no recovery), then let xsdata read the checked text
        parse_xml(doc.text, file=doc.source.file, line=doc.source.line)
        parser = SchemaParser(handler=XmlEventHandler, location=f"{doc.source.file}#L{doc.source.line}")
        try:
            schema = parser.from_bytes(doc.text.encode("utf-8"), Schema)
            classes = SchemaMapper.map(schema)
        except (XmlContextError, ValueError, KeyError) as exc:
            raise SpecError(f"cannot compile schema: {exc}", file=doc.source.file, line=doc.source.line) from None
        located.extend(wcf.Located(cls, doc.source) for cls in classes)

    located = wcf.drop_builtin_schemas(located)
    types, roots = wcf.split_root_elements(located)
    types = wcf.merge_duplicate_types(types)
    wcf.check_supported(types)

    contracts = _contracts(types)
    by_qname = {contract.qname: contract for contract in contracts}
    services = tuple(
        dataclasses.replace(
            service,
            operations=tuple(
                dataclasses.replace(
                    op,
                    request=_resolve(op.request, roots, by_qname, service, op.name),
                    response=_resolve(op.response, roots, by_qname, service, op.name),
                )
                for op in service.operations
            ),
        )
        for service in api.services
    )
    return dataclasses.replace(api, services=services, contracts=contracts)


def _contracts(types: list[wcf.Located]) -> tuple[DataContract, ...]:
    class_names = unique(class_name(item.cls.name) for item in types)
    contracts = []
    for item, python_class in zip(types, class_names, strict=True):
        cls = item.cls
        qname = wcf.qname_of(cls.qname)
        _check_ncname(cls.name, item)
        members = []
        field_names = unique(snake_name(attr.name) for attr in cls.attrs)
        for attr, field_name in zip(cls.attrs, field_names, strict=True):
            _check_ncname(attr.name, item)
            members.append(
                Member(
                    wire_name=attr.name,
                    python_name=field_name,
                    namespace=attr.namespace or "",
                    type=TypeRef(primitive=wcf.SUPPORTED_PRIMITIVES[wcf.qname_of(attr.types[0].qname)]),
                    nillable=bool(attr.restrictions.nillable),
                    required=(attr.restrictions.min_occurs or 0) >= 1,
                )
            )
        contracts.append(DataContract(qname, python_class, tuple(members), item.source))
    return tuple(contracts)


def _check_ncname(name: str, item: wcf.Located) -> None:
    if not _NCNAME.fullmatch(name):
        raise SpecError(f"{name!r} is not a valid XML name", file=item.source.file, line=item.source.line)


def _resolve(body: Body, roots: dict[QName, QName], contracts: dict[QName, DataContract], service: Service, op: str) -> Body:
    if body.kind is not BodyKind.DATA_CONTRACT or body.root is None:
        return body
    type_qname = roots.get(body.root)
    if type_qname is None or type_qname not in contracts:
        raise SpecError(
            f"{service.name}/{op}: the example's root element {body.root.name!r} in {body.root.namespace!r} "
            "is not declared by the page's schemas"
        )
    if type_qname.name != body.root.name:
        raise SpecError(f"{service.name}/{op}: root element {body.root.name!r} carries a type of another name")
    return dataclasses.replace(body, type=TypeRef(contract=type_qname))
