"""The pages' schema blocks as distinct top-level definitions, merged into one schema per namespace.

Every WCF help page carries its body type's whole dependency closure, so a large API repeats
the same definitions hundreds of times. Each block is parsed strictly once per distinct text
(:func:`~wcfgen.read.safe_xml.parse_xml`), split into its top-level definitions, and those are
de-duplicated by (namespace, kind, name): identical text is the same definition; different text
is compared by what xsdata makes of it (the same fingerprint :func:`wcf.merge_duplicate_types`
compares, plus the enum numbers and bases read beside it), and a real difference is an error
naming both places. The limits count distinct definitions. xsdata then parses one merged schema
per namespace, with one shared :class:`XmlContext` (building xsdata's metadata once, not per
parser). A merged schema that xsdata refuses is parsed again block by block, so the error names
the page and line of the block that fails, as a block-by-block build would.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import quoteattr

from lxml import etree
from xsdata.codegen.mappers import SchemaMapper
from xsdata.codegen.models import Class
from xsdata.codegen.parsers.schema import SchemaParser
from xsdata.exceptions import ConverterWarning
from xsdata.formats.dataclass.context import XmlContext
from xsdata.formats.dataclass.parsers.handlers import XmlEventHandler
from xsdata.models.xsd import Schema

from ..background import in_halves
from ..errors import SpecError
from ..ir import XS, QName, SchemaDoc, SourceRef
from ..read.safe_xml import parse_xml
from . import schema_text, wcf
from .wcf import Located

LIMIT_MESSAGE = "schemas larger than {types} types or {members} members per type"
FORK_DEFINITIONS = 200  # fewer distinct definitions are parsed by xsdata here alone: a fork would cost more
_NOT_DEFINITIONS = {f"{{{XS}}}{tag}" for tag in ("import", "include", "annotation")}  # xsdata maps nothing from them
_MEMBERS = (f"{{{XS}}}element", f"{{{XS}}}attribute")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)  # for text lxml wrote
_WRAPPER = "wcfgenmerged"  # the merged schema element's prefix; the definitions declare their own


@functools.cache
def _context() -> XmlContext:
    return XmlContext()


@dataclass
class _Definition:
    key: tuple[str, str, str]  # namespace, tag, name (the text itself for an unnamed one)
    fragment: bytes  # the element alone, with every namespace declaration in scope on the page
    source: SourceRef  # the schema block, as the models name their types' places
    line: int  # the definition's own line on the page
    numbers: dict[QName, dict[str, int]]
    bases: dict[QName, QName]


@dataclass
class _Group:
    """One merged schema: the definitions of one namespace under the same schema attributes."""

    attributes: tuple[tuple[str, str], ...]
    docs: list[SchemaDoc] = field(default_factory=list)  # the distinct blocks contributing, in page order
    definitions: list[_Definition] = field(default_factory=list)


@dataclass
class Merged:
    located: list[Located]
    numbers: dict[QName, dict[str, int]]
    bases: dict[QName, QName]


def merge_schemas(schemas: Sequence[SchemaDoc], max_types: int, max_members: int) -> Merged:
    """The xsdata classes of the distinct definitions of ``schemas``, each with its first block's place."""
    groups: dict[tuple[tuple[str, str], ...], _Group] = {}
    kept: dict[tuple[str, str, str], _Definition] = {}
    seen_texts: set[str] = set()
    limit = LIMIT_MESSAGE.format(types=max_types, members=max_members)
    for doc in schemas:
        if doc.text in seen_texts:
            continue
        seen_texts.add(doc.text)
        root = parse_xml(doc.text, file=doc.source.file, line=doc.source.line)
        schema_text.check_names(root, doc)
        namespace = root.get("targetNamespace", "")
        attributes = tuple(sorted((str(k), str(v)) for k, v in root.attrib.items()))
        group = groups.setdefault(attributes, _Group(attributes))
        group.docs.append(doc)
        for child in root:
            if not isinstance(child.tag, str) or child.tag in _NOT_DEFINITIONS:
                continue
            fragment = etree.tostring(child, with_tail=False)
            name = child.get("name")
            key = (namespace, child.tag, name if name is not None else fragment.decode())
            line = doc.source.line + (child.sourceline or 1) - 1
            first = kept.get(key)
            if first is not None:
                if first.fragment != fragment and not _same(first.fragment, fragment, attributes):
                    raise SpecError(
                        f"{etree.QName(child).localname} {name!r} in {namespace!r} differs from its definition "
                        f"at {first.source.file}:{first.line}",
                        file=doc.source.file,
                        line=line,
                    )
                continue
            if len(kept) >= max_types or sum(1 for _ in child.iter(*_MEMBERS)) > max_members:
                raise SpecError(limit, file=doc.source.file, line=doc.source.line)
            definition = _Definition(
                key, fragment, doc.source, line, schema_text.enumeration_values(namespace, child),
                schema_text.extension_bases(namespace, child),
            )  # fmt: skip
            kept[key] = definition
            group.definitions.append(definition)
    merged = Merged([], {}, {})
    parallel = len(kept) >= FORK_DEFINITIONS  # xsdata's parse of each merged schema, half on a second core
    for group, located in zip(groups.values(), in_halves(_map_groups, list(groups.values()), parallel=parallel), strict=True):
        merged.located.extend(located)
        for definition in group.definitions:
            merged.numbers.update(definition.numbers)
            merged.bases.update(definition.bases)
    if any(len(item.cls.attrs) > max_members for item in merged.located):  # what the count above cannot see
        culprit = next(item for item in merged.located if len(item.cls.attrs) > max_members)
        raise SpecError(limit, file=culprit.source.file, line=culprit.source.line)
    return merged


