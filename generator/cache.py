"""A per-user cache of what wcfgen can always recompute, keyed by content hashes.

Nothing here is ever committed or needed: a missing, unwritable or corrupt cache only
means the work is done again. Entries are JSON values under a namespace and a key, in
``<cache dir>/<generator hash>/<namespace>/``, so a different wcfgen (another version,
or the same one with other libraries) never reads what this one wrote; the folders of the
``KEEP_GENERATORS`` generators used last are kept, older ones removed when a new one starts.

The cache folder is ``$WCFGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/wcfgen``, else the
platform's (``~/.cache/wcfgen``, ``~/Library/Caches/wcfgen``,
``%LOCALAPPDATA%\\wcfgen\\Cache``); folders are created private (0700), files are
written atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from .sources import generator_hash

CACHE_DIR_VARIABLE = "WCFGEN_CACHE_DIR"
KEEP_GENERATORS = 4  # generators whose folders are kept: two projects on two wcfgen versions still hit
_GENERATOR_FOLDER = re.compile("[0-9a-f]{64}")  # a generator hash (sources.generator_hash)


def cache_dir() -> Path:
    """Where the cache lives for this user (see the module's documentation)."""
    explicit = os.environ.get(CACHE_DIR_VARIABLE)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "wcfgen"
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return Path(local) / "wcfgen" / "Cache" if local else Path.home() / "AppData" / "Local" / "wcfgen" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "wcfgen"
    return Path.home() / ".cache" / "wcfgen"


class Cache:
    """JSON values by namespace and key, for one generator (``version``)."""

    def __init__(self, root: Path | None = None, version: str | None = None) -> None:
        self.base = root or cache_dir()
        self.root = self.base / (version or generator_hash())

    def _path(self, namespace: str, key: str) -> Path:
        if not namespace.isidentifier():
            raise ValueError(f"not a cache namespace: {namespace!r}")
        return self.root / namespace / f"{hashlib.sha256(key.encode()).hexdigest()}.json"

    def get(self, namespace: str, key: str) -> Any:
        """The value stored under ``key``, or ``None``."""
        path = self._path(namespace, key)
        try:
            return json.loads(path.read_bytes())
        except (OSError, ValueError):
            return None

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Store ``value`` (JSON); a cache that cannot be written is skipped silently."""
        path = self._path(namespace, key)
        try:
            self.base.parent.mkdir(parents=True, exist_ok=True)
            self.base.mkdir(mode=0o700, exist_ok=True)  # private, not only the last one
            new = not self.root.is_dir()
            for folder in (self.root, path.parent):
                folder.mkdir(mode=0o700, exist_ok=True)
            os.utime(self.root)  # the generator's last use, which pruning goes by
            if new and _GENERATOR_FOLDER.fullmatch(self.root.name):  # a generator's first write
                self._prune()
            import tempfile  # only where a value is written: check answered from hashes writes none

            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(json.dumps(value).encode())
            os.replace(temporary, path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)

    def _prune(self) -> None:
        """Remove the folders of all but the ``KEEP_GENERATORS`` generators used last (this one among
        them): each upgrade of wcfgen or of its libraries starts a folder, and nothing reads an old one.
        Only folders named as a generator hash are touched; one being removed under another wcfgen's
        feet costs it a miss."""
        import shutil

        others = []
        for entry in os.scandir(self.base):
            if (
                entry.name != self.root.name
                and _GENERATOR_FOLDER.fullmatch(entry.name)
                and entry.is_dir(follow_symlinks=False)
            ):
                others.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.name))
        for _, name in sorted(others, reverse=True)[KEEP_GENERATORS - 1 :]:
            shutil.rmtree(self.base / name, ignore_errors=True)
