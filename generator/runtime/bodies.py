"""Codecs: one message body, encoded and decoded in both wire formats.

A body whose type cannot be nil (a value type such as ``bool`` or an enum) is refused
when nil arrives, so a method typed ``-> bool`` never returns ``None``; a wrapped part
that is left out takes its .NET default, as WCF gives it.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Generic, Literal, TypeVar, overload

from .contracts import ContractNode
from .errors import DecodeError, EncodeError
from .nodes import Node, ScalarNode
from .references import Reading
from .wire import (
    ANY_ROOT,
    NIL,
    SER,
    WireFormat,
    json_name,
    json_string,
    load_json,
    repeated_key,
    type_error,
)
from .xmltext import XmlWriter, parse_xml

T = TypeVar("T")


class Codec(Generic[T]):
    """Encodes and decodes one message body in both wire formats."""

    empty = False  # a void body, which has no format

    def encode(self, value: T, wire_format: WireFormat) -> bytes:
        raise NotImplementedError

    def decode(self, data: bytes, wire_format: WireFormat) -> T:
        raise NotImplementedError


class EmptyCodec(Codec[None]):
    """A void body: nothing is sent, anything received is ignored."""

    empty = True

    def encode(self, value: None, wire_format: WireFormat) -> bytes:
        return b""

    def decode(self, data: bytes, wire_format: WireFormat) -> None:
        return None


def _cyclic(name: str) -> EncodeError:
    """Contracts that are not IsReference cannot form cycles on the wire: writing one
    recurses until Python stops it, which becomes DataContractSerializer's error."""
    return EncodeError(
        f"{name}: the value contains a cycle (or is nested too deeply); only "
        "IsReference contracts can be written with cycles"
    )


def _expected_root(name: str, namespace: str, tag: str) -> DecodeError:
    return DecodeError(
        f"expected root element {name!r} in namespace {namespace!r}, got {tag!r}"
    )


class RootCodec(Codec[Any]):
    """A body that is one element (or JSON value) of any type: contract, collection,
    primitive, enum. Nil is read as ``None`` only when the type can be nil."""

    def __init__(
        self, node: Node, name: str, namespace: str, *, nillable: bool = False
    ) -> None:
        self.node = node
        self.name = name
        self.namespace = namespace
        self.nillable = nillable
        self._tag = f"{{{namespace}}}{name}"

    def _refuse_nil(self) -> DecodeError:
        return DecodeError(f"{self.name}: null is not allowed")

    def encode(self, value: Any, wire_format: WireFormat) -> bytes:
        if value is None and not self.nillable:
            raise EncodeError(f"{self.name}: a value is required")
        try:
            if wire_format == "json":
                text = "null" if value is None else self.node.dump(value, self.name)
                return text.encode()
            w = XmlWriter()
            if value is None:
                w.nil(self.name, self.namespace, None)
            else:
                self.node.write(value, w, self.name, self.namespace, None, self.name)
            return "".join(w.parts).encode()
        except RecursionError:
            raise _cyclic(self.name) from None

    def decode(self, data: bytes, wire_format: WireFormat) -> Any:
        if wire_format == "json":
            document = load_json(data)
            if document is None:
                if self.nillable:
                    return None
                raise self._refuse_nil()
            return self.node.load(document, self.name)
        root = parse_xml(data)
        # WCF's serializers also take <z:anyType> as the root of any type (its client
        # sends it for null)
        if root.tag not in (self._tag, ANY_ROOT):
            raise _expected_root(self.name, self.namespace, root.tag)
        if root.get(NIL) in ("true", "1"):
            if self.nillable:
                return None
            raise self._refuse_nil()
        with Reading():  # z:Ref resolves across the whole document
            return self.node.read(root, self.name)


@dataclasses.dataclass(frozen=True)
class RawBody:
    """A body passed as it is: a WCF ``Stream``, or one the help page cannot describe."""

    content: bytes
    content_type: str = "application/octet-stream"


class RawCodec(Codec[RawBody]):
    """Raw bodies are not encoded: the client and server move the bytes and the
    content type."""

    def encode(self, value: RawBody, wire_format: WireFormat) -> bytes:
        if not isinstance(value, RawBody):
            raise type_error("body", "RawBody", value)
        return value.content

    def decode(self, data: bytes, wire_format: WireFormat) -> RawBody:
        return RawBody(data)


Part = tuple[str, Node, bool]  # a wrapped body's part: name, node, nillable


