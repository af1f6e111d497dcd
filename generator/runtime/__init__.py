"""The wire runtime every binding ships, copied verbatim into its ``_runtime`` package.

It writes exactly what DataContractSerializer (XML) and DataContractJsonSerializer
(JSON) write, and reads leniently where WCF is lenient but never loses data. Generated
code uses only the names below (and the modules :mod:`.client`, :mod:`.server` and
:mod:`.docs`, which this package does not import, so a client needs no ``fastapi``):

- codecs for message bodies: :class:`ContractCodec`, :class:`PrimitiveCodec`,
  :class:`RootCodec`, :class:`WrappedCodec`, :class:`EmptyCodec`, :class:`RawCodec`;
- nodes for the types inside them: :class:`ScalarNode`, :class:`DateTimeOffsetNode`,
  :class:`ContractNode`, :class:`EnumNode`, :class:`FlagsNode`, :class:`ListNode`,
  :class:`DictNode`, :class:`AnyNode`;
- for models: :class:`WcfEnum` (the base of generated enums), :class:`WcfReference`
  (the base of IsReference contracts) and :data:`MIN_DATETIME_OFFSET` (a
  ``DateTimeOffset``'s default);
- :class:`RawBody`, :data:`WireFormat` and the errors.
"""

from __future__ import annotations

from .bodies import (
    Codec,
    ContractCodec,
    EmptyCodec,
    PrimitiveCodec,
    RawBody,
    RawCodec,
    RootCodec,
    WrappedCodec,
)
from .containers import DictNode, ListNode
from .contracts import ContractNode
from .dates import MIN_DATETIME_OFFSET
from .enums import EnumNode, FlagsNode, WcfEnum
from .errors import ApiError, DecodeError, EncodeError, Error
from .nodes import DateTimeOffsetNode, Node, ScalarNode
from .objects import AnyNode
from .references import WcfReference
from .wire import WireFormat

__all__ = [
    "MIN_DATETIME_OFFSET",
    "AnyNode",
    "ApiError",
    "Codec",
    "ContractCodec",
    "ContractNode",
    "DateTimeOffsetNode",
    "DecodeError",
    "DictNode",
    "EmptyCodec",
    "EncodeError",
    "EnumNode",
    "Error",
    "FlagsNode",
    "ListNode",
    "Node",
    "PrimitiveCodec",
    "RawBody",
    "RawCodec",
    "RootCodec",
    "ScalarNode",
    "WcfEnum",
    "WcfReference",
    "WireFormat",
    "WrappedCodec",
]
