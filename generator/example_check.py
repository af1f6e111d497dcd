"""The examples become tests: every operation's own XML and JSON examples, decoded through the
binding ``generate`` just built, and compared with each other.

The binding is the verified output of :func:`wcfgen.pipeline.build`, imported from memory
(:mod:`wcfgen.inmemory`); its codecs do the decoding, so a warning here is what a user of
the binding would meet. The two examples of a body are compared as values, knowing what
WCF's example generator (``HelpExampleGenerator``) writes differently in the two formats,
none of which is a contract difference:

- XML repeats each item of a list (and of a dictionary) twice, JSON shows it once;
- XML shows a known subtype (``i:type``) where JSON shows the declared type;
- JSON shows ``0`` for every enum (a number no member may declare; flags: no flag),
  XML the first member;
- XML shows dates as local time without an offset, JSON with the server's offset
  (``\\/Date(928174800000-0700)\\/``): the same wall-clock time;
- JSON shows a ``byte[]`` as the character codes of XML's base64 text;
- XML gives every IsReference object both ``z:Id`` and ``z:Ref``, with the placeholder
  ``NCNameString``, and JSON shows what DataContractJsonSerializer refuses to carry
  (:mod:`wcfgen.conventions` picks the examples to decode).
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from enum import Enum
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

from .background import in_halves
from .cache import Cache
from .conventions import UsableExamples
from .errors import UnsafeOutputError
from .inmemory import imported
from .ir import Api, BodyKind, Operation
from .render.service import operation_constant
from .write.verify import verify_python

MAX_SHOWN = 80  # characters of a value a warning quotes
FORK_OPERATIONS = 64  # fewer operations to decode are decoded here alone: a fork would cost more


def check_examples(
    apis: Sequence[Api], api_dirs: Sequence[Path], files: Mapping[str, bytes], cache: Cache | None = None
) -> list[str]:
    """One warning per operation whose examples do not decode or disagree (``file:line: …``),
    the file named from the folder ``api_dirs`` (each API's folder) are in.

    An operation's result is remembered in ``cache`` by what decides it: the operation (but its
    description and place), the API's types, the runtime and ``models.py`` it decodes with. When
    every operation's is known, the binding is not imported at all (a page's text edited)."""
    warnings = []
    for api, api_dir in zip(apis, api_dirs, strict=True):
        package_files = _package_files(api, files)
        binding = _binding_digest(api, package_files)
        known = _known_results(cache, binding)
        keys: dict[tuple[str, str], str] = {}
        results: dict[tuple[str, str], Any] = {}
        for service in api.services:
            for op in service.operations:
                where = api_dir.parent / op.source.file
                keys[(service.name, op.name)] = key = _digest([binding, service.name, service.python_name, str(where), _plain(op)])
                if key in known:
                    results[(service.name, op.name)] = known[key]
        missing = set(keys) - set(results)
        if missing:
            results.update(_decode(api, package_files, missing))
        if cache is not None and missing:
            _remember_results(cache, binding, {keys[ident]: results[ident] for ident in sorted(keys)}, known)
        for service in api.services:
            for op in service.operations:
                result = results[(service.name, op.name)]
                if result is not None:
                    where, line = api_dir.parent / op.source.file, result[0]
                    warnings.append(f"{where}{'' if line is None else f':{line}'}: {service.name}/{op.name}: {result[1]}")
    return warnings


def _known_results(cache: Cache | None, binding: str) -> dict[str, Any]:
    """The results remembered for operations decoded with this binding: one cache entry per binding,
    not one file per operation (400 files cost a large API a tenth of a second to write)."""
    entry = cache.get(CACHE_NAMESPACE, binding) if cache is not None else None
    if not isinstance(entry, dict):
        return {}
    return {key: result for key, result in entry.items() if isinstance(key, str) and _is_result(result)}


def _remember_results(cache: Cache, binding: str, current: dict[str, Any], known: Mapping[str, Any]) -> None:
    """This generation's results, then as many earlier ones and a few more (a reverted edit still hits)."""
    older = [(key, result) for key, result in known.items() if key not in current]
    kept = dict(older[: len(current) + KEEP_OLDER])
    cache.put(CACHE_NAMESPACE, binding, {**current, **kept})


CACHE_NAMESPACE = "examples"
KEEP_OLDER = 16  # results of operations no longer in the spec kept beyond one per operation
_NOT_DECIDING = frozenset({"description", "source", "title"})  # texts and places: the warning's place is in the key


