"""wcfgen's own files that shape its output (the templates, the runtime) and their hash.

Importing this module imports nothing heavy: ``check`` answers from hashes without jinja2.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from . import __version__
from .stat_index import settled_rows, walk

PACKAGE = Path(__file__).resolve().parent
_LIBRARIES = ("xsdata", "jinja2", "lxml")  # they shape the output: the models stage and the templates
SOURCES = "sources"  # the cache folder's part that is no generator's: what names the generators' parts
GENERATOR_HASHES = "generator_hash"  # its namespace: the generator hash by the stat of wcfgen's files


def templates_dir() -> Path:
    """Inside the wheel the templates sit in the package; in a checkout, beside it."""
    bundled = PACKAGE / "templates"
    return bundled if bundled.is_dir() else PACKAGE.parent / "templates"


def runtime_dir() -> Path:
    """The runtime every binding ships, as Python modules (:mod:`wcfgen.runtime`)."""
    return PACKAGE / "runtime"


def tree_hash(roots: Iterable[tuple[str, Path, str]]) -> str:
    """sha256 over files, each named by its path relative to its root: ``(label, root, glob)``.

    Where the roots are installed (a wheel, an sdist, an editable install, a checkout)
    does not change the hash; only the files' names under their roots and their bytes do.
    """
    digest = hashlib.sha256()
    for label, root, pattern in roots:
        for path in sorted(root.rglob(pattern)):
            relative = path.relative_to(root)
            if not path.is_file() or "__pycache__" in relative.parts:
                continue
            data = path.read_bytes()
            digest.update(f"{label}/{relative.as_posix()}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()


@functools.cache
def generator_hash() -> str:
    """sha256 of what shapes the output: wcfgen's version, its Python source and templates
    (by their paths inside the package and the templates folder), and its libraries' versions.

    Remembered in the cache folder by the stat rows of those files (:mod:`wcfgen.stat_index`), one entry
    an installation: the cache of this generator is named by this hash, so it cannot hold it."""
    listed: dict[str, list[str]] = {}
    head = f"wcfgen {__version__}\0" + "".join(f"{lib} {library_version(lib, listed)}\0" for lib in _LIBRARIES)
    roots = [("wcfgen", PACKAGE, "*.py"), ("templates", templates_dir(), "*.jinja")]
    from .cache import Cache  # it names its folders by this hash

    cache, place = Cache(version=SOURCES), json.dumps([str(root) for _, root, _ in roots])
    signature = _signature(head, roots)
    entry = cache.get(GENERATOR_HASHES, place) if signature is not None else None
    if isinstance(entry, list) and len(entry) == 2 and entry[0] == signature and isinstance(entry[1], str):
        return entry[1]
    digest = hashlib.sha256(head.encode())
    digest.update(tree_hash(roots).encode())
    if signature is not None:
        cache.put(GENERATOR_HASHES, place, [signature, digest.hexdigest()])
    return digest.hexdigest()


def _signature(head: str, roots: list[tuple[str, Path, str]]) -> str | None:
    """sha256 of ``head`` and the stat rows of the files :func:`tree_hash` reads (a superset: files under
    ``__pycache__`` too), or None if one is too fresh to be trusted."""
    listed = []
    for label, root, pattern in roots:
        files = sorted(walk(root, pattern.removeprefix("*")), key=lambda item: item[0])
        listed += [(f"{label}/{relative}", entry) for relative, entry in files]
    rows = settled_rows(listed)
    return None if rows is None else hashlib.sha256(json.dumps([head, rows]).encode()).hexdigest()


def library_version(name: str, listed: dict[str, list[str]] | None = None) -> str:
    """``importlib.metadata.version(name)`` read from the first ``<name>-*.dist-info`` on ``sys.path``,
    without importing :mod:`importlib.metadata` (a fifth of a ``check`` answered from hashes); that
    module answers when there is no such folder or its ``METADATA`` has no version. ``listed``: the
    folders of ``sys.path`` listed already, for the next library's look-up."""
    prefix = name.lower().replace("-", "_") + "-"
    listed = {} if listed is None else listed
    for entry in sys.path:
        if entry not in listed:
            try:
                listed[entry] = os.listdir(entry or ".")
            except OSError:
                listed[entry] = []
        for folder in listed[entry]:
            if folder.lower().startswith(prefix) and folder.endswith(".dist-info"):
                try:
                    with open(os.path.join(entry or ".", folder, "METADATA"), encoding="utf-8") as lines:
                        for line in lines:
                            if line.startswith("Version:"):
                                return line.removeprefix("Version:").strip()
                            if not line.strip():
                                break
                except OSError:
                    pass
                break
    from importlib import metadata

    return metadata.version(name)
