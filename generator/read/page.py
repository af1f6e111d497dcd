"""Interpret a :class:`RawPage`: directions, body kinds, examples, root elements, schemas."""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..errors import SpecError
from ..ir import (
    SER,
    XS,
    Body,
    BodyKind,
    Direction,
    Operation,
    QName,
    SchemaDoc,
    SourceRef,
    TypeRef,
    UriVariable,
)
from ..names import METHOD_RESERVED, snake_name, unique
from .raw import RawBlock, RawPage, RawRow
from .safe_xml import parse_xml

# Primitive roots WCF writes in the Serialization namespace (<boolean xmlns="…/Serialization/">).
PRIMITIVES = frozenset(
    {
        "anyURI", "base64Binary", "boolean", "byte", "char", "dateTime", "decimal", "double", "duration",
        "float", "guid", "int", "long", "QName", "short", "string", "unsignedByte", "unsignedInt",
        "unsignedLong", "unsignedShort",
    }
)  # fmt: skip

# Localized texts of described (example-less) table rows, "{0}" being the direction word.
# Only strings seen on real pages or in the reference samples; anything else is UNKNOWN.
_NOT_APPLICABLE = frozenset({"N/A", "Není k dispozici"})
_DESCRIPTIONS: dict[BodyKind, tuple[str, ...]] = {
    BodyKind.EMPTY: ("The {0} body is empty.", "Tělo {0} je prázdné."),
    BodyKind.STREAM: ("The {0} body is a stream.", "Tělo {0} představuje proud bajtů."),  # English inferred
    BodyKind.WRAPPED: ("The {0} body is wrapped.",),
}
_METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"})
_TEMPLATE = re.compile(r"[A-Za-z0-9\-._~/%!$&'()*+,;=:@]*")
_PLACEHOLDER = re.compile(r"\{(?P<star>\*?)(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:=(?P<default>[A-Za-z0-9\-._~%]*))?\}")
_QUERY_KEY = re.compile(r"[A-Za-z0-9\-._~]+")


@dataclass(frozen=True)
class PageResult:
    operation: Operation
    schemas: tuple[SchemaDoc, ...]


def read_operation(page: RawPage, name: str, base_url: str) -> PageResult:
    if page.method not in _METHODS:
        raise SpecError(f"unsupported HTTP method {page.method!r}", file=page.file)
    request_rows, response_rows = _split_rows(page)
    examples = [block for block in page.blocks if block.kind != "schema"]
    slots = [
        (direction, fmt)
        for direction, rows in ((Direction.REQUEST, request_rows), (Direction.RESPONSE, response_rows))
        for fmt in ("xml", "json")
        if any(row.has_example and row.format.lower() == fmt for row in rows)
    ]
    if [fmt for _, fmt in slots] != [block.kind for block in examples]:
        expected = ", ".join(f"{d} {f}" for d, f in slots) or "none"
        mismatch = next((i for i, (slot, block) in enumerate(zip(slots, examples)) if slot[1] != block.kind), len(slots))
        line = examples[min(mismatch, len(examples) - 1)].line if examples else None
        raise SpecError(f"the sample blocks do not match the message table (expected: {expected})", file=page.file, line=line)
    by_slot = dict(zip(slots, examples, strict=True))
    template, variables = _uri_template(page, base_url)

    operation = Operation(
        name=name,
        python_name=snake_name(name, METHOD_RESERVED),
        method=page.method,
        uri_template=template,
        variables=variables,
        description=page.description,
        request=_body(page, Direction.REQUEST, request_rows, by_slot),
        response=_body(page, Direction.RESPONSE, response_rows, by_slot),
        source=SourceRef(page.file, 1),
    )
    return PageResult(operation, _schemas(page))


def _split_rows(page: RawPage) -> tuple[list[RawRow], list[RawRow]]:
    """Request rows come first, then response rows; the labels are localized, so only order tells."""
    if not page.rows:
        raise SpecError("the message table has no rows", file=page.file)
    request_label = page.rows[0].direction
    split = next((i for i, row in enumerate(page.rows) if row.direction != request_label), len(page.rows))
    request, response = list(page.rows[:split]), list(page.rows[split:])
    if not response or any(row.direction != response[0].direction for row in response):
        raise SpecError("the message table must list request rows, then response rows", file=page.file, line=page.rows[0].line)
    return request, response


def _body(page: RawPage, direction: Direction, rows: list[RawRow], by_slot: dict[tuple[Direction, str], RawBlock]) -> Body:
    xml_block, json_block = by_slot.get((direction, "xml")), by_slot.get((direction, "json"))
    if xml_block is None and json_block is None:
        return _described_body(page, direction, rows)
    if xml_block is None:
        raise SpecError(f"the {direction} has a JSON example but no XML example", file=page.file, line=json_block.line if json_block else None)
    root = parse_xml(xml_block.text, file=page.file, line=xml_block.line)
    qname = QName(*_split_tag(root.tag))
    formats = tuple(fmt for fmt in ("xml", "json") if (direction, fmt) in by_slot)
    json_text = json_block.text if json_block else None
    kind, type_ref = BodyKind.DATA_CONTRACT, None
    if qname.namespace == SER:
        if qname.name not in PRIMITIVES:
            raise SpecError(f"unknown primitive root element {qname.name!r}", file=page.file, line=xml_block.line)
        kind, type_ref = BodyKind.PRIMITIVE, TypeRef.of_primitive(qname.name)
    json_line = json_block.line if json_block else None
    return Body(kind, formats, qname, type_ref, xml_block.text, json_text, xml_line=xml_block.line, json_line=json_line)