def _decode(api: Api, package_files: Mapping[str, bytes], todo: set[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    """Each operation's [line, problem], or None, decoded through the binding imported from memory."""
    with imported(_codecs_only(api, package_files), api.package) as package:
        usable = UsableExamples(api)
        checks: list[tuple[tuple[str, str], Operation, ModuleType]] = []
        for service in api.services:
            if not any((service.name, op.name) in todo for op in service.operations):
                continue
            client = import_module(f"{package.__name__}.{service.python_name}.client")
            checks += [((service.name, op.name), op, client) for op in service.operations if (service.name, op.name) in todo]

        def check(part: Sequence[tuple[tuple[str, str], Operation, ModuleType]]) -> list[Any]:
            return [_result(_check_operation(op, client, usable)) for _, op, client in part]

        found = in_halves(check, checks, parallel=len(checks) >= FORK_OPERATIONS)  # half on a second core
    return {ident: result for (ident, _, _), result in zip(checks, found, strict=True)}


def _result(warning: tuple[int | None, str] | None) -> list[Any] | None:
    return None if warning is None else [warning[0], warning[1]]


def _codecs_only(api: Api, package_files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The package as decoding needs it: each service's ``client.py`` cut before its first class, no
    ``server.py``, and the service's ``__init__.py`` (which imports the classes) empty.

    The codecs are module-level descriptors written before the client classes, which only call them
    and make up nearly all of a large API's ``client.py`` (2.2 MB at 400 operations): importing the
    whole module would compile them all. A cut that is not a statement boundary would leave a string or
    a bracket open and not compile; then the whole module is taken. What is taken is verified here:
    :func:`wcfgen.pipeline.generate` verifies the service modules themselves beside this check.
    """
    reduced = dict(package_files)
    for service in api.services:
        folder = f"{api.package}/{service.python_name}"
        source = package_files.get(f"{folder}/client.py", b"")
        cut = source.find(_FIRST_CLASS)
        codecs = source[: cut + 1] if cut >= 0 else source
        try:
            verify_python(f"{folder}/client.py", codecs.decode("utf-8"))
        except UnsafeOutputError:  # a cut inside a string: the whole module, which gives any real error
            codecs = source
            verify_python(f"{folder}/client.py", codecs.decode("utf-8"))
        reduced[f"{folder}/client.py"] = codecs
        reduced[f"{folder}/__init__.py"] = b""
        reduced.pop(f"{folder}/server.py", None)
    return reduced


_FIRST_CLASS = b"\n\n\nclass "  # templates/service/client.py.jinja: the descriptors, then the classes


def _is_result(value: object) -> bool:
    if value is None:
        return True
    return isinstance(value, list) and len(value) == 2 and isinstance(value[1], str) and (value[0] is None or type(value[0]) is int)


def _binding_digest(api: Api, package_files: Mapping[str, bytes]) -> str:
    """What the operations decode with: the API's types (as the models show them), the runtime, ``models.py``."""
    decoding = sorted(path for path in package_files if "/_runtime/" in path or path.endswith("/models.py"))
    digest = hashlib.sha256(_digest([api.package, _plain(api.contracts), _plain(api.enums)]).encode())
    for path in decoding:
        digest.update(f"{path}\0{len(package_files[path])}\0".encode() + package_files[path])
    return digest.hexdigest()


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value).encode()).hexdigest()


def _plain(value: object) -> object:
    """A model value as JSON, without its texts and places: a dataclass as the list of its deciding
    fields' values (its type, fixed by where it is in the model, says which field each is)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is tuple:
        return [_plain(item) for item in value]  # type: ignore[attr-defined]
    plain = _PLAIN.get(kind) or _plain_of(kind)
    return plain(value)


_SCALARS = frozenset({str, int, bool, type(None)})
_PLAIN: dict[type, Callable[[Any], object]] = {}  # made once per type: a large API has many values of few


def _plain_of(kind: type) -> Callable[[Any], object]:
    if issubclass(kind, Enum):
        plain: Callable[[Any], object] = operator.attrgetter("value")
    elif dataclasses.is_dataclass(kind):
        names = tuple(field.name for field in dataclasses.fields(kind) if field.name not in _NOT_DECIDING)
        plain = lambda value: [_plain(getattr(value, name)) for name in names]
    else:
        raise TypeError(f"not a model type: {kind}")
    _PLAIN[kind] = plain
    return plain


def _package_files(api: Api, files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The package's files by their path from the package's parent (a distribution's folder stripped)."""
    prefix = f"{api.distribution.name}/" if api.distribution is not None else ""
    return {path[len(prefix) :]: data for path, data in files.items() if path.startswith(f"{prefix}{api.package}/")}


def _check_operation(op: Operation, client: ModuleType, usable: UsableExamples) -> tuple[int | None, str] | None:
    """The first example's line and what is wrong with the operation's examples, if anything."""
    const = operation_constant(op)
    codecs = (("request", op.request, getattr(client, f"{const}_REQUEST", None)), ("response", op.response, getattr(client, const).response))
    problems: list[tuple[int | None, str]] = []
    for direction, body, codec in codecs:
        if codec is None or body.kind not in (BodyKind.DATA_CONTRACT, BodyKind.PRIMITIVE) or body.parts:
            continue  # nothing to decode, or raw bytes (a stream, a wrapped body the page cannot describe)
        xml_example, json_example = usable.of(body)
        decoded = {}
        for fmt, example, line in (("xml", xml_example, body.xml_line), ("json", json_example, body.json_line)):
            if example is None:
                continue
            try:
                decoded[fmt] = codec.decode(example.encode("utf-8"), fmt)
            except Exception as exc:  # noqa: BLE001 -- a DecodeError, or a runtime failure: both are reported
                problems.append((line, f"the {direction} {fmt.upper()} example does not decode ({_short(str(exc))})"))
        if len(decoded) == 2:
            found = disagreement(decoded["xml"], decoded["json"], body.root.name if body.root else direction)
            if found is not None:
                problems.append((body.xml_line, f"the {direction} XML and JSON examples disagree at {found}"))
    if not problems:
        return None
    return problems[0][0], "; ".join(problem for _, problem in problems)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 2 * MAX_SHOWN else text[: 2 * MAX_SHOWN - 1] + "…"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


# -- the conventions -------------------------------------------------------------


def disagreement(xml: Any, json: Any, where: str) -> str | None:
    """Where two decoded examples differ beyond the example generator's conventions
    (``Order.Lines[0].Price: 1.5 in XML, 2 in JSON``), or None. Iterative, so a deep or
    cyclic value does not recurse; a pair of objects met again is taken as equal."""
    pending = [(xml, json, where)]
    assumed: set[tuple[int, int]] = set()
    while pending:
        a, b, at = pending.pop()
        if a is b or _by_convention(a, b):
            continue
        if dataclasses.is_dataclass(a) and not isinstance(a, type) and dataclasses.is_dataclass(b):
            common = _common_type(a, b)
            if common is None:
                return f"{at}: {type(a).__name__} in XML, {type(b).__name__} in JSON"
            if (id(a), id(b)) in assumed:
                continue
            assumed.add((id(a), id(b)))
            pending += [(getattr(a, f.name), getattr(b, f.name), f"{at}.{f.name}") for f in dataclasses.fields(common)]
        elif isinstance(a, list) and isinstance(b, list):
            pairs = _list_pairs(a, b)
            if pairs is None:
                return f"{at}: {len(a)} items in XML, {len(b)} in JSON"
            pending += [(x, y, f"{at}[{index}]") for index, x, y in pairs]
        elif isinstance(a, dict) and isinstance(b, dict):
            if a.keys() != b.keys():
                return f"{at}: keys {_shown(sorted(map(str, a)))} in XML, {_shown(sorted(map(str, b)))} in JSON"
            pending += [(a[key], b[key], f"{at}[{key!r}]") for key in a]
        elif a != b:
            return f"{at}: {_shown(a)} in XML, {_shown(b)} in JSON"
    return None


def _by_convention(xml: Any, json: Any) -> bool:
    """The differences WCF's example generator makes between the two formats of one value."""
    if isinstance(json, Enum) and getattr(json, "number", None) == 0:
        return isinstance(xml, type(json))  # JSON shows 0 for every enum
    if json == frozenset() and isinstance(xml, frozenset):
        return True  # flags: 0 in JSON, the first member in XML
    if isinstance(xml, datetime) and isinstance(json, datetime):
        if xml.tzinfo is None and json.tzinfo is not None:
            return xml == json.replace(tzinfo=None)  # local time in XML, the same time with an offset in JSON
        return xml == json
    if isinstance(xml, bytes) and isinstance(json, bytes):
        return json in (xml, base64.b64encode(xml))  # JSON: the character codes of XML's base64 text
    return False


def _common_type(xml: Any, json: Any) -> type[Any] | None:
    """The type whose members both examples show: the same, or JSON's base where XML shows a known subtype."""
    if type(xml) is type(json) or isinstance(xml, type(json)):
        return type(json)
    if isinstance(json, type(xml)):
        return type(xml)
    return None


def _list_pairs(xml: list[Any], json: list[Any]) -> Iterator[tuple[int, Any, Any]] | None:
    """Items to compare: one to one, or each JSON item with the first of its two XML
    repetitions (the generator writes the same item twice)."""
    if len(xml) == len(json):
        return ((index, x, y) for index, (x, y) in enumerate(zip(xml, json, strict=True)))
    if len(xml) == 2 * len(json):
        return ((2 * index, xml[2 * index], y) for index, y in enumerate(json))
    return None