class WrappedCodec(Codec[Any]):
    """A wrapped body: the parameters (or the one result) as children of ``<Op>`` or
    ``<OpResponse>``.

    The value is a dict by parameter name, or with ``result`` the result itself. A part
    that is left out is its type's .NET default (``None`` for a reference type, ``0`` for an
    ``int``); a nil part is refused when its type cannot be nil. An element that appears
    twice counts once, the first (XML, as DataContractSerializer reads); a JSON key that
    appears twice is refused (as DataContractJsonSerializer does).
    """

    def __init__(
        self,
        name: str,
        namespace: str,
        parts: tuple[Part, ...],
        result: bool = False,
    ) -> None:
        self.name = name
        self.namespace = namespace
        self.parts = parts
        self.result = result
        self._tag = f"{{{namespace}}}{name}"

    def _values(self, value: Any) -> dict[str, Any]:
        if self.result:
            return {self.parts[0][0]: value}
        if not isinstance(value, dict):
            raise type_error(self.name, "dict", value)
        return value

    def _check_nil(self, name: str, nillable: bool) -> None:
        if not nillable:
            raise DecodeError(f"{self.name}.{name}: null is not allowed")

    def encode(self, value: Any, wire_format: WireFormat) -> bytes:
        try:
            return self._encode(value, wire_format)
        except RecursionError:
            raise _cyclic(self.name) from None

    def _encode(self, value: Any, wire_format: WireFormat) -> bytes:
        values = self._values(value)
        for name, _, nillable in self.parts:
            if values.get(name) is None and not nillable:
                raise EncodeError(f"{self.name}.{name}: a value is required")
        if wire_format == "json":
            items = []
            for name, node, _ in self.parts:
                item = values.get(name)
                text = (
                    "null" if item is None else node.dump(item, f"{self.name}.{name}")
                )
                items.append(f"{json_string(name)}:{text}")
            return ("{" + ",".join(items) + "}").encode()
        w = XmlWriter()
        w.open(self.name, self.namespace, None)
        ns = self.namespace
        for name, node, _ in self.parts:
            item = values.get(name)
            if item is None:
                w.nil(name, ns, ns)
            else:
                node.write(item, w, name, ns, ns, f"{self.name}.{name}")
        w.parts.append(f"</{self.name}>")
        return "".join(w.parts).encode()

    def decode(self, data: bytes, wire_format: WireFormat) -> Any:
        values: dict[str, Any] = {}
        if wire_format == "json":
            document = load_json(data)
            if not isinstance(document, dict):
                got = json_name(document)
                raise DecodeError(f"{self.name}: expected a JSON object, got {got}")
            repeated = repeated_key(document, (name for name, _, _ in self.parts))
            if repeated is not None:
                raise DecodeError(f"{self.name}.{repeated}: appears more than once")
            for name, node, nillable in self.parts:
                if name not in document:
                    values[name] = node.default()
                elif (item := document[name]) is None:
                    self._check_nil(name, nillable)
                    values[name] = None
                else:
                    values[name] = node.load(item, f"{self.name}.{name}")
        else:
            root = parse_xml(data)
            if root.tag != self._tag:
                raise _expected_root(self.name, self.namespace, root.tag)
            children: dict[str, Any] = {}
            for child in root:
                children.setdefault(child.tag, child)
            with Reading():  # z:Ref resolves across the whole document
                for name, node, nillable in self.parts:
                    part = children.get(f"{{{self.namespace}}}{name}")
                    if part is None:
                        values[name] = node.default()
                    elif part.get(NIL) in ("true", "1"):
                        self._check_nil(name, nillable)
                        values[name] = None
                    else:
                        values[name] = node.read(part, f"{self.name}.{name}")
        return values[self.parts[0][0]] if self.result else values


def ContractCodec(
    cls: type[T],
) -> Codec[T | None]:  # reads as a class in generated code
    """A data contract root: ``<CallEvent xmlns="K2.Data">…`` or ``{"Direction":…}``;
    a contract is a reference type, so nil is ``None``."""
    contract: Any = cls  # a generated dataclass with a Meta class
    name, namespace = contract.Meta.name, contract.Meta.namespace
    return RootCodec(ContractNode(cls), name, namespace, nillable=True)


@overload
def PrimitiveCodec(
    name: str, python_type: type[T], *, nillable: Literal[False] = False
) -> Codec[T]: ...


@overload
def PrimitiveCodec(
    name: str, python_type: type[T], *, nillable: Literal[True]
) -> Codec[T | None]: ...


def PrimitiveCodec(
    name: str, python_type: type[Any], *, nillable: bool = False
) -> Codec[Any]:
    """A primitive root: ``<boolean xmlns="…/Serialization/">true</boolean>`` or
    ``true``. ``python_type`` types the codec; ``nillable`` for reference types
    (``string``, ``base64Binary``, ``anyURI``)."""
    return RootCodec(ScalarNode(name), name, SER, nillable=nillable)
