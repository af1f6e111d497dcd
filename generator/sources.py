"""wcfgen's own files that shape its output (the templates, the runtime) and their hash.

Importing this module imports nothing heavy: ``check`` answers from hashes without jinja2.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from . import __version__

PACKAGE = Path(__file__).resolve().parent
_LIBRARIES = ("xsdata", "jinja2", "lxml")  # they shape the output: the models stage and the templates


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
    (by their paths inside the package and the templates folder), and its libraries' versions."""
    digest = hashlib.sha256(f"wcfgen {__version__}\0".encode())
    for library in _LIBRARIES:
        digest.update(f"{library} {library_version(library)}\0".encode())
    files = tree_hash([("wcfgen", PACKAGE, "*.py"), ("templates", templates_dir(), "*.jinja")])
    digest.update(files.encode())
    return digest.hexdigest()


def library_version(name: str) -> str:
    """``importlib.metadata.version(name)`` read from the first ``<name>-*.dist-info`` on ``sys.path``,
    without importing :mod:`importlib.metadata` (a fifth of a ``check`` answered from hashes); that
    module answers when there is no such folder or its ``METADATA`` has no version."""
    prefix = name.lower().replace("-", "_") + "-"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
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
