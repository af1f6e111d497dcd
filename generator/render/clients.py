"""The methods of the generated clients, laid out in full: the plain method (``-> T``),
the ``detailed`` view's (``-> Response[T]``, with overloads on ``raise_for_status``)
and, for a Stream answer, the ``stream`` view's; each in a sync and an async variant.

Every line is built from escaped parts (:mod:`.escape`) and laid out by :mod:`.layout`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..ir import BodyKind, Operation
from . import layout
from .escape import Code, docstring, ident, pystr

_OPTIONS = "**options: Unpack[_client.CallOptions],"
_RAISES = (
    "ApiError: The service answered with an error status",
    "TransportError: No answer: the connection failed, timed out or passed the deadline.",
    "DecodeError: The answer is not what the contract says.",
    "EncodeError: A value cannot be written to the wire.",
)


@dataclass(frozen=True)
class FaultView:
    """A fault detail an operation declares: the status, the error class, the detail type."""

    status: int
    error: str  # the generated ApiError subclass
    detail: str  # its detail's annotation
    type_name: str  # as the manifest names it


@dataclass(frozen=True)
class Param:
    name: str
    annotation: str
    default: str | None = None  # the default's code
    keyword: bool = False  # keyword-only


@dataclass(frozen=True)
class MethodSpec:
    """What the three kinds of client method of one operation share."""

    op: Operation
    params: tuple[tuple[Param, ...], tuple[Param, ...]]  # after ``self``: sync, async
    returns: str  # the plain method's annotation
    call_args: str  # ``self._call(`` arguments, before ``options``
    casts: bool  # the plain method casts the answer (its codec is not typed)
    faults: tuple[FaultView, ...]
    streams: bool  # a Stream answer: the ``stream`` view has the operation too
    summary: str
    details: str


@dataclass(frozen=True)
class ClientMethods:
    plain: tuple[Code, Code]  # sync, async
    detailed: tuple[Code, Code]
    stream: tuple[Code, Code] | None  # only for a Stream answer


def client_methods(spec: MethodSpec) -> ClientMethods:
    return ClientMethods(
        plain=(_plain(spec, 0), _plain(spec, 1)),
        detailed=(_detailed(spec, 0), _detailed(spec, 1)),
        stream=(_stream(spec, 0), _stream(spec, 1)) if spec.streams else None,
    )


def _signature(head: str, params: tuple[Param, ...], returns: str, *, stub: bool = False) -> list[str]:
    """``def name(`` one parameter a line ``) -> returns:``, at a method's indentation."""
    lines = [f"    {head}(", "        self,"]
    star = False
    for param in params:
        if param.keyword and not star:
            lines.append("        *,")
            star = True
        suffix = "," if param.default is None else f" = {param.default},"
        lines.append("        " + layout.annotated(ident(param.name), param.annotation, 8, suffix))
    lines.append(f"        {_OPTIONS}")
    lines.append("    " + layout.returns(returns, 4, ": ..." if stub else ":"))
    return lines


def _docstring(spec: MethodSpec, lines: list[str]) -> list[str]:
    """The docstring: the summary, the HTTP call, ``lines``, the details."""
    op = spec.op
    text = [f'        """{docstring(spec.summary, 8)}', "", f"        ``{docstring(op.method)} {docstring(op.uri_template)}``"]
    text += [f"        {line}" if line else "" for line in lines]
    if spec.details:
        text += ["", f"        {docstring(spec.details, 8)}"]
    return [*text, '        """']


def _raises(spec: MethodSpec, unless: str = "") -> list[str]:
    faults = [f"{ident(f.error)}: HTTP {f.status} with its ``{docstring(f.type_name)}`` detail." for f in spec.faults]
    first, *others = _RAISES
    return ["", "Raises:", *(f"    {line}" for line in (*faults, f"{first}{unless}.", *others))]


def _body(spec: MethodSpec, variant: int, call: str, *, cast: str | None = None, prefix: str = "return ") -> list[str]:
    expression = f"{'await ' if variant else ''}self._call({call})"
    if cast is not None:
        expression = f"cast({pystr(cast)}, {expression})"
    return ["        " + layout.expression(expression, 8, prefix, statement=bool(prefix))]


def _plain(spec: MethodSpec, variant: int) -> Code:
    head = f"{'async ' if variant else ''}def {ident(spec.op.python_name)}"
    lines = _signature(head, spec.params[variant], spec.returns)
    lines += _docstring(spec, _raises(spec))
    call = f"{spec.call_args}, options=options"
    if spec.op.response.kind is BodyKind.EMPTY:
        lines += _body(spec, variant, call, prefix="")
    else:
        lines += _body(spec, variant, call, cast=spec.returns if spec.casts else None)
    return Code("\n".join(lines))


def _detailed(spec: MethodSpec, variant: int) -> Code:
    head = f"{'async ' if variant else ''}def {ident(spec.op.python_name)}"
    params = spec.params[variant]
    success = f"_client.Response[{spec.returns}]"
    detail = " | ".join(dict.fromkeys([*(f.detail for f in spec.faults), "None"]))  # unique, in order
    either = success if detail == spec.returns else f"{success} | _client.Response[{detail}]"
    lines = ["    @overload"]
    lines += _signature(head, (*params, Param("raise_for_status", "Literal[True]", "...", True)), success, stub=True)
    lines += ["", "    @overload"]
    lines += _signature(head, (*params, Param("raise_for_status", "Literal[False]", None, True)), either, stub=True)
    lines.append("")
    lines += _signature(head, (*params, Param("raise_for_status", "bool", "True", True)), either)
    returned = [
        "The whole response (status, headers, bytes and value). With",
        "``raise_for_status=False`` an error answer is returned too, its ``parsed``",
        "the fault detail the operation declares for the status, else ``None``.",
    ]
    lines += _docstring(spec, ["", *returned, *_raises(spec, " (unless raise_for_status=False)")])
    call = f"{spec.call_args}, raise_for_status=raise_for_status, options=options"
    lines += _body(spec, variant, call)
    return Code("\n".join(lines))


def _stream(spec: MethodSpec, variant: int) -> Code:
    name = ident(spec.op.python_name)
    returns = "_client.AsyncStreamResponse" if variant else "_client.StreamResponse"
    lines = _signature(f"def {name}", spec.params[variant], returns)
    iterate = "async for chunk in response.aiter_bytes()" if variant else "for chunk in response.iter_bytes()"
    usage = [
        "",
        "The body read as it arrives, never whole in memory; the request is sent, and",
        "an error status raises, on entering the block::",
        "",
        f"    {'async ' if variant else ''}with client.stream.{name}(...) as response:",
        f"        {iterate}:",
        "            ...",
    ]
    lines += _docstring(spec, [*usage, *_raises(spec)])
    lines += _body(spec, 0, f"{spec.call_args}, options=options")
    return Code("\n".join(lines))

