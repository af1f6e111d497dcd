"""What a help site is made of: the service's operations as WCF describes them, and the variants."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

from .strings import ENGLISH, Strings
from .xsd import QName

BodyKind = Literal["body", "empty", "wrapped", "stream"]
BodyStyle = Literal["Bare", "Wrapped", "WrappedRequest", "WrappedResponse"]

_VARIABLE: Final = re.compile(r"\{\*?(?P<name>[^}=]+)(?:=[^}]*)?\}")


@dataclass(frozen=True)
class KnownType:
    """A known type of an operation, as the JSON example's ``__type`` names it: ``Name:#ClrNamespace``."""

    qname: QName  # its data contract name
    clr_name: str  # Type.Name
    clr_namespace: str  # Type.Namespace

    @property
    def hint(self) -> str:
        return f"{self.clr_name}:#{self.clr_namespace}"


@dataclass(frozen=True)
class Message:
    """One direction of an operation, as ``MessageHelpInformation`` sees it.

    ``kind`` is ``"body"`` for a data contract or primitive (examples and schemas are
    generated), otherwise the row the page describes instead: ``"empty"`` (``void``, and
    every GET request), ``"wrapped"`` (a wrapped body style), ``"stream"``. ``schemas`` are the
    texts of the schema set ``XsdDataContractExporter`` exported for the body type and the
    operation's known types, in set order, as ``XmlSchema.Write`` printed them.
    """

    kind: BodyKind = "empty"
    root: QName | None = None  # the root element, exporter.GetRootElementName(type)
    schemas: tuple[str, ...] = ()
    known_types: tuple[KnownType, ...] = ()


EMPTY: Final = Message()
WRAPPED: Final = Message("wrapped")
STREAM: Final = Message("stream")


def body(root: QName, schemas: tuple[str, ...], known_types: tuple[KnownType, ...] = ()) -> Message:
    return Message("body", root, schemas, known_types)


@dataclass(frozen=True)
class Operation:
    name: str
    method: str
    uri_template: str  # as declared (UriTemplateClientFormatter.GetUTStringOrDefault)
    description: str = ""  # the [Description] attribute; "" when there is none
    request: Message = EMPTY
    response: Message = EMPTY
    supports_json: bool = True  # DataContractSerializer (not [XmlSerializerFormat])
    body_style: BodyStyle = "Bare"  # a wrapped direction's body is described as wrapped, unless it is void

    def wraps(self, request: bool) -> bool:
        return self.body_style == "Wrapped" or self.body_style == ("WrappedRequest" if request else "WrappedResponse")


@dataclass(frozen=True)
class Site:
    """A service's help site: ``<base_url>/help`` and one page per operation, in contract order."""

    base_url: str  # the endpoint address, with the host the pages were requested through
    operations: tuple[Operation, ...]
    javascript_callback: str | None = None  # crossDomainScriptAccessEnabled: the JSONP parameter
    time_zone: str = "Europe/Prague"  # the server's: JSON example dates carry its offset
    strings: Strings = ENGLISH


@dataclass(frozen=True)
class RequestError:
    """WCF's error page, served instead of a help page when rendering it failed."""

    message: str | None = None  # the exception message; None when exception details are off
    stack_trace: str = ""


@dataclass(frozen=True)
class Variant:
    """How real sites differ from the plain pages (issue 9). All off: the pages as WCF serves them."""

    leading_slash: bool = False  # templates declared with a leading '/' ([WebGet(UriTemplate = "/x")])
    page_host: str | None = None  # operation pages requested through another host name than the index
    request_errors: Mapping[str, RequestError] = field(default_factory=dict)  # operation → its error page
    saved_by: Literal["browser", "wget"] | None = None  # re-serialized by a browser, or links rewritten by wget
    hash_anchors: bool = False  # .NET 4.0 pages: <a name="#request-xml">


def full_uri(base_url: str, template: str) -> str:
    """``BuildFullUriTemplate``: the template bound to its own variables, upper-cased (``{ID}``)."""
    path, mark, query = template.partition("?")
    bound = _VARIABLE.sub(lambda m: "{" + m["name"].upper() + "}", path.lstrip("/"))
    url = base_url.rstrip("/") + "/" + bound if bound else base_url
    if mark:
        url += "?" + _VARIABLE.sub(lambda m: "{" + m["name"].upper() + "}", query)
    return url


def filter_query(template: str) -> str:
    """``FilterQueryVariables``: the template up to its ``?`` (kept whole if it starts with one)."""
    index = template.find("?")
    return template[:index] if index > 0 else template
