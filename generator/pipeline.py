"""The whole flow, one direction: read → build models → render → (verify and) write."""

from __future__ import annotations

from pathlib import Path

from generator.errors import SpecError
from generator.ir import Api
from generator.models import build_models
from generator.read import find_api_dirs, read_api
from generator.render import render_api
from generator.write import Changes, drift, with_manifest, write_output


def load(spec_dir: Path) -> list[Api]:
    apis = [build_models(read_api(api_dir)) for api_dir in find_api_dirs(spec_dir)]
    packages = [api.package for api in apis]
    for package in packages:
        if packages.count(package) > 1:
            raise SpecError(f"two APIs generate the same package {package!r}", file=spec_dir)
    return apis


def build(spec_dir: Path) -> tuple[list[Api], dict[str, bytes]]:
    """Everything ``generate`` would write, verified, in memory."""
    apis = load(spec_dir)
    files: dict[str, str] = {}
    for api in apis:
        files.update(render_api(api))
    return apis, with_manifest(files, {api.name: api.spec_hash for api in apis})


def generate(spec_dir: Path, out_dir: Path) -> tuple[list[Api], Changes]:
    apis, files = build(spec_dir)
    return apis, write_output(out_dir, files)


def check(spec_dir: Path, out_dir: Path) -> list[str]:
    """Diffs of ``out_dir`` against a fresh generation; empty when in sync."""
    _, files = build(spec_dir)
    return drift(out_dir, files)
