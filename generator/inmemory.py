"""Import a rendered package from memory, after it passed verification.

wcfgen never imports what it writes to disk. Some commands need the binding itself, though:
``generate`` decodes the spec's own examples through it, ``mock`` serves it. They get it from
here: the files as :func:`wcfgen.write.with_manifest` verified them, imported under a private
top-level name (``_wcfgen_<hash>``), so it can neither shadow nor be shadowed by an installed
package of the same name, and removed from ``sys.modules`` again when the block ends.
Generated packages import their own modules relatively, so the name they run under is free.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.abc
import importlib.util
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib.machinery import ModuleSpec
from importlib.resources.abc import Traversable, TraversableResources
from io import BytesIO, TextIOWrapper
from types import ModuleType
from typing import IO, Any

StrPath = str | os.PathLike[str]


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves ``<root>.<package>…`` from a mapping of ``package/module.py`` paths to sources."""

    def __init__(self, root: str, files: Mapping[str, bytes]) -> None:
        self.root = root
        self.files = files
        self.sources: dict[str, tuple[str, bytes, bool]] = {}  # module → (path, source, is package)
        for path, data in files.items():
            if not path.endswith(".py"):
                continue
            parts = path[: -len(".py")].split("/")
            package = parts[-1] == "__init__"
            name = ".".join([root, *(parts[:-1] if package else parts)])
            self.sources[name] = (path, data, package)

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        found = self.sources.get(fullname)
        if found is None:
            return None if fullname != self.root else importlib.util.spec_from_loader(fullname, self, is_package=True)
        return importlib.util.spec_from_loader(fullname, self, origin=f"<wcfgen>/{found[0]}", is_package=found[2])

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return None  # the default module object

    def exec_module(self, module: ModuleType) -> None:
        found = self.sources.get(module.__name__)
        if found is None:  # the private root: an empty namespace for the packages
            return
        path, data, _ = found
        exec(compile(data, f"<wcfgen>/{path}", "exec", dont_inherit=True), module.__dict__)  # noqa: S102 -- verified code

    def get_resource_reader(self, fullname: str) -> TraversableResources | None:
        """A package's data files (``importlib.resources.files``): the stub's OpenAPI examples."""
        found = self.sources.get(fullname)
        return _Resources(_File(self.files, found[0].rpartition("/")[0])) if found and found[2] else None


class _Resources(TraversableResources):
    def __init__(self, folder: _File) -> None:
        self.folder = folder

    def files(self) -> Traversable:
        return self.folder


class _File(Traversable):
    """A file or folder of the rendered files, by its path."""

    def __init__(self, files: Mapping[str, bytes], path: str) -> None:
        self._files, self._path = files, path

    @property
    def name(self) -> str:
        return self._path.rpartition("/")[2]

    def iterdir(self) -> Iterator[_File]:
        prefix = self._path + "/"
        names = {path[len(prefix) :].split("/")[0] for path in self._files if path.startswith(prefix)}
        return (_File(self._files, prefix + name) for name in sorted(names))

    def is_file(self) -> bool:
        return self._path in self._files

    def is_dir(self) -> bool:
        return any(path.startswith(self._path + "/") for path in self._files)

    def joinpath(self, *descendants: StrPath) -> _File:
        return _File(self._files, "/".join([self._path, *(os.fspath(d) for d in descendants)]))

    def __truediv__(self, child: StrPath) -> _File:
        return self.joinpath(child)

    def read_bytes(self) -> bytes:
        if not self.is_file():
            raise FileNotFoundError(self._path)
        return self._files[self._path]

    def read_text(self, encoding: str | None = None) -> str:
        return self.read_bytes().decode(encoding or "utf-8")

    def open(self, mode: str = "r", *args: Any, **kwargs: Any) -> IO[Any]:
        data = BytesIO(self.read_bytes())
        return data if "b" in mode else TextIOWrapper(data, *args, **kwargs)


@contextmanager
def imported(files: Mapping[str, bytes], package: str) -> Iterator[ModuleType]:
    """The package ``package`` of ``files`` (verified output of a generation), imported for the block."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path] + b"\0")
    root = f"_wcfgen_{digest.hexdigest()[:16]}"
    finder = _Finder(root, files)
    sys.meta_path.insert(0, finder)
    try:
        yield importlib.import_module(f"{root}.{package}")
    finally:
        sys.meta_path.remove(finder)
        for name in [name for name in sys.modules if name == root or name.startswith(root + ".")]:
            del sys.modules[name]
