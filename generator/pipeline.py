"""The whole flow, one direction: read → build models → render → (verify and) write."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import Cache
from .errors import OutputError, SpecError, WarningsAreErrors
from .spec_files import find_api_dirs, spec_hash
from .write import (
    MANIFEST_NAME,
    Changes,
    FileDrift,
    Pending,
    Record,
    drift,
    interrupted,
    prepare_output,
    read_record,
    remember_fresh,
    unchanged_since_record,
    write_output,
)
from .write.journal import recover

if TYPE_CHECKING:  # imported where they are used: check answered from hashes must start fast
    from .diff import Change
    from .ir import Api


@contextmanager
def fewer_collections() -> Iterator[None]:
    """A build allocates millions of objects that live until it ends (models, code, syntax trees):
    Python's cyclic collector, run every 700 allocations by default, would walk them again and
    again (a fifth of a large build). Rarer collections while it runs; the thresholds come back."""
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def load(spec_dir: Path) -> list[Api]:
    """The models of every API in ``spec_dir``; a :class:`SpecError` names its file from the working directory."""
    apis = [_load_api(api_dir) for api_dir in find_api_dirs(spec_dir)]
    folders = [(api.distribution.name if api.distribution else api.package).lower() for api in apis]  # output folders
    for folder in folders:
        if folders.count(folder) > 1:
            raise SpecError(f"two APIs generate the same folder {folder!r} (a package or a distribution)", file=spec_dir)
    return apis


def _load_api(api_dir: Path) -> Api:
    # imported here: xsdata takes ~0.3 s to import, which a check answered from hashes must not pay
    from .models import build_models
    from .read import read_api

    cache = Cache()  # what reading a page and the models stage gave, by what they read
    try:
        api = build_models(read_api(api_dir, cache=cache), cache)
    except SpecError as exc:
        raise exc.under(api_dir.parent) from None
    # the schema texts were the models stage's input only (13 MB of a 400-operation API's 20 MB)
    return dataclasses.replace(api, schemas=())


def build(spec_dir: Path) -> tuple[list[Api], dict[str, bytes]]:
    """Everything ``generate`` would write, verified, in memory."""
    apis, files, pending, _ = _build(spec_dir)
    pending.wait()
    return apis, files


def _build(
    spec_dir: Path, *, defer_services: bool = False
) -> tuple[list[Api], dict[str, bytes], Pending, dict[str, object]]:
    """:func:`build`, with each service's ``client.py`` and ``server.py`` (nearly all of a large API's
    code) still being verified, beside this process, until the :class:`Pending` is waited for; and
    the models the manifest records (:func:`~wcfgen.diff.snapshot.dump_api`), by API name."""
    from .diff.snapshot import dump_api
    from .render import render_api  # imported here, as build_models is
    from .render.distribution import as_distribution

    apis = load(spec_dir)
    files: dict[str, str] = {}
    cache = Cache()  # each operation's laid-out view, by what decides it
    for index, api in enumerate(apis):
        rendered = render_api(api, cache)
        if api.openapi is not None:  # beside the package, or in the distribution's project folder
            from .openapi import document_name, export  # here: most APIs write no document

            document = export(api)
            rendered[document_name(api)] = document.text(yaml=api.openapi == "yaml")
            apis[index] = api = dataclasses.replace(api, warnings=(*api.warnings, *document.warnings))
        files.update(as_distribution(api, rendered) if api.distribution else rendered)
    specs = {api.name: api.spec_hash for api in apis}
    deferred = [path for api in apis for path in _service_modules(api)] if defer_services else []
    models = {api.name: dump_api(api) for api in apis}
    encoded, pending = prepare_output(files, specs, models, deferred=deferred)
    return apis, encoded, pending, models


def _service_modules(api: Api) -> list[str]:
    prefix = f"{api.distribution.name}/" if api.distribution is not None else ""
    return [f"{prefix}{api.package}/{s.python_name}/{module}" for s in api.services for module in ("client.py", "server.py")]


@dataclass(frozen=True)
class Generated:
    apis: list[Api]
    files: Changes
    changes: list[Change] | None  # API changes since the previous generation; None if its model is not recorded
    finished: bool = False  # an interrupted generation was finished first (see wcfgen.write.journal)
    warnings: tuple[str, ...] = ()  # the specs' and the examples' (check_examples), one line each
    fast: bool = False  # nothing moved since the manifest: answered from hashes; ``apis`` name the APIs only


GENERATED = "generated"  # cache namespace: a generation's warnings, by its manifest's sha256 and the spec folders


def generate(
    spec_dir: Path, out_dir: Path, *, strict: bool = False, examples: bool = True, fast: bool = False
) -> Generated:
    """Write the packages of every API in ``spec_dir`` into ``out_dir``; with ``strict``, a warning is an
    error (:class:`WarningsAreErrors`, nothing written). ``examples``: decode every operation's own
    examples through the binding built (:func:`check_examples`) and warn about those that do not.
    ``fast``: when the specs and the output are what the manifest records and this generator is known
    to make them (as :func:`check` answers from hashes), nothing is built; the warnings are the ones
    that generation printed, and ``apis`` carry their names, packages and spec hashes only."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError("the output folder is a file", file=out_dir)
    finished = recover(out_dir)  # a generation killed halfway is finished first: it is the previous one
    cache = Cache()
    api_dirs = find_api_dirs(spec_dir)
    if fast and not finished:
        unchanged = _unchanged(out_dir, api_dirs, examples, cache)
        if unchanged is not None:
            if strict and unchanged.warnings:
                raise WarningsAreErrors(list(unchanged.warnings))
            return unchanged
    record = read_record(out_dir)  # before anything is written: the previous generation's
    with fewer_collections():
        # the example check imports the models and the clients' codecs, not the service modules:
        # those are verified beside it, on a second core
        apis, files, pending, models = _build(spec_dir, defer_services=examples)
        try:
            warnings = [warning for api in apis for warning in api.warnings]
            if examples:
                warnings += check_examples(apis, spec_dir, files)
        finally:
            pending.wait()  # nothing is written before every module passed
    if strict and warnings:
        raise WarningsAreErrors(warnings)
    written = write_output(out_dir, files)
    remember_fresh(files, cache)
    named = [[api.name, api.package, api.spec_hash] for api in apis]
    key = _generated_key(hashlib.sha256(files[MANIFEST_NAME]).hexdigest(), api_dirs, examples)
    cache.put(GENERATED, key, {"warnings": warnings, "apis": named})
    return Generated(apis, written, _changes(record, apis, models), finished, tuple(warnings))