def _schema_bytes(attributes: Sequence[tuple[str, str]], fragments: Sequence[bytes]) -> bytes:
    attrs = "".join(f" {etree.QName(k).localname if k.startswith('{') else k}={quoteattr(v)}" for k, v in attributes)
    head = f'<{_WRAPPER}:schema xmlns:{_WRAPPER}="{XS}"{attrs}>\n'.encode()
    return head + b"\n".join(fragments) + f"\n</{_WRAPPER}:schema>".encode()


def _parse(data: bytes, location: str) -> list[Class]:
    parser = SchemaParser(handler=XmlEventHandler, context=_context(), location=location)
    with warnings.catch_warnings():  # a value xsdata cannot convert (nillable="tr e") is an error, not a warning
        warnings.simplefilter("error", ConverterWarning)
        return SchemaMapper.map(parser.from_bytes(data, Schema))


def _compile(data: bytes, source: SourceRef) -> list[Class]:
    """xsdata's classes of one schema; its failure is the block's error."""
    try:
        return _parse(data, f"{source.file}#L{source.line}")
    except RecursionError:
        raise SpecError("schema nested too deeply", file=source.file, line=source.line) from None
    except Exception as exc:  # noqa: BLE001 -- xsdata fails in many ways on schemas it cannot map
        reason = " ".join(str(exc).split())  # xsdata's messages may run over lines
        raise SpecError(f"cannot compile schema: {type(exc).__name__}: {reason}", file=source.file, line=source.line) from None


def _map_groups(groups: Sequence[_Group]) -> list[list[Located]]:
    return [_map_group(group) for group in groups]


def _map_group(group: _Group) -> list[Located]:
    if not group.definitions:
        return []
    first = group.docs[0].source
    data = _schema_bytes(group.attributes, [d.fragment for d in group.definitions])
    try:
        classes = _parse(data, f"{first.file}#L{first.line}")
    except Exception:  # noqa: BLE001 -- find the block that fails, and say where it is
        for doc in group.docs:
            _compile(doc.text.encode("utf-8"), doc.source)
        classes = _compile(data, first)  # the blocks compile alone, not together
    places = {(d.key[0], d.key[1], d.key[2]): d.source for d in group.definitions}
    located = []
    for cls in classes:
        qname = wcf.qname_of(cls.qname)
        tag = f"{{{XS}}}{cls.tag[0].lower()}{cls.tag[1:]}"
        located.append(Located(cls, places.get((qname.namespace, tag, qname.name), first)))
    return located


def _same(one: bytes, other: bytes, attributes: tuple[tuple[str, str], ...]) -> bool:
    """Whether two texts of a definition mean the same: the same text but for the namespace
    declarations no prefix in it uses (pages differ in what their schema element declares),
    else the same to the models."""
    return _canonical(one) == _canonical(other) or _meaning(one, attributes) == _meaning(other, attributes)


_QNAME_ATTRIBUTES = frozenset({"type", "base", "ref", "itemType", "memberTypes", "substitutionGroup", "refer"})


@functools.lru_cache(maxsize=4096)
def _canonical(fragment: bytes) -> tuple[Any, ...]:
    """The definition as a tree with every prefix of a QName value resolved: pages number
    .NET's ``q1``, ``q2``… prefixes differently, and declare different ones on the schema."""
    return _tree(etree.fromstring(fragment, _PARSER))


def _tree(element: Any) -> tuple[Any, ...]:
    attributes = []
    for name, value in sorted(element.attrib.items()):
        if name in _QNAME_ATTRIBUTES:
            resolved = []
            for token in value.split():
                prefix, _, local = token.rpartition(":")
                resolved.append(f"{{{element.nsmap.get(prefix or None, '')}}}{local}")
            value = " ".join(resolved)
        attributes.append((name, value))
    children = tuple(
        (_tree(child) if isinstance(child.tag, str) else None, (child.tail or "").strip()) for child in element
    )
    return (element.tag, tuple(attributes), (element.text or "").strip(), children)


@functools.lru_cache(maxsize=4096)
def _meaning(fragment: bytes, attributes: tuple[tuple[str, str], ...]) -> tuple[Any, ...]:
    """What a definition means to the models: xsdata's fingerprint of its classes, its enum numbers and bases."""
    element = etree.fromstring(fragment, _PARSER)
    namespace = dict(attributes).get("targetNamespace", "")
    try:
        classes = _parse(_schema_bytes(attributes, [fragment]), "merged")
    except Exception as exc:  # noqa: BLE001 -- a definition xsdata refuses means its error
        return ("error", type(exc).__name__, str(exc))
    return (
        tuple(wcf.fingerprint(cls) for cls in classes),
        sorted((k, sorted(v.items())) for k, v in schema_text.enumeration_values(namespace, element).items()),
        sorted(schema_text.extension_bases(namespace, element).items()),
    )
