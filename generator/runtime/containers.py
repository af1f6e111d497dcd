"""Collections (``ArrayOfX``, JSON arrays) and dictionaries (``ArrayOfKeyValueOfKV``)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

from .errors import DecodeError, EncodeError
from .nodes import Node
from .wire import NIL, json_name, repeated_key, type_error
from .xmltext import XmlWriter


class ListNode(Node):
    """A collection: ``<Tags><a:string>x</a:string></Tags>`` in XML, an array in JSON."""

    complex = True

    def __init__(
        self, item: Node, item_name: str, item_namespace: str, item_nillable: bool
    ) -> None:
        self.item = item
        self.item_name = item_name
        self.item_namespace = item_namespace
        self.item_nillable = item_nillable
        self._item_tag = f"{{{item_namespace}}}{item_name}"

    def _items(self, value: Any, where: str) -> Iterable[Any]:
        if not isinstance(value, list):
            raise type_error(where, "list", value)
        return value

    def write(
        self,
        value: Any,
        w: XmlWriter,
        tag: str,
        ns: str,
        parent_ns: str | None,
        where: str,
    ) -> None:
        w.open(tag, ns, parent_ns)
        for index, item in enumerate(self._items(value, where)):
            self._write_item(item, w, ns, f"{where}[{index}]")
        w.parts.append(f"</{tag}>")

    def _write_item(self, item: Any, w: XmlWriter, ns: str, where: str) -> None:
        if item is None:
            if not self.item_nillable:
                raise EncodeError(f"{where}: null is not allowed")
            w.nil(self.item_name, self.item_namespace, ns)
        else:
            self.item.write(item, w, self.item_name, self.item_namespace, ns, where)

    def read(self, element: ET.Element, where: str) -> Any:
        items: list[Any] = []
        for child in element:
            if child.tag == self._item_tag:  # other elements are ignored, as WCF does
                items.append(self._read_item(child, f"{where}[{len(items)}]"))
        return items

    def _read_item(self, child: ET.Element, where: str) -> Any:
        if child.get(NIL) in ("true", "1"):
            if not self.item_nillable:
                raise DecodeError(f"{where}: null is not allowed")
            return None
        return self.item.read(child, where)

    def dump(self, value: Any, where: str) -> str:
        parts = []
        for index, item in enumerate(self._items(value, where)):
            if item is None and not self.item_nillable:
                raise EncodeError(f"{where}[{index}]: null is not allowed")
            parts.append(
                "null" if item is None else self.item.dump(item, f"{where}[{index}]")
            )
        return "[" + ",".join(parts) + "]"

    def load(self, data: Any, where: str) -> Any:
        if not isinstance(data, list):
            return _empty_object(data, [], where, "an array")
        items = []
        for index, item in enumerate(data):
            if item is None and not self.item_nillable:
                raise DecodeError(f"{where}[{index}]: null is not allowed")
            items.append(
                None if item is None else self.item.load(item, f"{where}[{index}]")
            )
        return items


class DictNode(Node):
    """A dictionary: ``ArrayOfKeyValueOfKV`` in XML, ``[{"Key":…,"Value":…}]`` in JSON.

    A key that appears twice is refused, as .NET's ``Dictionary`` refuses it.
    """

    complex = True

    def __init__(
        self,
        key: Node,
        value: Node,
        item_name: str,
        namespace: str,
        value_nillable: bool,
    ) -> None:
        self.key = key
        self.value = value
        self.item_name = item_name
        self.namespace = namespace
        self.value_nillable = value_nillable
        self._item_tag = f"{{{namespace}}}{item_name}"
        self._key_tag, self._value_tag = f"{{{namespace}}}Key", f"{{{namespace}}}Value"

    def _pairs(self, value: Any, where: str) -> Iterable[tuple[Any, Any]]:
        if not isinstance(value, dict):
            raise type_error(where, "dict", value)
        return value.items()

    def write(
        self,
        value: Any,
        w: XmlWriter,
        tag: str,
        ns: str,
        parent_ns: str | None,
        where: str,
    ) -> None:
        w.open(tag, ns, parent_ns)
        for key, item in self._pairs(value, where):
            w.open(self.item_name, self.namespace, ns)
            self.key.write(
                key, w, "Key", self.namespace, self.namespace, f"{where}.Key"
            )
            if item is None:
                if not self.value_nillable:
                    raise EncodeError(f"{where}[{key!r}]: null is not allowed")
                w.nil("Value", self.namespace, self.namespace)
            else:
                self.value.write(
                    item,
                    w,
                    "Value",
                    self.namespace,
                    self.namespace,
                    f"{where}[{key!r}]",
                )
            w.parts.append(f"</{self.item_name}>")
        w.parts.append(f"</{tag}>")

    def read(self, element: ET.Element, where: str) -> Any:
        result: dict[Any, Any] = {}
        for child in element:
            if child.tag != self._item_tag:
                continue
            key_element, value_element = (
                child.find(self._key_tag),
                child.find(self._value_tag),
            )
            if key_element is None:
                raise DecodeError(f"{where}: an item without a Key")
            if key_element.get(NIL) in ("true", "1"):
                raise DecodeError(f"{where}: a null Key")
            key = self._new_key(
                self.key.read(key_element, f"{where}.Key"), result, where
            )
            if value_element is None or value_element.get(NIL) in ("true", "1"):
                if not self.value_nillable:
                    raise DecodeError(f"{where}[{key!r}]: null is not allowed")
                result[key] = None
            else:
                result[key] = self.value.read(value_element, f"{where}[{key!r}]")
        return result

    @staticmethod
    def _new_key(key: Any, result: dict[Any, Any], where: str) -> Any:
        if key in result:
            raise DecodeError(f"{where}: the key {key!r} appears more than once")
        return key

    def dump(self, value: Any, where: str) -> str:
        items = []
        for key, item in self._pairs(value, where):
            dumped = (
                "null" if item is None else self.value.dump(item, f"{where}[{key!r}]")
            )
            items.append(
                f'{{"Key":{self.key.dump(key, f"{where}.Key")},"Value":{dumped}}}'
            )
        return "[" + ",".join(items) + "]"

    def load(self, data: Any, where: str) -> Any:
        if not isinstance(data, list):
            return _empty_object(data, {}, where, "an array of Key/Value objects")
        result: dict[Any, Any] = {}
        for item in data:
            if not isinstance(item, dict) or "Key" not in item:
                raise DecodeError(f"{where}: expected an object with Key and Value")
            repeated = repeated_key(item, ("Key", "Value"))
            if repeated is not None:
                raise DecodeError(f"{where}: {repeated} appears more than once")
            if item["Key"] is None:
                raise DecodeError(f"{where}: a null Key")
            key = self._new_key(
                self.key.load(item["Key"], f"{where}.Key"), result, where
            )
            value = item.get("Value")
            if value is None and not self.value_nillable:
                raise DecodeError(f"{where}[{key!r}]: null is not allowed")
            loaded = (
                None if value is None else self.value.load(value, f"{where}[{key!r}]")
            )
            result[key] = loaded
        return result


def _empty_object(data: Any, empty: Any, where: str, expected: str) -> Any:
    """DataContractJsonSerializer reads a JSON object where a collection belongs as an
    empty collection; an empty object loses nothing, so it is read so, any other is
    refused."""
    if data == {}:
        return empty
    raise DecodeError(f"{where}: expected {expected}, got {json_name(data)}")