def _changes(record: Record | None, apis: list[Api], models: dict[str, object]) -> list[Change] | None:
    """The API changes since the generation ``record`` made; None if its model is not recorded. Models
    recorded as they are now have none: the diff would only load and compare them to say so."""
    if record is not None and record.models == models:
        return []
    previous = recorded_apis(record)
    from .diff import diff_apis

    return diff_apis(previous, apis) if previous is not None else None


def _generated_key(manifest_sha256: str, api_dirs: list[Path], examples: bool) -> str:
    # the warnings name the pages from the spec folder as given, so the folder is part of the key
    return json.dumps([manifest_sha256, [str(d) for d in api_dirs], examples])


def _unchanged(out_dir: Path, api_dirs: list[Path], examples: bool, cache: Cache) -> Generated | None:
    """The no-op generation, answered from hashes, or None if anything may have moved."""
    from .ir import Api  # the models' module, not the models stage (no xsdata)

    record = unchanged_since_record(out_dir, [spec_hash(api_dir, cache) for api_dir in api_dirs], cache)
    if record is None:
        return None
    entry = cache.get(GENERATED, _generated_key(record.sha256, api_dirs, examples))
    try:
        warnings = [str(warning) for warning in entry["warnings"]]
        apis = [Api(str(name), str(package), "", str(spec), ()) for name, package, spec in entry["apis"]]
    except (TypeError, KeyError, ValueError):  # not an entry this wcfgen wrote: build
        return None
    return Generated(apis, Changes((), (), len(record.files) + 1), [], False, tuple(warnings), fast=True)


def check_examples(apis: list[Api], spec_dir: Path, files: dict[str, bytes]) -> list[str]:
    """The warnings about the operations whose own examples do not decode through the binding
    in ``files`` (as :func:`build` made it) or disagree beyond WCF's example conventions."""
    from .example_check import check_examples as check  # imported here, as build's stages are

    return check(apis, find_api_dirs(spec_dir), files, Cache())


@dataclass(frozen=True)
class Checked:
    fast: bool  # answered from the manifest's hashes, without rendering
    files: list[FileDrift]  # what differs from a fresh generation; empty when in sync
    changes: list[Change] | None  # API changes since the recorded generation; None if its model is not recorded
    interrupted: bool = False  # a generation was killed halfway: the next generate finishes it


def check(spec_dir: Path, out_dir: Path) -> Checked:
    """Compare ``out_dir`` with a fresh generation, or with the manifest's hashes when they say nothing moved."""
    if not out_dir.is_dir():
        what = "the output folder is a file" if out_dir.exists() else "output folder not found (run 'wcfgen generate' to create it)"
        raise OutputError(what, file=out_dir)
    cache = Cache()
    hashes = [spec_hash(api_dir, cache) for api_dir in find_api_dirs(spec_dir)]
    if unchanged_since_record(out_dir, hashes, cache) is not None:
        return Checked(fast=True, files=[], changes=[])
    previous = recorded_apis(read_record(out_dir))
    with fewer_collections():
        apis, files = build(spec_dir)
    differs = drift(out_dir, files)  # an interrupted generation's pending files are drift too
    if not differs:  # the next check of this tree answers from hashes
        remember_fresh(files, cache)
    from .diff import diff_apis

    changes = diff_apis(previous, apis) if previous is not None else None
    return Checked(False, differs, changes, interrupted(out_dir))


def recorded_apis(record: Record | None) -> list[Api] | None:
    """The models the manifest recorded: none before the first generation, None if an older wcfgen wrote it."""
    if record is None:
        return []
    from .diff.snapshot import load_api

    try:
        return [load_api(record.models[name]) for name in sorted(record.specs)]
    except (KeyError, ValueError, TypeError):
        return None