def _described_body(page: RawPage, direction: Direction, rows: list[RawRow]) -> Body:
    if len(rows) != 1:
        raise SpecError(f"the {direction} rows link to examples that the page does not contain", file=page.file, line=rows[0].line)
    row = rows[0]
    if (direction is Direction.REQUEST and page.method == "GET") or row.format in _NOT_APPLICABLE:
        return Body(BodyKind.EMPTY, description=row.body)
    for kind, texts in _DESCRIPTIONS.items():
        for text in texts:
            if re.fullmatch(re.escape(text).replace(re.escape("{0}"), r"\S+"), row.body):
                return Body(kind, description=row.body)
    return Body(BodyKind.UNKNOWN, description=row.body)


def _split_tag(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _uri_template(page: RawPage, base_url: str) -> tuple[str, tuple[UriVariable, ...]]:
    """The template relative to the service, and its variables.

    WCF binds the page URL as ``<base>/<path>?<query>`` with every variable upper-cased
    (``{ID}``), defaults left out and a wildcard's star dropped. The declared path (the
    index's Uri column, or the manifest) keeps the declared case, ``{*rest}`` and
    ``{id=5}``, often with a leading ``/``: when known, the path is taken from there,
    the query part (which the index leaves out) from the page.
    """
    template = _relative(page, base_url)
    path, _, query = template.partition("?")
    declared = _declared_path(page, path)
    if declared is not None:
        path = declared
        template = f"{declared}?{query}" if query else declared
    if not _TEMPLATE.fullmatch(_PLACEHOLDER.sub("", path)):
        raise SpecError(f"unsupported characters in the URI template {template!r}", file=page.file)
    variables = [
        UriVariable(
            name=m["name"],
            python_name=snake_name(m["name"] if declared is not None else m["name"].lower(), METHOD_RESERVED),
            wildcard=bool(m["star"]),
            default=m["default"],
        )
        for m in _PLACEHOLDER.finditer(path)
    ]
    for pair in query.split("&") if query else ():
        key, _, value = pair.partition("=")
        match = _PLACEHOLDER.fullmatch(value)
        if not _QUERY_KEY.fullmatch(key) or match is None or match["star"] or match["default"] is not None:
            raise SpecError(f"unsupported query part {pair!r} in the URI template {template!r}", file=page.file)
        variables.append(UriVariable(match["name"], snake_name(key, METHOD_RESERVED), query_key=key))
    names = unique(v.python_name for v in variables)
    if len({v.name.upper() for v in variables}) != len(variables):
        raise SpecError(f"a variable appears twice in the URI template {template!r}", file=page.file)
    return template, tuple(dataclasses.replace(v, python_name=n) for v, n in zip(variables, names, strict=True))


def _relative(page: RawPage, base_url: str) -> str:
    """The page URL after the service's path: the host is whatever name the page was requested through."""
    if "#" in page.url:
        raise SpecError(f"unsupported characters in the operation URL {page.url!r}", file=page.file)
    url, base = urlsplit(page.url), urlsplit(base_url)
    if url.scheme not in ("http", "https") or not url.netloc:
        raise SpecError(f"the operation URL {page.url!r} is not an absolute http(s) URL", file=page.file)
    service_path = base.path.rstrip("/")
    if url.path.lower() != service_path.lower() and not url.path.lower().startswith(service_path.lower() + "/"):
        raise SpecError(
            f"the operation URL {page.url!r} is not under the service base URL {base_url!r} (path {service_path or '/'!r})",
            file=page.file,
        )
    relative = url.path[len(service_path) + 1 :]
    return f"{relative}?{url.query}" if url.query else relative


def _declared_path(page: RawPage, path: str) -> str | None:
    """The declared path, once it is known to have the page path's shape; without a leading ``/``."""
    if page.declared_path is None:
        return None
    declared = page.declared_path.partition("?")[0].removeprefix("/")  # a query-only template keeps its "?" there
    if declared == "*" or declared.endswith("/*"):  # an unnamed wildcard: the page shows nothing for it
        declared = declared[:-1]
    if _shape(declared) != _shape(path):
        raise SpecError(f"the declared template {page.declared_path!r} does not match the page's {path!r}", file=page.file)
    return declared


def _shape(template: str) -> str:
    """A path template with its variables blanked and case folded: what must agree between sources."""
    return _PLACEHOLDER.sub("{}", template).upper()


def _schemas(page: RawPage) -> tuple[SchemaDoc, ...]:
    schemas = []
    for block in page.blocks:
        if block.kind != "schema":
            continue
        namespace = _target_namespace(block.text)
        if namespace is None:  # not well-formed: parsed again for the error, which names this page and line
            namespace = str(parse_xml(block.text, file=page.file, line=block.line).get("targetNamespace", ""))
        if namespace in (XS, SER):  # the XMLSchema stub, and the Serialization schema wcfgen knows built in
            continue
        schemas.append(SchemaDoc(namespace, block.text, SourceRef(page.file, block.line)))
    return tuple(schemas)


@functools.lru_cache(maxsize=4096)
def _target_namespace(text: str) -> str | None:
    """A schema block's target namespace, or None if it does not parse; pages repeat their
    blocks (every page carries its types' closure), so each distinct text is parsed once."""
    try:
        return str(parse_xml(text, file="", line=1).get("targetNamespace", ""))
    except SpecError:
        return None
