"""The whole flow, one direction: read → build models → render → (verify and) write."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from .cache import Cache
from .diff import Change, diff_apis
from .diff.snapshot import dump_api, load_api
from .errors import OutputError, SpecError, WarningsAreErrors
from .ir import Api
from .openapi import document_name, export
from .read import find_api_dirs, read_api, spec_hash
from .write import (
    Changes,
    FileDrift,
    Record,
    drift,
    interrupted,
    read_record,
    remember_fresh,
    unchanged_since_record,
    with_manifest,
    write_output,
)
from .write.journal import recover


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

    try:
        return build_models(read_api(api_dir))
    except SpecError as exc:
        raise exc.under(api_dir.parent) from None


def build(spec_dir: Path) -> tuple[list[Api], dict[str, bytes]]:
    """Everything ``generate`` would write, verified, in memory."""
    from .render import render_api  # imported here, as build_models is
    from .render.distribution import as_distribution

    apis = load(spec_dir)
    files: dict[str, str] = {}
    for index, api in enumerate(apis):
        rendered = render_api(api)
        if api.openapi is not None:  # beside the package, or in the distribution's project folder
            document = export(api)
            rendered[document_name(api)] = document.text(yaml=api.openapi == "yaml")
            apis[index] = api = dataclasses.replace(api, warnings=(*api.warnings, *document.warnings))
        files.update(as_distribution(api, rendered) if api.distribution else rendered)
    specs = {api.name: api.spec_hash for api in apis}
    return apis, with_manifest(files, specs, {api.name: dump_api(api) for api in apis})


@dataclass(frozen=True)
class Generated:
    apis: list[Api]
    files: Changes
    changes: list[Change] | None  # API changes since the previous generation; None if its model is not recorded
    finished: bool = False  # an interrupted generation was finished first (see wcfgen.write.journal)
    warnings: tuple[str, ...] = ()  # the specs' and the examples' (check_examples), one line each


def generate(spec_dir: Path, out_dir: Path, *, strict: bool = False, examples: bool = True) -> Generated:
    """Write the packages of every API in ``spec_dir`` into ``out_dir``; with ``strict``, a warning is an
    error (:class:`WarningsAreErrors`, nothing written). ``examples``: decode every operation's own
    examples through the binding built (:func:`check_examples`) and warn about those that do not."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError("the output folder is a file", file=out_dir)
    finished = recover(out_dir)  # a generation killed halfway is finished first: it is the previous one
    previous = recorded_apis(read_record(out_dir))
    apis, files = build(spec_dir)
    warnings = [warning for api in apis for warning in api.warnings]
    if examples:
        warnings += check_examples(apis, spec_dir, files)
    if strict and warnings:
        raise WarningsAreErrors(warnings)
    written = write_output(out_dir, files)
    remember_fresh(files, Cache())
    return Generated(apis, written, diff_apis(previous, apis) if previous is not None else None, finished, tuple(warnings))


def check_examples(apis: list[Api], spec_dir: Path, files: dict[str, bytes]) -> list[str]:
    """The warnings about the operations whose own examples do not decode through the binding
    in ``files`` (as :func:`build` made it) or disagree beyond WCF's example conventions."""
    from .example_check import check_examples as check  # imported here, as build's stages are

    return check(apis, find_api_dirs(spec_dir), files)


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
    hashes = [spec_hash(api_dir) for api_dir in find_api_dirs(spec_dir)]
    cache = Cache()
    if unchanged_since_record(out_dir, hashes, cache):
        return Checked(fast=True, files=[], changes=[])
    previous = recorded_apis(read_record(out_dir))
    apis, files = build(spec_dir)
    differs = drift(out_dir, files)  # an interrupted generation's pending files are drift too
    if not differs:  # the next check of this tree answers from hashes
        remember_fresh(files, cache)
    changes = diff_apis(previous, apis) if previous is not None else None
    return Checked(False, differs, changes, interrupted(out_dir))


def recorded_apis(record: Record | None) -> list[Api] | None:
    """The models the manifest recorded: none before the first generation, None if an older wcfgen wrote it."""
    if record is None:
        return []
    try:
        return [load_api(record.models[name]) for name in sorted(record.specs)]
    except (KeyError, ValueError, TypeError):
        return None
