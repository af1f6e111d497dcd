"""Nodes: how values of one type travel, as an XML element's content and a JSON value."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from .dates import MIN_DATETIME_OFFSET, format_datetime, json_date, parse_json_date
from .errors import DecodeError, EncodeError
from .numbers import XML_SPACE, char_from_json, format_char, parse_bool
from .scalars import SCALARS, Scalar, check_scalar
from .wire import SYSTEM, json_name, json_string, type_error
from .xmltext import XmlWriter, escape_attribute, escape_text


class Node:
    """How values of one type travel: an XML element's content and a JSON value."""

    complex = False  # written as child elements, so the i prefix goes on the root

    def write(
        self,
        value: Any,
        w: XmlWriter,
        tag: str,
        ns: str,
        parent_ns: str | None,
        where: str,
    ) -> None:
        raise NotImplementedError

    def read(self, element: ET.Element, where: str) -> Any:
        raise NotImplementedError

    def dump(self, value: Any, where: str) -> str:
        raise NotImplementedError

    def load(self, data: Any, where: str) -> Any:
        raise NotImplementedError

    def default(self) -> Any:
        """What .NET gives a value of this type that is left out: ``None`` for a
        reference type, else the type's default (``0``, ``False``, …)."""
        return None


class ScalarNode(Node):
    def __init__(self, name: str) -> None:
        self.scalar: Scalar[Any] = SCALARS[name]

    def default(self) -> Any:
        return self.scalar.default

    def text(self, value: Any, where: str) -> str:
        check_scalar(self.scalar, value, where)
        try:
            return self.scalar.to_text(value)
        except ValueError as exc:
            raise EncodeError(f"{where}: {exc}") from None

    def write(
        self,
        value: Any,
        w: XmlWriter,
        tag: str,
        ns: str,
        parent_ns: str | None,
        where: str,
    ) -> None:
        text = escape_text(self.text(value, where), where)
        if w.root:  # a primitive root, as WCF writes it, has no i prefix
            w.root = False
            w.parts.append(f'<{tag} xmlns="{escape_attribute(ns)}">{text}</{tag}>')
            return
        declarations = "" if ns == parent_ns else f' xmlns="{escape_attribute(ns)}"'
        w.parts.append(f"<{tag}{declarations}>{text}</{tag}>")

    def read(self, element: ET.Element, where: str) -> Any:
        if len(element):
            raise DecodeError(f"{where}: expected text, got child elements")
        text = element.text or ""
        if self.scalar.python_type is not str:
            text = text.strip(XML_SPACE)
        try:
            return self.scalar.from_text(text)
        except (ValueError, ArithmeticError, InvalidOperation) as exc:
            raise DecodeError(f"{where}: {exc}") from None

    def dump(self, value: Any, where: str) -> str:
        kind = self.scalar.json_kind
        if (
            kind == "string" and type(value) is str and self.scalar.to_text is str
        ):  # the common case, fast
            return json_string(value)
        check_scalar(self.scalar, value, where)
        if (
            kind == "bytes"
        ):  # DataContractJsonSerializer writes byte[] as an array of numbers
            return "[" + ",".join(map(str, value)) + "]"
        if kind == "boolean":
            return "true" if value else "false"
        if kind == "date":
            return json_string(json_date(value))
        if kind == "char":
            format_char(value)
            return json_string(value)
        if kind == "number":
            if isinstance(value, float) and not math.isfinite(value):
                raise EncodeError(f"{where}: JSON cannot carry {value!r}")
            return self.text(value, where)
        return json_string(self.text(value, where))

    def load(self, data: Any, where: str) -> Any:
        kind, scalar = self.scalar.json_kind, self.scalar
        try:
            if kind == "bytes":
                if not isinstance(data, list) or not all(
                    type(b) is int and 0 <= b <= 255 for b in data
                ):
                    raise TypeError("expected an array of byte values")
                return bytes(data)
            if kind == "boolean":
                if isinstance(data, bool):
                    return data
                if isinstance(data, str):  # WCF accepts "true"/"false" strings
                    return parse_bool(data)
                raise TypeError(f"expected a boolean, got {json_name(data)}")
            if kind == "number":
                if isinstance(data, bool) or not isinstance(data, (int, Decimal, str)):
                    raise TypeError(f"expected a number, got {json_name(data)}")
                # numbers sent as JSON strings are accepted, as DataContractJsonSerializer does
                assert scalar.from_json is not None
                return scalar.from_json(data)
            if not isinstance(data, str):
                raise TypeError(f"expected a string, got {json_name(data)}")
            if kind == "date":
                return parse_json_date(data)
            if kind == "char":
                return char_from_json(data)
            return scalar.from_text(data)
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise DecodeError(f"{where}: {exc}") from None


class DateTimeOffsetNode(Node):
    """System.DateTimeOffset: a UTC ``DateTime`` and ``OffsetMinutes``, as an aware datetime."""

    complex = True
    _date = ScalarNode("dateTime")
    _minutes = ScalarNode("short")

    def default(self) -> Any:
        return MIN_DATETIME_OFFSET

    def _parts(self, value: Any, where: str) -> tuple[datetime, int]:
        if not isinstance(value, datetime) or value.utcoffset() is None:
            raise type_error(where, "an aware datetime", value)
        offset = value.utcoffset() or timedelta(0)
        return value.astimezone(UTC), int(offset.total_seconds()) // 60

    def write(
        self,
        value: Any,
        w: XmlWriter,
        tag: str,
        ns: str,
        parent_ns: str | None,
        where: str,
    ) -> None:
        utc, minutes = self._parts(value, where)
        w.open(tag, ns, parent_ns)
        w.parts.append(
            f'<DateTime xmlns="{SYSTEM}">{format_datetime(utc)}</DateTime>'
            f'<OffsetMinutes xmlns="{SYSTEM}">{minutes}</OffsetMinutes>'
        )
        w.parts.append(f"</{tag}>")

    def _build(self, utc: datetime, minutes: int, where: str) -> datetime:
        if utc.tzinfo is None:
            utc = utc.replace(tzinfo=UTC)
        try:
            return utc.astimezone(timezone(timedelta(minutes=minutes)))
        except (ValueError, OverflowError) as exc:
            raise DecodeError(f"{where}: {exc}") from None

    def read(self, element: ET.Element, where: str) -> Any:
        date = element.find(f"{{{SYSTEM}}}DateTime")
        minutes = element.find(f"{{{SYSTEM}}}OffsetMinutes")
        if date is None or minutes is None:
            raise DecodeError(f"{where}: expected DateTime and OffsetMinutes")
        return self._build(
            self._date.read(date, where), self._minutes.read(minutes, where), where
        )

    def dump(self, value: Any, where: str) -> str:
        utc, minutes = self._parts(value, where)
        return f'{{"DateTime":{json_string(json_date(utc))},"OffsetMinutes":{minutes}}}'

    def load(self, data: Any, where: str) -> Any:
        if (
            not isinstance(data, dict)
            or "DateTime" not in data
            or "OffsetMinutes" not in data
        ):
            raise DecodeError(
                f"{where}: expected an object with DateTime and OffsetMinutes"
            )
        return self._build(
            self._date.load(data["DateTime"], where),
            self._minutes.load(data["OffsetMinutes"], where),
            where,
        )
