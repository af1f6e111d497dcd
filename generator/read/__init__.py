"""Stage 1: read a spec folder (manifest + help pages) into the intermediate model."""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.errors import SpecError
from generator.ir import Api, SchemaDoc, Service
from generator.names import snake_name, unique
from generator.read.manifest import MANIFEST, read_manifest
from generator.read.page import read_operation
from generator.read.text_page import read_text_page

MAX_PAGE_BYTES = 8 * 1024 * 1024
_OPERATION_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def find_api_dirs(spec_dir: Path) -> list[Path]:
    """``spec_dir`` is one API (it has ``wcfgen.toml``) or a folder of APIs."""
    if (spec_dir / MANIFEST).is_file():
        return [spec_dir]
    if not spec_dir.is_dir():
        raise SpecError("spec folder not found", file=spec_dir)
    found = sorted(path.parent for path in spec_dir.glob(f"*/{MANIFEST}"))
    if not found:
        raise SpecError(f"no {MANIFEST} here or in its sub-folders", file=spec_dir)
    return found


def spec_files(api_dir: Path) -> list[Path]:
    return sorted(path for path in api_dir.rglob("*") if path.is_file())


def spec_hash(api_dir: Path) -> str:
    """sha256 over every file of the API's spec folder (relative path and bytes)."""
    digest = hashlib.sha256()
    for path in spec_files(api_dir):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(api_dir).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def read_api(api_dir: Path) -> Api:
    manifest = read_manifest(api_dir)
    services: list[Service] = []
    schemas: list[SchemaDoc] = []
    for entry in manifest.services:
        service_dir = api_dir / entry.name
        pages = sorted(service_dir.glob("*.txt"))
        if not pages:
            raise SpecError(f"no help pages (*.txt) for service {entry.name!r}", file=service_dir)
        operations = []
        for path in pages:
            relative = path.relative_to(api_dir.parent).as_posix()
            if not set(path.stem) <= _OPERATION_NAME_CHARS or path.stem[0].isdigit():
                raise SpecError("a page's file name must be its operation name (letters, digits, '_')", file=relative)
            result = read_operation(read_text_page(_page_text(path, relative), relative), path.stem, entry.base_url)
            operations.append(result.operation)
            schemas.extend(result.schemas)
        services.append(Service(entry.name, "", entry.base_url, tuple(operations)))
    module_names = unique(snake_name(service.name) for service in services)
    return Api(
        name=manifest.name,
        package=manifest.package,
        title=manifest.title,
        auth=manifest.auth,
        spec_hash=spec_hash(api_dir),
        services=tuple(
            Service(s.name, module, s.base_url, s.operations) for s, module in zip(services, module_names, strict=True)
        ),
        schemas=tuple(schemas),
    )


def _page_text(path: Path, relative: str) -> str:
    if path.stat().st_size > MAX_PAGE_BYTES:
        raise SpecError(f"page larger than {MAX_PAGE_BYTES} bytes", file=relative)
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError(f"page is not UTF-8 (byte {exc.start})", file=relative) from None
