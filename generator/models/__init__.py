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
from typing import Any

from xsdata.codegen.mappers import SchemaMapper
from xsdata.codegen.parsers.schema import SchemaParser
from xsdata.formats.dataclass.parsers.handlers import XmlEventHandler
from xsdata.models.xsd import Schema

from generator.errors import SpecError
from generator.ir import Api, Body, BodyKind, DataContract, Member, QName, SchemaDoc, Service, TypeRef
from generator.models import wcf
from generator.names import FIELD_RESERVED, class_name, snake_name, unique
from generator.read.safe_xml import parse_xml

_NCNAME = re.compile(r"[^\W\d][\w.\-]*")
MAX_TYPES = 5000
MAX_MEMBERS = 1000


def build_models(api: Api) -> Api:
    located: list[wcf.Located] = []
    for doc in api.schemas:
        # parse strictly first (no DTD, no recovery), then let xsdata read the checked text
        _check_names(parse_xml(doc.text, file=doc.source.file, line=doc.source.line), doc)
        parser = SchemaParser(handler=XmlEventHandler, location=f"{doc.source.file}#L{doc.source.line}")
        try:
            schema = parser.from_bytes(doc.text.encode("utf-8"), Schema)
            classes = SchemaMapper.map(schema)
        except RecursionError:
            raise SpecError("schema nested too deeply", file=doc.source.file, line=doc.source.line) from None
        except Exception as exc:  # noqa: BLE001 -- xsdata fails in many ways on schemas it cannot map
            message = f"cannot compile schema: {type(exc).__name__}: {exc}"
            raise SpecError(message, file=doc.source.file, line=doc.source.line) from None
        located.extend(wcf.Located(cls, doc.source) for cls in classes)
        if len(located) > MAX_TYPES or any(len(cls.attrs) > MAX_MEMBERS for cls in classes):
            raise SpecError(
                f"schemas larger than {MAX_TYPES} types or {MAX_MEMBERS} members per type",
                file=doc.source.file,
                line=doc.source.line,
            )

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
    class_names = unique(class_name(wcf.qname_of(item.cls.qname).name) for item in types)
    contracts = []
    for item, python_class in zip(types, class_names, strict=True):
        cls = item.cls
        qname = wcf.qname_of(cls.qname)
        members = []
        field_names = unique(snake_name(attr.local_name, FIELD_RESERVED) for attr in cls.attrs)
        for attr, field_name in zip(cls.attrs, field_names, strict=True):
            members.append(
                Member(
                    wire_name=attr.local_name,
                    python_name=field_name,
                    namespace=attr.namespace or "",
                    type=TypeRef(primitive=wcf.SUPPORTED_PRIMITIVES[wcf.qname_of(attr.types[0].qname)]),
                    nillable=bool(attr.restrictions.nillable),
                    required=(attr.restrictions.min_occurs or 0) >= 1,
                )
            )
        contracts.append(DataContract(qname, python_class, tuple(members), item.source))
    return tuple(contracts)


def _check_names(schema: Any, doc: SchemaDoc) -> None:
    """Names become wire names and Python names; xsdata would silently cut ``a:b`` to ``b``."""
    for element in schema.iter():
        name = element.get("name")
        if name is not None and not _NCNAME.fullmatch(name):
            line = doc.source.line + (element.sourceline or 1) - 1
            raise SpecError(f"{name!r} is not a valid XML name", file=doc.source.file, line=line)


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
