"""What reading a page gave, remembered by the sha256 of everything it depends on.

A page's outcome (its :class:`PageResult`, or that it is WCF's error page) is a function of
the page's bytes, its path (messages and places name it), what the service's index says of
it (method and declared path), the template the manifest declares for it and the service's
address (:func:`page_key`); the code that reads it is the generator, whose hash names the
cache's folder. A page that fails (a :class:`SpecError`) is not remembered: it is read again
and fails the same way.

One cache entry per API folder holds the outcomes of its current pages, loaded once and
written back once when something was read (the schema texts, which every page repeats for
its types' closure, stored once). An entry that does not decode is a miss.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..cache import Cache
from ..ir import Operation, SchemaDoc, SourceRef
from ..ir_json import dump, load
from .error_page import ErrorPage
from .index_page import IndexEntry, IndexPage
from .page import PageResult

NAMESPACE = "read"
_FORMAT = 1  # of the keys and the entry: a change here is a miss, as a new generator is


def page_key(data: bytes, relative: str, indexed: IndexEntry | str, declared: str | None, base_url: str) -> str:
    """``indexed``: the index's entry for the page, or ``"no index"``/``"unlisted"``. Of the entry only
    what is read (method and path): a row added above it moves its line, which nothing takes."""
    listed = [indexed.method, indexed.path] if isinstance(indexed, IndexEntry) else indexed
    return _digest(["page", _FORMAT, relative, listed, declared, base_url], data)


def index_key(data: bytes, relative: str) -> str:
    return _digest(["index", _FORMAT, relative], data)


def _digest(inputs: list[Any], data: bytes) -> str:
    digest = hashlib.sha256(json.dumps(inputs).encode())
    digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()


class ReadCache:
    """The remembered outcomes of one API folder's pages (nothing, without a ``cache``)."""

    def __init__(self, cache: Cache | None, api_dir: Path) -> None:
        self._cache = cache
        self._name = str(api_dir.resolve())
        known = cache.get(NAMESPACE, self._name) if cache is not None else None
        known = known if isinstance(known, dict) else {}
        self._known_texts = _list(known.get("texts"))
        self._known: dict[str, Any] = {k: _dict(known.get(k)) for k in ("pages", "indexes")}
        self._entries: dict[str, dict[str, Any]] = {"pages": {}, "indexes": {}}  # what this read used
        self._texts: dict[str, int] = {}
        self._read = False  # something was read, not remembered

    def page(self, key: str) -> PageResult | ErrorPage | None:
        entry = self._known["pages"].get(key)
        if entry is None:
            return None
        try:
            outcome = self._decode(entry)
        except (ValueError, TypeError, IndexError, KeyError):
            return None
        if isinstance(outcome, PageResult):  # kept as it is, but for where its texts are now
            texts = [self._text(doc.text) for doc in outcome.schemas]
            schemas = [[index, *rest] for index, (_, *rest) in zip(texts, entry["schemas"], strict=True)]
            entry = {"operation": entry["operation"], "schemas": schemas}
        self._entries["pages"][key] = entry
        return outcome

    def put_page(self, key: str, outcome: PageResult | ErrorPage) -> None:
        self._read = True
        if isinstance(outcome, ErrorPage):
            entry: dict[str, Any] = {"error": [outcome.title, outcome.message]}
        else:
            schemas = [
                [self._text(doc.text), doc.target_namespace, doc.source.file, doc.source.line]
                for doc in outcome.schemas
            ]
            entry = {"operation": dump(outcome.operation), "schemas": schemas}
        self._entries["pages"][key] = entry

    def index(self, key: str) -> IndexPage | None:
        entry = self._known["indexes"].get(key)
        try:
            index = load(IndexPage, entry) if entry is not None else None
        except ValueError:
            return None
        if index is not None:
            self._entries["indexes"][key] = entry
        return index

    def put_index(self, key: str, index: IndexPage) -> None:
        self._read = True
        self._entries["indexes"][key] = dump(index)

    def save(self) -> None:
        """Write the entry back if this read read a page, or no longer has one the entry has."""
        if self._cache is None:
            return
        if not self._read and all(self._known[k].keys() == self._entries[k].keys() for k in self._entries):
            return
        self._cache.put(NAMESPACE, self._name, {"texts": list(self._texts), **self._entries})

    def _text(self, text: str) -> int:
        return self._texts.setdefault(text, len(self._texts))

    def _decode(self, entry: Any) -> PageResult | ErrorPage:
        if not isinstance(entry, dict):
            raise TypeError("expected an object")
        if "error" in entry:
            title, message = entry["error"]
            return ErrorPage(_str(title), _str(message))
        schemas = []
        if not isinstance(entry["schemas"], list):
            raise TypeError("expected a list")
        for index, namespace, file, line in entry["schemas"]:
            if type(index) is not int or index < 0 or type(line) is not int:
                raise ValueError("expected a text's index and a line")
            text = _str(self._known_texts[index])
            schemas.append(SchemaDoc(_str(namespace), text, SourceRef(_str(file), line)))
        return PageResult(load(Operation, entry["operation"]), tuple(schemas))


def _str(value: object) -> str:
    if type(value) is not str:
        raise ValueError("expected a string")
    return value


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
